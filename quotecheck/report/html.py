"""One self-contained HTML file for fact-checkers to keep and share.

Overview first: what was read, then every dispute in one list worst first (a disputed claim,
an altered quote cluster or another finding per row), each row linking to its card. Each card
stands on its own: the evidence inside its sentence with the span marked, the source's name
and publication date, the claim's timeline or the quote's word diff, a plain reason; the raw
data behind a "data" toggle. Filters (severity, kind, source, subject) and a search box apply
to every section; the article texts come last, every piece of evidence marked at its exact
offsets, each mark reachable by keyboard and listing all the findings it belongs to.

No network: CSS and JS are inline, nothing is fetched. Every string that comes from an
article (text, title, outlet, path, messages quoting it) is escaped; a Content-Security-Policy
allows only this file's own style and script (by hash), so even a mistake in escaping could
not run an article's ``<script>``. Control characters are shown as their one-character
pictures (U+2400 block), which keeps offsets exact.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import json
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlsplit

from quotecheck.models import Article, Finding, Report, Span
from quotecheck.report import view

CSS = """
:root{--err:#b00020;--warn:#a15c00;--info:#00639b;--bg:#fff;--fg:#1b1b1b;--mut:#5f6368;--line:#ddd;--soft:#f6f8fa}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);
margin:0 auto;max-width:1320px;padding:.6rem 1.2rem 4rem;overflow-wrap:anywhere}
h1{font-size:1.3rem;margin:.1rem 0}h2{font-size:1.15rem;border-bottom:2px solid var(--line);padding-bottom:.15rem;
margin:1.6rem 0 .5rem}h3{font-size:1rem;margin:.15rem 0}
.summary{color:var(--mut);margin:.1rem 0}.summary b{color:var(--fg)}
nav.toc{display:flex;flex-wrap:wrap;gap:.2rem .9rem;font-size:.9rem;margin:.2rem 0}
.bar{position:sticky;top:0;z-index:2;background:var(--bg);border-bottom:1px solid var(--line);padding:.3rem 0;
display:flex;flex-wrap:wrap;gap:.3rem .8rem;align-items:center;font-size:.9rem}
.bar label{cursor:pointer;white-space:nowrap}.bar select,.bar input[type=search]{font:inherit;max-width:min(13rem,100%)}
.bar input[type=search]{width:14rem}#shown{color:var(--mut)}
.badge{display:inline-block;border-radius:3px;padding:0 .4em;color:#fff;font-size:.75rem;font-weight:600;
text-transform:uppercase;vertical-align:middle;background:var(--mut)}
.sev-error .badge,.badge.sev-error{background:var(--err)}
.sev-warning .badge,.badge.sev-warning{background:var(--warn)}
.sev-info .badge,.badge.sev-info{background:var(--info)}
.overview{display:grid;grid-template-columns:minmax(0,5fr) minmax(0,8fr);gap:.4rem 1.4rem}
.overview h2{margin-top:.6rem}
ol.reads,ol.rows{list-style:none;margin:0;padding:0}
ol.reads li{padding:.12rem 0;border-bottom:1px solid var(--line);font-size:.86rem;white-space:nowrap;overflow:hidden;
text-overflow:ellipsis}
ol.reads .when{color:var(--mut)}
ol.rows li{border-bottom:1px solid var(--line);border-left:4px solid var(--info);margin:0;padding:.2rem .5rem}
ol.rows li.sev-error{border-left-color:var(--err)}ol.rows li.sev-warning{border-left-color:var(--warn)}
ol.rows a{color:inherit;text-decoration:none;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;
overflow:hidden}ol.rows a:hover .sum,ol.rows a:focus .sum{text-decoration:underline}
ol.rows .what{font-weight:600}.muted{color:var(--mut);font-size:.86rem}
table.counts{border-collapse:collapse;font-size:.85rem;margin:.4rem 0}
table.counts th,table.counts td{padding:.05rem .5rem;border-bottom:1px solid var(--line);text-align:right;
overflow-wrap:normal}
table.counts th:first-child,table.counts td:first-child{text-align:left}
.finding{border:1px solid var(--line);border-left:6px solid var(--info);border-radius:4px;padding:.5rem .8rem;
margin:.7rem 0}
.finding.sev-error{border-left-color:var(--err)}.finding.sev-warning{border-left-color:var(--warn)}
.fid{color:var(--mut);font-weight:400;font-size:.85rem}
.reason{margin:.3rem 0}
.sbs{display:grid;grid-template-columns:1fr 1fr;gap:.5rem;margin:.4rem 0}
.side{border:1px solid var(--line);border-radius:4px;padding:.35rem .55rem;background:#fafafa;unicode-bidi:plaintext}
.src{font-size:.84rem;color:var(--mut)}
.wording{margin:.2rem 0;white-space:pre-wrap;unicode-bidi:plaintext}
del{background:#ffd7d5;color:#82071e;text-decoration:line-through}
ins{background:#ccffd8;color:#055d20;text-decoration:none;font-weight:600}
ul.evidence{margin:.3rem 0;padding-left:1.1rem}ul.evidence li{margin:.25rem 0}
.ctx{unicode-bidi:plaintext}.ctx b{background:#fff0b3;font-weight:600;unicode-bidi:isolate}
li.odd>.src b{color:var(--err)}
details.data summary,details.more summary{cursor:pointer;color:var(--mut);font-size:.86rem}
details.data pre{background:var(--soft);padding:.5rem;overflow:auto;white-space:pre-wrap;font-size:.8rem}
.source{border-top:1px solid var(--line);margin-top:.8rem;padding-top:.2rem}
.meta{color:var(--mut);font-size:.86rem;margin:.1rem 0}
pre.text{white-space:pre-wrap;overflow-wrap:anywhere;font:14px/1.55 ui-monospace,Menlo,Consolas,monospace;
background:#fcfcfc;border:1px solid var(--line);padding:.6rem;border-radius:4px;unicode-bidi:plaintext;margin:.3rem 0}
mark{background:#cfe8ff;border-radius:2px;cursor:pointer;unicode-bidi:isolate}
mark.sev-warning{background:#ffe8b3}mark.sev-error{background:#ffc9c9}
mark.empty{padding:0 1px;background:var(--err)}mark.off{background:transparent;cursor:auto}
mark:focus{outline:2px solid var(--fg);outline-offset:1px}
.flash{outline:3px solid #ff9800;outline-offset:2px}
mark,.anchor{scroll-margin-top:35vh}.finding,.claim,.cluster{scroll-margin-top:4rem}
#pop{position:absolute;z-index:3;background:var(--bg);border:1px solid var(--mut);border-radius:4px;
box-shadow:0 2px 8px rgba(0,0,0,.2);padding:.4rem .6rem;max-width:min(28rem,92vw);font-size:.88rem}
#pop ul{margin:.2rem 0;padding-left:1rem}
ul.tree{list-style:none;padding-left:1rem;margin:.2rem 0}ul.tree li{margin:.15rem 0}
.rel{color:var(--mut);font-size:.85rem}
.claim,.cluster{border:1px solid var(--line);border-radius:6px;padding:.4rem .7rem;margin:.5rem 0}
.claims{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,34rem),1fr));gap:0 1rem}
.claim h3{font-size:.98rem}.verdict{font-weight:600}
.v-outlier{color:var(--warn)}.v-contradiction{color:var(--err)}.v-evolving{color:var(--info)}.v-consistent{color:var(--mut)}
svg.timeline{display:block;max-width:100%;height:auto;margin:.3rem 0}
svg.timeline .axis{stroke:var(--mut);stroke-width:1}svg.timeline text{font-size:11px;fill:var(--mut)}
svg.timeline .val{stroke:var(--info);stroke-width:3;fill:var(--info)}
svg.timeline .odd{stroke:var(--err);fill:var(--err)}svg.timeline .earlier{opacity:.35}
.claim ul{margin:.2rem 0;padding-left:1.2rem}.claim li.odd{color:var(--err)}
ul.plain{padding-left:1.1rem;margin:.2rem 0;font-size:.9rem}
footer{margin-top:3rem;color:var(--mut);font-size:.85rem}
[hidden]{display:none!important}
@media (max-width:900px){.overview{grid-template-columns:minmax(0,1fr)}.sbs{grid-template-columns:minmax(0,1fr)}
.bar{position:static}ol.rows a{-webkit-line-clamp:4}}
@media print{.bar{display:none}.finding{break-inside:avoid}}
""".strip()

JS = """
(function () {
  "use strict";
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function flash(el) {
    el.classList.add("flash");
    setTimeout(function () { el.classList.remove("flash"); }, 1500);
  }
  var sevBoxes = $$("input[data-sev]");
  var selects = $$("select[data-filter]");
  var search = document.getElementById("q");
  var items = $$("[data-filt]");
  var marks = $$("mark[data-f]");
  var shown = document.getElementById("shown");
  function words(el, key) { return (el.getAttribute("data-" + key) || "").split(" "); }
  function apply() {
    var on = {};
    sevBoxes.forEach(function (b) { on[b.getAttribute("data-sev")] = b.checked; });
    var q = search ? search.value.trim().toLowerCase() : "";
    items.forEach(function (el) {
      var ok = words(el, "sev").some(function (s) { return on[s]; });
      selects.forEach(function (s) {
        var key = s.getAttribute("data-filter");
        if (ok && s.value && el.hasAttribute("data-" + key)) { ok = words(el, key).indexOf(s.value) >= 0; }
      });
      if (ok && q) { ok = el.textContent.toLowerCase().indexOf(q) >= 0; }
      el.hidden = !ok;
    });
    marks.forEach(function (m) {
      var live = m.getAttribute("data-f").split(" ").some(function (id) {
        var f = document.getElementById(id);
        return f && !f.hidden;
      });
      m.classList.toggle("off", !live);
    });
    if (shown) {
      var cards = $$("article.finding");
      var n = cards.filter(function (c) { return !c.hidden; }).length;
      shown.textContent = "showing " + n + " of " + cards.length + " findings";
    }
  }
  sevBoxes.forEach(function (b) { b.addEventListener("change", apply); });
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  if (search) { search.addEventListener("input", apply); }
  var pop = document.getElementById("pop");
  function closePop() { if (pop) { pop.hidden = true; } }
  function openPop(m) {
    if (!pop) { return; }
    while (pop.firstChild) { pop.removeChild(pop.firstChild); }
    var ids = m.getAttribute("data-f").split(" ");
    if (ids.length === 1) { go(ids[0]); return; }
    var head = document.createElement("div");
    head.textContent = ids.length === 1 ? "1 finding here:" : ids.length + " findings here:";
    pop.appendChild(head);
    var ul = document.createElement("ul");
    ids.forEach(function (id) {
      var f = document.getElementById(id);
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + id;
      a.textContent = f ? (f.getAttribute("data-title") || id) : id;
      li.appendChild(a);
      ul.appendChild(li);
    });
    pop.appendChild(ul);
    var r = m.getBoundingClientRect();
    pop.style.top = (window.scrollY + r.bottom + 4) + "px";
    pop.style.left = Math.max(4, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - 320)) + "px";
    pop.hidden = false;
    var first = pop.querySelector("a");
    if (first) { first.focus(); }
    pop.__mark = m;
  }
  document.addEventListener("click", function (e) {
    var m = e.target.closest ? e.target.closest("mark[data-f]") : null;
    if (m) { openPop(m); e.preventDefault(); return; }
    if (pop && !pop.hidden && !pop.contains(e.target)) { closePop(); }
  });
  document.addEventListener("keydown", function (e) {
    var m = e.target.closest ? e.target.closest("mark[data-f]") : null;
    if (m && (e.key === "Enter" || e.key === " ")) { openPop(m); e.preventDefault(); return; }
    if (e.key === "Escape" && pop && !pop.hidden) {
      var back = pop.__mark;
      closePop();
      if (back) { back.focus(); }
    }
  });
  function reveal(t) {
    for (var p = t.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") { p.open = true; }
      if (p.hidden) { p.hidden = false; }
    }
    t.hidden = false;
  }
  function show(t) { closePop(); reveal(t); t.scrollIntoView({block: "center"}); flash(t); }
  function go(id) {
    var t = document.getElementById(id);
    if (!t) { return; }
    show(t);
    if (history.pushState) { history.pushState(null, "", "#" + id); }
    var a = t.querySelector("h3");
    if (a) { a.setAttribute("tabindex", "-1"); a.focus({preventScroll: true}); }
  }
  function onHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var t = id && document.getElementById(id);
    if (t) { show(t); }
  }
  window.addEventListener("hashchange", onHash);
  onHash();
  apply();
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


def _token(s: str) -> str:
    """A filter value as one attribute word (values are space-separated lists)."""
    return "_".join(str(s).split()) or "-"


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    anchor: str
    finding: str
    severity: str
    rank: int
    title: str


@dataclass
class _Ctx:
    """What every section needs: names, indexes, and the filter facets of each finding."""

    report: Report
    arts: dict[str, Article]
    labels: dict[str, str]
    src_no: dict[str, int]  # article id -> its number in the sources section
    rows: list[view.Row]
    subject_of: dict[int, str] = field(default_factory=dict)  # finding index (0-based) -> subject
    ev_anchor: dict[tuple[int, int], str] = field(default_factory=dict)
    claims: dict = field(default_factory=dict)  # claim id -> Claim

    def label(self, article_id: str) -> str:
        return self.labels.get(article_id, article_id)

    def when(self, article_id: str) -> str:
        a = self.arts.get(article_id)
        return a.published.isoformat() if a is not None and a.published else "date unknown"

    def srcs(self, article_ids) -> str:  # noqa: ANN001 - any iterable of ids
        return " ".join(dict.fromkeys(f"s{self.src_no[a]}" for a in article_ids if a in self.src_no)) or "-"


def _facets(ctx: _Ctx, sev: str, kinds=None, srcs=None, subjects=None) -> str:  # noqa: ANN001 - iterables
    """The attributes the filters read, each a space-separated list (``data-filt`` marks the item);
    a facet left out (None) is one that filter does not apply to."""
    out = f' data-filt data-sev="{_e(sev)}"'
    if kinds is not None:
        out += f' data-kind="{_e(" ".join(dict.fromkeys(kinds)) or "-")}"'
    if srcs is not None:
        out += f' data-src="{_e(ctx.srcs(srcs))}"'
    if subjects is not None:
        out += f' data-subj="{_e(" ".join(dict.fromkeys(_token(s) for s in subjects)) or "-")}"'
    return out


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
                out.append(f'<mark class="empty sev-{m.severity}" id="{m.anchor}" data-ev="{m.anchor}" tabindex="0" role="button" '
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
        out.append(f'<mark class="sev-{top.severity}"{id_attr} data-ev="{evs}" data-f="{fs}" tabindex="0" role="button" '
                   f'title="{_e(title)}">{piece}</mark>')
    return "".join(out)


# --------------------------------------------------------------------------- pieces of a card


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


def _src_line(ctx: _Ctx, s: Span, anchor: str, extra: str = "") -> str:
    return (f'<div class="src"><b>{_e(ctx.label(s.article_id))}</b> · {_e(ctx.when(s.article_id))}{extra} · '
            f'<a href="#{anchor}">in the text</a></div>')


def _context(ctx: _Ctx, s: Span) -> str:
    """The evidence inside its sentence, the span itself in bold (cut from the article by offsets)."""
    a = ctx.arts.get(s.article_id)
    if a is None:
        return f'<q class="ctx" dir="auto"><b>{_e(s.text)}</b></q>'
    part = view.in_sentence(a.text, s)
    return (f'<span class="ctx" dir="auto">{_e(view.flat(part.before))}<b>{_e(view.flat(part.span))}</b>'
            f'{_e(view.flat(part.after))}</span>')


SHOWN_VALUES = 5  # a disputed claim's card shows every odd version and this many others; the rest fold


def _claim_values(ctx: _Ctx, claim, i: int, f: Finding) -> str:  # noqa: ANN001 - models.Claim
    """Every source's version of a disputed claim, each in its sentence: the odd ones first, then
    the others in time order, those past the first few behind a toggle."""
    index = {(s.article_id, s.start, s.end): j for j, s in enumerate(f.evidence)}

    def item(v) -> str:  # noqa: ANN001 - models.ClaimValue
        j = index.get((v.span.article_id, v.span.start, v.span.end))
        anchor = ctx.ev_anchor.get((i, j), finding_anchor(i)) if j is not None else finding_anchor(i)
        tag = (" · <b>odd one out</b>" if v.odd else "") + ("" if v.current else " · earlier figure")
        return (f'<li class="{"odd" if v.odd else ""}">'
                f'{_src_line(ctx, v.span, anchor, f" · = {_e(v.shown)}{tag}")}{_context(ctx, v.span)}</li>')

    ordered = sorted(claim.values, key=lambda v: (not v.odd, v.published or _dt.date.max, ctx.label(v.article_id)))
    n_odd = sum(v.odd for v in ordered)
    head, rest = ordered[:n_odd + SHOWN_VALUES], ordered[n_odd + SHOWN_VALUES:]
    out = '<ul class="evidence">' + "".join(item(v) for v in head) + "</ul>"
    if rest:
        out += (f'<details class="more"><summary>{view.plural(len(rest), "more version")}</summary>'
                f'<ul class="evidence">{"".join(item(v) for v in rest)}</ul></details>')
    return out


def _finding(ctx: _Ctx, i: int, f: Finding) -> str:
    """One self-sufficient card: what, why, every source's evidence in its sentence, raw data toggle."""
    sev = f.severity.value
    claim = ctx.claims.get(f.details.get("claim_id"))
    subject = ctx.subject_of.get(i - 1, "")
    summary = view.finding_summary(f, ctx.claims, ctx.labels)
    title = f"{f.id} {sev}: {view.kind_title(f.kind)} — {view.one_line(summary, 140)}"
    h = [f'<article class="finding sev-{sev}" id="{finding_anchor(i)}" data-severity="{sev}" '
         f'data-fingerprint="{_e(f.fingerprint)}" data-title="{_e(title)}"'
         f'{_facets(ctx, sev, [f.kind], [s.article_id for s in f.evidence], [subject])}>',
         f'<h3><span class="badge">{sev}</span> {_e(view.kind_title(f.kind))} · {_e(subject)} '
         f'<span class="fid">{_e(f.id)}</span></h3>',
         f'<p class="message">{_e(summary)}</p>']
    if claim is not None:
        h.append(f'<p class="reason"><span class="verdict v-{_e(claim.verdict)}">{_e(claim.verdict)}</span>: '
                 f'{_e(view.readable(claim.reason, ctx.labels))}.</p>')
        h.append(timeline_svg(claim, ctx.labels))
        h.append(_claim_values(ctx, claim, i, f))
    else:
        h.append(f'<p class="reason">{_e(view.readable(view.plain_reason(f), ctx.labels))}</p>')
        pairs = view.finding_diffs(f) if view.is_wording_finding(f) else []
        index = {id(s): j for j, s in enumerate(f.evidence)}
        for ref, other in pairs:
            h.append('<div class="sbs">'
                     f'<div class="side">{_src_line(ctx, ref.span, ctx.ev_anchor[(i, index[id(ref.span)])])}'
                     f'<p class="wording" dir="auto">“{_side_html(ref, True)}”</p></div>'
                     f'<div class="side">{_src_line(ctx, other.span, ctx.ev_anchor[(i, index[id(other.span)])])}'
                     f'<p class="wording" dir="auto">“{_side_html(other, False)}”</p></div></div>')
        h.append('<ul class="evidence">')
        for j, s in enumerate(f.evidence):
            h.append(f"<li>{_src_line(ctx, s, ctx.ev_anchor[(i, j)])}{_context(ctx, s)}</li>")
        h.append("</ul>")
    data = {"kind": f.kind, "message": f.message, "fingerprint": f.fingerprint, "story_id": f.story_id,
            "evidence": [s.model_dump() for s in f.evidence], "details": f.details}
    h.append('<details class="data"><summary>data</summary><pre>'
             + _e(json.dumps(data, indent=2, ensure_ascii=False, default=str)) + "</pre></details>")
    h.append("</article>")
    return "\n".join(h)


# --------------------------------------------------------------------------- overview


def _overview(ctx: _Ctx) -> str:
    """What was read, then every dispute in one list worst first, and the counts by kind."""
    r = ctx.report
    reads = []
    for k, a in enumerate(r.articles):
        reads.append(f'<li{_facets(ctx, ALL_SEV, srcs=[a.id])}><a href="#{source_anchor(k)}">'
                     f'<b>{_e(ctx.label(a.id))}</b></a> <span class="when">{_e(ctx.when(a.id))}</span> — '
                     f'<span dir="auto">{_e(view.source_heading(a))}</span></li>')
    rows = []
    for row in ctx.rows:
        first = row.findings[0] + 1
        more = f' <span class="muted">({len(row.findings)} findings)</span>' if len(row.findings) > 1 else ""
        rows.append(f'<li class="sev-{row.severity}"{_facets(ctx, row.severity, row.kinds, row.sources, [row.subject])}>'
                    f'<a href="#{finding_anchor(first)}"><span class="badge sev-{row.severity}">{row.severity}</span> '
                    f'<span class="what">{_e(row.title)}</span>{more} · '
                    f'<span class="sum" dir="auto">{_e(row.summary)}</span></a></li>')
    counts = view.kind_severity_counts(r.findings)
    table = ""
    if counts:
        body = "".join(f"<tr><td>{_e(view.kind_title(k))}</td>" + "".join(f"<td>{c[s]}</td>" for s in view.SEVERITIES)
                       + f"<td>{sum(c.values())}</td></tr>" for k, c in counts)
        table = ('<table class="counts"><thead><tr><th>kind</th>' + "".join(f"<th>{s}</th>" for s in view.SEVERITIES)
                 + f"<th>all</th></tr></thead><tbody>{body}</tbody></table>")
    disputes = (f'<ol class="rows">{"".join(rows)}</ol>{table}' if rows else
                "<p>No findings: the sources agree on everything checked.</p>")
    skipped = getattr(r, "skipped", [])
    notes = []
    if skipped:
        notes.append(f'<a href="#skipped">{view.plural(len(skipped), "file")} skipped</a>')
    if r.errors:
        notes.append(f'<a href="#errors">{view.plural(len(r.errors), "file")} could not be read</a>')
    note = f'<p class="muted">{" · ".join(notes)}</p>' if notes else ""
    return (f'<section id="overview" class="overview"><div><h2>Sources read ({len(r.articles)})</h2>'
            f'<ol class="reads">{"".join(reads)}</ol>{note}</div>'
            f'<div><h2>Disputes ({len(ctx.rows)}, worst first)</h2>{disputes}</div></section>')


def _toolbar(ctx: _Ctx) -> str:
    """Filters that apply to every section, and the search box."""
    r = ctx.report
    sev = "".join(f'<label><input type="checkbox" data-sev="{s}" checked> {s}</label>' for s in view.SEVERITIES)
    sev += '<label><input type="checkbox" data-sev="none" checked> no finding</label>'
    kinds = sorted({f.kind for f in r.findings} | ({"figure_conflict"} if r.figures or r.claims else set())
                   | ({"quote_altered"} if r.clusters else set()) | ({"date_conflict"} if r.dates else set()))
    opt_k = "".join(f'<option value="{_e(k)}">{_e(view.kind_title(k))}</option>' for k in kinds)
    opt_s = "".join(f'<option value="s{ctx.src_no[a.id]}">{_e(ctx.label(a.id))}</option>' for a in r.articles)
    subjects = sorted(set(ctx.subject_of.values()) | {c.subject for c in view.shown_claims(r)}, key=str.casefold)
    opt_j = "".join(f'<option value="{_e(_token(s))}">{_e(s)}</option>' for s in subjects)
    return ('<div class="bar" role="search"><span>Show:</span>' + sev +
            f'<select data-filter="kind" aria-label="kind"><option value="">every kind</option>{opt_k}</select>'
            f'<select data-filter="src" aria-label="source"><option value="">every source</option>{opt_s}</select>'
            f'<select data-filter="subj" aria-label="subject"><option value="">every subject</option>{opt_j}</select>'
            '<input type="search" id="q" placeholder="search: outlet, name, words" aria-label="search">'
            '<span id="shown" aria-live="polite"></span></div>')


# --------------------------------------------------------------------------- other sections


def _claims(ctx: _Ctx, finding_of: dict[str, int]) -> str:
    """Claims with more than one value: a disputed one links to its card (which draws it); the
    others (evolving, consistent with several values) get their timeline here."""
    shown = view.shown_claims(ctx.report)
    h = [f'<section id="claims"><h2>Claims ({len(shown)} with several values, of {len(ctx.report.claims)})</h2>'
         '<div class="claims">']
    for c in shown:
        kind = "date_conflict" if c.kind == "date" else "figure_conflict"
        sev = c.severity.value if c.severity else "none"
        head = (f'<h3>{_e(c.kind)}: {_e(view.claim_name(c))} '
                f'<span class="verdict v-{_e(c.verdict)}">{_e(c.verdict)}</span>')
        facets = _facets(ctx, sev, [kind], [v.article_id for v in c.values], [c.subject])
        if c.finding_id in finding_of:
            h.append(f'<div class="claim" id="claim-{_e(c.id)}"{facets}>{head} · '
                     f'<a href="#{finding_anchor(finding_of[c.finding_id])}">see its finding</a></h3>'
                     f'<p class="muted">{_e(view.claim_summary(c, ctx.labels))}</p></div>')
            continue
        items = "".join(
            f'<li class="{"odd" if v.odd else ""}">{_e(ctx.label(v.article_id))} ({_e(v.published or "undated")}): '
            f'“{_e(view.visible(v.span.text))}” = {_e(v.shown)}{"" if v.current else " (earlier figure)"}</li>'
            for v in c.values)
        h.append(f'<div class="claim" id="claim-{_e(c.id)}"{facets}>{head}</h3>'
                 f"<p>{_e(view.readable(c.reason, ctx.labels))}.</p>{timeline_svg(c, ctx.labels)}"
                 f'<details class="more"><summary>{view.plural(len(c.values), "version")}</summary>'
                 f"<ul>{items}</ul></details></div>")
    h.append("</div></section>")
    return "".join(h)


def _clusters(ctx: _Ctx) -> str:
    r = ctx.report
    by_cluster: dict[str, list[int]] = {}
    for i, f in enumerate(r.findings, start=1):
        if f.details.get("cluster_id"):
            by_cluster.setdefault(str(f.details["cluster_id"]), []).append(i)
    h = [f'<section id="clusters"><h2>Quote clusters ({len(r.clusters)})</h2>']
    for c in r.clusters:
        mine = [r.findings[i - 1] for i in by_cluster.get(c.id, [])]
        sev = " ".join(dict.fromkeys(f.severity.value for f in mine)) or "none"
        kinds = [f.kind for f in mine] or ["quote_altered", "speaker_conflict"]
        speakers = [m.speaker for m in c.members if m.speaker] or ["quotes"]
        subj = [ctx.subject_of.get(i - 1, speakers[0]) for i in by_cluster.get(c.id, [])] or speakers
        links = " ".join(f'<a href="#{finding_anchor(i)}">{_e(r.findings[i - 1].id)}</a>'
                         for i in by_cluster.get(c.id, []))
        h.append(f'<div class="cluster" id="cluster-{_e(c.id)}"{_facets(ctx, sev, kinds, [m.article_id for m in c.members], subj)}>'
                 f'<h3 dir="auto">“{_e(c.canonical_text)}” <span class="fid">{_e(c.id)}'
                 f'{" · findings " + links if links else ""}</span></h3><ul class="tree">')
        for m in c.members:
            if m.relation in ("variant", "excerpt", "reworded") and m.text != c.canonical_text:
                wording = _diff_inline(view.word_diff(c.canonical_text, m.text))
            else:
                wording = _e(m.text)
            rel = "" if m.relation in ("same", "canonical") else f" {m.relation}, {m.similarity:.2f}"
            h.append(f'<li><b>{_e(ctx.label(m.article_id))}</b>: '
                     f'<q dir="auto">{wording}</q> — <i>{_e(m.speaker or "no speaker")}</i>'
                     f'<span class="rel">{_e(rel)}</span></li>')
        h.append("</ul></div>")
    h.append("</section>")
    return "\n".join(h)


def _extracted(ctx: _Ctx) -> str:
    """Every figure and date the tool read, behind a toggle: lines, not a wide table."""
    r = ctx.report
    lines = []
    for f in r.figures:
        iv = view.human_interval(f.low, f.high, f.unit) if f.low is not None else "?"
        lines.append(f'<li{_facets(ctx, "none", ["figure_conflict"], [f.article_id], [f.subject or "-"])}>'
                     f'<b>{_e(ctx.label(f.article_id))}</b>: “{_e(view.one_line(f.text, 80))}” = {_e(iv)}'
                     f'{" · " + _e(f.subject) if f.subject else ""}'
                     f'{" · " + _e(", ".join(f.qualifiers)) if f.qualifiers else ""}</li>')
    for d in r.dates:
        lines.append(f'<li{_facets(ctx, "none", ["date_conflict"], [d.article_id], [d.event or "-"])}>'
                     f'<b>{_e(ctx.label(d.article_id))}</b>: “{_e(view.one_line(d.text, 80))}” = '
                     f'{_e(d.value.isoformat() if d.value else "?")}{" · " + _e(d.event) if d.event else ""}</li>')
    stories = "".join(f"<li><b>{_e(s.id)}</b> {_e(s.label)}: {_e(', '.join(ctx.label(a) for a in s.article_ids))}"
                      f' <span class="muted">{_e(view.readable(view.one_line(s.reason, 300), ctx.labels))}</span></li>'
                      for s in r.stories)
    return (f'<section id="extracted"><h2>Everything read</h2>'
            f'<details class="more"><summary>{view.plural(len(r.stories), "story", "stories")}</summary>'
            f'<ul class="plain">{stories}</ul></details>'
            f'<details class="more"><summary>{view.plural(len(r.figures), "figure")}, '
            f'{view.plural(len(r.dates), "date")}</summary><ul class="plain">{"".join(lines)}</ul></details></section>')


def _safe_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def _sources(ctx: _Ctx, marks: dict[str, list[_Mark]], facets: dict[str, tuple]) -> str:
    r = ctx.report
    qc = view.quotes_per_article(r)
    h = [f'<section id="sources"><h2>Sources ({len(r.articles)})</h2>'
         '<p class="muted">Each text with its evidence marked: Tab to a mark, Enter lists its findings.</p>']
    for k, a in enumerate(r.articles):
        meta = [f"published {_e(a.published.isoformat())}" if a.published else "publication date unknown",
                f"file {_e(a.path)}", f"format {_e(a.format)}",
                f"by {_e(a.byline)}" if a.byline else None, view.plural(qc.get(a.id, 0), "quote")]
        url = _safe_url(a.url)
        if url:
            meta.append(f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">original</a>')
        elif a.url:
            meta.append(f"url {_e(a.url)}")
        sev, kinds, subj = facets.get(a.id, ("none", [], []))
        n_marks = len(marks.get(a.id, []))
        h.append(f'<article class="source" id="{source_anchor(k)}" data-article="{_e(a.id)}"'
                 f'{_facets(ctx, sev, kinds, [a.id], subj)}>'
                 f'<h3 dir="auto">{_e(ctx.label(a.id))} — {_e(view.source_heading(a))}</h3>'
                 f'<p class="meta">{" · ".join(m for m in meta if m)}</p>'
                 f'<details class="more text"><summary>text ({len(a.text):,} characters), '
                 f'{view.plural(n_marks, "piece")} of evidence marked</summary>'
                 f'<pre class="text" dir="auto">{marked_text(a.text, marks.get(a.id, []))}</pre></details></article>')
    h.append("</section>")
    return "\n".join(h)


def _skipped(report: Report) -> str:
    items = "".join(f"<li><code>{_e(s.path)}</code>: {_e(s.reason)}</li>" for s in getattr(report, "skipped", []))
    return f'<section id="skipped"><h2>Files skipped ({len(getattr(report, "skipped", []))})</h2><ul>{items}</ul></section>'


def _errors(report: Report) -> str:
    items = "".join(f"<li><code>{_e(e.path)}</code>: {_e(e.reason)}</li>" for e in report.errors)
    return f'<section id="errors"><h2>Input errors ({len(report.errors)})</h2><ul>{items}</ul></section>'


SVG_W, SVG_H, PAD_L, PAD_R, PAD_T, PAD_B = 520, 150, 64, 16, 12, 34


def _ordinal(v) -> float | None:  # noqa: ANN001 - models.ClaimValue
    """The value a timeline plots: a figure's low end (its high end drawn too), a date's day number."""
    if v.date is not None:
        return float(v.date.toordinal())
    return v.low


def timeline_svg(claim, labels: dict[str, str] | None = None) -> str:  # noqa: ANN001 - models.Claim
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
            return _dt.date.fromordinal(int(val)).strftime("%d %b")
        return view.human_number(val, claim.unit)

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
        tip = f"{(labels or {}).get(v.article_id, v.article_id)} ({v.published or 'undated'}): {v.span.text} = {v.shown}"
        if v.date is None and v.high is not None and v.high != v.low:
            parts.append(f'<line class="{cls}" x1="{cx:.1f}" y1="{y0:.1f}" x2="{cx:.1f}" y2="{y(v.high):.1f}">'
                         f"<title>{_e(tip)}</title></line>")
        elif v.date is None and v.high is None:  # "at least": an arrow up from the low end
            parts.append(f'<line class="{cls}" x1="{cx:.1f}" y1="{y0:.1f}" x2="{cx:.1f}" y2="{max(PAD_T, y0 - 12):.1f}">'
                         f"<title>{_e(tip)}</title></line>")
        parts.append(f'<circle class="{cls}" cx="{cx:.1f}" cy="{y0:.1f}" r="4"><title>{_e(tip)}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)




# --------------------------------------------------------------------------- the page

ALL_SEV = " ".join([*view.SEVERITIES, "none"])


def _context_for(report: Report) -> _Ctx:
    labels = view.reader_labels(report.articles)
    ctx = _Ctx(report=report, arts=view.articles_by_id(report), labels=labels,
               src_no={a.id: k for k, a in enumerate(report.articles)}, rows=view.overview_rows(report, labels),
               claims=view.claims_by_id(report))
    for row in ctx.rows:
        for i in row.findings:
            ctx.subject_of[i] = row.subject
    return ctx


def _source_facets(report: Report, ctx: _Ctx) -> dict[str, tuple]:
    """Per article: the severities, kinds and subjects of the findings it gives evidence for."""
    out: dict[str, tuple[list, list, list]] = {}
    for i, f in enumerate(report.findings):
        for s in f.evidence:
            sev, kinds, subj = out.setdefault(s.article_id, ([], [], []))
            sev.append(f.severity.value)
            kinds.append(f.kind)
            subj.append(ctx.subject_of.get(i, ""))
    return {a: (" ".join(dict.fromkeys(sev)), kinds, subj) for a, (sev, kinds, subj) in out.items()}


def render(report: Report, *, title: str = "quotecheck report") -> str:
    ctx = _context_for(report)
    sev = view.severity_counts(report.findings)
    known = set(ctx.arts)
    marks: dict[str, list[_Mark]] = {}
    for i, f in enumerate(report.findings, start=1):
        for j, s in enumerate(f.evidence):
            anchor = evidence_anchor(i, j)
            # Evidence in an article the report does not carry has nowhere to point: link the finding.
            ctx.ev_anchor[(i, j)] = anchor if s.article_id in known else finding_anchor(i)
            marks.setdefault(s.article_id, []).append(
                _Mark(s.start, s.end, anchor, finding_anchor(i), f.severity.value, f.severity.rank,
                      f"{f.id} {f.severity.value}: {view.kind_title(f.kind)}"))
    counts = [(len(report.articles), "source", "sources"), (len(report.stories), "story", "stories"),
              (len(report.quotes), "quote", "quotes"), (len(report.clusters), "cluster", "clusters"),
              (len(report.figures), "figure", "figures"), (len(report.dates), "date", "dates"),
              (len(report.claims), "claim", "claims")]
    summary = " · ".join(f"<b>{n}</b> {one if n == 1 else many}" for n, one, many in counts)
    findings_h = " ".join(f'<span class="badge sev-{s}">{sev[s]} {s}</span>' for s in view.SEVERITIES)
    finding_of = {f.fingerprint: i for i, f in enumerate(report.findings, start=1)}
    shown_claims = view.shown_claims(report)
    toc = [("overview", "Overview"), ("findings", f"Findings ({len(report.findings)})")]
    if shown_claims:
        toc.append(("claims", f"Claims ({len(shown_claims)})"))
    if report.clusters:
        toc.append(("clusters", f"Quote clusters ({len(report.clusters)})"))
    toc.append(("sources", f"Sources ({len(report.articles)})"))
    if getattr(report, "skipped", []):
        toc.append(("skipped", f"Skipped ({len(report.skipped)})"))
    if report.errors:
        toc.append(("errors", f"Input errors ({len(report.errors)})"))
    if report.figures or report.dates or report.stories:
        toc.append(("extracted", "Everything read"))
    nav = "".join(f'<a href="#{a}">{_e(t)}</a>' for a, t in toc)
    body = [
        "<header>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="summary">{summary} · findings {findings_h}</p>',
        f'<nav class="toc" aria-label="contents">{nav}</nav>',
        "</header>",
        _toolbar(ctx),
        _overview(ctx),
        f'<section id="findings"><h2>Findings ({len(report.findings)})</h2>',
        *(_finding(ctx, i, f) for i, f in enumerate(report.findings, start=1)),
        "" if report.findings else "<p>No findings: the sources agree on everything checked.</p>",
        "</section>",
    ]
    if shown_claims:
        body.append(_claims(ctx, finding_of))
    if report.clusters:
        body.append(_clusters(ctx))
    body.append(_sources(ctx, marks, _source_facets(report, ctx)))
    if getattr(report, "skipped", []):
        body.append(_skipped(report))
    if report.errors:
        body.append(_errors(report))
    if report.figures or report.dates or report.stories:
        body.append(_extracted(ctx))
    body.append('<div id="pop" role="dialog" aria-label="findings at this mark" hidden></div>')
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
