"""Public pages of the warnings: list (history by event) and banner, one warning, CAP, Atom,
the radio bulletin (a page and its plain text), the print view."""
from __future__ import annotations

from flask import abort, g, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..settings import site_settings
from ..sharing import share
from ..web import htmx
from ..web.caching import public_page
from ..web.drawing import card as draw
from ..web.inputs import int_arg
from ..web.responses import typed
from ..web.roles import public
from ..web.timeutil import to_local, utcnow
from ..web.urls import external_url
from . import bp, documents, queries
from .banner import banner_alerts, banner_version
from .catalogue import catalogue
from .levels import LEVELS, STATE_LABELS

# An event's state in the history: where the latest message of the event stands.
EVENT_LABELS = {
    "upcoming": _l("Not yet in force"), "active": _l("In force"),
    "updated": _l("In force, updated"), "expired": _l("Expired"), "cancelled": _l("Cancelled"),
}
# When the database fails, caches keep answering the last copy of a warning page this long
# (app/web/frontcache.py; the config's STALE_IF_ERROR_SECONDS may shorten it).
STALE_IF_ERROR = 15 * 60
MESSAGE_LABELS = {"Alert": _l("Warning"), "Update": _l("Update of a warning"),
                  "Cancel": _l("Cancellation notice")}


def alert_context(alert, successor=None) -> dict:
    data = catalogue()
    return {
        "alert": alert, "hazard": data.hazard(alert.hazard), "level": LEVELS.get(alert.risk_level),
        "areas": data.area_names(alert.areas), "state": queries.state(alert, successor),
        "successor": successor, "earlier": queries.chain(alert), "state_labels": STATE_LABELS,
    }


@bp.route("/canh-bao/")
@public
@public_page(max_age=30, stale_if_error=STALE_IF_ERROR)
def index():
    """Active warnings first, then the history; also the banner fragment every page polls."""
    if htmx.is_partial() and request.headers.get("HX-Target", "").endswith("alert-banner"):
        alerts = banner_alerts()
        mode = "full" if request.args.get("banner") == "full" else "compact"
        response = htmx.render("_partials/alert_banner.html", "_partials/alert_banner.html",
                               fragments={"alert-banner": "_partials/alert_banner.html"},
                               active_alerts=alerts, banner_version=banner_version(alerts),
                               banner_mode=mode)
        response.set_etag(banner_version(alerts))
        response.cache_control.no_cache = True
        return response
    hazard = request.args.get("loai") or None
    year = int_arg("nam", None, hi=9999)
    page = int_arg("trang", 1)
    active = queries.active_alerts()
    history, events = queries.events(page, hazard=hazard, year=year)
    data = catalogue()
    return htmx.render(
        "alerts/index.html", fragments={"alert-history": "alerts/_history.html"},
        active=[alert_context(a) for a in active], history=history,
        events=[{"event": e, "hazard": data.hazard(e.first.hazard)} for e in events],
        event_labels=EVENT_LABELS, msg_labels=MESSAGE_LABELS,
        hazards=data.hazards, hazard=hazard, year=year, years=queries.years(),
        share=share(_("Warnings"), _("Disaster and weather warnings for the commune"),
                    "alerts.index", type_="website"))


def _get(identifier: str):
    alert = queries.by_identifier(identifier)
    if alert is None:
        abort(404)
    successor = queries.successors([alert]).get(alert.id)
    g.last_modified = successor.sent if successor else alert.sent
    return alert, successor


@bp.route("/canh-bao/<identifier>")
@public
@public_page(max_age=30, stale_if_error=STALE_IF_ERROR)
def detail(identifier: str):
    alert, successor = _get(identifier)
    context = alert_context(alert, successor)
    share = {
        "title": alert.headline, "description": alert.description[:300] or alert.headline,
        "url": external_url("alerts.detail", identifier=identifier),
        "image": external_url("alerts.card", identifier=identifier),
        "image_alt": alert.headline, "type": "article",
    }
    return htmx.render("alerts/detail.html", share=share, **context)


