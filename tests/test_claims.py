"""The claims stage (quotecheck/claims.py): scopes, exclusions, verdicts, rules, baseline migration.

Short texts written for these tests; each asserts which claim a mention lands in, or why it
is left out, and the verdict all the values of a claim get together.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from figdate_helpers import article, report, rules

from quotecheck import baseline
from quotecheck.checks import dates as check_dates
from quotecheck.checks import figures as check_figures
from quotecheck.claims import Rep, figure_verdict
from quotecheck.models import Report, Severity
from quotecheck.rules import RuleError, load_file

PUB = dt.date(2025, 4, 22)


def claims_of(rep: Report, subject: str) -> dict[tuple[str, ...], list[str]]:
    """scope -> the shown values of the subject's claims."""
    check_figures.check(rep, rules())
    return {tuple(c.scope): [v.shown for v in c.values] for c in rep.claims if c.subject == subject}


def test_bodies_at_one_site_are_not_the_toll() -> None:
    a = article("At least 26 people were killed. Officials collected at least 24 bodies in the meadow.", "x1", PUB)
    b = article("The death toll rose to 26, police said.", "x2", PUB)
    got = claims_of(report([a, b]), "deaths")
    assert got[()] == ["≥ 26", "26"]
    assert got[("counted:bodies recovered",)] == ["≥ 24"]


def test_ages_are_left_out_with_a_reason() -> None:
    a = article("Vinay Narwal, 26, was among the 26 people killed. A 26-year-old officer died.", "x1", PUB)
    rep = report([a])
    check_figures.check(rep, rules())
    reasons = {x.text: x.reason for x in rep.claims_left_out}
    assert "age" in reasons.get("26-year-old", "") or "26-year-old" not in {f.text for f in rep.figures}
    assert any("age after a name" in r for r in reasons.values())


def test_a_share_of_a_larger_count_is_left_out() -> None:
    a = article("The death toll rose to 24. Five of the deaths were in the east.", "x1", PUB)
    b = article("The death toll rose to 24, officials said.", "x2", PUB)
    rep = report([a, b])
    assert check_figures.check(rep, rules()) == []
    assert any("share of a larger count" in x.reason for x in rep.claims_left_out if x.text == "Five")


def test_places_counted_separately_become_scopes() -> None:
    a = article("The storm left 19 people dead in Jamaica and killed 30 people in Haiti.", "x1", PUB)
    b = article("At least 19 people died in Jamaica, officials said.", "x2", PUB)
    got = claims_of(report([a, b]), "deaths")
    assert set(got) == {("place:jamaica",), ("place:haiti",)}
    assert got[("place:jamaica",)] == ["19", "≥ 19"]


def test_before_landfall_deaths_are_their_own_claim() -> None:
    a = article("In preparation for the storm we have had three deaths, the minister said.", "x1", PUB)
    b = article("The death toll rose to 19, officials said.", "x2", PUB)
    got = claims_of(report([a, b]), "deaths")
    assert ("time:before landfall",) in got and got[()] == ["19"]


def test_a_baseline_year_is_no_event_date() -> None:
    a = article("It was the deadliest attack on civilians since 2000. The attack took place on April 22, 2025.",
                "x1", PUB)
    b = article("The attack happened on April 22, 2025.", "x2", PUB)
    rep = report([a, b])
    assert check_dates.check(rep, rules()) == []
    assert any("baseline" in x.reason for x in rep.claims_left_out if x.text == "2000")


def test_a_weekday_without_a_publication_date_is_left_out() -> None:
    a = article("The attack took place on Monday.", "x1", None)
    b = article("The attack took place on April 22, 2025.", "x2", PUB)
    c = article("Gunmen opened fire on tourists on April 22, 2025, in an attack.", "x3", PUB)
    rep = report([a, b, c])
    assert check_dates.check(rep, rules()) == []
    assert any("not resolved" in x.reason for x in rep.claims_left_out if x.article_id == "x1")


