"""Typed access to the site settings kept in the database (STYLE §2.6).

Templates get `settings` (a SiteSettings) from the context processor; code calls
site_settings(). One query per request, whatever the number of settings.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from email_validator import EmailNotValidError, validate_email
from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from .. import audit
from ..extensions import db
from ..web import workercache
from ..web.validators import EMERGENCY_MESSAGE, PHONE_MESSAGE, InvalidPhone, normalise_phone
from .models import SiteSetting


@dataclass(frozen=True)
class SiteSettings:
    commune_name: str = "Kẻ Sặt"
    city_name: str = "Hải Phòng"
    centre_name: str = "Trung tâm Dịch vụ sự nghiệp công"
    address: str = ""
    phone: str = ""
    email: str = ""
    emergency_number: str = "112"
    civil_defence_name: str = "Ban Chỉ huy phòng thủ dân sự xã"
    civil_defence_phone: str = ""
    health_station_phone: str = ""
    alerts_two_person: str = ""  # "1": an editor drafts, an admin publishes

    @property
    def alerts_need_second_person(self) -> bool:
        return self.alerts_two_person == "1"

    @property
    def hotlines(self) -> list[tuple[str, str]]:
        """(label, number) pairs to show wherever residents may need help."""
        lines = [(str(_l("Emergency and disaster reporting")), self.emergency_number)]
        if self.civil_defence_phone:
            lines.append((self.civil_defence_name, self.civil_defence_phone))
        if self.health_station_phone:
            lines.append((str(_l("Commune health station")), self.health_station_phone))
        return [(label, number) for label, number in lines if number]


LABELS = {
    "commune_name": _l("Commune name"),
    "city_name": _l("City"),
    "centre_name": _l("Public-service centre"),
    "address": _l("Address"),
    "phone": _l("Phone"),
    "email": _l("Email"),
    "emergency_number": _l("Emergency number"),
    "civil_defence_name": _l("Civil-defence command (name)"),
    "civil_defence_phone": _l("Civil-defence command (phone)"),
    "health_station_phone": _l("Health station (phone)"),
    "alerts_two_person": _l("Warnings need a second person to publish (an editor drafts, an admin publishes)"),
}
HINTS = {
    "phone": _l("For example 0225 3812 345 or 0912 345 678."),
    "emergency_number": _l("112, 113, 114 or 115, a 1800 or 1900 hotline, or a phone number."),
    "civil_defence_phone": _l("For example 0225 3812 345 or 0912 345 678."),
    "health_station_phone": _l("For example 0225 3812 345 or 0912 345 678."),
}
KEYS = tuple(f.name for f in fields(SiteSettings))
REQUIRED_KEYS = frozenset({"commune_name", "city_name", "emergency_number"})
BOOLEAN_KEYS = frozenset({"alerts_two_person"})
# Numbers residents call from the footer, the warnings and the contact page.
PHONE_KEYS = frozenset({"phone", "emergency_number", "civil_defence_phone", "health_station_phone"})
SHORT_NUMBER_KEYS = frozenset({"emergency_number"})  # may be 112–115
EMAIL_KEYS = frozenset({"email"})


class SettingsError(ValueError):
    """A value that cannot be stored; `field` names the setting."""

    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field


def clean_value(key: str, value: str | None) -> str:
    """The value as stored: trimmed, phone numbers in one display format, emails normalised.
    Raises SettingsError for a phone number or an email address that is not one."""
    value = (value or "").strip()
    if not value:
        return value
    if key in PHONE_KEYS:
        emergency = key in SHORT_NUMBER_KEYS
        try:
            return normalise_phone(value, emergency=emergency)
        except InvalidPhone:
            raise SettingsError(key, EMERGENCY_MESSAGE if emergency else PHONE_MESSAGE) from None
    if key in EMAIL_KEYS:
        try:
            return validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError:
            raise SettingsError(key, _l("Invalid email address.")) from None
    return value


def load_settings() -> SiteSettings:
    rows = db.session.execute(select(SiteSetting.key, SiteSetting.value)).all()
    stored = {key: value for key, value in rows if key in KEYS}
    return SiteSettings(**stored)


def site_settings() -> SiteSettings:
    if not has_request_context():
        return load_settings()
    if "site_settings" not in g:
        try:
            g.site_settings = workercache.cached("site_settings", load_settings)
        except SQLAlchemyError:
            # Error pages must still render when the database is down.
            db.session.rollback()
            g.site_settings = SiteSettings()
    return g.site_settings


def save_settings(values: dict[str, str], *, actor=None) -> dict[str, list[str]]:
    """Store changed settings; returns {key: [old, new]} of what changed. Every value is
    checked before anything is written: one bad value raises SettingsError and stores nothing."""
    cleaned = {key: clean_value(key, values[key]) for key in KEYS if key in values}
    current = load_settings()
    rows = {row.key: row for row in db.session.scalars(select(SiteSetting))}
    changes: dict[str, list[str]] = {}
    for key, new in cleaned.items():
        old = getattr(current, key)
        if new == old:
            continue
        changes[key] = [old, new]
        if key in rows:
            rows[key].value = new
        else:
            db.session.add(SiteSetting(key=key, value=new))
    if changes:
        audit.record("settings.update", None, ", ".join(changes), actor=actor, changes=changes)
        workercache.clear("site_settings")
        g.pop("site_settings", None)
    return changes
