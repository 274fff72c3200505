"""Who may see an entry's photos and documents. They are private files (Media.private):
anyone while the entry is public (in the gallery, or awarded once results are out); the
centre's staff; the judges assigned to the entry. Anyone else gets a 404, as if the file did
not exist (content.media asks this guard)."""
from __future__ import annotations

from flask_login import current_user

from ..content.media import ALLOWED, DENIED, PUBLIC
from ..web.roles import JUDGE, STAFF
from . import queries
from .indexing import public_entry


def guard(media) -> str | None:
    entry = queries.entry_of_media(media.id)
    if entry is None:
        return None  # not an entry's file
    if public_entry(entry):
        return PUBLIC
    if current_user.is_authenticated:
        if current_user.role in STAFF:
            return ALLOWED
        if current_user.role == JUDGE and queries.may_judge(current_user.id, entry):
            return ALLOWED
    return DENIED
