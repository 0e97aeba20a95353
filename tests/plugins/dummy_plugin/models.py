"""The dummy plugin's one model, created by its own migration branch."""
from flask_appbuilder import Model
from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column


class DummyRecord(Model):
    __tablename__ = "dummy_record"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True, nullable=False)
    title: Mapped[str] = mapped_column(String(100), nullable=False)

    def __repr__(self):
        return self.title
