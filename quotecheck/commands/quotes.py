"""``quotecheck quotes PATH...``: the table of quotes, speakers and cues."""

from __future__ import annotations

import argparse
import sys

from quotecheck.commands import common


def run(args: argparse.Namespace) -> int:
    """Print every quote (text or JSON); exit 2 after an input error."""
    from quotecheck.report import render_quotes

    report, base = common.report_for(args, common.rules_for(args))
    sys.stdout.write(render_quotes(report, args.format, color=common.color(args)))
    return base
