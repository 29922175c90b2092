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

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, model_validator
from rapidfuzz import fuzz, process

from quotecheck import rules as R
from quotecheck.entities import (
    Lexicon,
    SpeechCues,
    alias,
    cue_forms,
    lexicon,
    name_type,
    norm_name,
    strip_title,
)
from quotecheck.models import Article, Entity, Quote, Segmentation, Span
from quotecheck.quotes import paragraphs
from quotecheck.rules import RuleFile, RuleSet, rule_kind

_WORDS = regex.compile(r"[\p{L}-]+")
_DETS = regex.compile(r"^(?:(?i:the|a|an|other|some|several|many|both|two|three)\s+)+")
_ANYWORD = regex.compile(r"\w")
_TO_STOP = regex.compile(r"[^.!?\n]*")
_DQUOTE = regex.compile(r"[\"“”]")
_ACCORDING = regex.compile(r"\s*(?i:according to)\s+")
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
        if self.where != "participle" and "(?P<speaker>" not in probe:
            raise ValueError(f"pattern {self.id!r} needs {{SPEAKER}} (or a group named 'speaker')")
        return self


@rule_kind("attribution_patterns")
class AttributionPatterns(RuleFile):
    """``attribution.yml``: ordered patterns."""

    patterns: list[Pattern] = []


# --------------------------------------------------------------------------- compiled


@dataclass
class _Compiled:
    lex: Lexicon
    patterns: list[tuple[Pattern, regex.Pattern]]
    cue_start: regex.Pattern  # a cue verb at the start of a quote
    any_cue: regex.Pattern
    subject: regex.Pattern  # a speaker at the start of a sentence
    subject_only: regex.Pattern  # just the subject at the start of a sentence
    headline: regex.Pattern  # "Kim Jong Un pledges to 'unconditionally' support"
    mention_re: regex.Pattern  # names with an optional title, for the entity index
    appos_re: regex.Pattern  # ", a police officer," after a name
    acronym_re: regex.Pattern  # "Korean Central News Agency (KCNA)"
    media_forms: set[str] = field(default_factory=set)


def _macros(rules: RuleSet, lex: Lexicon) -> dict[str, str]:
    forms: list[str] = []
    describe: list[str] = []
    for f in rules.of_kind("speech_cues"):
        assert isinstance(f, SpeechCues)
        for v in f.verbs:
            forms += cue_forms(v)
        for v in f.describe_verbs:
            describe += cue_forms(v)
    alts = "|".join(regex.escape(x).replace(r"\ ", r"\s+")
                    for x in sorted(set(forms), key=len, reverse=True)) or "(?!x)x"
    parts = "|".join(regex.escape(x) for x in sorted({f for f in forms if f.endswith("ing")},
                                                       key=len, reverse=True)) or "(?!x)x"
    desc = "|".join(regex.escape(x) for x in sorted(set(describe), key=len, reverse=True)) or "(?!x)x"
    who = rf"{lex.desc_re}|{lex.titled_re}|{lex.pron_re}"
    adv = (r"(?:(?i:also|later|then|previously|earlier|again|further|once|repeatedly|often|"
           r"recently|frequently|simply|just|flatly|bluntly|publicly|privately|separately|"
           r"had|has|have|would|will|reportedly|angrily|quickly|still|only|even|not|never|"
           r"told|wrote|said|added)\s+){0,2}")
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
        "APPOS": (r"(?:[^\S\n]*\([^()\n]{1,40}\))?(?:,\s+(?:(?i:a|an|the|who|which|whose|one|now|then|"
                  r"formerly|herself|himself|\d+)\b|[a-z])[^,\"“”()]{0,160}?,){0,2}"),
        "_CUEALT": alts,
    }


