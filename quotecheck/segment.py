"""Paragraphs, sentences and boilerplate marks (offsets kept). STUB: filled by the foundation issue."""

from __future__ import annotations

from quotecheck.models import Article, Block, Segmentation
from quotecheck.rules import RuleSet


def segment(article: Article, rules: RuleSet) -> Segmentation:
    """Split into blank-line separated blocks."""
    return Segmentation(article_id=article.id, blocks=[Block(start=0, end=len(article.text))])
