"""``quotecheck watch DIR --store FILE``: check each file as it lands, then store it (docs/ci.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from quotecheck.commands import common
from quotecheck.engine.extraction import Extractor
from quotecheck.errors import EXIT_ERROR, err
from quotecheck.pipeline import Options
from quotecheck.store import Store, StoreError
from quotecheck.watch import WatchSession, run_watch


def run(args: argparse.Namespace) -> int:
    """Errors are one line (exit 2); Ctrl-C stops with a summary, exit 0."""
    rules = common.rules_for(args)
    folder = Path(args.folder)
    if not folder.is_dir():
        err(f"{folder}: not a folder")
        return EXIT_ERROR
    session = None
    try:
        with Store(args.store, create=True) as store:
            session = WatchSession(store, rules, Extractor.from_args(args, rules, report=err), fmt=args.format, err=err,
                                   options=Options(one_story=getattr(args, "one_story", False)))
            if not args.once and args.max_iterations is None:
                err(f"watching {folder} (every {args.interval:g}s, Ctrl-C to stop); "
                    f"{len(store)} articles in {store.path}")
            return run_watch(folder, session, interval=args.interval, once=args.once,
                             max_iterations=args.max_iterations)
    except KeyboardInterrupt:
        done = f"{session.files} files checked, {session.findings} findings" if session else "nothing checked"
        err(f"watch stopped ({done})")
        return 0
    except StoreError as exc:
        err(str(exc))
        return EXIT_ERROR
