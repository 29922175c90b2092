"""Speaker patterns of issue 15's second round (found on a sample of the PolNeAR train split).

Every text is a short made-up sentence; each pattern has its right speaker and, next to it,
the trap a looser rule would fall into, where the right answer is another name or null.
"""

from __future__ import annotations

from test_attribution_more import LEAD, speaker

from quotecheck import attribution

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


def test_name_in_commas_after_a_description() -> None:
    t = LEAD + ("“Is the mayor going to finally say the words? If not he should resign!” the "
                "presumptive party nominee, Ivo Brandt, tweeted Sunday after the vote.")
    assert speaker(t, "Is the mayor") == "Ivo Brandt"


def test_a_possessive_after_the_comma_is_not_that_name() -> None:
    t = LEAD + ("“It is the end of the pier as we know it,” the plan, Ivo Brandt's aides said, "
                "would change nothing.")
    assert speaker(t, "It is the end") != "Ivo Brandt"


def test_clause_subject_before_verb_and_cue() -> None:
    t = LEAD + ("When Robby Lund, the campaign chief, was asked if Lena Voss would hold a press "
                "conference before the vote, he laughed and said, “We will see.”")
    assert speaker(t, "We will see") == "Robby Lund"


def test_unnamed_clause_subject_before_verb_and_cue_is_not_the_named_one() -> None:
    t = LEAD + ("When asked whether Lena Voss would come to the pier, her aides laughed and said, "
                "“We will see.”")
    assert speaker(t, "We will see") != "Lena Voss"


def test_inner_closing_mark_after_the_outer_one() -> None:
    t = LEAD + ("''Part of my job is to say: 'Hey, this man is one of us,''' Mr. Lund said of "
                "Mr. Brandt.")
    assert speaker(t, "Part of my job") == "Lund"


def test_continuation_past_a_clause_opened_by_unless() -> None:
    t = LEAD + ("“It is an enormous moment,” said Ana Pires, a strategist for the harbour group. "
                "Unless rivals quit, “it is hard to see how he is stopped on his way to the pier.”")
    assert speaker(t, "it is hard") == "Ana Pires"


def test_no_continuation_past_a_clause_about_another_person() -> None:
    t = LEAD + ("“It is an enormous moment,” said Ana Pires, a strategist for the harbour group. "
                "Unless Mayor Tom Ferris quits, “it is hard to see how he is stopped on his way to the pier.”")
    assert speaker(t, "it is hard") != "Ana Pires"


def test_subject_after_two_opening_clauses() -> None:
    t = LEAD + ("In June 2009, after Lena Voss fell ill, Ivo Brandt emailed her his wishes, telling "
                "her, “you are an all-star player and we need you for the long run!”")
    assert speaker(t, "you are an all-star") == "Ivo Brandt"


def test_a_lower_case_title_of_two_words() -> None:
    t = LEAD + "“The pier must stay open,” Dover City Public Advocate Trish Jamal said."
    assert speaker(t, "The pier must") == "Trish Jamal"


def test_description_with_an_age_and_a_comma() -> None:
    t = LEAD + ("Ivo Brandt, a diplomat for the harbour board, spoke last.\n\n"
                "“From day one, I made the harbour my priority,” the bespectacled, 71-year-old "
                "diplomat said.")
    assert speaker(t, "From day one") == "Ivo Brandt"


# --- names ------------------------------------------------------------------------------


def test_a_bare_surname_used_for_a_man_does_not_stand_for_the_woman_named_in_full() -> None:
    # the article names only "Michelle Varga" in full, but "Mr. Varga" is a man: not her
    t = LEAD + ("Mr. Varga spoke at the pier. Michelle Varga, his wife, stood beside him.\n\n"
                "“Our progress is on the ballot,” Mr. Varga said.")
    assert speaker(t, "Our progress") != "Michelle Varga"


def test_a_bare_surname_stands_for_the_one_full_name() -> None:
    t = LEAD + ("Michelle Varga spoke at the pier.\n\n“Our progress is on the ballot,” Ms. Varga said.")
    assert speaker(t, "Our progress") == "Michelle Varga"


