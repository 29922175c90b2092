"""``date_conflict``: one event given two dates, or a weekday that is not its date's.

One claim per event class of a story (quotecheck/claims.py), every source's date in it,
compared at the coarser precision ("June 2024" agrees with "June 19, 2024"). Anchored dates
("the previous day"), baselines ("since 2000") and unresolved ones (a weekday with no
publication date) are left out. The date most sources agree with is the consensus: a few
sources against it are an outlier (warning); without a consensus, ``error`` when the dates
are written out, ``warning`` when one was worked out from a weekday or a relative word. A weekday next to its own date that does not match is an
``error`` when the year is written or comes from the publication date and the
date is within 180 days of it, else a ``warning`` (also where an undated article's yearless
date takes the year of the story's other dates: "Thursday, Jan. 8" in a 2025 story).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from quotecheck import claims as claims_mod
from quotecheck import dates as dates_mod
from quotecheck.checks.claimfind import claim_findings
from quotecheck.models import DateMention, Finding, Report, Severity, Span
from quotecheck.rules import RuleSet

if TYPE_CHECKING:
    from quotecheck.models import BatchDigest


def _span(d: DateMention) -> Span:
    return Span(article_id=d.article_id, start=d.start, end=d.end, text=d.text)


def _pub(day: dt.date | None) -> str:
    return day.isoformat() if day else "publication date unknown"


def shown(d: DateMention) -> str:
    if d.value is None:
        return "?"
    if d.precision == "year":
        return str(d.value.year)
    if d.precision == "month":
        return d.value.strftime("%B %Y")
    return d.value.strftime("%A %d %B %Y")


def same_event(a: DateMention, b: DateMention, names: set[str] | None = None) -> bool:
    """Same event class and the same people (``names``: person-name tokens of the story)."""
    if not a.event or a.event != b.event:
        return False
    pa, pb = set(a.participants), set(b.participants)
    if names is not None:
        pa, pb = pa & names, pb & names
    if not pa or not pb:
        return False
    common = pa & pb
    return len(common) >= 2 or (len(common) >= 1 and (pa <= pb or pb <= pa))


def disagree(a: DateMention, b: DateMention) -> bool:
    """Different at the coarser of the two precisions."""
    if a.value is None or b.value is None:
        return False
    order = {"year": 0, "month": 1, "day": 2}
    if a.precision not in order or b.precision not in order:
        return False
    p = min(order[a.precision], order[b.precision])
    ka = (a.value.year, a.value.month, a.value.day)[: p + 1]
    kb = (b.value.year, b.value.month, b.value.day)[: p + 1]
    return ka != kb


def _firm(d: DateMention) -> bool:
    return d.kind == "absolute" and not d.basis.startswith("year from year of the first")


def story_years(report: Report, story_of: dict[str, str]) -> dict[str, int]:
    """Story id -> the year most of its resolved, written-out day dates fall in: the year of a
    yearless date in an undated article of the story ("Thursday, Jan. 9")."""
    count: dict[str, Counter] = defaultdict(Counter)
    for d in report.dates:
        if d.value is not None and d.precision == "day" and not d.anchored and d.article_id in story_of:
            count[story_of[d.article_id]][d.value.year] += 1
    return {sid: c.most_common(1)[0][0] for sid, c in count.items()}


def _story_dated(d: DateMention, years: dict[str, int], story_of: dict[str, str],
                 rules: RuleSet) -> DateMention | None:
    """A yearless written date with its weekday ("Thursday, Jan. 9") in an undated article,
    resolved with the story's year; None where the story has no year or the text no month."""
    year = years.get(story_of.get(d.article_id, ""))
    md = claims_mod.month_day(d, dates_mod.lexicon(rules).months)
    if year is None or md is None:
        return None
    try:
        value = dt.date(year, *md)
    except ValueError:
        return None
    return d.model_copy(update={"value": value, "basis": f"year from the story's other dates ({year})"})


def _weekday_findings(report: Report, pubs: dict[str, dt.date | None],
                      story_of: dict[str, str], rules: RuleSet) -> list[Finding]:
    out = []
    years = story_years(report, story_of)
    for d in report.dates:
        if not d.weekday or d.precision != "day" or d.kind != "absolute":
            continue
        if d.value is None:
            d = _story_dated(d, years, story_of, rules)
            if d is None:
                continue
        actual = d.value.strftime("%A")
        if actual == d.weekday:
            continue
        pub = pubs.get(d.article_id)
        explicit = d.basis == "as written"
        near = pub is not None and abs((d.value - pub).days) <= 180
        from_pub = d.basis.startswith(("year from published", "year from dateline", "year from header"))
        sev = Severity.error if explicit or (near and from_pub) else Severity.warning
        how = "the year as written" if explicit else f"the year from {d.basis.removeprefix('year from ')}"
        out.append(Finding(
            id="", kind="date_conflict", severity=sev, story_id=story_of.get(d.article_id),
            message=(f"weekday and date disagree in {d.article_id} ({_pub(pub)}): “{d.text}” says {d.weekday}, "
                     f"but {d.value.strftime('%B %d, %Y')} ({how}) is a {actual}"),
            evidence=[_span(d)],
            details={"date_id": d.id, "weekday_written": d.weekday, "weekday_of_date": actual,
                     "value": d.value.isoformat(), "basis": d.basis},
        ))
    return out


def check(report: Report, rules: RuleSet, *, digest: BatchDigest | None = None) -> list[Finding]:
    """Weekday mismatches (each its own finding), then one finding per disputed event date
    (quotecheck/claims.py: one claim per event of a story, every source's date in it).

    ``digest`` carries each article's publication date (worked out at extraction)."""
    if digest is not None and len(digest.articles) != len(report.articles):
        digest = None
    pubs = (digest.published(report.articles) if digest is not None
            else {a.id: dates_mod.publication_date(a, rules)[0] for a in report.articles})
    story_of = {aid: s.id for s in report.stories for aid in s.article_ids}
    return _weekday_findings(report, pubs, story_of, rules) + claim_findings(report, rules, "date_conflict", "date", pubs)
