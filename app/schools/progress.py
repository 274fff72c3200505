"""How far each school is this year, against its own targets (SPEC §3.4): per group and
overall, and the level it has reached by the framework's thresholds. A fixed number of queries
whatever the number of schools (the board reads every school at once)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..web.timeutil import to_local
from .models import (Confirmation, CriteriaGroup, Framework, GreenCriterion, Registration,
                     School)


@dataclass
class GroupProgress:
    group: CriteriaGroup
    targets: int = 0
    met: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.met / self.targets) if self.targets else 0


@dataclass
class SchoolProgress:
    school: School
    registration: Registration | None
    groups: list[GroupProgress] = field(default_factory=list)
    confirmed: set[int] = field(default_factory=set)  # criterion ids confirmed this year

    @property
    def targets(self) -> int:
        return sum(g.targets for g in self.groups)

    @property
    def met(self) -> int:
        return sum(g.met for g in self.groups)

    @property
    def percent(self) -> int:
        return round(100 * self.met / self.targets) if self.targets else 0

    @property
    def level(self) -> str | None:
        if self.registration is None:
            return None
        return level_for(self.met, self.targets, self.registration.framework)


def level_for(met: int, targets: int, framework: Framework) -> str:
    """registered → in_progress → achieved → exemplary, by the share of targets confirmed."""
    if not targets or not met:
        return "registered"
    percent = 100 * met / targets
    if percent >= framework.exemplary_pct:
        return "exemplary"
    if percent >= framework.achieved_pct:
        return "achieved"
    return "in_progress"


def _criteria_ids(framework: Framework) -> set[int]:
    return {c.id for g in framework.groups for c in g.criteria}


def board(framework: Framework, schools: list[School] | None = None) -> list[SchoolProgress]:
    """Every school (sorted by name, never by score), with its progress this year."""
    if schools is None:
        schools = list(db.session.scalars(select(School).order_by(School.name)))
    ids = [s.id for s in schools]
    registrations = {r.school_id: r for r in db.session.scalars(
        select(Registration).where(Registration.framework_id == framework.id,
                                   Registration.school_id.in_(ids))
        .options(selectinload(Registration.targets)))}
    criteria = _criteria_ids(framework)
    confirmed: dict[int, set[int]] = defaultdict(set)
    for school_id, criterion_id in db.session.execute(
            select(Confirmation.school_id, Confirmation.criterion_id)
            .where(Confirmation.school_id.in_(ids), Confirmation.criterion_id.in_(criteria))):
        confirmed[school_id].add(criterion_id)
    out = []
    for school in schools:
        registration = registrations.get(school.id)
        targets = {c.id for c in registration.targets} if registration else set()
        groups = []
        for group in framework.groups:
            in_group = {c.id for c in group.criteria} & targets
            groups.append(GroupProgress(group, len(in_group),
                                        len(in_group & confirmed[school.id])))
        out.append(SchoolProgress(school, registration, groups, confirmed[school.id]))
    return out


def of_school(framework: Framework, school: School) -> SchoolProgress:
    return board(framework, [school])[0]


def history(framework: Framework, school: School) -> list[tuple[datetime, int]]:
    """The school's overall percentage after each confirmation, in time order (for the
    progress-over-time chart and the date a level was reached)."""
    progress = of_school(framework, school)
    if progress.registration is None or not progress.targets:
        return []
    targets = {c.id for c in progress.registration.targets}
    points, met = [], 0
    for confirmed_at, criterion_id in db.session.execute(
            select(Confirmation.confirmed_at, Confirmation.criterion_id)
            .where(Confirmation.school_id == school.id,
                   Confirmation.criterion_id.in_(_criteria_ids(framework)))
            .order_by(Confirmation.confirmed_at, Confirmation.id)):
        if criterion_id in targets:
            met += 1
            points.append((confirmed_at, round(100 * met / len(targets))))
    return points


def reached_at(framework: Framework, school: School, level: str) -> datetime | None:
    """When the school first reached `level` (achieved or exemplary) this year."""
    threshold = framework.achieved_pct if level == "achieved" else framework.exemplary_pct
    for when, percent in history(framework, school):
        if percent >= threshold:
            return when
    return None


def framework_criteria(framework: Framework) -> dict[int, GreenCriterion]:
    return {c.id: c for g in framework.groups for c in g.criteria}


def commune_history(framework: Framework) -> list[tuple[date, int]]:
    """Criteria confirmed across the commune this year, cumulated month by month (one query):
    the first day of each month from the first confirmation to the last, with the total so far."""
    stamps = [to_local(when).date() for when in db.session.scalars(
        select(Confirmation.confirmed_at)
        .where(Confirmation.criterion_id.in_(_criteria_ids(framework)))
        .order_by(Confirmation.confirmed_at))]
    if not stamps:
        return []
    per_month: dict[date, int] = defaultdict(int)
    for day in stamps:
        per_month[day.replace(day=1)] += 1
    month, last, total, out = stamps[0].replace(day=1), stamps[-1].replace(day=1), 0, []
    while month <= last:
        total += per_month.get(month, 0)
        out.append((month, total))
        month = (month.replace(year=month.year + 1, month=1) if month.month == 12
                 else month.replace(month=month.month + 1))
    return out


@dataclass
class YearSummary:
    schools: int
    registered: int
    confirmed: int
    reached: int


def summary(rows: list[SchoolProgress]) -> YearSummary:
    """The year in three figures for the home page (no query: read from a board)."""
    return YearSummary(
        schools=len(rows),
        registered=sum(1 for r in rows if r.registration is not None),
        confirmed=sum(r.met for r in rows),
        reached=sum(1 for r in rows if r.level in ("achieved", "exemplary")))
