"""The search index: one row per searchable record, whatever module or plugin owns it."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from sqlalchemy import Boolean, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class SearchEntry(Model):
    """A record as the unified search sees it.

    ``title_tokens`` / ``body_tokens`` hold the tokens of ``app.search.tokens``, ``tags`` the filter
    tokens, so that matching, filtering and counting all happen inside the full-text index. The full-text index
    over them is engine-specific and lives in the migrations: an FTS5 table ``qi_search_fts`` kept
    in step by triggers on SQLite (qi_core_0002, with a prefix index since qi_core_0028), a generated ``search_vector`` column with a GIN index on
    PostgreSQL. Both change in the same transaction as the record itself.
    """

    __tablename__ = "qi_search_entry"
    __table_args__ = (
        UniqueConstraint("kind", "ref_id", name="uq_qi_search_entry_ref"),
        Index("ix_qi_search_entry_filters", "kind", "category", "region"),
        # a category page's newest public entries of each kind (qi_core_0030)
        Index("ix_qi_search_entry_category_kind", "category", "kind", "public", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    ref_id: Mapped[str] = mapped_column(String(64), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    summary: Mapped[str | None] = mapped_column(Text)
    # title and summary as phrases shown in the reader's language (app.search.phrases; qi_core_0032)
    display: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(300), nullable=False)
    category: Mapped[str | None] = mapped_column(String(50), index=True)
    region: Mapped[str | None] = mapped_column(String(12), index=True)
    public: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    title_tokens: Mapped[str] = mapped_column(Text, nullable=False, default="")
    body_tokens: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # kind, category, region levels and visibility as tokens (app.search.tokens.entry_tags)
    tags: Mapped[str] = mapped_column(Text, nullable=False, default="")
    updated_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)


class SearchSynonym(Model):
    """A problem word people type and the terms it stands for in the search (压力表 → 计量器具检定校准).

    Staff keep the table (app.search.views). ``word`` is stored normalised (NFKC, case folded:
    ``app.search.tokens.normalise``) so that it is found in a normalised query as it is; ``terms``
    holds one or more terms separated by commas, semicolons or new lines. ``language`` (zh or en) only
    sorts the table: a word is applied whichever language the reader uses.
    """

    __tablename__ = "qi_search_synonym"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    word: Mapped[str] = mapped_column(String(50), unique=True, nullable=False)
    terms: Mapped[str] = mapped_column(Text, nullable=False)
    language: Mapped[str] = mapped_column(String(2), nullable=False, default="zh")
    changed_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)

    def __repr__(self) -> str:
        return self.word
