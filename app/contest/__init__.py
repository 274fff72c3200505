"""Initiative contest: judges' area at /giam-khao (public pages come with the contest)."""
from flask import Blueprint, Flask

from ..web.roles import JUDGE, guard_blueprint

judging_bp = Blueprint("judging", __name__, url_prefix="/giam-khao")
guard_blueprint(judging_bp, JUDGE)


def register(app: Flask) -> None:
    app.register_blueprint(judging_bp)


from . import judging  # noqa: E402,F401
