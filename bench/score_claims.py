"""Score quotecheck's figure and date findings on the real wire-copy sets against hand-written gold.

Each ``bench/gold/claims-<set>.yml`` lists, from the set's NOTES.md and articles:

* ``disagreements``: the real ones, each with ``kind`` (figure | date), the ``verdict`` a careful
  editor would give (evolving / outlier / contradiction; a list when two are defensible) and
  key strings (verbatim, short) in named files: ``odd`` + ``others`` (the odd source(s) and the
  ones it disagrees with) or ``keys`` (values of one evolving quantity);
* ``traps``: key strings that no ``error`` may rest on (``need``: how many of them one error
  must cover to count, default 1).

A key is *covered* by a finding (or a claim of the JSON report's ``claims``) when one of its
evidence spans overlaps an occurrence of the key in that article. A disagreement is *found*:

* odd/others: a finding of its kind at warning or error covers one odd key and one other key
  (a finding that marks its odd sources, as claim findings do, must mark the odd key as odd);
* keys (evolving): a finding of any severity, or a claim, covers two of the keys.

Its verdict is *right* when the finding's or claim's ``details.verdict`` / ``verdict`` is one
of the gold verdicts (reports before the claims stage carry none). A *false error* is an
``error`` figure/date finding that does not find a disagreement whose verdicts include
``contradiction``; a *trap error* is one that covers a trap.

    python bench/score_claims.py                       # run .venv's quotecheck on each set
    python bench/score_claims.py --dump /tmp/out-base  # score a compare_outputs.py dump
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WIRE = ROOT.parent / "shared" / "wirecopy"
GOLD = ROOT / "bench" / "gold"
SETS = ("pahalgam-attack-2025-04", "la-wildfires-2025-01", "hurricane-melissa-2025-10")
KIND = {"figure": "figure_conflict", "date": "date_conflict"}
RANK = {"info": 0, "warning": 1, "error": 2}


def load_gold(name: str) -> dict:
    return yaml.safe_load((GOLD / f"claims-{name}.yml").read_text(encoding="utf-8"))


def run_report(files: list[str], exe: str) -> dict:
    """quotecheck's JSON report on ``files`` (``--fail-on never``: the exit code says nothing here)."""
    env = {**os.environ, "NO_COLOR": "1"}
    out = subprocess.run([exe, "check", "--format", "json", "--fail-on", "never", "--jobs", "1", *files],
                         capture_output=True, text=True, env=env, check=False)
    if out.returncode not in (0, 1):
        sys.exit(f"score_claims: quotecheck failed: {out.stderr.strip()[:500]}")
    return json.loads(out.stdout)


def from_dump(dump: Path, name: str) -> dict:
    data = json.loads((dump / f"wire-{name}.check.json").read_text(encoding="utf-8"))
    out = data["out"]
    return json.loads(out) if isinstance(out, str) else out


def key_ranges(report: dict, key: dict) -> tuple[str, list[tuple[int, int]]]:
    """(article id, every occurrence of the key's text) — a key not in its file is a gold error."""
    stem = Path(key["file"]).stem
    arts = [a for a in report["articles"] if Path(a["path"]).stem == stem or a["id"] == stem]
    if not arts:
        sys.exit(f"score_claims: no article for {key['file']}")
    text, t = arts[0]["text"], key["text"]
    spots, i = [], text.find(t)
    while i >= 0:
        spots.append((i, i + len(t)))
        i = text.find(t, i + 1)
    if not spots:
        sys.exit(f"score_claims: {key['file']}: key {t!r} is not in the text")
    return arts[0]["id"], spots


def spans_of(item: dict) -> list[dict]:
    """Evidence spans of a finding, or of a claim (its values' spans)."""
    if "evidence" in item:
        return item["evidence"]
    return [v["span"] for v in item.get("values", []) if v.get("span")]


def odd_spans_of(item: dict) -> list[dict]:
    """The spans a finding or claim names as the odd ones: its values marked ``odd`` when it
    carries per-source values (claims, claim findings), else all its evidence (pair findings)."""
    values = item.get("values") or item.get("details", {}).get("values")
    if values and any("odd" in v for v in values):
        return [v.get("span") or {"article_id": v["article_id"], "start": v["start"], "end": v["end"]}
                for v in values if v.get("odd")]
    return spans_of(item)


def covers(item: dict, where: tuple[str, list[tuple[int, int]]], *, odd: bool = False) -> bool:
    aid, spots = where
    return any(s["article_id"] == aid and any(s["start"] < b and a < s["end"] for a, b in spots)
               for s in (odd_spans_of(item) if odd else spans_of(item)))


