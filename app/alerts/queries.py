"""Reads of warnings. States are computed here, when read, from the clock."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, exists, extract, func, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..web.timeutil import utcnow
from .models import Alert

SEVERITY_RANK = {"Extreme": 4, "Severe": 3, "Moderate": 2, "Minor": 1, "Unknown": 0}
PAGE_SIZE = 20


def _successor():
    later = aliased(Alert)
    return exists().where(later.references_id == Alert.id, later.sent.is_not(None))


def _order():
    severity = case(*[(Alert.severity == k, v) for k, v in SEVERITY_RANK.items()], else_=0)
    return (func.coalesce(Alert.risk_level, 0).desc(), severity.desc(), Alert.sent.desc(), Alert.id.desc())


def active_alerts(now: datetime | None = None) -> list[Alert]:
    """What the banner shows: published, in force, not replaced, highest level first."""
    now = now or utcnow()
    query = select(Alert).where(Alert.sent.is_not(None), Alert.msg_type != "Cancel",
                                Alert.effective <= now, Alert.expires > now, ~_successor())
    return list(db.session.scalars(query.order_by(*_order())))


def by_identifier(identifier: str, *, published_only: bool = True) -> Alert | None:
    query = select(Alert).where(Alert.identifier == identifier)
    if published_only:
        query = query.where(Alert.sent.is_not(None))
    return db.session.scalar(query)


def successors(alerts) -> dict[int, Alert]:
    """For each given message, the published message that replaced it (if any)."""
    ids = [a.id for a in alerts]
    if not ids:
        return {}
    rows = db.session.scalars(select(Alert).where(Alert.references_id.in_(ids),
                                                  Alert.sent.is_not(None)))
    return {row.references_id: row for row in rows}


def state(alert: Alert, successor: Alert | None, now: datetime | None = None) -> str:
    now = now or utcnow()
    if alert.sent is None:
        return "draft"
    if alert.msg_type == "Cancel":
        return "cancel"
    if successor is not None:
        return "cancelled" if successor.msg_type == "Cancel" else "updated"
    if now < alert.effective:
        return "upcoming"
    if now >= alert.expires:
        return "expired"
    return "active"


def history(page: int, *, hazard: str | None = None, year: int | None = None):
    query = select(Alert).where(Alert.sent.is_not(None))
    if hazard:
        query = query.where(Alert.hazard == hazard)
    if year:
        query = query.where(extract("year", Alert.sent) == year)
    query = query.order_by(Alert.sent.desc(), Alert.id.desc())
    return db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)


def years() -> list[int]:
    rows = db.session.scalars(select(Alert.sent).where(Alert.sent.is_not(None)))
    return sorted({r.year for r in rows}, reverse=True)


def chain(alert: Alert) -> list[Alert]:
    """The earlier messages this one replaces, oldest first (for CAP <references>)."""
    earlier, current, seen = [], alert.references, set()
    while current is not None and current.id not in seen:
        seen.add(current.id)
        earlier.append(current)
        current = current.references
    return list(reversed(earlier))


def staff_list() -> list[Alert]:
    return list(db.session.scalars(select(Alert).order_by(
        and_(Alert.sent.is_(None)).desc(), Alert.created_at.desc()).limit(200)))
