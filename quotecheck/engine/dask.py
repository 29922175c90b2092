"""Dask engine (optional extra ``quotecheck[dask]``).

Two stages run on the workers of a Dask cluster:

1. per-article extraction, a ``dask.bag`` map; results come back in input order;
2. the pair stage of quote linking (``link_edges_with_dask``): quotes are
   grouped by blocking key, each group proposes pairs, each quote keeps its
   best partners, and the pairs are scored; only the edges come back.

Everything else (entities, stories, joining clusters from the edges, the
checks) runs on the client, exactly as the local engine runs it. The stages
call the same pure functions as ``quotecheck.link`` does locally, and the
client builds the graph from the edges in pair order, so the JSON report is
the same finding for finding. docs/dask.md has the design and measurements.
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import hashlib
import pickle
import uuid
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from operator import itemgetter

from quotecheck import link
from quotecheck.engine.memory import gc_paused
from quotecheck.errors import UserError
from quotecheck.models import Article, ArticleExtraction
from quotecheck.pipeline import extract_article, warm
from quotecheck.rules import RuleSet

INSTALL_HINT = "--engine dask needs the extra: pip install 'quotecheck[dask]'"


class DaskUnavailable(UserError):
    """The dask extra is not installed, or the scheduler cannot be reached: a setup problem,
    reported by the CLI in one line like a configuration error."""


_CLIENTS: dict[str | None, tuple[object, object]] = {}


def _client(scheduler: str | None):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise DaskUnavailable(INSTALL_HINT) from exc
    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError, ValueError) as exc:
            raise DaskUnavailable(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({exc})") from exc
    cluster = LocalCluster(processes=True, dashboard_address=None)
    return Client(cluster), cluster


def shared_client(scheduler: str | None = None):
    """One client per scheduler for the whole command: extraction and linking share the
    cluster (a local one starts once, not once per stage); closed when Python exits."""
    if scheduler not in _CLIENTS:
        if not _CLIENTS:
            atexit.register(close_shared_clients)
        _CLIENTS[scheduler] = _client(scheduler)
    return _CLIENTS[scheduler][0]


def close_shared_clients() -> None:
    """Close the clients (and local clusters) ``shared_client`` opened."""
    while _CLIENTS:
        _, (client, cluster) = _CLIENTS.popitem()
        client.close()  # type: ignore[attr-defined]
        if cluster is not None:
            cluster.close()  # type: ignore[attr-defined]


def _n_workers(client) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


# --------------------------------------------------------------------------- extraction


_RULES: dict[str, RuleSet] = {}


def _worker_rules(token: str, rules: RuleSet) -> RuleSet:
    """The first copy of this rule set the worker process received: every task deserialises
    its own copy, and compiling the rules (seconds) once per task would dominate."""
    if token not in _RULES:
        if len(_RULES) >= 4:
            _RULES.clear()
        _RULES[token] = rules
    return _RULES[token]


def _rules_token(rules: RuleSet) -> str:
    return hashlib.sha1(pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def _extract_partition(articles: list[Article], token: str, rules: RuleSet) -> list[ArticleExtraction]:
    rules = _worker_rules(token, rules)
    return [extract_article(a, rules) for a in articles]


def extract_with_dask(
    articles: list[Article], rules: RuleSet, *, scheduler: str | None = None, client=None
) -> list[ArticleExtraction]:
    """Map extraction over a bag of articles; ``client`` reuses a running Client."""
    try:
        import dask.bag as db
    except ImportError as exc:  # pragma: no cover
        raise DaskUnavailable(INSTALL_HINT) from exc
    if not articles:
        return []
    own = None
    if client is None:
        client, own = _client(scheduler)
        close = True
    else:
        close = False
    try:
        warm(rules)  # the rules travel compiled (RuleSet.__getstate__): workers never compile them
        nparts = max(1, min(len(articles), 4 * _n_workers(client)))
        bag = db.from_sequence(articles, npartitions=nparts)
        result = client.compute(bag.map_partitions(_extract_partition, _rules_token(rules), rules)).result()
        return list(result)
    finally:
        if close:
            client.close()
            if own is not None:
                own.close()


# --------------------------------------------------------------------------- pair stage
#
# Records travel between stages in buckets: a stage emits (bucket, payload) with one
# payload per bucket per partition, and dask's task shuffle (``Bag.groupby``) brings one
# bucket's payloads together. Bucket numbers come from crc32, not hash(), so every worker
# process puts a key in the same bucket; few, large records keep the shuffle cheap.


def _gc_paused(fn: Callable) -> Callable:
    """Run a stage with the cyclic GC paused, as ``link.link_quotes`` does on the client:
    the stages build millions of small acyclic objects and the collector would rescan them."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        with gc_paused():
            return fn(*args, **kwargs)

    return run