@pytest.mark.parametrize(("reps", "growing", "verdict"), [
    ([Rep("a", 5, 5, PUB), Rep("b", 26, None, PUB), Rep("c", 26, 26, PUB + dt.timedelta(1))], True, "evolving"),
    ([Rep("a", 26, 26, PUB), Rep("b", 28, 28, PUB + dt.timedelta(1)), Rep("c", 26, 26, PUB + dt.timedelta(3)),
      Rep("d", 26, None, None)], True, "outlier"),
    ([Rep("a", 10, 10, PUB), Rep("b", 12, 12, PUB), Rep("c", 12, 12, PUB)], False, "outlier"),
    ([Rep("a", 3, 3, PUB), Rep("b", 2, 2, PUB)], False, "contradiction"),
    ([Rep("a", 3, 3, PUB), Rep("b", 2, None, PUB)], False, "consistent"),
])
def test_verdict_from_all_values(reps: list[Rep], growing: bool, verdict: str) -> None:
    v = figure_verdict(reps, growing=growing, changing=False)
    assert v.verdict == verdict
    if verdict == "contradiction":
        assert v.severity == Severity.error  # same publication day
    if verdict == "outlier":
        assert v.odd == (["b"] if growing else ["a"]) and v.severity == Severity.warning


def test_a_falling_toll_on_unknown_days_is_never_an_error() -> None:
    v = figure_verdict([Rep("a", 28, 28, None), Rep("b", 26, 26, None)], growing=True, changing=False)
    assert v.verdict == "evolving" and v.severity is None


