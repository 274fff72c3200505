"""/phan-loai-rac: which bin does this go in? The item list lives in content/."""
from flask import Blueprint, Flask

bp = Blueprint("waste", __name__)


def register(app: Flask) -> None:
    app.register_blueprint(bp)


from . import routes  # noqa: E402,F401
