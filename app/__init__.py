"""Kẻ Sặt Xanh: the environmental portal of Kẻ Sặt commune.

create_app(): config → extensions → Jinja → blueprints → CLI → hooks (STYLE §2.1).
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

# Every domain and shared service is imported here so that migrations see all tables.
from . import admin, alerts, auth, backup, config, content, contest, demo, schools, site, waste
from .audit import models as _audit_models  # noqa: F401
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .search import models as _search_models  # noqa: F401
from .settings import models as _settings_models  # noqa: F401
from .web import (caching, database, errors, frontcache, i18n, inputs, logs, redisstore,
                  security, templating, uploads)


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_path=os.environ.get("INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    overrides = dict(overrides or {})

    app.config.update(config.load(app.instance_path, env=overrides.get("APP_ENV")))
    app.config.update(overrides)
    if "SQLALCHEMY_DATABASE_URI" in overrides:
        app.config["SQLALCHEMY_DATABASE_URI"] = config.normalise_database_url(
            overrides["SQLALCHEMY_DATABASE_URI"]
        )
    os.makedirs(app.instance_path, exist_ok=True)

    _init_extensions(app)
    _init_jinja(app)
    _register_blueprints(app)
    _register_hooks(app)
    frontcache.init_app(app)  # in front of ProxyFix and every hook
    logs.configure(app)  # outermost: a request id and a log line for front-cache answers too
    return app


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    database.configure_engines(app)
    migrate.init_app(app, db, directory=os.path.join(app.root_path, "..", "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_translation_directories="translations",
    )
    i18n.init_app(app)
    limiter.init_app(app)
    if app.config.get("PROXY_FIX_HOPS"):
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _init_jinja(app: Flask) -> None:
    templating.init_app(app)


def _register_blueprints(app: Flask) -> None:
    domains = (auth, content, waste, alerts, schools, contest)
    for module in (site, *domains, demo):
        module.register(app)
    # The staff shell nests the domains' staff pages (their `admin_bp`) under /quan-tri.
    admin.register(app, domains)
    backup.init_app(app)


def _register_hooks(app: Flask) -> None:
    security.init_app(app)
    caching.init_app(app)
    errors.init_app(app)
    redisstore.init_app(app, after=security.refuse_foreign_origin)
    inputs.init_app(app)
    uploads.init_app(app)  # after inputs: its hook must read an oversize body first
