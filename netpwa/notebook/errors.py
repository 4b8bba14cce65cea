"""The one error the notebook raises for bad input: it names the field, so the UI and the
JSON API can put the message next to it. Unknown or another user's ids raise werkzeug's
NotFound (a 404) instead."""


class NotebookError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message
