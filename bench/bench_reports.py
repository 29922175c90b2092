"""Time every renderer on a large synthetic report (run by hand: python bench/bench_reports.py [N]).

N articles of ~2 KB, N findings with two evidence spans each, N quotes and a
cluster per 3 quotes: the size of a busy day on a wire desk.
"""

from __future__ import annotations

import sys
import time
import tracemalloc

from quotecheck.models import (
    Article,
    Cluster,
    ClusterMember,
    Finding,
    Quote,
    Report,
    Severity,
    Span,
    Story,
)
from quotecheck.report import FORMATS, render


def synthetic(n: int) -> Report:
    arts, quotes, findings, clusters = [], [], [], []
    body = "Officials said the talks went well. " * 50
    for i in range(n):
        q = f"We will tackle the root cause number {i % 7} of the crisis"
        text = f"Headline {i}\n\nMinister said: “{q}.” {body}"
        arts.append(Article(id=f"a{i}", path=f"corpus/a{i}.txt", outlet=f"Outlet {i % 13}", text=text))
        s = text.index(q)
        quotes.append(Quote(id=f"a{i}:q1", article_id=f"a{i}", start=s, end=s + len(q), text=q, speaker="Minister"))
    for i in range(n):
        a, b = quotes[i], quotes[(i + 1) % n]
        sev = (Severity.error, Severity.warning, Severity.info)[i % 3]
        findings.append(Finding(id=f"F{i + 1}", kind="quote_altered", severity=sev, message=f"finding {i}",
                                fingerprint=f"{i:016x}",
                                evidence=[Span(article_id=a.article_id, start=a.start, end=a.end, text=a.text),
                                          Span(article_id=b.article_id, start=b.start, end=b.end, text=b.text)]))
    for c in range(0, n, 3):
        ms = quotes[c:c + 3]
        clusters.append(Cluster(id=f"C{c}", story_id="S1", canonical_quote_id=ms[0].id, canonical_text=ms[0].text,
                                members=[ClusterMember(quote_id=m.id, article_id=m.article_id, text=m.text,
                                                       speaker=m.speaker, relation="variant") for m in ms]))
    return Report(articles=arts, quotes=quotes, findings=findings, clusters=clusters,
                  stories=[Story(id="S1", article_ids=[a.id for a in arts])])


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    report = synthetic(n)
    print(f"{n} articles, {len(report.findings)} findings, {len(report.clusters)} clusters")
    for fmt in FORMATS:
        t0 = time.perf_counter()
        out = render(report, fmt, color=False, width=120)
        dt = time.perf_counter() - t0
        tracemalloc.start()  # a second run for memory: tracemalloc slows Python down several times
        render(report, fmt, color=False, width=120)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{fmt:<9} {dt:7.2f} s  {len(out) / 1e6:7.1f} MB out  peak {peak / 1e6:7.1f} MB")


if __name__ == "__main__":
    main()
