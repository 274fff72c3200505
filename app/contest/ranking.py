"""The ranking: each submitted review gives a weighted score out of 100 (every criterion's
score over its maximum, times its weight); an entry's score is the mean over its judges, with
the median beside it. Ties and entries scored by too few judges are flagged."""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from .models import Contest, Entry, Review


@dataclass
class Ranked:
    entry: Entry
    totals: list[float] = field(default_factory=list)
    recusals: int = 0
    drafts: int = 0
    rank: int | None = None
    tied: bool = False
    too_few: bool = False

    @property
    def mean(self) -> float | None:
        return round(statistics.fmean(self.totals), 2) if self.totals else None

    @property
    def median(self) -> float | None:
        return round(statistics.median(self.totals), 2) if self.totals else None

    @property
    def judges(self) -> int:
        return len(self.totals)


def weighted_total(contest: Contest, review: Review) -> float:
    total = 0.0
    for criterion in contest.criteria:
        value = (review.scores or {}).get(str(criterion.id))
        if value is not None:
            total += value / criterion.max_score * criterion.weight
    return round(total, 2)


def ranking(contest: Contest) -> list[Ranked]:
    """Accepted entries, best first; unscored entries last. Three queries, whatever the data."""
    entries = db.session.scalars(
        select(Entry).where(Entry.contest_id == contest.id, Entry.state == "accepted")
        .options(selectinload(Entry.category), selectinload(Entry.prize))
        .order_by(Entry.id)).all()
    rows = {e.id: Ranked(e) for e in entries}
    reviews = db.session.scalars(select(Review).where(Review.entry_id.in_(list(rows))))
    for review in reviews:
        row = rows[review.entry_id]
        if review.state == "submitted":
            row.totals.append(weighted_total(contest, review))
        elif review.state == "recused":
            row.recusals += 1
        else:
            row.drafts += 1
    ordered = sorted(rows.values(), key=lambda r: (r.mean is None, -(r.mean or 0), r.entry.id))
    previous = None
    for position, row in enumerate(ordered, start=1):
        row.too_few = row.judges < contest.min_judges
        if row.mean is None:
            continue
        if previous is not None and previous.mean == row.mean:
            row.rank, row.tied, previous.tied = previous.rank, True, True
        else:
            row.rank = position
        previous = row
    return ordered