def verdict_of(item: dict) -> str | None:
    return item.get("verdict") or item.get("details", {}).get("verdict")


def match(item: dict, dis: dict, keys: dict) -> bool:
    """Does this finding or claim find the disagreement?"""
    if "odd" in dis:
        return (any(covers(item, keys[id(k)], odd=True) for k in dis["odd"])
                and any(covers(item, keys[id(k)]) for k in dis["others"]))
    return sum(covers(item, keys[id(k)]) for k in dis["keys"]) >= 2


def score_set(name: str, report: dict) -> dict:
    gold = load_gold(name)
    keys: dict[int, tuple[str, list[tuple[int, int]]]] = {}
    for d in gold["disagreements"] + gold["traps"]:
        for k in d.get("odd", []) + d.get("others", []) + d.get("keys", []):
            keys[id(k)] = key_ranges(report, k)
    conflicts = [f for f in report["findings"] if f["kind"] in KIND.values()]
    claims = report.get("claims", [])
    rows, found, right = [], 0, 0
    used: set[str] = set()  # findings that find a contradiction-capable disagreement
    for d in gold["disagreements"]:
        kind = KIND[d["kind"]]
        cands = [f for f in conflicts if f["kind"] == kind]
        if "odd" in d:
            cands = [f for f in cands if RANK[f["severity"]] >= 1]
            hits = [f for f in cands if match(f, d, keys)]
        else:
            hits = [f for f in cands if match(f, d, keys)] + [c for c in claims if c.get("kind") == d["kind"]
                                                                and match(c, d, keys)]
        ok = bool(hits)
        good = any(verdict_of(h) in d["verdict"] for h in hits)
        found += ok
        right += good
        if "contradiction" in d["verdict"]:
            used.update(h["id"] for h in hits if "severity" in h)
        rows.append((d["id"], "/".join(d["verdict"]), ok, good,
                     sorted({f"{h.get('severity', 'claim')}:{verdict_of(h) or '-'}" for h in hits})))
    errors = [f for f in conflicts if f["severity"] == "error"]
    false_errors = [f for f in errors if f["id"] not in used]
    trap_hits = []
    for t in gold["traps"]:
        need = t.get("need", 1)
        for f in errors:
            if sum(covers(f, keys[id(k)]) for k in t["keys"]) >= need:
                trap_hits.append((t["id"], f["id"]))
    sev = Counter(f["severity"] for f in report["findings"])
    csev = Counter(f["severity"] for f in conflicts)
    verdicts = Counter(c.get("verdict") for c in claims)
    return {"set": name, "rows": rows, "found": found, "right": right, "total": len(gold["disagreements"]),
            "severity": dict(sev), "conflict_severity": dict(csev), "conflicts": len(conflicts),
            "budget": len(gold["disagreements"]) + 2, "false_errors": [f["id"] for f in false_errors],
            "trap_errors": trap_hits, "claims": dict(verdicts)}


def show(res: dict) -> None:
    print(f"== {res['set']}")
    for rid, verdict, ok, good, how in res["rows"]:
        print(f"  {'FOUND' if ok else 'miss '} {'verdict-ok' if good else '          '} {rid:<34} "
              f"expected {verdict:<22} {', '.join(how)}")
    sev = ", ".join(f"{k} {res['severity'].get(k, 0)}" for k in ("error", "warning", "info"))
    csev = ", ".join(f"{k} {res['conflict_severity'].get(k, 0)}" for k in ("error", "warning", "info"))
    print(f"  disagreements found {res['found']}/{res['total']} (verdict right {res['right']})")
    print(f"  findings: {sev}; figure/date findings: {res['conflicts']} ({csev}); budget {res['budget']}")
    print(f"  false errors (not a contradiction in the gold): {len(res['false_errors'])}; "
          f"errors on a trap: {len(res['trap_errors'])} {sorted({t for t, _ in res['trap_errors']})}")
    if res["claims"]:
        print(f"  claims by verdict: {res['claims']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dump", type=Path, help="score a bench/compare_outputs.py dump instead of running")
    ap.add_argument("--exe", default=str(ROOT / ".venv" / "bin" / "quotecheck"))
    ap.add_argument("--set", action="append", choices=SETS, help="one set (repeatable); default all three")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = ap.parse_args(argv)
    results = []
    for name in args.set or SETS:
        if args.dump:
            report = from_dump(args.dump, name)
        else:
            files = sorted(str(p) for p in (WIRE / name).glob("*.json"))
            report = run_report(files, args.exe)
        results.append(score_set(name, report))
    if args.json:
        print(json.dumps(results, indent=1, default=str))
    else:
        for r in results:
            show(r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
