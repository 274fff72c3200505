"""The green-school staff pages through the real client and database: overview and export,
review queue, confirmations, the school registry and the framework (issue 10, lines 1, 2, 4)."""
from __future__ import annotations

import io

import re

import pytest
from PIL import Image
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.content.media import save_image
from app.schools import operations as ops
from app.schools.models import ActivityPhoto, Confirmation, Framework, GreenCriterion, School
from tests.factories import make_activity, make_framework, make_school

BASE = "/quan-tri/truong-hoc-xanh"


@pytest.fixture
def staff(client, login_as):
    """An editor, reading the pages in English (the messages' msgids)."""
    user = login_as("editor")
    client.set_cookie("lang", "en")
    return user


@pytest.fixture
def admin(client, login_as):
    user = login_as("admin")
    client.set_cookie("lang", "en")
    return user


def _post(client, url, data, page=None):
    return client.post(url, data={**data, "csrf_token": client.csrf_token(page or url)})


def _audited(db, action) -> int:
    return db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == action))


def _registered(db, name="Trường THCS Kẻ Sặt", criteria=None):
    framework = make_framework()
    school = make_school(name=name)
    chosen = criteria or [c.id for c in framework.groups[0].criteria]
    ops.register(school, framework, chosen, "achieved")
    db.session.commit()
    return framework, school


# --- overview and export -----------------------------------------------------------------

def test_overview_lists_schools_by_name_with_level_and_waiting(client, db, staff):
    framework, school = _registered(db, "Trường THCS Kẻ Sặt")
    make_school(name="Trường Mầm non Ánh Dương")
    make_activity(school, framework, state="submitted")
    db.session.commit()
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert page.index("Trường Mầm non Ánh Dương") < page.index("Trường THCS Kẻ Sặt")
    assert "Registered" in page and "Not registered" in page
    assert "1 activity waiting for review" in page
    assert f"{BASE}/hang-cho" in page and f"{BASE}/xuat.xlsx" in page


