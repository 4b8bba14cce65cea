"""Account forms."""

from netpwa.forms import Form as FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length

MIN_PASSWORD = 8


class RegisterForm(FlaskForm):
    display_name = StringField("Your name", validators=[Length(max=200)])
    email = EmailField("Email", validators=[
        InputRequired("Enter your email."), Length(max=254),
        Email("Enter a valid email address, like ana@example.com.")])
    password = PasswordField("Password", validators=[
        InputRequired("Choose a password."),
        Length(min=MIN_PASSWORD, max=200,
               message=f"Use at least {MIN_PASSWORD} characters.")])
    confirm = PasswordField("Repeat password", validators=[
        EqualTo("password", "The two passwords differ.")])


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[InputRequired("Enter your email."), Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired("Enter your password."),
                                                     Length(max=200)])
    remember = BooleanField("Keep me logged in on this device", default=True)
