"""Retold passages (issue 15): one speaker's two quotes that share a sentence and go on differently.

Only the shared run of sentences is linked and compared; the finding is a ``warning`` at most.
Texts are ours, shaped like the wirecopy survivor accounts (one witness told two outlets the
same moment in other words) and like the traps (one official's two different statements that
share a sentence; two remarks on one theme from two briefings).
"""

from __future__ import annotations

from test_link_kit import link_rules, make_report, run

from quotecheck import link
from quotecheck.checks import quotes as quote_checks

# Opens alike (one word dropped), then goes on differently.
OPEN_A = ('Mira Tolan, who survived, said: "We were a party of six walkers, including my two aunts. '
          'We had stopped at the old mill bridge when the shooting started."\n')
OPEN_B = ('"We were a party of six, including my two aunts. The gunmen wore the grey coats of park '
          'rangers," Mira Tolan recalled.\n')
# The same moment told with other words and other facts (the wheel against the door).
SHOTS_A = ('Mira Tolan said: "The older one told my uncle to kneel. He laughed and fired two shots, one '
           'of which hit my uncle in the shoulder, the other smashing the window of the van."\n')
SHOTS_B = ('Mira Tolan said: "They pulled my uncle from the van and shouted at him. When he refused, '
           'they fired two shots at him, one in the shoulder and one through the door."\n')
# One official, two different statements that share one sentence word for word.
TWO_A = ('Governor Ilse Varga said: "I am flying back to Korvik tonight. The bridge will reopen '
         'on Monday and the ferries will run every hour."\n')
TWO_B = ('Governor Ilse Varga said: "I am flying back to Korvik tonight. Nobody should travel to '
         'the coast until the police say the roads are safe."\n')
# One official, two remarks on one theme at two briefings: no figure, loose order.
THEME_A = ('Sheriff Pol Arne said: "It looks like a storm, a terrible storm, went through these '
           'streets, and I expect no good news."\n')
THEME_B = ('"A lot of these streets still look like a storm hit them," Sheriff Pol Arne said.\n')


def _speakers(*pairs: tuple[str, str], who: str = "Mira Tolan") -> dict:
    return {p: (who, None) for p in pairs}


def _retold(report) -> list:
    return [f for f in report.findings if f.kind == "quote_altered" and f.details.get("part")]


def test_passages_that_open_alike_link_on_the_shared_sentence_only() -> None:
    spk = _speakers(("a", "We were"), ("b", "We were"))
    r = run(make_report({"a": OPEN_A, "b": OPEN_B}, speakers=spk), one_story=True)
    (f,) = _retold(r)
    assert f.severity.value == "warning"
    texts = sorted(s.text for s in f.evidence)
    assert texts == ["We were a party of six walkers, including my two aunts",
                     "We were a party of six, including my two aunts"]
    for s in f.evidence:  # offsets index the original article text
        assert r.articles[0 if s.article_id == "a" else 1].text[s.start:s.end] == s.text
    assert [d["text"] for d in f.details["dropped"]] == ["walkers"]
    assert "mill" not in str(f.details) and "rangers" not in str(f.details)  # the rest is never diffed
    assert r.clusters == []  # the two quotes are not one statement


def test_a_retelling_that_shares_a_figure_is_flagged_with_the_changed_words() -> None:
    spk = _speakers(("a", "The older"), ("b", "They pulled"))
    r = run(make_report({"a": SHOTS_A, "b": SHOTS_B}, speakers=spk), one_story=True)
    (f,) = _retold(r)
    assert f.severity.value == "warning"  # other words, other facts, but maybe two tellings
    assert f.details["relation"] == "reworded"
    replaced = " ".join(f"{x['from']['text']}>{x['to']['text']}" for x in f.details["replaced"])
    assert "window of the van" in replaced and "door" in replaced
    assert all("refused" not in s.text and "kneel" not in s.text for s in f.evidence)


def test_a_shared_identical_sentence_of_two_statements_is_no_finding() -> None:
    spk = _speakers(("a", "I am"), ("b", "I am"), who="Ilse Varga")
    r = run(make_report({"a": TWO_A, "b": TWO_B}, speakers=spk), one_story=True)
    assert [f for f in r.findings if f.kind == "quote_altered"] == []
    rules = link_rules()
    infos = link.prepare(r, r.stories, rules)
    (p,) = link.part_links(infos, rules)
    assert p.relation == "same"


def test_two_remarks_on_one_theme_without_a_shared_figure_are_not_linked() -> None:
    spk = _speakers(("a", "It looks"), ("b", "A lot"), who="Pol Arne")
    r = run(make_report({"a": THEME_A, "b": THEME_B}, speakers=spk), one_story=True)
    rules = link_rules()
    assert link.part_links(link.prepare(r, r.stories, rules), rules) == []
    assert r.findings == []


