"""Site-wide search, diacritic-insensitive, the same on SQLite (FTS5) and PostgreSQL.

Text is folded in Python (lower case, no tone marks, đ → d, words only), so both engines
see the same tokens. What people type becomes a list of plain words: quotes, `*`, `-`,
`OR`, `NEAR(` and stray punctuation are just text and can never break the query.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup, escape
from sqlalchemy import and_, case, func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..extensions import db
from ..web.text import words  # noqa: F401  (re-exported for callers)
from ..web.timeutil import utcnow
from .models import SearchEntry

KINDS = ("post", "guide", "document", "campaign", "alert", "contest", "contest_entry",
         "green_activity")
MAX_TERMS = 8
PAGE_SIZE = 20


def fold_chars(text_: str) -> str:
    """Fold character by character, keeping length: positions map back to the original."""
    out = []
    for ch in unicodedata.normalize("NFC", text_):
        base = unicodedata.normalize("NFD", ch.lower())[:1] or ch
        out.append("d" if base == "đ" else base)
    return "".join(out)


def _folded_words(text_: str) -> str:
    return " ".join(words(text_))


def index(kind: str, ref_id: int, *, slug: str, title: str, body: str,
          visible_from: datetime | None, hidden: bool = False) -> None:
    """Add or refresh one entry (an upsert, so callers need not know if it exists)."""
    values = dict(kind=kind, ref_id=ref_id, slug=slug, title=title[:300], body=body,
                  title_folded=_folded_words(title)[:300], body_folded=_folded_words(body),
                  visible_from=visible_from, hidden=hidden)
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(SearchEntry).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["kind", "ref_id"],
        set_={k: statement.excluded[k] for k in values if k not in ("kind", "ref_id")})
    db.session.execute(statement)


_REBUILDS: dict[str, Callable[[], int]] = {}


def register_rebuild(name: str, rebuild: Callable[[], int]) -> None:
    """A domain's way to rebuild its entries (returns how many): run by `rebuild_all`."""
    _REBUILDS[name] = rebuild


def rebuild_all() -> int:
    """Every domain's entries, rebuilt (`flask content reindex`)."""
    return sum(rebuild() for rebuild in _REBUILDS.values())


def remove(kind: str, ref_id: int) -> None:
    db.session.execute(SearchEntry.__table__.delete().where(
        SearchEntry.kind == kind, SearchEntry.ref_id == ref_id))


@dataclass
class Hit:
    entry: SearchEntry
    title: Markup
    snippet: Markup


@dataclass
class Results:
    query: str
    terms: list[str]
    hits: list[Hit]
    total: int
    page: int
    pages: int


def _match_clause(terms: list[str]):
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        tsquery = " & ".join(f"{t}:*" for t in terms)
        return text("search_entries.search_fts @@ to_tsquery('simple', :tsq)").bindparams(tsq=tsquery)
    match = " ".join(f'"{t}"*' for t in terms)
    return text("search_entries.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH :m)"
                ).bindparams(m=match)


def search(query: str, page: int = 1, kinds: tuple[str, ...] = KINDS) -> Results:
    terms = list(dict.fromkeys(words(query)))[:MAX_TERMS]
    if not terms:
        return Results(query, [], [], 0, 1, 0)
    where = and_(_match_clause(terms), SearchEntry.hidden.is_(False),
                 SearchEntry.kind.in_(kinds),
                 SearchEntry.visible_from.is_not(None), SearchEntry.visible_from <= utcnow())
    title_hit = and_(*[SearchEntry.title_folded.like(f"%{t}%") for t in terms])
    total = db.session.scalar(select(func.count()).select_from(SearchEntry).where(where)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = max(1, min(page, pages))
    rows = db.session.scalars(
        select(SearchEntry).where(where)
        .order_by(case((title_hit, 0), else_=1), SearchEntry.visible_from.desc(), SearchEntry.id)
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    hits = [Hit(row, highlight(row.title, terms), snippet(row.body, terms)) for row in rows]
    return Results(query, terms, hits, total, page, pages)


def _spans(original: str, terms: list[str]) -> list[tuple[int, int]]:
    folded = fold_chars(original)
    spans = []
    for term in terms:
        for match in re.finditer(rf"(?<![a-z0-9]){re.escape(term)}", folded):
            spans.append((match.start(), match.start() + len(term)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(original: str, terms: list[str], spans=None) -> Markup:
    spans = _spans(original, terms) if spans is None else spans
    out, last = [], 0
    for start, end in spans:
        out.append(escape(original[last:start]))
        out.append(Markup("<mark>") + escape(original[start:end]) + Markup("</mark>"))
        last = end
    out.append(escape(original[last:]))
    return Markup("").join(out)


def snippet(original: str, terms: list[str], width: int = 200) -> Markup:
    spans = _spans(original, terms)
    if not spans:
        short = original[:width]
        return escape(short + ("…" if len(original) > width else ""))
    start = max(0, spans[0][0] - width // 3)
    if start:
        start = original.rfind(" ", 0, start) + 1
    end = min(len(original), start + width)
    piece = original[start:end]
    shifted = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    return (Markup("…") if start else Markup("")) + highlight(piece, terms, shifted) + (
        Markup("…") if end < len(original) else Markup(""))


