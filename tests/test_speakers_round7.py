"""Issue 15, seventh round: general constructions of news English found on the tuning splits.

Every text is made up; each case has its trap (the looser answer that would be wrong) next to it.
"""

from __future__ import annotations

import pytest
from test_attribution_more import LEAD, speaker

Q = "We will rebuild the harbour wall before the winter storms arrive in the bay"

# --- adverbs between the subject and the verb ----------------------------------------------------


@pytest.mark.parametrize("adv", ["has since", "now", "first", "has already", "subsequently", "famously"])
def test_an_adverb_of_time_or_manner_before_the_cue(adv: str) -> None:
    assert speaker(LEAD + f"“{Q},” Ann Lee {adv} said.\n", Q[:20]) == "Ann Lee"


def test_a_word_ending_in_ly_is_no_adverb_of_the_cue() -> None:
    # the trap: "family" ends in -ly; a loose "[a-z]+ly" adverb made the name "Lee" the sayer
    assert speaker(LEAD + f"“{Q},” the Lee family said.\n", Q[:20]) is None


def test_a_subject_handing_words_over_after_has_since() -> None:
    t = LEAD + f"Mayor Ann Lee has since apologized for what happened: “{Q}.”\n"
    assert speaker(t, Q[:20]) == "Ann Lee"


def test_has_since_faced_is_no_handing_over() -> None:
    # the trap: the adverb must not hide the verbs that never introduce the subject's words
    t = LEAD + f"Mayor Ann Lee has since faced questions about what happened: “{Q}.”\n"
    assert speaker(t, Q[:20]) is None


# --- an opening participle before the subject ----------------------------------------------------


def test_the_subject_after_an_opening_participle_phrase() -> None:
    t = LEAD + (f"Smiling broadly throughout her speech, Mrs. Lee thanked the town and then boomed, “{Q}.”\n")
    assert speaker(t, Q[:20]) == "Lee"


def test_an_opening_participle_and_another_subject_in_a_clause_is_nobody() -> None:
    # the trap: the verb may belong to the clause's own subject (Cho), so neither is named
    t = LEAD + (f"Smiling broadly throughout her speech, Mrs. Lee drew cheers when Mayor Bo Cho thanked "
                f"the town and then boomed, “{Q}.”\n")
    assert speaker(t, Q[:20]) is None


# --- a cue, a phrase and a colon with an abbreviation in the phrase ---------------------------


def test_wrote_of_ms_x_colon() -> None:
    t = LEAD + f"Another user, Bo Renner, wrote of Ms. Lee: “{Q}.”\n"
    assert speaker(t, Q[:20]) == "Bo Renner"


def test_a_full_stop_after_a_lower_case_word_still_ends_the_phrase() -> None:
    # the trap: only an abbreviation's dot may sit in the phrase; "plan." ends Lee's sentence,
    # and "Mr. Cho:" (a name the article does not know) names nobody
    t = LEAD + f"Ann Lee wrote of the plan. Mr. Cho: “{Q}.”\n"
    assert speaker(t, Q[:20]) is None


# --- names with two particles --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "who"), [
    (f"“{Q},” Ursula von der Leyen said.\n", "Ursula von der Leyen"),
    (f"“{Q},” Ana de la Cruz told the Herald.\n", "Ana de la Cruz"),
    (f"“{Q},” said Ida van der Berg, a councillor.\n", "Ida van der Berg"),
])
def test_a_name_with_two_particles(text: str, who: str) -> None:
    assert speaker(LEAD + text, Q[:20]) == who


def test_a_name_never_ends_with_its_particles() -> None:
    # the trap: the particles need a capitalised word after them
    assert speaker(LEAD + f"“{Q},” said Ana de la.\n", Q[:20]) == "Ana"


# --- "the two" -----------------------------------------------------------------------------------


def test_the_two_write_and_the_continuation() -> None:
    t = LEAD + (f"Ann Lee and Bo Cho sent a letter to the board. “{Q},” the two write. “We do not "
                "understand the need for it.”\n")
    assert speaker(t, Q[:20]) == "the two"
    assert speaker(t, "We do not understand") == "the two"


