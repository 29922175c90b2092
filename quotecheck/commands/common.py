"""What several commands share: loading the rules, one run of the pipeline, output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

from quotecheck import pipeline
from quotecheck.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, err
from quotecheck.models import Article, InputError, Report, Severity
from quotecheck.rules import RuleSet, load_rules


def rules_for(args: argparse.Namespace) -> RuleSet:
    """The bundled pack, every ``--rules DIR``, and the configuration's thresholds.

    Importing ``pipeline`` (above) imported every stage, which registered every rule kind."""
    rules = load_rules(getattr(args, "rules", []) or [])
    rules.thresholds = getattr(args, "thresholds", {})
    return rules


def announce(articles: list[Article], errors: list[InputError]) -> None:
    """Input errors and reading warnings, one line each, as the articles are read."""
    for e in errors:
        err(str(e))  # "path: reason", or "path:LINE: reason" for a bad JSON Lines line
    for a in articles:
        for w in a.warnings:
            err(f"{a.path}: warning: {w}")


def report_for(args: argparse.Namespace, rules: RuleSet) -> tuple[Report, int]:
    """Read, extract and report on ``args.paths``: (report, base exit code: 2 after input errors)."""
    from quotecheck.engine.extraction import Extractor, kept
    from quotecheck.engine.local import default_jobs, pair_stage

    extract = Extractor.from_args(args, rules, report=err)
    # the worker processes read the files they extract (engine.read_extract_all)
    articles, errors, outcomes = extract.read(args.paths, announce=announce, slim=True)  # not stored
    articles, extractions = kept(articles, outcomes)
    errors.extend(extract.errors)
    jobs = getattr(args, "jobs", 1) or default_jobs()  # the report stage uses the cores too (same report)
    report = pipeline.build_report(articles, extractions, errors, rules,
                                   pipeline.Options(one_story=args.one_story),
                                   pair_stage=pair_stage(getattr(args, "engine", "local"),
                                                         getattr(args, "scheduler", None), jobs=jobs),
                                   jobs=jobs)
    return report, (EXIT_ERROR if errors else EXIT_OK)


def exit_for(report: Report, fail_on: str, base: int) -> int:
    """``base`` if set (an input error), else 1 when a finding reaches ``--fail-on``."""
    if base:
        return base
    if fail_on == "never":
        return EXIT_OK
    level = Severity(fail_on).rank
    return EXIT_FINDINGS if any(f.severity.rank >= level for f in report.findings) else EXIT_OK


def write(text: str | Iterable[str], output: str | None) -> None:
    """To ``output`` if given, else to stdout; pieces are written as they come, never joined."""
    pieces = [text] if isinstance(text, str) else text
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            for piece in pieces:
                fh.write(piece)
    else:
        for piece in pieces:
            sys.stdout.write(piece)


def color(args: argparse.Namespace) -> bool:
    """Colour on a terminal unless ``--no-color`` or ``NO_COLOR``."""
    from quotecheck.report.text import stdout_color

    return stdout_color(args.no_color)
