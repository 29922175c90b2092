"""JSON and JSON Lines: one article per object, usual field names recognised.

A file holds one object, a list of objects, or an object wrapping a list
(``articles``/``items``/``results``/``data``/``stories``/``docs``). JSON Lines
holds one object per line; a bad line is reported as ``path:LINE: reason``
and the other lines are still read.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from quotecheck.ingest.base import (
    MAX_ARTICLES_PER_FILE,
    MAX_JSON_DEPTH,
    IngestError,
    article_id_for,
    assemble_text,
    clean_inline,
)
from quotecheck.ingest.headers import compiled_headers
from quotecheck.models import Article, InputError
from quotecheck.rules import RuleSet

TEXT_FIELDS = ("text", "body", "content", "articleBody", "body_text", "full_text", "story")
TITLE_FIELDS = ("title", "headline", "hed", "name")
DATE_FIELDS = ("published", "date", "datePublished", "versioncreated", "published_at",
               "publishedAt", "pubDate", "firstcreated", "date_published", "created")
URL_FIELDS = ("url", "link", "uri", "canonical_url", "web_url")
OUTLET_FIELDS = ("outlet", "source", "publisher", "site_name", "sitename", "provider", "agency")
BYLINE_FIELDS = ("byline", "author", "authors", "by", "creator")
DATELINE_FIELDS = ("dateline",)
WRAPPER_FIELDS = ("articles", "items", "results", "data", "stories", "docs", "documents")


def _depth(obj: Any, limit: int) -> int:
    """Nesting depth, stopping early once past ``limit`` (iterative: no recursion)."""
    stack = [(obj, 1)]
    deepest = 0
    while stack:
        o, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(o, dict):
            stack.extend((v, d + 1) for v in o.values())
        elif isinstance(o, list):
            stack.extend((v, d + 1) for v in o)
    return deepest


def _get(obj: dict, names: tuple[str, ...]) -> Any:
    lower = {k.lower(): v for k, v in obj.items() if isinstance(k, str)}
    for n in names:
        v = lower.get(n.lower())
        if v not in (None, "", [], {}):
            return v
    return None


def _as_str(v: Any) -> str | None:
    """A field value as one line: {"name": ...} objects and lists of names are common."""
    if v is None:
        return None
    if isinstance(v, dict):
        v = _get(v, ("name", "title", "literal", "value", "id"))
        return _as_str(v)
    if isinstance(v, list):
        parts = [s for s in (_as_str(x) for x in v) if s]
        return ", ".join(parts) or None
    return clean_inline(str(v)) or None


def _paragraphs(v: Any) -> list[str]:
    """Body field: a string (maybe HTML) or a list of paragraph strings/objects."""
    if isinstance(v, list):
        out: list[str] = []
        for x in v:
            out.extend(_paragraphs(x))
        return out
    if isinstance(v, dict):
        return _paragraphs(_get(v, ("text", "content", "value", "body")) or "")
    s = str(v)
    if "<" in s and any(t in s.lower() for t in ("<p", "<br", "<div", "</")):
        from quotecheck.ingest.html import html_fragment_paragraphs

        return html_fragment_paragraphs(s)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return [p for p in (p.strip() for p in s.split("\n\n")) if p]


def _date(v: Any, rules: RuleSet) -> tuple[dt.date | None, str | None]:
    if v is None:
        return None, None
    if isinstance(v, int | float) and not isinstance(v, bool):
        secs = v / 1000 if v > 1e11 else v  # milliseconds
        try:
            return dt.datetime.fromtimestamp(secs, tz=dt.UTC).date(), str(v)
        except (OverflowError, OSError, ValueError):
            return None, str(v)
    raw = _as_str(v)
    return compiled_headers(rules).parse_date(raw), raw


def object_to_article(obj: Any, path: str, aid: str, rules: RuleSet, fmt: str) -> Article:
    """One JSON object to an Article; IngestError names what is missing."""
    if not isinstance(obj, dict):
        raise IngestError(f"expected a JSON object, found {type(obj).__name__}")
    body = _get(obj, TEXT_FIELDS)
    if body is None:
        raise IngestError("no article text (fields tried: " + "/".join(TEXT_FIELDS[:3]) + ")")
    title = _as_str(_get(obj, TITLE_FIELDS))
    paragraphs = _paragraphs(body)
    if not paragraphs:
        raise IngestError("article text is empty")
    published, raw = _date(_get(obj, DATE_FIELDS), rules)
    oid = obj.get("id")
    return Article(
        id=str(oid) if isinstance(oid, str | int) and not isinstance(oid, bool) and str(oid).strip() else aid,
        path=path,
        format=fmt,
        outlet=_as_str(_get(obj, OUTLET_FIELDS)),
        url=_as_str(_get(obj, URL_FIELDS)),
        published=published,
        published_raw=raw,
        title=title,
        byline=_as_str(_get(obj, BYLINE_FIELDS)),
        dateline=_as_str(_get(obj, DATELINE_FIELDS)),
        text=assemble_text(title, paragraphs),
    )


def _short(exc: json.JSONDecodeError) -> str:
    return f"{exc.msg} (line {exc.lineno}, column {exc.colno})"


def read_json(text: str, path: str, rules: RuleSet) -> tuple[list[Article], list[InputError]]:
    """A JSON file: one object, a list, or a wrapper object holding a list."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            return read_jsonl(text, path, rules)  # JSON Lines saved as .json
        raise IngestError(f"malformed JSON: {_short(exc)}") from None
    except RecursionError:
        raise IngestError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    if _depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise IngestError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    if isinstance(data, dict) and _get(data, TEXT_FIELDS) is None:
        inner = _get(data, WRAPPER_FIELDS)
        if isinstance(inner, list):
            data = inner
    if isinstance(data, dict):
        return [object_to_article(data, path, article_id_for(path), rules, "json")], []
    if not isinstance(data, list):
        raise IngestError(f"expected a JSON object or a list of objects, found {type(data).__name__}")
    if len(data) > MAX_ARTICLES_PER_FILE:
        raise IngestError(f"{len(data)} articles in one file (limit {MAX_ARTICLES_PER_FILE})")
    if not data:
        raise IngestError("empty JSON list, no articles")
    arts: list[Article] = []
    errs: list[InputError] = []
    for n, obj in enumerate(data, 1):
        try:
            arts.append(object_to_article(obj, path, article_id_for(path, n), rules, "json"))
        except IngestError as exc:
            errs.append(InputError(path=path, reason=f"item {n}: {exc}"))
    return arts, errs


def read_jsonl(text: str, path: str, rules: RuleSet) -> tuple[list[Article], list[InputError]]:
    """JSON Lines: every non-blank line one object; bad lines are errors with their number."""
    arts: list[Article] = []
    errs: list[InputError] = []
    n = 0
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        n += 1
        if n > MAX_ARTICLES_PER_FILE:
            errs.append(InputError(path=path, line=lineno,
                                   reason=f"more than {MAX_ARTICLES_PER_FILE} articles; rest skipped"))
            break
        try:
            obj = json.loads(line)
            if _depth(obj, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
                raise IngestError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
            arts.append(object_to_article(obj, path, article_id_for(path, n), rules, "jsonl"))
        except json.JSONDecodeError as exc:
            errs.append(InputError(path=path, line=lineno, reason=f"malformed JSON: {exc.msg} (column {exc.colno})"))
        except RecursionError:
            errs.append(InputError(path=path, line=lineno, reason=f"JSON nested deeper than {MAX_JSON_DEPTH} levels"))
        except IngestError as exc:
            errs.append(InputError(path=path, line=lineno, reason=str(exc)))
    if not arts and not errs:
        raise IngestError("no JSON objects in file")
    return arts, errs
