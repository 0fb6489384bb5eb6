"""Development entities: the paper materials each stage needs. Steps are person_event rows."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.storage.base import Base


class DevelopmentMaterial(Base):
    """One paper of a person's 入党材料 (申请书, 思想汇报, 政审材料 …): received or not, and when."""

    __tablename__ = "development_material"
    __table_args__ = (UniqueConstraint("person_id", "material"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    material: Mapped[str] = mapped_column(String(30))
    received_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_by: Mapped[str] = mapped_column(String(60), default="")
