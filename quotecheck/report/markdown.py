"""GitHub-flavoured Markdown for a pull-request comment.

Table cells are the fragile part: a ``|`` ends a cell even inside a code
span, a newline ends the row, and backticks, ``*``, ``_``, ``[``, ``<`` ...
would format or swallow article text. Every cell goes through ``cell()``:
characters that Markdown or HTML would read are backslash-escaped or written
as entities, newlines become ``<br>``. GitHub caps a comment at 65,536
characters, so the findings table stops at ``MAX_FINDINGS`` rows with a note.
"""

from __future__ import annotations

import re

from quotecheck.models import Report
from quotecheck.report import view

MAX_FINDINGS = 200
MAX_CELL = 500
SEV_ICON = {"error": "🔴", "warning": "🟠", "info": "🔵"}

# ASCII punctuation that CommonMark lets one backslash-escape and that could format text,
# link, or (on GitHub) mention a user (@name) or an issue (#12).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]!|~@#$])")


def inline(text: str, limit: int | None = MAX_CELL) -> str:
    """One line of literal text: nothing in it is read as Markdown or HTML."""
    s = view.visible(text)
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_SPECIAL.sub(r"\\\1", s)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return s


def cell(text: str, limit: int | None = MAX_CELL) -> str:
    """A table cell: like ``inline`` and newlines as ``<br>`` (a raw newline would end the row)."""
    return "<br>".join(inline(part, None) for part in _cut(text, limit).split("\n"))


def _cut(text: str, limit: int | None) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if limit is not None and len(text) > limit:
        return text[: limit - 1] + "…"
    return text


def _side_md(side: view.Side, is_ref: bool) -> str:
    out = []
    for piece, changed in side.pieces:
        text = inline(view.flat(piece), None)
        if changed and text.strip():
            lead, core, trail = _split_ws(text)
            text = f"{lead}{'~~' if is_ref else '**'}{core}{'~~' if is_ref else '**'}{trail}"
        out.append(text)
    return "".join(out)


def _split_ws(s: str) -> tuple[str, str, str]:
    """Emphasis markers must touch the words (``** x**`` is not bold)."""
    core = s.strip()
    i = s.index(core)
    return s[:i], core, s[i + len(core):]


def render(report: Report, *, fail_on: str = "error") -> str:
    sev = view.severity_counts(report.findings)
    arts = view.articles_by_id(report)
    failing = view.at_or_above(report.findings, fail_on)
    lines = ["## quotecheck report", ""]
    verdict = (f"❌ **{len(failing)}** finding(s) at or above `{fail_on}`" if failing
               else f"✅ nothing at or above `{fail_on}`")
    lines += [
        f"{verdict} · {view.plural(len(report.articles), 'source')} · "
        f"{view.plural(len(report.stories), 'story', 'stories')} · "
        f"{view.plural(len(report.quotes), 'quote')} · {view.plural(len(report.clusters), 'cluster')}",
        "",
        f"| {SEV_ICON['error']} error | {SEV_ICON['warning']} warning | {SEV_ICON['info']} info |",
        "|---:|---:|---:|",
        f"| {sev['error']} | {sev['warning']} | {sev['info']} |",
        "",
    ]
    labels, claims = view.reader_labels(report.articles), view.claims_by_id(report)  # names a reader knows
    if report.findings:
        lines += ["### Findings", "",
                  "| | id | finding | evidence |",
                  "|---|---|---|---|"]
        for f in report.findings[:MAX_FINDINGS]:
            pairs = view.finding_diffs(f) if view.is_wording_finding(f) else []
            if pairs:
                ref = pairs[0][0]
                ev = [f"{cell(view.evidence_label(arts, ref.span), 200)}: {_side_md(ref, True)}"]
                ev += [f"{cell(view.evidence_label(arts, o.span), 200)}: {_side_md(o, False)}" for _, o in pairs]
                rest = view.unpaired(f, pairs)
                if rest:
                    ev.append("same wording: " + cell("; ".join(view.evidence_label(arts, s) for s in rest), 300))
            else:
                ev = [f"{cell(view.evidence_label(arts, s), 200)}: “{cell(view.one_line(s.text), 300)}”"
                      for s in f.evidence]
            lines.append(f"| {SEV_ICON.get(f.severity.value, '')} {f.severity.value} | {cell(f.id, 40)} | "
                         f"**{cell(view.kind_title(f.kind), 80)}**<br>{cell(view.finding_summary(f, claims, labels, fold=False))} | "
                         f"{'<br>'.join(ev)} |")
        if len(report.findings) > MAX_FINDINGS:
            lines.append("")
            lines.append(f"_…and {len(report.findings) - MAX_FINDINGS} more findings: see the full report "
                         "(`--format html` or `--format json`)._")
        lines.append("")
    shown = view.shown_claims(report)
    if shown:
        lines += ["<details><summary>Claims (" + str(len(shown)) + ")</summary>", "",
                  "| claim | verdict | values by source (publication order) |", "|---|---|---|"]
        for c in shown[:MAX_FINDINGS]:
            vals = "; ".join(f"{'**' if v.odd else ''}{cell(labels.get(v.article_id, v.article_id), 80)} "
                             f"({v.published.isoformat() if v.published else '?'}): {cell(v.shown, 40)}"
                             f"{'**' if v.odd else ''}" for v in c.values if v.current)
            lines.append(f"| {cell(c.kind + ': ' + view.claim_name(c), 120)} | {cell(c.verdict, 20)} | {vals} |")
        lines += ["", "</details>", ""]
    if report.stories:
        lines += ["<details><summary>Stories and sources</summary>", ""]
        for s in report.stories:
            label = f" — {inline(s.label, 200)}" if s.label else ""
            lines.append(f"- **{inline(s.id, 80)}**{label}")
            for aid in s.article_ids:
                a = arts.get(aid)
                pub = f", {a.published.isoformat()}" if a and a.published else ""
                title = f": {inline(view.source_heading(a), 200)}" if a else ""  # title, else first words
                lines.append(f"  - {inline(labels.get(aid, aid), 120)}{pub}{title}")
        lines += ["", "</details>", ""]
    if report.skipped:
        lines += [f"<details><summary>Files skipped ({len(report.skipped)})</summary>", ""]
        lines += [f"- `{_code(s.path)}`: {inline(s.reason, 300)}" for s in report.skipped]
        lines += ["", "</details>", ""]
    if report.errors:
        lines += ["### Input errors", ""]
        lines += [f"- `{_code(e.path)}`: {inline(e.reason, 300)}" for e in report.errors]
        lines.append("")
    return "\n".join(lines)


def _code(s: str) -> str:
    """Text for a single-backtick code span: backticks cannot be escaped there, so they go."""
    return view.one_line(s, 300).replace("`", "'")
