"""/quan-tri/cuoc-thi: contest set-up, screening, judges, ranking and results (guarded by the
staff shell it is nested in).

Every write goes through contest/operations.py, which records its audit entry; the view
commits once and answers a plain POST with a 303 and a flash. A refused write shows the page
again with the message where it can be put right (422), or 409 when someone else changed the
record since the page was opened (each form carries the version it was opened at). Phone
numbers and email addresses are masked in every list; the entry page shows them in full.
"""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from slugify import slugify
from wtforms import SelectChoice

from .. import audit
from ..settings import site_settings
from ..extensions import db
from ..web import htmx
from ..web.forms import attach_error, version_of
from ..web.inputs import MAX_ID, int_arg
from ..web.timeutil import local_to_utc, to_local, utcnow
from . import exports, operations, queries
from .admin_forms import (FILTER_LABELS, PHASE_LABELS, PURPOSE_LABELS, REASON_TEMPLATES,
                          STATUS_LABELS, AssignForm, AwardForm, ButtonForm, ContestForm,
                          EntryActionForm, GalleryForm, PublishForm, RejectForm, WeightsForm)
from .models import Contest, Entry, JudgeAssignment
from .notice import default_notice
from .ranking import ranking as rank_entries

admin_bp = Blueprint("contest", __name__, url_prefix="/cuoc-thi")

audit.register_actions({
    "contest.export": _l("Contest entries exported"),
    "contest.purge_run": _l("Retention purge run by staff"),
})

PER_PAGE = 25


def _contest(contest_id: int) -> Contest:
    return db.get_or_404(Contest, contest_id)


def _entry(entry_id: int) -> Entry:
    return db.get_or_404(Entry, entry_id)


def _labels() -> dict:
    """The staff's words for states, phases and purposes, and the masks for lists."""
    return {"status_labels": STATUS_LABELS, "phase_labels": PHASE_LABELS,
            "purpose_labels": PURPOSE_LABELS, "filter_labels": FILTER_LABELS,
            "mask_phone": queries.mask_phone, "mask_email": queries.mask_email}


def _id(raw) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and int(raw) <= MAX_ID else None


# --- contests --------------------------------------------------------------------------

@admin_bp.route("/")
def index():
    now = utcnow()
    contests = queries.staff_contests()
    return render_template("contest/admin/index.html", contests=contests,
                           counts=queries.entry_counts(),
                           phases={c.id: queries.phase(c, now) for c in contests}, **_labels())


def _local(value):
    return to_local(value).replace(tzinfo=None, second=0, microsecond=0) if value else None


def _initial(contest: Contest) -> dict:
    return {
        "title": contest.title, "slug": contest.slug, "year": contest.year,
        "summary": contest.summary, "rules": contest.rules,
        "opens_at": _local(contest.opens_at), "closes_at": _local(contest.closes_at),
        "judging_ends_at": _local(contest.judging_ends_at),
        "results_at": _local(contest.results_at), "privacy_notice": contest.privacy_notice,
        "privacy_version": contest.privacy_version, "retention_days": contest.retention_days,
        "blind_judging": contest.blind_judging, "min_judges": contest.min_judges,
        "published": contest.state == "published", "version": str(contest.version),
        "categories": [{"id": str(c.id), "name": c.name, "description": c.description}
                       for c in contest.categories],
        "criteria": [{"id": str(c.id), "name": c.name, "description": c.description,
                      "weight": c.weight, "max_score": c.max_score} for c in contest.criteria],
        "prizes": [{"id": str(p.id), "name": p.name, "reward": p.reward, "places": p.places}
                   for p in contest.prizes],
    }


def _defaults() -> dict:
    """A new contest starts from the standard personal-data notice, with the centre's
    contacts from the site settings (staff adapt it)."""
    year = to_local(utcnow()).year
    settings = site_settings()
    notice = default_notice(centre=settings.centre_name, address=settings.address,
                            phone=settings.phone, email=settings.email, retention_days=365,
                            version=f"{year}-1")
    return {"year": year, "privacy_version": f"{year}-1", "retention_days": 365,
            "min_judges": 2, "privacy_notice": notice}


def _rows(table, make) -> list[operations.Row]:
    return [make(row.form) for row in table if not row.form.is_blank()]


def _text(field) -> str:
    return (field.data or "").strip()


