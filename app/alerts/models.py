from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..web.timeutil import UTCDateTime, utcnow

STATUSES = ("Actual", "Exercise", "Test")
MSG_TYPES = ("Alert", "Update", "Cancel")
URGENCIES = ("Immediate", "Expected", "Future", "Past", "Unknown")
SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")
CATEGORIES = ("Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env",
              "Transport", "Infra", "CBRNE", "Other")


def _in(column: str, values) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class Alert(db.Model):
    """One CAP 1.2 message with one Vietnamese info block (an English one optional).

    A draft has no `sent`. An Update or a Cancel points at the message it replaces with
    `references_id`; what a message *is now* (active, updated, cancelled, expired…) is
    computed when it is read (alerts/queries.py), so nothing needs a job runner.
    """

    __tablename__ = "alerts"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="status_valid"),
        CheckConstraint(_in("msg_type", MSG_TYPES), name="msg_type_valid"),
        CheckConstraint(_in("urgency", URGENCIES), name="urgency_valid"),
        CheckConstraint(_in("severity", SEVERITIES), name="severity_valid"),
        CheckConstraint(_in("certainty", CERTAINTIES), name="certainty_valid"),
        CheckConstraint(_in("category", CATEGORIES), name="category_valid"),
        CheckConstraint("risk_level IS NULL OR (risk_level BETWEEN 1 AND 5)", name="level_valid"),
        CheckConstraint("expires > effective", name="expires_after_effective"),
        # One published successor (Update or Cancel) per message: of two updates published at
        # the same moment, the database lets one through and the other gets a 409.
        Index("uq_alerts_one_published_successor", "references_id", unique=True,
              sqlite_where=text("sent IS NOT NULL"), postgresql_where=text("sent IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    identifier: Mapped[str] = mapped_column(String(64), unique=True)
    sender: Mapped[str] = mapped_column(String(120))
    sent: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    status: Mapped[str] = mapped_column(String(12), default="Actual")
    msg_type: Mapped[str] = mapped_column(String(8), default="Alert")
    scope: Mapped[str] = mapped_column(String(12), default="Public")
    references_id: Mapped[int | None] = mapped_column(
        ForeignKey("alerts.id", ondelete="RESTRICT"), index=True)
    note: Mapped[str] = mapped_column(String(300), default="")
    # info
    hazard: Mapped[str] = mapped_column(String(40), index=True)
    category: Mapped[str] = mapped_column(String(12), default="Met")
    event: Mapped[str] = mapped_column(String(120))
    urgency: Mapped[str] = mapped_column(String(12), default="Expected")
    severity: Mapped[str] = mapped_column(String(12), default="Moderate")
    certainty: Mapped[str] = mapped_column(String(12), default="Likely")
    risk_level: Mapped[int | None] = mapped_column()
    headline: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    instruction: Mapped[str] = mapped_column(Text, default="")
    headline_en: Mapped[str] = mapped_column(String(160), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    instruction_en: Mapped[str] = mapped_column(Text, default="")
    effective: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    onset: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The forecast bulletin this warning relays: who issued it and when (read on the radio).
    source_agency: Mapped[str] = mapped_column(String(160), default="", server_default="")
    source_issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # The second-person rule (site setting alerts_two_person): who last wrote the text, and who
    # asked for it to be approved. An admin who is none of the authors approves.
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    references = relationship("Alert", remote_side=[id], lazy="joined", join_depth=3)

    @property
    def is_published(self) -> bool:
        return self.sent is not None

    @property
    def author_ids(self) -> set[int]:
        """Everyone who wrote this message or asked for it to go out."""
        return {i for i in (self.created_by_id, self.updated_by_id, self.submitted_by_id) if i}
