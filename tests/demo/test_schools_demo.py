"""`flask demo load` fills the green-school model through its own writes: five schools at the
commune's levels with current names and filled profiles, a school year of activities in every
state with private drawn photos, one school that reached "achieved", one club (issue 10,
acceptance 2 and 9)."""
from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.content.media import file_name
from app.content.models import Media
from app.demo import schools_demo
from app.schools import progress, queries
from app.schools.models import (ACTIVITY_STATES, Activity, ActivityPhoto, Club, Confirmation,
                                Framework, Registration, School, SchoolProfile)
from app.web.validators import normalise_phone


@pytest.fixture
def loaded(runner, db):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return result


def _schools(db):
    return db.session.scalars(select(School).order_by(School.name)).all()


def test_five_schools_at_the_communes_levels_with_current_names_and_profiles(loaded, db):
    schools = _schools(db)
    assert len(schools) == 5
    assert Counter(s.level for s in schools) == {"mam-non": 1, "tieu-hoc": 2, "thcs": 2}
    assert "thcs-vinh-hong" in {s.slug for s in schools}
    for school in schools:
        assert "thị trấn" not in school.name.lower()
        profile = school.profile
        assert profile is not None
        assert profile.address and profile.hamlet and profile.principal
        assert "Kẻ Sặt" in profile.address and profile.pupils > 0
        assert normalise_phone(profile.phone) == profile.phone
        assert profile.email.endswith("@example.vn")


def test_activities_in_every_state_and_one_school_achieved(loaded, db):
    activities = db.session.scalars(select(Activity)).all()
    assert {a.state for a in activities} == set(ACTIVITY_STATES)
    framework = queries.current_framework()
    assert all(framework.starts_on <= a.held_on for a in activities)
    for a in activities:
        assert a.criteria and a.title and a.description and 1 <= len(a.photos) <= 2
        assert (a.review_comment != "") == (a.state in ("returned", "resubmitted"))
        assert (a.approved_at is not None) == (a.state == "approved")
    board = progress.board(framework)
    levels = Counter(p.level for p in board)
    assert levels["achieved"] == 1 and levels["in_progress"] == 2 and levels["registered"] == 2
    achieved = next(p for p in board if p.level == "achieved")
    assert achieved.school.slug == "thcs-ke-sat"
    assert progress.reached_at(framework, achieved.school, "achieved") is not None
    # every confirmation rests on approved activities of its school serving the criterion
    for confirmation in db.session.scalars(select(Confirmation)):
        assert confirmation.activities and confirmation.confirmed_by_id
        assert all(a.state == "approved" and a.school_id == confirmation.school_id
                   and confirmation.criterion in a.criteria for a in confirmation.activities)


def test_one_club_in_a_thcs_with_the_right_terms(loaded, db):
    (club,) = db.session.scalars(select(Club)).all()
    assert club.school.level == "thcs" and club.members > 0
    assert "Tổng phụ trách Đội" in club.leaders
    assert "đội viên" in club.meetings and "đoàn viên" not in (club.meetings + club.leaders)
    assert club.projects.startswith("###")


def _status(client, media) -> int:
    with client.get(f"/media/{file_name(media)}") as response:  # send_file keeps it open
        return response.status_code


def test_photos_are_private_until_approved(loaded, db, client):
    photos = db.session.scalars(select(ActivityPhoto)).all()
    assert photos and all(p.media.private for p in photos)
    approved = next(p for p in photos if p.activity.state == "approved")
    draft = next(p for p in photos if p.activity.state == "draft")
    returned = next(p for p in photos if p.activity.state == "returned")
    assert _status(client, approved.media) == 200
    assert _status(client, draft.media) == 404
    assert _status(client, returned.media) == 404


def _counts(db):
    return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in
                 (School, SchoolProfile, Registration, Activity, ActivityPhoto, Media,
                  Confirmation, Club)) + (db.session.scalar(
                      select(func.count(AuditEntry.id)).where(AuditEntry.object_type.in_(
                          ("School", "Activity", "Registration")))),)


def test_loading_twice_adds_nothing(loaded, runner, db):
    before = _counts(db)
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0, again.output
    assert _counts(db) == before


def test_the_loader_reads_the_framework_from_content_when_sync_has_not_run(db):
    assert db.session.scalar(select(func.count(Framework.id))) == 0
    framework = schools_demo.framework_for(schools_demo.today_local())
    assert framework is not None and framework.school_year == "2026-2027"
    assert {g.key for g in framework.groups} >= {"an-toan", "giao-duc-moi-truong"}
