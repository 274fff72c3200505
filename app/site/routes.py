from __future__ import annotations

import re

from flask import abort, current_app, g, jsonify, make_response, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import search
from ..auth.routes import safe_next
from ..content import categories
from ..content import queries as content
from ..content.models import Campaign, Document, Guide, Post
from ..extensions import db
from ..schools import progress as school_progress
from ..schools import queries as school_queries
from ..settings import site_settings
from ..sharing import share
from ..waste.catalogue import catalogue as waste_catalogue
from ..web import health, htmx
from ..web.caching import public_page
from ..web.drawing import card
from ..web.i18n import LOCALE_COOKIE
from ..web.responses import typed
from ..web.roles import public
from ..web.urls import external_url
from . import bp, queries

YEAR = 365 * 24 * 3600


@bp.route("/")
@public
@public_page()
def home():

    settings = site_settings()
    latest = content.latest_posts(6)
    g.last_modified = max((p.updated_at for p in latest), default=None)
    framework = school_queries.current_framework()
    schools = queries.schools_for_home()
    green_year = school_progress.summary(school_progress.board(framework, schools)) \
        if framework else None
    return htmx.render(
        "site/home.html", schools=schools, green_framework=framework, green_year=green_year,
        campaign=content.current_campaign(), latest=latest,
        key_posts={slug: content.latest_posts(3, (slug,)) for slug in categories.KEY_CATEGORIES},
        key_categories=[categories.get(s) for s in categories.KEY_CATEGORIES],
        guides=content.guides(), today=content.today_local(),
        share=share(f"{settings.commune_name} Xanh",
                    _("Environmental portal of %(commune)s commune", commune=settings.commune_name),
                    "site.home", type_="website"))


@bp.route("/ngon-ngu/<lang>")
@public
def set_language(lang: str):
    """Remember the reader's language; a plain link, so it works without JavaScript."""
    target = safe_next(request.args.get("next")) or url_for("site.home")
    response = redirect(target, 303)
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie(LOCALE_COOKIE, lang, max_age=YEAR, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True)
    return response


@bp.route("/healthz")
@public
def healthz():
    body, status = health.report()
    response = make_response(jsonify(body), status)
    # A second of freshness is enough for a monitor, and a flood of checks then costs one
    # database round trip per worker and second (the front cache keeps only 200s).
    response.cache_control.public = True
    response.cache_control.max_age = 1
    return response


@bp.route("/robots.txt")
@public
def robots():
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /quan-tri/",
        "Disallow: /truong/",
        "Disallow: /giam-khao/",
        "Disallow: /tai-khoan/",
        "Disallow: /dang-nhap",
        "Disallow: /ngon-ngu/",
        "",
        f"Sitemap: {external_url('site.sitemap')}",
    ]
    response = typed("\n".join(lines) + "\n", "text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.route("/l/<code>")
@public
def short_link(code: str):
    """Short links printed on notices: b = post, h = guide, v = document, c = campaign.

    Only what the public can already read resolves; a draft, a scheduled post, an archived
    item or an unknown code all get the same 404, so a code reveals no slug."""

    match = SHORT_CODE.fullmatch(code)
    if match is None:
        abort(404)
    model, endpoint = SHORT_KINDS[match["kind"]]
    item = content.public_by_id(model, int(match["id"]))
    if item is None:
        abort(404)
    return redirect(url_for(endpoint, slug=item.slug), 301)


SHORT_KINDS = {"b": (Post, "content.post"), "h": (Guide, "content.guide"),
               "v": (Document, "content.document"), "c": (Campaign, "content.campaign")}
# ASCII digits only, and few enough to fit any database's integer.
SHORT_CODE = re.compile(r"(?P<kind>[bhvc])(?P<id>[1-9][0-9]{0,8})", re.ASCII)


@bp.route("/chia-se/<name>.png")
@public
def share_image(name: str):
    """The default share card of a category (or of the home page), drawn by the server."""

    category = categories.get(name)
    if category is None and name != "trang-chu":
        abort(404)
    settings = site_settings()
    with force_locale("vi"):  # the card is for the commune's residents, whoever fetches it
        title = str(category.name) if category else f"{settings.commune_name} Xanh"
        subtitle = _("Environmental portal of %(commune)s commune", commune=settings.commune_name)
    data = card(title, subtitle, category.colour if category else "#166534",
                band=f"{settings.commune_name} Xanh" if category else None)
    response = typed(data, "image/png")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    response.add_etag()
    return response.make_conditional(request)


SEARCH_ENDPOINTS = {"post": "content.post", "guide": "content.guide",
                    "document": "content.document", "campaign": "content.campaign",
                    "alert": "alerts.detail", "contest": "contest.contest",
                    "contest_entry": "contest.entry", "green_activity": "green.school"}
SEARCH_URL_ARGS = {"alert": "identifier", "contest_entry": "entry_id"}  # the argument that takes the entry's slug (default "slug")


SEARCH_SECTIONS = {"alert": _l("Warnings"), "post": _l("Articles"), "guide": _l("Guides"),
                   "document": _l("Documents"), "campaign": _l("Campaigns"),
                   "contest": _l("Contests"), "contest_entry": _l("Contest entries"),
                   "green_activity": _l("School activities")}  # a heading per kind
SEARCH_PER_KIND = 3  # hits shown in each kind's section before "See all"


@bp.route("/tim-kiem")
@public
@public_page()
def search_page():
    """Site-wide search; a plain GET form, htmx refreshes only the results. A submitted
    search matches whole syllables; while typing (`dang_go=1`, sent only by the input's
    hx-get) the last word may match as a prefix. Without `loai` the results come grouped by
    kind, with the waste lookup's answer first; `loai=<kind>` lists one kind, paginated."""

    q = request.args.get("q", "").strip()[:200]
    page = max(1, min(request.args.get("trang", 1, type=int) or 1, 1000))
    kind = request.args.get("loai", "")
    kind = kind if kind in search.KINDS else None
    typing = request.args.get("dang_go") == "1"
    results, answer = None, []
    if q and kind:
        results = search.search(q, page, (kind,), prefix=typing)
    elif q:
        results = search.overview(q, SEARCH_PER_KIND, prefix=typing)
        answer = waste_catalogue().search(q, limit=3)
    return htmx.render("site/search.html", "site/_search_results.html", q=q, results=results,
                       kind=kind, answer=answer, sections=SEARCH_SECTIONS,
                       endpoints=SEARCH_ENDPOINTS, url_args=SEARCH_URL_ARGS,
                       share=share(_("Search"), _("Search the environmental portal"),
                                   "site.search_page", type_="website"))


@bp.route("/lien-he")
@public
@public_page()
def contact():
    """The centre's contact details and hotlines, all from site settings (SPEC §2)."""

    settings = site_settings()
    return htmx.render(
        "site/contact.html",
        share=share(_("Contact"),
                    _("Address, phone, email and hotlines of the %(centre)s of %(commune)s commune",
                      centre=settings.centre_name, commune=settings.commune_name),
                    "site.contact", type_="website"))
