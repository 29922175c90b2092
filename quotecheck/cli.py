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

from quotecheck import __version__
from quotecheck.engine import extract_all
from quotecheck.ingest import read_paths
from quotecheck.models import Report, Severity
from quotecheck.pipeline import Options, build_report
from quotecheck.rules import RuleError, RuleSet, load_rules

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _err(msg: str) -> None:
    print(f"quotecheck: {msg}", file=sys.stderr)


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of articles ('-' for stdin)")
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule pack (repeatable)")
    p.add_argument("--one-story", action="store_true", help="treat every article as one story")
    p.add_argument("--no-color", action="store_true", help="plain output (also: NO_COLOR)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quotecheck",
        description="Cross-check news articles about one event: quotes, speakers, figures, dates.",
    )
    parser.add_argument("--version", action="version", version=f"quotecheck {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="run every check and print the report")
    _add_common(p)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--output", "-o", metavar="FILE", help="write the report here instead of stdout")
    p.add_argument("--fail-on", choices=["error", "warning", "info", "never"], default="error")

    p = sub.add_parser("quotes", help="list extracted quotes and speakers")
    _add_common(p)
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("figures", help="list extracted figures and dates")
    _add_common(p)
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("rules", help="list and validate the loaded rule packs")
    p.add_argument("--rules", action="append", default=[], metavar="DIR")

    sub.add_parser("schema", help="print the JSON Schema of the JSON report")
    return parser


def _run(args: argparse.Namespace, rules: RuleSet) -> tuple[Report, int]:
    articles, errors = read_paths(args.paths)
    for e in errors:
        _err(f"{e.path}: {e.reason}")
    extractions = extract_all(articles, rules)
    report = build_report(articles, extractions, errors, rules, Options(one_story=args.one_story))
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

    report, base = _run(args, rules)
    _write(render(report, args.format, color=not args.no_color and not args.output), args.output)
    return _exit_for(report, args.fail_on, base)


def cmd_quotes(args: argparse.Namespace, rules: RuleSet) -> int:
    from quotecheck.report import render_quotes

    report, base = _run(args, rules)
    sys.stdout.write(render_quotes(report, args.format, color=not args.no_color))
    return base


def cmd_figures(args: argparse.Namespace, rules: RuleSet) -> int:
    from quotecheck.report import render_figures

    report, base = _run(args, rules)
    sys.stdout.write(render_figures(report, args.format, color=not args.no_color))
    return base


def cmd_rules(args: argparse.Namespace, rules: RuleSet) -> int:
    print(f"{len(rules.files)} rule files from {len(rules.packs)} pack(s), all valid:")
    for pack in rules.packs:
        print(f"  pack {pack}")
    for f in sorted(rules.files, key=lambda f: (f.kind, f.id)):
        print(f"  {f.kind:<18} {f.id:<28} {f.description.strip().splitlines()[0] if f.description else ''}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, rules: RuleSet) -> int:
    print(json.dumps(Report.model_json_schema(), indent=2))
    return EXIT_OK


COMMANDS = {"check": cmd_check, "quotes": cmd_quotes, "figures": cmd_figures,
            "rules": cmd_rules, "schema": cmd_schema}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        rules = load_rules(getattr(args, "rules", []) or [])
        return COMMANDS[args.command](args, rules)
    except RuleError as exc:
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
