"""Site-wide search, diacritic-insensitive, the same on SQLite (FTS5) and PostgreSQL.

Text is folded in Python (lower case, no tone marks, đ → d, words only), so both engines
see the same tokens. What people type becomes a list of plain words: quotes, `*`, `-`,
`OR`, `NEAR(` and stray punctuation are just text and can never break the query.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup, escape
from sqlalchemy import and_, case, func, literal, select, text
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
class Section:
    """One kind's part of the results: its first hits and how many it holds in all."""
    kind: str
    hits: list[Hit]
    total: int


@dataclass
class Results:
    query: str
    terms: list[str]
    hits: list[Hit]
    total: int
    page: int
    pages: int
    prefix: bool = False
    sections: list[Section] = field(default_factory=list)


def terms_of(query: str) -> list[str]:
    """The distinct folded words of a query, at most MAX_TERMS: operators are plain text."""
    return list(dict.fromkeys(words(query)))[:MAX_TERMS]


def _match_clause(terms: list[str], prefix: bool):
    """Whole syllables; with `prefix`, the last word may also start a longer one."""
    dialect = db.session.get_bind().dialect.name
    last = len(terms) - 1
    if dialect == "postgresql":
        tsquery = " & ".join(t + (":*" if prefix and i == last else "") for i, t in enumerate(terms))
        return text("search_entries.search_fts @@ to_tsquery('simple', :tsq)").bindparams(tsq=tsquery)
    match = " ".join(f'"{t}"' + ("*" if prefix and i == last else "") for i, t in enumerate(terms))
    return text("search_entries.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH :m)"
                ).bindparams(m=match)


def _holds(column, words_: str, prefix: bool):
    """`column` (folded words, single spaces) holds `words_` as whole syllables, in order."""
    padded = literal(" ").concat(column).concat(literal(" "))
    return padded.like(f"% {words_}{'' if prefix else ' '}%")


def _rank(terms: list[str], prefix: bool):
    """0: the exact phrase in the title; 1: in the body; 2: every word in the title; 3: the rest."""
    phrase = " ".join(terms)
    last = len(terms) - 1
    every_word = and_(*[_holds(SearchEntry.title_folded, t, prefix and i == last)
                        for i, t in enumerate(terms)])
    return case((_holds(SearchEntry.title_folded, phrase, prefix), 0),
                (_holds(SearchEntry.body_folded, phrase, prefix), 1),
                (every_word, 2), else_=3)


def _where(terms: list[str], prefix: bool, kinds: tuple[str, ...]):
    return and_(_match_clause(terms, prefix), SearchEntry.hidden.is_(False),
                SearchEntry.kind.in_(kinds),
                SearchEntry.visible_from.is_not(None), SearchEntry.visible_from <= utcnow())


def _hit(row: SearchEntry, terms: list[str], prefix: bool) -> Hit:
    return Hit(row, highlight(row.title, terms, prefix=prefix),
               snippet(row.body, terms, prefix=prefix))


def search(query: str, page: int = 1, kinds: tuple[str, ...] = KINDS, *,
           prefix: bool = False) -> Results:
    """One ranked, paginated list. A submitted search matches whole syllables only ("ra"
    finds ra, rạ, rà, never rác); `prefix` (while typing) lets the last word start one."""
    terms = terms_of(query)
    if not terms:
        return Results(query, [], [], 0, 1, 0, prefix)
    where = _where(terms, prefix, kinds)
    total = db.session.scalar(select(func.count()).select_from(SearchEntry).where(where)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = max(1, min(page, pages))
    rows = db.session.scalars(
        select(SearchEntry).where(where)
        .order_by(_rank(terms, prefix), SearchEntry.visible_from.desc(), SearchEntry.id)
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return Results(query, terms, [_hit(row, terms, prefix) for row in rows], total, page, pages,
                   prefix)


def overview(query: str, per_kind: int = 3, kinds: tuple[str, ...] = KINDS, *,
             prefix: bool = False) -> Results:
    """The results grouped by kind: each kind's first `per_kind` hits and its count, the
    kinds ordered by their best hit (rank, then newest, then id). Two queries."""
    terms = terms_of(query)
    if not terms:
        return Results(query, [], [], 0, 1, 0, prefix)
    rank = _rank(terms, prefix)
    order = (rank, SearchEntry.visible_from.desc(), SearchEntry.id)
    ranked = select(SearchEntry.id, SearchEntry.kind, rank.label("rank"),
                    func.row_number().over(partition_by=SearchEntry.kind, order_by=order).label("n"),
                    func.count().over(partition_by=SearchEntry.kind).label("total")
                    ).where(_where(terms, prefix, kinds)).subquery()
    rows = db.session.execute(select(ranked).where(ranked.c.n <= per_kind)
                              .order_by(ranked.c.kind, ranked.c.n)).all()
    entries = {e.id: e for e in db.session.scalars(
        select(SearchEntry).where(SearchEntry.id.in_([r.id for r in rows])))}
    by_kind: dict[str, list] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)

    def best(kind_rows):
        first = kind_rows[0]
        return (first.rank, -entries[first.id].visible_from.timestamp(), first.id)

    sections = [Section(kind, [_hit(entries[r.id], terms, prefix) for r in kind_rows],
                        kind_rows[0].total)
                for kind, kind_rows in sorted(by_kind.items(), key=lambda pair: best(pair[1]))]
    total = sum(s.total for s in sections)
    return Results(query, terms, [h for s in sections for h in s.hits], total, 1, 1, prefix,
                   sections)


def _spans(original: str, terms: list[str], prefix: bool = False) -> list[tuple[int, int]]:
    """Where whole syllables matching `terms` sit in `original` (folded, so "ra" marks "rạ"
    but nothing inside "rác"). With `prefix`, the last term marks every syllable it starts,
    whole."""
    folded = fold_chars(original)
    spans = []
    last = len(terms) - 1
    for i, term in enumerate(terms):
        tail = "[a-z0-9]*" if prefix and i == last else ""
        for match in re.finditer(rf"(?<![a-z0-9]){re.escape(term)}{tail}(?![a-z0-9])", folded):
            spans.append(match.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(original: str, terms: list[str], spans=None, *, prefix: bool = False) -> Markup:
    spans = _spans(original, terms, prefix) if spans is None else spans
    out, last = [], 0
    for start, end in spans:
        out.append(escape(original[last:start]))
        out.append(Markup("<mark>") + escape(original[start:end]) + Markup("</mark>"))
        last = end
    out.append(escape(original[last:]))
    return Markup("").join(out)


def snippet(original: str, terms: list[str], width: int = 200, *, prefix: bool = False) -> Markup:
    spans = _spans(original, terms, prefix)
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


