"""figure_conflict and date_conflict on a small story written for these tests.

The clean story must give no finding; each test then injects one change by hand
(as a fact-checker would edit a copy) and checks the finding, its severity and
that every evidence span is exact.
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
    pairs = {(a.a.text, a.b.text): a for a in check_figures.align(rep.figures, rules())}
    al = pairs[("around 11,000", "more than 10,000")]
    assert al.a.subject == al.b.subject == "troops"
    assert al.consistent
    # the additional 25,000-30,000 is an increment, never compared with a total
    assert not [k for k in pairs if "25,000-30,000" in k]


def test_injected_troop_conflict_same_day_is_an_error_with_both_spans() -> None:
    page = PAGE.replace("more than 10,000", "fewer than 5,000")
    out = [f for f in findings(build(page=page)) if f.kind == "figure_conflict"]
    assert len(out) == 1
    f = out[0]
    assert f.severity == Severity.error
    assert sorted(s.text for s in f.evidence) == ["around 11,000 soldiers", "fewer than 5,000 North Korean soldiers"]
    assert "wire (2025-07-13)" in f.message and "page (2025-07-13)" in f.message
    assert "9,900–12,100" in f.message and "0–5,000" in f.message


def test_rising_figure_in_a_later_article_is_a_warning_that_says_so() -> None:
    page = PAGE.replace("more than 10,000", "14,000")
    f = next(f for f in findings(build(page=page, page_pub=dt.date(2025, 7, 15))) if f.kind == "figure_conflict")
    assert f.severity == Severity.warning
    assert "later article (page) carries the higher figure" in f.message


def test_unknown_publication_date_is_not_an_error() -> None:
    page = PAGE.replace("more than 10,000", "fewer than 5,000")
    f = next(f for f in findings(build(page=page, page_pub=None)) if f.kind == "figure_conflict")
    assert f.severity == Severity.warning
    assert "publication date unknown" in f.message


def test_qualifier_on_one_side_only_is_at_most_info() -> None:
    page = PAGE.replace("have been deployed so far", "were deployed last year").replace(
        "more than 10,000", "fewer than 5,000")
    f = next(f for f in findings(build(page=page)) if f.kind == "figure_conflict")
    assert f.severity == Severity.info


def test_different_places_are_never_compared() -> None:
    a = article("Officials said 500 people were killed in Mandalay.", "x1", PUB)
    b = article("Officials said 3,000 people were killed nationwide.", "x2", PUB)
    rep = report([a, b])
    assert check_figures.align(rep.figures, rules()) == []
    assert findings(rep) == []


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
    assert out, "no date_conflict"
    texts = {s.text for f in out for s in f.evidence}
    assert "July 10" in texts
    assert {"on Saturday", "July 12, 2025"} & texts
    firm = [f for f in out if "July 12, 2025" in {s.text for s in f.evidence}]
    assert firm and firm[0].severity == Severity.error  # two written dates for one meeting
    weekday = [f for f in out if "on Saturday" in {s.text for s in f.evidence}]
    assert weekday and weekday[0].severity == Severity.warning  # one side worked out from a weekday


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
