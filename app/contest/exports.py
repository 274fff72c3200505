"""Exports of a contest's entries for the centre's records: CSV (UTF-8 with a byte-order mark,
so Excel opens Vietnamese text as it is) and XLSX (openpyxl). One row per entry; the personal
data columns are empty once the data is erased.

Text typed by entrants never reaches a spreadsheet as a formula: a cell starting with = + - @
gets a leading apostrophe (OWASP "CSV injection")."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from flask import Response
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from slugify import slugify

from ..web.timeutil import to_local
from . import queries
from .admin_forms import PURPOSE_LABELS, STATUS_LABELS
from .models import PURPOSES, Contest
from .ranking import ranking

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    headers: list[str]
    rows: list[list]


def _consent(entry, purpose: str) -> str:
    consent = next((c for c in entry.consents if c.purpose == purpose), None)
    if consent is None:
        return ""
    if consent.given and consent.withdrawn_at is not None:
        return _("withdrawn")
    return _("yes") if consent.given else _("no")


def table(contest: Contest) -> Table:
    """Every entry of the contest with its scores: a fixed number of queries."""
    entries = queries.entries_for_export(contest)
    ranked = {row.entry.id: row for row in ranking(contest)}
    status = queries.statuses(contest, entries)
    headers = [_("Code"), _("Status"), _("Contest category"), _("Title"), _("Hamlet"), _("Entrant"),
               _("Phone"), _("Email"), *[_("Consent: %(purpose)s", purpose=PURPOSE_LABELS[p])
                                         for p in PURPOSES],
               _("Weighted mean (/100)"), _("Median (/100)"), _("Judges who scored"), _("Prize"),
               _("Received")]
    rows = []
    for entry in entries:
        row = ranked.get(entry.id)
        rows.append([
            entry.code, str(STATUS_LABELS[status[entry.id]]),
            entry.category.name if entry.category else "", entry.title, entry.hamlet,
            entry.entrant_name, entry.phone, entry.email,
            *[_consent(entry, p) for p in PURPOSES],
            row.mean if row else None, row.median if row else None,
            row.judges if row else None, entry.prize.name if entry.prize else "",
            to_local(entry.submitted_at).strftime("%Y-%m-%d %H:%M"),
        ])
    return Table(headers, rows)


def _safe(value):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def csv_body(data: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_safe(h) for h in data.headers])
    for row in data.rows:
        writer.writerow(["" if v is None else _safe(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def xlsx_body(data: Table, sheet: str) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31] or "Sheet1"
    ws.append([_safe(h) for h in data.headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in data.rows:
        ws.append([_safe(v) for v in row])
    ws.freeze_panes = "A2"
    for index, header in enumerate(data.headers, start=1):
        longest = max([len(str(header))] + [len(str(r[index - 1] or "")) for r in data.rows])
        ws.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def content_disposition(name: str) -> str:
    """RFC 6266: an ASCII `filename` for old clients and the real name in `filename*`."""
    stem, _dot, ext = name.rpartition(".")
    ascii_name = (slugify(stem, max_length=100) or "export") + "." + ext
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_name(contest: Contest, ext: str, now: datetime) -> str:
    title = re.sub(r'[\\/:*?"<>|\s]+', " ", contest.title).strip()[:100]
    return f"{title} - {_('entries')} {to_local(now):%Y-%m-%d}.{ext}"


def download(body: bytes, content_type: str, name: str) -> Response:
    response = Response(body, content_type=content_type)
    response.headers["Content-Disposition"] = content_disposition(name)
    response.headers["Cache-Control"] = "no-store"
    return response
