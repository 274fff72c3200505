"""Writes of the contest. Each function changes the session and records its audit entry; the
caller commits once (web.forms.save or the view), except submit_entry, which owns its
transaction because files move into place with it."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..content.held import Placement
from ..extensions import db
from ..web.database import write_transaction
from ..web.text import READABLE_ALPHABET
from ..web.timeutil import utcnow
from . import indexing, queries
from .models import (PURPOSES, Category, Consent, Contest, Criterion, Entry, EntryFile,
                     JudgeAssignment, Prize, Review)

# No 0/O, no 1/I/L: a code read aloud over the phone or copied from a photo stays itself.
CODE_ALPHABET = READABLE_ALPHABET
CODE_LENGTH = 8

audit.register_actions({
    "contest.create": _l("Contest created"),
    "contest.update": _l("Contest changed"),
    "contest.publish_results": _l("Contest results published"),
    "contest.purge": _l("Personal data past retention erased"),
    "entry.submit": _l("Contest entry received"),
    "entry.accept": _l("Contest entry accepted"),
    "entry.reject": _l("Contest entry rejected"),
    "entry.gallery": _l("Contest entry gallery flag changed"),
    "entry.award": _l("Contest prize awarded"),
    "entry.withdraw": _l("Contest entry withdrawn by the entrant"),
    "entry.erase": _l("Entrant's personal data erased on request"),
    "judge.assign": _l("Judge assigned"),
    "judge.unassign": _l("Judge assignment removed"),
    "review.score": _l("Score changed"),
    "review.submit": _l("Scores submitted"),
    "review.recuse": _l("Judge recused"),
})


class ContestError(ValueError):
    """A refused contest write; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# --- codes -----------------------------------------------------------------------------

def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str | None) -> str:
    """What the entrant typed, without spaces, dashes or case; '' if it cannot be a code."""
    code = re.sub(r"[\s\-.]", "", (raw or "").upper())[:32]
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return ""
    return code


def show_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


# --- set-up ------------------------------------------------------------------------------

@dataclass
class Row:
    """One line of a criteria, categories or prizes table in the set-up form."""
    name: str
    description: str = ""
    weight: int | None = None
    max_score: int | None = None
    places: int | None = None
    reward: str = ""
    id: int | None = None


def check_timeline(opens_at, closes_at, judging_ends_at, results_at) -> None:
    if opens_at >= closes_at:
        raise ContestError(_("Submissions must close after they open."), "closes_at")
    if judging_ends_at < closes_at:
        raise ContestError(_("Judging must end after submissions close."), "judging_ends_at")
    if results_at is not None and results_at < judging_ends_at:
        raise ContestError(_("Results cannot be announced before judging ends."), "results_at")


def check_criteria(rows: list[Row]) -> None:
    if not rows:
        raise ContestError(_("Add at least one criterion."), "criteria")
    total = sum(r.weight or 0 for r in rows)
    if total != 100:
        raise ContestError(_("The criteria's weights must add up to 100 (now %(total)d).",
                             total=total), "criteria")


def _sync_rows(existing: list, rows: list[Row], make, apply) -> list:
    by_id = {item.id: item for item in existing}
    kept = []
    for position, row in enumerate(rows):
        item = by_id.get(row.id) if row.id else None
        if item is None:
            item = make()
        apply(item, row)
        item.position = position
        kept.append(item)
    return kept


def save_contest(contest: Contest | None, *, title: str, slug: str, year: int, summary: str,
                 rules: str, opens_at: datetime, closes_at: datetime, judging_ends_at: datetime,
                 results_at: datetime | None, privacy_notice: str, privacy_version: str,
                 retention_days: int, blind_judging: bool, min_judges: int, published: bool,
                 categories: list[Row], criteria: list[Row], prizes: list[Row],
                 version: int | None = None) -> Contest:
    check_timeline(opens_at, closes_at, judging_ends_at, results_at)
    check_criteria(criteria)
    if not categories:
        raise ContestError(_("Add at least one category."), "categories")
    if not privacy_notice.strip():
        raise ContestError(_("The privacy notice is required."), "privacy_notice")
    clash = db.session.scalar(select(Contest).where(Contest.slug == slug))
    if clash is not None and clash is not contest:
        raise ContestError(_("Another contest already uses this address."), "slug")
    new = contest is None
    if new:
        contest = Contest()
        db.session.add(contest)
    elif version is not None and version != contest.version:
        raise ContestError(_("Someone else changed this contest while you were editing. "
                             "Reload the page to see their changes."))
    elif contest.privacy_version == privacy_version and contest.privacy_notice != privacy_notice \
            and db.session.scalar(select(Entry.id).where(Entry.contest_id == contest.id).limit(1)):
        raise ContestError(_("Entrants have consented to the current notice: give the changed "
                             "notice a new version."), "privacy_version")
    if not new:
        _check_removals(contest, categories, criteria)
    contest.title, contest.slug, contest.year, contest.summary = title, slug, year, summary
    contest.rules, contest.opens_at, contest.closes_at = rules, opens_at, closes_at
    contest.judging_ends_at, contest.results_at = judging_ends_at, results_at
    contest.privacy_notice, contest.privacy_version = privacy_notice, privacy_version
    contest.retention_days, contest.blind_judging = retention_days, blind_judging
    contest.min_judges, contest.state = min_judges, "published" if published else "draft"

    def category(item, row):
        item.name, item.description = row.name, row.description

    def criterion(item, row):
        item.name, item.description = row.name, row.description
        item.weight, item.max_score = row.weight, row.max_score or 10

    def prize(item, row):
        item.name, item.reward, item.places = row.name, row.reward, row.places or 1

    contest.categories = _sync_rows(list(contest.categories), categories, Category, category)
    contest.criteria = _sync_rows(list(contest.criteria), criteria, Criterion, criterion)
    contest.prizes = _sync_rows(list(contest.prizes), prizes, Prize, prize)
    if not new:
        contest.version += 1
    contest.updated_at = utcnow()
    audit.record("contest.create" if new else "contest.update", contest, contest.title)
    indexing.index_contest(contest)
    return contest


