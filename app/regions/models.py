"""Administrative divisions by their GB/T 2260 six-digit code."""
from flask_appbuilder import Model
from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..i18n.language import reader_language


class Region(Model):
    """A province, city or district the platform serves; ``code`` is its 6-digit division code."""

    __tablename__ = "qi_region"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(6), unique=True, nullable=False)
    name_zh: Mapped[str] = mapped_column(String(50), nullable=False)
    name_en: Mapped[str] = mapped_column(String(100), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    @property
    def name(self) -> str:
        return self.name_en if reader_language() == "en" else self.name_zh

    @property
    def level(self) -> int:
        """1 province, 2 city, 3 district."""
        return 1 if self.code.endswith("0000") else 2 if self.code.endswith("00") else 3

    def __repr__(self) -> str:
        return self.name_zh
