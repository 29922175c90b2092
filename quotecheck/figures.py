"""Figures: numbers as intervals, with what they count.

A figure is found in three steps. (1) A "core" regex built from the rule packs
finds digits (``11,000``, ``2.4``), number words (``two dozen``, ``a
hundred``), vague quantities (``dozens``, ``high triple-digit``) and
multipliers (``twice-weekly``, ``three-day``). (2) The core grows to the left
(hedge, currency, ``between``) and to the right (scale, percent, currency word,
the second half of a range). Years, clock times, dates, ordinals, phone and
flight numbers are dropped here. (3) The words around it give the subject class
and the qualifiers (rules/en/subjects.yml).

The interval convention (see docs/figures.md): an unhedged round number
carries its rounding (``11,000`` = 10,500..11,500, at most ±5 %); ``about``
hedges widen by ``about_tolerance`` (±10 %); ``more than`` gives no upper bound
(``high`` is None); ``up to``/``fewer than`` go down to 0; ranges use both ends.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

import regex
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from quotecheck import dates as dates_mod
from quotecheck import regexcache
from quotecheck.models import Article, Figure, Quote, Segmentation, Span
from quotecheck.rules import (
    Gate,
    RuleFile,
    RuleSet,
    RuleTimeout,
    alternation,
    compile_regex,
    merge_spans,
    rule_kind,
    search,
)
from quotecheck.scan import scan_of, with_simple_case

# Patterns used inline, compiled once (regex's own cache lookup costs ~100 µs a call).
_WORD_SEP = regexcache.compile(r"[\s-]+")
_THOUSANDS_SEP = regexcache.compile(r"[,\u00a0\u202f\u2009]")
_GAP_OR_HYPHEN = regexcache.compile(r"[\s\u00a0-]+")
_YEARLIKE = regexcache.compile(r"(?:1[89]|20)\d\d")
_BETWEEN_BEFORE = regexcache.compile(r"(?i)(?<![\w])between\s+$")
_FROM_BEFORE = regexcache.compile(r"(?i)(?<![\w])from\s+$")
_GAP = regexcache.compile(r"[\s\u00a0]+")

# --------------------------------------------------------------------------- rule files

HEDGE_KINDS = ("about", "lower", "upper", "near")



@rule_kind("numbers")
class NumberRules(RuleFile):
    """Number words, scales, vague quantities, multipliers (rules/en/numbers.yml)."""

    words: dict[str, float]
    weak_words: list[str] = []
    scales: dict[str, float] = {}
    scale_abbrevs: dict[str, float] = {}
    vague: dict[str, tuple[float, float]] = {}
    multiplier_words: dict[str, float] = {}
    frequency_words: list[str] = []
    duration_units: list[str] = []
    id_prefixes: list[str] = []

    @field_validator("vague")
    @classmethod
    def _vague_ok(cls, v: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        bad = [k for k, (lo, hi) in v.items() if lo > hi]
        if bad:
            raise ValueError(f"vague intervals need low <= high: {bad}")
        return v


@rule_kind("hedges")
class HedgeRules(RuleFile):
    """Hedge words by the interval they make (rules/en/hedges.yml)."""

    about_tolerance: float = 0.1
    near_tolerance: float = 0.1
    hedges: dict[str, list[str]]
    after: dict[str, list[str]] = {}

    @field_validator("hedges", "after")
    @classmethod
    def _kinds_ok(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        bad = sorted(set(v) - set(HEDGE_KINDS))
        if bad:
            raise ValueError(f"hedge kinds are {', '.join(HEDGE_KINDS)}; unknown: {bad}")
        return v


@rule_kind("units")
class UnitRules(RuleFile):
    """Currencies and units (rules/units.yml)."""

    currency_symbols: dict[str, str] = {}
    currency_codes: list[str] = []
    currency_words: dict[str, str] = {}
    percent_words: list[str] = []
    measure_units: dict[str, str] = {}


class Qualifier(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    dimension: str
    before: list[str] = []
    after: list[str] = []
    pattern: str | None = None
    pattern_after: bool = True
    # "uncertain": present on one side only -> maybe different things (info at most);
    # "different": present on one side only -> certainly different things (never compared).
    one_sided: str = "uncertain"


class SubjectClass(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nouns: list[str] = []
    before: list[str] = []
    kinds: list[str] = []  # only figures of these kinds get this class (empty: any)


@rule_kind("subjects")
class SubjectRules(RuleFile):
    """Subject classes, generic nouns with verb cues, qualifiers (rules/en/subjects.yml)."""

    max_modifiers: int = 3
    classes: dict[str, SubjectClass]
    generic_nouns: list[str] = []
    cues: dict[str, list[str]] = {}
    qualifiers: list[Qualifier] = []
    not_places: list[str] = []

    @model_validator(mode="after")
    def _patterns_compile(self) -> SubjectRules:
        """A bad regex fails on load, naming the class or qualifier (the loader adds the file)."""
        for name, cls in self.classes.items():
            for b in cls.before:
                compile_regex(b, where=f"class {name!r} before")
        for q in self.qualifiers:
            if q.pattern:
                compile_regex(q.pattern, where=f"qualifier {q.name!r}")
            if q.one_sided not in ("uncertain", "different"):
                raise ValueError(f"qualifier {q.name!r}: one_sided must be 'uncertain' or 'different'")
        return self


# --------------------------------------------------------------------------- compiled lexicon




@dataclass
class Lex:
    num: NumberRules
    hedge: HedgeRules
    units: UnitRules
    subj: SubjectRules
    core_re: regex.Pattern
    core_parts: list[tuple[regex.Pattern, Gate]]  # core_re's alternatives, each behind its gate
    # per part, a pattern every match of it contains (None: none known); a window where it is
    # not found cannot hold a match of that part and is not scanned (scan.TextScan.alternatives)
    core_needs: list[regex.Pattern | None]
    mask_gate: Gate  # every masked form (times, ordinals, phone and flight numbers) holds a digit
    mask_parts: list[regex.Pattern]  # mask_re's alternatives, scanned apart (scan.TextScan.finditer)
    hedge_re: regex.Pattern  # anchored at the end of the text before a figure
    hedge_after_re: regex.Pattern
    currency_before_re: regex.Pattern
    scale_after_re: regex.Pattern
    percent_after_re: regex.Pattern
    curword_after_re: regex.Pattern
    unit_after_re: regex.Pattern
    range_sep_re: regex.Pattern
    mask_re: regex.Pattern
    id_before_re: regex.Pattern
    noun_res: list[tuple[regex.Pattern, str]]
    noun_any: dict[str, tuple[regex.Pattern, list[str]]]  # per figure kind: the classes' nouns as one pattern
    class_kinds: dict[str, list[str]]
    before_res: list[tuple[regex.Pattern, str]]
    before_any: regex.Pattern | None  # matches wherever one of before_res does (None: unknown)
    generic_re: regex.Pattern
    cue_res: list[tuple[regex.Pattern, str]]
    modifier_re: regex.Pattern
    qual_res: list[tuple[Qualifier, regex.Pattern | None, regex.Pattern | None]]
    qual_words: list[tuple[frozenset[str], frozenset[str]]]  # each qualifier's before and after words
    qual_after_any: regex.Pattern  # matches wherever one of the after_re of qual_res does
    hedge_kind: dict[str, str]
    hedge_after_kind: dict[str, str]
    simple: Lex | None = None  # the same with simple case folding, for texts where that is exact (scan.py)


def _build(rules: RuleSet) -> Lex:
    num = rules.one("numbers")
    hedge = rules.one("hedges")
    units = rules.one("units")
    subj = rules.one("subjects")
    for kind, obj, cls in (("numbers", num, NumberRules), ("hedges", hedge, HedgeRules),
                           ("units", units, UnitRules), ("subjects", subj, SubjectRules)):
        if not isinstance(obj, cls):
            raise ValueError(f"no rule file of kind {kind!r} loaded")
    assert isinstance(num, NumberRules) and isinstance(hedge, HedgeRules)
    assert isinstance(units, UnitRules) and isinstance(subj, SubjectRules)
    words = alternation(list(num.words))
    scales = alternation(list(num.scales))
    abbrevs = alternation(list(num.scale_abbrevs))
    digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+|\d+(?:\.\d+)?|\.\d+"
    vague = alternation(list(num.vague))
    mult = alternation(list(num.multiplier_words))
    freq = alternation(num.frequency_words)
    dur = alternation(num.duration_units)
    wordnum = (rf"(?:an?\s+(?=(?:{scales}|dozen)(?![\w])))?(?:{words}|{scales})"
               rf"(?:(?:(?<=(?:{scales}))\s+and\s+|[\s-]+)(?:{words}|{scales}s?)(?![\w]))*")
    core = rf"""(?ix)
      (?<![\w.,:/\-$£€])(?P<mult>(?:{mult}|{wordnum}|\d+)-(?:{freq})|(?:{mult}|{wordnum}|\d+)-(?:{dur})s?(?:-(?:long|old))?)(?![\w-])
    | (?<![\w.,:/\-])(?P<vague>(?:{vague}))(?![\w-])
    | (?<![\w.,:/])(?<!(?<!\d)[-–])(?!0\d)(?P<dig>{digits})(?:(?P<abbr>{abbrevs})(?![\w])|\s+(?P<scale>{scales})s?(?![\w]))?(?![\w:]|[.,]\d|\.\w)
    | (?<![\w.,:/\-])(?P<words>{wordnum})(?![\w-])
    | (?<![\w-])(?P<once>{mult})(?![\w-])
    """
    hedge_kind = {" ".join(w.lower().split()): k for k in HEDGE_KINDS for w in hedge.hedges.get(k, [])}
    hedge_after_kind = {" ".join(w.lower().split()): k for k, ws in hedge.after.items() for w in ws}
    sym = alternation(list(units.currency_symbols))
    codes = alternation(units.currency_codes)
    nouns: list[tuple[regex.Pattern, str]] = []
    befores: list[tuple[regex.Pattern, str]] = []
    for name, cls in subj.classes.items():
        if cls.nouns:
            nouns.append((regexcache.compile(rf"(?i)(?:{alternation(cls.nouns)})(?![\w])"), name))
        for b in cls.before:
            befores.append((compile_regex(rf"(?i)(?<![\w])(?:{b})$", where=f"class {name!r}"), name))
    cues = [(regexcache.compile(rf"(?i)(?<![\w])(?:{alternation(ws)})(?![\w])"), c) for c, ws in subj.cues.items()]
    mask = r"""(?ix)
        (?<![\w])\d{1,2}(?::\d\d){1,2}(?:\s*[ap]\.?m\.?)?(?![\w])        # 11:00, 11:22:48 am
      | (?<![\w])\d{1,2}\s*[ap]\.?m\.?(?![\w])                          # 10am, 5 p.m.
      | (?<![\w])\d+(?:st|nd|rd|th)(?![\w])                             # ordinals
      | (?<![\w])\+\d[\d\s().-]{7,}\d                                   # +44 20 7946 0958
      | (?<![\w])\(\d{2,4}\)\s*\d{3,4}[\s.-]\d{3,4}                     # (555) 123-4567
      | (?<![\w,])\d{3}[.-]\d{3,4}[.-]\d{4}(?![\w])                     # 555-123-4567
      | (?<![\w])[A-Z]{1,3}\d{1,5}[A-Z]?(?![\w])                        # MH17, A320
    """
    lex = Lex(
        num=num, hedge=hedge, units=units, subj=subj,
        core_re=regexcache.compile(core, regex.VERSION1),
        core_parts=_core_parts(core, num),
        # "two-day", "5-year-old": a multiplier holds a hyphen and a frequency or duration word
        core_needs=[regexcache.compile(rf"-(?:{freq}|{dur})", regex.IGNORECASE | regex.VERBOSE | regex.VERSION1),
                    None, None, None, None],
        mask_gate=Gate(frozenset(), digits=1, reach=32),
        # the forms that start with a digit, "+" or "(" scan fast together (the engine skips to
        # those characters); "MH17" (a letter first) apart
        mask_parts=[regexcache.compile("\n      | ".join(g), regex.IGNORECASE | regex.VERBOSE | regex.VERSION1)
                    for alts in [mask.removeprefix("(?ix)").split("\n      | ")] for g in (alts[:-1], alts[-1:])],
        hedge_re=regexcache.compile(rf"(?i)(?<![\w])(?P<h>{alternation(list(hedge_kind))})\s*$"),
        hedge_after_re=regexcache.compile(rf"(?i)^\s*(?P<h>{alternation(list(hedge_after_kind))})(?![\w])"),
        currency_before_re=regexcache.compile(rf"(?:(?P<sym>{sym})\s?|(?P<code>{codes})\s)$"),
        scale_after_re=regexcache.compile(rf"(?i)^\s+(?P<scale>{scales})s?(?![\w])"),
        percent_after_re=regexcache.compile(rf"(?i)^\s*(?:{alternation(units.percent_words)})(?![\w])"),
        curword_after_re=regexcache.compile(rf"(?i)^\s+(?:of\s+)?(?P<w>{alternation(list(units.currency_words))})(?![\w])"),
        unit_after_re=regexcache.compile(rf"(?i)^[\s-]?(?P<u>{alternation(list(units.measure_units))})(?![\w])"),
        range_sep_re=regexcache.compile(r"(?i)^\s*(?:[-–—]|to|and)\s*(?:(?:US)?[$£€¥]\s?)?$"),
        mask_re=regexcache.compile(mask, regex.VERSION1),
        id_before_re=regexcache.compile(rf"(?<![\w])(?i:{alternation(num.id_prefixes)})\s*#?\s*(?:[A-Z]{{1,3}}[\s-]?)?$"),
        noun_res=nouns, before_res=befores, class_kinds={n: c.kinds for n, c in subj.classes.items()},
        noun_any={},
        before_any=_union_before([b for cls in subj.classes.values() for b in cls.before]),
        generic_re=regexcache.compile(rf"(?i)(?:{alternation(subj.generic_nouns)})(?![\w])"),
        cue_res=cues,
        modifier_re=regexcache.compile(
            r"(?:\p{Lu}[\p{L}'’.-]*|[\p{Ll}]+(?:ed|ing|al|an|ian|ese|ish|ic|ive|ary|ern)|\w+-\w+"
            r"|more|additional|extra|new|further|other|of|the)"),
        hedge_kind=hedge_kind, hedge_after_kind=hedge_after_kind,
        qual_res=[(q, regexcache.compile(rf"(?i)(?<![\w])(?:{alternation(q.after)})(?![\w])") if q.after else None,
                   compile_regex(q.pattern, where=f"qualifier {q.name!r}") if q.pattern else None)
                  for q in subj.qualifiers],
        qual_words=[(frozenset(q.before), frozenset(q.after)) for q in subj.qualifiers],
        qual_after_any=regexcache.compile(
            rf"(?i)(?<![\w])(?:{alternation([w for q in subj.qualifiers for w in q.after])})(?![\w])"),
    )
    lex.simple = with_simple_case(lex)
    return lex


def _core_parts(core: str, num: NumberRules) -> list[tuple[regex.Pattern, Gate]]:
    """The core pattern's alternatives, each behind the words or digits its matches hold."""
    number_words = [*num.words, *num.scales]
    gates = [Gate.of([*number_words, *num.multiplier_words], digits=1),  # "two-day", "5-year-old"
             Gate.of(list(num.vague)),                                      # "dozens", "tens of thousands"
             Gate(frozenset(), digits=1),                                   # "3,500", "2.4bn"
             Gate.of(number_words),                                         # "two hundred and fifty"
             Gate.of(list(num.multiplier_words))]                           # "twice"
    alts = core.removeprefix("(?ix)").split("\n    | ")
    flags = regex.IGNORECASE | regex.VERBOSE | regex.VERSION1
    return [(regexcache.compile(p, flags), g) for p, g in zip(alts, gates, strict=True)]


