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
    """Fitting alignment of variant ``b`` inside canonical ``a``; O(len(a)·len(b))."""
    n, m = len(a), len(b)
    # score[i][j]: best alignment of b[:j] ending at a[:i], a's prefix free.
    score = [[0] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]  # 0 diag, 1 up (delete a), 2 left (insert b)
    for j in range(1, m + 1):
        score[0][j] = score[0][j - 1] + _GAP
        back[0][j] = 2
    for i in range(1, n + 1):
        ai = a[i - 1]
        row, prev, brow = score[i], score[i - 1], back[i]
        for j in range(1, m + 1):
            d = prev[j - 1] + _sub(ai, b[j - 1])
            u = prev[j] + _GAP
            left = row[j - 1] + _GAP
            if d >= u and d >= left:
                row[j], brow[j] = d, 0
            elif u >= left:
                row[j], brow[j] = u, 1
            else:
                row[j], brow[j] = left, 2
    end = max(range(n + 1), key=lambda i: (score[i][m], -i)) if m else 0
    steps: list[tuple[str, int, int]] = []  # (kind, i, j) one token each
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
    start = i
    ops = _runs(steps, start)
    return WordDiff(bridged(ops) if bridge else ops, (start, end), n, m)


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
