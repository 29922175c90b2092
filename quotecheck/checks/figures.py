"""``figure_conflict``: the same thing counted differently in one story.

Two figures are *aligned* (compared at all) when they come from different
articles of the same story, have the same subject class, kind and unit, and no
qualifier dimension holds two different values ("in Mandalay" vs
"nationwide", "on board" vs "on the ground"). A qualifier present on one side
only ("last year", "additional") makes the alignment *uncertain*.

Aligned figures whose intervals overlap are consistent ("around 11,000" and
"more than 10,000" soldiers). Disjoint intervals are a finding:
  * uncertain alignment            -> info (we may be comparing different things)
  * same publication day           -> error (a contradiction)
  * later article has the higher   -> warning (a rising toll is expected; say so)
  * later article has the lower, or a publication date is unknown -> warning
Figures of one article are never compared with each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import combinations

from quotecheck import dates as dates_mod
from quotecheck import figures as fig_mod
from quotecheck.models import BatchDigest, Figure, Finding, Report, Severity
from quotecheck.rules import RuleSet

#: A qualifier's dimension and whether it is one-sided "different" (``BatchDigest.qualifiers``).
Qualifiers = dict[str, tuple[str, bool]]


@dataclass
class Alignment:
    a: Figure
    b: Figure
    certain: bool  # every qualifier dimension agrees (both unset counts as agreeing)
    consistent: bool  # the intervals overlap


def _dims(fig: Figure, rules: RuleSet, known: Qualifiers) -> dict[str, str]:
    return {known[q][0] if q in known else fig_mod.qualifier_dimension(q, rules): q for q in fig.qualifiers}


def overlaps(a: Figure, b: Figure) -> bool:
    """Closed intervals; ``high`` None = no upper bound. Touching ends count as overlap."""
    alo = a.low if a.low is not None else 0.0
    blo = b.low if b.low is not None else 0.0
    if a.high is not None and a.high < blo:
        return False
    return not (b.high is not None and b.high < alo)


def comparable(a: Figure, b: Figure) -> bool:
    return (a.subject is not None and a.subject == b.subject and a.kind == b.kind
            and (a.unit or "") == (b.unit or "")
            and a.low is not None and b.low is not None)


def align(figs: list[Figure], rules: RuleSet, *, qualifiers: Qualifiers | None = None) -> list[Alignment]:
    """Every cross-article pair of figures that counts the same thing.

    ``qualifiers``: what each qualifier means, as the digests carry it (else looked up here)."""
    known = qualifiers or {}
    out = []
    for a, b in combinations(figs, 2):
        if a.article_id == b.article_id or not comparable(a, b):
            continue
        da, db = _dims(a, rules, known), _dims(b, rules, known)
        if any(da[k] != db[k] for k in da.keys() & db.keys()):
            continue  # different things: "in Mandalay" vs "nationwide"
        one_sided = [q for k, q in {**da, **db}.items() if (k in da) != (k in db)]
        if any(known[q][1] if q in known else fig_mod.one_sided_different(q, rules) for q in one_sided):
            continue  # "an additional 25,000" is not a total
        certain = da == db
        out.append(Alignment(a, b, certain, overlaps(a, b)))
    return out


def _num(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 or x == int(x) else f"{x:,.2f}".rstrip("0").rstrip(".")


def interval_text(f: Figure) -> str:
    lo = _num(f.low or 0.0)
    if f.high is None:
        return f"≥ {lo}"
    if f.low == f.high:
        return lo
    return f"{lo}–{_num(f.high)}"


def _value_line(f: Figure, published: dt.date | None) -> str:
    pub = published.isoformat() if published else "publication date unknown"
    q = " (in a quote)" if f.in_quote else ""
    return f"{f.article_id} ({pub}): “{f.text}” = {interval_text(f)}{q}"


def _severity(al: Alignment, pubs: dict[str, dt.date | None]) -> tuple[Severity, str]:
    if not al.certain:
        return Severity.info, ("the qualifiers differ on one side only "
                               f"({', '.join(al.a.qualifiers) or 'none'} vs {', '.join(al.b.qualifiers) or 'none'}), "
                               "so these may count different things")
    pa, pb = pubs.get(al.a.article_id), pubs.get(al.b.article_id)
    if pa is None or pb is None:
        return Severity.warning, "a publication date is unknown, so a rising figure cannot be told from a contradiction"
    if pa == pb:
        return Severity.error, "both articles are from the same day"
    early, late = (al.a, al.b) if pa < pb else (al.b, al.a)
    if (late.low or 0) > (early.high if early.high is not None else float("inf")):
        return Severity.warning, (f"the later article ({late.article_id}) carries the higher figure: "
                                  "a rising count is expected as a story develops; check which is current")
    return Severity.warning, (f"the later article ({late.article_id}) carries the LOWER figure: "
                              "a correction or a contradiction")


def check(report: Report, rules: RuleSet, *, digest: BatchDigest | None = None) -> list[Finding]:
    """Figures of one story that cannot both be true.

    ``digest`` carries publication dates and what each qualifier means (worked out at
    extraction): then this check needs neither the dates nor the figures lexicon."""
    arts = {a.id: a for a in report.articles}
    if digest is not None and len(digest.articles) != len(report.articles):
        digest = None
    pubs = (digest.published(report.articles) if digest is not None
            else {a.id: dates_mod.publication_date(a, rules)[0] for a in report.articles})
    qualifiers = None if digest is None else digest.qualifiers()
    order = {f.id: i for i, f in enumerate(report.figures)}
    out: list[Finding] = []
    by_article: dict[str, list] = {}  # bucketed once: a scan of every figure per story is quadratic
    for f in report.figures:
        by_article.setdefault(f.article_id, []).append(f)
    for story in report.stories:
        figs = [f for aid in story.article_ids for f in by_article.get(aid, [])]
        figs.sort(key=lambda f: order[f.id])  # the order of report.figures, as before
        seen: set[tuple] = set()
        for al in align(figs, rules, qualifiers=qualifiers):
            if al.consistent:
                continue
            # the same two values in the same two articles (headline and body): report once
            key = tuple(sorted([(al.a.article_id, al.a.low, al.a.high), (al.b.article_id, al.b.low, al.b.high)],
                               key=lambda k: (k[0], k[1] or 0, k[2] or 0))) + (al.a.subject,)
            if key in seen:
                continue
            seen.add(key)
            sev, why = _severity(al, pubs)
            a, b = sorted((al.a, al.b), key=lambda f: (f.article_id, f.start))
            ev = [fig_mod.evidence_span(f, arts[f.article_id].text) if f.article_id in arts else
                  None for f in (a, b)]
            ev = [e for e in ev if e is not None]
            msg = (f"{a.subject}: the figures cannot both be true — "
                   f"{_value_line(a, pubs.get(a.article_id))}; {_value_line(b, pubs.get(b.article_id))}; {why}")
            out.append(Finding(
                id="", kind="figure_conflict", severity=sev, message=msg, evidence=ev, story_id=story.id,
                details={
                    "subject": a.subject,
                    "certain": al.certain,
                    "values": [
                        {"article_id": f.article_id, "figure_id": f.id, "text": f.text, "low": f.low,
                         "high": f.high, "unit": f.unit, "hedge": f.hedge, "qualifiers": f.qualifiers,
                         "in_quote": f.in_quote,
                         "published": (pubs[f.article_id].isoformat() if pubs.get(f.article_id) else None)}
                        for f in (a, b)],
                },
            ))
    return out
