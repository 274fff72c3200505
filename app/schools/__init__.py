"""Green schools: the school accounts' portal at /truong (public board comes later)."""
from flask import Blueprint, Flask

from ..web.roles import SCHOOL, guard_blueprint

portal_bp = Blueprint("portal", __name__, url_prefix="/truong")
guard_blueprint(portal_bp, SCHOOL)


def register(app: Flask) -> None:
    app.register_blueprint(portal_bp)


from . import portal  # noqa: E402,F401
