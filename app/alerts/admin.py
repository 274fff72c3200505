"""Staff pages of the warnings, under /quan-tri/canh-bao: from template to publication.

A draft goes out by "publish" (or, under the second-person rule, "ask for approval" and an
administrator's "approve and publish"). Every such form carries the draft's version, so what
goes out is the text that was on the screen; the checks themselves live in operations.py.
"""
from __future__ import annotations

import difflib
import re
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from wtforms import SelectChoice

from ..audit.models import AuditEntry
from ..auth.forms import EmptyForm
from ..extensions import db
from ..settings import site_settings
from ..web.errors import render_error
from ..web.forms import attach_error, save, version_of
from ..web.responses import typed
from ..web.timeutil import local_to_utc, to_local, utcnow
from . import documents, operations, queries, speech, wording
from .catalogue import catalogue
from .forms import AlertForm, CancelForm, PublishForm
from .levels import LEVELS, STATE_LABELS
from .models import Alert
from .routes import alert_context

admin_bp = Blueprint("alerts", __name__, url_prefix="/canh-bao")


def _actor():
    return current_user._get_current_object()


def _get(alert_id: int) -> Alert:
    return db.get_or_404(Alert, alert_id)


@admin_bp.errorhandler(OperationalError)
def _database_busy(error: OperationalError):
    """Two people saving the same thing at the same instant on SQLite: a clear 409 that asks
    to try again, never a 500 "database is locked"."""
    db.session.rollback()
    reason = str(error.orig).lower()
    if not any(word in reason for word in ("database is locked", "deadlock detected",
                                           "could not serialize")):
        raise error
    return render_error(409, _("Someone else was saving at the same moment"),
                        _("Nothing was saved. Reload the page, check it, and try again."))


@admin_bp.route("/")
def index():
    alerts = queries.staff_list()
    successors = queries.successors(alerts)
    rows = [(a, queries.state(a, successors.get(a.id))) for a in alerts]
    actor = _actor()
    to_approve = [a for a, state in rows if state == "draft" and a.submitted_at
                  and not operations.needs_approval(a, actor)] \
        if site_settings().alerts_need_second_person else []
    return render_template("alerts/admin/index.html", rows=rows, hazards=catalogue().hazards,
                           state_labels=STATE_LABELS, levels=LEVELS, to_approve=to_approve)


def _choices(form: AlertForm) -> None:
    data = catalogue()
    form.hazard.choices = [SelectChoice(k, h.name) for k, h in data.hazards.items()]
    form.risk_level.choices = [SelectChoice("", _("none"))] + [
        SelectChoice(str(n), str(v["name"])) for n, v in LEVELS.items()]
    form.areas.choices = [SelectChoice(k, a.name) for k, a in data.areas.items()]


class _Fill(dict):
    """Template values; a name the filler does not know stays as written, so the blank check
    finds it instead of the page failing."""

    def __missing__(self, key):
        return "{" + key + "}"


def _filled(text, values: _Fill) -> str:
    text = str(text or "")
    try:
        return text.format_map(values)
    except (ValueError, IndexError, AttributeError):  # stray braces in the content file
        return text


def _fill_from_template(form: AlertForm, hazard_key: str, level: int | None) -> None:
    data = catalogue()
    hazard = data.hazard(hazard_key)
    template = hazard.template(level)
    # Template prose never writes the level as a number: the level field says it, and a
    # template that must name it in the text uses {cap_do}, filled from that field.
    values = _Fill(commune=site_settings().commune_name, cap_do=wording.level_phrase(level))
    form.hazard.data = hazard.key
    form.risk_level.data = str(level or "")
    form.headline.data = _filled(template.get("headline", hazard.name), values)
    form.description.data = _filled(template.get("description", ""), values)
    form.instruction.data = _filled(template.get("instruction", ""), values).strip()
    form.areas.data = ["toan-xa"]
    now = to_local(utcnow()).replace(second=0, microsecond=0, tzinfo=None)
    form.effective.data = now
    form.expires.data = now + timedelta(hours=24)
    form.urgency.data = "Expected"
    form.severity.data = operations.LEVEL_SEVERITY.get(level, "Moderate")
    form.certainty.data = "Likely"
    form.status.data = "Actual"


