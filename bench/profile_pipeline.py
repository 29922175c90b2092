"""Where the time goes: profile the whole pipeline once, in one process, and sum by stage.

    python bench/profile_pipeline.py CORPUS_DIR [--limit N] [--top 25]

Runs ingest, per-article extraction and ``build_report`` under cProfile and prints
(1) CPU time per stage, (2) CPU time summed by the module it was spent in (so the
regex engine's time inside ``figures`` counts as regex, not as figures), and
(3) the functions with the most time of their own. The write-up is docs/profile.md.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

import quotecheck.pipeline  # noqa: F401  (imports every stage: registers every rule kind, claims' too)
from quotecheck import attribution, checks, dates, figures, link, quotes, segment
from quotecheck.engine.digest import article_digest
from quotecheck.ingest import read_paths
from quotecheck.models import Report
from quotecheck.rules import load_rules


def _bucket(filename: str, func: str) -> str:
    """A readable owner for a profiled function: our module, a library, or a builtin."""
    if "quotecheck" in filename:
        return "quotecheck/" + filename.split("quotecheck/", 1)[1]
    for lib in ("regex", "pydantic", "rapidfuzz", "networkx", "re/", "collections", "enum"):
        if f"/{lib}" in filename:
            return lib.rstrip("/")
    if filename == "~":
        return "builtin " + func.split(" of ")[0].strip("<>{}")[:40]
    return Path(filename).name


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--limit", type=int, default=0, help="first N articles only")
    ap.add_argument("--top", type=int, default=25)
    a = ap.parse_args()
    rules = load_rules()
    # compile every rule pack before timing: a once-per-process cost, reported apart
    t = time.perf_counter()
    for build in (lambda: segment.analyse("x", rules), lambda: attribution.compiled(rules),
                  lambda: figures.lexicon(rules), lambda: dates.lexicon(rules), lambda: link.compiled(rules)):
        build()
    compile_s = time.perf_counter() - t

    # CPU time, not wall time, for both the stage table and the profiler: on a shared machine a
    # wall-clock profile charges other processes' time to whatever function was running (a 5 us
    # search once showed up as 1.2 ms a call)
    prof = cProfile.Profile(time.process_time)
    wall: dict[str, float] = defaultdict(float)

    def timed(stage: str, fn, *args):
        t0 = time.process_time()
        prof.enable()
        try:
            return fn(*args)
        finally:
            prof.disable()
            wall[stage] += time.process_time() - t0

    arts, errs = timed("ingest", read_paths, [a.corpus])
    if a.limit:
        arts = arts[: a.limit]
    exs_q, exs_f, exs_d = [], [], []
    for art in arts:
        seg = timed("segment", segment.segment, art, rules)
        qs = timed("quotes", quotes.extract_quotes, art, seg, rules)
        qs = timed("attribution", attribution.attribute, art, seg, qs, rules)
        exs_q.extend(qs)
        figs = timed("figures", figures.extract_figures, art, seg, qs, rules)
        exs_f.extend(figs)
        exs_d.extend(timed("dates", dates.extract_dates, art, seg, rules))
        timed("digest", article_digest, art, qs, rules, figs)  # extraction's share of the report work
    all_q, ents = timed("entities", attribution.resolve_entities, exs_q, rules)
    rep = Report(tool_version="bench", articles=arts, quotes=all_q, entities=ents, figures=exs_f,
                 dates=exs_d, errors=errs)
    rep.stories = timed("stories", link.group_stories, rep, rules)
    rep.clusters, rep.edges = timed("link", link.link_quotes, rep, rules)
    rep.findings = timed("checks", checks.run_checks, rep, rules)

    n = len(arts)
    total = sum(wall.values())
    print(f"{n} articles; rule packs compiled in {compile_s:.2f} s (once per process)\n")
    print("| stage | CPU s | ms / article | share |\n|---|---|---|---|")
    for stage, s in wall.items():
        print(f"| {stage} | {s:.2f} | {1000 * s / max(n, 1):.2f} | {100 * s / total:.0f} % |")
    print(f"| **total** | {total:.2f} | {1000 * total / max(n, 1):.2f} | |\n")

    st = pstats.Stats(prof)
    by: dict[str, float] = defaultdict(float)
    rows = []
    for (fn, line, func), (_cc, _nc, tt, _ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        by[_bucket(fn, func)] += tt
        rows.append((tt, f"{_bucket(fn, func)}:{line}({func})"))
    prof_total = sum(by.values())
    print("CPU time by where it was spent (profiler on, so slower than the stage times above; it"
          " also inflates Python calls against the regex engine's C code: for shares, sample with"
          " `py-spy record -f raw`, docs/profile.md):\n")
    print("| where | s | share |\n|---|---|---|")
    for k, v in sorted(by.items(), key=lambda kv: -kv[1])[: a.top]:
        print(f"| {k} | {v:.2f} | {100 * v / prof_total:.0f} % |")
    print(f"\nTop {a.top} functions by own time:\n")
    for tt, name in sorted(rows, reverse=True)[: a.top]:
        print(f"  {tt:7.2f} s  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
