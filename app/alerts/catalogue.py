"""Hazard types (with their message templates) and the commune's areas, from content/."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

ICONS = ("storm", "rain", "flood", "heat", "cold", "wind", "fog", "other")


@dataclass(frozen=True)
class Hazard:
    key: str
    name: str
    name_en: str
    event: str
    cap_category: str
    icon: str
    templates: dict = field(default_factory=dict)

    def template(self, level: int | None) -> dict:
        return self.templates.get(str(level)) or self.templates.get("default") or {}


@dataclass(frozen=True)
class Area:
    key: str
    name: str
    name_en: str
    hamlets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalogue:
    hazards: dict[str, Hazard]
    areas: dict[str, Area]

    def hazard(self, key: str) -> Hazard:
        return self.hazards.get(key) or self.hazards.get("khac") or next(iter(self.hazards.values()))

    def area_names(self, keys) -> list[str]:
        return [self.areas[k].name for k in keys if k in self.areas]


_cache: dict[str, tuple[tuple[float, float], Catalogue]] = {}


def _load(root: Path) -> Catalogue:
    hazards_raw = yaml.safe_load((root / "hazards.yaml").read_text(encoding="utf-8"))["hazards"]
    areas_raw = yaml.safe_load((root / "areas.yaml").read_text(encoding="utf-8"))["areas"]
    hazards = {
        h["key"]: Hazard(h["key"], h["name"], h.get("name_en", h["name"]), h.get("event", h["name"]),
                         h.get("cap_category", "Met"), h.get("icon", "other") if h.get("icon") in ICONS
                         else "other", {str(k): v for k, v in (h.get("templates") or {}).items()})
        for h in hazards_raw
    }
    areas = {a["key"]: Area(a["key"], a["name"], a.get("name_en", a["name"]),
                            tuple(a.get("hamlets") or ())) for a in areas_raw}
    return Catalogue(hazards, areas)


def catalogue() -> Catalogue:
    root = Path(current_app.config["CONTENT_ROOT"])
    stamp = (os.stat(root / "hazards.yaml").st_mtime, os.stat(root / "areas.yaml").st_mtime)
    cached = _cache.get(str(root))
    if cached is None or cached[0] != stamp:
        _cache[str(root)] = (stamp, _load(root))
    return _cache[str(root)][1]


def hamlet_choices(prompt) -> list:
    """Choices for a "hamlet" field (contest entries, the school registry): the hamlets named
    in content/areas.yaml, then each former unit for the hamlets not listed yet (the commune
    has not published its full list). `prompt` is the empty first choice's label."""
    choices = [SelectChoice("", prompt)]
    for area in catalogue().areas.values():
        if not area.hamlets and area.key == "toan-xa":
            continue
        for hamlet in area.hamlets:
            choices.append(SelectChoice(hamlet, hamlet))
        choices.append(SelectChoice(area.name, _l("Another hamlet of %(area)s", area=area.name)))
    return choices
