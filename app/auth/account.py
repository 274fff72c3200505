"""/tai-khoan: a signed-in person's own account."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db, limiter
from ..web.forms import save
from . import account_bp, sessions
from .forms import PasswordChangeForm
from .operations import AccountError, change_own_password
from .routes import home_for


@account_bp.route("/mat-khau", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=lambda: f"password-change:{current_user.get_id()}",
               deduct_when=lambda response: response.status_code != 303)
def password():
    form = PasswordChangeForm()
    user = current_user._get_current_object()
    if request.method == "POST":
        if save(form, lambda: change_own_password(user, form.current.data, form.new.data),
                (AccountError,)) is not None:
            sessions.start(db.session.merge(user))  # this session goes on; the others end
            flash(_("Your password was changed. Your other sessions have ended."), "success")

            return redirect(home_for(user), 303)
        return render_template("auth/password.html", form=form), 422
    return render_template("auth/password.html", form=form)
