"""Sign-in throttling that never locks the owner out, and a bounded trail of refusals.

- Per address: a hard Flask-Limiter limit on failed sign-ins (`LOGIN_LIMIT_PER_IP`, counted
  per IPv4 address or IPv6 /64, app/web/clientip.py), declared on the view.
- Per account: no lock. After `LOGIN_DELAY_AFTER_FAILURES` failures the account asks for a
  wait before the next attempt is even checked: 1 s, then 2, 4, 8 … up to
  `LOGIN_DELAY_MAX_SECONDS`. The owner arriving after an attacker waits at most the current
  delay, and the right password after it signs in at once (and clears the count).
- Failed sign-ins and 403s go to the audit log, at most `SECURITY_AUDIT_LIMIT` entries per
  address and kind, so a flood cannot fill the log.

The counters live in the limiter's storage (`RATELIMIT_STORAGE_URI`: Redis in production,
shared by every worker; memory in tests), through the `limits` storage API. The delay is a key
whose expiry is the end of the wait: nothing to unlock, and two workers racing cannot stretch it.
"""
from __future__ import annotations

import logging
import math
import time

from flask import current_app, request
from flask_babel import ngettext
from flask_login import current_user
from limits import parse
from sqlalchemy.exc import SQLAlchemyError

from .. import audit
from ..extensions import db, limiter
from ..web.clientip import client_key
from .operations import normalise_email

log = logging.getLogger(__name__)


def _key(*parts: str) -> str:
    return "/".join((current_app.config["RATELIMIT_KEY_PREFIX"], "auth", *parts))


def _account(email: str) -> str:
    return normalise_email(email)[:254]


def wait_seconds(email: str) -> int:
    """How long the account of `email` must still wait before an attempt is checked (0: none)."""
    key = _key("delay", _account(email))
    storage = limiter.storage
    if not storage.get(key):
        return 0
    return max(1, math.ceil(storage.get_expiry(key) - time.time()))


def wait_message(seconds: int) -> str:
    return ngettext("Too many failed attempts for this account. Please try again in %(num)d second.",
                    "Too many failed attempts for this account. Please try again in %(num)d seconds.",
                    seconds)


def delay_for(failures: int) -> int:
    """The wait after `failures` failed attempts in a row (0 while still free)."""
    config = current_app.config
    free = config["LOGIN_DELAY_AFTER_FAILURES"]
    if failures < free:
        return 0
    # min() first: 2 ** a huge exponent is a huge integer.
    return min(2 ** min(failures - free, 32), config["LOGIN_DELAY_MAX_SECONDS"])


def failed(email: str) -> None:
    """Count a failed sign-in on the account, start its wait, and note it in the audit log."""
    account = _account(email)
    storage = limiter.storage
    window = current_app.config["LOGIN_FAILURE_WINDOW_HOURS"] * 3600
    failures = storage.incr(_key("failures", account), window)
    delay = delay_for(failures)
    if delay:
        storage.incr(_key("delay", account), delay)
    record_limited("auth.sign_in_failed", account, email=account, failures=failures)


def succeeded(email: str) -> None:
    account = _account(email)
    limiter.storage.clear(_key("failures", account))
    limiter.storage.clear(_key("delay", account))


def record_limited(action: str, summary: str, **details) -> bool:
    """An audit entry for something anyone can repeat at will, in its own small transaction.
    Beyond `SECURITY_AUDIT_LIMIT` per address and action it is skipped silently; a failure to
    write is logged and swallowed (the caller's answer matters more). True when written."""
    limit = parse(current_app.config["SECURITY_AUDIT_LIMIT"])
    if not limiter.limiter.hit(limit, _key("audit", action), client_key()):
        return False
    db.session.rollback()  # never commit what the failed request had half done
    try:
        audit.record(action, None, summary, **details)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("Could not write the audit entry %s for %s", action, request.path,
                    exc_info=True)
        return False
    return True


def audit_forbidden(_sender=None, **_extra) -> None:
    """Receiver of app.web.errors.forbidden: who was refused what."""
    user = current_user.email if current_user.is_authenticated else ""
    record_limited("security.forbidden", f"{request.method} {request.path}"[:255],
                   path=request.path[:500], method=request.method, user=user or None)
