"""/tai-khoan: a signed-in person's own account: their sessions and their password."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..extensions import db, limiter
from ..web.forms import save
from . import account_bp, sessions
from .devices import device_label
from .forms import EmptyForm, PasswordChangeForm
from .operations import AccountError, change_own_password, end_other_sessions, end_session


@account_bp.route("/")
def home():
    user = current_user._get_current_object()
    current = user.current_session
    rows = [(row, device_label(row.user_agent), row.id == current.id)
            for row in sessions.sessions_of(user)]
    rows.sort(key=lambda item: not item[2])  # this device first, then the most recent
    return render_template("auth/account.html", sessions=rows)


@account_bp.route("/phien/ket-thuc-phien-khac", methods=["POST"])
def end_others():
    if not EmptyForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    ended = end_other_sessions(user, user.current_session)
    db.session.commit()
    if ended:
        flash(ngettext("%(num)d other session has ended.", "%(num)d other sessions have ended.",
                       ended), "success")
    else:
        flash(_("There were no other sessions to end."), "info")
    return redirect(url_for("account.home"), 303)


@account_bp.route("/phien/<int:session_id>/ket-thuc", methods=["POST"])
def end_one(session_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    current_id = user.current_session.id
    if end_session(user, session_id) is None:
        abort(404)  # not one of this person's sessions
    if session_id == current_id:  # ending this very session is signing out
        sessions.end()
        db.session.commit()
        flash(_("You have signed out."), "success")
        return redirect(url_for("auth.login"), 303)
    db.session.commit()
    flash(_("The session has ended. That device must sign in again."), "success")
    return redirect(url_for("account.home"), 303)


@account_bp.route("/mat-khau", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["PASSWORD_CHANGE_LIMIT"], methods=["POST"],
               key_func=lambda: f"password-change:{getattr(current_user, 'id', '')}",
               deduct_when=lambda response: response.status_code != 303)
def password():
    form = PasswordChangeForm()
    user = current_user._get_current_object()
    if request.method == "POST":
        def write():
            change_own_password(user, form.current.data, form.new.data,
                                keep=user.current_session)
            sessions.rotate()  # this session goes on under a new token; the others end
            return user

        if save(form, write, (AccountError,)) is not None:
            flash(_("Your password was changed. Your other sessions have ended."), "success")
            return redirect(url_for("account.home"), 303)
        return render_template("auth/password.html", form=form), 422
    return render_template("auth/password.html", form=form)