def _check_removals(contest: Contest, categories: list[Row], criteria: list[Row]) -> None:
    """A line cleared in the set-up form deletes its row: refused for a category that still
    holds entries and for a criterion judges have scored, whose scores would silently drop
    out of the ranking."""
    kept = {r.id for r in categories if r.id}
    for category in contest.categories:
        if category.id not in kept and db.session.scalar(
                select(Entry.id).where(Entry.category_id == category.id).limit(1)):
            raise ContestError(_("%(name)s has entries: it cannot be removed (rename it "
                                 "instead).", name=category.name), "categories")
    kept = {r.id for r in criteria if r.id}
    dropped = [c for c in contest.criteria if c.id not in kept]
    if dropped:
        scored = set()
        for scores in db.session.scalars(select(Review.scores).join(
                Entry, Entry.id == Review.entry_id).where(Entry.contest_id == contest.id)):
            scored.update(k for k, v in (scores or {}).items() if v is not None)
        for criterion in dropped:
            if str(criterion.id) in scored:
                raise ContestError(_("Judges have scored %(name)s: it cannot be removed.",
                                     name=criterion.name), "criteria")


# --- entries -----------------------------------------------------------------------------

@dataclass
class EntryData:
    entrant_name: str
    phone: str  # already normalised by the form (VietnamesePhone)
    email: str
    hamlet: str
    entrant_kind: str
    members: str
    category_id: int | None
    title: str
    summary: str
    description: str
    consents: dict  # purpose → bool


def submit_entry(contest: Contest, data: EntryData, held_token: str | None, *,
                 now: datetime | None = None) -> Entry:
    """Store an entry with its held files, together or not at all, and commit."""
    now = now or utcnow()
    with write_transaction():
        return _submit(db.session.get(Contest, contest.id), data, held_token, now)


def _submit(contest: Contest, data: EntryData, held_token: str | None, now: datetime) -> Entry:
    if not queries.is_open(contest, now):
        raise ContestError(_("Submissions to this contest are closed."))
    if not data.consents.get("judging"):
        raise ContestError(_("Your entry can only be judged if you agree to its use for "
                             "judging."), "consent_judging")
    placement = Placement(held_token, alt=data.title)
    for attempt in range(5):
        entry = Entry(contest_id=contest.id, code=new_code(), category_id=data.category_id,
                      title=data.title, summary=data.summary, description=data.description,
                      entrant_kind=data.entrant_kind, entrant_name=data.entrant_name,
                      members=data.members if data.entrant_kind == "group" else "",
                      phone=data.phone, phone_last4=re.sub(r"\D", "", data.phone)[-4:],
                      email=data.email, hamlet=data.hamlet, privacy_version=contest.privacy_version,
                      submitted_at=now, updated_at=now)
        db.session.add(entry)
        for purpose in PURPOSES:
            entry.consents.append(Consent(purpose=purpose, given=bool(data.consents.get(purpose)),
                                          notice_version=contest.privacy_version, recorded_at=now))
        for position, media in enumerate(placement.media()):
            entry.files.append(EntryFile(media=media, position=position))
        try:
            db.session.flush()
            audit.record("entry.submit", entry, f"{show_code(entry.code)} {entry.title}"[:255],
                         actor=None, files=len(entry.files))
            placement.place()
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            placement.undo()
            if attempt == 4:
                raise
            continue  # a code collision (one in a trillion): draw another
        except BaseException:
            db.session.rollback()
            placement.undo()
            raise
        placement.finish()
        return entry
    raise AssertionError("unreachable")


