"""Form helpers shared by the staff pages of every domain."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import FileField

from ..extensions import db
from . import uploads


class UploadForm(FlaskForm):
    """Every form with a file field. When the request's files were dropped for being over the
    size limit (app/web/uploads.py), the form is invalid, with the reason beside each file
    field, so nothing is saved and what was typed comes back."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        note = uploads.oversize()
        if note is None:
            return valid
        note.reported = True
        marked: set[str] = set()
        alone = any(dropped.size > note.limit for dropped in note.files)
        for dropped in note.files:
            target = self._fields.get(dropped.name)
            if not isinstance(target, FileField):
                continue
            if dropped.size > note.limit:
                message = " ".join((_("The file “%(name)s” is larger than the %(mb)d MB limit; "
                                      "choose a smaller file.", name=dropped.filename,
                                      mb=note.limit_mb), _("What you typed has been kept.")))
            elif alone:
                message = _("“%(name)s” was not received because another file was too large; "
                            "choose it again.", name=dropped.filename)
            else:
                message = " ".join((_("Together the files are larger than the %(mb)d MB limit; "
                                      "send fewer files at a time.", mb=note.limit_mb),
                                    _("What you typed has been kept.")))
            # The field's own checks (a required file) saw no file: only these reasons count.
            errors = list(target.errors) if target.name in marked else []
            target.errors = errors if message in errors else [*errors, message]
            marked.add(target.name)
        if not marked:
            self.form_errors.append(" ".join((_("What you sent is larger than the %(mb)d MB "
                                                "limit. Nothing was saved.", mb=note.limit_mb),
                                              _("What you typed has been kept."))))
        return False


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
