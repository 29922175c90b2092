"""Speaker patterns of issue 15's third round (found on a second, fresh sample of the PolNeAR
train split).

Every text is a short made-up sentence; each pattern has its right speaker and, next to it,
the trap a looser rule would fall into, where the right answer is another name or null.
"""

from __future__ import annotations

from test_attribution_more import LEAD, speaker

# --- titles -----------------------------------------------------------------------------


def test_speaker_of_the_house_with_an_honorific_is_the_person() -> None:
    t = LEAD + ("Speaker of the House Rep. Lena Voss (D-NL) said “boats, they have no place "
                "in a quiet bay.” Voss left early.")
    assert speaker(t, "boats, they") == "Lena Voss"


def test_an_honorific_after_a_title_needs_a_name_after_it() -> None:
    # "House Speaker Rep." is no name; the quote goes to the person named after it
    t = LEAD + ("House Speaker Lena Voss spoke first. Rep. Ivo Brandt (R-NL) said “boats, they "
                "have no place in a quiet bay.”")
    assert speaker(t, "boats, they") == "Ivo Brandt"


def test_an_apposition_owned_by_a_titled_name() -> None:
    t = LEAD + ("“They were rivals, but also friends,” Ivo Brandt, Mayor Voss’s former chief "
                "of staff, said of their time in office.")
    assert speaker(t, "They were rivals") == "Ivo Brandt"


def test_a_possessive_apposition_without_its_own_cue_is_not_an_attribution() -> None:
    t = LEAD + ("“They were rivals, but also friends,” Ivo Brandt, Mayor Voss’s former chief "
                "of staff, wrote in his book.")
    assert speaker(t, "They were rivals") == "Ivo Brandt"
    t = LEAD + ("“They were rivals, but also friends.” Ivo Brandt, Mayor Voss’s former chief "
                "of staff, lost the race in the end and left the town for good.")
    assert speaker(t, "They were rivals") is None


# --- cue verbs --------------------------------------------------------------------------


def test_wondered_aloud_and_its_continuation() -> None:
    t = LEAD + ("Ivo Brandt spoke for an hour.\n\n“Maybe it is the difference between us,” he "
                "wondered aloud. “We wear everything on our sleeve!”")
    assert speaker(t, "Maybe it is") == "Ivo Brandt"
    assert speaker(t, "We wear") == "Ivo Brandt"


def test_shot_back_and_went_on_to_say() -> None:
    t = LEAD + "Lena Voss spoke first. Ivo Brandt shot back, “Nobody was crushed by that.”"
    assert speaker(t, "Nobody was") == "Ivo Brandt"
    t = LEAD + "Lena Voss spoke first.\n\nIvo Brandt went on to say, “Nobody was crushed by that.”"
    assert speaker(t, "Nobody was") == "Ivo Brandt"


def test_what_went_on_is_no_cue() -> None:
    t = LEAD + "Lena Voss spoke first. What went on to happen, “nobody saw coming,” the paper wrote."
    assert speaker(t, "nobody saw") != "Lena Voss"


# --- an inverted cue and a long apposition after the quote -----------------------------


def test_said_name_with_a_long_apposition_that_holds_a_clause() -> None:
    t = LEAD + ("“We are extremely happy” about the decision, said Lena Voss, executive director "
                "of the Norland Harbour Union, a union that has broken away from many other "
                "labor groups and endorsed Brandt.")
    assert speaker(t, "We are extremely") == "Lena Voss"


# --- a question, then "Name told …" ----------------------------------------------------


LONG = ("Lena Voss arrived.\nIvo Brandt criticised Voss in parliament and said she would not "
        "be welcome.\n")


def test_a_question_then_name_told_a_long_sentence() -> None:
    t = LEAD + LONG + ("“It looks like we are not going to get along, who knows?” Voss told "
                       "Norland’s TV4 television station in an interview aired on Monday when "
                       "asked about ties.")
    assert speaker(t, "It looks like") == "Lena Voss"


