"""Dates: absolute, weekday and relative, resolved. STUB: filled by the figures-and-dates issue."""

from __future__ import annotations

from quotecheck.models import Article, DateMention, Segmentation
from quotecheck.rules import RuleSet


def extract_dates(article: Article, seg: Segmentation, rules: RuleSet) -> list[DateMention]:
    return []
