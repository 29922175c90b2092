"""The fourth speed round's fast paths (docs/profile.md, "Fourth round") against their plain
definitions, on random and fixture text: each must give exactly what the code it replaced gave.
The plain versions below are that code, verbatim."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quotecheck import dates, link
from quotecheck.ingest import read_paths
from quotecheck.rules import default_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# capitals, sentence ends, apostrophes (straight and curly) before and after an "s", line
# breaks, letters of other scripts and marks, stop words and months
WORDS = ["Ann", "Lee", "Bo", "Cruz's", "Cruz’s", "O'Brien", "’s", "'s", "said", "The", "And",
         "Monday", "May", "Élodie", "Ωmega", "x\u0301", "IV", "de", "Kim", "Jong", "Un's", "Sergei"]
SEPS = [" ", "  ", "\n", ". ", "! ", "? ", ": ", "\"", "“", "” ", "'", "# ", "* ", "| ", "• ", "-", ", ", "\u00a0"]
TEXT = st.one_of(
    st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPS)), max_size=60).map("".join),
    st.text(max_size=80),
)


def plain_article_names(text: str, stopwords: frozenset[str]) -> set[str]:
    mid, start = set(), set()
    for m in link._NAME.finditer(text):
        w = m.group().casefold()
        if w in stopwords or len(w) < 3:
            continue
        (start if link._SENT_START.search(text[max(0, m.start() - 3):m.start()]) else mid).add(w)
    return mid


def plain_name_tokens(text: str, rules) -> set[str]:
    lex = dates.lexicon(rules)
    out: set[str] = set()
    for m in dates._NAME_SEQ.finditer(text):
        run: list[str] = []
        for t in [*m.group(0).split(), ""]:
            t = dates._POSSESSIVE_END.sub("", t).lower()
            if t and t not in lex.not_names:
                run.append(t)
                continue
            if len(run) >= 2:
                out.update(run)
            run = []
    return out


def _fixture_texts() -> list[str]:
    arts, _ = read_paths([str(p) for p in sorted(FIXTURES.iterdir()) if p.is_dir()], rules=default_rules())
    return [a.text for a in arts]


def _check_digest_words(text: str) -> None:
    rules = default_rules()
    c = link.compiled(rules)
    assert link.article_names(text, c.name_stopwords) == plain_article_names(text, c.name_stopwords)
    assert dates.name_tokens(text, rules) == plain_name_tokens(text, rules)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_digest_word_scans_equal_plain_on_random_text(text: str) -> None:
    _check_digest_words(text)


def test_digest_word_scans_equal_plain_on_fixture_text() -> None:
    texts = _fixture_texts()
    assert len(texts) > 10
    found = 0
    for text in texts:
        _check_digest_words(text)
        found += len(dates.name_tokens(text, default_rules()))
    assert found > 50  # names were really found
