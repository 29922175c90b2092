"""Segmentation: paragraphs in the three wire-copy layouts, boilerplate rules, glued stories.

All texts are written here in the style of real wire copy (none copied).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotecheck.ingest.text import text_to_article
from quotecheck.models import Article, Segmentation
from quotecheck.rules import RuleError, RuleSet, load_file, load_pack
from quotecheck.segment import segment, split_sentences

RULES_DIR = Path(__file__).resolve().parent.parent / "rules" / "en"
MY_FILES = ("headers.yml", "boilerplate.yml", "sentences.yml")


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet([load_file(RULES_DIR / n) for n in MY_FILES], [str(RULES_DIR)])


def seg_of(text: str, rules: RuleSet, name: str = "a.txt") -> tuple[Article, Segmentation]:
    art = text_to_article(text, name, rules)
    return art, segment(art, rules)


def blocks(art: Article, seg: Segmentation) -> list[tuple[str, str | None, str]]:
    return [(b.kind, b.rule, art.text[b.start:b.end]) for b in seg.blocks]


def body(art: Article, seg: Segmentation) -> list[str]:
    return [art.text[b.start:b.end] for b in seg.blocks if b.kind == "body"]


def marked(art: Article, seg: Segmentation) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for b in seg.blocks:
        if b.kind == "boilerplate":
            out.setdefault(b.rule or "", []).append(art.text[b.start:b.end])
    return out


# --------------------------------------------------------------------------- layouts


WRAPPED = (
    "Envoy reaffirms support for Freedonia\n"
    "\n"
    "Strelsau, March 4 (RNA) – The Ruritanian foreign minister reaffirmed his country's support for\n"
    "Freedonia in the border dispute as he met his counterpart in the capital, the state agency\n"
    " reported on Monday.\n"
    "The minister made the remarks at a dinner on Sunday, a day after he arrived for the second round\n"
    "of talks between the two governments, according to the agency.\n"
    "He said Ruritania was \u201cready to stand with Freedonia in every step it takes to defend its\n"
    "borders\u201d under the treaty signed last year, the agency said.\n"
)


def test_hard_wrapped_copy_is_joined_into_paragraphs(rules: RuleSet) -> None:
    art, seg = seg_of(WRAPPED, rules)
    paras = body(art, seg)
    assert len(paras) == 3
    assert paras[0].startswith("The Ruritanian foreign minister") and paras[0].endswith("reported on Monday.")
    assert paras[2].endswith("the agency said.")
    assert marked(art, seg) == {"dateline_dated": ["Strelsau, March 4 (RNA) –"]}
    assert [b.kind for b in seg.blocks][:1] == ["headline"]


ONE_PER_LINE = (
    "The envoy thanked the \u201cbrave\u201d border guards before leaving for the capital on Monday.\n"
    "Freedonia is \u201cready to help\u201d, the envoy told reporters, according to state radio.\n"
    "\u201cBrave\u201d border guards\n"
    "The guards have held the line since spring, officials said.\n"
    "Meeting with the prime minister\n"
    "The two men discussed trade and the new rail link between the capitals.\n"
)


def test_one_paragraph_per_line_keeps_every_line_and_subheads_as_body(rules: RuleSet) -> None:
    art, seg = seg_of(ONE_PER_LINE, rules)
    assert body(art, seg) == ONE_PER_LINE.strip().split("\n")
    assert art.title is None  # the first line is a long lede, not a headline


def test_blank_line_paragraphs(rules: RuleSet) -> None:
    text = "Short headline here\n\nFirst paragraph. It has two sentences.\n\nSecond paragraph.\n"
    art, seg = seg_of(text, rules)
    assert blocks(art, seg) == [("headline", None, "Short headline here"),
                                ("body", None, "First paragraph. It has two sentences."),
                                ("body", None, "Second paragraph.")]
    assert [text[s:e] for s, e in seg.sentences] == [
        "Short headline here", "First paragraph.", "It has two sentences.", "Second paragraph."]


# --------------------------------------------------------------------------- boilerplate rules


TICKER = (
    "News update\n"
    "  \u2022 Port strike ends after pay deal\u00a0\u00a0\u00a0 | \u00a0\u00a0\u00a0\n"
    "  \u2022 Heat warning for the south\u00a0\u00a0\u00a0 | \u00a0\u00a0\u00a0\n"
    "\n"
    "Envoy Backs Freedonia in Border Talks\n"
    "\n"
    "BlueRiver Desk: Politics 2024-03-04, 09:30am\n"
    "\n"
    "image_2024-03-04_093015-4f1c2a9b0c.png\n"
    "\n\n\n"
    "The envoy said on Monday that his country stood with Freedonia, according to state radio.\n"
    "\n"
    "Also Read: Rail link to open next spring, minister says\n"
    "\n"
    "He added that talks would continue \u201cuntil the border is secure.\u201d\n"
    "\n"
    "Follow our Telegram channel for live updates.\n"
)


def test_ticker_desk_image_also_read_follow(rules: RuleSet) -> None:
    art, seg = seg_of(TICKER, rules)
    m = marked(art, seg)
    assert m["news_ticker"] == [TICKER[:TICKER.index("\n\nEnvoy")].rstrip()]
    assert m["desk_line"] == ["BlueRiver Desk: Politics 2024-03-04, 09:30am"]
    assert m["image_file"] == ["image_2024-03-04_093015-4f1c2a9b0c.png"]
    assert m["also_read"] == ["Also Read: Rail link to open next spring, minister says"]
    assert m["follow_us"] == ["Follow our Telegram channel for live updates."]
    assert body(art, seg) == [
        "The envoy said on Monday that his country stood with Freedonia, according to state radio.",
        "He added that talks would continue \u201cuntil the border is secure.\u201d"]
    assert art.title == "Envoy Backs Freedonia in Border Talks"



@pytest.mark.parametrize("plug", [
    "Follow our Telegram channel for live updates.",
    "Join our WhatsApp Channel and X Account to get breaking stories.",
    "Join us on Facebook and Instagram for the day's top stories.",
])
def test_follow_us_plugs_of_different_outlets_end_the_article(plug: str, rules: RuleSet) -> None:
    text = ("Envoy Backs Freedonia in Border Talks\n\n"
            "The envoy said on Monday that his country stood with Freedonia, according to state radio.\n\n"
            + plug + "\n")
    art, seg = seg_of(text, rules)
    assert marked(art, seg)["follow_us"] == [plug]
    assert body(art, seg) == [
        "The envoy said on Monday that his country stood with Freedonia, according to state radio."]


SCRAPED = (
    "News Feed\n"
    "\n"
    "Envoy pledges to 'fully' back Freedonia\n"
    "\n"
    "3 min read\n"
    "Envoy pledges to 'fully' back Freedonia\n"
    "The Ruritanian envoy (L) shakes hands with the Freedonian premier (R) in Strelsau on March 3, 2024. (Foreign Ministry)\n"
    "\n"
    "The Ruritanian envoy said his nation would \"fully\" back Freedonia in the border dispute on March 3.\n"
    "\n"
    "The envoy met the premier in the capital during a two-day visit, officials said.\n"
    "\n"
    "He told reporters the two countries stood \"shoulder to shoulder\" against outside pressure.\n"
    "\n"
    "The two governments signed a defence treaty last year and expanded joint drills this spring.\n"
    "\n"
    "Harbour reopens after dredging, port chief says\n"
    "The port chief confirmed that the first ships are expected by Friday. \u201cWe are ready,\u201d he said.\n"
    "Article image\n"
    "Avatar\n"
    "Mara Lind\n"
    "\n"
    "Senior News Editor\n"
    "\n"
    "Mara Lind is a senior news editor at the Harbour Ledger. She studied in Strelsau and has reported from the region since 2012.\n"
    "\n"
    "Read more\n"
    "News Feed\n"
    "\n"
    "The premier accused neighbours of massing troops near the border. \"We warn against it.\"\n"
    "\n"
    "Show More\n"
)


def test_scraped_page_teaser_bio_and_glued_story(rules: RuleSet) -> None:
    art, seg = seg_of(SCRAPED, rules)
    m = marked(art, seg)
    assert m["news_feed"] == ["News Feed", "News Feed"]
    assert m["reading_time"] == ["3 min read"]
    assert m["repeated_headline"] == ["Envoy pledges to 'fully' back Freedonia"]
    assert m["photo_caption"][0].startswith("The Ruritanian envoy (L) shakes hands")
    assert m["glued_story"] == [
        "Harbour reopens after dredging, port chief says\nThe port chief confirmed that the first ships are "
        "expected by Friday. \u201cWe are ready,\u201d he said.",
        "The premier accused neighbours of massing troops near the border. \"We warn against it.\""]
    assert m["article_image_end"] == ["Article image"]
    assert m["author_bio"][0].startswith("Avatar\nMara Lind\n\nSenior News Editor\n\nMara Lind is a senior")
    assert m["read_more"] == ["Read more"] and m["show_more"] == ["Show More"]
    assert len(body(art, seg)) == 4  # the four real paragraphs, nothing else
    assert all(p.startswith(("The Ruritanian envoy said", "The envoy met", "He told", "The two governments"))
               for p in body(art, seg))
    assert [b.kind for b in seg.blocks].count("headline") == 1
    assert (art.byline, art.outlet) == ("Mara Lind", "Harbour Ledger")


def test_read_more_early_in_the_article_does_not_cut_the_body(rules: RuleSet) -> None:
    paras = [f"Paragraph {i} of the real story says something long enough to count as body text here."
             for i in range(1, 7)]
    text = "Headline of the story\n\n" + paras[0] + "\n\nRead more\n\n" + "\n\n".join(paras[1:]) + "\n"
    art, seg = seg_of(text, rules)
    assert body(art, seg) == paras
    assert "glued_story" not in marked(art, seg)


def test_agency_header_block(rules: RuleSet) -> None:
    text = ("Envoy reaffirms support\n\nPublished on March 4, 2024\nDocument Date: Tue, Mar 5 2024 08:01:12 am\n"
            "Category: ,English,World,Briefs\nShow on website : Click Here\n\n"
            "Strelsau, March 4 (RNA) – The envoy said so.\n")
    art, seg = seg_of(text, rules)
    assert blocks(art, seg) == [
        ("headline", None, "Envoy reaffirms support"),
        ("boilerplate", "published_line", "Published on March 4, 2024"),
        ("boilerplate", "document_date", "Document Date: Tue, Mar 5 2024 08:01:12 am"),
        ("boilerplate", "metadata_line", "Category: ,English,World,Briefs\nShow on website : Click Here"),
        ("boilerplate", "dateline_dated", "Strelsau, March 4 (RNA) –"),
        ("body", None, "The envoy said so."),
    ]


def test_header_glued_before_title_is_its_own_block(rules: RuleSet) -> None:
    text = " date 2024-03-04 Envoy offers 'unconditional' support for 'all steps' taken by the Freedonian leaders\nBody.\n"
    art, seg = seg_of(text, rules)
    assert blocks(art, seg)[:2] == [
        ("boilerplate", "date_prefix", "date 2024-03-04"),
        ("headline", None, "Envoy offers 'unconditional' support for 'all steps' taken by the Freedonian leaders")]


def test_structured_article_title_is_the_headline_block(rules: RuleSet) -> None:
    art = Article(id="j", path="j.json", format="json", title="Envoy says “yes”",
                  text="Envoy says “yes”\n\nThe envoy said yes. Then he left.")
    seg = segment(art, rules)
    assert [(b.kind, art.text[b.start:b.end]) for b in seg.blocks] == [
        ("headline", "Envoy says “yes”"), ("body", "The envoy said yes. Then he left.")]


# --------------------------------------------------------------------------- sentences


def test_sentences_respect_abbreviations_and_initials(rules: RuleSet) -> None:
    text = ("Mr. Lind met Gen. R. Ortega in the U.S. capital at 10 a.m. on Monday. "
            "He said: \u201cWe are ready.\u201d The talks ended! Did they agree? Yes.")
    abbr = frozenset(a.lower() for a in load_file(RULES_DIR / "sentences.yml").abbreviations)
    got = [text[s:e] for s, e in split_sentences(text, 0, len(text), abbr)]
    assert got == ["Mr. Lind met Gen. R. Ortega in the U.S. capital at 10 a.m. on Monday.",
                   "He said: \u201cWe are ready.\u201d", "The talks ended!", "Did they agree?", "Yes."]


# --------------------------------------------------------------------------- rule packs


def test_user_pack_extends_boilerplate(tmp_path: Path, rules: RuleSet) -> None:
    (tmp_path / "mine.yml").write_text(
        "kind: boilerplate\nid: boilerplate-en\nmerge: extend\npatterns:\n"
        "  - id: podcast_promo\n    comment: our podcast plug\n    line: 'Listen to our podcast.*'\n",
        encoding="utf-8")
    from quotecheck.rules import _merge

    base = {f.id: f for f in rules.files}
    extra = load_pack(tmp_path)[0]
    merged = RuleSet([_merge(base[f.id], extra) if f.id == extra.id else f for f in rules.files], [])
    text = "Headline here\n\nThe envoy said yes.\n\nListen to our podcast on every platform\n\nHe then left.\n"
    art, seg = seg_of(text, merged)
    assert marked(art, seg) == {"podcast_promo": ["Listen to our podcast on every platform"]}
    _, seg0 = seg_of(text, rules)
    assert "podcast_promo" not in {b.rule for b in seg0.blocks}


def test_bad_regex_in_boilerplate_rule_names_file_and_rule(tmp_path: Path) -> None:
    f = tmp_path / "bad.yml"
    f.write_text("kind: boilerplate\nid: mine\npatterns:\n  - id: broken\n    comment: x\n    line: '(unclosed'\n",
                 encoding="utf-8")
    with pytest.raises(RuleError, match=r"bad\.yml: rule 'mine': .*pattern 'broken'"):
        load_file(f)


def test_pattern_without_comment_is_rejected(tmp_path: Path) -> None:
    f = tmp_path / "nocomment.yml"
    f.write_text("kind: boilerplate\nid: mine\npatterns:\n  - id: p\n    line: 'x'\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"nocomment\.yml: rule 'mine': patterns\.0\.comment"):
        load_file(f)


# --------------------------------------------------------------------------- properties


def _check_invariants(art: Article, seg: Segmentation) -> None:
    n = len(art.text)
    prev_end = 0
    for b in sorted(seg.blocks, key=lambda b: b.start):
        assert 0 <= b.start < b.end <= n
        assert b.start >= prev_end  # no overlap
        assert art.text[b.start:b.end] == art.text[b.start:b.end].strip() or b.kind == "boilerplate"
        prev_end = b.end
    for s, e in seg.sentences:
        assert 0 <= s < e <= n
        assert any(b.start <= s and e <= b.end and b.kind != "boilerplate" for b in seg.blocks)


@pytest.mark.parametrize("text", [WRAPPED, ONE_PER_LINE, TICKER, SCRAPED])
def test_invariants_on_examples(text: str, rules: RuleSet) -> None:
    _check_invariants(*seg_of(text, rules))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("ab .?!\n\n\u00a0\u201c\u201d\"'–-:#*•|") + [
    "Read more", "News Feed", "Also Read: x", "By Ann Lee", "2024-03-04", "July 4, 2024", "Article image",
    "Ann Lee is a reporter at the Ledger.", "Seoul, July 13 (QNA) – ", " date 2025-07-13 "]), max_size=120).map("".join))
def test_segmentation_never_raises_and_offsets_hold(rules: RuleSet, text: str) -> None:
    if not text.strip():
        return
    _check_invariants(*seg_of(text, rules))
