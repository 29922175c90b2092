"""Header, dateline and byline rules (``kind: headers``) and publication-date parsing.

Wire copy carries its metadata as text: ``date 2025-07-13``, ``Published on
July 13, 2025``, ``Document Date: Sun, Aug 3 2025 08:14:05 pm``, a desk line
``RiverWatch Desk: Politics 2025-08-02, 09:30am`` or a dateline
``Seoul, July 13 (QNA) –``. Each shape is one named pattern in
``rules/en/headers.yml``; its named groups (``date``, ``outlet``, ``byline``,
``place``, ``agency``) fill the article's fields and the matched text is marked
as boilerplate by the segmenter, with offsets into the original text.

Dates are parsed with a few regexes and the month table of the rule file, not
``dateutil``: the shapes that occur are few, and a guessing parser would turn
"May" in a sentence into a date.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from quotecheck import regexcache
from quotecheck.rules import (
    RuleFile,
    RuleSet,
    compile_regex,
    longest_first,
    rule_kind,
    timed,
)
from quotecheck.rules import match as rules_match

FIELD_GROUPS = ("date", "outlet", "byline", "place", "agency", "title")


class HeaderPattern(BaseModel):
    """One header shape; ``{month}`` in the pattern expands to the month names."""

    model_config = ConfigDict(extra="forbid")

    id: str
    comment: str = ""
    where: Literal["header", "dateline"] = "header"  # top lines, or start of the first body line
    pattern: str
    priority: int = 5  # which date wins when several headers give one (higher wins)
    ignore_case: bool = False


@rule_kind("headers")
class HeadersRules(RuleFile):
    """Month table, how far down headers are searched, and the header patterns."""

    months: dict[str, int] = Field(default_factory=dict)
    header_lines: int = 20  # non-blank lines at the top searched for header lines
    body_words: int = 16  # a line with at least this many words ends the header zone
    patterns: list[HeaderPattern] = Field(default_factory=list)

    @field_validator("months")
    @classmethod
    def _months_valid(cls, v: dict[str, int]) -> dict[str, int]:
        for name, num in v.items():
            if not 1 <= int(num) <= 12:
                raise ValueError(f"month {name!r}: {num} is not 1..12")
        return {k.lower(): int(n) for k, n in v.items()}

    @model_validator(mode="after")
    def _compile_all(self) -> HeadersRules:
        for p in self.patterns:
            compile_regex(expand(p.pattern, self.months), where=f"pattern {p.id!r}")
        return self


def expand(pattern: str, months: dict[str, int]) -> str:
    """Replace ``{month}`` by an alternation of the month names (longest first)."""
    names = longest_first(months) or ["january"]
    alt = "(?i:" + "|".join(regex.escape(n) for n in names) + r")\.?"
    return pattern.replace("{month}", alt)


class CompiledHeaders:
    """Header rules of a rule set, compiled once (``RuleSet.compiled``)."""

    def __init__(self, rules: RuleSet):
        files = [f for f in rules.of_kind("headers") if isinstance(f, HeadersRules)]
        self.months: dict[str, int] = {}
        self.header_lines = 20
        self.body_words = 16
        self.patterns: list[tuple[HeaderPattern, regex.Pattern]] = []
        for f in files:
            self.months.update(f.months)
            self.header_lines = f.header_lines
            self.body_words = f.body_words
        alts: dict[str, list[str]] = {"header": [], "dateline": []}
        ok = True
        for f in files:
            for p in f.patterns:
                flags = regex.IGNORECASE if p.ignore_case else 0
                pat = r"[^\S\n]*(?:" + expand(p.pattern, self.months) + ")"
                self.patterns.append((p, compile_regex(pat, flags)))
                ok = ok and combinable(pat)
                alts[p.where].append(("(?i:" if p.ignore_case else "(?:") + pat + ")")
        #: Prefilters (``maybe_match``): where some header / dateline pattern can match at all.
        self.any_header = any_of(alts["header"]) if ok else None
        self.any_dateline = any_of(alts["dateline"]) if ok else None
        names = longest_first(self.months) or ["january"]
        mon = "(?:" + "|".join(regex.escape(n) for n in names) + r")\.?"
        self._forms = [
            ("ymd", regexcache.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
            ("ymd", regexcache.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?:T|$)")),
            ("mdy", regexcache.compile(rf"(?i)(?<!\w)({mon})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)")),
            ("dmy", regexcache.compile(rf"(?i)(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({mon}),?\s+(\d{{4}})(?!\d)")),
            ("ymd", regexcache.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)")),
        ]
        self._md = regexcache.compile(rf"(?i)(?<!\w)({mon})\s+(\d{{1,2}})(?!\d)")
        self._dm = regexcache.compile(rf"(?i)(?<!\d)(\d{{1,2}})\s+({mon})(?!\w)")

    def month(self, name: str) -> int | None:
        return self.months.get(name.lower().rstrip("."))

    def parse_date(self, s: str | None) -> dt.date | None:
        """The first full date (day, month, year) written in ``s``, or None."""
        if not s:
            return None
        s = s[:200]
        for form, rx in self._forms:
            m = rx.search(s)
            if not m:
                continue
            try:
                if form == "ymd":
                    y, mo, d = int(m[1]), int(m[2]), int(m[3])
                elif form == "mdy":
                    y, mo, d = int(m[3]), self.month(m[1]) or 0, int(m[2])
                else:
                    y, mo, d = int(m[3]), self.month(m[2]) or 0, int(m[1])
                if 1800 <= y <= 2200:
                    return dt.date(y, mo, d)
            except ValueError:
                continue
        return None

    def parse_month_day(self, s: str | None) -> tuple[int, int] | None:
        """Month and day of a year-less date such as the dateline's ``July 13``."""
        if not s:
            return None
        for rx, mi, di in ((self._md, 1, 2), (self._dm, 2, 1)):
            m = rx.search(s[:200])
            if m and (mo := self.month(m[mi])):
                day = int(m[di])
                if 1 <= day <= 31:
                    return mo, day
        return None


