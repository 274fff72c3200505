"""Staff pages of the warnings, under /quan-tri/canh-bao: from template to publication."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ..auth.forms import EmptyForm
from ..extensions import db
from ..settings import site_settings
from ..web.forms import save, version_of
from ..web.timeutil import local_to_utc, to_local, utcnow
from . import documents, operations, queries, speech
from .catalogue import catalogue
from .forms import AlertForm, CancelForm
from .levels import LEVELS, STATE_LABELS
from .models import Alert
from .routes import alert_context

admin_bp = Blueprint("alerts", __name__, url_prefix="/canh-bao")


def _actor():
    return current_user._get_current_object()


def _get(alert_id: int) -> Alert:
    return db.get_or_404(Alert, alert_id)


@admin_bp.route("/")
def index():
    alerts = queries.staff_list()
    successors = queries.successors(alerts)
    rows = [(a, queries.state(a, successors.get(a.id))) for a in alerts]
    return render_template("alerts/admin/index.html", rows=rows, hazards=catalogue().hazards,
                           state_labels=STATE_LABELS, levels=LEVELS)


def _choices(form: AlertForm) -> None:
    data = catalogue()
    form.hazard.choices = [SelectChoice(k, h.name) for k, h in data.hazards.items()]
    form.risk_level.choices = [SelectChoice("", _("none"))] + [
        SelectChoice(str(n), str(v["name"])) for n, v in LEVELS.items()]
    form.areas.choices = [SelectChoice(k, a.name) for k, a in data.areas.items()]


def _fill_from_template(form: AlertForm, hazard_key: str, level: int | None) -> None:
    data = catalogue()
    hazard = data.hazard(hazard_key)
    template = hazard.template(level)
    values = {"commune": "Kẻ Sặt", "level": level or ""}

    values["commune"] = site_settings().commune_name
    form.hazard.data = hazard.key
    form.risk_level.data = str(level or "")
    form.headline.data = str(template.get("headline", hazard.name)).format(**values)
    form.description.data = str(template.get("description", "")).format(**values)
    form.instruction.data = str(template.get("instruction", "")).strip().format(**values)
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
        "areas": [a for a in form.areas.data if a in catalogue().areas],
        "effective": local_to_utc(form.effective.data),
        "onset": local_to_utc(form.onset.data) if form.onset.data else None,
        "expires": local_to_utc(form.expires.data),
        "urgency": form.urgency.data, "severity": form.severity.data,
        "certainty": form.certainty.data, "status": form.status.data,
        "source_agency": (form.source_agency.data or "").strip(),
        "source_issued_at": local_to_utc(form.source_issued_at.data) if form.source_issued_at.data else None,
    }


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
        return render_template("alerts/admin/form.html", form=form, alert=None)
    alert = save(form, lambda: operations.create_draft(_data(form), actor=_actor()),
                 (operations.AlertError,))
    if alert is not None:
        flash(_("Draft saved. Check the previews, then publish."), "success")
        return redirect(url_for("admin.alerts.edit", alert_id=alert.id), 303)
    return render_template("alerts/admin/form.html", form=form, alert=None), 422


@admin_bp.route("/<int:alert_id>", methods=["GET", "POST"])
def edit(alert_id: int):
    alert = _get(alert_id)
    if alert.sent is not None:
        return redirect(url_for("admin.alerts.show", alert_id=alert.id))
    form = AlertForm(obj=alert if request.method == "GET" else None)
    _choices(form)
    if request.method == "GET":
        form.risk_level.data = str(alert.risk_level or "")
        form.areas.data = list(alert.areas)
        form.version.data = str(alert.version)
        for name in ("effective", "onset", "expires", "source_issued_at"):
            value = getattr(alert, name)
            getattr(form, name).data = to_local(value).replace(tzinfo=None) if value else None
        return render_template("alerts/admin/form.html", form=form, alert=alert,
                               action_form=EmptyForm())
    version = version_of(form.version)
    if save(form, lambda: operations.update_draft(alert, _data(form), actor=_actor(), version=version),
            (operations.AlertError,)) is not None:
        flash(_("Draft saved. Check the previews, then publish."), "success")
        return redirect(url_for("admin.alerts.edit", alert_id=alert.id), 303)
    return render_template("alerts/admin/form.html", form=form, alert=alert,
                           action_form=EmptyForm()), 422


@admin_bp.route("/<int:alert_id>/xem", methods=["GET"])
def show(alert_id: int):
    """A message as staff see it: state, previews (banner, page, print, loudspeaker, CAP)
    and what can be done next."""
    return _render_show(_get(alert_id), CancelForm())


def _render_show(alert: Alert, cancel_form: CancelForm):

    successor = queries.successors([alert]).get(alert.id)
    context = alert_context(alert, successor)
    spoken = documents.loudspeaker_text(context)
    return render_template("alerts/admin/show.html", action_form=EmptyForm(),
                           cancel_form=cancel_form, loa_seconds=speech.reading_seconds(spoken),
                           **context)


@admin_bp.route("/<int:alert_id>/xem-truoc/<kind>")
def preview(alert_id: int, kind: str):
    """Previews of a draft exactly as the public will get it."""

    alert = _get(alert_id)
    context = alert_context(alert)
    if kind == "cap":
        return documents.cap(context, mimetype="application/xml")
    if kind == "loa":
        return documents.loudspeaker_page(context, preview=True)
    if kind == "in":
        return documents.print_view(context)
    abort(404)


@admin_bp.route("/<int:alert_id>/dang", methods=["POST"])
def publish(alert_id: int):
    alert = _get(alert_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        operations.publish(alert, actor=_actor())
    except operations.AlertError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("admin.alerts.edit", alert_id=alert.id), 303)
    db.session.commit()
    flash(_("Warning published: %(headline)s", headline=alert.headline), "success")
    return redirect(url_for("admin.alerts.show", alert_id=alert.id), 303)


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
    if save(form, lambda: operations.cancel(alert, form.reason.data, actor=_actor()),
            (operations.AlertError,)) is not None:
        flash(_("Warning cancelled."), "success")
        return redirect(url_for("admin.alerts.show", alert_id=alert.id), 303)
    return _render_show(alert, form), 422
