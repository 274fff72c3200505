"""Exports of a contest's entries for the centre's records: CSV (UTF-8 with a byte-order mark,
so Excel opens Vietnamese text as it is) and XLSX (openpyxl). One row per entry; the personal
data columns are empty once the data is erased.

Text typed by entrants never reaches a spreadsheet as a formula: a cell starting with = + - @
gets a leading apostrophe (OWASP "CSV injection")."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from openpyxl import Workbook

from ..web import spreadsheets
from ..web.timeutil import to_local
from . import queries
from .admin_forms import PURPOSE_LABELS, STATUS_LABELS
from .models import PURPOSES, Contest
from .ranking import ranking

# The staff views send these through here: exports.download(...), exports.CSV_TYPE.
CSV_TYPE, XLSX_TYPE, download = (spreadsheets.CSV_TYPE, spreadsheets.XLSX_TYPE,
                                 spreadsheets.download)


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


def csv_body(data: Table) -> bytes:
    return spreadsheets.csv_bytes(data.headers, data.rows)


def xlsx_body(data: Table, sheet: str) -> bytes:
    book = Workbook()
    spreadsheets.fill_sheet(book.active, sheet, data.headers, data.rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_name(contest: Contest, ext: str, now: datetime) -> str:
    title = re.sub(r'[\\/:*?"<>|\s]+', " ", contest.title).strip()[:100]
    return f"{title} - {_('entries')} {to_local(now):%Y-%m-%d}.{ext}"
