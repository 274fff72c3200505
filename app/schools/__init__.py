"""Green schools: the public pages at /truong-hoc-xanh and the school accounts' portal at
/truong."""
from flask import Blueprint, Flask

from ..content.media import register_guard
from ..web.roles import SCHOOL, guard_blueprint

portal_bp = Blueprint("portal", __name__, url_prefix="/truong")
guard_blueprint(portal_bp, SCHOOL)
public_bp = Blueprint("green", __name__, url_prefix="/truong-hoc-xanh")


def register(app: Flask) -> None:
    framework.init_app(app)
    indexing.init_app(app)
    register_guard(files.guard)
    app.register_blueprint(portal_bp)
    app.add_template_global(queries.school_named_in, "school_named_in")
    app.register_blueprint(public_bp)


from . import files, framework, indexing, models, portal, queries, routes  # noqa: E402,F401
from .admin import admin_bp  # noqa: E402,F401  (nested under /quan-tri by app.admin)
