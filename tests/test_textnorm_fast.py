"""The fast paths of ``textnorm`` against their plain definitions, on random and real text.

``same_key`` skips ``fold`` for ASCII text and caches short texts; ``_tokenize`` builds its
tuples without ``Token(...)``. Both must give exactly what the definitions give.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quotecheck import textnorm
from quotecheck.textnorm import _ALNUM, _WORD, Token, fold

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# characters that exercise every branch: ASCII punctuation and controls, line-wrap hyphens,
# curly apostrophes, expanding case folds, combining marks, other scripts' letters and digits
ALPHABET = st.sampled_from(list("aZq09 -\n\t\r.,'’ʼ_!\"“”") + ["ß", "İ", "ﬁ", "é", "\u0301", "Ⅻ", "٣", "ǅ", "\x00", "\x7f"])
TEXT = st.one_of(st.text(alphabet=ALPHABET, max_size=60), st.text(max_size=60),
                 st.text(alphabet=st.characters(max_codepoint=127), max_size=200))


def plain_key(text: str) -> str:
    return _ALNUM.sub("", fold(text))


def plain_tokens(text: str, base: int) -> list[Token]:
    return [Token(fold(raw := m.group()), base + m.start(), base + m.end(), raw[:1].isupper())
            for m in _WORD.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(TEXT, st.integers(min_value=0, max_value=10_000))
def test_fast_paths_equal_definitions_on_random_text(text: str, base: int) -> None:
    assert textnorm.same_key(text) == plain_key(text)
    assert textnorm.same_key(text) == plain_key(text)  # second call: from the cache
    assert textnorm.plain_same_key(text * 5) == plain_key(text * 5)  # long: not cached
    toks = textnorm._tokenize(text, base)
    assert toks == plain_tokens(text, base)
    assert all(type(t) is Token for t in toks)


def test_fast_paths_equal_definitions_on_fixture_text() -> None:
    files = [p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix in (".txt", ".json", ".md", ".html")]
    assert files
    seen = 0
    for p in files:
        text = p.read_text(encoding="utf-8", errors="replace")
        for line in text.splitlines():
            assert textnorm.same_key(line) == plain_key(line)
            seen += 1
        assert textnorm.plain_same_key(text) == plain_key(text)
        assert textnorm._tokenize(text, 3) == plain_tokens(text, 3)
    assert seen > 100


def test_ascii_key_drops_wrap_hyphens_and_separators() -> None:
    assert textnorm.same_key("uncondi-\n  tionally") == "unconditionally"
    assert textnorm.same_key("Jong-un 1,200") == "jongun1200"
    assert textnorm.same_key("Jong Un") == textnorm.same_key("jong-un")
