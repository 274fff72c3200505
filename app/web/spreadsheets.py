"""Spreadsheet downloads for the centre's records (contest entries, green-school years): CSV in
UTF-8 with a byte-order mark (Excel then reads Vietnamese text as it is) and XLSX (openpyxl).

Text typed by residents or schools never reaches a spreadsheet as a formula: a cell starting
with = + - @ (or a tab or return) gets a leading apostrophe (OWASP "CSV injection"); characters
XLSX cannot hold are dropped."""
from __future__ import annotations

import csv
import io
import re
from urllib.parse import quote

from flask import Response
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from slugify import slugify

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def fill_sheet(ws, title: str, headers: list, rows: list[list]) -> None:
    """One sheet: a bold, frozen header row, safe cells, columns as wide as their text."""
    ws.title = re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet"
    ws.append([safe_cell(h) for h in headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    ws.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        longest = max([len(str(header))] + [len(str(r[index - 1] or "")) for r in rows])
        ws.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 60)


def csv_bytes(headers: list, rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def content_disposition(name: str) -> str:
    """RFC 6266: an ASCII `filename` for old clients and the real name in `filename*`."""
    stem, _dot, ext = name.rpartition(".")
    ascii_name = (slugify(stem, max_length=100) or "export") + "." + ext
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def download(body: bytes, content_type: str, name: str) -> Response:
    """A private download: never cached, saved under `name`."""
    response = Response(body, content_type=content_type)
    response.headers["Content-Disposition"] = content_disposition(name)
    response.headers["Cache-Control"] = "no-store"
    return response
