"""Writes of the staff shell itself: site settings."""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from . import audit
from .models import SiteSetting
from .settings import KEYS, load_settings


def save_settings(values: dict[str, str], *, actor=None) -> dict[str, list[str]]:
    """Store changed settings; returns {key: [old, new]} of what changed."""
    current = load_settings()
    rows = {row.key: row for row in db.session.scalars(select(SiteSetting))}
    changes: dict[str, list[str]] = {}
    for key in KEYS:
        if key not in values:
            continue
        new = (values[key] or "").strip()
        old = getattr(current, key)
        if new == old:
            continue
        changes[key] = [old, new]
        if key in rows:
            rows[key].value = new
        else:
            db.session.add(SiteSetting(key=key, value=new))
    if changes:
        audit.record("settings.update", None, ", ".join(changes), actor=actor, changes=changes)
    return changes
