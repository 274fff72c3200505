"""Every write on warnings, each with its audit entry."""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import audit
from ..extensions import db
from ..settings import site_settings
from ..web.timeutil import to_local, utcnow
from . import queries
from .models import Alert

audit.register_actions({
    "alert.create": _l("Warning drafted"), "alert.update": _l("Warning draft changed"),
    "alert.publish": _l("Warning published"), "alert.supersede": _l("Warning update started"),
    "alert.cancel": _l("Warning cancelled"),
})

FIELDS = ("status", "hazard", "category", "event", "urgency", "severity", "certainty",
          "risk_level", "headline", "description", "instruction", "headline_en",
          "description_en", "instruction_en", "effective", "onset", "expires", "areas",
          "source_agency", "source_issued_at")
# Our own mapping from the Vietnamese risk level to CAP severity (DOMAIN.md §3: not official).
LEVEL_SEVERITY = {1: "Minor", 2: "Moderate", 3: "Severe", 4: "Extreme", 5: "Extreme"}


class AlertError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def new_identifier() -> str:
    stamp = to_local(utcnow()).strftime("%Y%m%d-%H%M")
    return f"KS-{stamp}-{secrets.token_hex(3)}"


def _sender() -> str:
    return site_settings().email or "canhbao@kesat.invalid"


def _check(data: dict) -> None:
    if data["expires"] <= data["effective"]:
        raise AlertError(_("The warning must expire after it takes effect."), field="expires")
    if data.get("onset") and data["onset"] > data["expires"]:
        raise AlertError(_("The onset must come before the warning expires."), field="onset")
    if not data.get("areas"):
        raise AlertError(_("Choose at least one area."), field="areas")


def create_draft(data: dict, *, actor=None, msg_type: str = "Alert", references=None) -> Alert:
    _check(data)
    alert = Alert(identifier=new_identifier(), sender=_sender(), msg_type=msg_type,
                  references=references, created_by_id=getattr(actor, "id", None))
    for key in FIELDS:
        if key in data:
            setattr(alert, key, data[key])
    db.session.add(alert)
    audit.record("alert.create", alert, alert.headline, actor=actor, msg_type=msg_type)
    return alert


def update_draft(alert: Alert, data: dict, *, version: int | None, actor=None) -> Alert:
    if alert.sent is not None:
        raise AlertError(_("A published warning cannot be edited: publish an update instead."))
    if version is not None and version != alert.version:
        raise AlertError(_("Someone else saved this draft since you opened it. Reload the page."))
    _check(data)
    for key in FIELDS:
        if key in data:
            setattr(alert, key, data[key])
    alert.updated_at = utcnow()
    alert.version += 1
    audit.record("alert.update", alert, alert.headline, actor=actor)
    return alert


def _latest_check(alert: Alert) -> None:
    if alert.sent is None or alert.msg_type == "Cancel":
        raise AlertError(_("Only a published warning can be updated or cancelled."))
    if queries.successors([alert]).get(alert.id) is not None:
        raise AlertError(_("This warning has already been replaced; act on the latest message."))


def publish(alert: Alert, *, actor) -> Alert:
    if alert.sent is not None:
        raise AlertError(_("This warning is already published."))
    if site_settings().alerts_need_second_person:
        if actor.role != "admin" or actor.id == alert.created_by_id:
            raise AlertError(_("Publishing needs a second person: an administrator other than "
                               "the author publishes this draft."))
    if alert.references is not None:
        _latest_check(alert.references)
    if alert.expires <= utcnow():
        raise AlertError(_("This warning has already expired: change its times first."), field="expires")
    alert.sent = utcnow()
    alert.published_by_id = actor.id
    alert.version += 1
    audit.record("alert.publish", alert, alert.headline, actor=actor, identifier=alert.identifier,
                 msg_type=alert.msg_type, level=alert.risk_level)
    return alert


def start_update(alert: Alert, *, actor) -> Alert:
    """A new draft that will replace `alert` when published (CAP msgType Update)."""
    _latest_check(alert)
    data = {key: getattr(alert, key) for key in FIELDS}
    data["areas"] = list(alert.areas)
    draft = create_draft(data, actor=actor, msg_type="Update", references=alert)
    audit.record("alert.supersede", alert, alert.headline, actor=actor, draft=draft.identifier)
    return draft


def cancel(alert: Alert, reason: str, *, actor) -> Alert:
    """Publish a Cancel message for `alert` at once, with the reason people will read."""
    reason = reason.strip()
    if not reason:
        raise AlertError(_("Say why the warning is cancelled."), field="reason")
    _latest_check(alert)
    now = utcnow()
    message = Alert(
        identifier=new_identifier(), sender=_sender(), msg_type="Cancel", references=alert,
        status=alert.status, hazard=alert.hazard, category=alert.category, event=alert.event,
        urgency="Past", severity=alert.severity, certainty=alert.certainty,
        risk_level=alert.risk_level, headline=_("Cancelled: %(headline)s", headline=alert.headline)[:160],
        description=reason, instruction="", effective=now,
        expires=max(alert.expires, now + timedelta(hours=1)),
        areas=list(alert.areas), note=reason[:300], created_by_id=actor.id,
        published_by_id=actor.id, sent=now)
    db.session.add(message)
    audit.record("alert.cancel", alert, alert.headline, actor=actor, reason=reason[:200],
                 cancel=message.identifier)
    return message
