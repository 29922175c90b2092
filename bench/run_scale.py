"""Scale benchmark: time every stage on generated corpora of 1k / 10k / 100k articles.

Run by hand (not part of the test suite); docs/bench.md explains every column:

    python bench/run_scale.py                       # 1k and 10k articles
    python bench/run_scale.py --sizes 1k,10k,100k --json /tmp/scale.json
    python bench/run_scale.py --sizes 1k --stage-sample 0   # per-stage numbers on every article

For each size it generates (or reuses, under --cache) a corpus with bench/generate_corpus.py,
then measures, each in a fresh child process so memory numbers are clean:

* per-article stages (ingest, segment, quotes, attribution, figures, dates), single process,
  on the first --stage-sample articles (they do not depend on the corpus size);
* the `quotecheck check` path end to end with the default engine (all cores): read, extract,
  build_report (resolve_entities, group_stories, link_quotes, run_checks timed separately)
  and rendering the JSON report; peak RSS of the whole process tree (psutil, sampled);
* the floor: one bare `regex` pass of the loaded quote-marks pattern over the same text;
* accuracy against the truth file: recall of the injected conflicts, false alarms, and how
  the generated events were grouped into stories.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import generate_corpus  # noqa: E402

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
STAGES = ["ingest", "segment", "quotes", "attribution", "figures", "dates", "digest"]
REPORT_PHASES = ["entities", "stories", "link", "checks"]


# --------------------------------------------------------------------------- corpus


def corpus_for(size: int, outlets: int, seed: int, cache: Path, conflict_rate: float) -> Path:
    """A cached corpus of ``size`` articles (``size // outlets`` stories)."""
    stories = max(1, size // outlets)
    out = cache / f"corpus-v{generate_corpus.VERSION}-{stories}x{outlets}-seed{seed}-r{conflict_rate:g}"
    done = out / "COMPLETE"
    if not done.exists():
        t0 = time.perf_counter()
        generate_corpus.write_corpus(out, stories, outlets, seed=seed, conflict_rate=conflict_rate)
        done.write_text(f"{time.perf_counter() - t0:.1f}s\n")
    return out


def article_files(corpus: Path) -> list[Path]:
    return sorted((corpus / "articles").rglob("*.txt"))


# --------------------------------------------------------------------------- scoring


def _overlaps(span: dict, s: int, e: int) -> bool:
    return span["start"] < e and s < span["end"]


def score(findings: list[dict], stories: list[list[str]], truth: dict) -> dict:
    """Recall of injected conflicts, false alarms, and story grouping against the truth.

    A conflict is found when a finding of its kind has evidence in the injected article
    overlapping the injected text (for a quote: the altered quote). A finding is a false
    alarm when none of its evidence overlaps a planted stretch (conflict or benign
    variation); ``errors_outside_conflicts`` counts error-severity findings that touch no
    injected conflict (an error on a benign excerpt or wording change counts here).
    """
    conflicts = truth["conflicts"]
    by_article: dict[str, list[dict]] = defaultdict(list)
    for c in conflicts:
        by_article[c["article"]].append(c)
    benign: dict[str, list[dict]] = defaultdict(list)
    for b in truth["benign"]:
        benign[b["article"]].append(b)
    found = set()
    found_kind: Counter[str] = Counter()
    false_alarms: Counter[str] = Counter()
    errors_outside = 0
    injected_story = {e["story"] for e in truth["events"] if e["injected"]}
    story_of_article = {a: e["story"] for e in truth["events"] for a in e["articles"]}
    on_clean: Counter[str] = Counter()
    for f in findings:
        hits_conflict = False
        planted = False
        for ev in f["evidence"]:
            for k, c in enumerate(by_article.get(ev["article_id"], [])):
                span = {"start": c.get("quote_start", c["start"]), "end": c.get("quote_end", c["end"])}
                if _overlaps(span, ev["start"], ev["end"]):
                    planted = True
                    if c["finding"] == f["kind"]:
                        hits_conflict = True
                        found.add((c["article"], k))
            for b in benign.get(ev["article_id"], []):
                if _overlaps(b, ev["start"], ev["end"]):
                    planted = True
        if not hits_conflict and f["severity"] == "error":
            errors_outside += 1
        if not planted:
            false_alarms[f"{f['kind']}/{f['severity']}"] += 1
        events = {story_of_article.get(ev["article_id"]) for ev in f["evidence"]}
        if not events & injected_story:
            on_clean[f["severity"]] += 1
    for art, k in found:
        found_kind[by_article[art][k]["kind"]] += 1
    injected_kind = Counter(c["kind"] for c in conflicts)
    # story grouping
    event_of = story_of_article
    mixed = sum(1 for s in stories if len({event_of.get(a) for a in s}) > 1)
    recovered = 0
    predicted = {frozenset(s) for s in stories}
    for e in truth["events"]:
        if frozenset(e["articles"]) in predicted:
            recovered += 1
    same_pred = sum(len(s) * (len(s) - 1) // 2 for s in stories)
    same_both = 0
    for s in stories:
        cnt = Counter(event_of.get(a) for a in s)
        same_both += sum(n * (n - 1) // 2 for n in cnt.values())
    same_true = sum(len(e["articles"]) * (len(e["articles"]) - 1) // 2 for e in truth["events"])
    return {
        "injected": len(conflicts), "found": len(found),
        "recall": round(len(found) / len(conflicts), 3) if conflicts else None,
        "recall_by_kind": {k: f"{found_kind[k]}/{n}" for k, n in sorted(injected_kind.items())},
        "findings": len(findings),
        "findings_by_severity": dict(Counter(f["severity"] for f in findings)),
        "false_alarms": dict(false_alarms), "false_alarm_count": sum(false_alarms.values()),
        "errors_outside_conflicts": errors_outside,
        "findings_on_clean_stories": dict(on_clean),
        "events": len(truth["events"]), "stories": len(stories), "events_recovered": recovered,
        "mixed_stories": mixed,
        "pair_precision": round(same_both / same_pred, 4) if same_pred else None,
        "pair_recall": round(same_both / same_true, 4) if same_true else None,
    }


# --------------------------------------------------------------------------- child: measurements


def _rules():
    import quotecheck.pipeline  # noqa: F401  (imports every stage: registers every rule kind)
    from quotecheck.rules import load_rules

    return load_rules([])


def child_stages(corpus: Path, sample: int) -> dict:
    """Per-article stages, one process: seconds and articles/s for each."""
    from quotecheck import attribution, dates, figures, quotes, segment
    from quotecheck.engine.digest import article_digest
    from quotecheck.ingest import read_paths

    rules = _rules()
    files = article_files(corpus)
    if sample:
        files = files[:sample]
    t = dict.fromkeys(STAGES, 0.0)
    clock = time.process_time  # CPU seconds: other work on the machine does not inflate them
    w0 = time.perf_counter()
    t0 = clock()
    arts, errors = read_paths([str(f) for f in files], rules=rules)
    t["ingest"] = clock() - t0
    for a in arts:
        c0 = clock()
        seg = segment.segment(a, rules)
        c1 = clock()
        qs = quotes.extract_quotes(a, seg, rules)
        c2 = clock()
        qs = attribution.attribute(a, seg, qs, rules)
        c3 = clock()
        figs = figures.extract_figures(a, seg, qs, rules)
        c4 = clock()
        dates.extract_dates(a, seg, rules)
        c5 = clock()
        article_digest(a, qs, rules, figs)  # the report stage's per-article work, done at extraction
        c6 = clock()
        t["segment"] += c1 - c0
        t["quotes"] += c2 - c1
        t["attribution"] += c3 - c2
        t["figures"] += c4 - c3
        t["dates"] += c5 - c4
        t["digest"] += c6 - c5
    n = len(arts)
    return {"articles": n, "errors": len(errors), "wall_seconds": round(time.perf_counter() - w0, 3),
            "seconds": {k: round(v, 3) for k, v in t.items()},
            "rate": {k: round(n / v, 1) if v else None for k, v in t.items()},
            "cpu_ms_per_article": {k: round(1000 * v / n, 3) if n else None for k, v in t.items()}}


def child_e2e(corpus: Path, jobs: int | None) -> dict:
    """The `quotecheck check --format json` path, with each phase timed.

    As in ``check``, the parent only walks the folder ("read") and the worker
    processes read, parse and extract the files ("extract": reading included).
    """
    from quotecheck import attribution, checks, link, pipeline
    from quotecheck.commands.common import write
    from quotecheck.engine import local as engine
    from quotecheck.ingest import plan_paths
    from quotecheck.report import render_chunks

    rules = _rules()
    phases: dict[str, float] = {}
    cpu_phases: dict[str, float] = {}

    def children_cpu() -> float:
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)  # worker processes, once reaped
        return ru.ru_utime + ru.ru_stime

    def timed(name: str, fn):
        def wrapper(*a, **k):
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                return fn(*a, **k)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - t0
                cpu_phases[name] = cpu_phases.get(name, 0.0) + time.process_time() - c0
        return wrapper

    # build_report calls these through their modules: wrap them to time each phase.
    attribution.resolve_entities = timed("entities", attribution.resolve_entities)
    link.group_stories = timed("stories", link.group_stories)
    link.link_quotes = timed("link", link.link_quotes)
    checks.run_checks = timed("checks", checks.run_checks)
    cpu = time.process_time
    t0, p0 = time.perf_counter(), cpu()
    plan = plan_paths([str(corpus / "articles")])
    t1, p1, k1 = time.perf_counter(), cpu(), children_cpu()
    arts, errors, outcomes = engine.read_extract_all(plan, rules, jobs=jobs)
    kept = [(a, o) for a, o in zip(arts, outcomes, strict=True) if not isinstance(o, engine.RuleFailure)]
    arts, ex = [a for a, _ in kept], [o for _, o in kept]
    t2, p2, k2 = time.perf_counter(), cpu(), children_cpu()
    n_jobs = jobs or engine.default_jobs()
    # as `check` does: linking's pair stage and the quote checks use the cores too
    report = pipeline.build_report(arts, ex, errors, rules, pair_stage=engine.pair_stage("local", jobs=n_jobs),
                                   jobs=n_jobs)
    t3, p3, k3 = time.perf_counter(), cpu(), children_cpu()
    maxrss_before_render = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as tmp:  # as `check -o FILE` writes it: in pieces
        json_path = Path(tmp) / "report.json"
        write(render_chunks(report, "json", color=False, fail_on="error"), str(json_path))
        json_bytes = json_path.stat().st_size
    t4, p4 = time.perf_counter(), cpu()
    extract_cpu = (p2 - p1) + (k2 - k1)
    report_children = k3 - k2  # forked report-stage workers (pair stage, quote checks), once reaped
    serial_cpu = (p1 - p0) + (p3 - p2) + (p4 - p3)
    cpu_seconds = {"read": round(p1 - p0, 3), "extract": round(extract_cpu, 3), "build_report": round(p3 - p2, 3),
                   "build_report_workers": round(report_children, 3),
                   "render_json": round(p4 - p3, 3), "total": round(serial_cpu + extract_cpu + report_children, 3),
                   **{ph: round(cpu_phases.get(ph, 0.0), 3) for ph in REPORT_PHASES},
                   # what the wall time would be on an idle machine: serial work + parallel work / jobs
                   # (the report stage's workers run beside the parent, whose CPU is counted in full)
                   "idle_wall_estimate": round(serial_cpu + extract_cpu / (n_jobs if len(plan) >= 32 else 1), 3)}
    data = {"findings": [f.model_dump(mode="json") for f in report.findings],
            "stories": [s.model_dump(mode="json") for s in report.stories]}  # what scoring reads
    text = "".join(a.text for a in arts)
    # the floor: one bare pass of the compiled quote-marks regex over the same text
    from quotecheck.quotes import marks_table

    pat = marks_table(rules).token_re
    f0 = time.process_time()
    marks = sum(1 for _ in pat.finditer(text))
    floor = time.process_time() - f0  # CPU seconds, like the totals it is compared with
    truth = json.loads((corpus / "truth.json").read_text())
    acc = score(data["findings"], [s["article_ids"] for s in data["stories"]], truth)
    return {
        "articles": len(arts), "bytes": len(text.encode("utf-8")), "jobs": n_jobs, "cpu_seconds": cpu_seconds,
        "seconds": {"read": round(t1 - t0, 3), "extract": round(t2 - t1, 3),
                    "build_report": round(t3 - t2, 3), "render_json": round(t4 - t3, 3),
                    "total": round(t4 - t0, 3),
                    **{p: round(phases.get(p, 0.0), 3) for p in REPORT_PHASES}},
        "quotes": len(report.quotes), "clusters": len(report.clusters),
        "floor_seconds": round(floor, 4), "floor_marks": marks,
        "self_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        # the parent's peak before the JSON report was rendered: the rest is the rendering
        "self_maxrss_before_render_mb": round(maxrss_before_render, 1),
        "json_mb": round(json_bytes / 2**20, 1),
        "children_maxrss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "accuracy": acc,
    }


# --------------------------------------------------------------------------- parent


class TreeRSS:
    """Peak of the summed RSS of a process and all its descendants, sampled every 50 ms.

    The tree is re-listed every 0.5 s only: listing descendants walks every process of the
    machine, and doing it at 20 Hz cost ~5 % of a core, taken from the run being measured
    (`bench_against.py`'s 15-minute `store add`). A worker started between two listings is
    missed for at most 0.5 s; the pool's workers live for the whole command."""

    def __init__(self, pid: int, interval: float = 0.05, relist: float = 0.5) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self.interval, self.relist = interval, relist
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        procs, listed = [root], 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            try:
                if now - listed >= self.relist:
                    procs, listed = [root, *root.children(recursive=True)], now
                total = 0
                for p in procs:
                    with contextlib.suppress(psutil.NoSuchProcess):
                        total += p.memory_info().rss
                self.peak = max(self.peak, total)
            except psutil.NoSuchProcess:
                return
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeRSS:
        self._t.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._t.join()


def run_child(mode: str, corpus: Path, extra: list[str], timeout: float | None,
              retries: int = 1) -> tuple[dict, float]:
    """Run this script in a child process; return its JSON and the tree's peak RSS (MB).

    A child that fails is retried once after a pause (a shared checkout may be mid-edit)."""
    for attempt in range(retries + 1):
        try:
            return _run_child_once(mode, corpus, extra, timeout)
        except RuntimeError as exc:
            if attempt == retries:
                raise
            print(f"{exc}\nretrying in 30 s", file=sys.stderr)
            time.sleep(30)
    raise AssertionError("unreachable")


def _run_child_once(mode: str, corpus: Path, extra: list[str], timeout: float | None) -> tuple[dict, float]:
    cmd = [sys.executable, str(Path(__file__).resolve()), f"--child-{mode}", str(corpus), *extra]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        import psutil  # noqa: F401

        mon: TreeRSS | None = TreeRSS(proc.pid)
    except ImportError:
        mon = None
    if mon:
        mon.__enter__()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    finally:
        if mon:
            mon.__exit__()
    if proc.returncode != 0:
        raise RuntimeError(f"child {mode} failed ({proc.returncode}): {err.strip()[-2000:]}")
    peak = mon.peak / 2**20 if mon else 0.0
    return json.loads(out.strip().splitlines()[-1]), round(peak, 1)


def measure(label: str, size: int, args: argparse.Namespace) -> dict:
    corpus = corpus_for(size, args.outlets, args.seed, args.cache, args.conflict_rate)
    print(f"[{label}] corpus {corpus}", file=sys.stderr)
    row: dict = {"size": label, "articles_requested": size, "corpus": str(corpus)}
    sample = args.stage_sample if args.stage_sample and args.stage_sample < size else 0
    stages, _ = run_child("stages", corpus, ["--stage-sample", str(sample)], None)
    row["stages"] = stages
    row["stages"]["measured_on"] = stages["articles"]
    print(f"[{label}] stages {stages['rate']}", file=sys.stderr)
    extra = ["--jobs", str(args.jobs)] if args.jobs else []
    row["loadavg_before_e2e"] = round(os.getloadavg()[0], 2)  # other work on the machine skews timings
    try:
        e2e, peak = run_child("e2e", corpus, extra, args.timeout)
        row["e2e"] = e2e
        row["peak_tree_rss_mb"] = peak
        print(f"[{label}] e2e {e2e['seconds']} peak {peak} MB", file=sys.stderr)
    except subprocess.TimeoutExpired:
        row["e2e"] = None
        row["timed_out_after_s"] = args.timeout
        print(f"[{label}] end to end did not finish within {args.timeout}s", file=sys.stderr)
    return row


def _fmt(x, nd: int = 1) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:,.{nd}f}"
    return f"{x:,}" if isinstance(x, int) else str(x)


def table(rows: list[dict]) -> str:
    """The markdown tables docs/bench.md describes."""
    lines = ["### Per-article stages (articles per CPU-second, one process; CPU ms an article in brackets)", "",
             "| size | measured on | " + " | ".join(STAGES) + " | all |",
             "|---|---|" + "---|" * (len(STAGES) + 1)]
    for r in rows:
        s = r["stages"]
        allst = sum(s["seconds"].get(k, 0.0) for k in STAGES)
        n = s["articles"]

        def cell(k: str, s=s, n=n) -> str:
            sec = s["seconds"].get(k)
            return "—" if sec is None else f"{_fmt(s['rate'][k], 0)} ({1000 * sec / n:.2f})" if n else "—"
        lines.append(f"| {r['size']} | {n:,} | " + " | ".join(cell(k) for k in STAGES)
                     + f" | {_fmt(n / allst if allst else None, 0)} ({1000 * allst / n:.2f}) |")
    lines += ["", "### End to end (`quotecheck check --format json` path, default engine, all cores)", "",
              "CPU seconds per phase (wall seconds in brackets); `idle est.` = serial CPU + extraction "
              "CPU / jobs, the wall time on an otherwise idle machine.", "",
              "| size | articles | MB | jobs | wall s | CPU s | idle est. s | articles/s (idle est.) | read | "
              "extract | entities | stories | link | checks | render | peak RSS tree MB | growth (idle est.) | "
              "floor s | total / floor |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    prev = None
    for r in rows:
        e = r.get("e2e")
        if not e:
            lines.append(f"| {r['size']} | — | — | — | not finished within {r.get('timed_out_after_s')} s |"
                         + " — |" * 14)
            continue
        s, c = e["seconds"], e["cpu_seconds"]
        est = c["idle_wall_estimate"]
        growth = "—"
        if prev:
            pe = prev["e2e"]
            growth = (f"×{est / pe['cpu_seconds']['idle_wall_estimate']:.1f} for "
                      f"×{e['articles'] / pe['articles']:.0f} articles")

        def ph(k: str, c=c, s=s) -> str:
            return f"{c[k]:.1f} ({s[k]:.1f})"
        lines.append(
            f"| {r['size']} | {e['articles']:,} | {e['bytes'] / 1e6:.1f} | {e['jobs']} | {s['total']:.1f} | "
            f"{c['total']:.1f} | {est:.1f} | {e['articles'] / est:,.0f} | {ph('read')} | {ph('extract')} | "
            f"{ph('entities')} | {ph('stories')} | {ph('link')} | {ph('checks')} | {ph('render_json')} | "
            f"{_fmt(r.get('peak_tree_rss_mb'), 0)} | {growth} | {e['floor_seconds']:.3f} | "
            f"×{est / e['floor_seconds']:,.0f} |")
        prev = r
    busy = any(isinstance(r.get("loadavg_before_e2e"), (int, float)) and r["loadavg_before_e2e"] > (os.cpu_count() or 1)
               for r in rows)
    lines += ["", "1-minute load average when each end-to-end run started: "
              + ", ".join(f"{r['size']} {r.get('loadavg_before_e2e', '?')}" for r in rows)
              + (" (above the core count: other work was competing for the CPU, so wall times are inflated)."
                 if busy else " (below the core count: the machine was otherwise idle).")]
    lines += ["", "### CPU an article and the parent's memory", "",
              "| size | CPU ms / article (all) | extraction | report stage (parent + its workers) | render | "
              "parent peak before render MB | parent peak MB | JSON report MB |",
              "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        e = r.get("e2e")
        if not e:
            continue
        c, n = e["cpu_seconds"], e["articles"]
        rep = c["build_report"] + c.get("build_report_workers", 0.0)
        lines.append(f"| {r['size']} | {1000 * c['total'] / n:.2f} | {1000 * c['extract'] / n:.2f} | "
                     f"{1000 * rep / n:.2f} | {1000 * c['render_json'] / n:.2f} | "
                     f"{_fmt(e.get('self_maxrss_before_render_mb'), 0)} | {_fmt(e.get('self_maxrss_mb'), 0)} | "
                     f"{_fmt(e.get('json_mb'), 0)} |")
    lines += ["", "### Accuracy against the truth file", "",
              "| size | injected | found | recall | by kind | findings (error/warning/info) | false alarms "
              "| errors outside conflicts | findings on clean stories (e/w/i) | events | stories | events recovered "
              "| mixed stories | pair P / R |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        e = r.get("e2e")
        if not e:
            continue
        a = e["accuracy"]
        sev = a["findings_by_severity"]
        by = ", ".join(f"{k} {v}" for k, v in a["recall_by_kind"].items())
        clean = a["findings_on_clean_stories"]
        lines.append(
            f"| {r['size']} | {a['injected']} | {a['found']} | {_fmt(a['recall'], 3)} | {by} | "
            f"{a['findings']} ({sev.get('error', 0)}/{sev.get('warning', 0)}/{sev.get('info', 0)}) | "
            f"{a['false_alarm_count']} | {a['errors_outside_conflicts']} | "
            f"{clean.get('error', 0)}/{clean.get('warning', 0)}/{clean.get('info', 0)} | {a['events']} | "
            f"{a['stories']} | {a['events_recovered']} | {a['mixed_stories']} | "
            f"{_fmt(a['pair_precision'], 3)} / {_fmt(a['pair_recall'], 3)} |")
    return "\n".join(lines)


def parse_sizes(text: str) -> list[tuple[str, int]]:
    out = []
    for part in text.split(","):
        part = part.strip().lower()
        if part in SIZES:
            out.append((part, SIZES[part]))
        elif part.isdigit():
            out.append((part, int(part)))
        else:
            raise SystemExit(f"run_scale: unknown size {part!r} (use 1k, 10k, 100k or a number)")
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("--child-stages", "--child-e2e"):
        mode, corpus = argv[0], Path(argv[1])
        rest = argparse.ArgumentParser()
        rest.add_argument("--stage-sample", type=int, default=0)
        rest.add_argument("--jobs", type=int, default=None)
        ns = rest.parse_args(argv[2:])
        res = child_stages(corpus, ns.stage_sample) if mode == "--child-stages" else child_e2e(corpus, ns.jobs)
        print(json.dumps(res))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1k,10k", help="comma list: 1k, 10k, 100k or article counts (default 1k,10k)")
    ap.add_argument("--outlets", type=int, default=5, help="articles per story (default 5)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--conflict-rate", type=float, default=0.2, help="share of stories with an injected conflict")
    ap.add_argument("--cache", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "quotecheck-bench",
                    help="where generated corpora are kept between runs")
    ap.add_argument("--stage-sample", type=int, default=1000,
                    help="per-stage timings on the first N articles (0: all; default 1000)")
    ap.add_argument("--jobs", type=int, default=None, help="worker processes end to end (default: all cores)")
    ap.add_argument("--timeout", type=float, default=None, help="give up on an end-to-end run after N seconds")
    ap.add_argument("--json", type=Path, help="also write every number here")
    args = ap.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    rows = [measure(label, n, args) for label, n in parse_sizes(args.sizes)]
    meta = {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "python": platform.python_version(),
            "machine": platform.machine(), "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
            else os.cpu_count()}
    print(f"Measured {meta['date']}, {meta['cores']} cores, Python {meta['python']}\n")
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