def _bucket(key: link.BlockKey, n: int) -> int:
    return zlib.crc32("\x1f".join(key).encode("utf-8")) % n


@_gc_paused
def _emit_keys(feats: list[tuple[int, str, list[str], str]], nb: int) -> list[tuple[int, dict]]:
    """Stage 1 (per quote): (quote index, its number of bigrams) under each blocking key."""
    out: dict[int, dict[link.BlockKey, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for idx, key, stems, story in feats:
        keys = link.blocking_keys(key, stems, story)
        n_grams = len(keys) - (1 if key else 0)
        for bk in keys:
            out[_bucket(bk, nb)][bk].append((idx, n_grams))
    return [(b, dict(d)) for b, d in out.items()]


@_gc_paused
def _group_pairs(buckets: Iterable[tuple[int, list]], blocking: link.Blocking, nb: int) -> list[tuple[int, tuple]]:
    """Stage 2 (per key group): a same-key group's pairs; a bigram group's quote list, sent to
    each of its quotes (one list object per group, so pickle ships it once per bucket)."""
    forced: dict[int, set[tuple[int, int]]] = defaultdict(set)
    posts: dict[int, dict[int, list]] = defaultdict(dict)  # bucket -> quote -> [n_grams, [id lists]]
    for _, parts in buckets:
        groups: dict[link.BlockKey, list[tuple[int, int]]] = defaultdict(list)
        for _, d in parts:
            for bk, members in d.items():
                groups[bk].extend(members)
        for bk, members in groups.items():
            members.sort()
            ids = [i for i, _ in members]
            if bk[0] == "=":
                for i, j in link.same_key_pairs(ids, blocking):
                    forced[i % nb].add((i, j))
            elif len(ids) > 1 and len(ids) <= blocking.max_df:  # as link.shared_bigram_pairs
                for i, n_grams in members:
                    slot = posts[i % nb].get(i)
                    if slot is None:
                        slot = posts[i % nb][i] = [n_grams, []]
                    slot[1].append(ids)
    out: list[tuple[int, tuple]] = [(b, ("pairs", ps)) for b, ps in forced.items()]
    out += [(b, ("posts", ps)) for b, ps in posts.items()]
    return out


@_gc_paused
def _select(buckets: Iterable[tuple[int, list]], shipped: tuple[str, bytes],
            blocking: link.Blocking, nb: int) -> list[tuple[int, set]]:
    """Stage 3 (per quote): its best partners, counted as ``link.candidate_pairs`` counts them.

    Pairs across stories or inside one article are dropped here (``pair_edge``
    would drop them) so they are not shuffled; the rest go on to the bucket of
    their first quote, which scores each pair once.
    """
    infos = _infos(shipped)
    out: dict[int, set[tuple[int, int]]] = defaultdict(set)

    def keep(i: int, j: int) -> None:
        x, y = infos[i], infos[j]
        if x.story == y.story and x.quote.article_id != y.quote.article_id:
            out[i % nb].add((i, j))

    for _, parts in buckets:
        merged: dict[int, list] = {}
        for _, (kind, payload) in parts:
            if kind == "pairs":
                for i, j in payload:
                    keep(i, j)
                continue
            for q, (n_grams, lists) in payload.items():
                if q in merged:
                    merged[q][1].extend(lists)
                else:
                    merged[q] = [n_grams, list(lists)]
        for q, (n_grams, lists) in merged.items():
            counts: Counter[int] = Counter()
            for ids in lists:
                counts.update(ids)
            counts.pop(q, None)
            # A quote whose bigrams are all in one-quote groups gets no list: no partners either.
            for other in link.select_partners(counts, n_grams, blocking):
                keep(*((q, other) if q < other else (other, q)))
    return list(out.items())


@_gc_paused
def _score(buckets: Iterable[tuple[int, list]], shipped: tuple[str, bytes],
           th: link.Thresholds) -> list[link.EdgeTriple]:
    """Stage 4 (per pair, each once): the edge, if the two quotes are linked."""
    infos = _infos(shipped)
    pairs: set[tuple[int, int]] = set()
    for _, parts in buckets:
        for _, ps in parts:
            pairs.update(ps)
    return list(link.score_pairs(infos, sorted(pairs), th))


@dataclasses.dataclass(frozen=True, slots=True)
class _QuoteRef:
    """The part of a Quote that pair scoring reads (``link.pair_edge``: the article)."""

    id: str
    article_id: str


def _slim(qi: link.QInfo) -> link.QInfo:
    """What scoring reads, without tokens or the pydantic quote: a third of the bytes to
    ship, and plain objects that pickle fast."""
    return dataclasses.replace(qi, tokens=[], quote=_QuoteRef(qi.quote.id, qi.quote.article_id))  # type: ignore[arg-type]


_LOADED: dict[str, list[link.QInfo]] = {}


def _infos(shipped: tuple[str, bytes]) -> list[link.QInfo]:
    """The quote features, unpickled once per worker process and run (keyed by a token)."""
    token, blob = shipped
    if token not in _LOADED:
        _LOADED.clear()
        _LOADED[token] = pickle.loads(blob)
    return _LOADED[token]


def link_edges_with_dask(infos: list[link.QInfo], rules: RuleSet, *, client=None,
                         scheduler: str | None = None, npartitions: int | None = None) -> list[link.EdgeTriple]:
    """The pair stage of ``link.link_quotes`` on Dask workers: blocking, candidates, scoring.

    Use as ``link.link_quotes(report, rules, pair_stage=partial(link_edges_with_dask,
    client=client))``. Returns every edge once, sorted by pair.
    """
    try:
        import dask.bag as db
    except ImportError as exc:  # pragma: no cover
        raise DaskUnavailable(INSTALL_HINT) from exc
    if not infos:
        return []
    client = client if client is not None else shared_client(scheduler)
    c = link.compiled(rules)
    nb = npartitions or max(1, min(len(infos) // 64 + 1, 4 * _n_workers(client)))
    feats = [(qi.idx, qi.key, qi.stems, qi.story) for qi in infos]
    first = itemgetter(0)
    keys = db.from_sequence(feats, npartitions=nb).map_partitions(_emit_keys, nb)
    pairs = keys.groupby(first, shuffle="tasks").map_partitions(_group_pairs, c.rules.blocking, nb)
    # One pickled blob, not a list: distributed would serialise a list item by item (slow).
    blob = pickle.dumps([_slim(qi) for qi in infos], protocol=pickle.HIGHEST_PROTOCOL)
    [shipped] = client.scatter([(uuid.uuid4().hex, blob)], broadcast=True, hash=False)
    chosen = pairs.groupby(first, shuffle="tasks").map_partitions(_select, shipped, c.rules.blocking, nb)
    edges = chosen.groupby(first, shuffle="tasks").map_partitions(_score, shipped, c.rules.thresholds)
    return sorted(client.compute(edges).result(), key=lambda e: (e[0], e[1]))
