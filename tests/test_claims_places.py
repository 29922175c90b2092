"""Issue 14, third round: where a figure is counted when its own words name no place, and a lone
value far above every stage of an unordered story.

Short texts written for these tests (made-up places and fires): each asserts the claim a
figure lands in, or the verdict, and the opposite case that must not move or alarm.
"""

from __future__ import annotations

import datetime as dt

from figdate_helpers import article, report, rules

from quotecheck.checks import figures as check_figures
from quotecheck.claims import FAR_ABOVE, Rep, far_above, figure_verdict
from quotecheck.models import Report, Severity

PUB = dt.date(2025, 3, 4)


def claims_of(rep: Report, subject: str) -> dict[tuple[str, ...], list[str]]:
    """scope -> the article ids of the subject's claim values."""
    check_figures.check(rep, rules())
    return {tuple(c.scope): [v.article_id for v in c.values] for c in rep.claims if c.subject == subject}


TWO_ISLANDS = "The storm left 12 people dead in Veloria and killed 30 people in Marast."


def test_a_toll_takes_the_one_place_its_sentence_names_in_a_demonym() -> None:
    """x2's 12 names no place itself, but its sentence says "Velorian authorities": Veloria's toll."""
    a = article(TWO_ISLANDS, "x1", PUB)
    b = article("Velorian authorities confirmed that at least 12 people have died.", "x2", PUB)
    got = claims_of(report([a, b]), "deaths")
    assert got[("place:veloria",)] == ["x1", "x2"] and () not in got


def test_a_toll_takes_the_place_of_the_sentence_before_it_in_its_paragraph() -> None:
    a = article(TWO_ISLANDS, "x1", PUB)
    b = article("Marast's government gave an update. “The confirmed death toll is now at 30,” the minister "
                "said.\n\nRain kept falling.", "x2", PUB)
    got = claims_of(report([a, b]), "deaths")
    assert got[("place:marast",)] == ["x1", "x2"]


def test_a_toll_in_a_new_paragraph_does_not_take_the_place_of_the_last_one() -> None:
    a = article(TWO_ISLANDS, "x1", PUB)
    b = article("Marast's government gave an update.\n“The confirmed death toll is now at 30,” the minister said.",
                "x2", PUB)
    assert claims_of(report([a, b]), "deaths")[()] == ["x2"]


def test_a_sentence_naming_two_places_or_a_total_gives_no_place() -> None:
    a = article(TWO_ISLANDS, "x1", PUB)
    b = article("Velorian and Marast officials said 42 people have died.", "x2", PUB)
    c = article("The combined Velorian toll stands at 42 deaths, officials said.", "x3", PUB)
    got = claims_of(report([a, b, c]), "deaths")
    assert got[()] == ["x2", "x3"]


def test_a_place_in_a_list_of_names_is_one_of_several() -> None:
    a = article("The Ash Fire has burned 900 acres. The Birch Fire has burned 400 acres.", "x1", PUB)
    b = article("The Cedar, Birch and Dale fires were all smaller than 300 acres.", "x2", PUB)
    got = claims_of(report([a, b]), "area burned")
    assert got[()] == ["x2"] and got[("place:birch",)] == ["x1"]


def test_a_place_holding_the_others_is_the_story_total_not_a_part() -> None:
    """x1 gives ten "in Riverton" next to six in the Ash Fire and two in the Birch Fire, and ten with no
    place: Riverton is where the fires are, its ten the story's toll (with x2's ten), not a part."""
    a = article("Death toll rises to 10.\nThe death toll from the fires in Riverton has risen to ten. Six deaths "
                "were confirmed in the Ash Fire, and two deaths in the Birch Fire.", "x1", PUB)
    b = article("The toll has risen to 10, the coroner said.", "x2", PUB)
    got = claims_of(report([a, b]), "deaths")
    assert not any("place:riverton" in k for k in got) and got[()] == ["x1", "x1", "x2"]


