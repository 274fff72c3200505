"""The forms a warning takes besides its page: CAP XML, loudspeaker text, A4 print view.
Used by the public routes and, for drafts, by the staff previews, so both show the same."""
from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from ..settings import site_settings
from ..web.qr import qr_svg
from ..web.responses import typed
from ..web.timeutil import to_local, utcnow
from ..web.urls import external_url
from . import speech


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
                                 **context), mimetype)


def loudspeaker_text(context: dict) -> str:
    with force_locale("vi"):  # read aloud in Vietnamese, whatever the reader's language
        return render_template("alerts/loa.txt", speech=speech, settings=site_settings(),
                               sent=_sent(context["alert"]), **context)


def print_view(context: dict) -> str:

    url = external_url("alerts.detail", identifier=context["alert"].identifier)
    return render_template("alerts/print.html", canonical=url, short_url=url,
                           qr=qr_svg(url, _("QR code: %(url)s", url=url)), **context)
