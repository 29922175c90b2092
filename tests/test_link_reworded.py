"""The ``reworded`` edge: one named speaker's statement retold in other words (issue 15).

Texts are short sentences written for this test, shaped like the wirecopy retellings
(a minister's line and the same line with one word added and one replaced).
"""

from __future__ import annotations

from test_link_kit import link_rules, make_report, run

from quotecheck import link

A = 'Ilse Varga said: "Every road closed this week is a heavy blow to the valley."\n'
B = 'Varga, the transport chief, said: "Every single road closed this week is a severe blow to our valley."\n'


def _edges(report, relation: str) -> list:
    return [e for e in report.edges if e.relation == relation]


def test_same_speaker_retelling_is_linked_as_reworded_and_diffed() -> None:
    spk = {("a", "Every road"): ("Ilse Varga", None), ("b", "Every single"): ("Ilse Varga", None)}
    r = run(make_report({"a": A, "b": B}, speakers=spk), one_story=True)
    (e,) = _edges(r, "reworded")
    assert {e.source, e.target} == {"a:q1", "b:q1"}
    (cl,) = r.clusters
    assert {m.relation for m in cl.members} == {"canonical", "reworded"}
    (f,) = [f for f in r.findings if f.kind == "quote_altered"]
    words = str(f.details)
    assert "heavy" in words and "severe" in words and "single" in words


def test_two_cue_named_speakers_of_one_retold_line_are_a_speaker_conflict_warning() -> None:
    """The same line in other words, given to two people each named by a cue: perhaps a wrong
    name, perhaps two people saying alike: linked, and reported as a warning, never an error."""
    spk = {("a", "Every road"): ("Ilse Varga", None), ("b", "Every single"): ("Per Holm", None)}
    r = run(make_report({"a": A, "b": B}, speakers=spk), one_story=True)
    (e,) = _edges(r, "reworded")
    (f,) = [f for f in r.findings if f.kind == "speaker_conflict"]
    assert f.severity.value == "warning" and "other words" in f.message
    assert {s.article_id for s in f.evidence} == {"a", "b"}


def test_two_speakers_of_a_fragment_and_a_longer_line_are_not_linked() -> None:
    """Not mutual: the fragment's words are in the longer line, most of the longer line's are
    not in the fragment (Kim's "root cause of the crisis" against Choe's longer pledge)."""
    a = 'Ilse Varga said: "every road closed is a heavy blow."\n'
    b = ('Per Holm said: "Every single road closed this week in the north is a severe blow to the '
         'farmers, the schools and the clinics of our valley."\n')
    spk = {("a", "every road"): ("Ilse Varga", None), ("b", "Every single"): ("Per Holm", None)}
    r = run(make_report({"a": a, "b": b}, speakers=spk), one_story=True)
    assert _edges(r, "reworded") == [] and r.clusters == []


def test_without_a_speaker_the_overlap_is_too_loose_to_link() -> None:
    r = run(make_report({"a": A, "b": B}, speakers={}), one_story=True)
    assert r.clusters == []


def test_speaker_found_only_from_context_does_not_link() -> None:
    spk = {("a", "Every road"): ("Ilse Varga", None), ("b", "Every single"): ("Ilse Varga", None)}
    rep = make_report({"a": A, "b": B}, speakers=spk)
    rep.quotes[1] = rep.quotes[1].model_copy(update={"speaker_evidence": "context"})
    assert _edges(run(rep, one_story=True), "reworded") == []


def _infos(a: str, b: str):
    spk = {("a", a[:8]): ("Ilse Varga", None), ("b", b[:8]): ("Ilse Varga", None)}
    rep = make_report({"a": f'Varga said: "{a}"\n', "b": f'Varga said: "{b}"\n'}, speakers=spk)
    rules = link_rules()
    rep.stories = link.group_stories(rep, rules, one_story=True)
    return link.prepare(rep, rep.stories, rules), link.compiled(rules)


def test_negation_or_order_says_another_statement() -> None:
    (x, y), c = _infos("The harbour wall will hold through the winter storms.",
                       "The harbour wall will not hold through the winter storms, sadly.")
    assert link.reworded(x, y, c.rules.thresholds, c.negations) is None
    (x, y), c = _infos("Storms broke the wall and flooded the old harbour town.",
                       "The old harbour town flooded and storms broke the wall.")
    assert link.reworded(x, y, c.rules.thresholds, c.negations) is None
    (x, y), c = _infos("Every road closed this week is a heavy blow to the valley.",
                       "Every single road closed this week is a severe blow to our valley.")
    rel = link.reworded(x, y, c.rules.thresholds, c.negations)
    assert rel is not None and rel.relation == "reworded" and 0.6 <= rel.similarity <= 1.0


def test_a_contracted_negation_says_another_statement() -> None:
    (x, y), c = _infos("We can reopen the harbour road before the winter storms.",
                       "We can't reopen the harbour road before the winter storms.")
    assert link.reworded(x, y, c.rules.thresholds, c.negations) is None
