"""The HTML report parsed without a browser (the browser test is test_html_browser.py):
escaping, exact evidence marks, links, no network, the CSP that pins our one script."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from report_samples import empty_report, sample_report

from quotecheck.models import Article, Finding, Report, Severity, Span
from quotecheck.report import html, view

VOID = {"meta", "input", "br", "img", "link", "hr", "wbr", "source", "area", "base", "col", "embed"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return
        raise AssertionError(f"stray </{tag}>")

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(doc: str) -> Node:
    p = _Tree()
    p.feed(doc)
    p.close()
    assert p.stack == [p.root], f"unclosed: {[n.tag for n in p.stack[1:]]}"
    return p.root


def marks_text(root: Node, anchor: str) -> str:
    return "".join(n.text() for n in root.iter() if n.tag == "mark" and anchor in n.attrs.get("data-ev", "").split())


def test_every_evidence_span_is_marked_at_exact_offsets() -> None:
    r = sample_report()
    doc = html.render(r)
    root = parse(doc)
    ids = [n.attrs["id"] for n in root.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids)), "ids must be unique"
    findings = [n for n in root.iter() if "finding" in n.attrs.get("class", "").split()]
    assert len(findings) == len(r.findings)
    for i, (f, node) in enumerate(zip(r.findings, findings, strict=True), start=1):
        assert node.attrs["id"] == f"finding-{i}" and node.attrs["data-severity"] == f.severity.value
        hrefs = {n.attrs.get("href") for n in node.iter() if n.tag == "a"}
        for j, s in enumerate(f.evidence):
            anchor = f"ev-{i}-{j}"
            assert f"#{anchor}" in hrefs  # the finding links to its evidence ...
            assert anchor in ids  # ... which exists in the article text ...
            assert marks_text(root, anchor) == view.control_pictures(s.text)  # ... at exact offsets
            # and each mark leads back to the finding
            assert all(f"finding-{i}" in n.attrs["data-f"].split() for n in root.iter()
                       if n.tag == "mark" and anchor in n.attrs.get("data-ev", "").split())


def test_article_texts_are_included_whole_and_escaped() -> None:
    r = sample_report()
    doc = html.render(r)
    root = parse(doc)
    pres = [n for n in root.iter() if n.tag == "pre" and "text" in n.attrs.get("class", "")]
    assert [p.text() for p in pres] == [view.control_pictures(a.text) for a in r.articles]
    # the only script element is the report's own; the article's markup is text
    assert len(re.findall(r"<script\b", doc, flags=re.I)) == 1
    assert len([n for n in root.iter() if n.tag == "script"]) == 1
    assert not [n for n in root.iter() if n.tag in ("img", "iframe", "link", "object")]
    assert not [n for n in root.iter() if n.tag == "b" and n.text() == "bold"]  # the article's <b>bold</b>
    assert "&lt;script&gt;window.__pwned = 1;" in doc


def test_no_network_and_csp_pins_the_inline_script_and_style() -> None:
    doc = html.render(sample_report())
    root = parse(doc)
    for n in root.iter():
        assert "src" not in n.attrs, n
        assert not any(k.startswith("on") for k in n.attrs), n  # no inline handlers (from articles or us)
    assert not re.search(r"url\(|@import", html.CSS)
    script = next(n for n in root.iter() if n.tag == "script").text()
    style = next(n for n in root.iter() if n.tag == "style").text()
    csp = next(n.attrs["content"] for n in root.iter() if n.attrs.get("http-equiv") == "Content-Security-Policy")

    def h(s: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"

    assert f"script-src {h(script)}" in csp and f"style-src {h(style)}" in csp
    assert csp.startswith("default-src 'none'")


def test_side_by_side_diff_for_altered_quotes() -> None:
    root = parse(html.render(sample_report()))
    f1 = next(n for n in root.iter() if n.attrs.get("id") == "finding-1")
    dels = [n.text() for n in f1.iter() if n.tag == "del"]
    ins = [n.text() for n in f1.iter() if n.tag == "ins"]
    assert dels == ["tackle", "Ukrainian"] and ins == ["work on tackling"]
    sides = [n for n in f1.iter() if n.attrs.get("class") == "side"]
    assert len(sides) == 2 and "Wire Agency" in sides[0].text() and "Daily" in sides[1].text()


def test_unsafe_urls_and_foreign_evidence_do_not_break_the_page() -> None:
    a = Article(id="x", path="x.txt", url="javascript:alert(1)", text="He said “no” today.")
    b = Article(id="y", path="y.txt", url="https://example.org/a?b=<c>", text="He said “yes” today.")
    ev = [Span(article_id="x", start=9, end=11, text="no"), Span(article_id="y", start=9, end=12, text="yes"),
          Span(article_id="gone", start=0, end=3, text="abc"), Span(article_id="x", start=0, end=0, text="")]
    r = Report(articles=[a, b], findings=[Finding(id="F1", kind="quote_altered", severity=Severity.error,
                                                  message="m", evidence=ev)])
    doc = html.render(r)
    root = parse(doc)
    links = [n.attrs["href"] for n in root.iter() if n.tag == "a"]
    assert "javascript:alert(1)" not in links and "https://example.org/a?b=<c>" in links
    assert "#finding-1" in links  # evidence in an article the report lacks points at the finding
    assert marks_text(root, "ev-1-0") == "no" and marks_text(root, "ev-1-1") == "yes"
    assert any(n.attrs.get("id") == "ev-1-3" for n in root.iter() if n.tag == "mark")  # empty span marked


def test_empty_report() -> None:
    root = parse(html.render(empty_report()))
    assert "No findings" in root.text()
