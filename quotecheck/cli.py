"""Command line: parse the arguments, then run one command module (``quotecheck.commands``).

Exit codes (``quotecheck.errors``): 0 nothing at or above ``--fail-on``; 1 findings at or
above it; 2 usage or input errors (after every readable file was processed).
No traceback reaches the user: unexpected errors become one line on stderr.
The parser is built from argparse alone and a command's module is imported only when
it runs, so ``quotecheck --help`` costs no more than starting Python.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence

from quotecheck import __version__
from quotecheck.errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, UserError, err

#: The module that runs each command (its ``run(args) -> int``).
COMMANDS = {
    "check": "quotecheck.commands.check",
    "quotes": "quotecheck.commands.quotes",
    "figures": "quotecheck.commands.figures",
    "rules": "quotecheck.commands.rules",
    "schema": "quotecheck.commands.schema",
    "baseline": "quotecheck.commands.baseline",
    "store": "quotecheck.commands.store",
    "watch": "quotecheck.commands.watch",
}


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of articles ('-' for stdin)")
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule pack (repeatable)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="skip files or folders matching GLOB in the folders given (repeatable; also "
                   "exclude = [...] in the configuration and a .quotecheckignore in the folder)")
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
    p.add_argument("--jobs", "-j", type=_positive_int, default=None, metavar="N",
                   help="worker processes (one pool for the whole command; default: all cores)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines on stderr")
    p.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule pack")
    p.add_argument("--config", metavar="FILE", help="configuration file")
    p = ssub.add_parser("reindex", help="rebuild the store's index (after a migration or a rule change)")
    p.add_argument("--store", required=True, metavar="FILE")
    p.add_argument("--jobs", "-j", type=_positive_int, default=None, metavar="N",
                   help="worker processes for re-extracting stale articles")
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


def _after_imports(as_program: bool) -> None:
    """Start-up allocates a few hundred thousand objects that live as long as the process
    (modules, classes, pydantic validators), and the cyclic collector walks them again and again
    while they are made: 6-9 % of a short check. So it is off while importing; then, in the
    program (not when a test calls ``main``), what exists is frozen (never scanned again, which
    also makes the run's own collections cheaper), and the collector is back on for the work,
    whose garbage it must collect."""
    if as_program:
        gc.freeze()
    gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv``, fill the rest from the configuration file, dispatch; the exit code."""
    as_program = argv is None
    gc.disable()  # until the command module is imported (_after_imports)
    try:
        return _dispatch(list(sys.argv[1:] if as_program else argv), as_program)
    finally:
        gc.enable()


def _dispatch(argv: list[str], as_program: bool) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        from quotecheck.config import apply_config

        apply_config(build_parser, argv, args)  # config fills what the command line left out
        command = importlib.import_module(COMMANDS[args.command])
        _after_imports(as_program)
        return command.run(args)
    except UserError as exc:  # a rule pack, configuration, baseline or store the user can fix
        err(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        err("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # last line of defence: never a traceback
        err(f"internal error: {type(exc).__name__}: {exc}")
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