def test_bad_claim_rule_names_the_file_and_the_rule(tmp_path: Path) -> None:
    p = tmp_path / "claims.yml"
    p.write_text("kind: claim_scopes\nid: mine\nexclude:\n  - {name: broken, reason: x, text: '(unclosed'}\n",
                 encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_file(p)
    assert "claims.yml" in str(exc.value) and "broken" in str(exc.value)


def test_version_1_baseline_is_migrated_and_still_suppresses(tmp_path: Path) -> None:
    arts = [article("Officials said 10 crew were on board.", "x1", PUB),
            article("Officials said 12 crew were on board.", "x2", PUB),
            article("The airline said 12 crew were on board.", "x3", PUB)]
    rep = report(arts)
    rep.findings = check_figures.check(rep, rules())
    (f,) = rep.findings
    assert f.details["odd_articles"] == ["x1"]
    old = {"quotecheck_baseline": 1, "tool_version": "0.1.0", "created": "", "findings": [
        {"fingerprint": "0123456789abcdef", "kind": "figure_conflict", "severity": "error",
         "message": "crew: the figures cannot both be true", "evidence": ["10 crew", "12 crew"],
         "articles": ["x1", "x2"]}]}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    known = baseline.load(path)
    assert known.quotecheck_baseline == 2 and known.findings[0].legacy
    kept, suppressed = baseline.new_findings(rep.findings, known)
    assert (kept, suppressed) == ([], 1)
    # a new odd value the old baseline never saw is new
    arts[0] = article("Officials said 9 crew were on board.", "x1", PUB)
    rep2 = report(arts)
    rep2.findings = check_figures.check(rep2, rules())
    assert len(baseline.new_findings(rep2.findings, known)[0]) == 1


def test_a_newsroom_pack_adds_its_own_scope_word(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`merge: extend` on the bundled id: the injured still in hospital counted apart from all injured."""
    from quotecheck.cli import main

    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "claims.yml").write_text(
        "kind: claim_scopes\nid: en-claim-scopes\nmerge: extend\n"
        "scopes:\n  - {name: in hospital, dimension: status, clause: [remain in hospital, still in hospital]}\n", encoding="utf-8")
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "a.txt").write_text("Blast in Tarn\n\nPublished on 2 June 2025\n\nThe blast injured 40 people, "
                                "police said.\n", encoding="utf-8")
    (arts / "b.txt").write_text("Blast in Tarn\n\nPublished on 2 June 2025\n\nPolice said 25 people were injured "
                                "and remain in hospital.\n", encoding="utf-8")
    for extra, scopes in (([], None), (["--rules", str(pack)], "status:in hospital")):
        main(["check", str(arts), "--format", "json", "--fail-on", "never", "--one-story", *extra])
        report = json.loads(capsys.readouterr().out)
        got = {tuple(c["scope"]) for c in report["claims"] if c["subject"] == "injured"}
        if scopes is None:
            assert got == {()}
        else:
            assert (scopes,) in got


def test_explain_lists_every_mention_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from quotecheck.cli import main

    (tmp_path / "a.txt").write_text("Attack\n\nPublished on 22 April 2025\n\nThe 26-year-old officer was among "
                                    "the 26 people killed in the attack, deadliest since 2000.\n", encoding="utf-8")
    main(["check", str(tmp_path), "--no-color", "--explain", "--fail-on", "never"])
    out = capsys.readouterr().out
    assert "Left out of the claims" in out
    assert "“26-year-old”: an age, not a count (age)" in out


def test_meetings_of_different_people_are_different_claims() -> None:
    a = article("Kim Jong Un met Sergei Lavrov on July 12, 2025, in Wonsan.", "x1", PUB)
    b = article("Kim and Lavrov held talks on July 12, 2025.", "x2", PUB)
    c = article("Joe Biden met Emmanuel Macron on June 3, 2025, in Paris.", "x3", PUB)
    rep = report([a, b, c])
    assert check_dates.check(rep, rules()) == []
    meetings = [x for x in rep.claims if x.subject == "meeting"]
    assert len(meetings) == 2 and all(x.verdict == "consistent" for x in meetings)


def test_a_series_of_meetings_is_no_contradiction() -> None:
    """No consensus, and one source gives the class two dates: several events, not an error."""
    a = article("Clinton met bankers in October 2013 and again met bankers in September 2014.", "x1", PUB)
    b = article("Clinton met bankers in May 2015.", "x2", PUB)
    rep = report([a, b])
    assert check_dates.check(rep, rules()) == []
    (m,) = [x for x in rep.claims if x.subject == "meeting"]
    assert m.verdict == "consistent" and "several events" in m.reason


def test_sarif_puts_the_other_sources_in_related_locations() -> None:
    from quotecheck.report.sarif import to_sarif

    arts = [article("Officials said 10 crew were on board.", "x1", PUB),
            article("Officials said 12 crew were on board.", "x2", PUB),
            article("The airline said 12 crew were on board.", "x3", PUB)]
    rep = report(arts)
    rep.findings = check_figures.check(rep, rules())
    (res,) = [r for r in to_sarif(rep)["runs"][0]["results"] if r["ruleId"] == "figure_conflict"]
    uris = [loc["physicalLocation"]["artifactLocation"]["uri"] for loc in res["relatedLocations"]]
    assert len(res["locations"]) == 1 and "x1" in res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert sorted(u.rsplit("/", 1)[-1] for u in uris) == ["x2.txt", "x3.txt"]


def test_fingerprint_survives_another_agreeing_source_and_story_ids() -> None:
    base = [article("Officials said 10 crew were on board.", "x1", PUB),
            article("Officials said 12 crew were on board.", "x2", PUB),
            article("The airline said 12 crew were on board.", "x3", PUB)]
    rep = report(base)
    (f1,) = check_figures.check(rep, rules())
    more = report([*base, article("Police said 12 crew were on board.", "x4", PUB)])
    more.stories[0].id = "s9"
    (f2,) = check_figures.check(more, rules())
    assert f1.fingerprint == f2.fingerprint and f1.details["claim_id"] != f2.details["claim_id"]
    other = report([article("Officials said 9 crew were on board.", "x1", PUB), *base[1:]])
    (f3,) = check_figures.check(other, rules())
    assert f3.fingerprint != f1.fingerprint  # another odd value is a new finding


def test_a_runaway_claims_rule_is_stopped_and_named(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    short_timeout: float) -> None:
    """A user exclusion that backtracks exponentially: one line naming the rule, no traceback."""
    from quotecheck.cli import main

    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "claims.yml").write_text(
        "kind: claim_scopes\nid: en-claim-scopes\nmerge: extend\n"
        "exclude:\n  - {name: evil, reason: x, before: '(a|aa)+b$'}\n", encoding="utf-8")
    arts = tmp_path / "arts"
    arts.mkdir()
    for k in ("a", "b"):
        (arts / f"{k}.txt").write_text("Blast\n\nPublished on 2 June 2025\n\n" + "a" * 50 +
                                       " 40 people were killed in the blast, police said.\n", encoding="utf-8")
    rc = main(["check", str(arts), "--rules", str(pack), "--format", "json", "--one-story"])
    err = capsys.readouterr().err
    assert rc == 2
    assert "claims exclude 'evil'" in err and "timed out" in err and "Traceback" not in err


def test_a_third_outlet_repeating_a_known_value_keeps_the_baseline_valid() -> None:
    """docs/ci.md: "12 vs 15", then a third outlet also says 12: the same disagreement."""
    two = [article("Officials said 12 crew were on board.", "x1", PUB),
           article("Officials said 15 crew were on board.", "x2", PUB)]
    (f1,) = check_figures.check(report(two), rules())
    (f2,) = check_figures.check(report([*two, article("Police said 12 crew were on board.", "x3", PUB)]), rules())
    assert (f1.details["verdict"], f2.details["verdict"]) == ("contradiction", "outlier")
    assert f1.fingerprint == f2.fingerprint


# --------------------------------------------------------------------------- issue 14, second round


def _claim(rep: Report, subject: str, scope: tuple[str, ...] = ()) -> object:
    check_figures.check(rep, rules())
    check_dates.check(rep, rules())
    (c,) = [x for x in rep.claims if x.subject == subject and tuple(x.scope) == scope]
    return c


def test_the_story_toll_orders_undated_sources_for_its_other_counts() -> None:
    """Three undated wildfire reports: the toll (3, then 9, then 14) says which came first, so a
    burned area that falls from 5,000 to 1,200 acres between the first and the last is an outlier."""
    a = article("The death toll rose to 3. The blaze has burned 5,000 acres.", "x1", None)
    b = article("The death toll rose to 9. The blaze has burned 6,100 acres.", "x2", None)
    c = article("The death toll rose to 14. The blaze has burned 1,200 acres.", "x3", None)
    area = _claim(report([a, b, c]), "area burned")
    assert area.verdict == "outlier" and area.odd_articles == ["x3"] and area.severity == Severity.warning
    assert "order from the deaths count" in area.reason


def test_without_a_main_count_undated_sources_stay_a_timeline() -> None:
    """The same areas with no toll in the texts: nothing says which report came first."""
    a = article("The blaze has burned 5,000 acres.", "x1", None)
    b = article("The blaze has burned 6,100 acres.", "x2", None)
    c = article("The blaze has burned 1,200 acres.", "x3", None)
    area = _claim(report([a, b, c]), "area burned")
    assert area.verdict == "evolving" and area.severity is None


def test_a_rising_area_with_a_rising_toll_is_a_timeline() -> None:
    a = article("The death toll rose to 3. The blaze has burned 5,000 acres.", "x1", None)
    b = article("The death toll rose to 9. The blaze has burned 6,100 acres.", "x2", None)
    c = article("The death toll rose to 14. The blaze has burned 8,300 acres.", "x3", None)
    assert _claim(report([a, b, c]), "area burned").verdict == "evolving"


def test_publication_days_win_over_the_toll_order() -> None:
    """Dated sources on different days are ordered by their days, not by the toll they give."""
    d = dt.date(2025, 1, 8)
    a = article("The death toll rose to 9. The blaze has burned 1,200 acres.", "x1", d)
    b = article("The death toll rose to 3. The blaze has burned 5,000 acres.", "x2", d + dt.timedelta(1))
    c = article("The death toll rose to 14. The blaze has burned 6,100 acres.", "x3", d + dt.timedelta(2))
    assert _claim(report([a, b, c]), "area burned").verdict == "evolving"


def test_a_date_mention_unlike_its_twin_is_odd_even_when_its_source_dates_the_class_twice() -> None:
    """x2 dates the Velk-Dahl meeting May 15 and another meeting May 12; x1's sentence with the
    same names says May 12: x2's May 15 is the odd mention, marked alone."""
    a = article("Mara Velk held a meeting with Oren Dahl on May 12, 2025.", "x1", PUB)
    b = article("Mara Velk held a meeting with Oren Dahl on May 15, 2025. Earlier, Dahl held a "
                "meeting with Ivo Brandt on May 12, 2025.", "x2", PUB)
    rep = report([a, b])
    found = [f for f in check_dates.check(rep, rules()) if f.kind == "date_conflict"]
    (m,) = [x for x in rep.claims if x.subject == "meeting"]
    assert m.verdict == "outlier" and m.odd_articles == ["x2"] and len(found) == 1
    assert [v.span.text for v in m.values if v.odd] == ["May 15, 2025"]


def test_a_death_cue_next_to_the_missing_counts_the_missing() -> None:
    a = article("Rescuers said at least 41 people remain missing, while two more deaths lifted the toll to 27.",
                "x1", PUB)
    b = article("The death toll rose to 27, officials said.", "x2", PUB)
    got = claims_of(report([a, b]), "deaths")
    assert "≥ 41" not in [v for vs in got.values() for v in vs]
    assert claims_of(report([a, b]), "missing")[()] == ["≥ 41"]


def test_people_in_shelters_are_not_the_evacuated() -> None:
    a = article("Rain kept falling, forcing 6,040 people into shelters.", "x1", None)
    b = article("Officials said 1,540 people were evacuated.", "x2", None)
    got = claims_of(report([a, b]), "evacuated")
    assert got[("counted:in shelters",)] == ["6,040"] and got[()] == ["1,540"]


def test_a_place_right_after_the_noun_wins_over_one_before_it() -> None:
    a = article("Crews report 14% containment for the Ridge Fire, 26% containment for the Creek Fire.", "x1", PUB)
    b = article("Officials put the Creek Fire at 26 percent containment.", "x2", PUB)
    got = claims_of(report([a, b]), "containment")
    assert got[("place:creek",)] == ["26", "26"] and got[("place:ridge",)] == ["14"]


def test_two_versions_of_one_sentence_at_the_same_toll_that_differ_are_flagged() -> None:
    s = "Crews raced along the ridge on the western side, scorching {} acres by the evening, the agency said."
    a = article("The death toll rose to 4. " + s.format(70), "x1", None)
    b = article("The death toll rose to 4. " + s.format(30), "x2", dt.date(2025, 1, 9))
    c = article("The death toll rose to 4 by noon.", "x3", None)
    area = _claim(report([a, b, c]), "area burned")
    assert area.verdict == "contradiction" and area.severity == Severity.warning
    assert sorted(area.odd_articles) == ["x1", "x2"] and "versions of one text" in area.reason


def test_two_versions_of_one_sentence_a_toll_apart_are_a_timeline() -> None:
    """The story moved on between the versions (toll 4, then 9): a larger area is an update."""
    s = "Crews raced along the ridge on the western side, scorching {} acres by the evening, the agency said."
    a = article("The death toll rose to 4. " + s.format(30), "x1", None)
    b = article("The death toll rose to 9. " + s.format(70), "x2", None)
    c = article("The death toll rose to 9 by noon.", "x3", None)
    assert _claim(report([a, b, c]), "area burned").verdict == "evolving"


def test_figures_their_own_sentence_dates_to_one_day_cannot_differ() -> None:
    """Undated copies: both sentences say the count is of March 3, so a rising toll does not explain 12 vs 40."""
    a = article("The minister said on March 3 that the toll stood at 12 deaths.", "x1", None)
    b = article("On March 3 the minister confirmed 40 deaths in the valley.", "x2", None)
    toll = _claim(report([a, b]), "deaths")
    assert toll.verdict == "contradiction" and toll.severity == Severity.warning
    assert "same day (March 3" in toll.reason


def test_figures_dated_to_different_days_stay_a_timeline() -> None:
    a = article("The minister said on March 3 that the toll stood at 12 deaths.", "x1", None)
    b = article("On March 5 the minister confirmed 40 deaths in the valley.", "x2", None)
    assert _claim(report([a, b]), "deaths").verdict == "evolving"


def test_a_yearless_weekday_date_in_an_undated_article_takes_the_story_year() -> None:
    """Jan. 9, 2025 was a Thursday: "Saturday, Jan. 9" contradicts its own date; "Thursday, Jan. 9" does not."""
    dated = article("Crews returned on January 8, 2025, to the hills.", "x1", dt.date(2025, 1, 8))
    wrong = article("Crews gave an update dated Saturday, Jan. 9 near the ridge.", "x2", None)
    right = article("Crews gave an update dated Thursday, Jan. 9 near the ridge.", "x3", None)
    found = [f for f in check_dates.check(report([dated, wrong, right]), rules()) if "weekday" in f.message]
    assert [f.evidence[0].article_id for f in found] == ["x2"]
    assert found[0].severity == Severity.warning and "story's other dates (2025)" in found[0].message


def test_a_yearless_weekday_date_without_any_story_year_says_nothing() -> None:
    wrong = article("Crews gave an update dated Saturday, Jan. 9 near the ridge.", "x2", None)
    assert [f for f in check_dates.check(report([wrong]), rules()) if "weekday" in f.message] == []
