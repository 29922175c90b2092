"""Machine formats, each parsed back: JSON (against its schema), SARIF (against the
official SARIF 2.1.0 schema, vendored in tests/data), JUnit (XML parser), Markdown
(a CommonMark + tables parser)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from markdown_it import MarkdownIt
from report_samples import empty_report, sample_report

from quotecheck.models import Severity
from quotecheck.report import jsonfmt, junit, markdown, render, sarif, view

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))


# --------------------------------------------------------------------------- JSON


def test_json_report_validates_against_generated_schema() -> None:
    schema = jsonfmt.json_schema()
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    data = json.loads(render(sample_report(), "json"))
    assert list(validator.iter_errors(data)) == []
    assert data["findings"][0]["evidence"][0]["text"] == sample_report().findings[0].evidence[0].text
    data["findings"][0]["severity"] = "fatal"
    assert list(validator.iter_errors(data)), "an unknown severity must not validate"


# --------------------------------------------------------------------------- SARIF


def _region_text(text: str, region: dict) -> str:
    """Cut a region out by line/column, independently of the renderer's own helper."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    a = starts[region["startLine"] - 1] + region["startColumn"] - 1
    b = starts[region["endLine"] - 1] + region["endColumn"] - 1
    return text[a:b]


def test_sarif_validates_against_official_schema() -> None:
    log = json.loads(render(sample_report(), "sarif"))
    validator = jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    broken = dict(log, runs=[dict(log["runs"][0], results=[{"message": {"text": "x"}, "level": "fatal"}])])
    assert list(validator.iter_errors(broken)), "the schema must reject a bad level"


def test_sarif_results_regions_rules_and_fingerprints() -> None:
    r = sample_report()
    arts = {a.id: a for a in r.articles}
    run = json.loads(sarif.render(r))["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    results = run["results"]
    assert len(results) == len(r.findings)
    rules = run["tool"]["driver"]["rules"]
    for res, f in zip(results, r.findings, strict=True):
        assert res["ruleId"] == f.kind and rules[res["ruleIndex"]]["id"] == f.kind
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[f.severity.value]
        assert res["message"]["text"] == f.message
        assert res["partialFingerprints"] == {"quotecheck/v1": f.fingerprint}
        locs = res["locations"] + res.get("relatedLocations", [])
        assert len(locs) == len(f.evidence)
        for loc, span in zip(locs, f.evidence, strict=True):
            reg = loc["physicalLocation"]["region"]
            text = arts[span.article_id].text
            assert text[reg["charOffset"]: reg["charOffset"] + reg["charLength"]] == span.text
            assert _region_text(text, reg) == span.text
            assert reg["snippet"]["text"] == span.text
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for res in results for loc in res["locations"] + res.get("relatedLocations", [])}
    assert uris == {"corpus/wire.txt", "corpus/daily%20%3Cx%3E.txt", "file:///abs/path/herald.txt"}
    # the CRLF article: "7,000 troops" in its second body line
    reg = results[1]["relatedLocations"][0]["physicalLocation"]["region"]
    assert (reg["startLine"], reg["startColumn"]) == (3, 6)
    note = run["invocations"][0]
    assert note["executionSuccessful"] is False and len(note["toolExecutionNotifications"]) == 1


def test_sarif_for_an_empty_report_is_valid() -> None:
    log = json.loads(sarif.render(empty_report()))
    validator = jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA)
    assert list(validator.iter_errors(log)) == []
    assert log["runs"][0]["results"] == [] and log["runs"][0]["invocations"][0]["executionSuccessful"]


def test_artifact_uri() -> None:
    assert sarif.artifact_uri("a b/c#d.txt") == "a%20b/c%23d.txt"
    assert sarif.artifact_uri("/srv/x/y.txt", base="/srv") == "x/y.txt"
    assert sarif.artifact_uri("/other/y.txt", base="/srv") == "file:///other/y.txt"
    assert sarif.artifact_uri("-") == "stdin"


# --------------------------------------------------------------------------- JUnit


@pytest.mark.parametrize(("fail_on", "failing"), [
    ("error", {"wire", "daily"}),
    ("warning", {"wire", "daily", "herald"}),
    ("info", {"wire", "daily", "herald"}),
    ("never", set()),
])
def test_junit_parses_and_counts(fail_on: str, failing: set[str]) -> None:
    r = sample_report()
    xml = junit.render(r, fail_on=fail_on)
    root = ET.fromstring(xml.encode("utf-8"))  # strict XML parser: control chars would fail here
    assert root.tag == "testsuites"
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(r.articles) + len(r.errors)
    failed = {c.get("name").split(" ")[0] for c in cases if c.find("failure") is not None}
    assert failed == failing
    assert int(root.get("failures")) == len(failing) and int(root.get("tests")) == len(cases)
    for suite in root.findall("testsuite"):
        assert int(suite.get("tests")) == len(suite.findall("testcase"))
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
    errors = root.findall("./testsuite[@name='input']/testcase/error")
    assert len(errors) == 1 and int(root.get("errors")) == 1


