"""Staff area shell: dashboard, accounts, audit log, site settings."""
from __future__ import annotations

import re
import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, EmailField, SelectChoice, StringField, TelField
from wtforms.validators import DataRequired, Email, Length, Optional

from ..audit import action_label
from ..auth import operations as accounts
from ..auth.forms import EmptyForm
from ..auth.models import User
from ..auth.queries import count_by_role
from ..extensions import db
from ..schools.models import School
from ..settings import (
    BOOLEAN_KEYS,
    EMAIL_KEYS,
    HINTS,
    KEYS,
    LABELS,
    PHONE_KEYS,
    REQUIRED_KEYS,
    SHORT_NUMBER_KEYS,
    SettingsError,
    save_settings,
    site_settings,
)
from ..web import htmx
from ..web.forms import attach_error
from ..web.inputs import int_arg
from ..web.roles import ADMIN, role_required
from ..web.validators import VietnamesePhone
from . import bp, queries
from .forms import ROLE_DESCRIPTIONS, ROLE_LABELS, AuditFilterForm, UserCreateForm, UserEditForm


@bp.route("/")
def dashboard():
    waiting = queries.waiting()
    contest_id = waiting["screen_contest"]
    items = [
        (waiting["drafts"], _("post drafts"),
         url_for("admin.content.posts", **{"trang-thai": "draft"})),
        (waiting["scheduled"], _("posts scheduled to appear"),
         url_for("admin.content.posts", **{"trang-thai": "scheduled"})),
        (waiting["alerts_active"], _("warnings in force now"), url_for("admin.alerts.index")),
    ]
    if waiting["alerts_to_approve"]:
        items.append((waiting["alerts_to_approve"], _("warnings waiting for approval"),
                      url_for("admin.alerts.index")))
    items += [
        (waiting["entries_to_screen"], _("contest entries to screen"),
         url_for("admin.contest.entries", contest_id=contest_id, **{"trang-thai": "received"})
         if contest_id else url_for("admin.contest.index")),
        (waiting["activities_to_review"], _("school activities waiting for review"),
         url_for("admin.schools.queue")),
    ]
    is_admin = current_user.role == ADMIN
    return htmx.render(
        "admin/dashboard.html",
        items=items,
        roles=count_by_role() if is_admin else None,
        audit_week=queries.audit_week() if is_admin else None,
        recent=queries.recent_audit() if is_admin else [],
        audit_summary=audit_summary,
    )


# --- accounts (admin only) -------------------------------------------------------------

def _school_choices(form) -> None:
    form.school.choices = [SelectChoice("", _("— none —"))] + [
        SelectChoice(s.slug, s.name) for s in queries.schools()
    ]


def _chosen_school(form) -> School | None:
    if not form.school.data:
        return None
    school = db.session.scalar(select(School).where(School.slug == form.school.data))
    if school is None:
        form.school.errors.append(_("Choose a school from the list."))
    return school


def _get_user(user_id: int) -> User:
    return db.get_or_404(User, user_id)


@bp.route("/nguoi-dung/")
@role_required(ADMIN)
def users():
    return htmx.render("admin/users.html", users=queries.users(), role_labels=ROLE_LABELS,
                       role_descriptions=ROLE_DESCRIPTIONS)


def _save_account(form, write) -> bool:
    """Validate, run `write(school)`, commit; refusals are shown next to their field."""
    if not form.validate_on_submit():
        return False
    school = _chosen_school(form)
    if form.school.errors:
        return False
    try:
        write(school)
    except accounts.AccountError as error:
        db.session.rollback()
        attach_error(form, error)
        return False
    db.session.commit()
    return True


@bp.route("/nguoi-dung/moi", methods=["GET", "POST"])
@role_required(ADMIN)
def user_create():
    form = UserCreateForm()
    _school_choices(form)

    def write(school):
        accounts.create_user(form.email.data, form.password.data, form.role.data,
                             name=form.name.data or "", school=school)

    if _save_account(form, write):
        flash(_("Account %(email)s created.", email=accounts.normalise_email(form.email.data)),
              "success")
        return redirect(url_for("admin.users"), 303)
    form.password.data = ""
    return render_template("admin/user_form.html", form=form, user=None,
                           role_descriptions=ROLE_DESCRIPTIONS), _status()