def _data(form: AlertForm) -> dict:
    hazard = catalogue().hazard(form.hazard.data)
    return {
        "hazard": hazard.key, "event": hazard.event, "category": hazard.cap_category,
        "risk_level": int(form.risk_level.data) if form.risk_level.data else None,
        "headline": form.headline.data.strip(), "description": form.description.data.strip(),
        "instruction": (form.instruction.data or "").strip(),
        "headline_en": (form.headline_en.data or "").strip(),
        "description_en": (form.description_en.data or "").strip(),
        "instruction_en": (form.instruction_en.data or "").strip(),
        "source_agency": (form.source_agency.data or "").strip(),
        "source_issued_at": local_to_utc(form.source_issued_at.data) if form.source_issued_at.data else None,
        "areas": [a for a in form.areas.data if a in catalogue().areas],
        "effective": local_to_utc(form.effective.data),
        "onset": local_to_utc(form.onset.data) if form.onset.data else None,
        "expires": local_to_utc(form.expires.data),
        "urgency": form.urgency.data, "severity": form.severity.data,
        "certainty": form.certainty.data, "status": form.status.data,
    }


def _send_context(alert: Alert | None) -> dict:
    """What the "send out" part of a draft's pages needs: which button, bound to which version,
    and what still keeps the draft from going out."""
    if alert is None or alert.sent is not None:
        return {}
    actor = _actor()
    return {
        "publish_form": PublishForm(version=str(alert.version), formdata=None),
        "needs_approval": operations.needs_approval(alert, actor),
        "two_person": site_settings().alerts_need_second_person,
        "approval_request": _approval_request(alert), "field_labels": operations.FIELD_LABELS,
        "text_problems": wording.problems(
            {n: getattr(alert, n) for n in wording.TEXT_FIELDS} | {"risk_level": alert.risk_level}),
    }


def _approval_request(alert: Alert) -> AuditEntry | None:
    """The latest request for approval of this draft (who asked, when)."""
    if alert.submitted_at is None:
        return None
    action = "alert.cancel_request" if alert.msg_type == "Cancel" else "alert.request"
    # A cancellation is asked for on the warning it cancels; its entry names the Cancel draft.
    about = alert.references_id if alert.msg_type == "Cancel" else alert.id
    entries = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == action, AuditEntry.object_type == "Alert",
        AuditEntry.object_id == str(about)).order_by(AuditEntry.id.desc()).limit(20))
    for entry in entries:
        if alert.msg_type != "Cancel" or (entry.details or {}).get("cancel") == alert.identifier:
            return entry
    return None


def _form_for(alert: Alert) -> AlertForm:
    """The edit form filled from what is saved."""
    form = AlertForm(obj=alert, formdata=None)
    _choices(form)
    form.risk_level.data = str(alert.risk_level or "")
    form.areas.data = list(alert.areas)
    form.version.data = str(alert.version)
    for name in ("effective", "onset", "expires", "source_issued_at"):
        value = getattr(alert, name)
        getattr(form, name).data = to_local(value).replace(tzinfo=None) if value else None
    return form


def _form_page(form: AlertForm, alert: Alert | None, status: int = 200, *, send: bool = True,
               **extra):
    """The draft form. Its text is checked as it stands in the form (a template's blanks, a
    sentence left naming another level), so what to fill in is marked before anything is saved.

    The publish part is left out (`send=False`) when the form shows unsaved text: the button
    would send the saved version, which is not what is on the screen."""
    level = int(form.risk_level.data) if (form.risk_level.data or "").isdigit() else None
    checks = wording.problems({n: getattr(form, n).data for n in wording.TEXT_FIELDS}
                              | {"risk_level": level})
    return render_template("alerts/admin/form.html", form=form, alert=alert, diff_words=diff_words,
                           mark=wording.mark, checks=checks, form_level=level, levels=LEVELS,
                           **(_send_context(alert) if send else {}), **extra), status


