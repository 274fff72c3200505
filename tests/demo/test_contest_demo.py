"""`flask demo load` builds two contests through the contest's own writes: last year's with its
results out, and this season's, open, with entries in every state (issue 9, acceptance 12)."""
from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from app.alerts.catalogue import catalogue
from app.audit.models import AuditEntry
from app.auth.models import User
from app.content.models import Media
from app.contest import queries
from app.contest.models import (PURPOSES, Consent, Contest, Entry, EntryFile, JudgeAssignment,
                                Review)
from app.contest.operations import purge_personal_data
from app.contest.ranking import ranking
from app.demo import contest_demo
from app.web.timeutil import utcnow
from app.web.validators import normalise_phone


@pytest.fixture
def loaded(runner, db):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return result


def _contests(db):
    contests = db.session.scalars(select(Contest).order_by(Contest.opens_at)).all()
    assert len(contests) == 2
    return contests  # past, current


def _entries(db, contest):
    return db.session.scalars(select(Entry).where(Entry.contest_id == contest.id)
                              .order_by(Entry.id)).all()


def _past_contest_has_its_results_out(db):
    past, _current = _contests(db)
    assert past.slug.startswith("sang-kien-moi-truong-") and past.state == "published"
    assert "Sáng kiến môi trường xã Kẻ Sặt năm" in past.title
    assert queries.phase(past) == "results"
    # the results are out, and still within the retention period: names show where consented
    assert past.results_published_at < utcnow()
    assert purge_personal_data() == 0
    entries = _entries(db, past)
    accepted = [e for e in entries if e.state == "accepted"]
    assert len(accepted) == 8
    assert [e.state for e in entries].count("rejected") == 1
    awarded = queries.awarded_entries(past)
    assert len(awarded) == sum(p.places for p in past.prizes) == 7
    assert [e.prize.name for e in awarded][:2] == ["Giải Nhất", "Giải Nhì"]
    named = [queries.public_name(e) for e in awarded]
    assert any(named) and None in named  # some entrants did not agree to publish their name
    for e in awarded:
        assert (queries.public_name(e) is not None) == e.consented("publish_name")
    # every accepted entry was scored by every judge assigned to it, and the prizes follow
    # the ranking
    rows = ranking(past)
    assert all(r.judges >= past.min_judges and not r.drafts and not r.recusals for r in rows)
    assert {r.entry.id for r in rows[:7]} == {e.id for e in awarded}
    positions = [r.entry.prize.position for r in rows[:7]]
    assert positions == sorted(positions) and rows[-1].entry.prize is None
    assert {queries.status_of(e) for e in accepted} == {"result"}


def _gallery_only_holds_entries_whose_entrants_agreed(db):
    for contest in _contests(db):
        gallery = queries.gallery_entries(contest)
        assert gallery
        assert all(e.consented("publish_name") for e in gallery)
    flagged = db.session.scalars(select(Entry).where(Entry.in_gallery.is_(True))).all()
    assert all(e.state == "accepted" and e.consented("publish_name") for e in flagged)


def _open_contest_has_entries_in_every_state(db):
    _past, current = _contests(db)
    assert queries.phase(current) == "open" and queries.current_contest() is current
    days_left = (current.closes_at - utcnow()).days
    assert 7 <= days_left <= 35  # closing in a few weeks
    entries = _entries(db, current)
    assert 12 <= len(entries) <= 18
    statuses = Counter(queries.status_of(e) for e in entries)
    assert set(statuses) == {"received", "rejected", "accepted", "judging", "withdrawn"}
    assert min(statuses.values()) >= 2
    for entry in entries:
        if entry.state == "rejected":
            assert len(entry.reject_reason) > 80 and entry.screened_at is not None
        if entry.state == "withdrawn":
            assert entry.withdrawn_at is not None and not entry.in_gallery
        if entry.state == "received":
            assert entry.screened_at is None
    assert {e.entrant_kind for e in entries} == {"individual", "group"}
    assert len({e.hamlet for e in entries}) >= 5
    assert sum(1 for e in entries if e.files) >= 5


