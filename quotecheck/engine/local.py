"""Run per-article extraction: in this process, in worker processes, or on Dask.

Extraction is per article and pure, so every engine returns the same
``ArticleExtraction`` list in input order; the cross-article stage
(``pipeline.build_report``) needs all of them at once, and runs on the caller,
except linking's pair stage, which the Dask engine runs on its workers
(``pair_stage``).

``read_extract_all`` also moves the reading into the workers: the caller only
walks the folders (``ingest.plan_paths``) and each worker reads, parses and
extracts whole files, so the parent does no per-article work before the
cross-article stage. Its results are those of ``ingest.read_paths`` followed
by ``extract_all``, in the same order.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import repeat
from typing import TYPE_CHECKING, TypeVar

from quotecheck import link, regexcache
from quotecheck.engine.forkmap import fork_context, fork_map
from quotecheck.engine.memory import gc_paused
from quotecheck.ingest import Source, read_item, unique_ids
from quotecheck.link import PairStage
from quotecheck.models import Article, ArticleExtraction, InputError, Segmentation
from quotecheck.pipeline import extract_article, warm
from quotecheck.rules import RuleError, RuleSet, regex_watchdog

if TYPE_CHECKING:
    from concurrent.futures import Executor, ProcessPoolExecutor

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
    # A pool worker ends through os._exit, past atexit: save what it compiled on the way out.
    import multiprocessing.util

    multiprocessing.util.Finalize(None, regexcache.save, exitpriority=0)


def _pool(jobs: int, rules: RuleSet) -> ProcessPoolExecutor:
    """A pool whose workers start with the rules compiled here (``pipeline.warm``).

    ``concurrent.futures`` and ``multiprocessing`` are imported here, not at the top: a
    check of a few articles starts no process and should not pay for them."""
    from concurrent.futures import ProcessPoolExecutor

    warm(rules)
    return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(rules,))


@contextlib.contextmanager
def worker_pool(jobs: int | None, rules: RuleSet) -> Iterator[Executor | None]:
    """One pool for a whole command (``store add`` reads its files a chunk at a time): workers
    start and load the rules once, not once per chunk. None with one job."""
    jobs = default_jobs() if jobs is None else jobs
    if jobs <= 1:
        yield None
        return
    pool = _pool(jobs, rules)
    try:
        yield pool
    finally:
        pool.shutdown()


def _extract_chunk(chunk: list[Article]) -> list[ArticleExtraction]:
    assert _WORKER_RULES is not None
    return [extract_article(a, _WORKER_RULES) for a in chunk]


T = TypeVar("T")


def _chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


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
    with _pool(jobs, rules) as pool:
        for res in pool.map(_extract_chunk, _chunks(articles, size)):  # map keeps input order
            out.extend(res)
            if progress:
                progress(len(res))
    return out


def extract_dask(articles: list[Article], rules: RuleSet, scheduler: str | None = None,
                 progress: Progress | None = None) -> list[ArticleExtraction]:
    """A ``dask.bag`` map over articles, on a given cluster or a local one."""
    from quotecheck.engine.dask import extract_with_dask, shared_client

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


def pair_stage(engine: str = "local", scheduler: str | None = None, *,
               jobs: int | None = 1) -> PairStage | None:
    """Where linking's pair stage (blocking, candidates, scoring) runs: None is here.

    With ``engine="dask"`` it runs on the same cluster as extraction (one
    client per scheduler for the whole command); locally with ``jobs`` > 1
    (None: all cores) on worker processes, whole stories each
    (``ProcessPairStage``), when the batch has enough quotes to pay for them.
    """
    if engine != "dask":
        jobs = default_jobs() if jobs is None else jobs
        return ProcessPairStage(jobs) if jobs > 1 else None
    from quotecheck.engine.dask import link_edges_with_dask

    return partial(link_edges_with_dask, scheduler=scheduler)


#: Below this many quotes the pair stage runs in the caller: a worker process and
#: shipping the quotes cost more than half the stage (measured in docs/link.md).
MIN_QUOTES_FOR_PROCESSES = 20_000


@dataclass(frozen=True, slots=True)
class _QuoteRef:
    """The part of a Quote that pair scoring reads (``link.pair_edge``: the article)."""

    id: str
    article_id: str


def _slim(qi: link.QInfo) -> link.QInfo:
    """What the pair stage reads: no tokens, no pydantic quote, no bag (rebuilt from the
    stems on arrival); plain objects pickle several times faster."""
    return dataclasses.replace(qi, tokens=[], quote=_QuoteRef(qi.quote.id, qi.quote.article_id),  # type: ignore[arg-type]
                               bag=None)  # type: ignore[arg-type]


def _part_edges(part: list[link.QInfo], blocking: link.Blocking, th: link.Thresholds) -> list[link.EdgeTriple]:
    """A shipped part's edges (its bags rebuilt first)."""
    with gc_paused():
        for qi in part:
            if qi.bag is None:
                qi.bag = Counter(qi.stems)
        return link.part_edges(part, blocking, th)


