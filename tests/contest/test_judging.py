"""The judges' area /giam-khao (issue 9, line 8), through the real client and database: only
assigned entries, blind mode, drafts saved as the judge types, submission, corrections,
recusal, other judges' scores after results, and bad input answered with 4xx, never 500."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.contest import operations as ops
from app.contest import queries
from app.contest.models import Review
from app.web.timeutil import utcnow
from tests.factories import make_contest, make_entry, make_user

HTMX = {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": "p#draft-status"}


def _url(entry, suffix=""):
    return f"/giam-khao/bai/{entry.id}{suffix}"


@pytest.fixture
def english(client):
    client.set_cookie("lang", "en")
    return client


@pytest.fixture
def judged(db, login_as, english):
    """A signed-in judge assigned to a contest in judging, with one accepted entry."""
    judge = login_as("judge")
    contest = make_contest(phase="judging")
    ops.assign_judge(contest, judge, None)
    entry = make_entry(contest, state="accepted", email="an.nguyen@example.vn",
                       hamlet="Thôn Lỗ Xá")
    db.session.commit()
    return judge, contest, entry


def _sheet(client, entry, values, comments=None, action=None):
    data = {"csrf_token": client.csrf_token(_url(entry))}
    for criterion, value in zip(entry.contest.criteria, values):
        data[f"score_{criterion.id}"] = value
        data[f"comment_{criterion.id}"] = (comments or {}).get(criterion.id, "")
    if action:
        data["action"] = action
    return data


def _review(db, entry, judge):
    db.session.expire_all()
    return queries.review_of(entry.id, judge.id)


def _count(db, action):
    return db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == action))


# --- the list --------------------------------------------------------------------------------

def test_a_judge_sees_only_the_accepted_entries_assigned_to_them(db, login_as, english):
    judge = login_as("judge")
    whole = make_contest("Cuộc thi A", phase="judging")
    by_category = make_contest("Cuộc thi B", phase="judging")
    elsewhere = make_contest("Cuộc thi C", phase="judging")
    ops.assign_judge(whole, judge, None)
    ops.assign_judge(by_category, judge, by_category.categories[1].id)
    shown = [make_entry(whole, state="accepted", title="Ủ rơm thành phân"),
             make_entry(whole, state="accepted", title="Chợ không túi ni lông"),
             make_entry(by_category, state="accepted", title="Cờ báo lũ cho thôn",
                        category_id=by_category.categories[1].id)]
    hidden = [make_entry(whole, state="received", title="Bài chưa sơ loại"),
              make_entry(whole, state="rejected", title="Bài bị từ chối"),
              make_entry(by_category, state="accepted", title="Bài lĩnh vực khác"),
              make_entry(elsewhere, state="accepted", title="Bài cuộc thi khác")]
    db.session.commit()
    ops.save_scores(shown[0], judge, {c.id: 5 for c in whole.criteria}, {}, submit=True)
    ops.recuse(shown[1], judge, "Bài của em họ tôi")
    db.session.commit()

    page = english.get("/giam-khao/").get_data(as_text=True)
    for entry in shown:
        assert entry.title in page and _url(entry) in page
    for entry in hidden:
        assert entry.title not in page
    assert "Cuộc thi A" in page and "Cuộc thi B" in page and "Cuộc thi C" not in page
    # Contest A: one submitted, one recused, so 1 of 1 to score; B: 0 of 1.
    assert "1 of 1 scored" in page and "0 of 1 scored" in page
    assert '<progress id="progress-%d" max="1" value="1">' % whole.id in page
    assert "Submitted" in page and "You stepped aside" in page and "To score" in page


def test_a_judge_with_nothing_assigned_sees_an_empty_state(db, login_as, english):
    login_as("judge")
    make_entry(make_contest(phase="judging"), state="accepted", title="Bài của người khác")
    db.session.commit()
    response = english.get("/giam-khao/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "No contest has been assigned to you yet" in page
    assert "Bài của người khác" not in page


def test_a_judge_sees_no_staff_links(judged, english):
    page = english.get("/giam-khao/").get_data(as_text=True)
    assert "/quan-tri" not in page


# --- 404 for anything not assigned -----------------------------------------------------------

def test_entries_not_assigned_answer_404_on_every_endpoint(judged, db, english):
    judge, contest, entry = judged
    other_contest = make_contest(phase="judging")
    foreign = make_entry(other_contest, state="accepted")
    not_screened = make_entry(contest, state="received")
    withdrawn = make_entry(contest, state="withdrawn")
    db.session.commit()
    token = english.csrf_token(_url(entry))
    for target in (foreign, not_screened, withdrawn):
        assert english.get(_url(target)).status_code == 404
        assert english.post(_url(target), data={"csrf_token": token, "action": "draft"}
                            ).status_code == 404
        assert english.post(_url(target, "/nhap"), data={"csrf_token": token},
                            headers=HTMX).status_code == 404
        assert english.post(_url(target, "/xung-dot-loi-ich"),
                            data={"csrf_token": token, "reason": "x"}).status_code == 404
    assert english.get("/giam-khao/bai/999999").status_code == 404
    assert db.session.scalar(select(func.count(Review.id))) == 0


def test_other_roles_are_refused(db, login_as, client):
    contest = make_contest(phase="judging")
    entry = make_entry(contest, state="accepted")
    db.session.commit()
    login_as("editor")
    assert client.get(_url(entry)).status_code == 403


# --- what the judge reads -------------------------------------------------------------------

def test_the_entry_page_shows_the_entrant_but_never_phone_or_email(judged, english):
    _judge, _contest, entry = judged
    page = english.get(_url(entry)).get_data(as_text=True)
    assert entry.title in page and entry.summary in page and entry.description in page
    assert "Nguyễn Văn An" in page and "Thôn Lỗ Xá" in page
    assert "0912" not in page and "345 678" not in page and "5678" not in page
    assert "an.nguyen@example.vn" not in page
    assert entry.code not in page and ops.show_code(entry.code) not in page


def test_blind_judging_hides_name_members_and_hamlet(db, login_as, english):
    judge = login_as("judge")
    contest = make_contest(phase="judging", blind_judging=True)
    ops.assign_judge(contest, judge, None)
    entry = make_entry(contest, state="accepted", name="Hội Phụ nữ thôn Đông",
                       entrant_kind="group", members="Trần Thị Bình\nLê Thị Cúc",
                       hamlet="Thôn Lỗ Xá", email="hoi@example.vn")
    db.session.commit()
    page = english.get(_url(entry)).get_data(as_text=True)
    assert entry.title in page
    for secret in ("Hội Phụ nữ thôn Đông", "Trần Thị Bình", "Lê Thị Cúc", "Thôn Lỗ Xá",
                   "hoi@example.vn", "0912", "5678"):
        assert secret not in page
    assert "Blind judging" in page
    english.get("/giam-khao/")  # the list does not show them either
    assert "Hội Phụ nữ thôn Đông" not in english.get("/giam-khao/").get_data(as_text=True)


def test_the_score_sheet_has_a_field_per_criterion_and_autosaves(judged, english):
    _judge, contest, entry = judged
    page = english.get(_url(entry)).get_data(as_text=True)
    for criterion in contest.criteria:
        assert criterion.name in page
        assert f'id="score_{criterion.id}"' in page and f'id="comment_{criterion.id}"' in page
    assert 'type="number"' in page and 'inputmode="numeric"' in page and 'max="10"' in page
    assert f'hx-post="{_url(entry, "/nhap")}"' in page
    assert 'hx-trigger="input changed delay:800ms"' in page
    assert 'aria-live="polite"' in page
    assert 'value="draft"' in page and 'value="submit"' in page
    assert "I have a conflict of interest" in page


# --- drafts, submission, corrections --------------------------------------------------------

def test_a_draft_saves_through_htmx_and_answers_the_status_fragment(judged, db, english):
    judge, contest, entry = judged
    first, second, _third = contest.criteria
    data = _sheet(english, entry, ["7", "", ""], {first.id: "Ý tưởng hay"})
    response = english.post(_url(entry, "/nhap"), data=data, headers=HTMX)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="draft-status"' in body
    assert "Draft saved at" in body and "28" in body  # 7/10 × 40 = 28 out of 100
    assert "HX-Request" in response.headers["Vary"]
    review = _review(db, entry, judge)
    assert review.state == "draft"
    assert review.scores[str(first.id)] == 7 and review.scores.get(str(second.id)) is None
    assert review.comments[str(first.id)] == "Ý tưởng hay"
    # The page now shows the saved draft in the sheet.
    page = english.get(_url(entry)).get_data(as_text=True)
    assert 'value="7"' in page and "Ý tưởng hay" in page and "Draft saved at" in page


def test_a_plain_post_to_the_draft_url_saves_and_redirects(judged, db, english):
    judge, _contest, entry = judged
    response = english.post(_url(entry, "/nhap"), data=_sheet(english, entry, ["3", "4", ""]))
    assert response.status_code == 303
    assert _review(db, entry, judge).state == "draft"


def test_submit_is_refused_while_a_criterion_is_missing_then_accepted(judged, db, english):
    judge, contest, entry = judged
    third = contest.criteria[2]
    response = english.post(_url(entry), data=_sheet(english, entry, ["8", "6", ""],
                                                     action="submit"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Score every criterion before submitting: Tác động môi trường." in page
    assert f'id="score_{third.id}-error"' in page and "Give a score before submitting." in page
    assert 'value="8"' in page  # what was typed stays
    review = _review(db, entry, judge)
    assert review is None or review.state != "submitted"

    response = english.post(_url(entry), data=_sheet(english, entry, ["8", "6", "9"],
                                                     action="submit"))
    assert response.status_code == 303
    review = _review(db, entry, judge)
    assert review.state == "submitted" and review.submitted_at is not None
    assert review.scores == {str(c.id): v for c, v in zip(contest.criteria, (8, 6, 9))}
    assert _count(db, "review.submit") == 1
    page = english.get(_url(entry)).get_data(as_text=True)
    assert "Save corrections" in page and "hx-post" not in page  # no autosave once submitted


def test_every_score_change_is_audited_and_corrections_stay_submitted(judged, db, english):
    judge, contest, entry = judged
    english.post(_url(entry, "/nhap"), data=_sheet(english, entry, ["5", "", ""]), headers=HTMX)
    english.post(_url(entry, "/nhap"), data=_sheet(english, entry, ["6", "", ""]), headers=HTMX)
    english.post(_url(entry, "/nhap"), data=_sheet(english, entry, ["6", "", ""]), headers=HTMX)
    assert _count(db, "review.score") == 2  # 5, then 6; the same 6 again changes nothing
    english.post(_url(entry), data=_sheet(english, entry, ["6", "7", "8"], action="submit"))
    assert _count(db, "review.score") == 4

    # A correction after submission: saved, audited with old and new value, still submitted.
    response = english.post(_url(entry), data=_sheet(english, entry, ["9", "7", "8"],
                                                     action="submit"))
    assert response.status_code == 303
    review = _review(db, entry, judge)
    assert review.state == "submitted" and review.scores[str(contest.criteria[0].id)] == 9
    last = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "review.score")
                              .order_by(AuditEntry.id.desc())).first()
    assert (last.details["old"], last.details["new"]) == (6, 9) and last.actor_id == judge.id

    # A submitted sheet stays complete, and is not autosaved.
    response = english.post(_url(entry), data=_sheet(english, entry, ["9", "", "8"],
                                                     action="submit"))
    assert response.status_code == 422
    response = english.post(_url(entry, "/nhap"), data=_sheet(english, entry, ["1", "1", "1"]),
                            headers=HTMX)
    assert response.status_code == 409 and "Save corrections" in response.get_data(as_text=True)
    review = _review(db, entry, judge)
    assert review.state == "submitted" and review.scores[str(contest.criteria[1].id)] == 7


def test_a_submitted_sheet_stays_complete_in_operations(db):
    contest = make_contest(phase="judging")
    entry = make_entry(contest, state="accepted")
    judge = make_user("judge")
    ops.assign_judge(contest, judge, None)
    ids = [c.id for c in contest.criteria]
    ops.save_scores(entry, judge, dict(zip(ids, [5, 5, 5])), {}, submit=True)
    with pytest.raises(ops.ContestError):
        ops.save_scores(entry, judge, {ids[0]: None}, {}, submit=False)
    review = ops.save_scores(entry, judge, {ids[0]: 6}, {}, submit=False)
    assert review.state == "submitted" and review.scores[str(ids[0])] == 6


# --- recusal ---------------------------------------------------------------------------------

def test_recusal_needs_a_reason_and_then_removes_the_score_sheet(judged, db, english):
    judge, _contest, entry = judged
    english.post(_url(entry, "/nhap"), data=_sheet(english, entry, ["5", "", ""]), headers=HTMX)
    token = english.csrf_token(_url(entry))
    response = english.post(_url(entry, "/xung-dot-loi-ich"),
                            data={"csrf_token": token, "reason": "   "})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Say in a few words why you step aside." in page
    assert 'id="reason-error"' in page and "<details open>" in page
    assert _review(db, entry, judge).state == "draft"

    response = english.post(_url(entry, "/xung-dot-loi-ich"),
                            data={"csrf_token": token, "reason": "Người dự thi là em họ tôi"})
    assert response.status_code == 303
    review = _review(db, entry, judge)
    assert review.state == "recused" and review.recusal_reason == "Người dự thi là em họ tôi"
    assert review.scores == {}
    assert _count(db, "review.recuse") == 1
    page = english.get(_url(entry)).get_data(as_text=True)
    assert "You stepped aside from this entry." in page
    assert 'name="action"' not in page and "score_" not in page
    # No scores after stepping aside, through either door; no second recusal.
    assert english.post(_url(entry), data=_sheet(english, entry, ["5", "5", "5"],
                                                 action="submit")).status_code == 409
    assert english.post(_url(entry, "/nhap"), data=_sheet(english, entry, ["5", "5", "5"]),
                        headers=HTMX).status_code == 409
    assert english.post(_url(entry, "/xung-dot-loi-ich"),
                        data={"csrf_token": token, "reason": "lại"}).status_code == 409
    assert _review(db, entry, judge).state == "recused"


# --- other judges' scores, and results ------------------------------------------------------

def test_other_judges_scores_stay_hidden_until_results(judged, db, english):
    judge, contest, entry = judged
    other = make_user("judge")
    ops.assign_judge(contest, other, None)
    ids = [c.id for c in contest.criteria]
    ops.save_scores(entry, other, dict(zip(ids, [10, 10, 10])), {ids[0]: "Xuất sắc"},
                    submit=True)  # 100
    db.session.commit()
    english.post(_url(entry), data=_sheet(english, entry, ["5", "5", "5"], action="submit"))  # 50

    page = english.get(_url(entry)).get_data(as_text=True)
    assert "All judges' scores" not in page and "Xuất sắc" not in page
    assert "Judge 1" not in page and "<strong>100</strong>" not in page
    assert "stay hidden until the results are published" in page

    contest.results_published_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = english.get(_url(entry)).get_data(as_text=True)
    assert "All judges' scores" in page
    assert "Judge 1: <strong>100</strong>" in page
    assert "Judge 2 (you): <strong>50</strong>" in page
    assert "Mean 75, median 75" in page
    assert "Xuất sắc" not in page  # totals only, never another judge's comments


def test_after_results_the_sheet_is_read_only_and_scores_cannot_change(judged, db, english):
    judge, contest, entry = judged
    english.post(_url(entry), data=_sheet(english, entry, ["5", "6", "7"], action="submit"))
    data = _sheet(english, entry, ["9", "9", "9"], action="submit")
    contest.results_published_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    before = _count(db, "review.score")

    page = english.get(_url(entry)).get_data(as_text=True)
    assert "Results are published" in page and "<form" in page  # sign-out form only
    assert 'name="action"' not in page and "score_" not in page
    assert "I have a conflict of interest" not in page
    assert english.post(_url(entry), data=data).status_code == 409
    draft = dict(data)
    draft.pop("action")
    assert english.post(_url(entry, "/nhap"), data=draft, headers=HTMX).status_code == 409
    assert english.post(_url(entry, "/xung-dot-loi-ich"),
                        data={"csrf_token": data["csrf_token"], "reason": "muộn"}
                        ).status_code == 409
    review = _review(db, entry, judge)
    assert review.state == "submitted"
    assert list(review.scores.values()) == [5, 6, 7]
    assert _count(db, "review.score") == before


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["abc", "11", "-1", "7.5", "1_0", "٣", "9" * 500])
def test_a_score_that_is_not_a_whole_number_in_range_is_refused(judged, db, english, value):
    judge, _contest, entry = judged
    response = english.post(_url(entry), data=_sheet(english, entry, [value, "5", "5"],
                                                     action="submit"))
    assert response.status_code == 422
    assert "Give a whole number from 0 to 10." in response.get_data(as_text=True)
    response = english.post(_url(entry, "/nhap"), data=_sheet(english, entry, [value, "5", ""]),
                            headers=HTMX)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Not saved" in body and "Give a whole number from 0 to 10." in body
    assert _review(db, entry, judge) is None
    assert _count(db, "review.score") == 0


def test_a_sheet_naming_foreign_criteria_or_actions_is_refused(judged, db, english):
    judge, _contest, entry = judged
    other = make_contest(phase="judging")
    db.session.commit()
    for extra in ({"score_999999": "5"}, {f"score_{other.criteria[0].id}": "5"},
                  {"comment_abc": "x"}):
        data = {**_sheet(english, entry, ["5", "5", "5"], action="submit"), **extra}
        response = english.post(_url(entry), data=data)
        assert response.status_code == 400
        assert "does not match" in response.get_data(as_text=True)
        data.pop("action")
        assert english.post(_url(entry, "/nhap"), data=data, headers=HTMX).status_code == 400
    data = _sheet(english, entry, ["5", "5", "5"], action="publish")
    assert english.post(_url(entry), data=data).status_code == 400
    data.pop("action")
    assert english.post(_url(entry), data=data).status_code == 400
    assert _review(db, entry, judge) is None


def test_a_post_without_its_csrf_token_is_refused(judged, db, english):
    judge, _contest, entry = judged
    data = _sheet(english, entry, ["5", "5", "5"], action="draft")
    data.pop("csrf_token")
    assert english.post(_url(entry), data=data).status_code == 400
    assert _review(db, entry, judge) is None


def test_messages_are_translated(judged, client):
    _judge, _contest, entry = judged
    client.set_cookie("lang", "vi")
    response = client.post(_url(entry), data=_sheet(client, entry, ["x", "5", "5"],
                                                    action="submit"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Give a whole number" not in page
    assert "Hãy nhập một số nguyên từ 0 đến 10." in page
