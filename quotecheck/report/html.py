"""One self-contained HTML file for fact-checkers to keep and share.

No network: CSS and JS are inline, nothing is fetched. Every string that comes
from an article (text, title, outlet, path, messages quoting it) is escaped;
a Content-Security-Policy allows only this file's own style and script (by
hash), so even a mistake in escaping could not run an article's ``<script>``.

The article texts are included with each evidence span wrapped in ``<mark>``
elements at its exact offsets; each finding links to its marks (``#ev-F-E``)
and each mark leads back to its finding. Control characters are shown as
their one-character pictures (U+2400 block), which keeps offsets exact.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from quotecheck.models import Article, Finding, Report, Span
from quotecheck.report import view

CSS = """
:root{--err:#b00020;--warn:#a15c00;--info:#00639b;--bg:#fff;--fg:#1b1b1b;--mut:#5f6368;--line:#ddd}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);
margin:0 auto;max-width:1200px;padding:1rem 1.5rem 4rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{border-bottom:2px solid var(--line);padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.05rem;margin:.2rem 0}
.summary{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;color:var(--mut)}
.summary b{color:var(--fg)}
.filters label{margin-right:1rem;cursor:pointer}
.badge{display:inline-block;border-radius:3px;padding:0 .45em;color:#fff;font-size:.8rem;font-weight:600;
text-transform:uppercase;vertical-align:middle}
.sev-error .badge,.badge.sev-error{background:var(--err)}
.sev-warning .badge,.badge.sev-warning{background:var(--warn)}
.sev-info .badge,.badge.sev-info{background:var(--info)}
.finding{border:1px solid var(--line);border-left:6px solid var(--info);border-radius:4px;padding:.6rem .9rem;
margin:.8rem 0;overflow-wrap:anywhere}
.finding.sev-error{border-left-color:var(--err)}.finding.sev-warning{border-left-color:var(--warn)}
.fid{color:var(--mut);font-weight:400}
.message{margin:.3rem 0;white-space:pre-wrap}
.sbs{display:grid;grid-template-columns:1fr 1fr;gap:.6rem;margin:.4rem 0}
.side{border:1px solid var(--line);border-radius:4px;padding:.4rem .6rem;background:#fafafa;unicode-bidi:plaintext}
.side .src,.evidence .src{font-size:.85rem;color:var(--mut)}
.wording{margin:.2rem 0;white-space:pre-wrap;unicode-bidi:plaintext}
del{background:#ffd7d5;color:#82071e;text-decoration:line-through}
ins{background:#ccffd8;color:#055d20;text-decoration:none;font-weight:600}
.evidence{margin:.3rem 0;padding-left:1.2rem}.evidence q{unicode-bidi:isolate}
details pre{background:#f6f8fa;padding:.5rem;overflow:auto;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top;
overflow-wrap:break-word}
.scroll{overflow-x:auto}
.source{border-top:1px solid var(--line);margin-top:1.2rem}
.meta{color:var(--mut);font-size:.88rem;margin:.2rem 0}
pre.text{white-space:pre-wrap;overflow-wrap:anywhere;font:14px/1.55 ui-monospace,Menlo,Consolas,monospace;
background:#fcfcfc;border:1px solid var(--line);padding:.7rem;border-radius:4px;unicode-bidi:plaintext}
mark{background:#cfe8ff;border-radius:2px;cursor:pointer;unicode-bidi:isolate}
mark.sev-warning{background:#ffe8b3}mark.sev-error{background:#ffc9c9}
mark.empty{padding:0 1px;background:var(--err)}
.flash{outline:3px solid #ff9800;outline-offset:2px}
mark,.anchor{scroll-margin-top:35vh}.finding{scroll-margin-top:1rem}
ul.tree{list-style:none;padding-left:1rem}ul.tree li{margin:.15rem 0}
.rel{color:var(--mut);font-size:.85rem}
footer{margin-top:3rem;color:var(--mut);font-size:.85rem}
@media (max-width:700px){.sbs{grid-template-columns:1fr}}
@media print{.filters{display:none}.finding{break-inside:avoid}}
.claim{border:1px solid var(--line);border-radius:6px;padding:.5rem .8rem;margin:.6rem 0}
.claim h3{font-size:1rem;margin:.2rem 0}.verdict{font-weight:600}
.v-outlier{color:var(--warn)}.v-contradiction{color:var(--err)}.v-evolving{color:var(--info)}.v-consistent{color:var(--mut)}
svg.timeline{display:block;max-width:100%;height:auto;margin:.3rem 0}
svg.timeline .axis{stroke:var(--mut);stroke-width:1}svg.timeline text{font-size:11px;fill:var(--mut)}
svg.timeline .val{stroke:var(--info);stroke-width:3;fill:var(--info)}
svg.timeline .odd{stroke:var(--err);fill:var(--err)}svg.timeline .earlier{opacity:.35}
.claim ul{margin:.2rem 0;padding-left:1.2rem}.claim li.odd{color:var(--err)}
""".strip()

JS = """
(function () {
  "use strict";
  function flash(el) {
    el.classList.add("flash");
    setTimeout(function () { el.classList.remove("flash"); }, 1500);
  }
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-sev]"));
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.getAttribute("data-sev")] = b.checked; });
    document.querySelectorAll(".finding").forEach(function (el) {
      el.hidden = !on[el.getAttribute("data-severity")];
    });
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  document.addEventListener("click", function (e) {
    var m = e.target.closest ? e.target.closest("mark[data-f]") : null;
    if (!m) { return; }
    var target = document.getElementById(m.getAttribute("data-f").split(" ")[0]);
    if (target) { target.hidden = false; target.scrollIntoView({block: "center"}); flash(target); }
  });
  function onHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var t = id && document.getElementById(id);
    if (t) { flash(t); }
  }
  window.addEventListener("hashchange", onHash);
  onHash();
})();
""".strip()


def _hash(src: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(src.encode("utf-8")).digest()).decode() + "'"


CSP = (f"default-src 'none'; style-src {_hash(CSS)}; script-src {_hash(JS)}; img-src data:; "
       "base-uri 'none'; form-action 'none'")


def _e(s: object) -> str:
    """Escape for element text and attribute values, controls shown as pictures."""
    return escape(view.control_pictures(str(s)), quote=True)


def finding_anchor(i: int) -> str:
    return f"finding-{i}"


def evidence_anchor(i: int, j: int) -> str:
    return f"ev-{i}-{j}"


def source_anchor(k: int) -> str:
    return f"src-{k}"


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    anchor: str
    finding: str
    severity: str
    rank: int
    title: str


# --------------------------------------------------------------------------- article text with marks


def marked_text(text: str, marks: list[_Mark]) -> str:
    """Escaped text with every mark's span wrapped in ``<mark>`` at exact offsets.

    Overlapping spans are cut at every boundary; each piece lists all the spans
    covering it in ``data-ev``, and the first piece of a span carries its id.
    """
    n = len(text)
    marks = [m for m in marks if 0 <= m.start <= m.end <= n]
    cuts = sorted({0, n, *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    placed: set[str] = set()

    def anchors_at(pos: int, exclude: str | None) -> str:
        extra = []
        for m in marks:
            if m.start == pos and m.anchor not in placed and m.anchor != exclude and m.start < m.end:
                placed.add(m.anchor)
                extra.append(f'<span class="anchor" id="{m.anchor}"></span>')
        return "".join(extra)

    for a, b in zip(cuts, cuts[1:] + [None], strict=False):
        for m in marks:  # zero-length evidence: an empty mark where it points
            if m.start == m.end == a and m.anchor not in placed:
                placed.add(m.anchor)
                out.append(f'<mark class="empty sev-{m.severity}" id="{m.anchor}" data-ev="{m.anchor}" '
                           f'data-f="{m.finding}" title="{_e(m.title)}"></mark>')
        if b is None:
            break
        cover = [m for m in marks if m.start <= a and m.end >= b and m.start < m.end]
        piece = _e(text[a:b])
        if not cover:
            out.append(piece)
            continue
        first = next((m.anchor for m in cover if m.start == a and m.anchor not in placed), None)
        out.append(anchors_at(a, first))
        top = max(cover, key=lambda m: m.rank)
        id_attr = ""
        if first:
            placed.add(first)
            id_attr = f' id="{first}"'
        evs = " ".join(m.anchor for m in cover)
        fs = " ".join(dict.fromkeys(m.finding for m in cover))
        title = "; ".join(dict.fromkeys(m.title for m in cover))
        out.append(f'<mark class="sev-{top.severity}"{id_attr} data-ev="{evs}" data-f="{fs}" '
                   f'title="{_e(title)}">{piece}</mark>')
    return "".join(out)


# --------------------------------------------------------------------------- sections


def _side_html(side: view.Side, is_ref: bool) -> str:
    tag = "del" if is_ref else "ins"
    return "".join(f"<{tag}>{_e(p)}</{tag}>" if changed else _e(p) for p, changed in side.pieces)


def _diff_inline(parts: list[view.DiffPart]) -> str:
    """One line: the canonical wording's dropped words struck through, the source's added ones marked."""
    out = []
    for p in parts:
        if p.op == "equal":
            out.append(_e(p.b or p.a))
            continue
        if p.a:
            out.append(f"<del>{_e(p.a)}</del>")
        if p.b:
            out.append(f"<ins>{_e(p.b)}</ins>")
    return " ".join(out)


def _src(arts: dict[str, Article], s: Span, anchor: str) -> str:
    return (f'<div class="src">{_e(view.evidence_label(arts, s))} · '
            f'<a href="#{anchor}">chars {s.start}–{s.end} in the text</a></div>')


def _finding(arts: dict[str, Article], i: int, f: Finding, ev_anchor: dict[tuple[int, int], str]) -> str:
    sev = f.severity.value
    h = [f'<article class="finding sev-{sev}" id="{finding_anchor(i)}" data-severity="{sev}" '
         f'data-kind="{_e(f.kind)}" data-fingerprint="{_e(f.fingerprint)}">',
         f'<h3><span class="badge">{sev}</span> {_e(view.kind_title(f.kind))} '
         f'<span class="fid">{_e(f.id)}{" · story " + _e(f.story_id) if f.story_id else ""}</span></h3>',
         f'<p class="message">{_e(f.message)}</p>']
    pairs = view.finding_diffs(f) if view.is_wording_finding(f) else []
    index = {id(s): j for j, s in enumerate(f.evidence)}
    for ref, other in pairs:
        h.append('<div class="sbs">'
                 f'<div class="side">{_src(arts, ref.span, ev_anchor[(i, index[id(ref.span)])])}'
                 f'<p class="wording" dir="auto">“{_side_html(ref, True)}”</p></div>'
                 f'<div class="side">{_src(arts, other.span, ev_anchor[(i, index[id(other.span)])])}'
                 f'<p class="wording" dir="auto">“{_side_html(other, False)}”</p></div></div>')
    h.append('<ul class="evidence">')
    for j, s in enumerate(f.evidence):
        h.append(f'<li><a href="#{ev_anchor[(i, j)]}">{_e(view.evidence_label(arts, s))}</a> '
                 f'<span class="src">[{s.start}:{s.end}]</span> <q dir="auto">{_e(s.text)}</q></li>')
    h.append("</ul>")
    if f.details:
        h.append("<details><summary>details</summary><pre>"
                 + _e(json.dumps(f.details, indent=2, ensure_ascii=False, default=str)) + "</pre></details>")
    h.append("</article>")
    return "\n".join(h)


def _clusters(report: Report) -> str:
    arts = view.articles_by_id(report)
    h = [f'<section id="clusters"><h2>Quote clusters ({len(report.clusters)})</h2>']
    for c in report.clusters:
        h.append(f'<h3 dir="auto">“{_e(c.canonical_text)}” <span class="fid">{_e(c.id)}</span></h3>'
                 '<ul class="tree">')
        for m in c.members:
            if m.relation in ("variant", "excerpt", "reworded") and m.text != c.canonical_text:
                wording = _diff_inline(view.word_diff(c.canonical_text, m.text))
            else:
                wording = _e(m.text)
            rel = "" if m.relation in ("same", "canonical") else f" {m.relation}, {m.similarity:.2f}"
            h.append(f'<li><b>{_e(view.source_label(arts.get(m.article_id), m.article_id))}</b>: '
                     f'<q dir="auto">{wording}</q> — <i>{_e(m.speaker or "no speaker")}</i>'
                     f'<span class="rel">{_e(rel)}</span></li>')
        h.append("</ul>")
    h.append("</section>")
    return "\n".join(h)


def _stories(report: Report) -> str:
    rows = "".join(f"<tr><td>{_e(s.id)}</td><td>{_e(s.label)}</td><td>{_e(', '.join(s.article_ids))}</td>"
                   f"<td>{_e(s.reason)}</td></tr>" for s in report.stories)
    return (f'<section id="stories"><h2>Stories ({len(report.stories)})</h2><div class="scroll"><table><thead><tr><th>story</th>'
            f"<th>label</th><th>articles</th><th>why grouped</th></tr></thead><tbody>{rows}</tbody></table></div></section>")


def _figures(report: Report) -> str:
    arts = view.articles_by_id(report)
    rows = []
    for f in report.figures:
        iv = (f"{f.low:g}" if f.low == f.high else f"{f.low:g}–{f.high:g}") \
            if f.low is not None and f.high is not None else "?"
        rows.append(f"<tr><td>{_e(view.source_label(arts.get(f.article_id), f.article_id))}</td>"
                    f"<td>{_e(f.text)}</td><td>{_e(iv)}</td><td>{_e(f.unit or '')}</td>"
                    f"<td>{_e(f.subject or '')}</td><td>{_e(', '.join(f.qualifiers))}</td></tr>")
    return (f'<section id="figures"><h2>Figures ({len(report.figures)})</h2><div class="scroll"><table><thead><tr><th>source</th>'
            "<th>text</th><th>interval</th><th>unit</th><th>subject</th><th>qualifiers</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div></section>")


def _safe_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def _sources(report: Report, marks: dict[str, list[_Mark]]) -> str:
    qc = view.quotes_per_article(report)
    h = [f'<section id="sources"><h2>Sources ({len(report.articles)})</h2>']
    for k, a in enumerate(report.articles):
        meta = [f"id {_e(a.id)}", f"file {_e(a.path)}", f"format {_e(a.format)}",
                f"published {_e(a.published.isoformat())}" if a.published else None,
                f"by {_e(a.byline)}" if a.byline else None, view.plural(qc.get(a.id, 0), "quote")]
        url = _safe_url(a.url)
        if url:
            meta.append(f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">original</a>')
        elif a.url:
            meta.append(f"url {_e(a.url)}")
        h.append(f'<article class="source" id="{source_anchor(k)}" data-article="{_e(a.id)}">'
                 f'<h3 dir="auto">{_e(a.outlet or a.id)} — {_e(a.title or "(no title)")}</h3>'
                 f'<p class="meta">{" · ".join(m for m in meta if m)}</p>'
                 f'<pre class="text" dir="auto">{marked_text(a.text, marks.get(a.id, []))}</pre></article>')
    h.append("</section>")
    return "\n".join(h)


SVG_W, SVG_H, PAD_L, PAD_R, PAD_T, PAD_B = 520, 150, 64, 16, 12, 34


def _ordinal(v) -> float | None:  # noqa: ANN001 - models.ClaimValue
    """The value a timeline plots: a figure's low end (its high end drawn too), a date's day number."""
    if v.date is not None:
        return float(v.date.toordinal())
    return v.low


def timeline_svg(claim) -> str:  # noqa: ANN001 - models.Claim
    """Value against publication time, one mark per source's current value (an earlier figure the
    same article gives is drawn faint), the odd ones in red; undated sources in a "?" column on
    the right. Inline SVG with classes only (no style attributes: the page's CSP stays as it is)."""
    vals = [v for v in claim.values if _ordinal(v) is not None]
    if len(vals) < 2:
        return ""
    ys = [_ordinal(v) for v in vals] + [v.high for v in vals if v.date is None and v.high is not None]
    lo, hi = min(ys), max(ys)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    days = sorted({v.published for v in vals if v.published})
    cols = [*days, None] if any(v.published is None for v in vals) else days
    if not cols:
        cols = [None]
    w, h = SVG_W - PAD_L - PAD_R, SVG_H - PAD_T - PAD_B

    def x(pub) -> float:  # noqa: ANN001
        k = cols.index(pub)
        return PAD_L + (w * (k + .5) / len(cols))

    def y(val: float) -> float:
        return PAD_T + h - (val - lo) / (hi - lo) * h

    def label(val: float) -> str:
        if claim.kind == "date":
            import datetime as _dt
            return _dt.date.fromordinal(int(val)).strftime("%d %b")
        return f"{val:,.0f}" if val >= 100 or val == int(val) else f"{val:g}"

    parts = [f'<svg class="timeline" viewBox="0 0 {SVG_W} {SVG_H}" width="{SVG_W}" height="{SVG_H}" role="img" '
             f'aria-label="{_e(view.claim_name(claim))}: value by publication time">',
             f'<line class="axis" x1="{PAD_L}" y1="{PAD_T + h}" x2="{SVG_W - PAD_R}" y2="{PAD_T + h}"/>',
             f'<line class="axis" x1="{PAD_L}" y1="{PAD_T}" x2="{PAD_L}" y2="{PAD_T + h}"/>',
             f'<text x="{PAD_L - 6}" y="{PAD_T + 4}" text-anchor="end">{_e(label(hi))}</text>',
             f'<text x="{PAD_L - 6}" y="{PAD_T + h}" text-anchor="end">{_e(label(lo))}</text>']
    for c in cols:
        parts.append(f'<text x="{x(c):.1f}" y="{SVG_H - 18}" text-anchor="middle">'
                     f'{_e(c.isoformat() if c else "undated")}</text>')
    per_col: dict = {}
    for v in vals:
        k = per_col[v.published] = per_col.get(v.published, 0) + 1
        cx = x(v.published) + (k - 1) % 5 * 7 - 14
        cls = "val" + (" odd" if v.odd else "") + ("" if v.current else " earlier")
        y0 = y(_ordinal(v))
        tip = f"{v.article_id} ({v.published or 'undated'}): {v.span.text} = {v.shown}"
        if v.date is None and v.high is not None and v.high != v.low:
            parts.append(f'<line class="{cls}" x1="{cx:.1f}" y1="{y0:.1f}" x2="{cx:.1f}" y2="{y(v.high):.1f}">'
                         f"<title>{_e(tip)}</title></line>")
        elif v.date is None and v.high is None:  # "at least": an arrow up from the low end
            parts.append(f'<line class="{cls}" x1="{cx:.1f}" y1="{y0:.1f}" x2="{cx:.1f}" y2="{max(PAD_T, y0 - 12):.1f}">'
                         f"<title>{_e(tip)}</title></line>")
        parts.append(f'<circle class="{cls}" cx="{cx:.1f}" cy="{y0:.1f}" r="4"><title>{_e(tip)}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def _claims(report: Report, finding_of: dict[str, int]) -> str:
    """Each claim worth showing: verdict, reason, its timeline and every source's version."""
    shown = view.shown_claims(report)
    h = [f'<section id="claims"><h2>Claims ({len(shown)} shown of {len(report.claims)})</h2>']
    for c in shown:
        link = (f' · <a href="#{finding_anchor(finding_of[c.finding_id])}">finding</a>'
                if c.finding_id in finding_of else "")
        items = "".join(
            f'<li class="{"odd" if v.odd else ""}">{_e(v.article_id)} ({_e(v.published or "undated")}): '
            f'“{_e(view.visible(v.span.text))}” = {_e(v.shown)}{"" if v.current else " (earlier figure)"}</li>'
            for v in c.values)
        h.append(f'<div class="claim" id="claim-{_e(c.id)}"><h3>{_e(c.kind)}: {_e(view.claim_name(c))} '
                 f'<span class="verdict v-{_e(c.verdict)}">{_e(c.verdict)}</span>{link}</h3>'
                 f"<p>{_e(c.reason)}</p>{timeline_svg(c)}<ul>{items}</ul></div>")
    h.append("</section>")
    return "".join(h)


def _errors(report: Report) -> str:
    items = "".join(f"<li><code>{_e(e.path)}</code>: {_e(e.reason)}</li>" for e in report.errors)
    return f'<section id="errors"><h2>Input errors ({len(report.errors)})</h2><ul>{items}</ul></section>'


# --------------------------------------------------------------------------- the page


def render(report: Report, *, title: str = "quotecheck report") -> str:
    sev = view.severity_counts(report.findings)
    arts = view.articles_by_id(report)
    known = set(arts)
    marks: dict[str, list[_Mark]] = {}
    ev_anchor: dict[tuple[int, int], str] = {}
    for i, f in enumerate(report.findings, start=1):
        for j, s in enumerate(f.evidence):
            anchor = evidence_anchor(i, j)
            # Evidence in an article the report does not carry has nowhere to point: link the finding.
            ev_anchor[(i, j)] = anchor if s.article_id in known else finding_anchor(i)
            marks.setdefault(s.article_id, []).append(
                _Mark(s.start, s.end, anchor, finding_anchor(i), f.severity.value, f.severity.rank,
                      f"{f.id} {f.severity.value}: {view.one_line(f.message, 200)}"))
    counts = [(len(report.articles), "source", "sources"), (len(report.stories), "story", "stories"),
              (len(report.quotes), "quote", "quotes"), (len(report.clusters), "cluster", "clusters"),
              (len(report.figures), "figure", "figures"), (len(report.dates), "date", "dates")]
    summary = "".join(f"<span><b>{n}</b> {one if n == 1 else many}</span>" for n, one, many in counts)
    findings_h = (f'<span class="badge sev-error">{sev["error"]} error</span> '
                  f'<span class="badge sev-warning">{sev["warning"]} warning</span> '
                  f'<span class="badge sev-info">{sev["info"]} info</span>')
    filters = "".join(f'<label><input type="checkbox" data-sev="{s}" checked> {s}</label>' for s in view.SEVERITIES)
    body = [
        "<header>",
        f"<h1>{_e(title)}</h1>",
        f'<div class="summary">{summary}</div>',
        f"<p>{findings_h}</p>",
        "</header>",
        f'<section id="findings"><h2>Findings ({len(report.findings)})</h2>',
        f'<p class="filters">Show: {filters}</p>' if report.findings else
        "<p>No findings: the sources agree on everything checked.</p>",
        *(_finding(arts, i, f, ev_anchor) for i, f in enumerate(report.findings, start=1)),
        "</section>",
    ]
    if view.shown_claims(report):
        body.append(_claims(report, {f.fingerprint: i for i, f in enumerate(report.findings, start=1)}))
    if report.clusters:
        body.append(_clusters(report))
    if report.stories:
        body.append(_stories(report))
    if report.figures:
        body.append(_figures(report))
    if report.errors:
        body.append(_errors(report))
    body.append(_sources(report, marks))
    body.append(f"<footer>quotecheck {_e(report.tool_version)} · schema {report.schema_version}</footer>")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        *body,
        f"<script>{JS}</script>",
        "</body>",
        "</html>",
        "",
    ])
