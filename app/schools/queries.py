"""Reads of the green-school domain that other packages may call."""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import School


def school_by_slug(slug: str) -> School | None:
    return db.session.scalar(select(School).where(School.slug == slug))
