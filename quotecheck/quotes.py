"""Quote spans. STUB: filled by the quotes-and-speakers issue."""

from __future__ import annotations

from quotecheck.models import Article, Quote, Segmentation
from quotecheck.rules import RuleSet


def extract_quotes(article: Article, seg: Segmentation, rules: RuleSet) -> list[Quote]:
    return []