def _data(form: ContestForm) -> dict:
    slug = slugify(_text(form.slug) or _text(form.title), max_length=120, word_boundary=True)
    if not slug:
        raise operations.ContestError(_("Give an address made of letters and numbers."), "slug")
    return {
        "title": _text(form.title), "slug": slug, "year": form.year.data,
        "summary": _text(form.summary), "rules": form.rules.data or "",
        "opens_at": local_to_utc(form.opens_at.data),
        "closes_at": local_to_utc(form.closes_at.data),
        "judging_ends_at": local_to_utc(form.judging_ends_at.data),
        "results_at": local_to_utc(form.results_at.data) if form.results_at.data else None,
        "privacy_notice": (form.privacy_notice.data or "").strip(),
        "privacy_version": _text(form.privacy_version),
        "retention_days": form.retention_days.data, "blind_judging": form.blind_judging.data,
        "min_judges": form.min_judges.data, "published": form.published.data,
        "categories": _rows(form.categories, lambda r: operations.Row(
            name=_text(r.name), description=_text(r.description), id=_id(r.id.data))),
        "criteria": _rows(form.criteria, lambda r: operations.Row(
            name=_text(r.name), description=_text(r.description), weight=r.weight.data,
            max_score=r.max_score.data, id=_id(r.id.data))),
        "prizes": _rows(form.prizes, lambda r: operations.Row(
            name=_text(r.name), reward=_text(r.reward), places=r.places.data or 1,
            id=_id(r.id.data))),
    }


def _form_page(form: ContestForm, contest: Contest | None, status: int = 200):
    form.add_spare_rows()
    return render_template("contest/admin/form.html", form=form, contest=contest,
                           total=form.weight_total(), stale=status == 409), status


@admin_bp.route("/moi", methods=["GET", "POST"])
def create():
    return _contest_form(None)


@admin_bp.route("/<int:contest_id>/sua", methods=["GET", "POST"])
def edit(contest_id: int):
    return _contest_form(_contest(contest_id))


def _contest_form(contest: Contest | None):
    if request.method == "GET":
        return _form_page(ContestForm(data=_initial(contest) if contest else _defaults()),
                          contest)
    form = ContestForm()
    if not form.validate():
        return _form_page(form, contest, 422)
    version = version_of(form.version)
    stale = contest is not None and version is not None and version != contest.version
    try:
        saved = operations.save_contest(contest, **_data(form), version=version)
    except operations.ContestError as error:
        db.session.rollback()
        attach_error(form, error)
        return _form_page(form, contest, 409 if stale else 422)
    db.session.commit()
    flash(_("Contest saved: %(title)s", title=saved.title), "success")
    return redirect(url_for("admin.contest.edit", contest_id=saved.id), 303)


@admin_bp.route("/tong-trong-so", methods=["POST"])
def weight_total():
    """The live total of the criteria's weights while staff type (htmx)."""
    form = WeightsForm()
    form.validate()
    if form.csrf_token.errors:
        abort(400)
    return htmx.render("contest/admin/_weight_total.html", "contest/admin/_weight_total.html",
                       total=form.weight_total())


# --- screening ---------------------------------------------------------------------------

@admin_bp.route("/<int:contest_id>/bai-du-thi")
def entries(contest_id: int):
    contest = _contest(contest_id)
    state = request.args.get("trang-thai", "")
    if state not in queries.ENTRY_FILTERS:
        state = ""
    category_id = request.args.get("hang-muc", type=int)
    if category_id not in {c.id for c in contest.categories}:
        category_id = None
    text = (request.args.get("q") or "").strip()[:100]
    query = queries.entry_queue(contest, state=state, category_id=category_id, text=text)
    pagination = db.paginate(query, page=int_arg("trang", 1), per_page=PER_PAGE,
                             error_out=False)
    return htmx.render("contest/admin/entries.html", "contest/admin/_entry_rows.html",
                       contest=contest, pagination=pagination, state=state,
                       category_id=category_id, text=text, filters=queries.ENTRY_FILTERS,
                       statuses=queries.statuses(contest, pagination.items), **_labels())


def _reject_choices(form: RejectForm) -> None:
    form.template.choices = [SelectChoice("", _("— write the reason below —"))] + [
        SelectChoice(key, label) for key, (label, _full) in REASON_TEMPLATES.items()]


