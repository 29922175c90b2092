"""Shared helpers for the figures/dates tests: only our own rule files, so another stage's
rule pack being edited cannot break these tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from quotecheck import dates, figures
from quotecheck.models import Article, Block, DateMention, Figure, Report, Segmentation, Story
from quotecheck.rules import RuleSet, load_file

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
OWN_FILES = ["en/numbers.yml", "en/hedges.yml", "units.yml", "en/subjects.yml", "en/dates.yml", "en/events.yml",
             "en/claims.yml"]
_RULES: RuleSet | None = None


def rules() -> RuleSet:
    global _RULES
    if _RULES is None:
        _RULES = RuleSet([load_file(RULES_DIR / f) for f in OWN_FILES], [str(RULES_DIR)])
    return _RULES


def article(text: str, aid: str = "a1", published: dt.date | None = dt.date(2025, 7, 13)) -> Article:
    return Article(id=aid, path=f"{aid}.txt", text=text, published=published)


def seg(art: Article, boilerplate: list[tuple[int, int]] | None = None) -> Segmentation:
    blocks = [Block(start=s, end=e, kind="boilerplate") for s, e in (boilerplate or [])]
    return Segmentation(article_id=art.id, blocks=blocks or [Block(start=0, end=len(art.text))])


def figs(text: str, **kw) -> list[Figure]:
    art = article(text, **kw)
    out = figures.extract_figures(art, seg(art), [], rules())
    for f in out:
        assert f.text == text[f.start:f.end]
    return out


def one_fig(text: str, needle: str, **kw) -> Figure:
    hits = [f for f in figs(text, **kw) if needle in f.text]
    assert len(hits) == 1, [f.text for f in figs(text, **kw)]
    return hits[0]


def dts(text: str, **kw) -> list[DateMention]:
    art = article(text, **kw)
    out = dates.extract_dates(art, seg(art), rules())
    for d in out:
        assert d.text == text[d.start:d.end]
    return out


def one_date(text: str, needle: str, **kw) -> DateMention:
    hits = [d for d in dts(text, **kw) if needle in d.text]
    assert len(hits) == 1, [d.text for d in dts(text, **kw)]
    return hits[0]


def report(arts: list[Article]) -> Report:
    """A report holding every article in one story, as the pipeline would build it."""
    rep = Report(articles=arts, stories=[Story(id="s1", article_ids=[a.id for a in arts])])
    for a in arts:
        rep.figures += figures.extract_figures(a, seg(a), [], rules())
        rep.dates += dates.extract_dates(a, seg(a), rules())
    return rep
