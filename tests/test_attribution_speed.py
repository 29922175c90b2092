"""The entity index's shortcuts (see docs/attribution.md, "Speed") give exactly what the plain
scan gives: these tests fail if the gated path and the plain path ever disagree."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import regex

from quotecheck import attribution, quotes
from quotecheck import rules as R
from quotecheck.attribution import FOLDS_TO_ASCII, _bisect_le, _lower_starts_re, _mentions, compiled
from quotecheck.ingest import read_paths
from quotecheck.models import Article, Block, Segmentation
from quotecheck.rules import default_rules, load_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# text written to hit every branch: lower-case titles, hyphenated modifiers, capitals inside
# words, names at chunk edges, and letters that case-fold to ASCII ("ſ", the Kelvin sign, "ﬁ")
TRICKY = [
    "foreign minister Sergey Lavrov said on Monday that vice-presidential hopeful Ann Lee, a "
    "former judge, would speak. Supreme Leader Kim Jong Un “pledged” support, KCNA said.",
    "The White House said. co-founder Bo Cruz and deputy chief of staff Nils Aberg met Mr. Kumar.",
    "ſenator Bo Cruz spoke; \u212aing Charles III and ﬁnance minister Ann Lee (R-Ky.) listened to "
    "the miniſter Joan Achebe.",
    "prime  minister\nJoan Achebe told reporters: “No.” PRIME MINISTER JOAN ACHEBE; mInIsTeR Lee.",
    "‘Quoted’ O'Brien, d'Arcy-Smith and Jean-Luc Picard–Riker of the Sierra Club (SC) agreed.",
    "x" * 50 + " Ann Lee " + "é" * 30 + " spokeswoman Mia Chen ẞtate Secretary Ro Park",
]


def _plain(text: str, a: int, b: int) -> list[tuple[int, int, tuple[int, int]]]:
    c = compiled(default_rules())
    return [(m.start(), m.end(), m.span("title"))
            for m in R.finditer(c.mention_re, text, rule="t", pos=a, endpos=b)]


def _fast(text: str, a: int, b: int) -> list[tuple[int, int, tuple[int, int]]]:
    return [(m.start(), m.end(), m.span("title")) for m in _mentions(compiled(default_rules()), text, a, b)]


def _fixture_texts() -> list[str]:
    arts, _ = read_paths([str(p) for p in sorted(FIXTURES.iterdir()) if p.is_dir()], rules=default_rules())
    return [a.text for a in arts]


def test_fast_index_equals_plain_scan_on_fixtures_and_tricky_text() -> None:
    texts = _fixture_texts() + TRICKY
    assert len(texts) > 10
    found_lower = 0
    for text in texts:
        plain = _plain(text, 0, len(text))
        assert _fast(text, 0, len(text)) == plain
        found_lower += sum(1 for s, _, _ in plain if not text[s].isupper())
        # arbitrary windows (the index runs on chunks around quotes)
        rnd = random.Random(len(text))
        for _ in range(5):
            a = rnd.randrange(len(text))
            b = rnd.randrange(a, len(text) + 1)
            assert _fast(text, a, b) == _plain(text, a, b)
    assert found_lower >= 3  # the lower-case and folded starts were really exercised


def test_folded_letters_reach_titles() -> None:
    # "ſenator", "\u212aing", "miniſter" are titles to the case-blind pattern
    text = TRICKY[2]
    starts = {text[s:s + 8] for s, _, _ in _plain(text, 0, len(text))}
    assert {"ſenator ", "\u212aing Cha", "miniſter"} <= starts
    assert _fast(text, 0, len(text)) == _plain(text, 0, len(text))


def test_folds_to_ascii_list_is_complete() -> None:
    """Every non-ASCII character that case-blind matching can pair with an ASCII letter."""
    ascii_letters = set("abcdefghijklmnopqrstuvwxyz")
    probe = regex.compile(r"(?i)[a-z]", regex.VERSION1)
    missing = []
    for cp in range(0x80, 0x110000):
        ch = chr(cp)
        low, up, fold = ch.lower(), ch.upper(), ch.casefold()
        if low == ch and up == ch and fold == ch:
            continue
        folds = (set(low) | set(up) | set(fold)) & ascii_letters or probe.match(ch)
        if folds and ch not in FOLDS_TO_ASCII:
            missing.append(ch)
    assert missing == []


def test_non_ascii_title_falls_back_to_plain_scan() -> None:
    c = compiled(default_rules())
    lex = dataclasses.replace(c.lex, titles=[*c.lex.titles, "émir"])
    assert _lower_starts_re(lex)[0] is None  # the shortcut would not be exact: none is built
    assert _lower_starts_re(c.lex)[0] is not None
    plain_only = dataclasses.replace(c, mention_lower=None)
    text = TRICKY[0]
    got = [m.span() for m in _mentions(plain_only, text, 0, len(text))]
    assert got == [m.span() for m in c.mention_re.finditer(text)] and got


def _context(text: str, rules) -> list[tuple]:
    art = Article(id="a", path="a.txt", text=text)
    seg = Segmentation(article_id="a", blocks=[Block(start=0, end=len(text))])
    ctx = attribution.build_context(art, rules, quotes.extract_quotes(art, seg, rules))
    return [(m.start, m.end, m.name, m.type, sorted(m.heads), m.subject, m.quoted) for m in ctx.mentions]


def test_name_cache_gives_the_same_mentions_cold_and_warm() -> None:
    texts = _fixture_texts()[:6] + TRICKY
    cold = [_context(t, load_rules()) for t in texts]  # a fresh rule set: empty cache each time
    rules = load_rules()
    warm1 = [_context(t, rules) for t in texts]
    assert compiled(rules).name_cache  # the cache was used
    warm2 = [_context(t, rules) for t in texts]
    assert cold == warm1 == warm2


def test_bisect_le_matches_the_linear_definition() -> None:
    rnd = random.Random(7)
    for _ in range(200):
        xs = sorted(rnd.randrange(50) for _ in range(rnd.randrange(12)))
        v = rnd.randrange(-2, 52)
        want = max((i for i, x in enumerate(xs) if x <= v), default=-1)
        assert _bisect_le(xs, v) == want


# --------------------------------------------------------------------------- pattern gates


def _ungated(rules):
    """The same rules with every reverse_check switched off."""
    files = []
    for f in rules.files:
        if isinstance(f, attribution.AttributionPatterns):
            f = f.model_copy(update={"patterns": [
                p.model_copy(update={"reverse_check": False}) for p in f.patterns]})
        files.append(f)
    return R.RuleSet(files, rules.packs)


def _attribute_all(texts: list[str], rules) -> list[list[dict]]:
    out = []
    for text in texts:
        art = Article(id="a", path="a.txt", text=text)
        seg = Segmentation(article_id="a", blocks=[Block(start=0, end=len(text))])
        qs = attribution.attribute(art, seg, quotes.extract_quotes(art, seg, rules), rules)
        out.append([q.model_dump() for q in qs])
    return out


GATE_TEXTS = [
    "“We will rebuild,” said Mayor Ann Lee. “It will take years,” added longtime aide Bo Cruz.",
    "Ann Lee, the party's chair, told reporters on Monday: “We are ready.” He went on. “No.”",
    "“Fine” — he said nothing else. Said Mia Chen, “Later.” The minister said that “it is over.”",
]


def test_gated_patterns_give_what_ungated_ones_give() -> None:
    rules = load_rules()
    gated = [p for f in rules.of_kind("attribution_patterns") for p in f.patterns if p.reverse_check]
    assert gated and {p.where for p in gated} == {"before"}
    texts = _fixture_texts() + TRICKY + GATE_TEXTS
    got = _attribute_all(texts, rules)
    assert got == _attribute_all(texts, _ungated(load_rules()))
    assert sum(1 for qs in got for q in qs if q["speaker"]) > 20  # the gates were really passed


def test_each_gate_is_implied_by_its_pattern() -> None:
    """Window by window: the reverse search finds a match exactly when the forward one does."""
    c = compiled(default_rules())
    checked = 0
    for text in _fixture_texts() + GATE_TEXTS:
        marks = [i for i, ch in enumerate(text) if ch in "\"“”‘’:,"]  # where quotes open and close
        for k in sorted(set(marks) | set(range(0, len(text), 41))):
            for p, rx in c.patterns:
                if p.id in c.reverse:
                    a = max(0, k - attribution.WINDOW)
                    fwd = rx.search(text, a, k)
                    assert (fwd is None) == (c.reverse[p.id].search(text, a, k) is None)
                    checked += fwd is not None
    assert checked > 5  # windows that do match were among them


def test_reverse_check_only_for_before_patterns(tmp_path: Path) -> None:
    import pytest

    (tmp_path / "p.yml").write_text(
        "kind: attribution_patterns\nid: extra\npatterns:\n"
        "  - {id: x5, where: after, pattern: '{SPEAKER} said', reverse_check: true}\n", encoding="utf-8")
    with pytest.raises(R.RuleError, match=r"p\.yml.*x5.*reverse_check"):
        load_rules([tmp_path])
