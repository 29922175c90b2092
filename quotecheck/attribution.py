"""Speakers, cues, channels, entities: who said each quote.

Patterns are data (``rules/en/attribution.yml``) written with macros that
other rule files fill in (cue verbs, titles, descriptions), so a user adds a
verb or a title without touching a regex. Each quote is tried against the
text right after it, right before it, then the writer's sentence around it;
the first pattern that fires gives the mention, the cue and the channel.
The mention is then reduced to a name inside the article (title and
apposition dropped, a pronoun or a description resolved to the most recent
matching named entity). A quote with no cue of its own takes the speaker of
the quote it continues, or of a sentence just before it that has a cue;
otherwise it stays unattributed: a wrong speaker costs more than none.

Every regex runs on a bounded window (a sentence, at most a few hundred
characters) with the rule-engine timeout, so time grows linearly with the
number of quotes whatever their content.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, model_validator
from rapidfuzz import fuzz, process

from quotecheck import regexcache
from quotecheck import rules as R
from quotecheck.entities import (
    CAP_WORD,
    VERB_THEN_TITLE,
    Genders,
    Lexicon,
    SpeechCues,
    alias,
    cue_forms,
    gender_of,
    genders,
    lexicon,
    name_type,
    norm_name,
    strip_title,
)
from quotecheck.models import Article, Entity, Quote, Segmentation, Span
from quotecheck.quotes import paragraphs
from quotecheck.rules import RuleFile, RuleSet, rule_kind

_WORDS = regexcache.compile(r"[\p{L}-]+")
#: description heads that name a group of people only with their determiner (round 7)
_GROUP_WORDS = frozenset(["two", "three", "pair", "duo", "trio"])
_DETS = regexcache.compile(r"^(?:(?i:the|a|an|other|some|several|many|both|two|three)\s+)+")
_ANYWORD = regexcache.compile(r"\w")
_TO_STOP = regexcache.compile(r"[^.!?\n]*")
_DQUOTE = regexcache.compile(r"[\"“”]")
_ACCORDING = regexcache.compile(r"\s*(?i:according to)\s+")
_PREV_WORD = regexcache.compile(r"(\w+)[^\w]*$")
_NONSPACE = regexcache.compile(r"\S")


def _blank(text: str, a: int, b: int) -> bool:
    """Only whitespace in text[a:b], found without slicing (paragraphs may be megabytes long)."""
    return _NONSPACE.search(text, a, max(a, b)) is None
_TURN = regexcache.compile(r"([A-Z][A-Z'’-]{2,}(?: [A-Z][A-Z'’-]{2,}){0,2}):\s")  # "PENCE: " in a transcript
WINDOW = 320  # characters of context each side of a quote that patterns may see
MACROS = ("NAME", "SPEAKER", "CHANNEL", "ADDRESSEE", "CUE", "PARTICIPLE", "DESCRIBE", "ADV", "APPOS")

# --------------------------------------------------------------------------- rule kind


class Pattern(BaseModel):
    """One attribution pattern (see the header of ``attribution.yml``)."""

    model_config = ConfigDict(extra="forbid")
    id: str
    where: Literal["after", "before", "sentence", "participle", "tail"]
    pattern: str
    confidence: float = 0.8
    quote_starts_with_cue: bool = False
    known: bool = False  # the speaker must be a person the article names elsewhere (no cue verb)
    # a cheap regex (no macros) that must match the last 140 characters before the quote
    # before the full pattern runs; a `before` pattern searched at every position is slow
    requires: str | None = None
    # a `before` pattern that is slow to search (it tries its speaker at every position of the
    # window): first ask the engine, searching backwards from the quote, whether it matches at
    # all; only then search forwards for the leftmost match. Same result, less time.
    reverse_check: bool = False
    # what a hit of this pattern is evidence of (``Quote.speaker_evidence``): a cue verb with
    # its subject, or a channel ("according to X" names a source, not a voice)
    evidence: Literal["cue", "channel"] = "cue"

    @model_validator(mode="after")
    def _compiles(self) -> Pattern:
        # compile with stand-in macros so a typo fails when the file loads
        v = self.pattern
        probe = v
        for mac in regex.findall(r"\{([A-Z]+)\}", v):
            if mac not in MACROS:
                raise ValueError(f"pattern {self.id!r}: unknown macro {{{mac}}} "
                                 f"(known: {', '.join(MACROS)})")
            group = {"SPEAKER": "(?P<speaker>x)", "NAME": "(?P<speaker>x)", "CHANNEL": "(?P<channel>x)",
                     "ADDRESSEE": "(?P<addressee>x)", "CUE": "(?P<cue>x)"}.get(mac, "x")
            probe = probe.replace("{" + mac + "}", group)
        R.compile_regex(probe, where=f"pattern {self.id!r}")
        if self.requires is not None:
            R.compile_regex(self.requires, where=f"pattern {self.id!r} (requires)")
        if self.reverse_check and self.where != "before":
            raise ValueError(f"pattern {self.id!r}: reverse_check is for `where: before` patterns")
        if self.where != "participle" and "(?P<speaker>" not in probe:
            raise ValueError(f"pattern {self.id!r} needs {{SPEAKER}} (or a group named 'speaker')")
        return self


@rule_kind("attribution_patterns")
class AttributionPatterns(RuleFile):
    """``attribution.yml``: ordered patterns."""

    patterns: list[Pattern] = []
    # text right before a quote that says nobody we can name speaks it (anchor with `$`):
    # "X was asked, “…?”" is a reporter's question; checked before any pattern
    unattributed_before: list[str] = []

    @model_validator(mode="after")
    def _unattributed_compiles(self) -> AttributionPatterns:
        for u in self.unattributed_before:
            R.compile_regex(u, where="unattributed_before")
        return self


# --------------------------------------------------------------------------- compiled


@dataclass
class _Compiled:
    lex: Lexicon
    patterns: list[tuple[Pattern, regex.Pattern]]
    requires: dict[str, regex.Pattern]  # pattern id -> its prefilter
    reverse: dict[str, regex.Pattern]  # pattern id -> the same pattern searching backwards
    cue_start: regex.Pattern  # a cue verb at the start of a quote
    any_cue: regex.Pattern
    subject: regex.Pattern  # a speaker at the start of a sentence
    subject_only: regex.Pattern  # just the subject at the start of a sentence
    tail_cue: regex.Pattern  # "…, Lee said." ending a sentence
    signature: regex.Pattern  # "― Ann Lee" closing a paragraph
    self_cue: regex.Pattern  # "I laughed and said": the writer's own cue
    lead_pronoun: regex.Pattern  # "He …" / "In May, she …" starting a sentence
    headline: regex.Pattern  # "Kim Jong Un pledges to 'unconditionally' support"
    mention_re: regex.Pattern  # names with an optional title, for the entity index
    mention_lower: re.Pattern[str] | None  # where a mention_re match may start without a capital
    title_head_len: int  # longest run of letters a title starts with
    appos_re: regex.Pattern  # ", a police officer," after a name
    acronym_re: regex.Pattern  # "Korean Central News Agency (KCNA)"
    media_forms: set[str] = field(default_factory=set)
    evidence: dict[str, str] = field(default_factory=dict)  # pattern id -> Pattern.evidence
    bare_titles: frozenset[str] = frozenset()  # "minister": a title alone never names anyone
    unattributed: regex.Pattern = regexcache.compile(r"(?!)")  # AttributionPatterns.unattributed_before
    name_cache: dict[tuple[str, str], tuple[str, str, str, str, frozenset[str]] | None] = field(
        default_factory=dict)  # see _name_info


def _trie_safe(forms: list[str]) -> bool:
    r"""Whether the trie of ``forms`` (``rules.alternation``) tries, at any position and in
    any case mode, the same end positions in the same order as their flat longest-first
    alternation, so that every pattern holding it has the same matches and groups.

    Why it holds: a form is stripped ASCII text whose only whitespace is single spaces (each
    becomes ``\s+``, which must eat the whole run: a letter follows). Two forms that match at
    one place agree up to where one ends (at their first difference they would need two
    different letters there), unless that difference is only of case; with those excluded,
    the forms matching at a place form a chain of prefixes, which the flat list tries longest
    first and the trie deepest first: the same order. Anything else keeps the flat list."""
    for f in forms:
        if not f or f != f.strip() or "  " in f or not f.isascii() or "\\" in f \
                or any(ch.isspace() and ch != " " for ch in f):
            return False
    low: dict[str, str] = {}
    for f in set(forms):  # two prefixes equal but for case: the trie would split them apart
        for k in range(1, len(f) + 1):
            if low.setdefault(f[:k].lower(), f[:k]) != f[:k]:
                return False
    return True


def _cue_alternation(forms: list[str]) -> str:
    """The cue verbs as one alternation: a trie (``rules.alternation``) when it provably
    matches what the flat longest-first list matches (``_trie_safe``), else that list. The
    flat list of ~450 forms was tried form by form after every speaker candidate: a third of
    ``after-cue-described-name`` and a fifth of ``after-name-cue``."""
    if not forms:
        return "(?!x)x"
    if _trie_safe(forms):
        return R.alternation(forms, space=r"\s+")
    return "|".join(regex.escape(x).replace(r"\ ", r"\s+") for x in R.longest_first(forms))


#: A wire dateline opening the first sentence (round 7): "NORLAND (AP) — ", "NEW YORK, Dec. 3 — ",
#: "Norland, Dec 3 (Reuters) - ". Read as the sentence's subject it named the city ("NORLAND")
#: or the month ("Dec") as the sayer of a participle's quote. Capitals only, or a capitalised
#: place with an agency in brackets; never a colon ("LEE: …" is a transcript turn).
_DATELINE = (r"(?:[A-Z][A-Z.'’-]+(?:[^\S\n]+[A-Z][A-Z.'’-]+){0,3}(?:,[^\S\n]+[A-Z][\w.]*(?:[^\S\n]+\d{1,2})?)?"
             r"(?:[^\S\n]*\([^()\n]{1,30}\))?"
             r"|[A-Z][\p{L}.'’-]*(?:[^\S\n]+[A-Z][\p{L}.'’-]*){0,3}(?:,[^\S\n]+[A-Z][\w.]*(?:[^\S\n]+\d{1,2})?)?"
             r"[^\S\n]*\([A-Z][^()\n]{1,30}\))[^\S\n]*(?:—|–|--|-)[^\S\n]+")


#: Words that may stand between a speaker and the cue verb ("Lee also said", "has since said",
#: "X, …, later told"); round 7 added since … dismissively ("initially" is left out: it made
#: "County Fire Department officials initially said" a two-word description of the officials)
_ADVERBS = """also later then previously earlier again further once repeatedly often recently frequently
simply just flatly bluntly publicly privately separately had has have would will reportedly angrily
quickly still only even not never told wrote said added since now already first originally eventually
finally subsequently immediately actually currently famously quietly pointedly openly explicitly
directly tersely curtly firmly sharply emphatically incorrectly falsely wrongly correctly proudly
defiantly confidently jokingly sarcastically bitterly passionately forcefully loudly softly casually
succinctly memorably ominously dismissively"""


def _macros(rules: RuleSet, lex: Lexicon) -> dict[str, str]:
    forms: list[str] = []
    describe: list[str] = []
    for f in rules.of_kind("speech_cues"):
        assert isinstance(f, SpeechCues)
        for v in f.verbs:
            forms += cue_forms(v)
        for v in f.describe_verbs:
            describe += cue_forms(v)
    alts = _cue_alternation(forms)
    parts = "|".join(regex.escape(x) for x in R.longest_first(
        f for f in forms if f.endswith("ing"))) or "(?!x)x"
    desc = "|".join(regex.escape(x) for x in R.longest_first(describe)) or "(?!x)x"
    who = rf"{lex.desc_re}|{lex.titled_re}|{lex.pron_re}"
    # round 7: the adverbs as one trie (the list grew by half; none is a prefix of another, so
    # the trie matches what the flat list matched)
    adv = rf"(?:(?i:{R.alternation(_ADVERBS.split())})\s+){{0,2}}"
    return {
        "NAME": rf"(?P<speaker>{lex.titled_re})",
        "SPEAKER": rf"(?P<speaker>{who})",
        "CHANNEL": rf"(?P<channel>{who})",
        "ADDRESSEE": rf"(?P<addressee>{lex.titled_re}|{lex.desc_re}|(?i:him|her|them|us|me|reporters|journalists|lawmakers))",
        # lower case on purpose: "Post" and "Times" are newspapers, not cues
        "CUE": rf"(?<!\w)(?P<cue>(?:has\s+|have\s+|had\s+)?(?:{alts}))(?!\w)",
        "PARTICIPLE": rf"(?i:{parts})",
        "DESCRIBE": rf"(?i:{desc})",
        "ADV": adv,
        # ", a police officer,", " (D-Mo.)", ", R-Ky.,", " of the Sierra Club"; consecutive
        # comma groups share their commas (", the attorney general, one of the plaintiffs,");
        # round 7: ", and uttering charges that X, for one," is a coordination, no apposition
        "APPOS": (r"(?:[^\S\n]+(?:of|from|at|with)\s+(?:the\s+)?[A-Z][\p{L}.&'’-]{0,30}"
                  r"(?:[^\S\n]+[A-Z][\p{L}.&'’-]{0,30}){0,4})?"
                  r"(?:[^\S\n]*\([^()\n]{1,40}\))?(?:(?:,\s+(?:(?i:a|an|the|who|which|whose|one|now|then|"
                  r"formerly|herself|himself|\d+)\b|(?!(?:and|or|but)\s)[a-z]|[DRI]-[A-Z][\p{L}.]{0,15}(?=,))[^,\"“”()]{0,160}?){1,2},)?"
                  # ", the chief executive of Ora Media -- the company that owns …, which … --"
                  r"(?:(?:,\s+(?i:a|an|the)\s[^,\"“”()\n]{1,80}?)?[^\S\n]+(?:--|—|–)[^\S\n]+"
                  r"[^\"“”\n—–]{1,200}?[^\S\n]+(?:--|—|–)(?=[^\S\n]+[a-z]))?"),
        "_CUEALT": alts,
    }


#: What may make a pattern's matches depend on the direction it is matched in: atomic groups
#: and possessive quantifiers (no backtracking into what they took, which differs from the
#: two ends), back references and conditionals (a group read before it is set), ``\G``,
#: ``\K``, recursion, fuzzy matching and inline flags (``(?r)``, ``(?V0)``...).
_DIRECTIONAL = regexcache.compile(r"\(\?>|\(\?P>|[*+?}]\+|\\[1-9gGKk]|\(\?P=|\(\?\(|\(\?[R&\d+-]|\{[^}]*[eisd]\s*[<=]|\(\?[a-zA-Z]*\)")


def _reversible(src: str) -> bool:
    """Whether ``src`` matches somewhere in a window exactly when its ``regex.REVERSE`` twin
    does: true of any pattern built from characters, classes, alternation, greedy or lazy
    quantifiers, groups and position tests (``^ $ \\b``, lookarounds), since then a match is
    just a stretch of text in the pattern's language and the direction only changes which
    one is found first. Conservative: a construct listed in ``_DIRECTIONAL`` anywhere (even
    escaped or inside a class) says no."""
    return _DIRECTIONAL.search(src) is None


def _existence_check(src: str) -> regex.Pattern:
    """A ``requires`` prefilter, only asked whether it matches in the 140 characters before a
    quote: searched backwards (``regex.REVERSE``) from the quote, where a pattern anchored
    there with ``$`` fails at once, instead of forwards from every position (the word-list
    ones, ``comments?|statements?|…``, 24 → 2 µs a window). Same answer (``_reversible``),
    else the forward pattern. (``unattributed_before`` stays forwards: its optional
    ``[^…]{0,40}`` before ``$`` made the backward search slower, 6 → 14 µs.)"""
    return R.compile_regex(src, regex.REVERSE if _reversible(src) else 0)


def _build(rules: RuleSet) -> _Compiled:
    lex = lexicon(rules)
    mac = _macros(rules, lex)
    pats: list[tuple[Pattern, regex.Pattern]] = []
    unattributed: list[str] = []
    for f in rules.of_kind("attribution_patterns"):
        assert isinstance(f, AttributionPatterns)
        unattributed += f.unattributed_before
        for p in f.patterns:
            src = p.pattern
            for k in MACROS:
                src = src.replace("{" + k + "}", mac[k])
            try:
                pats.append((p, R.compile_regex(rf"\G(?:{src})" if p.where == "after" else src)))
            except ValueError as exc:
                raise R.RuleError(f"{f.source}: rule {p.id!r}: {exc}") from exc
    low = _lower_starts_re(lex)
    return _Compiled(
        lex=lex, patterns=pats,
        requires={p.id: _existence_check(p.requires) for p, _ in pats if p.requires},
        reverse={p.id: R.compile_regex(rx.pattern, regex.REVERSE) for p, rx in pats if p.reverse_check},
        cue_start=regexcache.compile(rf"\s*(?P<cue>{mac['_CUEALT']})(?!\w)"),
        any_cue=regexcache.compile(rf"(?<!\w)(?:{mac['_CUEALT']})(?!\w)"),
        subject=regexcache.compile(
            # round 7: a conjunction may open the sentence ("But Bo Cho said the plan was fine. “…”")
            rf"(?:(?:But|And|Yet|So|Still)[^\S\n]+)?(?:(?i:according\s+to)\s+(?P<channel>{lex.titled_re}|{lex.desc_re})(?:\s*\([^()]{{1,40}}\))?\s*,\s*"
            rf"|(?:[A-Z][^,.!?\"“”]{{0,80}},\s*))?"
            rf"(?P<speaker>{lex.desc_re}|{lex.titled_re}|{lex.pron_re}){mac['APPOS']}?,?\s+{mac['ADV']}"
            rf"(?P<cue>{mac['_CUEALT']})(?!\w)", regex.VERSION1),
        # round 6: the comma may sit inside the closing marks of a quote the quote stage could
        # not pair ("… be 'above the president,' " said X, an activist. “…”)
        tail_cue=regexcache.compile(
            rf",(?:[^\S\n]*['’\"”]){{0,3}}\s+(?:(?P<speaker>{lex.desc_re}|{lex.titled_re}|{lex.pron_re}){mac['APPOS']}?\s+{mac['ADV']}"
            rf"(?P<cue>{mac['_CUEALT']})|(?P<cue>(?i:said|says|added|wrote|told))\s+"
            # round 6: "…, said X, an activist and former political prisoner." (an apposition
            # closing the sentence has no comma after it, which {APPOS} wants; one with a comma
            # may hold another clause: "…, said X, an aide, but Y disagreed.")
            rf"(?P<speaker>{lex.titled_re})(?:,\s+(?:(?i:a|an|the)\s|[a-z])[^,.!?\"“”\n]{{0,160}}(?=[.!?]\s*$)|{mac['APPOS']}?))(?!\w)"
            rf"(?:[^\S\n]+(?i:on|in|at|during|after|last|this|to|earlier|later|yesterday|today)\b[^.!?\"“”\n]{{0,50}})?"
            rf"[.!?]\s*$", regex.VERSION1),
        self_cue=regexcache.compile(rf"(?<![\w-])(?:I|[Ww]e)\s+(?:[a-z]+\s+){{0,3}}?{mac['ADV']}(?:{mac['_CUEALT']})(?!\w)",
                               regex.VERSION1),
        signature=regexcache.compile(rf"[―—–][^\S\n]*(?P<speaker>{lex.titled_re})[.,]?[^\S\n]*$", regex.VERSION1),
        lead_pronoun=regexcache.compile(
            # round 7: an abbreviation's dot may sit in the opening phrase ("… a U.S. citizen in 2013, she …")
            r"\G(?:[A-Z](?:[^.!?\n]|(?<=\b[A-Z])\.){0,80}?,[\"”’]?\s+)??(?P<speaker>(?i:he|she))\s+[a-z]", regex.VERSION1),
        subject_only=regexcache.compile(
            rf"\G(?>(?:{_DATELINE})?)(?:(?:But|And|Yet|So|Still)[^\S\n]+)?(?:(?i:according\s+to)\s+(?P<channel>{lex.titled_re}|{lex.desc_re})(?:\s*\([^()]{{1,40}}\))?\s*,\s*"
            # one or two opening clauses: "In June 2009, after Lee fell ill, Cho emailed her"
            # round 7: the first may be 120 characters ("In response to X's proposal to bar … the
            # United States, Y's right-hand woman rallied supporters, saying: “…”")
            rf"|(?:[A-Z][^,.!?\"“”]{{0,120}},\s*(?:[a-z][^,.!?\"“”]{{0,80}},\s*)?))??"
            rf"(?P<speaker>{lex.desc_re}|{lex.titled_re}|{lex.pron_re})\s",
            regex.VERSION1),
        headline=regexcache.compile(rf"(?P<speaker>{lex.titled_re})\s+(?P<cue>[a-z]+s)\b", regex.VERSION1),
        mention_re=regexcache.compile(
            rf"(?<![\w'’-])(?:(?P<title>(?:(?<![\w-])(?:{CAP_WORD}|[a-z]{{1,20}}-[a-z]{{1,20}})\s+){{0,4}}"
            rf"(?<![\w-])(?i:{lex.title_re.pattern[7:-6]}))\s+)?(?P<name>{lex.name_re})", regex.VERSION1),
        mention_lower=low[0], title_head_len=low[1],
        appos_re=regexcache.compile(r"\G,\s+(?:a|an|the)\s+([^,\"“”()]{1,80}?)(?=[,.])"),
        # "(KCNA)" after a name is its acronym; "(R-IN)", "(D-S.C.)" are party tags, not names
        acronym_re=regexcache.compile(r"\G\s*\((?![DRI]-)([A-Z][A-Z.&-]{1,9})\)"),
        media_forms=set(lex.media),
        evidence={p.id: p.evidence for p, _ in pats},
        bare_titles=frozenset(t.strip().lower() for t in lex.titles),
        unattributed=R.compile_regex("|".join(f"(?:{u})" for u in unattributed) or r"(?!)"),
    )


# Letters outside ASCII that case-blind matching pairs with ASCII letters (long s ~ "s", the
# Kelvin sign ~ "k", the "fi" ligature ~ "fi"): the only way a title written in ASCII can match
# text that is not ASCII. tests/test_attribution_speed.py rebuilds this list from Unicode.
FOLDS_TO_ASCII = ("\u00df\u0130\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a"
                  "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06")
_FOLD_SPECIAL = re.compile(f"[{FOLDS_TO_ASCII}]")
_CAP_START = regexcache.compile(r"(?<![\w'’-])[A-Z]", regex.VERSION1)  # mention_re's own look-behind


def _lower_starts_re(lex: Lexicon) -> tuple[re.Pattern[str] | None, int]:
    """Every place where a ``mention_re`` match can start with something other than a capital:
    a hyphenated lower-case modifier ("vice-presidential") or a title in any case, known by
    its first run of letters and digits, matched case-blind on ASCII, and not followed by
    another ASCII letter or digit: a title goes on from its first run with a space, a dot, a
    hyphen or a letter outside ASCII (or ends, and mention_re wants a space), so "co" (of
    "co-founder") does not stop at every "coast", nor "rep" at every "report"; a title whose
    run is followed by a letter in FOLDS_TO_ASCII (which may match ASCII ones) keeps the bare
    run. Its word-start test is looser than ``mention_re``'s, so it never misses one;
    ``_mentions`` then matches the real pattern there. None (index with the plain scan) when
    a title does not start with ASCII letters, since then this shortcut would not be exact.
    Also the longest first run."""
    heads: set[str] = set()
    open_heads: set[str] = set()  # runs followed by a letter that may match ASCII ones
    for t in lex.titles:
        t = t.strip()
        if not t:
            continue
        head = ""
        for ch in t:
            if not (ch.isascii() and ch.isalnum()):
                break
            head += ch
        if not head or not head[0].isalpha():
            return None, 0
        nxt = t[len(head):len(head) + 1]
        (open_heads if nxt and nxt in FOLDS_TO_ASCII else heads).add(head.lower())

    def letters(h: str) -> str:  # the first letter stays lower case: capitals are found apart
        return h[0] + "".join(f"[{ch}{ch.upper()}]" if ch.isalpha() else ch for ch in h[1:])

    def alt(hs: set[str]) -> str:
        return "|".join(letters(h) for h in sorted(hs, key=lambda h: (-len(h), h)))

    alts = "|".join(x for x in (rf"(?:{alt(heads)})(?![A-Za-z0-9])" if heads else "", alt(open_heads)) if x)
    return re.compile(rf"(?<![A-Za-z0-9_'’\-])(?:[a-z]{{1,20}}-[a-z]{'|' + alts if alts else ''})"), max(
        map(len, heads | open_heads), default=1)


def _mentions(c: _Compiled, text: str, a: int, b: int) -> list[regex.Match]:
    """What ``c.mention_re.finditer(text, a, b)`` yields, found faster: the pattern is matched
    only where a match can start (a capital at a word start, a ``mention_lower`` place, or
    near a letter in FOLDS_TO_ASCII), left to right, skipping what a match covers, as the
    scan does. The scan tried the whole pattern at every character: a third of attribution."""
    if c.mention_lower is None:
        return list(R.finditer(c.mention_re, text, rule="entity-index", pos=a, endpos=b))
    starts = {m.start() for m in _CAP_START.finditer(text, a, b)}
    starts.update(m.start() for m in c.mention_lower.finditer(text, a, b))
    for m in _FOLD_SPECIAL.finditer(text, a, b):  # a title's first letters may be folded into it
        starts.update(range(max(a, m.start() - c.title_head_len + 1), m.start() + 1))
    out: list[regex.Match] = []
    cursor = a
    try:
        for st in sorted(starts):
            if st < cursor:
                continue
            mt = R.timed(c.mention_re.match, text, st, b)
            if mt is not None:
                out.append(mt)
                cursor = max(mt.end(), st + 1)
    except TimeoutError as exc:
        raise R.RuleTimeout(f"rule 'entity-index' timed out after {R.REGEX_TIMEOUT:g}s") from exc
    return out


def compiled(rules: RuleSet) -> _Compiled:
    return rules.compiled("attribution.patterns", _build)


# --------------------------------------------------------------------------- sentences

_ABBREV = {"mr", "mrs", "ms", "dr", "st", "sen", "gov", "rep", "gen", "lt", "col", "capt", "jr",
           "sr", "prof", "rev", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov",
           "dec", "no", "vs", "u.s", "u.k", "u.n", "e.g", "i.e", "inc", "corp", "co", "ltd", "mt",
           "ft", "ave", "gens", "sens", "reps", "n", "s"}
_BOUNDARY = regexcache.compile(r"[.!?]['\"”’»)]*\s+(?=['\"“‘«(]*[A-Z0-9])")
_LAST_WORD = regexcache.compile(r"[\w.]{0,12}$")


def sentence_starts(text: str, paras: list[tuple[int, int]]) -> list[int]:
    """Sorted sentence start offsets (paragraph starts included). No look-behind
    over the text: the word before a full stop is read from a 12-character slice."""
    out: list[int] = []
    for ps, pe in paras:
        out.append(ps)
        for mt in _BOUNDARY.finditer(text, ps, pe):
            w = _LAST_WORD.search(text[max(ps, mt.start() - 12):mt.start()]).group()
            w = w.lower().rstrip(".")
            if w in _ABBREV or (len(w) == 1 and w.isalpha()):
                continue
            out.append(mt.end())
    return out


def _chunks(text: str, size: int = 20000) -> list[tuple[int, int]]:
    """Cut a long text at whitespace so every timed regex call sees a bounded piece."""
    out: list[tuple[int, int]] = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + size)
        if end < len(text):
            cut = text.rfind(" ", pos + size // 2, end)
            end = cut + 1 if cut > 0 else end
        out.append((pos, end))
        pos = end
    return out


def _bisect_le(xs: list[int], v: int) -> int:
    """Index of the last item <= v (-1: none); the C bisect runs the same search."""
    return bisect_right(xs, v) - 1


# --------------------------------------------------------------------------- article entities


@dataclass
class _Mention:
    start: int
    end: int
    name: str  # title stripped, alias applied
    type: str
    heads: set[str]  # lower-case words that describe it (title, apposition, own name)
    subject: bool = False  # first named entity of its sentence
    quoted: bool = False  # inside a quote: a name the speaker used, not one the writer introduced


@dataclass
class _Ctx:
    text: str
    article_id: str
    paras: list[tuple[int, int]]
    sents: list[int]
    mentions: list[_Mention]
    c: _Compiled
    full_names: dict[str, str] = field(default_factory=dict)  # surname/token -> full name
    rules: RuleSet | None = None
    surnames: dict[str, str] = field(default_factory=dict)  # "Clinton" -> the one full name it stands for
    last_names: Counter[str] | None = None  # last word of every mention's name -> count
    spoken: list[tuple[int, str, str, frozenset[str]]] = field(default_factory=list)
    # (position, name, type, describing words) of every speaker found so far
    pstarts: list[int] = field(default_factory=list)
    mention_ends: list[int] = field(default_factory=list)
    genders: dict[str, str] | None = None  # canonical name -> "f" | "m" | "" (built on first use)
    # full name -> "f" | "m" learnt from a quote of this article given to it through "he"/"she"
    # ("Florent Groberg …” he said."): his later "he said" passes over a woman named in between
    said_as: dict[str, str] = field(default_factory=dict)
    # the sayer of a "Name cue …" read as a new sentence right after the current quote
    next_sayer: tuple[int, int] | None = None

    def gender(self, name: str, heads: frozenset[str] | set[str] = frozenset()) -> str:
        """What the article says about a person's gender ("Mrs. Lee", "spokeswoman Lee"), else
        the first name; "" when unknown or contradictory."""
        if self.genders is None:
            g = genders(self.rules)
            seen: dict[str, set[str]] = {}
            for men in self.mentions:
                if men.type == "person":
                    seen.setdefault(men.name, set()).add(gender_of(men.name, men.heads, g))
            self.genders = {n: next(iter(v - {""})) if len(v - {""}) == 1 else "" for n, v in seen.items()}
        return self.genders.get(name) or gender_of(name, heads, genders(self.rules)) or \
            self.said_as.get(self.surnames.get(name, name), "")

    def para_of(self, pos: int) -> tuple[int, int]:
        if len(self.pstarts) != len(self.paras):
            self.pstarts = [s for s, _ in self.paras]
        i = max(_bisect_le(self.pstarts, pos), 0)
        return self.paras[i] if self.paras else (0, len(self.text))

    def before(self, pos: int, limit: int = 300) -> list[_Mention]:
        """Mentions ending at or before pos, nearest first (bounded: no quadratic scans)."""
        if len(self.mention_ends) != len(self.mentions):
            self.mention_ends = [m.end for m in self.mentions]
        i = _bisect_le(self.mention_ends, pos)
        return self.mentions[max(0, i - limit + 1):i + 1][::-1]

    def spoken_before(self, pos: int, limit: int = 50) -> list[tuple[int, str, str, frozenset[str]]]:
        out = []
        for item in reversed(self.spoken):
            if item[0] <= pos:
                out.append(item)
                if len(out) >= limit:
                    break
        return out

    def sent_start(self, pos: int) -> int:
        i = _bisect_le(self.sents, pos)
        return self.sents[i] if i >= 0 else 0

    def sent_end(self, pos: int) -> int:
        i = _bisect_le(self.sents, pos) + 1
        pe = self.para_of(pos)[1]
        return min(self.sents[i], pe) if i < len(self.sents) else pe


def _index_mentions(text: str, ranges: list[tuple[int, int]], sents: list[int], c: _Compiled,
                    ) -> tuple[list[_Mention], dict[str, str]]:
    """Every capitalised name near a quote, typed, with the words that describe it."""
    lex = c.lex
    out: list[_Mention] = []
    fulls: dict[str, str] = {}
    titled_full: set[str] = set()
    last_sent = -1
    for mt in (m for a, b in ranges for m in _mentions(c, text, a, b)):
        if _in_heading(text, mt.start()):
            continue  # "Trump Supporting Ukraine": a subheading, not a name
        info = _name_info(c, mt.group("name"), (mt.group("title") or "").lower())
        if info is None:
            continue
        title, name, canon, typ, heads0 = info
        heads = set(heads0)
        ap = c.appos_re.match(text, mt.end(), mt.end() + 100)
        if ap:
            heads |= set(ap.group(1).lower().split())
            if typ == "unknown":
                typ = "person"
        ac = c.acronym_re.match(text, mt.end(), mt.end() + 20)
        if ac:
            canon = alias(ac.group(1), lex) or ac.group(1)
            if typ == "unknown":
                typ = name_type(canon, lex)
        if typ == "media":
            heads |= lex.media_heads
        si = _bisect_le(sents, mt.start())
        subj = si != last_sent and typ in ("person", "organization", "media")
        if subj:
            last_sent = si
        out.append(_Mention(mt.start(), mt.end(), canon, typ, heads, subj))
        if typ == "person" and " " in canon:
            for tok in canon.split():
                if len(tok) >= 2 and tok[0].isupper() and (title or tok not in titled_full):
                    fulls[tok] = canon
                    if title:
                        titled_full.add(tok)
    return out, fulls


_NAME_CACHE_MAX = 200_000


def _name_info(c: _Compiled, raw: str, title: str) -> tuple[str, str, str, str, frozenset[str]] | None:
    """(title, name, canonical name, type, describing words) of a mention as written, before
    its context (apposition, acronym) is read; None when it is not a name. A pure function of
    the two strings, cached per rule set: an article names the same people again and again,
    and title stripping and typing were a fifth of attribution's time."""
    key = (raw, title)
    hit = c.name_cache.get(key, False)
    if hit is not False:
        return hit
    lex = c.lex
    name = strip_title(raw, lex)
    if not name or not name[0].isupper():
        out = None
    else:
        canon = alias(name, lex) or name
        typ = name_type(canon, lex)
        if title and typ == "unknown":
            typ = "person"
        if title and typ == "organization" and canon == name and not set(norm_name(name).split()) & lex.org_words:
            typ = "person"
        heads = frozenset(set(title.split()) | {w.lower() for w in name.split()})
        out = (title, name, canon, typ, heads)
    if len(c.name_cache) >= _NAME_CACHE_MAX:
        c.name_cache.clear()
    c.name_cache[key] = out
    return out


