"""Uploads that could hurt a reader or the server: PDFs lose what a viewer would run by itself,
pictures past 40 megapixels are refused from their header, and media files are private."""
import io
import os
import stat
import struct
import zlib

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject
from sqlalchemy import func, select

from app.content import media as media_module
from app.content.models import Media

from .. import factories

ACTIVE = (b"/JavaScript", b"/JS", b"/OpenAction", b"/AA", b"/Launch")


def _name(value: str) -> NameObject:
    return NameObject(value)


def active_pdf() -> bytes:
    """A one-page PDF made with pypdf that runs JavaScript on opening (/OpenAction), on page
    view and document close (/AA), from the /Names JavaScript tree, and launches a program
    from a link."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    script = writer._add_object(DictionaryObject({
        _name("/S"): _name("/JavaScript"), _name("/JS"): TextStringObject("app.alert('xin chào')")}))
    root = writer.root_object
    root[_name("/OpenAction")] = script
    root[_name("/AA")] = DictionaryObject({_name("/WC"): script})
    root[_name("/Names")] = DictionaryObject({_name("/JavaScript"): DictionaryObject({
        _name("/Names"): ArrayObject([TextStringObject("chao"), script])})})
    page = writer.pages[0]
    page[_name("/AA")] = DictionaryObject({_name("/O"): script})
    launch = writer._add_object(DictionaryObject({
        _name("/S"): _name("/Launch"), _name("/F"): TextStringObject("calc.exe")}))
    link = writer._add_object(DictionaryObject({
        _name("/Type"): _name("/Annot"), _name("/Subtype"): _name("/Link"),
        _name("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(50), NumberObject(50)]),
        _name("/A"): launch}))
    page[_name("/Annots")] = ArrayObject([link])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims `width`×`height` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def _upload(client, data: bytes, name: str, alt: str = "Mô tả"):
    token = client.csrf_token("/quan-tri/thu-vien/")
    return client.post("/quan-tri/thu-vien/", data={
        "csrf_token": token, "alt": alt, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data")


def _stored(app, item: Media) -> bytes:
    with open(os.path.join(app.config["MEDIA_ROOT"], media_module.file_name(item)), "rb") as fh:
        return fh.read()


def test_a_pdf_loses_its_scripts_and_actions(client, db, login_as, app):
    source = active_pdf()
    assert all(token in source for token in ACTIVE)
    login_as("editor")
    response = _upload(client, source, "thong-bao.pdf")
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    item = db.session.scalar(select(Media))
    stored = _stored(app, item)
    assert not [token for token in ACTIVE if token in stored]
    reader = PdfReader(io.BytesIO(stored))
    assert len(reader.pages) == 1
    assert "/OpenAction" not in reader.trailer["/Root"] and "/AA" not in reader.pages[0]
    assert media_module._active_parts(reader.trailer, remove=False) == 0
    assert item.size_bytes == len(stored)
    download = client.get(f"/media/{item.key}.pdf")
    assert download.status_code == 200 and download.data == stored
    download.close()


@pytest.mark.parametrize("key", ["/OpenAction", "/AA"])
def test_each_kind_of_active_part_is_found(key):
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    action = DictionaryObject({_name("/S"): _name("/JavaScript"), _name("/JS"): TextStringObject("1")})
    writer.root_object[_name(key)] = action if key == "/OpenAction" else DictionaryObject({_name("/O"): action})
    out = io.BytesIO()
    writer.write(out)
    assert media_module._active_parts(PdfReader(io.BytesIO(out.getvalue())).trailer, remove=False) == 1
    cleaned = media_module._clean_pdf(out.getvalue())
    assert media_module._active_parts(PdfReader(io.BytesIO(cleaned)).trailer, remove=False) == 0


def test_a_clean_pdf_is_kept_byte_for_byte(client, db, login_as, app):
    """A digital signature covers the file's bytes: a PDF with nothing to remove is not
    rewritten."""
    source = factories.pdf_bytes()
    login_as("editor")
    assert _upload(client, source, "ke-hoach.pdf").status_code == 303
    assert _stored(app, db.session.scalar(select(Media))) == source


@pytest.mark.parametrize("size", [(8000, 6000), (40_000, 40_000), (100_000, 100_000)])
def test_pictures_past_40_megapixels_are_refused_from_their_header(client, db, login_as, app, size):
    data = png_claiming(*size)
    assert len(data) < 200
    login_as("editor")
    before = set(os.listdir(app.config["MEDIA_ROOT"]))
    response = _upload(client, data, "anh-lon.png")
    assert response.status_code == 422
    assert "Ảnh quá lớn: tối đa 40 megapixel." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Media)) == 0
    assert set(os.listdir(app.config["MEDIA_ROOT"])) == before


def test_the_limit_is_40_megapixels_in_english_too(client, db, login_as):
    login_as("editor")
    client.set_cookie("lang", "en")  # the switcher's choice
    token = client.csrf_token("/quan-tri/thu-vien/")
    response = client.post("/quan-tri/thu-vien/", data={
        "csrf_token": token, "alt": "Big", "file": (io.BytesIO(png_claiming(7000, 6000)), "big.png")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "This picture is too large: at most 40 megapixels." in response.get_data(as_text=True)


def test_a_picture_just_under_the_limit_is_read(app, db):
    with app.test_request_context():
        assert media_module.detect(png_claiming(6000, 6000)) == "image"  # 36 MP: header only


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_media_files_and_their_folder_are_readable_by_the_owner_only(client, db, login_as, app,
                                                                      tmp_path):
    folder = tmp_path / "media-moi"
    previous = app.config["MEDIA_ROOT"]
    app.config["MEDIA_ROOT"] = str(folder)
    old_umask = os.umask(0o022)  # a usual umask: without our care files would be 0644
    try:
        login_as("editor")
        response = _upload(client, factories.png_bytes(size=(700, 400)), "anh.jpg", alt="Cánh đồng")
        assert response.status_code == 303
        assert _upload(client, factories.pdf_bytes(), "van-ban.pdf").status_code == 303
        files = sorted(folder.iterdir())
        assert len(files) >= 4  # picture, variant, share image, PDF
        assert {_mode(f) for f in files} == {0o600}
        assert _mode(folder) == 0o700
    finally:
        os.umask(old_umask)
        app.config["MEDIA_ROOT"] = previous


def test_files_of_a_save_cut_off_by_the_database_are_removed(app, db):
    """Issue 12, line 7: the 503 for an unreachable database (app/web/errors.py) tells the
    domains; the files this request wrote have no row and go, so nothing is half-saved."""
    from flask import g

    from app.content.media import store_upload
    from app.web import errors

    with app.test_request_context("/quan-tri/thu-vien/", method="POST"):
        store_upload(io.BytesIO(factories.png_bytes()), "anh.png", alt="Ảnh", allowed=("image",))
        written = list(g.media_written)
        assert written and all(path.exists() for path in written)
        errors.database_failed.send(app)
        assert not any(path.exists() for path in written)
