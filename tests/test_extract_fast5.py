"""The fifth speed round (docs/profile.md, "Fifth round"): the cue verbs of ``{CUE}`` (and of
the cue patterns built beside it) are one trie instead of a flat longest-first alternation.
Every attribution pattern built with the trie must give exactly the match (span, groups, group
spans) that the same pattern built with the flat list gives, the plain ``rx.search``: on
hypothesis-generated text, on every fixture around its quotes, for every pattern of the
shipped packs and for made-up patterns and verbs of a user pack. The flat builder below is the
code the trie replaced, verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from quotecheck import attribution, quotes, segment
from quotecheck import rules as R
from quotecheck.entities import cue_forms
from quotecheck.ingest import read_paths
from quotecheck.rules import default_rules, load_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def flat_alternation(forms: list[str]) -> str:
    """The cue alternation before this round (``attribution._macros``), verbatim."""
    return "|".join(regex.escape(x).replace(r"\ ", r"\s+") for x in R.longest_first(forms)) or "(?!x)x"


def _both(rules) -> tuple[attribution._Compiled, attribution._Compiled]:
    """The patterns as shipped (trie) and the plain reference (flat list), for one rule set."""
    fast = attribution.compiled(rules)
    real = attribution._cue_alternation
    attribution._cue_alternation = flat_alternation
    try:
        plain = attribution._build(rules)
    finally:
        attribution._cue_alternation = real
    return fast, plain


def _pairs(fast, plain) -> list[tuple[str, regex.Pattern, regex.Pattern]]:
    out = [(p.id, rx, prx) for (p, rx), (_, prx) in zip(fast.patterns, plain.patterns, strict=True)]
    out += [(f"reverse:{k}", fast.reverse[k], plain.reverse[k]) for k in fast.reverse]
    for name in ("cue_start", "any_cue", "subject", "tail_cue", "self_cue"):
        out.append((name, getattr(fast, name), getattr(plain, name)))
    return out


def _key(m: regex.Match | None) -> tuple | None:
    if m is None:
        return None
    return (m.span(), m.groups(), tuple(m.span(g) for g in range(1, (m.re.groups or 0) + 1)))


def _same_everywhere(pairs, text: str, windows: list[tuple[int, int]]) -> None:
    for pid, rx, prx in pairs:
        for a, b in windows:
            want = _key(prx.search(text, a, b))
            assert _key(rx.search(text, a, b)) == want, (pid, text[a:b])
            assert _key(rx.match(text, a, b)) == _key(prx.match(text, a, b)), (pid, text[a:b])
            if rx.pattern.startswith(r"\G(?:"):  # an `after` pattern: `_one` asks `match`
                assert _key(rx.match(text, a, b)) == want, (pid, text[a:b])


def _same_existence(checks, text: str, windows: list[tuple[int, int]]) -> None:
    """Each ``requires`` prefilter as compiled (backwards where ``_reversible``) says yes
    exactly where the plain forward pattern finds a match."""
    for pid, rx, fwd in checks:
        for a, b in windows:
            assert (rx.search(text, a, b) is None) == (fwd.search(text, a, b) is None), (pid, text[a:b])


def _checks(rules) -> list[tuple[str, regex.Pattern, regex.Pattern]]:
    c = attribution.compiled(rules)
    return [(p.id, c.requires[p.id], R.compile_regex(p.requires)) for p, _ in c.patterns if p.requires]


@pytest.fixture(scope="module")
def shipped():
    fast, plain = _both(default_rules())
    return _pairs(fast, plain)


@pytest.fixture(scope="module")
def shipped_checks():
    return _checks(default_rules())


def test_shipped_requires_run_backwards() -> None:
    """The fast path is in use: every bundled ``requires`` is reversible, so it runs backwards."""
    checks = _checks(default_rules())
    assert len(checks) >= 5
    assert all(rx.flags & regex.REVERSE and not fwd.flags & regex.REVERSE for _, rx, fwd in checks)


def test_reversible_refuses_direction_dependent_constructs() -> None:
    """An atomic group keeps what it took, which differs from the two ends: forwards
    ``(?>a+)ab`` never matches "aaab", backwards it does. Such patterns stay forwards."""
    assert regex.search(r"(?>a+)ab", "aaab") is None
    assert regex.search(r"(?r)(?>a+)ab", "aaab") is not None  # the hazard is real
    for src in (r"(?>a+)ab", r"a++b", r"(a)\1", r"(?P<x>a)(?P=x)", r"(a)?(?(1)a|b)", r"\Gab", r"a\Kb",
                r"(?i)ab", r"(?:ab){e<=1}", r"(a|b(?1))", r"(?P<x>a)(?&x)", r"(?P<x>a)(?P>x)"):
        assert not attribution._reversible(src), src
        assert not attribution._existence_check(src).flags & regex.REVERSE, src
    for src in (r":\s*$", r"(?i:\band)\s+\S+\s*[:,]?\s*$", r"(?<![\w-])(?i:called|calls)\b", r"a{2,5}?(?=b)"):
        assert attribution._reversible(src), src


def test_shipped_cue_verbs_use_the_trie() -> None:
    """The fast path is really in use for the bundled verbs (else this round changed nothing)."""
    forms = [f for file in default_rules().of_kind("speech_cues") for v in file.verbs for f in cue_forms(v)]
    assert attribution._trie_safe(forms)
    assert attribution._cue_alternation(forms) == R.alternation(forms, space=r"\s+")
    fast, plain = _both(default_rules())
    assert fast.cue_start.pattern != plain.cue_start.pattern


def test_unsafe_forms_keep_the_flat_list() -> None:
    """What the guard refuses would change matches: a case-only difference under ``(?i)``
    reorders the ends the trie tries ("ab" before "Abcde" on "abcdex"), so those stay flat."""
    forms = ["ab", "abcdef", "Abcde"]
    alt = R.alternation(forms, space=r"\s+")
    trie = regex.compile(rf"(?i:(?P<cue>{alt}))(?P<rest>\w*)", regex.VERSION1)
    flat = regex.compile(rf"(?i:(?P<cue>{flat_alternation(forms)}))(?P<rest>\w*)", regex.VERSION1)
    assert trie.match("abcdex")["cue"] != flat.match("abcdex")["cue"]  # the hazard is real
    assert not attribution._trie_safe(forms)
    assert attribution._cue_alternation(forms) == flat_alternation(forms)
    for bad in (["go  on"], ["go on "], ["cafés"], ["go\ton"], ["a\\ b"], [""], ["say", "Say"]):
        assert not attribution._trie_safe(bad), bad
    assert attribution._trie_safe(["go on", "go on to say", "goes on", "say", "said"])
    assert attribution._cue_alternation([]) == "(?!x)x"


# cue verbs and their prefixes, names, descriptions, pronouns, addressees, appositions,
# punctuation and quote marks: what the patterns look for, in every order and case
WORDS = ["said", "says", "Said", "SAID", "told", "tell", "telling", "added", "add", "go", "on",
         "went", "to", "say", "pointed", "out", "point", "has", "had", "have", "that", "he", "she",
         "Ann", "Lee", "Bo", "Cruz", "Mr.", "Sen.", "the", "minister", "a", "spokesman", "reporters",
         "Reuters", "according", "quoted", "as", "saying", "also", "later", "who", "and", "warned",
         "warn", "warns", "insisted", "wrote", "writes", "explained", "asked", "ſaid", "ſ", "K",
         "\u212aim", "tweeted", "repeatedly", "of", "Norland", "told", "him", "PARTY", "é"]
SEPS = [" ", "  ", "\n", ", ", ": ", ". ", "! ", "? ", "“", "”", "\"", "'", "’", " — ", " -- ",
        " (R-Ky.) ", ", 70, ", "\u00a0", "\t"]
TEXT = st.one_of(
    st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPS)), max_size=40).map("".join),
    st.text(max_size=60),
)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_every_shipped_pattern_same_on_random_text(shipped, shipped_checks, text: str) -> None:
    n = len(text)
    wins = [(0, n), (n // 3, n), (0, max(0, n - 2))]
    _same_everywhere(shipped, text, wins)
    _same_existence(shipped_checks, text, wins)


def _fixture_windows(rules) -> list[tuple[str, list[tuple[int, int]]]]:
    """Each fixture article with the windows attribution searches: after and before each quote."""
    arts, _ = read_paths([str(p) for p in sorted(FIXTURES.iterdir()) if p.is_dir()], rules=rules)
    out = []
    for art in arts:
        seg = segment.segment(art, rules)
        wins: list[tuple[int, int]] = []
        for q in quotes.extract_quotes(art, seg, rules):
            o_s, c_e = attribution._marks(art.text, q)
            wins += [(c_e, min(len(art.text), c_e + attribution.WINDOW)), (max(0, o_s - attribution.WINDOW), o_s),
                     (max(0, o_s - 140), o_s)]
        out.append((art.text, wins))
    return out


def test_every_shipped_pattern_same_on_fixtures(shipped, shipped_checks) -> None:
    texts = _fixture_windows(default_rules())
    assert sum(len(w) for _, w in texts) > 100
    for text, wins in texts:
        _same_everywhere(shipped, text, wins)
        _same_existence(shipped_checks, text, wins)


def test_attribution_identical_on_fixtures() -> None:
    """End to end: every quote's speaker, cue, channel and spans equal with both builds."""
    rules = default_rules()
    fast, plain = _both(rules)
    arts, _ = read_paths([str(p) for p in sorted(FIXTURES.iterdir()) if p.is_dir()], rules=rules)
    real = attribution.compiled
    for art in arts:
        seg = segment.segment(art, rules)
        qs = quotes.extract_quotes(art, seg, rules)
        got = [q.model_dump() for q in attribution.attribute(art, seg, qs, rules)]
        attribution.compiled = lambda r, _p=plain: _p  # type: ignore[assignment]
        try:
            want = [q.model_dump() for q in attribution.attribute(art, seg, qs, rules)]
        finally:
            attribution.compiled = real  # type: ignore[assignment]
        assert got == want, art.id


