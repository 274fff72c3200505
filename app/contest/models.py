"""Initiative contest (SPEC §3.3): contests with their categories, criteria and prizes; entries
with their consents and files; judges' assignments, reviews and scores.

What an entry or a contest *is now* (its phase, "in judging", the ranking) is computed when it
is read (contest/queries.py, contest/ranking.py), so nothing needs a job runner.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (JSON, Boolean, CheckConstraint, ForeignKey, Index, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..web.timeutil import UTCDateTime, utcnow

CONTEST_STATES = ("draft", "published")
ENTRY_STATES = ("received", "accepted", "rejected", "withdrawn")
ENTRANT_KINDS = ("individual", "group")
PURPOSES = ("judging", "publish_name", "contact")
REVIEW_STATES = ("draft", "submitted", "recused")


def _in(column: str, values) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class Contest(db.Model):
    """One year's contest. Its phase follows from the dates (queries.phase)."""

    __tablename__ = "contests"
    __table_args__ = (
        CheckConstraint(_in("state", CONTEST_STATES), name="state_valid"),
        CheckConstraint("opens_at < closes_at AND closes_at <= judging_ends_at",
                        name="timeline_order"),
        CheckConstraint("retention_days BETWEEN 1 AND 3650", name="retention_valid"),
        CheckConstraint("min_judges BETWEEN 1 AND 20", name="min_judges_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column()
    summary: Mapped[str] = mapped_column(String(400), default="")
    rules: Mapped[str] = mapped_column(Text, default="")  # Markdown
    state: Mapped[str] = mapped_column(String(12), default="draft")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    judging_ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    results_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # announced date
    results_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    privacy_notice: Mapped[str] = mapped_column(Text, default="")  # Markdown
    privacy_version: Mapped[str] = mapped_column(String(40), default="1")
    retention_days: Mapped[int] = mapped_column(default=365)
    blind_judging: Mapped[bool] = mapped_column(Boolean, default=False)
    min_judges: Mapped[int] = mapped_column(default=2)
    personal_data_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    categories = relationship("Category", order_by="Category.position", back_populates="contest",
                              cascade="all, delete-orphan")
    criteria = relationship("Criterion", order_by="Criterion.position", back_populates="contest",
                            cascade="all, delete-orphan")
    prizes = relationship("Prize", order_by="Prize.position", back_populates="contest",
                          cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Contest {self.slug}>"


class Category(db.Model):
    __tablename__ = "contest_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(String(400), default="")
    position: Mapped[int] = mapped_column(default=0)

    contest = relationship(Contest, back_populates="categories")


class Criterion(db.Model):
    __tablename__ = "contest_criteria"
    __table_args__ = (
        CheckConstraint("weight BETWEEN 1 AND 100", name="weight_valid"),
        CheckConstraint("max_score BETWEEN 1 AND 100", name="max_score_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(String(400), default="")
    weight: Mapped[int] = mapped_column()
    max_score: Mapped[int] = mapped_column(default=10)
    position: Mapped[int] = mapped_column(default=0)

    contest = relationship(Contest, back_populates="criteria")


class Prize(db.Model):
    __tablename__ = "contest_prizes"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(160))
    reward: Mapped[str] = mapped_column(String(200), default="")
    places: Mapped[int] = mapped_column(default=1)  # how many entries may get it
    position: Mapped[int] = mapped_column(default=0)

    contest = relationship(Contest, back_populates="prizes")


class Entry(db.Model):
    """One entry. Personal data (name, members, phone, email) is blanked by erasure or
    retention; the entry, its files and its scores stay, anonymised."""

    __tablename__ = "contest_entries"
    __table_args__ = (
        CheckConstraint(_in("state", ENTRY_STATES), name="state_valid"),
        CheckConstraint(_in("entrant_kind", ENTRANT_KINDS), name="entrant_kind_valid"),
        Index("ix_contest_entries_contest_state", "contest_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("contest_categories.id", ondelete="SET NULL"))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(600))
    description: Mapped[str] = mapped_column(Text)
    entrant_kind: Mapped[str] = mapped_column(String(12), default="individual")
    entrant_name: Mapped[str] = mapped_column(String(160), default="")
    members: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    phone_last4: Mapped[str] = mapped_column(String(4), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    hamlet: Mapped[str] = mapped_column(String(160), default="")
    state: Mapped[str] = mapped_column(String(12), default="received")
    reject_reason: Mapped[str] = mapped_column(Text, default="")
    in_gallery: Mapped[bool] = mapped_column(Boolean, default=False)
    prize_id: Mapped[int | None] = mapped_column(
        ForeignKey("contest_prizes.id", ondelete="SET NULL"))
    privacy_version: Mapped[str] = mapped_column(String(40), default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    screened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    erasure_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    contest = relationship(Contest)
    category = relationship(Category)
    prize = relationship(Prize)
    consents = relationship("Consent", back_populates="entry", cascade="all, delete-orphan",
                            order_by="Consent.id")
    files = relationship("EntryFile", back_populates="entry", cascade="all, delete-orphan",
                         order_by="EntryFile.position")

    def consented(self, purpose: str) -> bool:
        return any(c.purpose == purpose and c.given for c in self.consents)

    @property
    def erased(self) -> bool:
        return self.erased_at is not None

    def __repr__(self) -> str:
        return f"<Entry {self.code}>"


class Consent(db.Model):
    """One purpose the entrant was asked about: given or not, when, under which notice."""

    __tablename__ = "contest_consents"
    __table_args__ = (
        CheckConstraint(_in("purpose", PURPOSES), name="purpose_valid"),
        UniqueConstraint("entry_id", "purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("contest_entries.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(16))
    given: Mapped[bool] = mapped_column(Boolean)
    notice_version: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    entry = relationship(Entry, back_populates="consents")


class EntryFile(db.Model):
    __tablename__ = "contest_entry_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("contest_entries.id", ondelete="CASCADE"))
    media_id: Mapped[int] = mapped_column(ForeignKey("media.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)

    entry = relationship(Entry, back_populates="files")
    media = relationship("Media", lazy="joined")


class JudgeAssignment(db.Model):
    """A judge on a whole contest (category_id empty) or on one of its categories."""

    __tablename__ = "contest_judges"
    __table_args__ = (UniqueConstraint("contest_id", "judge_id", "category_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("contest_categories.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contest = relationship(Contest)
    category = relationship(Category)
    judge = relationship("User", lazy="joined")


class Review(db.Model):
    """One judge's sheet for one entry: a draft while typing, then submitted; or a recusal."""

    __tablename__ = "contest_reviews"
    __table_args__ = (
        CheckConstraint(_in("state", REVIEW_STATES), name="state_valid"),
        UniqueConstraint("entry_id", "judge_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("contest_entries.id", ondelete="CASCADE"))
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(12), default="draft")
    recusal_reason: Mapped[str] = mapped_column(Text, default="")
    scores: Mapped[dict] = mapped_column(JSON, default=dict)  # criterion id (str) → score
    comments: Mapped[dict] = mapped_column(JSON, default=dict)  # criterion id (str) → comment
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entry = relationship(Entry)
    judge = relationship("User", lazy="joined")