def _build(rules: RuleSet) -> _Compiled:
    lex = lexicon(rules)
    mac = _macros(rules, lex)
    pats: list[tuple[Pattern, regex.Pattern]] = []
    for f in rules.of_kind("attribution_patterns"):
        assert isinstance(f, AttributionPatterns)
        for p in f.patterns:
            src = p.pattern
            for k in MACROS:
                src = src.replace("{" + k + "}", mac[k])
            try:
                pats.append((p, R.compile_regex(rf"\G(?:{src})" if p.where == "after" else src)))
            except ValueError as exc:
                raise R.RuleError(f"{f.source}: rule {p.id!r}: {exc}") from exc
    return _Compiled(
        lex=lex, patterns=pats,
        cue_start=regex.compile(rf"\s*(?P<cue>{mac['_CUEALT']})(?!\w)"),
        any_cue=regex.compile(rf"(?<!\w)(?:{mac['_CUEALT']})(?!\w)"),
        subject=regex.compile(
            rf"(?:(?i:according\s+to)\s+(?P<channel>{lex.titled_re}|{lex.desc_re})(?:\s*\([^()]{{1,40}}\))?\s*,\s*"
            rf"|(?:[A-Z][^,.!?\"“”]{{0,80}},\s*))?"
            rf"(?P<speaker>{lex.desc_re}|{lex.titled_re}|{lex.pron_re}){mac['APPOS']}?\s+{mac['ADV']}"
            rf"(?P<cue>{mac['_CUEALT']})(?!\w)", regex.VERSION1),
        subject_only=regex.compile(
            rf"\G(?:(?i:according\s+to)\s+(?P<channel>{lex.titled_re}|{lex.desc_re})(?:\s*\([^()]{{1,40}}\))?\s*,\s*"
            rf"|(?:[A-Z][^,.!?\"“”]{{0,80}},\s*))??(?P<speaker>{lex.desc_re}|{lex.titled_re}|{lex.pron_re})\s",
            regex.VERSION1),
        headline=regex.compile(rf"(?P<speaker>{lex.titled_re})\s+(?P<cue>[a-z]+s)\b", regex.VERSION1),
        mention_re=regex.compile(
            rf"(?<![\w'’-])(?:(?P<title>(?:(?<![\w-])(?:[A-Z][\p{{L}}\p{{M}}.-]{{0,30}}|[a-z]{{1,20}}-[a-z]{{1,20}})\s+){{0,3}}"
            rf"(?<![\w-])(?i:{lex.title_re.pattern[7:-6]}))\s+)?(?P<name>{lex.name_re})", regex.VERSION1),
        appos_re=regex.compile(r"\G,\s+(?:a|an|the)\s+([^,\"“”()]{1,80}?)(?=[,.])"),
        acronym_re=regex.compile(r"\G\s*\(([A-Z][A-Z.&-]{1,9})\)"),
        media_forms=set(lex.media),
    )


def compiled(rules: RuleSet) -> _Compiled:
    return rules.compiled("attribution.patterns", _build)


# --------------------------------------------------------------------------- sentences

_ABBREV = {"mr", "mrs", "ms", "dr", "st", "sen", "gov", "rep", "gen", "lt", "col", "capt", "jr",
           "sr", "prof", "rev", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov",
           "dec", "no", "vs", "u.s", "u.k", "u.n", "e.g", "i.e", "inc", "corp", "co", "ltd", "mt",
           "ft", "ave", "gens", "sens", "reps", "n", "s"}
_BOUNDARY = regex.compile(r"[.!?]['\"”’»)]*\s+(?=['\"“‘«(]*[A-Z0-9])")
_LAST_WORD = regex.compile(r"[\w.]{0,12}$")


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
    lo, hi = 0, len(xs)
    while lo < hi:
        mid = (lo + hi) // 2
        if xs[mid] <= v:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


# --------------------------------------------------------------------------- article entities


@dataclass
class _Mention:
    start: int
    end: int
    name: str  # title stripped, alias applied
    type: str
    heads: set[str]  # lower-case words that describe it (title, apposition, own name)
    subject: bool = False  # first named entity of its sentence


