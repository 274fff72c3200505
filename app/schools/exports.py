"""The XLSX export of a school year for the centre's records: one sheet of schools with their
progress per group, one sheet of activities. Text typed by schools never reaches a spreadsheet
as a formula (a leading apostrophe, OWASP "CSV injection")."""
from __future__ import annotations

import io
from datetime import datetime

from flask import Response
from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..web import spreadsheets
from ..web.timeutil import to_local
from .admin_forms import LEVEL_LABELS, STATE_LABELS, TARGET_LABELS
from .models import Activity, Framework
from .progress import SchoolProgress

def schools_rows(framework: Framework, board: list[SchoolProgress]) -> tuple[list, list]:
    headers = [_("School"), _("Level of school"), _("Registered"), _("Target level"),
               _("Level reached"), _("Criteria met"), _("Criteria chosen"), _("Percent")]
    for group in framework.groups:
        headers.append(_("%(group)s: met / chosen", group=group.name))
    rows = []
    for p in board:
        reg = p.registration
        row = [p.school.name, p.school.level_label,
               to_local(reg.registered_at).strftime("%Y-%m-%d") if reg else "",
               str(TARGET_LABELS.get(reg.target_level, "")) if reg else "",
               str(LEVEL_LABELS[p.level]), p.met, p.targets, p.percent]
        row += [f"{g.met}/{g.targets}" for g in p.groups]
        rows.append(row)
    return headers, rows


def activity_rows(framework: Framework) -> tuple[list, list]:
    headers = [_("School"), _("Date"), _("Activity"), _("State"), _("Pupils"), _("Teachers"),
               _("Parents"), _("Criteria served"), _("Photos")]
    activities = db.session.scalars(
        select(Activity).where(Activity.framework_id == framework.id)
        .options(selectinload(Activity.school), selectinload(Activity.criteria),
                 selectinload(Activity.photos))
        .order_by(Activity.held_on, Activity.id))
    rows = [[a.school.name, a.held_on.isoformat(), a.title, str(STATE_LABELS[a.state]),
             a.pupils, a.teachers, a.parents, "; ".join(c.name for c in a.criteria),
             len(a.photos)] for a in activities]
    return headers, rows


def xlsx_body(framework: Framework, board: list[SchoolProgress]) -> tuple[bytes, int]:
    book = Workbook()
    spreadsheets.fill_sheet(book.active, _("Schools"), *schools_rows(framework, board))
    headers, rows = activity_rows(framework)
    spreadsheets.fill_sheet(book.create_sheet(), _("Activities"), headers, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), len(rows)


def file_name(framework: Framework, now: datetime) -> str:
    return f"{_('Green schools')} {framework.school_year} - {to_local(now):%Y-%m-%d}.xlsx"


def download(body: bytes, name: str) -> Response:
    return spreadsheets.download(body, spreadsheets.XLSX_TYPE, name)
