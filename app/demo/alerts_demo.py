"""Demo warnings from app/demo/content/alerts.yaml, with times relative to the load."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import yaml
from sqlalchemy import select

from ..alerts.catalogue import catalogue
from ..alerts.models import Alert
from ..alerts.operations import LEVEL_SEVERITY
from ..extensions import db
from ..web.timeutil import utcnow

HERE = Path(__file__).parent / "content" / "alerts.yaml"


def load_alerts(sender: str) -> int:
    data = yaml.safe_load(HERE.read_text(encoding="utf-8"))["alerts"]
    existing = set(db.session.scalars(select(Alert.identifier)))
    made: dict[str, Alert] = {}
    now = utcnow().replace(minute=0, second=0, microsecond=0)  # bulletins give whole hours
    added = 0
    for raw in data:
        identifier = f"KS-DEMO-{raw['ref']}"
        if identifier in existing:
            made[raw["ref"]] = db.session.scalar(select(Alert).where(Alert.identifier == identifier))
            continue
        hazard = catalogue().hazard(raw["hazard"])
        effective = now + timedelta(hours=float(raw["effective_hours"]))
        level = raw.get("level")
        alert = Alert(
            identifier=identifier, sender=sender, msg_type=raw.get("msg_type", "Alert"),
            references=made.get(raw.get("updates") or ""), hazard=hazard.key, event=hazard.event,
            category=hazard.cap_category, risk_level=level,
            urgency=raw.get("urgency", "Expected"),
            severity=raw.get("severity") or LEVEL_SEVERITY.get(level, "Moderate"),
            certainty=raw.get("certainty", "Likely"), headline=raw["headline"].strip(),
            description=raw.get("description", "").strip(), instruction=raw.get("instruction", "").strip(),
            effective=effective, expires=now + timedelta(hours=float(raw["expires_hours"])),
            areas=list(raw.get("areas") or ["toan-xa"]), note=(raw.get("note") or "").strip()[:300],
            source_agency=(raw.get("source_agency") or "").strip(),
            source_issued_at=(effective + timedelta(hours=float(raw["source_hours"]))
                              if raw.get("source_hours") is not None else None),
            sent=effective - timedelta(minutes=20), created_at=effective - timedelta(minutes=40),
        )
        db.session.add(alert)
        made[raw["ref"]] = alert
        added += 1
    return added