@dataclass
class _Ctx:
    text: str
    article_id: str
    paras: list[tuple[int, int]]
    sents: list[int]
    mentions: list[_Mention]
    c: _Compiled
    full_names: dict[str, str] = field(default_factory=dict)  # surname/token -> full name
    spoken: list[tuple[int, str, str, frozenset[str]]] = field(default_factory=list)
    # (position, name, type, describing words) of every speaker found so far
    pstarts: list[int] = field(default_factory=list)
    mention_ends: list[int] = field(default_factory=list)

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
    for mt in (m for a, b in ranges
               for m in R.finditer(c.mention_re, text, rule="entity-index", pos=a, endpos=b)):
        if _in_heading(text, mt.start()):
            continue  # "Trump Supporting Ukraine": a subheading, not a name
        raw = mt.group("name")
        title = (mt.group("title") or "").lower()
        name = strip_title(raw, lex)
        if not name or not name[0].isupper():
            continue
        canon = alias(name, lex) or name
        typ = name_type(canon, lex)
        if title and typ == "unknown":
            typ = "person"
        if title and typ == "organization" and canon == name and not set(norm_name(name).split()) & lex.org_words:
            typ = "person"
        heads = set(title.split()) | {w.lower() for w in name.split()}
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
    line = text[a:b]
    return not any(ch in line for ch in ".!?:;\"“”")


# --------------------------------------------------------------------------- resolution


def _resolve(ctx: _Ctx, mention: str, pos: int) -> tuple[str | None, str]:
    """A mention as written -> (canonical name in this article, type). None: cannot tell."""
    lex = ctx.c.lex
    m = mention.strip()
    low = m.lower()
    if low in lex.pronoun_type:
        want = lex.pronoun_type[low]
        types = {"person": ("person",), "group": ("organization", "media", "person"),
                 "organization": ("organization", "media")}.get(want, ("person",))
        # the most recent of: a speaker of an earlier quote, a named sentence subject
        subj = next(((men.end, men.name, men.type) for men in ctx.before(pos)
                     if men.type in types and men.subject), None)
        said = next(((p, n, t) for p, n, t, _ in ctx.spoken_before(pos) if t in types), None)
        cands = [c for c in (subj, said) if c is not None]
        if cands:
            _, n, t = max(cands)
            return n, t
        for men in ctx.before(pos):
            if men.type in types:
                return men.name, men.type
        return None, "unknown"
    hit = alias(m, lex)
    if hit:
        return hit, lex.aliases[norm_name(m)][1]
    core = strip_title(m, lex)
    if core != m and _looks_like_name(core, lex):  # "transport chair Joan Achebe"
        m, low = core, core.lower()
    words = _WORDS.findall(low)
    is_desc = bool(words) and (words[0] in ("the", "a", "an", "another", "his", "her", "its", "their")
                               or not m[:1].isupper() or "'s " in low.replace("’", "'")
                               or words[-1] in lex.desc_type) and not _looks_like_name(m, lex)
    if is_desc:
        head = next((w for w in reversed(words) if w in lex.desc_type), words[-1])
        if " of " in f" {low} " or " for " in f" {low} ":  # "a spokesman for the ministry"
            head = next((w for w in words if w in lex.desc_type), head)
        plain = _DETS.sub("", m)
        if head in lex.anonymous:
            return plain, "unknown"
        mods = set(words) - {"the", "a", "an", head}
        cands = [(men.end, men.name, men.type, men.heads) for men in ctx.before(pos)
                 if pos - men.end < 4000 and head in men.heads]
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
    if " " not in name and name in ctx.full_names:
        name = ctx.full_names[name]
    return name, name_type(name, lex)


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
    for p, rx in ctx.c.patterns:
        if first is not None and p.where in ("after", "tail"):
            continue
        h = _one(ctx, p, rx, q, o_s, c_e, lo, hi, s_start, real_s0, s_end)
        if h is None:
            continue
        if p.where == "after" and ends_sentence:
            # “…end.” He voiced … : a new sentence about something else, not an attribution
            rest = _TO_STOP.match(text[h.end:h.end + 80]).group()
            if len(rest) > 40:
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


