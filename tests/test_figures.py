"""Figure extraction: every form of issue 5 on short texts written for these tests."""

from __future__ import annotations

import pytest
from figdate_helpers import article, figs, one_fig, rules, seg

from quotecheck import figures
from quotecheck.models import Quote


@pytest.mark.parametrize(("text", "needle", "low", "high"), [
    ("The army sent 1,644 soldiers to the border.", "1,644", 1644, 1644),
    ("Officials said 8200 troops were moved.", "8200", 8150, 8250),  # rounded to the hundred
    ("A total of 11,000 personnel took part.", "11,000", 10500, 11500),
    ("Rain reached 3.5 inches of rain overnight.", "3.5", 3.5, 3.5),
    ("Eleven passengers were rescued.", "Eleven", 11, 11),
    ("Rescuers found two dozen bodies.", "two dozen", 24, 24),
    ("She said a hundred crew members stayed.", "a hundred", 100, 100),
    ("Two hundred and fifty passengers boarded.", "Two hundred and fifty", 250, 250),
    ("Thousands of residents fled.", "Thousands", 2000, 10000),
    ("Dozens of people were injured.", "Dozens", 24, 144),
    ("The kit comes in a high triple-digit quantity.", "high triple-digit", 700, 999),
    ("Between 6 and 10 crew were missing.", "Between 6 and 10", 6, 10),
    ("The ministry plans to send 25,000-30,000 soldiers.", "25,000-30,000", 25000, 30000),
    ("The ministry plans to send 25,000 to 30,000 soldiers.", "25,000 to 30,000", 25000, 30000),
])
def test_counts_as_intervals(text: str, needle: str, low: float, high: float) -> None:
    f = one_fig(text, needle)
    assert (f.low, f.high) == (pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize(("text", "needle", "low", "high", "hedge"), [
    ("They deployed around 11,000 soldiers.", "around 11,000", 9900, 12100, "around"),
    ("They deployed about 300 soldiers.", "about 300", 270, 330, "about"),
    ("They deployed some 30 soldiers.", "some 30", 27, 33, "some"),
    ("An estimated 4,000 troops crossed.", "estimated 4,000", 3600, 4400, "an estimated"),
    ("They deployed more than 10,000 personnel.", "more than 10,000", 10000, None, "more than"),
    ("At least 110 people were killed.", "At least 110", 110, None, "at least"),
    ("Officials said over 500 soldiers died.", "over 500", 500, None, "over"),
    ("Up to 40 crew were aboard.", "Up to 40", 0, 40, "up to"),
    ("Fewer than 5,000 troops remain.", "Fewer than 5,000", 0, 5000, "fewer than"),
    ("Nearly 3,100 residents were evacuated.", "Nearly 3,100", 2790, 3100, "nearly"),
    ("Almost 90 passengers were hurt.", "Almost 90", 81, 90, "almost"),
])
def test_hedges_make_intervals(text: str, needle: str, low: float, high: float | None, hedge: str) -> None:
    f = one_fig(text, needle)
    assert f.hedge == hedge
    assert f.approximate
    assert f.low == pytest.approx(low)
    assert f.high == (None if high is None else pytest.approx(high))


@pytest.mark.parametrize(("text", "needle", "value", "unit"), [
    ("The US has sent around $134 billion in aid.", "$134 billion", 134e9, "USD"),
    ("The council approved £30m for repairs.", "£30m", 30e6, "GBP"),
    ("The fund pledged €2.4 million in emergency aid.", "€2.4 million", 2.4e6, "EUR"),
    ("Insurers paid US$85 million to families.", "US$85 million", 85e6, "USD"),
    ("The bill came to 30 million euros.", "30 million euros", 30e6, "EUR"),
    ("A grant of $5bn was agreed.", "$5bn", 5e9, "USD"),
])
def test_money(text: str, needle: str, value: float, unit: str) -> None:
    f = one_fig(text, needle)
    assert f.kind == "money"
    assert f.unit == unit
    assert f.value == pytest.approx(value)
    assert f.low <= value <= f.high


@pytest.mark.parametrize(("text", "needle", "value"), [
    ("Turnout rose to 40% this time.", "40%", 40),
    ("Prices fell 12.5 per cent in a year.", "12.5 per cent", 12.5),
    ("They support it a hundred per cent.", "a hundred per cent", 100),
    ("Support stands at 55 percent.", "55 percent", 55),
])
def test_percent(text: str, needle: str, value: float) -> None:
    f = one_fig(text, needle)
    assert f.kind == "percent" and f.unit == "%"
    assert f.low == f.high == pytest.approx(value)


@pytest.mark.parametrize(("text", "needle", "value", "unit"), [
    ("The airline will start twice-weekly flights.", "twice-weekly", 2, "weekly"),
    ("The minister began a three-day visit.", "three-day", 3, "day"),
    ("Officials set a 48-hour deadline.", "48-hour", 48, "hour"),
])
def test_multipliers(text: str, needle: str, value: float, unit: str) -> None:
    f = one_fig(text, needle)
    assert f.kind == "multiplier"
    assert f.value == value and f.unit == unit


@pytest.mark.parametrize(("text", "forbidden"), [
    ("The talks began at 11:00am and ended at 1:38 pm.", ["11", "1", "38"]),
    ("It happened on July 12, 2025, and again on 3 June.", ["12", "2025", "3"]),
    ("The war began in 2022 and the pact dates from 2008-2011.", ["2022", "2008", "2011"]),
    ("He came second in the 21st round.", ["21"]),
    ("Call +44 20 7946 0321 or (555) 123-4567 for help.", ["44", "20", "7946", "555", "123"]),
    ("Flight CA 417, an Airbus A330, and flight 370 were delayed; MH17 was not.", ["417", "330", "370", "17"]),
    ("The report was filed on 2025-07-13 at 09:14:02.", ["2025", "07", "13", "09"]),
    ("See image_2025-07-13_110133430-8325be5df.png for the photo.", ["2025", "07", "110133430", "8325"]),
    ("Seat 11A was the only one left.", ["11"]),
])
def test_not_counts(text: str, forbidden: list[str]) -> None:
    found = [f.text for f in figs(text)]
    for bad in forbidden:
        assert not any(bad in t for t in found), (bad, found)


def test_year_followed_by_counted_noun_is_a_count() -> None:
    f = one_fig("Officials said 2000 soldiers were moved.", "2000")
    assert f.subject == "troops"


@pytest.mark.parametrize(("text", "needle", "subject"), [
    ("They sent around 11,000 soldiers.", "11,000", "troops"),
    ("They sent 900 troops.", "900", "troops"),
    ("Reports suggest more than 10,000 North Korean personnel were deployed.", "10,000", "troops"),
    ("The crash killed 40 people.", "40", "deaths"),
    ("Officials said 40 people were killed.", "40", "deaths"),
    ("The death toll rose to 250 on Friday.", "250", "deaths"),
    ("The death toll from Friday's magnitude 7.3 earthquake has risen to 1,644.", "1,644", "deaths"),
    ("At least 12 dead were recovered.", "12", "deaths"),
    ("The storm claimed 30 lives.", "30", "deaths"),
    ("Some 60 people were injured.", "60", "injured"),
    ("Five people are still missing.", "Five", "missing"),
    ("The jet carried 230 passengers and 12 crew.", "230", "passengers"),
    ("The jet carried 230 passengers and 12 crew.", "12", "crew"),
    ("Forecasters recorded 5 inches of rain.", "5", "rain"),
    ("A magnitude 6.8 quake hit the coast.", "6.8", "magnitude"),
    ("A 6.4-magnitude aftershock followed.", "6.4", "magnitude"),
])
def test_subject_classes(text: str, needle: str, subject: str) -> None:
    assert one_fig(text, needle).subject == subject


def test_generic_noun_without_a_cue_has_no_class() -> None:
    f = one_fig("About 5,000 people attended the rally.", "5,000")
    assert f.subject is None
    assert f.subject_text == "people"


@pytest.mark.parametrize(("text", "needle", "qualifier"), [
    ("Pyongyang will send an additional 25,000 soldiers.", "25,000", "additional"),
    ("Officials said 241 people on board were killed.", "241", "on board"),
    ("At least 24 people on the ground died.", "24", "on the ground"),
    ("Some 500 people were killed in Mandalay.", "500", "place:Mandalay"),
    ("At least 1,002 people were killed nationwide.", "1,002", "nationwide"),
    ("North Korea sent around 11,000 soldiers to Kursk last year.", "11,000", "last year"),
])
def test_qualifiers(text: str, needle: str, qualifier: str) -> None:
    assert qualifier in one_fig(text, needle).qualifiers


def test_qualifier_of_one_figure_does_not_leak_to_the_previous() -> None:
    f = one_fig("Officials said 241 people on board and 24 on the ground were killed.", "241")
    assert "on the ground" not in f.qualifiers


def test_boilerplate_is_skipped_and_quotes_are_marked() -> None:
    text = "Ticker: 800 people killed elsewhere\n\nThe army sent 900 troops. “We lost 12 soldiers,” he said."
    art = article(text)
    cut = text.index("\n\n")
    q_start = text.index("We lost")
    quote = Quote(id="a1:q1", article_id="a1", start=q_start, end=text.index(",”"), text=text[q_start:text.index(",”")])
    out = figures.extract_figures(art, seg(art, boilerplate=[(0, cut)]), [quote], rules())
    assert [f.text for f in out] == ["900", "12"]
    assert [f.in_quote for f in out] == [False, True]


def test_rounding_and_word_parser() -> None:
    lex = figures.lexicon(rules())
    assert figures.parse_words("two hundred and fifty thousand", lex) == 250000
    assert figures.parse_words("a dozen", lex) == 12
    assert figures.parse_words("banana", lex) is None
    assert figures.rounding("11,000") == 500
    assert figures.rounding("265") == 0
    assert figures.rounding("2.4", 1e6) == pytest.approx(50000)


def test_bad_rule_pack_names_file_and_rule(tmp_path) -> None:
    from quotecheck.rules import RuleError, load_file

    bad = tmp_path / "mine.yml"
    bad.write_text("kind: subjects\nid: my-subjects\nclasses:\n  deaths:\n    before: ['killing (']\n",
                   encoding="utf-8")
    with pytest.raises(RuleError, match=r"mine\.yml: rule 'my-subjects'.*bad regex"):
        load_file(bad)
    bad.write_text("kind: hedges\nid: my-hedges\nhedges:\n  roughly: [around]\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"my-hedges.*unknown: \['roughly'\]"):
        load_file(bad)


def test_user_pack_extends_subject_classes(tmp_path) -> None:
    from quotecheck.rules import RuleSet, load_file

    (tmp_path / "extra.yml").write_text(
        "kind: subjects\nid: en-subjects\nmerge: extend\nclasses:\n  sheep:\n    nouns: [sheep, ewes]\n",
        encoding="utf-8")
    base = rules()
    from quotecheck.rules import _merge
    merged = [_merge(f, load_file(tmp_path / "extra.yml")) if f.kind == "subjects" else f for f in base.files]
    rs = RuleSet(merged, base.packs)
    art = article("The farm lost 300 ewes in the storm.")
    out = figures.extract_figures(art, seg(art), [], rs)
    assert [f.subject for f in out] == ["sheep"]
