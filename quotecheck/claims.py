"""The claims stage: every figure and date of a story grouped into the quantities and events it
is about, each with one verdict from all its values together.

A *claim* is one quantity (or one event's date) in one story: the subject class of the figure
(``deaths``) or the date (``attack``), plus its *scope*: what part of that quantity is counted
("24 bodies" collected at one site; deaths "in preparation for the storm"; deaths "in Jamaica"
where the story also counts deaths "in Haiti"), and the unit. Scope words, part relations
("16 of the 24", "including three") and exclusions (ages, single survivors, "since 2000") are
rule data (``kind: claim_scopes``, rules/en/claims.yml). Every mention goes to at most one
claim; one left out gets a reason (``Report.claims_left_out``, ``check --explain``).

Verdicts, from every source's value at once (not pairs):

* ``consistent``: the intervals share a point (hedges as figures.py reads them);
* ``evolving``: a count that rises (``growing``) or changes (``changing``) as a story develops,
  whose values do not fall with publication time; or values without any known time. A timeline,
  never an alarm;
* ``outlier``: a few sources (at most a third) against a consensus of at least two others;
  a warning naming them;
* ``contradiction``: no consensus; an error only when every value comes from the same
  publication day (a count that rises is never an error: the same day holds several times).

A rising count's sources are placed in time by publication day, else (undated, same day) by
the value they give of the story's main count (``main_count``: a source at 5 deaths wrote
before one at 10); figures their own clause dates to one day (``same_stated_day``) and two
versions of one sentence at the same stage (``copied_sentence_verdict``) are contradiction
warnings; with no order at all, a lone value far above every stage the others cover
(``far_above``) is an outlier. A figure that names no place, in a claim the story counts in
several places, takes the one its sentence or paragraph names (``context_place``); a place that
is the article's whole (``whole_places``) is no scope. Dates: a mention unlike its twin in
another source (``odd_twins``) is an outlier.

Pure: models in (the report's articles, stories, figures, dates, and each article's
publication date), models out (``Claim``, ``LeftOut``); checks/figures.py and checks/dates.py
turn the disputed claims into findings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import regex
from pydantic import BaseModel, ConfigDict, Field, model_validator

from quotecheck import dates as dates_mod
from quotecheck import figures as fig_mod
from quotecheck import regexcache
from quotecheck import rules as rules_mod
from quotecheck.models import (
    Article,
    Claim,
    ClaimValue,
    DateMention,
    Figure,
    LeftOut,
    Report,
    Severity,
    Span,
)
from quotecheck.rules import (
    RuleFile,
    RuleSet,
    compile_regex,
    finditer,
    rule_kind,
    words_regex,
)

PLACE_AFTER = 45  # characters after the counted noun a place may end in ("a death was counted in the south of Cuba")
REACH = 200  # characters either side of a mention searched for scope words (its clause, at most)
_CLAUSE_END = regexcache.compile(r"[.;:!?\n]")


class ScopeWord(BaseModel):
    """Words that put a figure in a scope: right after it (``after``: its noun) or anywhere in its clause."""

    model_config = ConfigDict(extra="forbid")

    name: str
    dimension: str
    after: list[str] = []
    clause: list[str] = []
    subjects: list[str] = []  # only figures of these subject classes (empty: every class)
    becomes: str | None = None  # the figure counts this subject class instead (no scope added)


class PartRule(BaseModel):
    """A figure that is a share of a larger count: regexes on the text just before / after it."""

    model_config = ConfigDict(extra="forbid")

    name: str
    before: str | None = None
    after: str | None = None


class ExcludeRule(BaseModel):
    """A mention that is no claim at all; every regex given must match (``text``: the mention)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    reason: str
    applies: str = "figure"  # figure | date
    text: str | None = None
    before: str | None = None
    after: str | None = None