# What makes a user regex unsafe to join with others: references to groups by number or
# name (numbers shift in a union), conditionals, recursion, branch reset.
_JOIN_UNSAFE = regexcache.compile(r"\\[1-9gk]|\(\?(?:P[=>]|&|R|\(|\||[+-]?\d)")


def _nouns_for(lex: Lex, fkind: str) -> tuple[regex.Pattern, list[str]]:
    """The noun patterns of the classes a figure of ``fkind`` may have, as one alternation that
    matches where the first of them (in order) matches, with the same match: one call, not twelve."""
    hit = lex.noun_any.get(fkind)
    if hit is None:
        keep = [(pat, cls) for pat, cls in lex.noun_res
                if not (lex.class_kinds.get(cls) and fkind not in lex.class_kinds[cls])]
        body = "|".join(f"(?P<c{k}>{pat.pattern.removeprefix('(?i)')})" for k, (pat, _) in enumerate(keep))
        assert all(pat.pattern.startswith("(?i)") and pat.flags == keep[0][0].flags for pat, _ in keep)
        hit = lex.noun_any[fkind] = (regexcache.compile(f"(?i)(?:{body or '(?!x)x'})"), [cls for _, cls in keep])
    return hit


def _union_before(befores: list[str]) -> regex.Pattern | None:
    """One pattern that matches wherever a class ``before`` pattern does: a window where it
    finds nothing needs no search per class (each is a timed call)."""
    if not befores or any(_JOIN_UNSAFE.search(b) for b in befores):
        return None
    try:
        return compile_regex(rf"(?i)(?<![\w])(?:{'|'.join(f'(?:{b})' for b in befores)})$")
    except ValueError:
        return None


