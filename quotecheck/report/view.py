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
from functools import cached_property
from typing import Literal

from quotecheck import regexcache
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


# --------------------------------------------------------------------------- names and numbers a reader knows


def _host(url: str | None) -> str | None:
    """``www.example.org`` of an http(s) URL, without ``www.``; None otherwise."""
    if not url or "://" not in url:
        return None
    scheme, rest = url.split("://", 1)
    if scheme.lower() not in ("http", "https"):
        return None
    host = rest.split("/", 1)[0].split("?", 1)[0].split("@")[-1].split(":", 1)[0].lower()
    return host.removeprefix("www.") or None


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or path


class Labels(dict):
    """Reader labels by article id, with the ids split once into plain tokens and the others
    (``readable`` is called for every message of a report: thousands of ids, thousands of times)."""

    @cached_property
    def split(self) -> tuple[frozenset[str], tuple[str, ...]]:
        return _split_ids(self)


def _split_ids(labels: dict[str, str]) -> tuple[frozenset[str], tuple[str, ...]]:
    simple = frozenset(i for i in labels if i and all(_is_word_char(c) for c in i))
    return simple, tuple(i for i in labels if i and i not in simple)


def reader_labels(articles: Iterable[Article]) -> Labels:
    """How a reader names each source: its outlet, else the site of its URL, else its file name;
    an outlet carried by several articles gets the file name too, so no two sources read alike."""
    arts = list(articles)
    base = {a.id: (a.outlet or _host(a.url) or _file_name(a.path) or a.id).strip() for a in arts}
    seen = Counter(base.values())
    return Labels({a.id: base[a.id] if seen[base[a.id]] == 1 else f"{base[a.id]} · {_file_name(a.path)}"
                   for a in arts})


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c in "_-."


def readable(text: str, labels: dict[str, str]) -> str:
    """``text`` with every article id (as a whole token) replaced by the source's reader label,
    and numbers in scientific notation (``1.206e+11``) written out as a reader writes them.

    Ids made of word characters (``11_organiser``, ``000_efb8f25713125e93``, ``ap-2``) are found
    by looking each run of such characters up (a full stop ending the sentence may follow);
    the rare id with other characters (a file stem with a space) is searched for on its own.
    Text inside “curly quotes” is an article's own words (the checks quote them so) and is left
    alone: a file named ``root.txt`` must not rewrite “the root cause”."""
    simple, others = labels.split if isinstance(labels, Labels) else _split_ids(labels)
    out: list[str] = []
    pos, n, depth = 0, len(text), 0
    while pos < n:
        c = text[pos]
        if not _is_word_char(c) or depth:
            depth += (c == "“") - (c == "”" and depth > 0)  # words quoted from an article stay as written
            out.append(c)
            pos += 1
            continue
        end = pos
        while end < n and _is_word_char(text[end]):
            end += 1
        tok = text[pos:end]
        core = tok.rstrip(".")
        if tok in simple:
            out.append(labels[tok])
        elif core in simple:
            out.append(labels[core] + tok[len(core):])
        else:
            out.append(tok)
        pos = end
    result = "".join(out)
    for other in others:
        if other in result:
            result = _replace_token(result, other, labels[other])
    return _SCI.sub(lambda m: human_number(float(m.group())), result)


def _replace_token(text: str, old: str, new: str) -> str:
    """``old`` replaced by ``new`` where it is not part of a longer word."""
    out, pos = [], 0
    while True:
        k = text.find(old, pos)
        if k < 0:
            out.append(text[pos:])
            return "".join(out)
        after = k + len(old)
        whole = (k == 0 or not _is_word_char(text[k - 1])) and (
            after == len(text) or not (text[after].isalnum() or text[after] in "_-"))
        out.append(text[pos:k] + (new if whole else old))
        pos = after


_SCI = regexcache.compile(r"(?<![\w.])\d+(?:\.\d+)?e[+-]?\d+(?![\w.])")

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_CURRENCY = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}


def human_number(x: float, unit: str | None = None) -> str:
    """A number as a reader writes it: ``1,644``, ``2.5``, ``$134 billion``, ``40%``."""
    ax = abs(x)
    scale = next(((d, w) for d, w in _SCALES if ax >= d), None)
    if scale is not None:
        v = x / scale[0]
        num = (f"{v:,.2f}".rstrip("0").rstrip(".")) + " " + scale[1]
    elif ax >= 100 or x == int(x):
        num = f"{x:,.0f}"
    else:
        num = f"{x:,.2f}".rstrip("0").rstrip(".")
    if unit in _CURRENCY:
        return ("-" if x < 0 else "") + _CURRENCY[unit] + num.lstrip("-")
    if unit == "%":
        return num + "%"
    return num + (f" {unit}" if unit else "")


