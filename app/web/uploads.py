"""A staff form sent with a file over the request limit keeps what was typed.

Past MAX_CONTENT_LENGTH Werkzeug refuses the body with a plain 413 page, and whatever the
person typed (a long post, an activity report) is lost. For a signed-in person posting a
multipart form to their own guarded area (the staff pages, /giam-khao, /truong), and only up
to STAFF_OVERSIZE_PARSE_LIMIT, one hook reads the body anyway: text fields are kept (each
still held to MAX_FORM_MEMORY_SIZE), file parts are counted and thrown away as they stream
in, and the request carries an `Oversize` note. Every form with a file field is an
`UploadForm` (app/web/forms.py), which then fails with a message on each dropped file's field,
so nothing is saved and the view re-renders the form with everything typed; the response
goes out as 413. Anonymous requests, public pages and bodies past the hard cap keep the plain
413 without a byte being read: a stranger never makes us parse a big body.

CSRF and the other input checks run afterwards on the kept fields, as for any form.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask, current_app, g, request
from flask_login import current_user
from werkzeug.datastructures import FileStorage
from werkzeug.formparser import FormDataParser

from .roles import GUARDED_BLUEPRINTS

MB = 1024 * 1024


class _Sink:
    """Where a dropped file part streams to: counts its bytes and keeps none."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)

    def seek(self, *_args) -> int:
        return 0

    def read(self, *_args) -> bytes:
        return b""

    def close(self) -> None:
        pass


def _sink(*_args, **_kwargs) -> _Sink:
    return _Sink()


@dataclass
class Dropped:
    name: str  # the form field
    filename: str
    size: int


@dataclass
class Oversize:
    limit: int
    files: list[Dropped] = field(default_factory=list)
    reported: bool = False  # an UploadForm showed the messages (the response becomes 413)

    @property
    def limit_mb(self) -> int:
        return max(1, self.limit // MB)


def oversize() -> Oversize | None:
    """The note of this request when its files were dropped for being over the limit."""
    return g.get("oversize_upload")


def max_bytes() -> int | None:
    """The request limit, for the browser's check before sending (data-max-bytes)."""
    return current_app.config.get("MAX_CONTENT_LENGTH")


def _own_area() -> bool:
    """A signed-in person posting to a guarded area their role may use."""
    if request.routing_exception is not None or not current_user.is_authenticated:
        return False
    role = getattr(current_user, "role", None)
    return any(role in GUARDED_BLUEPRINTS.get(name, ()) for name in request.blueprints)


def _keep_typed_fields() -> None:
    config = current_app.config
    limit, cap = config.get("MAX_CONTENT_LENGTH"), config.get("STAFF_OVERSIZE_PARSE_LIMIT") or 0
    length = request.content_length
    if (request.method != "POST" or request.mimetype != "multipart/form-data"
            or limit is None or length is None or not limit < length <= cap or not _own_area()):
        return
    request.max_content_length = cap
    parser = FormDataParser(stream_factory=_sink, max_form_memory_size=request.max_form_memory_size,
                            max_content_length=cap, max_form_parts=request.max_form_parts,
                            cls=request.parameter_storage_class)
    stream, form, files = parser.parse(request.stream, request.mimetype, length,
                                       request.mimetype_params)
    note = Oversize(limit)
    for name, upload in files.items(multi=True):
        if isinstance(upload, FileStorage) and upload.filename:
            note.files.append(Dropped(name, upload.filename, upload.stream.size))
    # Where Werkzeug caches a parsed body (Request._load_form_data): the files are gone.
    request.__dict__.update(stream=stream, form=form, files=request.parameter_storage_class())
    g.oversize_upload = note


def _answer_413(response):
    note = oversize()
    if note is not None and note.reported and response.status_code in (200, 422):
        response.status_code = 413
    return response


def init_app(app: Flask) -> None:
    # Before every other hook: the input checks, CSRF and the limiter all read request.form,
    # which past the limit would raise the plain 413.
    app.before_request_funcs.setdefault(None, []).insert(0, _keep_typed_fields)
    app.after_request(_answer_413)
    app.jinja_env.globals["upload_max_bytes"] = max_bytes
