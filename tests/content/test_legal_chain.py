"""Issue 11 (1): the legal chain the commune plan implements, with status and dates, on /van-ban/."""
from datetime import date

import pytest
from sqlalchemy import select

from app.content.models import Document

PLAN = "ke-hoach-bao-ve-moi-truong-xa-ke-sat"


@pytest.fixture
def documents(runner, db):
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    return {d.slug: d for d in db.session.scalars(select(Document))}


def _by_number(documents, number):
    found = [d for d in documents.values() if d.number == number and not d.archived]
    assert len(found) == 1, number
    return found[0]


@pytest.mark.parametrize(("number", "issuer", "issued"), [
    ("247/2025/QH15", "Quốc hội", date(2025, 12, 10)),
    ("67/NQ-CP", "Chính phủ", date(2026, 3, 25)),
    ("115/KH-UBND", "UBND thành phố Hải Phòng", date(2026, 4, 29)),
])
def test_the_chain_documents_exist_with_number_issuer_and_date(documents, number, issuer, issued):
    document = _by_number(documents, number)
    assert document.issuer == issuer and document.issued_on == issued


def test_the_commune_plan_has_its_real_title_and_implements_the_chain(documents):
    plan = documents[PLAN]
    assert plan.title == ("Kế hoạch triển khai thực hiện Nghị quyết số 247/2025/QH15 ngày 10/12/2025 "
                          "của Quốc hội và Nghị quyết số 67/NQ-CP ngày 25/3/2026 của Chính phủ")
    assert {"247/2025/QH15", "67/NQ-CP", "115/KH-UBND"} <= {d.number for d in plan.implements}


def test_the_plan_names_the_lead_unit_and_gives_disaster_communication_to_the_centre(documents):
    summary = documents[PLAN].summary
    assert "Phòng Kinh tế là cơ quan đầu mối" in summary
    sentences = [s.strip() for s in summary.split(". ")]
    disaster = [s for s in sentences if "thiên tai" in s]
    assert disaster and all(s.startswith("Trung tâm Dịch vụ sự nghiệp công") for s in disaster)
    assert all("Trạm Y tế" not in s for s in disaster)
    health = next(s for s in sentences if s.startswith("Trạm Y tế"))
    assert "chất thải y tế" in health and "ô nhiễm" in health
    for unit in ("Trường học xanh - an toàn", "Thanh niên xanh", "Công an xã", "chất thải nguy hại",
                 "phòng cháy", "Mặt trận Tổ quốc", "cuộc thi sáng kiến", "rơm rạ", "thời tiết cực đoan"):
        assert unit in summary, unit


def test_decree_13_shows_it_was_replaced_by_decree_356(documents):
    old = _by_number(documents, "13/2023/NĐ-CP")
    assert "hết hiệu lực từ ngày 01/01/2026" in old.note and "356/2025/NĐ-CP" in old.note
    new = _by_number(documents, "356/2025/NĐ-CP")
    assert new.issued_on == date(2025, 12, 31) and new.effective_on == date(2026, 1, 1)
    assert "91/2025/QH15" in new.summary and "13/2023/NĐ-CP" in new.note
    assert _by_number(documents, "91/2025/QH15").effective_on == date(2026, 1, 1)


def test_decree_200_details_the_law_on_civil_defence(documents):
    decree = _by_number(documents, "200/2025/NĐ-CP")
    assert "Luật Phòng thủ dân sự" in decree.title
    assert "112" not in decree.title and decree.effective_on == date(2025, 8, 23)
    for number in ("113", "114", "115"):
        assert number in decree.summary


@pytest.mark.parametrize(("number", "issued", "effective"), [
    ("72/2020/QH14", date(2020, 11, 17), date(2022, 1, 1)),
    ("45/2022/NĐ-CP", date(2022, 7, 7), date(2022, 8, 25)),
    ("08/2022/NĐ-CP", date(2022, 1, 10), date(2022, 1, 10)),
    ("02/2022/TT-BTNMT", date(2022, 1, 10), date(2022, 1, 10)),
])
def test_dates_of_the_environmental_law_and_its_decrees(documents, number, issued, effective):
    document = _by_number(documents, number)
    assert (document.issued_on, document.effective_on) == (issued, effective)


def test_every_document_states_its_status_and_where_the_official_text_is(documents):
    for document in documents.values():
        if document.archived or not document.from_content:
            continue
        assert document.note.startswith("Tình trạng:"), document.slug
        assert "Văn bản gốc" in document.note or "văn bản gốc" in document.note, document.slug
        assert len(document.note) <= 300


def test_the_list_and_pages_show_the_chain_and_status(documents, client):
    listing = client.get("/van-ban/").get_data(as_text=True)
    for number in ("247/2025/QH15", "67/NQ-CP", "115/KH-UBND", "356/2025/NĐ-CP"):
        assert number in listing
    page = client.get("/van-ban/nghi-dinh-13-2023").get_data(as_text=True)
    assert "hết hiệu lực" in page and "356/2025/NĐ-CP" in page
    plan = client.get(f"/van-ban/{PLAN}").get_data(as_text=True)
    assert "/van-ban/nghi-quyet-247-2025-qh15" in plan and "Phòng Kinh tế" in plan


def test_sync_stays_idempotent(documents, runner):
    again = runner.invoke(args=["content", "sync"])
    assert again.exit_code == 0 and "0 created, 0 updated, 0 archived" in again.output


def test_the_list_shows_each_status_line(documents, client):
    listing = client.get("/van-ban/").get_data(as_text=True)
    assert ("Tình trạng: hết hiệu lực từ ngày 01/01/2026; được thay thế bởi Nghị định "
            "356/2025/NĐ-CP</span>") in listing
    assert "Tình trạng: đang có hiệu lực; thay thế Nghị định 13/2023/NĐ-CP</span>" in listing