def _three_judges_one_on_a_category_and_one_recusal(db):
    judges = db.session.scalars(select(User).where(User.role == "judge")).all()
    assert sorted(j.email for j in judges) == sorted(
        [contest_demo.JUDGE_A, contest_demo.JUDGE_B, contest_demo.JUDGE_C])
    for contest in _contests(db):
        assignments = db.session.scalars(select(JudgeAssignment).where(
            JudgeAssignment.contest_id == contest.id)).all()
        assert len(assignments) == 3
        on_category = [a for a in assignments if a.category_id is not None]
        assert [a.judge.email for a in on_category] == [contest_demo.JUDGE_C]
    recusals = db.session.scalars(select(Review).where(Review.state == "recused")).all()
    assert len(recusals) == 1
    assert recusals[0].judge.email == contest_demo.JUDGE_B
    assert "người thân" in recusals[0].recusal_reason
    states = Counter(db.session.scalars(select(Review.state)))
    assert states["draft"] >= 2 and states["submitted"] > 10
    # a judge sees only what is assigned: the category judge, only the schools' entries
    judge_c = next(j for j in judges if j.email == contest_demo.JUDGE_C)
    seen = queries.entries_for_judge(judge_c.id)
    assert seen and all(e.category.name.startswith("Trường học xanh") for e in seen)


def _writes_went_through_the_contest_rules_and_audit(db):
    actions = Counter(db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.action.like("entry.%") | AuditEntry.action.like("review.%")
        | AuditEntry.action.like("judge.%") | AuditEntry.action.like("contest.%"))))
    entries = db.session.scalar(select(func.count(Entry.id)))
    assert actions["entry.submit"] == entries
    for action in ("contest.create", "contest.publish_results", "entry.accept", "entry.reject",
                   "entry.gallery", "entry.award", "entry.withdraw", "judge.assign",
                   "review.score", "review.submit", "review.recuse"):
        assert actions[action] >= 1, action


def _contest_set_up_is_complete(db):
    for contest in _contests(db):
        assert sum(c.weight for c in contest.criteria) == 100
        assert len(contest.criteria) >= 4 and all(c.max_score >= 1 for c in contest.criteria)
        assert 3 <= len(contest.categories) <= 4
        assert [p.name for p in contest.prizes] == ["Giải Nhất", "Giải Nhì", "Giải Ba",
                                                    "Giải Khuyến khích"]
        assert contest.privacy_version and 1 <= contest.retention_days <= 3650
        notice = contest.privacy_notice
        assert "Trung tâm Dịch vụ sự nghiệp công xã Kẻ Sặt" in notice
        assert "91/2025/QH15" in notice
        for right in ("được biết", "rút lại sự đồng ý", "yêu cầu xóa", "hạn chế xử lý",
                      "phản đối", "khiếu nại", "bồi thường thiệt hại"):
            assert right in notice, right
        for heading in ("## Ai được tham gia", "## Gửi gì", "## Sơ loại và chấm thi",
                        "## Giải thưởng", "## Thông tin cá nhân"):
            assert heading in contest.rules, heading
        assert contest.opens_at < contest.closes_at <= contest.judging_ends_at <= contest.results_at
    _past, current = _contests(db)
    assert "356/2025/NĐ-CP" in current.privacy_notice


def _every_entry_is_well_formed(db):
    areas = catalogue().areas.values()
    places = {a.name for a in areas} | {h for a in areas for h in a.hamlets}
    for entry in db.session.scalars(select(Entry)):
        purposes = sorted(c.purpose for c in entry.consents)
        assert purposes == sorted(PURPOSES)
        assert entry.consented("judging")
        assert {c.notice_version for c in entry.consents} == {entry.contest.privacy_version}
        assert normalise_phone(entry.phone) == entry.phone
        assert entry.phone_last4 == entry.phone.replace(" ", "")[-4:]
        assert entry.email == "" or entry.email.endswith("@example.vn")
        assert entry.hamlet in places
        assert (entry.members != "") == (entry.entrant_kind == "group")
        assert len(entry.summary) <= 600 and len(entry.title) <= 200
        for f in entry.files:
            assert f.media.kind == "image" and f.media.alt and f.media.width <= 640


# Each load takes a few seconds (drawn pictures, every write audited), so the checks above
# share two loads instead of taking one each.

def test_last_years_contest_and_the_set_up(db, loaded):
    _past_contest_has_its_results_out(db)
    _gallery_only_holds_entries_whose_entrants_agreed(db)
    _contest_set_up_is_complete(db)


def test_this_seasons_contest_its_judges_and_entries(db, loaded):
    _open_contest_has_entries_in_every_state(db)
    _three_judges_one_on_a_category_and_one_recusal(db)
    _writes_went_through_the_contest_rules_and_audit(db)
    _every_entry_is_well_formed(db)


def test_loading_twice_adds_nothing(db, runner, loaded):
    models = (Contest, Entry, Consent, EntryFile, Media, JudgeAssignment, Review, User,
              AuditEntry)

    def counts():
        return [db.session.scalar(select(func.count()).select_from(m)) for m in models]

    before = counts()
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0, again.output
    assert counts() == before
    for email in (contest_demo.JUDGE_B, contest_demo.JUDGE_C):
        assert email in loaded.output and email in again.output
