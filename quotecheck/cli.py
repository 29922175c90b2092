"""Command line: ``quotecheck check|quotes|figures|rules|schema``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 usage or input errors (after every readable file was processed).
No traceback reaches the user: unexpected errors become one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from quotecheck import __version__, against, baseline, store, watch
from quotecheck.baseline import BaselineError
from quotecheck.config import ConfigError, apply_config
from quotecheck.models import Article, InputError, Report, Severity
from quotecheck.pipeline import Options, build_report
from quotecheck.rules import RuleError, RuleSet, load_rules
from quotecheck.store import StoreError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _err(msg: str) -> None:
    print(f"quotecheck: {msg}", file=sys.stderr)


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of articles ('-' for stdin)")
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule pack (repeatable)")
    p.add_argument("--one-story", action="store_true", help="treat every article as one story")
    p.add_argument("--no-color", action="store_true", help="plain output (also: NO_COLOR)")
    p.add_argument("--config", metavar="FILE", help="configuration file (default: nearest .quotecheck.toml "
                   "or pyproject.toml with [tool.quotecheck])")
    p.add_argument("--jobs", "-j", type=_positive_int, default=None, metavar="N",
                   help="worker processes for extraction (default: all cores; results identical to --jobs 1)")
    p.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="local processes, or Dask (extra: pip install 'quotecheck[dask]')")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: join this Dask scheduler (default: a local cluster)")


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _add_ci_commands(sub: argparse._SubParsersAction) -> None:
    """baseline / store / watch (docs/ci.md)."""
    p = sub.add_parser("baseline", help="record today's findings so CI fails only on new ones")
    bsub = p.add_subparsers(dest="baseline_command", required=True)
    p = bsub.add_parser("create", help="run the checks and write every finding's fingerprint")
    _add_common(p)
    p.add_argument("-o", "--output", dest="output_baseline", metavar="FILE", help="baseline file to write")
    p.add_argument("--against", metavar="CORPUS", help="as for check: only findings involving the PATHs")

    p = sub.add_parser("store", help="a SQLite corpus of articles and their extractions")
    ssub = p.add_subparsers(dest="store_command", required=True)
    p = ssub.add_parser("add", help="add articles (deduplicated by content) with their extraction")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of articles")
    p.add_argument("--store", required=True, metavar="FILE", help="the store (created if missing)")
    p.add_argument("--batch-size", type=int, default=32, metavar="N", help="articles per transaction")
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule pack")
    p.add_argument("--config", metavar="FILE", help="configuration file")
    p = ssub.add_parser("list", help="list stored articles (stale: extracted by other rules/version)")
    p.add_argument("--store", required=True, metavar="FILE")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule pack")
    p.add_argument("--config", metavar="FILE", help="configuration file")

    p = sub.add_parser("watch", help="check each file as it lands in a folder, then store it")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--store", required=True, metavar="FILE", help="the store (created if missing)")
    p.add_argument("--interval", type=float, default=1.0, metavar="SECONDS", help="poll interval")
    p.add_argument("--once", action="store_true", help="process what is in DIR now, then exit")
    p.add_argument("--max-iterations", type=int, metavar="N", help="stop after N polls")
    p.add_argument("--format", choices=["text", "json"], default="text", help="json: one line per file")
    p.add_argument("--one-story", action="store_true", help="treat every article as one story")
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule pack")
    p.add_argument("--config", metavar="FILE", help="configuration file")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quotecheck",
        description="Cross-check news articles about one event: quotes, speakers, figures, dates.",
    )
    parser.add_argument("--version", action="version", version=f"quotecheck {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="run every check and print the report")
    _add_common(p)
    p.add_argument("--explain", action="store_true",
                   help="text report: also list every figure and date left out of the claims, and why")
    p.add_argument("--format", choices=["text", "json", "html", "markdown", "sarif", "junit"], default="text",
                   help="text: terminal; html: one self-contained file; markdown: PR comment; "
                   "sarif/junit: CI (docs/reports.md)")
    p.add_argument("--output", "-o", metavar="FILE", help="write the report here instead of stdout")
    p.add_argument("--fail-on", choices=["error", "warning", "info", "never"], default="error")
    p.add_argument("--baseline", metavar="FILE", help="report only findings not in this baseline file")
    p.add_argument("--against", metavar="CORPUS", help="earlier coverage (folder or store .db): "
                   "report only findings involving the PATHs")

    p = sub.add_parser("quotes", help="list extracted quotes and speakers")
    _add_common(p)
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("figures", help="list extracted figures and dates")
    _add_common(p)
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("rules", help="list and validate the loaded rule packs")
    p.add_argument("--rules", action="append", default=[], metavar="DIR")
    p.add_argument("--config", metavar="FILE", help="configuration file")

    _add_ci_commands(sub)

    sub.add_parser("schema", help="print the JSON Schema of the JSON report")
    return parser


def _announce(articles: list[Article], errors: list[InputError]) -> None:
    for e in errors:
        _err(str(e))  # "path: reason", or "path:LINE: reason" for a bad JSON Lines line
    for a in articles:
        for w in a.warnings:
            _err(f"{a.path}: warning: {w}")


def _run(args: argparse.Namespace, rules: RuleSet) -> tuple[Report, int]:
    from quotecheck.extraction import Extractor, kept

    extract = Extractor.from_args(args, rules, report=_err)
    # the worker processes read the files they extract (engine.read_extract_all)
    articles, errors, outcomes = extract.read(args.paths, announce=_announce)
    articles, extractions = kept(articles, outcomes)
    errors.extend(extract.errors)
    from quotecheck.engine import default_jobs, pair_stage

    jobs = getattr(args, "jobs", 1) or default_jobs()  # the report stage uses the cores too (same report)
    report = build_report(articles, extractions, errors, rules, Options(one_story=args.one_story),
                          pair_stage=pair_stage(getattr(args, "engine", "local"), getattr(args, "scheduler", None),
                                                jobs=jobs), jobs=jobs)
    return report, (EXIT_ERROR if errors else EXIT_OK)


def _exit_for(report: Report, fail_on: str, base: int) -> int:
    if base:
        return base
    if fail_on == "never":
        return EXIT_OK
    level = Severity(fail_on).rank
    return EXIT_FINDINGS if any(f.severity.rank >= level for f in report.findings) else EXIT_OK


def _write(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)


def cmd_check(args: argparse.Namespace, rules: RuleSet) -> int:
    from quotecheck.report import render

    known = baseline.load(args.baseline) if args.baseline else None  # a bad file fails before the run
    report, base = against.run_against(args, rules) if args.against else _run(args, rules)
    if known is not None:
        report = baseline.filter_report(report, known, args.baseline)
    from quotecheck.report.text import stdout_color

    text = render(report, args.format, color=stdout_color(args.no_color, args.output), fail_on=args.fail_on)
    if getattr(args, "explain", False) and args.format == "text":
        from quotecheck.report.text import render_left_out

        text += render_left_out(report)
    _write(text, args.output)
    return _exit_for(report, args.fail_on, base)


def _color(args: argparse.Namespace) -> bool:
    from quotecheck.report.text import stdout_color

    return stdout_color(args.no_color)


def cmd_quotes(args: argparse.Namespace, rules: RuleSet) -> int:
    from quotecheck.report import render_quotes

    report, base = _run(args, rules)
    sys.stdout.write(render_quotes(report, args.format, color=_color(args)))
    return base


def cmd_figures(args: argparse.Namespace, rules: RuleSet) -> int:
    from quotecheck.report import render_figures

    report, base = _run(args, rules)
    sys.stdout.write(render_figures(report, args.format, color=_color(args)))
    return base


def cmd_rules(args: argparse.Namespace, rules: RuleSet) -> int:
    print(f"{len(rules.files)} rule files from {len(rules.packs)} pack(s), all valid:")
    for pack in rules.packs:
        print(f"  pack {pack}")
    for f in sorted(rules.files, key=lambda f: (f.kind, f.id)):
        print(f"  {f.kind:<18} {f.id:<28} {f.description.strip().splitlines()[0] if f.description else ''}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, rules: RuleSet) -> int:
    from quotecheck.report.jsonfmt import json_schema

    print(json.dumps(json_schema(), indent=2))
    return EXIT_OK


COMMANDS = {"check": cmd_check, "quotes": cmd_quotes, "figures": cmd_figures,
            "rules": cmd_rules, "schema": cmd_schema,
            "baseline": baseline.cmd_baseline, "store": store.cmd_store, "watch": watch.cmd_watch}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        apply_config(build_parser, argv, args)  # config fills what the command line left out
        rules = load_rules(getattr(args, "rules", []) or [])
        rules.thresholds = getattr(args, "thresholds", {})
        return COMMANDS[args.command](args, rules)
    except (RuleError, ConfigError, BaselineError, StoreError) as exc:
        _err(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # last line of defence: never a traceback
        _err(f"internal error: {type(exc).__name__}: {exc}")
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
