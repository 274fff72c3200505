"""/giam-khao: a judge's own area."""
from __future__ import annotations

from ..web import htmx
from . import judging_bp


@judging_bp.route("/")
def home():
    # Contests and their assignments arrive with the contest issue; until then a judge
    # has nothing assigned, and the page says so.
    return htmx.render("contest/judging/home.html", assignments=[])
