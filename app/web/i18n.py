"""Locale: Vietnamese unless the person chose English with the language switcher (a cookie).

The browser's Accept-Language does not decide: phones set to English would otherwise get
English menus over Vietnamese content (SPEC §4, "Vietnamese first and by default").
"""
from __future__ import annotations

from flask import current_app, request

LOCALE_COOKIE = "lang"
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def select_locale() -> str:
    """The reader's explicit choice from the switcher, else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LOCALE_COOKIE)
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]