def _saved_message(alert: Alert) -> str:
    found = sum(len(wording.blanks(getattr(alert, n))) for n in wording.TEXT_FIELDS)
    if found:
        return _("Draft saved. %(count)d blanks are still to fill in (marked below); the warning "
                 "cannot go out until they are.", count=found)
    return _("Draft saved. Check the previews, then publish.")


@admin_bp.route("/moi", methods=["GET", "POST"])
def create():
    hazard = request.args.get("loai")
    if request.method == "GET" and not hazard:
        return render_template("alerts/admin/choose.html", hazards=catalogue().hazards, levels=LEVELS)
    form = AlertForm()
    _choices(form)
    if request.method == "GET":
        level = request.args.get("cap-do", type=int)
        _fill_from_template(form, hazard, level if level in LEVELS else None)
        return _form_page(form, None)[0]
    alert = save(form, lambda: operations.create_draft(_data(form), actor=_actor()),
                 (operations.AlertError,))
    if alert is not None:
        flash(_saved_message(alert), "success")
        return redirect(url_for("admin.alerts.edit", alert_id=alert.id), 303)
    return _form_page(form, None, 422)


@admin_bp.route("/<int:alert_id>", methods=["GET", "POST"])
def edit(alert_id: int):
    alert = _get(alert_id)
    if alert.sent is not None or alert.msg_type == "Cancel":
        return redirect(url_for("admin.alerts.show", alert_id=alert.id))
    if request.method == "GET":
        return _form_page(_form_for(alert), alert)[0]
    form = AlertForm()
    _choices(form)
    version = version_of(form.version)
    if form.validate():
        try:
            operations.update_draft(alert, _data(form), actor=_actor(), version=version)
        except operations.Conflict as error:
            db.session.rollback()
            form.form_errors.append(str(error))
            return _form_page(form, alert, 409, send=False, changes=error.changes)
        except operations.AlertError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_saved_message(alert), "success")
            return redirect(url_for("admin.alerts.edit", alert_id=alert.id), 303)
    return _form_page(form, alert, 422, send=False)


@admin_bp.route("/<int:alert_id>/xem", methods=["GET"])
def show(alert_id: int):
    """A message as staff see it: state, previews (banner, page, print, loudspeaker, CAP)
    and what can be done next."""
    return _render_show(_get(alert_id), CancelForm())


def _render_show(alert: Alert, cancel_form: CancelForm, status: int = 200, **extra):
    successor = queries.successors([alert]).get(alert.id)
    context = alert_context(alert, successor)
    spoken = documents.loudspeaker_text(context)
    return render_template("alerts/admin/show.html", action_form=EmptyForm(),
                           cancel_form=cancel_form, loa_seconds=speech.reading_seconds(spoken),
                           diff_words=diff_words, mark=wording.mark, **_send_context(alert),
                           **context, **extra), status


def _refused(alert: Alert, error: operations.AlertError):
    """A publish or a request that did not go through, shown where it can be put right: the
    form for what to fix in the text, the message itself for anything else."""
    if isinstance(error, operations.Conflict):
        return _render_show(alert, CancelForm(), 409, refusal=str(error), changes=error.changes)
    if isinstance(error, operations.NotAllowed) or alert.msg_type == "Cancel":
        return _render_show(alert, CancelForm(), error.status, refusal=str(error))
    form = _form_for(alert)
    for field, message in error.errors:
        target = getattr(form, field, None) if field else None
        if target is not None:
            target.errors = [*target.errors, message]
        else:
            form.form_errors.append(message)
    if not form.form_errors:
        form.form_errors.append(_("Nothing was published: put right what is marked below."))
    return _form_page(form, alert, error.status)


def _replaced() -> operations.Conflict:
    return operations.Conflict(_("Another update or a cancellation of this warning went out a "
                                 "moment ago, so this one was not sent. Open the latest message."))


def _on_reviewed_version(alert: Alert, operation):
    """Run `operation` (publish, request_approval) on the version the person reviewed, and
    commit; a refusal comes back as the page where it can be put right, else None."""
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        operation(alert, actor=_actor(), version=version_of(form.version))
        db.session.commit()
    except operations.AlertError as error:
        db.session.rollback()
        return _refused(alert, error)
    except IntegrityError:
        db.session.rollback()
        return _refused(alert, _replaced())
    return None


