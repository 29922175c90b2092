"""``quotecheck baseline create PATH... -o FILE``: record today's findings (docs/ci.md)."""

from __future__ import annotations

import argparse

from quotecheck import against, baseline
from quotecheck.commands import common
from quotecheck.errors import EXIT_ERROR, EXIT_OK, err


def run(args: argparse.Namespace) -> int:
    """Run the checks (``--against``: only findings involving the PATHs) and record every finding."""
    rules = common.rules_for(args)
    out = args.output_baseline
    if not out:
        err("baseline create: name the file with -o FILE (or 'baseline' in the configuration)")
        return EXIT_ERROR
    if getattr(args, "against", None):
        report, base = against.run_against(args, rules)
    else:
        report, base = common.report_for(args, rules)
    made = baseline.create(report)
    baseline.save(made, out)
    err(f"baseline: {len(made.findings)} finding(s) from {len(report.articles)} article(s) written to {out}")
    return base or EXIT_OK
