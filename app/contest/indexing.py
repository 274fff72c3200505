"""What the contest puts in the site-wide search: each published contest, and the entries the
public may see (in the gallery, or awarded once results are out). Entries leave the index as
soon as they stop being public (rejected, withdrawn, taken out of the gallery, erased)."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from .. import search
from ..extensions import db
from . import queries
from .models import Contest, Entry

CONTEST_KIND = "contest"
ENTRY_KIND = "contest_entry"


def public_entry(entry: Entry) -> bool:
    if entry.state != "accepted" or entry.contest.state != "published":
        return False
    results = queries.phase(entry.contest) == "results"
    return entry.in_gallery or (results and entry.prize_id is not None)


def index_contest(contest: Contest) -> None:
    search.index(CONTEST_KIND, contest.id, slug=contest.slug, title=contest.title,
                 body=" ".join([contest.summary, contest.rules,
                                *(c.name for c in contest.categories)]),
                 visible_from=contest.created_at, hidden=contest.state != "published")


def index_entry(entry: Entry) -> None:
    if not public_entry(entry):
        search.remove(ENTRY_KIND, entry.id)
        return
    search.index(ENTRY_KIND, entry.id, slug=str(entry.id), title=entry.title,
                 body=" ".join([entry.summary, entry.description, entry.hamlet]),
                 visible_from=entry.submitted_at, hidden=False)


def reindex_all() -> int:
    count = 0
    for contest in db.session.scalars(select(Contest)):
        index_contest(contest)
        count += 1
    for entry in db.session.scalars(select(Entry)):
        index_entry(entry)
        count += 1
    return count


def init_app(_app: Flask) -> None:
    search.register_rebuild("contest", reindex_all)