def _one(ctx: _Ctx, p: Pattern, rx: regex.Pattern, q: Quote, o_s: int, c_e: int, lo: int,
         hi: int, s_start: int, real_s0: int, s_end: int) -> _Hit | None:
    text = ctx.text
    if p.where == "after":
        mt = R.search(rx, text, rule=p.id, pos=c_e, endpos=min(hi, c_e + WINDOW))
        return _hit_from(mt, p, ctx) if mt else None
    if p.where == "before":
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
        return _hit_from(last, p, ctx) if last else None
    if p.where == "participle":
        mt = R.search(rx, text, rule=p.id, pos=max(s_start, o_s - WINDOW), endpos=o_s)
        if mt:
            sm = R.search(ctx.c.subject_only, text, rule=p.id, pos=real_s0, endpos=mt.start())
            if sm is not None:
                return _Hit(p.id, p.confidence, sm.span("speaker"), mt.span("cue"),
                            _group(sm, "channel"), mt.end())
        return None
    # tail: the rest of the writer's sentence, with no other quote in between
    mt = R.search(rx, text, rule=p.id, pos=c_e, endpos=min(s_end + 1, c_e + WINDOW, len(text)))
    if mt and not _DQUOTE.search(text[c_e:mt.start()]):
        return _hit_from(mt, p, ctx)
    return None


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


def build_context(article: Article, rules: RuleSet, quotes: list[Quote] | None = None) -> _Ctx:
    c = compiled(rules)
    text = article.text
    paras = paragraphs(text)
    sents = sentence_starts(text, paras)
    mentions, fulls = _index_mentions(text, _ranges(text, quotes), sents, c)
    return _Ctx(text, article.id, paras, sents, mentions, c, fulls)


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
        ps, pe = ctx.para_of(o_s)
        lo = max(ps, prev_close if prev is not None else 0)
        hi = marks[i + 1][0] if i + 1 < len(quotes) else len(text)
        hi = min(hi, pe)
        try:
            upd = _attribute_one(ctx, q, o_s, c_e, lo, hi, prev, prev_close)
        except R.RuleTimeout:  # a pathological stretch of text: leave this quote unattributed
            upd = {}
        nq = q.model_copy(update=upd)
        if nq.speaker:
            t = name_type(nq.speaker, ctx.c.lex)
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


def _attribute_one(ctx: _Ctx, q: Quote, o_s: int, c_e: int, lo: int, hi: int,
                   prev: Quote | None, prev_close: int) -> dict:
    """The Quote fields that name the speaker of one quote ({} when nobody is named)."""
    text = ctx.text
    h = _try(ctx, q, o_s, c_e, lo, hi)
    if h is not None:
        mention = text[h.speaker[0]:h.speaker[1]].strip(" ,")
        name, _typ = _resolve(ctx, mention, h.speaker[0])
        if name is not None:
            ch = h.channel or _sentence_channel(ctx, o_s, c_e, h.speaker)
            chname = None
            if ch is not None:
                chname, _ = _resolve(ctx, text[ch[0]:ch[1]].strip(" ,"), ch[0])
            return dict(speaker=name, speaker_span=_span(ctx, h.speaker), speaker_mention=mention,
                        cue=text[h.cue[0]:h.cue[1]] if h.cue else None, cue_span=_span(ctx, h.cue),
                        channel=chname, channel_span=_span(ctx, ch) if chname else None,
                        pattern=h.pattern, confidence=h.conf)
    return _inherit(ctx, q, o_s, prev, prev_close)


def _inherit(ctx: _Ctx, q: Quote, o_s: int, prev: Quote | None, prev_close: int) -> dict:
    """No cue of its own: continue the previous speaker, or the subject of the sentence before."""
    text = ctx.text
    ps, _ = ctx.para_of(o_s)
    after_attr = prev_close
    if prev is not None:
        for sp in (prev.speaker_span, prev.cue_span):
            if sp is not None and prev_close <= sp.start < o_s:
                after_attr = max(after_attr, sp.end)
    between = text[after_attr:o_s] if prev is not None else ""
    if prev is not None and prev.speaker and not ctx.c.any_cue.search(between) \
            and len(between) < 400 and "\n\n" not in between.strip() and prev_close >= ps:
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
    # a standalone quote: previous paragraph ended with an attributed quote, nothing between
    if prev is not None and prev.speaker and prev_close < ps and q.kind == "full" \
            and not text[ps:o_s].strip() and _only_attribution_between(ctx, prev_close, ps):
        return _copy_speaker(prev, "continuation-paragraph", 0.6)
    # the sentence before (same paragraph or the last of the previous one) has subject + cue
    before = ctx.sent_start(max(s0 - 1, 0))
    if before < s0:
        mt = ctx.c.subject.match(text, before, min(s0, before + WINDOW), timeout=R.REGEX_TIMEOUT)
        if mt:
            mention = mt.group("speaker").strip(" ,")
            name, _ = _resolve(ctx, mention, mt.start("speaker"))
            if name:
                return dict(speaker=name, speaker_span=_span(ctx, mt.span("speaker")),
                            speaker_mention=mention, cue=mt.group("cue"),
                            cue_span=_span(ctx, mt.span("cue")), pattern="previous-sentence-subject",
                            confidence=0.6)
    return {}


