"""The staff area /quan-tri: one guard for editors and admins; domains add children."""
from flask import Blueprint, Flask

from ..web.roles import STAFF, guard_blueprint

bp = Blueprint("admin", __name__, url_prefix="/quan-tri")
guard_blueprint(bp, *STAFF)


def register(app: Flask) -> None:
    from .audit import action_label

    app.add_template_filter(action_label, "action_label")
    app.register_blueprint(bp)


from . import routes  # noqa: E402,F401
