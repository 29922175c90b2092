"""Presentation helpers shared by the renderers.

Nothing here decides what is a finding: these functions only look things up in
a Report, count what it holds, split a span's text for display, or align the
words of two evidence spans so a renderer can highlight what differs.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from quotecheck.models import Article, Finding, Report, Severity, Span

Op = Literal["equal", "replace", "delete", "insert"]

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")

KIND_TITLES = {
    "quote_altered": "Quote altered between sources",
    "speaker_conflict": "Same quote, different speakers",
    "figure_conflict": "Figures do not match",
    "date_conflict": "Dates do not match",
}

KIND_HELP = {
    "quote_altered": "A source carries a quote whose wording differs from the wording most "
                     "sources carry beyond punctuation and case.",
    "speaker_conflict": "The same statement is attributed to different people in different sources.",
    "figure_conflict": "Sources give figures for the same thing that cannot both be true.",
    "date_conflict": "Sources date the same event differently.",
}

# C0/C1 control characters other than tab, newline and carriage return: they can
# rewrite a terminal (ESC sequences) and are not allowed in XML 1.0.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Characters XML 1.0 cannot carry at all (besides the controls above).
_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Bidi embedding/override/isolate controls: can make text display in another order than it reads.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def control_pictures(text: str) -> str:
    """Map each control character to ONE visible character (U+2400 block).

    One-to-one, so offsets into the text stay valid (the HTML report relies on it).
    """
    def pic(m: re.Match[str]) -> str:
        c = ord(m.group())
        if c < 0x20:
            return chr(0x2400 + c)
        if c == 0x7F:
            return "\u2421"
        return "\ufffd"  # C1 controls have no picture

    return _CONTROL.sub(pic, text)


def visible(text: str) -> str:
    """Text safe to print to a terminal, Markdown or XML: controls and bidi overrides shown."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    text = _BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    return _XML_BAD.sub("\ufffd", text)


def xml_safe(text: str) -> str:
    """Only what XML 1.0 forbids replaced (keeps bidi marks, which are legal)."""
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return _XML_BAD.sub("\ufffd", text)


def one_line(text: str, limit: int | None = None) -> str:
    """Whitespace runs (incl. newlines) folded to one space; cut with an ellipsis."""
    s = " ".join(visible(text).split())
    if limit is not None and len(s) > limit:
        s = s[: max(1, limit - 1)] + "…"
    return s


# --------------------------------------------------------------------------- lookups and counts


def articles_by_id(report: Report) -> dict[str, Article]:
    return {a.id: a for a in report.articles}


def quotes_per_article(report: Report) -> Counter[str]:
    return Counter(q.article_id for q in report.quotes)


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    c = Counter(f.severity.value for f in findings)
    return {s: c.get(s, 0) for s in SEVERITIES}


def at_or_above(findings: Iterable[Finding], fail_on: str) -> list[Finding]:
    """Findings that make the run fail at this threshold (``never``: none)."""
    if fail_on == "never":
        return []
    level = Severity(fail_on).rank
    return [f for f in findings if f.severity.rank >= level]


def story_of_article(report: Report) -> dict[str, str]:
    out: dict[str, str] = {}
    for s in report.stories:
        for a in s.article_ids:
            out.setdefault(a, s.id)
    return out


def source_label(article: Article | None, article_id: str) -> str:
    """How a reader names a source: outlet if known, else the article id."""
    if article is None:
        return article_id
    return article.outlet or article.id


def kind_title(kind: str) -> str:
    return KIND_TITLES.get(kind, kind.replace("_", " ").capitalize())


# --------------------------------------------------------------------------- positions


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (code points) of ``offset``; lines end at ``\\n`` (also ``\\r\\n``)."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


# --------------------------------------------------------------------------- word diffs


@dataclass(frozen=True)
class DiffPart:
    op: Op
    a: str  # words on the left (canonical) side
    b: str  # words on the right (variant) side


_OP_NAMES: dict[str, Op] = {
    "equal": "equal", "same": "equal", "=": "equal", " ": "equal", "keep": "equal",
    "replace": "replace", "replaced": "replace", "~": "replace", "change": "replace", "changed": "replace",
    "delete": "delete", "deleted": "delete", "dropped": "delete", "drop": "delete", "-": "delete",
    "removed": "delete",
    "insert": "insert", "inserted": "insert", "added": "insert", "add": "insert", "+": "insert",
}

_TOKEN = re.compile(r"\S+")
_WS = re.compile(r"\s+")
_NORM = re.compile(r"[\W_]+", re.UNICODE)


