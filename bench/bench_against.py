"""Wire desk benchmark: `store add` of a generated corpus, then `check NEW --against STORE`.

For each size (1k, 10k, ... generated articles, `bench/generate_corpus.py` through
`run_scale.corpus_for`) every article but one is added to a fresh store; the one held out
(the first outlet's copy of the last story, so it joins a stored story) is then checked
against the store three times. Printed and written as JSON: store add wall and CPU time (its
workers included), store file
size, check wall time (median of 3, and each run) and the check's peak RSS (process tree).

    nice -n 19 .venv/bin/python bench/bench_against.py --sizes 1k,10k
    # the code of another checkout (the BEFORE numbers): --code /tmp/qc-before

`--code DIR` puts DIR first on PYTHONPATH of every child, so an exported older commit runs
with this virtualenv's dependencies. `--add-args` passes options to `store add` (the old
default batch size of 32 opened a process pool per batch: use `--add-args=--batch-size=1000`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_scale import TreeRSS, article_files, corpus_for, parse_sizes  # noqa: E402


def quotecheck_cmd(*args: str) -> list[str]:
    """The CLI run by this interpreter (so a ``--code`` checkout is what runs)."""
    return [sys.executable, "-m", "quotecheck.cli", *args]


def timed_run(cmd: list[str], env: dict[str, str],
              log: Path | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, peak RSS of the process tree in MB, the finished process); ``log``: stderr
    goes there as it comes (``store add``'s progress lines on a long run)."""
    if log is not None:
        with log.open("w") as fh:
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=fh, text=True, env=env,
                                    cwd=tempfile.gettempdir())
            with TreeRSS(proc.pid) as mon:
                out, _ = proc.communicate()
            wall = time.perf_counter() - t0
        return wall, round(mon.peak / 2**20, 1), subprocess.CompletedProcess(cmd, proc.returncode, out,
                                                                              log.read_text())
    t0 = time.perf_counter()
    # cwd: `python -m` puts the working folder first on sys.path, before PYTHONPATH (--code)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=tempfile.gettempdir())
    with TreeRSS(proc.pid) as mon:
        out, err = proc.communicate()
    wall = time.perf_counter() - t0
    return wall, round(mon.peak / 2**20, 1), subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def held_out(corpus: Path) -> tuple[Path, list[Path]]:
    """The new article (last story, first outlet) and every other article file."""
    files = article_files(corpus)
    last = max(files, key=lambda p: (p.stem.split("-")[0], p.stem))
    story = last.stem.split("-")[0]
    new = min(p for p in files if p.stem.startswith(story + "-"))
    return new, [p for p in files if p != new]


def measure(label: str, size: int, args: argparse.Namespace, env: dict[str, str]) -> dict:
    """Add the corpus (minus one article) to a fresh store; check the held-out one 3 times."""
    corpus = corpus_for(size, args.outlets, args.seed, args.cache, args.conflict_rate)
    new, rest = held_out(corpus)
    work = Path(tempfile.mkdtemp(prefix=f"bench-against-{label}-", dir=args.cache))
    try:
        inbox = work / "add"
        inbox.mkdir()
        for p in rest:  # a folder of links: `store add` walks it like the real one
            (inbox / p.name).symlink_to(p)
        db = work / "corpus.db"
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        add_wall, add_peak, proc = timed_run(
            quotecheck_cmd("store", "add", str(inbox), "--store", str(db), *args.add_args), env,
            log=args.cache / f"bench-against-{label}-add.log")
        if proc.returncode not in (0, 2):
            raise RuntimeError(f"store add failed: {proc.stderr[-2000:]}")
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # store add and its workers (reaped by it)
        add_cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
        size_mb = sum(f.stat().st_size for f in work.glob("corpus.db*")) / 2**20
        runs = []
        for _ in range(args.repeat):
            wall, peak, proc = timed_run(quotecheck_cmd("check", str(new), "--against", str(db),
                                                        "--format", "json", "--fail-on", "never"), env)
            if proc.returncode != 0:
                raise RuntimeError(f"check failed: {proc.stderr[-2000:]}")
            runs.append((wall, peak, len(json.loads(proc.stdout)["findings"])))
        walls = [r[0] for r in runs]
        watch = measure_watch(new, db, work, env) if args.watch else {}
        return {**watch, "size": label, "articles_stored": len(rest), "store_add_s": round(add_wall, 1),
                "store_add_cpu_s": round(add_cpu, 1),
                "store_add_peak_mb": add_peak, "store_mb": round(size_mb, 1),
                "check_median_s": round(statistics.median(walls), 2), "check_runs_s": [round(w, 2) for w in walls],
                "check_peak_mb": max(r[1] for r in runs), "findings": runs[0][2],
                "add_stderr_tail": proc.stderr.strip().splitlines()[-1:] if proc.stderr else []}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure_watch(new: Path, db: Path, work: Path, env: dict[str, str]) -> dict:
    """Start ``watch`` on an empty inbox over the store, drop the new article in, and time it.

    ``watch_latency_s`` is what watch itself reports (landed -> reported); ``watch_seen_s``
    is from the file appearing in the inbox to its JSON line arriving here, so it includes
    the poll interval (0.2 s) and the one interval a file must hold still.
    """
    inbox = work / "inbox"
    inbox.mkdir()
    cmd = quotecheck_cmd("watch", str(inbox), "--store", str(db), "--format", "json", "--interval", "0.2")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=tempfile.gettempdir())
    try:
        time.sleep(3.0)  # start-up: rules from the cache, the store opened
        t0 = time.perf_counter()
        tmp = inbox / (new.name + ".part")
        tmp.write_bytes(new.read_bytes())
        tmp.rename(inbox / new.name)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        seen = time.perf_counter() - t0
        rec = json.loads(line)
        return {"watch_latency_s": rec.get("latency_s"), "watch_seen_s": round(seen, 2),
                "watch_findings": len(rec.get("findings", []))}
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1k,10k")
    ap.add_argument("--outlets", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--conflict-rate", type=float, default=0.2)
    ap.add_argument("--cache", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "quotecheck-bench")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--code", type=Path, help="run this checkout's quotecheck (first on PYTHONPATH)")
    ap.add_argument("--add-args", default="", help="extra `store add` options, space-separated")
    ap.add_argument("--json", type=Path, help="also write the numbers here")
    ap.add_argument("--watch", action="store_true", help="also time `watch` on the new article")
    args = ap.parse_args(argv)
    args.add_args = args.add_args.split()
    args.cache.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    if args.code:
        env["PYTHONPATH"] = str(args.code.resolve()) + os.pathsep + env.get("PYTHONPATH", "")
    rows = []
    for label, size in parse_sizes(args.sizes):
        row = measure(label, size, args, env)
        print(json.dumps(row), flush=True)
        rows.append(row)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
