"""Issue 15, fifth round: nested sources, a bare surname shared by two people, and the patterns
of a fourth fresh sample of the PolNeAR train split.

Every text is made up; each case has its trap (the looser answer that would be wrong) next to it.
"""

from __future__ import annotations

import pytest
from test_attribution_more import LEAD, attribute

from quotecheck import attribution
from quotecheck.models import Quote
from quotecheck.rules import default_rules

RULES = default_rules()
Q = "We will rebuild the harbour wall before the winter storms arrive in the bay"


def _one(text: str) -> Quote:
    (q,) = attribute(LEAD + text)
    return q


# --- 1. nested sources: the speaker, and the outlet as the channel -------------------------


def test_name_said_according_to_the_outlet_before_the_quote() -> None:
    q = _one(f"Lena Okafor said, according to the Norland Post, “{Q}.”\n")
    assert (q.speaker, q.channel) == ("Lena Okafor", "Norland Post")
    assert q.speaker_evidence == "cue"


def test_according_to_the_outlet_alone_is_the_outlet() -> None:
    # the trap: with no cue of its own, the outlet is the subject of the attribution
    for text in (f"According to the Norland Post, “{Q}.”\n", f"“{Q},” according to the Norland Post.\n"):
        q = _one(text)
        assert q.speaker == "Norland Post" and q.channel is None and q.speaker_evidence == "channel"


@pytest.mark.parametrize("text", [
    f"“{Q},” Lena Okafor said, according to the Norland Post.\n",
    f"“{Q},” Mayor Lena Okafor said in a statement, according to the Norland Post.\n",
    f"According to the Norland Post, Lena Okafor said, “{Q}.”\n",
    f"“{Q},” Lena Okafor told The Washington Post.\n",
])
def test_a_name_with_a_cue_keeps_the_quote_whatever_outlet_relays_it(text: str) -> None:
    q = _one(text)
    assert q.speaker == "Lena Okafor" and q.channel in ("Norland Post", "Washington Post")


@pytest.mark.parametrize("text", [
    f"According to a statement from Lena Okafor, “{Q}.”\n",
    f"“{Q},” according to a statement from Lena Okafor.\n",
    f"“{Q},” according to a news release issued by Lena Okafor.\n",
])
def test_according_to_a_statement_from_a_name_is_the_name(text: str) -> None:
    q = _one(text)
    assert q.speaker == "Lena Okafor" and q.speaker_evidence == "channel"


def test_according_to_a_statement_from_an_office_is_the_office_not_the_statement() -> None:
    q = _one(f"“{Q},” according to a statement from the Norland Harbour Authority.\n")
    assert q.speaker == "Norland Harbour Authority"
    # before: "statement from the mayor's office" was the speaker
    q = _one(f"According to a statement from the mayor's office, “{Q}.”\n")
    assert q.speaker is not None and "statement" not in q.speaker


def test_according_to_a_spokesman_for_a_name_is_not_the_name() -> None:
    # the trap: a spokesman speaks for Lee, he is not Lee (documents only have an author)
    q = _one(f"“{Q},” according to a spokesman for Lena Okafor.\n")
    assert q.speaker != "Lena Okafor"


def test_according_to_a_statement_with_no_author_names_nobody() -> None:
    q = _one(f"According to a statement, “{Q}.”\n")
    assert q.speaker is None


# --- 2. a bare surname shared by two full names of the story set ---------------------------


def _q(i: int, speaker: str | None, art: str, channel: str | None = None) -> Quote:
    return Quote(id=f"{art}:q{i}", article_id=art, start=0, end=1, text="x", speaker=speaker, channel=channel)


def _speakers(quotes: list[Quote]) -> list[str | None]:
    out, _ = attribution.resolve_entities(quotes, RULES)
    return [q.speaker for q in out]


def test_a_bare_surname_of_two_full_names_stays_unresolved() -> None:
    qs = [_q(1, "Ted Vance", "a"), _q(2, "Ted Vance", "a"), _q(3, "Rafael Vance", "b"), _q(4, "Vance", "c")]
    assert _speakers(qs) == ["Ted Vance", "Ted Vance", "Rafael Vance", "Vance"]
    _, ents = attribution.resolve_entities(qs, RULES)
    assert {e.name: e.variants for e in ents}["Vance"] == ["Vance"]


