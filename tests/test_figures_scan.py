"""scan.py finds exactly what rules.py finds, faster: case-simple twins of the patterns, windows
once per gate, alternatives scanned apart, and the figures/dates shortcuts built on them."""

from __future__ import annotations

import dataclasses
import random
import re
import unicodedata
from pathlib import Path

import pytest
import regex
from figdate_helpers import article, rules, seg

from quotecheck import dates, figures, regexcache, scan
from quotecheck.ingest import read_paths
from quotecheck.rules import Gate, finditer, finditer_alternatives, windows

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _fixture_texts() -> list[str]:
    arts, _ = read_paths([str(p) for p in sorted(FIXTURES.iterdir()) if p.is_dir()], rules=rules())
    return [a.text for a in arts]


_SENTENCES = [
    "On Tuesday, March 4, 2025, about 2,500 people were evacuated from 14 villages.",
    "The 7.1-magnitude quake struck at 11:42 am on 3rd June; twenty-five were injured.",
    "Flight MH17 left at 5 p.m. Call +44 20 7946 0958 or (555) 123-4567 for news.",
    "Dozens of troops, up to 3,000 soldiers, arrived the day before; a week later, 40 more.",
    "Officials said yesterday that more than $1.2 billion in aid was sent in July 2024.",
    "Between 6 and 10 crew members and 241 on board died; 24 on the ground were hurt.",
    "The two-day talks in Geneva ended on 12 May; the death toll rose to 1,100 this week.",
    "Straße Nr. 5: 300 ﬁre crews — İzmir, 2025-07-13, the 2nd of August (Friday) 40 km.",
    "١٢٣ people, 𝟙𝟚 rescuers and 7\u202f000 homes; twice-weekly flights since 1998.",
]


def _texts(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        picked = rnd.sample(_SENTENCES, k=rnd.randint(1, 4))
        text = " ".join(picked)
        if rnd.random() < 0.5:
            text = text.upper() if rnd.random() < 0.2 else text.lower() if rnd.random() < 0.3 else text
        out.append(text)
    return out


# --------------------------------------------------------------------------- case folding


def _pattern_letters() -> list[str]:
    chars: set[str] = set()
    for lex in (figures.lexicon(rules()), dates.lexicon(rules())):
        for v in vars(lex).values():
            for it in v if isinstance(v, list) else [v]:
                for p in it if isinstance(it, tuple) else (it,):
                    if regexcache.is_pattern(p):
                        chars.update(c for c in p.pattern if c.isalpha())
    return sorted(chars)


def _cased_chars() -> list[str]:
    out: set[str] = set()
    for i in range(0x110000):
        c = chr(i)
        if unicodedata.category(c) == "Cs":
            continue
        if c.lower() != c or c.upper() != c or c.casefold() != c:
            out.update([c, *c.lower(), *c.upper(), *c.casefold()])
    return sorted(out - scan.EXPANDING)


def test_simple_case_matches_as_full_case_without_expanding_characters() -> None:
    """The premise of the twins: without ß, ﬁ, İ… on either side, simple and full case folding
    accept the same characters, in strings, sets, branches and look-behinds."""
    letters = sorted({c.lower() for c in _pattern_letters()})  # IGNORECASE: one case is enough
    assert len(letters) > 20
    cased = _cased_chars()
    diffs = []
    for p in letters:
        e = regex.escape(p)
        forms = [(e + "q", lambda c: c + "Q", "fullmatch"), ("q" + e + "q", lambda c: "Q" + c + "q", "fullmatch"),
                 ("[" + e + "x]", lambda c: c, "fullmatch"), ("(?:" + e + "a|" + e + "b)", lambda c: c + "b", "fullmatch"),
                 ("(?<=q" + e + ")z", lambda c: "Q" + c + "z", "search")]
        for src, make, how in forms:
            full = regex.compile("(?i)" + src, regex.VERSION1)
            simple = scan.simple_case(full)
            assert full.flags & regex.FULLCASE and not simple.flags & regex.FULLCASE
            for c in (*cased, p.upper(), p.lower()):
                t = make(c)
                if bool(getattr(full, how)(t)) != bool(getattr(simple, how)(t)):
                    diffs.append((p, src, c))
    assert diffs == []


def test_twins_keep_full_case_where_it_matters() -> None:
    full = regex.compile(r"(?i)strasse", regex.VERSION1)
    assert full.search("Straße") and not scan.simple_case(full).search("Straße")  # why the guard exists
    assert not scan.case_simple_ok("Straße") and not scan.case_simple_ok("ﬁre") and not scan.case_simple_ok("İzmir")
    assert scan.case_simple_ok("plain ‘quotes’ — and é, ñ, ü")
    with_sz = regex.compile("(?i)stra\\xdfe", regex.VERSION1)  # an escape writing ß: no twin
    assert scan.simple_case(with_sz) is with_sz
    v0 = regex.compile("(?i)abc")
    assert scan.simple_case(v0) is v0


# --------------------------------------------------------------------------- digits and windows


def test_regex_and_re_digits_agree_on_the_basic_plane() -> None:
    r_d, re_d = regex.compile(r"\d"), re.compile(r"\d")
    bad = [i for i in range(0x10000) if not 0xD800 <= i <= 0xDFFF
           and bool(r_d.match(chr(i))) != bool(re_d.match(chr(i)))]
    assert bad == []


@pytest.mark.parametrize("text", ["", "abc", "12 ab 345", "١٢٣ and 45", "𝟙𝟚 x 3", "\U00010d40\U00010d41 7 88"])
def test_digit_runs_are_re_digit_runs(text: str) -> None:
    assert scan.digit_runs(text) == [m.span() for m in re.finditer(r"\d+", text)]


def test_windows_equal_rules_windows() -> None:
    gates = [g for _, g in figures.lexicon(rules()).core_parts + dates.lexicon(rules()).date_parts]
    gates += [figures.lexicon(rules()).mask_gate, Gate(frozenset({"g20", "x_y", "new york", ""}), digits=2, reach=10)]
    rnd = random.Random(3)
    alphabet = list("one two ten may 2024 g20 İ ß x_y someone ١٢٣ March 5th, ,.-’\n𝟙") + [" "] * 5
    texts = _fixture_texts() + _texts(60, 1) + ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 80)))
                                               for _ in range(400)]
    for text in texts:
        sc = scan.TextScan(text)
        for g in gates:
            assert sc.windows(g) == windows(g, text), (text[:60], sorted(g.words)[:5])
            assert sc.windows(g) is sc.windows(g)  # once per gate


