"""Public forms of the contest: the entry form and the status lookup."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, HiddenField, MultipleFileField, RadioField, SelectChoice,
                     SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..alerts.catalogue import hamlet_choices as area_hamlets
from ..web.forms import UploadForm
from ..web.validators import VietnamesePhone

PURPOSE_FIELDS = {"judging": "consent_judging", "publish_name": "consent_publish_name",
                  "contact": "consent_contact"}


def hamlet_choices() -> list[SelectChoice]:
    return area_hamlets(_l("Choose your hamlet"))


class EntryForm(UploadForm):
    entrant_name = StringField(_l("Your name, or the name of your group"),
                               validators=[DataRequired(), Length(max=160)])
    phone = StringField(_l("Phone number"),
                        description=_l("A Vietnamese number, for example 0912 345 678. Its last "
                                       "4 digits and your code let you follow your entry."),
                        validators=[DataRequired(), VietnamesePhone()])
    email = StringField(_l("Email (optional)"),
                        validators=[Optional(), Length(max=254),
                                    Email(message=_l("Enter an email address like name@example.vn."))])
    hamlet = SelectField(_l("Hamlet"), validators=[DataRequired(
        message=_l("Choose your hamlet."))])
    entrant_kind = RadioField(_l("Who is entering?"), default="individual",
                              choices=[SelectChoice("individual", _l("One person")),
                                       SelectChoice("group",
                                                    _l("A group (association, club, hamlet…)"))])
    members = TextAreaField(_l("Members of the group"),
                            description=_l("One name per line (at most 30)."),
                            validators=[Length(max=3000)])
    category_id = SelectField(_l("Contest category"), coerce=int,
                              validators=[DataRequired(message=_l("Choose a category."))])
    title = StringField(_l("Title of your initiative"), validators=[DataRequired(),
                                                                   Length(min=5, max=200)])
    summary = TextAreaField(_l("Summary"),
                            description=_l("Two or three sentences: the problem and your idea."),
                            validators=[DataRequired(), Length(min=20, max=600)])
    description = TextAreaField(_l("Description"),
                                description=_l("How it works, what it costs, who can do it, "
                                               "what has been tried already."),
                                validators=[DataRequired(), Length(min=50, max=10000)])
    files = MultipleFileField(_l("Photos or documents (optional)"),
                              description=_l("Up to 5 files: JPEG, PNG or WebP pictures, or "
                                             "PDF documents; at most 10 MB per picture and "
                                             "20 MB per document."))
    held = HiddenField()
    remove_files = HiddenField()  # filled by the per-file "Remove" buttons' values
    consent_judging = BooleanField(_l("I agree that the centre uses the information in this "
                                      "form to screen and judge my entry."))
    consent_publish_name = BooleanField(_l("If my entry wins a prize or is shown in the "
                                           "gallery, my name and hamlet may be published."))
    consent_contact = BooleanField(_l("The centre may contact me after the contest about "
                                      "putting my initiative into practice."))
    # A honeypot: hidden from people (visually and from screen readers), filled by bots.
    website = StringField(_l("Leave this field empty"))

    def __init__(self, *args, contest=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hamlet.choices = hamlet_choices()
        self.category_id.choices = [SelectChoice(0, _l("Choose a category"))] + [
            SelectChoice(c.id, c.name) for c in (contest.categories if contest else ())]

    def validate_members(self, field):
        if self.entrant_kind.data == "group":
            names = [line.strip() for line in (field.data or "").splitlines() if line.strip()]
            if not names:
                raise ValidationError(_l("List the members of the group, one per line."))
            if len(names) > 30:
                raise ValidationError(_l("At most 30 members."))

    def validate_consent_judging(self, field):
        if not field.data:
            raise ValidationError(_l("Your entry can only be judged if you agree to its use "
                                     "for judging."))

    def consents(self) -> dict[str, bool]:
        return {purpose: bool(getattr(self, name).data)
                for purpose, name in PURPOSE_FIELDS.items()}

    def members_text(self) -> str:
        return "\n".join(line.strip() for line in (self.members.data or "").splitlines()
                         if line.strip())


class LookupForm(FlaskForm):
    code = StringField(_l("Tracking code"), description=_l("8 letters and digits, for example "
                                                          "K7PQ-M3XZ."),
                       validators=[DataRequired(), Length(max=32)])
    last4 = StringField(_l("Last 4 digits of your phone number"),
                        validators=[DataRequired(), Length(min=4, max=4,
                                                           message=_l("Enter 4 digits."))])

    def validate_last4(self, field):
        if not (field.data or "").isdigit():
            raise ValidationError(_l("Enter 4 digits."))


class EntrantActionForm(FlaskForm):
    """Withdraw or erase: the code and digits again, so the action needs what the lookup did."""
    code = HiddenField(validators=[DataRequired()])
    last4 = HiddenField(validators=[DataRequired()])
    confirm = BooleanField(_l("I understand this cannot be undone."),
                           validators=[DataRequired(message=_l("Tick the box to confirm."))])
