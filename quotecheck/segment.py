"""Paragraphs, sentences and boilerplate marks, with offsets into the original text.

Wire copy comes in three layouts, often mixed: blank-line separated paragraphs,
one paragraph per line, and hard-wrapped lines (agency copy wrapped at ~100
characters). The segmenter works line by line:

1. boilerplate lines (``kind: boilerplate`` rules: tickers, "Also Read: ...",
   "2 min read", image file names, captions, author bios, ...) are marked;
2. header lines at the top (``kind: headers``: date lines, desk lines, bylines)
   are marked and give the article's date, outlet and byline; a header glued
   before the title on the same line (``date 2025-07-13 Kim Jong Un ...``)
   becomes its own block;
3. the title line becomes the ``headline`` block; a repeat of it is boilerplate;
4. a dateline (``Seoul, July 13 (QNA) –``) at the start of the first body line
   becomes its own block;
5. the remaining lines become ``body`` paragraphs. An article counts as
   hard-wrapped when many of its lines break mid-sentence; then lines are joined
   until a line ends a sentence and the next starts one (or is short). Otherwise
   every line is a paragraph;
6. an end-of-article marker ("Read more", "Article image", an author bio, ...)
   met after most of the body ends the article: body-like text after it, and a
   headline-plus-paragraph teaser glued right before it, are an unrelated story
   (rule ``glued_story``).

Nothing is removed or rewritten: every block and sentence is a pair of offsets
into ``article.text``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, model_validator

from quotecheck import regexcache
from quotecheck.ingest.headers import (
    CompiledHeaders,
    any_of,
    combinable,
    compiled_headers,
    match_line,
    maybe_match,
)
from quotecheck.models import Article, Block, Segmentation
from quotecheck.rules import (
    REGEX_TIMEOUT,
    RuleFile,
    RuleSet,
    RuleTimeout,
    compile_regex,
    rule_kind,
    timed,
)

# Patterns used inline, compiled once (regex's own cache lookup costs ~100 µs a call).
_CLAUSE_END = regexcache.compile(r"[.,;:]$")

#: Lines longer than this are never boilerplate (no rule runs on them: keeps a
#: 10 MB single-line article linear).
MAX_BOILERPLATE_LINE = 2000

_TERMINAL = regexcache.compile(r"""[.!?…]["”’'»)\]]*$|[.!?]["”’'»]?\s*\(\w[^()]{0,40}\)$""")
_SENT_END_TRAIL = regexcache.compile(r"""[.!?…]+["”’'»)\]]*$""")
_STARTS_SENTENCE = regexcache.compile(r"""["“‘'«(\[]?[\p{Lu}\d]""")
_STARTS_LOWER = regexcache.compile(r"""["“‘'«(\[]?[\p{Ll}]""")
_MD_HEADING = regexcache.compile(r"#{1,6}\s+")
_FM_TITLE = regexcache.compile(r"""(?i)(?:title|headline)\s*:\s*["']?(.*?)["']?\s*$""")


# --------------------------------------------------------------------------- rule kinds


class BoilerplatePattern(BaseModel):
    """One kind of noise line; see rules/en/boilerplate.yml for the fields."""

    model_config = ConfigDict(extra="forbid")

    id: str
    comment: str
    line: str
    continues: str | None = None
    before: int = Field(default=0, ge=0, le=10)
    scope: Literal["anywhere", "top"] = "anywhere"
    ends_article: bool = False
    ignore_case: bool = False


@rule_kind("boilerplate")
class BoilerplateRules(RuleFile):
    """A pack of boilerplate line patterns."""

    glued_min_share: float = Field(default=0.5, ge=0.0, le=1.0)
    patterns: list[BoilerplatePattern] = Field(default_factory=list)

    @model_validator(mode="after")
    def _compile_all(self) -> BoilerplateRules:
        for p in self.patterns:
            compile_regex(p.line, where=f"pattern {p.id!r}")
            if p.continues:
                compile_regex(p.continues, where=f"pattern {p.id!r} (continues)")
        return self


@rule_kind("sentences")
class SentenceRules(RuleFile):
    """Words whose trailing full stop does not end a sentence."""

    abbreviations: list[str] = Field(default_factory=list)


@dataclass
class _Compiled:
    patterns: list[tuple[BoilerplatePattern, regex.Pattern, regex.Pattern | None]]
    glued_min_share: float
    abbreviations: frozenset[str]
    #: One fullmatch per line instead of one per rule: the alternation of every rule
    #: (``any_top``: for header-zone lines) or of the ``scope: anywhere`` ones (``any_rest``).
    #: A line it rejects matches no rule; a line it accepts goes through the rules in
    #: order as before. None when some rule cannot sit in an alternation (``combinable``).
    any_top: regex.Pattern | None = None
    any_rest: regex.Pattern | None = None


def _compile(rules: RuleSet) -> _Compiled:
    pats = []
    share = 0.5
    for f in rules.of_kind("boilerplate"):
        assert isinstance(f, BoilerplateRules)
        share = f.glued_min_share
        for p in f.patterns:
            flags = regex.IGNORECASE if p.ignore_case else 0
            line = compile_regex(r"[^\S\n]*(?:" + p.line + r")[^\S\n]*", flags)
            cont = (compile_regex(r"[^\S\n]*(?:" + p.continues + r")[^\S\n]*", flags)
                    if p.continues else None)
            pats.append((p, line, cont))
    abbr: set[str] = set()
    for f in rules.of_kind("sentences"):
        assert isinstance(f, SentenceRules)
        abbr.update(a.lower().rstrip(".") for a in f.abbreviations)
    any_top = any_rest = None
    if all(combinable(p.line) for p, _, _ in pats):
        any_top = _alternation([p for p, _, _ in pats])
        any_rest = _alternation([p for p, _, _ in pats if p.scope != "top"])
    return _Compiled(pats, share, frozenset(abbr), any_top, any_rest)


def _alternation(pats: list[BoilerplatePattern]) -> regex.Pattern | None:
    """Fullmatches a line iff one of ``pats`` (each with its own case flag) fullmatches it."""
    return any_of([("(?i:" if p.ignore_case else "(?:") + p.line + ")" for p in pats], around=r"[^\S\n]*(?:{})[^\S\n]*")


def _fullmatch(rx: regex.Pattern, text: str, s: int, e: int, rule: str) -> regex.Match | None:
    try:
        return timed(rx.fullmatch, text, s, e)
    except TimeoutError as exc:
        raise RuleTimeout(f"rule {rule!r} timed out after {REGEX_TIMEOUT:g}s") from exc


# --------------------------------------------------------------------------- layout


@dataclass
class Layout:
    """What the segmenter found: blocks, sentences, and header fields for the reader."""

    blocks: list[Block] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    title: str | None = None
    dates: list[tuple[int, str, str]] = field(default_factory=list)  # (priority, raw, rule)
    outlet: str | None = None
    byline: str | None = None
    dateline: str | None = None
    agency: str | None = None
    front_matter: dict = field(default_factory=dict)
    fm_title_line: tuple[int, int, int] | None = None  # (line, value start, value end)
    # For ``reusable``: the headline line chosen and the lines a given title is looked for in.
    head: int | None = None
    title_lines: list[tuple[int, str]] = field(default_factory=list)  # (line, its text)

    def reusable(self, title: str | None) -> bool:
        """Whether ``analyse(text, title=title)`` gives these blocks and sentences.

        ``self`` was made without a title. With one, only the choice of the headline
        line can differ (everything before it does not look at the title, everything
        after it follows from the line chosen), so: the same line, same layout.
        """
        return not title or _title_line(self.title_lines, title) == self.head

    def set_once(self, name: str, value: str | None) -> None:
        if value and not getattr(self, name):
            setattr(self, name, " ".join(value.split()).strip(" ,;:–—-"))


@dataclass(slots=True)
class _Line:
    s: int  # line start (after the previous "\n")
    e: int  # line end (before "\n")
    cs: int  # content start (trimmed; moves right when a prefix is marked)
    ce: int  # content end (trimmed)
    rule: str | None = None  # boilerplate rule marking the whole (rest of the) line
    headline: bool = False

    @property
    def blank(self) -> bool:
        return self.cs >= self.ce


def _lines(text: str) -> list[_Line]:
    out = []
    pos = 0
    for seg in text.split("\n"):
        end = pos + len(seg)
        stripped_l = len(seg) - len(seg.lstrip())
        stripped_r = len(seg.rstrip())
        out.append(_Line(pos, end, pos + stripped_l, pos + max(stripped_r, stripped_l)))
        pos = end + 1
    return out


def _words(text: str, s: int, e: int) -> int:
    return len(text[s:e].split()) if e - s < 4000 else 1000


def _norm(s: str) -> str:
    return " ".join(s.replace("’", "'").replace("‘", "'").split()).strip().lower()


def analyse(text: str, rules: RuleSet, *, title: str | None = None) -> Layout:
    """Find blocks, sentences and header fields of ``text`` (offsets into it)."""
    comp: _Compiled = rules.compiled("segment.boilerplate", _compile)
    hdr: CompiledHeaders = compiled_headers(rules)
    lay = Layout()
    lines = _lines(text)
    extra: list[Block] = []  # prefix blocks (header glued before the title, datelines)
    content = [i for i, ln in enumerate(lines) if not ln.blank]

    # -- front matter (Markdown "---" ... "---")
    first = 0
    all_content = content
    if content and text[lines[content[0]].cs:lines[content[0]].ce] == "---":
        first = _front_matter(text, lines, content[0], lay)
        content = [i for i in content if i >= first]

    # -- header zone: the top lines until the first body-length line
    zone: list[int] = []
    for i in content[: hdr.header_lines]:
        ln = lines[i]
        if _words(text, ln.cs, ln.ce) >= hdr.body_words:
            # a long first line may still start with a header ("date 2025-07-13 <title>")
            if maybe_match(hdr.any_header, text, ln.cs, ln.ce) and any(
                    hp.where == "header" and match_line(rx, text, ln.cs, ln.ce, rule=hp.id)
                    for hp, rx in hdr.patterns):
                zone.append(i)
            break
        zone.append(i)
    zone_set = set(zone)

    # -- 1. boilerplate lines
    end_markers: list[int] = []
    i_pos = {i: k for k, i in enumerate(content)}
    for i in content:
        ln = lines[i]
        if ln.rule or ln.ce - ln.cs > MAX_BOILERPLATE_LINE:
            continue
        if not maybe_match(comp.any_top if i in zone_set else comp.any_rest, text, ln.cs, ln.ce, full=True):
            continue
        for p, rx, cont in comp.patterns:
            if p.scope == "top" and i not in zone_set:
                continue
            m = _fullmatch(rx, text, ln.cs, ln.ce, p.id)
            if not m:
                continue
            ln.rule = p.id
            gd = m.groupdict()
            lay.set_once("byline", gd.get("byline"))
            lay.set_once("outlet", gd.get("outlet"))
            if p.ends_article:
                end_markers.append(i)
            k = i_pos[i]
            if cont is not None:  # following lines of the same block (ticker bullets)
                for j in content[k + 1:]:
                    lj = lines[j]
                    if lj.rule or lj.ce - lj.cs > MAX_BOILERPLATE_LINE or not _fullmatch(cont, text, lj.cs, lj.ce, p.id):
                        break
                    lj.rule = p.id
            for j in reversed(content[max(0, k - p.before):k]):  # name / job title above a bio
                lj = lines[j]
                if lj.rule and lj.rule != "media_label":
                    break
                if _words(text, lj.cs, lj.ce) > 6 or _TERMINAL.search(text, lj.cs, lj.ce):
                    break
                lj.rule = p.id
            break

    # -- 2. header lines (and a header glued before the title)
    for i in zone:
        ln = lines[i]
        if ln.rule or not maybe_match(hdr.any_header, text, ln.cs, ln.ce):
            continue
        for hp, rx in hdr.patterns:
            if hp.where != "header":
                continue
            m = match_line(rx, text, ln.cs, ln.ce, rule=hp.id)
            if not m or m.end() == ln.cs:
                continue
            _take_fields(lay, hp.id, hp.priority, m)
            rest = m.end()
            while rest < ln.ce and text[rest].isspace():
                rest += 1
            if rest >= ln.ce:
                ln.rule = hp.id
            else:
                extra.append(Block(start=ln.cs, end=_rstrip(text, ln.cs, m.end()), kind="boilerplate", rule=hp.id))
                ln.cs = rest
            break

    # -- 3. headline
    free = [i for i in content if not lines[i].rule]
    lay.title_lines = [(i, text[lines[i].cs:lines[i].ce]) for i in free[:12]]
    head_idx = lay.head = _find_title(text, lines, free, zone_set, title, hdr, lay.title_lines)
    if head_idx is not None:
        ln = lines[head_idx]
        md = _MD_HEADING.match(text, ln.cs, ln.ce)
        if md:
            ln.cs = md.end()
        ln.headline = True
        lay.title = " ".join(text[ln.cs:ln.ce].split())
        for j in free[free.index(head_idx) + 1:][:10]:
            lj = lines[j]
            body = text[lj.cs:lj.ce].lstrip("#").strip()
            if _norm(body) == _norm(lay.title):
                lj.rule = "repeated_headline"
    elif lay.fm_title_line and lines[lay.fm_title_line[0]].rule == "front_matter":
        # the title only exists in the front matter: its value is the headline (quotes in it count)
        k, vs, ve = lay.fm_title_line
        ln = lines[k]
        if ve > vs:
            extra.append(Block(start=ln.cs, end=_rstrip(text, ln.cs, vs), kind="boilerplate", rule="front_matter"))
            ln.rule, ln.cs, ln.ce, ln.headline = None, vs, ve, True
            lay.title = " ".join(text[vs:ve].split())
    elif title:
        lay.title = " ".join(title.split())

    # -- 4. dateline at the start of the first body line
    body_lines = [i for i in content if not lines[i].rule and not lines[i].headline]
    if body_lines and maybe_match(hdr.any_dateline, text, lines[body_lines[0]].cs, lines[body_lines[0]].ce):
        ln = lines[body_lines[0]]
        for hp, rx in hdr.patterns:
            if hp.where != "dateline":
                continue
            m = match_line(rx, text, ln.cs, ln.ce, rule=hp.id)
            if not m or m.end() >= ln.ce:
                continue
            _take_fields(lay, hp.id, hp.priority, m)
            lay.set_once("dateline", text[ln.cs:m.end()])
            lay.set_once("agency", m.groupdict().get("agency"))
            extra.append(Block(start=ln.cs, end=_rstrip(text, ln.cs, m.end()), kind="boilerplate", rule=hp.id))
            ln.cs = m.end()
            break

    # -- 5. end of article and glued stories
    _mark_glued(text, lines, content, end_markers, comp.glued_min_share)

    # -- 6. paragraphs
    body_lines = [i for i in content if not lines[i].rule and not lines[i].headline]
    wrapped = _is_wrapped(text, lines, body_lines)
    blocks: list[Block] = list(extra)
    for i in all_content:
        ln = lines[i]
        if ln.headline:
            blocks.append(Block(start=ln.cs, end=ln.ce, kind="headline"))
    blocks.extend(_boilerplate_blocks(lines, all_content))
    blocks.extend(_paragraphs(text, lines, body_lines, wrapped))
    blocks.sort(key=lambda b: (b.start, b.end))
    lay.blocks = blocks
    lay.sentences = [s for b in blocks if b.kind != "boilerplate"
                     for s in split_sentences(text, b.start, b.end, comp.abbreviations)]
    if not title:
        _keep(text, rules, lay)
    return lay


def _rstrip(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1].isspace():
        e -= 1
    return e


def _take_fields(lay: Layout, rid: str, priority: int, m: regex.Match) -> None:
    gd = {k: v for k, v in m.groupdict().items() if v}
    if gd.get("date"):
        lay.dates.append((priority, gd["date"].strip(), rid))
    lay.set_once("outlet", gd.get("outlet"))
    lay.set_once("byline", gd.get("byline"))


def _front_matter(text: str, lines: list[_Line], start: int, lay: Layout) -> int:
    """Mark a Markdown front-matter block as boilerplate and read its keys."""
    import yaml

    for j in range(start + 1, min(len(lines), start + 80)):
        if text[lines[j].cs:lines[j].ce] == "---" and lines[j].cs == lines[j].s:
            try:
                data = yaml.safe_load(text[lines[start].e + 1:lines[j].s])
            except yaml.YAMLError:
                data = None
            if isinstance(data, dict):
                lay.front_matter = {str(k).lower(): v for k, v in data.items()}
            for k in range(start, j + 1):
                lines[k].rule = "front_matter"
                m = _FM_TITLE.match(text, lines[k].cs, lines[k].ce)
                if m and lay.fm_title_line is None:
                    lay.fm_title_line = (k, m.start(1), m.end(1))
            return j + 1
    return start


def _title_line(candidates: list[tuple[int, str]], title: str) -> int | None:
    """The first of the top free lines (index, text) that reads as ``title``."""
    want = _norm(title)
    for i, s in candidates:
        if _norm(s.lstrip("#")) == want:
            return i
    return None


def _find_title(text: str, lines: list[_Line], free: list[int], zone: set[int],
                title: str | None, hdr: CompiledHeaders, candidates: list[tuple[int, str]]) -> int | None:
    """Index of the headline line: the given title if found, else the first short top line.

    ``candidates``: (index, text) of ``free[:12]``, where a given title is looked for.
    """
    if title:
        return _title_line(candidates, title)
    for i in free[:8]:
        if i not in zone:
            return None
        ln = lines[i]
        s = text[ln.cs:ln.ce]
        if _MD_HEADING.match(s):
            return i
        words = _words(text, ln.cs, ln.ce)
        if _CLAUSE_END.search(s) and words > 6:
            return None  # a sentence: the body has begun, a later short line is a subhead
        if words > 25 or _CLAUSE_END.search(s):
            continue
        return i
    return None


def _mark_glued(text: str, lines: list[_Line], content: list[int], markers: list[int],
                share: float) -> None:
    """After an end-of-article marker met late enough, the rest is another story."""
    if not markers:
        return
    body_chars = {i: (lines[i].ce - lines[i].cs) for i in content
                  if not lines[i].rule and not lines[i].headline}
    total = sum(body_chars.values())
    if not total:
        return
    for k in markers:
        before = sum(v for i, v in body_chars.items() if i < k)
        if before == 0 or before < share * total:
            continue
        for i in content:
            if i > k and not lines[i].rule and not lines[i].headline:
                lines[i].rule = "glued_story"
        # A teaser (headline-like line + paragraph) glued right above the marker, in copy
        # whose paragraphs are separated by blank lines.
        blank_seps = sum(1 for a, b in zip(content, content[1:], strict=False) if b - a > 1)
        if blank_seps >= 3:
            chunk = []
            j = k - 1
            while j >= 0 and not lines[j].blank:
                chunk.append(j)
                j -= 1
            chunk.reverse()
            chunk = [x for x in chunk if not lines[x].rule and not lines[x].headline]
            if len(chunk) >= 2:
                h = lines[chunk[0]]
                if (_words(text, h.cs, h.ce) <= 20 and not _TERMINAL.search(text, h.cs, h.ce)
                        and before - sum(body_chars[x] for x in chunk) >= share * total):
                    for x in chunk:
                        lines[x].rule = "glued_story"
        return


def _boilerplate_blocks(lines: list[_Line], content: list[int]) -> list[Block]:
    """Consecutive lines with the same rule form one block."""
    out: list[Block] = []
    prev_i: int | None = None
    for i in content:
        ln = lines[i]
        if not ln.rule or ln.blank:
            continue
        if out and out[-1].rule == ln.rule and prev_i is not None and _adjacent(lines, prev_i, i):
            out[-1] = Block(start=out[-1].start, end=ln.ce, kind="boilerplate", rule=ln.rule)
        else:
            out.append(Block(start=ln.cs, end=ln.ce, kind="boilerplate", rule=ln.rule))
        prev_i = i
    return out


def _adjacent(lines: list[_Line], a: int, b: int) -> bool:
    """No other content line between a and b (blank lines allowed for tickers and glued stories)."""
    return all(lines[x].blank for x in range(a + 1, b))


def _is_wrapped(text: str, lines: list[_Line], body: list[int]) -> bool:
    """Hard-wrapped copy: many lines break mid-sentence into a following line."""
    pairs = mid = 0
    longest = 0
    for a, b in zip(body, body[1:], strict=False):
        if b != a + 1:
            continue
        pairs += 1
        la, lb = lines[a], lines[b]
        longest = max(longest, la.ce - la.cs)
        if not _TERMINAL.search(text, la.cs, la.ce) and (
                _STARTS_LOWER.match(text, lb.cs, lb.ce) or la.ce - la.cs >= 50):
            mid += 1
    return pairs >= 3 and mid >= 0.3 * pairs and longest <= 240


def _paragraphs(text: str, lines: list[_Line], body: list[int], wrapped: bool) -> list[Block]:
    out: list[Block] = []
    cur: Block | None = None
    prev: int | None = None
    width = max((lines[i].ce - lines[i].cs for i in body), default=0)
    for i in body:
        ln = lines[i]
        join = False
        if cur is not None and prev is not None and wrapped and i == prev + 1:
            lp = lines[prev]
            ends = bool(_TERMINAL.search(text, lp.cs, lp.ce))
            short = (lp.ce - lp.cs) < 0.6 * width
            starts = bool(_STARTS_SENTENCE.match(text, ln.cs, ln.ce))
            join = not ((ends and starts) or (short and starts))
        if join and cur is not None:
            cur = Block(start=cur.start, end=ln.ce)
        else:
            if cur is not None:
                out.append(cur)
            md = _MD_HEADING.match(text, ln.cs, ln.ce)
            cur = Block(start=md.end() if md else ln.cs, end=ln.ce)
        prev = i
    if cur is not None:
        out.append(cur)
    return out


# --------------------------------------------------------------------------- sentences

_BOUNDARY = regexcache.compile(r"""[.!?…]+["”’'»)\]]*(?=\s+["“‘'«(\[]?[\p{Lu}\d])""")


def split_sentences(text: str, start: int, end: int, abbreviations: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Sentence offsets inside ``text[start:end]``; linear, abbreviation-aware."""
    out: list[tuple[int, int]] = []
    s = start
    for m in _BOUNDARY.finditer(text, start, end):
        if text[m.start()] == ".":
            w = m.start()
            while w > start and not text[w - 1].isspace() and text[w - 1] not in "“\"‘(":
                w -= 1
            token = text[w:m.start()].lower()
            if token in abbreviations or (len(token) == 1 and token.isalpha()):
                continue
        e = m.end()
        if e > s:
            out.append((s, e))
        s = e
        while s < end and text[s].isspace():
            s += 1
    e = _rstrip(text, s, end)
    if e > s:
        out.append((s, e))
    return out


# --------------------------------------------------------------------------- public API

#: Analyses kept by ``reuse_analyses``: text -> (rule set, layout made without a title).
_KEPT: ContextVar[dict[str, tuple[RuleSet, Layout]] | None] = ContextVar("quotecheck_segment_kept", default=None)


@contextmanager
def reuse_analyses() -> Iterator[None]:
    """Inside this block, ``segment`` reuses the analysis the reader already made.

    The plain-text reader runs ``analyse`` for the header fields; extracting the
    same article then runs it again for the blocks. A worker that reads and
    extracts a file in one go wraps both in this block: each analysis is kept
    (keyed by the text) until ``segment`` takes it, and dropped when the block
    ends, so nothing accumulates. Outside the block nothing is kept.
    """
    token = _KEPT.set({})
    try:
        yield
    finally:
        _KEPT.reset(token)


def _keep(text: str, rules: RuleSet, lay: Layout) -> None:
    kept = _KEPT.get()
    if kept is not None:
        kept[text] = (rules, lay)


def segment(article: Article, rules: RuleSet) -> Segmentation:
    """Blocks (headline/body/boilerplate with rule id) and sentences of one article."""
    kept = _KEPT.get()
    hit = kept.pop(article.text, None) if kept else None
    if hit is not None and hit[0] is rules and hit[1].reusable(article.title):
        lay = hit[1]
    else:
        lay = analyse(article.text, rules, title=article.title)
        if kept:
            kept.pop(article.text, None)  # kept just now: nobody else will take it
    return Segmentation(article_id=article.id, blocks=lay.blocks, sentences=lay.sentences)
