"""Terminal output with rich, for editors.

Colour only when asked for and allowed (``NO_COLOR`` set, ``--no-color`` or a
pipe turn it off); without colour, word differences are still marked, as
``[-dropped-]`` and ``{+added+}`` (git's word-diff notation). All article text
goes in as ``rich.text.Text`` (never as markup) after control characters are
made visible, so an article cannot inject markup or terminal escapes.
"""

from __future__ import annotations

import io
import os
import sys

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from quotecheck.models import Article, Finding, Report, Span
from quotecheck.report import view

SEV_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
DEFAULT_WIDTH = 100
MIN_WIDTH = 20


def no_color_env() -> bool:
    """https://no-color.org: NO_COLOR present and not empty disables colour."""
    return bool(os.environ.get("NO_COLOR"))


def stdout_color(no_color: bool, output: str | None = None) -> bool:
    """Colour for a report on stdout: not asked away, not to a file, stdout a terminal."""
    if no_color or output or no_color_env():
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _width(width: int | None) -> int:
    if width:
        return max(MIN_WIDTH, width)
    cols = os.environ.get("COLUMNS", "")
    if cols.isdigit() and int(cols) > 0:
        return max(MIN_WIDTH, int(cols))
    try:
        return max(MIN_WIDTH, os.get_terminal_size().columns)
    except OSError:
        return DEFAULT_WIDTH


def make_console(buf: io.StringIO, color: bool, width: int | None = None) -> Console:
    color = color and not no_color_env()
    return Console(
        file=buf, force_terminal=color, no_color=not color, color_system="standard" if color else None,
        width=_width(width), highlight=False, soft_wrap=False, emoji=False, markup=False,
        legacy_windows=False,
    )


def _t(s: str | None, style: str = "") -> Text:
    return Text(view.visible(s or ""), style=style)


def _sev(sev: str) -> Text:
    return Text(sev, style=SEV_STYLE.get(sev, ""))


# --------------------------------------------------------------------------- pieces


def header(report: Report) -> Text:
    sev = view.severity_counts(report.findings)
    t = Text()
    t.append("quotecheck", style="bold")
    t.append(f" {report.tool_version}  " if report.tool_version else "  ")
    p = view.plural
    t.append(f"{p(len(report.articles), 'source')}, {p(len(report.stories), 'story', 'stories')}, "
             f"{p(len(report.quotes), 'quote')}, {p(len(report.clusters), 'cluster')}, "
             f"{p(len(report.figures), 'figure')}, {p(len(report.dates), 'date')}\n")
    t.append("findings: ")
    for i, s in enumerate(view.SEVERITIES):
        if i:
            t.append(", ")
        t.append(f"{sev[s]} {s}", style=SEV_STYLE[s] if sev[s] else "")
    if report.errors:
        t.append(f"\ninput errors: {len(report.errors)} file(s) could not be read", style="red")
    return t


