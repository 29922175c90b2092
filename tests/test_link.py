"""Stories, edges (same / excerpt / variant), clusters and the blocking index, on our own texts."""

from __future__ import annotations

import datetime as dt

from test_link_kit import PLEDGE, TEXTS, cluster_of, link_rules, make_report, run

from quotecheck import link
from quotecheck.models import Article, Quote, Report
from quotecheck.textnorm import same_key, stem, tokenize


def _edge(report: Report, a: str, b: str):
    for e in report.edges:
        if {e.source, e.target} == {a, b}:
            return e
    return None


# --------------------------------------------------------------------------- normalising


def test_same_key_ignores_case_marks_dashes_wrap_hyphens_and_punctuation() -> None:
    assert same_key("Ready to fi-\nnance — every step,") == same_key("ready to finance every step.")
    assert same_key("Kim Jong-un") == same_key("Kim Jong Un")
    assert same_key("ready to finance") != same_key("ready to refinance")


def test_tokens_keep_original_offsets() -> None:
    text = "He said “to fi-\nnance the dam”."
    for t in tokenize(text):
        assert text[t.start:t.end].replace("-\n", "").casefold() == t.norm


def test_stem_joins_inflections_only() -> None:
    assert stem("tackle") == stem("tackling") == stem("tackled")
    assert stem("cause") == stem("causes")
    assert stem("remove") != stem("tackle")
    assert stem("crisis") == "crisis"


# --------------------------------------------------------------------------- edges


def test_same_edge_across_typographic_differences() -> None:
    r = run(make_report(), one_story=True)
    e = _edge(r, "wire:q1", "daily:q1")
    assert e is not None and e.relation == "same" and e.similarity == 1.0


def test_excerpt_edge_for_contiguous_fragment() -> None:
    r = run(make_report(), one_story=True)
    e = _edge(r, "wire:q3", "blog:q3")  # "historic duty" inside the longer blog quote
    assert e is not None and e.relation == "excerpt"
    assert 0 < e.similarity < 1


def test_variant_edge_for_fuzzy_fragment() -> None:
    """"to repair the northern dam" vs "as regards the repair of the northern dam"."""
    r = run(make_report(), one_story=True)
    e = _edge(r, "wire:q1", "blog:q1")
    assert e is not None and e.relation == "variant"
    assert e.similarity >= link_rules().one("link").thresholds.containment


def test_variant_edge_for_reordered_words() -> None:
    r = run(make_report(), one_story=True)
    e = _edge(r, "wire:q2", "daily:q2")  # "a spirit of frank and friendly cooperation"
    assert e is not None and e.relation == "variant"


def test_no_edge_between_quotes_of_one_article_or_one_word() -> None:
    texts = {"a": 'He called it "heroic" and "heroic" again.', "b": 'She said "heroic".'}
    r = run(make_report(texts, speakers={}), one_story=True)
    assert r.edges == [] and r.clusters == []


def test_raising_the_variant_threshold_in_rule_data_removes_the_variant() -> None:
    strict = link_rules(thresholds={"containment": 1.0, "variant": 1.0})
    r = run(make_report(), rules=strict, one_story=True)
    e = _edge(r, "wire:q2", "daily:q2")
    assert e is None


# --------------------------------------------------------------------------- clusters


def test_similar_pledge_by_another_speaker_is_a_separate_statement() -> None:
    r = run(make_report(), one_story=True)
    velk = cluster_of(r, PLEDGE[:20])
    assert velk is not None
    assert "daily:q3" not in {m.quote_id for m in velk.members}  # Dahl's pledge
    assert all("full sympathy" not in m.text for c in r.clusters for m in c.members)


def test_two_different_speakers_block_a_variant_even_when_text_is_close() -> None:
    """No ``variant`` edge between two people; the line links only as a mutual retelling of
    two cue-named speakers (issue 15), reported as a speaker conflict at warning, never error."""
    a = "Velk said: \"we will back every step taken by the council on the northern dam.\"\n"
    b = "Dahl said: \"we will back each step taken by the council on the northern dam.\"\n"
    spk = {("a", "we will"): ("Mara Velk", None), ("b", "we will"): ("Oren Dahl", None)}
    r = run(make_report({"a": a, "b": b}, speakers=spk), one_story=True)
    assert [e.relation for e in r.edges] == ["reworded"]
    (f,) = [f for f in r.findings if f.kind == "speaker_conflict"]
    assert f.severity.value == "warning" and set(f.details["speakers"]) == {"Mara Velk", "Oren Dahl"}
    rep = make_report({"a": a, "b": b}, speakers=spk)
    rep.quotes[1] = rep.quotes[1].model_copy(update={"speaker_evidence": "pronoun"})
    assert run(rep, one_story=True).clusters == []  # a pronoun is not enough to link two people
    spk_same = {("a", "we will"): ("Mara Velk", None), ("b", "we will"): ("Mara Velk", None)}
    linked = run(make_report({"a": a, "b": b}, speakers=spk_same), one_story=True)
    assert len(linked.clusters) == 1