def _prize_choices(form: AwardForm, contest: Contest) -> None:
    form.prize.choices = [SelectChoice("", _("— no prize —"))] + [
        SelectChoice(str(p.id), p.name) for p in contest.prizes]


def _entry_forms(entry: Entry) -> dict:
    version = str(entry.version)
    reject = RejectForm(formdata=None, version=version)
    _reject_choices(reject)
    award = AwardForm(formdata=None, version=version, prize=str(entry.prize_id or ""),
                      back="entry")
    _prize_choices(award, entry.contest)
    return {"accept_form": EntryActionForm(formdata=None, version=version),
            "reject_form": reject, "award_form": award,
            "gallery_form": GalleryForm(formdata=None, version=version,
                                        shown="" if entry.in_gallery else "1")}


def _entry_page(entry: Entry, status: int = 200, refusal: str | None = None, **forms):
    hints = queries.duplicate_hints(entry)
    context = _entry_forms(entry) | forms
    return render_template(
        "contest/admin/entry.html", entry=entry, contest=entry.contest,
        status=queries.status_of(entry), hints=hints, refusal=refusal,
        same_phone={h.id for h in hints if entry.phone and h.phone == entry.phone},
        reasons=REASON_TEMPLATES, show_code=operations.show_code, **context,
        **_labels()), status


@admin_bp.route("/bai-du-thi/<int:entry_id>")
def entry(entry_id: int):
    return _entry_page(_entry(entry_id))


STALE = _l("Someone else changed this entry since you opened it. Check it again below, then "
           "repeat your action.")


def _act(entry: Entry, form, write, done: str, refused):
    """Run `write()` on the version of the entry the person saw, commit, and go back to the
    entry page with `done`; `refused(status, message)` shows the page again otherwise."""
    if not form.validate():
        return refused(422, None)
    version = version_of(form.version)
    if version is not None and version != entry.version:
        return refused(409, str(STALE))
    try:
        write()
    except operations.ContestError as error:
        db.session.rollback()
        if error.field and getattr(form, error.field, None) is not None:
            attach_error(form, error)
            return refused(422, None)
        return refused(422, str(error))
    db.session.commit()
    flash(done, "success")
    return None


def _back_to(entry: Entry):
    return redirect(url_for("admin.contest.entry", entry_id=entry.id), 303)


@admin_bp.route("/bai-du-thi/<int:entry_id>/nhan", methods=["POST"])
def accept(entry_id: int):
    entry = _entry(entry_id)
    form = EntryActionForm()
    failed = _act(entry, form, lambda: operations.accept(entry),
                  _("Entry %(code)s accepted.", code=operations.show_code(entry.code)),
                  lambda status, message: _entry_page(entry, status, message))
    return failed or _back_to(entry)


@admin_bp.route("/bai-du-thi/<int:entry_id>/tu-choi", methods=["POST"])
def reject(entry_id: int):
    entry = _entry(entry_id)
    form = RejectForm()
    _reject_choices(form)
    failed = _act(entry, form, lambda: operations.reject(entry, form.full_reason()),
                  _("Entry %(code)s rejected; the entrant sees the reason on the status page.",
                    code=operations.show_code(entry.code)),
                  lambda status, message: _entry_page(entry, status, message, reject_form=form))
    return failed or _back_to(entry)


@admin_bp.route("/bai-du-thi/ly-do")
def reason_template():
    """The reason box filled from the chosen template (htmx; without it the server adds the
    template to the text when the form is sent)."""
    form = RejectForm(formdata=None, template=request.args.get("template", ""),
                      reason=request.args.get("reason", "")[:2000])
    _reject_choices(form)
    form.reason.data = form.full_reason()
    return htmx.render("contest/admin/_reject_reason.html", "contest/admin/_reject_reason.html",
                       reject_form=form)


@admin_bp.route("/bai-du-thi/<int:entry_id>/trung-bay", methods=["POST"])
def gallery(entry_id: int):
    entry = _entry(entry_id)
    form = GalleryForm()
    shown = form.shown.data == "1"
    code = operations.show_code(entry.code)
    done = (_("Entry %(code)s is shown in the public gallery.", code=code) if shown
            else _("Entry %(code)s is no longer in the public gallery.", code=code))
    failed = _act(entry, form, lambda: operations.set_gallery(entry, shown), done,
                  lambda status, message: _entry_page(entry, status, message))
    return failed or _back_to(entry)


