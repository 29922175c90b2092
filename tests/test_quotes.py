"""Quote spans: every mark style, apostrophes, wraps, paragraphs, recovery, kinds, offsets."""

from __future__ import annotations

import pytest

from quotecheck import quotes
from quotecheck.models import Article, Block, Quote, Segmentation
from quotecheck.rules import default_rules


def extract(text: str, blocks: list[Block] | None = None, title: str | None = None) -> list[Quote]:
    art = Article(id="a", path="a.txt", text=text, title=title)
    seg = Segmentation(article_id="a", blocks=blocks or [Block(start=0, end=len(text))])
    qs = quotes.extract_quotes(art, seg, default_rules())
    for q in qs:  # the evidence contract, checked on every test
        assert q.text == text[q.start:q.end]
    return qs


def texts(text: str) -> list[str]:
    return [q.text for q in extract(text)]


@pytest.mark.parametrize("text, want, open_mark, close_mark", [
    ('The envoy said "we are ready to talk" on Monday.', "we are ready to talk", '"', '"'),
    ("The envoy said “we are ready to talk” on Monday.", "we are ready to talk", "“", "”"),
    ("The envoy said 'we are ready to talk' on Monday.", "we are ready to talk", "'", "'"),
    ("The envoy said ‘we are ready to talk’ on Monday.", "we are ready to talk", "‘", "’"),
    ("L'envoyé a dit «nous sommes prêts» lundi.", "nous sommes prêts", "«", "»"),
    ("Der Gesandte sagte »wir sind bereit« am Montag.", "wir sind bereit", "»", "«"),
    ("Der Gesandte sagte „wir sind bereit“ am Montag.", "wir sind bereit", "„", "“"),
    ("特使は「準備はできている」と述べた。", "準備はできている", "「", "」"),
    ("特使は『準備はできている』と述べた。", "準備はできている", "『", "』"),
    ("The envoy said ``we are ready to talk'' on Monday.", "we are ready to talk", "``", "''"),
    ("The envoy said ''we are ready to talk'' on Monday.", "we are ready to talk", "''", "''"),
    ("The envoy said ”we are ready to talk” on Monday.", "we are ready to talk", "”", "”"),
])
def test_every_mark_style(text: str, want: str, open_mark: str, close_mark: str) -> None:
    qs = extract(text)
    assert [q.text for q in qs] == [want]
    assert (qs[0].open_mark, qs[0].close_mark) == (open_mark, close_mark)
    assert qs[0].start == text.index(want)


def test_single_quoted_quote_inside_double_stays_inside() -> None:
    text = "“The guard told me, ‘Do not move,’ and then left,” the driver said."
    qs = extract(text)
    assert [q.text for q in qs] == ["The guard told me, ‘Do not move,’ and then left,"]
    straight = "\"It felt like, 'Why bother,'\" she said."
    assert texts(straight) == ["It felt like, 'Why bother,'"]


@pytest.mark.parametrize("text", [
    "Russia's ministry and Ukraine’s army couldn’t agree.",
    "It was the ’90s, when rock 'n' roll and the '80s were over.",
    "The Ukrainians’ position and the soldiers' pay were discussed.",
    "Kim Jong Un’s visit to the nation's capital went ahead.",
])
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert texts(text) == []


def test_possessive_plural_does_not_close_or_open_a_quote() -> None:
    text = "The Ukrainians’ envoy called it ‘a sacred duty’ and the officers’ reply was calm."
    assert texts(text) == ["a sacred duty"]


def test_quote_across_hard_wrapped_lines() -> None:
    lines = [
        "Seoul, May 3 (WNA) - The northern leader restated his backing for the allied",
        "government as he met the visiting minister, the official news agency reported.",
        "The leader \u201creaffirmed that the country stands ready to support every step taken by the",
        "allied leadership in dealing with the deepest causes of the regional conflict\u201d in line",
        "with the treaty signed last year by both governments, the news agency said on Sunday.",
    ]
    text = "\n".join(lines) + "\n"
    qs = extract(text)
    assert len(qs) == 1
    assert qs[0].text.startswith("reaffirmed that") and qs[0].text.endswith("regional conflict")
    assert "\n" in qs[0].text and qs[0].close_mark == "\u201d"


