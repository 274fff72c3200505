"""Writes of the green-school model. Each changes the session and records its audit entry;
the caller commits once (web.forms.save or the view). Every write that takes a school takes
it from the signed-in account or from a staff page: a school never names another school."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..web.timeutil import to_local, utcnow
from .models import (LEVELS, TARGET_LEVELS, Activity, ActivityPhoto, Club, Confirmation,
                     Framework, GreenCriterion, Registration, School, SchoolProfile)
from .progress import framework_criteria

MAX_PHOTOS = 6

audit.register_actions({
    "school.register": _l("School registered for the year"),
    "school.create": _l("School added to the registry"),
    "school.profile": _l("School details changed"),
    "activity.save": _l("School activity saved"),
    "activity.submit": _l("School activity submitted"),
    "activity.return": _l("School activity returned with a comment"),
    "activity.approve": _l("School activity approved"),
    "activity.delete": _l("School activity draft deleted"),
    "criterion.confirm": _l("Green-school criterion confirmed"),
    "criterion.unconfirm": _l("Green-school criterion confirmation withdrawn"),
    "club.save": _l("School club page changed"),
    "framework.update": _l("Green-school framework changed"),
})


class SchoolError(ValueError):
    """A refused write; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _criteria(framework: Framework, ids) -> list[GreenCriterion]:
    known = framework_criteria(framework)
    chosen = []
    for cid in ids:
        if cid not in known:
            raise SchoolError(_("This criterion is not part of the year's framework."),
                              "criteria")
        chosen.append(known[cid])
    return chosen


def _stale(obj, version: int | None) -> None:
    if version is not None and version != obj.version:
        raise SchoolError(_("Someone else changed this while you were editing. Reload the page "
                            "to see their changes."))


def register(school: School, framework: Framework, criterion_ids, target_level: str, *,
             version: int | None = None) -> Registration:
    if target_level not in TARGET_LEVELS:
        raise SchoolError(_("Choose the level the school aims at."), "target_level")
    targets = _criteria(framework, criterion_ids)
    if not targets:
        raise SchoolError(_("Choose at least one criterion to work on this year."), "criteria")
    registration = db.session.scalar(select(Registration).where(
        Registration.school_id == school.id, Registration.framework_id == framework.id))
    if registration is None:
        registration = Registration(school_id=school.id, framework_id=framework.id)
        db.session.add(registration)
    else:
        _stale(registration, version)
        registration.version += 1
    registration.target_level, registration.targets = target_level, targets
    registration.updated_at = utcnow()
    audit.record("school.register", school, f"{school.name} · {framework.school_year}",
                 criteria=len(targets), target_level=target_level)
    return registration


def save_activity(school: School, framework: Framework, activity: Activity | None, *,
                  held_on: date, title: str, description: str, pupils: int, teachers: int,
                  parents: int, criterion_ids, photos=(), document=None,
                  remove_photo_ids=(), version: int | None = None) -> Activity:
    """Create or change a draft or returned activity. `photos` are Media already stored
    (private); approved or waiting activities cannot be changed by the school."""
    if activity is None:
        activity = Activity(school_id=school.id, framework_id=framework.id, state="draft",
                            photos=[])
        db.session.add(activity)
    else:
        if activity.school_id != school.id:
            raise SchoolError(_("This activity belongs to another school."))
        if activity.state not in ("draft", "returned"):
            raise SchoolError(_("This activity is waiting for review or approved: it can no "
                                "longer be changed."))
        _stale(activity, version)
        activity.version += 1
    if not framework.starts_on <= held_on <= framework.ends_on:
        raise SchoolError(_("The date must fall within the school year %(year)s.",
                            year=framework.school_year), "held_on")
    if held_on > to_local(utcnow()).date():  # today in Viet Nam, 7 hours ahead of UTC
        raise SchoolError(_("Log an activity once it has taken place."), "held_on")
    criteria = _criteria(framework, criterion_ids)
    if not criteria:
        raise SchoolError(_("Choose at least one criterion this activity serves."), "criteria")
    activity.held_on, activity.title, activity.description = held_on, title, description
    activity.pupils, activity.teachers, activity.parents = pupils, teachers, parents
    activity.criteria = criteria
    if remove_photo_ids:
        activity.photos = [p for p in activity.photos if p.id not in set(remove_photo_ids)]
    if len(activity.photos) + len(photos) > MAX_PHOTOS:
        raise SchoolError(_("At most %(num)d photos per activity.", num=MAX_PHOTOS), "photos")
    start = len(activity.photos)
    for position, media in enumerate(photos, start=start):
        activity.photos.append(ActivityPhoto(media=media, position=position))
    if document is not None:
        activity.document = document
    activity.updated_at = utcnow()
    audit.record("activity.save", activity, f"{school.name}: {title}"[:255])
    return activity


