"""A pairing: one assessment held against another reading of the same activity.

It belongs to the assessment whose edit link made it, and only that link shows it. The other
reading is either a stored assessment, found by its share link (never its edit link), or a
document imported from a file or PDF. The other side sees nothing unless it pairs too.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assessment.web.db import db, utcnow


class Pairing(db.Model):  # type: ignore[name-defined]
    __tablename__ = "pairing"
    __table_args__ = (UniqueConstraint("assessment_id", "other_id", name="uq_pairing_other"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True
    )
    # A stored other reading (reached by its share link); deleting it removes the pairing.
    other_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), nullable=True, index=True
    )
    # Or an imported one: its exchange document, kept as imported.
    other_document: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    other_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
