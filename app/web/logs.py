"""Logs (issue 12, line 6): one JSON line per record, a request id on every line of a request,
an incident code on the error page that staff find with grep, and no personal data.

- `RequestLog` wraps the WSGI app (outermost, so the per-worker front cache's answers are
  logged too): it takes a sane X-Request-ID from the proxy or makes one, sends it back in the
  response header, and logs one line per request: method, path (never the query string: the
  contest receipt link carries a signed token in ?t=, the status link the entry code in ?ma=),
  status and duration.
- A log-record factory stamps every record made while a request runs with its request id,
  incident code, method and path, and masks emails, Vietnamese phone numbers, passwords,
  tokens, cookies and password hashes in the message and the traceback: whichever handler
  writes the record (ours, gunicorn's, pytest's) sees the masked text.
- `incident_code(request_id)` is the short code a resident reads out over the phone
  ("K7Q-94F": no 0/O, 1/I/L).
- `configure(app)`: JSON to stderr when LOG_FORMAT=json (production's default), readable text
  in development; tests leave the handlers to pytest.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import sys
import time
from contextvars import ContextVar
from datetime import datetime, timezone

from flask import Flask, has_request_context, request
from flask.logging import default_handler

from .text import READABLE_ALPHABET

HEADER = "X-Request-ID"
ENVIRON_KEY = "ksx.request_id"
# nginx's $request_id is 32 hex digits; a proxy may use a UUID. Anything else is replaced.
_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")
INCIDENT_LENGTH = 6

request_log = logging.getLogger("app.request")
# (request id, method, path) of the request this thread is serving.
_current: ContextVar[tuple[str, str, str] | None] = ContextVar("ksx_request", default=None)


# --- request ids and incident codes -----------------------------------------------------------

def accept_request_id(incoming: str | None) -> str:
    """The proxy's id when it is a plain token of 8 to 64 characters, else a new one."""
    if incoming and _SANE_ID.fullmatch(incoming):
        return incoming
    return secrets.token_hex(16)


def incident_code(request_id: str) -> str:
    """Six characters of the readable alphabet drawn from the id's hash, as "K7Q-94F"."""
    number = int.from_bytes(hashlib.sha256(request_id.encode()).digest()[:8], "big")
    chars = []
    for _ in range(INCIDENT_LENGTH):
        number, index = divmod(number, len(READABLE_ALPHABET))
        chars.append(READABLE_ALPHABET[index])
    half = INCIDENT_LENGTH // 2
    return "".join(chars[:half]) + "-" + "".join(chars[half:])


def current_request_id() -> str | None:
    current = _current.get()
    if current is not None:
        return current[0]
    if has_request_context():
        return request.environ.get(ENVIRON_KEY)
    return None


def current_incident_code() -> str:
    """The incident code of the running request (one is made up if it has no id)."""
    return incident_code(current_request_id() or secrets.token_hex(16))


def _request_path(environ) -> str:
    raw = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    try:  # WSGI hands the path over as latin-1; show the UTF-8 a person typed
        raw = raw.encode("latin-1").decode("utf-8", "replace")
    except UnicodeEncodeError:
        pass
    return redact(raw)[:300] or "/"