def submit(activity: Activity) -> None:
    if activity.state not in ("draft", "returned"):
        raise SchoolError(_("Only a draft or a returned activity can be sent for review."))
    activity.state = "resubmitted" if activity.state == "returned" else "submitted"
    activity.submitted_at = activity.updated_at = utcnow()
    activity.version += 1
    audit.record("activity.submit", activity, activity.title, state=activity.state)


def return_activity(activity: Activity, comment: str, *, version: int | None = None) -> None:
    if activity.state not in ("submitted", "resubmitted"):
        raise SchoolError(_("Only an activity waiting for review can be returned."))
    _stale(activity, version)
    if not comment.strip():
        raise SchoolError(_("Tell the school what to put right: it reads this comment."),
                          "comment")
    activity.state, activity.review_comment = "returned", comment.strip()
    activity.returned_at = activity.updated_at = utcnow()
    activity.version += 1
    audit.record("activity.return", activity, activity.title, comment=activity.review_comment)


def approve(activity: Activity, *, version: int | None = None) -> None:
    if activity.state not in ("submitted", "resubmitted"):
        raise SchoolError(_("Only an activity waiting for review can be approved."))
    _stale(activity, version)
    activity.state = "approved"
    activity.approved_at = activity.updated_at = utcnow()
    activity.version += 1
    audit.record("activity.approve", activity, activity.title)


def delete_draft(activity: Activity) -> None:
    if activity.state != "draft":
        raise SchoolError(_("Only a draft can be deleted."))
    audit.record("activity.delete", activity, activity.title)
    db.session.delete(activity)


def confirm(school: School, framework: Framework, criterion_id: int, activity_ids, note: str = ""
            ) -> Confirmation:
    """Staff confirm a criterion as met, linked to approved activities of the school that
    serve it."""
    (criterion,) = _criteria(framework, [criterion_id])
    activities = list(db.session.scalars(select(Activity).where(
        Activity.id.in_(list(activity_ids)), Activity.school_id == school.id,
        Activity.state == "approved")))
    if len(activities) != len(set(activity_ids)) or not activities:
        raise SchoolError(_("Choose at least one approved activity of this school that proves "
                            "the criterion."), "activities")
    if any(criterion not in a.criteria for a in activities):
        raise SchoolError(_("Each chosen activity must serve this criterion."), "activities")
    confirmation = db.session.scalar(select(Confirmation).where(
        Confirmation.school_id == school.id, Confirmation.criterion_id == criterion.id))
    if confirmation is None:
        confirmation = Confirmation(school_id=school.id, criterion_id=criterion.id)
        db.session.add(confirmation)
    confirmation.activities, confirmation.note = activities, note.strip()
    confirmation.confirmed_at = utcnow()
    audit.record("criterion.confirm", school, f"{school.name}: {criterion.name}"[:255],
                 criterion=criterion.key, activities=[a.id for a in activities])
    return confirmation


def unconfirm(confirmation: Confirmation) -> None:
    audit.record("criterion.unconfirm", confirmation.school,
                 f"{confirmation.school.name}: {confirmation.criterion.name}"[:255],
                 criterion=confirmation.criterion.key)
    db.session.delete(confirmation)


def save_club(school: School, *, name: str, members: int, leaders: str, meetings: str,
              projects: str, version: int | None = None) -> Club:
    club = db.session.scalar(select(Club).where(Club.school_id == school.id))
    if club is None:
        club = Club(school_id=school.id)
        db.session.add(club)
    else:
        _stale(club, version)
        club.version += 1
    if members < 0:
        raise SchoolError(_("The number of members cannot be negative."), "members")
    club.name, club.members, club.leaders = name.strip(), members, leaders.strip()
    club.meetings, club.projects, club.updated_at = meetings.strip(), projects.strip(), utcnow()
    audit.record("club.save", school, f"{school.name}: {club.name}"[:255])
    return club