_HEADING_PUNCT = regexcache.compile(r"[.!?:;\"“”]")


def _in_heading(text: str, pos: int) -> bool:
    """A short line with no sentence punctuation (a headline or subheading)."""
    a = text.rfind("\n", max(0, pos - 150), pos) + 1 or max(0, pos - 150)
    b = text.find("\n", pos, pos + 150)
    if b < 0:
        b = min(len(text), pos + 150)
        if b < len(text):
            return False
    if a == 0 and pos >= 150 or b - a >= 150:
        return False
    return _HEADING_PUNCT.search(text, a, b) is None


# --------------------------------------------------------------------------- resolution


def _resolve(ctx: _Ctx, mention: str, pos: int) -> tuple[str | None, str]:
    """A mention as written -> (canonical name in this article, type). None: cannot tell."""
    lex = ctx.c.lex
    m = mention.strip()
    low = m.lower()
    if low in lex.pronoun_type:
        want = lex.pronoun_type[low]
        if want == "self":  # "I said", "we wrote": the writer, not a name in the article
            return None, "unknown"
        types = {"person": ("person",), "group": ("organization", "media", "person"),
                 "organization": ("organization", "media")}.get(want, ("person",))
        # the most recent of: a speaker of an earlier quote, a named sentence subject.
        # "she" passes over a candidate known to be a man ("he" over a woman), but then only
        # takes a candidate known to match: an unknown one further back is no safer a guess.
        sex = {"he": "m", "him": "m", "she": "f", "her": "f"}.get(low, "") if ctx.rules is not None else ""
        first_subj = next(((men.end, men.name, men.type, men.heads) for men in ctx.before(pos)
                           if men.type in types and men.subject and not _region(ctx, men)), None)
        first_said = next((c for c in ctx.spoken_before(pos, limit=12) if c[2] in types), None)
        top = max((c for c in (first_subj, first_said) if c is not None), key=lambda c: c[0], default=None)
        if top is not None and (not sex or ctx.gender(top[1], top[3]) in ("", sex)):
            n, t = top[1], top[2]  # the common case: the nearest candidate fits
            return ctx.surnames.get(n, n) if " " not in n else n, t
        subj = [(men.end, men.name, men.type, men.heads) for men in ctx.before(pos)
                if men.type in types and men.subject and not _region(ctx, men)][:12]
        said = [c for c in ctx.spoken_before(pos, limit=12) if c[2] in types]
        for k, (_, n, t, h) in enumerate(sorted(subj + said, key=lambda c: c[0], reverse=True)):
            g = ctx.gender(n, h) if sex else ""
            if g == sex or (k == 0 and not g):
                return ctx.surnames.get(n, n) if " " not in n else n, t
        if subj or said:
            return None, "unknown"
        for k, men in enumerate(m for m in ctx.before(pos) if m.type in types and not m.quoted
                                and not _region(ctx, m)):
            g = ctx.gender(men.name, men.heads) if sex else ""
            if g == sex or (k == 0 and not g):
                return men.name, men.type
            if k > 12:
                break
        return None, "unknown"
    if _opening_participle(ctx, m, pos) or m in _NUMBER_WORDS:
        return None, "unknown"  # "Smiling broadly, …", "Eight years ago, …": no name
    ab = _ABBREV_TITLE.match(m)
    if ab:
        hit = _abbreviated_title(ctx, ab.group(1), pos)
        if hit is not None:
            return hit
    hit = alias(m, lex)
    if hit:
        return hit, lex.aliases[norm_name(m)][1]
    core = strip_title(m, lex)
    if core != m and _looks_like_name(core, lex):  # "transport chair Joan Achebe"
        m, low = core, core.lower()
    own = _OWNER_NAME.match(m)
    if own and " " in own.group(1) and _looks_like_name(own.group(1), lex) and \
            strip_title(own.group(1), lex) == own.group(1):
        m, low = own.group(1), own.group(1).lower()  # "Twitter's Adam Sharp": Adam Sharp
    ind = _INDEF_ADJ_NAME.match(m)
    if ind and _looks_like_name(ind.group(2), lex) and not (
            set(_WORDS.findall(ind.group(1).lower())) | {ind.group(2).split()[-1].lower()}) & set(lex.desc_type):
        m, low = ind.group(2), ind.group(2).lower()  # "an angry Hollande": Hollande
    words = _WORDS.findall(low)
    is_desc = bool(words) and (words[0] in ("the", "a", "an", "another", "his", "her", "its", "their",
                                            "this", "these")
                               or not m[:1].isupper() or "'s " in low.replace("’", "'")
                               or words[-1] in lex.desc_type) and not _looks_like_name(m, lex)
    if is_desc:
        head = next((w for w in reversed(words) if w in lex.desc_type), words[-1])
        if " of " in f" {low} " or " for " in f" {low} ":  # "a spokesman for the ministry"
            head = next((w for w in words if w in lex.desc_type), head)
        plain = _DETS.sub("", m)
        if plain.lower() in _GROUP_WORDS:
            plain = m  # "the two write" (round 7): "two" alone reads as no one
        if head in lex.issued:
            return _issuer(ctx, head, pos)
        if head in lex.anonymous:
            return plain, "unknown"
        if words[0] == "another":  # "Another survivor said": a new person, not the one before
            return m, "unknown"
        if words[0] in ("a", "an", "one"):
            # "a senator said", "one user wrote": a new person too, not the one described
            # before ("Senator Lee … a senator who asked not to be named"); kept as written
            return plain, "unknown"
        mods = set(words) - {"the", "a", "an", head}
        cands = [(men.end, men.name, men.type, men.heads) for men in ctx.before(pos)
                 if pos - men.end < 4000 and head in men.heads and not men.quoted]
        cands += [c for c in ctx.spoken_before(pos) if head in c[3]]
        if cands:
            cands.sort(key=lambda c: c[0])
            exact = [c for c in cands if not mods or mods & c[3]]
            _, n, t, _ = (exact or cands)[-1]
            return n, t
        return plain, lex.desc_type.get(head, "unknown") if lex.desc_type.get(head) in (
            "person", "organization", "media") else "unknown"
    name = strip_title(m, lex)
    name = alias(name, lex) or name
    if mention.strip().lower() in ctx.c.bare_titles:
        return None, "unknown"  # "Minister of <Department> X reported": the title, cut short
    if " " not in name and name.isupper() and len(name) > 2 and (
            name.title() in ctx.full_names or name.title() in ctx.surnames):
        name = name.title()  # a transcript turn: "PENCE:" is the Mike Pence of the article
    if " " not in name and name in ctx.surnames:
        name = ctx.surnames[name]
    if " " not in name and name in ctx.full_names:
        name = ctx.full_names[name]
    return name, name_type(name, lex)


