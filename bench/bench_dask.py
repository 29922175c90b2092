"""Local engine vs Dask engine on one corpus: extraction, the link stage, the whole report.

Run by hand (docs/dask.md has the numbers):

    python bench/generate_corpus.py --stories 400 --outlets 5 --out /tmp/c2k
    python bench/bench_dask.py /tmp/c2k/articles --workers 2

Dask runs on a LocalCluster of ``--workers`` processes (one thread each) unless
``--scheduler tcp://HOST:8786`` names a running cluster. Both reports are
rendered to JSON and compared: the script fails if they differ.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections.abc import Callable
from typing import Any


def _timed(log: dict[str, float], name: str, fn: Callable) -> Callable:
    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            log[name] = log.get(name, 0.0) + time.perf_counter() - t

    return run


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scheduler", default=None)
    ap.add_argument("--jobs", type=int, default=None, help="local engine's --jobs (default: all cores)")
    args = ap.parse_args()

    import distributed

    from quotecheck import link
    from quotecheck.engine.dask import extract_with_dask, link_edges_with_dask
    from quotecheck.engine.local import extract_all
    from quotecheck.ingest import read_paths
    from quotecheck.pipeline import build_report
    from quotecheck.report import render
    from quotecheck.rules import default_rules

    rules = default_rules()
    articles, errors = read_paths(args.paths, rules=rules)
    print(f"{len(articles)} articles, {len(errors)} unreadable")
    real_link = link.link_quotes
    rows = []

    def run(name: str, extract: Callable, pair_stage: Any) -> str:
        log: dict[str, float] = {}
        link.link_quotes = _timed(log, "link", real_link)
        try:
            t = time.perf_counter()
            ex = _timed(log, "extract", extract)(articles)
            report = _timed(log, "build_report", build_report)(articles, ex, errors, rules,
                                                               pair_stage=pair_stage)
            log["total"] = time.perf_counter() - t
        finally:
            link.link_quotes = real_link
        rows.append((name, log, len(report.quotes), len(report.clusters), len(report.edges), len(report.findings)))
        return render(report, "json")

    local = run("local", lambda arts: extract_all(arts, rules, jobs=args.jobs), None)
    t = time.perf_counter()
    if args.scheduler:
        client, cluster = distributed.Client(args.scheduler), None
    else:
        cluster = distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None)
        client = distributed.Client(cluster)
    start = time.perf_counter() - t
    try:
        dask = run("dask", lambda arts: extract_with_dask(arts, rules, client=client),
                   functools.partial(link_edges_with_dask, client=client))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    print(f"dask cluster start: {start:.1f} s ({'joined ' + args.scheduler if args.scheduler else f'LocalCluster, {args.workers} workers'})")
    print("| engine | extract s | link s | build_report s (incl. link) | total s | quotes | clusters | edges | findings |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, log, nq, nc, ne, nf in rows:
        print(f"| {name} | {log['extract']:.1f} | {log['link']:.1f} | {log['build_report']:.1f} | {log['total']:.1f} "
              f"| {nq} | {nc} | {ne} | {nf} |")
    same = local == dask
    print("JSON reports identical:", same)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