def test_the_two_is_never_one_of_the_two() -> None:
    # the trap: the group is not the person named last, and "two" alone names no one
    t = LEAD + f"Ann Lee met Bo Cho on Monday. “{Q},” the pair told the Herald.\n"
    assert speaker(t, Q[:20]) == "the pair"


# --- a participle of writing right after a platform ----------------------------------------------


def test_writing_right_after_on_facebook_is_the_subjects() -> None:
    t = LEAD + f"Mayor Ann Lee answered the question on Facebook writing, “{Q}.”\n"
    assert speaker(t, Q[:20]) == "Ann Lee"


def test_writing_after_a_clause_with_its_own_subject_is_nobody() -> None:
    # the trap: the clause's subject (Cho) may be the one who wrote on the platform
    t = LEAD + f"Mayor Ann Lee answered the question when Bo Cho asked it on Facebook writing, “{Q}.”\n"
    assert speaker(t, Q[:20]) is None


# --- wrong names removed: a coordination read as an apposition, a building as a person -----------


def test_a_comma_and_clause_is_no_apposition_of_the_name_before_it() -> None:
    t = LEAD + (f"Mr. Cho angered a former mayor who is popular in Norland County, and uttering charges "
                f"that Ann Lee, for one, called “{Q}.”\n")
    assert speaker(t, Q[:20]) == "Ann Lee"


def test_an_apposition_in_lower_case_still_goes_with_the_name() -> None:
    # the trap: only "and", "or", "but" open a coordination; "chief of staff" is an apposition
    assert speaker(LEAD + f"“{Q},” Ann Lee, chief of staff, said.\n", Q[:20]) == "Ann Lee"


def test_a_building_is_never_the_antecedent_of_he() -> None:
    t = LEAD + f"As he spoke in the lobby of Norland Tower, there were no flags. “{Q},” he said.\n"
    assert speaker(t, Q[:20]) is None


def test_a_man_named_before_the_building_is_the_antecedent() -> None:
    # the trap: the tower is passed over, not the person named before it
    t = LEAD + (f"Mayor Bo Cho arrived late. As he spoke in the lobby of Norland Tower, there were no "
                f"flags. “{Q},” he said.\n")
    assert speaker(t, Q[:20]) == "Bo Cho"


# --- a wire dateline is never the sentence's subject ---------------------------------------------


@pytest.mark.parametrize("dateline", ["NORLAND (AP) — ", "Norland, Dec 3 (Reuters) - ", "NEW YORK, Dec. 3 — ",
                                      "NORLAND — "])
def test_the_subject_after_a_dateline(dateline: str) -> None:
    t = LEAD + f"{dateline}Mayor Ann Lee on Tuesday expressed shock over the attack, adding, “{Q}.”\n"
    assert speaker(t, Q[:20]) == "Ann Lee"


def test_a_dateline_before_a_subject_that_is_no_one_names_nobody() -> None:
    # the trap: the city (or the month) was read as the subject when the sentence had no person
    t = LEAD + f"NORLAND (AP) — The storm hit the town on Tuesday, adding, “{Q}.”\n"
    assert speaker(t, Q[:20]) is None


def test_a_transcript_turn_with_a_colon_is_no_dateline() -> None:
    # the trap: "LEE:" opens a turn; the dateline never takes a colon, so Cho is not the subject
    t = LEAD + f"LEE: Mayor Cho and I went there and said, “{Q}.”\n"
    assert speaker(t, Q[:20]) != "Cho"


# --- titles written as initials, names with an ampersand, "and described … as" -------------------


def test_the_pm_is_the_prime_minister_named_before() -> None:
    t = LEAD + f"Prime Minister Ann Lee visited the town. “{Q},” the PM said.\n"
    assert speaker(t, Q[:20]) == "Ann Lee"


def test_the_pm_is_not_a_mayor() -> None:
    # the trap: only a person whose title holds "prime minister" is the PM
    t = LEAD + f"Mayor Ann Lee visited the town. “{Q},” the PM said.\n"
    assert speaker(t, Q[:20]) != "Ann Lee"


