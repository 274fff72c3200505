"""What the warnings put in the site-wide search: one entry per event (a warning with its
updates and its cancellation), so "mua lon" finds the rain warning once, linked to its latest
message. Only published messages are read; drafts never reach the index.

Entries are refreshed whenever a published message is written, however it is written (the
staff pages, the demo loader, a script): the session collects the published warnings each
flush touches and indexes their events just before the transaction commits, in the same
transaction. `flask content reindex` rebuilds them with everything else (search.rebuild_all).
"""
from __future__ import annotations

from flask import Flask
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from .. import search
from ..extensions import db
from .catalogue import catalogue
from .models import Alert
from .queries import event_of

KIND = "alert"
_PENDING = "alerts_to_index"


def index_event(alert: Alert) -> None:
    """Add or refresh the search entry of the event `alert` belongs to."""
    found = event_of(alert)
    data = catalogue()
    hazard = data.hazard(found.first.hazard)
    texts = []
    for message in reversed(found.messages):  # the latest first: the snippet shows its words
        texts += [message.description, message.instruction] + (
            [message.headline] if message is not found.latest else [])
    texts += [hazard.name, ", ".join(data.area_names(found.latest.areas))]
    search.index(KIND, found.first.id, slug=found.latest.identifier, title=found.latest.headline,
                 body=" ".join(t.strip() for t in texts if t and t.strip()),
                 visible_from=found.first.sent, hidden=False)


def reindex_all() -> int:
    """Every event's entry, from its first message (the warnings' part of a full rebuild)."""
    roots = db.session.scalars(select(Alert).where(Alert.sent.is_not(None),
                                                   Alert.references_id.is_(None))).all()
    for root in roots:
        index_event(root)
    return len(roots)


def _collect(session, _flush_context) -> None:
    touched = session.info.setdefault(_PENDING, set())
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Alert) and obj.sent is not None and obj.id is not None:
            touched.add(obj.id)


def _index_before_commit(session) -> None:
    if any(isinstance(obj, Alert) for obj in (*session.new, *session.dirty)):
        session.flush()  # warnings not flushed yet belong to this commit too
    ids = session.info.pop(_PENDING, None)
    if not ids:
        return
    for alert in session.scalars(select(Alert).where(Alert.id.in_(ids))):
        index_event(alert)


def _forget(session) -> None:
    session.info.pop(_PENDING, None)


def init_app(_app: Flask) -> None:
    search.register_rebuild(KIND, reindex_all)
    for name, listener in (("after_flush", _collect), ("before_commit", _index_before_commit),
                           ("after_rollback", _forget)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
