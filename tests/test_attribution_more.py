"""Speaker patterns added for issue 3's accuracy work: one short text (written by us) per pattern.

Each test states a speaker that a wrong rule would get wrong: the previous speaker, a name
inside a quote, a person of the other gender, or a guess where the text gives no cue."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotecheck import attribution, quotes
from quotecheck.models import Article, Block, Quote, Segmentation
from quotecheck.rules import RuleError, default_rules, load_rules


def attribute(text: str) -> list[Quote]:
    rules = default_rules()
    art = Article(id="a", path="a.txt", text=text)
    seg = Segmentation(article_id="a", blocks=[Block(start=0, end=len(text))])
    qs = attribution.attribute(art, seg, quotes.extract_quotes(art, seg, rules), rules)
    for q in qs:  # evidence offsets point into the text
        for sp in (q.speaker_span, q.cue_span, q.channel_span):
            if sp is not None:
                assert sp.text == text[sp.start:sp.end]
    return qs


def speaker(text: str, quote_start: str) -> str | None:
    got = [q for q in attribute(text) if q.text.startswith(quote_start)]
    assert len(got) == 1, [q.text for q in attribute(text)]
    return got[0].speaker


LEAD = "The council met on Tuesday evening to debate the harbour plan for the town.\n\n"


# --- after the quote -------------------------------------------------------------------


def test_cue_then_name_after_a_full_stop_with_a_long_apposition() -> None:
    t = LEAD + ("“Who do you trust with the harbour? Nobody can say.” said Ivo Brandt, the architect "
                "of the 2009 campaign and a close aide in 2012.")
    assert speaker(t, "Who do you trust") == "Ivo Brandt"


def test_chained_appositions_and_party_state_and_of_phrase() -> None:
    t = LEAD + ("“It is a raid on our waters,” Rhea Holm, the attorney general of Utah, one of the "
                "states suing the agency, said at an event. “The vote will pass,” Senate Leader Mitch "
                "Varga, R-Ky., told reporters. “It was the least bad deal,” Mr. Dunn of the Hill Club said.")
    qs = attribute(t)
    assert [q.speaker for q in qs] == ["Rhea Holm", "Mitch Varga", "Dunn"]


def test_cue_then_lower_case_description_then_name() -> None:
    t = LEAD + "“The reasons do not hold water,” said harbour widow Tess Arden."
    assert speaker(t, "The reasons") == "Tess Arden"
    t = LEAD + "“The reasons do not hold water,” said on Monday that nobody knew."
    assert speaker(t, "The reasons") is None


def test_multi_paragraph_quote_takes_the_attribution_after_its_last_paragraph() -> None:
    t = LEAD + ("“It is a slight to every family here,” Rep. Wanda Moss said Friday. “If the plan is "
                "fair, why hide it from the town.\n“I have been thinking about where we are as a town,” "
                "added Rep. Jonas Kline (D-S.C.), the leader of the caucus. “These are not whistles.”")
    qs = attribute(t)
    assert qs[0].speaker == "Wanda Moss"
    assert qs[1].text.startswith("If the plan") and qs[1].speaker == "Jonas Kline"
    assert qs[2].speaker == "Jonas Kline"


# --- "― Name" signatures ------------------------------------------------------------------


def test_dash_signature_with_middle_initial_is_not_the_previous_name() -> None:
    t = ("Readers told us what they think of the plan.\n\n“The worst idea we have heard.” ― Bo Cruz\n"
         "“It wakes the town from its slumber and we will fight it together.” ― Julie A. Diaz Marten.\n\n"
         "More letters follow.")
    qs = attribute(t)
    assert [q.speaker for q in qs] == ["Bo Cruz", "Julie A. Diaz Marten"]


def test_dash_signature_closing_a_paragraph_covers_its_earlier_quote() -> None:
    t = ("Readers told us what they think of the plan.\n\n“The worst idea we have heard.” ― Bo Cruz\n"
         "“Nobody in the town wants a mayor who mocks us. As the old saying goes ‘A full purse makes an "
         "empty head.” And a full purse is all he offers “the heart of it’.” ― Lina Sorel.\n\nMore letters follow.")
    qs = attribute(t)
    assert qs[1].text.startswith("Nobody in the town") and qs[1].speaker == "Lina Sorel"
    assert qs[2].speaker == "Lina Sorel"


# --- continuing the previous speaker ----------------------------------------------------------


def test_continuation_over_the_rest_of_the_attribution_sentence() -> None:
    t = LEAD + ("“We remain open to talks,” he said, referring to the plan by its old name. “Sadly, the "
                "board has chosen another path.”")
    t = "Mayor Olaf Brenner spoke to reporters on Monday about the plan.\n\n" + t
    qs = attribute(t)
    assert qs[1].speaker == "Olaf Brenner" and qs[1].pattern == "continuation"


def test_continuation_over_a_sentence_about_the_same_speaker() -> None:
    t = LEAD + ("“We had problems with the pier,” Olaf Brenner said after meeting Governor Ida Kell. "
                "He did not suggest a delay. “Our goal is to finish the pier this year.”")
    assert speaker(t, "Our goal") == "Olaf Brenner"


def test_no_continuation_when_someone_else_becomes_the_subject() -> None:
    t = LEAD + "“We had problems with the pier,” Olaf Brenner said. The mayor disagreed. “Our goal is to finish it.”"
    assert speaker(t, "Our goal") is None
    # the new subject is named: the quote after her sentence is hers, not a continuation
    t = LEAD + "“We had problems with the pier,” Olaf Brenner said. Anna Kell frowned. “Our goal is to finish it.”"
    assert speaker(t, "Our goal") == "Anna Kell"


def test_continuation_paragraph_after_a_long_attribution() -> None:
    t = LEAD + ("“Who do you trust with the harbour?” said Ivo Brandt, the architect of the 2009 "
                "campaign and a close aide in 2012.\n\n“I think his years in office deserve a close look. "
                "And I hope the voters get one.”\n\nOther members were not concerned.")
    assert speaker(t, "I think his years") == "Ivo Brandt"


# --- documents, narrators, relatives -----------------------------------------------------------


def test_documents_and_unnamed_people_are_kept_as_written() -> None:
    t = LEAD + ("“We see schools offering hope,” the letter reads. “Our support is not abstract.”\n\n"
                "“You work hard,” a narrator in the new ad asks.\n\n“We live in hard times,” my father "
                "often said.\n\nA friend commented: “For you, the harbour is the main reason.”")
    qs = attribute(t)
    assert [q.speaker for q in qs] == ["letter", "letter", "narrator in the new ad", "my father", "friend"]


def test_a_document_is_never_the_antecedent_of_he() -> None:
    t = LEAD + "“The pier is unsafe,” the report says.\n\n“It will be rebuilt,” he said."
    assert speaker(t, "It will be rebuilt") is None


# --- lead-ins without a cue verb ---------------------------------------------------------------


def test_name_dash_lead_in() -> None:
    t = LEAD + ("Many have said the same, including the former mayor Rolf Ekman -- ''It is wrong to hide the "
                "accounts from the voters'' -- and a former treasurer. Mr. Ekman left office in 2010.")
    assert speaker(t, "It is wrong") == "Rolf Ekman"


def test_name_colon_lead_in_needs_a_person_named_elsewhere() -> None:
    t = "A lesson from Nora Lind: ‘Be the voice that people hear.’\n\nNora Lind spoke at the school."
    assert speaker(t, "Be the voice") == "Nora Lind"
    t = LEAD + "Harbour Trust CEO: “You should be investigated for this plan.”"
    assert speaker(t, "You should be") is None


def test_transcript_turn_in_capitals_is_the_full_name() -> None:
    t = ("Governor Piet Haas spoke to the host on Sunday.\n\nHAAS: “The question is why they invited "
         "him at all.”")
    assert speaker(t, "The question") == "Piet Haas"


def test_following_comment_colon_in_the_paragraph_before() -> None:
    t = LEAD + "On July 6, Rosa Ferme made the following comment:\n\n“For young people the rate is 33 percent.”"
    assert speaker(t, "For young people") == "Rosa Ferme"
    t = LEAD + "Rosa Ferme said:\n\n“For young people the rate is 33 percent.”"
    assert speaker(t, "For young people") == "Rosa Ferme"


def test_subject_and_a_kind_of_words_before_a_colon() -> None:
    t = LEAD + "With turnout low, Mayor Olaf Brenner has begun a plainer, more private pitch: “It is about me.”"
    assert speaker(t, "It is about me") == "Olaf Brenner"


# --- a quote standing alone after a sentence about someone ---------------------------------------


def test_previous_sentence_ending_with_name_said() -> None:
    t = LEAD + ("The board may wait while Governor Ida Kell negotiates, Adam Rusk said. “The other factor "
                "is the timing. I do not think that outweighs the facts.”")
    assert speaker(t, "The other factor") == "Adam Rusk"


def test_previous_sentence_subject_with_commas_around_the_name() -> None:
    t = LEAD + ("His former partner, Lars B. Kemp, called him a master of deals. “Time after time he found "
                "a way to close the deal.”")
    assert speaker(t, "Time after time") == "Lars B. Kemp"


def test_quote_paragraph_after_a_sentence_whose_subject_is_a_person() -> None:
    t = LEAD + ("On the radio, Sen. Nils Aberg (Vt.), who lost the primary to the mayor, named tiredness as "
                "the reason young voters should care. “Young voters have had enough of it.”")
    assert speaker(t, "Young voters have") == "Nils Aberg"
    t = LEAD + ("The state budget was finally passed after a long night.\n\n“We all know the pier will "
                "not be built.”")
    assert speaker(t, "We all know") is None


def test_object_of_a_preposition_is_not_the_subject() -> None:
    t = LEAD + ("The plan was sent back to Sen. Nils Aberg for review.\n\n“We all know the pier will not "
                "be built.”")
    assert speaker(t, "We all know") is None


def test_quote_used_as_a_noun_in_the_writers_sentence_is_not_continued() -> None:
    t = LEAD + ("“Promise you will keep your hands in sight,” Vera Lund sings to the crowd.\n\n"
                "“Harbour Song” was written by Bram Stoll in 1999.")
    assert speaker(t, "Harbour Song") is None


# --- pronouns ---------------------------------------------------------------------------------


def test_she_and_he_follow_gender_evidence() -> None:
    base = LEAD + "Mrs. Orla Finn met Tom Hart on Monday. Hart spoke first. "
    assert speaker(base + "“We agreed on the plan,” she said.", "We agreed") == "Orla Finn"
    assert speaker(base + "“We agreed on the plan,” he said.", "We agreed") == "Tom Hart"
    # the only candidates are men: "she" names nobody rather than the wrong person
    t = LEAD + "Tom Hart met Karl Ost on Monday. “We agreed on the plan,” she said."
    assert speaker(t, "We agreed") is None


def test_names_inside_quotes_are_not_antecedents() -> None:
    t = LEAD + ("Mayor Greta Vos watched the parade.\n\n“Here comes the Boss,” she said, waving. "
                "“Mister Harbour.”")
    qs = attribute(t)
    assert [q.speaker for q in qs] == ["Greta Vos", "Greta Vos"]


def test_the_writer_speaking_is_not_guessed() -> None:
    t = LEAD + ("Once, when my mother mentioned the storm to me, I laughed and said, “I do not believe "
                "in storms.”")
    assert speaker(t, "I do not believe") is None


# --- rule files ---------------------------------------------------------------------------------


def test_bad_requires_regex_names_file_and_rule(tmp_path: Path) -> None:
    (tmp_path / "mine.yml").write_text(
        "kind: attribution_patterns\nid: my-patterns\npatterns:\n"
        "  - id: broken-pre\n    where: before\n    pattern: '{NAME}:\\s*$'\n    requires: '(:'\n")
    with pytest.raises(RuleError) as e:
        load_rules([tmp_path])
    assert "mine.yml" in str(e.value) and "broken-pre" in str(e.value)


def test_gender_list_can_be_extended_by_a_pack(tmp_path: Path) -> None:
    (tmp_path / "g.yml").write_text("kind: name_genders\nid: name-genders\nmerge: extend\nfemale: [Orsolya]\n")
    rules = load_rules([tmp_path])
    text = LEAD + "Orsolya Kemeny met Tom Hart on Monday. “We agreed on the plan,” she said."
    art = Article(id="a", path="a.txt", text=text)
    seg = Segmentation(article_id="a", blocks=[Block(start=0, end=len(text))])
    qs = attribution.attribute(art, seg, quotes.extract_quotes(art, seg, rules), rules)
    assert qs[0].speaker == "Orsolya Kemeny"


def test_quoted_transcript_turn_and_party_tag_is_not_a_name() -> None:
    t = ("On the Sunday show, Republican nominee Gov. Piet Haas (R-IN) said the invitation was a joke.\n\n"
         "Partial transcript as follows:\n\n\"HAAS: Well, the question really "
         "should be why they invited him at all.\"\n\nMore follows.")
    got = [q for q in attribute(t) if q.text.startswith("HAAS")]
    assert len(got) == 1 and got[0].speaker == "Piet Haas"
