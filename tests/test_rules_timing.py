"""Publication date against the statutory deadline, by the registry's kind of agency."""
from __future__ import annotations

import pytest

from .rulekit import agency, base, check

EDU = agency("某县教育局", "education", "county")
GOV = agency("某县人民政府", "government", "county")
TOWN = agency("某镇人民政府", "township", "township")


@pytest.mark.parametrize("who, published, late", [
    (EDU, "2025-02-03", True),  # a department: 31 January
    (EDU, "2025-01-31", False),
    (EDU, "2025-01", False),  # January, any day of it: not late
    (EDU, "2025-02", True),
    (GOV, "2025-02-03", False),  # a county government covers its region: 31 March
    (GOV, "2025-04-01", True),
    (TOWN, "2025-02-03", True),  # a township is no county-or-higher government
])
def test_deadline_by_kind(tmp_db, who, published, late):
    found = check(tmp_db, [base(who.name, 2024, published)], [who], rule="TIME.LATE")
    assert bool(found) == late
    if late:
        assert found[0].actual == published and found[0].expected.endswith(("-01-31", "-03-31"))


def test_no_date_at_all_fires(tmp_db):
    [f] = check(tmp_db, [base(EDU.name, 2024, None)], [EDU], rule="TIME.LATE")
    assert f.actual == "未注明" and f.expected == "2025-01-31" and "未注明" in f.message


def test_unknown_kind_gets_the_later_deadline(tmp_db):
    assert check(tmp_db, [base("某某中心", 2024, "2025-03-20")], rule="TIME.LATE") == []
    [f] = check(tmp_db, [base("某某中心", 2024, "2025-04-02")], rule="TIME.LATE")
    assert f.evidence["deadline_known"] is False