# A group opener that means the same inside an alternation of other rules as alone:
# non-capturing, look-around, atomic, named, or with flags scoped to the group.
_LOCAL_GROUP = regexcache.compile(r"\(\?(?:[=!>]|<[=!]|P?<\w+>|[imsx]*(?:-[imsx]+)?:)")
_NOT_LOCAL = regexcache.compile(r"\\(?:[1-9]|[gk])|\(\*")


def combinable(pattern: str) -> bool:
    """Whether ``pattern`` matches the same lines as one alternative among others.

    Refused (the rules then run one by one, as always): numbered or named back
    references and recursion (group numbers shift in an alternation), flags that are
    not scoped to a group (``(?r)`` and the like are global), backtracking verbs
    (``(*PRUNE)`` can stop the other alternatives), branch resets and conditionals.
    Over-cautious on purpose: an escaped ``\\(?`` is refused too.
    """
    if _NOT_LOCAL.search(pattern):
        return False
    return all(_LOCAL_GROUP.match(pattern, m.start()) for m in regex.finditer(r"\(\?", pattern))


def any_of(alternatives: list[str], around: str = "(?:{})") -> regex.Pattern | None:
    """One pattern matching where one of ``alternatives`` does (None: cannot be built).

    Used as a prefilter: a line it does not match is matched by no rule, so the
    rules, run one by one in their order as before, only see the few lines it does.
    ``around`` wraps the alternation as each rule is wrapped (segment's line rules
    allow blanks around the line).
    """
    if not alternatives or not all(combinable(a) for a in alternatives):
        return None
    try:
        return compile_regex(around.format("|".join(alternatives)))
    except ValueError:  # e.g. one group name used in two rules with different meanings
        return None


def maybe_match(rx: regex.Pattern | None, text: str, pos: int, endpos: int, *, full: bool = False) -> bool:
    """False only when ``rx`` (an ``any_of`` prefilter) surely does not match at ``pos``
    (``full``: surely does not match the whole of ``text[pos:endpos]``)."""
    if rx is None:
        return True
    try:
        test = rx.fullmatch if full else rx.match
        return timed(test, text, pos, endpos) is not None
    except TimeoutError:  # the rules, run one by one, name the one that is slow
        return True


def compiled_headers(rules: RuleSet) -> CompiledHeaders:
    return rules.compiled("ingest.headers", CompiledHeaders)


def match_at(hp: HeaderPattern, rx: regex.Pattern, text: str, pos: int, endpos: int) -> regex.Match | None:
    """Match a header pattern at ``pos`` (leading blanks allowed) with the rule timeout."""
    return match_line(rx, text, pos, endpos, rule=hp.id)


def match_line(rx: regex.Pattern, text: str, pos: int, endpos: int, *, rule: str) -> regex.Match | None:
    """``rx.match`` at ``pos`` with the rule timeout (the error names the rule)."""
    return rules_match(rx, text, rule=rule, pos=pos, endpos=endpos)
