"""Event forms."""

from datetime import date

from wtforms import BooleanField, DateField, IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, NumberRange, ValidationError

from netpwa.forms import Form as FlaskForm
from netpwa.events.models import DEFAULT_GOAL
from netpwa.forms import Length


class FriendlyDateField(DateField):
    """WTForms says "Not a valid date value."; we say what to type."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Use a date like 2026-12-31.") from error


class EventForm(FlaskForm):
    # DataRequired after the strip filter: a name of spaces is no name.
    name = StringField("Event name", filters=[lambda value: value.strip() if value else value],
                       validators=[DataRequired("Give the event a name."), Length(max=200)])
    held_on = FriendlyDateField("Date", validators=[InputRequired("Pick the date.")])

    def validate_held_on(self, field):
        # A year like 0001 or 9999 is a slipped thumb, not an event; the timeline, the plan
        # and the records would all carry it.
        today = date.today()
        if field.data and field.data.year < 1970:
            raise ValidationError("Check the year: that date is before 1970.")
        if field.data and field.data > today.replace(year=today.year + 5, day=min(today.day, 28)):
            raise ValidationError("Check the year: that date is more than 5 years ahead.")
    place = StringField("Place", validators=[Length(max=200)])
    goal = IntegerField("Goal: new people to meet", default=DEFAULT_GOAL, validators=[
        InputRequired("Set a goal, like 3."),
        NumberRange(1, 500, "Pick a goal between 1 and 500.")])
    challenge_mode = BooleanField("30-second chat challenge")
    here_now = BooleanField("I'm here now (make it the current event)", default=True)