class RequestLog:
    """WSGI middleware: request id in and out, one log line per request."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        request_id = accept_request_id(environ.get("HTTP_X_REQUEST_ID"))
        environ[ENVIRON_KEY] = request_id
        method = str(environ.get("REQUEST_METHOD", ""))[:16]
        token = _current.set((request_id, method, _request_path(environ)))
        started = time.perf_counter()
        seen: dict[str, str] = {}

        def start_with_id(status, headers, exc_info=None):
            seen["status"] = status
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"]
            headers.append((HEADER, request_id))
            return start_response(status, headers, exc_info)

        try:
            result = self.app(environ, start_with_id)
        except BaseException:
            self._log("500", started)
            raise
        else:
            self._log(seen.get("status", ""), started)
            return result
        finally:
            _current.reset(token)

    @staticmethod
    def _log(status_line: str, started: float) -> None:
        status = int(status_line[:3]) if status_line[:3].isdigit() else 0
        level = logging.WARNING if status >= 500 or status == 0 else logging.INFO
        if not request_log.isEnabledFor(level):
            return
        _rid, method, path = _current.get() or ("", "", "")
        duration = round((time.perf_counter() - started) * 1000, 1)
        request_log.log(level, "%s %s %s %.1f ms", method, path, status, duration,
                        extra={"status": status, "duration_ms": duration})


# --- redaction ---------------------------------------------------------------------------------

MASK = "***"
_REDACTIONS: tuple[tuple[re.Pattern, str], ...] = (
    # Authorization / Cookie header values, to the end of the line.
    (re.compile(r"(?i)\b((?:proxy-)?authorization|set-cookie|cookie)(['\"]?\s*[:=]\s*)[^\r\n]+"),
     r"\1\2" + MASK),
    # Secrets named in key=value, key: value, "key": "value" (forms, JSON, query strings).
    (re.compile(r"(?i)\b([\w-]*(?:password|passwd|secret|token|api[_-]?key)[\w-]*)"
                r"(['\"]?\s*[:=]\s*['\"]?)[^\s&'\",;)}\]]+"), r"\1\2" + MASK),
    # Query-string parameters that carry codes and signed links (?t=, ?ma=, ?code=).
    (re.compile(r"(?i)([?&](?:t|ma|code|key|sig|signature|session)=)[^\s&'\"#]+"), r"\1" + MASK),
    # Password hashes (argon2, scrypt, pbkdf2, bcrypt).
    (re.compile(r"\$argon2(?:id|i|d)\$[^\s'\")]+|\b(?:scrypt|pbkdf2):[^\s'\",)]+"
                r"|\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}"), "[hash]"),
    # Email addresses.
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    # Vietnamese phone numbers: 0 or +84, then 9 or 10 digits, maybe grouped by space, dot, dash.
    (re.compile(r"(?<![\w+])(?:\+84[\s.-]?|\(\+84\)\s?|0)\d(?:[\s.-]?\d){8,9}(?![\w])"), "[phone]"),
)
_QUICK = re.compile(r"[@=:\d$]")  # text with none of these has nothing to mask


def redact(text: str) -> str:
    if not text or not _QUICK.search(text):
        return text
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


_base_factory = logging.getLogRecordFactory()
_installed = False


def _record_factory(*args, **kwargs) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
    current = _current.get()
    if current is not None:
        record.request_id, record.method, record.path = current
        record.incident = incident_code(current[0])
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a bad format string is the handler's to report
        return record
    record.msg, record.args = redact(message), ()
    if record.exc_info and not record.exc_text:
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
    return record


def install_record_factory() -> None:
    """Once per process, whatever the number of apps (tests build many), on top of whatever
    factory was there."""
    global _base_factory, _installed
    if not _installed:
        _base_factory = logging.getLogRecordFactory()
        logging.setLogRecordFactory(_record_factory)
        _installed = True


# --- formatters --------------------------------------------------------------------------------

FIELDS = ("request_id", "incident", "method", "path", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, the request's fields."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, timezone.utc)
            .isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(self.formatException(record.exc_info))
        if record.exc_text:
            line["exception"] = redact(record.exc_text)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Development: readable, with the request id and incident code when there is one."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(where)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        incident = getattr(record, "incident", None)
        record.where = f" [{incident} {record.request_id}]" if incident else ""
        return redact(super().format(record))


def make_handler(stream=None, fmt: str = "json") -> logging.Handler:
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.ksx_log_handler = True  # type: ignore[attr-defined]
    return handler


def configure(app: Flask) -> None:
    """Install the record factory and the request middleware; outside tests, send the logs
    to stderr (JSON in production) through one root handler, replacing an earlier one."""
    install_record_factory()
    app.wsgi_app = RequestLog(app.wsgi_app)
    if app.testing:
        return
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "ksx_log_handler", False)]:
        root.removeHandler(old)
    root.addHandler(make_handler(fmt=app.config.get("LOG_FORMAT", "json")))
    root.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    app.logger.removeHandler(default_handler)