def sources_table(report: Report, width: int = DEFAULT_WIDTH) -> Table:
    """One line a source: reader name, date, title or first words (both cut to fit, with ``…``)."""
    qc = view.quotes_per_article(report)
    story = view.story_of_article(report)
    labels = view.reader_labels(report.articles)
    src_w = min(max(20, width // 4), max((len(v) for v in labels.values()), default=6))
    # the other columns (published 10, quotes 6, story 5) and two spaces of padding around each
    title_w = max(12, width - src_w - 10 - 6 - (5 if report.stories else 0) - 2 * (5 if report.stories else 4) - 7)
    t = Table(title=f"Sources read ({len(report.articles)})", box=box.SIMPLE_HEAD, title_justify="left", expand=False)
    t.add_column("source", no_wrap=True)
    t.add_column("published", no_wrap=True)
    t.add_column("title (else first words)" if title_w >= 24 else "title", no_wrap=True)
    t.add_column("quotes", justify="right")
    if report.stories:
        t.add_column("story", overflow="fold")
    for a in report.articles:
        row = [_t(view.one_line(labels[a.id], src_w)), _t(a.published.isoformat() if a.published else "—"),
               _t(view.one_line(view.source_heading(a), title_w)), Text(str(qc.get(a.id, 0)))]
        if report.stories:
            row.append(_t(story.get(a.id, "—")))
        t.add_row(*row)
    return t


def stories_table(report: Report) -> Table:
    labels = view.reader_labels(report.articles)
    t = Table(title="Stories", box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("story", overflow="fold")
    t.add_column("label", overflow="fold")
    t.add_column("articles", overflow="fold")
    t.add_column("why grouped", overflow="fold")
    for s in report.stories:
        t.add_row(_t(s.id), _t(s.label or "—"), _t(", ".join(labels.get(a, a) for a in s.article_ids)),
                  _t(view.readable(s.reason, labels) or "—"))
    return t


def side_text(side: view.Side, is_ref: bool, color: bool) -> Text:
    """One wording; changed words styled (colour) or bracketed as in git's word diff (plain)."""
    out = Text()
    for piece, changed in side.pieces:
        piece = view.flat(piece)
        if not changed:
            out.append(piece)
        elif color:
            out.append(piece, style="bold red strike" if is_ref else "bold green")
        else:
            out.append(f"[-{piece}-]" if is_ref else f"{{+{piece}+}}")
    return out


def _label(arts: dict[str, Article], s: Span) -> Text:
    return Text(f"{view.visible(view.evidence_label(arts, s))} [{s.start}:{s.end}]: ", style="dim")


def _reader_arts(report: Report) -> dict[str, Article]:
    """Articles by id whose outlet is the reader's label (so evidence lines name every source)."""
    labels = view.reader_labels(report.articles)
    return {a.id: a.model_copy(update={"outlet": labels[a.id]}) for a in report.articles}


def _evidence_cell(arts: dict[str, Article], f: Finding, color: bool) -> Text:
    lines: list[Text] = []
    pairs = view.finding_diffs(f) if view.is_wording_finding(f) else []
    if pairs:
        ref = pairs[0][0]
        lines.append(_label(arts, ref.span).append_text(side_text(ref, True, color)))
        for _, other in pairs:
            lines.append(_label(arts, other.span).append_text(side_text(other, False, color)))
        rest = view.unpaired(f, pairs)
        if rest:
            lines.append(Text("same wording: " + "; ".join(
                f"{view.visible(view.evidence_label(arts, s))} [{s.start}:{s.end}]" for s in rest), style="dim"))
    else:
        for s in f.evidence:
            lines.append(_label(arts, s).append(view.one_line(s.text, 300)))
    return Text("\n").join(lines)


def findings_table(report: Report, color: bool) -> Table:
    t = Table(title="Findings", box=box.SIMPLE_HEAD, title_justify="left", show_lines=True)
    t.add_column("id", no_wrap=True)
    t.add_column("severity", no_wrap=True)
    t.add_column("finding", overflow="fold", ratio=2)
    t.add_column("evidence", overflow="fold", ratio=3)
    arts = _reader_arts(report)
    labels, claims = view.reader_labels(report.articles), view.claims_by_id(report)
    for f in report.findings:
        what = Text(view.kind_title(f.kind), style="bold")
        what.append("\n")
        what.append(view.one_line(view.finding_summary(f, claims, labels), 400))
        t.add_row(_t(f.id), _sev(f.severity.value), what, _evidence_cell(arts, f, color))
    return t


def clusters_tree(report: Report) -> Tree:
    labels = view.reader_labels(report.articles)
    tree = Tree(Text(f"Quote clusters ({len(report.clusters)})", style="bold"))
    for c in report.clusters:
        node = tree.add(Text.assemble((f"{c.id} ", "dim"), ("“" + view.one_line(c.canonical_text, 300) + "”", "bold")))
        for m in c.members:
            label = Text(f"{view.visible(labels.get(m.article_id, m.article_id))}: ", style="dim")
            label.append("“" + view.one_line(m.text, 300) + "”")
            label.append(f" — {view.one_line(m.speaker)}" if m.speaker else " — (no speaker)",
                         style="italic")
            if m.relation not in ("same", "canonical"):
                label.append(f" [{m.relation}, {m.similarity:.2f}]", style="dim")
            node.add(label)
    return tree


def figures_table(report: Report) -> Table:
    labels = view.reader_labels(report.articles)
    t = Table(title=f"Figures ({len(report.figures)})", box=box.SIMPLE_HEAD, title_justify="left")
    for col in ("source", "text", "interval", "hedge", "unit", "subject", "qualifiers"):
        t.add_column(col, overflow="fold")
    for f in report.figures:
        iv = view.human_interval(f.low, f.high, f.unit)  # "≥ 10,000": no upper bound
        t.add_row(_t(labels.get(f.article_id, f.article_id)), _t(view.one_line(f.text, 60)),
                  Text(iv), _t(f.hedge or "—"), _t(f.unit or "—"), _t(f.subject or "—"),
                  _t(", ".join(f.qualifiers) or "—"))
    return t


def disputes(report: Report, narrow: bool) -> Group | Table:
    """The overview: every dispute in one list worst first (a disputed claim, a quote cluster
    with all its altered versions, or another finding per row), then the counts by kind."""
    labels = view.reader_labels(report.articles)
    rows = view.overview_rows(report, labels)
    counts = view.kind_severity_counts(report.findings)
    c = Table(box=box.SIMPLE_HEAD, title_justify="left")
    c.add_column("kind")
    for s in (*view.SEVERITIES, "all"):
        c.add_column(s, justify="right")
    for k, n in counts:
        c.add_row(_t(view.kind_title(k)), *(Text(str(n[s])) for s in view.SEVERITIES), Text(str(sum(n.values()))))
    if narrow:
        items: list = [Text(f"Disputes ({len(rows)}, worst first)", style="bold italic")]
        for r in rows:
            t = Text(", ".join(report.findings[i].id for i in r.findings) + " ", style="bold")
            t.append_text(_sev(r.severity))
            t.append(" " + r.title + "\n", style="bold")
            t.append(view.one_line(r.summary, 300))
            items.append(t)
        return Group(*items, Text(""), c)
    t = Table(title=f"Disputes ({len(rows)}, worst first)", box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("see", overflow="fold")
    t.add_column("severity", no_wrap=True)
    t.add_column("dispute", overflow="fold", ratio=1)
    for r in rows:
        what = Text(r.title, style="bold")
        what.append("\n" + view.one_line(r.summary, 300))
        t.add_row(_t(", ".join(report.findings[i].id for i in r.findings)), _sev(r.severity), what)
    return Group(t, c)


def skipped_table(report: Report) -> Table:
    """Files of the folders given that were not read, and why."""
    t = Table(title=f"Files skipped ({len(report.skipped)})", box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("file", overflow="fold")
    t.add_column("why", overflow="fold", ratio=1)
    for s in report.skipped:
        t.add_row(_t(s.path), _t(s.reason))
    return t


# --------------------------------------------------------------------------- narrow terminals

NARROW = 72  # below this many columns tables wrap word by word; lists read better


def sources_list(report: Report) -> Group:
    qc = view.quotes_per_article(report)
    story = view.story_of_article(report)
    items: list = [Text(f"Sources read ({len(report.articles)})", style="bold italic")]
    labels = view.reader_labels(report.articles)
    for a in report.articles:
        t = Text("• ")
        t.append(view.visible(labels[a.id]), style="bold")
        meta = [a.published.isoformat() if a.published else "date unknown",
                view.plural(qc.get(a.id, 0), "quote"), f"story {story[a.id]}" if a.id in story else None]
        t.append(" — " + view.visible(", ".join(m for m in meta if m)))
        t.append("\n  " + view.one_line(view.source_heading(a), 200), style="italic")
        items.append(t)
    return Group(*items, Text(""))


def stories_list(report: Report) -> Group:
    labels = view.reader_labels(report.articles)
    items: list = [Text("Stories", style="bold italic")]
    for s in report.stories:
        t = Text("• ")
        t.append(view.visible(s.id), style="bold")
        if s.label:
            t.append(" " + view.one_line(s.label, 200))
        t.append("\n  " + view.visible(", ".join(labels.get(a, a) for a in s.article_ids)))
        if s.reason:
            t.append("\n  " + view.one_line(view.readable(s.reason, labels), 200), style="dim")
        items.append(t)
    return Group(*items, Text(""))


def findings_list(report: Report, color: bool) -> Group:
    items: list = [Text("Findings", style="bold italic")]
    arts = _reader_arts(report)
    labels, claims = view.reader_labels(report.articles), view.claims_by_id(report)
    for f in report.findings:
        t = Text()
        t.append(f"{view.visible(f.id)} ", style="bold")
        t.append_text(_sev(f.severity.value))
        t.append(" " + view.kind_title(f.kind) + "\n", style="bold")
        t.append(view.one_line(view.finding_summary(f, claims, labels), 400) + "\n")
        t.append_text(_evidence_cell(arts, f, color))
        items += [t, Text("")]
    return Group(*items)


def figures_list(report: Report) -> Group:
    labels = view.reader_labels(report.articles)
    items: list = [Text(f"Figures ({len(report.figures)})", style="bold italic")]
    for f in report.figures:
        t = Text("• " + view.visible(labels.get(f.article_id, f.article_id)) + ": ")
        t.append(view.one_line(f.text, 60), style="bold")
        if f.subject:
            t.append(" (" + view.visible(f.subject) + ")")
        items.append(t)
    return Group(*items, Text(""))


def claims_table(report: Report) -> Table:
    """Claim, verdict, every source's value in time order (odd ones marked ✗), the reason."""
    t = Table(title=f"Claims ({len(report.claims)}; disputed {sum(c.severity is not None for c in report.claims)})",
              box=box.SIMPLE_HEAD, title_justify="left", show_lines=True)
    for col in ("claim", "verdict", "values by source (in publication order)", "why"):
        t.add_column(col, overflow="fold")
    style = {"outlier": "yellow", "contradiction": "red", "evolving": "cyan", "consistent": "green"}
    labels = view.reader_labels(report.articles)
    for c in view.shown_claims(report):
        vals = Text()
        for i, v in enumerate(v for v in c.values if v.current):
            if i:
                vals.append("; ")
            pub = v.published.isoformat() if v.published else "?"
            vals.append(view.visible(f"{'✗ ' if v.odd else ''}{labels.get(v.article_id, v.article_id)} ({pub}): {v.shown}"),
                        style="bold" if v.odd else "")
        t.add_row(_t(f"{c.kind}: {view.claim_name(c)}"), Text(c.verdict, style=style.get(c.verdict, "")), vals,
                  _t(view.readable(c.reason, labels)))
    return t


def render_left_out(report: Report) -> str:
    """``check --explain``: every figure or date mention that is in no claim, and why."""
    lines = [f"Left out of the claims ({len(report.claims_left_out)}):"]
    lines += [f"  {x.article_id}:{x.start}-{x.end} “{x.text}”: {x.reason}" for x in report.claims_left_out]
    return "\n".join(lines) + "\n"


def errors_table(report: Report) -> Table:
    t = Table(title="Input errors", box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("file", overflow="fold")
    t.add_column("reason", overflow="fold")
    for e in report.errors:
        t.add_row(_t(e.path), _t(e.reason))
    return t


# --------------------------------------------------------------------------- entry points


def render(report: Report, *, color: bool = True, width: int | None = None) -> str:
    buf = io.StringIO()
    con = make_console(buf, color, width)
    color = color and not no_color_env()
    narrow = con.width < NARROW
    parts: list = [header(report), Text("")]
    if report.articles:
        parts.append(sources_list(report) if narrow else sources_table(report, con.width))
    if report.findings:
        parts.append(disputes(report, narrow))
    if getattr(report, "skipped", None):
        parts.append(skipped_table(report))
    if report.findings:
        parts.append(findings_list(report, color) if narrow else findings_table(report, color))
    else:
        parts.append(Text("No findings: the sources agree on everything checked.\n", style="green"))
    if view.shown_claims(report):
        parts.append(claims_table(report))
    if report.clusters:
        parts += [clusters_tree(report), Text("")]
    if report.stories:
        parts.append(stories_list(report) if narrow else stories_table(report))
    if report.figures:
        parts.append(figures_list(report) if narrow else figures_table(report))
    if report.errors:
        parts.append(errors_table(report))
    con.print(Group(*parts))
    return _finish(buf, color)


def _finish(buf: io.StringIO, color: bool) -> str:
    """Plain output loses the padding rich adds to fill the width (clean in files and diffs)."""
    out = buf.getvalue()
    if color:
        return out
    return "\n".join(line.rstrip() for line in out.split("\n"))


def render_quotes(report: Report, *, color: bool = True, width: int | None = None) -> str:
    buf = io.StringIO()
    con = make_console(buf, color, width)
    labels = view.reader_labels(report.articles)
    t = Table(title=f"{len(report.quotes)} quotes", box=box.SIMPLE_HEAD, title_justify="left")
    for col in ("source", "quote", "kind", "speaker", "cue"):
        t.add_column(col, overflow="fold")
    for q in report.quotes:
        t.add_row(_t(labels.get(q.article_id, q.article_id)), _t(view.one_line(q.text, 200)),
                  _t(q.kind), _t(q.speaker or "—"), _t(q.cue or "—"))
    con.print(t)
    return _finish(buf, color and not no_color_env())


def render_figures(report: Report, *, color: bool = True, width: int | None = None) -> str:
    buf = io.StringIO()
    con = make_console(buf, color, width)
    con.print(figures_table(report))
    labels = view.reader_labels(report.articles)
    t = Table(title=f"Dates ({len(report.dates)})", box=box.SIMPLE_HEAD, title_justify="left")
    for col in ("source", "text", "resolved", "precision", "event", "resolved from"):
        t.add_column(col, overflow="fold")
    for d in report.dates:
        t.add_row(_t(labels.get(d.article_id, d.article_id)), _t(view.one_line(d.text, 60)),
                  _t(str(d.value or "?")), _t(d.precision), _t(d.event or "—"), _t(view.one_line(d.basis, 60) or "—"))
    con.print(t)
    return _finish(buf, color and not no_color_env())
