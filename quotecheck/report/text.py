"""Terminal output with rich; plain when piped, with --no-color or NO_COLOR."""

from __future__ import annotations

import io
import os

from rich.console import Console
from rich.table import Table

from quotecheck.models import Report


def _console(buf: io.StringIO, color: bool) -> Console:
    color = color and "NO_COLOR" not in os.environ
    return Console(file=buf, force_terminal=color, no_color=not color, width=max(80, _width()),
                   highlight=False, soft_wrap=False)


def _width() -> int:
    try:
        return os.get_terminal_size().columns
    except OSError:
        return 100


def _short(s: str, n: int = 70) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def render(report: Report, *, color: bool = True) -> str:
    buf = io.StringIO()
    con = _console(buf, color)
    sev = {s: sum(1 for f in report.findings if f.severity == s) for s in ("error", "warning", "info")}
    con.print(f"[bold]quotecheck[/bold]: {len(report.articles)} articles, {len(report.stories)} stories, "
              f"{len(report.quotes)} quotes, {len(report.clusters)} clusters, "
              f"{len(report.figures)} figures, {len(report.dates)} dates")
    con.print(f"findings: {sev['error']} error, {sev['warning']} warning, {sev['info']} info")
    if report.findings:
        t = Table(show_lines=True)
        for col in ("id", "severity", "kind", "message", "evidence"):
            t.add_column(col)
        for f in report.findings:
            ev = "\n".join(f"{s.article_id} [{s.start}:{s.end}] {_short(s.text, 60)}" for s in f.evidence)
            t.add_row(f.id, f.severity.value, f.kind, f.message, ev)
        con.print(t)
    return buf.getvalue()


def render_quotes(report: Report, *, color: bool = True) -> str:
    buf = io.StringIO()
    con = _console(buf, color)
    t = Table(title=f"{len(report.quotes)} quotes")
    for col in ("article", "quote", "kind", "speaker", "cue"):
        t.add_column(col)
    for q in report.quotes:
        t.add_row(q.article_id, _short(q.text), q.kind, q.speaker or "—", q.cue or "—")
    con.print(t)
    return buf.getvalue()


def render_figures(report: Report, *, color: bool = True) -> str:
    buf = io.StringIO()
    con = _console(buf, color)
    t = Table(title=f"{len(report.figures)} figures")
    for col in ("article", "text", "interval", "subject", "qualifiers"):
        t.add_column(col)
    for f in report.figures:
        iv = f"{f.low:g}–{f.high:g}" if f.low is not None and f.high is not None else "?"
        t.add_row(f.article_id, _short(f.text, 40), iv, f.subject or "—", ", ".join(f.qualifiers))
    con.print(t)
    t = Table(title=f"{len(report.dates)} dates")
    for col in ("article", "text", "resolved", "precision", "event"):
        t.add_column(col)
    for d in report.dates:
        t.add_row(d.article_id, _short(d.text, 40), str(d.value or "?"), d.precision, d.event or "—")
    con.print(t)
    return buf.getvalue()
