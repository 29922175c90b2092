"""figure_conflict and date_conflict on a small story written for these tests.

The clean story must give no finding; each test then injects one change by hand
(as a fact-checker would edit a copy) and checks the finding, its severity and
that every evidence span is exact. Findings come from claims (quotecheck/claims.py):
one per disputed quantity or event, with every source's version.
"""

from __future__ import annotations

import datetime as dt

import pytest
from figdate_helpers import article, report, rules

from quotecheck.checks import dates as check_dates
from quotecheck.checks import figures as check_figures
from quotecheck.models import Finding, Report, Severity

WIRE = (
    "Wonsan, July 13 (Agency) - North Korean leader Kim Jong Un met Russian Foreign Minister\n"
    "Sergei Lavrov on Saturday, the state agency said.\n"
    "North Korea, whose army put around 11,000 soldiers at the front, is preparing an additional\n"
    "25,000-30,000 soldiers, officials said. Lavrov is on a three-day visit.\n"
)
PAGE = (
    "Kim Jong Un pledged support in a meeting with Sergei Lavrov on July 12.\n\n"
    "Reports suggest more than 10,000 North Korean soldiers have been deployed so far.\n\n"
    "Lavrov's three-day visit ends on Sunday.\n"
)
BLOG = "The defence treaty was signed in June 2024. Kim and Lavrov met on July 12, 2025, in Wonsan.\n"

PUB = dt.date(2025, 7, 13)


def build(wire: str = WIRE, page: str = PAGE, blog: str = BLOG, page_pub: dt.date | None = PUB) -> Report:
    return report([article(wire, "wire", PUB), article(page, "page", page_pub), article(blog, "blog", PUB)])


def findings(rep: Report) -> list[Finding]:
    out = check_figures.check(rep, rules()) + check_dates.check(rep, rules())
    for f in out:
        texts = {a.id: a.text for a in rep.articles}
        for s in f.evidence:
            assert s.text == texts[s.article_id][s.start:s.end]
    return out


def test_clean_story_has_no_finding_and_hedged_troop_figures_align() -> None:
    rep = build()
    assert findings(rep) == []
    troops = [c for c in rep.claims if c.subject == "troops"]
    assert len(troops) == 1 and troops[0].verdict == "consistent"
    assert sorted(v.span.text for v in troops[0].values) == ["around 11,000 soldiers",
                                                             "more than 10,000 North Korean soldiers"]
    # the additional 25,000-30,000 is an increment, never compared with a total: left out, with why
    left = [x for x in rep.claims_left_out if "25,000-30,000" in x.text]
    assert left and "increment" in left[0].reason


def test_injected_troop_conflict_same_day_is_an_error_with_both_spans() -> None:
    page = PAGE.replace("more than 10,000", "fewer than 5,000")
    out = [f for f in findings(build(page=page)) if f.kind == "figure_conflict"]
    assert len(out) == 1
    f = out[0]
    assert f.severity == Severity.error
    assert f.details["verdict"] == "contradiction" and f.details["claim_id"].endswith(":figure:troops")
    assert sorted(s.text for s in f.evidence) == ["around 11,000 soldiers", "fewer than 5,000 North Korean soldiers"]
    assert "wire (2025-07-13)" in f.message and "page (2025-07-13)" in f.message
    assert "9,900–12,100" in f.message and "0–5,000" in f.message


def test_different_figure_on_another_day_is_a_warning_not_an_error() -> None:
    page = PAGE.replace("more than 10,000", "14,000")
    f = next(f for f in findings(build(page=page, page_pub=dt.date(2025, 7, 15))) if f.kind == "figure_conflict")
    assert f.severity == Severity.warning
    assert "publication days differ" in f.message


def test_rising_toll_is_an_evolving_claim_without_a_finding() -> None:
    a = article("Officials said 40 people were killed in the blast.", "x1", PUB)
    b = article("The death toll rose to 55, officials said.", "x2", PUB + dt.timedelta(days=1))
    rep = report([a, b])
    assert findings(rep) == []
    (c,) = [c for c in rep.claims if c.subject == "deaths"]
    assert c.verdict == "evolving" and [v.shown for v in c.values] == ["40", "55"]


def test_lower_toll_later_is_an_outlier_naming_the_odd_source() -> None:
    arts = [article("Officials said 40 people were killed in the blast.", "x1", PUB),
            article("The death toll rose to 55, officials said.", "x2", PUB + dt.timedelta(days=1)),
            article("The death toll rose to 90, police said.", "x3", PUB + dt.timedelta(days=1)),
            article("The death toll stood at 55 on Monday, officials said.", "x4", PUB + dt.timedelta(days=2))]
    rep = report(arts)
    (f,) = [f for f in findings(rep) if f.kind == "figure_conflict"]
    assert f.severity == Severity.warning and f.details["verdict"] == "outlier"
    assert f.details["odd_articles"] == ["x3"] and f.details["consensus"] == "55"
    assert {s.article_id for s in f.evidence} == {"x1", "x2", "x3", "x4"}  # every source's version


