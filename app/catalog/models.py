"""The service catalog: categories (clause 5), their items, the items' guides (clause 4.1-1) and the
answer templates of consultations (consultations themselves are needs: ``app.needs``)."""
from __future__ import annotations

import datetime as dt

from flask_appbuilder import Model
from flask_babel import gettext
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..i18n.language import reader_language


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class ServiceCategory(Model):
    """One service category (标准化, 计量 …). ``plugin`` names the plugin that owns it; a category
    with no plugin is *configured*: an administrator made it, or it was seeded, with no code."""

    __tablename__ = "qi_service_category"
    __public_choices__ = True  # the catalog is public: any signed-in user may pick a category

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True, nullable=False)
    name_zh: Mapped[str] = mapped_column(String(100), nullable=False)
    name_en: Mapped[str] = mapped_column(String(100), nullable=False)
    description_zh: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    icon: Mapped[str] = mapped_column(String(50), nullable=False, default="fa-cube")
    order: Mapped[int] = mapped_column("sort_order", Integer, nullable=False, default=100, index=True)  # list order
    visible: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    plugin: Mapped[str | None] = mapped_column(String(100))
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    changed_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)

    items: Mapped[list["ServiceItem"]] = relationship(back_populates="category", order_by="ServiceItem.order")

    def localized(self, field: str) -> str:
        """``name`` or ``description`` in the request's language, falling back to Chinese."""
        lang = reader_language()
        value = getattr(self, f"{field}_{lang}", None) or getattr(self, f"{field}_zh", None)
        return value or ""

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def description(self) -> str:
        return self.localized("description")

    @property
    def owner(self) -> str:
        """The owning plugin's name, or a translated "configured" for a category with no code."""
        return self.plugin or gettext("configured")

    def __repr__(self) -> str:
        return self.name_zh


CHANNELS = ("online", "phone", "window", "onsite")
DRAFT, PUBLISHED = "draft", "published"
# How the needs of an item go (app.needs.flow): the standard's whole flow; answered in one go like a
# consultation; or served by the platform itself, with no institution matched.
FULL_FLOW, ANSWER_ONLY, NO_MATCHING = "full", "answer_only", "no_matching"


class ServiceItem(Model):
    """One service of a category (clause 5), e.g. 计量器具检定校准; its guide says how to get it."""

    __tablename__ = "qi_service_item"
    __public_choices__ = True  # the catalog is public: window staff pick an item for a consultation

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("qi_service_category.id"), nullable=False, index=True)
    code: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    clause: Mapped[str | None] = mapped_column(String(20))
    name_zh: Mapped[str] = mapped_column(String(100), nullable=False)
    name_en: Mapped[str] = mapped_column(String(150), nullable=False)
    summary_zh: Mapped[str | None] = mapped_column(Text)
    summary_en: Mapped[str | None] = mapped_column(Text)
    order: Mapped[int] = mapped_column("sort_order", Integer, nullable=False, default=100, index=True)  # list order
    visible: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # named not "process": WTForms forms have a method of that name
    need_flow: Mapped[str] = mapped_column(String(20), nullable=False, default=FULL_FLOW, server_default=FULL_FLOW)
    # A local rule's time limits (working days), when a regulation sets others than the standard's 1
    # and 3; ``time_rule_*`` names the rule, shown wherever the deadlines are.
    respond_days: Mapped[int | None] = mapped_column(Integer)
    answer_days: Mapped[int | None] = mapped_column(Integer)
    time_rule_zh: Mapped[str | None] = mapped_column(String(300))
    time_rule_en: Mapped[str | None] = mapped_column(String(300))
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    changed_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now)

    category: Mapped[ServiceCategory] = relationship(back_populates="items")
    guide: Mapped["ServiceGuide | None"] = relationship(back_populates="item", uselist=False)

    localized = ServiceCategory.localized
    name = ServiceCategory.name
    summary = property(lambda self: self.localized("summary"))
    time_rule = property(lambda self: self.localized("time_rule"))

    @property
    def local_time_limits(self) -> bool:
        return self.respond_days is not None or self.answer_days is not None

    @property
    def is_public(self) -> bool:
        return bool(self.visible and self.category and self.category.visible)

    def __repr__(self) -> str:
        return self.name_zh


