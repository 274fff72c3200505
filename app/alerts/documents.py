"""The forms a warning takes besides its page: CAP XML, the radio bulletin (a page and its
plain text), A4 print view. Used by the public routes and, for drafts, by the staff previews,
so both show the same."""
from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup

from ..settings import site_settings
from ..web.qr import qr_svg
from ..web.responses import typed
from ..web.timeutil import to_local, utcnow
from ..web.urls import external_url
from . import bulletin, wording


def cap_time(value) -> str:
    """CAP times carry their offset: 2026-11-29T16:30:00+07:00."""
    return to_local(value).replace(microsecond=0).isoformat()


def _sent(alert):
    # A draft reads as if it were published now; nothing is written.
    return alert.sent or utcnow()


def cap(context: dict, mimetype: str = "application/cap+xml"):
    alert = context["alert"]
    web = external_url("alerts.detail", identifier=alert.identifier)
    return typed(render_template("alerts/cap.xml", cap_time=cap_time, sent=_sent(alert), web=web,
                                 issuer=bulletin.issuer(site_settings()), **context), mimetype)


def loudspeaker_text(context: dict, *, short: bool = False) -> str:
    """The bulletin as plain text for machines, one sentence or two a line (bulletin.py)."""
    said = bulletin.build(context)
    return render_template("alerts/loa.txt", lines=said.short if short else said.full)


def _marked(lines) -> list[Markup]:
    """Lines for the page, with any blank left from a template ("[thời gian]") marked."""
    return [wording.mark(line) for line in lines]


def loudspeaker_page(context: dict, *, latest=None, preview: bool = False) -> str:
    """The page the radio staff read from: both versions in large type, how long each takes,
    a copy button, and the plain text. `latest`: the event's latest message, when it is not
    this one; `preview`: a staff preview of a draft (no public links)."""
    said = bulletin.build(context)
    return render_template("alerts/loa.html", bulletin=said, full_lines=_marked(said.full),
                           short_lines=_marked(said.short), latest=latest, preview=preview, **context)


def print_view(context: dict) -> str:

    url = external_url("alerts.detail", identifier=context["alert"].identifier)
    return render_template("alerts/print.html", canonical=url, short_url=url,
                           qr=qr_svg(url, _("QR code: %(url)s", url=url)), **context)