@rule_kind("claim_scopes")
class ClaimRules(RuleFile):
    """Scopes, part relations, exclusions and growth of counted things (rules/en/claims.yml)."""

    growing: list[str] = []
    changing: list[str] = []
    recurring_events: list[str] = []
    unit_subjects: dict[str, str] = {}
    place_generic: list[str] = []
    place_before: list[str] = []
    place_after: list[str] = []
    place_forms: str = ""
    place_total_words: list[str] = []
    place_pronouns: list[str] = []
    scopes: list[ScopeWord] = []
    parts: list[PartRule] = []
    exclude: list[ExcludeRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _compiles(self) -> ClaimRules:
        """A bad regex or an unknown ``applies`` fails on load, naming the rule (the loader adds the file)."""
        for p in self.place_before + self.place_after + self.place_pronouns:
            compile_regex(p, where="place pattern")
        if self.place_forms:
            compile_regex(self.place_forms, where="place_forms")
        for r in self.parts:
            if not (r.before or r.after):
                raise ValueError(f"part {r.name!r}: give 'before' or 'after'")
            for p in (r.before, r.after):
                if p:
                    compile_regex(p, where=f"part {r.name!r}")
        for x in self.exclude:
            if x.applies not in ("figure", "date"):
                raise ValueError(f"exclude {x.name!r}: applies must be 'figure' or 'date'")
            if not (x.text or x.before or x.after):
                raise ValueError(f"exclude {x.name!r}: give 'text', 'before' or 'after'")
            for p in (x.text, x.before, x.after):
                if p:
                    compile_regex(p, where=f"exclude {x.name!r}")
        for s in self.scopes:
            if not (s.after or s.clause):
                raise ValueError(f"scope {s.name!r}: give 'after' or 'clause' words")
        return self


@dataclass
class Lex:
    """ClaimRules compiled once per rule set."""

    growing: set[str]
    changing: set[str]
    recurring: set[str]
    unit_subjects: dict[str, str]
    place_generic: set[str]
    place_before: list[regex.Pattern]
    place_after: list[regex.Pattern]
    place_forms: str
    place_total: regex.Pattern | None
    place_pronouns: list[regex.Pattern]
    scopes: list[tuple[ScopeWord, regex.Pattern | None, regex.Pattern | None]]
    parts: list[tuple[regex.Pattern | None, regex.Pattern | None]]
    exclude: list[tuple[ExcludeRule, regex.Pattern | None, regex.Pattern | None, regex.Pattern | None]]


def _timed(p: regex.Pattern, how: str, text: str, pos: int = 0, endpos: int | None = None,
           *, rule: str) -> regex.Match | None:
    """``p.search`` or ``p.match`` with the rules' timeout: a user pattern cannot hang the report."""
    call = rules_mod.search if how == "search" else rules_mod.match
    return call(p, text, rule=rule, pos=pos, endpos=endpos)


def _opt(p: str | None) -> regex.Pattern | None:
    return compile_regex(p) if p else None


def _build(rules: RuleSet) -> Lex:
    files = [f for f in rules.of_kind("claim_scopes") if isinstance(f, ClaimRules)]
    cr = ClaimRules(kind="claim_scopes", id="merged")
    for f in files:
        cr.unit_subjects.update(f.unit_subjects)
        cr.place_forms = f.place_forms or cr.place_forms
        for k in ("growing", "changing", "recurring_events", "place_generic", "place_before", "place_after",
                  "place_total_words", "place_pronouns", "scopes", "parts", "exclude"):
            getattr(cr, k).extend(getattr(f, k))
    return Lex(
        growing=set(cr.growing), changing=set(cr.changing), recurring=set(cr.recurring_events),
        unit_subjects=dict(cr.unit_subjects), place_generic={w.casefold() for w in cr.place_generic},
        place_before=[compile_regex(p) for p in cr.place_before],
        place_after=[compile_regex(p) for p in cr.place_after],
        place_forms=cr.place_forms,
        place_total=words_regex(cr.place_total_words) if cr.place_total_words else None,
        place_pronouns=[compile_regex(p) for p in cr.place_pronouns],
        scopes=[(s, regexcache.compile(r"\s+(?:[\p{L}-]+\s+){0,2}?" + words_regex(s.after).pattern, regex.I)
                 if s.after else None, words_regex(s.clause) if s.clause else None) for s in cr.scopes],
        parts=[(_opt(p.before), _opt(p.after)) for p in cr.parts],
        exclude=[(x, _opt(x.text), _opt(x.before), _opt(x.after)) for x in cr.exclude],
    )


def lexicon(rules: RuleSet) -> Lex:
    return rules.compiled("claims:lex", _build)


# --------------------------------------------------------------------------- mentions -> candidates


@dataclass
class Cand:
    """A figure on its way to a claim."""

    fig: Figure
    subject: str
    scope: tuple[str, ...]
    place: str | None
    part: bool


def clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a mention: to the nearest sentence or clause mark, at most REACH away."""
    lo = max(0, start - REACH)
    marks = [m.end() for m in _CLAUSE_END.finditer(text, lo, start)]
    a = marks[-1] if marks else lo
    m = _CLAUSE_END.search(text, end, min(len(text), end + REACH))
    return a, (m.start() if m else min(len(text), end + REACH))


def excluded(kind: str, mention_text: str, before: str, after: str, lex: Lex) -> str | None:
    """The reason a mention is no claim (an exclusion rule matched), else None."""
    for x, t, b, a in lex.exclude:
        if x.applies != kind:
            continue
        rule = f"claims exclude {x.name!r}"
        if t and not _timed(t, "search", mention_text, rule=rule):
            continue
        if b and not _timed(b, "search", before, rule=rule):
            continue
        if a and not _timed(a, "search", after, rule=rule):
            continue
        return f"{x.reason} ({x.name})"
    return None


def _place_norm(p: str, generic: set[str] | frozenset[str] = frozenset()) -> str:
    """'Indian-administered Kashmir' and 'Kashmir' are one place, and so are 'Eaton Canyon' and
    'the Eaton Fire': the last word that is not a generic one (``place_generic``), folded."""
    words = [w.casefold() for w in p.replace("-", " ").split()]
    while len(words) > 1 and words[-1] in generic:
        words.pop()
    return words[-1] if words else p.casefold()


def places_named(text: str, start: int, end: int, lex: Lex) -> list[str]:
    """Places (normalised) that ``place_before`` patterns name in text[start:end], in order."""
    hits = [(m.start(), _place_norm(m.group(1), lex.place_generic)) for p in lex.place_before
            for m in finditer(p, text, rule="claims place_before", pos=start, endpos=end)]
    return [pl for _, pl in sorted(hits)]


def pronoun_place(text: str, a: int, start: int, lex: Lex) -> str | None:
    """The fire a pronoun subject stands for ("The Palisades Fire has burned 20,000 acres. It was 6%
    contained"): when the figure's clause, before it, opens with a ``place_pronouns`` pattern, the
    one place the clause before names; None when it names none or two (no guess)."""
    if not any(_timed(p, "search", text, a, start, rule="claims place_pronouns") for p in lex.place_pronouns):
        return None
    if a < 2:
        return None
    pa, _ = clause(text, a - 2, a - 2)
    named = set(places_named(text, pa, a, lex))
    return named.pop() if len(named) == 1 else None


def _candidate(f: Figure, text: str, lex: Lex, rules: RuleSet) -> Cand | str:
    """The figure's scope, or why it is left out."""
    before, after = text[max(0, f.start - 60):f.start], text[f.end:f.end + 60]
    why = excluded("figure", f.text, before, after, lex)
    if why:
        return why
    subject = f.subject or (lex.unit_subjects.get(f.unit or "") if f.kind == "measure" else None)
    if subject is None:
        return "what it counts is not said (no subject class)"
    if f.low is None:
        return "no value"
    scope: list[str] = []
    place = None
    for q in f.qualifiers:
        rule = fig_mod.qualifier_rule(q, rules)
        dim = fig_mod.qualifier_dimension(q, rules)
        if rule is not None and rule.one_sided == "different":
            return f"an increment (“{q}”), not a total"
        if dim == "place" and ":" in q:
            place = _place_norm(q.split(":", 1)[1], lex.place_generic)
        else:
            scope.append(f"{dim}:{q}")
    a, b = clause(text, f.start, f.end)
    noun_end = f.subject_span.end if f.subject_span and f.subject_span.start >= f.end else f.end
    for s, after_re, clause_re in lex.scopes:
        if s.subjects and subject not in s.subjects:
            continue
        rule = f"claims scope {s.name!r}"
        if (after_re and _timed(after_re, "match", text, f.end, min(len(text), noun_end + 40), rule=rule)) or \
                (clause_re and _timed(clause_re, "search", text, a, b, rule=rule)):
            if s.becomes:
                subject = s.becomes
            else:
                scope.append(f"{s.dimension}:{s.name}")
    if place is None:  # a place right after the noun ("40% containment for the Creek Fire") first
        whole = regex.search(r"\bof\s+(?:the\s+)?$", text[max(0, f.start - 12):f.start])  # "16 of the 24 deaths"
        for p in [] if whole else lex.place_after:
            m = _timed(p, "search", text, f.end, min(b, noun_end + PLACE_AFTER), rule="claims place_after")
            if m and place is None:
                place = _place_norm(m.group(1), lex.place_generic)
        for p in lex.place_before if place is None else []:
            hits = list(finditer(p, text, rule="claims place_before", pos=a, endpos=f.start))
            if hits:
                place = _place_norm(hits[-1].group(1), lex.place_generic)
        if place is None:
            place = pronoun_place(text, a, f.start, lex)
    if place is not None and regex.match(r"[^,.;]{0,40}?\bin\s+(?:the\s+)?[\p{Lu}][\p{L}'-]+(?:,\s*|\s+and\s+)"
                                         r"(?:the\s+)?\p{Lu}", text[f.end:b]):
        place = "several places"
    near_before, near_after = text[max(0, f.start - 40):f.start], text[f.end:f.end + 40]
    part = any((pb is None or _timed(pb, "search", near_before, rule="claims part"))
               and (pa is None or _timed(pa, "search", near_after, rule="claims part")) for pb, pa in lex.parts)
    return Cand(f, subject, tuple(sorted(set(scope))), place, part)


# --------------------------------------------------------------------------- verdicts


@dataclass
class Rep:
    """One source's value in a verdict: an interval (figures) or a date key (dates)."""

    article_id: str
    low: float
    high: float | None
    published: dt.date | None
    clock: tuple[float, float] | None = None  # the source's value of the story's main rising count
    stated: tuple[int, int] | None = None  # (month, day) the figure's own clause dates it ("on October 31")


@dataclass
class Verdict:
    verdict: str
    reason: str
    severity: Severity | None = None
    odd: list[str] = field(default_factory=list)
    consensus: str | None = None
    odd_mentions: list[str] = field(default_factory=list)  # dates: the mentions that are odd, when not all of a source's


def _meet(reps: list[Rep]) -> bool:
    lo = max(r.low for r in reps)
    return all(r.high is None or r.high >= lo for r in reps)


def _agree(a: Rep, b: Rep) -> bool:
    return not ((a.high is not None and a.high < b.low) or (b.high is not None and b.high < a.low))


def _best_group(reps: list[Rep]) -> list[Rep]:
    """The most sources whose intervals share one point (the consensus)."""
    best: list[Rep] = []
    for point in sorted({r.low for r in reps} | {r.high for r in reps if r.high is not None}):
        group = [r for r in reps if r.low <= point and (r.high is None or r.high >= point)]
        if len(group) > len(best):
            best = group
    return best


def _consensus(reps: list[Rep]) -> tuple[list[Rep], str]:
    """The largest group of sources that agree, and the value they share as a reader writes it."""
    cons = _best_group(reps)
    return cons, _shown(max(r.low for r in cons), min((r.high for r in cons if r.high is not None), default=None))


def before(a: Rep, b: Rep) -> bool:
    """a certainly reports an earlier stage of the story than b: published on an earlier day, or
    (undated, or the same day) giving a lower value of the story's main rising count (its
    ``clock``: a source at 5 deaths wrote before one at 10). Publication days that differ decide."""
    if a.published is not None and b.published is not None and a.published != b.published:
        return a.published < b.published
    return a.clock is not None and b.clock is not None and a.clock[1] < b.clock[0]


def _falls(a: Rep, b: Rep) -> bool:
    """a reports an earlier stage than b and is certainly higher: a count that fell."""
    return before(a, b) and b.high is not None and a.low > b.high


def _shown(lo: float, hi: float | None) -> str:
    f = Figure(id="", article_id="", start=0, end=0, text="", low=lo, high=hi)
    return interval_text(f)


def interval_text(f: Figure) -> str:
    """An interval as a reader writes it ("≥ 26", "9,900–12,100")."""
    def num(x: float) -> str:
        return f"{x:,.0f}" if x >= 100 or x == int(x) else f"{x:,.2f}".rstrip("0").rstrip(".")
    lo = num(f.low or 0.0)
    if f.high is None:
        return f"≥ {lo}"
    return lo if f.low == f.high else f"{lo}–{num(f.high)}"


def _odd_ones(reps: list[Rep], conflict) -> list[str]:
    """Fewest sources whose removal leaves no conflicting pair (greedy: most conflicts first,
    then most disagreements with the others)."""
    left = list(reps)
    odd: list[str] = []
    while True:
        pairs = [(a, b) for a in left for b in left if a is not b and conflict(a, b)]
        if not pairs:
            return odd
        score = defaultdict(int)
        for a, b in pairs:
            score[a.article_id] += 1
            score[b.article_id] += 1
        dis = {r.article_id: sum(not _agree(r, o) for o in left if o is not r) for r in left}
        worst = max(score, key=lambda k: (score[k], dis[k], k))
        odd.append(worst)
        left = [r for r in left if r.article_id != worst]


SAME_DAY_CONSENSUS = 3  # sources of one day that must agree before a lone value that day is an outlier


def _same_day_odd(reps: list[Rep]) -> list[str]:
    """A rising count's values within one publication day may differ (the toll rose that day),
    unless at least SAME_DAY_CONSENSUS sources of that day agree and at most a third disagree:
    then those few are outliers at the same time."""
    odd: list[str] = []
    by_day: dict[dt.date, list[Rep]] = defaultdict(list)
    for r in reps:
        if r.published is not None:
            by_day[r.published].append(r)
    for day_reps in by_day.values():
        best = _best_group(day_reps)
        others = [r for r in day_reps if r not in best]
        if others and len(best) >= SAME_DAY_CONSENSUS and len(others) <= len(day_reps) // 3:
            odd += sorted(r.article_id for r in others)
    return odd


FAR_ABOVE = 1.5  # a lone value this many times the highest of every other source's, with no order known
FAR_STAGES = 3  # distinct values the others must give (stages of the story they cover) for FAR_ABOVE
FAR_SOURCES = 4  # other sources that must give the count: the story told often enough to know its range


def far_above(reps: list[Rep]) -> list[str]:
    """A rising count with no order in time at all (no publication days that differ, no main
    count to place sources by): one source far above the whole range the others cover. At
    least FAR_SOURCES others must give it, in at least FAR_STAGES distinct values (the story's
    stages, 1 → 19 → 45), so that a lone higher value is not simply the next stage of a story
    told only twice, or a loose cluster's unrelated counts (1, 9, 17 and 10,000 deaths)."""
    if any(before(a, b) for a in reps for b in reps if a is not b):
        return []
    top = max(reps, key=lambda r: (r.low, r.article_id))
    others = [r for r in reps if r is not top]
    if len(others) < FAR_SOURCES or len({(r.low, r.high) for r in others}) < FAR_STAGES:
        return []
    ceiling = max(r.high if r.high is not None else r.low for r in others)
    return [top.article_id] if ceiling > 0 and top.low > FAR_ABOVE * ceiling else []


def _order_note(reps: list[Rep], odd: list[str], clock_name: str | None) -> str:
    """How the odd sources were placed in time, for the reason: publication days, or (undated,
    same day) the story's main count they give."""
    oddr = [r for r in reps if r.article_id in odd]
    by_clock = [(a, b) for a in reps for b in reps if a is not b and _falls(a, b)
                and (a in oddr) != (b in oddr)
                and not (a.published and b.published and a.published != b.published)]
    if not by_clock or clock_name is None:
        return ""
    a, b = by_clock[0]
    return (f" (order from the {clock_name} count each source gives: {a.article_id} "
            f"{_shown(*a.clock)}, {b.article_id} {_shown(*b.clock)})")  # type: ignore[misc]


def same_stated_day(reps: list[Rep]) -> Verdict | None:
    """Sources whose figures are dated by their own clause to the same day ("the minister put the
    toll at 12 on March 3") and cannot both hold: the day is stated, not guessed from a
    publication date, so a rising count does not explain it. A warning (a toll may change within
    a day); the consensus of that day, if any, names the odd ones."""
    by_day: dict[tuple[int, int], list[Rep]] = defaultdict(list)
    for r in reps:
        if r.stated is not None:
            by_day[r.stated].append(r)
    for (month, day), group in sorted(by_day.items()):
        if len(group) < 2 or _meet(group):
            continue
        cons, shown = _consensus(group)
        odd = sorted(r.article_id for r in group if r not in cons) if len(cons) >= 2 else sorted(
            r.article_id for r in group)
        when = dt.date(2000, month, day).strftime("%B %-d")
        return Verdict("contradiction", f"{', '.join(sorted(r.article_id for r in group))} date their figures to "
                                        f"the same day ({when}, in the figure's own sentence) and they cannot both "
                                        "hold", Severity.warning, odd, shown if len(cons) >= 2 else None)
    return None


def figure_verdict(reps: list[Rep], *, growing: bool, changing: bool, clock_name: str | None = None) -> Verdict:
    """The verdict of one figure claim from one value per source (see the module docstring).

    ``clock_name``: the subject of the story's main rising count that the reps' ``clock`` holds."""
    if len(reps) < 2 or _meet(reps):
        return Verdict("consistent", "the values agree (their intervals share a point)")
    n = len(reps)
    dated = [r for r in reps if r.published is not None]
    if changing:
        return Verdict("evolving", "a count that changes as a story develops (people found or still missing)")
    if growing:
        same = same_stated_day(reps)
        if same is not None:
            return same
        odd = _odd_ones(reps, _falls)
        same_day = [] if odd else _same_day_odd(reps)
        if same_day:
            cons, shown = _consensus([r for r in reps if r.article_id not in same_day])
            return Verdict("outlier", f"{', '.join(same_day)} disagree{'s' if len(same_day) == 1 else ''} with "
                                      f"at least {SAME_DAY_CONSENSUS} sources of the same publication day; "
                                      f"the others agree on {shown}", Severity.warning, same_day, shown)
        far = [] if odd or same_day else far_above(reps)
        if far:
            cons, shown = _consensus([r for r in reps if r.article_id not in far])
            top = max(r.high if r.high is not None else r.low for r in reps if r.article_id not in far)
            return Verdict("outlier", f"{far[0]} gives a figure far above every other source's at any stage "
                                      f"(more than {FAR_ABOVE:g} times the highest of them, {_shown(top, top)}); "
                                      "nothing places the sources in time, but no stage of the story reaches it",
                           Severity.warning, far, shown)
        if not odd:
            if len({r.published for r in dated}) < 2:
                return Verdict("evolving", "a count that rises as a story develops; the sources' times are "
                                           "unknown or the same day, so no value can be shown to be wrong")
            return Verdict("evolving", "the values rise with publication time")
        cons, shown = _consensus([r for r in reps if r.article_id not in odd])
        return Verdict("outlier", f"{', '.join(odd)} give{'s' if len(odd) == 1 else ''} a figure that later "
                                  f"sources do not confirm{_order_note(reps, odd, clock_name)}: the others agree "
                                  f"on {shown}", Severity.warning, odd, shown)
    cons, shown = _consensus(reps)
    odd = sorted(r.article_id for r in reps if r not in cons)
    if len(cons) >= 2 and len(odd) <= max(1, n // 3):
        return Verdict("outlier", f"{', '.join(odd)} disagree{'s' if len(odd) == 1 else ''} with "
                                  f"{len(cons)} sources that agree on {shown}", Severity.warning, odd, shown)
    days = {r.published for r in reps}
    if len(days) == 1 and None not in days:
        return Verdict("contradiction", "incompatible values published the same day", Severity.error)
    return Verdict("contradiction", "incompatible values; publication days differ or are unknown, "
                                    "so check which is current", Severity.warning)


# --------------------------------------------------------------------------- figure claims


def _value(f: Figure, art: Article, pub: dt.date | None, current: bool) -> ClaimValue:
    return ClaimValue(article_id=f.article_id, mention_id=f.id, span=fig_mod.evidence_span(f, art.text),
                      shown=interval_text(f), low=f.low, high=f.high, published=pub, in_quote=f.in_quote,
                      current=current)


def _rep_of(figs: list[Figure], growing: bool) -> Figure:
    """The one value an article gives for a claim: for a rising count its highest (the others
    are earlier figures it reports: "up from 24"), else its first."""
    return max(figs, key=lambda f: (f.low or 0.0)) if growing else figs[0]


def _claim_id(story: str, kind: str, subject: str, scope: tuple[str, ...], unit: str | None) -> str:
    sc = f"[{', '.join(scope)}]" if scope else ""
    return f"{story}:{kind}:{subject}{sc}{':' + unit if unit else ''}"


def stated_days(figs: list[Figure], ds: list[DateMention], arts: dict[str, Article],
                rules: RuleSet) -> dict[str, tuple[int, int]]:
    """Figure id -> (month, day) of the one written day-precise date in its clause ("put the toll at
    12 on March 3"), the year not needed (one story). Figures with none or two are left out."""
    months = dates_mod.lexicon(rules).months
    by_art: dict[str, list[DateMention]] = defaultdict(list)
    for d in ds:
        if d.kind == "absolute" and d.precision == "day" and not d.anchored:
            by_art[d.article_id].append(d)
    out: dict[str, tuple[int, int]] = {}
    for f in figs:
        art = arts.get(f.article_id)
        if art is None or not by_art.get(f.article_id):
            continue
        a, b = clause(art.text, f.start, f.end)
        keys = {k for d in by_art[f.article_id] if a <= d.start and d.end <= b and (k := month_day(d, months))}
        if len(keys) == 1:
            out[f.id] = keys.pop()
    return out


_MONTH_DAY = regexcache.compile(r"(?:(\p{L}+)\.?\s+(\d{1,2})|(\d{1,2})\s+(\p{L}+))")


def month_day(d: DateMention, months: dict[str, int]) -> tuple[int, int] | None:
    """(month, day) of a day-precise date, resolved or not (a yearless date in an undated article)."""
    if d.value is not None:
        return d.value.month, d.value.day
    m = _MONTH_DAY.search(d.text)
    if not m:
        return None
    name, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    month = months.get(name.lower())
    return (month, int(day)) if month and 1 <= int(day) <= 31 else None


def figure_claims(story_id: str, figs: list[Figure], arts: dict[str, Article],
                  pubs: dict[str, dt.date | None], rules: RuleSet,
                  stated: dict[str, tuple[int, int]] | None = None) -> tuple[list[Claim], list[LeftOut]]:
    """Claims of one story's figures (in report order) and the mentions left out (``stated``:
    ``stated_days`` of the figures)."""
    lex = lexicon(rules)
    left: list[LeftOut] = []
    groups: dict[tuple, list[Cand]] = defaultdict(list)
    for f in figs:
        art = arts.get(f.article_id)
        c = _candidate(f, art.text, lex, rules) if art is not None else "article not in the report"
        if isinstance(c, str):
            left.append(LeftOut(mention_id=f.id, article_id=f.article_id, start=f.start, end=f.end, text=f.text,
                                reason=c))
            continue
        groups[(c.subject, f.kind, f.unit or "", c.scope)].append(c)
    out: list[Claim] = []
    specs: list[tuple[str, tuple[str, ...], str | None, list[Figure]]] = []
    bounds: dict[str, list[tuple[int, int]]] = {}
    for (subject, _kind, unit, scope), cands in groups.items():
        contrasted = contrasted_places(cands)
        if contrasted:
            named = {id(c): context_place(c, cands, arts, bounds, contrasted, lex) for c in cands
                     if c.place is None and not c.part}
            if not unit:  # shares ("8% contained") do not add up to a whole
                contrasted -= whole_places(cands, {i for i, pl in named.items() if pl is None})
            named = {id(c): context_place(c, cands, arts, bounds, contrasted, lex) for c in cands
                     if c.place is None and not c.part} if contrasted else {}
            cands = [Cand(c.fig, c.subject, c.scope, named[id(c)], c.part) if named.get(id(c)) else c
                     for c in cands]
        split: dict[tuple[str, ...], list[Cand]] = defaultdict(list)
        for c in cands:
            key = scope
            if c.place in contrasted:
                key = tuple(sorted(set(scope) | {f"place:{c.place}"}))
            if c.part and not any(s.startswith("place:") for s in key):
                left.append(_left(c.fig, "a share of a larger count (“16 of the 24”, “including …”)"))
                continue
            split[key].append(c)
        for key, cs in split.items():
            specs.append((subject, key, unit or None, [c.fig for c in cs]))
    clock_spec = main_count(specs, lex)
    clocks = clocks_of(clock_spec)  # the main count itself is ordered by publication days only
    for spec in specs:
        subject, key, unit, fs = spec
        out.append(_figure_claim(story_id, subject, key, unit, fs, arts, pubs, lex,
                                 {} if spec is clock_spec else clocks, count_name(clock_spec), stated or {}))
    return out, left


def clocks_of(spec: tuple | None) -> dict[str, tuple[float, float]]:
    """Each source's value of a rising count, as the stage it reports ("at least 5": "5 known")."""
    if spec is None:
        return {}
    return {aid: (f.low or 0.0, f.high if f.high is not None else f.low or 0.0)
            for aid, f in _reps_of(spec[3], True).items()}


def count_name(spec: tuple | None) -> str | None:
    """How a reason names a clock count: its subject, and its place when it has one."""
    if spec is None:
        return None
    places = [x.split(":", 1)[1] for x in spec[1] if x.startswith("place:")]
    return spec[0] + (f" ({places[0]})" if places else "")


def main_count(specs: list[tuple], lex: Lex) -> tuple | None:
    """The story's main rising count (the growing claim, unscoped or of one place, that most
    sources give: a toll):
    its values order undated and same-day sources in time for the story's other counts."""
    cands = [s for s in specs if s[0] in lex.growing and s[2] is None and len(s[1]) <= 1
             and all(x.startswith("place:") for x in s[1]) and len({f.article_id for f in s[3]}) >= 3]
    return max(cands, key=lambda s: (len({f.article_id for f in s[3]}), s[0] == "deaths", not s[1], s[0]),
               default=None)


COPY_WORDS = 6  # words either side of a figure that must be the same for one sentence copied
_WORD = regexcache.compile(r"\p{L}+")


def copy_context(f: Figure, text: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The COPY_WORDS words before and after a figure (numbers skipped), folded: two sources
    with the same context carry one sentence of one text. None where the text is too short."""
    before = [m.group().casefold() for m in _WORD.finditer(text, max(0, f.start - 25 * COPY_WORDS), f.start)]
    after = [m.group().casefold() for m in _WORD.finditer(text, f.end, min(len(text), f.end + 25 * COPY_WORDS))]
    if len(before) < COPY_WORDS or len(after) < COPY_WORDS:
        return None
    return tuple(before[-COPY_WORDS:]), tuple(after[:COPY_WORDS])


def copied_sentence_verdict(figs: list[Figure], arts: dict[str, Article],
                            clocks: dict[str, tuple[float, float]], clock_name: str) -> Verdict | None:
    """Two versions of one text (the same words around the figure) at the same stage of the
    story (the same main count in both) that give incompatible values: one of them was changed.
    A rising count cannot explain it, since the story had not moved on between them."""
    seen: dict[tuple, Figure] = {}
    for f in figs:
        art = arts.get(f.article_id)
        ctx = copy_context(f, art.text) if art is not None else None
        if ctx is None:
            continue
        other = seen.setdefault(ctx, f)
        if other.article_id == f.article_id or clocks.get(f.article_id) is None:
            continue
        same_stage = clocks.get(other.article_id) == clocks[f.article_id]
        apart = (f.high is not None and f.high < (other.low or 0.0)) or (
            other.high is not None and other.high < (f.low or 0.0))
        if same_stage and apart:
            a, b = sorted([other, f], key=lambda x: x.article_id)
            return Verdict("contradiction", f"{a.article_id} and {b.article_id} carry one sentence (the same words "
                                            f"around the figure) and the same {clock_name} count "
                                            f"({_shown(*clocks[a.article_id])}), yet give {interval_text(a)} and "
                                            f"{interval_text(b)}: versions of one text, one of them changed",
                           Severity.warning, [a.article_id, b.article_id], None)
    return None


def _reps_of(figs: list[Figure], growing: bool) -> dict[str, Figure]:
    per: dict[str, list[Figure]] = defaultdict(list)
    for f in figs:
        per[f.article_id].append(f)
    return {aid: _rep_of(fs, growing) for aid, fs in per.items()}


def contrasted_places(cands: list[Cand]) -> set[str]:
    """Places the story counts this quantity in separately: one article gives it in two places
    ("in Jamaica" and "in Haiti"), or gives it in a place below a total it also gives ("694 in
    Tamsar", "at least 1,000" nationwide). Other place words name where the event happened."""
    by_art: dict[str, list[Cand]] = defaultdict(list)
    for c in cands:
        by_art[c.fig.article_id].append(c)
    out: set[str] = set()
    for cs in by_art.values():
        places = {c.place for c in cs if c.place}
        if len(places) >= 2:
            out |= places
        totals = [c.fig.low or 0.0 for c in cs if c.place is None]
        out |= {c.place for c in cs if c.place and c.fig.high is not None and any(c.fig.high < t for t in totals)}
    return out


def whole_places(cands: list[Cand], bare: set[int]) -> set[str]:
    """Places that name the whole of what an article counts, not a part: the article gives the
    same value with no place (``bare``: ids of its figures whose text names none) and the place's
    value covers the sum of its other places' ("ten in Los Angeles" with five in Eaton Canyon and
    two in the Palisades: Los Angeles is where the event is, its figure the story's total)."""
    by_art: dict[str, list[Cand]] = defaultdict(list)
    for c in cands:
        by_art[c.fig.article_id].append(c)
    out: set[str] = set()
    for cs in by_art.values():
        bare_vals = {(c.fig.low, c.fig.high) for c in cs if id(c) in bare}
        top: dict[str, float] = {}
        for c in cs:
            if c.place:
                top[c.place] = max(top.get(c.place, 0.0), c.fig.low or 0.0)
        for c in cs:
            if c.place and (c.fig.low, c.fig.high) in bare_vals and len(top) >= 2 and \
                    (c.fig.low or 0.0) >= sum(v for pl, v in top.items() if pl != c.place):
                out.add(c.place)
    return out


# A place in a list of names ("the Kenneth, Hurst and Lidia fires") is one of several.
_LISTED_AFTER = regexcache.compile(r"(?:\s*,\s*|\s+(?:and|or|&)\s+)(?:the\s+)?\p{Lu}")
_LISTED_BEFORE = regexcache.compile(r"\p{Lu}[\p{L}'-]*(?:\s*,|\s+(?:and|or|&))\s+(?:the\s+)?$")
_PARA_BACK = 2  # sentences before a figure, within its paragraph, that may name its place


def context_place(c: Cand, cands: list[Cand], arts: dict[str, Article], bounds: dict[str, list[tuple[int, int]]],
                  places: set[str], lex: Lex) -> str | None:
    """The place of a figure that names none, in a story counting the quantity in several places
    (``places``): the one of them its sentence names ("Jamaican authorities confirmed that at
    least 19 people have died"; "Haitian", "Jamaica's": ``place_forms``), else the one named by
    the nearest of the two sentences before it in its paragraph that names any. None when a
    sentence names two, or says the figure is a total (``place_total_words``: "combined"), or
    the article gives that place a smaller value of its own: "rescuers dug in Tamsar after the
    quake killed more than 1,000", next to "694 died in Tamsar", is the whole, not Tamsar's."""
    art = arts.get(c.fig.article_id)
    if art is None or not places:
        return None
    text = art.text
    if art.id not in bounds:
        bounds[art.id] = dates_mod.sentence_bounds(text)
    bs = bounds[art.id]
    pat = regexcache.compile(r"(?<!\w)(" + "|".join(regex.escape(p) for p in sorted(places, key=len, reverse=True))
                             + r")" + lex.place_forms + r"(?!\w)", regex.I | regex.V1)
    s, e = dates_mod.sentence_at(bs, c.fig.start)
    if lex.place_total is not None and lex.place_total.search(text, s, e):
        return None
    para = text.rfind("\n", 0, s) + 1
    earlier = [(a, b) for a, b in bs if para <= a and b <= s][-_PARA_BACK:]
    for a, b in [(s, e), *reversed(earlier)]:
        found = [m for m in pat.finditer(text, a, b) if m.group(1)[:1].isupper()]
        if found:
            hits = {m.group(1).casefold() for m in found}
            listed = any(_LISTED_AFTER.match(text, m.end()) or _LISTED_BEFORE.search(text[max(0, m.start() - 40):m.start()])
                         for m in found)
            if len(hits) != 1 or listed:
                return None
            place = hits.pop()
            own = [x.fig.high if x.fig.high is not None else x.fig.low or 0.0 for x in cands
                   if x.fig.article_id == art.id and x.place == place]
            return None if own and (c.fig.low or 0.0) > max(own) else place
    return None


def _left(f: Figure | DateMention, reason: str) -> LeftOut:
    return LeftOut(mention_id=f.id, article_id=f.article_id, start=f.start, end=f.end, text=f.text, reason=reason)


def _figure_claim(story_id: str, subject: str, scope: tuple[str, ...], unit: str | None, figs: list[Figure],
                  arts: dict[str, Article], pubs: dict[str, dt.date | None], lex: Lex,
                  clocks: dict[str, tuple[float, float]], clock_name: str | None,
                  stated: dict[str, tuple[int, int]]) -> Claim:
    growing, changing = subject in lex.growing, subject in lex.changing
    reps = _reps_of(figs, growing or changing)
    v = figure_verdict([Rep(aid, r.low or 0.0, r.high, pubs.get(aid), clocks.get(aid), stated.get(r.id))
                        for aid, r in reps.items()],
                       growing=growing, changing=changing, clock_name=clock_name if clocks else None)
    if v.severity is None and growing and clock_name:
        v = copied_sentence_verdict(figs, arts, clocks, clock_name) or v
    values = [_value(f, arts[f.article_id], pubs.get(f.article_id),
                     (f.low, f.high) == (reps[f.article_id].low, reps[f.article_id].high)) for f in figs]
    for val in values:
        val.odd = val.article_id in v.odd and val.current
    values.sort(key=lambda x: (x.published or dt.date.max, x.article_id, x.span.start))
    return Claim(id=_claim_id(story_id, "figure", subject, scope, unit), story_id=story_id, kind="figure",
                 subject=subject, scope=list(scope), unit=unit, verdict=v.verdict, reason=v.reason,  # type: ignore[arg-type]
                 severity=v.severity, consensus=v.consensus, odd_articles=v.odd, values=values)


# --------------------------------------------------------------------------- date claims


def _date_key(d: DateMention) -> tuple[int, ...]:
    n = {"year": 1, "month": 2, "day": 3}[d.precision]
    return (d.value.year, d.value.month, d.value.day)[:n] if d.value else ()


def dates_agree(a: DateMention, b: DateMention) -> bool:
    """Equal at the coarser of the two precisions ("June 2024" agrees with "June 19, 2024")."""
    ka, kb = _date_key(a), _date_key(b)
    n = min(len(ka), len(kb))
    return ka[:n] == kb[:n]


def _firm(d: DateMention) -> bool:
    """Written out (an explicit day, the year written or from the publication date), not worked
    out from a weekday or a relative word."""
    return d.kind == "absolute" and not d.basis.startswith("year from year of the first")


def _date_shown(d: DateMention) -> str:
    if d.value is None:
        return "?"
    return d.value.strftime({"year": "%Y", "month": "%B %Y"}.get(d.precision, "%A %d %B %Y"))


def date_verdict(per: dict[str, list[DateMention]]) -> Verdict:
    """One event's dates across sources: the date most sources agree with is the consensus.

    A source is odd when none of its dates agrees with the consensus; a source that also gives
    another date of the class ("Lavrov met Choe on Friday", the day before the meeting with Kim)
    is not: names of a sentence cannot tell a second event from the same one dated twice."""
    arts = list(per)
    if len(arts) < 2:
        return Verdict("consistent", "one source")
    every = [d for ds in per.values() for d in ds]
    best = max(every, key=lambda d: (sum(any(dates_agree(d, o) for o in per[a]) for a in arts),
                                     len(_date_key(d))))
    odd = sorted(a for a in arts if not any(dates_agree(best, d) for d in per[a]))
    if not odd:
        twins = odd_twins(per, best)
        if twins:
            d, t = twins[0]
            return Verdict("outlier", f"{d.article_id} dates it {_date_shown(d)} in a sentence naming "
                                      f"{', '.join(sorted(set(d.participants) & set(t.participants)))}, where "
                                      f"{t.article_id} (naming them too) and the other sources give {_date_shown(best)}",
                           Severity.warning, sorted({d.article_id for d, _ in twins}), _date_shown(best),
                           [d.id for d, _ in twins])
        return Verdict("consistent", "every source gives the same date (at the coarser precision)")
    cons = len(arts) - len(odd)
    shown = _date_shown(best)
    if cons >= 2 and len(odd) <= max(1, len(arts) // 3):
        return Verdict("outlier", f"{', '.join(odd)} date{'s' if len(odd) == 1 else ''} it otherwise than "
                                  f"{cons} sources that agree on {shown}", Severity.warning, odd, shown)
    if any(not dates_agree(a, b) for ds in per.values() for a in ds for b in ds):
        return Verdict("consistent", "no consensus, and a source gives this event class several dates: "
                                     "several events (a series of meetings), not one event dated twice")
    firm = all(_firm(d) for a in odd for d in per[a]) and _firm(best)
    if firm:
        return Verdict("contradiction", "two dates written out for the same event", Severity.error)
    return Verdict("contradiction", "two dates for the same event; one was worked out from a weekday or a "
                                    "relative word and the publication date", Severity.warning)


TWIN_NAMES = 2  # names two sentences of different sources must share to be read as one event's


def odd_twins(per: dict[str, list[DateMention]], best: DateMention) -> list[tuple[DateMention, DateMention]]:
    """Mentions that date one event otherwise than its twin: the mention of another source whose
    sentence shares the most names with it (at least TWIN_NAMES). A source that dates the class
    twice ("met Lavrov on July 15", "talks with Choe on July 12") is odd for the mention whose
    twins all give the consensus date while it does not. Returns (odd mention, a twin)."""
    out = []
    for aid, ds in per.items():
        for d in ds:
            if dates_agree(d, best):
                continue
            scored = [(len(set(d.participants) & set(t.participants)), t)
                      for oid, ts in per.items() if oid != aid for t in ts]
            top = max((n for n, _ in scored), default=0)
            twins = [t for n, t in scored if n == top]
            if top >= TWIN_NAMES and all(dates_agree(t, best) for t in twins):
                out.append((d, twins[0]))
    return out


def _related(a: DateMention, b: DateMention) -> bool:
    """Mentions of one event: a name of their sentences in common ("Kim and Lavrov met on
    Saturday" / "Kim Jong Un met Sergey Lavrov on July 12"; "the quake hit Tamsar on Friday" /
    "rescuers in Tamsar"). A mention without names joins the largest group afterwards."""
    pa, pb = set(a.participants), set(b.participants)
    if not pa or not pb:
        return False
    return bool(pa & pb)


def same_event_groups(items: list[DateMention]) -> list[list[DateMention]]:
    """Mentions of one event class split into events: connected by ``_related`` (a story about a
    campaign holds many meetings; each is its own claim). Order kept."""
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if _related(items[i], items[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[DateMention]] = defaultdict(list)
    for i, d in enumerate(items):
        if d.participants:
            groups[find(i)].append(d)
    out = sorted(groups.values(), key=lambda g: items.index(g[0]))
    bare = [d for d in items if not d.participants]
    if not out:
        return [bare] if bare else []
    max(out, key=len).extend(bare)
    return out


def _top_people(items: list[DateMention]) -> list[str]:
    """The two names a group's mentions share most: what tells its claim from the others."""
    count: dict[str, int] = defaultdict(int)
    for d in items:
        for p in set(d.participants):
            count[p] += 1
    return sorted(sorted(count, key=lambda p: (-count[p], p))[:2])


def _date_claim(story_id: str, event: str, scope: tuple[str, ...], items: list[DateMention],
                pubs: dict[str, dt.date | None]) -> Claim:
    per: dict[str, list[DateMention]] = defaultdict(list)
    for d in items:
        per[d.article_id].append(d)
    v = date_verdict(per)
    values = [ClaimValue(article_id=d.article_id, mention_id=d.id,
                         span=Span(article_id=d.article_id, start=d.start, end=d.end, text=d.text),
                         shown=_date_shown(d), date=d.value, precision=d.precision,
                         published=pubs.get(d.article_id),
                         odd=d.id in v.odd_mentions if v.odd_mentions else d.article_id in v.odd) for d in items]
    values.sort(key=lambda x: (x.published or dt.date.max, x.article_id, x.span.start))
    return Claim(id=_claim_id(story_id, "date", event, scope, None), story_id=story_id, kind="date",
                 subject=event, scope=list(scope), verdict=v.verdict, reason=v.reason,  # type: ignore[arg-type]
                 severity=v.severity, consensus=v.consensus, odd_articles=v.odd, values=values)


def date_claims(story_id: str, ds: list[DateMention], arts: dict[str, Article],
                pubs: dict[str, dt.date | None], rules: RuleSet) -> tuple[list[Claim], list[LeftOut]]:
    """One claim per event class of the story; dates that date nothing, or cannot be resolved, left out."""
    lex = lexicon(rules)
    left: list[LeftOut] = []
    by_event: dict[str, list[DateMention]] = defaultdict(list)
    years = [d.value.year for d in ds if d.value and d.precision == "day" and not d.anchored]
    year = max(set(years), key=years.count) if years else None
    for d in ds:
        art = arts.get(d.article_id)
        why = None
        if not d.event:
            why = "dates no event the rules know (rules/en/events.yml)"
        elif d.anchored:
            why = "counted from another date in the text (anchored)"
        elif d.value is None:
            why = f"not resolved ({d.basis or 'no publication date'})"
        elif d.precision not in ("day", "month", "year"):
            why = "precision unknown"
        elif d.event in lex.recurring:
            why = f"“{d.event}” happens many times in one story: its dates are not one event's"
        elif d.precision == "year" and year is not None and d.value.year != year:
            why = f"a year of another event (a record, a baseline), not the story's {year}"
        elif art is not None:
            why = excluded("date", d.text, art.text[max(0, d.start - 40):d.start], art.text[d.end:d.end + 40], lex)
        if why:
            left.append(_left(d, why))
            continue
        by_event[d.event].append(d)
    out = []
    for event, all_items in by_event.items():
        groups = same_event_groups(all_items)
        for items in groups:
            scope = () if len(groups) == 1 else tuple(f"with:{p}" for p in _top_people(items))
            out.append(_date_claim(story_id, event, scope, items, pubs))
    return out, left


# --------------------------------------------------------------------------- the stage


def build_claims(report: Report, rules: RuleSet,
                 published: dict[str, dt.date | None]) -> tuple[list[Claim], list[LeftOut]]:
    """Every claim of every story of the report, and every figure or date mention left out.

    ``published``: each article's publication date (``dates.publication_date``, or the digest's)."""
    arts = {a.id: a for a in report.articles}
    figs_of: dict[str, list[Figure]] = defaultdict(list)
    for f in report.figures:
        figs_of[f.article_id].append(f)
    dates_of: dict[str, list[DateMention]] = defaultdict(list)
    for d in report.dates:
        dates_of[d.article_id].append(d)
    claims: list[Claim] = []
    left: list[LeftOut] = []
    for story in report.stories:
        figs = [f for aid in story.article_ids for f in figs_of.get(aid, [])]
        ds = [d for aid in story.article_ids for d in dates_of.get(aid, [])]
        for c, lo in (figure_claims(story.id, figs, arts, published, rules, stated_days(figs, ds, arts, rules)),
                      date_claims(story.id, ds, arts, published, rules)):
            claims.extend(c)
            left.extend(lo)
    return claims, left


def disputed(claims: list[Claim], kind: str) -> list[Claim]:
    """Claims a finding reports: outliers and contradictions of one kind."""
    return [c for c in claims if c.kind == kind and c.verdict in ("outlier", "contradiction")]


__all__ = ["ClaimRules", "build_claims", "date_verdict", "disputed", "figure_verdict", "interval_text", "month_day"]