_VERB_THEN_TITLE = regexcache.compile(VERB_THEN_TITLE)
#: "the PM said", "the J&K CM said": a title written as its initials (round 7)
_ABBREV_TITLE = regexcache.compile(r"^(?:(?i:the)\s+)?(?:[A-Z][\w&.'’-]*\s+){0,3}(PM|CM)$")
_ABBREV_HEADS = {"PM": frozenset(["prime", "minister"]), "CM": frozenset(["chief", "minister"])}


def _abbreviated_title(ctx: _Ctx, abbrev: str, pos: int) -> tuple[str, str] | None:
    """"Chief Minister Ann Lee … the CM said": the nearest earlier person (within 4000
    characters) whose title holds the words the initials stand for; None when no one does."""
    want = _ABBREV_HEADS[abbrev]
    for men in ctx.before(pos):
        if pos - men.end > 4000:
            break
        if men.type == "person" and not men.quoted and want <= men.heads:
            return men.name, men.type
    return None


def _region(ctx: _Ctx, men: _Mention) -> bool:
    """A place no pronoun refers to as a speaker ("South Carolina, it …": a US state; round 6)."""
    return bool(ctx.c.lex.regions) and men.type == "organization" and norm_name(men.name) in ctx.c.lex.regions


ISSUER_LOOKBACK = 800  # characters before "the statement said" searched for its issuer