def test_the_cm_of_a_state_written_with_an_ampersand() -> None:
    t = LEAD + (f"Norland and Tarn Chief Minister Ann Lee condemned the attack. Without giving the toll, "
                f"the N&T CM said that she was ‘shocked beyond belief’, adding, “{Q}.”\n")
    assert speaker(t, Q[:20]) == "Ann Lee"


def test_and_described_them_as_is_the_sentence_subjects() -> None:
    t = LEAD + f"Mayor Ann Lee expressed shock over the attack and described the attackers as “{Q}.”\n"
    assert speaker(t, Q[:20]) == "Ann Lee"


def test_described_as_in_a_clause_with_its_own_subject_is_nobody() -> None:
    # the trap: the clause's subject (Cho) may be the one who described them
    t = LEAD + (f"Mayor Ann Lee met the press while Bo Cho spoke and described the attackers as “{Q}.”\n")
    assert speaker(t, Q[:20]) is None


# --- part 2: the sixth train sample ---------------------------------------------------------------


def test_a_video_shows_the_speaker_lecturing() -> None:
    t = LEAD + (f"Before the video, the cleric Anwar al-Awlaki, who was killed in a 2011 U.S. drone strike, "
                f"is shown lecturing: “{Q}.”\n")
    assert speaker(t, Q[:20]) == "Anwar al-Awlaki"


def test_a_name_shown_is_not_the_one_who_shows() -> None:
    # the trap: "The video shows X saying" stays X's, never "video"
    t = LEAD + f"The video shows Mayor Ann Lee saying: “{Q}.”\n"
    assert speaker(t, Q[:20]) == "Ann Lee"


@pytest.mark.parametrize("lead", ["Lee’s response was:", "Lee's message was simple:", "Lee's answer was blunt:"])
def test_the_owner_of_a_response_speaks(lead: str) -> None:
    t = LEAD + f"Mayor Ann Lee met the press. {lead} “{Q}.”\n"
    assert speaker(t, Q[:20]) == "Ann Lee"


def test_a_response_to_someone_is_not_the_owners() -> None:
    # the trap: "the response to Lee's plan was:" is nobody's words (no possessive right before it)
    t = LEAD + f"Mayor Ann Lee met the press. The response to Lee's plan was: “{Q}.”\n"
    assert speaker(t, Q[:20]) is None


def test_the_sender_of_a_message_saying() -> None:
    t = LEAD + f"Even before Lee took the stage, her campaign sent out a text message to supporters saying: “{Q}.”\n"
    assert speaker(t, Q[:20]) == "her campaign"


def test_a_message_to_supporters_is_no_description_of_supporters() -> None:
    # the trap: "to" inside a description made "a text message to supporters" one speaker
    # (what is left, the bare "supporters saying", is an anonymous group: no person's name)
    t = LEAD + f"A text message to supporters saying: “{Q}.”\n"
    assert speaker(t, Q[:20]) != "text message to supporters"


def test_a_spokesman_for_the_ministry_is_still_one_description() -> None:
    # the trap for the same change: "for" and "of" still join a description
    assert speaker(LEAD + f"“{Q},” a spokesman for the ministry said.\n", Q[:20]) == "spokesman for the ministry"


@pytest.mark.parametrize(("text", "who"), [
    (f"“{Q},” the Gawker employee wrote.\n", "Gawker employee"),
    (f"“{Q},” a voice over says as a photo appears.\n", "voice over"),
    (f"“{Q},” former State policy planning director Ann Lee wrote to Cho.\n", "Ann Lee"),
])
def test_new_description_heads_and_titles(text: str, who: str) -> None:
    assert speaker(LEAD + text, Q[:20]) == who


def test_an_adjective_after_a_is_no_sayer() -> None:
    # "post" is a cue verb and a noun: "a Trumpian post" never makes "Trumpian" a speaker
    t = LEAD + (f"Mayor Bo Cho visited. On Friday, he joined others in pouncing on the news, saying in a "
                f"Trumpian post on Twitter: “{Q}.”\n")
    assert speaker(t, Q[:20]) != "Trumpian"