def human_interval(low: float | None, high: float | None, unit: str | None = None) -> str:
    """``9,900–12,100``, ``≥ 26``, ``$120.6–147.4 billion`` (the scale word once when shared)."""
    if low is None:
        return "?"
    if high is None:
        return "≥ " + human_number(low, unit)
    if low == high:
        return human_number(low, unit)
    a, b = human_number(low, unit), human_number(high, unit)
    for _, word in _SCALES:  # "$120.6 billion–$147.4 billion" reads as "$120.6–147.4 billion"
        if a.endswith(" " + word) and b.endswith(" " + word):
            sym = _CURRENCY.get(unit or "", "")
            return f"{a.removesuffix(' ' + word)}–{b.removesuffix(' ' + word).removeprefix(sym)} {word}"
    return f"{a}–{b}"


def first_words(text: str, limit: int = 90) -> str:
    """The opening of an article, for a source without a title."""
    return one_line(text.lstrip()[: limit * 4], limit)  # only the opening is needed: never fold a whole text


def source_heading(article: Article) -> str:
    """An article's title, else its first words; never "(no title)" when it has text."""
    return one_line(article.title or "", 160) or first_words(article.text) or "(empty)"


# --------------------------------------------------------------------------- evidence in its sentence

_SENTENCE_END = ".!?…"
_CLOSERS = "\"'”’)»]"


def _ends_sentence(text: str, pos: int) -> bool:
    """True when ``text[:pos]`` ends a sentence: a full stop (or ! ? …), closing quotes allowed after it."""
    k = pos
    while k > 0 and text[k - 1] in _CLOSERS:
        k -= 1
    return k > 0 and text[k - 1] in _SENTENCE_END
CONTEXT = 220  # at most this many characters of the sentence either side of a span


def sentence_bounds(text: str, start: int, end: int, limit: int = CONTEXT) -> tuple[int, int, bool, bool]:
    """The sentence around ``text[start:end]`` (from the end of the previous sentence or
    paragraph to the end of the last one it touches; a single line break, as in hard-wrapped
    copy, is inside a sentence), at most ``limit`` characters each side;
    and whether each side was cut short of its sentence boundary (shown as ``…``)."""
    n = len(text)
    start, end = max(0, min(start, n)), max(start, min(end, n))
    a, cut_a = start, False
    while a > 0:
        c = text[a - 1]
        if c.isspace() and a >= 2 and (_ends_sentence(text, a - 1) or (c == "\n" and text[a - 2] == "\n")):
            break
        if start - a >= limit:
            cut_a = True
            break
        a -= 1
    while a < start and text[a].isspace():
        a += 1
    b, cut_b = end, False
    while b < n:
        c = text[b]
        if c == "\n" and (b + 1 == n or text[b + 1] in "\r\n"):  # a paragraph ends; one line break does not
            break
        if b - end >= limit:
            cut_b = True
            break
        b += 1
        if c in _SENTENCE_END:
            k = b
            while k < n and text[k] in _CLOSERS:
                k += 1
            if k == n or text[k].isspace():
                b = k
                break
    return a, b, cut_a, cut_b


@dataclass(frozen=True)
class InSentence:
    """A span shown inside its sentence: text before, the span, text after (with ``…`` where cut)."""

    before: str
    span: str
    after: str


def in_sentence(text: str, span: Span, limit: int = CONTEXT) -> InSentence:
    """The evidence span with its sentence, cut from the article text by offsets."""
    if not (0 <= span.start <= span.end <= len(text)):
        return InSentence("", span.text, "")
    a, b, cut_a, cut_b = sentence_bounds(text, span.start, span.end, limit)
    return InSentence(("…" if cut_a else "") + text[a:span.start], text[span.start:span.end],
                      text[span.end:b] + ("…" if cut_b else ""))



# --------------------------------------------------------------------------- the overview: one row per dispute


@dataclass(frozen=True)
class Row:
    """One line of the overview: a disputed claim, an altered quote cluster, or another finding.

    ``findings`` are 0-based indexes into ``report.findings`` (the first is the one to open)."""

    severity: str
    kinds: tuple[str, ...]
    title: str
    subject: str
    summary: str
    sources: tuple[str, ...]  # article ids involved
    findings: tuple[int, ...]


def claims_by_id(report: Report) -> dict:
    return {c.id: c for c in report.claims}


def claim_summary(claim, labels: dict[str, str]) -> str:  # noqa: ANN001 - models.Claim
    """``East Coast Daily 28, Organiser 27; the others agree on 26``: who is odd, and against what."""
    odd: dict[str, list[str]] = {}
    for v in claim.values:
        if v.odd and v.current:
            odd.setdefault(v.article_id, [])
            if v.shown not in odd[v.article_id]:
                odd[v.article_id].append(v.shown)
    who = ", ".join(f"{labels.get(a, a)} {' / '.join(vals)}" for a, vals in odd.items())
    if claim.verdict == "outlier" and claim.consensus and who:
        return f"{who}; the others agree on {claim.consensus}"
    vals: dict[str, list[str]] = {}
    for v in claim.values:
        if v.current:
            vals.setdefault(v.shown, []).append(labels.get(v.article_id, v.article_id))
    return "; ".join(f"{s} ({', '.join(dict.fromkeys(a))})" for s, a in vals.items())


