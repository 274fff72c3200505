"""Warnings (cảnh báo): CAP 1.2 messages with Vietnamese disaster-risk levels."""
from flask import Blueprint, Flask

bp = Blueprint("alerts", __name__)


def register(app: Flask) -> None:
    banner.init_app(app)
    indexing.init_app(app)
    app.register_blueprint(bp)


from . import banner, indexing, routes  # noqa: E402,F401
from .admin import admin_bp  # noqa: E402,F401  (nested under /quan-tri by app.admin)
