"""`flask content sync`: content/ is the source of truth for guides and documents.

Idempotent: unchanged files change nothing; guides whose file was removed are archived;
the report says what changed. Runs in `make run` and after every deploy.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..web.timeutil import utcnow
from . import categories
from .indexing import index_document, index_guide
from .models import Document, Guide

FRONT_MATTER_KEYS = {"title", "slug", "summary", "category", "order", "updated", "key_points"}


class ContentError(ValueError):
    """A file in content/ that cannot be used; the message names the file."""


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.archived)

    def lines(self, what: str) -> list[str]:
        out = [f"{what}: {len(self.created)} created, {len(self.updated)} updated, "
               f"{len(self.archived)} archived, {self.unchanged} unchanged"]
        out += [f"  + {s}" for s in self.created]
        out += [f"  ~ {s}" for s in self.updated]
        out += [f"  - {s}" for s in self.archived]
        return out


def parse_front_matter(text: str, name: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        raise ContentError(f"{name}: the file must start with a '---' front matter block")
    try:
        _, header, body = text.split("---", 2)
        meta = yaml.safe_load(header) or {}
    except (ValueError, yaml.YAMLError) as error:
        raise ContentError(f"{name}: front matter is not valid YAML ({error})") from None
    if not isinstance(meta, dict):
        raise ContentError(f"{name}: front matter must be a mapping")
    return meta, body.strip() + "\n"


def _date(value, name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ContentError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def _read_guide(path: Path) -> dict:
    raw = path.read_bytes()
    meta, body = parse_front_matter(raw.decode("utf-8"), path.name)
    missing = {"title", "slug", "category"} - set(meta)
    if missing:
        raise ContentError(f"{path.name}: missing {', '.join(sorted(missing))}")
    if meta["slug"] != path.stem:
        raise ContentError(f"{path.name}: slug {meta['slug']!r} must match the file name")
    if categories.get(meta["category"]) is None:
        raise ContentError(f"{path.name}: unknown category {meta['category']!r}")
    points = meta.get("key_points") or []
    if not isinstance(points, list) or not all(isinstance(p, str) for p in points):
        raise ContentError(f"{path.name}: key_points must be a list of strings")
    return {
        "slug": meta["slug"], "title": str(meta["title"]).strip(),
        "summary": str(meta.get("summary") or "").strip(), "category": meta["category"],
        "body": body, "key_points": points, "position": int(meta.get("order") or 0),
        "updated_on": _date(meta.get("updated"), path.name),
        "source_hash": hashlib.sha256(raw).hexdigest(),
    }


def sync_guides(folder: Path) -> Report:
    report = Report()
    files = [_read_guide(p) for p in sorted(folder.glob("*.md"))] if folder.is_dir() else []
    existing = {g.slug: g for g in db.session.scalars(select(Guide))}
    for data in files:
        guide = existing.get(data["slug"])
        if guide is None:
            db.session.add(Guide(**data))
            report.created.append(data["slug"])
        elif guide.source_hash != data["source_hash"] or guide.archived:
            for key, value in data.items():
                setattr(guide, key, value)
            guide.archived = False
            guide.synced_at = utcnow()
            report.updated.append(data["slug"])
        else:
            report.unchanged += 1
    kept = {d["slug"] for d in files}
    for slug, guide in existing.items():
        if slug not in kept and not guide.archived:
            guide.archived = True
            report.archived.append(slug)
    return report


DOCUMENT_FIELDS = ("doc_type", "number", "title", "issuer", "issued_on", "effective_on",
                   "summary", "note")


def sync_documents(path: Path) -> Report:
    report = Report()
    if not path.exists():
        return report
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ContentError(f"{path.name}: not valid YAML ({error})") from None
    entries = data.get("documents") or []
    existing = {d.slug: d for d in db.session.scalars(select(Document))}
    wanted: dict[str, dict] = {}
    for entry in entries:
        if not entry.get("slug") or not entry.get("title") or not entry.get("type"):
            raise ContentError(f"{path.name}: every document needs slug, type and title")
        wanted[entry["slug"]] = {
            "doc_type": str(entry["type"]), "number": str(entry.get("number") or ""),
            "title": str(entry["title"]), "issuer": str(entry.get("issuer") or ""),
            "issued_on": _date(entry.get("issued"), path.name),
            "effective_on": _date(entry.get("effective"), path.name),
            "summary": str(entry.get("summary") or "").strip(),
            "note": str(entry.get("note") or "").strip(),
            "implements": list(entry.get("implements") or []),
        }
    for slug, values in wanted.items():
        document = existing.get(slug)
        if document is None:
            document = Document(slug=slug, from_content=True)
            db.session.add(document)
            existing[slug] = document
            report.created.append(slug)
            changed = True
        else:
            changed = document.archived or any(
                getattr(document, k) != values[k] for k in DOCUMENT_FIELDS)
        for key in DOCUMENT_FIELDS:
            setattr(document, key, values[key])
        document.archived = False
        if changed and slug not in report.created:
            report.updated.append(slug)
        elif not changed:
            report.unchanged += 1
    for slug, values in wanted.items():
        unknown = [s for s in values["implements"] if s not in existing]
        if unknown:
            raise ContentError(f"{path.name}: {slug} implements unknown {', '.join(unknown)}")
        targets = [existing[s] for s in values["implements"]]
        document = existing[slug]
        if {d.slug for d in document.implements} != set(values["implements"]):
            document.implements = targets
            if slug not in report.created and slug not in report.updated:
                report.updated.append(slug)
                report.unchanged -= 1
    for slug, document in existing.items():
        if document.from_content and slug not in wanted and not document.archived:
            document.archived = True
            report.archived.append(slug)
    return report


# Other domains' files under content/ (the green-school criteria): name → fn(root) -> Report.
_SYNCS: dict = {}


def register_sync(name: str, sync) -> None:
    """A domain syncs its own files under content/ with `flask content sync`."""
    _SYNCS[name] = sync


def sync_all(root: Path) -> dict[str, Report]:

    reports = {"guides": sync_guides(root / "guides"),
               "documents": sync_documents(root / "documents.yaml")}
    for name, sync in _SYNCS.items():
        reports[name] = sync(root)
    db.session.flush()
    for guide in db.session.scalars(select(Guide)):
        index_guide(guide)
    for document in db.session.scalars(select(Document)):
        index_document(document)
    if any(r.changed for r in reports.values()):
        summary = "; ".join(r.lines(k)[0] for k, r in reports.items())
        audit.record("content.sync", None, summary[:255])
    return reports
