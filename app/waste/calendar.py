"""The collection calendar per hamlet, from content/lich-thu-gom.yaml (set by the commune, kept by
its staff). Hamlets come from content/areas.yaml, the same list the warnings and forms use."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask import current_app

from ..alerts.catalogue import catalogue as areas_catalogue
from ..web.text import words

KINDS = ("household", "hazardous", "pesticide", "bulky")


@dataclass(frozen=True)
class Row:
    key: str  # the filter's value: the hamlet's name folded, or the former unit's key
    hamlet: str  # a hamlet's name, or "" for the hamlets of `area` not listed yet
    area: str
    times: dict[str, str]
    every: bool = False  # no hamlet of `area` is listed: the row stands for all of them


@dataclass(frozen=True)
class Calendar:
    confirmed: bool
    updated: str
    contact: str
    rows: tuple[Row, ...]

    def row(self, key: str) -> Row | None:
        return next((r for r in self.rows if r.key == key), None)


def _times(*layers: dict) -> dict[str, str]:
    merged = {}
    for layer in layers:
        merged.update({k: str(v) for k, v in (layer or {}).items() if k in KINDS and v})
    return merged


def load(path: Path) -> Calendar:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    default, by_area, by_hamlet = (data.get("default") or {}, data.get("areas") or {},
                                   data.get("hamlets") or {})
    rows = []
    for area in areas_catalogue().areas.values():
        if area.key == "toan-xa":
            continue
        for hamlet in area.hamlets:
            rows.append(Row("-".join(words(hamlet)), hamlet, area.name,
                            _times(default, by_area.get(area.key), by_hamlet.get(hamlet))))
        rows.append(Row(area.key, "", area.name, _times(default, by_area.get(area.key)),
                        every=not area.hamlets))
    return Calendar(bool(data.get("confirmed")), str(data.get("updated") or ""),
                    str(data.get("contact") or ""), tuple(rows))


_cache: dict[str, tuple[tuple[float, float], Calendar]] = {}


def calendar() -> Calendar:
    root = Path(current_app.config["CONTENT_ROOT"])
    path = root / "lich-thu-gom.yaml"
    stamp = (os.stat(path).st_mtime, os.stat(root / "areas.yaml").st_mtime)
    cached = _cache.get(str(path))
    if cached is None or cached[0] != stamp:
        _cache[str(path)] = (stamp, load(path))
    return _cache[str(path)][1]
