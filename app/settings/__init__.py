"""Typed access to the site settings kept in the database (STYLE §2.6).

Templates get `settings` (a SiteSettings) from the context processor; code calls
site_settings(). One query per request, whatever the number of settings.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from .. import audit
from ..extensions import db
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
KEYS = tuple(f.name for f in fields(SiteSettings))
REQUIRED_KEYS = frozenset({"commune_name", "city_name", "emergency_number"})
BOOLEAN_KEYS = frozenset({"alerts_two_person"})


def load_settings() -> SiteSettings:
    rows = db.session.execute(select(SiteSetting.key, SiteSetting.value)).all()
    stored = {key: value for key, value in rows if key in KEYS}
    return SiteSettings(**stored)


def site_settings() -> SiteSettings:
    if not has_request_context():
        return load_settings()
    if "site_settings" not in g:
        try:
            g.site_settings = load_settings()
        except SQLAlchemyError:
            # Error pages must still render when the database is down.
            db.session.rollback()
            g.site_settings = SiteSettings()
    return g.site_settings


def save_settings(values: dict[str, str], *, actor=None) -> dict[str, list[str]]:
    """Store changed settings; returns {key: [old, new]} of what changed."""
    current = load_settings()
    rows = {row.key: row for row in db.session.scalars(select(SiteSetting))}
    changes: dict[str, list[str]] = {}
    for key in KEYS:
        if key not in values:
            continue
        new = (values[key] or "").strip()
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
    return changes
