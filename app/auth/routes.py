from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import audit
from ..extensions import db, limiter, login_manager
from ..web import htmx
from ..web.redisstore import needs_store
from ..web.roles import ADMIN, EDITOR, JUDGE, SCHOOL, public
from . import bp, sessions, throttle
from .forms import EmptyForm, LoginForm
from .operations import authenticate

HOMES = {ADMIN: "admin.dashboard", EDITOR: "admin.dashboard", JUDGE: "judging.home",
         SCHOOL: "portal.home"}

login_manager.login_message = _l("Please sign in to open this page.")
login_manager.login_message_category = "info"
# While Redis (the shared rate limits and sessions) is down, sign-in is refused, never let
# through unthrottled (app/web/redisstore.py).
SIGN_IN_UNAVAILABLE = _l("Sign-in is temporarily unavailable. Please try again in a few minutes.")


@login_manager.unauthorized_handler
def _unauthorized():
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    url = url_for("auth.login", next=target)
    if htmx.is_htmx():
        return htmx.navigate(url)
    if not g.get("session_ended"):
        flash(str(login_manager.login_message), login_manager.login_message_category)
    return redirect(url)


def safe_next(value: str | None) -> str | None:
    """Only local paths: never send someone to another site after sign-in."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    return value


def home_for(user) -> str:
    return url_for(HOMES[user.role])


def _failed(response) -> bool:
    return response.status_code != 303


@bp.route("/dang-nhap", methods=["GET", "POST"])
# Per address (IPv4, or IPv6 /64): a hard limit. Per account: a growing delay (throttle.py).
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"], methods=["POST"],
               deduct_when=_failed)
@needs_store(SIGN_IN_UNAVAILABLE)
@public
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(request.args.get("next")) or home_for(current_user), 303)
    form = LoginForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        wait = throttle.wait_seconds(form.email.data)
        if wait:
            # Not even checked: an attacker's guesses during the wait cost the owner nothing.
            form.form_errors.append(throttle.wait_message(wait))
            status, headers = 429, {"Retry-After": str(wait)}
        else:
            user = authenticate(form.email.data, form.password.data)
            if user is not None:
                throttle.succeeded(form.email.data)
                sessions.start(user)
                db.session.commit()
                return redirect(safe_next(request.args.get("next")) or home_for(user), 303)
            db.session.rollback()
            throttle.failed(form.email.data)
            form.form_errors.append(_("The email or password is not correct."))
            status = 401
        form.password.data = ""
    elif request.method == "POST":
        status = 422
    return render_template("auth/login.html", form=form), status, headers


@bp.route("/dang-xuat", methods=["POST"])
@public
def logout():
    form = EmptyForm()
    if form.validate_on_submit() and current_user.is_authenticated:

        audit.record("auth.sign_out", current_user._get_current_object(), current_user.email)
        sessions.end()
        db.session.commit()
        flash(_("You have signed out."), "success")
    return redirect(url_for("site.home"), 303)
