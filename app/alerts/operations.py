"""Every write on warnings, each with its audit entry.

Publishing is the write that reaches thousands of people, so it is guarded three ways:
- the words: no blank left from a template, no sentence naming another risk level (wording.py);
- the second person (site setting `alerts_two_person`): an author asks, an admin who wrote none
  of it approves; a cancellation asked for by an author waits as a Cancel draft;
- the text reviewed: publishing names the version that was on the reviewer's screen, and the
  message goes out only if it is still that version (one conditional UPDATE, so of several
  simultaneous publishes exactly one wins); a unique index lets one published successor per
  message through, so two updates of one warning cannot both go live.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from .. import audit
from ..audit.models import AuditEntry
from ..extensions import db
from ..settings import site_settings
from ..web.timeutil import to_local, utcnow
from . import banner, queries, wording
from .catalogue import catalogue
from .levels import LEVELS
from .models import Alert

audit.register_actions({
    "alert.create": _l("Warning drafted"), "alert.update": _l("Warning draft changed"),
    "alert.publish": _l("Warning published"), "alert.supersede": _l("Warning update started"),
    "alert.cancel": _l("Warning cancelled"), "alert.request": _l("Warning sent for approval"),
    "alert.cancel_request": _l("Warning cancellation sent for approval"),
})

FIELDS = ("status", "hazard", "category", "event", "urgency", "severity", "certainty",
          "risk_level", "headline", "description", "instruction", "headline_en",
          "description_en", "instruction_en", "effective", "onset", "expires", "areas",
          "source_agency", "source_issued_at")
# Our own mapping from the Vietnamese risk level to CAP severity (DOMAIN.md §3: not official).
LEVEL_SEVERITY = {1: "Minor", 2: "Moderate", 3: "Severe", 4: "Extreme", 5: "Extreme"}
# What a reviewer reads, in the order the form shows it (labels for "what changed").
FIELD_LABELS = {
    "hazard": _l("Hazard"), "risk_level": _l("Disaster risk level"), "headline": _l("Headline"),
    "description": _l("Situation"), "instruction": _l("What to do"), "areas": _l("Areas"),
    "effective": _l("In force from"), "onset": _l("Expected to start"), "expires": _l("Until"),
    "urgency": _l("Urgency"), "severity": _l("Severity"), "certainty": _l("Certainty"),
    "status": _l("Kind of message"), "headline_en": _l("Headline in English"),
    "description_en": _l("Situation in English"), "instruction_en": _l("What to do, in English"),
}


class AlertError(ValueError):
    """A refusal with a translated message, shown next to `field` (or on top). `errors` holds
    several (field, message) pairs when one check finds several things to fix."""

    status = 422

    def __init__(self, message: str, field: str | None = None, errors=None):
        super().__init__(message)
        self.field = field
        self.errors: list[tuple[str | None, str]] = errors or [(field, message)]


class NotAllowed(AlertError):
    """The second-person rule: this person may not send this message out."""

    status = 403


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: str
    new: str


class Conflict(AlertError):
    """The message is not what the person saw: changed since, or already sent. `changes` says
    what changed, field by field, between the version they saw and now."""

    status = 409

    def __init__(self, message: str, changes: list[Change] | None = None):
        super().__init__(message)
        self.changes = changes or []


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


# --- what a reviewer compares -------------------------------------------------------------

def shown(alert: Alert, name: str) -> str:
    """A field's value as a person reads it (for "what changed")."""
    value = getattr(alert, name)
    return display(name, value)


def display(name: str, value) -> str:
    if value is None or value == "":
        return ""
    if name in ("effective", "onset", "expires"):
        return to_local(value).strftime("%H:%M %d/%m/%Y")
    if name == "areas":
        return ", ".join(catalogue().area_names(value))
    if name == "risk_level":
        return str(LEVELS[value]["name"]) if value in LEVELS else str(value)
    if name == "hazard":
        return catalogue().hazard(value).name
    return str(value)


def changes_since(alert: Alert, version: int | None) -> list[Change]:
    """What changed in `alert` after `version`, field by field: the value at that version (from
    the audit entries every save leaves) against the value now."""
    if version is None or not 1 <= version < alert.version:
        return []  # no version, or one this draft never had: nothing reliable to compare
    entries = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "alert.update", AuditEntry.object_type == "Alert",
        AuditEntry.object_id == str(alert.id)).order_by(AuditEntry.id))
    old: dict[str, str] = {}
    for entry in entries:
        details = entry.details or {}
        if not isinstance(details.get("version"), int) or details["version"] <= version:
            continue
        for name, pair in (details.get("changes") or {}).items():
            old.setdefault(name, pair[0])
    result = []
    for name, label in FIELD_LABELS.items():
        if name in old and old[name] != shown(alert, name):
            result.append(Change(name, str(label), old[name], shown(alert, name)))
    return result


