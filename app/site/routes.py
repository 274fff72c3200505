from __future__ import annotations

from flask import current_app, jsonify, make_response, redirect, request, url_for
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..auth.routes import safe_next
from ..extensions import db
from ..web import htmx
from ..web.i18n import LOCALE_COOKIE
from ..web.roles import public
from . import bp, queries

YEAR = 365 * 24 * 3600


@bp.route("/")
@public
def home():
    return htmx.render("site/home.html", schools=queries.schools_for_home())


@bp.route("/ngon-ngu/<lang>")
@public
def set_language(lang: str):
    """Remember the reader's language; a plain link, so it works without JavaScript."""
    target = safe_next(request.args.get("next")) or url_for("site.home")
    response = redirect(target, 303)
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie(LOCALE_COOKIE, lang, max_age=YEAR, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True)
    return response


@bp.route("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        body, status = {"status": "ok", "database": "ok"}, 200
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("Health check: database unreachable")
        body, status = {"status": "error", "database": "unreachable"}, 503
    response = make_response(jsonify(body), status)
    response.cache_control.no_store = True
    return response


@bp.route("/robots.txt")
@public
def robots():
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /quan-tri/",
        "Disallow: /truong/",
        "Disallow: /giam-khao/",
        "Disallow: /dang-nhap",
        "Disallow: /ngon-ngu/",
    ]
    response = make_response("\n".join(lines) + "\n")
    response.mimetype = "text/plain"
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response
