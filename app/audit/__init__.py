"""The audit log: every staff write records one entry in the same transaction."""
from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import db
from .models import AuditEntry

# Readable names for the actions; domains add theirs with register_actions().
ACTION_LABELS = {
    "auth.sign_in": _l("Signed in"),
    "auth.sign_out": _l("Signed out"),
    "user.create": _l("Account created"),
    "user.update": _l("Account changed"),
    "user.activate": _l("Account reactivated"),
    "user.deactivate": _l("Account deactivated"),
    "user.password_reset": _l("Password reset"),
    "user.password_change": _l("Own password changed"),
    "settings.update": _l("Settings changed"),
}


def register_actions(labels: dict) -> None:
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def record(action: str, obj: Any = None, summary: str = "", *, actor=None,
           **details: Any) -> AuditEntry:
    """Add an audit entry to the session; the caller commits with its own change."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    entry = AuditEntry(
        action=action,
        summary=summary[:255],
        details={k: v for k, v in details.items() if v is not None},
        ip=(request.remote_addr or "")[:45] if has_request_context() else "",
    )
    if actor is not None:
        entry.actor_id = actor.id
        entry.actor_label = actor.email
    else:
        entry.actor_label = "cli" if not has_request_context() else ""
    if obj is not None:
        if hasattr(obj, "id") and obj.id is None:
            db.session.flush()  # give a new object its id
        entry.object_type = type(obj).__name__
        entry.object_id = str(getattr(obj, "id", "") or getattr(obj, "key", ""))
    db.session.add(entry)
    return entry
