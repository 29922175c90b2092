"""SARIF 2.1.0 for code-scanning dashboards (GitHub, Azure DevOps, VS Code viewers).

One result per finding: ``ruleId`` is the finding kind, the first evidence
span is the primary location and the others are ``relatedLocations``. Regions
give line/column (1-based, ``endColumn`` one past the last character) AND
``charOffset``/``charLength``; ``run.columnKind`` is ``unicodeCodePoints``
because offsets are Python string indices. Lines are counted in
``Article.text`` (the text as read): for plain-text and Markdown input that is
the file itself; for structured input (JSON, HTML, NewsML) it is the extracted
body, which ``properties.offsetsInto`` says and the logical location (the
article id) disambiguates.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from quotecheck.models import Article, Finding, Report, Span
from quotecheck.report import view

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "quotecheck/v1"
PLAIN_FORMATS = {"text", "markdown"}


def artifact_uri(path: str, base: str | None = None) -> str:
    """A path as a URI reference: relative paths stay relative (so dashboards map them
    to the repository), absolute ones under ``base`` are made relative to it, others
    become ``file://`` URIs; every character a URI cannot carry is percent-encoded."""
    if path == "-":
        return "stdin"
    p = Path(path)
    if p.is_absolute():
        base = base or os.getcwd()
        try:
            p = p.relative_to(base)
        except ValueError:
            return p.as_uri()
    return quote(PurePosixPath(*p.parts).as_posix() if p.parts else ".", safe="/")


def region(article: Article | None, span: Span) -> dict:
    r: dict = {"charOffset": span.start, "charLength": max(0, span.end - span.start)}
    if article is not None and 0 <= span.start <= span.end <= len(article.text):
        sl, sc = view.line_col(article.text, span.start)
        el, ec = view.line_col(article.text, span.end)
        r.update({"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec})
    r["snippet"] = {"text": span.text}
    return r


def location(arts: dict[str, Article], span: Span, loc_id: int | None = None, message: str | None = None,
             base: str | None = None) -> dict:
    art = arts.get(span.article_id)
    loc: dict = {}
    if loc_id is not None:
        loc["id"] = loc_id
    loc["physicalLocation"] = {
        "artifactLocation": {"uri": artifact_uri(art.path if art else span.article_id, base)},
        "region": region(art, span),
    }
    loc["logicalLocations"] = [{"name": span.article_id, "fullyQualifiedName": span.article_id,
                                "kind": "article"}]
    if message:
        loc["message"] = {"text": message}
    if art is not None:
        loc["properties"] = {"offsetsInto": "file-text" if art.format in PLAIN_FORMATS else "extracted-text",
                             "articleFormat": art.format}
    return loc


def rule(kind: str) -> dict:
    return {
        "id": kind,
        "name": "".join(w.capitalize() for w in kind.split("_")),
        "shortDescription": {"text": view.kind_title(kind)},
        "fullDescription": {"text": view.KIND_HELP.get(kind, view.kind_title(kind) + ".")},
        "help": {"text": view.KIND_HELP.get(kind, view.kind_title(kind) + ".")},
    }


def result(arts: dict[str, Article], f: Finding, rule_index: int, base: str | None) -> dict:
    label = [view.evidence_label(arts, s) for s in f.evidence]
    res: dict = {
        "ruleId": f.kind,
        "ruleIndex": rule_index,
        "level": LEVEL.get(f.severity.value, "note"),
        "message": {"text": f.message or view.kind_title(f.kind)},
    }
    if f.evidence:
        res["locations"] = [location(arts, f.evidence[0], message=label[0], base=base)]
        if len(f.evidence) > 1:
            res["relatedLocations"] = [location(arts, s, loc_id=j, message=label[j], base=base)
                                       for j, s in enumerate(f.evidence) if j > 0]
    if f.fingerprint:
        res["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
    props: dict = {"findingId": f.id, "severity": f.severity.value}
    if f.story_id:
        props["storyId"] = f.story_id
    if f.details:
        props["details"] = json.loads(json.dumps(f.details, default=str))
    res["properties"] = props
    return res


def to_sarif(report: Report, *, base: str | None = None) -> dict:
    arts = view.articles_by_id(report)
    kinds = list(dict.fromkeys([*view.KIND_TITLES, *(f.kind for f in report.findings)]))
    index = {k: i for i, k in enumerate(kinds)}
    run: dict = {
        "tool": {"driver": {
            "name": "quotecheck",
            "version": report.tool_version or "0",
            "semanticVersion": report.tool_version or "0.0.0",
            "rules": [rule(k) for k in kinds],
        }},
        "columnKind": "unicodeCodePoints",
        "results": [result(arts, f, index[f.kind], base) for f in report.findings],
        "invocations": [{
            "executionSuccessful": not report.errors,
            "toolExecutionNotifications": [
                {"level": "error", "message": {"text": f"{e.path}: {e.reason}"},
                 "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(e.path, base)}}}]}
                for e in report.errors
            ],
        }],
        "properties": {"schemaVersion": report.schema_version, "stories": len(report.stories),
                       "articles": len(report.articles)},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report, *, base: str | None = None) -> str:
    return json.dumps(to_sarif(report, base=base), indent=2, ensure_ascii=False) + "\n"
