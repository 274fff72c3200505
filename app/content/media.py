"""Uploads checked by their content, never by their name (SPEC §3.1).

Images (JPEG, PNG, WebP): turned upright by their EXIF orientation, re-encoded without any
metadata (GPS included), limited to 2560 px, with responsive variants and a 1200×630 share
image. PDFs must start with `%PDF-` and parse. Files get server-made names and live under
MEDIA_ROOT, outside static/.
"""
from __future__ import annotations

import io
import secrets
from pathlib import Path

from flask import current_app, g, has_request_context
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ..extensions import db
from .models import Media

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000  # refuse decompression bombs before decoding
MAX_SIDE = 2560
WIDTHS = (320, 640, 1024, 1600, 2560)
OG_SIZE = (1200, 630)


class UploadError(ValueError):
    """A refused upload; the message is translated and safe to show."""


def _write(path: Path, data: bytes) -> None:
    """Write a file and remember it, so a failed save can take it back (discard_written)."""
    path.write_bytes(data)
    if has_request_context():
        g.setdefault("media_written", []).append(path)


def discard_written() -> None:
    """Remove the files written during this request: their database rows were rolled back."""
    for path in g.pop("media_written", []) if has_request_context() else []:
        path.unlink(missing_ok=True)


def media_root() -> Path:
    root = Path(current_app.config["MEDIA_ROOT"])
    root.mkdir(parents=True, exist_ok=True)
    return root


def _read(stream, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise UploadError(_("The file is larger than %(mb)d MB.", mb=limit // (1024 * 1024)))
    if not data:
        raise UploadError(_("The file is empty."))
    return data


def detect(data: bytes) -> str:
    """'image' or 'pdf', from the bytes themselves; UploadError for anything else."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format in IMAGE_FORMATS:
                return "image"
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        pass
    raise UploadError(_("Only JPEG, PNG or WebP pictures and PDF documents can be uploaded."))


def _check_pdf(data: bytes) -> None:
    if len(data) > MAX_PDF_BYTES:
        raise UploadError(_("The file is larger than %(mb)d MB.", mb=MAX_PDF_BYTES // (1024 * 1024)))
    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) < 1:
            raise UploadError(_("This PDF has no pages."))
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        raise UploadError(_("This PDF cannot be read. Please save it again and retry.")) from None


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
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise UploadError(_("This picture has too many pixels."))
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise UploadError(_("This picture cannot be read.")) from None
    return ImageOps.exif_transpose(image)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)


def save_image(image: Image.Image, *, alt: str, original_name: str = "", user_id=None) -> Media:
    """Store a Pillow image as a Media with its variants (used by uploads and the demo)."""
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    fmt = "PNG" if _has_alpha(image) else "JPEG"
    ext = "png" if fmt == "PNG" else "jpg"
    # Pillow writes no EXIF, ICC or text chunks unless asked: re-encoding drops them all.
    clean = Image.new(image.mode if fmt == "PNG" else "RGB", image.size)
    clean.paste(image.convert(clean.mode))
    key = secrets.token_hex(16)
    root = media_root()
    data = _encode(clean, fmt)
    _write(root / f"{key}.{ext}", data)
    widths = []
    for width in WIDTHS:
        if width >= clean.width:
            break
        variant = clean.copy()
        variant.thumbnail((width, MAX_SIDE))
        _write(root / f"{key}-{width}.{ext}", _encode(variant, fmt))
        widths.append(width)
    og = ImageOps.fit(clean.convert("RGB"), OG_SIZE)
    _write(root / f"{key}-og.jpg", _encode(og, "JPEG"))
    media = Media(key=key, kind="image", mime="image/png" if fmt == "PNG" else "image/jpeg",
                  original_name=original_name[:255], alt=alt.strip(), width=clean.width,
                  height=clean.height, size_bytes=len(data), variants=widths,
                  uploaded_by_id=user_id)
    db.session.add(media)
    return media


def store_upload(stream, filename: str, *, alt: str = "", allowed=("image", "pdf"),
                 user_id=None) -> Media:
    data = _read(stream, max(MAX_IMAGE_BYTES, MAX_PDF_BYTES))
    kind = detect(data)
    if kind not in allowed:
        if allowed == ("pdf",):
            raise UploadError(_("Please upload a PDF document."))
        raise UploadError(_("Please upload a JPEG, PNG or WebP picture."))
    if kind == "image":
        if not alt.strip():
            raise UploadError(_("Describe the picture in a few words (alternative text)."))
        return save_image(_open_image(data), alt=alt, original_name=filename, user_id=user_id)
    _check_pdf(data)
    key = secrets.token_hex(16)
    _write(media_root() / f"{key}.pdf", data)
    media = Media(key=key, kind="pdf", mime="application/pdf", original_name=filename[:255],
                  alt=alt.strip(), size_bytes=len(data), variants=[], uploaded_by_id=user_id)
    db.session.add(media)
    return media


def file_name(media: Media, variant: str | None = None) -> str:
    ext = {"image/png": "png", "image/jpeg": "jpg", "application/pdf": "pdf"}[media.mime]
    if variant == "og":
        return f"{media.key}-og.jpg"
    return f"{media.key}-{variant}.{ext}" if variant else f"{media.key}.{ext}"
