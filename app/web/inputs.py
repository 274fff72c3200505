"""Inputs that cannot break us (SPEC §4: bad input gets a 4xx, never a 500).

One hook looks at every request before any view runs. Its path, query string and form
fields (names, values and upload file names) must be valid UTF-8 and hold no control
character other than tab, line feed and carriage return: PostgreSQL refuses NUL in text,
XML 1.0 refuses the other C0 controls, and nobody types them. Such a request gets a
translated 400 page (or the error fragment for htmx), so nothing reaches the database.
In form values only, a vertical tab or a form feed (the soft line and page breaks that word
processors put in copied text) becomes a line break instead: a paste from a slide keeps the
person's text. Form values that pass are normalised to NFC, so the same Vietnamese word typed
on any keyboard (precomposed or with combining marks) is stored, searched and compared alike.

`xml_text` is the one guard for the XML documents we write (Atom feeds, CAP, sitemap):
data stored before this hook existed may still hold characters that XML 1.0 forbids.
"""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote_to_bytes

from flask import Flask, abort, request
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest

from ..extensions import db
from . import errors

# C0 controls except \t \n \r, and UTF-16 surrogates (never valid alone in text).
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# What XML 1.0 allows (§2.2 Char); everything else is dropped from our XML documents.
NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MAX_ID = 2**31 - 1
# Soft line and page breaks pasted from word processors: a line break in form values.
BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

TITLE = _l("Characters we cannot accept")
MESSAGE = _l("What you sent contains invisible control characters or broken text that we "
             "cannot accept. Please type it again (or paste it as plain text) and retry.")


class UnsafeInput(BadRequest):
    """A request with control characters or text that is not UTF-8."""

    description = "Control characters or undecodable text in the request."


def is_clean(value: str) -> bool:
    return FORBIDDEN.search(value) is None


def xml_text(value) -> str:
    """`value` as text that XML 1.0 can carry: forbidden characters are removed. Also the
    `xml_text` template filter; XML templates wrap their whole body in it, and safe markup
    stays safe (removing characters cannot create a tag)."""
    if isinstance(value, Markup):
        return Markup(NOT_XML.sub("", value))
    return NOT_XML.sub("", "" if value is None else str(value))


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _raw_path() -> bytes:
    # WSGI gives PATH_INFO as the raw bytes decoded as Latin-1 (PEP 3333).
    return request.environ.get("PATH_INFO", "").encode("latin-1", "replace")


def _raw_query() -> bytes:
    return unquote_to_bytes(request.environ.get("QUERY_STRING", "").encode("latin-1", "replace"))


def _small_body() -> bool:
    length, limit = request.content_length, request.max_form_memory_size
    return length is not None and (limit is None or length <= limit)


def _pairs(multidict) -> list[tuple[str, str]]:
    return list(multidict.items(multi=True))


def check_request() -> None:
    """Refuse the request (UnsafeInput) when its path, query or form fields are unsafe."""
    if not _utf8(_raw_path()) or not is_clean(request.path):
        raise UnsafeInput()
    if not _utf8(_raw_query()):
        raise UnsafeInput()
    for key, value in _pairs(request.args):
        if not (is_clean(key) and is_clean(value)):
            raise UnsafeInput()
    if request.mimetype not in FORM_TYPES:
        return
    # An urlencoded body is read once to check that its bytes decode, and the form parser
    # reads the same cached bytes (a larger body is refused with 413 by the parser itself).
    # In a multipart body Werkzeug decodes each field with errors="replace": bytes that are
    # not UTF-8 arrive as U+FFFD, which is harmless.
    if (request.mimetype == FORM_TYPES[0] and _small_body()
            and not _utf8(unquote_to_bytes(request.get_data(cache=True)))):
        raise UnsafeInput()
    for key, value in _pairs(request.form):
        if not (is_clean(key) and is_clean(value.translate(BREAKS))):
            raise UnsafeInput()
    for key, upload in _pairs(request.files):
        if not (is_clean(key) and is_clean(upload.filename or "")):
            raise UnsafeInput()


def int_arg(name: str, default: int | None = None, *, lo: int = 1, hi: int = 10_000):
    """A whole-number query parameter (page, year) held within [lo, hi]; `default` when it is
    missing or not a number. The databases refuse numbers past 64 bits (PostgreSQL even past
    32 for an integer column), so a number from the URL never reaches them unbounded."""
    value = request.args.get(name, type=int)
    if value is None:
        return default
    return max(lo, min(value, hi))


def check_ids() -> None:
    """`<int:…>` takes any number of digits, but no row has an id past a 32-bit integer and
    PostgreSQL refuses to even compare one: such an address is simply not found."""
    for value in (request.view_args or {}).values():
        if type(value) is int and not 0 <= value <= MAX_ID:
            abort(404)


def _normalise_form() -> None:
    """Store what was typed in one Unicode form (NFC) whatever the keyboard sent, with pasted
    soft breaks as line breaks."""
    if request.mimetype not in FORM_TYPES:
        return
    pairs = _pairs(request.form)
    normal = [(key, unicodedata.normalize("NFC", value.translate(BREAKS))) for key, value in pairs]
    if normal != pairs:
        request.form = ImmutableMultiDict(normal)  # Werkzeug caches the parsed form here


def init_app(app: Flask) -> None:
    app.add_template_filter(xml_text, "xml_text")

    def _refuse_unsafe_input():
        check_request()
        check_ids()
        _normalise_form()

    # First of all before-request hooks: nothing (rate-limit keys, CSRF, sign-in) reads
    # a request that is going to be refused.
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_unsafe_input)

    @app.errorhandler(UnsafeInput)
    def _unsafe(_error):
        db.session.rollback()
        return errors.render_error(400, TITLE, MESSAGE)