# --- checks before anything goes out --------------------------------------------------------

def text_problems(alert: Alert) -> list[tuple[str, str]]:
    """(field, message) for every blank and every sentence naming another level."""
    found = []
    level = alert.risk_level
    for name, entry in wording.problems({n: getattr(alert, n) for n in wording.TEXT_FIELDS}
                                        | {"risk_level": level}).items():
        if entry["blanks"]:
            found.append((name, _("Fill in the blanks before publishing: %(blanks)s.",
                                  blanks=", ".join(entry["blanks"]))))
        for clash in entry["clashes"]:
            if level:
                found.append((name, _("This sentence names another risk level than the one chosen "
                                      "(%(level)s): “%(sentence)s”. Make the text and the level agree.",
                                      level=LEVELS[level]["name"], sentence=clash.sentence)))
            else:
                found.append((name, _("No risk level is chosen, but this sentence names one: "
                                      "“%(sentence)s”. Choose the level, or take it out of the text.",
                                      sentence=clash.sentence)))
    return found


def _latest_check(alert: Alert) -> None:
    if alert.sent is None or alert.msg_type == "Cancel":
        raise AlertError(_("Only a published warning can be updated or cancelled."))
    if queries.successors([alert]).get(alert.id) is not None:
        raise Conflict(_("This warning has already been replaced; act on the latest message."))


def ready_problems(alert: Alert) -> list[tuple[str | None, str]]:
    """Everything that keeps this draft from going out, as (field, message)."""
    found = list(text_problems(alert))
    if alert.msg_type != "Cancel" and alert.expires <= utcnow():
        found.append(("expires", _("This warning has already expired: change its times first.")))
    return found


def approval_problem(alert: Alert, actor) -> str | None:
    """Why `actor` may not send `alert` out under the second-person rule (None: they may)."""
    if not site_settings().alerts_need_second_person:
        return None
    if actor.role != "admin":
        return _("Publishing needs a second person: ask for approval, and an administrator "
                 "who did not write this message approves it.")
    if actor.id in alert.author_ids:
        return _("You wrote or changed this message, or asked for it to go out: another "
                 "administrator approves it.")
    return None


def needs_approval(alert: Alert, actor) -> bool:
    """True when `actor`'s publish of `alert` is a request for someone else's approval."""
    return approval_problem(alert, actor) is not None


def _check_version(alert: Alert, version: int | None) -> None:
    if alert.sent is not None:
        raise Conflict(_("This message was already sent out at %(time)s; nothing was sent again.",
                         time=to_local(alert.sent).strftime("%H:%M %d/%m/%Y")))
    if version is None or version != alert.version:
        raise Conflict(_("This draft was changed after you opened it, so nothing was published. "
                         "Read what changed, then publish again if it is right."),
                       changes_since(alert, version))


# --- writes -------------------------------------------------------------------------------

def _begin_write() -> None:
    """End the reads of this request so that the next statement, the write that decides,
    opens a transaction of its own.

    SQLite lets a transaction that has only read wait for the write lock only if it has not
    read yet: one that read first and then writes while another connection writes gets
    "database is locked" at once, whatever the busy timeout. Starting afresh with the write
    makes SQLite queue the writers (busy_timeout) as PostgreSQL queues them on the row lock;
    each then sees what the one before it committed. Nothing is pending here: only reads end."""
    if db.session.new or db.session.dirty or db.session.deleted:
        raise RuntimeError("a deciding write must not carry unsaved changes along")
    db.session.rollback()


def create_draft(data: dict, *, actor=None, msg_type: str = "Alert", references=None) -> Alert:
    _check(data)
    alert = Alert(identifier=new_identifier(), sender=_sender(), msg_type=msg_type,
                  references=references, created_by_id=getattr(actor, "id", None),
                  updated_by_id=getattr(actor, "id", None))
    for key in FIELDS:
        if key in data:
            setattr(alert, key, data[key])
    db.session.add(alert)
    audit.record("alert.create", alert, alert.headline, actor=actor, msg_type=msg_type)
    return alert


