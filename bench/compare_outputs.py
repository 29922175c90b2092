"""Dump every extraction and the JSON report on real and bundled sets, or compare two dumps.

Speed work and refactors must not change what the tool finds. This runs the installed
``quotecheck`` (so it survives moves inside the package) on each set with ``--jobs 1``:
``check --format json`` (report: quotes, speakers, figures, dates, clusters, findings) and
``quotes`` / ``figures --format json``, and writes one file per set and command.

    python bench/compare_outputs.py dump /tmp/before      # on the old commit
    python bench/compare_outputs.py dump /tmp/after       # on the new one
    python bench/compare_outputs.py diff /tmp/before /tmp/after

``tool_version`` and timings are dropped before comparing, and each dump's checkout root
(``/work/main`` or a worktree) is read as one placeholder; everything else must be equal.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
VOLATILE = ("tool_version",)


def sets() -> list[tuple[str, list[str]]]:
    """(name, paths) of every set: fixtures, each wire-copy set, PolNeAR dev and test."""
    out = [(f"fixtures-{d.name}", [str(d)]) for d in sorted((ROOT / "fixtures").iterdir()) if d.is_dir()]
    wire = SHARED / "wirecopy"
    if wire.is_dir():
        for d in sorted(p for p in wire.iterdir() if p.is_dir()):
            files = sorted(str(f) for f in d.iterdir() if f.suffix in (".json", ".txt"))
            out.append((f"wire-{d.name}", files))
    pol = SHARED / "corpora" / "polnear"
    for split in ("dev", "test"):
        if (pol / split / "text").is_dir():
            out.append((f"polnear-{split}", [str(pol / split / "text")]))
    return out


def _exe() -> str:
    here = Path(sys.executable).parent / "quotecheck"
    return str(here) if here.exists() else (shutil.which("quotecheck") or "quotecheck")


def _strip(obj):
    if isinstance(obj, dict):
        return {k: _strip(v) for k, v in obj.items() if k not in VOLATILE}
    if isinstance(obj, list):
        return [_strip(v) for v in obj]
    return obj


def dump(dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_COLOR": "1"}
    for name, paths in sets():
        for cmd in (["check", "--fail-on", "never"], ["quotes"], ["figures"]):
            argv = [_exe(), *cmd, *paths, "--format", "json", "--jobs", "1"]
            res = subprocess.run(argv, capture_output=True, text=True, env=env)
            try:
                data = _strip(json.loads(res.stdout))
            except json.JSONDecodeError:
                data = {"unparsed_stdout": res.stdout}
            rec = {"rc": res.returncode, "stderr": res.stderr.splitlines(), "out": data}
            (dest / f"{name}.{cmd[0]}.json").write_text(json.dumps(rec, indent=1, sort_keys=True))
        print(f"{name}: done", file=sys.stderr)


def checkout_root(dump_dir: Path) -> str | None:
    """The checkout a dump was made in: what precedes ``/fixtures/`` in a bundled article's path.

    Each worktree dumps its own absolute fixture paths; two checkouts of the same commit must
    compare equal, so ``diff`` reads each dump's root as one placeholder."""
    for p in sorted(dump_dir.glob("fixtures-*.check.json")):
        for art in json.loads(p.read_text()).get("out", {}).get("articles", []):
            path = art.get("path") or ""
            if "/fixtures/" in path:
                return path.split("/fixtures/", 1)[0]
    return None


def _load(path: Path, root: str | None) -> dict:
    text = path.read_text()
    return json.loads(text.replace(json.dumps(root)[1:-1] + "/", "<checkout>/") if root else text)


def diff(a: Path, b: Path) -> int:
    bad = 0
    names = sorted({p.name for p in a.glob("*.json")} | {p.name for p in b.glob("*.json")})
    ra, rb = checkout_root(a), checkout_root(b)
    for n in names:
        pa, pb = a / n, b / n
        if not (pa.exists() and pb.exists()):
            print(f"{n}: only in {'first' if pa.exists() else 'second'}")
            bad += 1
            continue
        ja, jb = _load(pa, ra), _load(pb, rb)
        if ja != jb:
            bad += 1
            keys = ja["out"].keys() if isinstance(ja["out"], dict) else []
            parts = [k for k in keys if ja["out"].get(k) != jb["out"].get(k)]
            extra = [k for k in ("rc", "stderr") if ja[k] != jb[k]]
            print(f"{n}: differs in {', '.join(extra + parts) or 'output'}")
    print(f"{len(names) - bad} of {len(names)} outputs identical")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("dump").add_argument("dest", type=Path)
    d = sub.add_parser("diff")
    d.add_argument("a", type=Path)
    d.add_argument("b", type=Path)
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.dest)
        return 0
    return diff(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
