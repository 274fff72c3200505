"""Who may see what. Every endpoint declares its audience (STYLE §2.2):

- a view decorated with @public, or
- a view in a blueprint guarded with guard_blueprint(), optionally narrowed with
  @role_required() (for example admin-only pages inside the staff area).

tests/test_url_map.py walks app.url_map and fails on any endpoint that is neither.
"""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, request
from flask_login import current_user

from ..extensions import login_manager

ADMIN = "admin"
EDITOR = "editor"
JUDGE = "judge"
SCHOOL = "school"
ROLES = (ADMIN, EDITOR, JUDGE, SCHOOL)
STAFF = (ADMIN, EDITOR)

# blueprint name → roles allowed; filled when the domain modules are imported.
GUARDED_BLUEPRINTS: dict[str, tuple[str, ...]] = {}


def public(view):
    """Mark a view as open to anyone, signed in or not."""
    view.audience = "public"
    return view


def _check(roles: tuple[str, ...]):
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role not in roles:
        abort(403)
    return None


def guard_blueprint(bp: Blueprint, *roles: str) -> None:
    """Refuse every request to `bp` (and its nested children) without one of `roles`."""
    GUARDED_BLUEPRINTS[bp.name] = roles

    @bp.before_request
    def _guard():
        if request.endpoint is None:  # 404 inside the prefix: let it be a 404
            return None
        return _check(roles)


def role_required(*roles: str):
    """Narrow a guarded view to some roles."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            refused = _check(roles)
            if refused is not None:
                return refused
            return view(*args, **kwargs)

        wrapped.required_roles = roles
        return wrapped

    return decorator
