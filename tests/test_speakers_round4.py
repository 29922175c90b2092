"""Issue 15, fourth round: precision leftovers a fact-checker would see, and the patterns of a
third fresh sample of the PolNeAR train split.

Every text is made up; each case has its trap (the looser answer that would be wrong) next to it.
"""

from __future__ import annotations

import pytest
from test_attribution_more import LEAD, attribute
from test_link_kit import make_report, run
from test_link_retold import SHOTS_A, SHOTS_B, _retold, _speakers

from quotecheck import attribution
from quotecheck.checks.quotes import speaker_named_by
from quotecheck.models import Article, Quote, Span
from quotecheck.pipeline import build_report, extract_article
from quotecheck.rules import default_rules

RULES = default_rules()
Q = "We have never seen the river this high, and our teams will reinforce the embankments tonight."
NAMED = f"Flood in Tarn\n\nMayor Lena Okafor said: “{Q}”\n"


def _report(*texts: str):
    arts = [Article(id=f"a{i}", path=f"a{i}.txt", text=t) for i, t in enumerate(texts)]
    return build_report(arts, [extract_article(a, RULES) for a in arts], [], RULES)


def _conflicts(*texts: str) -> list[str]:
    return [f.severity.value for f in _report(*texts).findings if f.kind == "speaker_conflict"]


# --- 1. a description contradicts no name -------------------------------------------------


@pytest.mark.parametrize("who", ["a Norland Republican", "a Republican", "one Democratic source",
                                 "a senior Norland official", "the Norland Democrat", "another Republican",
                                 "the economist"])
def test_a_description_against_a_name_is_no_speaker_conflict(who: str) -> None:
    other = f"Flood in Tarn\n\n“{Q}” {who} said on Monday.\n"
    assert _conflicts(NAMED, other) == []


def test_a_second_name_is_still_a_speaker_conflict_error() -> None:
    # the trap: a name on both sides, one of them after a lower-case title, stays an error
    for other in (f"Flood in Tarn\n\n“{Q}” Ivo Brandt said on Monday.\n",
                  f"Flood in Tarn\n\n“{Q}” the economist Ivo Brandt said on Monday.\n"):
        assert _conflicts(NAMED, other) == ["error"]


def _q(speaker: str, mention: str) -> Quote:
    return Quote(id="a:q1", article_id="a", start=0, end=1, text="x", speaker=speaker,
                 speaker_mention=mention, speaker_evidence="cue")


def test_how_a_mention_names_its_speaker() -> None:
    assert speaker_named_by(_q("Norland Republican", "a Norland Republican")) == "description"
    assert speaker_named_by(_q("one Democratic source", "one Democratic source")) == "description"
    assert speaker_named_by(_q("Kremlin", "the Kremlin")) == "description"
    assert speaker_named_by(_q("Lena Okafor", "Mayor Lena Okafor")) == "name"
    assert speaker_named_by(_q("Ivo Brandt", "the economist Ivo Brandt")) == "name"
    assert speaker_named_by(_q("Tess Arden", "harbour widow Tess Arden")) == "name"
    # "the mayor" resolved to the mayor named before: a guess, like a pronoun's
    assert speaker_named_by(_q("Lena Okafor", "the mayor")) == "resolved"
    assert speaker_named_by(_q("Lena Okafor", "she")) == "resolved"


def test_a_description_resolved_to_a_name_is_a_warning_at_most() -> None:
    other = ("Flood in Tarn\n\nThe river rose again overnight in the town.\n\nMayor Ivo Brandt toured the embankments on Monday.\n\n"
             f"“{Q}” the mayor said.\n")
    rep = _report(NAMED, other)
    (q,) = [q for q in rep.quotes if q.article_id == "a1"]
    assert q.speaker == "Ivo Brandt" and q.speaker_mention == "the mayor"
    assert [f.severity.value for f in rep.findings if f.kind == "speaker_conflict"] == ["warning"]


