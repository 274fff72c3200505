from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    submit = SubmitField(_l("Sign in"))


class EmptyForm(FlaskForm):
    """A CSRF-only form for buttons that just POST (microblog's EmptyForm)."""


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=256)])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)],
                        description=_l("At least 8 characters. A short sentence of several words is strong and easy to remember."))
    confirm = PasswordField(_l("New password again"), validators=[DataRequired(), Length(max=256)])
    submit = SubmitField(_l("Change password"))

    def validate_confirm(self, field):

        if field.data != self.new.data:
            raise ValidationError(_l("The two new passwords are not the same."))
