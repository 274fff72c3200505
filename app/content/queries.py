"""Reads for the content pages; each a fixed number of queries, whatever the data."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, func, or_, select

from ..extensions import db
from ..web.timeutil import to_local, utcnow
from .models import Campaign, Document, Guide, Post, document_links

PAGE_SIZE = 10


def visible_posts(now: datetime | None = None):
    now = now or utcnow()
    return select(Post).where(Post.state.in_(("published", "scheduled")), Post.publish_at <= now)


def post_page(page: int, *, category: str | None = None, campaign: Campaign | None = None):
    query = visible_posts()
    if category:
        query = query.where(Post.category == category)
    if campaign is not None:
        query = query.where(Post.campaign_id == campaign.id)
    query = query.order_by(Post.publish_at.desc(), Post.id.desc())
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False, count=True)


def post_by_slug(slug: str) -> Post | None:
    return db.session.scalar(visible_posts().where(Post.slug == slug))


def related_posts(post: Post, limit: int = 3) -> list[Post]:
    query = visible_posts().where(Post.id != post.id, Post.category == post.category)
    return list(db.session.scalars(query.order_by(Post.publish_at.desc()).limit(limit)))


def latest_posts(limit: int = 6, categories: tuple[str, ...] | None = None) -> list[Post]:
    query = visible_posts()
    if categories:
        query = query.where(Post.category.in_(categories))
    return list(db.session.scalars(query.order_by(Post.publish_at.desc(), Post.id.desc()).limit(limit)))


def today_local() -> date:
    return to_local(utcnow()).date()


def published_campaigns() -> list[Campaign]:
    query = select(Campaign).where(Campaign.state == "published")
    return list(db.session.scalars(query.order_by(Campaign.starts_on.desc())))


def current_campaign() -> Campaign | None:
    today = today_local()
    query = select(Campaign).where(Campaign.state == "published", Campaign.starts_on <= today,
                                   Campaign.ends_on >= today)
    return db.session.scalar(query.order_by(Campaign.starts_on.desc()).limit(1))


def campaign_by_slug(slug: str) -> Campaign | None:
    return db.session.scalar(select(Campaign).where(Campaign.slug == slug,
                                                    Campaign.state != "draft"))


def campaign_post_counts() -> dict[int, int]:
    rows = db.session.execute(
        visible_posts().with_only_columns(Post.campaign_id, func.count())
        .where(Post.campaign_id.is_not(None)).group_by(Post.campaign_id)).all()
    return dict(rows)


def guides() -> list[Guide]:
    return list(db.session.scalars(select(Guide).where(Guide.archived.is_(False))
                                   .order_by(Guide.position, Guide.title)))


def guide_by_slug(slug: str) -> Guide | None:
    return db.session.scalar(select(Guide).where(Guide.slug == slug, Guide.archived.is_(False)))


def documents(q: str = "") -> list[Document]:
    query = select(Document).where(Document.archived.is_(False))
    if q:
        pattern = f"%{q.strip().lower()}%"
        query = query.where(or_(func.lower(Document.number).like(pattern),
                                func.lower(Document.title).like(pattern),
                                func.lower(Document.issuer).like(pattern)))
    return list(db.session.scalars(query.order_by(Document.issued_on.desc().nulls_first(),
                                                  Document.title)))


def document_by_slug(slug: str) -> Document | None:
    return db.session.scalar(select(Document).where(Document.slug == slug,
                                                    Document.archived.is_(False)))


def implemented_by(document: Document) -> list[Document]:
    """Documents (the commune's plan) that say they implement this one."""

    query = (select(Document).join(document_links, document_links.c.document_id == Document.id)
             .where(document_links.c.implements_id == document.id, Document.archived.is_(False)))
    return list(db.session.scalars(query))


def public_by_id(model: type, item_id: int):
    """The post, guide, document or campaign with this id, only when its public page shows
    it (the rules of the *_by_slug reads above); None for drafts, scheduled posts whose
    time has not come, archived items and unknown ids. Short links resolve through this."""
    if model is Post:
        query = visible_posts()
    elif model is Campaign:
        query = select(Campaign).where(Campaign.state != "draft")
    elif model in (Guide, Document):
        query = select(model).where(model.archived.is_(False))
    else:
        raise ValueError(f"no public page for {model!r}")
    return db.session.scalar(query.where(model.id == item_id))


def posts_waiting(now: datetime | None = None) -> dict[str, int]:
    """For the staff dashboard, in one query: drafts, and scheduled posts not yet out."""
    now = now or utcnow()
    scheduled = and_(Post.state == "scheduled", Post.publish_at > now)
    row = db.session.execute(select(
        func.count(Post.id).filter(Post.state == "draft"),
        func.count(Post.id).filter(scheduled))).one()
    return {"drafts": row[0] or 0, "scheduled": row[1] or 0}
