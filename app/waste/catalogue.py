"""The waste-item list from content/waste-items.yaml, read once per file change."""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask import current_app

from ..web.text import fold, words

GROUP_ICONS = {"tai-che": "recycle", "thuc-pham": "leaf", "khac": "bin", "nguy-hai": "hazard"}


@dataclass(frozen=True)
class Group:
    key: str
    name: str
    short: str
    description: str

    @property
    def icon(self) -> str:
        return GROUP_ICONS.get(self.key, "bin")


@dataclass(frozen=True)
class Item:
    name: str
    aliases: tuple[str, ...]
    group: Group
    subgroup: str
    action: str
    note: str
    folded: str  # name and aliases folded, for matching


@dataclass(frozen=True)
class Catalogue:
    groups: tuple[Group, ...]
    items: tuple[Item, ...]

    def search(self, query: str, limit: int = 12) -> list[Item]:
        """Items whose name, other names or sub-group hold every word typed; when none do
        and several words were typed, those that hold all but one."""
        terms = words(query)
        if not terms:
            return []
        phrase = " ".join(terms)
        scored = []
        for item in self.items:
            found = sum(1 for t in terms if t in item.folded)
            if found < len(terms) - (1 if len(terms) >= 3 else 0):
                continue
            name = fold(item.name)
            rank = 0 if name.startswith(phrase) else 1 if phrase in name else 2
            scored.append(((-found, rank, len(item.name)), item))
        scored.sort(key=lambda pair: pair[0])
        if scored and scored[0][0][0] == -len(terms):
            scored = [pair for pair in scored if pair[0][0] == -len(terms)]
        return [item for _score, item in scored[:limit]]

    def nearest(self, query: str, limit: int = 5) -> list[Item]:
        """Suggestions when nothing matches: the closest names, then shared words."""
        folded = fold(query)
        names = {fold(i.name): i for i in self.items}
        for item in self.items:
            for alias in item.aliases:
                names.setdefault(fold(alias), item)
        close = difflib.get_close_matches(folded, list(names), n=limit * 2, cutoff=0.5)
        found: list[Item] = []
        for key in close:
            if names[key] not in found:
                found.append(names[key])
        if len(found) < limit:
            for term in words(query):
                for key, item in names.items():
                    if item not in found and any(
                            difflib.SequenceMatcher(None, term, w).ratio() > 0.75
                            for w in key.split()):
                        found.append(item)
        return found[:limit]


_cache: dict[str, tuple[float, Catalogue]] = {}


def load(path: Path) -> Catalogue:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = {g["key"]: Group(g["key"], g["name"], g.get("short", g["name"]),
                              g.get("description", "")) for g in data["groups"]}
    items = []
    for raw in data["items"]:
        aliases = tuple(raw.get("aliases") or ())
        items.append(Item(
            name=raw["name"], aliases=aliases, group=groups[raw["group"]],
            subgroup=raw.get("subgroup", ""), action=raw.get("action", ""),
            note=raw.get("note") or "",
            folded=fold(" | ".join((raw["name"], *aliases, raw.get("subgroup", "")))),
        ))
    items.sort(key=lambda i: fold(i.name))
    return Catalogue(tuple(groups.values()), tuple(items))


def catalogue() -> Catalogue:
    path = Path(current_app.config["CONTENT_ROOT"]) / "waste-items.yaml"
    mtime = os.stat(path).st_mtime
    cached = _cache.get(str(path))
    if cached is None or cached[0] != mtime:
        _cache[str(path)] = (mtime, load(path))
    return _cache[str(path)][1]
