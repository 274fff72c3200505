"""Reads of the green-school domain; other packages (the home page, search, the contest)
read schools through this module."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..web.text import fold
from ..web.timeutil import to_local, utcnow
from .models import (Activity, ActivityPhoto, Club, Confirmation, CriteriaGroup, Framework,
                     Registration, School)

PUBLIC_STATES = ("approved",)


def school_by_slug(slug: str) -> School | None:
    return db.session.scalar(select(School).where(School.slug == slug))


def schools() -> list[School]:
    return list(db.session.scalars(select(School).order_by(School.name)))


def _framework_query():
    return select(Framework).options(
        selectinload(Framework.groups).selectinload(CriteriaGroup.criteria))


def current_framework(today: date | None = None) -> Framework | None:
    """This school year's framework: the one whose dates hold today, else the latest begun,
    else the first to come."""
    today = today or to_local(utcnow()).date()
    frameworks = list(db.session.scalars(_framework_query().order_by(Framework.starts_on)))
    for framework in frameworks:
        if framework.starts_on <= today <= framework.ends_on:
            return framework
    begun = [f for f in frameworks if f.starts_on <= today]
    return begun[-1] if begun else (frameworks[0] if frameworks else None)




def registration_of(school: School, framework: Framework) -> Registration | None:
    return db.session.scalar(select(Registration).where(
        Registration.school_id == school.id, Registration.framework_id == framework.id)
        .options(selectinload(Registration.targets)))


def activities_of(school: School, framework: Framework | None = None,
                  states: tuple[str, ...] | None = None) -> list[Activity]:
    query = select(Activity).where(Activity.school_id == school.id).options(
        selectinload(Activity.photos), selectinload(Activity.criteria))
    if framework is not None:
        query = query.where(Activity.framework_id == framework.id)
    if states:
        query = query.where(Activity.state.in_(states))
    return list(db.session.scalars(query.order_by(Activity.held_on.desc(), Activity.id.desc())))


def activity_of_school(activity_id: int, school_id: int) -> Activity | None:
    """An activity only if it belongs to this school (object-level check: school A never
    reaches school B's records, whatever the id)."""
    return db.session.scalar(select(Activity).where(Activity.id == activity_id,
                                                    Activity.school_id == school_id))


def latest_approved(limit: int = 6) -> list[Activity]:
    return list(db.session.scalars(
        select(Activity).where(Activity.state.in_(PUBLIC_STATES))
        .options(selectinload(Activity.photos), selectinload(Activity.school),
                 selectinload(Activity.criteria))
        .order_by(Activity.approved_at.desc(), Activity.id.desc()).limit(limit)))


def review_queue() -> list[Activity]:
    return list(db.session.scalars(
        select(Activity).where(Activity.state.in_(("submitted", "resubmitted")))
        .options(selectinload(Activity.school), selectinload(Activity.photos))
        .order_by(Activity.submitted_at)))


def club_of(school: School) -> Club | None:
    return db.session.scalar(select(Club).where(Club.school_id == school.id))


def activity_of_media(media_id: int) -> Activity | None:
    """The activity a file belongs to (a photo, or its document), if any."""
    photo = db.session.scalar(select(ActivityPhoto).where(ActivityPhoto.media_id == media_id))
    if photo is not None:
        return photo.activity
    return db.session.scalar(select(Activity).where(Activity.document_id == media_id))


def activities_to_review() -> int:
    return db.session.scalar(select(func.count(Activity.id)).where(
        Activity.state.in_(("submitted", "resubmitted")))) or 0


def schools_for_home() -> list[School]:
    return schools()


def confirmations_of(school: School, framework: Framework) -> dict[int, Confirmation]:
    """The school's confirmations this year, by criterion id, with their activities."""
    ids = [c.id for g in framework.groups for c in g.criteria]
    return {c.criterion_id: c for c in db.session.scalars(
        select(Confirmation).where(Confirmation.school_id == school.id,
                                   Confirmation.criterion_id.in_(ids))
        .options(selectinload(Confirmation.activities)))}


def waiting_by_school(framework: Framework) -> dict[int, int]:
    """How many activities of each school wait for review this year."""
    return dict(db.session.execute(
        select(Activity.school_id, func.count(Activity.id))
        .where(Activity.framework_id == framework.id,
               Activity.state.in_(("submitted", "resubmitted")))
        .group_by(Activity.school_id)).all())


def school_named_in(*texts: str) -> School | None:
    """The school a text names (its full name, compared without tone marks), the longest name
    first so "Trường Tiểu học A" is not taken for a shorter name inside it."""
    folded = " ".join(" ".join(fold(t or "").split()) for t in texts)
    if not folded.strip():
        return None
    for school in sorted(schools(), key=lambda s: -len(s.name)):
        if " ".join(fold(school.name).split()) in folded:
            return school
    return None