def _norm_token(tok: str) -> str:
    n = _NORM.sub("", tok.casefold())
    return n or tok


def _as_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, list | tuple):
        return " ".join(str(x) for x in v)
    return str(v)


def _parse_diff(raw: object) -> list[DiffPart] | None:
    """A word diff as the quote-graph stage may have stored it in ``Finding.details``.

    Accepted shapes (anything else -> None, and the caller diffs the evidence itself):
    ``[{"op": "replace", "a": "tackle", "b": "the tackling of"}, ...]`` (``old``/``new``
    or ``canonical``/``variant`` also accepted as keys) or ``[["replace", "a", "b"], ...]``.
    """
    if not isinstance(raw, list) or not raw:
        return None
    parts: list[DiffPart] = []
    for item in raw:
        if isinstance(item, dict):
            op = _OP_NAMES.get(str(item.get("op", item.get("tag", ""))).lower())
            a = item.get("a", item.get("old", item.get("canonical", item.get("text", ""))))
            b = item.get("b", item.get("new", item.get("variant", "")))
            if op == "equal" and not b:
                b = a
            if op == "insert" and not b and "text" in item:
                a, b = "", item["text"]
        elif isinstance(item, list | tuple) and len(item) in (2, 3):
            op = _OP_NAMES.get(str(item[0]).lower())
            a, b = (item[1], item[1]) if len(item) == 2 else (item[1], item[2])
            if op == "insert" and len(item) == 2:
                a = ""
            if op == "delete" and len(item) == 2:
                b = ""
        else:
            return None
        if op is None:
            return None
        parts.append(DiffPart(op, _as_text(a), _as_text(b)))
    return parts


def word_diff(a: str, b: str) -> list[DiffPart]:
    """Align two wordings word by word; case and punctuation alone are not differences."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    na, nb = [_norm_token(t) for t in ta], [_norm_token(t) for t in tb]
    parts: list[DiffPart] = []
    sm = difflib.SequenceMatcher(None, na, nb, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        parts.append(DiffPart(tag, " ".join(ta[i1:i2]), " ".join(tb[j1:j2])))  # type: ignore[arg-type]
    return parts


def _diff_covers(parts: list[DiffPart], a: str, b: str) -> bool:
    """True when the diff's two sides spell out exactly the words of ``a`` and ``b``."""
    def words(s: str) -> list[str]:
        return [_norm_token(t) for t in _TOKEN.findall(s)]

    side_a = words(" ".join(p.a for p in parts if p.op != "insert"))
    side_b = words(" ".join(p.b for p in parts if p.op != "delete"))
    return side_a == words(a) and side_b == words(b)


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


@dataclass(frozen=True)
class Side:
    """One wording of a statement, cut into pieces; ``changed`` pieces differ from the other side."""

    span: Span
    pieces: tuple[tuple[str, bool], ...]  # (text, changed)


def _sides_from_parts(ref: Span, other: Span, parts: list[DiffPart]) -> tuple[Side, Side]:
    def side(span: Span, pick: str) -> Side:
        out: list[tuple[str, bool]] = []
        for p in parts:
            words = p.a if pick == "a" else p.b
            if words:
                if out:
                    out.append((" ", False))
                out.append((" ".join(words.split()), p.op != "equal"))
        return Side(span, tuple(out))

    return side(ref, "a"), side(other, "b")


def _pieces(span: Span, ranges: list[tuple[int, int]]) -> tuple[tuple[str, bool], ...]:
    """The span's own text cut at the changed ranges (absolute article offsets)."""
    out: list[tuple[str, bool]] = []
    pos = span.start
    for a, b in sorted(ranges):
        a, b = max(a, pos), min(b, span.end)
        if a >= b:
            continue
        if a > pos:
            out.append((span.text[pos - span.start: a - span.start], False))
        out.append((span.text[a - span.start: b - span.start], True))
        pos = b
    if pos < span.end:
        out.append((span.text[pos - span.start:], False))
    return tuple(out)


def _article_of(quote_id: object) -> str | None:
    """Quote ids are ``<article_id>:q<n>`` (models.Quote)."""
    if not isinstance(quote_id, str) or ":" not in quote_id:
        return None
    return quote_id.rsplit(":", 1)[0]


def _ranges(ops: list, key: str, kinds: set[str]) -> list[tuple[int, int]] | None:
    out = []
    for o in ops:
        if not isinstance(o, dict) or o.get("op") not in kinds:
            continue
        part = o.get(key) or {}
        if not isinstance(part, dict) or "start" not in part:
            continue
        if not isinstance(part.get("start"), int) or not isinstance(part.get("end"), int):
            return None
        out.append((part["start"], part["end"]))
    return out


