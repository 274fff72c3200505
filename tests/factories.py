"""Plain make_* functions with sensible defaults (CTFd gen_*, Indico create_user)."""
from __future__ import annotations

import itertools

from app.auth import operations as accounts
from app.extensions import db
from app.schools.models import School

PASSWORD = "cánh đồng lúa chín vàng"
_seq = itertools.count(1)


def make_school(name: str | None = None, slug: str | None = None, level: str = "thcs") -> School:
    n = next(_seq)
    school = School(name=name or f"Trường THCS Thử Nghiệm {n}", slug=slug or f"truong-thu-{n}",
                    level=level)
    db.session.add(school)
    db.session.flush()
    return school


def make_user(role: str = "editor", email: str | None = None, password: str = PASSWORD,
              school: School | None = None, name: str = ""):
    if role == "school" and school is None:
        school = make_school()
    email = email or f"{role}{next(_seq)}@kesat.example"
    user = accounts.create_user(email, password, role, name=name, school=school)
    db.session.flush()
    return user
