"""Speakers, cues, channels, entities. STUB: filled by the quotes-and-speakers issue."""

from __future__ import annotations

from quotecheck.models import Article, Entity, Quote, Segmentation
from quotecheck.rules import RuleSet


def attribute(article: Article, seg: Segmentation, quotes: list[Quote], rules: RuleSet) -> list[Quote]:
    """Give each quote its speaker mention, cue and channel within one article."""
    return quotes


def resolve_entities(quotes: list[Quote], rules: RuleSet) -> tuple[list[Quote], list[Entity]]:
    """Merge name variants across the story set into canonical entities."""
    return quotes, []
