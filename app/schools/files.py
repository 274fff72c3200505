"""Who may see an activity's photos and document (private files, Media.private): anyone once
the activity is approved; the centre's staff; the school's own account. Anyone else gets a
404, as if the file did not exist (content.media asks this guard)."""
from __future__ import annotations

from flask_login import current_user

from ..content.media import ALLOWED, DENIED, PUBLIC
from ..web.roles import SCHOOL, STAFF
from . import queries


def guard(media) -> str | None:
    activity = queries.activity_of_media(media.id)
    if activity is None:
        return None  # not a school's file
    if activity.state in queries.PUBLIC_STATES:
        return PUBLIC
    if current_user.is_authenticated:
        if current_user.role in STAFF:
            return ALLOWED
        if current_user.role == SCHOOL and current_user.school_id == activity.school_id:
            return ALLOWED
    return DENIED
