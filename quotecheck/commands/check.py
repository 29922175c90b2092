"""``quotecheck check PATH...``: every stage, every check, the report in one format."""

from __future__ import annotations

import argparse

from quotecheck.commands import common


def run(args: argparse.Namespace) -> int:
    """Report on the PATHs (``--against``: only what involves them; ``--baseline``: only new findings)."""
    from quotecheck.report import render_chunks
    from quotecheck.report.text import stdout_color

    rules = common.rules_for(args)
    known = None
    if args.baseline:  # imported only when asked for: a plain check does not pay for them
        from quotecheck import baseline

        known = baseline.load(args.baseline)  # a bad file fails before the run
    if args.against:
        from quotecheck import against

        report, base = against.run_against(args, rules)
    else:
        report, base = common.report_for(args, rules)
    if known is not None:
        report = baseline.filter_report(report, known, args.baseline)
    report.skipped = list(getattr(args, "skipped", None) or [])  # files of the folders not read, and why
    chunks = render_chunks(report, args.format, color=stdout_color(args.no_color, args.output),
                           fail_on=args.fail_on)
    if getattr(args, "explain", False) and args.format == "text":
        from quotecheck.report.text import render_left_out

        chunks = [*chunks, render_left_out(report)]  # every figure or date mention in no claim, and why
    common.write(chunks, args.output)
    return common.exit_for(report, args.fail_on, base)