@bp.route("/canh-bao/<identifier>.xml")
@public
@public_page(max_age=30, stale_if_error=STALE_IF_ERROR)
def cap(identifier: str):
    alert, _successor = _get(identifier)
    return documents.cap(alert_context(alert))


@bp.route("/canh-bao/<identifier>/loa")
@public
@public_page(max_age=30, stale_if_error=STALE_IF_ERROR)
def loudspeaker(identifier: str):
    """The bulletin for the commune radio, full and short, ready to read or copy."""
    alert, successor = _get(identifier)
    latest = queries.event_of(alert).latest if successor is not None else None
    return documents.loudspeaker_page(alert_context(alert, successor), latest=latest)


@bp.route("/canh-bao/<identifier>/loa.txt")
@public
@public_page(max_age=30, stale_if_error=STALE_IF_ERROR)
def loudspeaker_text(identifier: str):
    """The full bulletin as plain text, for machines (text-to-speech, other systems)."""
    alert, successor = _get(identifier)
    return typed(documents.loudspeaker_text(alert_context(alert, successor)), "text/plain")


@bp.route("/canh-bao/<identifier>/loa-ngan.txt")
@public
@public_page(max_age=30, stale_if_error=STALE_IF_ERROR)
def loudspeaker_short_text(identifier: str):
    """The thirty-second version as plain text."""
    alert, successor = _get(identifier)
    return typed(documents.loudspeaker_text(alert_context(alert, successor), short=True), "text/plain")


@bp.route("/canh-bao/<identifier>/in")
@public
@public_page(max_age=30, stale_if_error=STALE_IF_ERROR)
def print_view(identifier: str):
    alert, successor = _get(identifier)
    return documents.print_view(alert_context(alert, successor))


@bp.route("/canh-bao/<identifier>.png")
@public
def card(identifier: str):
    """The share card. Not a `public_page`: its page cache is keyed by the full URL, and a
    query string must not make a new entry; `draw` is memoised on what the card shows."""

    alert, _successor = _get(identifier)
    response = typed(draw(**card_text(alert)), "image/png")
    response.cache_control.public = True
    response.cache_control.max_age = 300
    response.cache_control.stale_if_error = STALE_IF_ERROR
    response.last_modified = g.last_modified
    response.add_etag()
    return response.make_conditional(request)


def card_text(alert) -> dict:
    """What the share card of a warning draws: its words and colours (tests read them here)."""
    context = alert_context(alert)
    settings = site_settings()
    with force_locale("vi"):
        band = context["hazard"].name + (f" · {LEVELS[alert.risk_level]['name']}" if alert.risk_level else "")
        times = f"{to_local(alert.effective):%H:%M %d/%m/%Y} → {to_local(alert.expires):%H:%M %d/%m/%Y}"
        colour = LEVELS[alert.risk_level]["colour"] if alert.risk_level else "#334155"
        return {"title": alert.headline, "subtitle": f"{settings.commune_name} Xanh · {times}",
                "colour": colour, "band": str(band),
                "ink": LEVELS[alert.risk_level]["ink"] if alert.risk_level else "#ffffff"}


@bp.route("/canh-bao/feed.atom")
@public
@public_page(max_age=60, stale_if_error=STALE_IF_ERROR)
def feed():
    """Current and recent warnings, each entry linking its CAP document."""
    items = queries.history(1).items
    with force_locale("vi"):
        title = _("Warnings: %(commune)s commune", commune=site_settings().commune_name)
    g.last_modified = max((a.sent for a in items), default=None)
    return typed(render_template(
        "alerts/feed.atom.xml", items=items, title=title, cap_time=documents.cap_time,
        updated=max((a.sent for a in items), default=utcnow()),
        feed_url=external_url("alerts.feed")), "application/atom+xml")
