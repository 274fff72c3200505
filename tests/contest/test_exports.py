"""CSV and XLSX exports of a contest's entries for the centre's records (issue 9, line 9)."""
from __future__ import annotations

import csv
import io
from urllib.parse import unquote

import openpyxl
import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.contest import operations as ops
from app.web.spreadsheets import content_disposition
from tests.factories import make_contest, make_entry, make_user

BASE = "/quan-tri/cuoc-thi"


@pytest.fixture
def contest(db):
    contest = make_contest(title="Cuộc thi sáng kiến 2026", phase="judging", min_judges=1)
    scored = make_entry(contest, state="accepted", title="Ủ rơm rạ thành phân hữu cơ",
                        name="Nguyễn Thị Hoa", phone="0912 345 678", email="hoa@gmail.com")
    make_entry(contest, state="rejected", title="=HYPERLINK(\"http://x\")", name="Lê Văn Đức",
               consents=("judging",))
    erased = make_entry(contest, state="accepted", title="Cờ báo lũ cho xóm Đồng",
                        name="Phạm Văn Bảo", phone="0987 654 321")
    judge = make_user("judge")
    ops.assign_judge(contest, judge, None)
    ids = [c.id for c in contest.criteria]
    ops.save_scores(scored, judge, dict(zip(ids, [8, 6, 10])), {}, submit=True)  # 32+21+25
    ops.award(scored, contest.prizes[0].id)
    ops.erase_personal_data(erased, requested=True)
    db.session.commit()
    return contest


def test_csv_has_the_bom_and_vietnamese_text_intact(client, db, login_as, contest):
    login_as("editor")
    client.set_cookie("lang", "en")
    response = client.get(f"{BASE}/{contest.id}/xuat.csv")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert "no-store" in response.headers["Cache-Control"]
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="cuoc-thi-sang-kien-2026-entries-')
    assert "Cuộc thi sáng kiến 2026 - entries" in unquote(disposition.split("filename*=UTF-8''")[1])
    body = response.data
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header, lines = rows[0], {r[3]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert header[:8] == ["Code", "Status", "Contest category", "Title", "Hamlet", "Entrant", "Phone",
                          "Email"]
    hoa = lines["Ủ rơm rạ thành phân hữu cơ"]
    assert hoa["Entrant"] == "Nguyễn Thị Hoa" and hoa["Phone"] == "0912 345 678"
    assert hoa["Email"] == "hoa@gmail.com" and hoa["Weighted mean (/100)"] == "78.0"
    assert hoa["Prize"] == "Giải Nhất" and hoa["Consent: publishing the name if awarded"] == "yes"
    assert hoa["Status"] == "In judging" and hoa["Hamlet"] == "Thôn Hòa Ché"
    gone = lines["Cờ báo lũ cho xóm Đồng"]
    assert (gone["Entrant"], gone["Phone"], gone["Email"]) == ("", "", "")
    assert gone["Consent: publishing the name if awarded"] == "withdrawn"
    assert "'=HYPERLINK(\"http://x\")" in lines  # never a formula in a spreadsheet
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "contest.export"))
    assert audit.details == {"format": "csv", "entries": 3}


def test_xlsx_opens_with_the_rows(client, db, login_as, contest):
    login_as("editor")
    response = client.get(f"{BASE}/{contest.id}/xuat.xlsx")
    assert response.status_code == 200
    assert response.content_type.startswith("application/vnd.openxmlformats-officedocument")
    assert ".xlsx" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4
    titles = {r[3]: r for r in rows[1:]}
    assert titles["Ủ rơm rạ thành phân hữu cơ"][5] == "Nguyễn Thị Hoa"
    assert titles["Ủ rơm rạ thành phân hữu cơ"][11] == 78.0  # a number, not text
    assert titles["Cờ báo lũ cho xóm Đồng"][5] is None  # erased
    assert "'=HYPERLINK(\"http://x\")" in titles
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"


def test_content_disposition_keeps_an_ascii_fallback():
    value = content_disposition("Cuộc thi 2026 - bài dự thi.csv")
    assert value.startswith('attachment; filename="cuoc-thi-2026-bai-du-thi.csv"; ')
    assert value.endswith("filename*=UTF-8''Cu%E1%BB%99c%20thi%202026%20-%20"
                          "b%C3%A0i%20d%E1%BB%B1%20thi.csv")


def test_judges_cannot_export(client, db, login_as, contest):
    login_as("judge")
    assert client.get(f"{BASE}/{contest.id}/xuat.csv").status_code == 403
    assert client.get(f"{BASE}/{contest.id}/xuat.xlsx").status_code == 403
