"""Three sources of false speaker conflicts found by the scale benchmark, each pinned down.

A false alarm costs a fact-checker more than a miss, so each case is checked both ways:
the benign form gives no speaker_conflict, and a real second speaker still does.
"""

from __future__ import annotations

from quotecheck.attribution import _same_person
from quotecheck.models import Article
from quotecheck.pipeline import build_report, extract_article
from quotecheck.rules import default_rules

RULES = default_rules()
Q = "We have never seen the river this high, and our teams will reinforce the embankments tonight."


def report(*texts: str):
    arts = [Article(id=f"a{i}", path=f"a{i}.txt", text=t) for i, t in enumerate(texts)]
    return build_report(arts, [extract_article(a, RULES) for a in arts], [], RULES)


def conflicts(*texts: str) -> list[str]:
    return [f.message for f in report(*texts).findings if f.kind == "speaker_conflict"]


def test_transliterated_given_names_are_one_person() -> None:
    assert _same_person("Youssef Al-Muli", "Yusuf Al-Muli")
    assert _same_person("Aleksandr Banjilov", "Alexander Banjilov")
    assert not _same_person("Dan Kelly", "Don Kelly")  # short names: too easily two people
    assert not _same_person("John Smith", "Jane Smith")
    assert not _same_person("Mark Kelly", "Mary Kelly")


def test_a_surname_alone_is_not_a_second_speaker() -> None:
    a = f"Flood in Tarn\n\nRiver chief Pak Sang-gil said: “{Q}”\n"
    b = f"Flood in Tarn\n\n“{Q}” Pak said on Monday.\n"
    # a second Pak in the batch keeps entity merging from joining the bare "Pak" to either
    other = "Trade talks in Seoul\n\nMinister Pak Chol-su said: “Exports rose again in the spring.”\n"
    assert conflicts(a, b, other) == []
    c = f"Flood in Tarn\n\nMayor Lena Okafor said: “{Q}”\n"
    assert len(conflicts(a, c)) == 1  # a different person is still a conflict


def test_an_addressee_does_not_swallow_the_next_sentence() -> None:
    """“Q.” Residents criticised the slow response …: a new sentence, not an attribution."""
    a = f"Flood in Tarn\n\nRiver chief Ines Zurwell said: “{Q}” Residents criticised the slow response of the authorities in Tarn.\n"
    b = f"Flood in Tarn\n\nRiver chief Ines Zurwell said: “{Q}”\n"
    ex = extract_article(Article(id="a", path="a.txt", text=a), RULES)
    assert [q.speaker for q in ex.quotes] == ["Ines Zurwell"]
    assert conflicts(a, b) == []


def test_a_colon_lead_in_keeps_its_quote() -> None:
    """`X said: “….” Seismologists said the region …`: reported speech after, not a speaker."""
    a = (f"Quake in Tarn\n\nMayor Tatiana Livert said: “{Q}” Seismologists said the region sits on a "
         "fault line.\n")
    ex = extract_article(Article(id="a", path="a.txt", text=a), RULES)
    assert [q.speaker for q in ex.quotes] == ["Tatiana Livert"]
    b = f"Quake in Tarn\n\nThe mayor spoke. “{Q}” Seismologists said.\n"
    ex = extract_article(Article(id="b", path="b.txt", text=b), RULES)
    assert [q.speaker for q in ex.quotes] == ["Seismologists"]  # no colon: the cue after still counts
