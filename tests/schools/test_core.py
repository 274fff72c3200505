"""The green-school model's rules on the real database: the framework from content/, the
activity workflow, confirmations, progress and levels, and who may see the files."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.content.sync import sync_all
from app.schools import operations as ops
from app.schools import progress, queries
from app.schools.models import CriteriaGroup, Framework, GreenCriterion
from tests.factories import make_activity, make_framework, make_school


def test_content_sync_builds_the_framework_once_and_keeps_ids(db):
    first = sync_all(Path("content"))["green-school criteria"]
    ids = dict(db.session.execute(select(GreenCriterion.key, GreenCriterion.id)).all())
    again = sync_all(Path("content"))["green-school criteria"]
    assert first.created == ["2026-2027"] and not again.changed and again.unchanged == 1
    assert dict(db.session.execute(select(GreenCriterion.key, GreenCriterion.id)).all()) == ids
    framework = db.session.scalar(select(Framework))
    names = [g.name for g in framework.groups]
    assert names[:3] == ["Không gian xanh", "Vệ sinh và phân loại rác", "An toàn trường học"]
    assert len(framework.steps) == 7
    assert all(c.evidence for g in framework.groups for c in g.criteria)
    safety = next(g for g in framework.groups if g.key == "an-toan")
    assert {"at-dien-tap", "at-thuc-pham"} <= {c.key for c in safety.criteria}


def test_an_edited_framework_is_not_overwritten_by_the_file(db):
    sync_all(Path("content"))
    framework = db.session.scalar(select(Framework))
    framework.title, framework.edited = "Sửa bởi quản trị viên", True
    report = sync_all(Path("content"))["green-school criteria"]
    assert framework.title == "Sửa bởi quản trị viên" and not report.changed
    assert db.session.scalar(select(func.count(CriteriaGroup.id))) == 5


def _register(school, framework, n=5, level="achieved"):
    criteria = [c for g in framework.groups for c in g.criteria][:n]
    ops.register(school, framework, [c.id for c in criteria], level)
    return criteria


def test_the_workflow_draft_submitted_returned_resubmitted_approved(db):
    framework, school = make_framework(), make_school()
    activity = make_activity(school, framework)
    ops.submit(activity)
    assert activity.state == "submitted"
    with pytest.raises(ops.SchoolError):
        ops.return_activity(activity, "  ")
    ops.return_activity(activity, "Thiếu ảnh buổi trồng cây.")
    assert activity.state == "returned" and activity.review_comment
    ops.submit(activity)
    assert activity.state == "resubmitted"
    ops.approve(activity)
    assert activity.state == "approved" and activity.approved_at
    with pytest.raises(ops.SchoolError):
        ops.submit(activity)
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"activity.submit", "activity.return", "activity.approve"} <= actions


def test_a_school_never_changes_another_schools_activity(db):
    framework, mine, theirs = make_framework(), make_school(), make_school()
    activity = make_activity(theirs, framework)
    assert queries.activity_of_school(activity.id, mine.id) is None
    with pytest.raises(ops.SchoolError):
        ops.save_activity(mine, framework, activity, held_on=activity.held_on, title="Chiếm",
                          description="", pupils=1, teachers=1, parents=0,
                          criterion_ids=[activity.criteria[0].id])


def test_activity_dates_and_criteria_are_checked(db):
    framework, school = make_framework(), make_school()
    criterion = framework.groups[0].criteria[0]
    common = dict(title="Dọn vệ sinh", description="", pupils=10, teachers=1, parents=0)
    with pytest.raises(ops.SchoolError) as refused:
        ops.save_activity(school, framework, None, held_on=framework.starts_on - timedelta(1),
                          criterion_ids=[criterion.id], **common)
    assert refused.value.field == "held_on"
    with pytest.raises(ops.SchoolError) as refused:
        ops.save_activity(school, framework, None, held_on=framework.starts_on,
                          criterion_ids=[999_999], **common)
    assert refused.value.field == "criteria"


def test_progress_and_levels_follow_confirmations_against_the_schools_targets(db):
    framework, school, other = make_framework(), make_school(), make_school()
    targets = _register(school, framework, n=5)
    rows = {p.school.id: p for p in progress.board(framework)}
    assert rows[school.id].level == "registered" and rows[other.id].level is None
    for n, criterion in enumerate(targets[:3], start=1):
        proof = make_activity(school, framework, state="approved", criteria=[criterion])
        ops.confirm(school, framework, criterion.id, [proof.id], "Đủ minh chứng")
        row = progress.of_school(framework, school)
        assert row.met == n and row.targets == 5
    assert row.percent == 60 and row.level == "achieved"  # 60 % is the file's threshold
    assert progress.reached_at(framework, school, "achieved") is not None
    first_group = row.groups[0]
    assert first_group.targets == 3 and first_group.met == 3 and first_group.percent == 100
    assert progress.of_school(framework, other).level is None


def test_a_confirmation_needs_an_approved_activity_of_that_school_serving_it(db):
    framework, school, other = make_framework(), make_school(), make_school()
    criterion = framework.groups[0].criteria[0]
    draft = make_activity(school, framework, criteria=[criterion])
    elsewhere = make_activity(other, framework, state="approved", criteria=[criterion])
    unrelated = make_activity(school, framework, state="approved",
                              criteria=[framework.groups[1].criteria[0]])
    for ids in ([draft.id], [elsewhere.id], [unrelated.id], []):
        with pytest.raises(ops.SchoolError):
            ops.confirm(school, framework, criterion.id, ids)


def test_the_board_reads_a_fixed_number_of_queries(db, app):
    from sqlalchemy import event

    framework = make_framework()

    def count_board():
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        engine = db.engine
        event.listen(engine, "before_cursor_execute", listener)
        try:
            progress.board(framework)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    for _ in range(5):
        _register(make_school(), framework, n=4)
    few = count_board()
    for _ in range(45):
        _register(make_school(), framework, n=4)
    assert 0 < few == count_board()
