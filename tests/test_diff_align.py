"""diff.align (the fast one) against the plain dynamic programme it replaced, kept here as
the reference: same ops, same window, same tie-breaking, on many random token sequences."""

from __future__ import annotations

import random

import pytest

from quotecheck.diff import _GAP, _MATCH, _MISMATCH, _STEM, WordDiff, _runs, align, bridged
from quotecheck.textnorm import Token, stem, tokenize


def _ref_sub(x: Token, y: Token) -> int:
    if x.norm == y.norm:
        return _MATCH
    if stem(x.norm) == stem(y.norm):
        return _STEM
    return _MISMATCH


def ref_align(a: list[Token], b: list[Token], *, bridge: bool = True) -> WordDiff:
    """The original align, cell by cell (the reference for the faster one)."""
    n, m = len(a), len(b)
    score = [[0] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    for j in range(1, m + 1):
        score[0][j] = score[0][j - 1] + _GAP
        back[0][j] = 2
    for i in range(1, n + 1):
        ai = a[i - 1]
        row, prev, brow = score[i], score[i - 1], back[i]
        for j in range(1, m + 1):
            d = prev[j - 1] + _ref_sub(ai, b[j - 1])
            u = prev[j] + _GAP
            left = row[j - 1] + _GAP
            if d >= u and d >= left:
                row[j], brow[j] = d, 0
            elif u >= left:
                row[j], brow[j] = u, 1
            else:
                row[j], brow[j] = left, 2
    end = max(range(n + 1), key=lambda i: (score[i][m], -i)) if m else 0
    steps: list[tuple[str, int, int]] = []
    i, j = end, m
    while j > 0:
        k = back[i][j] if i > 0 else 2
        if k == 0:
            same = a[i - 1].norm == b[j - 1].norm
            steps.append(("equal" if same else "sub", i - 1, j - 1))
            i, j = i - 1, j - 1
        elif k == 1:
            steps.append(("delete", i - 1, j))
            i -= 1
        else:
            steps.append(("insert", i, j - 1))
            j -= 1
    steps.reverse()
    ops = _runs(steps, i)
    return WordDiff(bridged(ops) if bridge else ops, (i, end), n, m)


# Few words, several sharing a stem, so that ties and stem matches are everywhere.
_VOCAB = ["we", "will", "tackle", "tackling", "tackles", "the", "root", "roots", "cause", "causes",
          "caused", "of", "this", "crisis", "not", "now", "a", "an", "talks", "talk", "talked"]


def _tokens(words: list[str]) -> list[Token]:
    return tokenize(" ".join(words))


def _same(d1: WordDiff, d2: WordDiff) -> bool:
    return (d1.ops, d1.window, d1.a_len, d1.b_len, d1.notes) == (d2.ops, d2.window, d2.a_len, d2.b_len, d2.notes)


@pytest.mark.parametrize("seed", range(6))
def test_align_equals_reference_on_random_sequences(seed: int) -> None:
    rnd = random.Random(seed)
    vocab = _VOCAB[: 3 + seed * 3]  # small vocabularies: many ties
    checked = 0
    for _ in range(400):
        a = _tokens(rnd.choices(vocab, k=rnd.randint(0, 14)))
        b = _tokens(rnd.choices(vocab, k=rnd.randint(0, 10)))
        for bridge in (True, False):
            assert _same(align(a, b, bridge=bridge), ref_align(a, b, bridge=bridge)), (a, b, bridge)
            checked += 1
    assert checked == 800


def test_align_equals_reference_on_edited_copies() -> None:
    """Variants made from the canonical by drops, inserts, swaps and re-inflections (as quotes are)."""
    rnd = random.Random(7)
    for _ in range(300):
        a_words = rnd.choices(_VOCAB, k=rnd.randint(1, 25))
        b_words = list(a_words[rnd.randint(0, len(a_words) - 1):])
        for _ in range(rnd.randint(0, 4)):
            op = rnd.choice(["drop", "insert", "swap", "inflect"])
            k = rnd.randrange(len(b_words)) if b_words else 0
            if op == "drop" and b_words:
                del b_words[k]
            elif op == "insert":
                b_words.insert(k, rnd.choice(_VOCAB))
            elif op == "swap" and len(b_words) > 1:
                k = min(k, len(b_words) - 2)
                b_words[k], b_words[k + 1] = b_words[k + 1], b_words[k]
            elif b_words:
                b_words[k] = b_words[k] + "s"
        a, b = _tokens(a_words), _tokens(b_words)
        assert _same(align(a, b), ref_align(a, b)), (a_words, b_words)


def test_align_finds_the_stretch_a_fragment_comes_from() -> None:
    a = _tokens(["we", "will", "tackle", "the", "root", "cause", "of", "this", "crisis", "now"])
    b = _tokens(["tackling", "the", "root", "causes"])
    d = align(a, b)
    assert d.window == (2, 6)
    assert [o.op for o in d.ops] == ["replace", "equal", "replace"]
    assert _same(d, ref_align(a, b))