def _may_match(pat: regex.Pattern | None, text: str, rule: str) -> bool:
    """False only if ``pat`` surely finds nothing in ``text``; a timeout says True, so the
    searches it stands for run and the one that hangs is named."""
    if pat is None:
        return True
    try:
        return search(pat, text, rule=rule) is not None
    except RuleTimeout:
        return True


def lexicon(rules: RuleSet) -> Lex:
    return rules.compiled("figures.lexicon", _build)


# --------------------------------------------------------------------------- number parsing


def parse_words(text: str, lex: Lex) -> float | None:
    """'two hundred and fifty thousand' -> 250000; 'a dozen' -> 12; None if not a number."""
    toks = [t for t in _WORD_SEP.split(text.lower()) if t and t != "and"]
    total, cur, seen = 0.0, 0.0, False
    for t in toks:
        base = t[:-1] if t.endswith("s") and t[:-1] in lex.num.scales else t
        if t in ("a", "an"):
            cur = cur or 1.0
        elif base in lex.num.scales:
            scale = lex.num.scales[base]
            if scale >= 1000:
                total += (cur or 1.0) * scale
                cur = 0.0
            else:
                cur = (cur or 1.0) * scale
            seen = True
        elif t == "dozen":
            cur = (cur or 1.0) * lex.num.words[t]
            seen = True
        elif t in lex.num.words:
            cur += lex.num.words[t]
            seen = True
        else:
            return None
    return total + cur if seen else None


