"""A producer's certified reference materials, kept by the producer (an organisation)."""
from __future__ import annotations

from flask_appbuilder import Model
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.kit import Organisation


class RefmatMaterial(Model):
    """One certified reference material (标准物质) with its certificate number (GBW …)."""

    __tablename__ = "refmat_material"
    __scope__ = {"organisation": "organisation_id"}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("qi_organisation.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    certificate_number: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)

    organisation = relationship(Organisation)

    def __repr__(self) -> str:
        return self.certificate_number