def test_unknown_publication_date_is_not_an_error() -> None:
    page = PAGE.replace("more than 10,000", "fewer than 5,000")
    f = next(f for f in findings(build(page=page, page_pub=None)) if f.kind == "figure_conflict")
    assert f.severity == Severity.warning
    assert "publication date unknown" in f.message


def test_a_time_qualifier_is_its_own_claim() -> None:
    page = PAGE.replace("have been deployed so far", "were deployed last year").replace(
        "more than 10,000", "fewer than 5,000")
    rep = build(page=page)
    assert [f for f in findings(rep) if f.kind == "figure_conflict"] == []
    assert sorted(tuple(c.scope) for c in rep.claims if c.subject == "troops") == [(), ("time:last year",)]


def test_different_places_are_never_compared() -> None:
    a = article("Officials said 500 people were killed in Mandalay.", "x1", PUB)
    b = article("Officials said 3,000 people were killed nationwide.", "x2", PUB)
    rep = report([a, b])
    assert findings(rep) == []
    assert len([c for c in rep.claims if c.subject == "deaths"]) == 2


def test_figure_in_only_one_source_is_not_a_finding() -> None:
    a = article("The crash killed 40 people.", "x1", PUB)
    b = article("The airline said 230 passengers were aboard.", "x2", PUB)
    assert findings(report([a, b])) == []


def test_visit_length_conflict() -> None:
    page = PAGE.replace("three-day", "two-day")
    f = next(f for f in findings(build(page=page)) if f.kind == "figure_conflict")
    assert f.details["subject"] == "days"
    assert sorted(s.text for s in f.evidence) == ["three-day visit", "two-day visit"]


def test_injected_date_conflict_is_reported_with_both_spans() -> None:
    page = PAGE.replace("Sergei Lavrov on July 12", "Sergei Lavrov on July 10")
    out = [f for f in findings(build(page=page)) if f.kind == "date_conflict"]
    assert len(out) == 1, "one finding for the one meeting"
    f = out[0]
    assert {s.text for s in f.evidence} >= {"July 10", "on Saturday", "July 12, 2025"}
    assert f.severity == Severity.warning and f.details["verdict"] == "outlier"  # one source against two
    assert f.details["odd_articles"] == ["page"] and "12 July 2025" in f.details["consensus"]


def test_two_written_dates_for_one_event_are_an_error() -> None:
    a = article("Kim Jong Un and Vladimir Putin signed the treaty on June 19, 2024.", "x1", PUB)
    b = article("Kim and Putin signed the treaty on July 19, 2024.", "x2", PUB)
    (f,) = findings(report([a, b]))
    assert f.severity == Severity.error and f.details["verdict"] == "contradiction"


def test_month_precision_agrees_with_a_day_in_that_month() -> None:
    a = article("Kim Jong Un and Vladimir Putin signed the treaty in June 2024.", "x1", PUB)
    b = article("Kim and Putin signed the treaty on June 19, 2024.", "x2", PUB)
    assert findings(report([a, b])) == []
    c = article("Kim and Putin signed the treaty on July 19, 2024.", "x3", PUB)
    out = findings(report([a, c]))
    assert [f.kind for f in out] == ["date_conflict"]


def test_anchored_dates_never_raise_a_conflict() -> None:
    a = article("Kim met Lavrov on Saturday. Choe Son Hui met Sergei Lavrov the previous day.", "x1", PUB)
    b = article("Choe Son Hui met Sergei Lavrov on July 12, 2025.", "x2", PUB)
    assert findings(report([a, b])) == []


@pytest.mark.parametrize(("text", "severity"), [
    ("The vote is on Sunday (July 5).", Severity.error),  # July 5, 2025 is a Saturday
    ("The vote was held on Monday, November 4, 2025.", Severity.error),  # a Tuesday
])
def test_weekday_that_is_not_its_dates_weekday(text: str, severity: Severity) -> None:
    out = findings(report([article(text, "x1", PUB)]))
    assert len(out) == 1
    assert out[0].kind == "date_conflict" and out[0].severity == severity
    assert "is a" in out[0].message


def test_matching_weekday_is_fine() -> None:
    assert findings(report([article("The vote is on Saturday (July 5).", "x1", PUB)])) == []


def test_comparison_stays_within_a_story() -> None:
    page = PAGE.replace("more than 10,000", "fewer than 5,000")
    rep = build(page=page)
    rep.stories[0].article_ids = ["wire", "blog"]
    rep.stories.append(rep.stories[0].model_copy(update={"id": "s2", "article_ids": ["page"]}))
    assert [f for f in findings(rep) if f.kind == "figure_conflict"] == []