def _digits_value(s: str) -> float:
    return float(_THOUSANDS_SEP.sub("", s))


def rounding(s: str, scale: float = 1.0) -> float:
    """Half the unit a written number is rounded to: '11,000' -> 500; '2.4' (million) -> 0.05.

    Counts under 1,000 are taken as exact ("100 passengers" is 100).
    """
    raw = _THOUSANDS_SEP.sub("", s)
    if float(raw or 0) * scale < 1000:
        return 0.0
    if "." in raw:
        return 0.5 * 10 ** -len(raw.split(".")[1]) * scale if scale > 1 else 0.0
    if scale > 1:
        return 0.5 * scale
    zeros = len(raw) - len(raw.rstrip("0"))
    if zeros < 2 or raw == "0" * len(raw):
        return 0.0
    return 0.5 * 10 ** zeros


@dataclass
class Core:
    start: int
    end: int
    kind: str  # dig | words | vague | mult | once
    value: float | None
    low: float | None
    high: float | None
    tol: float = 0.0
    unit: str | None = None
    raw: str = ""
    scaled: bool = False


def _core(m: regex.Match, lex: Lex) -> Core | None:
    g = m.group
    if g("mult"):
        word, _, rest = g("mult").partition("-")
        wl = word.lower()
        v = lex.num.multiplier_words.get(wl) or (float(word) if word.isdigit() else parse_words(word, lex))
        if v is None:
            return None
        unit = rest.lower().rstrip("s").split("-")[0]
        return Core(m.start(), m.end(), "mult", v, v, v, unit=unit, raw=g("mult"))
    if g("vague"):
        key = " ".join(g("vague").lower().split())
        lo, hi = lex.num.vague[key]
        return Core(m.start(), m.end(), "vague", None, lo, hi, raw=g("vague"))
    if g("dig"):
        v = _digits_value(g("dig"))
        scale = 1.0
        if g("abbr"):
            scale = lex.num.scale_abbrevs[g("abbr").lower()]
        elif g("scale"):
            scale = lex.num.scales[g("scale").lower().rstrip("s")]
        tol = rounding(g("dig"), scale)
        return Core(m.start(), m.end(), "dig", v * scale, v * scale, v * scale, tol=tol, raw=g("dig"),
                    scaled=scale > 1)
    if g("words"):
        w = g("words")
        v = parse_words(w, lex)
        if v is None:
            return None
        last = w.lower().split()[-1]
        if w.lower().strip() in ("a", "an"):
            return None
        # "one" is usually a pronoun; "a"/"an" only count before a scale ("a hundred")
        if w.lower() in lex.num.weak_words:
            return Core(m.start(), m.end(), "weak", v, v, v, raw=w)
        tol = 0.0
        for sc, val in lex.num.scales.items():
            if last.rstrip("s") == sc and v >= val:
                tol = 0.0  # "a hundred" is as exact as it is written
        return Core(m.start(), m.end(), "words", v, v, v, tol=tol, raw=w, scaled=last in lex.num.scales)
    if g("once"):
        if lex.num.multiplier_words[g("once").lower()] == 1 and not regex.match(
                r"\s+(?:a|an|every|per|each)\s", m.string[m.end():m.end() + 8]):
            return None  # "once pursued" = formerly
        v = lex.num.multiplier_words[g("once").lower()]
        return Core(m.start(), m.end(), "mult", v, v, v, unit="times", raw=g("once"))
    return None


