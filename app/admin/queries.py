"""Reads for the staff area, each a fixed number of queries."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select

from ..alerts import queries as alert_queries
from ..audit.models import AuditEntry
from ..auth.models import User
from ..content import queries as content_queries
from ..contest import queries as contest_queries
from ..extensions import db
from ..schools import queries as school_queries
from ..schools.models import School
from ..web.timeutil import local_to_utc, utcnow

AUDIT_PAGE_SIZE = 50


def waiting() -> dict:
    """What waits for staff (SPEC §3.5), read through each domain's queries: six queries."""
    posts = content_queries.posts_waiting()
    alerts = alert_queries.waiting_counts()
    return {
        "drafts": posts["drafts"],
        "scheduled": posts["scheduled"],
        "alerts_active": alerts["active"],
        "alerts_to_approve": alerts["to_approve"],
        "entries_to_screen": contest_queries.entries_to_screen(),
        "screen_contest": contest_queries.contest_to_screen(),
        "activities_to_review": school_queries.activities_to_review(),
    }


def audit_week() -> int:
    week_ago = utcnow() - timedelta(days=7)
    return db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.at >= week_ago)) or 0


def recent_audit(limit: int = 8) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.at.desc(),
                                                               AuditEntry.id.desc()).limit(limit)))


def users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.active.desc(), User.role, User.email)))


def schools() -> list[School]:
    return list(db.session.scalars(select(School).order_by(School.name)))


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def audit_page(page: int, *, actor: str = "", action: str = "",
               date_from: date | None = None, date_to: date | None = None):
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if actor:
        pattern = f"%{actor.strip().lower()}%"
        query = query.outerjoin(User, AuditEntry.actor_id == User.id).where(
            or_(func.lower(AuditEntry.actor_label).like(pattern), func.lower(User.name).like(pattern))
        )
    if action:
        query = query.where(AuditEntry.action == action)
    if date_from:
        query = query.where(AuditEntry.at >= local_to_utc(datetime.combine(date_from, time.min)))
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min)
        query = query.where(AuditEntry.at < local_to_utc(end))
    return db.paginate(query, page=page, per_page=AUDIT_PAGE_SIZE, error_out=False)
