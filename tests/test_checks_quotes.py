"""quote_altered and speaker_conflict: diffs, severities and evidence, on our own texts."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_link_kit import PLEDGE, cluster_of, link_rules, make_report, run

from quotecheck import link
from quotecheck.checks.quotes import classify
from quotecheck.models import Report
from quotecheck.textnorm import tokenize


def _findings(report: Report, kind: str = "quote_altered") -> list:
    return [f for f in report.findings if f.kind == kind]


def _for(report: Report, quote_id: str):
    return [f for f in _findings(report) if f.details.get("quote_id") == quote_id]


def _classify(canon: str, var: str):
    return classify(tokenize(canon), tokenize(var), link.compiled(link_rules()))


# --------------------------------------------------------------------------- classification


@pytest.mark.parametrize(("canon", "var", "kind", "reason"), [
    ("we will support the plan", "we will not support the plan", "meaning", "negation"),
    ("we will never support the plan", "we will support the plan", "meaning", "negation"),
    ("we sent 11,000 soldiers to the front", "we sent 12,000 soldiers to the front", "meaning", "number"),
    ("we sent three brigades to the front", "we sent two brigades to the front", "meaning", "number"),
    ("we thank Velk and the council for the dam", "we thank Dahl and the council for the dam",
     "meaning", "name"),
    ("we are ready to support every step of the council", "we are ready to oppose every step of the council",
     "meaning", "verb replaced"),
    ("an unconditional offer to the council today", "a conditional offer to the council today",
     "meaning", "negation"),
])
def test_meaning_bearing_changes_are_errors(canon: str, var: str, kind: str, reason: str) -> None:
    ch = _classify(canon, var)
    assert ch.kind == kind and reason in ch.reasons
    assert ch.severity.value == "error"


@pytest.mark.parametrize(("canon", "var", "kind"), [
    ("with regard to tackling the root cause of the crisis", "to tackle the root cause of the crisis",
     "wording"),  # paraphrase, same verb: warning, not error
    ("the root cause of the crisis in the north", "the root cause of the conflict in the north",
     "wording"),  # a noun swapped: a careful editor flags it, but it is no contradiction
    ("ready to back every step of the council", "back every step of the council", "excerpt"),
    ("back every step of the council", "we are ready to back every step of the council", "extension"),
    ("a spirit of frank and friendly cooperation", "a cooperation of frank and friendly spirit", "reorder"),
])
def test_other_changes_are_warnings_or_info(canon: str, var: str, kind: str) -> None:
    ch = _classify(canon, var)
    assert ch.kind == kind
    assert ch.severity.value == ("warning" if kind == "wording" else "info")


def test_typography_only_is_no_change() -> None:
    ch = _classify("Ready to fi-\nnance — every step, taken.", "ready to finance every step taken")
    assert ch.kind == "same"


def test_diff_details_name_added_dropped_replaced() -> None:
    r = run(make_report(), one_story=True)
    (f,) = _for(r, "blog:q1")  # "to repair the northern dam."
    assert f.severity.value == "warning"
    rep = f.details["replaced"]
    assert [(x["from"]["text"], x["to"]["text"]) for x in rep] == [("the repair of", "to repair")]
    assert "the repair of" in f.message and "to repair" in f.message
    (g,) = _for(r, "daily:q2")  # "frank, friendly spirit"
    assert [d["text"] for d in g.details["dropped"]] == ["of", "and"]
    assert [o["quote"]["text"] for o in g.details["ops"] if o["op"] == "move"] == ["spirit"]


# --------------------------------------------------------------------------- findings on a story set


def test_quote_altered_findings_and_nothing_for_typography() -> None:
    r = run(make_report(), one_story=True)
    assert _for(r, "daily:q1") == []  # only punctuation, case, dash, line-wrap hyphen differ
    assert {f.details["quote_id"]: f.severity.value for f in _findings(r)} == {
        "blog:q1": "warning", "daily:q2": "warning", "wire:q3": "info"}
    assert not [f for f in r.findings if f.severity.value == "error"]


def test_every_finding_has_exact_spans_for_every_article_involved() -> None:
    r = run(make_report(), one_story=True)
    texts = {a.id: a.text for a in r.articles}
    assert r.findings
    for f in r.findings:
        for s in f.evidence:
            assert texts[s.article_id][s.start:s.end] == s.text
        cl = next(c for c in r.clusters if c.id == f.details["cluster_id"])
        carriers = {m.article_id for m in cl.members if m.quote_id in (f.details["quote_id"], cl.canonical_quote_id)}
        assert carriers <= {s.article_id for s in f.evidence}
        for part in f.details["added"] + [x["to"] for x in f.details["replaced"]]:
            art = f.details["quote_id"].split(":")[0]
            assert texts[art][part["start"]:part["end"]] == part["text"]


def test_speaker_conflict_for_identical_words_by_two_people() -> None:
    texts = {
        "a": f'Velk said: "{PLEDGE}."\n',
        "b": f'Dahl said: "{PLEDGE}."\n',
    }
    spk = {("a", "ready"): ("Mara Velk", None), ("b", "ready"): ("Oren Dahl", None)}
    r = run(make_report(texts, speakers=spk), one_story=True)
    (f,) = _findings(r, "speaker_conflict")
    assert f.severity.value == "error"
    assert {s.article_id for s in f.evidence} == {"a", "b"}
    assert set(f.details["speakers"]) == {"Mara Velk", "Oren Dahl"}


@pytest.mark.parametrize(("who_b", "channel_a"), [
    (("AP", None), "AP"),  # the agency relays Velk: a channel, not a second speaker
    ((None, None), None),  # unknown speaker
    (("state media", None), None),  # a description, not a name
])
def test_no_speaker_conflict_for_channel_or_unknown(who_b: tuple, channel_a: str | None) -> None:
    texts = {"a": f'Velk said: "{PLEDGE}."\n', "b": f'It said: "{PLEDGE}."\n'}
    spk = {("a", "ready"): ("Mara Velk", channel_a), ("b", "ready"): who_b}
    r = run(make_report(texts, speakers=spk), one_story=True)
    assert len(r.clusters) == 1
    assert _findings(r, "speaker_conflict") == []


def test_short_shared_phrase_by_two_people_is_neither_linked_nor_a_conflict() -> None:
    texts = {"a": 'Velk spoke of the "root problem" again.\n', "b": 'Dahl named the "root problem".\n'}
    spk = {("a", "root"): ("Mara Velk", None), ("b", "root"): ("Oren Dahl", None)}
    r = run(make_report(texts, speakers=spk), one_story=True)
    assert r.clusters == [] and r.findings == []


def test_pledge_cluster_members_carry_wording_per_source() -> None:
    r = run(make_report(), one_story=True)
    c = cluster_of(r, PLEDGE[:20])
    assert {m.article_id for m in c.members} == {"wire", "daily", "blog"}
    assert all(m.text for m in c.members)


@pytest.mark.parametrize("who_b", ["Veldorian state media", "Kaskar Telegraph Agency", "KTA"])
def test_media_descriptions_and_agency_initials_are_channels_not_speakers(who_b: str) -> None:
    texts = {"a": f'Velk said: "{PLEDGE}."\n', "b": f'It said: "{PLEDGE}."\n',
             "c": 'The Kaskar Telegraph Agency reported it.\n'}
    spk = {("a", "ready"): ("Mara Velk", None), ("b", "ready"): (who_b, None)}
    r = make_report(texts, speakers=spk)
    if who_b == "KTA":  # initials of an agency named in the entities
        from quotecheck.models import Entity
        r.entities = [Entity(name="Kaskar Telegraph Agency", type="organization")]
    r = run(r, one_story=True)
    assert _findings(r, "speaker_conflict") == []


def test_same_wording_twice_in_one_article_is_one_finding() -> None:
    texts = {"a": f'Velk said: "{PLEDGE}."\n', "b": f'Velk said: "{PLEDGE}."\n',
             "c": 'Velk: "the repair of the northern dam". She said "the repair of the northern dam".\n'}
    r = run(make_report(texts, speakers={}), one_story=True)
    fs = [f for f in _findings(r) if any(s.article_id == "c" for s in f.evidence)]
    assert len(fs) == 1 and fs[0].severity.value == "info"
    assert sum(1 for s in fs[0].evidence if s.article_id == "c") == 2


def _words() -> list[str]:
    return ["we", "will", "not", "back", "Velk", "the", "dam", "11,000", "repair", "fi-\nnance",
            "—", "every", "step", "council", "never", "two", "Dahl", ","]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(_words()), min_size=1, max_size=14), min_size=2, max_size=6))
def test_random_wordings_never_crash_and_spans_stay_exact(quotes: list[list[str]]) -> None:
    texts = {f"a{i}": "Velk said: \"" + " ".join(ws).replace('"', "") + "\" today.\n"
             for i, ws in enumerate(quotes)}
    r = run(make_report(texts, speakers={}), one_story=True)
    by_id = {a.id: a.text for a in r.articles}
    for f in r.findings:
        for s in f.evidence:
            assert by_id[s.article_id][s.start:s.end] == s.text
        for part in f.details.get("added", []):
            art = f.details["quote_id"].split(":")[0]
            assert by_id[art][part["start"]:part["end"]] == part["text"]


@pytest.mark.parametrize(("evidence_b", "severity"), [("pronoun", "warning"), ("context", None)])
def test_a_speaker_named_through_a_pronoun_makes_a_warning_never_an_error(evidence_b: str,
                                                                            severity: str | None) -> None:
    texts = {"a": f'Velk said: "{PLEDGE}."\n', "b": f'He said: "{PLEDGE}."\n'}
    spk = {("a", "ready"): ("Mara Velk", None), ("b", "ready"): ("Oren Dahl", None)}
    rep = make_report(texts, speakers=spk)
    for q in rep.quotes:
        if q.article_id == "b":
            q.speaker_evidence = evidence_b
    found = _findings(run(rep, one_story=True), "speaker_conflict")
    assert [f.severity.value for f in found] == ([severity] if severity else [])
    if severity:
        assert "pronoun" in found[0].message


def test_a_pronoun_resolved_to_a_single_word_makes_no_speaker_conflict() -> None:
    """"GOP" as the antecedent of "it": too often the wrong one; no finding at all."""
    texts = {"a": f'Velk said: "{PLEDGE}."\n', "b": f'It said: "{PLEDGE}."\n'}
    spk = {("a", "ready"): ("Mara Velk", None), ("b", "ready"): ("GOP", None)}
    rep = make_report(texts, speakers=spk)
    for q in rep.quotes:
        if q.article_id == "b":
            q.speaker_evidence = "pronoun"
    assert _findings(run(rep, one_story=True), "speaker_conflict") == []
