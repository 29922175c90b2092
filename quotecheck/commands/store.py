"""``quotecheck store add|list|reindex --store FILE`` (docs/ci.md)."""

from __future__ import annotations

import argparse
import itertools
import json
import sqlite3
import sys
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from quotecheck.commands import common
from quotecheck.errors import EXIT_ERROR, EXIT_OK, err
from quotecheck.rules import RuleSet
from quotecheck.store import STORE_SCHEMA, AddResult, ExtractionKey, Store, StoreError, add_articles


def _files(paths: list[str]) -> tuple[list[str], list]:
    """Every article file under ``paths`` (a folder without article files: ingest says so)."""
    from quotecheck.config import walk_files

    files: list[str] = []
    walk_errors: list = []
    for given in paths:
        p = Path(given)
        found = [str(f) for f in walk_files(p, walk_errors)] if p.is_dir() else []
        files.extend(found or [given])
    return files, walk_errors


#: chunks in flight: with one, the workers idled at the end of every chunk until this process
#: had stored the previous one and asked for the next (~10 % of two cores at 100k)
_AHEAD = 2


def _read_in_chunks(files: list[str], chunk: int, rules: RuleSet, extract, pool,
                    ahead: int = _AHEAD) -> Iterator[tuple[list, list, list]]:
    """Read and extract the files a chunk at a time, in one worker pool for the whole command,
    so a large corpus is never held in memory at once and the workers start only once.
    Yields (articles, input errors, extractions with ``None`` where a rule failed), in order."""
    from concurrent.futures import ThreadPoolExecutor

    from quotecheck.engine.local import RuleFailure, read_extract_all
    from quotecheck.ingest import plan_paths

    def read(i: int):
        return read_extract_all(plan_paths(files[i : i + chunk]), rules, jobs=extract.options["jobs"], pool=pool, slim=True)

    # The next ``ahead`` chunks are read and extracted by the workers while this process
    # stores and indexes the current one (the threads only wait on the pool; the store stays here).
    starts = iter(range(0, len(files), chunk))
    with ThreadPoolExecutor(max_workers=ahead) as threads:
        pending = deque(threads.submit(read, i) for i in itertools.islice(starts, ahead))
        while pending:
            articles, errors, outcomes = pending.popleft().result()
            pending.extend(threads.submit(read, i) for i in itertools.islice(starts, 1))
            yield articles, errors, [extract._failed(a, o.reason) if isinstance(o, RuleFailure) else o
                                     for a, o in zip(articles, outcomes, strict=True)]


class _Progress:
    """One stderr line per chunk: files done, added, rate (a long ``store add`` shows it is alive)."""

    def __init__(self, total: int, show: bool) -> None:
        self.total, self.show, self.t0 = total, show, time.monotonic()

    def __call__(self, done: int, added: int) -> None:
        if self.show:
            dt = time.monotonic() - self.t0
            err(f"store add: {done}/{self.total} files read, {added} added "
                f"({dt:.0f} s, {done / dt if dt else 0:.0f} files/s)")


def run(args: argparse.Namespace) -> int:
    """``store add PATH... --store FILE``, ``store list --store FILE``, ``store reindex --store FILE``."""
    from quotecheck.engine.extraction import Extractor
    from quotecheck.engine.local import worker_pool

    rules = common.rules_for(args)
    try:
        if args.store_command == "list":
            with Store(args.store) as store:
                return _list(store, rules, args)
        extract = Extractor.from_args(args, rules, report=err)
        if args.store_command == "reindex":
            with Store(args.store) as store:
                n = store.reindex(rules, extract)
                print(f"{n} articles indexed in {args.store}")
            return EXIT_ERROR if extract.errors else EXIT_OK
        failed = False
        total = AddResult()
        files, walk_errors = _files(args.paths)
        for e in walk_errors:
            err(str(e))
        failed = bool(walk_errors)
        chunk = max(args.batch_size * 8, 64)
        # progress once there is more than one chunk (or a person watching)
        progress = _Progress(len(files), not getattr(args, "quiet", False)
                             and (len(files) > chunk or sys.stderr.isatty()))
        done = 0
        with Store(args.store, create=True) as store, worker_pool(extract.options["jobs"], rules) as pool:
            if len(store) and not store.indexed(ExtractionKey.of(rules)):
                err(f"{args.store}: building the index (schema {STORE_SCHEMA}) of {len(store)} stored articles")
                store.reindex(rules, extract)
            for articles, errors, ready in _read_in_chunks(files, chunk, rules, extract, pool):
                for e in errors:
                    err(str(e))
                failed = failed or bool(errors)
                res = add_articles(store, articles, rules, extract, batch_size=args.batch_size, ready=ready)
                for part in ("added", "duplicates", "refreshed", "renamed"):
                    getattr(total, part).extend(getattr(res, part))
                done = min(len(files), done + chunk)
                progress(done, len(total.added))
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
