"""Outsourced experiments (委托试验) and proxy testing (代检代测) as need types (clause 4.2.1-2).

An enterprise without the instruments for a test has an institution run it (an outsourced
experiment), or has the park station send its samples to be tested for it (proxy testing). Both are
needs on the platform's clock and flow, filed under the testing category, so the testing matchers
propose institutions for them. What the type keeps in ``need.details``:

- ``product``: the product or sample to test;
- ``items``: the test items or parameters;
- ``standard``: the standard or specification tested against;
- ``samples``: how many samples (proxy testing).
"""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext as _l

from app.kit import Need, NeedType

OUTSOURCED_EXPERIMENT = "testing_outsourced_experiment"
PROXY_TESTING = "testing_proxy_testing"
DETAIL_FIELDS = ("product", "items", "standard", "samples")
DETAIL_LABELS = {"product": _l("Product or sample"), "items": _l("Test items"),
                 "standard": _l("Standard tested against"), "samples": _l("Number of samples")}


def summary(need: Need) -> str:
    """The details given, one line: "Product or sample: … · Test items: …"."""
    details = need.details or {}
    parts = [gettext("%(label)s: %(value)s", label=DETAIL_LABELS[name], value=str(details[name])[:100])
             for name in DETAIL_FIELDS if details.get(name)]
    return " · ".join(parts)


NEED_TYPES = [
    NeedType(OUTSOURCED_EXPERIMENT, _l("Outsourced experiment"), category="testing", item="testing-rd-production",
             summary=summary),
    NeedType(PROXY_TESTING, _l("Proxy testing"), category="testing", item="testing-demand-matching",
             summary=summary),
]
