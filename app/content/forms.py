from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from ..web.forms import UploadForm
from .categories import CATEGORIES


class CoverFields:
    cover = FileField(_l("Cover picture"), description=_l("JPEG, PNG or WebP, up to 10 MB. Location data in the photo is removed."))
    cover_alt = StringField(_l("Describe the picture"), validators=[Optional(), Length(max=300)],
                            description=_l("What the picture shows, for people who cannot see it."))


class PostForm(UploadForm, CoverFields):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l("Address (slug)"), validators=[Optional(), Length(max=120)],
                       description=_l("Leave empty to make it from the title."))
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=400)])
    category = SelectField(_l("Category"), choices=[SelectChoice(c.slug, c.name) for c in CATEGORIES])
    campaign = SelectField(_l("Campaign"), choices=[], validate_choice=False)
    body = TextAreaField(_l("Text (Markdown)"), validators=[Optional(), Length(max=100_000)],
                         description=_l("## for a heading, **bold**, - for a list, [text](address) for a link."))
    publish_at = DateTimeLocalField(_l("Publication time (for scheduling)"), validators=[Optional()],
                                    format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"])
    version = HiddenField()
    remove_cover = HiddenField()


class CampaignForm(UploadForm, CoverFields):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(_l("Address (slug)"), validators=[Optional(), Length(max=120)],
                       description=_l("Leave empty to make it from the title."))
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=300)])
    goal = StringField(_l("Goal"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("Description (Markdown)"), validators=[Optional(), Length(max=50_000)])
    starts_on = DateField(_l("Starts on"), validators=[DataRequired()])
    ends_on = DateField(_l("Ends on"), validators=[DataRequired()])
    state = SelectField(_l("State"), choices=[
        SelectChoice("draft", _l("Draft")), SelectChoice("published", _l("Published")),
        SelectChoice("archived", _l("Archived"))])
    version = HiddenField()


class DocumentForm(UploadForm):
    doc_type = StringField(_l("Type"), validators=[DataRequired(), Length(max=40)],
                           description=_l("For example: Kế hoạch, Quyết định, Nghị định."))
    number = StringField(_l("Number"), validators=[Optional(), Length(max=60)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    issuer = StringField(_l("Issued by"), validators=[Optional(), Length(max=160)])
    issued_on = DateField(_l("Date issued"), validators=[Optional()])
    effective_on = DateField(_l("In force from"), validators=[Optional()])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=5000)])
    file = FileField(_l("File (PDF, up to 20 MB)"))
    version = HiddenField()


class MediaUploadForm(UploadForm):
    file = FileField(_l("Picture or PDF"), validators=[FileRequired(_l("Choose a file."))])
    alt = StringField(_l("Describe the picture"), validators=[Optional(), Length(max=300)],
                      description=_l("Required for pictures: what the picture shows."))


class AltForm(FlaskForm):
    alt = StringField(_l("Describe the picture"), validators=[DataRequired(), Length(max=300)])


class PreviewForm(FlaskForm):
    body = TextAreaField(validators=[Optional(), Length(max=100_000)])


class PostFilterForm(FlaskForm):
    class Meta:
        csrf = False

    state = SelectField(_l("State"), choices=[], validate_choice=False, validators=[Optional()])
    page = IntegerField(validators=[Optional()])
