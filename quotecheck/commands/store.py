"""``quotecheck store add PATH... --store FILE`` and ``store list --store FILE`` (docs/ci.md)."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

from quotecheck.commands import common
from quotecheck.errors import EXIT_ERROR, EXIT_OK, err
from quotecheck.models import Article
from quotecheck.rules import RuleSet
from quotecheck.store import AddResult, ExtractionKey, Store, StoreError, add_articles


def _read_in_chunks(paths: list[str], chunk: int, rules: RuleSet,
                    jobs: int | None = 1) -> Iterator[tuple[list[Article], list]]:
    """Read files a chunk at a time so a large corpus is not held in memory at once.

    Each chunk is read like ``read_paths`` does, by ``jobs`` worker processes
    (only reading: which articles are extracted depends on what is stored).
    """
    from quotecheck.config import walk_files
    from quotecheck.engine.local import read_extract_all
    from quotecheck.ingest import plan_paths

    files: list[str] = []
    walk_errors: list = []
    for given in paths:
        p = Path(given)
        found = [str(f) for f in walk_files(p, walk_errors)] if p.is_dir() else []
        files.extend(found or [given])  # a folder without article files: ingest says so
    if walk_errors:
        yield [], walk_errors
    for i in range(0, len(files), chunk):
        articles, errors, _ = read_extract_all(plan_paths(files[i : i + chunk]), rules, jobs=jobs, extract=False)
        yield articles, errors


def run(args: argparse.Namespace) -> int:
    """``store add PATH... --store FILE`` and ``store list --store FILE``."""
    from quotecheck.engine.extraction import Extractor

    rules = common.rules_for(args)
    try:
        if args.store_command == "list":
            with Store(args.store) as store:
                return _list(store, rules, args)
        failed = False
        total = AddResult()
        with Store(args.store, create=True) as store:
            extract = Extractor.from_args(args, rules, report=err)
            for articles, errors in _read_in_chunks(args.paths, max(args.batch_size * 8, 64), rules,
                                                    jobs=extract.options["jobs"]):
                for e in errors:
                    err(str(e))
                failed = failed or bool(errors)
                res = add_articles(store, articles, rules, extract, batch_size=args.batch_size)
                for part in ("added", "duplicates", "refreshed", "renamed"):
                    getattr(total, part).extend(getattr(res, part))
            size = len(store)
        for old, new in total.renamed:
            err(f"note: id {old!r} already used by other content; stored as {new!r}")
        print(f"{len(total.added)} added, {len(total.duplicates)} already stored"
              f"{f', {len(total.refreshed)} re-extracted' if total.refreshed else ''}; "
              f"{size} articles in {args.store}")
        return EXIT_ERROR if failed or extract.errors else EXIT_OK
    except StoreError as exc:
        err(str(exc))
        return EXIT_ERROR
    except sqlite3.Error as exc:
        err(f"{args.store}: store error: {exc}")
        return EXIT_ERROR


def _list(store: Store, rules: RuleSet, args: argparse.Namespace) -> int:
    rows = store.rows(ExtractionKey.of(rules))
    if getattr(args, "format", "text") == "json":
        print(json.dumps([r.__dict__ for r in rows], indent=2, ensure_ascii=False))
        return 0
    for r in rows:
        state = "current" if r.current else "stale"
        print(f"{r.id}\t{r.added_at}\t{state}\t{r.outlet or '-'}\t{r.path}")
    print(f"{len(rows)} articles in {store.path}", file=sys.stderr)
    return 0