def test_a_bare_surname_whose_other_full_name_is_only_a_channel_stays_unresolved() -> None:
    qs = [_q(1, "Ted Vance", "a"), _q(2, "Lena Okafor", "b", channel="Rafael Vance"), _q(3, "Vance", "c")]
    assert _speakers(qs) == ["Ted Vance", "Lena Okafor", "Vance"]


def test_a_bare_surname_more_frequent_than_both_full_names_stays_unresolved() -> None:
    qs = [_q(1, "Vance", "a"), _q(2, "Vance", "a"), _q(3, "Ted Vance", "b"), _q(4, "Rafael Vance", "c")]
    assert _speakers(qs) == ["Vance", "Vance", "Ted Vance", "Rafael Vance"]


def test_a_bare_surname_of_one_full_name_joins_it() -> None:
    # the trap: with one full name, the bare surname is that person (and a spelling variant of
    # the full name does not count as a second person)
    assert _speakers([_q(1, "Ted Vance", "a"), _q(2, "Vance", "c")]) == ["Ted Vance", "Ted Vance"]
    assert _speakers([_q(1, "Sergei Vance", "a"), _q(2, "Sergey Vance", "b"), _q(3, "Vance", "c")]) == [
        "Sergei Vance", "Sergei Vance", "Sergei Vance"]


def test_two_full_names_in_one_article_leave_its_bare_surname_alone() -> None:
    text = (LEAD + "Ted Vance and his brother Rafael Vance both spoke at the meeting.\n\n"
            f"“{Q},” Vance said.\n")
    (q,) = attribute(text)
    assert q.speaker == "Vance"


def test_a_bare_surname_of_two_people_makes_no_speaker_conflict() -> None:
    # before: the bare "Vance" of the first article became the Vance named last there (Ted), a
    # speaker_conflict *error* against the second article's Robert Vance; the batch has both
    # full names as speakers, so merging leaves the bare name alone too
    from quotecheck.models import Article
    from quotecheck.pipeline import build_report, extract_article

    words = "Our family will keep the boatyard open for every apprentice who wants to learn the trade"
    a = (LEAD + "Robert Vance founded the boatyard in 1961. His son, Ted Vance, runs it now.\n\n"
         f"“{words},” Vance said.\n")
    b = LEAD + f"“{words},” Robert Vance said on Tuesday.\n"
    c = LEAD + "“The new slipway opens in June and the town has paid for half of it,” Ted Vance said.\n"
    arts = [Article(id=f"a{i}", path=f"a{i}.txt", text=t) for i, t in enumerate((a, b, c))]
    rep = build_report(arts, [extract_article(x, RULES) for x in arts], [], RULES)
    assert {q.article_id: q.speaker for q in rep.quotes} == {"a0": "Vance", "a1": "Robert Vance",
                                                            "a2": "Ted Vance"}
    assert [f for f in rep.findings if f.kind == "speaker_conflict"] == []


# --- 3. patterns of a fourth fresh train sample --------------------------------------------


@pytest.mark.parametrize("after", ["", " “The numbers do not add up,” said Brandt.", " The mayor disagreed."])
def test_inverted_cue_and_name_end_the_sentence_whatever_follows(after: str) -> None:
    text = f"“{Q}” if the council pays, said Ivo Brandt, deputy manager for Lena Okafor's 2004 campaign.{after}\n"
    assert attribute(LEAD + text)[0].speaker == "Ivo Brandt"


def test_inverted_cue_with_more_of_the_writers_sentence_after_the_name_is_no_attribution() -> None:
    # the trap: the name is not the end of the writer's sentence ("said Brandt would …")
    text = f"“{Q}” if the council pays, said Ivo Brandt would be a fine slogan for the campaign.\n"
    assert attribute(LEAD + text)[0].speaker is None


def test_an_owner_ending_in_s_takes_a_bare_apostrophe() -> None:
    q = _one(f"“{Q},” Ivo Brandt, Okafors’ campaign manager, said in a statement.\n")
    assert q.speaker == "Ivo Brandt"


def test_an_owners_description_then_the_name_in_commas() -> None:
    q = _one(f"''{Q},'' Ms. Okafor's spokesman, Ivo Brandt, wrote on Twitter.\n")
    assert q.speaker == "Ivo Brandt"
    # the trap: the owner is no speaker, and neither is an owner's thing
    q = _one(f"“{Q},” Okafor's plan, Brandt said, is late.\n")
    assert q.speaker != "Lena Okafor"


FACT_CHECK = ("As is our practice, we review the claims Ivo Brandt and Lena Okafor made in the debate.\n\n"
              f"“{Q}.”\n\n- {{who}}.\n\nThe mayor is relying on an outdated figure, as Ivo Brandt noted.\n")


@pytest.mark.parametrize("who", ["Lena Okafor", "Okafor"])
def test_a_signature_paragraph_after_a_quote_paragraph(who: str) -> None:
    (q,) = attribute(FACT_CHECK.format(who=who))
    assert q.speaker == "Lena Okafor" and q.speaker_evidence == "signature"


def test_a_dash_paragraph_that_names_nobody_the_article_knows_is_no_signature() -> None:
    (q,) = attribute(FACT_CHECK.format(who="Norland"))
    assert q.speaker != "Norland" and q.pattern != "dash-signature"


def test_a_spaced_hyphen_signs_a_quote_in_its_paragraph() -> None:
    q = _one(f"“{Q}.” - Lena Okafor. The mayor is relying on an outdated figure.\n")
    assert q.speaker == "Lena Okafor"


@pytest.mark.parametrize("clause", ["who spoke anonymously to discuss internal strategy said Wednesday,",
                                    "who was not authorized to speak publicly said:",
                                    "who asked not to be named because the talks are private told reporters,"])
def test_an_anonymous_source_with_its_relative_clause(clause: str) -> None:
    q = _one(f"Although nobody agrees, a Norland official {clause} “{Q}.”\n")
    assert q.speaker == "Norland official"


def test_a_relative_clause_with_its_own_cue_is_not_the_anonymous_source_pattern() -> None:
    # the trap: the official is who the mayor told; the mayor speaks
    q = _one(f"A Norland official who was not named in the report, Lena Okafor said, “{Q}.”\n")
    assert q.speaker != "Norland official"


@pytest.mark.parametrize("who", ["the retired neurosurgeon", "the conference speaker", "the pastor"])
def test_more_description_heads(who: str) -> None:
    q = _one(f"“{Q},” {who} told the radio station.\n")
    assert q.speaker is not None and q.speaker_mention == who


def test_two_apostrophes_open_the_next_quote_after_a_cue() -> None:
    # ''A,'' Ms. X said. ''B.'' Mr. Y said: ''C.'' -- B is X's, and Y's cue is C's
    qs = attribute(LEAD + f"''{Q},'' Ms. Okafor said. ''We are not leaving.'' Mr. Brandt said: "
                   "''The storm that came today is the work of the sea.''\n")
    assert [q.speaker for q in qs] == ["Okafor", "Okafor", "Brandt"]
    # the trap: a cue that introduces the next quote is not this one's
    qs = attribute(LEAD + f"Another user, Ivo Z, wrote of Ms. Okafor: ''{Q}.'' Lena Marr posted: "
                   "''Ms. Okafor is wrong about the wall.''\n")
    assert qs[0].speaker != "Lena Marr" and qs[1].speaker == "Lena Marr"


def test_a_person_introduced_by_name_is_what_she_refers_to() -> None:
    text = (LEAD + "Ivo Brandt spoke first.\n\nThe woman who started it all identified herself to the "
            "Norland Post as a 52-year-old Tarn resident named Caroline.\n\n"
            f"“{Q},” she said of Brandt.\n")
    assert attribute(text)[0].speaker == "Caroline"


def test_a_thing_named_is_no_person() -> None:
    # the trap: "a trawler named Caroline" is a boat; "she" stays with the woman named before
    text = (LEAD + "Lena Okafor spoke first.\n\nThe boat that started it all was a trawler named Caroline.\n\n"
            f"“{Q},” she said.\n")
    assert attribute(text)[0].speaker == "Lena Okafor"


# --- "the statement said": its issuer, or nobody --------------------------------------------


