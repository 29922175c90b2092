"""Dask engine (optional extra ``quotecheck[dask]``).

Per-article extraction is a ``dask.bag`` map, so it runs on every worker of
a cluster; the results come back in input order and the cross-article stage
runs on the client, so the report is the same as the local engine's.
"""

from __future__ import annotations

from quotecheck.models import Article, ArticleExtraction
from quotecheck.pipeline import extract_article
from quotecheck.rules import RuleSet


class DaskUnavailable(RuntimeError):
    """The dask extra is not installed."""


def _client(scheduler: str | None):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise DaskUnavailable("--engine dask needs the extra: pip install 'quotecheck[dask]'") from exc
    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(processes=True, dashboard_address=None)
    return Client(cluster), cluster


def _extract_partition(articles: list[Article], rules: RuleSet) -> list[ArticleExtraction]:
    return [extract_article(a, rules) for a in articles]


def extract_with_dask(
    articles: list[Article], rules: RuleSet, *, scheduler: str | None = None, client=None
) -> list[ArticleExtraction]:
    """Map extraction over a bag of articles; ``client`` reuses a running Client."""
    try:
        import dask.bag as db
    except ImportError as exc:  # pragma: no cover
        raise DaskUnavailable("--engine dask needs the extra: pip install 'quotecheck[dask]'") from exc
    if not articles:
        return []
    own = None
    if client is None:
        client, own = _client(scheduler)
        close = True
    else:
        close = False
    try:
        nparts = max(1, min(len(articles), 4 * max(1, len(client.scheduler_info().get("workers", {})))))
        bag = db.from_sequence(articles, npartitions=nparts)
        result = client.compute(bag.map_partitions(_extract_partition, rules)).result()
        return list(result)
    finally:
        if close:
            client.close()
            if own is not None:
                own.close()
