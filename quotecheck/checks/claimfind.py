"""One finding per disputed claim (quotecheck/claims.py), shared by the figure and date checks.

The finding carries every source's version as evidence (odd sources first), the claim id and
verdict in ``details``, and a fingerprint made of the kind, the claim's subject and scope and
the distinct values given: stable across runs and batches (story ids are not in it), across
wording and across another source repeating a known value, and new when a new value appears.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from quotecheck import claims as claims_mod
from quotecheck import dates as dates_mod
from quotecheck.models import Claim, ClaimValue, Finding, Report, Severity
from quotecheck.rules import RuleSet


def ensure_claims(report: Report, rules: RuleSet, published: dict[str, dt.date | None] | None = None) -> list[Claim]:
    """The report's claims; built here when the claims stage has not run (a report made by hand)."""
    if not report.claims and (report.figures or report.dates):
        pubs = published if published is not None else {
            a.id: dates_mod.publication_date(a, rules)[0] for a in report.articles}
        report.claims, report.claims_left_out = claims_mod.build_claims(report, rules, pubs)
    return report.claims


def claim_key(c: Claim) -> str:
    """The claim id without its story (story ids are numbered per batch)."""
    return c.id.split(":", 1)[1] if ":" in c.id else c.id


def fingerprint(kind: str, c: Claim) -> str:
    """Kind + claim (without its story) + the distinct values the sources give: another outlet
    repeating a known value keeps the finding known (a baseline stays valid), a new value is new."""
    values = sorted({v.shown for v in c.values if v.current})
    raw = "\x1f".join([kind, "claim", claim_key(c), *values])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def _pub(d: dt.date | None) -> str:
    return d.isoformat() if d else "publication date unknown"


def value_line(v: ClaimValue) -> str:
    q = " (in a quote)" if v.in_quote else ""
    earlier = "" if v.current else " (an earlier figure it also gives)"
    return f"{v.article_id} ({_pub(v.published)}): “{v.span.text}” = {v.shown}{q}{earlier}"


def finding_of(kind: str, c: Claim) -> Finding:
    """The finding that reports a disputed claim, with every source's version."""
    name = c.subject + (f" ({', '.join(c.scope)})" if c.scope else "")
    odd = [v for v in c.values if v.odd]
    rest = [v for v in c.values if not v.odd]
    head = (f"{name}: {', '.join(c.odd_articles)} against {c.consensus}" if c.verdict == "outlier" and c.consensus
            else f"{name}: the sources disagree")
    msg = f"{head} — {c.reason}. Versions: " + "; ".join(value_line(v) for v in odd + rest)
    values = []
    for v in c.values:
        d = v.model_dump(mode="json", exclude={"span"})
        d.update(text=v.span.text, start=v.span.start, end=v.span.end)
        values.append(d)
    return Finding(
        id="", kind=kind, severity=c.severity or Severity.warning, message=msg,
        evidence=[v.span for v in odd + rest], story_id=c.story_id, fingerprint=fingerprint(kind, c),
        details={"claim_id": c.id, "verdict": c.verdict, "reason": c.reason, "subject": c.subject,
                 "scope": c.scope, "unit": c.unit, "consensus": c.consensus, "odd_articles": c.odd_articles,
                 "values": values},
    )


def claim_findings(report: Report, rules: RuleSet, kind: str, claim_kind: str,
                   published: dict[str, dt.date | None] | None = None) -> list[Finding]:
    """One finding per outlier or contradiction claim of ``claim_kind``; the claim learns its finding."""
    out = []
    for c in claims_mod.disputed(ensure_claims(report, rules, published), claim_kind):
        f = finding_of(kind, c)
        c.finding_id = f.fingerprint  # ids are numbered later; the fingerprint names it for good
        out.append(f)
    return out