@admin_bp.route("/<int:alert_id>/dang", methods=["POST"])
def publish(alert_id: int):
    """Publish (or, under the second-person rule, approve and publish) the reviewed version."""
    alert = _get(alert_id)
    refused = _on_reviewed_version(alert, operations.publish)
    if refused is not None:
        return refused
    if alert.msg_type == "Cancel":
        flash(_("Cancellation published: %(headline)s", headline=alert.references.headline), "success")
        return redirect(url_for("admin.alerts.show", alert_id=alert.references_id), 303)
    flash(_("Warning published: %(headline)s", headline=alert.headline), "success")
    return redirect(url_for("admin.alerts.show", alert_id=alert.id), 303)


@admin_bp.route("/<int:alert_id>/gui-duyet", methods=["POST"])
def request_approval(alert_id: int):
    """Under the second-person rule: the author says the draft is ready to go out."""
    alert = _get(alert_id)
    refused = _on_reviewed_version(alert, operations.request_approval)
    if refused is not None:
        return refused
    flash(_("Sent for approval: an administrator who did not write it will read it and publish it."),
          "success")
    return redirect(url_for("admin.alerts.show", alert_id=alert.id), 303)


@admin_bp.route("/<int:alert_id>/xem-truoc/<kind>")
def preview(alert_id: int, kind: str):
    """Previews of a draft as the public will get it, with the blanks still to fill marked.
    `?tho=1` gives the loudspeaker text and the CAP document exactly as machines get them."""
    alert = _get(alert_id)
    context = alert_context(alert)
    if kind == "in":
        return wording.mark_html(documents.print_view(context))
    if kind == "cap":
        response = documents.cap(context, mimetype="application/xml")
        title = _("CAP document")
    elif kind == "loa":
        if not request.args.get("tho"):
            # The radio staff's page itself, both versions, blanks marked (documents.py).
            return documents.loudspeaker_page(context, preview=True)
        response = typed(documents.loudspeaker_text(context), "text/plain")
        title = _("Text for the loudspeakers")
    else:
        abort(404)
    if request.args.get("tho"):
        return response
    return render_template("alerts/admin/preview.html", alert=alert, title=title, kind=kind,
                           body=wording.mark(response.get_data(as_text=True)))


@admin_bp.route("/<int:alert_id>/cap-nhat", methods=["POST"])
def start_update(alert_id: int):
    alert = _get(alert_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        draft = operations.start_update(alert, actor=_actor())
    except operations.AlertError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("admin.alerts.show", alert_id=alert.id), 303)
    db.session.commit()
    flash(_("An update draft was made from the warning: change what is new, then publish it."), "info")
    return redirect(url_for("admin.alerts.edit", alert_id=draft.id), 303)


@admin_bp.route("/<int:alert_id>/huy", methods=["POST"])
def cancel(alert_id: int):
    alert = _get(alert_id)
    form = CancelForm()
    if form.validate():
        try:
            message = operations.cancel(alert, form.reason.data, actor=_actor())
            db.session.commit()
        except operations.Conflict as error:
            db.session.rollback()
            return _render_show(alert, form, 409, refusal=str(error))
        except operations.AlertError as error:
            db.session.rollback()
            attach_error(form, error)
        except IntegrityError:
            db.session.rollback()
            return _render_show(alert, form, 409, refusal=str(_replaced()))
        else:
            if message.sent is None:
                flash(_("Your cancellation waits for an administrator's approval; the warning "
                        "stays in force until then."), "info")
                return redirect(url_for("admin.alerts.show", alert_id=message.id), 303)
            flash(_("Warning cancelled."), "success")
            return redirect(url_for("admin.alerts.show", alert_id=alert.id), 303)
    return _render_show(alert, form, 422)


_WORDS = re.compile(r"\s+|[^\s]+")


def diff_words(old: str, new: str) -> Markup:
    """`new` with the words taken out of `old` in <del> and those put in as <ins>."""
    a, b = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Markup("<del>{}</del>").format("".join(a[i1:i2])))
        if j2 > j1:
            out.append(Markup("<ins>{}</ins>").format("".join(b[j1:j2])))
    return Markup("").join(out)

