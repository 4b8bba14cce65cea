"""The base of every WTForms form: text arrives without control characters.

PostgreSQL refuses NUL in text (a 500), and no person types a control character on purpose.
"""

from flask_wtf import FlaskForm

from netpwa.formats.text import strip_controls as _strip_controls


def strip_controls(value):
    return _strip_controls(value) if isinstance(value, str) else value


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = [strip_controls, *unbound_field.kwargs.get("filters", ())]
            return unbound_field.bind(form=form, **{**options, "filters": filters})