# --------------------------------------------------------------------------- subject and qualifiers


_CLAUSE_END = regexcache.compile(r"[,;:.!?()\[\]“”\"]|\s[-–—]\s|\n\s*\n")
_NEXT_FIGURE = regexcache.compile(r"(?<!\d)(?!(?:19|20)\d\d\b)\d")


def _clause_end(text: str, pos: int, limit: int) -> int:
    m = _CLAUSE_END.search(text, pos, limit)
    return m.start() if m else limit


def _clause_start(text: str, pos: int, floor: int) -> int:
    for i in range(pos - 1, floor - 1, -1):
        if text[i] in ",;:.!?()[]“”\"\n":
            return i + 1
    return floor


def _subject(text: str, fstart: int, fend: int, sent: tuple[int, int], lex: Lex,
             aid: str, fkind: str = "count") -> tuple[str | None, str | None, Span | None, int]:
    """(class, noun as written, span, end of the noun phrase) for the figure ending at ``fend``."""
    s, e = sent
    cend = _clause_end(text, fend, e)
    pos = fend
    generic: tuple[str, Span, int] | None = None
    nouns, noun_classes = _nouns_for(lex, fkind)
    for step in range(lex.subj.max_modifiers + 1):
        ws = (_GAP_OR_HYPHEN if step == 0 else _GAP).match(text[pos:cend])
        if not ws:
            break
        p = pos + ws.end()
        m = nouns.match(text, p, cend)
        if m:
            cls = noun_classes[int(m.lastgroup[1:])]  # type: ignore[index]
            return cls, m.group(0), Span(article_id=aid, start=m.start(), end=m.end(), text=m.group(0)), m.end()
        g = lex.generic_re.match(text, p, cend)
        if g:
            cstart = _clause_start(text, fstart, s)
            for cpat, cls in lex.cue_res:
                if cpat.search(text, cstart, cend) or cpat.search(text, g.end(), min(e, g.end() + 40)):
                    return (cls, g.group(0), Span(article_id=aid, start=g.start(), end=g.end(), text=g.group(0)),
                            g.end())
            generic = (g.group(0), Span(article_id=aid, start=g.start(), end=g.end(), text=g.group(0)), g.end())
            break
        mod = lex.modifier_re.match(text, p, cend)
        if not mod or (mod.end() < cend and text[mod.end()].isalnum()):
            break
        pos = mod.end()
    lo = max(s, fstart - 140)
    window = text[lo:fstart]
    befores = lex.before_res if _may_match(lex.before_any, window, "subjects class before") else []
    for pat, cls in befores:
        m = search(pat, window, rule=f"subjects class {cls!r} before")
        if m:
            a = lo + m.start()
            b = lo + m.end()
            t = text[a:b].rstrip()
            return cls, t, Span(article_id=aid, start=a, end=a + len(t), text=t), generic[2] if generic else fend
    if generic:
        return None, generic[0], generic[1], generic[2]
    return None, None, None, fend