class ServiceGuide(Model):
    """The service guide (服务指南) of one item: clause 4.1-1's acceptance conditions, materials and
    flow, plus cycle, price, channels, who is responsible and an FAQ. Only published guides are public;
    every change is kept in ``revisions``."""

    __tablename__ = "qi_service_guide"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("qi_service_item.id"), unique=True, nullable=False)
    acceptance_conditions: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # One material / one step per line: easy to edit in a textarea, and a checklist on the sheet.
    materials: Mapped[str] = mapped_column(Text, nullable=False, default="")
    steps: Mapped[str] = mapped_column(Text, nullable=False, default="")
    cycle_zh: Mapped[str | None] = mapped_column(String(200))
    cycle_en: Mapped[str | None] = mapped_column(String(200))
    price_zh: Mapped[str | None] = mapped_column(String(300))
    price_en: Mapped[str | None] = mapped_column(String(300))
    free: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    channels: Mapped[str] = mapped_column(String(100), nullable=False, default="online,window")
    responsible_zh: Mapped[str | None] = mapped_column(String(300))
    responsible_en: Mapped[str | None] = mapped_column(String(300))
    faq: Mapped[str | None] = mapped_column(Text)
    # The English body (the columns above without a suffix are the Chinese one); empty until written.
    acceptance_conditions_en: Mapped[str | None] = mapped_column(Text)
    materials_en: Mapped[str | None] = mapped_column(Text)
    steps_en: Mapped[str | None] = mapped_column(Text)
    faq_en: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default=DRAFT, index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    published_on: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)
    # The guides list's default order (newest change first).
    changed_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now, onupdate=_now,
                                                    index=True)

    item: Mapped[ServiceItem] = relationship(back_populates="guide")
    revisions: Mapped[list["ServiceGuideRevision"]] = relationship(
        back_populates="guide", order_by="ServiceGuideRevision.id", cascade="all, delete-orphan")

    localized = ServiceCategory.localized
    cycle = property(lambda self: self.localized("cycle"))
    price = property(lambda self: self.localized("price"))
    responsible = property(lambda self: self.localized("responsible"))

    def body_language(self) -> str:
        """The language the body is shown in: the reader's, or the other one while it is missing."""
        lang = reader_language()
        other = "zh" if lang == "en" else "en"
        missing = missing_languages(self)
        return other if lang in missing and other not in missing else lang

    def body(self, field: str) -> str:
        """One body field (``acceptance_conditions``, ``materials``, ``steps``, ``faq``) in the
        language of ``body_language()``."""
        column = field if self.body_language() == "zh" else f"{field}_en"
        return getattr(self, column) or ""

    @property
    def body_missing(self) -> bool:
        """Whether the reader's language lacks the body (the page then says so and shows the other)."""
        return reader_language() != self.body_language()

    @property
    def material_list(self) -> list[str]:
        return [line.strip(" -*\t") for line in self.body("materials").splitlines() if line.strip(" -*\t")]

    @property
    def step_list(self) -> list[str]:
        return [line.strip(" -*\t") for line in self.body("steps").splitlines() if line.strip(" -*\t")]

    @property
    def channel_list(self) -> list[str]:
        return [c for c in (self.channels or "").split(",") if c in CHANNELS]

    @property
    def is_public(self) -> bool:
        return self.status == PUBLISHED and self.item is not None and self.item.is_public

    def snapshot(self) -> dict:
        """The editable content, as kept in a revision."""
        return {field: getattr(self, field) for field in GUIDE_FIELDS}

    def __repr__(self) -> str:
        return f"{self.item.name_zh if self.item else '?'} v{self.version}"


GUIDE_FIELDS = ("acceptance_conditions", "materials", "steps", "cycle_zh", "cycle_en", "price_zh", "price_en",
                "free", "channels", "responsible_zh", "responsible_en", "faq", "status",
                "acceptance_conditions_en", "materials_en", "steps_en", "faq_en")

# A guide's required body per language (the FAQ is optional): conditions, materials, steps.
GUIDE_BODY = {"zh": ("acceptance_conditions", "materials", "steps"),
              "en": ("acceptance_conditions_en", "materials_en", "steps_en")}


def missing_languages(guide) -> list[str]:
    """The languages in which a guide's required body (conditions, materials, steps) has an empty
    part, or which lack the FAQ the other language has."""
    missing = []
    for lang, columns in GUIDE_BODY.items():
        faq, other_faq = ("faq", "faq_en") if lang == "zh" else ("faq_en", "faq")
        if (not all((getattr(guide, c) or "").strip() for c in columns)
                or (getattr(guide, other_faq) and not getattr(guide, faq))):
            missing.append(lang)
    return missing


class ServiceGuideRevision(Model):
    """One saved state of a guide: who changed it, when, and its content then."""

    __tablename__ = "qi_service_guide_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey("qi_service_guide.id", ondelete="CASCADE"), nullable=False, index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    content: Mapped[dict] = mapped_column(JSON, nullable=False)
    changed_by: Mapped[str | None] = mapped_column(String(128))
    changed_on: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=_now)

    guide: Mapped[ServiceGuide] = relationship(back_populates="revisions")


class AnswerTemplate(Model):
    """Reusable answer text; ``{guide_links}`` is replaced by links to the item's guide and sheet."""

    __tablename__ = "qi_answer_template"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)

    def __repr__(self) -> str:
        return self.title
