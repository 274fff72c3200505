"""The site settings admins edit; read through app.settings.site_settings()."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..web.timeutil import UTCDateTime, utcnow


class SiteSetting(db.Model):
    """Settings that admins edit in /quan-tri/cai-dat (typed access: app/settings)."""

    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
