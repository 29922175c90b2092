"""Stories, the quote graph and clusters. STUB: filled by the quote-graph issue."""

from __future__ import annotations

from quotecheck.models import Cluster, Edge, Report, Story
from quotecheck.rules import RuleSet


def group_stories(report: Report, rules: RuleSet, *, one_story: bool = False) -> list[Story]:
    """One story holding every article until the quote-graph issue groups them."""
    ids = [a.id for a in report.articles]
    return [Story(id="s1", article_ids=ids, label="all articles", reason="not grouped yet")] if ids else []


def link_quotes(report: Report, rules: RuleSet) -> tuple[list[Cluster], list[Edge]]:
    return [], []