def finding_subject(f: Finding, claims: dict, clusters: dict) -> str:
    """What a finding is about, for the subject filter: the claim's subject, else the speaker."""
    c = claims.get(f.details.get("claim_id"))
    if c is not None:
        return c.subject
    cl = clusters.get(f.details.get("cluster_id"))
    if cl is not None:
        speakers = [m.speaker for m in cl.members if m.speaker]
        if speakers:
            return Counter(speakers).most_common(1)[0][0]
        return "quotes"
    if "weekday_written" in f.details:
        return "weekday"
    return str(f.details.get("subject") or f.kind.split("_")[0])


#: What each kind of quote change means, in a sentence a reader can act on.
CHANGE_REASONS = {
    "meaning": "The versions differ in words that carry meaning (a negation, a number, a name, a "
               "strong verb): check which one the speaker said before quoting either.",
    "wording": "The words differ beyond punctuation and case, though the statement is the same: "
               "one outlet edited or translated the quote.",
    "reorder": "The same words in another order: one outlet rearranged the quote.",
    "excerpt": "One source quotes only part of the statement; the words it gives match.",
    "extension": "One source quotes more of the statement than the others; the shared words match.",
}


def plain_reason(f: Finding) -> str:
    """Why this finding was reported, in plain words (the claim's reason for a disputed claim)."""
    d = f.details
    if "weekday_written" in d:
        return (f"The weekday written ({d.get('weekday_written')}) does not fall on the date written "
                f"({d.get('weekday_of_date')} is right for {d.get('value')}): one of the two is wrong.")
    if f.kind == "speaker_conflict":
        return ("The same words are attributed to different people, each by a direct attribution "
                "(a cue such as “said” next to the quote): at most one of them said it.")
    if f.kind == "quote_altered":
        nums = d.get("figures_changed") or []
        if nums:
            return "A figure inside the quote differs: " + ", ".join(
                f"“{n.get('from')}” → “{n.get('to')}”" for n in nums if isinstance(n, dict)) + "."
        return CHANGE_REASONS.get(str(d.get("change")), KIND_HELP["quote_altered"])
    return KIND_HELP.get(f.kind, "")


def finding_summary(f: Finding, claims: dict, labels: dict[str, str], *, fold: bool = True) -> str:
    """The finding in one plain sentence with the sources' names (never article ids); ``fold``
    makes the message one line (Markdown keeps its line breaks)."""
    c = claims.get(f.details.get("claim_id"))
    if c is not None:
        return f"{claim_name(c)}: {claim_summary(c, labels)}"
    return readable(one_line(f.message, 400) if fold else f.message, labels)


def overview_rows(report: Report, labels: dict[str, str]) -> list[Row]:
    """Every finding in exactly one row: one per disputed claim, one per quote cluster (all its
    altered versions and speaker conflicts), one per other finding; worst first."""
    claims, clusters = claims_by_id(report), {c.id: c for c in report.clusters}
    groups: dict[str, list[int]] = {}
    for i, f in enumerate(report.findings):
        cid = f.details.get("cluster_id")
        key = f"cluster:{cid}" if cid in clusters else f"finding:{i}"
        groups.setdefault(key, []).append(i)
    rows = []
    for key, idx in groups.items():
        fs = [report.findings[i] for i in idx]
        worst = max(fs, key=lambda f: f.severity.rank)
        srcs = tuple(dict.fromkeys(s.article_id for f in fs for s in f.evidence))
        kinds = tuple(dict.fromkeys(f.kind for f in fs))
        if key.startswith("cluster:"):
            cl = clusters[key.split(":", 1)[1]]
            subject = finding_subject(fs[0], claims, clusters)
            altered = [labels.get(f.evidence[0].article_id, f.evidence[0].article_id) for f in fs
                       if f.kind == "quote_altered" and f.evidence]
            parts = []
            if altered:
                parts.append(f"{plural(len(altered), 'other version')}: {', '.join(dict.fromkeys(altered))}")
            if "speaker_conflict" in kinds:
                parts.append("attributed to different people")
            title = kind_title("speaker_conflict" if "speaker_conflict" in kinds else "quote_altered")
            summary = f"{subject}: “{one_line(cl.canonical_text, 90)}” — " + "; ".join(parts)
        else:
            f = fs[0]
            title, subject = kind_title(f.kind), finding_subject(f, claims, clusters)
            summary = finding_summary(f, claims, labels)
        rows.append(Row(worst.severity.value, kinds, title, subject, summary, srcs, tuple(idx)))
    return sorted(rows, key=lambda r: (-Severity(r.severity).rank, -len(r.sources), r.findings[0]))


def kind_severity_counts(findings: Iterable[Finding]) -> list[tuple[str, dict[str, int]]]:
    """For each finding kind present: its count by severity (kinds in the order of KIND_TITLES)."""
    by: dict[str, Counter[str]] = {}
    for f in findings:
        by.setdefault(f.kind, Counter())[f.severity.value] += 1
    order = list(KIND_TITLES)
    kinds = sorted(by, key=lambda k: (order.index(k) if k in order else len(order), k))
    return [(k, {s: by[k].get(s, 0) for s in SEVERITIES}) for k in kinds]
