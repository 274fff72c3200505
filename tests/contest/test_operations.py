"""The contest's rules, on the real database: phases, codes, scoring, ranking, retention."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.contest import operations as ops
from app.contest import queries
from app.contest.models import Entry
from app.contest.ranking import ranking
from app.web.timeutil import utcnow
from tests.factories import make_contest, make_entry, make_user


@pytest.mark.parametrize("phase", ["upcoming", "open", "judging", "results"])
def test_the_phase_follows_from_the_dates(db, phase):
    contest = make_contest(phase=phase)
    assert queries.phase(contest) == phase


def test_a_contest_opens_and_closes_by_itself(db):
    contest = make_contest(phase="upcoming")
    assert queries.phase(contest, contest.opens_at - timedelta(seconds=1)) == "upcoming"
    assert queries.phase(contest, contest.opens_at) == "open"
    assert queries.phase(contest, contest.closes_at) == "judging"


def test_codes_avoid_look_alike_characters():
    codes = {ops.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert not set("".join(codes)) & set("01OIL")
    code = ops.new_code()
    assert ops.normalise_code(" " + ops.show_code(code).lower() + " ") == code
    assert ops.normalise_code("ABCD-EFG0") == ""  # 0 is never in a code
    assert ops.normalise_code("x" * 5000) == ""


def test_lookup_needs_the_code_and_the_phone_digits(db):
    contest = make_contest()
    entry = make_entry(contest, phone="0912 345 678")
    assert queries.find_for_lookup(entry.code, "5678") is entry
    assert queries.find_for_lookup(entry.code, "5679") is None
    assert queries.find_for_lookup("ABCDEFGH", "5678") is None
    assert queries.find_for_lookup(entry.code, "") is None


def test_weights_must_sum_to_100(db):
    with pytest.raises(ops.ContestError) as refused:
        ops.check_criteria([ops.Row("A", weight=50, max_score=10), ops.Row("B", weight=40,
                                                                           max_score=10)])
    assert refused.value.field == "criteria"
    ops.check_criteria([ops.Row("A", weight=60, max_score=10), ops.Row("B", weight=40,
                                                                       max_score=5)])


def _judges(contest, n):
    judges = [make_user("judge") for _ in range(n)]
    for judge in judges:
        ops.assign_judge(contest, judge, None)
    return judges


def test_ranking_uses_the_weighted_mean_and_flags_ties_and_thin_scoring(db):
    contest = make_contest(phase="judging", min_judges=2)
    a, b, c = (make_entry(contest, state="accepted") for _ in range(3))
    j1, j2, j3 = _judges(contest, 3)
    ids = [cr.id for cr in contest.criteria]  # weights 40, 35, 25; max 10 each
    ops.save_scores(a, j1, dict(zip(ids, [10, 10, 10])), {}, submit=True)   # 100
    ops.save_scores(a, j2, dict(zip(ids, [5, 5, 5])), {}, submit=True)      # 50
    ops.save_scores(a, j3, dict(zip(ids, [6, 6, 6])), {}, submit=True)      # 60
    ops.save_scores(b, j1, dict(zip(ids, [7, 7, 7])), {}, submit=True)      # 70
    ops.save_scores(b, j2, dict(zip(ids, [7, 7, 7])), {}, submit=True)      # 70
    ops.recuse(b, j3, "Bài của người trong gia đình")
    ops.save_scores(c, j1, dict(zip(ids, [10, 4, 4])), {}, submit=True)     # 40+14+10 = 64
    ops.save_scores(c, j2, dict(zip(ids, [4, 4, 4])), {"x": "bỏ qua"}, submit=False)  # draft
    rows = {r.entry.id: r for r in ranking(contest)}
    assert rows[a.id].mean == 70.0 and rows[a.id].median == 60.0 and rows[a.id].judges == 3
    assert rows[b.id].mean == 70.0 and rows[b.id].recusals == 1
    assert rows[a.id].tied and rows[b.id].tied and rows[a.id].rank == rows[b.id].rank == 1
    assert rows[c.id].mean == 64.0 and rows[c.id].too_few and rows[c.id].drafts == 1
    assert rows[c.id].rank == 3


def test_scores_are_checked_and_every_change_is_audited(db):
    contest = make_contest(phase="judging")
    entry = make_entry(contest, state="accepted")
    (judge,) = _judges(contest, 1)
    first = contest.criteria[0]
    with pytest.raises(ops.ContestError):
        ops.save_scores(entry, judge, {first.id: 11}, {}, submit=False)
    ops.save_scores(entry, judge, {first.id: 7}, {first.id: "Tốt"}, submit=False)
    ops.save_scores(entry, judge, {first.id: 8}, {}, submit=False)
    ops.save_scores(entry, judge, {first.id: 8}, {}, submit=False)  # no change, no entry
    changes = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "review.score")
                                 .order_by(AuditEntry.id)).all()
    assert [(c.details.get("old"), c.details["new"]) for c in changes] == [(None, 7), (7, 8)]
    with pytest.raises(ops.ContestError):  # two criteria still unscored
        ops.save_scores(entry, judge, {}, {}, submit=True)


def test_only_assigned_judges_score_and_a_category_judge_sees_only_it(db):
    contest = make_contest(phase="judging")
    farm, plastic = contest.categories
    in_farm = make_entry(contest, state="accepted", category_id=farm.id)
    in_plastic = make_entry(contest, state="accepted", category_id=plastic.id)
    make_entry(contest, state="received", category_id=farm.id)  # not screened: never shown
    judge, outsider = make_user("judge"), make_user("judge")
    ops.assign_judge(contest, judge, farm.id)
    assert [e.id for e in queries.entries_for_judge(judge.id)] == [in_farm.id]
    assert queries.entries_for_judge(outsider.id) == []
    with pytest.raises(ops.ContestError):
        ops.save_scores(in_plastic, judge, {}, {}, submit=False)
    with pytest.raises(ops.ContestError):
        ops.assign_judge(contest, make_user("editor"), None)


def test_gallery_needs_consent_and_prizes_have_places(db):
    contest = make_contest(phase="judging", prizes=(("Giải Nhất", 1),))
    shy = make_entry(contest, state="accepted", consents=("judging",))
    proud = make_entry(contest, state="accepted")
    with pytest.raises(ops.ContestError):
        ops.set_gallery(shy, True)
    ops.set_gallery(proud, True)
    prize = contest.prizes[0]
    ops.award(proud, prize.id)
    db.session.flush()
    with pytest.raises(ops.ContestError):
        ops.award(shy, prize.id)
    assert queries.public_name(proud) == "Nguyễn Văn An"
    assert queries.public_name(shy) is None


def test_results_need_a_prize_and_a_closed_contest(db):
    open_contest = make_contest(phase="open")
    with pytest.raises(ops.ContestError):
        ops.publish_results(open_contest)
    contest = make_contest(phase="judging")
    entry = make_entry(contest, state="accepted")
    with pytest.raises(ops.ContestError):
        ops.publish_results(contest)
    ops.award(entry, contest.prizes[0].id)
    db.session.flush()
    ops.publish_results(contest)
    assert queries.phase(contest) == "results"
    assert queries.status_of(entry) == "result"


def test_withdrawal_and_erasure_keep_the_anonymised_entry(db):
    contest = make_contest()
    entry = make_entry(contest, state="accepted", in_gallery=True, email="an@example.vn")
    ops.withdraw(entry)
    assert entry.state == "withdrawn" and not entry.in_gallery
    ops.erase_personal_data(entry, requested=True)
    assert (entry.entrant_name, entry.phone, entry.phone_last4, entry.email) == ("", "", "", "")
    assert entry.title and entry.erasure_requested_at
    publish = next(c for c in entry.consents if c.purpose == "publish_name")
    assert publish.withdrawn_at is not None
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"entry.withdraw", "entry.erase"} <= actions


def test_purge_erases_only_past_retention_and_is_idempotent(db):
    old = make_contest(phase="results", retention_days=3)  # results 5 days ago
    fresh = make_contest(phase="results", retention_days=30)
    kept_scores = make_entry(old, state="accepted")
    judge = _judges(old, 1)[0]
    from app.contest.models import Review
    db.session.add(Review(entry_id=kept_scores.id, judge_id=judge.id, state="submitted",
                          scores={"1": 5}, comments={}))
    make_entry(old, state="rejected")
    other = make_entry(fresh, state="accepted")
    assert ops.purge_personal_data() == 2
    assert ops.purge_personal_data() == 0
    erased = db.session.scalars(select(Entry).where(Entry.contest_id == old.id)).all()
    assert all(e.phone == "" and e.entrant_name == "" and e.erased_at for e in erased)
    assert other.phone and other.erased_at is None
    assert db.session.scalar(select(Review).where(Review.entry_id == kept_scores.id)) is not None
    assert ops.purge_personal_data(now=utcnow() + timedelta(days=40)) == 1


def test_duplicate_hints_find_the_same_phone_and_near_identical_titles(db):
    contest = make_contest()
    first = make_entry(contest, title="Ủ rơm rạ làm phân hữu cơ tại thôn Hòa Ché",
                       phone="0912 345 678")
    same_phone = make_entry(contest, title="Túi vải đi chợ", phone="0912 345 678")
    near = make_entry(contest, title="Ủ rơm rạ làm phân hữu cơ ở thôn Hòa Ché",
                      phone="0987 654 321")
    unrelated = make_entry(contest, title="Cờ báo lũ cho xóm", phone="0977 111 222")
    hints = {e.id for e in queries.duplicate_hints(first)}
    assert hints == {same_phone.id, near.id}
    assert unrelated.id not in hints


def test_the_purge_command_is_idempotent(runner, db):
    old = make_contest(phase="results", retention_days=3)
    entry = make_entry(old, state="accepted")
    db.session.commit()
    first = runner.invoke(args=["contest", "purge-personal-data"])
    second = runner.invoke(args=["contest", "purge-personal-data"])
    assert first.exit_code == second.exit_code == 0
    assert "1 entries anonymised." in first.output and "0 entries" in second.output
    db.session.refresh(entry)
    assert entry.phone == "" and entry.title
