"""Matching a product's testing needs to institutions (5.3 (2)): the public match page, the API and
the need page (through the ``testing_capabilities`` matcher) call it.

    match_institutions(session, "枸杞", ["水分", "多糖"], region="640105")

returns the approved institutions with a valid CMA that can test *every* asked parameter on the
product, best first: platform institutions (入驻), then the widest coverage of the product (how many
of its parameters they test), then nearest (same county, city, province as ``region``), then the
satisfaction computed from user evaluations (``app.kit.satisfaction_scores``: the platform's own
formula, none below the minimum count). One grouped query over the product's capability rows does
the work.

``need_candidates(session, need, limit)`` is the matcher of needs of the testing category: with a
product and parameters in the need's details (``{"product": "枸杞", "parameters": ["水分", "多糖"]}``)
it is ``match_institutions`` for them; without, it proposes the institutions with a valid CMA,
platform institutions first, then nearest, then by satisfaction. Institutions not on the platform
are marked ``outside``, so the need page lists them after the platform's (6.3.2-2).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import case, distinct, func, literal, select
from sqlalchemy.orm import Session

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from app.kit import (MatchCandidate, join_list, NeedMatcher, Organisation, authorisation_current, organisation_is_public,
                     satisfaction_scores)

from .models import TestingCapability, TestingInstitution, match_key

MAX_PARAMETERS = 20


@dataclass
class Match:
    institution: TestingInstitution
    coverage: int  # parameters of the product the institution tests
    region_match: int  # 3 same county, 2 same city, 1 same province, 0 elsewhere
    capabilities: list[TestingCapability] = field(default_factory=list)  # those of the asked parameters
    score: float | None = None  # computed satisfaction (1–10), None below the minimum count
    evaluations: int = 0  # how many user evaluations it comes from


def parameters_of(text: str) -> list[str]:
    """The parameters typed in one box: separated by commas, 、, semicolons or new lines."""
    import re

    seen, out = set(), []
    for part in re.split(r"[,，、;；\n]+", text or ""):
        if part.strip() and match_key(part) not in seen:
            seen.add(match_key(part))
            out.append(part.strip())
    return out


def _region_rank(region: str):
    column = Organisation.region_code
    if not region:
        return literal(0)
    return case((column == region[:6], 3), (func.substr(column, 1, 4) == region[:4], 2),
                (func.substr(column, 1, 2) == region[:2], 1), else_=0)


def match_institutions(session: Session, product: str, parameters: list[str], region: str = "", limit: int = 20,
                       today: dt.date | None = None) -> list[Match]:
    today = today or dt.date.today()
    product_key = match_key(product)
    keys = list(dict.fromkeys(match_key(p) for p in parameters if match_key(p)))[:MAX_PARAMETERS]
    if not product_key or not keys:
        return []
    asked = distinct(case((TestingCapability.parameter_key.in_(keys), TestingCapability.parameter_key)))
    per_org = (select(TestingCapability.organisation_id, func.count(asked).label("asked"),
                      func.count(distinct(TestingCapability.parameter_key)).label("coverage"))
               .where(TestingCapability.product_key == product_key)
               .group_by(TestingCapability.organisation_id)
               .having(func.count(asked) == len(keys)).subquery())
    region_rank = _region_rank(region).label("region_rank")
    scores = satisfaction_scores(select(per_org.c.organisation_id))  # only the matched institutions' evaluations
    query = (select(TestingInstitution, per_org.c.coverage, region_rank, scores.c.score, scores.c.count)
             .join(per_org, per_org.c.organisation_id == TestingInstitution.organisation_id)
             .join(Organisation, Organisation.id == TestingInstitution.organisation_id)
             .outerjoin(scores, scores.c.institution_id == TestingInstitution.organisation_id)
             .where(organisation_is_public(), authorisation_current(TestingInstitution.cma_valid_until, today))
             .order_by(TestingInstitution.platform_member.desc(), per_org.c.coverage.desc(), region_rank.desc(),
                       func.coalesce(scores.c.score, -1).desc(), Organisation.name)
             .limit(limit))
    matches = [Match(institution, coverage, rank, score=float(score) if score is not None else None,
                     evaluations=int(count or 0))
               for institution, coverage, rank, score, count in session.execute(query)]
    if matches:
        by_org = {m.institution.organisation_id: m for m in matches}
        for capability in session.scalars(
                select(TestingCapability).where(TestingCapability.product_key == product_key,
                                                TestingCapability.parameter_key.in_(keys),
                                                TestingCapability.organisation_id.in_(by_org))
                .order_by(TestingCapability.parameter, TestingCapability.method_standard)):
            by_org[capability.organisation_id].capabilities.append(capability)
    return matches


def _asked(need) -> tuple[str, list[str]]:
    details = need.details or {}
    product, parameters = details.get("product"), details.get("parameters")
    if isinstance(parameters, str):
        parameters = parameters_of(parameters)
    if not isinstance(product, str) or not isinstance(parameters, list):
        return "", []
    return product, [p for p in parameters if isinstance(p, str)]


def qualified_institutions(session: Session, region: str = "", limit: int = 20,
                           today: dt.date | None = None) -> list[TestingInstitution]:
    """Approved institutions with a valid CMA: platform institutions first, then nearest, then by
    satisfaction."""
    region_rank = _region_rank(region)
    scores = satisfaction_scores()
    query = (select(TestingInstitution).join(Organisation, Organisation.id == TestingInstitution.organisation_id)
             .outerjoin(scores, scores.c.institution_id == TestingInstitution.organisation_id)
             .where(organisation_is_public(), authorisation_current(TestingInstitution.cma_valid_until,
                                                                    today or dt.date.today()))
             .order_by(TestingInstitution.platform_member.desc(), region_rank.desc(),
                       func.coalesce(scores.c.score, -1).desc(), Organisation.name)
             .limit(limit))
    return list(session.scalars(query))


def need_candidates(session: Session, need, limit: int) -> list[MatchCandidate]:
    """The matcher of needs of the testing category (see the module's docstring)."""
    region = need.organisation.region_code if need.organisation is not None else ""
    product, parameters = _asked(need)
    if product and parameters:
        return [MatchCandidate(
            m.institution.organisation_id, m.institution.organisation.name, 1.0,
            gettext("Tests %(parameters)s on %(product)s", product=product,
                    parameters=join_list(dict.fromkeys(c.parameter for c in m.capabilities))),
            outside=not m.institution.platform_member)
            for m in match_institutions(session, product, parameters, region=region, limit=limit)]
    return [MatchCandidate(i.organisation_id, i.organisation.name, 0.5,
                           gettext("CMA %(number)s", number=i.cma_number), outside=not i.platform_member)
            for i in qualified_institutions(session, region, limit)]


MATCHERS = [NeedMatcher("testing_capabilities", _l("Testing capabilities"), need_candidates,
                        categories=("testing",))]