def _only_attribution_between(ctx: _Ctx, a: int, b: int) -> bool:
    """True when the text between two quotes is just the previous quote's attribution."""
    seg = ctx.text[a:b]
    return len(seg) < 120 and seg.count(".") <= 1 and "\n" in seg


def _copy_speaker(prev: Quote, pattern: str, conf: float) -> dict:
    return dict(speaker=prev.speaker, speaker_span=prev.speaker_span,
                speaker_mention=prev.speaker_mention, cue=prev.cue, cue_span=prev.cue_span,
                channel=prev.channel, channel_span=prev.channel_span, pattern=pattern,
                confidence=min(conf, prev.confidence))


# --------------------------------------------------------------------------- entities


def _same_person(a: str, b: str) -> bool:
    """Spelling variants of one name (Sergei/Sergey Lavrov, Vishwash Kumar/Viswashkumar)."""
    na, nb = norm_name(a), norm_name(b)
    if na == nb or na.replace(" ", "") == nb.replace(" ", ""):
        return True
    ta, tb = na.split(), nb.split()
    if len(ta) >= 2 and len(tb) >= 2:
        if ta[-1] == tb[-1] and fuzz.ratio(ta[0], tb[0]) >= 80:
            return True
        return fuzz.ratio(na.replace(" ", ""), nb.replace(" ", "")) >= 90
    return False


class _HeadIndex:
    """Group heads indexed so a name is compared only with heads it could match.

    ``_same_person`` holds for equal keys (spaces ignored), for a shared surname,
    or for a whole-name ratio of 90 or more; each has its index (a dict, a dict,
    rapidfuzz's C scan), and the first group in order wins, as in a plain loop
    over every group, which was quadratic in the number of names.
    """

    def __init__(self) -> None:
        self.heads: list[str] = []
        self.exact: dict[str, int] = {}
        self.squashed: dict[str, list[int]] = {}
        self.by_last: dict[str, list[int]] = {}
        self.multi_keys: list[str] = []
        self.multi_ids: list[int] = []

    def add(self, head: str) -> None:
        i = len(self.heads)
        self.heads.append(head)
        self.exact.setdefault(head, i)
        nh = norm_name(head)
        self.squashed.setdefault(nh.replace(" ", ""), []).append(i)
        toks = nh.split()
        if len(toks) >= 2:
            self.by_last.setdefault(toks[-1], []).append(i)
            self.multi_keys.append(nh.replace(" ", ""))
            self.multi_ids.append(i)

    def first_match(self, key: str, name: str | None) -> int | None:
        """The first head equal to ``key`` or (``name`` given) the same person as ``name``."""
        cands = {self.exact[key]} if key in self.exact else set()
        if name is not None:
            nn = norm_name(name)
            cands.update(self.squashed.get(nn.replace(" ", ""), ()))
            toks = nn.split()
            if len(toks) >= 2:
                cands.update(self.by_last.get(toks[-1], ()))
                for _, _, j in process.extract(nn.replace(" ", ""), self.multi_keys, scorer=fuzz.ratio,
                                               score_cutoff=90, limit=None):
                    cands.add(self.multi_ids[j])
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
    out: list[Quote] = []
    for q in quotes:
        upd = {}
        if q.speaker:
            upd["speaker"] = canon_of.get(q.speaker, q.speaker)
            e = by_name.get(upd["speaker"])
            seen = strip_title(q.speaker_span.text, lex) if q.speaker_span else ""
            if e and seen and seen not in e.variants and seen[:1].isupper() and \
                    norm_name(seen) not in lex.pronoun_type:
                e.variants.append(seen)
        if q.channel:
            upd["channel"] = canon_of.get(q.channel, q.channel)
        out.append(q.model_copy(update=upd) if upd else q)
    return out, entities
