"""Attribution CPU per article: the shortcuts (fast entity index, reverse_check) vs the plain
paths, run article by article in one process so machine noise hits both alike; also checks
that both give the same quotes. Run by hand (see docs/attribution.md):

    python bench/bench_attribution.py PATH [N]
"""

from __future__ import annotations

import dataclasses
import sys
import time

import quotecheck.pipeline  # noqa: F401  (imports every stage: registers every rule kind)
from quotecheck import attribution, quotes, segment
from quotecheck.ingest import read_paths
from quotecheck.rules import RuleSet, load_rules


def plain_rules() -> RuleSet:
    """The bundled rules with the shortcuts switched off (plain mention scan, no reverse check)."""
    rules = load_rules()
    files = []
    for f in rules.files:
        if isinstance(f, attribution.AttributionPatterns):
            f = f.model_copy(update={"patterns": [p.model_copy(update={"reverse_check": False})
                                                  for p in f.patterns]})
        files.append(f)
    rs = RuleSet(files, rules.packs)
    c = attribution.compiled(rs)
    rs._cache["attribution.patterns"] = dataclasses.replace(c, mention_lower=None)
    return rs


def main(path: str, n: int) -> None:
    fast = load_rules()
    t = time.process_time()
    attribution.compiled(fast)
    print(f"compile (first use): {time.process_time() - t:.2f} s CPU")
    plain = plain_rules()
    arts, _ = read_paths([path], rules=fast)
    pre = []
    for a in arts[:n]:
        seg = segment.segment(a, fast)
        pre.append((a, seg, quotes.extract_quotes(a, seg, fast)))
    tf = tp = 0.0
    same = True
    for a, seg, qs in pre:
        t0 = time.process_time()
        x = attribution.attribute(a, seg, qs, plain)
        t1 = time.process_time()
        y = attribution.attribute(a, seg, qs, fast)
        t2 = time.process_time()
        tp += t1 - t0
        tf += t2 - t1
        same &= x == y
    k = max(len(pre), 1)
    print(f"{len(pre)} articles: plain {tp / k * 1000:.2f} ms/article, shortcuts {tf / k * 1000:.2f} "
          f"ms/article ({tp / max(tf, 1e-9):.2f}x), identical={same}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 300)
