from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..web.roles import ROLES
from .models import User


def count_by_role() -> dict[str, int]:
    rows = db.session.execute(
        select(User.role, func.count()).where(User.active.is_(True)).group_by(User.role)
    ).all()
    return {role: 0 for role in ROLES} | dict(rows)
