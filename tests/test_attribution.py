"""Speakers, cues and channels: one short text per pattern of the quotes issue."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotecheck import attribution, quotes
from quotecheck.models import Article, Block, Quote, Segmentation
from quotecheck.rules import RuleError, default_rules, load_rules


def attribute(text: str, rules=None) -> list[Quote]:
    rules = rules or default_rules()
    art = Article(id="a", path="a.txt", text=text)
    seg = Segmentation(article_id="a", blocks=[Block(start=0, end=len(text))])
    qs = attribution.attribute(art, seg, quotes.extract_quotes(art, seg, rules), rules)
    for q in qs:  # every span points into the text exactly
        assert q.text == text[q.start:q.end]
        for sp in (q.speaker_span, q.cue_span, q.channel_span):
            if sp is not None:
                assert sp.text == text[sp.start:sp.end] and sp.article_id == "a"
    return qs


def one(text: str, quote: str) -> Quote:
    got = [q for q in attribute(text) if q.text == quote]
    assert len(got) == 1, [q.text for q in attribute(text)]
    return got[0]


def check(q: Quote, text: str, speaker: str | None, mention: str | None = None,
          cue: str | None = None, channel: str | None = None, at: int | None = None) -> None:
    assert q.speaker == speaker
    if mention is not None:
        assert q.speaker_mention == mention
        assert q.speaker_span is not None and q.speaker_span.text == mention
        assert q.speaker_span.start == (text.index(mention) if at is None else at)
    if cue is not None:
        assert q.cue == cue and q.cue_span is not None and q.cue_span.text == cue
    assert q.channel == channel


def test_quote_comma_name_said() -> None:
    t = "“The bridge will reopen in May,” Maria Okafor said on Tuesday."
    q = one(t, "The bridge will reopen in May,")
    check(q, t, "Maria Okafor", "Maria Okafor", "said")
    assert q.kind == "full" and q.pattern == "after-name-cue"
    assert (q.start, q.end) == (1, t.index("”"))


def test_quote_said_name_apposition() -> None:
    t = "“Nobody was hurt,” said Vidhi Chaudhary, a police officer at the scene."
    q = one(t, "Nobody was hurt,")
    check(q, t, "Vidhi Chaudhary", "Vidhi Chaudhary", "said")
    assert q.pattern == "after-cue-name"


def test_name_said_colon_quote() -> None:
    t = "Deputy Commissioner of Police Kanan Desai said: “The search is over.”"
    q = one(t, "The search is over.")
    check(q, t, "Kanan Desai", cue="said")
    assert q.speaker_mention is not None and q.speaker_mention.endswith("Kanan Desai")


def test_name_said_that_quote() -> None:
    t = "The mayor, Ana Ruiz, said that “the water is safe to drink again.”"
    q = one(t, "the water is safe to drink again.")
    check(q, t, "Ana Ruiz", cue="said")


def test_name_told_addressee_that_quote_and_told_media_is_a_channel() -> None:
    t = ("North Korean leader Kim Jong Un told the visiting minister that his country was "
         "“ready to support every measure taken by its ally.”")
    q = one(t, "ready to support every measure taken by its ally.")
    check(q, t, "Kim Jong Un", cue="told")
    assert q.channel is None
    t2 = "Ahmed Salim told Reuters: “We will not sign this deal.”"
    q2 = one(t2, "We will not sign this deal.")
    check(q2, t2, "Ahmed Salim", "Ahmed Salim", "told", channel="Reuters")
    assert q2.channel_span is not None and q2.channel_span.text == "Reuters"


def test_according_to_name_quote() -> None:
    t = "According to Lena Park, “the talks were frank and useful.”"
    q = one(t, "the talks were frank and useful.")
    check(q, t, "Lena Park", "Lena Park", "According to")


def test_name_who_clause_said_quote() -> None:
    t = "Lavrov, who is expected to stay until Sunday, said “our ties are growing stronger.”"
    q = one(t, "our ties are growing stronger.")
    check(q, t, "Lavrov", "Lavrov", "said")


def test_name_expressed_quote() -> None:
    t = "Ana Maria Costa expressed “firm backing for every step her cabinet has taken.”"
    q = one(t, "firm backing for every step her cabinet has taken.")
    check(q, t, "Ana Maria Costa", "Ana Maria Costa", "expressed")


def test_name_described_as_quote() -> None:
    t = "Lavrov described Wonsan as “a very promising place for tourists.”"
    q = one(t, "a very promising place for tourists.")
    check(q, t, "Lavrov", "Lavrov", "described")


def test_name_called_it_quote() -> None:
    t = "The senator called it “a shameful day for the chamber.”"
    q = one(t, "a shameful day for the chamber.")
    assert q.speaker == "senator" and q.cue == "called"


def test_quote_name_added() -> None:
    t = "Oskar Lind spoke first. “We expect a vote by Friday,” Lind added."
    q = one(t, "We expect a vote by Friday,")
    check(q, t, "Oskar Lind", "Lind", "added", at=t.rindex("Lind"))


def test_quote_he_told_the_paper() -> None:
    t = ("Fire chief Tomas Berg arrived at noon.\n\n"
         "“The roof could collapse at any time,” he told the paper.")
    q = one(t, "The roof could collapse at any time,")
    check(q, t, "Tomas Berg", "he", "told", channel="paper", at=t.index("he told"))
    assert q.channel_span is not None and q.channel_span.text == "the paper"


def test_continuation_quotes_keep_the_speaker() -> None:
    t = ("“The dam held,” said Priya Nair, an engineer. “We were lucky. "
         "The next storm may be worse.”")
    qs = attribute(t)
    assert [q.speaker for q in qs] == ["Priya Nair", "Priya Nair"]
    assert qs[1].pattern == "continuation"


def test_standalone_quote_after_sentence_whose_subject_spoke() -> None:
    t = ("Russian Foreign Minister Sergey Lavrov accused three countries of a military "
         "build-up near the border. \"We warn against building alliances against anyone.\"")
    q = one(t, "We warn against building alliances against anyone.")
    check(q, t, "Sergey Lavrov", cue="accused")
    assert q.pattern == "previous-sentence-subject"


def test_titles_and_appositions_reduce_to_names() -> None:
    t = ("“We are ready,” North Korean leader Kim Jong Un said.\n\n"
         "“Thank you,” Russian Foreign Minister Sergey Lavrov said.\n\n"
         "“Stay calm,” said Vidhi Chaudhary, a police officer.")
    assert [q.speaker for q in attribute(t)] == ["Kim Jong Un", "Sergey Lavrov", "Vidhi Chaudhary"]


def test_pronouns_and_descriptions_resolve_to_earlier_names() -> None:
    t = ("North Korean leader Kim Jong Un met Russian Foreign Minister Sergey Lavrov in Wonsan.\n\n"
         "“Our friendship is eternal,” the North Korean leader said.\n\n"
         "“Russia is grateful,” the minister said.\n\n"
         "The Korean Central News Agency (KCNA) covered the meeting.\n\n"
         "The talks took place in “a warm atmosphere,” the agency said.\n\n"
         "Later Lavrov spoke again. “We will return,” he said.")
    qs = attribute(t)
    assert [q.speaker for q in qs] == ["Kim Jong Un", "Sergey Lavrov", "KCNA", "Sergey Lavrov"]
    assert [q.speaker_mention for q in qs] == ["the North Korean leader", "the minister",
                                               "the agency", "he"]


def test_organisations_and_media_are_speakers() -> None:
    t = ("KCNA said the ties were “an invincible alliance.”\n\n"
         "State media called the visit “a historic step.”\n\n"
         "The Russian foreign ministry said both sides “reaffirmed their commitment.”\n\n"
         "“Talks will continue,” Reuters reported.")
    # "state media" right after KCNA is KCNA; with no outlet named before it stays as written
    assert [q.speaker for q in attribute(t)] == ["KCNA", "KCNA",
                                                 "Russian Foreign Ministry", "Reuters"]
    t2 = "State media called the visit “a historic step.”"
    assert one(t2, "a historic step.").speaker == "State media"


def test_channels() -> None:
    t = ("Kim told Lavrov he was “ready to help,” according to KCNA.\n\n"
         "The agency quoted him as saying: “Victory is certain.”")
    qs = attribute(t)
    assert [(q.speaker, q.channel) for q in qs] == [("Kim", "KCNA"), ("Kim", "KCNA")]
    assert qs[1].cue == "quoted" and qs[1].speaker_mention == "him"


def test_outlet_after_quote_becomes_channel_when_person_spoke() -> None:
    t = ("Kim told Lavrov his government was “ready to back every step,” the "
         "state news agency reported.")
    q = one(t, "ready to back every step,")
    assert (q.speaker, q.cue) == ("Kim", "told")
    assert q.channel == "state news agency"


def test_unattributed_quotes_stay_null() -> None:
    t = ("The meeting took place in what was described as “a warm atmosphere.”\n\n"
         "“Heroic” soldiers\n\n"
         "The city has a new slogan, “Forward together.”")
    qs = attribute(t)
    assert len(qs) == 3 and all(q.speaker is None and q.speaker_span is None for q in qs)


def test_new_sentence_after_quote_is_not_an_attribution() -> None:
    t = ("Kim backed every step “to tackle the root cause of the crisis.” He voiced "
         "confidence in a victory he did not date.")
    q = one(t, "to tackle the root cause of the crisis.")
    assert q.pattern != "after-name-cue"


def test_participle_attaches_to_the_subject() -> None:
    t = ("Trump froze the aid in February, accusing him of starting a “war that couldn’t "
         "be won.”")
    q = one(t, "war that couldn’t be won.")
    check(q, t, "Trump", "Trump", "accusing")


def test_user_pack_adds_a_cue_verb_and_an_alias(tmp_path: Path) -> None:
    (tmp_path / "cues.yml").write_text(
        "kind: speech_cues\nid: speech-cues\nmerge: extend\nverbs: [grumble]\n", encoding="utf-8")
    (tmp_path / "aliases.yml").write_text(
        "kind: aliases\nid: speaker-aliases\nmerge: extend\nentities:\n"
        "  - {name: Jon Smyth, type: person, variants: [Jonny Smyth]}\n", encoding="utf-8")
    rules = load_rules([tmp_path])
    t = "“The coffee is cold,” Jonny Smyth grumbled."
    assert attribute(t) [0].speaker is None
    q = attribute(t, rules)[0]
    assert (q.speaker, q.cue) == ("Jon Smyth", "grumbled")


def test_bad_pattern_names_file_and_rule(tmp_path: Path) -> None:
    (tmp_path / "mine.yml").write_text(
        "kind: attribution_patterns\nid: my-patterns\npatterns:\n"
        "  - {id: broken, where: after, pattern: '{SPEAKER} said ('}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"mine\.yml: rule 'my-patterns'.*broken"):
        load_rules([tmp_path])
    (tmp_path / "mine.yml").write_text(
        "kind: attribution_patterns\nid: my-patterns\npatterns:\n"
        "  - {id: typo, where: after, pattern: '{SPEKER} said'}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"mine\.yml.*typo.*unknown macro"):
        load_rules([tmp_path])


def test_bad_quote_mark_rule_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "marks.yml").write_text(
        "kind: quote_marks\nid: my-marks\ndouble:\n  - {open: '<<<', close: ['>>']}\n",
        encoding="utf-8")
    with pytest.raises(RuleError, match=r"marks\.yml: rule 'my-marks'"):
        load_rules([tmp_path])


def _q(i: int, speaker: str, channel: str | None = None) -> Quote:
    return Quote(id=f"x:q{i}", article_id="x", start=0, end=1, text="x", speaker=speaker,
                 channel=channel)


def test_resolve_entities_merges_spellings_across_articles() -> None:
    qs = [_q(1, "Kim Jong Un"), _q(2, "Kim Jong-un"), _q(3, "Kim"), _q(4, "Sergei Lavrov"),
          _q(5, "Sergey Lavrov"), _q(6, "Choe Son Hui"), _q(7, "Choe Son-hui"),
          _q(8, "Vishwash Kumar Ramesh"), _q(9, "Viswashkumar Ramesh"), _q(10, "Kumar"),
          _q(11, "Kim Jong Un", channel="Korean Central News Agency"), _q(12, "Lena Park")]
    out, ents = attribution.resolve_entities(qs, default_rules())
    assert [q.speaker for q in out] == ["Kim Jong Un"] * 3 + ["Sergey Lavrov"] * 2 + [
        "Choe Son Hui"] * 2 + ["Vishwash Kumar Ramesh"] * 3 + ["Kim Jong Un", "Lena Park"]
    assert out[10].channel == "KCNA"
    by = {e.name: e for e in ents}
    assert {"Kim Jong Un", "Kim Jong-un", "Kim"} <= set(by["Kim Jong Un"].variants)
    assert {"Viswashkumar Ramesh", "Kumar"} <= set(by["Vishwash Kumar Ramesh"].variants)
    assert by["KCNA"].type == "media" and by["Kim Jong Un"].type == "person"


def test_short_name_shared_by_two_people_is_not_merged() -> None:
    qs = [_q(1, "Kim Jong Un"), _q(2, "Kim Yo Jong"), _q(3, "Kim")]
    out, _ = attribution.resolve_entities(qs, default_rules())
    assert out[2].speaker == "Kim"
