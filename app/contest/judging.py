"""/giam-khao: a judge's own area (SPEC §3.3, issue 9 line 8).

A judge sees only the accepted entries of the contests or categories they are assigned to;
any other entry id answers 404, so ids cannot be probed. The score sheet saves a draft as the
judge types (htmx, `save_draft`) and works as a plain form without JavaScript; scores stay open
to correction after submission until results are published. Other judges' scores stay hidden
until then. Every write goes through operations.py, which audits each score change.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..web import htmx
from ..web.errors import render_error
from ..web.forms import attach_error
from . import judging_bp, operations, queries
from .judging_forms import RecuseForm, foreign_fields, score_sheet
from .models import Contest, Entry, Review
from .ranking import weighted_total

STATES = ("to_score", "draft", "submitted", "recused")


def _judge():
    return current_user._get_current_object()


def _state(review: Review | None) -> str:
    return review.state if review is not None else "to_score"


# --- home: the entries to score, by contest ---------------------------------------------

@dataclass
class ContestGroup:
    contest: Contest
    phase: str
    rows: list = field(default_factory=list)  # (entry, state)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATES, 0)
        for _entry, state in self.rows:
            counts[state] += 1
        return counts

    @property
    def to_score(self) -> int:
        """Entries this judge scores: all of them but those they stepped aside from."""
        return len(self.rows) - self.counts["recused"]


def _groups(judge_id: int) -> list[ContestGroup]:
    """Three queries whatever the data: assignments, entries, this judge's reviews."""
    groups: dict[int, ContestGroup] = {}
    for assignment in queries.assignments_of(judge_id):
        contest = assignment.contest
        groups.setdefault(contest.id, ContestGroup(contest, queries.phase(contest)))
    reviews = queries.reviews_by_judge(judge_id)
    for entry in queries.entries_for_judge(judge_id):
        group = groups.setdefault(entry.contest_id,
                                  ContestGroup(entry.contest, queries.phase(entry.contest)))
        group.rows.append((entry, _state(reviews.get(entry.id))))
    return sorted(groups.values(), key=lambda g: (g.phase == "results", -g.contest.opens_at.timestamp()))


@judging_bp.route("/")
def home():
    return htmx.render("contest/judging/home.html", groups=_groups(current_user.id))


# --- one entry: read it, score it, or step aside ------------------------------------------

def _entry(entry_id: int) -> Entry:
    entry = queries.entry_for_judge(entry_id, current_user.id)
    if entry is None:
        abort(404)
    return entry


def _next_entry(entry: Entry) -> Entry | None:
    """The next assigned entry still waiting for this judge's scores (after this one, then
    from the start)."""
    reviews = queries.reviews_by_judge(current_user.id)
    waiting = [e for e in queries.entries_for_judge(current_user.id)
               if e.id != entry.id and _state(reviews.get(e.id)) in ("to_score", "draft")
               and queries.phase(e.contest) != "results"]
    later = [e for e in waiting if (e.contest_id, e.id) > (entry.contest_id, entry.id)]
    return (later or waiting or [None])[0]


@dataclass
class JudgeTotal:
    label: str
    total: float
    mine: bool


def _all_totals(entry: Entry) -> tuple[list[JudgeTotal], int]:
    """Once results are out: every judge's submitted weighted total (judges numbered, the
    reader's own marked), and how many stepped aside."""
    totals, recusals, number = [], 0, 0
    for review in queries.reviews_of(entry.id):
        if review.state == "recused":
            recusals += 1
        if review.state != "submitted":
            continue
        number += 1
        mine = review.judge_id == current_user.id
        label = _("Judge %(num)d (you)", num=number) if mine else _("Judge %(num)d", num=number)
        totals.append(JudgeTotal(label, weighted_total(entry.contest, review), mine))
    return totals, recusals


def _page(entry: Entry, *, sheet=None, recuse_form=None, status: int = 200, notice=None):
    contest = entry.contest
    review = queries.review_of(entry.id, current_user.id)
    state = _state(review)
    locked = queries.phase(contest) == "results"
    if sheet is None and state != "recused" and not locked:
        sheet = score_sheet(contest.criteria, review, formdata=None)
    totals, recusals = _all_totals(entry) if locked else ([], 0)
    means = [t.total for t in totals]
    context = dict(
        entry=entry, contest=contest, review=review, state=state, locked=locked, sheet=sheet,
        recuse_form=recuse_form or RecuseForm(formdata=None), notice=notice,
        blind=contest.blind_judging, my_total=weighted_total(contest, review) if review else None,
        total=weighted_total(contest, review) if review and review.scores else None,
        totals=totals, recusals=recusals,
        mean=round(statistics.fmean(means), 2) if means else None,
        median=round(statistics.median(means), 2) if means else None,
        next_entry=_next_entry(entry),
        paragraphs=[p.strip() for p in (entry.description or "").split("\n\n") if p.strip()])
    return htmx.render("contest/judging/entry.html", status=status, **context)


