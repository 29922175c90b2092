"""Speaker patterns of issue 15's second round (found on a sample of the PolNeAR train split).

Every text is a short made-up sentence; each pattern has its right speaker and, next to it,
the trap a looser rule would fall into, where the right answer is another name or null.
"""

from __future__ import annotations

from quotecheck import attribution, quotes
from quotecheck.models import Article, Block, Quote, Segmentation
from quotecheck.rules import default_rules


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


def speaker(text: str, start: str) -> str | None:
    got = [q for q in attribute(text) if q.text.startswith(start)]
    assert len(got) == 1, [q.text for q in attribute(text)]
    return got[0].speaker


LEAD = "The council met on Tuesday evening to debate the harbour plan for the town.\n\n"


# --- who a sentence is about ------------------------------------------------------------


def test_object_of_a_leading_preposition_is_not_the_subject() -> None:
    t = LEAD + ("On The Dale Marsh Morning Show on Monday, Lena Voss criticized harbour officer "
                "Mara Quint for the delay.\n\n“How long must the town wait for an answer?” she said.")
    assert speaker(t, "How long") == "Lena Voss"


def test_a_preposition_inside_the_sentence_keeps_its_object() -> None:
    # "with Lena Voss … lambasting the plan": she is still who the sentence is about
    t = LEAD + ("It has become the main issue of the race, with Lena Voss, who wants a new pier, "
                "lambasting the plan.\n\n“The plan would sink the harbour all over again,” she said.")
    assert speaker(t, "The plan would") == "Lena Voss"


def test_of_opening_a_sentence_is_not_part_of_a_name() -> None:
    t = LEAD + ("Of Brandt, Lena Voss said many voters would find his plan “very hard to accept” "
                "this year. “Ivo is raising the right issues,” she said.")
    assert speaker(t, "Ivo is raising") == "Lena Voss"


# --- descriptions -----------------------------------------------------------------------


def test_a_mogul_described_earlier_is_the_mogul_who_speaks() -> None:
    t = LEAD + ("Ivo Brandt, a shipping mogul, arrived late.\n\n"
                "“My guilty pleasure is the harbour at night,” the mogul told reporters.")
    assert speaker(t, "My guilty pleasure") == "Ivo Brandt"


def test_another_mogul_is_not_the_one_before() -> None:
    t = LEAD + ("Ivo Brandt, a shipping mogul, arrived late.\n\n"
                "“The harbour is doomed without a new pier,” another mogul told reporters.")
    assert speaker(t, "The harbour is doomed") != "Ivo Brandt"


# --- cue verbs --------------------------------------------------------------------------


def test_went_on_closes_a_quote() -> None:
    t = LEAD + ("Lena Voss spoke first. “It would end every kind of fishing we know in this town,” "
                "she went on.")
    assert speaker(t, "It would end") == "Lena Voss"


def test_inverted_agrees_before_a_name() -> None:
    t = LEAD + ("“Our ideas of success are different now,” agrees Mira Osei, 30, of Dover.")
    assert speaker(t, "Our ideas") == "Mira Osei"


def test_agreed_after_the_subject_is_no_cue() -> None:
    # "Brandt and the council agreed on …": the quoted words are the agreement's, not Brandt's
    t = LEAD + "Ivo Brandt and the council agreed on the “final terms” of the lease today."
    assert speaker(t, "final terms") is None


def test_participle_with_an_addressee() -> None:
    t = LEAD + ("In June, after the storm, Lena Voss wrote to the mayor, addressing him as “Tom” "
                "and telling him, “you are the best harbour master we ever had!”")
    assert speaker(t, "you are the best") == "Lena Voss"


def test_participle_after_a_clause_with_its_own_subject_is_nobodys() -> None:
    # "He tweeted when Lee ended the debate …, remarking": the remark may be Lee's; and the
    # quote is not continued from the tweet before it either
    t = LEAD + ("Then there is Ivo Brandt.\n\n“Too much?” he tweeted when Lena Voss ended the "
                "debate with a joke about the pier, remarking, “Thank you, and may the tide be with you.”")
    assert speaker(t, "Thank you") is None
    assert speaker(t, "Too much") == "Ivo Brandt"


# --- a speaker after the quote ----------------------------------------------------------


def test_the_before_a_lower_case_title_and_a_name() -> None:
    t = LEAD + ("“Wages may finally be rising, and if it lasts, that is a big story,” the economist "
                "Jared Lind, a former adviser to the mayor, said.")
    assert speaker(t, "Wages may") == "Jared Lind"


def test_inverted_cue_and_name_ending_the_sentence() -> None:
    t = LEAD + ("“The most striking thing is how calm the buyers have been,” like the swings of the "
                "fish market, said Rhea Holm, the chief economist of the port.")
    assert speaker(t, "The most striking") == "Rhea Holm"


def test_said_and_a_name_that_do_not_end_the_sentence_are_no_attribution() -> None:
    t = LEAD + ("“The most striking thing is how calm the buyers have been,” like the claim that "
                "the mayor said Rhea Holm would make the port pay for it.")
    assert speaker(t, "The most striking") != "Rhea Holm"


def test_campaign_message_after_a_long_opening_clause() -> None:
    t = LEAD + ("With party leaders increasingly worried about a lack of passion for the harbour plan "
                "among young voters in the town, Mayor Tom Ferris is rolling out a new and more "
                "personal campaign message: “It is about me.”")
    assert speaker(t, "It is about me") == "Tom Ferris"
