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


def active_users_with_role(role: str) -> list[User]:
    """Active accounts with a role (for example the judges a contest can be given)."""
    return list(db.session.scalars(select(User).where(User.role == role, User.active.is_(True))
                                   .order_by(User.name, User.email)))


def user_by_id(user_id: int) -> User | None:
    return db.session.get(User, user_id)