def update_draft(alert: Alert, data: dict, *, version: int | None, actor=None) -> Alert:
    if alert.sent is not None:
        raise AlertError(_("A published warning cannot be edited: publish an update instead."))
    if alert.msg_type == "Cancel":
        raise AlertError(_("A cancellation is not edited: ask for a new one if the reason is wrong."))
    if version is not None and version != alert.version:
        raise Conflict(_("Someone else saved this draft since you opened it. Reload the page."),
                       changes_since(alert, version))
    _check(data)
    before = {key: shown(alert, key) for key in FIELD_LABELS}
    # Claim the version in the same statement that checks it: two saves of one version
    # cannot both pass.
    claimed = db.session.execute(
        update(Alert).where(Alert.id == alert.id, Alert.version == alert.version,
                            Alert.sent.is_(None))
        .values(version=Alert.version + 1).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise Conflict(_("Someone else saved this draft since you opened it. Reload the page."))
    for key in FIELDS:
        if key in data:
            setattr(alert, key, data[key])
    alert.updated_at = utcnow()
    alert.updated_by_id = getattr(actor, "id", None)
    alert.version += 1
    changes = {key: [before[key], shown(alert, key)] for key in FIELD_LABELS
               if before[key] != shown(alert, key)}
    audit.record("alert.update", alert, alert.headline, actor=actor, version=alert.version,
                 changes=changes)
    return alert


def request_approval(alert: Alert, *, actor, version: int | None) -> Alert:
    """The author's "publish" under the second-person rule: checked as for publishing, then
    left for an administrator who wrote none of it."""
    _check_version(alert, version)
    problems = ready_problems(alert)
    if problems:
        raise AlertError(problems[0][1], problems[0][0], errors=problems)
    if alert.references is not None:
        _latest_check(alert.references)
    alert.submitted_at = utcnow()
    alert.submitted_by_id = actor.id
    audit.record("alert.request", alert, alert.headline, actor=actor, version=alert.version,
                 msg_type=alert.msg_type)
    return alert


def publish(alert: Alert, *, actor, version: int | None) -> Alert:
    """Send the draft out, as it was at `version` (the version the person reviewed).

    Exactly one of several simultaneous publishes wins: the UPDATE below sets `sent` only if
    the draft is still unsent and still at `version`, and the database runs such UPDATEs one
    at a time on a row (PostgreSQL's row lock, SQLite's single writer). A second update or
    cancel of the same warning fails on the unique index (IntegrityError → 409 in the view)."""
    _check_version(alert, version)
    refusal = approval_problem(alert, actor)
    if refusal:
        raise NotAllowed(refusal)
    problems = ready_problems(alert)
    if problems:
        raise AlertError(problems[0][1], problems[0][0], errors=problems)
    if alert.references is not None:
        _latest_check(alert.references)
    now = utcnow()
    values = {"sent": now, "published_by_id": actor.id, "version": Alert.version + 1}
    if alert.msg_type == "Cancel":  # a cancellation takes effect when it goes out
        values.update(effective=now, expires=max(alert.references.expires, now + timedelta(hours=1)))
    alert_id = alert.id
    _begin_write()
    claimed = db.session.execute(
        update(Alert).where(Alert.id == alert_id, Alert.sent.is_(None), Alert.version == version)
        .values(**values).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise Conflict(_("Someone else published or changed this message at the same moment; "
                         "nothing was sent twice. Reload the page to see it."))
    db.session.refresh(alert)
    approval = {"approved_for": alert.submitted_by_id} if alert.submitted_at else {}
    if alert.msg_type == "Cancel":
        audit.record("alert.cancel", alert.references, alert.references.headline, actor=actor,
                     reason=alert.description[:200], cancel=alert.identifier, **approval)
    else:
        audit.record("alert.publish", alert, alert.headline, actor=actor,
                     identifier=alert.identifier, msg_type=alert.msg_type, level=alert.risk_level,
                     version=version, **approval)
    banner.clear()  # this worker's banner shows it at once; the others within seconds
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
    """A Cancel message for `alert`, with the reason people will read. It goes out at once, or,
    under the second-person rule, waits as a Cancel draft for an administrator's approval."""
    reason = reason.strip()
    if not reason:
        raise AlertError(_("Say why the warning is cancelled."), field="reason")
    _latest_check(alert)
    found = wording.blanks(reason)
    if found:
        raise AlertError(_("Fill in the blanks before publishing: %(blanks)s.",
                           blanks=", ".join(found)), field="reason")
    now = utcnow()
    message = Alert(
        identifier=new_identifier(), sender=_sender(), msg_type="Cancel", references_id=alert.id,
        status=alert.status, hazard=alert.hazard, category=alert.category, event=alert.event,
        urgency="Past", severity=alert.severity, certainty=alert.certainty,
        risk_level=alert.risk_level, headline=_("Cancelled: %(headline)s", headline=alert.headline)[:160],
        description=reason, instruction="", effective=now,
        expires=max(alert.expires, now + timedelta(hours=1)),
        areas=list(alert.areas), note=reason[:300], created_by_id=actor.id,
        updated_by_id=actor.id)
    if needs_approval(message, actor):
        message.submitted_at = now
        message.submitted_by_id = actor.id
        db.session.add(message)
        audit.record("alert.cancel_request", alert, alert.headline, actor=actor,
                     reason=reason[:200], cancel=message.identifier)
        return message
    message.sent = now
    message.published_by_id = message.created_by_id
    _begin_write()
    db.session.add(message)
    db.session.flush()  # the unique index speaks first if another successor just went out
    audit.record("alert.cancel", alert, alert.headline, actor=actor, reason=reason[:200],
                 cancel=message.identifier)
    banner.clear()
    return message
