"""Green schools: the school accounts' portal at /truong (public board comes later)."""
from flask import Blueprint, Flask

from ..content.media import register_guard
from ..web.roles import SCHOOL, guard_blueprint

portal_bp = Blueprint("portal", __name__, url_prefix="/truong")
guard_blueprint(portal_bp, SCHOOL)


def register(app: Flask) -> None:
    framework.init_app(app)
    register_guard(files.guard)
    app.register_blueprint(portal_bp)


from . import files, framework, models, portal  # noqa: E402,F401
from .admin import admin_bp  # noqa: E402,F401  (nested under /quan-tri by app.admin)