def accept(entry: Entry, *, now: datetime | None = None) -> None:
    if entry.state not in ("received", "rejected"):
        raise ContestError(_("Only a received or rejected entry can be accepted."))
    entry.state, entry.reject_reason, entry.screened_at = "accepted", "", now or utcnow()
    _touch(entry)
    audit.record("entry.accept", entry, show_code(entry.code))


def reject(entry: Entry, reason: str, *, now: datetime | None = None) -> None:
    if entry.state not in ("received", "accepted"):
        raise ContestError(_("Only a received or accepted entry can be rejected."))
    if not reason.strip():
        raise ContestError(_("Give the entrant a reason: they will read it."), "reason")
    entry.state, entry.reject_reason = "rejected", reason.strip()
    entry.screened_at, entry.in_gallery, entry.prize_id = now or utcnow(), False, None
    _touch(entry)
    audit.record("entry.reject", entry, show_code(entry.code), reason=entry.reject_reason)


def set_gallery(entry: Entry, shown: bool) -> None:
    if shown and entry.state != "accepted":
        raise ContestError(_("Only an accepted entry can be shown in the gallery."))
    if shown and not entry.consented("publish_name"):
        raise ContestError(_("The entrant did not agree to publication: this entry cannot "
                             "be shown in the public gallery."))
    entry.in_gallery = shown
    _touch(entry)
    audit.record("entry.gallery", entry, show_code(entry.code), shown=shown)


def award(entry: Entry, prize_id: int | None) -> None:
    if prize_id is not None:
        if entry.state != "accepted":
            raise ContestError(_("Only an accepted entry can get a prize."))
        prize = next((p for p in entry.contest.prizes if p.id == prize_id), None)
        if prize is None:
            raise ContestError(_("This prize does not belong to the contest."))
        taken = db.session.scalars(select(Entry.id).where(
            Entry.prize_id == prize_id, Entry.id != entry.id)).all()
        if len(taken) >= prize.places:
            raise ContestError(_("All places of %(prize)s are already awarded.", prize=prize.name))
    entry.prize_id = prize_id
    _touch(entry)
    audit.record("entry.award", entry, show_code(entry.code), prize=prize_id)


def publish_results(contest: Contest, *, now: datetime | None = None) -> None:
    now = now or utcnow()
    if now < contest.closes_at:
        raise ContestError(_("Results can be published once submissions have closed."))
    if not db.session.scalar(select(Entry.id).where(Entry.contest_id == contest.id,
                                                    Entry.prize_id.is_not(None)).limit(1)):
        raise ContestError(_("Award at least one prize before publishing the results."))
    contest.results_published_at = now
    contest.version += 1
    for entry in db.session.scalars(select(Entry).where(Entry.contest_id == contest.id)):
        indexing.index_entry(entry)
    audit.record("contest.publish_results", contest, contest.title)


def withdraw(entry: Entry, *, now: datetime | None = None) -> None:
    """The entrant takes the entry back (from the status page)."""
    if entry.state == "withdrawn":
        return
    if queries.phase(entry.contest, now) == "results":
        raise ContestError(_("Results are out: the entry can no longer be withdrawn. You can "
                             "still ask for your personal data to be erased."))
    entry.state, entry.withdrawn_at = "withdrawn", now or utcnow()
    entry.in_gallery, entry.prize_id = False, None
    _touch(entry)
    audit.record("entry.withdraw", entry, show_code(entry.code), actor=None)


def erase_personal_data(entry: Entry, *, now: datetime | None = None, requested: bool) -> None:
    """Blank the entrant's personal data; the anonymised entry, its files and scores stay.
    Consents to publish the name and to be contacted end with it."""
    now = now or utcnow()
    if entry.erased:
        return
    entry.entrant_name = entry.members = entry.phone = entry.phone_last4 = entry.email = ""
    entry.erased_at = now
    if requested:
        entry.erasure_requested_at = now
        entry.in_gallery = False
    for consent in entry.consents:
        if consent.purpose != "judging" and consent.given and consent.withdrawn_at is None:
            consent.withdrawn_at = now
    _touch(entry)
    if requested:
        audit.record("entry.erase", entry, show_code(entry.code), actor=None)


def purge_personal_data(*, now: datetime | None = None) -> int:
    """Erase personal data of every entry whose contest published results more than its
    retention period ago. Idempotent; returns how many entries were erased this time."""
    now = now or utcnow()
    count = 0
    for contest in db.session.scalars(select(Contest).where(
            Contest.results_published_at.is_not(None))):
        limit = contest.results_published_at + timedelta(days=contest.retention_days)
        if now < limit:
            continue
        entries = db.session.scalars(select(Entry).where(Entry.contest_id == contest.id,
                                                         Entry.erased_at.is_(None))).all()
        for entry in entries:
            erase_personal_data(entry, now=now, requested=False)
        if entries:
            count += len(entries)
            contest.personal_data_purged_at = now
            audit.record("contest.purge", contest, contest.title, entries=len(entries))
    return count


