"""Uploads checked by their content, never by their name (SPEC §3.1).

Images (JPEG, PNG, WebP): at most 40 megapixels, read from the header before anything is
decoded; turned upright by their EXIF orientation, re-encoded without any metadata (GPS
included), limited to 2560 px, with responsive variants and a 1200×630 share image.
PDFs must start with `%PDF-` and parse; what a viewer would run by itself (open actions,
JavaScript, launch and submit actions, XFA forms, embedded files) is removed, and a PDF
whose active parts cannot be removed is refused. A clean PDF is kept byte for byte, so a
digitally signed document stays valid. Files get server-made names and live under
MEDIA_ROOT, outside static/, readable by the owner only (0600 files in a 0700 folder).
"""
from __future__ import annotations

import io
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, g, has_request_context
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from ..extensions import db
from .models import Media

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
MAX_SIDE = 2560
WIDTHS = (320, 640, 1024, 1600, 2560)
OG_SIZE = (1200, 630)


class UploadError(ValueError):
    """A refused upload; the message is translated and safe to show."""


FILE_MODE = 0o600
DIR_MODE = 0o700


def _write(path: Path, data: bytes) -> None:
    """Write a file, readable by the owner only, and remember it, so a failed save can take
    it back (discard_written)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as out:
        os.fchmod(out.fileno(), FILE_MODE)  # the mode of os.open is only used for a new file
        out.write(data)
    if has_request_context():
        g.setdefault("media_written", []).append(path)


def discard_written() -> None:
    """Remove the files written during this request: their database rows were rolled back."""
    for path in g.pop("media_written", []) if has_request_context() else []:
        path.unlink(missing_ok=True)


def discard_after_failure(_sender=None, **_extra) -> None:
    """Receiver of app.web.errors.database_failed: the rows of these files were never saved."""
    discard_written()


# Guards for private files: each takes a Media and answers None (not mine), "public" (anyone
# may see it now), "allowed" (this reader may) or "denied". Domains register theirs, so the
# content domain serves every file without knowing who owns the private ones.
PUBLIC, ALLOWED, DENIED = "public", "allowed", "denied"
_GUARDS: list = []


def register_guard(guard) -> None:
    if guard not in _GUARDS:
        _GUARDS.append(guard)


def visibility(media: Media) -> str:
    """PUBLIC, ALLOWED or DENIED for the current reader."""
    if not media.private:
        return PUBLIC
    for guard in _GUARDS:
        answer = guard(media)
        if answer is not None:
            return answer
    return DENIED


def media_root() -> Path:
    root = Path(current_app.config["MEDIA_ROOT"])
    if not root.is_dir():
        root.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        root.chmod(DIR_MODE)  # mkdir's mode passes through the umask
    return root


def _read(stream, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise UploadError(_("The file is larger than %(mb)d MB.", mb=limit // (1024 * 1024)))
    if not data:
        raise UploadError(_("The file is empty."))
    return data


# Pillow warns, then refuses, past its own limit (89 and 179 megapixels); ours is lower and
# is checked on the header, but its warning (an error under the tests' filters) is the
# same refusal.
BOMB = (Image.DecompressionBombError, Image.DecompressionBombWarning)


def _too_many_pixels() -> UploadError:
    return UploadError(_("This picture is too large: at most %(mp)d megapixels.",
                         mp=MAX_PIXELS // 1_000_000))


def _probe(data: bytes) -> Image.Image:
    """Open an image by its header only (nothing decoded yet), in the formats we accept."""
    try:
        return Image.open(io.BytesIO(data), formats=tuple(IMAGE_FORMATS))
    except BOMB:
        raise _too_many_pixels() from None


def detect(data: bytes) -> str:
    """'image' or 'pdf', from the bytes themselves; UploadError for anything else."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    try:
        with _probe(data) as probe:
            if probe.format in IMAGE_FORMATS:
                return "image"
    except (UnidentifiedImageError, OSError):
        pass
    raise UploadError(_("Only JPEG, PNG or WebP pictures and PDF documents can be uploaded."))


# --- PDFs: remove what a viewer would run by itself -------------------------------------

# Keys whose value runs or carries something by itself: the document's open action,
# additional actions (on open, close, page view, field change…), JavaScript (an action's
# /JS, the /Names JavaScript tree), XFA forms (scriptable), embedded files, rich media.
ACTIVE_KEYS = frozenset({"/OpenAction", "/AA", "/JS", "/JavaScript", "/XFA", "/EmbeddedFiles",
                         "/RichMediaContent", "/RichMediaSettings"})
# Actions that run code, open other programs or files, or send data away.
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE",
                            "/Rendition", "/RichMediaExecute", "/Sound", "/Movie"})
MAX_PDF_OBJECTS = 200_000


def _is_active_action(value) -> bool:
    target = value.get_object() if isinstance(value, IndirectObject) else value
    return isinstance(target, DictionaryObject) and target.get("/S") in ACTIVE_ACTIONS


def _active_parts(root, *, remove: bool) -> int:
    """Count (and with `remove`, delete) the active parts reachable from `root`: a walk over
    every dictionary and array of the document, each indirect object visited once."""
    found, seen, stack, steps = 0, set(), [root], 0
    while stack:
        steps += 1
        if steps > MAX_PDF_OBJECTS:
            raise UploadError(_("This PDF is too complex to check. Please save it again and retry."))
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # streams too: their dictionary part
            for key in list(item.keys()):
                value = item.raw_get(key)
                if key in ACTIVE_KEYS or _is_active_action(value):
                    found += 1
                    if remove:
                        del item[NameObject(key)]
                    continue
                stack.append(value)
        elif isinstance(item, ArrayObject):
            for index in range(len(item) - 1, -1, -1):
                if _is_active_action(item[index]):
                    found += 1
                    if remove:
                        del item[index]
                    continue
                stack.append(item[index])
    return found