@bp.route("/nguoi-dung/<int:user_id>", methods=["GET", "POST"])
@role_required(ADMIN)
def user_edit(user_id: int):
    user = _get_user(user_id)
    form = UserEditForm(obj=user if request.method == "GET" else None)
    _school_choices(form)
    if request.method == "GET":
        form.school.data = user.school.slug if user.school else ""

    def write(school):
        accounts.update_user(user, name=form.name.data or "", role=form.role.data, school=school)

    if _save_account(form, write):
        flash(_("Account %(email)s saved.", email=user.email), "success")
        return redirect(url_for("admin.users"), 303)
    return render_template("admin/user_form.html", form=form, user=user, action_form=EmptyForm(),
                           role_descriptions=ROLE_DESCRIPTIONS), _status()


def _status() -> int:
    """A form page answers 422 when what was posted could not be saved."""
    return 422 if request.method == "POST" else 200


@bp.route("/nguoi-dung/<int:user_id>/trang-thai", methods=["POST"])
@role_required(ADMIN)
def user_toggle_active(user_id: int):
    user = _get_user(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        accounts.set_active(user, not user.active, actor=current_user._get_current_object())
    except accounts.AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        message = (_("Account %(email)s reactivated.", email=user.email) if user.active
                   else _("Account %(email)s deactivated; its sessions have ended.", email=user.email))
        flash(message, "success")
    return redirect(url_for("admin.user_edit", user_id=user.id), 303)


@bp.route("/nguoi-dung/<int:user_id>/mat-khau", methods=["POST"])
@role_required(ADMIN)
def user_reset_password(user_id: int):
    user = _get_user(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    # A random passphrase the admin passes on; shown once, never stored in clear.
    password = "-".join(secrets.token_urlsafe(6) for _i in range(3))
    accounts.set_password(user, password, actor=current_user._get_current_object())
    db.session.commit()
    return render_template("admin/password_reset.html", user=user, password=password)


# --- audit log (admin only) ------------------------------------------------------------

@bp.route("/nhat-ky")
@role_required(ADMIN)
def audit_log():
    form = AuditFilterForm(request.args)
    form.action.choices = [SelectChoice("", _("All actions"))] + [
        SelectChoice(a, action_label(a)) for a in queries.audit_actions()
    ]
    page = int_arg("trang", 1)
    valid = form.validate()
    pagination = queries.audit_page(
        max(page, 1),
        actor=form.actor.data or "",
        action=form.action.data or "",
        date_from=form.date_from.data if valid else None,
        date_to=form.date_to.data if valid else None,
    )
    return htmx.render("admin/audit.html", "admin/_audit_rows.html", form=form,
                       pagination=pagination, audit_object=audit_object,
                       audit_changes=audit_changes, audit_note=audit_note,
                       audit_summary=audit_summary,
                       status=200 if valid else 422)


# What the log calls each object type, and the staff page where it is worked on
# (endpoint, argument name); types without a page of their own are shown without a link.
OBJECT_TYPES = {
    "User": (_l("Account"), "admin.user_edit", "user_id"),
    "Post": (_l("Post"), "admin.content.post_edit", "post_id"),
    "Campaign": (_l("Campaign"), "admin.content.campaign_edit", "campaign_id"),
    "Document": (_l("Legal document"), "admin.content.document_edit", "document_id"),
    "Media": (_l("Picture or file"), None, None),
    "Guide": (_l("Guide"), None, None),
    "Alert": (_l("Warning"), "admin.alerts.show", "alert_id"),
    "Contest": (_l("Contest"), "admin.contest.edit", "contest_id"),
    "Entry": (_l("Contest entry"), "admin.contest.entry", "entry_id"),
    "Review": (_l("Judge's review"), None, None),
    "School": (_l("School"), "admin.schools.school", "school_id"),
    "Activity": (_l("School activity"), "admin.schools.activity", "activity_id"),
    "Framework": (_l("Green-school framework"), "admin.schools.framework", None),
}
GONE_AFTER = {"activity.delete"}
FIELD_LABELS = {"name": _l("Name"), "role": _l("Role"), "school": _l("School")}


def audit_object(entry) -> tuple[str, str | None]:
    """(readable object type, link to its staff page or None)."""
    if not entry.object_type:
        return "", None
    label, endpoint, arg = OBJECT_TYPES.get(entry.object_type, (entry.object_type, None, None))
    href = None
    if entry.action in GONE_AFTER:
        endpoint = None  # the item no longer exists: its page would be a 404
    if endpoint and arg is None:
        href = url_for(endpoint)
    elif endpoint and entry.object_id.isdigit():
        href = url_for(endpoint, **{arg: int(entry.object_id)})
    return str(label), href


def _shown(key: str, value) -> str:
    if value is None or value == "":
        return _("(empty)")
    if key == "role" and value in ROLE_LABELS:
        return str(ROLE_LABELS[value])
    return str(value)


def audit_changes(entry) -> list[tuple[str, str, str]]:
    """(what, old, new) for each change the entry's details carry."""
    details = entry.details or {}
    out = []
    if "old" in details or "new" in details:
        out.append(("", _shown("", details.get("old")), _shown("", details.get("new"))))
    changes = details.get("changes")
    if isinstance(changes, dict):
        for key, pair in changes.items():
            if isinstance(pair, (list, tuple)) and len(pair) == 2:
                what = FIELD_LABELS.get(key) or LABELS.get(key) or key
                out.append((str(what), _shown(key, pair[0]), _shown(key, pair[1])))
    if "before" in details:
        out.append(("", _shown("", details["before"]), _shown("", entry.summary)))
    return out


SYNC_PARTS = {"guides": _l("Guides"), "documents": _l("Legal documents"),
              "green-school criteria": _l("Green-school criteria")}
_SYNC_PART = re.compile(r"([\w -]+): (\d+) created, (\d+) updated, (\d+) archived, (\d+) unchanged")


def audit_summary(entry) -> str:
    """The entry's summary; a content sync's English tally is put into words."""
    if entry.action != "content.sync":
        return entry.summary
    parts = []
    for name, created, updated, archived, unchanged in _SYNC_PART.findall(entry.summary):
        what = SYNC_PARTS.get(name.strip(), name.strip())
        parts.append(_("%(what)s: %(created)s added, %(updated)s changed, %(archived)s archived, "
                       "%(unchanged)s unchanged", what=what, created=created, updated=updated,
                       archived=archived, unchanged=unchanged))
    return "; ".join(parts) or entry.summary


def audit_note(entry) -> str:
    """A reason or a comment kept with the entry (a cancelled warning, a rejected entry…)."""
    details = entry.details or {}
    if details.get("reason"):
        return _("Reason: %(reason)s", reason=details["reason"])
    if details.get("comment"):
        return _("Comment: %(comment)s", comment=details["comment"])
    return ""


# --- site settings (admin only) --------------------------------------------------------

def _settings_field(key: str):
    label, hint = LABELS[key], HINTS.get(key)
    if key in BOOLEAN_KEYS:
        return BooleanField(label, description=hint)
    first = DataRequired() if key in REQUIRED_KEYS else Optional()
    if key in PHONE_KEYS:
        return TelField(label, description=hint, validators=[
            first, Length(max=30), VietnamesePhone(emergency=key in SHORT_NUMBER_KEYS)])
    if key in EMAIL_KEYS:
        return EmailField(label, description=hint, validators=[
            first, Length(max=254), Email(check_deliverability=False)])
    return StringField(label, description=hint, validators=[first, Length(max=200)])


# One field per setting, in the order of `SiteSettings`.
SettingsForm = type("SettingsForm", (FlaskForm,), {key: _settings_field(key) for key in KEYS})


@bp.route("/cai-dat", methods=["GET", "POST"])
@role_required(ADMIN)
def settings():
    current = site_settings()
    form = SettingsForm(data={key: (getattr(current, key) == "1") if key in BOOLEAN_KEYS
                              else getattr(current, key) for key in KEYS})
    if form.validate_on_submit():
        values = {key: ("1" if form[key].data else "") if key in BOOLEAN_KEYS else form[key].data
                  for key in KEYS}
        try:
            changes = save_settings(values, actor=current_user._get_current_object())
        except SettingsError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("Settings saved.") if changes else _("Nothing changed."), "success")
            return redirect(url_for("admin.settings"), 303)
    return render_template("admin/settings.html", form=form), _status()
