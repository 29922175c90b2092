"""HTML pages through trafilatura: main text, title, date, site name, url.

Why trafilatura: it is the best-measured open main-content extractor (it
drops navigation, footers, comment sections and ``<script>``/``<style>``), and
it reads the page's metadata (OpenGraph, JSON-LD, ``<meta>``) through htmldate
in the same pass. We only use its result tree: each ``<p>``/``<head>``/list
item becomes one paragraph, so paragraph boundaries survive.
"""

from __future__ import annotations

import logging
import warnings as pywarnings

from quotecheck.ingest.base import IngestError, article_id_for, assemble_text, clean_inline
from quotecheck.ingest.headers import compiled_headers
from quotecheck.models import Article
from quotecheck.rules import RuleSet


def _silence() -> None:
    for name in ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _tree_paragraphs(body) -> list[str]:  # noqa: ANN001 - lxml element
    """One paragraph per block element of trafilatura's output tree."""
    out: list[str] = []
    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("list", "table"):
            for sub in el.iter("item", "row"):
                t = clean_inline("".join(sub.itertext()))
                if t:
                    out.append(t)
            continue
        t = clean_inline("".join(el.itertext()))
        if t:
            out.append(t)
    return out


def html_fragment_paragraphs(s: str) -> list[str]:
    """Paragraphs of an HTML fragment (a JSON ``body`` that holds markup); scripts dropped."""
    import lxml.html

    try:
        root = lxml.html.fromstring(f"<div>{s}</div>")
    except Exception:  # lxml raises ParserError / XMLSyntaxError on junk
        return [p for p in (clean_inline(x) for x in s.split("\n\n")) if p]
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    paras = [clean_inline(el.text_content()) for el in root.iter("p", "h1", "h2", "h3", "li", "blockquote")]
    paras = [p for p in paras if p]
    return paras or [p for p in [clean_inline(root.text_content())] if p]


def read_html(text: str, path: str, rules: RuleSet) -> Article:
    """Extract one article from an HTML page."""
    import trafilatura

    _silence()
    with pywarnings.catch_warnings():
        pywarnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_recall=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    if doc is None or not getattr(doc, "text", None):
        raise IngestError("no article text found in the HTML page")
    paras = _tree_paragraphs(doc.body) if getattr(doc, "body", None) is not None else []
    if not paras:
        paras = [p for p in doc.text.split("\n") if p.strip()]
    title = clean_inline(doc.title) or None
    raw_date = doc.date or None
    return Article(
        id=article_id_for(path),
        path=path,
        format="html",
        outlet=clean_inline(doc.sitename) or None,
        url=doc.url or None,
        published=compiled_headers(rules).parse_date(raw_date),
        published_raw=raw_date,
        title=title,
        byline=clean_inline(doc.author) or None,
        text=assemble_text(title, paras),
    )
