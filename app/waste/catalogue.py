"""The waste-item list from content/waste-items.yaml, read once per file change.

Matching works on syllables, as Vietnamese is written: what is typed and each name are folded
(no case, tone marks or diacritics, đ → d) and split into syllables. A typed syllable counts only
when it equals a whole syllable of a name ("ra" never finds "rác"); the last syllable typed may
also be the start of one (the reader is still typing), ranked below whole-syllable matches.
Phrases in the YAML's `synonyms:` groups stand for one another, in the query and the names alike.
"""
from __future__ import annotations

import os
import re
from functools import cached_property
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask import current_app

from ..web.text import words

GROUP_ICONS = {"tai-che": "recycle", "thuc-pham": "leaf", "khac": "bin", "nguy-hai": "hazard"}
Syllables = tuple[tuple[str, ...], tuple[str, ...]]  # folded, and as written (lower case)
PREFIX_MIN = 3  # a half-typed last syllable counts from this many letters ("nhu" → "nhựa")
MAX_VARIANTS = 24  # synonym rewrites of one query
MAX_TERMS = 8  # syllables of a query looked at (names are short)


@dataclass(frozen=True)
class Group:
    key: str
    name: str
    short: str
    description: str
    gloss: str = ""

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
    phrases: tuple[Syllables, ...]  # name, then aliases
    order: int = 0  # place in the YAML: the last tie-break
    calendar: bool = False  # link to the collection calendar

    @property
    def hazardous(self) -> bool:
        return self.group.key == "nguy-hai"


def syllables(text: str) -> Syllables:
    """The syllables of `text`, folded for matching and as written, for the tone marks."""
    folded, written = [], []
    for token in re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text.lower())):
        parts = words(token)
        folded += parts
        written += [token] if len(parts) == 1 else parts
    return tuple(folded), tuple(written)


def _match(query: Syllables, written: Syllables):
    """How well `written` holds every typed syllable, as a sortable tuple (lower is better),
    or None. Only the last syllable may match as the start of a syllable. A syllable typed with
    tone marks ranks lower where the name's marks differ ("bỉm" before "bim bim"); a syllable a
    synonym put in (marked "=") must match with its marks ("tã" → "bỉm", never "bim bim")."""
    terms, phrase = query[0], written[0]
    used: set[int] = set()
    positions = []
    prefix = 0
    for n, term in enumerate(terms):
        typed = query[1][n]
        strict = typed.startswith("=")

        def free(i: int) -> bool:
            return i not in used and (not strict or written[1][i] == typed[1:])

        hit = next((i for i, s in enumerate(phrase) if s == term and free(i)), None)
        if hit is None and n == len(terms) - 1 and len(term) >= PREFIX_MIN and not strict:
            hit = next((i for i, s in enumerate(phrase) if s.startswith(term) and free(i)), None)
            prefix = 1
        if hit is None:
            return None
        used.add(hit)
        positions.append(hit)
    # 0: together and in order; 1: together in another order; 2: scattered in the name.
    start = min(positions)
    together = (0 if positions == list(range(positions[0], positions[0] + len(terms)))
                else 1 if sorted(positions) == list(range(start, start + len(terms))) else 2)
    tones = sum(1 for typed, at in zip(query[1], positions)
                if not typed.isascii() and not written[1][at].startswith(typed))
    return (prefix, tones, together, len(phrase) - len(terms), 0 if positions[0] == 0 else 1)