# --------------------------------------------------------------------------- scans


def _spans(ms: list[regex.Match]) -> list[tuple[tuple[int, int], dict]]:
    return [(m.span(), m.groupdict()) for m in ms]


@pytest.mark.parametrize("twin", [False, True])
def test_alternatives_equal_the_whole_patterns(twin: bool) -> None:
    """Core and date patterns, through their (grouped) alternatives and gates, find what the
    whole alternation finds on the whole text; the twins too, wherever they are used."""
    flex, dlex = figures.lexicon(rules()), dates.lexicon(rules())
    for text in _fixture_texts() + _texts(80, 2):
        sc = scan.TextScan(text)
        if twin and not sc.simple:
            continue
        fl = flex.simple if twin else flex
        dl = dlex.simple if twin else dlex
        assert fl is not None and dl is not None
        core = sc.alternatives(fl.core_re, fl.core_parts, rule="t", needs=fl.core_needs)
        assert _spans(core) == _spans(list(flex.core_re.finditer(text)))
        assert _spans(core) == _spans(list(finditer_alternatives(flex.core_re, flex.core_parts, text, rule="t")))
        found = sc.alternatives(dl.date_re, dl.date_parts, rule="t")
        assert _spans(found) == _spans(list(dlex.date_re.finditer(text)))
        mask = sc.finditer(fl.mask_re, fl.mask_parts, fl.mask_gate, rule="t")
        assert _spans(mask) == _spans(list(finditer(flex.mask_re, text, rule="t", gate=flex.mask_gate)))


def test_a_hyphen_free_window_skips_the_multiplier_scan_only() -> None:
    fl = figures.lexicon(rules())
    assert fl.core_needs[0] is not None and all(n is None for n in fl.core_needs[1:])
    got = scan.TextScan("a two-day visit, twice-weekly flights and 5-year-old twins").alternatives(
        fl.core_re, fl.core_parts, rule="t", needs=fl.core_needs)
    assert [m.group("mult") for m in got] == ["two-day", "twice-weekly", "5-year-old"]


# --------------------------------------------------------------------------- whole stages


def _extract(text: str) -> tuple[list, list]:
    art = article(text)
    return ([f.model_dump() for f in figures.extract_figures(art, seg(art), [], rules())],
            [d.model_dump() for d in dates.extract_dates(art, seg(art), rules())])


def test_shortcuts_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Figures and dates with every shortcut against the plain path: full-case patterns, no
    joined before/after/event patterns."""
    texts = _fixture_texts() + _texts(60, 4)
    fast = [_extract(t) for t in texts]
    flex, dlex = figures.lexicon(rules()), dates.lexicon(rules())
    plain_f = dataclasses.replace(flex, simple=None, before_any=None,
                                  qual_after_any=regex.compile(r"(?s).?"), noun_any={})
    plain_d = dataclasses.replace(dlex, simple=None)
    monkeypatch.setattr(figures, "lexicon", lambda r: plain_f)
    monkeypatch.setattr(dates, "lexicon", lambda r: plain_d)
    monkeypatch.setattr(dates, "_event_starts", lambda *a: None)
    monkeypatch.setattr(dates, "_last_scan", (0, "", []))
    plain = [_extract(t) for t in texts]
    assert sum(len(f) + len(d) for f, d in plain) > 100  # the texts hold figures and dates
    assert fast == plain


def test_expanding_characters_take_the_full_case_path() -> None:
    text = "In Straße 5 on 3 June, 2,500 ﬁre crews arrived; twenty-five were hurt on July 4, 2025."
    assert not scan.scan_of(text).simple
    f, d = _extract(text)
    assert [x["text"] for x in f] == ["5", "2,500", "twenty-five"]
    assert [x["text"] for x in d] == ["3 June", "July 4, 2025"]
