from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from ..web.roles import ADMIN, EDITOR, JUDGE, SCHOOL

ROLE_LABELS = {
    ADMIN: _l("Administrator"),
    EDITOR: _l("Editor"),
    JUDGE: _l("Judge"),
    SCHOOL: _l("School"),
}
ROLE_DESCRIPTIONS = {
    ADMIN: _l("Everything an editor does, plus accounts, settings and the audit log."),
    EDITOR: _l("Posts, campaigns, warnings, contest entries and school activities."),
    JUDGE: _l("Scores the contest entries assigned to them."),
    SCHOOL: _l("Logs the activities of one school and keeps its club page."),
}


class _AccountFields(FlaskForm):
    name = StringField(_l("Full name"), validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"), choices=[SelectChoice(k, v) for k, v in ROLE_LABELS.items()])
    school = SelectField(
        _l("School (school accounts only)"), choices=[], validate_choice=False,
        validators=[Optional()],
    )


class UserCreateForm(_AccountFields):
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=256)],
        description=_l("At least 8 characters. A short sentence of several words is strong and easy to remember."),
    )


class UserEditForm(_AccountFields):
    pass


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter form: shareable URLs, no state change

    actor = StringField(_l("Account"), validators=[Optional(), Length(max=254)])
    action = SelectField(_l("Action"), choices=[], validate_choice=False, validators=[Optional()])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
