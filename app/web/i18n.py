"""Locale: an explicit choice (cookie), then Accept-Language, then Vietnamese."""
from __future__ import annotations

from flask import current_app, request

LOCALE_COOKIE = "lang"
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LOCALE_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]
