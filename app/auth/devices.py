"""A short, readable name for the device behind a User-Agent ("Chrome trên Android").

Only what a person needs to recognise their own phone or computer on /tai-khoan/; a plain
search for well-known markers, first match wins (the order matters: Edge and Opera also say
"Chrome", Chrome also says "Safari", Android also says "Linux", iPhone also says "Mac OS X").
"""
from __future__ import annotations

from flask_babel import gettext as _

BROWSERS = (
    ("Zalo", "Zalo"),
    ("coc_coc_browser", "Cốc Cốc"),
    ("SamsungBrowser", "Samsung Internet"),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Opera", "Opera"),
    ("FxiOS/", "Firefox"),
    ("Firefox/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def _first(markers: tuple[tuple[str, str], ...], user_agent: str) -> str | None:
    return next((name for marker, name in markers if marker in user_agent), None)


def device_label(user_agent: str | None) -> str:
    user_agent = user_agent or ""
    browser, system = _first(BROWSERS, user_agent), _first(SYSTEMS, user_agent)
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    return browser or system or _("Unknown device")
