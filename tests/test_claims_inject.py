"""bench/inject_conflicts.py's toll policy (issue 14, third round): an injected value into a
rising count must break the story's order as the claims stage sees it, never be what a
developing story looks like (a later floor lowered, a higher figure later, a missing count
changed). Short undated texts written for the test, ordered by their tolls (3, 9, 14)."""

from __future__ import annotations

import sys
from pathlib import Path

from figdate_helpers import article, report, rules

from quotecheck.checks import figures as check_figures
from quotecheck.models import Report

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import inject_conflicts as ic  # noqa: E402

TOLLS = (3, 9, 14)


def _story(*lines: str) -> Report:
    rep = report([article(f"The death toll rose to {t}. {line}", f"x{i}", None)
                  for i, (t, line) in enumerate(zip(TOLLS, lines, strict=True))])
    check_figures.check(rep, rules())
    return rep


def _tolls(rep: Report, subject: str) -> list[str]:
    ic.SKIPPED.clear()
    return [i.what for i in ic.toll_injections(rep) if f":{subject}" in i.what]


def test_a_rising_area_is_lowered_later_and_raised_earlier_never_raised_later() -> None:
    rep = _story("The blaze has burned 5,000 acres.", "The blaze has burned 6,100 acres.",
                 "The blaze has burned 8,300 acres.")
    got = _tolls(rep, "area burned")
    # "6,100 acres" reads 6,050–6,150: x2 (latest) to a third of its low, below x1 before it;
    # x0 (earliest) to three times its high plus 7, above x1 after it
    assert got == ["s1:figure:area burned:acre: x2 (undated) 8300 -> 2016",
                   "s1:figure:area burned:acre: x0 (undated) 5000 -> 18457"]


def test_floors_that_only_rise_are_skipped_with_the_reason() -> None:
    rep = _story("Police made at least 20 arrests.", "Police made at least 12 arrests.",
                 "Police made at least 30 arrests.")
    assert _tolls(rep, "arrests") == []
    assert any("arrests" in s and "floor" in s for s in ic.SKIPPED)


def test_a_missing_count_is_never_injected() -> None:
    rep = _story("At least 40 people are missing.", "At least 12 people are missing.", "Six people are missing.")
    assert _tolls(rep, "missing") == [] and any(":missing" in s for s in ic.SKIPPED)
