"""/cuoc-thi: the public pages of the contest (SPEC §2, §3.3).

The entry form is anonymous and works without JavaScript. Files are checked and held
server-side as soon as they arrive (content/held.py), so a form refused for a typo keeps both the
text and the accepted files. The receipt is reached through a signed, short-lived link: the
tracking code alone never shows anything personal, and the status page asks for the code
plus the last 4 digits of the phone, answering a wrong code and wrong digits the same way.
"""
from __future__ import annotations

from flask import (abort, current_app, flash, g, redirect, render_template, request, url_for)
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import parse

from .. import sharing
from ..content import held as uploads
from ..extensions import db, limiter
from ..schools import queries as schools
from ..web import htmx
from ..web.caching import public_page
from ..web.qr import qr_svg
from ..web.roles import public
from ..web.urls import external_url
from . import bp, operations, queries
from .indexing import public_entry
from .forms import EntrantActionForm, EntryForm, LookupForm
from .operations import ContestError, EntryData, show_code

RECEIPT_MAX_AGE = 7 * 24 * 3600
RECEIPT_SALT = "contest-receipt"


def _contest_or_404(slug: str):
    contest = queries.contest_by_slug(slug)
    if contest is None:
        abort(404)
    return contest


def _share(contest, endpoint: str, title: str | None = None, **values) -> dict:
    values = values or {"slug": contest.slug}
    return sharing.share(title or contest.title, contest.summary or contest.title, endpoint,
                         category="sang-kien-moi-truong", **values)


@bp.route("/")
@public
@public_page()
def index():
    contests = queries.published_contests()
    g.last_modified = max((c.updated_at for c in contests), default=None)
    return htmx.render("contest/index.html", contests=contests, phase=queries.phase,
                       share=sharing.share(_("Environmental initiative contest"),
                                           _("Send your idea for a greener, safer commune."),
                                           "contest.index", category="sang-kien-moi-truong",
                                           type_="website"))


@bp.route("/<slug>")
@public
@public_page()
def contest(slug: str):
    found = _contest_or_404(slug)
    g.last_modified = found.updated_at
    return htmx.render("contest/contest.html", contest=found, phase=queries.phase(found),
                       gallery=queries.gallery_entries(found), public_name=queries.public_name,
                       share=_share(found, "contest.contest"))


@bp.route("/bai/<int:entry_id>")
@public
@public_page()
def entry(entry_id: int):
    """One entry the public may see: in the gallery, or awarded once results are out."""
    found = queries.entry_by_id(entry_id)
    if found is None or not public_entry(found):
        abort(404)
    g.last_modified = max(found.updated_at, found.contest.updated_at)
    return htmx.render("contest/entry.html", entry=found, contest=found.contest,
                       name=queries.public_name(found), phase=queries.phase(found.contest),
                       share=_share(found.contest, "contest.entry", title=found.title,
                                    entry_id=found.id))


def _entry_limit() -> str:
    return current_app.config["CONTEST_ENTRY_LIMIT"]


@bp.route("/<slug>/du-thi", methods=["GET", "POST"])
@limiter.limit(_entry_limit, methods=["POST"])
@public
def enter(slug: str):
    found = _contest_or_404(slug)
    if not queries.is_open(found):
        # Not yet open: 403 (come back later); closed: 410 (gone for good).
        phase = queries.phase(found)
        return render_template("contest/closed.html", contest=found, phase=phase), \
            403 if phase == "upcoming" else 410
    form = EntryForm(contest=found)
    token = form.held.data if uploads.valid_token(form.held.data) else uploads.new_token()
    form.held.data = token
    if request.method == "GET" and request.args.get("truong"):
        _prefill_club(form, request.args["truong"][:120])
    status = 200
    file_errors: list[str] = []
    if request.method == "POST":
        if form.website.data:  # the honeypot: answer like a success, keep nothing
            return redirect(url_for("contest.contest", slug=found.slug), 303)
        uploads.release(token, request.form.getlist("remove"))
        chosen = [f for f in request.files.getlist(form.files.name) if f and f.filename]
        if chosen:
            file_errors = uploads.hold(token, chosen, alt=form.title.data or found.title)
        if form.validate() and not file_errors:
            data = EntryData(entrant_name=form.entrant_name.data.strip(), phone=form.phone.data,
                             email=(form.email.data or "").strip().lower(),
                             hamlet=form.hamlet.data, entrant_kind=form.entrant_kind.data,
                             members=form.members_text(), category_id=form.category_id.data,
                             title=form.title.data.strip(), summary=form.summary.data.strip(),
                             description=form.description.data.strip(), consents=form.consents())
            try:
                saved = operations.submit_entry(found, data, token)
            except ContestError as error:
                form.form_errors.append(str(error))
            else:
                return redirect(url_for("contest.receipt", slug=found.slug,
                                        t=_serializer().dumps(saved.code)), 303)
        status = 422
    return _entry_page(found, form, token, file_errors, status, validated=request.method == "POST")


def _prefill_club(form: EntryForm, school_slug: str) -> None:
    """A school's club entering from its green-school page (?truong=<slug>): the group,
    its name and the school's hamlet are filled in; the category is left to choose."""
    school = schools.school_by_slug(school_slug)
    club = schools.club_of(school) if school is not None else None
    if club is None:
        return
    form.entrant_kind.data = "group"
    form.entrant_name.data = f"{club.name} – {school.name}"[:160]
    hamlet = school.profile.hamlet if school.profile else ""
    if hamlet and hamlet in {choice.value for choice in form.hamlet.choices}:
        form.hamlet.data = hamlet


