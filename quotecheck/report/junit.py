"""JUnit XML, the test-result format every CI server shows (Jenkins, GitLab, GitHub actions).

Layout: one ``<testsuite>`` per story, one ``<testcase>`` per article in it.
An article "fails" when a finding at or above ``--fail-on`` involves it; the
``<failure>`` lists every such finding with its evidence (one failure element
per testcase, as strict JUnit consumers expect). Findings below the threshold
go to ``<system-out>``. Files that could not be read are ``<error>`` testcases
in an "input" suite. A finding between two articles shows under both, so
``failures`` counts articles with a conflict, not findings.

XML 1.0 cannot carry most control characters at all (not even escaped), so
every string goes through ``view.xml_safe``; ElementTree escapes the rest
(``&``, ``<``, ``]]>`` and quotes), so article text cannot break the file.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from quotecheck.models import Article, Finding, Report
from quotecheck.report import view


def _s(text: object) -> str:
    return view.xml_safe(str(text))


def _finding_text(arts: dict[str, Article], f: Finding) -> str:
    lines = [f"{f.id} [{f.severity.value}] {f.kind}: {f.message}"]
    for s in f.evidence:
        a = arts.get(s.article_id)
        where = a.path if a else s.article_id
        if a is not None and 0 <= s.start <= s.end <= len(a.text):
            line, col = view.line_col(a.text, s.start)
            where += f":{line}:{col}"
        lines.append(f"  {view.evidence_label(arts, s)} ({where}, chars {s.start}-{s.end}): "
                     f"“{view.one_line(s.text, 500)}”")
    return "\n".join(lines)


def _suites(report: Report) -> list[tuple[str, str, list[str]]]:
    """(suite name, story id, article ids), in report order; unlisted articles in a last suite."""
    out = []
    seen: set[str] = set()
    for s in report.stories:
        name = f"story {s.id}" + (f": {view.one_line(s.label, 120)}" if s.label else "")
        ids = [a for a in s.article_ids if a not in seen]
        seen.update(ids)
        out.append((name, s.id, ids))
    rest = [a.id for a in report.articles if a.id not in seen]
    seen.update(rest)
    rest += list(dict.fromkeys(e.article_id for f in report.findings for e in f.evidence
                               if e.article_id not in seen))
    if rest:
        out.append(("sources" if not report.stories else "ungrouped", "", rest))
    return out


def to_xml(report: Report, *, fail_on: str = "error") -> ET.Element:
    arts = view.articles_by_id(report)
    failing_ids = {id(f) for f in view.at_or_above(report.findings, fail_on)}
    by_article: dict[str, list[Finding]] = {}
    for f in report.findings:
        for aid in dict.fromkeys(s.article_id for s in f.evidence):
            by_article.setdefault(aid, []).append(f)

    root = ET.Element("testsuites", name="quotecheck")
    total = fails = errs = 0
    for name, story_id, ids in _suites(report):
        suite = ET.SubElement(root, "testsuite", name=_s(name))
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="fail-on", value=fail_on)
        if story_id:
            ET.SubElement(props, "property", name="story", value=_s(story_id))
        n_fail = 0
        for aid in ids:
            a = arts.get(aid)
            label = view.source_label(a, aid)
            case = ET.SubElement(suite, "testcase", classname=_s(f"quotecheck.{story_id or 'sources'}"),
                                 name=_s(aid if label == aid else f"{aid} ({label})"), time="0")
            if a is not None:
                case.set("file", _s(a.path))
            fs = by_article.get(aid, [])
            bad = [f for f in fs if id(f) in failing_ids]
            low = [f for f in fs if id(f) not in failing_ids]
            if bad:
                n_fail += 1
                kinds = ", ".join(dict.fromkeys(f.kind for f in bad))
                fail = ET.SubElement(case, "failure", type=_s(kinds),
                                     message=_s(f"{len(bad)} finding(s) at or above {fail_on}: "
                                                + "; ".join(view.one_line(f.message, 200) for f in bad)))
                fail.text = _s("\n\n".join(_finding_text(arts, f) for f in bad))
            if low:
                out = ET.SubElement(case, "system-out")
                out.text = _s("\n\n".join(_finding_text(arts, f) for f in low))
        suite.set("tests", str(len(ids)))
        suite.set("failures", str(n_fail))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        suite.set("time", "0")
        total += len(ids)
        fails += n_fail
    if report.errors:
        suite = ET.SubElement(root, "testsuite", name="input", tests=str(len(report.errors)),
                              failures="0", errors=str(len(report.errors)), skipped="0", time="0")
        for e in report.errors:
            case = ET.SubElement(suite, "testcase", classname="quotecheck.input", name=_s(e.path), time="0")
            err = ET.SubElement(case, "error", type="InputError", message=_s(e.reason))
            err.text = _s(f"{e.path}: {e.reason}")
        total += len(report.errors)
        errs += len(report.errors)
    root.set("tests", str(total))
    root.set("failures", str(fails))
    root.set("errors", str(errs))
    return root


def render(report: Report, *, fail_on: str = "error") -> str:
    root = to_xml(report, fail_on=fail_on)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