@dataclass(frozen=True)
class ProcessPairStage:
    """Linking's pair stage on ``jobs`` cores: the caller and ``jobs - 1`` worker processes
    each take whole stories (``link.story_parts``), so the edges are exactly the serial ones.

    Below ``min_quotes`` quotes it runs in the caller alone, as without it. ``fork``:
    hand the parts to forked workers (default where available) rather than pickling them.
    """

    jobs: int
    min_quotes: int = MIN_QUOTES_FOR_PROCESSES
    fork: bool = True

    def __call__(self, infos: list[link.QInfo], rules: RuleSet) -> list[link.EdgeTriple]:
        c = link.compiled(rules)
        blocking, th = c.rules.blocking, c.rules.thresholds
        if self.jobs < 2 or len(infos) < self.min_quotes:
            return list(link.score_pairs(infos, link.candidate_pairs(infos, blocking), th))
        parts = link.story_parts(infos, self.jobs)
        if self.fork and fork_context() is not None:
            return [e for part in fork_map(partial(link.part_edges, blocking=blocking, th=th), parts) for e in part]
        mine, *theirs = parts
        edges: list[link.EdgeTriple] = []
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=len(theirs)) as pool:
            futures = [pool.submit(_part_edges, [_slim(qi) for qi in part], blocking, th) for part in theirs]
            edges.extend(link.part_edges(mine, blocking, th))  # the caller's share, meanwhile
            for f in futures:
                edges.extend(f.result())
        return edges


# --------------------------------------------------------------------------- reading in the workers

#: A file with more articles than this (a JSON Lines feed) is not extracted by the
#: worker that read it: its articles are spread over all workers, as before.
SPREAD_ABOVE = 64

#: Below this many bytes of input, worker start-up costs more than it saves.
MIN_BYTES_FOR_PROCESSES = 256 * 1024


@dataclass(frozen=True)
class RuleFailure:
    """A rule failed on one article (a user regex that timed out): the one-line reason."""

    reason: str


#: What extraction gave for one article.
Outcome = ArticleExtraction | RuleFailure


@dataclass
class FileResult:
    """One file read (and extracted) by a worker; ``outcomes`` None: not extracted yet."""

    articles: list[Article]
    errors: list[InputError]
    outcomes: list[Outcome] | None


def extract_or_fail(article: Article, rules: RuleSet, slim: bool = False) -> Outcome:
    """Extract one article; a rule failure is a value, so the batch goes on.

    ``slim``: without the segmentation's blocks and sentences, which no report stage reads
    (the digest made from them is kept); ``check`` asks for it, so that 10k articles do not
    pickle ~160 MB to the parent; ``store add`` too, since the store keeps extractions without them.
    """
    try:
        with regex_watchdog():  # the rules' regexes bounded by CPU ticks, not a clock read a call
            out = extract_article(article, rules)
    except RuleError as exc:
        return RuleFailure(" ".join(str(exc).split()))
    if slim:
        out.segmentation = Segmentation(article_id=out.segmentation.article_id)
    return out


def _read_file(source: Source, rules: RuleSet, max_bytes: int | None, extract: bool,
               slim: bool = False) -> FileResult:
    from quotecheck.segment import reuse_analyses

    with reuse_analyses():  # the reader's segment analysis serves extraction too
        arts, errs = read_item(source, rules, max_bytes=max_bytes)
        outcomes = ([extract_or_fail(a, rules, slim) for a in arts]
                    if extract and len(arts) <= SPREAD_ABOVE else None)
    return FileResult(arts, errs, outcomes)


