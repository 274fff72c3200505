from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..web.timeutil import local_to_utc, utcnow
from .models import CERTAINTIES, SEVERITIES, STATUSES, URGENCIES

TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _choices(values, labels):
    return [SelectChoice(v, labels.get(v, v)) for v in values]


URGENCY_LABELS = {"Immediate": _l("Immediate: act now"), "Expected": _l("Expected: act soon (within the hour)"),
                  "Future": _l("Future: act in the near future"), "Past": _l("Past: no longer needed"),
                  "Unknown": _l("Unknown")}
SEVERITY_LABELS = {"Extreme": _l("Extreme"), "Severe": _l("Severe"), "Moderate": _l("Moderate"),
                   "Minor": _l("Minor"), "Unknown": _l("Unknown")}
CERTAINTY_LABELS = {"Observed": _l("Observed"), "Likely": _l("Likely"), "Possible": _l("Possible"),
                    "Unlikely": _l("Unlikely"), "Unknown": _l("Unknown")}
STATUS_LABELS = {"Actual": _l("Real warning"), "Exercise": _l("Exercise"), "Test": _l("Test")}


class AlertForm(FlaskForm):
    hazard = SelectField(_l("Hazard"), choices=[], validate_choice=False)
    risk_level = SelectField(_l("Disaster risk level"), choices=[], validate_choice=False,
                             description=_l("As the forecast bulletin gives it; “none” if it gives no level."))
    headline = StringField(_l("Headline"), validators=[DataRequired(), Length(max=160)])
    description = TextAreaField(_l("Situation"), validators=[DataRequired(), Length(max=5000)],
                                render_kw={"rows": 7})
    instruction = TextAreaField(_l("What to do (one action per line)"),
                                validators=[Optional(), Length(max=5000)], render_kw={"rows": 9})
    areas = CheckboxList(_l("Areas"), choices=[], validate_choice=False)
    source_agency = StringField(_l("Forecast bulletin: issuing agency"), validators=[Optional(), Length(max=160)],
                                description=_l("The bulletin this warning relays, read on the commune radio, "
                                               "e.g. Trung tâm Dự báo khí tượng thủy văn quốc gia."))
    source_issued_at = DateTimeLocalField(_l("Forecast bulletin: issued at"), format=TIME_FORMATS,
                                          validators=[Optional()])
    effective = DateTimeLocalField(_l("In force from"), format=TIME_FORMATS, validators=[DataRequired()])
    onset = DateTimeLocalField(_l("Expected to start"), format=TIME_FORMATS, validators=[Optional()])
    expires = DateTimeLocalField(_l("Until"), format=TIME_FORMATS, validators=[DataRequired()])
    urgency = SelectField(_l("Urgency"), choices=_choices(URGENCIES, URGENCY_LABELS))
    severity = SelectField(_l("Severity"), choices=_choices(SEVERITIES, SEVERITY_LABELS))
    certainty = SelectField(_l("Certainty"), choices=_choices(CERTAINTIES, CERTAINTY_LABELS))
    status = SelectField(_l("Kind of message"), choices=_choices(STATUSES, STATUS_LABELS))
    headline_en = StringField(_l("Headline in English (optional)"), validators=[Optional(), Length(max=160)])
    description_en = TextAreaField(_l("Situation in English (optional)"), validators=[Optional(), Length(max=5000)])
    instruction_en = TextAreaField(_l("What to do, in English (optional)"), validators=[Optional(), Length(max=5000)])
    version = HiddenField()

    def validate_risk_level(self, field):

        if field.data and field.data not in {"1", "2", "3", "4", "5"}:
            raise ValidationError(_l("Choose a level from 1 to 5, or none."))

    def validate_source_issued_at(self, field):
        if field.data is None:
            return
        if not (self.source_agency.data or "").strip():
            raise ValidationError(_l("Name the agency that issued the bulletin."))
        if local_to_utc(field.data) > utcnow() + timedelta(minutes=5):
            raise ValidationError(_l("A bulletin cannot have been issued in the future."))


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Why is the warning cancelled?"), validators=[DataRequired(), Length(max=300)],
                           description=_l("Residents read this, for example: the depression weakened and moved away."))


class PublishForm(FlaskForm):
    """Publish, approve or ask for approval: bound to the version the person had on screen."""

    version = HiddenField()
