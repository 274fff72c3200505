"""Locale and the translation of form messages.

The portal is Vietnamese unless the person chose English with the language switcher (a
cookie). The browser's Accept-Language does not decide: phones set to English would otherwise
get English menus over Vietnamese content (SPEC §4, "Vietnamese first and by default").

WTForms' built-in messages ("This field is required.", "Not a valid choice.", …) are looked up
in our own catalogue, like every other string of the site (see `WTFORMS_MESSAGES`).
"""
from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from flask_babel import get_translations, lazy_ngettext
from flask_babel import lazy_gettext as _l

LOCALE_COOKIE = "lang"
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def select_locale() -> str:
    """The reader's explicit choice from the switcher, else Vietnamese (also for the CLI)."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LOCALE_COOKIE) if has_request_context() else None
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


class _CatalogueTranslations:
    """What Flask-WTF asks for WTForms' built-in messages: our catalogue for this request's
    locale. Flask-WTF would otherwise load WTForms' own catalogues, which have no Vietnamese,
    so "This field is required." reached Vietnamese forms in English."""

    def ugettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


FORM_TRANSLATIONS = _CatalogueTranslations()


def init_app(app: Flask) -> None:
    @app.before_request
    def _form_messages_from_our_catalogue():
        # Flask-WTF (flask_wtf/i18n.py) keeps the translations of WTForms' messages in this
        # request attribute and loads WTForms' catalogues only when it is empty.
        # tests/web/test_form_messages.py fails if a Flask-WTF upgrade stops reading it.
        request.wtforms_translations = FORM_TRANSLATIONS


# WTForms' and Flask-WTF's built-in messages, marked here so that `make extract-messages`
# keeps them in our catalogue. tests/web/test_form_messages.py compares this list with the
# messages in the installed libraries, so an upgrade that adds one cannot slip through in
# English. `lazy_ngettext` is bound to the name pybabel extracts plural messages by.
ngettext = lazy_ngettext
WTFORMS_MESSAGES = (
    _l("Invalid field name '%s'."),
    _l("Field must be equal to %(other_name)s."),
    ngettext("Field must be at least %(min)d character long.",
             "Field must be at least %(min)d characters long.", 1),
    ngettext("Field cannot be longer than %(max)d character.",
             "Field cannot be longer than %(max)d characters.", 1),
    ngettext("Field must be exactly %(max)d character long.",
             "Field must be exactly %(max)d characters long.", 1),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Date must be at least %(min)s."),
    _l("Date must be at most %(max)s."),
    _l("Date must be between %(min)s and %(max)s."),
    _l("This field is required."),
    _l("Invalid input."),
    _l("Invalid email address."),
    _l("Invalid IP address."),
    _l("Invalid Mac address."),
    _l("Invalid URL."),
    _l("Invalid UUID."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Invalid value, can't be any of: %(values)s."),
    _l("This field cannot be edited."),
    _l("This field is disabled and cannot have a value."),
    _l("Invalid CSRF Token."),
    _l("CSRF token missing."),
    _l("CSRF failed."),
    _l("CSRF token expired."),
    _l("Invalid Choice: could not coerce."),
    _l("Choices cannot be None."),
    _l("Not a valid choice."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    ngettext("'%(value)s' is not a valid choice for this field.",
             "'%(value)s' are not valid choices for this field.", 1),
    _l("Not a valid datetime value."),
    _l("Not a valid date value."),
    _l("Not a valid time value."),
    _l("Not a valid week value."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("File does not have an approved extension: {extensions}"),
    _l("File does not have an approved extension."),
)