def _touch(entry: Entry) -> None:
    """Every write of an entry: a new version, and its search entry refreshed (in or out)."""
    entry.updated_at = utcnow()
    entry.version += 1
    indexing.index_entry(entry)


# --- judges ------------------------------------------------------------------------------

def assign_judge(contest: Contest, judge, category_id: int | None) -> JudgeAssignment:
    if judge.role != "judge" or not judge.active:
        raise ContestError(_("Only an active judge account can be assigned."), "judge")
    if category_id is not None and category_id not in {c.id for c in contest.categories}:
        raise ContestError(_("This category does not belong to the contest."), "category")
    existing = db.session.scalar(select(JudgeAssignment).where(
        JudgeAssignment.contest_id == contest.id, JudgeAssignment.judge_id == judge.id,
        JudgeAssignment.category_id.is_(None) if category_id is None
        else JudgeAssignment.category_id == category_id))
    if existing is not None:
        raise ContestError(_("This judge is already assigned there."), "judge")
    assignment = JudgeAssignment(contest_id=contest.id, judge_id=judge.id, category_id=category_id)
    db.session.add(assignment)
    audit.record("judge.assign", contest, f"{judge.email} → {contest.title}"[:255],
                 judge=judge.email, category=category_id)
    return assignment


def unassign_judge(assignment: JudgeAssignment) -> None:
    audit.record("judge.unassign", assignment.contest, assignment.judge.email,
                 judge=assignment.judge.email, category=assignment.category_id)
    db.session.delete(assignment)


def _review(entry: Entry, judge) -> Review:
    if not queries.may_judge(judge.id, entry):
        raise ContestError(_("You are not assigned to this entry."))
    if queries.phase(entry.contest) == "results":
        raise ContestError(_("Results are published: scores can no longer change."))
    review = queries.review_of(entry.id, judge.id)
    if review is None:
        review = Review(entry_id=entry.id, judge_id=judge.id, scores={}, comments={})
        db.session.add(review)
    return review


def save_scores(entry: Entry, judge, scores: dict, comments: dict, *, submit: bool) -> Review:
    """Save a judge's scores (a draft as they type, or submitted). `scores` maps criterion id
    → int or None. Every change of a score is audited with its old and new value."""
    review = _review(entry, judge)
    if review.state == "recused":
        raise ContestError(_("You recused yourself from this entry."))
    criteria = {c.id: c for c in entry.contest.criteria}
    new_scores, new_comments = dict(review.scores or {}), dict(review.comments or {})
    for cid, value in scores.items():
        criterion = criteria.get(cid)
        if criterion is None:
            continue
        if value is not None and not 0 <= value <= criterion.max_score:
            raise ContestError(_("%(name)s: give a score from 0 to %(max)d.",
                                 name=criterion.name, max=criterion.max_score), f"score_{cid}")
        old = new_scores.get(str(cid))
        if old != value:
            audit.record("review.score", review, f"{show_code(entry.code)} {criterion.name}"[:255],
                         criterion=criterion.name, old=old, new=value, entry=entry.code)
        new_scores[str(cid)] = value
    for cid, text in comments.items():
        if cid in criteria:
            new_comments[str(cid)] = (text or "").strip()[:2000]
    missing = [c.name for c in criteria.values() if new_scores.get(str(c.id)) is None]
    if submit and missing:
        raise ContestError(_("Score every criterion before submitting: %(names)s.",
                             names=", ".join(missing)))
    if review.state == "submitted" and missing:  # a correction keeps the sheet complete
        raise ContestError(_("Submitted scores stay complete: give a score for %(names)s.",
                             names=", ".join(missing)))
    if submit:
        review.state, review.submitted_at = "submitted", utcnow()
        audit.record("review.submit", review, show_code(entry.code), entry=entry.code)
    review.scores, review.comments = new_scores, new_comments
    review.updated_at = utcnow()
    return review


def recuse(entry: Entry, judge, reason: str) -> Review:
    if not reason.strip():
        raise ContestError(_("Say in a few words why you step aside (for example: a relative)."),
                           "reason")
    review = _review(entry, judge)
    review.state, review.recusal_reason = "recused", reason.strip()[:1000]
    review.scores, review.comments, review.submitted_at = {}, {}, None
    review.updated_at = utcnow()
    audit.record("review.recuse", review, show_code(entry.code), entry=entry.code,
                 reason=review.recusal_reason)
    return review
