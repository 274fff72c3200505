"""Every write of the content domain, each with its audit entry (shared by views, CLI, demo)."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..web.timeutil import utcnow
from . import indexing
from .models import Campaign, Document, Media, Post

audit.register_actions({
    "post.create": _l("Post created"), "post.update": _l("Post changed"),
    "post.publish": _l("Post published"), "post.schedule": _l("Post scheduled"),
    "post.archive": _l("Post archived"), "campaign.create": _l("Campaign created"),
    "campaign.update": _l("Campaign changed"), "document.create": _l("Document added"),
    "document.update": _l("Document changed"), "media.upload": _l("File uploaded"),
    "media.update": _l("Picture description changed"), "content.sync": _l("Content synced"),
})


class ContentWriteError(ValueError):
    """A refused write; translated message, optionally tied to a form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class EditConflict(ContentWriteError):
    """Someone saved a newer version since this form was opened."""


def unique_slug(model, wanted: str, *, current_id: int | None = None, fallback: str = "bai") -> str:
    base = slugify(wanted, max_length=100, word_boundary=True) or fallback
    slug, n = base, 2
    with db.session.no_autoflush:  # the object being saved may not have its slug yet
        while True:
            query = select(model.id).where(model.slug == slug)
            if current_id is not None:
                query = query.where(model.id != current_id)
            if db.session.scalar(query) is None:
                return slug
            slug, n = f"{base}-{n}", n + 1


def check_version(item, version: int | None) -> None:
    if version is not None and item.version != version:
        raise EditConflict(_(
            "Someone else saved this since you opened it. Your text is kept below: copy what "
            "you need, reload the page to see their version, then save again."))


def _touch(item) -> None:
    item.updated_at = utcnow()
    item.version = (item.version or 0) + 1


POST_FIELDS = ("title", "summary", "body", "category", "campaign_id", "cover_id")


def save_post(post: Post | None, *, data: dict, action: str, publish_at: datetime | None,
              version: int | None, actor=None) -> Post:
    """Create or update a post, then apply `action`: draft, schedule, publish or archive."""
    created = post is None
    if created:
        post = Post(author_id=getattr(actor, "id", None), state="draft")
        db.session.add(post)
    else:
        check_version(post, version)
    for key in POST_FIELDS:
        if key in data:
            setattr(post, key, data[key])
    post.slug = unique_slug(Post, data.get("slug") or post.slug or data["title"],
                            current_id=post.id)
    now = utcnow()
    if action == "publish":
        post.state = "published"
        post.publish_at = now if not post.publish_at or post.publish_at > now else post.publish_at
    elif action == "schedule":
        if publish_at is None or publish_at <= now:
            raise ContentWriteError(_("Choose a publication time in the future."), field="publish_at")
        post.state, post.publish_at = "scheduled", publish_at
    elif action == "archive":
        post.state = "archived"
    elif action == "draft":
        if post.state in ("published", "scheduled") and not created:
            post.state = "draft"
    else:
        raise ContentWriteError(_("Unknown action."))
    _touch(post)
    verb = {"publish": "post.publish", "schedule": "post.schedule", "archive": "post.archive"}.get(
        action, "post.create" if created else "post.update")
    indexing.index_post(post)
    audit.record(verb, post, post.title, actor=actor, state=post.state,
                 publish_at=post.publish_at.isoformat() if post.publish_at else None)
    return post


CAMPAIGN_FIELDS = ("title", "summary", "goal", "description", "starts_on", "ends_on", "state",
                   "cover_id")


def save_campaign(campaign: Campaign | None, *, data: dict, version: int | None,
                  actor=None) -> Campaign:
    if data["ends_on"] < data["starts_on"]:
        raise ContentWriteError(_("The campaign must end after it starts."), field="ends_on")
    created = campaign is None
    if created:
        campaign = Campaign()
        db.session.add(campaign)
    else:
        check_version(campaign, version)
    for key in CAMPAIGN_FIELDS:
        if key in data:
            setattr(campaign, key, data[key])
    campaign.slug = unique_slug(Campaign, data.get("slug") or campaign.slug or data["title"],
                                current_id=campaign.id, fallback="chien-dich")
    _touch(campaign)
    indexing.index_campaign(campaign)
    audit.record("campaign.create" if created else "campaign.update", campaign, campaign.title,
                 actor=actor, state=campaign.state)
    return campaign


DOCUMENT_FIELDS = ("doc_type", "number", "title", "issuer", "issued_on", "effective_on",
                   "summary", "file_id", "archived")


def save_document(document: Document | None, *, data: dict, version: int | None = None,
                  actor=None) -> Document:
    if data.get("issued_on") and data.get("effective_on") and data["effective_on"] < data["issued_on"]:
        raise ContentWriteError(_("A document cannot be in force before it is issued."),
                                field="effective_on")
    created = document is None
    if created:
        document = Document(from_content=False)
        db.session.add(document)
    else:
        check_version(document, version)
        document.version += 1
    for key in DOCUMENT_FIELDS:
        if key in data:
            setattr(document, key, data[key])
    document.slug = unique_slug(Document, data.get("slug") or document.slug or
                                f"{data['doc_type']} {data.get('number', '')} {data['title']}",
                                current_id=document.id, fallback="van-ban")
    document.updated_at = utcnow()
    indexing.index_document(document)
    audit.record("document.create" if created else "document.update", document, document.title,
                 actor=actor)
    return document


def record_upload(media: Media, actor=None) -> Media:
    audit.record("media.upload", media, media.original_name or media.key, actor=actor,
                 kind=media.kind, alt=media.alt)
    return media


def set_alt(media: Media, alt: str, actor=None) -> None:
    alt = alt.strip()
    if media.kind == "image" and not alt:
        raise ContentWriteError(_("Describe the picture in a few words (alternative text)."),
                                field="alt")
    if alt != media.alt:
        audit.record("media.update", media, alt[:200], actor=actor, before=media.alt)
        media.alt = alt
