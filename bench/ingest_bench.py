"""Ingest + segmentation speed and the wire-copy measurement (run by hand, not in the test suite).

    python bench/ingest_bench.py                 # synthetic speed numbers
    python bench/ingest_bench.py ../shared/wirecopy   # per-article report on real copy

Speed targets (documented in docs/ingest.md): linear in the input; a 10 MB
single line reads and segments in about a second; a file over MAX_FILE_BYTES is
refused from its size alone without being read.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import quotecheck.pipeline  # noqa: F401  (imports every stage: registers every rule kind)
from quotecheck.ingest import MAX_FILE_BYTES, read_bytes, read_paths
from quotecheck.rules import default_rules
from quotecheck.segment import segment

_SAMPLE = ("the minister said “we are ready” on Saturday. North Korea sent 11,000 troops, "
           "officials said. Mr. Lind met Gen. Ortega in the U.S. capital.")
WORDS = _SAMPLE.split()


def timed(label: str, data: bytes) -> None:
    rules = default_rules()
    t0 = time.perf_counter()
    arts, _ = read_bytes(data, "bench.txt", rules)
    t1 = time.perf_counter()
    seg = segment(arts[0], rules)
    t2 = time.perf_counter()
    print(f"{label:<34} {len(data) / 1e6:6.1f} MB  read {t1 - t0:6.2f}s  segment {t2 - t1:6.2f}s  "
          f"blocks {len(seg.blocks):>7}  sentences {len(seg.sentences):>8}")


def synthetic() -> None:
    rnd = random.Random(1)
    line = " ".join(rnd.choice(WORDS) for _ in range(1_800_000))[:10_000_000]
    timed("10 MB single line", line.encode())
    paras = "\n\n".join(" ".join(rnd.choice(WORDS) for _ in range(60)) for _ in range(25_000))
    timed("blank-line paragraphs", paras.encode())
    lines = "\n".join(" ".join(rnd.choice(WORDS) for _ in range(40)) for _ in range(50_000))
    timed("one paragraph per line", lines.encode())
    timed("100,000 quote marks", ("“" * 100_000 + " said.").encode())
    with tempfile.TemporaryDirectory() as d:
        big = Path(d) / "big.txt"
        with big.open("wb") as fh:
            fh.truncate(50 * 1024 * 1024)
        t0 = time.perf_counter()
        _, errs = read_paths([str(big)])
        print(f"50 MB file refused in {time.perf_counter() - t0:.3f}s: {errs[0].reason} "
              f"(limit {MAX_FILE_BYTES:,})")


def wirecopy(folder: str) -> None:
    rules = default_rules()
    arts, errs = read_paths([folder], rules=rules)
    for e in errs:
        print("ERROR", e)
    for a in arts:
        seg = segment(a, rules)
        bp = [b for b in seg.blocks if b.kind == "boilerplate"]
        print(f"\n{a.id}: published={a.published} ({a.published_raw!r}) outlet={a.outlet!r} "
              f"dateline={a.dateline!r} byline={a.byline!r}")
        print(f"  title={a.title!r}")
        print(f"  {sum(b.end - b.start for b in bp)} of {len(a.text)} chars boilerplate in {len(bp)} blocks; "
              f"{sum(b.kind == 'body' for b in seg.blocks)} body blocks, {len(seg.sentences)} sentences")
        for b in bp:
            t = a.text[b.start:b.end].replace("\n", "⏎")
            print(f"    {b.rule:<20} {b.end - b.start:>5}  {t[:90]}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        wirecopy(sys.argv[1])
    else:
        synthetic()
