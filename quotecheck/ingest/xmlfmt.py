"""IPTC NewsML-G2 and NITF, the XML formats news agencies deliver in.

Parsed with defusedxml: an entity declaration (the "billion laughs" bomb) or
an external entity / DTD fetch is refused with a one-line error instead of
expanding gigabytes or reading local files. Element names are compared
without their namespace, so G2 files with or without the IPTC namespace, and
NITF inside a G2 ``inlineXML``, are all read the same way.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as DET

from quotecheck.ingest.base import (
    MAX_ARTICLES_PER_FILE,
    IngestError,
    article_id_for,
    assemble_text,
    clean_inline,
)
from quotecheck.ingest.headers import compiled_headers
from quotecheck.models import Article
from quotecheck.rules import RuleSet

_PARA_TAGS = {"p", "hl2", "h2", "h3", "li", "blockquote"}


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _find(el: Element | None, *names: str) -> Element | None:
    """First descendant (document order) whose local name is one of ``names``."""
    if el is None:
        return None
    for sub in el.iter():
        if _local(sub.tag) in names:
            return sub
    return None


def _text(el: Element | None) -> str | None:
    if el is None:
        return None
    return clean_inline("".join(el.itertext())) or None


def _attr(el: Element | None, *names: str) -> str | None:
    if el is None:
        return None
    for n in names:
        for k, v in el.attrib.items():
            if _local(k) == n and v.strip():
                return v.strip()
    return None


def _strip_by(s: str | None) -> str | None:
    """"By Mara Lind" -> "Mara Lind" (bylines are stored without the word)."""
    if s and s[:3].lower() == "by ":
        return s[3:].strip() or None
    return s


def _paragraphs(el: Element | None) -> list[str]:
    """Body paragraphs in document order; nested paragraphs are not repeated."""
    if el is None:
        return []
    out: list[str] = []

    def walk(node: Element) -> None:
        for ch in node:
            name = _local(ch.tag)
            if name in ("script", "style", "head", "body.head", "body.end", "docdata", "media", "media-caption"):
                continue
            if name in _PARA_TAGS:
                t = _text(ch)
                if t:
                    out.append(t)
            else:
                walk(ch)

    walk(el)
    return out


def parse_xml(data: bytes, path: str) -> Element:
    """Parse with entity expansion and external references forbidden."""
    try:
        return DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden:
        raise IngestError("XML declares entities (possible entity-expansion bomb); refused") from None
    except defusedxml.ExternalReferenceForbidden:
        raise IngestError("XML references an external entity; refused") from None
    except defusedxml.DefusedXmlException as exc:
        raise IngestError(f"unsafe XML refused: {type(exc).__name__}") from None
    except ParseError as exc:
        raise IngestError(f"malformed XML: {exc}") from None


def _nitf(root: Element, path: str, aid: str, rules: RuleSet, fmt: str = "nitf") -> Article:
    hdr = compiled_headers(rules)
    head = _find(root, "head")
    body = _find(root, "body")
    title = _text(_find(body, "hl1")) or _text(_find(head, "title"))
    content = _find(body, "body.content") if body is not None else None
    paras = _paragraphs(content if content is not None else body)
    if not paras:
        raise IngestError("NITF file has no body paragraphs (body.content/p)")
    raw = (_attr(_find(head, "date.issue"), "norm") or _attr(_find(head, "pubdata"), "date.publication")
           or _attr(_find(head, "date.release"), "norm") or _attr(_find(body, "story.date"), "norm")
           or _text(_find(body, "story.date")))
    dateline_el = _find(body, "dateline")
    byline_el = _find(body, "byline")
    byline = None
    if byline_el is not None:
        byline = _strip_by(_text(_find(byline_el, "person")) or _text(byline_el))
    meta_source = next((_attr(m, "content") for m in (head.iter() if head is not None else [])
                        if _local(m.tag) == "meta" and (_attr(m, "name") or "").lower() in ("source", "publisher")),
                       None)
    outlet = (_attr(_find(head, "pubdata"), "name") or meta_source or _text(_find(body, "distributor"))
              or _attr(_find(head, "doc.copyright"), "holder"))
    url = _attr(_find(head, "pubdata"), "ex-ref") or _attr(_find(head, "doc-id"), "regsrc")
    return Article(
        id=aid, path=path, format=fmt, outlet=outlet,
        url=url if url and url.startswith(("http://", "https://")) else None,
        published=hdr.parse_date(raw), published_raw=raw, title=title, byline=byline,
        dateline=_text(dateline_el), text=assemble_text(title, paras),
    )


def _g2_item(item: Element, path: str, aid: str, rules: RuleSet) -> Article:
    hdr = compiled_headers(rules)
    meta = _find(item, "itemMeta")
    cmeta = _find(item, "contentMeta")
    content = _find(item, "contentSet")
    inner_nitf = _find(content, "nitf")
    title = _text(_find(cmeta, "headline"))
    if inner_nitf is not None:
        nested = _nitf(inner_nitf, path, aid, rules, fmt="newsml")
        paras = nested.text.split("\n\n")[1 if nested.title else 0:]
        title = title or nested.title
    else:
        holder = _find(content, "inlineXML", "inlineData")
        paras = _paragraphs(holder)
        if not paras and holder is not None and holder.text:
            paras = [p for p in holder.text.split("\n\n") if p.strip()]
        nested = None
    if not paras:
        raise IngestError("NewsML-G2 item has no body text (contentSet/inlineXML)")
    raw = (_text(_find(meta, "firstCreated")) or _text(_find(cmeta, "contentCreated"))
           or _text(_find(meta, "versionCreated")) or (nested.published_raw if nested else None))
    provider = _find(meta, "provider")
    info = _find(cmeta, "infoSource")
    outlet = (_text(_find(cmeta, "creditline")) or _attr(info, "literal") or _text(_find(info, "name"))
              or _attr(provider, "literal") or _text(_find(provider, "name")))
    if not outlet and _attr(provider, "qcode"):
        outlet = _attr(provider, "qcode").split(":", 1)[-1]  # "nprov:REUTERS" -> "REUTERS"
    link = None
    for el in item.iter():
        if _local(el.tag) == "link" and (href := _attr(el, "href")) and href.startswith(("http://", "https://")):
            link = href
            break
    return Article(
        id=aid, path=path, format="newsml", outlet=outlet or (nested.outlet if nested else None), url=link,
        published=hdr.parse_date(raw), published_raw=raw, title=title,
        byline=_strip_by(_text(_find(cmeta, "by"))) or (nested.byline if nested else None),
        dateline=_text(_find(cmeta, "dateline")) or (nested.dateline if nested else None),
        text=assemble_text(title, paras),
    )


def read_xml(data: bytes, path: str, rules: RuleSet) -> list[Article]:
    """A NewsML-G2 newsItem/newsMessage (one article per newsItem) or a NITF document."""
    root = parse_xml(data, path)
    name = _local(root.tag)
    if name == "nitf":
        return [_nitf(root, path, article_id_for(path), rules)]
    if name == "newsItem":
        return [_g2_item(root, path, article_id_for(path), rules)]
    if name in ("newsMessage", "itemSet"):
        items = [el for el in root.iter() if _local(el.tag) == "newsItem"]
        if not items:
            raise IngestError("NewsML-G2 message holds no newsItem")
        if len(items) > MAX_ARTICLES_PER_FILE:
            raise IngestError(f"{len(items)} items in one file (limit {MAX_ARTICLES_PER_FILE})")
        if len(items) == 1:
            return [_g2_item(items[0], path, article_id_for(path), rules)]
        return [_g2_item(it, path, article_id_for(path, n), rules) for n, it in enumerate(items, 1)]
    raise IngestError(f"XML root <{name}> is neither NewsML-G2 (newsItem/newsMessage) nor NITF (nitf)")