@admin_bp.route("/bai-du-thi/<int:entry_id>/giai", methods=["POST"])
def award(entry_id: int):
    entry = _entry(entry_id)
    form = AwardForm()
    _prize_choices(form, entry.contest)
    from_ranking = form.back.data == "ranking"

    def write():
        raw = form.prize.data or ""
        if raw and _id(raw) is None:
            raise operations.ContestError(_("Choose a prize from the list."), "prize")
        operations.award(entry, _id(raw))

    def refused(status, message):
        if from_ranking:
            return _ranking_page(entry.contest, status, message or _("The prize was not awarded."),
                                 refused_entry=entry.id)
        return _entry_page(entry, status, message, award_form=form)

    done = (_("Entry %(code)s now has no prize.", code=operations.show_code(entry.code))
            if not form.prize.data else
            _("Prize awarded to entry %(code)s.", code=operations.show_code(entry.code)))
    failed = _act(entry, form, write, done, refused)
    if failed:
        return failed
    if from_ranking:
        return redirect(url_for("admin.contest.ranking", contest_id=entry.contest_id,
                                _anchor=f"entry-{entry.id}"), 303)
    return _back_to(entry)


# --- judges ------------------------------------------------------------------------------

def _judge_page(contest: Contest, form: AssignForm, status: int = 200):
    assignments = queries.contest_assignments(contest.id)
    activity = queries.judge_activity(contest.id)
    judges, seen = [], set()
    for assignment in assignments:
        if assignment.judge_id not in seen:
            seen.add(assignment.judge_id)
            judges.append(assignment.judge)
    for judge_id in activity:  # judges who reviewed before their assignment was removed
        if judge_id not in seen:
            seen.add(judge_id)
            judges.append(queries.judge_account(judge_id))
    return render_template("contest/admin/judges.html", contest=contest, form=form,
                           assignments=assignments, judges=judges, activity=activity,
                           remove_form=ButtonForm(), has_judges=len(form.judge.choices) > 1,
                           phase=queries.phase(contest), **_labels()), status


def _assign_choices(form: AssignForm, contest: Contest) -> None:
    form.judge.choices = [SelectChoice("", _("— choose a judge —"))] + [
        SelectChoice(str(j.id), f"{j.name} · {j.email}" if j.name else j.email)
        for j in queries.judge_accounts()]
    form.category.choices = [SelectChoice("", _("All categories (the whole contest)"))] + [
        SelectChoice(str(c.id), c.name) for c in contest.categories]


@admin_bp.route("/<int:contest_id>/giam-khao", methods=["GET", "POST"])
def judges(contest_id: int):
    contest = _contest(contest_id)
    form = AssignForm()
    _assign_choices(form, contest)
    if request.method == "GET":
        return _judge_page(contest, form)
    if not form.validate():
        return _judge_page(contest, form, 422)
    judge = queries.judge_account(int(form.judge.data))
    try:
        operations.assign_judge(contest, judge, _id(form.category.data))
    except operations.ContestError as error:
        db.session.rollback()
        attach_error(form, error)
        return _judge_page(contest, form, 422)
    db.session.commit()
    flash(_("%(judge)s is assigned.", judge=judge.name or judge.email), "success")
    return redirect(url_for("admin.contest.judges", contest_id=contest.id), 303)


@admin_bp.route("/<int:contest_id>/giam-khao/<int:assignment_id>/bo", methods=["POST"])
def unassign(contest_id: int, assignment_id: int):
    assignment = db.get_or_404(JudgeAssignment, assignment_id)
    if assignment.contest_id != contest_id:
        abort(404)
    if not ButtonForm().validate():
        abort(400)
    who = assignment.judge.name or assignment.judge.email
    operations.unassign_judge(assignment)
    db.session.commit()
    flash(_("Assignment of %(judge)s removed. Scores already given stay.", judge=who), "success")
    return redirect(url_for("admin.contest.judges", contest_id=contest_id), 303)


# --- ranking, results, retention ---------------------------------------------------------

