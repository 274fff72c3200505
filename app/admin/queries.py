"""Reads for the staff area, each a fixed number of queries."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select

from ..audit.models import AuditEntry
from ..auth.models import User
from ..extensions import db
from ..schools.models import School
from ..web.timeutil import local_to_utc, utcnow

AUDIT_PAGE_SIZE = 50


def dashboard_counts() -> dict[str, int]:
    week_ago = utcnow() - timedelta(days=7)
    return {
        "schools": db.session.scalar(select(func.count()).select_from(School)) or 0,
        "audit_week": db.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.at >= week_ago)
        ) or 0,
    }


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