def _issuer(ctx: _Ctx, head: str, pos: int) -> tuple[str | None, str]:
    """Who issued "the statement": the subject of the nearest earlier sentence (within
    ``ISSUER_LOOKBACK``) that mentions a statement ("The Authority told residents in a
    statement …", "In a statement, the mogul announced …"); None when there is none or its
    subject is not a person or an organisation (the document itself is never the speaker)."""
    word = regexcache.compile(rf"(?<!\w){regex.escape(head)}s?(?!\w)", regex.I)
    s0 = ctx.sent_start(pos)
    for _ in range(4):
        if s0 <= 0 or pos - s0 > ISSUER_LOOKBACK:
            return None, "unknown"
        prev = ctx.sent_start(s0 - 1)
        if word.search(ctx.text, prev, s0):
            sm = R.timed(ctx.c.subject.match, ctx.text, prev, s0) or \
                R.timed(ctx.c.subject_only.match, ctx.text, prev, s0)
            if sm is None:
                return None, "unknown"
            mention = sm.group("speaker").strip(" ,")
            if mention.lower().split()[-1:] == [head]:
                return None, "unknown"
            name, typ = _resolve(ctx, mention, sm.start("speaker"))
            return (name, typ) if name and typ in ("person", "organization", "unknown") else (None, "unknown")
        s0 = prev
    return None, "unknown"


_PARTICIPLE_GOES_ON = regexcache.compile(
    r"[^\S\n]+(?:[a-z]+ly|at|to|with|into|through|throughout|after|before|as|for|on)\b")


def _opening_participle(ctx: _Ctx, m: str, pos: int) -> bool:
    """"Smiling broadly throughout her speech, Mrs. Lee …": one capitalised -ing word opening
    its sentence and going on with an adverb or a preposition is a participle, no name (round 5;
    a word list in ``not_names`` made every name match slower)."""
    return " " not in m and m.endswith("ing") and m[:1].isupper() and ctx.sent_start(pos) == pos \
        and _PARTICIPLE_GOES_ON.match(ctx.text, pos + len(m), pos + len(m) + 30) is not None


#: "an angry Hollande", "a visibly upset Lee": an indefinite article and lower-case words, then
#: a name (group 2); the name is the speaker, unless a word is a description head ("a senator Lee")
#: "Twitter's Adam Sharp": an owner's possessive before a full name (group 1)
_OWNER_NAME = regexcache.compile(r"^[A-Z][\w&-]{0,30}['’]s\s+([A-Z][\w-]+(?:\s+[A-Z][\w.-]*)+)$")
_INDEF_ADJ_NAME = regexcache.compile(r"^(?:an?|An?)\s+((?:[a-z][a-z-]{2,20}\s+){1,2})([A-Z].*)$")


def _looks_like_name(m: str, lex: Lexicon) -> bool:
    toks = m.split()
    return bool(toks) and all(t[:1].isupper() for t in toks) and toks[0].lower() not in (
        "the", "a", "an")


# --------------------------------------------------------------------------- matching


@dataclass
class _Hit:
    pattern: str
    conf: float
    speaker: tuple[int, int]
    cue: tuple[int, int] | None
    channel: tuple[int, int] | None
    end: int = 0  # where the match ended


def _group(mt: regex.Match, name: str) -> tuple[int, int] | None:
    try:
        s, e = mt.span(name)
    except IndexError:
        return None
    return (s, e) if s >= 0 else None


def _hit_from(mt: regex.Match, p: Pattern, ctx: _Ctx) -> _Hit | None:
    sp = _group(mt, "speaker")
    if sp is None:
        return None
    ch = _group(mt, "channel")
    ad = _group(mt, "addressee")
    if ch is None and ad is not None:
        adname = norm_name(ctx.text[ad[0]:ad[1]])
        if adname in ctx.c.media_forms or (alias(ctx.text[ad[0]:ad[1]], ctx.c.lex) and name_type(
                ctx.text[ad[0]:ad[1]], ctx.c.lex) == "media") or adname.split()[-1:] in (
                ["paper"], ["newspaper"], ["agency"], ["outlet"], ["network"]):
            ch = ad
    return _Hit(p.id, p.confidence, sp, _group(mt, "cue"), ch, mt.end())


def _try(ctx: _Ctx, q: Quote, o_s: int, c_e: int, lo: int, hi: int) -> _Hit | None:
    """The pattern that gives the speaker of the quote whose marks span [o_s, c_e)."""
    text = ctx.text
    real_s0 = ctx.sent_start(o_s)
    s_start = max(real_s0, lo)
    s_end = min(ctx.sent_end(max(c_e - 1, o_s)), hi)
    initial = not _ANYWORD.search(text[max(s_start, o_s - WINDOW):o_s])
    ends_sentence = q.text.rstrip("'\"”’ ").endswith((".", "!", "?"))
    first: _Hit | None = None
    ctx.next_sayer = None
    for p, rx in ctx.c.patterns:
        if first is not None and p.where in ("after", "tail"):
            continue
        h = _one(ctx, p, rx, q, o_s, c_e, lo, hi, s_start, real_s0, s_end)
        if h is None or (p.known and not _known_person(ctx, h.speaker)):
            continue
        if p.where == "after" and ends_sentence and _opens_next_quote(text, h):
            continue  # “…end.” Another survivor said, “…”: that cue is the next quote's
        if p.where == "after" and ends_sentence and not _inverted_attribution(text, h) \
                and not _lower_after(text, c_e) and not _asked_then_said(text, q, o_s, c_e, h):
            # “…end.” He voiced … : a new sentence about something else, not an attribution
            # measured from the cue, not the match end: an optional addressee must not eat the
            # sentence ("Residents criticised the slow response of …" is not an attribution)
            tail = h.cue[1] if h.cue else h.end
            rest = _TO_STOP.match(text[tail:tail + 80]).group()
            # `X said: “…end.” Y said the region …`: the colon gave the quote its speaker
            led_in = text[max(lo, o_s - 4):o_s].rstrip().endswith(":")
            if len(rest) > 40 or (led_in and len(rest.strip()) > 12):
                if ctx.next_sayer is None and _blank(text, c_e, h.speaker[0]):
                    ctx.next_sayer = h.speaker
                continue
        if first is None:
            if p.where in ("after", "tail") and not initial:
                _, typ = _resolve(ctx, text[h.speaker[0]:h.speaker[1]], h.speaker[0])
                if typ in ("media", "organization"):
                    first = h  # maybe only the channel: look for a person before the quote
                    continue
            return h
        # a person named before the quote, the outlet after it: Kim “…”, the KCNA said
        _, typ = _resolve(ctx, text[h.speaker[0]:h.speaker[1]], h.speaker[0])
        if typ in ("person", "unknown"):
            h.channel = h.channel or first.speaker
            return h
    return first


_TITLE_PREFIX = regexcache.compile(r"(?:(?:[A-Z][\w.'’-]*|and|of|the|&)[^\S\n]+){1,8}")
_AND_CAPITAL = regexcache.compile(r"[^\S\n]+(?:and|&)[^\S\n]+[A-Z]")
# ''…'' (two apostrophes, the New York Times' marks) opens a quote too (round 5)
_OPENS_QUOTE = regexcache.compile(r"[^\S\n]*[,:]?[^\S\n]*(?:[\"“‘]|'')")


def _opens_next_quote(text: str, h: _Hit) -> bool:
    """The cue of this hit is followed by ", “" or ": “": it introduces the quote after it."""
    tail = max(h.cue[1] if h.cue else h.end, h.speaker[1])
    return _OPENS_QUOTE.match(text, tail, tail + 8) is not None


_OF_DEPARTMENT = regexcache.compile(
    r"[^\S\n]+of[^\S\n]+(?:the[^\S\n]+)?((?:[A-Z][\p{L}&'’-]*[^\S\n]+(?:(?:and|&)[^\S\n]+)?){1,6})")
_CAP_WORD = regexcache.compile(r"[A-Z][\p{L}'’-]*")


def _title_of_department_name(ctx: _Ctx, span: tuple[int, int]) -> tuple[int, int]:
    """"Minister of Local Government Desmond McKenzie reported": a bare title matched as the
    speaker, with "of <Department>" and a name after it, is the person whose name starts with
    a known given name; otherwise the span is kept (and the bare title names nobody)."""
    text = ctx.text
    if ctx.rules is None or text[span[0]:span[1]].strip().lower() not in ctx.c.bare_titles:
        return span
    mt = _OF_DEPARTMENT.match(text, span[1], span[1] + 160)
    if mt is None:
        return span
    first = genders(ctx.rules).first
    words = list(_CAP_WORD.finditer(text, mt.start(1), mt.end(1)))
    for k in range(1, len(words) - 1):  # a department word first, two name words at least
        if words[k].group() in first:
            return (words[k].start(), words[-1].end())
    if len(words) >= 3:  # else the last two words, when the article names that person again
        sur = words[-1].group()
        if any(men.name.split()[-1:] == [sur] and not mt.start(1) <= men.start < words[-1].end()
               for men in ctx.mentions if men.type in ("person", "unknown")):
            return (words[-2].start(), words[-1].end())
    return span


def _with_following_name(ctx: _Ctx, span: tuple[int, int]) -> tuple[int, int]:
    """"India's Prime Minister Narendra Modi": a description matched as the speaker, with the
    person's name right after it, is that person: the span grows to cover the name."""
    for men in ctx.before(span[1] + 60, limit=4):
        if men.type == "person" and span[1] < men.end and span[0] <= men.start <= span[1] + 1 \
                and _blank(ctx.text, span[1], men.start):
            return (span[0], men.end)
    return span


def _known_person(ctx: _Ctx, span: tuple[int, int]) -> bool:
    """A pattern without a cue verb ("Ann Lee: “…”") only trusts a person: a full name with a
    known first name, or a name the article uses elsewhere too; not "Wells Fargo CEO"."""
    name, typ = _resolve(ctx, ctx.text[span[0]:span[1]].strip(" ,"), span[0])
    if not name or typ != "person":
        return False
    if ctx.rules is not None and len(name.split()) >= 2 and name.split()[0] in genders(ctx.rules).first:
        return True  # "Mitt Romney": a full name starting with a known first name
    if ctx.last_names is None:  # built once per article: no scan of every mention per quote
        ctx.last_names = Counter(men.name.split()[-1] for men in ctx.mentions if men.name.split())
    own = sum(1 for men in ctx.before(span[1], limit=5) if span[0] <= men.start < span[1]
              and men.name.split()[-1:] == name.split()[-1:])
    return ctx.last_names[name.split()[-1]] - own >= 1


def _titled(ctx: _Ctx, span: tuple[int, int]) -> bool:
    """"Sen. Nils Aberg": a title written with the name says it is a person."""
    m = ctx.text[span[0]:span[1]]
    return strip_title(m, ctx.c.lex) != m.strip()


_FIRST_AFTER = regexcache.compile(r"[^\S\n]*(\w)")


def _lower_after(text: str, c_e: int) -> bool:
    """“Too much?” he tweeted …: a lower-case word right after a quote that ends with a full
    stop, ? or ! goes on the writer's sentence, so what follows is its attribution."""
    mt = _FIRST_AFTER.match(text, c_e, c_e + 20)
    return mt is not None and mt.group(1).islower()


_PLAIN_CUES = frozenset(["said", "says", "told", "tells", "asked", "asks", "added", "adds", "wrote",
                         "writes", "replied", "replies"])


_LED_IN = regexcache.compile(r"[,:][^\S\n]*$")


def _asked_then_said(text: str, q: Quote, o_s: int, c_e: int, h: _Hit) -> bool:
    """“… who knows?” Lee told Norland’s TV4 in an interview aired …: after a question or an
    exclamation house style puts no comma, so a name and a plain saying verb right after it
    attribute the quote however long the sentence goes on (a full stop may end the writer's
    sentence: “…end.” Lee told the council that … is a new one). Not when a lead-in gave the
    quote to someone ("X emailed her, telling her, “…!” She replied to him that …")."""
    if not q.text.rstrip("'\"”’ ").endswith(("?", "!")) or h.cue is None \
            or _LED_IN.search(text, max(0, o_s - 3), o_s):
        return False
    return (text[h.cue[0]:h.cue[1]].lower() in _PLAIN_CUES and _blank(text, c_e, h.speaker[0])
            and _blank(text, h.speaker[1], h.cue[0]))


def _inverted_attribution(text: str, h: _Hit) -> bool:
    """“…end.” said X, the … / “…end.” ― X: an attribution even after a full stop, since a new
    sentence would not start with a lower-case verb or a dash; the rest may be a long apposition."""
    if h.cue is None:
        return h.pattern.endswith("dash-name")
    return h.cue[1] <= h.speaker[0] and text[h.cue[0]].islower()