USER_PACK = """\
kind: attribution_patterns
id: user-extra-patterns
patterns:
  - id: user-cue-first-any-case
    where: after
    # a user's own pattern: the cue in a case-blind group, before the speaker
    pattern: '\\s*,?\\s*(?i:{CUE})\\s+(?:(?i:the)\\s+)?{SPEAKER}'
  - id: user-name-cue-colon
    where: before
    pattern: '{NAME}\\s+{ADV}{CUE}\\s*:\\s*$'
    reverse_check: true
  - id: user-sentence-cue
    where: sentence
    pattern: '{SPEAKER}\\s+(?:(?i:has|had)\\s+)?{CUE}\\b'
  - id: user-name-verdict-colon
    where: before
    pattern: '{NAME}\\s+(?i:was)\\s+(?i:blunt|clear)\\s*:\\s*$'
    requires: '(?<![\\w-])(?i:blunt|clear)(?:\\s+\\w+){0,2}?\\s*:\\s*$'
  - id: user-atomic-requires
    where: before
    pattern: '{NAME}\\s+(?i:wrote)\\s*:\\s*$'
    requires: '(?>\\w+)\\s*:\\s*$'
"""

USER_VERBS = """\
kind: speech_cues
id: speech-cues
merge: extend
verbs:
  - "go on to add: goes on to add, went on to add"
  - "chime: chimes, chimed, chiming"
  - mutter
"""