def test_a_full_stop_then_name_told_is_no_one_rather_than_the_sentence_before() -> None:
    # a new sentence about Voss follows: not the cue of this quote, but then the subject of the
    # sentence before (Brandt) would be a wrong name
    t = LEAD + LONG + ("“It looks like we are not going to get along, who knows.” Voss told "
                       "Norland’s TV4 television station in an interview aired on Monday when "
                       "asked about ties.")
    assert speaker(t, "It looks like") is None


def test_a_question_then_another_verb_is_a_new_sentence() -> None:
    t = LEAD + ("Ivo Brandt spoke first at the harbour meeting on Monday.\n\n“Why now, after "
                "all these years?” Voss criticised the slow response of the harbour office to "
                "the storm damage of last winter.")
    assert speaker(t, "Why now") != "Lena Voss"


def test_an_exclamation_after_a_lead_in_keeps_the_lead_in() -> None:
    t = LEAD + ("In June, after Lena Voss fell ill, Ivo Brandt emailed her, telling her, “you are "
                "an all-star player and we need you for the long run!” She replied to him that it "
                "was an honour to serve the town.")
    assert speaker(t, "you are an all-star") == "Ivo Brandt"


# --- anonymous and indefinite descriptions ---------------------------------------------


def test_a_party_member_and_a_user_are_kept_as_written() -> None:
    t = LEAD + ("Lena Voss leads the race.\n\n“Ivo Brandt will be beaten, but not this week,” "
                "said a Norland Republican, who, like all respondents, answered anonymously.")
    assert speaker(t, "Ivo Brandt will") == "Norland Republican"
    t = LEAD + ("Lena Voss leads.\n\n“It is great fun watching the race,” one user wrote. "
                "“This is their town.”")
    assert speaker(t, "It is great fun") == "one user"
    assert speaker(t, "This is their") == "one user"


def test_an_indefinite_description_is_a_new_person() -> None:
    # "a senator" after Senator Voss is someone else; "the senator" is her
    t = LEAD + "Senator Lena Voss spoke.\n\n“We will win,” said a senator who asked not to be named."
    assert speaker(t, "We will win") == "senator"
    t = LEAD + "Senator Lena Voss spoke.\n\n“We will win,” the senator said."
    assert speaker(t, "We will win") == "Lena Voss"


def test_the_party_label_of_a_named_person_still_resolves() -> None:
    t = LEAD + "Republican Lena Voss spoke.\n\n“We will win the harbour vote,” the Republican said."
    assert speaker(t, "We will win") == "Republican Lena Voss"


def test_a_columnist_named_then_described() -> None:
    t = LEAD + ("“His ideas are far from heartwarming,” columnist Ivo Brandt wrote in the "
                "Harbour Times.\n\nSumming up, the columnist suggested: “His streak is proof.”")
    assert speaker(t, "His ideas") == "Ivo Brandt"
    assert speaker(t, "His streak") == "Ivo Brandt"


def test_another_description_then_the_name_in_commas() -> None:
    t = LEAD + ("They fished all summer.\n\n“I hope you do not mind, I have to take my brother "
                "along,” another fraternity brother, Ivo Brandt, recalled.")
    assert speaker(t, "I hope you") == "Ivo Brandt"


def test_barked_closes_a_quote() -> None:
    t = LEAD + "The men met.\n\n“Go back to the harbour,” Lena Voss barked and a guard took the man out."
    assert speaker(t, "Go back") == "Lena Voss"


def test_an_opening_participle_is_not_the_subject() -> None:
    t = LEAD + ("The vote was counted.\n\nAppearing before cheering supporters at the party office, "
                "Lena Voss, 70, said it was too early to name winners but added, “I think you all "
                "have an idea of the results.”")
    assert speaker(t, "I think you") == "Lena Voss"
