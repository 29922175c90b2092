"""Run per-article extraction: in this process for now (processes and Dask: the scale issue)."""

from __future__ import annotations

from collections.abc import Callable

from quotecheck.models import Article, ArticleExtraction
from quotecheck.pipeline import extract_article
from quotecheck.rules import RuleSet


def extract_all(
    articles: list[Article],
    rules: RuleSet,
    *,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> list[ArticleExtraction]:
    """Extract every article, in input order."""
    out = []
    for art in articles:
        out.append(extract_article(art, rules))
        if progress:
            progress(1)
    return out