def _one(ctx: _Ctx, p: Pattern, rx: regex.Pattern, q: Quote, o_s: int, c_e: int, lo: int,
         hi: int, s_start: int, real_s0: int, s_end: int) -> _Hit | None:
    text = ctx.text
    if p.where == "after":
        # ''… one of us,''' Mr. English said: the inner quote's mark right after the outer one
        if c_e < min(hi, len(text)) and text[c_e] in "'’" and text[c_e - 1] in "'’\"”":
            c_e += 1
        # compiled as \G(?:…) (``_build``): it can only match at c_e, so ``match`` finds what
        # ``search`` finds without trying (and failing at \G) every later position
        mt = R.match(rx, text, rule=p.id, pos=c_e, endpos=min(hi, c_e + WINDOW))
        return _hit_from(mt, p, ctx) if mt else None
    if p.where == "before":
        pre = ctx.c.requires.get(p.id)
        if pre is not None and not R.search(pre, text, rule=p.id, pos=max(lo, o_s - 140), endpos=o_s):
            return None
        rev = ctx.c.reverse.get(p.id)
        if rev is not None and not R.search(rev, text, rule=p.id, pos=max(lo, o_s - WINDOW), endpos=o_s):
            return None  # no match anywhere in the window (found without the slow forward scan)
        mt = R.search(rx, text, rule=p.id, pos=max(lo, o_s - WINDOW), endpos=o_s)
        if not mt:
            return None
        h = _hit_from(mt, p, ctx)
        if h and p.quote_starts_with_cue:
            cm = ctx.c.cue_start.match(text, q.start, min(q.end, q.start + 60))
            if not cm:
                return None
            h.cue = cm.span("cue")
        return h
    if p.where == "sentence":
        last = None
        for mt in R.finditer(rx, text, rule=p.id, pos=max(s_start, o_s - WINDOW), endpos=o_s):
            last = mt
        if last is not None and R.search(ctx.c.self_cue, text, rule=p.id, pos=last.end(), endpos=o_s):
            return None  # "… Y mentioned it, I laughed and said, “…”": the writer speaks
        if last is not None and R.search(ctx.c.any_cue, text, rule=p.id, pos=last.end(), endpos=o_s):
            # "X said he …, while a witness who … said the men were “…”": a later cue whose
            # subject the patterns could not name is the quote's; X's is not
            return None
        return _hit_from(last, p, ctx) if last else None
    if p.where == "participle":
        mt = R.search(rx, text, rule=p.id, pos=max(s_start, o_s - WINDOW), endpos=o_s)
        if mt and not R.search(ctx.c.self_cue, text, rule=p.id, pos=max(real_s0, o_s - WINDOW), endpos=o_s):
            sm = R.search(ctx.c.subject_only, text, rule=p.id, pos=real_s0, endpos=mt.start())
            if sm is not None and (sm.group("speaker") in _NUMBER_WORDS or _opening_participle(
                    ctx, sm.group("speaker"), sm.start("speaker"))):
                # round 7: "Smiling broadly …, Mrs. Lee thanked … and then boomed, “…”"
                sm = _subject_after_opening(ctx, p.id, sm, mt.start())
            if sm is not None and _AND_CAPITAL.match(text, sm.end("speaker"), sm.end("speaker") + 12):
                # "<Place> and <Place> Lieutenant Governor X … and said": X, never the first place; and
                # "Lee and Cho … and said" has two sayers: nobody
                for men in reversed(ctx.before(mt.start(), limit=12)):
                    if men.start >= sm.end("speaker") and men.type == "person" \
                            and _titled(ctx, (men.start, men.end)) \
                            and _TITLE_PREFIX.fullmatch(text, real_s0, men.start):
                        return _Hit(p.id, p.confidence, (men.start, men.end), mt.span("cue"), None, mt.end())
                return None
            if sm is not None:
                if _clause_subject_between(ctx, sm.end("speaker"), mt.start()):
                    raise _Ambiguous  # "He tweeted when Lee ended the debate, remarking, “…”": whose?
                sp = sm.span("speaker")
                vt = _VERB_THEN_TITLE.match(text, sp[0], sp[1])
                if vt:  # "Ann Lee thanked Mayor Bo Cho and said": the subject is Lee (round 7)
                    sp = vt.span(1)
                return _Hit(p.id, p.confidence, sp, mt.span("cue"), _group(sm, "channel"), mt.end())
        return None
    # tail: the rest of the writer's sentence, with no other quote in between
    mt = R.search(rx, text, rule=p.id, pos=c_e, endpos=min(s_end + 1, c_e + WINDOW, len(text)))
    if mt and not _DQUOTE.search(text[c_e:mt.start()]):
        return _hit_from(mt, p, ctx)
    return None


#: Number words that open a sentence ("Eight years ago, he …"): never a name (round 6)
_NUMBER_WORDS = frozenset(["One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
                           "Eleven", "Twelve", "Fifteen", "Twenty", "Thirty", "Forty", "Fifty", "Hundreds",
                           "Thousands", "Millions", "Dozens", "Scores"])
_AFTER_COMMA = regexcache.compile(r",[^\S\n]*")


def _subject_after_opening(ctx: _Ctx, rule: str, sm: regex.Match, endpos: int) -> regex.Match | None:
    """"Eight years ago, he supported Obama … and said, “…”": the subject read as "Eight" is
    a number opening a time phrase ("Smiling broadly, she …": a participle opening its
    sentence, round 7); the subject is the one after that phrase's comma."""
    cm = R.search(_AFTER_COMMA, ctx.text, rule=rule, pos=sm.end("speaker"), endpos=min(endpos, sm.end("speaker") + 80))
    if cm is None:
        return None
    nxt = R.search(ctx.c.subject_only, ctx.text, rule=rule, pos=cm.end(), endpos=endpos)
    return nxt if nxt is not None and nxt.group("speaker") not in _NUMBER_WORDS else None


class _Ambiguous(Exception):
    """The text around a quote gives it two possible speakers: it gets none, and inherits none."""


_SUBORDINATOR = regexcache.compile(
    r"(?<![\w-])(?i:when|after|as|while|because|since|before|until|if|though|although|whereas|once)"
    r"[^\S\n]+(?:(?i:the)[^\S\n]+)?$")


def _clause_subject_between(ctx: _Ctx, a: int, b: int) -> bool:
    """A subordinate clause with a subject of its own between the sentence's subject and a
    participle ("… when Clinton ended the debate …, remarking"): the participle may be that
    clause's, so the sentence's subject is no safe speaker."""
    for men in ctx.before(b, limit=20):
        if men.start < a:
            break
        if men.type in ("person", "organization", "unknown") and not men.quoted \
                and _SUBORDINATOR.search(ctx.text, max(a, men.start - 30), men.start):
            return True
    return False


def _sentence_channel(ctx: _Ctx, o_s: int, c_e: int, speaker: tuple[int, int]) -> tuple[int, int] | None:
    """'According to KCNA, ...' or '..., the KCNA said.' around an attributed quote."""
    text = ctx.text
    s0 = ctx.sent_start(o_s)
    s1 = ctx.sent_end(max(c_e - 1, o_s))
    for p, rx in ctx.c.patterns:
        if p.id == "before-according-to":
            mt = R.search(rx, text, rule=p.id, pos=s0, endpos=s0 + min(WINDOW, max(0, o_s - s0)))
        elif p.where == "tail":
            mt = R.search(rx, text, rule=p.id, pos=c_e, endpos=min(s1 + 1, len(text), c_e + WINDOW))
        else:
            continue
        if mt:
            sp = mt.span("speaker")
            if sp != speaker and not (sp[0] <= speaker[0] < sp[1]):
                return sp
    lead = _ACCORDING.match(text[s0:s0 + 40])
    if lead:
        sm = R.search(ctx.c.subject_only, text, rule="channel", pos=s0, endpos=min(o_s, s0 + WINDOW))
        if sm and _group(sm, "channel") and sm.span("channel") != speaker:
            return sm.span("channel")
    return None


# --------------------------------------------------------------------------- entry points


def _span(ctx: _Ctx, se: tuple[int, int] | None) -> Span | None:
    if se is None:
        return None
    s, e = se
    while e > s and ctx.text[e - 1] in " ,.;:":
        e -= 1
    return Span(article_id=ctx.article_id, start=s, end=e, text=ctx.text[s:e])


def _marks(text: str, q: Quote) -> tuple[int, int]:
    """Offsets of the opening and after the closing mark around the quote body."""
    o = q.start
    while o > 0 and text[o - 1].isspace():
        o -= 1
    o -= len(q.open_mark)
    c = q.end
    if q.close_mark:
        while c < len(text) and text[c].isspace() and not text.startswith(q.close_mark, c):
            c += 1
        c += len(q.close_mark)
    return max(o, 0), min(c, len(text))


LOOKBACK = 6000  # how far before a quote names are collected for pronouns and descriptions


def _ranges(text: str, quotes: list[Quote] | None) -> list[tuple[int, int]]:
    """The stretches worth indexing: before and around each quote, merged, then cut in
    bounded chunks so every timed regex call sees at most a few thousand characters."""
    if quotes is None:
        spans = [(0, len(text))]
    else:
        spans = []
        for q in quotes:
            a, b = max(0, q.start - LOOKBACK), min(len(text), q.end + WINDOW)
            if spans and a <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], b))
            else:
                spans.append((a, b))
    out: list[tuple[int, int]] = []
    for a, b in spans:
        out += [(a + x, a + y) for x, y in _chunks(text[a:b])]
    return out


_SPACES = regexcache.compile(r"\s*")  # cue_start's own leading \s* (the same flags)


@functools.lru_cache(maxsize=50_000)
def _may_begin(rx: regex.Pattern, head: str) -> bool:
    """Whether some match of ``rx`` can begin with ``head`` (a partial match: ``head`` is
    a prefix of a match, or a whole one)."""
    return rx.match(head, partial=True) is not None


def _cue_follows(rx: regex.Pattern, text: str, pos: int, endpos: int) -> bool:
    r"""``rx.match(text, pos, endpos)`` for ``cue_start`` (``\s*`` and a cue verb): a word-list
    alternation that is slow to try, and fails after most names. The spaces and three more
    characters are asked first (cached): when no match can begin with them, none can here
    (the pattern starts with ``\s*``, no look-behind that would see before ``pos``)."""
    k = _SPACES.match(text, pos, endpos).end()
    if rx.pattern.startswith(r"\s*") and not _may_begin(rx, text[pos:min(k + 3, endpos)]):
        return False
    return rx.match(text, pos, endpos) is not None


def build_context(article: Article, rules: RuleSet, quotes: list[Quote] | None = None) -> _Ctx:
    c = compiled(rules)
    text = article.text
    paras = paragraphs(text)
    sents = sentence_starts(text, paras)
    mentions, fulls = _index_mentions(text, _ranges(text, quotes), sents, c)
    _mark_quoted(mentions, quotes or [])
    g = genders(rules)
    shared = shared_surnames(mentions, g)
    two = _two_full_names(mentions, sents, g) - set(shared)
    surnames = {k: v for k, v in _surnames(mentions, g).items() if k not in two}
    ctx_surnames = surnames
    # "President Obama Speech" (a caption read as one name) has "Obama" as its first word: a
    # bare "Obama" stands for it only if that word is a given name ("Hillary" -> "Hillary
    # Clinton") or the name is longer than two words ("Kim" -> "Kim Jong Un")
    bare = _bare_genders(mentions, g)
    fulls = {t: shared.get(t) or n for t, n in fulls.items()
             if not (n.split()[0] == t and len(n.split()) == 2 and t not in g.first)
             and not (gender_of(n, set(), g) and bare.get(t, set()) - {gender_of(n, set(), g)})
             and not (t in shared and shared[t] is None and t not in surnames)
             and t not in two}
    last_sent = -1
    for men in mentions:
        if men.type == "unknown" and " " not in men.name and men.name in surnames:
            men.name, men.type = surnames[men.name], "person"  # "Clinton": the Hillary Clinton named in full
        elif men.type == "unknown" and " " not in men.name and men.name in two:
            men.type = "person"  # "Trump" with Donald and Eric named: a person, which one is left open
        elif men.type == "unknown" and not men.quoted and _cue_follows(c.cue_start, text, men.end, men.end + 40):
            men.type = "person"  # "Obama said": whoever says something is a speaker
        introduced = not men.quoted and men.type in ("unknown", "person") and _introduced(text, men.start, c.lex)
        if introduced:
            men.type = "person"  # "a 52-year-old resident named Caroline": a person, and new
        # the subject of a sentence: its first person or organisation outside quotes
        si = _bisect_le(sents, men.start)
        # a possessive ("X's wife") is never the subject a later he/she refers to, nor the
        # object of a leading preposition ("On The Steve Harvey Show, Clinton said", "Of Sanders, …")
        men.subject = si != last_sent and not men.quoted and men.type in ("person", "organization", "media") \
            and not text.startswith(("'s", "’s"), men.end) \
            and not _prep_object(text, men.start, sents[si] if si >= 0 else 0) \
            and not _place_apposition(text, men, c.lex)
        # the person a sentence introduces by name is what a following "she" refers to, even
        # when the sentence opens with someone else ("The woman … told CNN she was a resident
        # named Caroline. “…,” she said")
        men.subject = men.subject or introduced
        if men.subject:
            last_sent = si
    return _Ctx(text, article.id, paras, sents, mentions, c, fulls, rules=rules, surnames=ctx_surnames)


_NAMED_BEFORE = regexcache.compile(r"(\w+)[^\S\n]+(?:named|identified[^\S\n]+as)[^\S\n]+$")


def _introduced(text: str, start: int, lex: Lexicon) -> bool:
    """A name right after "<person word> named" / "identified as" ("a resident named Caroline",
    "a man identified as Bo Cruz"): the writer introduces a person (round 5). After another
    word ("a ship named Liberty", "a bill named …") it may be anything."""
    if not text.endswith(("named ", "as "), max(0, start - 8), start):
        return False  # the common case, without a regex search per mention
    mt = _NAMED_BEFORE.search(text, max(0, start - 40), start)
    return mt is not None and lex.desc_type.get(mt.group(1).lower()) == "person"


#: Prepositions whose object is never the subject of its sentence ("On X's show, Lee said").
_SUBJECT_PREP = frozenset(["on", "in", "at", "of", "for", "with", "by", "from", "about", "against", "into",
                           "onto", "over", "under", "between", "among", "toward", "towards", "behind",
                           "beside", "after", "before", "during", "unlike", "despite", "amid", "to",
                           "like"])  # round 7: "Like President Obama, I believe …" is no subject
_PREV_TWO = regexcache.compile(r"(\w+)[^\w]+(\w+)[^\w]*$")
_FIRST_WORD = regexcache.compile(r"\w+(?=\s)")


def _prep_object(text: str, start: int, s0: int) -> bool:
    """The name at ``start`` is the object of a preposition opening its sentence, a
    determiner maybe between ("On The Steve Harvey Morning Show, Clinton said", "Of Sanders,
    McCaskill said"): not the subject. Only there: "…, with Clinton lambasting …" keeps her.
    The mention may hold the preposition itself ("Like Mayor Bo Lee, I …": a title's prefix
    words took "Like"; round 7)."""
    first = _FIRST_WORD.match(text, start, start + 12)
    if first is not None and first.group(0).lower() in _SUBJECT_PREP and _blank(text, s0, start):
        return True
    mt = _PREV_TWO.search(text, max(s0, start - 30), start)
    if mt is not None and mt.group(2).lower() in _DET_WORDS:
        prep = mt.span(1)
    else:
        mt = _PREV_WORD.search(text, max(s0, start - 20), start)
        if mt is None:
            return False
        prep = mt.span(1)
    if text[prep[0]:prep[1]].lower() not in _SUBJECT_PREP:
        return False
    return _blank(text, s0, prep[0]) or _in_opening_phrase(text, start, s0)


_CAP_COMMA_BEFORE = regexcache.compile(r"[A-Z][\p{L}.'’-]*,[^\S\n]+$")


def _place_apposition(text: str, men: _Mention, lex: Lexicon) -> bool:
    """"in Coral Springs, Florida, Clinton …": a place right after "<Name>, " is the state or
    country of a place named before it, no subject (round 6: it had become the "it" of a quote)."""
    return norm_name(men.name) in lex.places and _CAP_COMMA_BEFORE.search(text, max(0, men.start - 40), men.start) is not None