def _qualifiers(text: str, fstart: int, fend: int, np_end: int, sent: tuple[int, int],
                lex: Lex) -> list[str]:
    s, e = sent
    before = text[max(s, fstart - 30):fstart].lower().split()[-2:]
    between = text[fend:np_end].lower().split()
    after_lo, after_hi = np_end, _clause_end(text, np_end, e)
    tail = text[after_lo:after_hi]
    nxt = _NEXT_FIGURE.search(tail)  # "241 on board and 24 on the ground": stop at the next figure
    if nxt:
        tail = tail[:nxt.start()]
    out: list[str] = []
    near = before + between[:-1]
    first = between[:1]
    after_any: bool | None = None  # does any qualifier's after-word occur in the tail? (asked once)
    for (q, after_re, pat), (before_words, after_words) in zip(lex.qual_res, lex.qual_words, strict=True):
        hit = None
        if before_words and any(w in before_words for w in near):
            hit = q.name
        if not hit and after_re is not None:
            if any(w in after_words for w in first):
                hit = q.name
            else:
                if after_any is None:  # a word list: linear, run untimed like the other word patterns
                    after_any = lex.qual_after_any.search(tail) is not None
                if after_any and search(after_re, tail, rule=f"qualifier {q.name!r}"):
                    hit = q.name
        if not hit and pat is not None:
            m = search(pat, tail, rule=f"qualifier {q.name!r}")
            if m:
                val = m.group(1) if m.groups() else m.group(0)
                if val not in lex.subj.not_places:
                    hit = f"{q.dimension}:{val}" if "<" in q.name else q.name
        if hit and hit not in out:
            out.append(hit)
    return out


