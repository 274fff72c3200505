"""Reads for the contest: phases from the dates, entries, assignments. Other domains (the
home page, search, the staff dashboard) read the contest through this module."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from ..auth import queries as auth_queries
from ..extensions import db
from ..web.roles import JUDGE
from ..web.text import fold
from ..web.timeutil import utcnow
from .models import Contest, Entry, EntryFile, JudgeAssignment, Review

PHASES = ("upcoming", "open", "judging", "results")


def phase(contest: Contest, now: datetime | None = None) -> str:
    """upcoming → open (submissions) → judging (closed, results not out) → results."""
    now = now or utcnow()
    if contest.results_published_at is not None and contest.results_published_at <= now:
        return "results"
    if now < contest.opens_at:
        return "upcoming"
    if now < contest.closes_at:
        return "open"
    return "judging"


def is_open(contest: Contest, now: datetime | None = None) -> bool:
    return phase(contest, now) == "open"


def published_contests() -> list[Contest]:
    return list(db.session.scalars(
        select(Contest).where(Contest.state == "published").order_by(Contest.opens_at.desc())))


def contest_by_slug(slug: str, *, published_only: bool = True) -> Contest | None:
    query = select(Contest).where(Contest.slug == slug).options(
        selectinload(Contest.categories), selectinload(Contest.criteria),
        selectinload(Contest.prizes))
    if published_only:
        query = query.where(Contest.state == "published")
    return db.session.scalar(query)


def current_contest(now: datetime | None = None) -> Contest | None:
    """The contest the home page talks about: an open one, else the one being judged, else
    the next one, else the latest with results."""
    contests = published_contests()
    order = {"open": 0, "judging": 1, "upcoming": 2, "results": 3}
    if not contests:
        return None
    return min(contests, key=lambda c: (order[phase(c, now)], -c.opens_at.timestamp()))


def contest_now() -> tuple[Contest, str] | None:
    """For the home page and the pages that mention the contest: the current contest and
    its phase (Jinja global `contest_now`)."""
    found = current_contest()
    return (found, phase(found)) if found else None


MENTIONS = ("cuoc thi sang kien", "sang kien moi truong", "sang kien vi moi truong")


def mentions_contest(*texts: str) -> bool:
    """Whether a page's text talks about the initiative contest (folded: no tone marks)."""
    folded = " ".join(" ".join(fold(t or "").split()) for t in texts)
    return any(m in folded for m in MENTIONS)


def entry_of_media(media_id: int) -> Entry | None:
    return db.session.scalar(select(Entry).join(EntryFile, EntryFile.entry_id == Entry.id)
                             .where(EntryFile.media_id == media_id))


def entry_by_id(entry_id: int) -> Entry | None:
    return db.session.get(Entry, entry_id)


def entry_by_code(code: str) -> Entry | None:
    return db.session.scalar(select(Entry).where(Entry.code == code))


def find_for_lookup(code: str, last4: str) -> Entry | None:
    """The entry with this code whose phone ends in these digits; None for any mismatch, so
    a wrong code and wrong digits look the same."""
    if not code or not last4:
        return None
    entry = entry_by_code(code)
    if entry is None or not entry.phone_last4 or entry.phone_last4 != last4:
        return None
    return entry


def gallery_entries(contest: Contest) -> list[Entry]:
    return list(db.session.scalars(
        select(Entry).where(Entry.contest_id == contest.id, Entry.in_gallery.is_(True),
                            Entry.state == "accepted")
        .options(selectinload(Entry.files), selectinload(Entry.consents),
                 selectinload(Entry.category))
        .order_by(Entry.submitted_at)))


def awarded_entries(contest: Contest) -> list[Entry]:
    entries = db.session.scalars(
        select(Entry).where(Entry.contest_id == contest.id, Entry.prize_id.is_not(None),
                            Entry.state == "accepted")
        .options(selectinload(Entry.files), selectinload(Entry.consents),
                 selectinload(Entry.prize), selectinload(Entry.category)))
    return sorted(entries, key=lambda e: (e.prize.position, e.id))


def public_name(entry: Entry) -> str | None:
    """The entrant's name where they agreed to its publication, else None."""
    if entry.erased or not entry.entrant_name or not entry.consented("publish_name"):
        return None
    return entry.entrant_name


@dataclass(frozen=True)
class Step:
    key: str
    done: bool
    current: bool
    at: datetime | None


def in_judging(entry: Entry, now: datetime | None = None) -> bool:
    if entry.state != "accepted":
        return False
    if phase(entry.contest, now) in ("judging", "results"):
        return True
    # select(exists()) carries no ORM entity, so the session would not autoflush before it.
    return db.session.scalar(select(Review.id).where(Review.entry_id == entry.id).limit(1)) \
        is not None


def status_of(entry: Entry, now: datetime | None = None) -> str:
    """received, rejected, withdrawn, accepted, judging, result."""
    if entry.state in ("received", "rejected", "withdrawn"):
        return entry.state
    if phase(entry.contest, now) == "results":
        return "result"
    return "judging" if in_judging(entry, now) else "accepted"


