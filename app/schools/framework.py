"""The green-school criteria framework, one per school year, from
content/truong-hoc-xanh/<school year>.yaml (SPEC §3.4). `flask content sync` creates a year's
framework and keeps it in line with its file, idempotently; once an admin has edited a year in
the staff area (`edited`), the file no longer overwrites it. Groups and criteria are matched by
their `key`, so a criterion keeps its id (and the activities and confirmations citing it)
across syncs."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml
from sqlalchemy import select

from ..content.sync import ContentError, Report, register_sync
from ..extensions import db
from .models import CriteriaGroup, Framework, GreenCriterion

FOLDER = "truong-hoc-xanh"
YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def _load(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ContentError(f"{path.name}: {error}") from None
    year = str(data.get("school_year", ""))
    match = YEAR.match(year)
    if not match or int(match.group(2)) != int(match.group(1)) + 1 or path.stem != year:
        raise ContentError(f"{path.name}: school_year must be like 2026-2027 and match the file")
    for key in ("title", "starts_on", "ends_on", "groups"):
        if not data.get(key):
            raise ContentError(f"{path.name}: '{key}' is missing")
    if not all(isinstance(data[k], date) for k in ("starts_on", "ends_on")):
        raise ContentError(f"{path.name}: starts_on and ends_on must be dates (YYYY-MM-DD)")
    thresholds = data.get("thresholds") or {}
    achieved, exemplary = thresholds.get("achieved", 60), thresholds.get("exemplary", 90)
    if not (isinstance(achieved, int) and isinstance(exemplary, int)
            and 1 <= achieved <= exemplary <= 100):
        raise ContentError(f"{path.name}: thresholds must satisfy 1 ≤ achieved ≤ exemplary ≤ 100")
    keys = set()
    for group in data["groups"]:
        if not group.get("key") or not group.get("name") or not group.get("criteria"):
            raise ContentError(f"{path.name}: every group needs a key, a name and criteria")
        for criterion in group["criteria"]:
            if not criterion.get("key") or not criterion.get("name"):
                raise ContentError(f"{path.name}: every criterion needs a key and a name")
            if criterion["key"] in keys:
                raise ContentError(f"{path.name}: criterion key {criterion['key']} repeats")
            keys.add(criterion["key"])
    return data | {"achieved": achieved, "exemplary": exemplary}


def _set(obj, report_changes: list, **values) -> None:
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            report_changes.append(name)


def apply(data: dict) -> tuple[Framework, bool, bool]:
    """Create or update a year's framework from its data. Returns (framework, created,
    changed)."""
    framework = db.session.scalar(select(Framework).where(
        Framework.school_year == data["school_year"]))
    created = framework is None
    if created:
        framework = Framework(school_year=data["school_year"], groups=[])
        db.session.add(framework)
    changes: list[str] = []
    _set(framework, changes, title=data["title"], starts_on=data["starts_on"],
         ends_on=data["ends_on"], achieved_pct=data["achieved"],
         exemplary_pct=data["exemplary"], steps=list(data.get("steps") or []))
    groups = {g.key: g for g in framework.groups}
    for gpos, gdata in enumerate(data["groups"]):
        group = groups.get(gdata["key"])
        if group is None:
            group = CriteriaGroup(key=gdata["key"], criteria=[])
            framework.groups.append(group)
            changes.append(f"group {gdata['key']}")
        _set(group, changes, name=gdata["name"], position=gpos)
        criteria = {c.key: c for c in group.criteria}
        for cpos, cdata in enumerate(gdata["criteria"]):
            criterion = criteria.get(cdata["key"])
            if criterion is None:
                criterion = GreenCriterion(key=cdata["key"])
                group.criteria.append(criterion)
                changes.append(f"criterion {cdata['key']}")
            _set(criterion, changes, name=cdata["name"], evidence=cdata.get("evidence", ""),
                 position=cpos)
    if changes and not created:
        framework.version += 1
    return framework, created, bool(changes) and not created


def sync_frameworks(root: Path) -> Report:
    report = Report()
    folder = root / FOLDER
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = _load(path)
        existing = db.session.scalar(select(Framework).where(
            Framework.school_year == data["school_year"]))
        if existing is not None and existing.edited:
            report.unchanged += 1  # edited by an admin: the staff area is the source now
            continue
        framework, created, changed = apply(data)
        if created:
            report.created.append(framework.school_year)
        elif changed:
            report.updated.append(framework.school_year)
        else:
            report.unchanged += 1
    return report


def init_app(_app) -> None:
    register_sync("green-school criteria", sync_frameworks)
