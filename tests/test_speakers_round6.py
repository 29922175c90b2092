"""Issue 15, sixth round: the patterns found on the tuning splits and on a fifth fresh sample of
the PolNeAR train split.

Every text is made up; each case has its trap (the looser answer that would be wrong) next to it.
"""

from __future__ import annotations

from test_attribution_more import LEAD, speaker

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