def test_xlsx_export_opens_and_holds_the_rows_and_is_audited(client, db, staff):
    framework, school = _registered(db)
    make_activity(school, framework, state="approved", title="=Trồng cây")
    db.session.commit()
    response = client.get(f"{BASE}/xuat.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="') and "filename*=UTF-8''" in disposition
    book = load_workbook(io.BytesIO(response.data))
    schools, activities = book.worksheets
    assert schools.cell(2, 1).value == school.name
    assert schools.cell(1, 9).value.startswith(framework.groups[0].name)
    assert activities.cell(2, 3).value == "'=Trồng cây"  # never a formula
    assert activities.cell(2, 4).value == "Approved"
    assert _audited(db, "schools.export") == 1


def test_dashboard_counts_activities_waiting(client, db, staff):
    framework, school = _registered(db)
    make_activity(school, framework, state="submitted")
    make_activity(school, framework, state="resubmitted")
    make_activity(school, framework, state="draft")
    db.session.commit()
    page = client.get("/quan-tri/").get_data(as_text=True)
    assert "school activities waiting for review" in page
    assert f'href="{BASE}/hang-cho"' in page
    assert '<span class="stat-value">2</span>' in page


# --- review ------------------------------------------------------------------------------

def test_queue_lists_waiting_activities_oldest_first(client, db, staff):
    framework, school = _registered(db)
    first = make_activity(school, framework, state="submitted", title="Hoạt động thứ nhất")
    second = make_activity(school, framework, state="resubmitted", title="Hoạt động thứ hai")
    make_activity(school, framework, state="draft", title="Bản nháp riêng")
    make_activity(school, framework, state="approved", title="Đã duyệt rồi")
    second.submitted_at = first.submitted_at.replace(year=first.submitted_at.year + 1)
    db.session.commit()
    page = client.get(f"{BASE}/hang-cho").get_data(as_text=True)
    assert page.index("Hoạt động thứ nhất") < page.index("Hoạt động thứ hai")
    assert "Bản nháp riêng" not in page and "Đã duyệt rồi" not in page


def test_approve_an_activity(client, db, staff):
    framework, school = _registered(db)
    activity = make_activity(school, framework, state="submitted", title="Ngày hội tái chế")
    db.session.commit()
    url = f"{BASE}/hoat-dong/{activity.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Ngày hội tái chế" in page and "Mô tả hoạt động." in page
    assert framework.groups[0].criteria[0].name in page
    response = _post(client, f"{url}/duyet", {"version": str(activity.version)}, url)
    assert response.status_code == 303
    db.session.refresh(activity)
    assert activity.state == "approved" and _audited(db, "activity.approve") == 1


def test_return_needs_a_comment(client, db, staff):
    framework, school = _registered(db)
    activity = make_activity(school, framework, state="submitted")
    db.session.commit()
    url = f"{BASE}/hoat-dong/{activity.id}"
    response = _post(client, f"{url}/tra-lai", {"version": str(activity.version),
                                                 "comment": "  "}, url)
    assert response.status_code == 422
    assert "Tell the school what to put right" in response.get_data(as_text=True)
    db.session.refresh(activity)
    assert activity.state == "submitted"
    response = _post(client, f"{url}/tra-lai", {"version": str(activity.version),
                                                 "comment": "Thiếu ảnh trước và sau."}, url)
    assert response.status_code == 303
    db.session.refresh(activity)
    assert activity.state == "returned" and activity.review_comment == "Thiếu ảnh trước và sau."
    assert _audited(db, "activity.return") == 1


def test_a_stale_review_is_refused_with_409(client, db, staff):
    framework, school = _registered(db)
    activity = make_activity(school, framework, state="submitted")
    db.session.commit()
    url = f"{BASE}/hoat-dong/{activity.id}"
    token = client.csrf_token(url)
    old = str(activity.version)
    activity.version += 1  # someone else acted meanwhile
    db.session.commit()
    response = client.post(f"{url}/duyet", data={"version": old, "csrf_token": token})
    assert response.status_code == 409
    assert "Someone else changed this" in response.get_data(as_text=True)
    db.session.refresh(activity)
    assert activity.state == "submitted"


def test_staff_see_the_private_photos_of_a_waiting_activity(client, db, staff):
    framework, school = _registered(db)
    activity = make_activity(school, framework, state="submitted")
    photo = save_image(Image.new("RGB", (64, 48), (20, 120, 60)), alt="Học sinh trồng cây",
                       private=True)
    activity.photos.append(ActivityPhoto(media=photo, position=0))
    db.session.commit()
    page = client.get(f"{BASE}/hoat-dong/{activity.id}").get_data(as_text=True)
    assert 'alt="Học sinh trồng cây"' in page
    src = re.search(r'<img src="([^"]+)" alt="Học sinh trồng cây"', page).group(1)
    with client.get(src) as response:
        assert response.status_code == 200
    client.post("/dang-xuat", data={"csrf_token": client.csrf_token("/quan-tri/")})
    with client.get(src) as response:
        assert response.status_code == 404  # still private for everyone else


def test_approving_what_is_not_waiting_is_refused(client, db, staff):
    framework, school = _registered(db)
    activity = make_activity(school, framework, state="draft")
    db.session.commit()
    url = f"{BASE}/hoat-dong/{activity.id}"
    response = _post(client, f"{url}/duyet", {"version": str(activity.version)}, url)
    assert response.status_code == 422
    assert client.get(f"{BASE}/hoat-dong/999999").status_code == 404


# --- confirmations -----------------------------------------------------------------------

def test_confirm_a_criterion_with_approved_activities_then_withdraw(client, db, staff):
    framework, school = _registered(db)
    criterion = framework.groups[0].criteria[0]
    proof = make_activity(school, framework, state="approved", title="Trồng 40 cây bàng")
    db.session.commit()
    url = f"{BASE}/truong/{school.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Trồng 40 cây bàng" in page and "from 60% of the chosen criteria" in page
    response = _post(client, f"{url}/xac-nhan", {"criterion": str(criterion.id),
                                                  "activities": [str(proof.id)]}, url)
    assert response.status_code == 303
    confirmation = db.session.scalar(select(Confirmation))
    assert confirmation.criterion_id == criterion.id and confirmation.activities == [proof]
    page = client.get(url).get_data(as_text=True)
    assert "Withdraw the confirmation" in page and "In progress" in page  # 1 of 3 chosen
    response = _post(client, f"{url}/bo-xac-nhan", {"criterion": str(criterion.id)}, url)
    assert response.status_code == 303
    assert db.session.scalar(select(func.count(Confirmation.id))) == 0
    assert _audited(db, "criterion.confirm") == 1 and _audited(db, "criterion.unconfirm") == 1
    response = _post(client, f"{url}/bo-xac-nhan", {"criterion": str(criterion.id)}, url)
    assert response.status_code == 409


def test_confirm_is_refused_without_proper_activities(client, db, staff):
    framework, school = _registered(db)
    criterion = framework.groups[0].criteria[0]
    other = framework.groups[1].criteria[0]
    waiting = make_activity(school, framework, state="submitted")
    elsewhere = make_activity(school, framework, state="approved", criteria=[other])
    stranger = make_activity(make_school(), framework, state="approved")
    db.session.commit()
    url = f"{BASE}/truong/{school.id}"
    for ids in ([], [str(waiting.id)], [str(stranger.id)], ["abc"]):
        response = _post(client, f"{url}/xac-nhan", {"criterion": str(criterion.id),
                                                      "activities": ids}, url)
        assert response.status_code == 422, ids
        assert "approved activity of this school" in response.get_data(as_text=True)
    response = _post(client, f"{url}/xac-nhan", {"criterion": str(criterion.id),
                                                  "activities": [str(elsewhere.id)]}, url)
    assert response.status_code == 422
    assert "must serve this criterion" in response.get_data(as_text=True)
    response = _post(client, f"{url}/xac-nhan", {"criterion": "999999",
                                                  "activities": [str(elsewhere.id)]}, url)
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Confirmation.id))) == 0