_FIRST_WORD = regexcache.compile(r"[^\S\n]*[\"“‘(]*(\w+)")
_COMMA_NEXT = regexcache.compile(r"[^\S\n]*,")


def _in_opening_phrase(text: str, start: int, s0: int) -> bool:
    """"In his address to La Raza, Graham assures …": a name after a preposition inside the
    prepositional phrase that opens its sentence (no comma before it, one right after it) is no
    subject either (round 6); a preposition later in the sentence keeps its object."""
    fw = _FIRST_WORD.match(text, s0, start)
    if fw is None or fw.group(1).lower() not in _SUBJECT_PREP or "," in text[s0:start]:
        return False
    end = start
    while end < len(text) and (text[end].isalnum() or text[end] in " .'’-") and end - start < 60:
        end += 1
    return _COMMA_NEXT.match(text, end, end + 3) is not None


def _bare_genders(mentions: list[_Mention], g: Genders) -> dict[str, set[str]]:
    """One-word names -> the genders their titles give ("Mr. Obama": m). "Mr. Obama" in an
    article whose only Obama named in full is "Michelle Obama" names a man: the bare name
    does not stand for her (he is named in full nowhere)."""
    out: dict[str, set[str]] = {}
    for men in mentions:
        if " " not in men.name and not men.quoted:
            sex = gender_of(men.name, men.heads, g)
            if sex:
                out.setdefault(men.name, set()).add(sex)
    return out


def shared_surnames(mentions: list[_Mention], g: Genders) -> dict[str, str | None]:
    """Surnames of a woman and a man the article names in full ("Hillary Clinton", "Bill
    Clinton") -> the one named in full more often, or None when neither is: a bare "Clinton"
    then stands for neither (round 4: it had become the last one named, so "she" could not be
    Hillary and her quote went to Bill). Two men ("Ted Cruz", "Rafael Cruz") are left alone."""
    counts: dict[str, Counter[str]] = {}
    sexes: dict[str, set[str]] = {}
    for men in mentions:
        toks = men.name.split()
        if men.type == "person" and len(toks) == 2 and not men.quoted and toks[0] in g.first:
            counts.setdefault(toks[1], Counter())[men.name] += 1
            sexes.setdefault(toks[1], set()).add(gender_of(men.name, set(), g))
    out: dict[str, str | None] = {}
    for sur, xs in sexes.items():
        if {"m", "f"} <= xs:
            (top, n), *rest = counts[sur].most_common()
            out[sur] = top if not rest or rest[0][1] < n else None
    return out


def _two_full_names(mentions: list[_Mention], sents: list[int], g: Genders) -> set[str]:
    """Surnames of two people the article names in full ("Ted Cruz", his father "Rafael Cruz"):
    a bare "Cruz" is then left as written (round 5; before, it became the one named last). A
    full name counts when its first word is a given name or it does not open a sentence
    (an opening capital may be a verb: "Injecting Clinton …")."""
    by: dict[str, set[str]] = {}
    for men in mentions:
        toks = men.name.split()
        if men.type != "person" or len(toks) < 2 or men.quoted or not toks[-1][:1].isupper():
            continue
        si = _bisect_le(sents, men.start)
        if toks[0] in g.first or (si >= 0 and sents[si] < men.start):
            by.setdefault(toks[-1], set()).add(toks[0])
    return {sur for sur, firsts in by.items() if any(
        not _one_person(a, b, sur) for a in firsts for b in firsts if a < b)}


def _one_person(a: str, b: str, surname: str) -> bool:
    """Two given names of one surname that may be one person: a spelling variant or a short
    form sharing the first three letters ("Sandra" / "Sandy Paradis")."""
    return a[:3].lower() == b[:3].lower() or _same_person(f"{a} {surname}", f"{b} {surname}")


def _surnames(mentions: list[_Mention], g: Genders) -> dict[str, str]:
    """Surname -> the one full name it stands for: "Clinton" -> "Hillary Clinton". A full name
    starting with a known first name wins over one that does not ("Injecting Clinton", a
    capitalised verb); a surname shared by two such names ("Bill"/"Hillary") maps to neither."""
    by: dict[str, Counter[str]] = {}
    for men in mentions:
        toks = men.name.split()
        if men.type == "person" and len(toks) >= 2 and not men.quoted and toks[-1][:1].isupper():
            by.setdefault(toks[-1], Counter())[men.name] += 1
    bare = _bare_genders(mentions, g)
    out: dict[str, str] = {}
    for sur, names in by.items():
        known = [n for n in names if n.split()[0] in g.first]
        pool = known or list(names)
        if len({n.split()[0] for n in pool}) == 1 or not known:
            best = max(pool, key=lambda n: (names[n], len(n)))
            sex = gender_of(best, set(), g)
            if sex and bare.get(sur, set()) - {sex}:
                continue
            out[sur] = best
    return out


def _mark_quoted(mentions: list[_Mention], quotes: list[Quote]) -> None:
    """Names inside quotes ("Here comes Big Daddy," she said) are not antecedents for the
    writer's pronouns and descriptions. Both lists are in text order: one linear sweep."""
    i = 0
    for men in mentions:
        while i < len(quotes) and quotes[i].end <= men.start:
            i += 1
        if i < len(quotes) and quotes[i].start <= men.start < quotes[i].end:
            men.quoted = True


#: ``Quote.speaker_evidence`` of the speakers found in code rather than by a rule pattern.
_CODE_EVIDENCE = {"continuation": "continuation", "continuation-paragraph": "continuation",
                  "interviewee": "interviewee", "previous-sentence-subject": "context",
                  "previous-sentence-tail": "context", "paragraph-subject": "context",
                  "headline-subject": "headline", "dash-signature": "signature",
                  "transcript-turn": "transcript"}


def speaker_evidence(q: Quote, c: _Compiled) -> str | None:
    """How ``q``'s speaker was found (see ``models.Quote.speaker_evidence``).

    Kept apart from the pattern id so that checks can ask one question ("was this speaker
    named by a cue around the quote?") whatever rule pack produced it.
    """
    if not q.speaker or not q.pattern:
        return None
    if q.pattern in _CODE_EVIDENCE:
        return _CODE_EVIDENCE[q.pattern]
    ev = c.evidence.get(q.pattern, "cue")
    if ev == "cue" and (q.speaker_mention or "").strip().lower() in c.lex.pronoun_type:
        return "pronoun"
    return ev


def attribute(article: Article, seg: Segmentation, quotes: list[Quote], rules: RuleSet) -> list[Quote]:
    """Give each quote its speaker mention, cue and channel within one article."""
    if not quotes:
        return quotes
    ctx = build_context(article, rules, quotes)
    text = ctx.text
    out: list[Quote] = []
    marks = [_marks(text, q) for q in quotes]
    prev: Quote | None = None
    prev_close = 0
    for i, q in enumerate(quotes):
        o_s, c_e = marks[i]
        ps = ctx.para_of(o_s)[0]
        pe = ctx.para_of(max(c_e - 1, o_s))[1]  # a multi-paragraph quote ends in a later paragraph
        lo = max(_lead_in_start(ctx, ps, o_s), prev_close if prev is not None else 0)
        hi = marks[i + 1][0] if i + 1 < len(quotes) else len(text)
        hi = min(hi, pe)
        try:
            upd = _attribute_one(ctx, q, o_s, c_e, lo, hi, prev, prev_close)
        except R.RuleTimeout:  # a pathological stretch of text: leave this quote unattributed
            upd = {}
        nq = q.model_copy(update=upd)
        if nq.speaker:
            nq.speaker_evidence = speaker_evidence(nq, ctx.c)  # type: ignore[assignment]
            _learn_gender(ctx, nq)
            t = name_type(nq.speaker, ctx.c.lex)
            if t == "unknown" and ctx.c.lex.desc_type.get(nq.speaker.lower().split()[-1]) == "document":
                t = "document"  # "the letter reads": never the antecedent of "he" or "she"
            heads = frozenset(_WORDS.findall((nq.speaker_mention or "").lower()))
            ctx.spoken.append((c_e, nq.speaker, "person" if t == "unknown" else t, heads))
        if nq.channel and nq.channel_span is not None:
            heads = frozenset(_WORDS.findall(nq.channel_span.text.lower()))
            if name_type(nq.channel, ctx.c.lex) == "media":
                heads |= ctx.c.lex.media_heads
            ctx.spoken.append((c_e, nq.channel, name_type(nq.channel, ctx.c.lex), heads))
        out.append(nq)
        prev, prev_close = nq, c_e
    return out


_SAID_AS = {"he": "m", "she": "f"}


def _learn_gender(ctx: _Ctx, q: Quote) -> None:
    """A person of unknown gender given a quote through "he" or "she" is that from now on (in
    this article only), unless the article already says otherwise."""
    sex = _SAID_AS.get((q.speaker_mention or "").strip().lower())
    if sex and q.speaker and q.speaker_evidence == "pronoun" and not ctx.gender(q.speaker):
        ctx.said_as.setdefault(q.speaker, sex)


def _lead_in_start(ctx: _Ctx, ps: int, o_s: int) -> int:
    """Where the text that may attribute a quote begins: its paragraph, or the paragraph before
    when the quote opens its paragraph and that one ends in a colon ("X said:\n\n“…”")."""
    if not _blank(ctx.text, ps, o_s) or ps == 0:
        return ps
    pps, ppe = ctx.para_of(ps - 1)
    return pps if ctx.text[pps:ppe].rstrip().endswith(":") else ps


#: How far before a quote ``unattributed_before`` looks ("X was asked by host Y, who …, “…?”").
UNATTRIBUTED_WINDOW = 260


def _attribute_one(ctx: _Ctx, q: Quote, o_s: int, c_e: int, lo: int, hi: int,
                   prev: Quote | None, prev_close: int) -> dict:
    """The Quote fields that name the speaker of one quote ({} when nobody is named)."""
    text = ctx.text
    if R.search(ctx.c.unattributed, text, rule="unattributed", pos=max(lo, o_s - UNATTRIBUTED_WINDOW), endpos=o_s):
        return {}  # "X was asked, “…?”": a reporter's question, not X's words
    try:
        h = _try(ctx, q, o_s, c_e, lo, hi)
    except _Ambiguous:
        return {}
    if h is not None and h.speaker[0] > 0 and text[h.speaker[0] - 1] in "&@":
        h = None  # "the J&K CM said": the name starts inside "J&K"; no name rather than "K CM"
    if h is not None:
        h.speaker = _with_following_name(ctx, h.speaker)
        h.speaker = _title_of_department_name(ctx, h.speaker)
        mention = text[h.speaker[0]:h.speaker[1]].strip(" ,")
        name, _typ = _resolve(ctx, mention, h.speaker[0])
        if name is not None:
            ch = h.channel or _sentence_channel(ctx, o_s, c_e, h.speaker)
            chname = None
            if ch is not None:
                chname = _channel_name(ctx, text[ch[0]:ch[1]].strip(" ,"), ch[0], name)
            return dict(speaker=name, speaker_span=_span(ctx, h.speaker), speaker_mention=mention,
                        cue=text[h.cue[0]:h.cue[1]] if h.cue else None, cue_span=_span(ctx, h.cue),
                        channel=chname, channel_span=_span(ctx, ch) if chname else None,
                        pattern=h.pattern, confidence=h.conf)
    if h is not None and prev is not None and prev.speaker and ctx.rules is not None:
        said = {"he": "m", "she": "f"}.get(text[h.speaker[0]:h.speaker[1]].strip(" ,").lower(), "")
        if said and ctx.gender(prev.speaker) not in ("", said):
            return {}  # "“…,” said John Cho. His wife, Mary, agreed. “…,” she said.": not Cho (round 7)
    upd = _inherit(ctx, q, o_s, prev, prev_close, had_cue=h is not None)
    if upd.get("speaker") and ctx.next_sayer is not None:
        # “…end.” Lee told TV4 in an interview aired …: a new sentence, but if it is Lee's
        # quote, the subject of the sentence before (someone else) would be a wrong name
        nxt, _ = _resolve(ctx, text[ctx.next_sayer[0]:ctx.next_sayer[1]].strip(" ,"), ctx.next_sayer[0])
        if nxt is not None and not _same_name(nxt, upd["speaker"]):
            return {}
    return upd


def _channel_name(ctx: _Ctx, mention: str, pos: int, speaker: str) -> str | None:
    """The channel's name, or None when it is no relay of the speaker's words: a pronoun
    ("…,” she recounted, her voice trembling": "her" is the speaker again) or a mention that
    resolves to the speaker ("X said, according to X"). A channel is never the speaker."""
    if mention.lower() in ctx.c.lex.pronoun_type:
        return None
    name, _ = _resolve(ctx, mention, pos)
    return None if name is None or _same_name(name, speaker) else name


