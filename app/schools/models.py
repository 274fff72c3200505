from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, CheckConstraint, Column, Date, ForeignKey, Index, String, Table, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..extensions import db
from ..web.timeutil import UTCDateTime, utcnow

LEVELS = {
    "mam-non": _l("Kindergarten"),
    "tieu-hoc": _l("Primary school"),
    "thcs": _l("Lower secondary school"),
    "thpt": _l("Upper secondary school"),
}


class School(db.Model):
    """A school of the commune. The green-school model adds its progress later."""

    __tablename__ = "schools"
    __table_args__ = (
        CheckConstraint(
            "level IN (" + ", ".join(f"'{lv}'" for lv in LEVELS) + ")", name="level_valid"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    level: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def level_label(self) -> str:
        return str(LEVELS.get(self.level, self.level))

    def __repr__(self) -> str:
        return f"<School {self.slug}>"


# --- the green-school model (issue 10) ----------------------------------------------------

ACTIVITY_STATES = ("draft", "submitted", "returned", "resubmitted", "approved")
TARGET_LEVELS = ("achieved", "exemplary")
# What a school is at for a year, from its confirmed criteria (schools/progress.py).
LEVELS_ORDER = ("registered", "in_progress", "achieved", "exemplary")


def _in(column: str, values) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class SchoolProfile(db.Model):
    """The registry details of a school (one row per school)."""

    __tablename__ = "school_profiles"

    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"),
                                           primary_key=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    hamlet: Mapped[str] = mapped_column(String(160), default="")
    principal: Mapped[str] = mapped_column(String(160), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    pupils: Mapped[int | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    school = relationship(School, backref=backref("profile", uselist=False, lazy="joined"))


class Framework(db.Model):
    """The criteria of one school year, from content/truong-hoc-xanh/<year>.yaml; once an admin
    edits it here (`edited`), the file no longer overwrites it."""

    __tablename__ = "green_frameworks"
    __table_args__ = (
        CheckConstraint("achieved_pct BETWEEN 1 AND 100 AND exemplary_pct BETWEEN achieved_pct "
                        "AND 100", name="thresholds_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_year: Mapped[str] = mapped_column(String(9), unique=True)  # "2026-2027"
    title: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    achieved_pct: Mapped[int] = mapped_column(default=60)
    exemplary_pct: Mapped[int] = mapped_column(default=90)
    steps: Mapped[list[str]] = mapped_column(JSON, default=list)
    edited: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    groups = relationship("CriteriaGroup", order_by="CriteriaGroup.position",
                          back_populates="framework", cascade="all, delete-orphan")


class CriteriaGroup(db.Model):
    __tablename__ = "green_groups"
    __table_args__ = (UniqueConstraint("framework_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("green_frameworks.id",
                                                         ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)

    framework = relationship(Framework, back_populates="groups")
    criteria = relationship("GreenCriterion", order_by="GreenCriterion.position",
                            back_populates="group", cascade="all, delete-orphan")


class GreenCriterion(db.Model):
    __tablename__ = "green_criteria"
    __table_args__ = (UniqueConstraint("group_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("green_groups.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(300))
    evidence: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    group = relationship(CriteriaGroup, back_populates="criteria")


registration_targets = Table(
    "green_registration_targets", db.metadata,
    Column("registration_id", ForeignKey("green_registrations.id", ondelete="CASCADE"),
           primary_key=True),
    Column("criterion_id", ForeignKey("green_criteria.id", ondelete="CASCADE"),
           primary_key=True),
)

activity_criteria = Table(
    "green_activity_criteria", db.metadata,
    Column("activity_id", ForeignKey("green_activities.id", ondelete="CASCADE"),
           primary_key=True),
    Column("criterion_id", ForeignKey("green_criteria.id", ondelete="CASCADE"),
           primary_key=True),
)

confirmation_activities = Table(
    "green_confirmation_activities", db.metadata,
    Column("confirmation_id", ForeignKey("green_confirmations.id", ondelete="CASCADE"),
           primary_key=True),
    Column("activity_id", ForeignKey("green_activities.id", ondelete="CASCADE"),
           primary_key=True),
)


class Registration(db.Model):
    """A school's participation in one school year, with the criteria it aims at."""

    __tablename__ = "green_registrations"
    __table_args__ = (
        UniqueConstraint("school_id", "framework_id"),
        CheckConstraint(_in("target_level", TARGET_LEVELS), name="target_level_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    framework_id: Mapped[int] = mapped_column(ForeignKey("green_frameworks.id",
                                                         ondelete="CASCADE"))
    target_level: Mapped[str] = mapped_column(String(12), default="achieved")
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    school = relationship(School)
    framework = relationship(Framework)
    targets = relationship(GreenCriterion, secondary=registration_targets,
                           order_by=GreenCriterion.position)


class Activity(db.Model):
    """Something a school did: draft → submitted → returned (with a comment) → resubmitted →
    approved. Only approved activities are public."""

    __tablename__ = "green_activities"
    __table_args__ = (
        CheckConstraint(_in("state", ACTIVITY_STATES), name="state_valid"),
        CheckConstraint("pupils >= 0 AND teachers >= 0 AND parents >= 0", name="counts_valid"),
        Index("ix_green_activities_school_state", "school_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    framework_id: Mapped[int] = mapped_column(ForeignKey("green_frameworks.id",
                                                         ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    pupils: Mapped[int] = mapped_column(default=0)
    teachers: Mapped[int] = mapped_column(default=0)
    parents: Mapped[int] = mapped_column(default=0)
    state: Mapped[str] = mapped_column(String(12), default="draft")
    review_comment: Mapped[str] = mapped_column(Text, default="")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("media.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    school = relationship(School)
    framework = relationship(Framework)
    criteria = relationship(GreenCriterion, secondary=activity_criteria,
                            order_by=GreenCriterion.position)
    photos = relationship("ActivityPhoto", order_by="ActivityPhoto.position",
                          back_populates="activity", cascade="all, delete-orphan")
    document = relationship("Media", foreign_keys=[document_id])


class ActivityPhoto(db.Model):
    __tablename__ = "green_activity_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("green_activities.id",
                                                        ondelete="CASCADE"))
    media_id: Mapped[int] = mapped_column(ForeignKey("media.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)

    activity = relationship(Activity, back_populates="photos")
    media = relationship("Media", lazy="joined")


class Confirmation(db.Model):
    """Staff confirm that a school meets a criterion this year, citing the activities that
    prove it."""

    __tablename__ = "green_confirmations"
    __table_args__ = (UniqueConstraint("school_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("green_criteria.id",
                                                         ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(Text, default="")
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                   ondelete="SET NULL"))

    school = relationship(School)
    criterion = relationship(GreenCriterion)
    activities = relationship(Activity, secondary=confirmation_activities)


class Club(db.Model):
    """A school's "Thanh niên xanh" club page."""

    __tablename__ = "green_clubs"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"),
                                           unique=True)
    name: Mapped[str] = mapped_column(String(200))
    members: Mapped[int] = mapped_column(default=0)
    leaders: Mapped[str] = mapped_column(Text, default="")  # one per line: name — role
    meetings: Mapped[str] = mapped_column(Text, default="")  # Markdown
    projects: Mapped[str] = mapped_column(Text, default="")  # Markdown
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    school = relationship(School, backref=backref("club", uselist=False))
