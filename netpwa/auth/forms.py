"""Account forms."""

from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, ValidationError

from netpwa.auth import passwords
from netpwa.forms import Form as FlaskForm
from netpwa.forms import Length

MIN_PASSWORD = passwords.MIN_LENGTH


class StrongPassword:
    """Refuses short, common or guessable passwords; the message says which (zxcvbn).
    `personal` names the form's fields whose values (email, name) make a password guessable."""

    def __init__(self, personal: tuple[str, ...] = ()):
        self.personal = personal

    def __call__(self, form, field):
        values = tuple(str(form[name].data or "") for name in self.personal if name in form)
        why = passwords.problem(field.data or "", values)
        if why:
            raise ValidationError(why)


class RegisterForm(FlaskForm):
    display_name = StringField("Your name", validators=[Length(max=200)])
    email = EmailField("Email", validators=[
        InputRequired("Enter your email."), Length(max=254),
        Email("Enter a valid email address, like ana@example.com.")])
    password = PasswordField("Password", validators=[
        InputRequired("Choose a password."), StrongPassword(("email", "display_name"))])
    confirm = PasswordField("Repeat password", validators=[
        EqualTo("password", "The two passwords differ.")])


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[InputRequired("Enter your email."), Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired("Enter your password."),
                                                     Length(max=200)])
    remember = BooleanField("Keep me logged in on this device", default=True)


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[
        InputRequired("Enter your current password."), Length(max=200)])
    password = PasswordField("New password", validators=[
        InputRequired("Choose a new password."), StrongPassword()])
    confirm = PasswordField("Repeat new password", validators=[
        EqualTo("password", "The two passwords differ.")])


class ResetRequestForm(FlaskForm):
    email = EmailField("Email", validators=[
        InputRequired("Enter your email."), Length(max=254),
        Email("Enter a valid email address, like ana@example.com.")])


class ResetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[
        InputRequired("Choose a new password."), StrongPassword()])
    confirm = PasswordField("Repeat new password", validators=[
        EqualTo("password", "The two passwords differ.")])


class DeleteAccountForm(FlaskForm):
    # Own ids: the account page also holds ChangePasswordForm, whose fields share these names.
    password = PasswordField("Your password", id="delete-password", validators=[
        InputRequired("Enter your password to delete the account."), Length(max=200)])
    confirm = BooleanField("I have my export, or I don't need it: delete everything",
                           id="delete-confirm")
