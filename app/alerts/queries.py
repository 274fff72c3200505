"""Reads of warnings. States are computed here, when read, from the clock."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, exists, extract, func, select
from sqlalchemy.orm import aliased, lazyload

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


@dataclass
class Event:
    """One warning as residents think of it: the first message and every Update or Cancel
    that followed it (linked by `references`), oldest first."""

    messages: list[Alert]
    state: str  # upcoming, active, updated (in force, with an update), expired, cancelled

    @property
    def first(self) -> Alert:
        return self.messages[0]

    @property
    def latest(self) -> Alert:
        return self.messages[-1]

    @property
    def earlier(self) -> list[Alert]:
        """The messages before the latest, newest first."""
        return list(reversed(self.messages[:-1]))

    @property
    def last_live(self) -> Alert:
        """The latest message that was a warning (not the cancellation notice)."""
        return next((m for m in reversed(self.messages) if m.msg_type != "Cancel"), self.latest)


def event_state(messages: list[Alert], now: datetime | None = None) -> str:
    latest = messages[-1]
    if latest.msg_type == "Cancel":
        return "cancelled"
    current = state(latest, None, now)
    return "updated" if current == "active" and len(messages) > 1 else current


def _chains(root_ids: list[int]) -> dict[int, list[Alert]]:
    """Every published message of the events starting at `root_ids`, in one query (a
    recursive CTE down the `references` links), grouped by root, oldest first."""
    if not root_ids:
        return {}
    chain = (select(Alert.id.label("id"), Alert.id.label("root"))
             .where(Alert.id.in_(root_ids)).cte("chain", recursive=True))
    child = aliased(Alert)
    chain = chain.union_all(select(child.id, chain.c.root)
                            .where(child.references_id == chain.c.id, child.sent.is_not(None)))
    rows = db.session.execute(
        select(Alert, chain.c.root).join(chain, chain.c.id == Alert.id)
        .options(lazyload(Alert.references)).order_by(Alert.sent, Alert.id)).all()
    grouped: dict[int, list[Alert]] = {root: [] for root in root_ids}
    for alert, root in rows:
        if alert not in grouped[root]:
            grouped[root].append(alert)
    return grouped


def events(page: int, *, hazard: str | None = None, year: int | None = None):
    """History by event, newest event first: (pagination over the first messages, events)."""
    query = select(Alert).where(Alert.sent.is_not(None), Alert.references_id.is_(None))
    if hazard:
        query = query.where(Alert.hazard == hazard)
    if year:
        query = query.where(extract("year", Alert.sent) == year)
    query = query.options(lazyload(Alert.references)).order_by(Alert.sent.desc(), Alert.id.desc())
    pages = db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)
    chains = _chains([root.id for root in pages.items])
    now = utcnow()
    found = [Event(chains[root.id], event_state(chains[root.id], now)) for root in pages.items]
    return pages, found


def root_of(alert: Alert) -> Alert:
    """The first message of the event a message belongs to."""
    current, seen = alert, set()
    while current.references is not None and current.references.id not in seen:
        seen.add(current.id)
        current = current.references
    return current


def event_of(alert: Alert) -> Event:
    root = root_of(alert)
    messages = _chains([root.id])[root.id] or [root]
    return Event(messages, event_state(messages))


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


def waiting_counts(now: datetime | None = None) -> dict[str, int]:
    """For the staff dashboard, in one query: warnings in force now, and drafts sent for approval."""
    now = now or utcnow()
    active = and_(Alert.sent.is_not(None), Alert.msg_type != "Cancel", Alert.effective <= now,
                  Alert.expires > now, ~_successor())
    to_approve = and_(Alert.sent.is_(None), Alert.submitted_at.is_not(None))
    row = db.session.execute(select(func.count(Alert.id).filter(active),
                                    func.count(Alert.id).filter(to_approve))).one()
    return {"active": row[0] or 0, "to_approve": row[1] or 0}
