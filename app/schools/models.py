from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..web.timeutil import UTCDateTime, utcnow

LEVELS = {
    "mam-non": _l("Kindergarten"),
    "tieu-hoc": _l("Primary school"),
    "thcs": _l("Lower secondary school"),
    "thpt": _l("Upper secondary school"),
}


class School(db.Model):
    """A school of the commune. The green-school model adds its progress later."""

    __tablename__ = "schools"
    __table_args__ = (
        CheckConstraint(
            "level IN (" + ", ".join(f"'{lv}'" for lv in LEVELS) + ")", name="level_valid"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    level: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def level_label(self) -> str:
        return str(LEVELS.get(self.level, self.level))

    def __repr__(self) -> str:
        return f"<School {self.slug}>"
