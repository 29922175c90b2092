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


# --- 5. patterns of the third train sample (each with its trap) -----------------------------


def _who(text: str) -> list[str | None]:
    return [q.speaker for q in attribute(text)]


GROBERG = ("Tomek Arvelin, a veteran, spoke at the hall.\n\n“She has no experience at all,” he "
           "said.\n\nDespite many people blaming Maria Voss for the losses, Arvelin says it is hard to "
           "blame one person. He also says the matter was dealt with.\n\n“The whole affair does not "
           "help, and she should have had a slap on the hand,” he said.\n")


def test_he_of_an_earlier_quote_makes_a_person_a_man_for_later_pronouns() -> None:
    assert _who(LEAD + GROBERG) == ["Tomek Arvelin", "Tomek Arvelin"]


def test_without_an_earlier_he_a_woman_in_between_still_blocks_the_guess() -> None:
    # the trap: nothing says Arvelin is a man, and Maria Voss is named in between: no guess
    t = (LEAD + GROBERG).replace("“She has no experience at all,” he said.", "“She has no experience at all,” Arvelin said.")
    assert _who(t) == ["Tomek Arvelin", None]


def test_a_surname_two_people_share_stands_for_neither() -> None:
    t = LEAD + ("Anna Voss and her husband, former Mayor Peter Voss, came to the wedding.\n\n“I did know "
                "him,” Voss said.\n\n“It is going to be interesting,” she continued.\n")
    assert _who(t) == ["Voss", "Voss"]
    # the trap: the one named in full more often is the bare surname's (two men: left alone)
    t = LEAD + ("Peter Voss spoke. Anna Voss and her husband, Peter Voss, came to the wedding.\n\n"
                "“I did know him,” Voss said.\n")
    assert _who(t) == ["Peter Voss"]
    # the trap: one Voss named in full is the Voss
    t = LEAD + "Anna Voss came to the wedding.\n\n“I did know him,” Voss said.\n\n“It is going to be fun,” she continued.\n"
    assert _who(t) == ["Anna Voss", "Anna Voss"]


def test_an_indefinite_article_and_an_adjective_before_a_name() -> None:
    t = LEAD + "Ivo Brandt spoke. “Tarn is no longer Tarn,” he said. “Tarn will always be Tarn,” an angry Lena Voss retaliated."
    assert _who(t)[-1] == "Lena Voss"
    # the trap: an adjective and a description head is a description, not the person named before
    t = LEAD + "Senator Lena Voss spoke. “Tarn will always be Tarn,” an angry senator retaliated."
    assert _who(t)[-1] != "Lena Voss"


def test_reacted_before_a_name() -> None:
    t = LEAD + "Lena Voss spoke.\n\n“Is the mayor profiling?” reacted Ivo Brandt. Earlier, he spoke."
    assert _who(t) == ["Ivo Brandt"]
    # the trap: "X reacted to …" after a quote with its own cue is no attribution
    t = LEAD + "“Is the mayor profiling?” Lena Voss asked. Ivo Brandt reacted calmly to the vote."
    assert _who(t) == ["Lena Voss"]


def test_this_source_is_an_anonymous_description() -> None:
    t = LEAD + "Lena Voss spoke.\n\n“The kids do not like him at all, and they are happy,” this source told the Herald."
    assert _who(t) == ["this source"]  # the trap: never the Lena Voss named before


def test_the_audience_and_the_suit_speak_for_themselves() -> None:
    t = LEAD + "Ivo Brandt asked who would pay. “Mexico!” the audience screamed back. Brandt smiled."
    assert _who(t) == ["audience"]  # the trap: not Brandt, the subject of the sentence before
    t = LEAD + "Lena Voss sued.\n\n“Plaintiff was the only one of the four to be reprimanded,” the suit says."
    assert _who(t) == ["suit"]  # the trap: the document, not the Lena Voss who filed it


def test_interjected_is_a_cue() -> None:
    t = LEAD + "Lena Voss spoke. Ivo Brandt interjected: “So you are saying there will be some flexibility?” Voss replied, “No, never.”"
    assert _who(t) == ["Ivo Brandt", "Lena Voss"]


def test_master_of_ceremonies_is_a_title() -> None:
    t = LEAD + "“Thanks, Tarn, for welcoming these refugees,” said master of ceremonies Ivo Brandt, an engineer."
    assert _who(t) == ["Ivo Brandt"]
    # the trap: the title alone names nobody
    t = LEAD + "Ivo Brandt arrived.\n\n“Thanks, Tarn, for welcoming these refugees,” said the master of ceremonies."
    assert _who(t) != ["Ivo Brandt"]


def test_a_spokesman_for_a_lower_case_group() -> None:
    t = LEAD + "“The simple truth is that the facts have not changed,” a spokesman for committee Democrats said."
    assert _who(t) == ["spokesman for committee Democrats"]
    # the trap: a spokesman for a named person is not that person
    t = LEAD + "“The simple truth is that the facts have not changed,” a spokesman for Ivo Brandt said."
    assert _who(t) != ["Ivo Brandt"]


def test_an_abbreviation_inside_the_apposition_of_a_late_name() -> None:
    t = LEAD + ("“To see the number of cases that could change is stunning,” since so many were decided "
                "by one vote, said Lena Voss, who teaches law at the University in St. Louis.\n\nThe end.")
    assert _who(t) == ["Lena Voss"]
    # the trap: a new sentence with the name as subject is not the cue of the quote
    t = LEAD + ("“To see the number of cases that could change is stunning,” since so many were decided "
                "by one vote. Lena Voss, who teaches law in St. Louis, left the room.\n\nThe end.")
    assert _who(t) != ["Lena Voss"]


def test_a_question_in_the_sentence_of_the_one_asked_is_not_theirs() -> None:
    t = LEAD + ("Ivo Brandt spoke of the harbour.\n\nLena Voss was asked by host Ivo Brandt, who is "
                "backing Voss but has long dismissed the plan, “Now, you said the plan was dead, has it "
                "not moved a little?”\n\nVoss responded, “It has.”")
    assert _who(t) == [None, "Lena Voss"]  # the trap: the answer after it is hers


def test_an_owner_before_a_full_name() -> None:
    t = LEAD + "“What stuns me is how little the field seems to shift week to week,” Twitter's Adam Sharp said."
    assert _who(t) == ["Adam Sharp"]
    # the trap: an owner before a single word is no full name
    t = LEAD + "Ivo Brandt spoke.\n\n“What stuns me is how little the field seems to shift,” Brandt's Sharp said."
    assert _who(t) != ["Ivo Brandt"]


def test_a_transcript_turn_with_an_honorific_and_a_party_label() -> None:
    t = LEAD + ("Voss's claim is her own.\n\nRep. Lena Voss (R-S.C.):\"I have not heard anyone other than "
                "you cite that figure. Who told you that?\"\n\nVoss left.")
    assert _who(t) == ["Lena Voss"]
    # the trap: a parenthesis after a word that is no name names nobody
    t = LEAD + "Voss's claim is her own.\n\nA lesson (R-S.C.):\"I have not heard anyone other than you cite that figure.\"\n"
    assert _who(t) == [None]