def _inherit(ctx: _Ctx, q: Quote, o_s: int, prev: Quote | None, prev_close: int,
             had_cue: bool = False) -> dict:
    """No cue of its own: continue the previous speaker, or the subject of the sentence before.
    ``had_cue``: an attribution was found but named no one we can resolve ("he" with no
    antecedent); then only a continuation may still name the speaker."""
    text = ctx.text
    ps, _ = ctx.para_of(o_s)
    after_attr = prev_close
    if prev is not None:
        for sp in (prev.speaker_span, prev.cue_span):
            if sp is not None and prev_close <= sp.start < o_s:
                after_attr = max(after_attr, sp.end)
    between = text[after_attr:o_s] if prev is not None else ""
    if prev is not None and prev.speaker and len(between) < 400 and "\n\n" not in between.strip() \
            and prev_close >= ps and _same_voice_between(ctx, prev, after_attr, o_s):
        return _copy_speaker(prev, "continuation", 0.7)
    if q.in_headline:  # headline style: the named subject of the present-tense verb speaks
        mt = R.search(ctx.c.headline, text, rule="headline-subject", pos=ps, endpos=o_s)
        if mt:
            mention = mt.group("speaker")
            name, typ = _resolve(ctx, mention, mt.start())
            if name and typ == "person":
                return dict(speaker=name, speaker_span=_span(ctx, mt.span("speaker")),
                            speaker_mention=mention, cue=mt.group("cue"),
                            cue_span=_span(ctx, mt.span("cue")), pattern="headline-subject",
                            confidence=0.5)
        return {}
    s0 = ctx.sent_start(o_s)
    own = text[max(s0, o_s - WINDOW):o_s]
    if _ANYWORD.search(own):  # the quote sits inside a sentence that has no cue
        return {}
    if had_cue:
        return {}
    # a transcript turn quoted whole: “PENCE: Well, …”
    turn = _TURN.match(q.text)
    if turn and _blank(text, ps, o_s):
        name, typ = _resolve(ctx, turn.group(1), q.start)
        if name and typ == "person" and " " in name:
            return dict(speaker=name, speaker_span=_span(ctx, (q.start, q.start + len(turn.group(1)))),
                        speaker_mention=turn.group(1), pattern="transcript-turn", confidence=0.6)
        return {}
    c_e = _marks(text, q)[1]
    pe = ctx.para_of(max(c_e - 1, o_s))[1]
    # “…” and that is all he has “…” ― Ann Lee: a signature closing the paragraph
    sig = R.search(ctx.c.signature, text, rule="dash-signature", pos=max(c_e, pe - 160), endpos=pe)
    if sig:
        mention = sig.group("speaker")
        name, typ = _resolve(ctx, mention, sig.start("speaker"))
        if name and typ in ("person", "unknown"):
            return dict(speaker=name, speaker_span=_span(ctx, sig.span("speaker")), speaker_mention=mention,
                        pattern="dash-signature", confidence=0.7)
    nxt = _next_paragraph_signature(ctx, ps, o_s, c_e, pe)
    if nxt is not None:
        return nxt
    # a quote that is a sentence of its own (“…” was written by X is the writer's sentence)
    if _ANYWORD.search(text, c_e, min(ctx.sent_end(max(c_e - 1, o_s)), c_e + WINDOW)):
        return {}
    # a standalone quote: previous paragraph ended with an attributed quote, nothing between
    if prev is not None and prev.speaker and prev_close < ps and q.kind == "full" \
            and _blank(text, ps, o_s) and _only_attribution_between(ctx, prev_close, ps):
        return _copy_speaker(prev, "continuation-paragraph", 0.6)
    # the sentence before (same paragraph or the last of the previous one) has subject + cue,
    # or ends with one: "…, Lee said." / "…, said Lee."
    before = ctx.sent_start(max(s0 - 1, 0))
    if before < s0:
        mt = R.timed(ctx.c.subject.match, text, before, min(s0, before + WINDOW))
        pattern = "previous-sentence-subject"
        if not mt:
            mt = R.search(ctx.c.tail_cue, text, rule="previous-sentence-tail", pos=max(before, s0 - WINDOW),
                          endpos=s0)
            pattern = "previous-sentence-tail"
        if mt and prev is not None and prev.start <= mt.start("speaker") < prev.end:
            mt = None  # round 7: "the sentence before" began inside the quote before ("… Trump's
            # campaign claims …,"X said in a statement."): a subject of the quoted words
        if mt:
            mention = mt.group("speaker").strip(" ,")
            name, _ = _resolve(ctx, mention, mt.start("speaker"))
            if name:
                return dict(speaker=name, speaker_span=_span(ctx, mt.span("speaker")),
                            speaker_mention=mention, cue=mt.group("cue"),
                            cue_span=_span(ctx, mt.span("cue")), pattern=pattern,
                            confidence=0.6)
    # an interviewee quoted again in the first person after paragraphs of narrative
    iv = _interviewee(ctx, q, o_s, ps, prev, prev_close)
    if iv is not None:
        return iv
    # a quote closing its paragraph, after a sentence (or a paragraph) about X
    if q.kind == "full" and _blank(text, c_e, pe) and s0 > 0:
        # a paragraph that is only this quote may look further back in the paragraph before
        alone = _blank(text, ps, o_s)
        found = _last_sentence_subject(ctx, s0, back=3 if alone else 1)
        if found is not None and alone and prev is not None and prev.speaker \
                and not _same_name(found[1], prev.speaker) and ps - prev_close <= INTERVIEW_MAX_GAP:
            return {}  # “I …” after a quote of someone else: the interviewee or the person named?
        if found is not None and _names_in_quote(q.text, found[1]):
            return {}  # “… an apology to Senator Lee …” after a sentence about Lee: not Lee's words
        if found is not None and (_known_person(ctx, found[0]) or _titled(ctx, found[0])):
            (a, b), name = found
            return dict(speaker=name, speaker_span=_span(ctx, (a, b)), speaker_mention=text[a:b],
                        pattern="paragraph-subject", confidence=0.5)
    return {}


def _names_in_quote(quote: str, name: str) -> bool:
    """The quote names the person in the third person ("… an apology to Senator Sanders …"):
    a guess from the sentence before must not make it that person's words (round 6)."""
    sur = name.split()[-1] if name.split() else ""
    return len(sur) > 2 and sur in _WORDS.findall(quote)


#: "- Bernie Sanders." as a paragraph of its own: the signature of the quote paragraph before
_SIGNATURE_PARA = regexcache.compile(
    r"[-―—–][^\S\n]*([A-Z](?:[\w.'’-]*[\w'’-])?(?:[^\S\n]+[A-Z](?:[\w.'’-]*[\w'’-])?){0,3})[.,]?[^\S\n]*")


def _next_paragraph_signature(ctx: _Ctx, ps: int, o_s: int, c_e: int, pe: int) -> dict | None:
    """A paragraph that is only this quote, then one that is only "- Name." (a fact-check's list
    of claims, round 5): that name, when it is a person the article names."""
    text = ctx.text
    if not (_blank(text, ps, o_s) and _blank(text, c_e, pe)) or pe >= len(text):
        return None
    nxt = _NONSPACE.search(text, pe)
    nps, npe = ctx.para_of(nxt.start() if nxt else pe)
    if nps < pe or npe - nps > 80:
        return None
    mt = _SIGNATURE_PARA.fullmatch(text, nps, npe)
    if mt is None:
        return None
    mention = mt.group(1)
    name, typ = _resolve(ctx, mention, mt.start(1))
    if name is None or typ not in ("person", "unknown") or not _known_person(ctx, mt.span(1)):
        return None
    return dict(speaker=name, speaker_span=_span(ctx, mt.span(1)), speaker_mention=mention,
                pattern="dash-signature", confidence=0.6)


_FIRST_PERSON = regexcache.compile(r"(?<![\w'’])(?i:I|I['’]m|I['’]ve|I['’]ll|I['’]d|me|my|we|we['’]re|we['’]ve|us|our)(?![\w'’])")
#: Speaker evidence an interviewee's later quotes may be continued from.
_INTERVIEW_FROM = frozenset({"cue", "pronoun", "continuation", "interviewee"})
INTERVIEW_MAX_GAP = 1500  # characters of narrative between the two quotes
INTERVIEW_MAX_PARAGRAPHS = 4


def _interviewee(ctx: _Ctx, q: Quote, o_s: int, ps: int, prev: Quote | None, prev_close: int) -> dict | None:
    """“We ran to the tent …” opening a paragraph with no cue, after paragraphs of narrative
    that follow a quote of a named person ("a survivor, X, told the broadcaster …"): X again,
    when the quote speaks in the first person and nobody else speaks in between (no other
    quote, no other subject of a cue; names of officials or places may be mentioned)."""
    text = ctx.text
    if prev is None or not prev.speaker or prev.speaker_evidence not in _INTERVIEW_FROM \
            or q.kind != "full" or not _blank(text, ps, o_s) or prev_close >= ps \
            or ps - prev_close > INTERVIEW_MAX_GAP or not _FIRST_PERSON.search(q.text):
        return None
    if name_type(prev.speaker, ctx.c.lex) not in ("person", "unknown"):
        return None  # an institution's statement is not an interview
    between = (prev_close, o_s)
    paras = sum(1 for a, _ in ctx.paras if between[0] < a <= between[1])
    if paras > INTERVIEW_MAX_PARAGRAPHS or _DQUOTE.search(text, *between):
        return None
    if _other_sayer(ctx, prev, *between) or _described_sayer(ctx, *between) \
            or _introduced_between(ctx, prev, *between):
        return None
    return _copy_speaker(prev, "interviewee", 0.55)


def _introduced_between(ctx: _Ctx, prev: Quote, a: int, b: int) -> bool:
    """A new person introduced as a sentence's subject with an apposition between the two
    quotes ("Ann Lee, a resident, lost her home in the flood."): the next voice, very likely,
    so the first-person quote is no safe interviewee's continuation (round 7)."""
    for men in ctx.before(b, limit=40):
        if men.end <= a:
            break
        if men.type == "person" and men.subject and not men.quoted and not _same_name(men.name, prev.speaker or "") \
                and R.timed(ctx.c.appos_re.match, ctx.text, men.end, min(b, men.end + 90)):
            return True
    return False


def _described_sayer(ctx: _Ctx, a: int, b: int) -> bool:
    """A cue whose subject is a description or a new name ("a neighbour said", "Police told")
    between a and b, found by the subject-at-sentence-start pattern."""
    for x in ctx.sents[_bisect_le(ctx.sents, a) + 1:_bisect_le(ctx.sents, b) + 1]:
        if x >= b:
            break
        sm = R.timed(ctx.c.subject.match, ctx.text, x, min(b, x + WINDOW))
        if sm is not None and sm.group("speaker").strip().lower() not in ctx.c.lex.pronoun_type:
            return True
    return False


_DET_WORDS = frozenset(["the", "a", "an", "this", "that", "these", "those"])
_PREP = frozenset(["to", "for", "with", "by", "from", "about", "against", "of", "at", "on", "in", "than", "like", "as", "and", "or", "into", "onto", "over", "under", "between", "among", "toward", "towards", "behind", "beside", "after", "before"])


def _last_sentence_subject(ctx: _Ctx, s0: int, back: int = 1) -> tuple[tuple[int, int], str] | None:
    """The person the sentence before ``s0`` (in this paragraph or ending the one before) is
    about: its first named person that is not the object of a preposition nor a possessive
    ("Lee's plan"), or a leading he/she. With ``back`` > 1, sentences of that paragraph that
    name no person at all ("The bill would cut taxes.") are skipped, up to ``back`` sentences;
    a sentence naming someone only as an object stops the search. None when that sentence ends
    with a quote (its own rules decide) or names no one."""
    text = ctx.text
    pps = ctx.para_of(s0 - 1)[0]
    ppe = s0
    body = text[pps:ppe].rstrip()
    if not body or body[-1] in "\"“”'’»" or body[-1] not in ".!?" or len(body) > 3000 \
            or _TURN.match(body.lstrip("\"“'‘ ")):
        return None  # a transcript turn ("WALLACE: …"): its subject is not the next speaker
    end = pps + len(body)
    for k in range(back):
        a = ctx.sent_start(end - 1)
        if k and _DQUOTE.search(text, a, end):
            return None  # further back, a sentence quoting someone: its own attribution decides
        sm = R.search(ctx.c.lead_pronoun, text, rule="paragraph-subject", pos=a, endpos=min(end, a + 200))
        if sm:
            name, typ = _resolve(ctx, sm.group("speaker"), sm.start("speaker"))
            return (sm.span("speaker"), name) if name and typ == "person" else None
        named = False
        for men in reversed(ctx.before(end, limit=60)):
            if men.start < a or men.end > end or men.quoted or men.type != "person":
                continue
            named = True
            prev_word = _PREV_WORD.search(text, max(a, men.start - 20), men.start)
            if prev_word and prev_word.group(1).lower() in _DET_WORDS:  # "in the Upper Valley"
                prev_word = _PREV_WORD.search(text, max(a, prev_word.start() - 20), prev_word.start())
            if prev_word and prev_word.group(1).lower() in _PREP:
                continue
            if text.startswith(("'s", "’s"), men.end):
                continue
            if _object_of_clause(text, a, men.start):
                return None  # "And it threw Santilli for a loop.": Santilli is no subject (round 7)
            name, typ = _resolve(ctx, text[men.start:men.end], men.start)
            if name and typ == "person":
                return (men.start, men.end), name
            return None
        if named or a <= pps:
            return None
        end = a
        while end > pps and text[end - 1].isspace():
            end -= 1
    return None


#: a pronoun subject or an auxiliary: the clause has its subject and verb before a name in it
_SUBJECT_OR_AUX = regexcache.compile(
    r"(?<![\w'’-])(?i:it|he|she|they|we|i|you|is|was|were|are|be|been|being|will|would|won['’]t|can|"
    r"could|cannot|can['’]t|has|have|had|did|does|do|should|must|may|might)(?![\w'’-])")


def _object_of_clause(text: str, a: int, start: int) -> bool:
    """The name at ``start`` follows a subject or an auxiliary in its own clause (from the
    sentence start ``a`` or the last comma before the name): "And it threw Santilli for a loop",
    "The ACLU won't be representing Santilli …" name Santilli as an object, so a quote after
    that sentence is no guess of his words. An opening clause ("When he left, Lee said") ends
    at its comma and does not count."""
    seg_start = max(a, text.rfind(",", a, start) + 1)
    return _SUBJECT_OR_AUX.search(text, seg_start, start) is not None


def _same_voice_between(ctx: _Ctx, prev: Quote, a: int, b: int) -> bool:
    """“Q1,” X said, adding …. He … . “Q2”: the rest of X's attribution sentence (cue words
    there are X's: "adding", "referring to"; other people may be named as objects) and at most
    two sentences whose subject is X again or no one. Another sayer in the attribution
    sentence, or another person or description as a later sentence's subject, or another
    person named there, stops the continuation."""
    text = ctx.text
    end1 = min(ctx.sent_end(a), b)
    if _DQUOTE.search(text, a, b) or _other_sayer(ctx, prev, a, end1):
        return False
    cue = ctx.c.any_cue.search(text, a, b)
    if cue is not None and _clause_subject_between(ctx, a, cue.start()):
        return False  # “…?” he tweeted when Lee ended the debate, remarking, “…”: whose remark?
    i = _bisect_le(ctx.sents, end1 - 1) + 1  # bounded: no scan over every sentence
    starts = [x for x in ctx.sents[i:i + 4] if end1 <= x < b]
    if len(starts) > 2:
        return False
    for x in starts:
        sm = R.search(ctx.c.subject_only, text, rule="continuation", pos=x, endpos=min(b, x + WINDOW))
        if sm is not None:
            name, _ = _resolve(ctx, sm.group("speaker").strip(" ,"), sm.start("speaker"))
            if not _same_name(name or "", prev.speaker):
                return False
        for men in ctx.before(b, limit=40):
            if men.start < x:
                break
            if men.type == "person" and not _same_name(men.name, prev.speaker):
                return False
    return True


