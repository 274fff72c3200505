"""Forms of the school accounts' area (/truong). Choices that depend on the year's framework
are filled by the view; the criteria fields do not check their choices themselves, so a
tampered id reaches operations.py, which refuses any criterion outside the framework."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, FileField, HiddenField, IntegerField,
                     MultipleFileField, RadioField, SelectChoice, SelectMultipleField, StringField,
                     TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..web.forms import UploadForm

MAX_PEOPLE = 10000


class RegisterForm(FlaskForm):
    target_level = RadioField(_l("Level the school aims at"), default="achieved",
                              choices=[SelectChoice("achieved", _l("Achieved")),
                                       SelectChoice("exemplary", _l("Exemplary"))])
    criteria = SelectMultipleField(_l("Criteria to work on this year"), coerce=int,
                                   validate_choice=False)
    version = HiddenField()


def _count(label):
    return IntegerField(label, default=0, validators=[
        InputRequired(message=_l("Enter a number (0 if nobody).")),
        NumberRange(min=0, max=MAX_PEOPLE,
                    message=_l("Enter a whole number from 0 to %(max)d.", max=MAX_PEOPLE))])


class ActivityForm(UploadForm):
    held_on = DateField(_l("Date"), validators=[DataRequired(message=_l(
        "Enter the date the activity took place."))])
    title = StringField(_l("What was done"), description=_l(
        "A short title, for example: Planting trees along the school fence."),
                        validators=[DataRequired(), Length(min=5, max=200)])
    description = TextAreaField(_l("Description"), description=_l(
        "What happened, who organised it, what came of it."),
                                validators=[Optional(), Length(max=5000)])
    pupils = _count(_l("Pupils taking part"))
    teachers = _count(_l("Teachers taking part"))
    parents = _count(_l("Parents taking part"))
    criteria = SelectMultipleField(_l("Criteria this activity serves"), coerce=int,
                                   validate_choice=False)
    photos = MultipleFileField(_l("Photos"), description=_l(
        "Up to 6 photos per activity: JPEG, PNG or WebP, at most 10 MB each. They stay "
        "private until the centre approves the activity."))
    remove_photos = SelectMultipleField(_l("Remove photos"), coerce=int, validate_choice=False)
    held = HiddenField()  # the token of photos received by a refused form (content.held)
    document = FileField(_l("Document (optional)"), description=_l(
        "One PDF, for example a plan or minutes; at most 20 MB. A new file replaces the old."))
    version = HiddenField()


class ClubForm(FlaskForm):
    name = StringField(_l("Club name"), default="Câu lạc bộ Thanh niên xanh",
                       validators=[DataRequired(), Length(max=200)])
    members = IntegerField(_l("Number of members"), default=0, validators=[
        InputRequired(message=_l("Enter a number (0 if nobody).")),
        NumberRange(min=0, max=MAX_PEOPLE,
                    message=_l("Enter a whole number from 0 to %(max)d.", max=MAX_PEOPLE))])
    leaders = TextAreaField(_l("Leaders"), validators=[Length(max=2000)])
    meetings = TextAreaField(_l("Meetings"), description=_l(
        "When and where the club meets. You may use Markdown: **bold**, lists with -."),
                             validators=[Length(max=10000)])
    projects = TextAreaField(_l("Projects"), description=_l(
        "What the club has done or plans to do. You may use Markdown."),
                             validators=[Length(max=10000)])
    version = HiddenField()


class DeleteForm(FlaskForm):
    confirm = BooleanField(_l("Yes, delete this draft and its photos."),
                           validators=[DataRequired(message=_l(
                               "Tick the box to confirm the deletion."))])