def test_a_bigger_place_toll_is_not_a_total_without_the_same_bare_figure() -> None:
    """30 in Marast is above 12 in Veloria, but nothing says 30 is the whole: both stay places."""
    a = article(TWO_ISLANDS, "x1", PUB)
    b = article("At least 30 people died in Marast, officials said.", "x2", PUB)
    got = claims_of(report([a, b]), "deaths")
    assert ("place:marast",) in got and ("place:veloria",) in got


def test_it_stands_for_the_fire_the_sentence_before_names() -> None:
    a = article("The Ash Fire was 10% contained. The Birch Fire was 40% contained.", "x1", PUB)
    b = article("The Ash Fire has burned 900 acres. It was 12% contained on Monday.", "x2", PUB)
    got = claims_of(report([a, b]), "containment")
    assert got[("place:ash",)] == ["x1", "x2"] and () not in got


def test_it_after_a_sentence_naming_two_fires_stays_unplaced() -> None:
    a = article("The Ash Fire was 10% contained. The Birch Fire was 40% contained.", "x1", PUB)
    b = article("The Ash Fire merged with the Birch Fire overnight. It was 12% contained.", "x2", PUB)
    assert claims_of(report([a, b]), "containment")[()] == ["x2"]


# --------------------------------------------------------------------------- far above every stage


def _undated(*values: tuple[float, float | None]) -> list[Rep]:
    return [Rep(f"x{i}", lo, hi, None) for i, (lo, hi) in enumerate(values)]


def test_a_lone_value_far_above_every_stage_of_an_unordered_count_is_an_outlier() -> None:
    """No dates, no main count: 1, 19, 28, 45 cover the story's stages; 91 is beyond all of them."""
    reps = _undated((1, None), (19, None), (19, 19), (28, 28), (45, 45), (91, 91))
    assert far_above(reps) == ["x5"]
    v = figure_verdict(reps, growing=True, changing=False)
    assert v.verdict == "outlier" and v.odd == ["x5"] and v.severity == Severity.warning
    assert "far above every other source" in v.reason


def test_the_next_stage_just_above_the_others_stays_a_timeline() -> None:
    reps = _undated((1, None), (19, 19), (28, 28), (45, 45), (45 * FAR_ABOVE, 45 * FAR_ABOVE))
    assert far_above(reps) == [] and figure_verdict(reps, growing=True, changing=False).verdict == "evolving"


def test_a_story_told_at_two_stages_only_says_nothing_of_a_high_value() -> None:
    """7, 7 and 50: the others give one stage only, so 50 may be the next one."""
    reps = _undated((7, None), (7, None), (7, 7), (50, None))
    assert far_above(reps) == [] and figure_verdict(reps, growing=True, changing=False).verdict == "evolving"


def test_far_above_is_not_used_where_publication_days_order_the_sources() -> None:
    """A toll of 5 on day one and 60 on day four is a timeline, however far apart."""
    reps = [Rep("x0", 5, 5, PUB), Rep("x1", 9, 9, PUB), Rep("x2", 12, 12, PUB + dt.timedelta(1)),
            Rep("x3", 60, 60, PUB + dt.timedelta(3))]
    assert far_above(reps) == [] and figure_verdict(reps, growing=True, changing=False).verdict == "evolving"


def test_a_total_whose_sentence_names_a_place_is_not_that_place_s_smaller_count() -> None:
    """"Rescuers dug in Ostra after the 6.1-magnitude quake killed more than 900": Ostra's own toll
    in the same article is 400, so 900 is the whole, not Ostra's."""
    a = article("Rescuers dug in Ostra after the 6.1-magnitude quake killed more than 900 people. The fire brigade said "
                "400 people died in Ostra.", "x1", PUB)
    b = article("At least 380 people died in Ostra, officials said.", "x2", PUB)
    got = claims_of(report([a, b]), "deaths")
    assert got[()] == ["x1"] and got[("place:ostra",)] == ["x1", "x2"]


def test_a_loose_cluster_of_unrelated_counts_has_no_range_to_be_far_above() -> None:
    """Three other sources only (1, 9, 17 deaths of different events): 10,000 says nothing."""
    assert far_above(_undated((1, 1), (9, 9), (17, 17), (10000, None))) == []