def timeline(entry: Entry, now: datetime | None = None) -> list[Step]:
    """The four steps an entrant sees: received, screened, in judging, result."""
    status = status_of(entry, now)
    order = {"received": 0, "accepted": 1, "rejected": 1, "withdrawn": 0, "judging": 2,
             "result": 3}
    reached = order[status]
    dates = [entry.submitted_at, entry.screened_at, None, entry.contest.results_published_at]
    keys = ("received", "screened", "judging", "result")
    return [Step(k, i <= reached, i == reached, dates[i] if i <= reached else None)
            for i, k in enumerate(keys)]


def duplicate_hints(entry: Entry) -> list[Entry]:
    """Other entries of the same contest from the same phone, or with a near-identical title
    (the same words once folded, or one title inside the other)."""
    folded = " ".join(fold(entry.title).split())
    conditions = []
    if entry.phone:
        conditions.append(Entry.phone == entry.phone)
    candidates = db.session.scalars(
        select(Entry).where(Entry.contest_id == entry.contest_id, Entry.id != entry.id,
                            or_(*conditions) if conditions else Entry.id.is_(None))
    ).all()
    same_phone = {e.id for e in candidates}
    others = db.session.scalars(
        select(Entry).where(Entry.contest_id == entry.contest_id, Entry.id != entry.id)).all()
    hints = list(candidates)
    for other in others:
        if other.id in same_phone:
            continue
        theirs = " ".join(fold(other.title).split())
        if theirs == folded or (len(folded) > 12 and (folded in theirs or theirs in folded)) \
                or _close(folded, theirs):
            hints.append(other)
    return hints


def _close(a: str, b: str) -> bool:
    """Word sets overlapping by 80 % or more (titles of four words at least)."""
    wa, wb = set(a.split()), set(b.split())
    if min(len(wa), len(wb)) < 4:
        return False
    return len(wa & wb) / max(len(wa), len(wb)) >= 0.8


def assignments_of(judge_id: int) -> list[JudgeAssignment]:
    return list(db.session.scalars(
        select(JudgeAssignment).where(JudgeAssignment.judge_id == judge_id)
        .options(selectinload(JudgeAssignment.contest), selectinload(JudgeAssignment.category))))


def entries_for_judge(judge_id: int) -> list[Entry]:
    """Accepted entries the judge is assigned to (whole contest or the entry's category)."""
    assigned = select(JudgeAssignment.id).where(
        JudgeAssignment.judge_id == judge_id,
        JudgeAssignment.contest_id == Entry.contest_id,
        or_(JudgeAssignment.category_id.is_(None),
            JudgeAssignment.category_id == Entry.category_id))
    return list(db.session.scalars(
        select(Entry).where(Entry.state == "accepted", exists(assigned))
        .options(selectinload(Entry.contest), selectinload(Entry.category))
        .order_by(Entry.contest_id.desc(), Entry.id)))


def may_judge(judge_id: int, entry: Entry) -> bool:
    if entry.state != "accepted":
        return False
    return db.session.scalar(select(JudgeAssignment.id).where(
        JudgeAssignment.judge_id == judge_id, JudgeAssignment.contest_id == entry.contest_id,
        or_(JudgeAssignment.category_id.is_(None),
            JudgeAssignment.category_id == entry.category_id)).limit(1)) is not None


def entry_for_judge(entry_id: int, judge_id: int) -> Entry | None:
    """The entry with what its judging page shows, if this judge may score it; else None (the
    page answers 404 either way, so entry ids cannot be probed)."""
    entry = db.session.scalar(select(Entry).where(Entry.id == entry_id).options(
        selectinload(Entry.contest).selectinload(Contest.criteria),
        selectinload(Entry.category), selectinload(Entry.files)))
    if entry is None or not may_judge(judge_id, entry):
        return None
    return entry


def reviews_of(entry_id: int) -> list[Review]:
    """Every judge's sheet for one entry, oldest first (shown to judges once results are out)."""
    return list(db.session.scalars(select(Review).where(Review.entry_id == entry_id)
                                   .order_by(Review.id)))


def review_of(entry_id: int, judge_id: int) -> Review | None:
    return db.session.scalar(select(Review).where(Review.entry_id == entry_id,
                                                  Review.judge_id == judge_id))


def reviews_by_judge(judge_id: int) -> dict[int, Review]:
    return {r.entry_id: r for r in db.session.scalars(
        select(Review).where(Review.judge_id == judge_id))}


def entries_to_screen() -> int:
    """For the staff dashboard: entries received and not yet screened."""
    return db.session.scalar(select(func.count(Entry.id)).where(Entry.state == "received")) or 0




# --- staff pages -------------------------------------------------------------------------

ENTRY_FILTERS = ("received", "accepted", "judging", "rejected", "withdrawn")