@dataclass(frozen=True)
class Catalogue:
    groups: tuple[Group, ...]
    items: tuple[Item, ...]
    synonyms: tuple[tuple[Syllables, ...], ...] = ()
    # Words people add around an item ("pin cũ", "bóng đèn hỏng bỏ đâu"), folded; a query that
    # finds nothing is tried again without them.
    fillers: frozenset[str] = frozenset()

    @cached_property
    def _index(self) -> dict[str, frozenset[int]]:
        """Each folded syllable → the positions of the items whose names hold it."""
        index: dict[str, set[int]] = {}
        for n, item in enumerate(self.items):
            for phrase, _written in item.phrases:
                for syllable in phrase:
                    index.setdefault(syllable, set()).add(n)
        return {k: frozenset(v) for k, v in index.items()}

    def _holding(self, terms, allowed) -> list[Item]:
        """Items holding, for each term, one of the syllables `allowed(n, term)` gives."""
        found: set[int] | None = None
        for n, term in enumerate(terms):
            these = set().union(*(self._index[v] for v in allowed(n, term)))
            found = these if found is None else found & these
            if not found:
                return []
        return [self.items[i] for i in sorted(found or ())]

    def variants(self, query: Syllables) -> list[tuple[Syllables, int]]:
        """The query and its synonym rewrites, each with how many rewrites it took."""
        seen = {query[0]: (query, 0)}
        queue = [query]
        while queue and len(seen) < MAX_VARIANTS:
            terms, written = current = queue.pop(0)
            for group in self.synonyms:
                for phrase, _written in group:
                    n = len(phrase)
                    for start in range(len(terms) - n + 1):
                        if terms[start:start + n] != phrase:
                            continue
                        for other in group:
                            new = (terms[:start] + other[0] + terms[start + n:],
                                   written[:start] + tuple("=" + w for w in other[1])
                                   + written[start + n:])
                            if new[0] not in seen and len(seen) < MAX_VARIANTS:
                                seen[new[0]] = (new, seen[terms][1] + 1)
                                queue.append(new)
        return list(seen.values())

    def search(self, query: str, limit: int = 12) -> list[Item]:
        """Items whose name or other names hold every syllable typed (or, when none does,
        every syllable but the filler words), best first."""
        found = self._search(query, limit)
        if found or not self.fillers:
            return found
        kept = [w for w in query.split() if not (words(w) and set(words(w)) <= self.fillers)]
        if not kept or len(kept) == len(query.split()):
            return found
        return self._search(" ".join(kept), limit)

    def _search(self, query: str, limit: int) -> list[Item]:
        """Items whose name or other names hold every syllable typed, best first: whole
        syllables before a half-typed last one, the words together and in order, the shortest
        name, the words typed before a synonym, the name before other names."""
        typed = tuple(part[:MAX_TERMS] for part in syllables(query))
        if not typed[0]:
            return []
        variants = self.variants(typed)
        last = len(typed[0]) - 1

        def allowed(n, term):
            if n == last and len(term) >= PREFIX_MIN:
                return [v for v in self._index if v.startswith(term)]
            return [term] if term in self._index else []

        candidates = {item.order: item for variant, _ in variants
                      for item in self._holding(variant[0], allowed)}
        scored = []
        for item in candidates.values():
            best = None
            for variant, rewrites in variants:
                for place, phrase in enumerate(item.phrases):
                    found = _match(variant, phrase)
                    if found is None:
                        continue
                    key = (*found[:4], rewrites, found[4], min(place, 1))
                    if best is None or key < best:
                        best = key
            if best is not None:
                scored.append(((*best, item.order), item))
        scored.sort(key=lambda pair: pair[0])
        if len(typed[0]) > 1 and scored and scored[0][0][2] < 2:
            # Some name holds the words side by side: names that only scatter them among
            # others are other things ("thuốc hết hạn" is medicine, not "thuốc trừ sâu hết hạn").
            scored = [pair for pair in scored if pair[0][2] < 2]
        return [item for _key, item in scored[:limit]]

    def nearest(self, query: str, limit: int = 5) -> list[Item]:
        """"Did you mean" when nothing matches: items whose names hold every syllable typed,
        each equal or one typing slip away (a letter missing, extra, wrong or two swapped).
        Short syllables must match exactly; nothing else is offered."""
        terms = tuple(words(query))[:MAX_TERMS]
        if not terms:
            return []

        def allowed(_n, term):
            return [v for v in self._index if v == term or (
                len(term) >= 3 and len(v) >= 3 and _one_slip(term, v))]

        scored = []
        for item in self._holding(terms, allowed):
            best = None
            for place, (phrase, _written) in enumerate(item.phrases):
                slips = 0
                used: set[int] = set()
                for term in terms:
                    exact = next((i for i, s in enumerate(phrase) if s == term and i not in used),
                                 None)
                    if exact is not None:
                        used.add(exact)
                        continue
                    close = next((i for i, s in enumerate(phrase) if i not in used
                                  and len(term) >= 3 and len(s) >= 3 and _one_slip(term, s)), None)
                    if close is None:
                        slips = None
                        break
                    used.add(close)
                    slips += 1
                if slips is None or slips > max(1, len(terms) // 2):
                    continue
                key = (slips, len(phrase) - len(terms), min(place, 1), item.order)
                if best is None or key < best:
                    best = key
            if best is not None:
                scored.append((best, item))
        scored.sort(key=lambda pair: pair[0])
        return [item for _key, item in scored[:limit]]


def _one_slip(a: str, b: str) -> bool:
    """True when b is a one away from a: one letter added, dropped, changed, or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


_cache: dict[str, tuple[float, Catalogue]] = {}


def load(path: Path) -> Catalogue:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = {g["key"]: Group(g["key"], g["name"], g.get("short", g["name"]),
                              g.get("description", ""), g.get("gloss", ""))
              for g in data["groups"]}
    items = []
    for order, raw in enumerate(data["items"]):
        aliases = tuple(raw.get("aliases") or ())
        group = groups[raw["group"]]
        items.append(Item(
            name=raw["name"], aliases=aliases, group=group,
            subgroup=raw.get("subgroup", ""), action=raw.get("action", ""),
            note=raw.get("note") or "",
            phrases=tuple(syllables(p) for p in (raw["name"], *aliases)),
            order=order, calendar=bool(raw.get("calendar", group.key == "nguy-hai"
                                               or raw.get("subgroup") == "Cồng kềnh")),
        ))
    synonyms = tuple(tuple(syllables(p) for p in group) for group in data.get("synonyms") or ())
    fillers = frozenset(w for phrase in data.get("filler_words") or () for w in words(phrase))
    return Catalogue(tuple(groups.values()), tuple(items), synonyms, fillers)


def catalogue() -> Catalogue:
    path = Path(current_app.config["CONTENT_ROOT"]) / "waste-items.yaml"
    mtime = os.stat(path).st_mtime
    cached = _cache.get(str(path))
    if cached is None or cached[0] != mtime:
        _cache[str(path)] = (mtime, load(path))
    return _cache[str(path)][1]