def _sides_from_ops(finding: Finding) -> tuple[Side, Side] | None:
    """The quote-graph check's diff: ``details["ops"]`` with offsets of what changed.

    ``canonical_quote_id``/``quote_id`` name the two wordings; each op carries
    ``{"op", "canonical": {"text", "start", "end"}, "quote": {...}}``. The
    changed stretches are highlighted in the evidence text itself, exactly.
    """
    d = finding.details
    ops = d.get("ops")
    ref_art, var_art = _article_of(d.get("canonical_quote_id")), _article_of(d.get("quote_id"))
    if not isinstance(ops, list) or ref_art is None or var_art is None:
        return None
    ref_r = _ranges(ops, "canonical", {"delete", "replace", "move"})
    var_r = _ranges(ops, "quote", {"insert", "replace", "move"})
    if ref_r is None or var_r is None:
        return None

    def holder(article: str, ranges: list[tuple[int, int]], skip: Span | None) -> Span | None:
        return next((s for s in finding.evidence if s.article_id == article and s is not skip
                     and all(s.start <= a <= b <= s.end for a, b in ranges)), None)

    var = holder(var_art, var_r, None)
    ref = holder(ref_art, ref_r, var)
    if ref is None or var is None:
        return None
    return Side(ref, _pieces(ref, ref_r)), Side(var, _pieces(var, var_r))


def finding_diffs(finding: Finding) -> list[tuple[Side, Side]]:
    """Pairs (canonical, other) of wordings to show side by side, changed words marked.

    Sources, best first: the quote-graph check's ``details["ops"]`` (exact
    offsets); a word list in ``details["diff"]``/``details["word_diff"]``; else
    the renderer aligns the words itself. Without ``canonical_quote_id`` the
    first evidence span is taken as the canonical wording.
    """
    if len(finding.evidence) < 2:
        return []
    exact = _sides_from_ops(finding)
    if exact is not None:
        return [exact]
    d = finding.details
    ref_art = _article_of(d.get("canonical_quote_id"))
    ref = next((s for s in finding.evidence if s.article_id == ref_art), finding.evidence[0])
    var_art = _article_of(d.get("quote_id"))
    others = [s for s in finding.evidence if s is not ref]
    if var_art is not None:  # one altered wording against the canonical one
        others = [s for s in others if s.article_id == var_art][:1] or others[:1]
    stored = _parse_diff(d.get("diff", d.get("word_diff")))
    if stored and not _diff_covers(stored, ref.text, others[0].text):
        stored = None  # a diff of other wordings than the evidence would hide words: redo it
    out = []
    for i, other in enumerate(others):
        parts = stored if (i == 0 and stored) else word_diff(ref.text, other.text)
        out.append(_sides_from_parts(ref, other, parts))
    return out


def is_wording_finding(finding: Finding) -> bool:
    """Findings whose evidence are wordings of one statement (shown as a word diff)."""
    d = finding.details
    return finding.kind == "quote_altered" or any(k in d for k in ("diff", "word_diff", "ops"))


def flat(text: str) -> str:
    """Visible text with whitespace runs as one space (edges kept: pieces are joined as they are)."""
    return _WS.sub(" ", visible(text))


def unpaired(finding: Finding, pairs: list[tuple[Side, Side]]) -> list[Span]:
    """Evidence not shown in a side-by-side pair (e.g. further sources carrying the canonical wording)."""
    shown = {id(x.span) for pair in pairs for x in pair}
    return [s for s in finding.evidence if id(s) not in shown]


def evidence_label(report_articles: dict[str, Article], span: Span) -> str:
    art = report_articles.get(span.article_id)
    label = source_label(art, span.article_id)
    if art is not None and art.published:
        label += f", {art.published.isoformat()}"
    return label


def shown_claims(report: Report) -> list:
    """Claims worth showing: disputed or evolving, or with more than one distinct value (a
    consistent claim with one value says nothing); disputed first."""
    keep = [c for c in report.claims if c.verdict != "consistent" or len({v.shown for v in c.values}) > 1]
    order = {"contradiction": 0, "outlier": 1, "evolving": 2, "consistent": 3}
    return sorted(keep, key=lambda c: (order.get(c.verdict, 4), c.id))


def claim_name(claim) -> str:  # noqa: ANN001 - models.Claim
    """"deaths [place:jamaica] (USD)": what a claim counts, for people."""
    return claim.subject + (f" [{', '.join(claim.scope)}]" if claim.scope else "") + (
        f" ({claim.unit})" if claim.unit else "")