# --- 2. a quote's channel is never its speaker ----------------------------------------------


def _channels(text: str) -> list[tuple[str | None, str | None]]:
    return [(q.speaker, q.channel) for q in attribute(text)]


def test_a_possessive_after_the_cue_is_not_a_channel() -> None:
    t = LEAD + ("Asavari Lenk, a survivor, spoke at the camp.\n\n“They took my father out of the tent "
                "and we never saw him again,” she recounted, her voice trembling.\nThe family had come "
                "for the view.")
    assert _channels(t) == [("Asavari Lenk", None)]


def test_a_channel_that_is_the_speaker_again_is_dropped() -> None:
    t = LEAD + "“We never saw him again,” Ivo Brandt said, according to Brandt."
    assert _channels(t) == [("Ivo Brandt", None)]


def test_a_real_channel_is_kept() -> None:
    # the trap: a relay that is not the speaker stays the channel
    t = LEAD + "“We never saw him again,” Ivo Brandt said, according to the Tarn Herald."
    assert _channels(t) == [("Ivo Brandt", "Tarn Herald")]


def test_a_channel_merged_into_its_speaker_is_dropped() -> None:
    span = Span(article_id="a", start=0, end=5, text="Okafor")
    qs = [Quote(id="a:q1", article_id="a", start=10, end=20, text="x" * 10, speaker="Lena Okafor",
                speaker_span=span, channel="Lena Okafor", channel_span=span),
          Quote(id="b:q1", article_id="b", start=10, end=20, text="x" * 10, speaker="Ivo Brandt",
                channel="Tarn Herald", channel_span=span)]
    out, _ = attribution.resolve_entities(qs, RULES)
    assert [(q.speaker, q.channel, q.channel_span is not None) for q in out] == [
        ("Lena Okafor", None, False), ("Ivo Brandt", "Tarn Herald", True)]


# --- 3. a retold passage says which numbers changed ---------------------------------------


def test_a_passage_with_the_same_figures_names_no_changed_figure() -> None:
    spk = _speakers(("a", "The older"), ("b", "They pulled"))
    r = run(make_report({"a": SHOTS_A, "b": SHOTS_B}, speakers=spk), one_story=True)
    (f,) = _retold(r)
    # "two shots" on both sides; "one of which hit" / "at him, one" align no figure with another
    assert f.details["figures_changed"] == []
    assert "changed figure" not in f.message
    assert f.details["number_words"] == {"dropped": [], "added": ["one"]}
    assert "number word added: “one”" in f.message


def test_a_passage_with_another_figure_names_the_figures() -> None:
    # the trap: a real figure replaced by another is still called a changed figure, cut to the numbers
    spk = _speakers(("a", "The older"), ("b", "They pulled"))
    r = run(make_report({"a": SHOTS_A, "b": SHOTS_B.replace("him, one in", "him, three in")}, speakers=spk),
            one_story=True)
    (f,) = _retold(r)
    assert f.details["figures_changed"] == [{"from": "one", "to": "three"}]
    assert "a changed figure: “one” → “three”" in f.message


# --- 4. a retold-passage link is an edge of the report ------------------------------------


def test_a_retold_passage_is_an_edge_of_the_report() -> None:
    spk = _speakers(("a", "The older"), ("b", "They pulled"))
    r = run(make_report({"a": SHOTS_A, "b": SHOTS_B}, speakers=spk), one_story=True)
    passages = [e for e in r.edges if e.relation == "passage"]
    assert [(e.source, e.target) for e in passages] == [("a:q1", "b:q1")]
    assert passages[0].similarity == _retold(r)[0].details["similarity"]
    # no passage, no such edge (two different remarks)
    spk = _speakers(("a", "The older"), ("b", "We were"))
    r = run(make_report({"a": SHOTS_A, "b": 'Mira Tolan said: "We were a party of six."\n'},
                        speakers=spk), one_story=True)
    assert [e for e in r.edges if e.relation == "passage"] == []
