"""Accounts and roles: /dang-nhap, /dang-xuat, and `flask users …`."""
from flask import Blueprint, Flask

from ..web import errors
from ..web.roles import ROLES, guard_blueprint

bp = Blueprint("auth", __name__, cli_group="users")
# /tai-khoan: what every signed-in person does with their own account.
account_bp = Blueprint("account", __name__, url_prefix="/tai-khoan")
guard_blueprint(account_bp, *ROLES)


def register(app: Flask) -> None:
    sessions.init_app(app)
    errors.forbidden.connect(throttle.audit_forbidden)  # 403s go to the audit log
    app.register_blueprint(bp)
    app.register_blueprint(account_bp)


from . import account, cli, routes, sessions, throttle  # noqa: E402,F401
