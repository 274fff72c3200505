"""Accounts and roles: /dang-nhap, /dang-xuat, and `flask users …`."""
from flask import Blueprint, Flask

bp = Blueprint("auth", __name__, cli_group="users")


def register(app: Flask) -> None:
    from . import sessions

    sessions.init_app(app)
    app.register_blueprint(bp)


from . import cli, routes  # noqa: E402,F401