def _ranking_page(contest: Contest, status: int = 200, refusal: str | None = None,
                  refused_entry: int | None = None):
    rows = rank_entries(contest)
    awarded = {}
    for row in rows:
        if row.entry.prize_id:
            awarded[row.entry.prize_id] = awarded.get(row.entry.prize_id, 0) + 1
    published = contest.results_published_at
    return render_template("contest/admin/ranking.html", contest=contest, rows=rows,
                           phase=queries.phase(contest), refusal=refusal,
                           retention_until=published + timedelta(days=contest.retention_days)
                           if published else None,
                           refused_entry=refused_entry, awarded=awarded,
                           purge_form=ButtonForm(), show_code=operations.show_code,
                           **_labels()), status


@admin_bp.route("/<int:contest_id>/xep-hang")
def ranking(contest_id: int):
    return _ranking_page(_contest(contest_id))


def _publish_page(contest: Contest, form: PublishForm, status: int = 200,
                  refusal: str | None = None):
    rows = [r for r in rank_entries(contest) if r.entry.prize_id]
    rows.sort(key=lambda r: (r.entry.prize.position, r.rank or 10**6))
    unfilled = []
    for prize in contest.prizes:
        given = sum(1 for r in rows if r.entry.prize_id == prize.id)
        if given < prize.places:
            unfilled.append((prize, prize.places - given))
    return render_template("contest/admin/publish.html", contest=contest, form=form, rows=rows,
                           unfilled=unfilled, refusal=refusal, phase=queries.phase(contest),
                           public_name=queries.public_name, show_code=operations.show_code,
                           **_labels()), status


@admin_bp.route("/<int:contest_id>/cong-bo", methods=["GET", "POST"])
def publish(contest_id: int):
    """A confirmation step: what will be public, what is still odd (thin scoring, ties, empty
    places); the button publishes the contest as it was on that page."""
    contest = _contest(contest_id)
    if request.method == "GET":
        return _publish_page(contest, PublishForm(formdata=None, version=str(contest.version)))
    form = PublishForm()
    if not form.validate():
        return _publish_page(contest, form, 422)
    if contest.results_published_at is not None:
        return _publish_page(contest, form, 409, _("The results are already published."))
    version = version_of(form.version)
    if version is not None and version != contest.version:
        form.version.data = str(contest.version)
        return _publish_page(contest, form, 409, _(
            "The contest changed since you opened this page. Check the list again, then "
            "publish."))
    try:
        operations.publish_results(contest)
    except operations.ContestError as error:
        db.session.rollback()
        return _publish_page(contest, form, 422, str(error))
    db.session.commit()
    flash(_("Results published: the results page now shows the awarded entries."), "success")
    return redirect(url_for("admin.contest.ranking", contest_id=contest.id), 303)


@admin_bp.route("/<int:contest_id>/xoa-du-lieu-qua-han", methods=["POST"])
def purge(contest_id: int):
    """Erase now what the retention limits allow (all contests, as the nightly command)."""
    contest = _contest(contest_id)
    if not ButtonForm().validate():
        abort(400)
    count = operations.purge_personal_data()
    audit.record("contest.purge_run", contest, contest.title, entries=count)
    db.session.commit()
    if count:
        flash(ngettext("Personal data of %(num)d entry past its retention limit was erased; "
                       "the entry and its scores stay, anonymised.",
                       "Personal data of %(num)d entries past their retention limit was erased; "
                       "the entries and their scores stay, anonymised.", count), "success")
    else:
        flash(_("No entry is past its retention limit: nothing was erased."), "info")
    return redirect(url_for("admin.contest.ranking", contest_id=contest.id), 303)


def _export(contest_id: int, kind: str):
    contest = _contest(contest_id)
    data = exports.table(contest)
    now = utcnow()
    if kind == "csv":
        body, content_type = exports.csv_body(data), exports.CSV_TYPE
    else:
        body, content_type = exports.xlsx_body(data, _("Entries")), exports.XLSX_TYPE
    audit.record("contest.export", contest, contest.title, format=kind, entries=len(data.rows))
    db.session.commit()
    return exports.download(body, content_type, exports.file_name(contest, kind, now))


@admin_bp.route("/<int:contest_id>/xuat.csv")
def export_csv(contest_id: int):
    return _export(contest_id, "csv")


@admin_bp.route("/<int:contest_id>/xuat.xlsx")
def export_xlsx(contest_id: int):
    return _export(contest_id, "xlsx")
