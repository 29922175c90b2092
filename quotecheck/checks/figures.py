"""``figure_conflict``: one finding per disputed quantity of a story (quotecheck/claims.py).

The claims stage groups a story's figures by what they count (subject, scope, unit) and gives
each group one verdict from all its values: consistent and evolving claims (a toll that rises
with publication time) get no finding; an outlier (a few sources against a consensus) is a
warning naming them; a contradiction is an error only when every value is from the same
publication day. Each finding carries every source's version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quotecheck.checks.claimfind import claim_findings
from quotecheck.models import Figure, Finding, Report
from quotecheck.rules import RuleSet

if TYPE_CHECKING:
    from quotecheck.models import BatchDigest


def overlaps(a: Figure, b: Figure) -> bool:
    """Closed intervals; ``high`` None = no upper bound. Touching ends count as overlap."""
    alo = a.low if a.low is not None else 0.0
    blo = b.low if b.low is not None else 0.0
    if a.high is not None and a.high < blo:
        return False
    return not (b.high is not None and b.high < alo)


def check(report: Report, rules: RuleSet, *, digest: BatchDigest | None = None) -> list[Finding]:
    """A finding per outlier or contradiction figure claim (``digest``: publication dates)."""
    pubs = digest.published(report.articles) if digest is not None and len(digest.articles) == len(
        report.articles) else None
    return claim_findings(report, rules, "figure_conflict", "figure", pubs)
