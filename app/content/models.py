from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (JSON, CheckConstraint, Column, Date, ForeignKey, Integer, String, Table, Text,
                        false)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..web.timeutil import UTCDateTime, utcnow
from .categories import CATEGORIES

POST_STATES = ("draft", "scheduled", "published", "archived")
CAMPAIGN_STATES = ("draft", "published", "archived")


def _in(column: str, values) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class Media(db.Model):
    """An uploaded file, checked by content and stored outside static/ under a made-up name."""

    __tablename__ = "media"
    __table_args__ = (CheckConstraint(_in("kind", ("image", "pdf")), name="kind_valid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # server-made file name stem
    kind: Mapped[str] = mapped_column(String(8))
    mime: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(255), default="")
    alt: Mapped[str] = mapped_column(String(300), default="")
    width: Mapped[int | None] = mapped_column()
    height: Mapped[int | None] = mapped_column()
    size_bytes: Mapped[int] = mapped_column(default=0)
    variants: Mapped[list[int]] = mapped_column(JSON, default=list)  # widths made for srcset
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # A private file (a contest entry's photo) is served only when a domain's guard says the
    # reader may see it (content.media.register_guard); public files are served to anyone.
    private: Mapped[bool] = mapped_column(default=False, server_default=false())


class Campaign(db.Model):
    __tablename__ = "campaigns"
    __table_args__ = (CheckConstraint(_in("state", CAMPAIGN_STATES), name="state_valid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")
    goal: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(12), default="draft")
    cover_id: Mapped[int | None] = mapped_column(ForeignKey("media.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    cover = relationship(Media, lazy="joined")


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        CheckConstraint(_in("state", POST_STATES), name="state_valid"),
        CheckConstraint(_in("category", [c.slug for c in CATEGORIES]), name="category_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(40), index=True)
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), index=True)
    cover_id: Mapped[int | None] = mapped_column(ForeignKey("media.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(12), default="draft")
    # When a published or scheduled post is (or becomes) visible; a scheduled post
    # appears by itself once this time has passed, with no job runner.
    publish_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    campaign = relationship(Campaign, lazy="joined")
    cover = relationship(Media, lazy="joined")
    author = relationship("User", lazy="joined")

    def is_visible(self, now: datetime) -> bool:
        return (self.state in ("published", "scheduled") and self.publish_at is not None
                and self.publish_at <= now)

    def shown_state(self, now: datetime) -> str:
        """The state as people see it: a scheduled post whose time has come is published."""
        if self.state == "scheduled" and self.publish_at and self.publish_at <= now:
            return "published"
        return self.state


class Guide(db.Model):
    """A guide from content/guides/*.md; the file is the source of truth."""

    __tablename__ = "guides"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(400), default="")
    category: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text, default="")
    key_points: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    updated_on: Mapped[date | None] = mapped_column(Date)
    source_hash: Mapped[str] = mapped_column(String(64), default="")
    archived: Mapped[bool] = mapped_column(default=False)
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


document_links = Table(
    "document_links",
    db.metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("implements_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)


class Document(db.Model):
    """A legal or administrative document (văn bản), as Decree 42/2022 asks portals to list."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(60), default="")
    title: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str] = mapped_column(String(160), default="")
    issued_on: Mapped[date | None] = mapped_column(Date)
    effective_on: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    file_id: Mapped[int | None] = mapped_column(ForeignKey("media.id", ondelete="SET NULL"))
    from_content: Mapped[bool] = mapped_column(default=False)
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    file = relationship(Media, lazy="joined")
    implements = relationship(
        "Document", secondary=document_links,
        primaryjoin=id == document_links.c.document_id,
        secondaryjoin=id == document_links.c.implements_id,
        lazy="selectin", order_by="Document.issued_on",
    )
