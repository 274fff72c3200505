"""Files of a form, held server-side until the form is saved (SPEC §3.3: nothing is lost).
Used by the contest's entry form and the school's activity form.

Each file is checked and re-encoded by the media pipeline as soon as it arrives, then kept in
a staging folder of its own (`MEDIA_ROOT/.incoming/<token>/`) with a manifest. A form that
fails validation carries only the token, so nobody sends the same photos twice.
When the record is saved, the files move into MEDIA_ROOT (a rename on the same file system)
after the rows are flushed and before the commit; if anything fails, the moved files go back
to the staging folder and nothing is left half-written. Forgotten staging folders are swept
after a day.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _

from .media import (Prepared, UploadError, add_media, media_root, prepare_upload,
                             write_files)

MAX_FILES = 5  # the contest's limit; other forms pass their own
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
STALE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Held:
    key: str
    original_name: str
    kind: str
    size_bytes: int
    width: int | None
    height: int | None


def new_token() -> str:
    return secrets.token_urlsafe(24)  # 32 characters


def valid_token(token: str | None) -> bool:
    return bool(token and TOKEN.match(token))


def _staging_root() -> Path:
    root = media_root() / ".incoming"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def _folder(token: str) -> Path:
    if not valid_token(token):
        raise ValueError("bad staging token")
    return _staging_root() / token


def _manifest(token: str) -> list[dict]:
    path = _folder(token) / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []


def _save_manifest(token: str, items: list[dict]) -> None:
    folder = _folder(token)
    tmp = folder / "manifest.json.tmp"
    tmp.write_text(json.dumps(items), encoding="utf-8")
    os.replace(tmp, folder / "manifest.json")


def held(token: str | None) -> list[Held]:
    if not valid_token(token):
        return []
    return [Held(i["fields"]["key"], i["fields"]["original_name"], i["fields"]["kind"],
                 i["fields"]["size_bytes"], i["fields"].get("width"), i["fields"].get("height"))
            for i in _manifest(token)]


def hold(token: str, uploads, *, alt: str, max_files: int = MAX_FILES,
         allowed=("image", "pdf"), too_many: str | None = None) -> list[str]:
    """Check and keep each upload (werkzeug FileStorage) under `token`, up to `max_files`
    held at once. Returns the refusals, one translated message per refused file (`too_many`,
    with %(name)s, replaces the default message for a file over the limit); accepted files
    stay held."""
    sweep()
    folder = _folder(token)
    folder.mkdir(mode=0o700, exist_ok=True)
    items = _manifest(token)
    errors = []
    for upload in uploads:
        name = os.path.basename(upload.filename or "")[:255] or _("file")
        if len(items) >= max_files:
            errors.append(too_many % {"name": name} if too_many else
                          _("%(name)s: at most %(num)d files per entry.", name=name,
                            num=max_files))
            continue
        try:
            prepared = prepare_upload(upload.stream, name, alt=alt or name, allowed=allowed)
        except UploadError as error:
            errors.append(f"{name}: {error}")
            continue
        write_files(prepared, folder)
        items.append({"fields": prepared.fields, "files": sorted(prepared.files)})
    _save_manifest(token, items)
    return errors


def release(token: str, keys) -> None:
    """Let go of some held files (the entrant ticked "remove")."""
    if not valid_token(token):
        return
    keys = set(keys)
    items = _manifest(token)
    keep = [i for i in items if i["fields"]["key"] not in keys]
    for item in items:
        if item["fields"]["key"] in keys:
            for name in item["files"]:
                (_folder(token) / name).unlink(missing_ok=True)
    if _folder(token).is_dir():
        _save_manifest(token, keep)


class Placement:
    """Held files turned into Media rows, moved into MEDIA_ROOT only by `place()` and put
    back by `undo()` when the transaction does not commit."""

    def __init__(self, token: str | None, alt: str):
        self.token = token if valid_token(token) else None
        self.items = _manifest(self.token) if self.token else []
        self.alt = alt
        self.moved: list[tuple[Path, Path]] = []

    def media(self, user_id=None) -> list:
        out = []
        for item in self.items:
            fields = dict(item["fields"])
            if fields["kind"] == "image":
                fields["alt"] = self.alt[:300]
            out.append(add_media(Prepared(fields), user_id, private=True))
        return out

    def place(self) -> None:
        root, folder = media_root(), _folder(self.token) if self.token else None
        for item in self.items:
            for name in item["files"]:
                source, target = folder / name, root / name
                os.rename(source, target)
                self.moved.append((target, source))

    def undo(self) -> None:
        for target, source in reversed(self.moved):
            try:
                os.rename(target, source)
            except OSError:
                target.unlink(missing_ok=True)
        self.moved.clear()

    def finish(self) -> None:
        """After the commit: the staging folder has served."""
        if self.token:
            shutil.rmtree(_folder(self.token), ignore_errors=True)


def sweep(now: float | None = None) -> None:
    """Remove staging folders untouched for a day (abandoned forms)."""
    now = now or time.time()
    root = _staging_root()
    for folder in root.iterdir():
        try:
            if now - folder.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue
