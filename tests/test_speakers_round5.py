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