def _same_name(a: str, b: str | None) -> bool:
    return b is not None and (a == b or a.split()[-1:] == b.split()[-1:])


def _other_sayer(ctx: _Ctx, prev: Quote, a: int, b: int) -> bool:
    """Someone other than the previous speaker with a cue verb between a and b ("…, and Y said")."""
    if b <= a or not ctx.c.any_cue.search(ctx.text, a, b):
        return False
    for p, rx in ctx.c.patterns:
        if p.id != "sentence-name-cue":
            continue
        for mt in R.finditer(rx, ctx.text, rule=p.id, pos=a, endpos=b):
            name, _ = _resolve(ctx, mt.group("speaker").strip(" ,"), mt.start("speaker"))
            if not _same_name(name or "", prev.speaker):
                return True
    return False


def _only_attribution_between(ctx: _Ctx, a: int, b: int) -> bool:
    """True when the text between two quotes is just the rest of the previous quote's
    sentence (its attribution, maybe with an apposition: "…,” said X, the party's chair.")."""
    seg = ctx.text[a:b]
    if len(seg) >= 300 or "\n" not in seg:
        return False
    i = _bisect_le(ctx.sents, b - 1)
    return i < 0 or ctx.sents[i] <= a or _blank(ctx.text, ctx.sents[i], b)


def _copy_speaker(prev: Quote, pattern: str, conf: float) -> dict:
    return dict(speaker=prev.speaker, speaker_span=prev.speaker_span,
                speaker_mention=prev.speaker_mention, cue=prev.cue, cue_span=prev.cue_span,
                channel=prev.channel, channel_span=prev.channel_span, pattern=pattern,
                confidence=min(conf, prev.confidence))


# --------------------------------------------------------------------------- entities


_VOWELS = str.maketrans("", "", "aeiouy")


def _skeleton(word: str) -> str:
    """Consonants of a given name, doubled letters once: Youssef/Yusuf -> "sf",
    Aleksandr/Alexander -> "lksndr", Mohammed/Muhammad -> "mhmd"."""
    w = word.replace("x", "ks").replace("ph", "f").translate(_VOWELS)
    return "".join(c for i, c in enumerate(w) if i == 0 or c != w[i - 1])


def _transliterated(a: str, b: str) -> bool:
    """Two spellings of one given name from another script: same consonants, close enough,
    and long enough that Dan/Don or John/Jane are not taken for one."""
    return min(len(a), len(b)) >= 5 and _skeleton(a) == _skeleton(b) and fuzz.ratio(a, b) >= 60


def _one_more_consonant(a: str, b: str) -> bool:
    """One given name is the other with one consonant added (Ivana / Ivanka): two names, not
    two spellings. An "h" is left out: transliterations drop it (Vishwash / Viswash)."""
    short, long_ = sorted((a, b), key=len)
    if len(long_) != len(short) + 1 or len(short) < 4:
        return False
    for i, ch in enumerate(long_):
        if long_[:i] + long_[i + 1:] == short:
            return ch not in "aeiouyh" and ch.isalpha()
    return False


def _same_person(a: str, b: str) -> bool:
    """Spelling variants of one name (Sergei/Sergey Lavrov, Vishwash Kumar/Viswashkumar)."""
    na, nb = norm_name(a), norm_name(b)
    if na == nb or na.replace(" ", "") == nb.replace(" ", ""):
        return True
    ta, tb = na.split(), nb.split()
    if len(ta) >= 2 and len(tb) >= 2:
        if ta[-1] == tb[-1] and _transliterated(ta[0], tb[0]):
            return True
        if len(ta) == len(tb) == 2 and ta[-1] == tb[-1] and _one_more_consonant(ta[0], tb[0]):
            return False  # Ivana / Ivanka Trump: another consonant, another given name
        if ta[-1] == tb[-1] and fuzz.ratio(ta[0], tb[0]) >= 80:
            return True
        return fuzz.ratio(na.replace(" ", ""), nb.replace(" ", "")) >= 90
    return False


def _ratio90_lengths(m: int) -> range:
    """Key lengths n that can reach ``fuzz.ratio >= 90`` with a key of length m.

    The InDel distance is at least ``|m - n|`` and a ratio of 90 allows at most
    ``(m + n) / 10``, so ``10 * |m - n| <= m + n``: n from ``ceil(9m / 11)`` to
    ``floor(11m / 9)`` (the condition is symmetric in m and n)."""
    return range(-(-9 * m // 11), 11 * m // 9 + 1)


@functools.cache
def _pieces(n: int, k: int) -> tuple[tuple[int, int], ...]:
    """(start, length) of k + 1 near-equal pieces cutting a key of length n (k < n)."""
    size, extra = divmod(n, k + 1)
    out, p = [], 0
    for i in range(k + 1):
        ln = size + (i < extra)
        out.append((p, ln))
        p += ln
    return tuple(out)


@functools.cache
def _edit_bounds(n: int) -> tuple[int, ...]:
    """The values of ``k = (m + n) // 10`` over the key lengths m that may match length n."""
    return tuple(sorted({(m + n) // 10 for m in _ratio90_lengths(n)}))


@functools.cache
def _probes(m: int, n: int) -> tuple[tuple[int, int, int], ...]:
    """(piece, start in the query, length) to look up for a query of length m against
    keys of length n; see ``Ratio90Index`` for why these shifts suffice."""
    k, delta = (m + n) // 10, m - n
    out = []
    for i, (p, ln) in enumerate(_pieces(n, k)):
        lo, hi = max(-i, delta - (k - i)), min(i, delta + (k - i))
        lo += (lo + i) % 2  # the shift has the parity of i
        out.extend((i, p + s, ln) for s in range(lo, hi + 1, 2) if 0 <= p + s <= m - ln)
    return tuple(out)


class Ratio90Index:
    """Keys indexed so that every key with ``fuzz.ratio >= 90`` to a query is found
    by a few dict look-ups (a superset: the caller scores the candidates).

    Why none is missed (the pigeonhole filter of PassJoin, Li et al. 2011):

    * ``fuzz.ratio(s, t)`` is ``100 * (1 - d / (m + n))`` with d the InDel distance
      (insertions + deletions, ``m + n - 2 * LCS``), m and n the lengths. So
      ratio >= 90 means ``10 * d <= m + n``: ``d <= k = (m + n) // 10`` (d is
      whole), and n is in ``_ratio90_lengths(m)`` because ``d >= |m - n|``.
      (Floating point cannot blur this: ``d = k + 1`` gives a ratio at least
      ``1000 / (m + n)`` below 90.)
    * A key t of length n is stored cut into k + 1 pieces (``_pieces(n, k)``) for
      every k its partners may have (``_edit_bounds(n)``: one or two values).
    * Fix an optimal edit script (matches, deletions of t's characters, insertions
      of s's characters, left to right) turning t into the query s. A piece is
      *intact* when its characters are consecutive matches: it then occurs in s
      verbatim. Let L(i) be the number of edits before piece i, L(k + 1) = d, and
      g(i) = i - L(i). g(0) <= 0 and g(k + 1) = k + 1 - d >= 1; g(i + 1) = g(i) + 1
      - (edits inside piece i or between it and the next). Take the last i <= k with g(i) <= 0: g(i + 1) >= 1 forces
      g(i) = 0 and no edit inside piece i. So some piece i is intact with exactly
      i edits before it (and ``d - i <= k - i`` after).
    * That piece, at p in t, sits at ``p + shift`` in s with ``shift = I1 - D1``
      (insertions minus deletions before it, ``I1 + D1 = i``): ``|shift| <= i``,
      shift has the parity of i, and ``|(m - n) - shift| <= k - i`` (the edits
      after it make up the rest of the length difference). ``_probes`` looks up
      exactly these shifts, so the piece is found.

    At 10,000 generated articles (9,600 multi-word names) this takes the name merge
    from a scan of every head per name to ~20 look-ups and a few dozen candidates."""

    def __init__(self) -> None:
        self.keys: dict[int, str] = {}
        self.table: dict[tuple[int, int], list[dict[str, list[int]]]] = {}  # (n, k) -> piece -> text -> ids

    def add(self, key: str, ident: int) -> None:
        self.keys[ident] = key
        n = len(key)
        for k in _edit_bounds(n):
            by_piece = self.table.get((n, k))
            if by_piece is None:
                by_piece = self.table[n, k] = [{} for _ in range(k + 1)]
            for (p, ln), d in zip(_pieces(n, k), by_piece, strict=True):
                d.setdefault(key[p:p + ln], []).append(ident)

    def candidates(self, key: str) -> set[int]:
        """Ids of every key with ``fuzz.ratio(key, t) >= 90``, and some others."""
        m = len(key)
        out: set[int] = set()
        table = self.table
        for n in _ratio90_lengths(m):
            by_piece = table.get((n, (m + n) // 10))
            if by_piece is None:
                continue
            for i, q, ln in _probes(m, n):
                ids = by_piece[i].get(key[q:q + ln])
                if ids:
                    out.update(ids)
        return out


class _HeadIndex:
    """Group heads indexed so a name is compared only with heads it could match.

    ``_same_person`` holds for equal keys (spaces ignored), for a shared surname,
    or for a whole-name ratio of 90 or more; each has its index (a dict, a dict,
    and ``Ratio90Index`` over the spaceless keys of multi-word heads), and the
    first group in order wins, as in a plain loop over every group. The ratio test
    was a rapidfuzz scan of every multi-word head per name (quadratic: 2.9 s of 4 s
    at 10,000 articles); now rapidfuzz scores, with the same scorer and cutoff,
    only the candidates ``Ratio90Index`` gives, so it accepts the same heads.
    """

    def __init__(self) -> None:
        self.heads: list[str] = []
        self.exact: dict[str, int] = {}
        self.squashed: dict[str, list[int]] = {}
        self.by_last: dict[str, list[int]] = {}
        self.near = Ratio90Index()  # spaceless keys of multi-word heads

    def add(self, head: str) -> None:
        i = len(self.heads)
        self.heads.append(head)
        self.exact.setdefault(head, i)
        nh = norm_name(head)
        sq = nh.replace(" ", "")
        self.squashed.setdefault(sq, []).append(i)
        toks = nh.split()
        if len(toks) >= 2:
            self.by_last.setdefault(toks[-1], []).append(i)
            self.near.add(sq, i)

    def first_match(self, key: str, name: str | None) -> int | None:
        """The first head equal to ``key`` or (``name`` given) the same person as ``name``."""
        cands = {self.exact[key]} if key in self.exact else set()
        if name is not None:
            nn = norm_name(name)
            sq = nn.replace(" ", "")
            cands.update(self.squashed.get(sq, ()))
            toks = nn.split()
            if len(toks) >= 2:
                cands.update(self.by_last.get(toks[-1], ()))
                near = self.near.candidates(sq)
                if near:
                    keys = self.near.keys
                    for _, _, j in process.extract(sq, {j: keys[j] for j in near}, scorer=fuzz.ratio,
                                                   score_cutoff=90, limit=None):
                        cands.add(j)
        for i in sorted(cands):
            if self.heads[i] == key or (name is not None and _same_person(name, self.heads[i])):
                return i
        return None


def resolve_entities(quotes: list[Quote], rules: RuleSet) -> tuple[list[Quote], list[Entity]]:
    """Merge name variants across the story set into canonical entities.

    Alias file first, then fuzzy matching of full names, then a bare surname or
    given name joins the one full name that contains it (never when two do)."""
    lex = lexicon(rules)
    names: Counter[str] = Counter()
    for q in quotes:
        for n in (q.speaker, q.channel):
            if n:
                names[n] += 1
    groups: list[list[str]] = []
    canon_of: dict[str, str] = {}
    heads = _HeadIndex()
    for n, _ in names.most_common():
        a = alias(n, lex)
        key = a or n
        i = heads.first_match(key, n if a is None else None)
        if i is not None:
            groups[i].append(n)
        else:
            heads.add(key)
            groups.append([key, n] if key != n else [n])
    # a short name joins the only multi-word group that holds it as a token
    multi = [g for g in groups if len(g[0].split()) >= 2]
    holders: dict[str, list[int]] = {}  # token -> multi-word groups holding it
    for k, m in enumerate(multi):
        for tok in set(norm_name(" ".join(m)).split()):
            holders.setdefault(tok, []).append(k)
    merged: list[list[str]] = []
    for g in groups:
        if len(g[0].split()) == 1 and not g[0].isupper():
            owners = holders.get(norm_name(g[0]), [])
            if len(owners) == 1:
                k = owners[0]
                multi[k].extend(g)
                for tok in set(norm_name(" ".join(g)).split()):
                    if k not in holders.setdefault(tok, []):
                        holders[tok].append(k)
                        holders[tok].sort()
                continue
        merged.append(g)
    entities: list[Entity] = []
    for g in merged:
        variants = sorted(set(g), key=lambda v: (-names[v], v))
        full = [v for v in variants if len(v.split()) >= 2]
        name = g[0] if alias(g[0], lex) == g[0] else (full[0] if full else variants[0])
        for v in g:
            canon_of[v] = name
        typ = name_type(name, lex)
        entities.append(Entity(name=name, type=typ if typ != "unknown" else "person" if len(
            name.split()) >= 2 else "unknown", variants=sorted(set(g))))
    # keep every spelling the articles used (mentions as written included)
    by_name = {e.name: e for e in entities}
    stripped: dict[str, str] = {}  # mention -> name; strip_title is pure for one rule set
    out: list[Quote] = []
    for q in quotes:
        upd = {}
        if q.speaker:
            upd["speaker"] = canon_of.get(q.speaker, q.speaker)
            e = by_name.get(upd["speaker"])
            seen = ""
            if q.speaker_span:
                seen = stripped.get(q.speaker_span.text, "")
                if not seen:
                    seen = stripped[q.speaker_span.text] = strip_title(q.speaker_span.text, lex)
            if e and seen and seen not in e.variants and seen[:1].isupper() and \
                    norm_name(seen) not in lex.pronoun_type:
                e.variants.append(seen)
        if q.channel:
            upd["channel"] = canon_of.get(q.channel, q.channel)
            if upd["channel"] == upd.get("speaker"):  # merged into the speaker: never its own channel
                upd["channel"], upd["channel_span"] = None, None
        out.append(q.model_copy(update=upd) if upd else q)
    return out, entities
