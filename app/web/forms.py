"""Form helpers shared by the staff pages of every domain."""
from __future__ import annotations

from ..extensions import db


def attach_error(form, error) -> None:
    """Show an operation's refusal next to the field it names (`error.field`), or on top."""
    field = getattr(form, error.field, None) if getattr(error, "field", None) else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


def save(form, write, refusals: tuple[type[Exception], ...]):
    """Validate, run `write()`, commit once. Returns what `write` returned (it must return the
    saved object), or None when the form was invalid or `write` refused (then everything is
    rolled back and the message shown)."""
    if not form.validate():
        return None
    try:
        saved = write()
    except refusals as error:
        db.session.rollback()
        attach_error(form, error)
        return None
    db.session.commit()
    return saved


def version_of(field) -> int | None:
    """The record version a form was opened at. Empty for a new record; anything that is not
    a number counts as out of date, so a tampered form is refused rather than saved over."""
    raw = (field.data or "").strip()
    if not raw:
        return None
    return int(raw) if raw.isdigit() else -1