def test_a_cue_with_a_clause_after_it_closes_a_split_quote() -> None:
    t = LEAD + ("Mayor Bo Cho spoke. ''Most of the cost of the harbour plan derives from efforts to measure'' "
                "income, he said, rather than from the wall itself.\n")
    assert speaker(t, "Most of the cost") == "Bo Cho"


def test_blogged_is_a_cue() -> None:
    t = LEAD + f"Ann Lee ran. Bo Cho may have said it best when he blogged: “{Q}.”\n"
    assert speaker(t, Q[:20]) == "Bo Cho"


def test_an_opening_phrase_with_an_abbreviation_before_she() -> None:
    t = LEAD + (f"“You cannot blame her for it,” said Ida Kell, 44, an aide. An immigrant from Norland who "
                f"became a U.S. citizen in 2013, she plans to vote. “{Q}.”\n")
    assert speaker(t, Q[:20]) == "Ida Kell"


def test_a_name_after_a_subject_and_verb_is_no_paragraph_subject() -> None:
    # the trap: "it threw Bo Cho" names Cho as an object; the quote after it is no guess of his
    t = LEAD + f"“He started looking into it,” Ida Kell says. And it threw Bo Cho for a loop. “{Q}.”\n"
    assert speaker(t, Q[:20]) != "Bo Cho"


def test_a_name_after_an_opening_clause_is_still_the_paragraph_subject() -> None:
    t = LEAD + f"Mayor Bo Cho spoke. When he left, Ann Lee, the mayor, was ready to act. “{Q}.”\n"
    assert speaker(t, Q[:20]) == "Ann Lee"


def test_the_comma_inside_the_closing_marks_before_a_participle() -> None:
    t = LEAD + f"According to Phil Kerpen, it was a tweet. Kerpen needled the CNN “reporter,” saying, “{Q}!”\n"
    assert speaker(t, Q[:20]) == "Phil Kerpen"


def test_a_title_after_a_name_and_a_verb_is_the_object() -> None:
    # "Ann Lee thanked Mayor Bo Cho and said": Lee says it (before: Cho, one titled mention)
    t = LEAD + f"Ann Lee thanked Mayor Bo Cho and said, “{Q}.”\n"
    assert speaker(t, Q[:20]) == "Ann Lee"


@pytest.mark.parametrize(("text", "who"), [
    (f"“{Q},” White House press secretary Ann Lee said.\n", "Ann Lee"),
    (f"“{Q},” Norland's embattled Mayor Bo Cho said.\n", "Bo Cho"),
    (f"“{Q},” Mr Cho told BBC Radio Four’s Any Questions.\n", "Cho"),
])
def test_titles_after_lower_case_words_that_are_no_verbs(text: str, who: str) -> None:
    # the traps for the same change: a lower-case title word, an owner and a verb after the name
    assert speaker(LEAD + text, Q[:20]) == who


def test_a_name_ending_a_sentence_does_not_run_into_the_next_titled_name() -> None:
    # "“…,” said Ida Kell. Mayor Bo Cho arrived": before, "Ida Kell. Mayor Bo Cho" was one mention
    t = LEAD + "“The plan is late for the whole town,” said Ida Kell. Mayor Bo Cho arrived later.\n"
    assert speaker(t, "The plan is late") == "Ida Kell"


@pytest.mark.parametrize(("text", "who"), [
    (f"“{Q},” U.S. Attorney Ann Lee said.\n", "Ann Lee"),
    (f"“{Q},” U.S.-backed President Ann Lee said.\n", "Ann Lee"),
    (f"“{Q},” St. Louis Mayor Ann Lee said.\n", "Ann Lee"),
])
def test_initials_and_abbreviations_still_stand_before_a_title(text: str, who: str) -> None:
    # the traps for the same change: full stops of initials and abbreviations stay in the mention
    assert speaker(LEAD + text, Q[:20]) == who