def _read_chunk(chunk: list[Source], max_bytes: int | None, extract: bool, slim: bool = False) -> list[FileResult]:
    assert _WORKER_RULES is not None
    return [_read_file(src, _WORKER_RULES, max_bytes, extract, slim) for src in chunk]


def _outcome_chunk(chunk: list[Article], slim: bool = False) -> list[Outcome]:
    assert _WORKER_RULES is not None
    return [extract_or_fail(a, _WORKER_RULES, slim) for a in chunk]


def _input_bytes(sources: list[Source]) -> int:
    total = 0
    for name, data in sources:
        if data is not None:
            total += len(data)
            continue
        with contextlib.suppress(OSError):  # reading it reports the reason
            total += os.stat(name).st_size
    return total


def read_extract_all(
    plan: list[Source | InputError],
    rules: RuleSet,
    *,
    jobs: int | None = None,
    extract: bool = True,
    max_bytes: int | None = None,
    progress: Progress | None = None,
    pool: Executor | None = None,
    slim: bool = False,
) -> tuple[list[Article], list[InputError], list[Outcome]]:
    """Read (and extract) every planned file; workers read, the parent only gathers.

    Returns what ``read_paths`` returns (articles with unique ids, errors in the
    same order) and, with ``extract``, one outcome per article. Unique ids need
    every article, so they are given here, after reading; the few articles whose
    id changed (a second ``ap.txt`` becomes ``ap-2``) are extracted again with
    their new id, since extraction ids embed the article id. ``progress`` is
    called with the number of files just done. ``pool``: the caller's (``worker_pool``),
    used and left running. ``slim``: extractions without segmentations (``extract_or_fail``).
    """
    jobs = default_jobs() if jobs is None else jobs
    sources = [x for x in plan if not isinstance(x, InputError)]
    own = pool is None
    if pool is None and jobs > 1 and len(sources) > 1 and (len(sources) >= MIN_ARTICLES_FOR_PROCESSES
                                          or _input_bytes(sources) >= MIN_BYTES_FOR_PROCESSES):
        pool = _pool(jobs, rules)
    try:
        results = _read_files(sources, rules, pool, jobs, max_bytes, extract, progress, slim)
        articles: list[Article] = []
        errors: list[InputError] = []
        outcomes: list[Outcome | None] = []
        it = iter(results)
        for item in plan:
            if isinstance(item, InputError):
                errors.append(item)
                continue
            res = next(it)
            articles.extend(res.articles)
            errors.extend(res.errors)
            outcomes.extend(res.outcomes if res.outcomes is not None else [None] * len(res.articles))
        final = unique_ids(articles)
        if not extract:
            return final, errors, []
        redo = [i for i, (a, b, o) in enumerate(zip(articles, final, outcomes, strict=True))
                if o is None or a.id != b.id]
        for i, out in zip(redo, _outcomes([final[i] for i in redo], rules, pool, jobs, slim), strict=True):
            outcomes[i] = out
        return final, errors, [o for o in outcomes if o is not None]
    finally:
        if pool is not None and own:
            pool.shutdown()


def _read_files(sources: list[Source], rules: RuleSet, pool: Executor | None, jobs: int,
                max_bytes: int | None, extract: bool, progress: Progress | None,
                slim: bool = False) -> list[FileResult]:
    if pool is None:
        out = []
        for src in sources:
            out.append(_read_file(src, rules, max_bytes, extract, slim))
            if progress:
                progress(1)
        return out
    size = max(1, min(32, len(sources) // (jobs * 8) or 1))
    results: list[FileResult] = []
    for res in pool.map(_read_chunk, _chunks(sources, size), repeat(max_bytes), repeat(extract), repeat(slim)):
        results.extend(res)  # map keeps input order
        if progress:
            progress(len(res))
    return results


def _outcomes(articles: list[Article], rules: RuleSet, pool: Executor | None, jobs: int,
              slim: bool = False) -> list[Outcome]:
    """Outcomes of articles not extracted where they were read (many in one file, or renamed)."""
    if pool is None or len(articles) < MIN_ARTICLES_FOR_PROCESSES:
        return [extract_or_fail(a, rules, slim) for a in articles]
    size = max(1, min(64, len(articles) // (jobs * 8) or 1))
    return [o for res in pool.map(_outcome_chunk, _chunks(articles, size), repeat(slim)) for o in res]