def test_short_fragment_does_not_chain_two_statements() -> None:
    """"the northern dam" fits both pledges; it may attach to one cluster only."""
    texts = {
        "a": f'Velk said: "{PLEDGE}."\n',
        "b": f'Velk added she was "{PLEDGE}".\n',
        "c": 'Dahl said: "we must never again neglect the safety of the northern dam in winter."\n',
        "d": 'Dahl also said: "we must never again neglect the safety of the northern dam in winter."\n',
        "e": 'The mayor spoke of "the northern dam" twice.\n',
    }
    r = run(make_report(texts, speakers={}), one_story=True)
    big = [c for c in r.clusters if len(c.members) >= 2 and any(len(m.text) > 40 for m in c.members)]
    assert len(big) == 2  # the pledge and the safety remark stay apart
    holders = [c for c in r.clusters if any(m.text == "the northern dam" for m in c.members)]
    assert len(holders) <= 1


def test_canonical_is_the_wording_most_sources_carry() -> None:
    r = run(make_report(), one_story=True)
    c = cluster_of(r, PLEDGE[:20])
    assert c.canonical_quote_id in {"wire:q1", "daily:q1"}
    rel = {m.quote_id: m.relation for m in c.members}
    assert rel["blog:q1"] == "variant" and "canonical" in rel.values()


def test_wire_agency_wording_breaks_a_tie() -> None:
    texts = {
        "paper": 'Velk said: "we will back every step the regional council takes on the northern dam '
                 'this year."\n',
        "agency": 'SLIEMA, May 2 (Reuters) - Velk said: "we will back each step the regional council '
                  'takes on the northern dam this year."\n',
    }
    r = run(make_report(texts, speakers={}), one_story=True)
    assert len(r.clusters) == 1
    assert r.clusters[0].canonical_quote_id.startswith("agency:")


def test_linking_uses_candidate_pairs_not_all_pairs() -> None:
    words = [f"w{i}" for i in range(4000)]
    arts, quotes = [], []
    for i in range(400):
        text = " ".join(words[i * 10:(i * 10) + 10])
        arts.append(Article(id=f"a{i}", path="x", text=text))
        quotes.append(Quote(id=f"a{i}:q1", article_id=f"a{i}", start=0, end=len(text), text=text))
    rep = Report(articles=arts, quotes=quotes)
    infos = link.prepare(rep, [], link_rules())
    pairs = list(link.candidate_pairs(infos, link_rules().one("link").blocking))
    assert len(pairs) == 0  # nothing shared, nothing compared (all pairs would be 79,800)


# --------------------------------------------------------------------------- stories


def _story_texts() -> dict[str, str]:
    return {
        **TEXTS,
        "quake1": "Rescuers in Antofagasta searched for survivors after the earthquake, Chile's "
                  "emergency office ONEMI said. Governor Rosa Ibarra asked for tents.\n",
        "quake2": "Chile's ONEMI said the Antofagasta earthquake left 300 homeless; Governor Rosa "
                  "Ibarra visited the shelters in Antofagasta.\n",
    }


def test_group_stories_separates_unrelated_events() -> None:
    r = make_report(_story_texts(), speakers={})
    stories = link.group_stories(r, link_rules())
    groups = sorted(sorted(s.article_ids) for s in stories)
    assert ["quake1", "quake2"] in groups
    assert any({"wire", "daily"} <= set(g) for g in groups)
    assert all(s.reason for s in stories)


def test_group_stories_respects_the_date_window() -> None:
    far = {"quake1": dt.date(2025, 1, 1), "quake2": dt.date(2025, 3, 1)}
    r = make_report(_story_texts(), speakers={}, dates=far)
    stories = link.group_stories(r, link_rules())
    assert not any({"quake1", "quake2"} <= set(s.article_ids) for s in stories)


def test_one_story_forces_a_single_group() -> None:
    r = make_report(_story_texts(), speakers={})
    stories = link.group_stories(r, link_rules(), one_story=True)
    assert len(stories) == 1 and len(stories[0].article_ids) == 5


def test_no_cross_story_edges() -> None:
    texts = {
        "a": 'Velk said: "we will back every step the council takes on the dam."\n',
        "b": 'Ibarra said: "we will back every step the council takes on the dam."\n',
    }
    r = make_report(texts, speakers={})
    rules = link_rules()
    from quotecheck.models import Story
    r.stories = [Story(id="s1", article_ids=["a"]), Story(id="s2", article_ids=["b"])]
    clusters, edges = link.link_quotes(r, rules)
    assert clusters == [] and edges == []
