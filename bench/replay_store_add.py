"""The parent side of `store add`, without extraction: how its cost grows with the store.

`store add` runs in two halves: worker processes read and extract files (a cost per article
that does not depend on the store), and the parent stores and indexes them (story grouping
against the stored stories, counts, inserts), which is where a cost that grows with the
store would hide. This replays the articles, extractions and digests of a store already
built (by `store add`, any schema) into a fresh store with `store.add_articles`, chunk by
chunk as the command does, and prints the parent's CPU milliseconds per article over each
stretch; `--profile-from N` runs cProfile from the N-th article on.

    python bench/replay_store_add.py built.db /tmp/replay.db --report 2000
    python bench/replay_store_add.py built.db /tmp/replay.db --profile-from 16000
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sqlite3
import sys
import time
from pathlib import Path

import quotecheck.pipeline  # noqa: F401  (registers every rule kind before the rules load)
from quotecheck.models import Article, ArticleDigest, ArticleExtraction
from quotecheck.rules import default_rules
from quotecheck.store import Store, add_articles


def rows(src: Path, limit: int) -> list[tuple[str, str, str]]:
    """(article JSON, extraction JSON, digest JSON) of every indexed article, in store order."""
    con = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        return con.execute(
            "SELECT a.article_json, e.extraction_json, g.digest_json FROM articles a "
            "JOIN extractions e ON e.article_id = a.id JOIN grouping g ON g.seq = a.seq ORDER BY a.seq"
            + (f" LIMIT {int(limit)}" if limit else "")).fetchall()
    finally:
        con.close()


def ready(part: list[tuple[str, str, str]]) -> tuple[list[Article], list[ArticleExtraction]]:
    """Articles and extractions as the workers hand them over (digest attached)."""
    arts = [Article.model_validate_json(a) for a, _, _ in part]
    exs = [ArticleExtraction.model_validate_json(e) for _, e, _ in part]
    for ex, (_, _, d) in zip(exs, part, strict=True):
        ex.digest = ArticleDigest.model_validate_json(d)
    return arts, exs


def no_extraction(arts: list[Article]) -> list:
    raise AssertionError("the replay hands every extraction over ready")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path, help="a store built by `store add`")
    ap.add_argument("dst", type=Path, help="the fresh store to fill (overwritten)")
    ap.add_argument("--n", type=int, default=0, help="replay only the first N articles")
    ap.add_argument("--chunk", type=int, default=256, help="articles per add_articles call (store add: 256)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--report", type=int, default=1000, help="print a line every N articles")
    ap.add_argument("--profile-from", type=int, default=-1)
    args = ap.parse_args(argv)
    rules = default_rules()
    data = rows(args.src, args.n)
    print(f"{len(data)} articles to replay", file=sys.stderr)
    for f in (args.dst, Path(f"{args.dst}-wal"), Path(f"{args.dst}-shm")):
        f.unlink(missing_ok=True)
    prof: cProfile.Profile | None = None
    spent = since = 0.0
    mark = 0
    with Store(args.dst, create=True) as store:
        for i in range(0, len(data), args.chunk):
            if prof is None and 0 <= args.profile_from <= i:
                prof = cProfile.Profile()
                prof.enable()
            arts, exs = ready(data[i : i + args.chunk])
            t0 = time.process_time()
            add_articles(store, arts, rules, no_extraction, batch_size=args.batch_size, ready=exs)
            dt = time.process_time() - t0
            spent, since = spent + dt, since + dt
            done = i + len(arts)
            if done - mark >= args.report or done == len(data):
                print(f"{done}\tparent CPU {spent:.1f} s\t{since / (done - mark) * 1000:.2f} ms/article "
                      f"(articles {mark + 1}-{done})", flush=True)
                mark, since = done, 0.0
    if prof is not None:
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
    return 0


if __name__ == "__main__":
    sys.exit(main())
