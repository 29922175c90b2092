"""Issue 15, sixth round: the patterns found on the tuning splits and on a fifth fresh sample of
the PolNeAR train split.

Every text is made up; each case has its trap (the looser answer that would be wrong) next to it.
"""

from __future__ import annotations

import pytest
from test_attribution_more import LEAD, speaker

Q = "We will rebuild the harbour wall before the winter storms arrive in the bay"

# --- a sentence ending with "…,' " said X." whose own quote the quote stage could not pair -----


def test_previous_sentence_tail_with_the_comma_inside_unpaired_marks() -> None:
    t = LEAD + ("Mayor Ida Kell said she would stay on. \"She went so far as to say she'll be 'above the "
                "council,' \" said Bo Renner, an activist and former councillor. \"That is not a "
                "responsible thing to say. It will worry the other side.\"\n")
    assert speaker(t, "That is not a responsible") == "Bo Renner"


def test_previous_sentence_tail_with_marks_but_no_cue_names_nobody() -> None:
    # the trap: marks after the comma, then a name that is the object of a clause, not a sayer
    t = LEAD + ("The plan was called 'a pier too far,' \" then Bo Renner left the hall. \"That is not "
                "a responsible thing to say. It will worry the other side.\"\n")
    assert speaker(t, "That is not a responsible") is None


def test_previous_sentence_said_name_and_an_apposition_closing_it() -> None:
    t = LEAD + ("The pier will cost more than planned, said Bo Renner, an activist and former councillor. "
                "“The town cannot pay for it.”\n")
    assert speaker(t, "The town cannot") == "Bo Renner"


def test_previous_sentence_apposition_with_another_clause_is_not_the_sayer() -> None:
    # the trap: the apposition goes on to a second subject, who may be the one quoted next
    t = LEAD + ("The pier will cost more than planned, said Bo Renner, an activist, but Mayor Ida Kell "
                "disagreed. “The town can pay for it.”\n")
    assert speaker(t, "The town can pay") != "Bo Renner"


# --- documents and boards as the source (the fifth train sample) ---------------------------------


@pytest.mark.parametrize(("text", "who"), [
    (f"“{Q},” the editorial board writes.\n", "editorial board"),
    (f"“{Q},” the committee chairmen wrote.\n", "committee chairmen"),
    (f"“{Q},” read the email.\n", "email"),
    (f"“{Q},” the email read.\n", "email"),
    (f"“{Q},” the note says.\n", "note"),
    (f"One tweet said: “{Q}.”\n", "One tweet"),
])
def test_a_document_or_a_board_that_says_the_words(text: str, who: str) -> None:
    assert speaker(LEAD + text, Q[:20]) == who


def test_the_post_is_still_a_newspaper_not_a_document() -> None:
    # the trap: "post" is no document head, so the newspaper keeps its name
    assert speaker(LEAD + f"“{Q},” the Norland Post said.\n", Q[:20]) == "Norland Post"


def test_an_email_from_a_person_is_not_a_second_speaker() -> None:
    # the trap: "email" as a description must not take the quote from the person who wrote it
    assert speaker(LEAD + f"“{Q},” Ann Lee wrote in an email.\n", Q[:20]) == "Ann Lee"


def test_a_titled_agent_is_a_person() -> None:
    assert speaker(LEAD + f"“{Q},” former FBI agent Bo Gill explained.\n", Q[:20]) == "Bo Gill"


# --- not the speaker: the object of on/in/at, a number word, a person the quote names ------------


def test_a_platform_after_on_is_not_the_subject_of_a_participle() -> None:
    t = LEAD + f"Ann Lee answered the question on Facebook writing, “{Q}.”\n"
    assert speaker(t, Q[:20]) != "Facebook"


def test_a_name_directly_before_the_cue_still_speaks() -> None:
    # the trap: only an object of on/in/at is skipped, not a subject
    assert speaker(LEAD + f"On Tuesday Ann Lee said, “{Q}.”\n", Q[:20]) == "Ann Lee"


def test_a_number_word_opening_a_time_phrase_is_no_name() -> None:
    t = LEAD + f"Bo Renner spoke first. Eight years ago, he backed Ann Lee over Ida Kell and said, “{Q}.”\n"
    assert speaker(t, Q[:20]) == "Bo Renner"


def test_an_opening_prepositional_phrase_holds_no_subject() -> None:
    t = LEAD + ("In his address to Norland Unity, Bo Renner assures his audience he will tell the "
                f"“cynics” to “go home.”\n\n“{Q}.”\n")
    assert speaker(t, Q[:20]) != "Norland Unity"


def test_a_paragraph_subject_guess_is_not_a_person_the_quote_names() -> None:
    t = LEAD + ("The party leaders met after staff mocked Ann Lee in emails.\n\n"
                "Party staff had asked in those emails whether voters could trust Ann Lee. “On behalf of everyone here, we "
                "offer a sincere apology to Senator Lee and to her supporters.”\n")
    assert speaker(t, "On behalf of") is None
    # the trap: a quote that does not name her is still hers after a sentence about her
    t = LEAD + ("Mayor Ann Lee spoke to the party leaders about the harbour plan at length. "
                "“We will rebuild the harbour wall.”\n")
    assert speaker(t, "We will rebuild") == "Ann Lee"


# --- a US state is a place, never the antecedent of "he" -----------------------------------------


def test_a_state_named_before_he_said_is_not_he() -> None:
    t = LEAD + ("“We will win this state,” Bo Renner said. North Dakota, he said, was “where we have a "
                "real chance to go one on one with the mayor and win.”\n")
    assert speaker(t, "where we have") == "Bo Renner"


def test_a_person_whose_first_name_is_a_state_is_still_a_person() -> None:
    # the trap: only the state itself is a place, not a full name that starts with one
    assert speaker(LEAD + f"“{Q},” Georgia Renner said.\n", Q[:20]) == "Georgia Renner"


def test_it_never_refers_back_to_a_state() -> None:
    t = LEAD + ("The Norland Post covered the vote on Monday. South Dakota, it reported, was “a state "
                "where the harbour plan has no friends at all.”\n")
    assert speaker(t, "a state where") == "Norland Post"


def test_it_still_refers_back_to_a_country() -> None:
    # the trap: a country is a place voice ("Russia said …"): "it" may still be Russia
    t = LEAD + f"Russia warned the council on Monday. “{Q},” it said.\n"
    assert speaker(t, Q[:20]) == "Russia"


def test_the_end_of_a_place_after_in_is_no_speaker_either() -> None:
    # the trap: skipping only the word right after "in" would leave "Hampshire" as the sayer
    t = LEAD + f"Voters in New Hampshire said, “{Q}.”\n"
    assert speaker(t, Q[:20]) not in ("Hampshire", "New Hampshire")


def test_a_state_after_a_city_is_no_subject_for_it() -> None:
    t = LEAD + ("The Norland Party is defending its mayor. At a rally Friday in Coral Springs, Florida, "
                "Ann Lee spoke about the harbour.\n\nIt is denouncing what it calls “the single biggest "
                "attack on a harbour plan in history.”\n")
    assert speaker(t, "the single biggest") == "Norland Party"  # not Florida, nor Coral Springs


def test_a_headline_ending_in_a_place_does_not_hide_the_next_paragraphs_speaker() -> None:
    # the trap: "Flood in Tarn" then a paragraph: the look-behind must not cross the line break
    t = f"Flood in Tarn\n\nRiver chief Bo Renner said: “{Q}.”\n"
    assert speaker(t, Q[:20]) == "Bo Renner"