@pytest.mark.parametrize("before, who", [
    ("The Norland Harbour Authority told residents in a statement to keep away from the quay.", "Norland Harbour Authority"),
    ("On Thursday, Mayor Lena Okafor announced a plan. In a statement, the mayor announced that the wall would rise.",
     "Lena Okafor"),
])
def test_the_statement_said_is_its_issuer(before: str, who: str) -> None:
    qs = attribute(LEAD + f"{before}\n\n“{Q},” the statement said. “The work starts in May.”\n")
    assert [q.speaker for q in qs] == [who, who]
    assert qs[0].speaker_mention == "the statement"


@pytest.mark.parametrize("before", ["Mayor Lena Okafor met the council on Monday.",
                                    "A statement was posted on the council's website."])
def test_the_statement_said_with_no_issuer_names_nobody(before: str) -> None:
    # the trap: not the last person named, and never "statement" itself
    (q,) = attribute(LEAD + f"{before}\n\n“{Q},” the statement said.\n")
    assert q.speaker is None


def test_an_opening_participle_is_no_name() -> None:
    text = (LEAD + "Lena Okafor spoke first.\n\nSmiling broadly throughout her speech, Mrs. Okafor drew "
            f"cheers as she thanked the town and then boomed, ''{Q}.''\n")
    assert attribute(text)[0].speaker in (None, "Lena Okafor")  # before: "Smiling"
    # the trap: a name ending in -ing opening its sentence still speaks
    text = LEAD + f"Manning said the wall would hold. “{Q},” Manning told reporters.\n"
    assert attribute(text)[0].speaker == "Manning"


def test_an_abbreviations_full_stop_is_no_sentence_start_for_a_colon_name() -> None:
    # "… wrote of Ms. Okafor: ''…''": the writer is Ivo Z (not matched), never Okafor
    text = LEAD + f"Lena Okafor spoke.\n\nAnother user, Ivo Z, wrote of Ms. Okafor: ''{Q}.''\n"
    assert attribute(text)[0].speaker != "Lena Okafor"
    # the trap: a transcript-style name after a real sentence end still speaks
    text = LEAD + f"Lena Okafor spoke. Okafor: ''{Q}.''\n"
    assert attribute(text)[0].speaker == "Lena Okafor"


def test_a_relative_clause_with_a_cue_ending_in_a_colon() -> None:
    text = (LEAD + "Any decision would involve Attorney General Lena Okafor, who told the council when "
            f"asked last month about the wall: “{Q}.”\n")
    assert attribute(text)[0].speaker == "Lena Okafor"
    # the trap: a later sayer in the clause gets the quote, not the relative's antecedent
    text = (LEAD + "Any decision would involve Attorney General Lena Okafor, who told the council last "
            f"month that Ivo Brandt said: “{Q}.”\n")
    assert attribute(text)[0].speaker == "Ivo Brandt"


@pytest.mark.parametrize("lead, who", [
    ("The Okafor campaign, in a note on the harbour plan, worded it even more carefully:", "Okafor campaign"),
    ("Lena Okafor responded pointedly, with a smile:", "Lena Okafor"),
    ("A footnote in the report makes that clear:", "footnote in the report"),
])
def test_a_subject_handing_over_words_with_a_colon(lead: str, who: str) -> None:
    q = _one(f"{lead} “{Q}.”\n")
    assert q.speaker is not None and who in q.speaker


@pytest.mark.parametrize("lead", ["Lena Okafor faces a question:", "Lena Okafor was asked:",
                                  "The mayor, Lena Okafor, and the board:"])
def test_a_colon_after_a_subject_without_a_verb_of_its_own_names_nobody(lead: str) -> None:
    # the trap: a question put to her, or a list, is not her words
    q = _one(f"The meeting in the town hall ran late on Monday. {lead} “{Q}?”\n")
    assert q.pattern != "before-subject-phrase-colon"


def test_he_after_a_bare_surname_of_two_people_is_that_bare_name() -> None:
    # the bare "Vance" stays a person: "he" resolves to it, not to the next man named before
    text = (LEAD + "Robert Vance founded the boatyard. Ted Vance runs it now. Mayor Ivo Brandt praised "
            "the yard.\n\nVance spoke to the council on Monday.\n\n"
            f"“{Q},” he said.\n")
    assert attribute(text)[0].speaker == "Vance"
