"""The fast scanning paths in rules.py give exactly what a plain scan gives.

Trie alternations, gated windows and alternative-by-alternative scans exist only
for speed; each is checked here against the slow, obvious form on random text
made of the words the patterns care about.
"""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from quotecheck import dates, figures
from quotecheck.rules import Gate, alternation, finditer, finditer_alternatives, load_rules, windows

RULES = load_rules()

# Pieces that make dates and figures, joined by the separators news uses.
PIECES = ["July", "JULY", "Sept.", "12", "2025", "3,500", "the", "day", "before", "yesterday",
          "last", "Monday", "(Monday)", "of", "two", "hundred", "and", "fifty", "thousand",
          "dozens", "tens", "around", "11:00", "a.m.", "MH17", "mid-", "early", "week", "later",
          "twice", "per", "cent", "%", "$", "5bn", "between", "from", "to", "Mon", "money", "İstanbul"]
SEPS = [" ", ", ", "\n", ". ", "-", "  ", " (", ") "]


@st.composite
def newsish(draw: st.DrawFn) -> str:
    n = draw(st.integers(0, 60))
    out = []
    for _ in range(n):
        out.append(draw(st.sampled_from(PIECES)))
        out.append(draw(st.sampled_from(SEPS)))
    return "".join(out)


def spans(ms) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in ms]


def test_alternation_prefers_the_longest_word_like_a_sorted_list() -> None:
    words = ["Sep", "Sept", "September", "the day", "the day before", "may"]
    trie = regex.compile(rf"(?<!\w)(?:{alternation(words)})")
    plain = regex.compile(r"(?<!\w)(?:" + "|".join(
        regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)) + ")")
    text = "September 3, Sept. 4, Sep 5, the day  before, the day after, may"
    assert spans(trie.finditer(text)) == spans(plain.finditer(text))
    assert [m.group(0) for m in trie.finditer(text)][:3] == ["September", "Sept", "Sep"]


def test_empty_alternation_never_matches() -> None:
    assert regex.search(alternation([]), "anything at all") is None


def test_gate_picks_a_rare_word_of_each_phrase() -> None:
    g = Gate.of(["the day before", "this morning", "July"])
    assert g.words == frozenset({"day", "morning", "july"})


def test_windows_open_on_whole_words_only() -> None:
    g = Gate(frozenset({"mon"}), reach=5)
    assert windows(g, "money and Monday") == []
    assert windows(g, "on Mon. at noon") == [(0, 8)]


@settings(max_examples=150, deadline=None)
@given(newsish())
def test_gated_figure_scans_equal_whole_text_scans(text: str) -> None:
    lex = figures.lexicon(RULES)
    got = spans(finditer_alternatives(lex.core_re, lex.core_parts, text, rule="t"))
    assert got == spans(lex.core_re.finditer(text))
    assert spans(finditer(lex.mask_re, text, rule="t", gate=lex.mask_gate)) == spans(lex.mask_re.finditer(text))


@settings(max_examples=150, deadline=None)
@given(newsish())
def test_date_scan_by_alternatives_equals_the_alternation(text: str) -> None:
    lex = dates.lexicon(RULES)
    got = spans(finditer_alternatives(lex.date_re, lex.date_parts, text, rule="t"))
    assert got == spans(lex.date_re.finditer(text))


def test_date_scan_finds_dates_and_keeps_groups() -> None:
    lex = dates.lexicon(RULES)
    text = "On Monday, July 14, 2025, talks began; the day before, crowds gathered."
    ms = list(finditer_alternatives(lex.date_re, lex.date_parts, text, rule="t"))
    assert [m.group(0) for m in ms] == ["Monday, July 14, 2025", "the day before"]
    assert ms[0].group("m1") == "July" and ms[1].group("anc") == "the day before"