def _entry_page(contest, form, token, file_errors, status, *, validated):
    if file_errors:
        form.files.errors = list(form.files.errors or []) + file_errors
    return htmx.render("contest/enter.html", contest=contest, phase=queries.phase(contest), form=form,
                       held=uploads.held(token), max_files=uploads.MAX_FILES,
                       show_errors=validated,
                       share=_share(contest, "contest.enter",
                                    title=_("Enter: %(title)s", title=contest.title))), status


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RECEIPT_SALT)


@bp.route("/<slug>/bien-nhan")
@public
def receipt(slug: str):
    """The receipt after a successful entry: the code large enough to photograph, a QR code
    to the status page, printable. Reached only through the signed link of the redirect."""
    found = _contest_or_404(slug)
    try:
        code = _serializer().loads(request.args.get("t", ""), max_age=RECEIPT_MAX_AGE)
    except BadSignature:
        abort(404)
    saved = queries.entry_by_code(code)
    if saved is None or saved.contest_id != found.id:
        abort(404)
    status_url = external_url("contest.status", ma=show_code(saved.code))
    return render_template("contest/receipt.html", contest=found, entry=saved,
                           code=show_code(saved.code), status_url=status_url,
                           qr=qr_svg(status_url, _("Status of entry %(code)s",
                                                   code=show_code(saved.code))))


def _lookup_limit() -> str:
    return current_app.config["CONTEST_LOOKUP_LIMIT"]


@bp.route("/tra-cuu", methods=["GET", "POST"])
@limiter.limit(_lookup_limit, methods=["POST"])
@public
def status():
    form = LookupForm()
    if request.method == "GET" and request.args.get("ma"):
        form.code.data = request.args["ma"][:32]
    found, status_code = None, 200
    if request.method == "POST":
        if form.validate_on_submit():
            code = operations.normalise_code(form.code.data)
            if not _code_attempt_allowed(code):
                form.form_errors.append(_("Too many attempts for this code today. Please try "
                                          "again tomorrow, or call the centre."))
                return render_template("contest/status.html", form=form, entry=None), 429
            found = queries.find_for_lookup(code, form.last4.data)
            if found is None:
                form.form_errors.append(_("We found no entry with this code and these digits. "
                                          "Check both and try again."))
                status_code = 404
        else:
            status_code = 422
    if found is None:
        return render_template("contest/status.html", form=form, entry=None), status_code
    return _status_page(found, form.last4.data)


def _code_attempt_allowed(code: str) -> bool:
    """At most CONTEST_LOOKUPS_PER_CODE tries per code, whether the code exists or not (so the
    answer says nothing about it): 4 digits cannot be guessed from many addresses either."""
    limit = parse(current_app.config["CONTEST_LOOKUPS_PER_CODE"])
    key = "/".join((current_app.config["RATELIMIT_KEY_PREFIX"], "contest-code"))
    return limiter.limiter.hit(limit, key, code or "-")


def _status_page(found, last4, status_code=200, submitted=None):
    """The entry's timeline and the entrant's two actions (each its own form and prefix)."""
    forms = {}
    for prefix in ("rut", "xoa"):
        if submitted is not None and submitted._prefix == prefix + "-":
            forms[prefix] = submitted
        else:
            forms[prefix] = EntrantActionForm(formdata=None, prefix=prefix, code=found.code,
                                              last4=last4)
    return render_template("contest/status.html", form=None, entry=found,
                           status=queries.status_of(found), steps=queries.timeline(found),
                           code=show_code(found.code), withdraw_form=forms["rut"],
                           erase_form=forms["xoa"]), status_code


@bp.route("/tra-cuu/rut-bai", methods=["POST"])
@limiter.limit(_lookup_limit)
@public
def withdraw():
    return _entrant_action("rut", operations.withdraw,
                           _("Your entry is withdrawn. It will not be judged."))


@bp.route("/tra-cuu/xoa-du-lieu", methods=["POST"])
@limiter.limit(_lookup_limit)
@public
def erase():
    def write(found):
        operations.erase_personal_data(found, requested=True)

    return _entrant_action("xoa", write, _("Your name, phone number and email are erased. The "
                                           "entry itself stays, without your details."),
                           erased=True)


def _entrant_action(prefix: str, write, done: str, *, erased: bool = False):
    form = EntrantActionForm(prefix=prefix)
    found = None
    if form.code.data and form.last4.data:
        found = queries.find_for_lookup(operations.normalise_code(form.code.data),
                                        form.last4.data)
    if found is None:
        abort(404)
    if not form.validate_on_submit():
        return _status_page(found, form.last4.data, 422, submitted=form)
    try:
        write(found)
    except ContestError as error:
        db.session.rollback()
        form.confirm.errors = [str(error)]
        return _status_page(found, form.last4.data, 409, submitted=form)
    db.session.commit()
    flash(done, "success")
    if erased:  # the digits are gone with the phone number: nothing more to look up
        return redirect(url_for("contest.status"), 303)
    return _status_page(found, form.last4.data)


@bp.route("/<slug>/ket-qua")
@public
@public_page()
def results(slug: str):
    found = _contest_or_404(slug)
    if queries.phase(found) != "results":
        abort(404)
    g.last_modified = max(found.updated_at, found.results_published_at)
    awarded = queries.awarded_entries(found)
    template = "contest/results_print.html" if request.args.get("in") == "1" else \
        "contest/results.html"
    extra = {}
    if template.endswith("print.html"):
        url = external_url("contest.results", slug=found.slug)
        extra = dict(canonical=url, short_url=url, qr=qr_svg(url, found.title))
    return htmx.render(template, contest=found, awarded=awarded,
                       gallery=queries.gallery_entries(found), public_name=queries.public_name,
                       share=_share(found, "contest.results",
                                    title=_("Results: %(title)s", title=found.title)), **extra)
