"""`flask demo load`: realistic Vietnamese demo data for development and review."""
from flask import Blueprint, Flask

bp = Blueprint("demo", __name__, cli_group="demo")


def register(app: Flask) -> None:
    app.register_blueprint(bp)


from . import cli  # noqa: E402,F401
