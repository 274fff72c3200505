"""Initiative contest (SPEC §3.3): public pages at /cuoc-thi, judges at /giam-khao, staff
pages nested under /quan-tri/cuoc-thi, and `flask contest purge-personal-data`."""
from flask import Blueprint, Flask

from ..content.media import register_guard
from ..web.roles import JUDGE, guard_blueprint

bp = Blueprint("contest", __name__, url_prefix="/cuoc-thi")
judging_bp = Blueprint("judging", __name__, url_prefix="/giam-khao")
guard_blueprint(judging_bp, JUDGE)


def register(app: Flask) -> None:
    cli.init_app(app)
    indexing.init_app(app)
    register_guard(files.guard)
    app.add_template_global(queries.contest_now, "contest_now")
    app.add_template_global(queries.mentions_contest, "mentions_contest")
    app.register_blueprint(bp)
    app.register_blueprint(judging_bp)


from . import cli, files, indexing, judging, models, queries, routes  # noqa: E402,F401
from .admin import admin_bp  # noqa: E402,F401  (nested under /quan-tri by app.admin)
