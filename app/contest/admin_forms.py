"""Forms of the contest's staff pages: the set-up form with its categories, criteria and prizes
tables (two spare rows each, blank rows ignored), screening, judges and the ranking."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_translations
from wtforms import (BooleanField, DateTimeLocalField, FieldList, Form, FormField, HiddenField,
                     IntegerField, SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
SPARE_ROWS = 2

# The staff's words for an entry's status (queries.status_of), a contest's phase and the
# purposes of consent.
STATUS_LABELS = {"received": _l("Received"), "accepted": _l("Accepted"),
                 "judging": _l("In judging"), "result": _l("Results out"),
                 "rejected": _l("Rejected"), "withdrawn": _l("Withdrawn")}
FILTER_LABELS = {"received": _l("To screen"), "accepted": _l("Accepted, not yet judged"),
                 "judging": _l("In judging"), "rejected": _l("Rejected"),
                 "withdrawn": _l("Withdrawn")}
PHASE_LABELS = {"upcoming": _l("Not open yet"), "open": _l("Open for entries"),
                "judging": _l("Judging"), "results": _l("Results published")}
PURPOSE_LABELS = {"judging": _l("judging"), "publish_name": _l("publishing the name if awarded"),
                  "contact": _l("follow-up contact")}

# What the entrant reads when an entry is refused: a template alone is a whole reason, and
# the text box can add to it (or replace it when no template fits).
REASON_TEMPLATES = {
    "incomplete": (_l("Not enough detail"),
                   _l("Your entry does not yet say clearly enough what the initiative is, where "
                      "it would be carried out and how it works, so the judges could not assess "
                      "it.")),
    "off_topic": (_l("Not about the environment"),
                  _l("Your idea is not about the environment of the commune, which is what this "
                     "contest is about.")),
    "duplicate": (_l("Sent twice"),
                  _l("You sent the same idea in another entry; we keep that one for judging.")),
    "not_original": (_l("Not the entrant's own idea"),
                     _l("Your entry takes up an existing project without saying what is new or "
                        "your own in it.")),
    "rules": (_l("Against the rules"),
              _l("Your entry does not meet the contest rules published on the contest page.")),
    "unsafe": (_l("Unsafe"),
               _l("Carrying out the idea as described would put people or the environment at "
                  "risk.")),
}


class _RowForm(Form):
    """A line of a table inside the set-up form; WTForms' messages come from our catalogue,
    as in every FlaskForm."""

    class Meta:
        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return wtforms_translations

    id = HiddenField()

    def is_blank(self) -> bool:
        for cell in self:
            if cell.type == "HiddenField":
                continue
            raw = cell.raw_data[0] if cell.raw_data else ""
            if str(raw).strip() or cell.data not in (None, ""):
                return False
        return True


class CategoryRow(_RowForm):
    name = StringField(_l("Contest category"), validators=[Optional(), Length(max=160)])
    description = StringField(_l("Description"), validators=[Optional(), Length(max=400)])


class CriterionRow(_RowForm):
    name = StringField(_l("Criterion"), validators=[Optional(), Length(max=160)])
    description = StringField(_l("What the judges look at"),
                              validators=[Optional(), Length(max=400)])
    weight = IntegerField(_l("Weight"), validators=[Optional(), NumberRange(1, 100)],
                          render_kw={"inputmode": "numeric", "class": "weight-input"})
    max_score = IntegerField(_l("Maximum score"), validators=[Optional(), NumberRange(1, 100)],
                             render_kw={"inputmode": "numeric"})


class PrizeRow(_RowForm):
    name = StringField(_l("Prize"), validators=[Optional(), Length(max=160)])
    reward = StringField(_l("Reward"), validators=[Optional(), Length(max=200)])
    places = IntegerField(_l("Places"), validators=[Optional(), NumberRange(1, 50)],
                          render_kw={"inputmode": "numeric"})


def _mark_partial_rows(rows, required: dict) -> None:
    """A line with something typed must have its required cells; blank lines are ignored."""
    missing = False
    for row in rows:
        if row.form.is_blank():
            continue
        for name, message in required.items():
            cell = row.form[name]
            if cell.data in (None, "") and not cell.errors:
                cell.errors = [*cell.errors, str(message)]
                missing = True
    if missing:
        raise ValidationError(str(_l("Complete or clear the lines marked below.")))


class ContestForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l("Address"), validators=[Optional(), Length(max=120)],
                       description=_l("The end of the contest's web address, e.g. "
                                      "cuoc-thi-2026. Left empty, it is made from the title."))
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(2000, 2100)],
                        render_kw={"inputmode": "numeric"})
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=400)],
                            render_kw={"rows": 3},
                            description=_l("One or two sentences for the home page and search."))
    rules = TextAreaField(_l("Rules"), validators=[Optional(), Length(max=20000)],
                          render_kw={"rows": 12},
                          description=_l("Markdown: ## for a heading, - for a list, **bold**."))
    opens_at = DateTimeLocalField(_l("Submissions open"), format=TIME_FORMATS,
                                  validators=[DataRequired()])
    closes_at = DateTimeLocalField(_l("Submissions close"), format=TIME_FORMATS,
                                   validators=[DataRequired()])
    judging_ends_at = DateTimeLocalField(_l("Judging ends"), format=TIME_FORMATS,
                                         validators=[DataRequired()])
    results_at = DateTimeLocalField(_l("Results announced (planned)"), format=TIME_FORMATS,
                                    validators=[Optional()],
                                    description=_l("The date shown to the public; the results "
                                                   "go out when staff publish them."))
    privacy_notice = TextAreaField(
        _l("Privacy notice"), validators=[Optional(), Length(max=20000)], render_kw={"rows": 10},
        description=_l("Markdown. Name the controller, the purposes, how long the data is kept "
                       "and the entrant's rights under Law 91/2025/QH15."))
    privacy_version = StringField(
        _l("Notice version"), validators=[DataRequired(), Length(max=40)],
        description=_l("Each consent records this version. Change it whenever the notice "
                       "changes, e.g. 2026-2."))
    retention_days = IntegerField(
        _l("Days personal data is kept after the results"),
        validators=[DataRequired(), NumberRange(1, 3650)], render_kw={"inputmode": "numeric"})
    blind_judging = BooleanField(_l("Blind judging (judges do not see the entrant's name and "
                                    "hamlet)"))
    min_judges = IntegerField(_l("Judges needed per entry"),
                              validators=[DataRequired(), NumberRange(1, 20)],
                              render_kw={"inputmode": "numeric"},
                              description=_l("The ranking flags entries scored by fewer."))
    published = BooleanField(_l("Published (shown on the public site)"))
    categories = FieldList(FormField(CategoryRow), max_entries=30)
    criteria = FieldList(FormField(CriterionRow), max_entries=20)
    prizes = FieldList(FormField(PrizeRow), max_entries=20)
    version = HiddenField()

    def validate_categories(self, field):
        _mark_partial_rows(field, {"name": _l("Name the category.")})

    def validate_criteria(self, field):
        _mark_partial_rows(field, {"name": _l("Name the criterion."),
                                   "weight": _l("Give a weight.")})

    def validate_prizes(self, field):
        _mark_partial_rows(field, {"name": _l("Name the prize.")})

    def add_spare_rows(self) -> None:
        """Two blank lines at the end of each table: a new line needs no JavaScript."""
        for table in (self.categories, self.criteria, self.prizes):
            blank = sum(1 for row in table if row.form.is_blank())
            while blank < SPARE_ROWS and len(table.entries) < table.max_entries:
                table.append_entry()
                blank += 1

    def weight_total(self) -> int:
        return sum(row.form.weight.data or 0 for row in self.criteria
                   if not row.form.is_blank() and isinstance(row.form.weight.data, int))


class WeightsForm(FlaskForm):
    """The criteria table alone, for the live total of the weights (htmx)."""

    criteria = FieldList(FormField(CriterionRow), max_entries=20)

    def weight_total(self) -> int:
        return ContestForm.weight_total(self)


class ButtonForm(FlaskForm):
    """A button that only POSTs (CSRF only)."""


class EntryActionForm(FlaskForm):
    """Accept: the version of the entry the person had on screen."""

    version = HiddenField()


class RejectForm(FlaskForm):
    version = HiddenField()
    template = SelectField(_l("Reason"), choices=[], validate_choice=False,
                           description=_l("The entrant reads the reason on the status page."))
    reason = TextAreaField(_l("In your own words (added to the reason chosen above)"),
                           validators=[Optional(), Length(max=2000)], render_kw={"rows": 4})

    def validate_template(self, field):
        if field.data and field.data not in REASON_TEMPLATES:
            raise ValidationError(_l("Choose a reason from the list."))

    def full_reason(self) -> str:
        """The chosen template, then what was typed (unless it already holds the template,
        as when htmx filled the box from the list)."""
        text = (self.reason.data or "").strip()
        chosen = REASON_TEMPLATES.get(self.template.data or "")
        template = str(chosen[1]) if chosen else ""
        if template and template not in text:
            return f"{template}\n\n{text}".strip()
        return text


class GalleryForm(FlaskForm):
    version = HiddenField()
    shown = HiddenField()


class AwardForm(FlaskForm):
    version = HiddenField()
    prize = SelectField(_l("Prize"), choices=[], validate_choice=False)
    back = HiddenField()


class AssignForm(FlaskForm):
    judge = SelectField(_l("Judge"), choices=[],
                        validators=[DataRequired(message=_l("Choose a judge."))])
    category = SelectField(_l("Entries to judge"), choices=[])


class PublishForm(FlaskForm):
    version = HiddenField()