def test_two_speakers_or_a_guessed_speaker_never_link_a_passage() -> None:
    spk = {("a", "We were"): ("Mira Tolan", None), ("b", "We were"): ("Ana Tolan", None)}
    r = run(make_report({"a": OPEN_A, "b": OPEN_B}, speakers=spk), one_story=True)
    assert _retold(r) == []
    rep = make_report({"a": OPEN_A, "b": OPEN_B}, speakers=_speakers(("a", "We were"), ("b", "We were")))
    rep.quotes[1] = rep.quotes[1].model_copy(update={"speaker_evidence": "context"})
    assert _retold(run(rep, one_story=True)) == []


def test_a_negation_inside_the_shared_stretch_says_another_statement() -> None:
    a = 'Ilse Varga said: "The harbour wall will hold through the winter storms. Ask the mayor."\n'
    b = 'Ilse Varga said: "The harbour wall will not hold through the winter storms. We warned them."\n'
    spk = _speakers(("a", "The harbour"), ("b", "The harbour"), who="Ilse Varga")
    r = run(make_report({"a": a, "b": b}, speakers=spk), one_story=True)
    assert _retold(r) == []


def test_sentences_and_trimmed_clauses() -> None:
    spk = _speakers(("a", "The older"), ("b", "They pulled"))
    rep = make_report({"a": SHOTS_A, "b": SHOTS_B}, speakers=spk)
    rules = link_rules()
    rep.stories = link.group_stories(rep, rules, one_story=True)
    infos = link.prepare(rep, rep.stories, rules)
    x, y = infos
    assert len(link.sentence_ranges(x)) == 2 and len(link.sentence_ranges(y)) == 2
    (p,) = link.part_links(infos, rules)
    toks = link.quote_tokens(y)
    # "When he refused," holds no shared word: trimmed off the passage
    assert toks[p.y_part[0]].norm == "they" and toks[p.y_part[0] - 1].norm == "refused"
    assert quote_checks.retold_findings(rep, infos, rules, link.compiled(rules),
                                        {a.id: a for a in rep.articles})


def test_two_statements_ending_on_one_formula_with_the_same_place_are_not_a_retelling() -> None:
    a = ('Mayor Oda Renn said: "Nobody in Tarvo wants another winter like this. That is why we will '
         'close the Arlen Bridge once the engineers have reported near the Arlen Bridge and the '
         'urgent questions will be settled quickly along the Mosk."\n')
    b = ('Mayor Oda Renn said: "We came to Tarvo with a clear plan, so the council will open the '
         'Arlen Bridge to lorries within the next week near the Arlen Bridge and the pressing '
         'questions will be settled quickly along the Mosk."\n')
    spk = _speakers(("a", "Nobody"), ("b", "We came"), who="Oda Renn")
    r = run(make_report({"a": a, "b": b}, speakers=spk), one_story=True)
    assert _retold(r) == []
    a2 = ('Mayor Oda Renn said: "That is why we will close the ferry until every passenger is found '
          'and the questions about the old hull and the lost crew will be answered by the board."\n')
    b2 = ('Mayor Oda Renn said: "The ferry has run for ninety years, and we will search the shore for '
          'a week and the questions about the old hull and the lost crew will be answered by the board."\n')
    spk = _speakers(("a", "That is"), ("b", "The ferry"), who="Oda Renn")
    r = run(make_report({"a": a2, "b": b2}, speakers=spk), one_story=True)
    assert _retold(r) == []  # one shared formula explains the likeness: no word diff


def test_words_a_speaker_says_in_every_quote_do_not_make_a_retelling() -> None:
    """Rarity among the story's other quotes weighs the shared words: "people", "great",
    "country", "jobs" in every quote of one speaker say nothing about which statement it is."""
    texts = {
        "a": ('Dan Rooke said: "People in this great country want good jobs and the new bridge. '
              'We will open the northern port next spring."\n'),
        "b": ('Dan Rooke said: "The people of our great country want real jobs and lower taxes today. '
              'Nobody will close the mill while I am here."\n'),
    }
    for k, tail in enumerate(["believe me", "and they will get them", "not excuses", "now"]):
        texts[f"f{k}"] = f'Dan Rooke said: "The people of this great country want jobs, {tail}."\n'
    spk = {(k, p): ("Dan Rooke", None) for k in texts for p in ("The people", "People in")}
    r = run(make_report(texts, speakers=spk), one_story=True)
    assert _retold(r) == []
    only_two = run(make_report({k: texts[k] for k in ("a", "b")}, speakers=spk), one_story=True)
    assert len(_retold(only_two)) == 1  # alone, the two openings would be one passage retold
