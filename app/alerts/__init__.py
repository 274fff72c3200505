"""Warnings (cảnh báo): CAP 1.2 messages with Vietnamese disaster-risk levels."""
from flask import Blueprint, Flask

bp = Blueprint("alerts", __name__)


def register(app: Flask) -> None:
    from ..admin import add_child
    from .admin import admin_bp
    from .banner import init_app

    init_app(app)
    add_child(admin_bp)
    app.register_blueprint(bp)


from . import routes  # noqa: E402,F401
