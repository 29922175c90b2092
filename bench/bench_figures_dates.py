"""Figures + dates CPU per article, and diff.align on the report's real calls. Run by hand
(see docs/figures.md, docs/diff.md):

    python bench/bench_figures_dates.py PATH [N] [--align]

Figures and dates run article by article twice in one process, so machine noise hits both
alike: with every shortcut (the product) and on the plain path (full case folding, no joined
before/after/event patterns); both must give the same figures and dates. ``--align`` also
extracts PATH, builds the report once to record every ``align`` call of the quote checks, and
times the fast align against the reference programme of tests/test_diff_align.py.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

import regex

import quotecheck.pipeline  # noqa: F401  (imports every stage: registers every rule kind)
from quotecheck import attribution, dates, figures, quotes, scan, segment
from quotecheck import rules as rules_mod
from quotecheck.ingest import read_paths
from quotecheck.rules import load_rules


def _plain(rules):  # type: ignore[no-untyped-def]
    """Patch figures/dates onto the plain path; returns a function that undoes it."""
    flex, dlex = figures.lexicon(rules), dates.lexicon(rules)
    plain_f = dataclasses.replace(flex, simple=None, before_any=None,
                                  qual_after_any=regex.compile(r"(?s).?"), noun_any={})
    plain_d = dataclasses.replace(dlex, simple=None)
    saved = (figures.lexicon, dates.lexicon, dates._event_starts)
    figures.lexicon = lambda r: plain_f  # type: ignore[assignment]
    dates.lexicon = lambda r: plain_d  # type: ignore[assignment]
    dates._event_starts = lambda *a: None  # type: ignore[assignment]

    def undo() -> None:
        figures.lexicon, dates.lexicon, dates._event_starts = saved  # type: ignore[assignment]
    return undo


def bench_extraction(path: str, n: int) -> None:
    rules = load_rules()
    arts, _ = read_paths([path], rules=rules)
    arts = arts[:n]
    pre = []
    for a in arts:
        seg = segment.segment(a, rules)
        pre.append((a, seg, attribution.attribute(a, seg, quotes.extract_quotes(a, seg, rules), rules)))
    totals = {"fast": [0.0, 0.0], "plain": [0.0, 0.0]}
    same = True
    for k, (a, seg, qs) in enumerate(pre):
        out = {}
        for mode in ("fast", "plain") if k % 2 else ("plain", "fast"):  # neither always goes first
            undo = _plain(rules) if mode == "plain" else (lambda: None)
            dates._last_scan = (0, "", [])  # nothing carried over from the other mode
            scan._last = None
            rules_mod._lowered.cache_clear()
            t0 = time.process_time()
            f = figures.extract_figures(a, seg, qs, rules)
            t1 = time.process_time()
            d = dates.extract_dates(a, seg, rules)
            t2 = time.process_time()
            undo()
            totals[mode][0] += t1 - t0
            totals[mode][1] += t2 - t1
            out[mode] = ([x.model_dump() for x in f], [x.model_dump() for x in d])
        same &= out["fast"] == out["plain"]
    k = 1000 / len(pre)
    for mode, (tf, td) in totals.items():
        print(f"{mode:5s}: figures {tf * k:.3f} ms/article, dates {td * k:.3f}, together {(tf + td) * k:.3f}")
    print(f"{len(pre)} articles; same figures and dates: {same}")


def bench_align(path: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from test_diff_align import ref_align  # the reference programme

    import quotecheck.checks.quotes as cq
    from quotecheck.diff import align
    from quotecheck.engine.local import extract_all
    from quotecheck.pipeline import build_report

    rules = load_rules()
    arts, errs = read_paths([path], rules=rules)
    exs = extract_all(arts, rules)
    calls = []
    real = cq.align

    def record(a, b, **kw):  # type: ignore[no-untyped-def]
        calls.append((list(a), list(b), kw))
        return real(a, b, **kw)
    cq.align = record  # type: ignore[assignment]
    try:
        build_report(arts, exs, errs, rules)
    finally:
        cq.align = real  # type: ignore[assignment]
    t0 = time.process_time()
    ref = [ref_align(a, b, **kw) for a, b, kw in calls]
    t1 = time.process_time()
    new = [align(a, b, **kw) for a, b, kw in calls]
    t2 = time.process_time()
    same = all((x.ops, x.window) == (y.ops, y.window) for x, y in zip(ref, new, strict=True))
    print(f"align: {len(calls)} calls, reference {t1 - t0:.3f} s, fast {t2 - t1:.3f} s, same: {same}")


if __name__ == "__main__":
    args = [x for x in sys.argv[1:] if not x.startswith("--")]
    bench_extraction(args[0], int(args[1]) if len(args) > 1 else 300)
    if "--align" in sys.argv:
        bench_align(args[0])