def test_level_reaches_achieved_with_the_thresholds(client, db, staff):
    framework, school = _registered(db)
    for criterion in framework.groups[0].criteria[:2]:  # 2 of 3 = 67% ≥ 60%
        proof = make_activity(school, framework, state="approved", criteria=[criterion])
        ops.confirm(school, framework, criterion.id, [proof.id])
    db.session.commit()
    page = client.get(f"{BASE}/truong/{school.id}").get_data(as_text=True)
    assert "level-achieved" in page and "2 of the 3 criteria" in page
    assert "level-achieved" in client.get(f"{BASE}/").get_data(as_text=True)


# --- registry ----------------------------------------------------------------------------

def _school_data(**kw):
    data = {"name": "Trường Tiểu học Kẻ Sặt", "slug": "", "level": "tieu-hoc",
            "address": "Đường liên xã", "hamlet": "", "principal": "Nguyễn Thị Hoa",
            "phone": "0912345678", "email": "th.kesat@example.edu.vn", "pupils": "420"}
    data.update(kw)
    return data


def test_registry_creates_and_edits_a_school(client, db, staff):
    response = _post(client, f"{BASE}/truong/moi", _school_data())
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    school = db.session.scalar(select(School).where(School.name == "Trường Tiểu học Kẻ Sặt"))
    assert school.slug == "truong-tieu-hoc-ke-sat" and school.level == "tieu-hoc"
    assert school.profile.phone == "0912 345 678" and school.profile.pupils == 420
    url = f"{BASE}/truong/{school.id}/sua"
    assert "Nguyễn Thị Hoa" in client.get(url).get_data(as_text=True)
    response = _post(client, url, _school_data(slug=school.slug, principal="Trần Văn Bình"))
    assert response.status_code == 303
    db.session.refresh(school.profile)
    assert school.profile.principal == "Trần Văn Bình"
    assert _audited(db, "school.create") == 1 and _audited(db, "school.profile") == 1


def test_registry_refuses_a_bad_phone_and_a_slug_clash(client, db, staff):
    make_school(slug="thcs-ke-sat")
    db.session.commit()
    response = _post(client, f"{BASE}/truong/moi", _school_data(phone="12345"))
    assert response.status_code == 422
    assert 'id="phone-error"' in response.get_data(as_text=True)
    response = _post(client, f"{BASE}/truong/moi", _school_data(slug="thcs-ke-sat"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="slug-error"' in page and "Another school already uses this address." in page
    response = _post(client, f"{BASE}/truong/moi", _school_data(level="dai-hoc", pupils="-3"))
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(School.id))) == 1


# --- framework ---------------------------------------------------------------------------

def _framework_data(framework, **kw):
    data = {"version": str(framework.version), "title": "Bộ tiêu chí đã sửa",
            "achieved_pct": "50", "exemplary_pct": "80"}
    for i, g in enumerate(framework.groups):
        data[f"groups-{i}-id"], data[f"groups-{i}-name"] = str(g.id), g.name
    criteria = [c for g in framework.groups for c in g.criteria]
    for i, c in enumerate(criteria):
        data[f"criteria-{i}-id"] = str(c.id)
        data[f"criteria-{i}-name"], data[f"criteria-{i}-evidence"] = c.name, c.evidence
    for i in range(2):
        data[f"new_criteria-{i}-group"] = str(framework.groups[0].id)
        data[f"new_criteria-{i}-name"] = data[f"new_criteria-{i}-evidence"] = ""
    data.update(kw)
    return data