def _clean_pdf(data: bytes) -> bytes:
    """The PDF without its active parts (the same bytes when it had none)."""
    if len(data) > MAX_PDF_BYTES:
        raise UploadError(_("The file is larger than %(mb)d MB.", mb=MAX_PDF_BYTES // (1024 * 1024)))
    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) < 1:
            raise UploadError(_("This PDF has no pages."))
        if not _active_parts(reader.trailer, remove=False):
            return data
        writer = PdfWriter(clone_from=reader)
        _active_parts(writer.root_object, remove=True)
        # Drop the objects nothing refers to any more (the removed scripts themselves).
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        out = io.BytesIO()
        writer.write(out)
        cleaned = out.getvalue()
        check = PdfReader(io.BytesIO(cleaned))
        left = _active_parts(check.trailer, remove=False)
    except UploadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        raise UploadError(_("This PDF cannot be read. Please save it again and retry.")) from None
    if left:
        raise UploadError(_("This PDF contains scripts or actions that cannot be removed. "
                            "Please print it to a new PDF and retry."))
    return cleaned


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


def _open_image(data: bytes) -> Image.Image:
    if len(data) > MAX_IMAGE_BYTES:
        raise UploadError(_("The file is larger than %(mb)d MB.", mb=MAX_IMAGE_BYTES // (1024 * 1024)))
    unreadable = UploadError(_("This picture cannot be read."))
    try:
        with _probe(data) as probe:  # the header only: nothing is decoded before the check
            width, height = probe.size
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise unreadable from None
    if width * height > MAX_PIXELS:
        raise _too_many_pixels()
    try:
        image = _probe(data)
        image.load()
    except UploadError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise unreadable from None
    return ImageOps.exif_transpose(image)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)


@dataclass
class Prepared:
    """A checked, re-encoded upload not yet stored: the Media columns and the files to write
    (server-made name → bytes). The contest holds these in a staging folder between tries."""

    fields: dict
    files: dict[str, bytes] = field(default_factory=dict)


def prepare_image(image: Image.Image, *, alt: str, original_name: str = "") -> Prepared:
    """Re-encode a Pillow image without any metadata, with its variants and share image."""
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    fmt = "PNG" if _has_alpha(image) else "JPEG"
    ext = "png" if fmt == "PNG" else "jpg"
    # Pillow writes no EXIF, ICC or text chunks unless asked: re-encoding drops them all.
    clean = Image.new(image.mode if fmt == "PNG" else "RGB", image.size)
    clean.paste(image.convert(clean.mode))
    key = secrets.token_hex(16)
    data = _encode(clean, fmt)
    files = {f"{key}.{ext}": data}
    widths = []
    for width in WIDTHS:
        if width >= clean.width:
            break
        variant = clean.copy()
        variant.thumbnail((width, MAX_SIDE))
        files[f"{key}-{width}.{ext}"] = _encode(variant, fmt)
        widths.append(width)
    og = ImageOps.fit(clean.convert("RGB"), OG_SIZE)
    files[f"{key}-og.jpg"] = _encode(og, "JPEG")
    fields = dict(key=key, kind="image", mime="image/png" if fmt == "PNG" else "image/jpeg",
                  original_name=original_name[:255], alt=alt.strip(), width=clean.width,
                  height=clean.height, size_bytes=len(data), variants=widths)
    return Prepared(fields, files)


def prepare_upload(stream, filename: str, *, alt: str = "", allowed=("image", "pdf")) -> Prepared:
    """Check an upload by its content and re-encode it; nothing is written yet."""
    data = _read(stream, max(MAX_IMAGE_BYTES, MAX_PDF_BYTES))
    kind = detect(data)
    if kind not in allowed:
        if allowed == ("pdf",):
            raise UploadError(_("Please upload a PDF document."))
        raise UploadError(_("Please upload a JPEG, PNG or WebP picture."))
    if kind == "image":
        if not alt.strip():
            raise UploadError(_("Describe the picture in a few words (alternative text)."))
        return prepare_image(_open_image(data), alt=alt, original_name=filename)
    data = _clean_pdf(data)
    key = secrets.token_hex(16)
    return Prepared(dict(key=key, kind="pdf", mime="application/pdf",
                         original_name=filename[:255], alt=alt.strip(), size_bytes=len(data),
                         variants=[]), {f"{key}.pdf": data})


def write_files(prepared: Prepared, folder: Path) -> None:
    for name, data in prepared.files.items():
        _write(folder / name, data)


def add_media(prepared: Prepared, user_id=None, *, private: bool = False) -> Media:
    media = Media(**prepared.fields, uploaded_by_id=user_id, private=private)
    db.session.add(media)
    return media


def save_image(image: Image.Image, *, alt: str, original_name: str = "", user_id=None,
               private: bool = False) -> Media:
    """Store a Pillow image as a Media with its variants (used by uploads and the demo)."""
    prepared = prepare_image(image, alt=alt, original_name=original_name)
    write_files(prepared, media_root())
    return add_media(prepared, user_id, private=private)


def store_upload(stream, filename: str, *, alt: str = "", allowed=("image", "pdf"),
                 user_id=None) -> Media:
    prepared = prepare_upload(stream, filename, alt=alt, allowed=allowed)
    write_files(prepared, media_root())
    return add_media(prepared, user_id)


def file_name(media: Media, variant: str | None = None) -> str:
    ext = {"image/png": "png", "image/jpeg": "jpg", "application/pdf": "pdf"}[media.mime]
    if variant == "og":
        return f"{media.key}-og.jpg"
    return f"{media.key}-{variant}.{ext}" if variant else f"{media.key}.{ext}"
