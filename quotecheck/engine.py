"""Run per-article extraction: in this process, in worker processes, or on Dask.

Extraction is per article and pure, so every engine returns the same
``ArticleExtraction`` list in input order; the cross-article stage
(``pipeline.build_report``) needs all of them at once, and runs on the caller,
except linking's pair stage, which the Dask engine runs on its workers
(``pair_stage``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

from quotecheck.link import PairStage
from quotecheck.models import Article, ArticleExtraction
from quotecheck.pipeline import extract_article
from quotecheck.rules import RuleSet

Progress = Callable[[int], None]

#: Below this many articles worker start-up costs more than it saves.
MIN_ARTICLES_FOR_PROCESSES = 32

_WORKER_RULES: RuleSet | None = None


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _init_worker(rules: RuleSet) -> None:
    global _WORKER_RULES
    _WORKER_RULES = rules


def _extract_chunk(chunk: list[Article]) -> list[ArticleExtraction]:
    assert _WORKER_RULES is not None
    return [extract_article(a, _WORKER_RULES) for a in chunk]


def _chunks(items: list[Article], size: int) -> Iterator[list[Article]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def extract_local(articles: list[Article], rules: RuleSet, progress: Progress | None = None) -> list[ArticleExtraction]:
    out = []
    for art in articles:
        out.append(extract_article(art, rules))
        if progress:
            progress(1)
    return out


def extract_processes(
    articles: list[Article], rules: RuleSet, jobs: int, progress: Progress | None = None
) -> list[ArticleExtraction]:
    """Worker processes get the rule set once (initializer) and articles in chunks."""
    size = max(1, min(64, len(articles) // (jobs * 8) or 1))
    out: list[ArticleExtraction] = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(rules,)) as pool:
        for res in pool.map(_extract_chunk, _chunks(articles, size)):  # map keeps input order
            out.extend(res)
            if progress:
                progress(len(res))
    return out


def extract_dask(articles: list[Article], rules: RuleSet, scheduler: str | None = None,
                 progress: Progress | None = None) -> list[ArticleExtraction]:
    """A ``dask.bag`` map over articles, on a given cluster or a local one."""
    from quotecheck.dask_engine import extract_with_dask, shared_client

    out = extract_with_dask(articles, rules, client=shared_client(scheduler)) if articles else []
    if progress:
        progress(len(out))
    return out


def extract_all(
    articles: list[Article],
    rules: RuleSet,
    *,
    jobs: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> list[ArticleExtraction]:
    """Extract every article, in input order, whatever the engine (``jobs=None``: all cores)."""
    jobs = default_jobs() if jobs is None else jobs
    if engine == "dask":
        return extract_dask(articles, rules, scheduler, progress)
    if jobs > 1 and len(articles) >= MIN_ARTICLES_FOR_PROCESSES:
        return extract_processes(articles, rules, jobs, progress)
    return extract_local(articles, rules, progress)


def pair_stage(engine: str = "local", scheduler: str | None = None) -> PairStage | None:
    """Where linking's pair stage (blocking, candidates, scoring) runs: None is here.

    With ``engine="dask"`` it runs on the same cluster as extraction (one
    client per scheduler for the whole command).
    """
    if engine != "dask":
        return None
    from functools import partial

    from quotecheck.dask_engine import link_edges_with_dask

    return partial(link_edges_with_dask, scheduler=scheduler)
