"""Campaign content: /tin-tuc /chien-dich /huong-dan /van-ban, media, `flask content sync`."""
from flask import Blueprint, Flask

from ..web import errors

bp = Blueprint("content", __name__, cli_group="content")


def register(app: Flask) -> None:
    routes.register_template_helpers(app)
    # A save cut off by a database failure leaves no uploaded file behind.
    errors.database_failed.connect(media.discard_after_failure)
    app.register_blueprint(bp)


from . import cli, media, routes  # noqa: E402,F401
from .admin import admin_bp  # noqa: E402,F401  (nested under /quan-tri by app.admin)