def test_framework_is_for_admins_only(client, db, staff):
    make_framework()
    db.session.commit()
    assert client.get(f"{BASE}/tieu-chi").status_code == 403
    assert client.get(f"{BASE}/tieu-chi/sua").status_code == 403


def test_admin_edits_the_framework(client, db, admin):
    framework = make_framework()
    db.session.commit()
    count = db.session.scalar(select(func.count(GreenCriterion.id)))
    url = f"{BASE}/tieu-chi/sua"
    assert framework.groups[0].criteria[0].name in client.get(url).get_data(as_text=True)
    first = framework.groups[0].criteria[0]
    response = _post(client, url, _framework_data(framework, **{
        "criteria-0-name": "Trồng cây xanh mỗi lớp", "groups-0-name": "Cây xanh",
        "new_criteria-0-name": "Có góc đọc sách về môi trường",
        "new_criteria-0-evidence": "Ảnh góc đọc."}))
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    db.session.expire_all()
    framework = db.session.get(Framework, framework.id)
    assert framework.edited and framework.title == "Bộ tiêu chí đã sửa"
    assert (framework.achieved_pct, framework.exemplary_pct) == (50, 80)
    assert db.session.get(GreenCriterion, first.id).name == "Trồng cây xanh mỗi lớp"
    assert framework.groups[0].name == "Cây xanh"
    assert framework.groups[0].criteria[-1].name == "Có góc đọc sách về môi trường"
    assert db.session.scalar(select(func.count(GreenCriterion.id))) == count + 1
    assert _audited(db, "framework.update") == 1
    assert "Bộ tiêu chí đã sửa" in client.get(f"{BASE}/tieu-chi").get_data(as_text=True)


@pytest.mark.parametrize("achieved, exemplary", [("90", "60"), ("0", "50"), ("60", "101"),
                                                 ("x", "90")])
def test_invalid_thresholds_are_refused(client, db, admin, achieved, exemplary):
    framework = make_framework()
    db.session.commit()
    url = f"{BASE}/tieu-chi/sua"
    response = _post(client, url, _framework_data(framework, achieved_pct=achieved,
                                                  exemplary_pct=exemplary))
    assert response.status_code == 422
    db.session.refresh(framework)
    assert not framework.edited and framework.achieved_pct == 60


def test_tampered_framework_rows_are_refused(client, db, admin):
    framework = make_framework()
    db.session.commit()
    url = f"{BASE}/tieu-chi/sua"
    for change in ({"criteria-0-id": "999999"}, {"criteria-0-id": "x"},
                   {"groups-0-id": "999999"}, {"criteria-0-name": ""},
                   {"new_criteria-0-name": "Tiêu chí mới", "new_criteria-0-group": "999999"}):
        response = _post(client, url, _framework_data(framework, **change))
        assert response.status_code == 422, change
    db.session.refresh(framework)
    assert not framework.edited


def test_a_stale_framework_edit_is_refused(client, db, admin):
    framework = make_framework()
    db.session.commit()
    url = f"{BASE}/tieu-chi/sua"
    data = _framework_data(framework, version=str(framework.version - 1) if framework.version > 1
                           else "0")
    response = _post(client, url, data)
    assert response.status_code == 409
    db.session.refresh(framework)
    assert not framework.edited


def test_every_page_renders_in_vietnamese(client, db, login_as):
    login_as("admin")
    client.set_cookie("lang", "vi")
    framework, school = _registered(db)
    activity = make_activity(school, framework, state="submitted")
    proof = make_activity(school, framework, state="approved")
    ops.confirm(school, framework, framework.groups[0].criteria[0].id, [proof.id])
    db.session.commit()
    for path in ("/", "/hang-cho", f"/hoat-dong/{activity.id}", f"/truong/{school.id}",
                 "/truong/moi", f"/truong/{school.id}/sua", "/tieu-chi", "/tieu-chi/sua"):
        response = client.get(BASE + path)
        assert response.status_code == 200, path
        assert 'lang="vi"' in response.get_data(as_text=True), path
    page = client.get(f"{BASE}/truong/{school.id}").get_data(as_text=True)
    assert "Đang thực hiện" in page and "Rút lại xác nhận" in page
    assert "chờ duyệt" in client.get("/quan-tri/").get_data(as_text=True)
