from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..web.text import fold
from ..schools.models import LEVELS, School


def schools_for_home() -> list[School]:
    order = {level: i for i, level in enumerate(LEVELS)}
    schools = list(db.session.scalars(select(School).order_by(School.name)))
    return sorted(schools, key=lambda s: (order.get(s.level, 99), fold(s.name)))