def test_a_caption_read_as_a_name_does_not_take_the_bare_name() -> None:
    t = LEAD + ("[Video: FULL SPEECH: President Varga Speech at the Harbour Club (9/17/16).]\n\n"
                "“My name may not be on the ballot,” Mr. Varga said.")
    assert speaker(t, "My name may") == "Varga"


def test_given_names_with_another_consonant_are_two_people() -> None:
    assert not attribution._same_person("Ivana Varga", "Ivanka Varga")
    assert attribution._same_person("Sergei Varga", "Sergey Varga")
    assert attribution._same_person("Vishwash Varga", "Viswash Varga")  # a dropped "h"


def test_honorific_without_a_full_stop() -> None:
    t = LEAD + ("“He said the town would be at the back of the queue,” Mr Farrow told BBC Radio "
                "on Sunday.")
    assert speaker(t, "He said the town") == "Farrow"


def test_beamed_before_a_name_and_boomed_after_a_subject() -> None:
    t = LEAD + ("“This is fantastic!” beamed Donna Hart of Dover, Kent, as the band played.\n\n"
                "Ivo Brandt waited for the noise to fade, then leaned in and boomed: “Let us win "
                "this in November.”")
    assert speaker(t, "This is fantastic") == "Donna Hart"
    assert speaker(t, "Let us win") == "Ivo Brandt"


def test_an_unnamed_member_is_kept_as_written() -> None:
    t = LEAD + ("Ivo Brandt chairs the board.\n\n“Nobody cares when you spend your own money,” the "
                "board member said.")
    got = speaker(t, "Nobody cares")
    assert got is not None and got != "Ivo Brandt"


def test_but_now_said_and_the_party_label_before_a_name() -> None:
    t = LEAD + ("House Republican Tom Massey used to back Ivo Brandt, but now said Lena Voss had "
                "“the chance and the duty to bring us together.”\n\n"
                "“I think she can do that, but the biggest unifier we have is the pier.”")
    assert speaker(t, "the chance") == "Tom Massey"
    assert speaker(t, "I think she can") == "Tom Massey"


def test_a_mother_of_three_is_a_description() -> None:
    t = LEAD + ("Lena Voss spoke of the plan, and when pressed on why it leaves out fathers, the "
                "34-year-old mother of three replied, “It is meant to help the mother who gave birth.”")
    got = speaker(t, "It is meant")
    assert got is not None and "mother of three" in got


def test_the_object_of_but_is_not_the_speaker() -> None:
    # "… but the mayor said": the new subject after "but" speaks, not the first one
    t = LEAD + ("Lena Voss backed the plan, but Mayor Tom Ferris said it had “no chance at all”.")
    assert speaker(t, "no chance") == "Tom Ferris"


def test_apposition_set_off_by_dashes() -> None:
    t = LEAD + ("Jon Dekker, the chief executive of Ora Media -- the company that owns the show, "
                "which is also streamed online -- told me, ''We are a content provider.''")
    assert speaker(t, "We are a content") == "Jon Dekker"


def test_a_dash_aside_naming_someone_else_is_not_their_quote() -> None:
    # the name after the dash is the aside's, the sayer before it is the speaker
    t = LEAD + ("Jon Dekker -- who hired Lena Voss last year -- told me, ''We are a content provider.''")
    assert speaker(t, "We are a content") != "Lena Voss"


def test_title_of_a_department_then_a_name_named_again() -> None:
    t = LEAD + ("Minister of Coastal Works Ivo Marsh reported that the port is “closed to all ships” "
                "today. Marsh later left for the capital.")
    assert speaker(t, "closed to all") == "Ivo Marsh"


def test_title_of_a_department_alone_names_nobody() -> None:
    t = LEAD + ("The Minister of Energy and Natural Resources reported that the port is “closed to "
                "all ships” today.")
    assert speaker(t, "closed to all") is None


def test_the_object_of_of_is_not_the_sayer() -> None:
    t = LEAD + "The daughter of Ivo Lund said the port is “closed to all ships” today."
    assert speaker(t, "closed to all") != "Ivo Lund"


def test_footage_of_a_name_saying() -> None:
    t = LEAD + ("The spot ends with footage of Ivo Lund saying during the debate last week, “That "
                "makes me smart,” when the mayor asked about his taxes.")
    assert speaker(t, "That makes me smart") == "Ivo Lund"