def save_school(school: School | None, *, name: str, slug: str, level: str, address: str = "",
                hamlet: str = "", principal: str = "", phone: str = "", email: str = "",
                pupils: int | None = None) -> School:
    """Add a school to the registry, or change its name, address and contacts (staff)."""
    name, slug = name.strip(), slug.strip()
    if level not in LEVELS:
        raise SchoolError(_("Choose the level of the school."), "level")
    if not slug:
        raise SchoolError(_("Give an address made of letters and numbers."), "slug")
    clash = db.session.scalar(select(School.id).where(School.slug == slug))
    if clash is not None and (school is None or clash != school.id):
        raise SchoolError(_("Another school already uses this address."), "slug")
    if pupils is not None and pupils < 0:
        raise SchoolError(_("The number of pupils cannot be negative."), "pupils")
    created = school is None
    if created:
        school = School(name=name, slug=slug, level=level)
        db.session.add(school)
        db.session.flush()
    school.name, school.slug, school.level = name, slug, level
    profile = db.session.get(SchoolProfile, school.id)
    if profile is None:
        profile = SchoolProfile(school_id=school.id)
        db.session.add(profile)
    profile.address, profile.hamlet, profile.principal = address.strip(), hamlet, principal.strip()
    profile.phone, profile.email, profile.pupils = phone, email.strip(), pupils
    profile.updated_at = utcnow()
    audit.record("school.create" if created else "school.profile", school, name[:255])
    return school


def update_framework(framework: Framework, *, title: str, achieved_pct: int, exemplary_pct: int,
                     groups: dict[int, str], criteria: dict[int, tuple[str, str]],
                     new_criteria=(), version: int | None = None) -> Framework:
    """An admin edits the year's framework: title, thresholds, names of groups and criteria,
    new criteria (group id, name, evidence). Criteria are never deleted here. Once edited, the
    file in content/ no longer overwrites the year (`edited`)."""
    _stale(framework, version)
    if not title.strip():
        raise SchoolError(_("Give the framework a title."), "title")
    if not 1 <= achieved_pct <= 100:
        raise SchoolError(_("A threshold is a percentage from 1 to 100."), "achieved_pct")
    if not 1 <= exemplary_pct <= 100:
        raise SchoolError(_("A threshold is a percentage from 1 to 100."), "exemplary_pct")
    if achieved_pct > exemplary_pct:
        raise SchoolError(_("The “exemplary” threshold cannot be below the “achieved” one."),
                          "exemplary_pct")
    by_group = {g.id: g for g in framework.groups}
    by_criterion = framework_criteria(framework)
    for group_id, name in groups.items():
        if group_id not in by_group:
            raise SchoolError(_("This group is not part of the year's framework."))
        if not name.strip():
            raise SchoolError(_("Every group needs a name."), "groups")
        by_group[group_id].name = name.strip()
    for criterion_id, (name, evidence) in criteria.items():
        if criterion_id not in by_criterion:
            raise SchoolError(_("This criterion is not part of the year's framework."),
                              "criteria")
        if not name.strip():
            raise SchoolError(_("Every criterion needs a name."), "criteria")
        by_criterion[criterion_id].name = name.strip()
        by_criterion[criterion_id].evidence = evidence.strip()
    added = 0
    for group_id, name, evidence in new_criteria:
        group = by_group.get(group_id)
        if group is None:
            raise SchoolError(_("Choose the group of the new criterion."), "new_criteria")
        keys = {c.key for c in group.criteria}
        n = len(group.criteria) + 1
        while f"{group.key}-moi-{n}" in keys:
            n += 1
        group.criteria.append(GreenCriterion(
            key=f"{group.key}-moi-{n}", name=name.strip(), evidence=evidence.strip(),
            position=max((c.position for c in group.criteria), default=-1) + 1))
        added += 1
    framework.title = title.strip()
    framework.achieved_pct, framework.exemplary_pct = achieved_pct, exemplary_pct
    framework.edited = True
    framework.version += 1
    framework.updated_at = utcnow()
    audit.record("framework.update", framework, framework.title[:255],
                 school_year=framework.school_year, added=added)
    return framework