def qualifier_rule(q: str, rules: RuleSet) -> Qualifier | None:
    for qual in lexicon(rules).subj.qualifiers:
        if qual.name == q or (":" in q and "<" in qual.name and q.split(":", 1)[0] == qual.dimension):
            return qual
    return None


def one_sided_different(q: str, rules: RuleSet) -> bool:
    """A figure qualified by ``q`` never counts the same as one without it ("an additional ...")."""
    r = qualifier_rule(q, rules)
    return r is not None and r.one_sided == "different"


def qualifier_dimension(q: str, rules: RuleSet) -> str:
    """The dimension a qualifier belongs to ('place:Mandalay' -> 'place')."""
    lex = lexicon(rules)
    for qual in lex.subj.qualifiers:
        if qual.name == q:
            return qual.dimension
    return q.split(":", 1)[0] if ":" in q else q


# --------------------------------------------------------------------------- assembly


def _is_year(c: Core, text: str) -> bool:
    return (c.kind == "dig" and not c.scaled and _YEARLIKE.fullmatch(c.raw) is not None)


def _interval(low: float, high: float, tol: float, hedge_kind: str | None,
              lex: Lex) -> tuple[float | None, float | None]:
    a, b = low - tol, high + tol
    if hedge_kind == "about":
        t = lex.hedge.about_tolerance
        return min(a, low * (1 - t)), max(b, high * (1 + t))
    if hedge_kind == "lower":
        return low, None
    if hedge_kind == "upper":
        return 0.0, high
    if hedge_kind == "near":
        return low * (1 - lex.hedge.near_tolerance), high
    return max(a, 0.0), b


