"""Forms of the judges' area: a score sheet built from the contest's own criteria, and the
recusal. The sheet is a form class made per request, because each contest has its criteria."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

COMMENT_MAX = 2000
SHEET_FIELD = re.compile(r"(score|comment)_(.*)")
WHOLE_NUMBER = re.compile(r"[0-9]{1,3}")


class ScoreField(IntegerField):
    """A score from 0 to the criterion's maximum. Empty means "not scored yet"; anything that
    is not a whole number in range is refused with a message naming the range (Python's int()
    would also take "1_0" or other scripts' digits)."""

    def __init__(self, label, *, max_score: int, **kwargs):
        self.max_score = max_score
        kwargs.setdefault("render_kw", {}).update(
            {"min": 0, "max": max_score, "step": 1, "inputmode": "numeric"})
        super().__init__(label, validators=[Optional()], **kwargs)

    def _refusal(self) -> str:
        return _("Give a whole number from 0 to %(max)d.", max=self.max_score)

    def process_formdata(self, valuelist):
        raw = (valuelist[0] if valuelist else "") or ""
        raw = raw.strip() if isinstance(raw, str) else ""
        if not raw:
            self.data = None
            return
        if not WHOLE_NUMBER.fullmatch(raw):
            self.data = None
            raise ValueError(self._refusal())
        self.data = int(raw)

    def post_validate(self, form, validation_stopped):
        if self.data is not None and not 0 <= self.data <= self.max_score:
            self.errors.append(self._refusal())


class ScoreSheet(FlaskForm):
    """Base of the per-contest sheet; `rows` pairs each criterion with its two fields."""

    criteria: list = []

    @property
    def rows(self):
        return [(c, self[f"score_{c.id}"], self[f"comment_{c.id}"]) for c in self.criteria]

    def scores(self) -> dict[int, int | None]:
        return {c.id: self[f"score_{c.id}"].data for c in self.criteria}

    def comments(self) -> dict[int, str]:
        return {c.id: (self[f"comment_{c.id}"].data or "") for c in self.criteria}


def score_sheet(criteria, review=None, **kwargs) -> ScoreSheet:
    """The sheet for these criteria; filled from `review` when no form was posted."""
    fields = {"criteria": list(criteria)}
    for criterion in criteria:
        fields[f"score_{criterion.id}"] = ScoreField(
            _l("Score"), max_score=criterion.max_score,
            description=_("From 0 to %(max)d.", max=criterion.max_score))
        fields[f"comment_{criterion.id}"] = TextAreaField(
            _l("Comment (optional)"), validators=[Length(max=COMMENT_MAX)],
            render_kw={"rows": 3})
    sheet = type("ContestScoreSheet", (ScoreSheet,), fields)
    if review is not None and "formdata" in kwargs and kwargs["formdata"] is None:
        data = {}
        for criterion in criteria:
            data[f"score_{criterion.id}"] = (review.scores or {}).get(str(criterion.id))
            data[f"comment_{criterion.id}"] = (review.comments or {}).get(str(criterion.id), "")
        kwargs["data"] = data
    return sheet(**kwargs)


def foreign_fields(formdata, criteria) -> list[str]:
    """Sheet fields that name no criterion of this contest (a sheet of another contest, or a
    tampered one). The view refuses the whole post rather than save part of it."""
    ids = {str(c.id) for c in criteria}
    return [key for key in formdata if (m := SHEET_FIELD.fullmatch(key)) and m.group(2) not in ids]


class RecuseForm(FlaskForm):
    reason = TextAreaField(
        _l("Why do you step aside?"),
        validators=[DataRequired(message=_l("Say in a few words why you step aside.")),
                    Length(max=1000)],
        description=_l("For example: the entrant is a relative, of the same family, or a "
                       "neighbour in your hamlet. The centre's staff read this; the entrant "
                       "and the other judges do not."),
        render_kw={"rows": 3})
