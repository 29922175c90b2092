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


# --------------------------------------------------------------------------- the entity index

# titles and words that start like them ("co-founder" / "coast", "rep." / "report"), in every
# case, with the letters that fold into ASCII ones and hyphenated modifiers
MENTION_WORDS = ["co-founder", "coast", "Coast", "rep.", "Rep.", "report", "reporters", "sen.", "sent",
                 "minister", "Minister", "MINISTER", "ministers", "foreign", "prime", "mayor", "mayoral",
                 "vice-presidential", "spokeswoman", "spokespeople", "gov.", "government", "Mr.", "mrs",
                 "Ann", "Lee", "Bo", "Cruz", "Kim", "Jong", "Un", "said", "The", "A", "of", "the",
                 "ſenator", "\u212aing", "ﬁnance", "Élodie", "chief", "chiefly", "x" * 25]
MENTION_SEPS = [" ", "  ", "\n", ", ", ". ", "-", "'", "’", "(", ")", "“", "”"]
MENTION_TEXT = st.lists(st.one_of(st.sampled_from(MENTION_WORDS), st.sampled_from(MENTION_SEPS)),
                        max_size=50).map("".join)


def _mention_key(ms) -> list[tuple]:
    return [(m.span(), m.span("title"), m.group("name")) for m in ms]


def _plain_mentions(text: str, a: int, b: int) -> list[tuple]:
    from quotecheck import attribution
    from quotecheck import rules as R

    c = attribution.compiled(default_rules())
    return _mention_key(R.finditer(c.mention_re, text, rule="t", pos=a, endpos=b))


def _fast_mentions(text: str, a: int, b: int) -> list[tuple]:
    from quotecheck import attribution

    return _mention_key(attribution._mentions(attribution.compiled(default_rules()), text, a, b))


@settings(max_examples=300, deadline=None)
@given(MENTION_TEXT, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_entity_index_equals_plain_scan_on_random_text(text: str, i: int, j: int) -> None:
    assert _fast_mentions(text, 0, len(text)) == _plain_mentions(text, 0, len(text))
    a, b = sorted((min(i, len(text)), min(j, len(text))))
    assert _fast_mentions(text, a, b) == _plain_mentions(text, a, b)


def test_title_runs_followed_by_letters_open_no_start() -> None:
    """"coast" and "report" are no places where a title starts; "co-founder", "Rep." are."""
    from quotecheck import attribution

    low = attribution.compiled(default_rules()).mention_lower
    assert low is not None
    text = "the coast report; co-founder Ann Lee and rep. Bo Cruz"
    starts = {text[m.start():m.start() + 4] for m in low.finditer(text)}
    assert "coas" not in starts and "repo" not in starts
    assert {"co-f", "rep."} <= starts
    assert _fast_mentions(text, 0, len(text)) == _plain_mentions(text, 0, len(text))


# --------------------------------------------------------------------------- cue after a name

CUE_TEXT = st.lists(st.one_of(st.sampled_from(["said", "says", "sa", "s", "told", "added", "insisted",
                                               "in", "pointed out", "pointed", "Said", "said,", "saidx"]),
                              st.sampled_from([" ", "  ", "\n", "\t", ", ", "", ".", "\u00a0", "\u2003"])),
                    max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(CUE_TEXT, st.integers(min_value=0, max_value=45))
def test_cue_follows_equals_the_plain_match_on_random_text(text: str, span: int) -> None:
    from quotecheck import attribution

    rx = attribution.compiled(default_rules()).cue_start
    for pos in range(min(len(text), 6) + 1):
        end = min(len(text), pos + span)
        assert attribution._cue_follows(rx, text, pos, end) == (rx.match(text, pos, end) is not None)


def test_cue_follows_equals_the_plain_match_after_every_fixture_name() -> None:
    from quotecheck import attribution

    rules = default_rules()
    rx = attribution.compiled(rules).cue_start
    hits = 0
    for text in _fixture_texts():
        for m in attribution._mentions(attribution.compiled(rules), text, 0, len(text)):
            for pos in (m.end(), m.end() + 1, m.start()):
                want = rx.match(text, pos, pos + 40) is not None
                assert attribution._cue_follows(rx, text, pos, pos + 40) == want
                hits += want
    assert hits > 20
