"""What the green schools put in the site-wide search: approved activities only, each leading
to its school's page. Drafts, submitted, returned and resubmitted activities are never in the
index; an activity leaves it as soon as it is no longer approved.

Whatever changes an activity (the school's portal, the staff review, the demo), the index
follows at commit: activities touched in a flush are remembered on the session and reindexed
just before the commit, so no write path can forget it."""
from __future__ import annotations

from flask import Flask, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from .. import search
from ..extensions import db
from .models import Activity

KIND = "green_activity"
_PENDING = "green_activities_to_index"


def index_activity(activity: Activity) -> None:
    if activity.state != "approved" or activity.school is None:
        search.remove(KIND, activity.id)
        return
    search.index(KIND, activity.id, slug=activity.school.slug,
                 title=f"{activity.title} · {activity.school.name}",
                 body=" ".join([activity.description or "", *(c.name for c in activity.criteria)]),
                 visible_from=activity.approved_at or activity.updated_at, hidden=False)


def reindex_all() -> int:
    count = 0
    for activity in db.session.scalars(select(Activity)):
        index_activity(activity)
        count += 1
    return count


def _remember(session, _context, _instances) -> None:
    pending = session.info.setdefault(_PENDING, set())
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Activity):
            pending.add(obj)
    for obj in session.deleted:
        if isinstance(obj, Activity) and obj.id is not None:
            pending.add(obj.id)


def _reindex(session) -> None:
    if not has_app_context() or session is not db.session():
        return  # search.index writes through the app's session: only follow that one
    if not session.info.get(_PENDING) and not session.new and not session.dirty \
            and not session.deleted:
        return
    session.flush()  # activities changed since the last flush join the set
    pending = session.info.pop(_PENDING, set())
    for item in pending:
        if isinstance(item, int):
            search.remove(KIND, item)
        elif item.id is not None:
            activity = session.get(Activity, item.id)
            if activity is None:
                search.remove(KIND, item.id)
            else:
                index_activity(activity)


def _forget(session, *_args) -> None:
    session.info.pop(_PENDING, None)


def init_app(_app: Flask) -> None:
    search.register_rebuild("schools", reindex_all)
    # On the Session class: every session (requests, commands, tests) follows the rule.
    if not event.contains(Session, "before_flush", _remember):
        event.listen(Session, "before_flush", _remember)
        event.listen(Session, "before_commit", _reindex)
        event.listen(Session, "after_soft_rollback", _forget)
