"""The base of every WTForms form: text arrives without control characters.

PostgreSQL refuses NUL in text (a 500), and no person types a control character on purpose.
"""

from flask_wtf import FlaskForm
from wtforms.validators import Length as _Length
from wtforms.validators import ValidationError

from netpwa.formats.text import strip_controls as _strip_controls


def strip_controls(value):
    return _strip_controls(value) if isinstance(value, str) else value


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = [strip_controls, *unbound_field.kwargs.get("filters", ())]
            return unbound_field.bind(form=form, **{**options, "filters": filters})


class Length(_Length):
    """WTForms' Length, saying what to do and how far over the text is (as the rest of the app
    does) instead of "Field cannot be longer than 200 characters."."""

    def __call__(self, form, field):
        length = len(field.data or "")
        if self.max != -1 and length > self.max and self.message is None:
            raise ValidationError(f"Keep this under {self.max:,} characters (it has {length:,}).")
        super().__call__(form, field)
