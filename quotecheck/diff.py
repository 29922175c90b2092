"""Word-level diff of a quote against its cluster's canonical wording.

Why an alignment and not ``difflib``: a fragment ("to tackle the root cause")
must be compared with the stretch of the canonical quote it comes from, not
with the whole quote, or every word it does not repeat would show up as
"dropped". A fitting alignment (free ends on the canonical side only) finds
that stretch; words of the canonical outside it are merely not quoted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from quotecheck.textnorm import Token, stem

_MATCH, _STEM, _MISMATCH, _GAP = 2, 1, -1, -1


@dataclass(frozen=True, slots=True)
class Op:
    """One run of the diff: ``a`` indexes canonical tokens, ``b`` the variant's."""

    op: str  # equal | insert | delete | replace
    a1: int
    a2: int
    b1: int
    b2: int


@dataclass
class WordDiff:
    """The aligned diff plus where in the canonical the variant starts and ends."""

    ops: list[Op]
    window: tuple[int, int]  # canonical tokens [a1, a2) the variant covers
    a_len: int
    b_len: int
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[Op]:
        return [o for o in self.ops if o.op != "equal"]


def _sub(x: Token, y: Token) -> int:
    if x.norm == y.norm:
        return _MATCH
    if stem(x.norm) == stem(y.norm):
        return _STEM
    return _MISMATCH


def align(a: list[Token], b: list[Token], *, bridge: bool = True) -> WordDiff:
    """Fitting alignment of variant ``b`` inside canonical ``a``; O(len(a)·len(b)).

    Same result, tie-breaking included, as the cell-by-cell programme kept as the
    reference in tests/test_diff_align.py, found faster:

    * an excerpt (``b`` occurs word for word in ``a``: most variants) is its first
      occurrence: every word scores a full match there, no other alignment can, and the
      earliest end wins ties;
    * otherwise the scores are computed row by row in a tight loop (``_row``), substitution
      scores once per distinct word of ``a``, and back-pointers only on the traced path.
    """
    n, m = len(a), len(b)
    a_norm = [t.norm for t in a]
    b_norm = [t.norm for t in b]
    at = _first_run(a_norm, b_norm) if m else -1
    if at >= 0:
        ops = [Op("equal", at, at + m, 0, m)]
        return WordDiff(bridged(ops) if bridge else ops, (at, at + m), n, m)
    b_stem = [stem(x) for x in b_norm]
    # score[i][j]: best alignment of b[:j] ending at a[:i], a's prefix free.
    score = [list(range(0, _GAP * (m + 1), _GAP)) if m else [0]]
    subs_of: dict[str, list[int]] = {}  # a token's norm -> its substitution scores against b
    for x in a_norm:
        subs = subs_of.get(x)
        if subs is None:
            sx = stem(x)
            subs = subs_of[x] = [_MATCH if y == x else _STEM if sy == sx else _MISMATCH
                                 for y, sy in zip(b_norm, b_stem, strict=True)]
        score.append(_row(score[-1], subs, m))
    end = max(range(n + 1), key=lambda i: (score[i][m], -i)) if m else 0
    steps: list[tuple[str, int, int]] = []  # (kind, i, j) one token each
    i, j = end, m
    while j > 0:
        k = 2
        if i > 0:  # the back-pointer of cell (i, j): diagonal, else up, else left
            prev = score[i - 1]
            d = prev[j - 1] + subs_of[a_norm[i - 1]][j - 1]
            u = prev[j] + _GAP
            left = score[i][j - 1] + _GAP
            k = 0 if d >= u and d >= left else 1 if u >= left else 2
        if k == 0:
            same = a_norm[i - 1] == b_norm[j - 1]
            steps.append(("equal" if same else "sub", i - 1, j - 1))
            i, j = i - 1, j - 1
        elif k == 1:
            steps.append(("delete", i - 1, j))
            i -= 1
        else:
            steps.append(("insert", i, j - 1))
            j -= 1
    steps.reverse()
    start = i
    ops = _runs(steps, start)
    return WordDiff(bridged(ops) if bridge else ops, (start, end), n, m)


def _first_run(hay: list[str], needle: list[str]) -> int:
    """Where ``needle`` first occurs as a contiguous run of ``hay``, or -1."""
    m = len(needle)
    head = needle[0]
    i = -1
    try:
        while True:
            i = hay.index(head, i + 1)
            if hay[i:i + m] == needle:
                return i
    except ValueError:
        return -1


def _row(prev: list[int], subs: list[int], m: int) -> list[int]:
    """Row i of the score from row i-1: each cell is the best of diagonal, up and left.

    Only the values: the back-pointers are recomputed on the traced path. The loop is the
    reference recurrence with the three comparisons folded into two.
    """
    row = [0]
    left = 0  # row[j-1]
    # prev[j-1], prev[j], sub(a_i, b_j) for j = 1..m
    for p0, p1, s in zip(islice(prev, m), islice(prev, 1, None), subs, strict=True):
        d = p0 + s
        u = p1 + _GAP
        if u > d:
            d = u
        left += _GAP
        if d > left:
            left = d
        row.append(left)
    return row


def bridged(ops: list[Op], keep: Callable[[Op], bool] = lambda o: False) -> list[Op]:
    """Join two changes one kept word apart: "the repair of" -> "to repair", not two edits.

    ``keep(op)`` says a change must stay on its own (a moved word).
    """
    out: list[Op] = []
    for o in ops:
        if (o.op != "equal" and len(out) >= 2 and out[-1].op == "equal"
                and out[-1].a2 - out[-1].a1 == 1 and out[-2].op != "equal"
                and not keep(o) and not keep(out[-2])
                and not (o.op == out[-2].op and o.op in ("insert", "delete"))):
            eq, prev = out.pop(), out.pop()
            o = Op("replace", prev.a1, o.a2, prev.b1, o.b2)
            del eq
        out.append(o)
    return out


def _runs(steps: list[tuple[str, int, int]], a_start: int) -> list[Op]:
    """Merge single-token steps into equal runs and maximal changed runs."""
    ops: list[Op] = []
    ai, bj = a_start, 0
    k = 0
    while k < len(steps):
        equal = steps[k][0] == "equal"
        a1, b1 = ai, bj
        while k < len(steps) and (steps[k][0] == "equal") == equal:
            kind = steps[k][0]
            if kind in ("equal", "sub"):
                ai, bj = ai + 1, bj + 1
            elif kind == "delete":
                ai += 1
            else:
                bj += 1
            k += 1
        if equal:
            ops.append(Op("equal", a1, ai, b1, bj))
        else:
            kind = "replace" if ai > a1 and bj > b1 else ("delete" if ai > a1 else "insert")
            ops.append(Op(kind, a1, ai, b1, bj))
    return ops


def words(tokens: list[Token], i: int, j: int) -> str:
    return " ".join(t.norm for t in tokens[i:j])
