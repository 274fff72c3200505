"""/truong: the signed-in school's own area."""
from __future__ import annotations

from flask_login import current_user

from ..web import htmx
from . import portal_bp


@portal_bp.route("/")
def home():
    return htmx.render("schools/portal/home.html", school=current_user.school)
