"""Quote spans: find what is inside quote marks, the way an editor reads it.

One pass over the marks of each paragraph with a small stack, so the work is
linear in the text length whatever the input (no regex backtracking over
quote bodies). The glyph alone never decides the role of a mark: its
neighbours do (a mark before a word opens, a mark after one closes), which
copes with straight quotes, misused curly marks and German or French styles.
Apostrophes (``Russia's``, ``couldn’t``, ``the ’90s``, ``Ukrainians’``) never
open a quote. A double quote left open recovers at the paragraph end unless
the next paragraph re-opens it (the multi-paragraph convention); a single
one is dropped, so a stray mark can never swallow the rest of an article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex
from pydantic import BaseModel, ConfigDict, field_validator

from quotecheck import regexcache
from quotecheck import rules as R
from quotecheck.models import Article, Quote, Segmentation
from quotecheck.rules import RuleFile, RuleSet, longest_first, rule_kind

# --------------------------------------------------------------------------- rule kind


class MarkPair(BaseModel):
    """An opening mark and the marks that may close it."""

    model_config = ConfigDict(extra="forbid")
    open: str
    close: list[str]
    flanking: bool = True  # False: the glyph decides (CJK has no spaces around marks)

    @field_validator("open")
    @classmethod
    def _short(cls, v: str) -> str:
        if not 1 <= len(v) <= 2:
            raise ValueError(f"a quote mark is one or two characters, got {v!r}")
        return v

    @field_validator("close")
    @classmethod
    def _closers(cls, v: list[str]) -> list[str]:
        if not v or any(not 1 <= len(c) <= 2 for c in v):
            raise ValueError("close must list one or more marks of one or two characters")
        return v


@rule_kind("quote_marks")
class QuoteMarks(RuleFile):
    """``rules/en/quote_marks.yml``: the mark pairs and the full/fragment thresholds."""

    double: list[MarkPair] = []
    single: list[MarkPair] = []
    elisions: list[str] = []
    full_min_words: int = 3
    embedded_full_words: int = 12


# --------------------------------------------------------------------------- compiled tables


@dataclass
class _Marks:
    """Lookup tables built once per rule set."""

    token_re: regex.Pattern
    opens: dict[str, MarkPair] = field(default_factory=dict)  # mark -> pair it opens
    family: dict[str, str] = field(default_factory=dict)  # mark -> "double" | "single"
    closers: set[str] = field(default_factory=set)
    unflanked: set[str] = field(default_factory=set)
    elision_re: regex.Pattern | None = None
    full_min_words: int = 3
    embedded_full_words: int = 12


def _build(rules: RuleSet) -> _Marks:
    files = rules.of_kind("quote_marks")
    if not files:
        raise R.RuleError("no rule file of kind 'quote_marks' loaded")
    m = _Marks(token_re=regexcache.compile("(?!x)x"))
    marks: set[str] = set()
    elisions: list[str] = []
    for f in files:
        assert isinstance(f, QuoteMarks)
        for fam, pairs in (("double", f.double), ("single", f.single)):
            for p in pairs:
                m.opens.setdefault(p.open, p)
                m.family.setdefault(p.open, fam)
                for c in p.close:
                    m.closers.add(c)
                    m.family.setdefault(c, fam)
                if not p.flanking:
                    m.unflanked.update([p.open, *p.close])
                marks.update([p.open, *p.close])
        elisions += f.elisions
        m.full_min_words, m.embedded_full_words = f.full_min_words, f.embedded_full_words
    alts = longest_first(marks)
    m.token_re = regexcache.compile("|".join(regex.escape(a) for a in alts))
    words = "|".join(regex.escape(e) for e in longest_first(elisions))
    m.elision_re = regexcache.compile(rf"(?:\d|(?:{words})(?!\w))" if words else r"\d", regex.I)
    return m


def marks_table(rules: RuleSet) -> _Marks:
    return rules.compiled("quotes.marks", _build)


# --------------------------------------------------------------------------- paragraphs

_BLANK = regexcache.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_SENT_END = regexcache.compile(r"[.!?:][\"”’'»)]*\s*$")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans. Blank lines always separate; a single newline does too,
    unless the article is hard-wrapped (most lines end near one fixed width) and
    the line runs on (long, no sentence end) — the QNA style of copy."""
    out: list[tuple[int, int]] = []
    pos = 0
    for mt in _BLANK.finditer(text):
        out.extend(_split_lines(text, pos, mt.start()))
        pos = mt.end()
    out.extend(_split_lines(text, pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if "\n" not in text[start:end]:
        return [(start, end)]
    lines: list[tuple[int, int]] = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        if nl < 0:
            lines.append((pos, end))
            break
        lines.append((pos, nl))
        pos = nl + 1
    lengths = sorted(e - s for s, e in lines if text[s:e].strip())
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0
    wrapped = (len(lengths) >= 3 and 40 <= width <= 110
               and sum(n >= 0.8 * width for n in lengths) >= 0.4 * len(lengths))
    out: list[tuple[int, int]] = []
    para_start = lines[0][0]
    for i, (s, e) in enumerate(lines):
        last = i == len(lines) - 1
        runs_on = (wrapped and e - s >= 0.75 * width
                   and not _SENT_END.search(text, s, e))
        if last or not runs_on:
            out.append((para_start, e))
            if not last:
                para_start = lines[i + 1][0]
    return out


# --------------------------------------------------------------------------- scanning

_OPEN_CTX = set("([{<—–-/\u00a0") | {""}


@dataclass
class _Open:
    mark: str
    start: int  # offset of the mark
    end: int  # offset after the mark
    pair: MarkPair
    family: str


def _role(text: str, s: int, e: int, tok: str, m: _Marks) -> str:
    """'open', 'close', 'either' or '' (not a quote mark here, e.g. an apostrophe)."""
    prev = text[s - 1] if s > 0 else ""
    nxt = text[e] if e < len(text) else ""
    can_open, can_close = tok in m.opens, tok in m.closers
    if tok in m.unflanked:
        return "open" if can_open else "close" if can_close else ""
    next_space = nxt == "" or nxt.isspace()
    single = m.family.get(tok) == "single"
    if prev in m.family and prev not in ("", " "):  # two marks together: ’” or “‘
        if next_space or not (nxt.isalnum() or nxt in m.family):
            return "close" if can_close else ""
        return "open" if can_open else ""
    prev_space = prev == "" or prev.isspace() or prev in _OPEN_CTX
    if prev_space and next_space:
        return ""
    if prev_space:  # before a word: opens
        if single and m.elision_re is not None and m.elision_re.match(text, e, e + 10):
            return ""
        return "open" if can_open else ""
    if next_space or not nxt.isalnum():  # after a word or punctuation: closes
        return "close" if can_close else ""
    # letters on both sides: an apostrophe (don't, Russia's) or a glued straight mark
    return "" if single or prev.isalnum() else ("either" if can_open else "")


def _all_marks(text: str, m: _Marks, rule: str) -> list[regex.Match]:
    """Every mark, read in bounded chunks so each timed regex call stays short."""
    out: list[regex.Match] = []
    pos, size = 0, 200_000
    while pos < len(text):
        end = min(len(text), pos + size)
        if end < len(text):  # never cut a two-character mark in half
            cut = text.rfind(" ", pos + size // 2, end)
            end = cut + 1 if cut > 0 else end
            while end < len(text) and text[end - 1] in "'`":
                end += 1
        out.extend(R.finditer(m.token_re, text, rule=rule, pos=pos, endpos=end))
        pos = end
    return out


def _scan(text: str, paras: list[tuple[int, int]], m: _Marks, rule: str
          ) -> list[tuple[int, int, int, int, str, str | None]]:
    """Return (open_start, body_start, body_end, close_end, open_mark, close_mark)."""
    found: list[tuple[int, int, int, int, str, str | None]] = []
    tokens = iter(_all_marks(text, m, rule))
    tok = next(tokens, None)
    carry: _Open | None = None  # a double quote still open from the previous paragraph
    for pi, (ps, pe) in enumerate(paras):
        stack: list[_Open] = []
        if carry is not None:
            stack.append(carry)
            carry = None
        first = True
        while tok is not None and tok.start() < pe:
            s, e, t = tok.start(), tok.end(), tok.group()
            tok = next(tokens, None)
            if s < ps:
                continue
            lead = first and not text[ps:s].strip()
            first = False
            role = _role(text, s, e, t, m)
            if not role:
                continue
            if lead and stack and stack[0].family == "double" and role != "close" \
                    and m.family.get(t) == "double" and len(stack) == 1 and stack[0].start < ps:
                continue  # the re-opening mark of a multi-paragraph quote
            if role in ("close", "either") and stack:
                hit = next((i for i in range(len(stack) - 1, -1, -1)
                            if t in stack[i].pair.close), None)
                if hit is not None and (role == "close" or hit == len(stack) - 1):
                    o = stack[hit]
                    del stack[hit:]
                    if not stack:
                        found.append((o.start, o.end, s, e, o.mark, t))
                    continue
            if role in ("open", "either") and t in m.opens:
                fam, pair = m.family[t], m.opens[t]
                # the same family cannot nest: the earlier mark was stray; unless the two pairs
                # share no closing mark (“ … «go» … ”, French « … “go” … »), which is nesting
                same = next((i for i, o in enumerate(stack) if o.family == fam
                             and (t in o.pair.close or set(pair.close) & set(o.pair.close))), None)
                if same is not None:
                    del stack[same:]
                stack.append(_Open(t, s, e, pair, fam))
        if stack and stack[0].family == "double":
            o = stack[0]
            nxt_open = _next_para_opens(text, paras, pi, m)
            if nxt_open:
                carry = o
            else:
                end = pe
                while end > o.end and text[end - 1].isspace():
                    end -= 1
                if end > o.end:
                    found.append((o.start, o.end, end, end, o.mark, None))
    return found


def _next_para_opens(text: str, paras: list[tuple[int, int]], pi: int, m: _Marks) -> bool:
    if pi + 1 >= len(paras):
        return False
    ns, ne = paras[pi + 1]
    mt = m.token_re.match(text, ns, ns + 2)
    if mt is None:
        return False
    return m.family.get(mt.group()) == "double" and _role(text, ns, mt.end(), mt.group(), m) == "open"


# --------------------------------------------------------------------------- kinds

_WORD = regexcache.compile(r"\w+")
_BEFORE_SENT = regexcache.compile(r"(?:[.!?:][\"”’'»)]*|[—–])\s*$")
_BEFORE_COMMA = regexcache.compile(r",\s*$")


def quote_kind(text: str, open_start: int, para_start: int, body: str, m: _Marks) -> str:
    """'full' for a clause or sentence, 'fragment' for words quoted inside the writer's sentence."""
    words = len(_WORD.findall(body))
    lo = max(para_start, open_start - 200)
    starts_para = open_start - para_start <= 200 and not text[para_start:open_start].strip()
    if starts_para or _BEFORE_SENT.search(text, lo, open_start) \
            or _BEFORE_COMMA.search(text, lo, open_start):
        return "full" if words >= m.full_min_words else "fragment"
    return "full" if words >= m.embedded_full_words else "fragment"


# --------------------------------------------------------------------------- entry point


def _headline_paragraphs(article: Article, paras: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Without a segmenter verdict: the paragraph equal to the title, else the first
    short paragraph (4+ words, no full stop) among the first three; repeats count too."""
    text = article.text
    head = (article.title or "").strip()
    if not head:
        for s, e in paras[:3]:
            line = text[s:e].strip()
            if (len(line) <= 160 and len(_WORD.findall(line)) >= 4
                    and not line.endswith((".", "!", "?", ".”", '."', ":"))):
                head = line
                break
    if not head:
        return []
    return [(s, e) for s, e in paras if text[s:e].strip() == head]


def extract_quotes(article: Article, seg: Segmentation, rules: RuleSet) -> list[Quote]:
    """Every quoted stretch of the article, marks excluded, in text order."""
    text = article.text
    m = marks_table(rules)
    paras = paragraphs(text)
    spans = _scan(text, paras, m, rule="quote-marks")
    boiler = [(b.start, b.end) for b in seg.blocks if b.kind == "boilerplate"]
    heads = [(b.start, b.end) for b in seg.blocks if b.kind == "headline"]
    if not heads:
        heads = _headline_paragraphs(article, paras)
    out: list[Quote] = []
    pstarts = [s for s, _ in paras]
    pi = 0
    for o_s, b_s, b_e, _c_e, om, cm in sorted(spans):
        while pi + 1 < len(pstarts) and pstarts[pi + 1] <= o_s:
            pi += 1
        # trim whitespace inside the marks so the span is the words themselves
        while b_s < b_e and text[b_s].isspace():
            b_s += 1
        while b_e > b_s and text[b_e - 1].isspace():
            b_e -= 1
        if b_e <= b_s or not _WORD.search(text, b_s, b_e):
            continue
        if any(s <= o_s < e for s, e in boiler):
            continue
        body = text[b_s:b_e]
        out.append(Quote(
            id=f"{article.id}:q{len(out) + 1}", article_id=article.id,
            start=b_s, end=b_e, text=body,
            kind=quote_kind(text, o_s, pstarts[pi] if pstarts else 0, body, m),  # type: ignore[arg-type]
            in_headline=any(s <= o_s < e for s, e in heads),
            open_mark=om, close_mark=cm,
        ))
    return out
