"""Campaign content: /tin-tuc /chien-dich /huong-dan /van-ban, media, `flask content sync`."""
from flask import Blueprint, Flask

bp = Blueprint("content", __name__, cli_group="content")


def register(app: Flask) -> None:
    from ..admin import add_child
    from .admin import admin_bp as content_admin

    from .routes import register_template_helpers

    register_template_helpers(app)
    add_child(content_admin)
    app.register_blueprint(bp)


from . import cli, routes  # noqa: E402,F401