def test_user_pack_patterns_and_verbs_same(tmp_path: Path) -> None:
    (tmp_path / "patterns.yml").write_text(USER_PACK, encoding="utf-8")
    (tmp_path / "verbs.yml").write_text(USER_VERBS, encoding="utf-8")
    rules = load_rules([tmp_path])
    fast, plain = _both(rules)
    ids = [p.id for p, _ in fast.patterns]
    assert "user-cue-first-any-case" in ids and "reverse:user-name-cue-colon" in [k for k, *_ in _pairs(fast, plain)]
    assert fast.cue_start.match(" muttered") and fast.cue_start.pattern != plain.cue_start.pattern
    pairs = _pairs(fast, plain)
    checks = _checks(rules)
    assert {k for k, *_ in checks} >= {"user-name-verdict-colon", "user-atomic-requires"}
    assert not attribution.compiled(rules).requires["user-atomic-requires"].flags & regex.REVERSE
    texts = [
        "“No,” Went On To Add the minister. “Yes,” SAID Ann Lee. Bo Cruz went on to add: “Maybe.”",
        "Ann Lee muttered: “fine” and then Ann Lee chimed in, telling reporters: “ok”",
        "“x,” ſaid the spokesman. “y,” goes on to add Mr. Cruz, who had said that.",
        "Ann Lee was blunt: “no” and Bo Cruz was CLEAR about it: “yes” Lee wrote: “z”",
    ]
    for text in texts:
        n = len(text)
        wins = [(i, n) for i in range(0, n, 3)] + [(0, i) for i in range(0, n, 5)]
        _same_everywhere(pairs, text, wins)
        _same_existence(checks, text, wins)

    @settings(max_examples=80, deadline=None)
    @given(TEXT)
    def random_text(text: str) -> None:
        n = len(text)
        _same_everywhere(pairs, text, [(0, n), (n // 2, n)])
        _same_existence(checks, text, [(0, n), (n // 2, n), (max(0, n - 140), n)])

    random_text()
