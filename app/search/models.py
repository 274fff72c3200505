from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..web.timeutil import UTCDateTime


class SearchEntry(db.Model):
    """One searchable page. `*_folded` hold the words without tone marks (đ → d), separated
    by single spaces, so that SQLite FTS5 and PostgreSQL tokenise them the same way. The
    full-text indexes (an FTS5 table on SQLite; a stored tsvector column `search_fts` with a
    GIN index on PostgreSQL) are made by the migration, per database."""

    __tablename__ = "search_entries"
    __table_args__ = (UniqueConstraint("kind", "ref_id", name="uq_search_entries_kind_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[int] = mapped_column()
    slug: Mapped[str] = mapped_column(String(160))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    title_folded: Mapped[str] = mapped_column(String(300))
    body_folded: Mapped[str] = mapped_column(Text, default="")
    visible_from: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    hidden: Mapped[bool] = mapped_column(default=False)
