"""The contest's staff pages through the real client and database: set-up, screening, judges,
ranking, results and retention (issue 9, lines 1, 7, 8, 9, 10)."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.contest import operations as ops
from app.contest import queries
from app.content.media import save_image, store_upload
from app.contest.models import Contest, EntryFile, JudgeAssignment
from app.web.timeutil import to_local, utcnow
from tests.factories import PRIVACY_NOTICE, make_contest, make_entry, make_user, pdf_bytes

BASE = "/quan-tri/cuoc-thi"


@pytest.fixture
def staff(client, login_as):
    """An editor, reading the pages in English (the messages' msgids)."""
    user = login_as("editor")
    client.set_cookie("lang", "en")
    return user


def _local(days: float) -> str:
    return to_local(utcnow() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _post(client, url, data, page=None):
    return client.post(url, data={**data, "csrf_token": client.csrf_token(page or url)})


def _setup(**kw) -> dict:
    data = {
        "title": "Cuộc thi sáng kiến môi trường 2027", "slug": "", "year": "2027",
        "summary": "Ý tưởng xanh cho Kẻ Sặt.", "rules": "## Thể lệ\n\n- Mỗi người tối đa 2 bài.",
        "opens_at": _local(1), "closes_at": _local(30), "judging_ends_at": _local(45),
        "results_at": _local(50), "privacy_notice": PRIVACY_NOTICE, "privacy_version": "2027-1",
        "retention_days": "365", "min_judges": "2", "published": "y", "version": "",
        "categories-0-id": "", "categories-0-name": "Nông nghiệp xanh",
        "categories-0-description": "", "categories-1-id": "", "categories-1-name": "",
        "categories-1-description": "",
        "criteria-0-id": "", "criteria-0-name": "Tính sáng tạo", "criteria-0-description": "",
        "criteria-0-weight": "40", "criteria-0-max_score": "10",
        "criteria-1-id": "", "criteria-1-name": "Tính khả thi", "criteria-1-description": "",
        "criteria-1-weight": "60", "criteria-1-max_score": "5",
        "criteria-2-id": "", "criteria-2-name": "", "criteria-2-description": "",
        "criteria-2-weight": "", "criteria-2-max_score": "",
        "prizes-0-id": "", "prizes-0-name": "Giải Nhất", "prizes-0-reward": "2.000.000 đồng",
        "prizes-0-places": "1", "prizes-1-id": "", "prizes-1-name": "", "prizes-1-reward": "",
        "prizes-1-places": "",
    }
    data.update(kw)
    return data


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- set-up ------------------------------------------------------------------------------

def test_a_contest_is_set_up_with_its_tables_and_edited(client, db, staff):
    page = client.get(f"{BASE}/moi").get_data(as_text=True)
    assert 'name="criteria-1-weight"' in page and 'name="criteria-2-weight"' not in page  # 2 spares
    response = _post(client, f"{BASE}/moi", _setup(**{"criteria-0-max_score": ""}))
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    contest = db.session.scalar(select(Contest))
    assert contest.slug == "cuoc-thi-sang-kien-moi-truong-2027" and contest.state == "published"
    assert [c.name for c in contest.categories] == ["Nông nghiệp xanh"]  # blank line ignored
    assert [(c.weight, c.max_score) for c in contest.criteria] == [(40, 10), (60, 5)]  # 10: blank
    assert [(p.name, p.places) for p in contest.prizes] == [("Giải Nhất", 1)]
    typed = _setup()["opens_at"]
    assert to_local(contest.opens_at).strftime("%Y-%m-%dT%H:%M") == typed  # Vietnam time in
    assert "contest.create" in set(db.session.scalars(select(AuditEntry.action)))

    edit = f"{BASE}/{contest.id}/sua"
    html = client.get(edit).get_data(as_text=True)
    assert "Total of the weights: 100 of 100" in html and f'value="{typed}"' in html
    ids = dict(re.findall(r'name="(criteria-\d-id)" type="hidden" value="(\d*)"', html))
    changed = _setup(title="Cuộc thi 2027 (sửa)", slug=contest.slug, version=str(contest.version),
                     **{"criteria-0-id": ids["criteria-0-id"],
                        "criteria-1-id": ids["criteria-1-id"],
                        "criteria-0-weight": "50", "criteria-1-weight": "50"})
    assert _post(client, edit, changed).status_code == 303
    db.session.refresh(contest)
    assert contest.title == "Cuộc thi 2027 (sửa)" and contest.version == 2
    assert [c.weight for c in contest.criteria] == [50, 50]
    assert str(contest.criteria[0].id) == ids["criteria-0-id"]  # the same rows, kept


@pytest.mark.parametrize("change, message", [
    ({"criteria-1-weight": "50"}, "weights must add up to 100 (now 90)"),
    ({"closes_at": _local(-1)}, "Submissions must close after they open."),
    ({"privacy_notice": "  "}, "The privacy notice is required."),
    ({"criteria-2-name": "Tác động", "criteria-2-weight": ""}, "Give a weight."),
    ({"criteria-0-weight": "abc"}, "Not a valid integer value."),
    ({"criteria-0-max_score": "0"}, "Number must be between 1 and 100."),
])
def test_refused_set_ups_keep_what_was_typed(client, db, staff, change, message):
    response = _post(client, f"{BASE}/moi", _setup(summary="Tóm tắt của tôi", **change))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and "Tóm tắt của tôi" in html
    assert 'aria-invalid="true"' in html or 'class="error"' in html
    assert _count(db, Contest) == 0


def test_a_stale_edit_is_refused_and_a_slug_clash_named(client, db, staff):
    contest = make_contest(slug="cuoc-thi-cu")
    make_contest(slug="da-co")
    db.session.commit()
    edit = f"{BASE}/{contest.id}/sua"
    page = client.get(edit).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    ops.save_contest(contest, **_direct(contest), version=contest.version)  # someone else
    db.session.commit()
    stale = _post(client, edit, _setup(slug="cuoc-thi-cu", version=version))
    assert stale.status_code == 409
    assert "Someone else changed this contest" in stale.get_data(as_text=True)
    clash = _post(client, edit, _setup(slug="da-co", version=str(contest.version)))
    assert clash.status_code == 422 and "Another contest already uses this address" in \
        clash.get_data(as_text=True)


def _direct(contest) -> dict:
    row = ops.Row
    return {"title": "Đổi tên", "slug": contest.slug, "year": contest.year, "summary": "",
            "rules": "", "opens_at": contest.opens_at, "closes_at": contest.closes_at,
            "judging_ends_at": contest.judging_ends_at, "results_at": None,
            "privacy_notice": contest.privacy_notice, "privacy_version": contest.privacy_version,
            "retention_days": 30, "blind_judging": False, "min_judges": 2, "published": True,
            "categories": [row("A")], "criteria": [row("B", weight=100, max_score=10)],
            "prizes": []}


def test_the_weight_total_follows_the_typing(client, staff):
    token = client.csrf_token(f"{BASE}/moi")
    response = client.post(f"{BASE}/tong-trong-so", headers={
        "HX-Request": "true", "HX-Request-Type": "partial", "X-CSRFToken": token},
        data={"criteria-0-name": "A", "criteria-0-weight": "30", "criteria-1-name": "B",
              "criteria-1-weight": "45", "criteria-2-weight": "x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert "75 of 100. 25 still to give." in html


# --- screening ---------------------------------------------------------------------------

def test_the_queue_masks_personal_data_and_filters(client, db, staff):
    contest = make_contest(categories=("Nông nghiệp xanh", "Giảm rác thải nhựa"))
    farm, plastic = contest.categories
    first = make_entry(contest, title="Ủ rơm rạ làm phân", phone="0912 345 678",
                       email="an.nguyen@gmail.com", category_id=farm.id)
    make_entry(contest, title="Túi vải đi chợ", state="accepted", phone="0987 654 321",
               category_id=plastic.id)
    db.session.commit()
    html = client.get(f"{BASE}/{contest.id}/bai-du-thi").get_data(as_text=True)
    assert "0912 *** 678" in html and "a***@gmail.com" in html
    assert "345 678" not in html and "an.nguyen" not in html
    assert "Ủ rơm rạ làm phân" in html and "Túi vải đi chợ" in html
    only = client.get(f"{BASE}/{contest.id}/bai-du-thi?trang-thai=received").get_data(as_text=True)
    assert "Ủ rơm rạ" in only and "Túi vải" not in only
    by_category = client.get(f"{BASE}/{contest.id}/bai-du-thi?hang-muc={plastic.id}")
    assert "Túi vải" in by_category.get_data(as_text=True)
    assert "Ủ rơm rạ" not in by_category.get_data(as_text=True)
    folded = client.get(f"{BASE}/{contest.id}/bai-du-thi?q=u+rom").get_data(as_text=True)
    assert "Ủ rơm rạ" in folded and "Túi vải" not in folded
    by_code = client.get(f"{BASE}/{contest.id}/bai-du-thi?q={ops.show_code(first.code)}")
    assert "Ủ rơm rạ" in by_code.get_data(as_text=True)
    fragment = client.get(f"{BASE}/{contest.id}/bai-du-thi?trang-thai=nonsense&hang-muc=x"
                          "&trang=99999999999",
                          headers={"HX-Request": "true", "HX-Request-Type": "partial",
                                   "HX-Target": "div#entry-rows"})
    assert fragment.status_code == 200 and "<html" not in fragment.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"]


def test_in_judging_is_a_filter_of_its_own(client, db, staff):
    contest = make_contest(phase="open")
    judged = make_entry(contest, title="Đang chấm", state="accepted")
    make_entry(contest, title="Chưa chấm", state="accepted")
    judge = make_user("judge")
    ops.assign_judge(contest, judge, None)
    ops.save_scores(judged, judge, {contest.criteria[0].id: 5}, {}, submit=False)
    db.session.commit()
    html = client.get(f"{BASE}/{contest.id}/bai-du-thi?trang-thai=judging").get_data(as_text=True)
    assert "Đang chấm" in html and "Chưa chấm" not in html
    html = client.get(f"{BASE}/{contest.id}/bai-du-thi?trang-thai=accepted").get_data(as_text=True)
    assert "Chưa chấm" in html and "Đang chấm" not in html


def test_masks():
    assert queries.mask_phone("0912 345 678") == "0912 *** 678"
    assert queries.mask_phone("0225 3812 345") == "0225 *** 345"
    assert queries.mask_phone("") == "" and queries.mask_phone("113") == "***"
    assert queries.mask_email("an.nguyen@gmail.com") == "a***@gmail.com"
    assert queries.mask_email("") == "" and queries.mask_email("khong-hop-le") == "***"


def test_the_entry_page_shows_everything_to_staff(client, db, staff):
    contest = make_contest()
    entry = make_entry(contest, title="Ủ rơm rạ làm phân hữu cơ tại thôn", phone="0912 345 678",
                       email="an.nguyen@gmail.com", consents=("judging", "contact"))
    twin = make_entry(contest, title="Cờ báo lũ", phone="0912 345 678")
    photo = save_image(Image.new("RGB", (640, 480), (30, 120, 60)), alt="Ảnh",
                       original_name="u-rom.jpg")
    plan = store_upload(io.BytesIO(pdf_bytes()), "ke-hoach-u-rom.pdf", allowed=("pdf",))
    entry.files = [EntryFile(media=photo, position=0), EntryFile(media=plan, position=1)]
    db.session.commit()
    html = client.get(f"{BASE}/bai-du-thi/{entry.id}").get_data(as_text=True)
    assert f'src="/media/{photo.key}' in html and "<img" in html
    assert f'href="/media/{plan.key}.pdf">ke-hoach-u-rom.pdf</a>' in html
    assert "0912 345 678" in html and "an.nguyen@gmail.com" in html and "Nguyễn Văn An" in html
    assert "publishing the name if awarded" in html and "not given" in html
    assert contest.privacy_version in html
    assert ops.show_code(twin.code) in html and "same phone number" in html
    assert client.get(f"{BASE}/bai-du-thi/999999").status_code == 404


def test_accept_reject_with_reason_gallery_and_award(client, db, staff):
    contest = make_contest(phase="judging", prizes=(("Giải Nhất", 1),))
    entry = make_entry(contest)
    shy = make_entry(contest, state="accepted", consents=("judging",))
    db.session.commit()
    page = f"{BASE}/bai-du-thi/{entry.id}"

    def act(action, target=entry, **data):
        url = f"{BASE}/bai-du-thi/{target.id}/{action}"
        db.session.refresh(target)
        return _post(client, url, {"version": str(target.version), **data},
                     f"{BASE}/bai-du-thi/{target.id}")

    no_reason = act("tu-choi", template="", reason="  ")
    assert no_reason.status_code == 422
    assert "Give the entrant a reason" in no_reason.get_data(as_text=True)
    assert act("tu-choi", template="off_topic", reason="").status_code == 303
    db.session.refresh(entry)
    assert entry.state == "rejected" and "environment of the commune" in entry.reject_reason
    assert act("nhan").status_code == 303
    db.session.refresh(entry)
    assert entry.state == "accepted" and entry.reject_reason == ""
    both = act("tu-choi", template="duplicate", reason="Bài trùng với bài ABCD-EFGH.")
    assert both.status_code == 303
    db.session.refresh(entry)
    assert entry.reject_reason.startswith("You sent the same idea")
    assert "ABCD-EFGH" in entry.reject_reason
    assert act("nhan").status_code == 303

    refused = act("trung-bay", target=shy, shown="1")
    assert refused.status_code == 422
    assert "did not agree to publication" in refused.get_data(as_text=True)
    db.session.refresh(shy)
    assert not shy.in_gallery
    assert act("trung-bay", shown="1").status_code == 303
    db.session.refresh(entry)
    assert entry.in_gallery

    prize = contest.prizes[0]
    assert act("giai", prize=str(prize.id)).status_code == 303
    assert "Prize awarded to entry" in client.get(page).get_data(as_text=True)
    full = act("giai", target=shy, prize=str(prize.id))
    assert full.status_code == 422 and "already awarded" in full.get_data(as_text=True)
    assert act("giai", target=shy, prize="x").status_code == 422
    db.session.refresh(entry)
    assert entry.prize_id == prize.id
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"entry.accept", "entry.reject", "entry.gallery", "entry.award"} <= actions


def test_an_action_on_an_old_page_is_refused(client, db, staff):
    entry = make_entry(make_contest())
    db.session.commit()
    page = f"{BASE}/bai-du-thi/{entry.id}"
    token = client.csrf_token(page)
    old = str(entry.version)
    ops.accept(entry)
    db.session.commit()
    response = client.post(f"{page}/tu-choi", data={"csrf_token": token, "version": old,
                                                   "template": "rules", "reason": ""})
    assert response.status_code == 409 and "Someone else changed this entry" in \
        response.get_data(as_text=True)
    db.session.refresh(entry)
    assert entry.state == "accepted"


def test_actions_need_the_csrf_token(client, db, staff):
    entry = make_entry(make_contest())
    db.session.commit()
    response = client.post(f"{BASE}/bai-du-thi/{entry.id}/nhan", data={"version": "1"})
    assert response.status_code == 400
    db.session.refresh(entry)
    assert entry.state == "received"


def test_the_reason_box_is_filled_from_a_template(client, staff):
    response = client.get(f"{BASE}/bai-du-thi/ly-do?template=unsafe&reason=Thêm+ý",
                          headers={"HX-Request": "true", "HX-Request-Type": "partial"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert "put people or the environment at risk" in html and "Thêm ý" in html


# --- judges ------------------------------------------------------------------------------

def test_judges_are_assigned_listed_and_removed(client, db, staff):
    contest = make_contest(phase="judging")
    judge = make_user("judge", name="Trần Thị Bình")
    make_user("judge", name="Đã nghỉ").active = False
    entry = make_entry(contest, state="accepted")
    db.session.commit()
    page = f"{BASE}/{contest.id}/giam-khao"
    html = client.get(page).get_data(as_text=True)
    assert "Trần Thị Bình" in html and "Đã nghỉ" not in html
    assert _post(client, page, {"judge": str(judge.id), "category": ""}).status_code == 303
    again = _post(client, page, {"judge": str(judge.id), "category": ""})
    assert again.status_code == 422 and "already assigned there" in again.get_data(as_text=True)
    farm = contest.categories[0]
    by_category = _post(client, page, {"judge": str(judge.id), "category": str(farm.id)})
    assert by_category.status_code == 303
    assert _post(client, page, {"judge": "", "category": ""}).status_code == 422
    ops.recuse(entry, judge, "Người nhà")
    db.session.commit()
    html = client.get(page).get_data(as_text=True)
    assert re.search(r"Trần Thị Bình</th><td>0</td><td>0</td><td>1</td>", html)
    assignment = db.session.scalar(select(JudgeAssignment).where(
        JudgeAssignment.category_id == farm.id))
    whole = db.session.scalar(select(JudgeAssignment).where(
        JudgeAssignment.category_id.is_(None)))
    other = make_contest()
    db.session.commit()
    wrong = _post(client, f"{BASE}/{other.id}/giam-khao/{whole.id}/bo", {}, page)
    assert wrong.status_code == 404  # an assignment of another contest
    removed = _post(client, f"{page}/{assignment.id}/bo", {}, page)
    assert removed.status_code == 303
    assert _count(db, JudgeAssignment) == 1
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"judge.assign", "judge.unassign"} <= actions


# --- ranking, results, retention ---------------------------------------------------------

def _scored(db, contest):
    """Three accepted entries: a tie at the top, and one scored by a single judge."""
    a, b, c = (make_entry(contest, state="accepted", title=t)
               for t in ("Bài A", "Bài B", "Bài C"))
    judges = [make_user("judge") for _ in range(2)]
    for judge in judges:
        ops.assign_judge(contest, judge, None)
    ids = [cr.id for cr in contest.criteria]
    for judge in judges:
        ops.save_scores(a, judge, dict(zip(ids, [7, 7, 7])), {}, submit=True)
        ops.save_scores(b, judge, dict(zip(ids, [7, 7, 7])), {}, submit=True)
    ops.save_scores(c, judges[0], dict(zip(ids, [5, 5, 5])), {}, submit=True)
    ops.recuse(c, judges[1], "Hàng xóm")
    db.session.commit()
    return a, b, c


def test_the_ranking_shows_scores_and_flags_in_words(client, db, staff):
    contest = make_contest(phase="judging", min_judges=2)
    a, b, c = _scored(db, contest)
    html = client.get(f"{BASE}/{contest.id}/xep-hang").get_data(as_text=True)
    assert "70.00" in html and "50.00" in html
    row_c = html.split(f'id="entry-{c.id}"')[1].split("</tr>")[0]
    assert "Too few judges" in row_c and "Tie" not in row_c
    row_a = html.split(f'id="entry-{a.id}"')[1].split("</tr>")[0]
    assert "Tie" in row_a


def test_award_from_the_ranking_then_publish_with_a_confirmation(client, db, staff):
    contest = make_contest(phase="judging", min_judges=2)
    a, _b, _c = _scored(db, contest)
    ranking_page = f"{BASE}/{contest.id}/xep-hang"
    publish_page = f"{BASE}/{contest.id}/cong-bo"
    early = client.get(publish_page).get_data(as_text=True)
    assert "No prize is awarded yet" in early
    refused = _post(client, publish_page, {"version": str(contest.version)})
    assert refused.status_code == 422
    assert "Award at least one prize" in refused.get_data(as_text=True)

    award = _post(client, f"{BASE}/bai-du-thi/{a.id}/giai",
                  {"version": str(a.version), "prize": str(contest.prizes[0].id),
                   "back": "ranking"}, ranking_page)
    assert award.status_code == 303 and award.headers["Location"].endswith(f"#entry-{a.id}")
    html = client.get(publish_page).get_data(as_text=True)
    assert "Bài A" in html and "Name shown: Nguyễn Văn An" in html and "Tie" in html
    db.session.refresh(contest)
    stale = _post(client, publish_page, {"version": str(contest.version - 1)})
    assert stale.status_code == 409
    done = _post(client, publish_page, {"version": str(contest.version)})
    assert done.status_code == 303
    db.session.refresh(contest)
    assert contest.results_published_at is not None and queries.phase(contest) == "results"
    again = _post(client, publish_page, {"version": str(contest.version)})
    assert again.status_code == 409
    assert "contest.publish_results" in set(db.session.scalars(select(AuditEntry.action)))


def test_the_purge_button_erases_past_retention_and_says_how_many(client, db, staff):
    old = make_contest(phase="results", retention_days=3)
    kept = make_contest(phase="results", retention_days=30)
    gone = make_entry(old, state="accepted")
    stays = make_entry(kept, state="accepted")
    db.session.commit()
    page = f"{BASE}/{old.id}/xep-hang"
    response = _post(client, f"{BASE}/{old.id}/xoa-du-lieu-qua-han", {}, page)
    assert response.status_code == 303
    flashed = client.get(page).get_data(as_text=True)
    assert "Personal data of 1 entry past its retention limit" in flashed
    db.session.refresh(gone)
    db.session.refresh(stays)
    assert gone.erased and gone.phone == "" and not stays.erased
    again = _post(client, f"{BASE}/{old.id}/xoa-du-lieu-qua-han", {}, page)
    assert again.status_code == 303
    assert "nothing was erased" in client.get(page).get_data(as_text=True)
    actions = list(db.session.scalars(select(AuditEntry.action)))
    assert actions.count("contest.purge_run") == 2 and "contest.purge" in actions


# --- the list, the dashboard, who may come in --------------------------------------------

def test_the_list_and_the_dashboard_lead_to_the_queue(client, db, staff):
    contest = make_contest(title="Cuộc thi năm nay")
    make_entry(contest)
    make_entry(contest, state="accepted")
    db.session.commit()
    html = client.get(f"{BASE}/").get_data(as_text=True)
    assert "Cuộc thi năm nay" in html and "Open for entries" in html
    assert f'{BASE}/{contest.id}/bai-du-thi?trang-thai=received">1</a>' in html
    dashboard = client.get("/quan-tri/").get_data(as_text=True)
    assert "contest entries to screen" in dashboard
    assert f"{BASE}/{contest.id}/bai-du-thi?trang-thai=received" in dashboard
    assert f'href="{BASE}/"' in dashboard  # the staff menu's "Contests"


@pytest.mark.parametrize("role", ["judge", "school"])
def test_judges_and_schools_are_refused(client, db, login_as, role):
    contest = make_contest()
    entry = make_entry(contest)
    db.session.commit()
    login_as(role)
    for url in (f"{BASE}/", f"{BASE}/{contest.id}/bai-du-thi", f"{BASE}/bai-du-thi/{entry.id}",
                f"{BASE}/{contest.id}/xuat.csv", f"{BASE}/{contest.id}/xep-hang"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"{BASE}/bai-du-thi/{entry.id}/nhan").status_code in (400, 403)


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    contest = make_contest()
    db.session.commit()
    response = client.get(f"{BASE}/{contest.id}/xuat.xlsx")
    assert response.status_code == 302 and response.headers["Location"].startswith("/dang-nhap")


def test_a_category_with_entries_and_a_scored_criterion_stay(client, db, staff):
    contest = make_contest(phase="judging", categories=("Nông nghiệp xanh", "Rác nhựa"))
    entry = make_entry(contest, state="accepted", category_id=contest.categories[1].id)
    judge = make_user("judge")
    ops.assign_judge(contest, judge, None)
    ops.save_scores(entry, judge, {contest.criteria[2].id: 5}, {}, submit=False)
    db.session.commit()
    edit = f"{BASE}/{contest.id}/sua"
    cat, cri = contest.categories, contest.criteria
    base = _setup(slug=contest.slug, version=str(contest.version), **{
        "categories-0-id": str(cat[0].id), "categories-0-name": cat[0].name,
        "categories-1-id": str(cat[1].id), "categories-1-name": cat[1].name,
        "criteria-0-id": str(cri[0].id), "criteria-0-name": cri[0].name,
        "criteria-0-weight": "40", "criteria-1-id": str(cri[1].id),
        "criteria-1-name": cri[1].name, "criteria-1-weight": "35", "criteria-1-max_score": "10",
        "criteria-2-id": str(cri[2].id), "criteria-2-name": cri[2].name,
        "criteria-2-weight": "25", "criteria-2-max_score": "10"})
    no_category = _post(client, edit, {**base, "categories-1-name": ""})
    assert no_category.status_code == 422
    assert "Rác nhựa has entries: it cannot be removed" in no_category.get_data(as_text=True)
    no_criterion = _post(client, edit, {**base, "criteria-2-name": "", "criteria-2-weight": "",
                                        "criteria-2-max_score": "", "criteria-1-weight": "60"})
    assert no_criterion.status_code == 422
    assert "it cannot be removed" in no_criterion.get_data(as_text=True)
    unused = _post(client, edit, {**base, "categories-0-name": "", "criteria-1-name": "",
                                  "criteria-1-weight": "", "criteria-1-max_score": "",
                                  "criteria-0-weight": "75"})
    assert unused.status_code == 303  # an empty category and an unscored criterion can go
    db.session.refresh(contest)
    assert [c.name for c in contest.categories] == ["Rác nhựa"]
    assert [c.weight for c in contest.criteria] == [75, 25]


def test_a_new_contest_starts_from_the_standard_privacy_notice(client, db, staff):
    html = client.get("/quan-tri/cuoc-thi/moi").get_data(as_text=True)
    assert "91/2025/QH15" in html and "356/2025/NĐ-CP" in html
    assert "Bên kiểm soát dữ liệu cá nhân" in html and "13/2023" not in html
