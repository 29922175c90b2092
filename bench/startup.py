"""Start-up benchmark: how long a user waits for ``quotecheck check`` on five articles, and for
``--help``, ``rules`` and ``schema``, against the floor of importing our dependencies.

    python bench/startup.py                 # fresh clone + virtualenv (pip install .), 5 rounds
    python bench/startup.py --venv .venv    # an existing install instead (faster to iterate)

Every round runs, one after the other so that the machine's drift hits all alike:
the floor (``python -c "import pydantic, rich, networkx, regex, rapidfuzz, yaml"``), the check
with an empty compiled-rules cache (the first run after install), the check again (the
second run: the cache is warm), then ``--help``, ``rules`` and ``schema``. Medians of wall and CPU
time and their ratio to the floor's are printed, with the targets of the first-run issue
(check <= 2.5x the floor, the others < 1.5x). ``--json FILE`` keeps the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIRE = ROOT.parent / "shared" / "wirecopy" / "kim-lavrov-2025-07"
FLOOR = "import pydantic, rich, networkx, regex, rapidfuzz, yaml"
TARGETS = {"check (first run)": None, "check (second run)": 2.5, "--help": 1.5, "rules": 1.5,
           "schema": 1.5}


def install(dest: Path) -> Path:
    """A clone of this checkout's HEAD with its own virtualenv, as the README's quick start."""
    subprocess.run(["git", "clone", "-q", str(ROOT), str(dest)], check=True)
    subprocess.run([sys.executable, "-m", "venv", str(dest / ".venv")], check=True)
    subprocess.run([str(dest / ".venv" / "bin" / "pip"), "install", "-q", str(dest)], check=True)
    return dest / ".venv"


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time, and CPU time (user + system) of the child: the steadier of the two on a
    machine that other work shares."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    res = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if res.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)}: exit {res.returncode}: {res.stderr[-500:]}")
    return dt, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def run(venv: Path, articles: list[str], rounds: int) -> dict[str, list[tuple[float, float]]]:
    py, qc = str(venv / "bin" / "python"), str(venv / "bin" / "quotecheck")
    base = {k: v for k, v in os.environ.items() if not k.startswith("QUOTECHECK_")}
    base["NO_COLOR"] = "1"
    warm_dir = tempfile.mkdtemp(prefix="qc-warm-")
    warm = {**base, "QUOTECHECK_CACHE_DIR": warm_dir}
    timed([qc, "check", *articles], warm)  # fill the warm cache (and the OS's file cache)
    out: dict[str, list[tuple[float, float]]] = {k: [] for k in ("floor", *TARGETS)}
    try:
        for _ in range(rounds):
            out["floor"].append(timed([py, "-c", FLOOR], base))
            cold_dir = tempfile.mkdtemp(prefix="qc-cold-")
            out["check (first run)"].append(timed([qc, "check", *articles],
                                                  {**base, "QUOTECHECK_CACHE_DIR": cold_dir}))
            shutil.rmtree(cold_dir, ignore_errors=True)
            out["check (second run)"].append(timed([qc, "check", *articles], warm))
            out["--help"].append(timed([qc, "--help"], warm))
            out["rules"].append(timed([qc, "rules"], warm))
            out["schema"].append(timed([qc, "schema"], warm))
    finally:
        shutil.rmtree(warm_dir, ignore_errors=True)
    return out


def report(times: dict[str, list[tuple[float, float]]]) -> list[dict]:
    def med(name: str, i: int) -> float:
        return statistics.median(t[i] for t in times[name])

    floor_wall, floor_cpu = med("floor", 0), med("floor", 1)
    rows = [{"what": "floor: " + FLOOR, "wall_s": round(floor_wall, 3), "cpu_s": round(floor_cpu, 3),
             "x_floor_wall": 1.0, "x_floor_cpu": 1.0, "target": None}]
    for name, target in TARGETS.items():
        wall, cpu = med(name, 0), med(name, 1)
        rows.append({"what": f"quotecheck {name}", "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
                     "x_floor_wall": round(wall / floor_wall, 2), "x_floor_cpu": round(cpu / floor_cpu, 2),
                     "target": target, "runs_wall": [round(t[0], 3) for t in times[name]]})
    print(f"{'what':<64} {'wall':>7} {'x floor':>7} {'cpu':>7} {'x floor':>7}  target (wall)")
    for r in rows:
        t = r["target"]
        verdict = "" if t is None else (f"<= {t}x  " + ("met" if r["x_floor_wall"] <= t else "NOT MET"))
        print(f"{r['what']:<64} {r['wall_s']:>6.3f}s {r['x_floor_wall']:>6.2f}x "
              f"{r['cpu_s']:>6.3f}s {r['x_floor_cpu']:>6.2f}x  {verdict}")
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--venv", type=Path, help="use this installed virtualenv instead of a fresh one")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json", type=Path, help="write the numbers here")
    args = ap.parse_args()
    articles = sorted(str(p) for p in WIRE.glob("*.txt")) if WIRE.is_dir() else []
    if not articles:  # no ../shared: the bundled five-article set
        articles = sorted(str(p) for p in (ROOT / "fixtures" / "summit").iterdir()
                          if p.name != "expected.yml")
    scratch = None
    if args.venv is None:
        scratch = Path(tempfile.mkdtemp(prefix="qc-startup-"))
        print(f"installing a fresh clone in {scratch} ...", file=sys.stderr)
        venv = install(scratch / "quotecheck")
    else:
        venv = args.venv.resolve()
    try:
        print(f"{len(articles)} articles: {Path(articles[0]).parent}; {args.rounds} rounds")
        rows = report(run(venv, articles, args.rounds))
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