def test_the_sentence_before_that_began_inside_the_quote_before_names_nobody() -> None:
    # "“… Mayor Cho's entire office claims …,”Ida Kell, who is chair of the board said in a
    # statement. “…”": the subject inside the quoted words is no sayer of the next quote
    t = LEAD + ("“The plan is late. Mayor Bo Cho's entire office claims that it is on time, yet it is "
                f"not,”Ida Kell, who is chair of the Harbour Board said in a statement. “{Q}.”\n")
    assert speaker(t, Q[:20]) != "Bo Cho's entire office"


def test_a_relative_clause_cue_in_a_colon_phrase_is_the_relatives() -> None:
    # "Ann Lee praised Senator Bo Cho, who said:": Cho speaks (before: Lee, the colon hand-over)
    t = LEAD + f"Ann Lee praised Senator Bo Cho, who said: “{Q}.”\n"
    assert speaker(t, Q[:20]) == "Bo Cho"


def test_the_object_of_to_is_no_sayer() -> None:
    # "Ann Lee's letter to Senator Bo Cho said:": the letter is Lee's, never Cho's words
    t = LEAD + f"Ann Lee's letter to Senator Bo Cho said: “{Q}.”\n"
    assert speaker(t, Q[:20]) != "Bo Cho"


def test_talking_to_reporters_the_subject_still_speaks() -> None:
    # the trap: "to reporters," ends its phrase; the subject after the comma speaks
    t = LEAD + f"Talking to reporters, Senator Bo Cho said: “{Q}.”\n"
    assert speaker(t, Q[:20]) == "Bo Cho"


def test_a_she_that_names_no_one_does_not_continue_a_man() -> None:
    # "“…,” said John Cho. His wife, Mary, agreed. “…,” she said.": not Cho (before: a continuation)
    t = LEAD + f"“It is late,” said John Cho. His wife, Mary, agreed. “{Q},” she said.\n"
    assert speaker(t, Q[:20]) != "John Cho"


def test_he_added_still_continues_the_man() -> None:
    # the trap: the same gender (or an unknown one) keeps the continuation
    t = LEAD + f"“It is late,” said John Cho. “{Q},” he added.\n"
    assert speaker(t, Q[:20]) == "John Cho"


def test_a_new_person_introduced_between_stops_the_interviewee() -> None:
    # "Ann Lee, a resident, lost her home" introduces the next voice: not the mayor again
    t = LEAD + ("“It is late,” said Mayor Bo Cho.\n\nAnn Lee, a resident, lost her home in the flood.\n\n"
                "“I lost everything I had in the house, and my car too.”\n")
    assert speaker(t, "I lost everything") != "Bo Cho"


def test_an_official_named_between_keeps_the_interviewee() -> None:
    # the trap: a person named in the narrative without an apposition is no new voice
    t = LEAD + ("“I saw it,” Ann Lee, a survivor, told the Herald.\n\nChief Minister Bo Cho condemned the "
                "attack.\n\n“We ran to the tent and I hid my son.”\n")
    assert speaker(t, "We ran to the tent") == "Ann Lee"


def test_a_conjunction_opening_the_sentence_before() -> None:
    t = LEAD + f"“It is late,” said Ann Lee. But Bo Cho said the plan was fine. “{Q}.”\n"
    assert speaker(t, Q[:20]) == "Bo Cho"


def test_a_conjunction_then_a_pronoun_subject_is_no_name() -> None:
    # the trap: "And it threw Bo Cho" keeps Cho an object after the conjunction
    t = LEAD + f"“It is late,” said Ann Lee. And it threw Bo Cho for a loop. “{Q}.”\n"
    assert speaker(t, Q[:20]) != "Bo Cho"


def test_like_x_opening_a_sentence_is_no_subject_for_she() -> None:
    # "Like Mayor Bo Lee, I believe …": the title's prefix words took "Like", and Lee became the
    # sentence subject that "she" resolved to
    t = LEAD + f"My mother, Ida Kell, spoke. Like Mayor Bo Lee, I believe in the town. Even now she says, “{Q}.”\n"
    assert speaker(t, Q[:20]) == "Ida Kell"