def test_multi_paragraph_quote_is_one_quote() -> None:
    text = ("The mayor spoke for an hour.\n\n"
            "“We will rebuild the bridge. It will take two years.\n\n"
            "“We will also build a second one, further north,” she said.\n\n"
            "The council meets on Friday.")
    qs = extract(text)
    assert len(qs) == 1
    q = qs[0]
    assert q.text.startswith("We will rebuild") and q.text.endswith("further north,")
    assert q.close_mark == "”" and q.kind == "full"


def test_unbalanced_mark_recovers_at_paragraph_end() -> None:
    text = ("The minister said “we will not retreat from the border\n\n"
            "Officials met later. “Talks continue,” a spokesman said.\n\n"
            "A final paragraph with “a fragment” in it.")
    qs = extract(text)
    assert [q.text for q in qs] == ["we will not retreat from the border", "Talks continue,",
                                    "a fragment"]
    assert qs[0].close_mark is None and qs[1].close_mark == "”"


def test_stray_opening_mark_does_not_swallow_the_article() -> None:
    body = "A paragraph with a stray \u201c mark and then “a real quote” here.\n\n"
    text = body + "Plain paragraph.\n\n" * 50 + "Last “words” here."
    got = texts(text)
    assert got[-1] == "words" and "a real quote" in got
    assert all(len(t) < 80 for t in got)


def test_full_versus_fragment() -> None:
    text = ("“We are ready to talk at any time,” the envoy said.\n\n"
            "He called the plan a “sacred cause” and 'unconditionally' right.\n\n"
            "The ministry said: “Talks went well.”\n\n"
            "The agency said the leader “reaffirmed that the country will back and "
            "welcome every step its partners choose”.")
    kinds = {q.text: q.kind for q in extract(text)}
    assert kinds["We are ready to talk at any time,"] == "full"
    assert kinds["sacred cause"] == "fragment"
    assert kinds["unconditionally"] == "fragment"
    assert kinds["Talks went well."] == "full"
    assert kinds["reaffirmed that the country will back and welcome every step its partners "
                 "choose"] == "full"


def test_headline_quotes_count() -> None:
    text = ("Leader pledges to 'unconditionally' back ally in war\n\n"
            "The leader said his country would back the ally “unconditionally” in its war.")
    qs = extract(text)
    assert [(q.text, q.in_headline) for q in qs] == [("unconditionally", True),
                                                     ("unconditionally", False)]


def test_headline_from_segmenter_and_boilerplate_skipped() -> None:
    text = "Title with a 'word'\n\nBody with “a quote” here.\n\nShare: “Subscribe now”"
    b1 = text.index("Body")
    b2 = text.index("Share")
    blocks = [Block(start=0, end=b1 - 2, kind="headline"), Block(start=b1, end=b2 - 2),
              Block(start=b2, end=len(text), kind="boilerplate", rule="share")]
    qs = extract(text, blocks)
    assert [(q.text, q.in_headline) for q in qs] == [("word", True), ("a quote", False)]


def test_ids_in_text_order() -> None:
    qs = extract("“One,” he said. “Two,” she said. “Three.”")
    assert [q.id for q in qs] == ["a:q1", "a:q2", "a:q3"]
    assert [q.text for q in qs] == ["One,", "Two,", "Three."]


def test_hundred_thousand_marks_complete_with_sane_spans() -> None:
    text = "“a” " * 50_000 + "“" * 100_000 + " \"b c\" 'd' ’e’"
    qs = extract(text)
    assert len(qs) >= 50_000
    assert all(q.text == text[q.start:q.end] and len(q.text) < 10 for q in qs[:50_000])


def test_long_single_line_completes() -> None:
    text = ("The envoy said the talks went well and that Russia’s war was a cause. " * 30_000
            + "He added “one more thing”.")
    qs = extract(text)
    assert [q.text for q in qs] == ["one more thing"]


def test_paragraphs_respect_blank_lines_and_wraps() -> None:
    text = "a b c\n\nd e f\ng h i"
    assert quotes.paragraphs(text) == [(0, 5), (7, 12), (13, 18)]
