"""Date extraction and resolution on short texts written for these tests.

Publication date in these tests: Sunday 2025-07-13 unless stated.
"""

from __future__ import annotations

import datetime as dt

import pytest
from figdate_helpers import article, dts, one_date, rules

from quotecheck import dates

D = dt.date


@pytest.mark.parametrize(("text", "needle", "value", "precision"), [
    ("The leaders met on July 12.", "July 12", D(2025, 7, 12), "day"),
    ("The leaders met on 12 July 2025 in the capital.", "12 July 2025", D(2025, 7, 12), "day"),
    ("The report is dated 2025-07-13.", "2025-07-13", D(2025, 7, 13), "day"),
    ("The pact was signed in June 2024.", "June 2024", D(2024, 6, 1), "month"),
    ("Deliveries are due by mid-June.", "mid-June", D(2025, 6, 1), "month"),
    ("Talks resumed in early July.", "early July", D(2025, 7, 1), "month"),
    ("The treaty was signed on Dec. 5, 2024.", "Dec. 5, 2024", D(2024, 12, 5), "day"),
    ("Sun, Aug 3 2025 08:14:05 pm", "Aug 3 2025", D(2025, 8, 3), "day"),
    ("A raid took place in August 2024.", "August 2024", D(2024, 8, 1), "month"),
    ("The invasion began in 2022.", "2022", D(2022, 1, 1), "year"),
    ("They met in December.", "December", D(2024, 12, 1), "month"),  # a later month is last year's
])
def test_absolute_dates(text: str, needle: str, value: dt.date, precision: str) -> None:
    d = one_date(text, needle)
    assert (d.value, d.precision) == (value, precision)


@pytest.mark.parametrize(("text", "needle", "value", "precision"), [
    ("The two met on Saturday.", "on Saturday", D(2025, 7, 12), "day"),
    ("The agency reported on Sunday that talks went well.", "on Sunday", D(2025, 7, 13), "day"),
    ("The minister is expected to arrive on Tuesday.", "on Tuesday", D(2025, 7, 15), "day"),
    ("Forecasters expect the river to peak on Wednesday night.", "Wednesday", D(2025, 7, 16), "day"),
    ("They met last Sunday.", "last Sunday", D(2025, 7, 6), "day"),
    ("The plane landed yesterday.", "yesterday", D(2025, 7, 12), "day"),
    ("The pact was signed last year.", "last year", D(2024, 1, 1), "year"),
    ("They first met in June last year.", "June last year", D(2024, 6, 1), "month"),
    ("Prices rose last month.", "last month", D(2025, 6, 1), "month"),
    ("Today the talks ended.", "Today", D(2025, 7, 13), "day"),
])
def test_relative_dates_resolve_against_publication(text: str, needle: str, value: dt.date,
                                                    precision: str) -> None:
    d = one_date(text, needle)
    assert (d.value, d.precision) == (value, precision)
    assert d.kind in ("weekday", "relative")
    assert not d.anchored


def test_quoted_future_words_do_not_move_a_past_weekday() -> None:
    d = one_date('He told her during talks on Saturday that "we will stand with you".', "Saturday")
    assert d.value == D(2025, 7, 12)


@pytest.mark.parametrize(("text", "needle", "value"), [
    ("The leaders met on Saturday. Their deputies had met the previous day.", "the previous day", D(2025, 7, 11)),
    ("He arrived on July 2 and left a week later.", "a week later", D(2025, 7, 9)),
    ("Kim met Lavrov on Saturday, a day after the minister flew in.", "a day after", D(2025, 7, 11)),
])
def test_anchored_dates_count_from_the_date_before(text: str, needle: str, value: dt.date) -> None:
    d = one_date(text, needle)
    assert d.value == value
    assert d.anchored


def test_no_publication_date_leaves_relative_dates_unresolved() -> None:
    d = one_date("The plane landed yesterday.", "yesterday", published=None)
    assert d.value is None
    assert "no publication date" in d.basis


def test_header_line_gives_the_reference_when_published_is_missing() -> None:
    text = "Published on July 13, 2025\n\nThe leaders met on Saturday."
    d = one_date(text, "on Saturday", published=None)
    assert d.value == D(2025, 7, 12)
    assert "header" in d.basis


def test_weekday_written_next_to_a_date_is_kept() -> None:
    d = one_date("The vote is on Sunday (July 5).", "July 5")
    assert d.weekday == "Sunday"
    assert d.value == D(2025, 7, 5)


@pytest.mark.parametrize(("text", "needle", "event"), [
    ("Kim met Lavrov on Saturday in Wonsan.", "on Saturday", "meeting"),
    ("The plane crashed on Thursday afternoon.", "on Thursday", "crash"),
    ("The defence pact was signed in June 2024.", "June 2024", "signing"),
    ("The death toll from Friday's earthquake rose again.", "Friday", "quake"),
    ("Lavrov flew to Pyongyang on July 11.", "July 11", "visit"),
])
def test_dates_are_tied_to_events(text: str, needle: str, event: str) -> None:
    assert one_date(text, needle).event == event


def test_report_and_limit_dates_have_no_event() -> None:
    text = "Kim met Lavrov, state media reported on Sunday. Lavrov will stay until Monday."
    assert one_date(text, "Sunday").event is None
    assert one_date(text, "Monday").event is None


def test_participants_are_names_not_places() -> None:
    text = "Russian Foreign Minister Sergey Lavrov met Kim Jong Un in North Korea on Saturday."
    d = one_date(text, "Saturday")
    names = dates.name_tokens(text, rules())
    assert {"lavrov", "kim"} <= set(d.participants) & names
    assert "korea" not in names


def test_dateline_date_is_not_an_event_date() -> None:
    d = one_date("Seoul, July 13 (Agency) - Kim met Lavrov on Saturday.", "July 13")
    assert d.event is None


def test_modal_may_is_not_a_month() -> None:
    assert not [d for d in dts("Officials may meet again. Talks could resume.") if "May" in d.text or "may" in d.text]


def test_boilerplate_dates_are_skipped() -> None:
    text = "Ticker: storm hit on June 3\n\nThe leaders met on July 12."
    art = article(text)
    from figdate_helpers import seg
    out = dates.extract_dates(art, seg(art, boilerplate=[(0, text.index("\n\n"))]), rules())
    assert [d.text for d in out] == ["July 12"]


def test_sentence_bounds_keep_wrapped_lines_together() -> None:
    text = ("The mayor gave the speech at a dinner with Ortega on Friday, two days after the visiting governor\n"
            "arrived in the city for a second round of talks with her host, the paper reported.\n"
            "Also Read: Storm hits coast\n"
            "Officials met again.")
    bounds = dates.sentence_bounds(text)
    first = text[bounds[0][0]:bounds[0][1]]
    assert "arrived in the city" in first
    assert any(text[s:e].strip() == "Also Read: Storm hits coast" for s, e in bounds)
