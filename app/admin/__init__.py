"""The staff area /quan-tri: one guard for editors and admins; domains add children."""
from flask import Blueprint, Flask

from ..audit import action_label
from ..web.roles import STAFF, guard_blueprint

bp = Blueprint("admin", __name__, url_prefix="/quan-tri")
guard_blueprint(bp, *STAFF)


def add_child(child: Blueprint) -> None:
    """Nest a domain's staff blueprint under /quan-tri, once (create_app may run many times)."""
    if not any(existing is child for existing, _options in bp._blueprints):
        bp.register_blueprint(child)


def register(app: Flask, domains=()) -> None:
    """Nest each domain's `admin_bp` (its staff pages) under /quan-tri, then register."""
    for domain in domains:
        child = getattr(domain, "admin_bp", None)
        if child is not None:
            add_child(child)

    app.add_template_filter(action_label, "action_label")
    app.register_blueprint(bp)


from . import routes  # noqa: E402,F401
