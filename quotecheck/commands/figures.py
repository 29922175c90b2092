"""``quotecheck figures PATH...``: the table of figures and dates."""

from __future__ import annotations

import argparse
import sys

from quotecheck.commands import common


def run(args: argparse.Namespace) -> int:
    """Print every figure and date (text or JSON); exit 2 after an input error."""
    from quotecheck.report import render_figures

    report, base = common.report_for(args, common.rules_for(args))
    sys.stdout.write(render_figures(report, args.format, color=common.color(args)))
    return base
