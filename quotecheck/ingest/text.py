"""Plain text and Markdown wire copy: header lines, datelines, bylines, title.

The text is kept exactly as decoded (only line ends normalised), so every
offset refers to ``Article.text``. The header lines are found by the same
code that marks them as boilerplate (``segment.analyse``), so reader and
segmenter never disagree about what is a header.
"""

from __future__ import annotations

import datetime as dt

from quotecheck.ingest.base import article_id_for
from quotecheck.ingest.decode import decode
from quotecheck.ingest.headers import compiled_headers
from quotecheck.models import Article
from quotecheck.rules import RuleSet


def best_date(rules: RuleSet, candidates: list[tuple[int, str, str]]) -> tuple[dt.date | None, str | None]:
    """Highest-priority candidate that parses to a full date; else the best raw text."""
    hdr = compiled_headers(rules)
    ranked = sorted(candidates, key=lambda c: -c[0])
    for _prio, raw, _rule in ranked:
        d = hdr.parse_date(raw)
        if d:
            return d, raw
    return None, (ranked[0][1] if ranked else None)


def _fm_str(fm: dict, *keys: str) -> str | None:
    for k in keys:
        v = fm.get(k)
        if isinstance(v, dict):
            v = v.get("name")
        if isinstance(v, list):
            v = ", ".join(str(x) for x in v)
        if v not in (None, ""):
            return " ".join(str(v).split())
    return None


def text_to_article(text: str, path: str, rules: RuleSet, *, fmt: str = "text",
                    warnings: list[str] | None = None, aid: str | None = None) -> Article:
    """Build an Article from decoded wire-copy text (headers read from the text itself)."""
    from quotecheck.segment import analyse  # late: segment imports ingest.headers

    lay = analyse(text, rules)
    dates = list(lay.dates)
    fm = lay.front_matter
    fm_date = _fm_str(fm, "date", "published", "datepublished", "pubdate")
    if fm_date:
        dates.append((20, fm_date, "front_matter"))
    published, raw = best_date(rules, dates)
    title = _fm_str(fm, "title", "headline") or lay.title
    return Article(
        id=aid or article_id_for(path),
        path=path,
        format=fmt,
        outlet=_fm_str(fm, "outlet", "source", "publisher", "site_name", "sitename") or lay.outlet or lay.agency,
        url=_fm_str(fm, "url", "link", "canonical"),
        published=published,
        published_raw=raw,
        title=title,
        byline=_fm_str(fm, "author", "authors", "byline", "by") or lay.byline,
        dateline=lay.dateline,
        text=text,
        warnings=list(warnings or []),
    )


def read_text_article(data: bytes, path: str, rules: RuleSet | None = None, *, fmt: str = "text") -> Article:
    """Read a ``.txt``/``.md`` file's bytes (decoding warnings go to ``Article.warnings``)."""
    from quotecheck.rules import default_rules

    text, warnings = decode(data)
    return text_to_article(text, path, rules or default_rules(), fmt=fmt, warnings=warnings)
