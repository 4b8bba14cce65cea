"""The base of every WTForms form: text arrives without control characters.

PostgreSQL refuses NUL in text (a 500), and no person types a control character on purpose.
"""

import re

from flask_wtf import FlaskForm

CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(value):
    return CONTROL_RE.sub("", value) if isinstance(value, str) else value


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = [strip_controls, *unbound_field.kwargs.get("filters", ())]
            return unbound_field.bind(form=form, **{**options, "filters": filters})
