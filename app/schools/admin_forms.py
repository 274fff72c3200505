"""Forms of the green-school staff pages: review, confirmation, the school registry and the
framework editor (admins)."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_translations
from wtforms import (FieldList, Form, FormField, HiddenField, IntegerField, SelectChoice,
                     SelectField, SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import (DataRequired, Email, Length, NumberRange, Optional,
                                ValidationError)
from wtforms.widgets import CheckboxInput, ListWidget

from ..alerts.catalogue import hamlet_choices as area_hamlets
from ..web.validators import VietnamesePhone
from .models import LEVELS

LEVEL_LABELS = {"registered": _l("Registered"), "in_progress": _l("In progress"),
                "achieved": _l("Achieved"), "exemplary": _l("Exemplary"),
                None: _l("Not registered")}
STATE_LABELS = {"draft": _l("Draft"), "submitted": _l("Submitted"),
                "returned": _l("Returned"), "resubmitted": _l("Resubmitted"),
                "approved": _l("Approved")}
TARGET_LABELS = {"achieved": _l("Achieved"), "exemplary": _l("Exemplary")}
NEW_ROWS = 2


def hamlet_choices() -> list[SelectChoice]:
    return area_hamlets(_l("Choose the hamlet"))


class _RowForm(Form):
    """A line of a table inside a form; WTForms' messages come from our catalogue."""

    class Meta:
        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return wtforms_translations


class ButtonForm(FlaskForm):
    """A button that only POSTs (CSRF only)."""


class ApproveForm(FlaskForm):
    version = HiddenField()


class ReturnForm(FlaskForm):
    version = HiddenField()
    comment = TextAreaField(_l("Comment for the school"),
                            description=_l("What to put right: the school reads this."),
                            validators=[Optional(), Length(max=2000)], render_kw={"rows": 4})


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ConfirmForm(FlaskForm):
    criterion = HiddenField()
    activities = MultiCheckboxField(_l("Approved activities that prove it"), coerce=str,
                                    choices=[], validate_choice=False)
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=500)])


class SchoolForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l("Address"), validators=[Optional(), Length(max=120)],
                       description=_l("The end of the school's web address, e.g. "
                                      "thcs-ke-sat. Left empty, it is made from the name."))
    level = SelectField(_l("Level"), choices=[SelectChoice(k, v) for k, v in LEVELS.items()],
                        validators=[DataRequired(message=_l("Choose the level of the school."))])
    address = StringField(_l("Street address"), validators=[Optional(), Length(max=300)])
    hamlet = SelectField(_l("Hamlet"), choices=[], validators=[Optional()])
    principal = StringField(_l("Principal"), validators=[Optional(), Length(max=160)])
    phone = StringField(_l("Phone number"), validators=[Optional(), VietnamesePhone()],
                        render_kw={"inputmode": "tel"})
    email = StringField(_l("Email"), validators=[Optional(), Length(max=254),
                                                 Email(message=_l("Enter a valid email "
                                                                  "address."))])
    pupils = IntegerField(_l("Number of pupils"), validators=[Optional(), NumberRange(0, 10000)],
                          render_kw={"inputmode": "numeric"})


class GroupRow(_RowForm):
    id = HiddenField()
    name = StringField(_l("Group"), validators=[DataRequired(), Length(max=200)])


class CriterionRow(_RowForm):
    id = HiddenField()
    name = StringField(_l("Criterion"), validators=[DataRequired(), Length(max=300)])
    evidence = TextAreaField(_l("What counts as evidence"),
                             validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})


class NewCriterionRow(_RowForm):
    group = SelectField(_l("Group"), choices=[], validate_choice=False)
    name = StringField(_l("New criterion"), validators=[Optional(), Length(max=300)])
    evidence = TextAreaField(_l("What counts as evidence"),
                             validators=[Optional(), Length(max=2000)], render_kw={"rows": 2})


class FrameworkForm(FlaskForm):
    version = HiddenField()
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    achieved_pct = IntegerField(
        _l("“Achieved” threshold (%)"), validators=[DataRequired(), NumberRange(1, 100)],
        render_kw={"inputmode": "numeric"},
        description=_l("Share of its chosen criteria a school must have confirmed."))
    exemplary_pct = IntegerField(
        _l("“Exemplary” threshold (%)"), validators=[DataRequired(), NumberRange(1, 100)],
        render_kw={"inputmode": "numeric"},
        description=_l("At least the “achieved” threshold, at most 100."))
    groups = FieldList(FormField(GroupRow), max_entries=30)
    criteria = FieldList(FormField(CriterionRow), max_entries=200)
    new_criteria = FieldList(FormField(NewCriterionRow), min_entries=NEW_ROWS, max_entries=20)

    def validate_exemplary_pct(self, field):
        achieved = self.achieved_pct.data
        if isinstance(achieved, int) and isinstance(field.data, int) and field.data < achieved:
            raise ValidationError(str(_l("The “exemplary” threshold cannot be below the "
                                         "“achieved” one.")))
