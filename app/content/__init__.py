"""Campaign content: /tin-tuc /chien-dich /huong-dan /van-ban, media, `flask content sync`."""
from flask import Blueprint, Flask

bp = Blueprint("content", __name__, cli_group="content")


def register(app: Flask) -> None:
    routes.register_template_helpers(app)
    app.register_blueprint(bp)


from . import cli, routes  # noqa: E402,F401
from .admin import admin_bp  # noqa: E402,F401  (nested under /quan-tri by app.admin)