def extract_figures(article: Article, seg: Segmentation, quotes: list[Quote],
                    rules: RuleSet) -> list[Figure]:
    """Every figure outside boilerplate, with its interval, subject and qualifiers."""
    lex = lexicon(rules)
    text = article.text
    scan = scan_of(text)
    if scan.simple and lex.simple is not None:
        lex = lex.simple
    skip = dates_mod.boilerplate_ranges(seg)
    masked = dates_mod.date_spans(text, rules) + [
        (m.start(), m.end()) for m in scan.finditer(lex.mask_re, lex.mask_parts, lex.mask_gate, rule="figures:mask")]
    sents = [tuple(x) for x in seg.sentences] or dates_mod.sentence_bounds(text)
    quoted = merge_spans(sorted(  # quotes nest: one span each for a bisect lookup
        (q.start, q.end) for q in quotes if q.article_id == article.id))
    quoted_starts = [a for a, _ in quoted]

    masked.sort()
    mask_starts = [s for s, _ in masked]

    def masked_at(a: int, b: int) -> bool:
        i = bisect.bisect_left(mask_starts, b)  # masks starting before b; check the nearest few
        return any(masked[j][1] > a for j in range(max(0, i - 3), i))

    cores = [c for m in scan.alternatives(lex.core_re, lex.core_parts, rule="figures:core", needs=lex.core_needs)
             if (c := _core(m, lex)) is not None and not masked_at(c.start, c.end)]
    out: list[Figure] = []
    i = 0
    while i < len(cores):
        c = cores[i]
        i += 1
        if dates_mod.in_ranges(c.start, skip):
            continue
        start, end = c.start, c.end
        low, high, value, tol = c.low, c.high, c.value, c.tol
        kind = "multiplier" if c.kind == "mult" else "count"
        unit = c.unit
        # range: "25,000-30,000", "25,000 to 30,000", "between 6 and 10"
        if i < len(cores) and c.kind in ("dig", "words"):
            nxt = cores[i]
            sep = text[end:nxt.start]
            between = _BETWEEN_BEFORE.search(text[max(0, start - 10):start])
            from_ = _FROM_BEFORE.search(text[max(0, start - 8):start])
            if nxt.kind == c.kind and lex.range_sep_re.match(sep) and not from_ and \
                    ("and" not in sep.lower() or between) and nxt.value is not None and c.value is not None:
                lo_v = c.value
                if not c.scaled and nxt.scaled and nxt.value >= 1000 and c.value < 1000:
                    lo_v = c.value * (nxt.value / _digits_value(nxt.raw) if nxt.kind == "dig" else 1)
                if lo_v <= nxt.value and not (_is_year(c, text) and _is_year(nxt, text)):
                    low, high, end = lo_v, nxt.value, nxt.end
                    value = (lo_v + nxt.value) / 2
                    tol = 0.0  # a range states its own bounds
                    i += 1
                    if between:
                        start -= len(between.group(0))
        if c.kind == "weak":
            nxt_text = text[end:end + 40]
            if not any(p.match(nxt_text.lstrip(), 0) for p, _ in lex.noun_res):
                continue
        if _is_year(c, text) and high == low:
            after = text[end:end + 40]
            if not (lex.percent_after_re.match(after) or any(
                    p.match(after.lstrip()) for p, _ in lex.noun_res) or lex.generic_re.match(after.lstrip())):
                continue  # a year: dates records it
        before = text[max(0, start - 25):start]
        if lex.id_before_re.search(before):
            continue  # flight 370, Article 5
        # currency before
        cur = lex.currency_before_re.search(text[max(0, start - 4):start])
        if cur:
            unit = lex.units.currency_symbols.get(cur.group("sym") or "", None) or (cur.group("code") or "").upper()
            start -= len(cur.group(0))
            kind = "money"
        rest = text[end:end + 40]
        if kind == "count" and c.kind in ("dig", "words") and not c.scaled:
            sc = lex.scale_after_re.match(rest)
            if sc and c.kind == "dig":
                mul = lex.num.scales[sc.group("scale").lower().rstrip("s")]
                low, high = (low or 0) * mul, (high or 0) * mul
                value = (value or 0) * mul
                tol = rounding(c.raw, mul)
                end += sc.end()
                rest = text[end:end + 40]
        pc = lex.percent_after_re.match(rest)
        if pc and kind == "count":
            kind, unit = "percent", "%"
            end += pc.end()
        elif kind == "count":
            cw = lex.curword_after_re.match(rest)
            if cw:
                kind, unit = "money", lex.units.currency_words[" ".join(cw.group("w").lower().split())]
                end += cw.end()
            else:
                um = lex.unit_after_re.match(rest)
                if um and c.kind != "mult":
                    kind, unit = "measure", lex.units.measure_units[um.group("u").lower()]
        # hedge before (after any currency): "around $134 billion", "more than 10,000"
        hedge = None
        hk = None
        if c.kind != "vague":
            hm = lex.hedge_re.search(text[max(0, start - 30):start])
            if hm:
                hedge = " ".join(hm.group("h").lower().split())
                hk = lex.hedge_kind[hedge]
                start -= len(text[max(0, start - 30):start]) - hm.start()
            else:
                ha = lex.hedge_after_re.match(text[end:end + 20])
                if ha:
                    hedge = " ".join(ha.group("h").lower().split())
                    hk = lex.hedge_after_kind[hedge]
                    end += ha.end()
        if low is None or high is None or c.kind == "vague":
            ilow, ihigh = low, high
        else:
            ilow, ihigh = _interval(low, high, min(tol, 0.05 * high) if tol else 0.0, hk, lex)
        sent = dates_mod.sentence_at(sents, start)
        subj, subj_text, subj_span, np_end = _subject(text, start, end, sent, lex, article.id, kind)
        if subj == "magnitude" and kind == "count":
            kind = "measure"
        if kind == "measure" and unit is None and subj == "rain":
            unit = (subj_text or "").split()[0].lower()
        quals = _qualifiers(text, start, end, np_end, sent, lex)
        if subj_span is None and kind == "count" and c.kind == "words" and value is not None and value < 2:
            continue
        out.append(Figure(
            id=f"{article.id}:f{len(out) + 1}", article_id=article.id, start=start, end=end,
            text=text[start:end], kind=kind,  # type: ignore[arg-type]
            value=value if value is not None else (None if low is None else (low + (high or low)) / 2),
            low=None if ilow is None else round(ilow, 6),
            high=None if ihigh is None or math.isinf(ihigh) else round(ihigh, 6),
            unit=unit, hedge=hedge, approximate=bool(hk) or c.kind == "vague",
            subject=subj, subject_text=subj_text, subject_span=subj_span, qualifiers=quals,
            in_quote=_inside(start, quoted, quoted_starts),
        ))
    return out


def _inside(pos: int, merged: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and merged[i][0] <= pos < merged[i][1]


def evidence_span(fig: Figure, text: str) -> Span:
    """The figure and its subject noun when it follows in the same clause ("around 11,000 soldiers")."""
    end = fig.end
    if fig.subject_span and fig.end <= fig.subject_span.start and fig.subject_span.end - fig.start < 120:
        end = fig.subject_span.end
    start = min(fig.start, fig.subject_span.start) if fig.subject_span and fig.subject_span.end <= fig.start \
        and fig.start - fig.subject_span.start < 80 else fig.start
    return Span(article_id=fig.article_id, start=start, end=end, text=text[start:end])


__all__ = ["extract_figures", "evidence_span", "lexicon", "parse_words", "rounding"]
