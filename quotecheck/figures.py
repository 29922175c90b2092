"""Figures: numbers, hedges, subjects. STUB: filled by the figures-and-dates issue."""

from __future__ import annotations

from quotecheck.models import Article, Figure, Quote, Segmentation
from quotecheck.rules import RuleSet


def extract_figures(article: Article, seg: Segmentation, quotes: list[Quote], rules: RuleSet) -> list[Figure]:
    return []
