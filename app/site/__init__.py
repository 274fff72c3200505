"""Home, search, feeds, health and crawling (STYLE §1)."""
from flask import Blueprint, Flask

bp = Blueprint("site", __name__)


def register(app: Flask) -> None:
    app.register_blueprint(bp)


from . import feeds, routes  # noqa: E402,F401
