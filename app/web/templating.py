"""Jinja set-up: globals and filters shared by every template."""
from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app, request
from flask_babel import format_date, format_datetime, get_locale
from werkzeug.exceptions import HTTPException

from ..settings import site_settings
from . import i18n, urls
from .timeutil import to_local

# Vietnamese convention, four-digit years: easier to read than the CLDR short forms.
DATETIME_FORMAT = "HH:mm dd/MM/yyyy"
DATE_FORMAT = "dd/MM/yyyy"


def local_datetime(value: datetime | None, format: str = DATETIME_FORMAT) -> str:
    """A UTC time shown in Asia/Ho_Chi_Minh, in the reader's language."""
    if value is None:
        return ""
    return format_datetime(to_local(value), format, rebase=False)


def local_date(value: datetime | None, format: str = DATE_FORMAT) -> str:
    if value is None:
        return ""
    return format_date(to_local(value), format)


def capfirst(value: str) -> str:
    """Upper-case the first letter only ("bóng đèn LED" → "Bóng đèn LED")."""
    return value[:1].upper() + value[1:] if value else value


def endpoint_at(path: str) -> str | None:
    """The endpoint that serves GET `path`, or None while no view serves it (menus link a page
    only once it exists: a link to a 404 is a defect)."""
    try:
        endpoint, _args = current_app.url_map.bind("menu.invalid").match(path, method="GET")
    except HTTPException:  # NotFound, MethodNotAllowed, or a redirect to another URL
        return None
    return endpoint


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["datetime"] = local_datetime
    app.jinja_env.filters["date"] = local_date
    app.jinja_env.filters["capfirst"] = capfirst
    app.jinja_env.globals["endpoint_at"] = endpoint_at
    app.jinja_env.filters["datetime_full"] = lambda v: local_datetime(v, "HH:mm, EEEE, dd/MM/yyyy")
    # Absolute links come from SITE_URL, never from the request's Host (app/web/urls.py).
    app.jinja_env.globals.update(external_url=urls.external_url, absolute_url=urls.absolute)

    @app.context_processor
    def _globals():

        return {
            "settings": site_settings(),
            "current_locale": str(get_locale()),
            "language_names": i18n.LANGUAGE_NAMES,
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
