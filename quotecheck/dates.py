"""Dates: absolute, weekday and relative, resolved against the publication date.

Every mention keeps its precision (a day, a month, a year) so that "June 2024"
and "June 19, 2024" are not called a conflict. Relative expressions are
resolved against ``Article.published`` (else the dateline, else a dated header
line such as ``Published on July 13, 2025``); expressions that count from
another date in the text ("the previous day", "a week later") are resolved
against the last day-precise date before them and marked ``anchored`` in
``basis``, because that anchor is a guess: the checks never raise a conflict on
an anchored date. Each date is tied to the nearest event word of its sentence
(rules/en/events.yml) and to the capitalised names of that sentence.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex
from pydantic import field_validator

from quotecheck import regexcache
from quotecheck import rules as rules_mod
from quotecheck.models import Article, DateMention, Segmentation, Span
from quotecheck.rules import (
    Gate,
    RuleFile,
    RuleSet,
    alternation,
    finditer,
    rule_kind,
    words_regex,
)
from quotecheck.scan import scan_of, with_simple_case

# Patterns used inline, compiled once (regex's own cache lookup costs ~100 µs a call).
_POSSESSIVE_END = regexcache.compile(r"['’]s$")
_POSSESSIVE = regexcache.compile(r"['’]s\b")
_QUOTED = regexcache.compile(r"[“\"][^”\"]*[”\"]")
_YEAR_LEAD = regexcache.compile(r"(?i)(?:\b(?:in|since|by|until|till|from|of|during|before|after|early|late|mid|year|around|through)\s*-?|['’]s\s|[-–]|\()\s*$")
_RANGE_AFTER = regexcache.compile(r"\s*[-–]\s*\d")

# --------------------------------------------------------------------------- rule files


@rule_kind("dates")
class DateRules(RuleFile):
    """Month and weekday names, relative expressions (rules/en/dates.yml)."""

    months: dict[str, int]
    ambiguous_months: list[str] = []
    month_context: list[str] = []
    month_parts: list[str] = []
    weekdays: dict[str, int]
    weekday_abbrevs_need_date: bool = True
    future_cues: list[str] = []
    relative: dict[str, dict[str, int]] = {}
    anchored: dict[str, dict[str, int]] = {}

    @field_validator("months")
    @classmethod
    def _months_ok(cls, v: dict[str, int]) -> dict[str, int]:
        bad = [k for k, m in v.items() if not 1 <= m <= 12]
        if bad:
            raise ValueError(f"month numbers must be 1..12: {bad}")
        return v

    @field_validator("weekdays")
    @classmethod
    def _weekdays_ok(cls, v: dict[str, int]) -> dict[str, int]:
        bad = [k for k, d in v.items() if not 0 <= d <= 6]
        if bad:
            raise ValueError(f"weekday numbers must be 0 (Monday)..6 (Sunday): {bad}")
        return v

    @field_validator("relative", "anchored")
    @classmethod
    def _offsets_ok(cls, v: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
        for k, off in v.items():
            extra = set(off) - {"days", "months", "years"}
            if extra:
                raise ValueError(f"{k!r}: offsets may use days, months, years (not {sorted(extra)})")
        return v


@rule_kind("events")
class EventRules(RuleFile):
    """Event words by class, and capitalised words that are never participants."""

    window: int = 12
    classes: dict[str, list[str]]
    not_names: list[str] = []
    report_words: list[str] = []
    boundary_words: list[str] = []


# --------------------------------------------------------------------------- shared text helpers

_SENT_END = regexcache.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\p{Lu}\"“‘(\d])|\n[ \t]*\n")
_LINE_END = regexcache.compile(r"\n")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Sentences as (start, end): punctuation, blank lines and headline-like line ends.

    A single line break ends a sentence too, unless the text is hard-wrapped
    (no line longer than 110 characters) and the line is near the wrap width,
    or the next line starts in lower case: "...flew\\nto North Korea" stays one
    sentence, "Also Read: ... Mexico\\nPyongyang has ..." does not.
    """
    lines = text.split("\n")
    width = max((len(x) for x in lines), default=0)
    wrapped = 40 <= width <= 110
    cuts = {m.end() for m in _SENT_END.finditer(text)}
    pos = 0
    for line in lines[:-1]:
        end = pos + len(line)
        nxt = text[end + 1:end + 2]
        long_line = wrapped and len(line.rstrip()) >= 0.7 * width
        if line.strip() and not long_line and not (nxt.islower()):
            cuts.add(end + 1)
        pos = end + 1
    out, start = [], 0
    for c in sorted(cuts):
        if c > start:
            out.append((start, c))
            start = c
    if start < len(text):
        out.append((start, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


#: Context read around a mention at most, whatever the sentence: text with no full stops
#: is one "sentence" of megabytes, and scanning it for every date or figure is quadratic.
MAX_SENTENCE_REACH = 1000


def sentence_at(bounds: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The sentence holding ``pos`` (bounds sorted, as ``sentence_bounds`` returns them),
    cut to ``MAX_SENTENCE_REACH`` characters either side of ``pos``."""
    if not bounds:
        return (0, 0)
    i = bisect.bisect_right(bounds, (pos, float("inf"))) - 1
    if i >= 0 and bounds[i][0] <= pos < bounds[i][1]:
        s, e = bounds[i]
    else:
        s, e = bounds[max(i, 0)] if i >= 0 else bounds[0]
    return max(s, pos - MAX_SENTENCE_REACH), min(e, pos + MAX_SENTENCE_REACH)


def boilerplate_ranges(seg: Segmentation) -> list[tuple[int, int]]:
    return [(b.start, b.end) for b in seg.blocks if b.kind == "boilerplate"]


def in_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in ranges)




# --------------------------------------------------------------------------- compiled lexicon


@dataclass
class DateLex:
    months: dict[str, int]
    weekdays: dict[str, int]
    full_weekdays: set[str]
    ambiguous: set[str]
    relative: dict[str, dict[str, int]]
    anchored: dict[str, dict[str, int]]
    date_re: regex.Pattern
    date_parts: list[tuple[regex.Pattern, Gate]]
    month_ctx_re: regex.Pattern
    future_re: regex.Pattern
    event_words: list[tuple[regex.Pattern, str]]
    event_any: regex.Pattern  # matches wherever one of event_words does
    event_window: int
    not_names: set[str]
    report_re: regex.Pattern
    boundary_re: regex.Pattern
    header_re: regex.Pattern = field(default=None)  # type: ignore[assignment]
    simple: DateLex | None = None  # the same with simple case folding, for texts where that is exact (scan.py)


def _title_variants(words: list[str]) -> list[str]:
    out = []
    for w in words:
        out += [w.title(), w.upper()] if len(w) > 3 else [w.title()]
    return out


def _build(rules: RuleSet) -> DateLex:
    dr = rules.one("dates")
    ev = rules.one("events")
    if not isinstance(dr, DateRules):
        raise ValueError("no rule file of kind 'dates' loaded")
    months = {k.lower(): v for k, v in dr.months.items()}
    weekdays = {k.lower(): v for k, v in dr.weekdays.items()}
    full_wd = {k for k in weekdays if len(k) > 4}
    m_alt = alternation(_title_variants(list(months)))
    wd_full_alt = alternation(_title_variants(sorted(full_wd)))
    wd_alt = alternation(_title_variants(list(weekdays)))
    parts = alternation(dr.month_parts)
    rel = alternation(list(dr.relative))
    anc = alternation(list(dr.anchored))
    year = r"(?:1[89]|20|21)\d\d"
    # One alternation, longest forms first; named groups tell the form apart.
    pat = rf"""
      (?<![\w-])(?P<iso>(?P<iy>{year})-(?P<im>0?[1-9]|1[0-2])-(?P<id>0?[1-9]|[12]\d|3[01]))(?![\w-])
    | (?<![\w])(?:(?P<wd1>{wd_alt})\.?,?\s+)?
        (?P<mdy>(?P<m1>{m_alt})\.?\s+(?P<d1>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])
        (?:,?\s+(?P<y1>{year})(?!\d))?)
        (?:\s*\(\s*(?P<wd2>{wd_full_alt})\s*\))?
    | (?<![\w])(?:(?P<wd3>{wd_alt})\.?,?\s+)?
        (?P<dmy>(?:the\s+)?(?P<d2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{m_alt})\.?
        (?:,?\s+(?P<y2>{year})(?!\d))?)(?!\w)
        (?:\s*\(\s*(?P<wd4>{wd_full_alt})\s*\))?
    | (?<![\w])(?P<wdp>{wd_full_alt})\s*\(\s*(?P<pdate>(?P<m5>{m_alt})\.?\s+(?P<d5>[12]\d|3[01]|0?[1-9])(?:,?\s+(?P<y5>{year}))?|(?P<d6>[12]\d|3[01]|0?[1-9])\s+(?P<m6>{m_alt})\.?(?:\s+(?P<y6>{year}))?)\s*\)
    | (?<![\w])(?P<my>(?:(?P<part1>(?i:{parts}))\s*)?(?P<m3>{m_alt})\.?,?\s+(?P<y3>{year})(?!\d))
    | (?<![\w])(?P<mrel>(?:(?P<part4>(?i:{parts}))\s*)?(?P<m7>{m_alt})\s+(?P<ryear>(?i:last|this|next))\s+year)(?!\w)
    | (?<![\w])(?P<mon>(?:(?P<part2>(?i:{parts}))\s*)?(?P<m4>{m_alt}))(?!\w)
    | (?<![\w-])(?P<anc>(?i:{anc}))(?!\w)
    | (?<![\w-])(?P<rel>(?i:{rel}))(?!\w)
    | (?<![\w])(?P<wdb>(?:(?P<wdmod>(?i:last|this|next|on|until|till|by|since|from|late|early))\s+)?(?P<wd5>{wd_full_alt}))(?!\w)(?!\.?,?\s*\(?\s*(?:{m_alt}|\d{{1,2}}\b))
    | (?<![\w.,$£€-])(?P<yr>{year})(?![\w%]|[.,]\d|\s*(?:%|per\s*cent|percent))
    """
    date_re = regexcache.compile(pat, regex.VERBOSE | regex.VERSION1)
    # the same alternatives one by one: scanning them apart is faster (see finditer_alternatives)
    # and each behind a gate: the word or number every match of that alternative holds
    by_month, year4 = Gate.of(list(months)), Gate(frozenset(), digits=4)
    gates = [year4, by_month, by_month, by_month, by_month, by_month, by_month,
             Gate.of(list(dr.anchored)), Gate.of(list(dr.relative)), Gate.of(list(weekdays)), year4]
    alts = pat.split("\n    | ")
    assert len(alts) == len(gates)
    # Alternatives the engine cannot skip through (no first-character set: dmy, my, mon) cost
    # the same scanned together, and one timed call is cheaper than three (scan.py).
    groups = [[0], [1], [3], [5], [2, 4, 6], [7], [8], [9], [10]]
    assert all(gates[k] is gates[grp[0]] for grp in groups for k in grp)  # one gate per group
    date_parts = [(regexcache.compile("\n    | ".join(alts[k] for k in grp), regex.VERBOSE | regex.VERSION1), gates[grp[0]])
                  for grp in groups]
    month_ctx = regexcache.compile(rf"(?:^|\W)(?:{alternation(dr.month_context)})\s*$", regex.IGNORECASE)
    future_re = words_regex(dr.future_cues)
    events: list[tuple[regex.Pattern, str]] = []
    if isinstance(ev, EventRules):
        for cls, words in ev.classes.items():
            events.append((words_regex(words), cls))
    header = regexcache.compile(
        r"(?i)(?:published|updated|posted|date|dated|document date)\b[^\n]{0,20}?"
        rf"(?:(?P<hiso>{year}-\d\d-\d\d)|(?P<hm>{m_alt})\.?\s+(?P<hd>\d{{1,2}}),?\s+(?P<hy>{year}))"
        rf"|^[^\n]{{0,60}}?(?<![\w_-])(?P<hiso2>{year}-\d\d-\d\d)(?![\w_-])"
    , regex.MULTILINE)
    lex = DateLex(
        months=months, weekdays=weekdays, full_weekdays=full_wd,
        ambiguous={a.lower() for a in dr.ambiguous_months},
        relative={k.lower(): v for k, v in dr.relative.items()},
        anchored={k.lower(): v for k, v in dr.anchored.items()},
        date_re=date_re, date_parts=date_parts, month_ctx_re=month_ctx,
        future_re=future_re,
        event_words=events, event_window=ev.window if isinstance(ev, EventRules) else 12,
        event_any=words_regex([w for ws in (ev.classes.values() if isinstance(ev, EventRules) else []) for w in ws]),
        not_names={n.lower() for n in (ev.not_names if isinstance(ev, EventRules) else [])},
        report_re=words_regex(ev.report_words if isinstance(ev, EventRules) else []),
        boundary_re=regexcache.compile(rf"(?i)(?<![\w])(?:{alternation(ev.boundary_words if isinstance(ev, EventRules) else [])})\s+$"),
        header_re=header,
    )
    # event classes keep their own patterns: matched only where event_any (a twin) found a start,
    # and a timeout names the class with the pattern the rule pack compiled
    lex.simple = with_simple_case(lex, keep=("event_words",))
    return lex


def lexicon(rules: RuleSet) -> DateLex:
    return rules.compiled("dates.lexicon", _build)


_last_scan: tuple[int, str, list[regex.Match]] = (0, "", [])


def date_matches(text: str, lex: DateLex) -> list[regex.Match]:
    """Every date-pattern match, scanned once per text: figures masks dates with the
    same matches that dates reads, and this is the costliest pattern in the pipeline."""
    global _last_scan
    key, last, found = _last_scan
    if key == id(lex) and last is text:
        return found
    scan = scan_of(text)
    lx = lex.simple if scan.simple and lex.simple is not None else lex
    found = scan.alternatives(lx.date_re, lx.date_parts, rule="dates")
    _last_scan = (id(lex), text, found)
    return found


# --------------------------------------------------------------------------- arithmetic


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def shift(d: dt.date, off: dict[str, int]) -> dt.date:
    d = add_months(d, 12 * off.get("years", 0) + off.get("months", 0))
    return d + dt.timedelta(days=off.get("days", 0))


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _infer_year(month: int, day: int, ref: dt.date) -> int:
    """A yearless date is the occurrence nearest the reference (news looks back more than ahead)."""
    best = ref.year
    cand = _safe_date(ref.year, month, min(day, 28))
    if cand and (cand - ref).days > 120:
        best = ref.year - 1
    elif cand and (ref - cand).days > 245:
        best = ref.year + 1
    return best


# --------------------------------------------------------------------------- reference date


@dataclass
class Reference:
    day: dt.date | None  # for weekdays and "yesterday"
    year_hint: int | None  # for "July 12" without a year
    basis: str


def reference_date(article: Article, lex: DateLex) -> Reference:
    """Publication date, else dateline, else a dated header line; a year hint as a last resort."""
    if article.published:
        return Reference(article.published, article.published.year, f"published {article.published}")
    if article.dateline:
        for m in lex.date_re.finditer(article.dateline):
            val, prec, _ = _absolute(m, lex, None)
            if val and prec == "day":
                return Reference(val, val.year, f"dateline {article.dateline.strip()!r}")
    head = article.text[:1500]
    m = lex.header_re.search(head)
    if m:
        if m.group("hiso") or m.group("hiso2"):
            y, mo, d = (int(x) for x in (m.group("hiso") or m.group("hiso2")).split("-"))
            val = _safe_date(y, mo, d)
        else:
            val = _safe_date(int(m.group("hy")), lex.months[m.group("hm").lower()], int(m.group("hd")))
        if val:
            return Reference(val, val.year, f"header date {m.group(0).strip()!r}")
    for m in date_matches(article.text, lex):
        y = m.group("y1") or m.group("y2") or m.group("iy")
        if y:
            return Reference(None, int(y), f"year of the first full date ({y}); no publication date")
    return Reference(None, None, "no publication date")


# --------------------------------------------------------------------------- resolution


def _absolute(m: regex.Match, lex: DateLex, ref: Reference | None) -> tuple[dt.date | None, str, bool]:
    """(value, precision, year_explicit) for the absolute forms of ``date_re``."""
    g = m.group
    if g("iso"):
        return _safe_date(int(g("iy")), int(g("im")), int(g("id"))), "day", True
    for mk, dk, yk in (("m1", "d1", "y1"), ("m2", "d2", "y2"), ("m5", "d5", "y5"), ("m6", "d6", "y6")):
        if g(mk):
            month, day = lex.months[g(mk).lower()], int(g(dk))
            if g(yk):
                return _safe_date(int(g(yk)), month, day), "day", True
            if ref and ref.day:
                return _safe_date(_infer_year(month, day, ref.day), month, day), "day", False
            if ref and ref.year_hint:
                return _safe_date(ref.year_hint, month, day), "day", False
            return None, "day", False
    if g("my"):
        return dt.date(int(g("y3")), lex.months[g("m3").lower()], 1), "month", True
    return None, "unknown", False


def _weekday_date(wd: int, ref: dt.date, mod: str, future: bool) -> dt.date:
    """The weekday nearest the reference: on or before it unless the sentence looks forward."""
    back = (ref.weekday() - wd) % 7
    fwd = (wd - ref.weekday()) % 7
    if mod == "last":
        return ref - dt.timedelta(days=back or 7)
    if mod == "next":
        return ref + dt.timedelta(days=fwd or 7)
    if future or mod in ("until", "till", "by"):
        return ref + dt.timedelta(days=fwd)
    return ref - dt.timedelta(days=back)


def weekday_name(n: int) -> str:
    return calendar.day_name[n]


_CAP = r"\p{Lu}[\p{L}'’-]*\p{L}"
_NAME_SEQ = regexcache.compile(rf"(?<![\w'’])(?:{_CAP})(?:(?:[ \u00a0]+|[ \t]*\n[ \t]*)(?:{_CAP}))+")
_CAP_RE = regexcache.compile(rf"(?<![\w'’]){_CAP}")


def name_tokens(text: str, rules: RuleSet) -> set[str]:
    """Tokens of person-like names: runs of two or more capitalised words, none of them a stop word.

    "Sergei Lavrov", "Choe Son Hui" qualify; "North Korea" does not ("North" is a
    stop word), so a place shared by two sentences does not make them one event.
    """
    lex = lexicon(rules)
    out: set[str] = set()
    for m in _NAME_SEQ.finditer(text):
        run: list[str] = []
        for t in [*m.group(0).split(), ""]:
            # _POSSESSIVE_END.sub("", t): split() leaves no newline for its "$" to stand before
            t = (t[:-2] if t.endswith(("'s", "’s")) else t).lower()
            if t and t not in lex.not_names:
                run.append(t)
                continue
            if len(run) >= 2:
                out.update(run)
            run = []
    return out


def _participants(text: str, s: int, e: int, lex: DateLex) -> list[str]:
    """Capitalised words of the sentence (less stop words); the check keeps only those that
    are part of a person-like name somewhere in the story (``name_tokens``)."""
    out: list[str] = []
    for m in _CAP_RE.finditer(text, s, e):
        w = _POSSESSIVE_END.sub("", m.group(0)).lower()
        if w not in lex.not_names and w not in out:
            out.append(w)
    return out


_DATELINE_AFTER = regexcache.compile(r"\s*(?:\([^()\n]{1,40}\))?\s*[-–—]")


def is_dateline(text: str, start: int, end: int) -> bool:
    """"Seoul, July 13 (QNA) –": the date the copy was filed, not the date of an event."""
    line_start = text.rfind("\n", 0, start) + 1
    return len(text[line_start:start]) <= 40 and _DATELINE_AFTER.match(text, end) is not None


def _event_starts(text: str, lo: int, hi: int, lex: DateLex) -> list[int] | None:
    """Every place in text[lo:hi] where some event word stands (one timed scan for all classes),
    or None if that scan timed out (each class then runs its own, and the one that hangs is named)."""
    try:
        return sorted({m.start() for m in rules_mod.timed_iter(
            lex.event_any.finditer, text, lo, hi, overlapped=True)})
    except TimeoutError:
        return None


def _matches_at(pat: regex.Pattern, text: str, starts: list[int], lo: int, hi: int) -> Iterator[regex.Match]:
    """``pat.finditer(text, lo, hi)`` when every match of ``pat`` begins at one of ``starts``:
    the leftmost match, then the next one after it. ``pat`` is a word list (linear time)."""
    cursor = lo
    for p in starts:
        if p < cursor:
            continue
        m = pat.match(text, p, hi)
        if m is not None:
            cursor = max(m.end(), p + 1)
            yield m


def _event(text: str, start: int, end: int, sent: tuple[int, int], lex: DateLex,
           article_id: str) -> tuple[str | None, Span | None]:
    """The nearest event word in the sentence, within ``window`` words of the date."""
    best: tuple[int, str, int, int] | None = None
    s, e = sent
    before = text[max(s, start - 30):start] + " " + (text[start:end].split() or [""])[0] + " "
    possessive = _POSSESSIVE.match(text[end:end + 3]) is not None  # "from Thursday's crash"
    if not possessive and (lex.boundary_re.search(before) or lex.report_re.search(" ".join(before.split()[-2:]))):
        return None, None  # "until Sunday", "reported on Sunday": not the date of an event
    # an event word farther than ``event_window`` words is never taken: do not scan past that
    reach = (lex.event_window + 2) * 30
    lo, hi = max(s, start - reach), min(e, end + reach)
    starts = _event_starts(text, lo, hi, lex)
    for pat, cls in lex.event_words:
        found = finditer(pat, text, rule=f"events:{cls}", pos=lo, endpos=hi) if starts is None \
            else _matches_at(pat, text, starts, lo, hi)
        for m in found:
            if (m.start() >= start and m.end() <= end) or (possessive and m.start() < start):
                continue
            gap = text[m.end():start] if m.end() <= start else text[end:m.start()]
            if lex.report_re.search(gap):
                continue  # "...met Lavrov, state media reported on Sunday": the date is the report's
            words = len(gap.split())
            if words > lex.event_window:
                continue
            if best is None or words < best[0]:
                best = (words, cls, m.start(), m.end())
    if best is None:
        return None, None
    _, cls, a, b = best
    return cls, Span(article_id=article_id, start=a, end=b, text=text[a:b])


def extract_dates(article: Article, seg: Segmentation, rules: RuleSet) -> list[DateMention]:
    """Every date expression outside boilerplate, resolved and tied to an event."""
    full = lexicon(rules)
    text = article.text
    ref = reference_date(article, full)
    lex = full.simple if scan_of(text).simple and full.simple is not None else full
    skip = boilerplate_ranges(seg)
    sents = [tuple(s) for s in seg.sentences] or sentence_bounds(text)
    out: list[DateMention] = []
    last_day: dt.date | None = None
    for m in date_matches(text, full):
        if in_ranges(m.start(), skip):
            continue
        g = m.group
        value: dt.date | None = None
        precision = "unknown"
        kind = "absolute"
        weekday: str | None = None
        basis = ref.basis
        firm = True
        sent = sentence_at(sents, m.start())
        if g("iso") or g("mdy") or g("dmy") or g("pdate") or g("my"):
            value, precision, explicit = _absolute(m, lex, ref)
            basis = f"year from {ref.basis}" if not explicit else "as written"
            wd = g("wd1") or g("wd2") or g("wd3") or g("wd4") or g("wdp")
            if wd:
                weekday = weekday_name(lex.weekdays[wd.lower()])
            if g("my") and g("part1"):
                basis += f"; {g('part1').strip()} {g('m3')}"
        elif g("mrel"):
            if ref.day or ref.year_hint:
                base_year = ref.day.year if ref.day else ref.year_hint
                off = {"last": -1, "this": 0, "next": 1}[g("ryear").lower()]
                value = dt.date(base_year + off, lex.months[g("m7").lower()], 1)
                precision = "month"
            kind = "relative"
        elif g("mon"):
            name = g("m4").lower()
            before = text[max(0, m.start() - 20):m.start()]
            if not g("part2") and not lex.month_ctx_re.search(before):
                continue  # "May" the verb, "March" the noun
            if name in lex.ambiguous and len(name) <= 3 and not g("part2"):
                continue  # "Sun", "Mar" alone are too risky
            month = lex.months[name]
            if ref.day:
                year = ref.day.year if month <= ref.day.month + 1 else ref.day.year - 1
                value, precision = dt.date(year, month, 1), "month"
                basis = f"year from {ref.basis}"
            elif ref.year_hint:
                value, precision = dt.date(ref.year_hint, month, 1), "month"
                basis = f"year from {ref.basis}"
            else:
                precision = "month"
        elif g("anc"):
            kind = "relative"
            off = lex.anchored.get(" ".join(g("anc").lower().split()), {})
            firm = False
            if last_day and off:
                value, precision = shift(last_day, off), "day"
                basis = f"anchored on {last_day} (the date mentioned before)"
            else:
                basis = "anchored; no date before it"
        elif g("rel"):
            kind = "relative"
            off = lex.relative[" ".join(g("rel").lower().split())]
            unit = "day" if "days" in off else "month" if "months" in off else "year"
            if ref.day:
                value = shift(ref.day, off)
                if unit == "month":
                    value = value.replace(day=1)
                elif unit == "year":
                    value = dt.date(value.year, 1, 1)
                precision = unit
            elif unit == "year" and ref.year_hint:
                value, precision = dt.date(ref.year_hint + off.get("years", 0), 1, 1), "year"
        elif g("wdb"):
            kind = "weekday"
            wd_n = lex.weekdays[g("wd5").lower()]
            weekday = weekday_name(wd_n)
            mod = (g("wdmod") or "").lower()
            if ref.day:
                s, _ = sent
                lead = _QUOTED.sub("", text[s:m.start()])  # not inside quotes
                future = bool(lex.future_re.search(lead))
                value, precision = _weekday_date(wd_n, ref.day, mod, future), "day"
        elif g("yr"):
            y = int(g("yr"))
            before = text[max(0, m.start() - 12):m.start()]
            after = text[m.end():m.end() + 3]
            if not _YEAR_LEAD.search(before) \
                    and not _RANGE_AFTER.match(after):
                continue  # a bare four-digit number may be a count: figures decides
            value, precision = dt.date(y, 1, 1), "year"
            basis = "as written"
        else:
            continue
        if value is not None and precision == "day" and firm:
            last_day = value
        event, ev_span = (None, None) if is_dateline(text, m.start(), m.end()) else \
            _event(text, m.start(), m.end(), sent, lex, article.id)
        out.append(DateMention(
            id=f"{article.id}:d{len(out) + 1}", article_id=article.id,
            start=m.start(), end=m.end(), text=m.group(0), kind=kind,  # type: ignore[arg-type]
            value=value, precision=precision,  # type: ignore[arg-type]
            weekday=weekday, event=event, event_span=ev_span,
            participants=_participants(text, *sent, lex), basis=basis, anchored=not firm,
        ))
    return out


def publication_date(article: Article, rules: RuleSet) -> tuple[dt.date | None, str]:
    """The day an article was published, with how we know: header field, dateline or header line."""
    ref = reference_date(article, lexicon(rules))
    return ref.day, ref.basis


def date_spans(text: str, rules: RuleSet) -> list[tuple[int, int]]:
    """Where dates are written, so figures does not count "July 12" as 12 of something."""
    lex = lexicon(rules)
    return [(m.start(), m.end()) for m in date_matches(text, lex)
            if not (m.group("rel") or m.group("anc") or m.group("wdb") or m.group("yr"))]