def test_junit_keeps_hostile_text_readable() -> None:
    r = sample_report()
    r.findings[3].severity = Severity.error  # the finding whose evidence holds ]]> and controls
    root = ET.fromstring(junit.render(r, fail_on="error").encode("utf-8"))
    daily = next(c for c in root.iter("testcase") if c.get("name").startswith("daily"))
    body = daily.find("failure").text
    assert "]]> end of CDATA & ampersand" in body  # round-trips exactly through the parser
    assert "Bell\\x07 and escape \\x1b[31mRED" in body  # controls shown, not dropped
    assert "<script>alert(1)</script>" in daily.find("failure").get("message")
    # below the threshold: nothing fails, findings are still visible
    root = ET.fromstring(junit.render(sample_report(), fail_on="error").encode("utf-8"))
    herald = next(c for c in root.iter("testcase") if c.get("name").startswith("herald"))
    assert herald.find("failure") is None and "7,000 troops" in herald.find("system-out").text


def test_junit_without_stories_uses_one_suite() -> None:
    r = sample_report()
    r.stories = []
    root = ET.fromstring(junit.render(r).encode("utf-8"))
    assert [s.get("name") for s in root.findall("testsuite")] == ["sources", "input"]


# --------------------------------------------------------------------------- Markdown


def _md() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def test_markdown_table_survives_pipes_backticks_newlines() -> None:
    r = sample_report()
    md = markdown.render(r, fail_on="error")
    tokens = _md().parse(md)
    tables: list[list[list[str]]] = []
    for i, t in enumerate(tokens):
        if t.type == "table_open":
            tables.append([])
        elif t.type == "tr_open":
            tables[-1].append([])
        elif t.type in ("td_open", "th_open"):
            tables[-1][-1].append(tokens[i + 1].content)
    assert [len(t) for t in tables] == [2, len(r.findings) + 1]  # severity counts, findings
    findings_table = tables[1]
    assert all(len(row) == 4 for row in findings_table)  # no pipe or newline split a row
    assert [row[1] for row in findings_table[1:]] == [f.id for f in r.findings]
    html = _md().render(md)
    assert "<script" not in html and "<b>" not in html  # article markup stays text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "`pipe` and &lt;tag&gt;<br>newline" in html  # backticks literal, newline kept in the cell
    assert "<s>tackle</s>" in html and "<strong>work on tackling</strong>" in html
    assert "❌ <strong>1</strong> finding(s) at or above <code>error</code>" in html


def test_markdown_escapes_mentions_and_caps_length() -> None:
    assert markdown.inline("@octocat #12 *x* [a](b)") == "\\@octocat \\#12 \\*x\\* \\[a\\](b)"
    r = sample_report()
    r.findings = r.findings * 80
    md = markdown.render(r)
    assert "more findings" in md and md.count("\n| ") <= markdown.MAX_FINDINGS + 5


def test_markdown_verdict_follows_fail_on() -> None:
    assert "✅ nothing at or above `never`" in markdown.render(sample_report(), fail_on="never")
    assert "**3** finding(s) at or above `warning`" in markdown.render(sample_report(), fail_on="warning")


def test_render_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        render(sample_report(), "pdf")


def test_at_or_above() -> None:
    fs = sample_report().findings
    assert [f.id for f in view.at_or_above(fs, "warning")] == ["F1", "F2", "F3"]
    assert view.at_or_above(fs, "never") == []
    assert re.fullmatch(r"[0-9a-z-]+", fs[0].fingerprint)


def _hostile_report():
    """The sample report with text that JSON must escape: newlines, quotes, control and non-ASCII."""
    report = sample_report()
    quote = report.quotes[0].model_copy(update={"text": 'a\n"b"\t\u0001 – “c” \\ é'})
    report.quotes = [quote, *report.quotes[1:]]
    report.tool_version = "x\ny"
    return report


@pytest.mark.parametrize("make", [empty_report, sample_report, _hostile_report])
def test_json_chunks_are_exactly_the_whole_report(make) -> None:
    report = make()
    chunks = list(jsonfmt.render_chunks(report))
    assert "".join(chunks) == jsonfmt.render(report)
    streamed = sum(len(v) for v in jsonfmt._streamed_fields(report).values())
    assert len(chunks) >= streamed  # one piece per list element at least: nothing joined whole


def test_check_writes_json_in_pieces_identical_to_render(tmp_path: Path) -> None:
    from quotecheck.commands import common

    report = sample_report()
    out = tmp_path / "r.json"
    common.write(jsonfmt.render_chunks(report), str(out))
    assert out.read_text(encoding="utf-8") == jsonfmt.render(report)
    assert json.loads(out.read_text(encoding="utf-8"))["quotes"]
