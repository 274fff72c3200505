"""/truong-hoc-xanh: the public green-school pages (SPEC §3.4, issue 10).

The board shows every school sorted by name (never by score) with its progress against its
own targets, drawn as bars that carry their figures in text. Only approved activities are
ever shown; a school's certificate exists once it has reached a level.

No Last-Modified on these pages: progress moves when staff confirm or withdraw a criterion,
which leaves no date on the school, so only the ETag (from the page itself) answers 304."""
from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from .. import sharing
from ..contest import queries as contest_queries
from ..web import htmx
from ..web.caching import public_page
from ..web.qr import qr_svg
from ..web.roles import public
from ..web.text import fold
from ..web.timeutil import to_local
from ..web.urls import external_url
from . import charts, progress, public_bp, queries

LEVEL_WORDS = {
    "registered": _l("Registered"),
    "in_progress": _l("In progress"),
    "achieved": _l("Achieved"),
    "exemplary": _l("Exemplary"),
}
REACHED = ("achieved", "exemplary")


def _share(title: str, description: str, endpoint: str, **values) -> dict:
    return sharing.share(title, description, endpoint, category="truong-hoc-xanh", **values)


@public_bp.route("/")
@public
@public_page()
def board():
    framework = queries.current_framework()
    # By name as a reader sorts it (Đồng before Yên), never by score.
    rows = sorted(progress.board(framework), key=lambda r: fold(r.school.name)) \
        if framework else []
    latest = queries.latest_approved(6)
    history = progress.commune_history(framework) if framework else []
    chart = None
    if history:
        points = [(f"{m.month:02d}/{m.year}", total) for m, total in history]
        chart = charts.bar_chart(
            points, uid="chart-commune",
            title=_("Criteria confirmed across the commune, month by month"),
            desc=ngettext("By %(month)s, %(num)d criterion was confirmed in all.",
                          "By %(month)s, %(num)d criteria were confirmed in all.",
                          points[-1][1], month=points[-1][0]),
            maximum=max(total for _m, total in history))
    return htmx.render("schools/board.html", framework=framework, rows=rows, latest=latest,
                       chart=chart, history=history, levels=LEVEL_WORDS,
                       summary=progress.summary(rows),
                       share=_share(_("Green and safe schools"),
                                    _("How each school of the commune is doing this year."),
                                    "green.board"))


def _school_or_404(slug: str):
    school = queries.school_by_slug(slug)
    if school is None:
        abort(404)
    return school


@public_bp.route("/<slug>")
@public
@public_page()
def school(slug: str):
    found = _school_or_404(slug)
    framework = queries.current_framework()
    row = progress.of_school(framework, found) if framework else None
    activities = queries.activities_of(found, framework, states=queries.PUBLIC_STATES) \
        if framework else []
    history = progress.history(framework, found) if framework else []
    chart = None
    if history:
        points = [(to_local(when).strftime("%d/%m"), percent) for when, percent in history]
        chart = charts.bar_chart(
            points, uid="chart-school",
            title=_("Progress of %(school)s over the year", school=found.name),
            desc=_("Share of the school's targets confirmed after each confirmation; now "
                   "%(percent)d %%.", percent=history[-1][1]),
            maximum=100, unit=" %")
    club = queries.club_of(found)
    contest = contest_queries.current_contest()
    enter_contest = contest if club and contest and contest_queries.is_open(contest) else None
    level = row.level if row else None
    reached = progress.reached_at(framework, found, level) if level in REACHED else None
    return htmx.render("schools/school.html", school=found, framework=framework, row=row,
                       activities=activities, chart=chart, history=history, club=club,
                       enter_contest=enter_contest, levels=LEVEL_WORDS, level=level,
                       reached=reached,
                       share=_share(found.name,
                                    _("The green and safe school work of %(school)s.",
                                      school=found.name),
                                    "green.school", slug=found.slug))


@public_bp.route("/<slug>/chung-nhan")
@public
@public_page()
def certificate(slug: str):
    """A printable A4 certificate, only once the school has reached a level this year."""
    found = _school_or_404(slug)
    framework = queries.current_framework()
    row = progress.of_school(framework, found) if framework else None
    if row is None or row.level not in REACHED:
        abort(404)
    reached = progress.reached_at(framework, found, row.level)
    url = external_url("green.school", slug=found.slug)
    return htmx.render("schools/certificate.html", school=found, framework=framework, row=row,
                       level=LEVEL_WORDS[row.level], reached=reached, canonical=url,
                       short_url=url, qr=qr_svg(url, _("Page of %(school)s", school=found.name)))