def mask_phone(phone: str | None) -> str:
    """A phone number for lists: the first four and last three digits, "0912 *** 678"."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if not digits:
        return ""
    if len(digits) < 8:
        return "***"
    return f"{digits[:4]} *** {digits[-3:]}"


def mask_email(email: str | None) -> str:
    """An email address for lists: its first character and its domain, "a***@gmail.com"."""
    local, at, domain = (email or "").strip().rpartition("@")
    if not at:
        return "***" if domain else ""
    return f"{local[:1]}***@{domain}"


def staff_contests() -> list[Contest]:
    return list(db.session.scalars(select(Contest).order_by(Contest.year.desc(),
                                                            Contest.opens_at.desc())))


def entry_counts() -> dict[int, dict[str, int]]:
    """contest id → entry state → how many, in one query."""
    counts: dict[int, dict[str, int]] = {}
    rows = db.session.execute(select(Entry.contest_id, Entry.state, func.count(Entry.id))
                              .group_by(Entry.contest_id, Entry.state))
    for contest_id, state, count in rows:
        counts.setdefault(contest_id, {})[state] = count
    return counts


def contest_to_screen() -> int | None:
    """The latest contest with entries still to screen (the dashboard links its queue)."""
    return db.session.scalar(
        select(Entry.contest_id).join(Contest, Contest.id == Entry.contest_id)
        .where(Entry.state == "received")
        .order_by(Contest.opens_at.desc(), Entry.contest_id.desc()).limit(1))


def _reviewed_entries():
    return select(Review.entry_id).where(Review.entry_id == Entry.id).exists()


def entry_queue(contest: Contest, *, state: str = "", category_id: int | None = None,
                text: str = "", now: datetime | None = None):
    """The staff queue's query: entries of a contest, oldest first, filtered by state ("judging"
    is an accepted entry being judged), category, and words of the title or the code (without
    tone marks: "u rom" finds "Ủ rơm")."""
    query = select(Entry).where(Entry.contest_id == contest.id).options(
        selectinload(Entry.category), selectinload(Entry.files))
    if state == "judging":
        query = query.where(Entry.state == "accepted")
        if phase(contest, now) not in ("judging", "results"):
            query = query.where(_reviewed_entries())
    elif state == "accepted":
        query = query.where(Entry.state == "accepted")
        if phase(contest, now) in ("judging", "results"):
            query = query.where(Entry.id.is_(None))  # every accepted entry is being judged
        else:
            query = query.where(~_reviewed_entries())
    elif state in ENTRY_FILTERS:
        query = query.where(Entry.state == state)
    if category_id is not None:
        query = query.where(Entry.category_id == category_id)
    words = fold(text).split()
    if words:
        code = "".join(ch for ch in text.upper() if ch.isalnum())
        titles = db.session.execute(select(Entry.id, Entry.title, Entry.code)
                                    .where(Entry.contest_id == contest.id)).all()
        found = [i for i, title, entry_code in titles
                 if all(w in fold(title) for w in words) or (len(code) >= 4 and code in entry_code)]
        query = query.where(Entry.id.in_(found))
    return query.order_by(Entry.submitted_at, Entry.id)


def statuses(contest: Contest, entries, now: datetime | None = None) -> dict[int, str]:
    """status_of() for many entries of one contest, in one query."""
    entries = list(entries)
    current = phase(contest, now)
    accepted = [e.id for e in entries if e.state == "accepted"]
    reviewed = set(db.session.scalars(select(Review.entry_id).where(
        Review.entry_id.in_(accepted)))) \
        if accepted and current not in ("judging", "results") else set()
    out = {}
    for entry in entries:
        if entry.state != "accepted":
            out[entry.id] = entry.state
        elif current == "results":
            out[entry.id] = "result"
        elif current == "judging" or entry.id in reviewed:
            out[entry.id] = "judging"
        else:
            out[entry.id] = "accepted"
    return out


def judge_accounts() -> list:
    """Active accounts with the judge role, for the assignment form."""
    return auth_queries.active_users_with_role(JUDGE)


def judge_account(user_id: int):
    return auth_queries.user_by_id(user_id)


def contest_assignments(contest_id: int) -> list[JudgeAssignment]:
    return list(db.session.scalars(
        select(JudgeAssignment).where(JudgeAssignment.contest_id == contest_id)
        .options(selectinload(JudgeAssignment.category))
        .order_by(JudgeAssignment.judge_id, JudgeAssignment.category_id.is_not(None),
                  JudgeAssignment.id)))


def judge_activity(contest_id: int) -> dict[int, dict[str, int]]:
    """judge id → review state (draft, submitted, recused) → how many, in this contest."""
    out: dict[int, dict[str, int]] = {}
    rows = db.session.execute(
        select(Review.judge_id, Review.state, func.count(Review.id))
        .join(Entry, Entry.id == Review.entry_id).where(Entry.contest_id == contest_id)
        .group_by(Review.judge_id, Review.state))
    for judge_id, state, count in rows:
        out.setdefault(judge_id, {})[state] = count
    return out


def entries_for_export(contest: Contest) -> list[Entry]:
    return list(db.session.scalars(
        select(Entry).where(Entry.contest_id == contest.id)
        .options(selectinload(Entry.category), selectinload(Entry.prize),
                 selectinload(Entry.consents))
        .order_by(Entry.submitted_at, Entry.id)))