def _refuse_foreign(entry: Entry):
    """A sheet naming criteria this contest does not have: refused whole, never half saved."""
    if foreign_fields(request.form, entry.contest.criteria):
        return render_error(400, _("This score sheet does not match the entry"),
                            _("The form names criteria of another contest. Reload the entry's "
                              "page and score it again."))
    return None


def _mark_missing(sheet) -> None:
    for _criterion, score, _comment in sheet.rows:
        if score.data is None and not score.errors:
            score.errors = [*score.errors, _("Give a score before submitting.")]


def _save(entry: Entry, action: str):
    """The plain form's "Save draft" / "Submit scores" (and "Save corrections")."""
    refused = _refuse_foreign(entry)
    if refused is not None:
        return refused
    if action not in ("draft", "submit"):
        return render_error(400)
    review = queries.review_of(entry.id, current_user.id)
    if queries.phase(entry.contest) == "results":
        return _page(entry, status=409, notice=_("Results are published: scores can no longer "
                                                 "change."))
    if review is not None and review.state == "recused":
        return _page(entry, status=409, notice=_("You stepped aside from this entry: it has no "
                                                 "score sheet for you."))
    sheet = score_sheet(entry.contest.criteria)
    if not sheet.validate():
        return _page(entry, sheet=sheet, status=422)
    submit = action == "submit"
    try:
        operations.save_scores(entry, _judge(), sheet.scores(), sheet.comments(), submit=submit)
    except operations.ContestError as error:
        db.session.rollback()
        attach_error(sheet, error)
        if submit or (review is not None and review.state == "submitted"):
            _mark_missing(sheet)
        return _page(entry, sheet=sheet, status=422)
    db.session.commit()
    if submit:
        flash(_("Your scores are submitted. You can still correct them until the results are "
                "published."), "success")
    else:
        flash(_("Draft saved. Submit your scores when every criterion is scored."), "success")
    return redirect(url_for("judging.entry", entry_id=entry.id), 303)


@judging_bp.route("/bai/<int:entry_id>", methods=["GET", "POST"])
def entry(entry_id: int):
    item = _entry(entry_id)
    if request.method == "POST":
        return _save(item, request.form.get("action", ""))
    return _page(item)


def _status(status: int, message: str = "", review: Review | None = None, entry=None,
            errors=()):
    response = make_response(render_template(
        "contest/judging/_draft_status.html", message=message, review=review, errors=errors,
        total=weighted_total(entry.contest, review) if entry is not None and review else None),
        status)
    return htmx.add_vary(response)


@judging_bp.route("/bai/<int:entry_id>/nhap", methods=["POST"])
def save_draft(entry_id: int):
    """The draft saved as the judge types: answers the status line for htmx, or behaves as
    "Save draft" for a plain post."""
    item = _entry(entry_id)
    if not htmx.is_htmx():
        return _save(item, "draft")
    if foreign_fields(request.form, item.contest.criteria):
        return _status(400, _("Not saved: this form does not match the entry. Reload the page."))
    if queries.phase(item.contest) == "results":
        return _status(409, _("Not saved: results are published and scores can no longer "
                              "change."))
    review = queries.review_of(item.id, current_user.id)
    if review is not None and review.state == "recused":
        return _status(409, _("Not saved: you stepped aside from this entry."))
    if review is not None and review.state == "submitted":
        return _status(409, _("Not saved: your scores are submitted. Use “Save corrections” to "
                              "change them."))
    sheet = score_sheet(item.contest.criteria)
    if not sheet.validate():
        errors = [f"{c.name}: {' '.join(s.errors + t.errors)}"
                  for c, s, t in sheet.rows if s.errors or t.errors]
        return _status(422, _("Not saved:"), errors=errors)
    try:
        review = operations.save_scores(item, _judge(), sheet.scores(), sheet.comments(),
                                        submit=False)
    except operations.ContestError as error:
        db.session.rollback()
        return _status(422, _("Not saved:"), errors=[str(error)])
    db.session.commit()
    return _status(200, review=review, entry=item)


@judging_bp.route("/bai/<int:entry_id>/xung-dot-loi-ich", methods=["POST"])
def recuse(entry_id: int):
    item = _entry(entry_id)
    form = RecuseForm()
    review = queries.review_of(item.id, current_user.id)
    if review is not None and review.state == "recused":
        return _page(item, status=409, notice=_("You have already stepped aside from this "
                                                "entry."))
    if queries.phase(item.contest) == "results":
        return _page(item, status=409, notice=_("Results are published: you can no longer "
                                                "step aside from this entry."))
    if form.validate():
        try:
            operations.recuse(item, _judge(), form.reason.data)
        except operations.ContestError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("You stepped aside from this entry. Thank you for saying so."), "success")
            return redirect(url_for("judging.entry", entry_id=item.id), 303)
    return _page(item, recuse_form=form, status=422)
