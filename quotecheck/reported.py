"""Reported speech: one article quotes a speaker, another retells the same words without quote
marks ("I saw a few men lying on the ground looking like they were dead," said Waheed / Waheed,
who gave only one name, said he saw several men lying dead on the ground).

Not a general indirect-speech extractor, which would guess speakers: only a speaker whom
another article of the story quotes on direct evidence (``link.REWORDED_EVIDENCE``) is looked
for, only by the names the story gives that speaker, and only as the subject of a cue verb
(``kind: reported_speech``, rules/en/reported.yml). A clause is kept only when it is the same
statement as one of that speaker's quotes in another article (``link.relate``, else
``link.reworded``: shared content stems, in order, the same negations), so a speaker's other
remarks never link. Pure: the report's articles, quotes, stories and entities in, a list of
``ReportedSpeech`` out; checks/reported.py reports the wording.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import regex
from pydantic import Field, field_validator

from quotecheck import link
from quotecheck import rules as rules_mod
from quotecheck.models import Article, Quote, Report, ReportedSpeech, Span
from quotecheck.rules import RuleFile, RuleSet, alternation, rule_kind
from quotecheck.textnorm import stem


@rule_kind("reported_speech")
class ReportedRules(RuleFile):
    """rules/en/reported.yml: the cue verbs of reported speech and where its clause ends."""

    cues: list[str] = Field(default_factory=list)  # said, recalled, ...
    telling: list[str] = Field(default_factory=list)  # told, tells: cues that take an addressee
    # who was told ("told AFP", "told reporters in Partmar"); required after ``telling``
    addressee: str = r"(?:\s+\S+){1,4}?"
    time_before_that: str = r"(?:\s+(?:on|in|at|last|earlier|later|this|during)\s[^,.;:!?\"“”‘’\n]{1,30}?(?=\s+that\s))"
    # a clause stops at sentence punctuation, a quote mark, and at ", <word>" for these words
    stop_after_comma: list[str] = Field(default_factory=list)
    apposition_chars: int = Field(100, ge=0)  # "Waheed, who gave only one name, said"
    clause_chars: int = Field(400, ge=20)
    min_words: int = Field(4, ge=1)
    # share of the longer side's content stems (names aside) the two must share: a report
    # drops words of the quote, but a long clause around a short quote's few words is another
    # statement
    mutual_share: float = Field(0.5, gt=0, le=1)
    # a clause never starts with these ("said on NBC's Meet the Press" is no reported speech)
    not_first: list[str] = Field(default_factory=list)
    # pronouns a report shifts from the quote ("I saw" → "he saw"): not a change of wording
    person_shift: list[str] = Field(default_factory=list)

    @field_validator("cues", "telling", "stop_after_comma", "person_shift", "not_first")
    @classmethod
    def _lower(cls, v: list[str]) -> list[str]:
        return [w.strip().casefold() for w in v if w.strip()]


@dataclass(frozen=True)
class Compiled:
    rules: ReportedRules
    after_name: regex.Pattern  # matched right after a speaker's name
    person_shift: frozenset[str]
    not_first: frozenset[str]
    cue_words: tuple[str, ...]  # every cue verb: where reported speech can be


def compiled(rules: RuleSet) -> Compiled | None:
    """The reported-speech pattern, built once per rule set; None without cues."""

    def build(rs: RuleSet) -> Compiled | None:
        rr = rs.one("reported_speech")
        if not isinstance(rr, ReportedRules) or not rr.cues:
            return None
        stops = f"(?i:{alternation(rr.stop_after_comma)})" if rr.stop_after_comma else r"(?!x)x"
        clause = (rf"(?:(?!,\s*(?:{stops})\b)[^.;:!?\"“”‘’\n]){{1,{rr.clause_chars}}}")
        said = rf"(?P<cue>(?i:{alternation(rr.cues)}))\b(?:{rr.time_before_that})?"
        told = (rf"|(?P<cue>(?i:{alternation(rr.telling)}))\b(?:{rr.addressee})(?=\s+that\s)"
                if rr.telling else "")
        pattern = (rf"(?P<app>\s*,[^,.;:!?\"“”‘’\n]{{1,{rr.apposition_chars}}},)?\s+"
                   rf"(?:{said}{told})(?:\s+that)?\s+(?P<clause>{clause})")
        where = f"{rr.source or 'reported_speech'}: {rr.id}"
        return Compiled(rr, rules_mod.compile_regex(pattern, where=where),
                        frozenset(rr.person_shift), frozenset(rr.not_first),
                        tuple(dict.fromkeys([*rr.cues, *rr.telling])))

    return rules.compiled("reported_speech", build)


def _is_name(mention: str) -> bool:
    """A mention written as a name ("Kang", "Ms. Kang", "Foreign Minister Kang Sok Hui"), not a
    description ("the foreign minister") or a pronoun: at most five words, each capitalised."""
    words = mention.split()
    return 0 < len(words) <= 5 and all(w[:1].isupper() for w in words)


def _name_forms(quoted: dict[str, list[link.QInfo]]) -> dict[str, str]:
    """Each way the story writes a speaker → the speaker: the canonical name, a surname of three
    letters or more, and every capitalised mention the story's quotes name them by ("Kang" for
    Kang Sok Hui). Story-local on purpose: a check against a store sees whole stories, not the
    batch-wide spellings entity resolution collects. A form two speakers share names neither."""
    seen: dict[str, set[str]] = defaultdict(set)
    for s, qis in quoted.items():
        forms = {s, *(m for qi in qis if _is_name(m := qi.quote.speaker_mention or ""))}
        last = s.split()[-1] if s.split() else ""
        if len(last) >= 3:
            forms.add(last)
        for f in forms:
            if f[:1].isupper():
                seen[f].add(s)
    return {f: next(iter(ss)) for f, ss in seen.items() if len(ss) == 1}


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s - 1 <= pos < e + 1 for s, e in spans)


@dataclass(frozen=True)
class Clause:
    """One reported clause of a named speaker, before it is compared with their quotes."""

    article_id: str
    speaker: str
    name: tuple[int, int]
    cue: tuple[int, int]
    clause: tuple[int, int]


def _name_ends(text: str, cue: int, apposition: int) -> list[int]:
    """Where a speaker's name can end before the cue at ``cue``: right before it ("Varga
    said"), or before an apposition ("Varga, who gave only her surname, said")."""
    e = len(text[:cue].rstrip())
    if e == cue:
        return []  # no space before the cue: inside a word or a token
    out = [e]
    if text[e - 1:e] == ",":
        k = text.rfind(",", max(0, e - 2 - apposition), e - 1)
        if k > 0:
            out.append(len(text[:k].rstrip()))
    return out


def _named_at(text: str, end: int, forms: dict[str, str], lengths: list[int]) -> tuple[int, str] | None:
    """The longest speaker form ending at ``end`` as whole words: (its start, the form)."""
    for n in lengths:
        i = end - n
        if i >= 0 and text[i:end] in forms and (i == 0 or not text[i - 1].isalnum()):
            return i, text[i:end]
    return None


def cue_positions(text: str, cues: tuple[str, ...]) -> list[int]:
    """Starts of the cue verbs as whole words, as written after a name: in lower case (a plain
    substring search per cue, much cheaper than one pattern over the text)."""
    return sorted(i for w in cues for i in rules_mod.word_hits(text, w))


def clauses_of(art: Article, forms: dict[str, str], quote_spans: list[tuple[int, int]],
               rc: Compiled, lengths: list[int]) -> list[Clause]:
    """Every clause of ``art`` reported after one of the speakers' names and a cue verb, outside
    the article's own quotes. One scan for the cue verbs, then a look back for a name: the
    cost is the article's cues, not its names times the story's spellings. ``lengths``: the
    forms' lengths, longest first (worked out once per story)."""
    text, out = art.text, []
    for at in cue_positions(text, rc.cue_words):
        for end in _name_ends(text, at, rc.rules.apposition_chars):
            named = _named_at(text, end, forms, lengths)
            if named is None or _inside(named[0], quote_spans):
                continue
            i, form = named
            m = rules_mod.match(rc.after_name, text, pos=end, rule=rc.rules.id)
            if m is None or m.start("cue") != at:
                continue
            s, e = m.span("clause")
            e = s + len(text[s:e].rstrip(" ,\t"))
            if any(qs < e and s < qe for qs, qe in quote_spans):
                continue
            words = text[s:e].split()
            if len(words) >= rc.rules.min_words and words[0].casefold() not in rc.not_first:
                out.append(Clause(art.id, forms[form], (i, end), m.span("cue"), (s, e)))
            break
    return sorted({cl.clause: cl for cl in out}.values(), key=lambda cl: cl.clause)


def _clause_info(cl: Clause, art: Article, story: str, stopwords: frozenset[str], idx: int) -> link.QInfo:
    s, e = cl.clause
    text = art.text[s:e]
    toks, norms, key, stems = link.quote_features(text, s, stopwords)
    q = Quote(id=f"{art.id}:r", article_id=art.id, start=s, end=e, text=text, open_mark="",
              close_mark=None, speaker=cl.speaker)
    return link.QInfo(idx, q, story, toks, norms, key, stems, cl.speaker, None, False, bag=Counter(stems))


def retells(rinfo: link.QInfo, qi: link.QInfo, c: link.Compiled, rc: Compiled,
            plain: dict[int, tuple[list[str], Counter[str]]] | None = None) -> link.Relation | None:
    """A clause that retells the quote: both of a statement's length (``conflict_min_words``
    words, ``reworded_min_stems`` stems), then the quote's relation to it, and *mutual*
    (``mutual_share`` of the longer side's stems shared too): a long clause that shares a
    short quote's few words ("Clinton's use of a private email server") says something else."""
    th = c.rules.thresholds
    if min(len(rinfo.norms), len(qi.norms)) < th.conflict_min_words or \
            min(len(rinfo.stems), len(qi.stems)) < th.reworded_min_stems:
        return None
    # every relation below shares at least this much of the shorter side's stems: a cheap
    # count first spares most pairs the alignment
    least = min(th.reworded_shared, th.variant, th.containment) * min(len(rinfo.stems), len(qi.stems))
    if link.shared_stems(rinfo.bag, qi.bag) < least:
        return None
    # mutual, on the words that are not names: one shared "near the Breltrik Cathedral" is
    # a place two statements mention, not one statement (before the alignment: cheaper)
    a, ac = _plain(rinfo, c, plain)
    b, bc = _plain(qi, c, plain)
    if link.shared_stems(ac, bc) < rc.rules.mutual_share * max(len(a), len(b), 1) or one_phrase(a, b):
        return None
    return link.relate(rinfo, qi, th) or link.reworded(rinfo, qi, th, c.negations)


def _longest_run(a: list[str], b: list[str]) -> tuple[int, int, int]:
    """The longest run of words ``a`` and ``b`` share: (start in a, start in b, length)."""
    best, prev = (0, 0, 0), [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best[2]:
                    best = (i - cur[j], j - cur[j], cur[j])
        prev = cur
    return best


def one_phrase(a: list[str], b: list[str]) -> bool:
    """Alike only through one shared phrase: outside their longest shared run, both still
    say something (two stems or more) and share nothing. "work would continue | while the river
    keeps rising" against "pump the water out | while the river keeps rising" are two statements."""
    i, j, n = _longest_run(a, b)
    ra, rb = a[:i] + a[i + n:], b[:j] + b[j + n:]
    return len(ra) >= 2 and len(rb) >= 2 and not set(ra) & set(rb)


def _plain(q: link.QInfo, c: link.Compiled,
           cache: dict[int, tuple[list[str], Counter[str]]] | None) -> tuple[list[str], Counter[str]]:
    """``_plain_stems`` with its counts, kept by ``idx`` (quotes ≥ 0, clauses < 0)."""
    got = None if cache is None else cache.get(q.idx)
    if got is None:
        a = _plain_stems(q, c)
        got = (a, Counter(a))
        if cache is not None:
            cache[q.idx] = got
    return got


def _plain_stems(q: link.QInfo, c: link.Compiled) -> list[str]:
    """Content stems of the words that are not capitalised inside the text (names)."""
    toks = link.quote_tokens(q)
    return [stem(t.norm) for k, t in enumerate(toks)
            if t.norm not in c.stopwords and not (k and t.upper)]


def _best(rinfo: link.QInfo, quotes: list[link.QInfo], c: link.Compiled, rc: Compiled,
          plain: dict[int, tuple[list[str], Counter[str]]]) -> tuple[link.Relation, list[str]] | None:
    """The relation to the speaker's quote it retells best, and every quote of that wording."""
    best, best_q, tried = None, None, set()
    for qi in quotes:
        if qi.key in tried:
            continue  # the same wording in another outlet: the same answer
        tried.add(qi.key)
        rel = retells(rinfo, qi, c, rc, plain)
        if rel is not None and (best is None or rel.similarity > best.similarity):
            best, best_q = rel, qi
    if best is None or best_q is None:
        return None
    return best, [qi.quote.id for qi in quotes if qi.key == best_q.key]


def find_reported(report: Report, infos: list[link.QInfo], rules: RuleSet) -> list[ReportedSpeech]:
    """Clauses of reported speech that retell a quote of the same speaker in another article of
    the story, in report order. ``infos``: ``link.prepare`` of this report."""
    rc, c = compiled(rules), link.compiled(rules)
    if rc is None:
        return []
    quoted: dict[str, dict[str, list[link.QInfo]]] = defaultdict(lambda: defaultdict(list))
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    of_article: dict[str, list[link.QInfo]] = defaultdict(list)
    for qi in infos:
        spans[qi.quote.article_id].append((qi.quote.start, qi.quote.end))
        of_article[qi.quote.article_id].append(qi)
        if qi.speaker and not qi.media_speaker and qi.quote.speaker_evidence in link.REWORDED_EVIDENCE:
            quoted[qi.story][qi.speaker].append(qi)
    arts = {a.id: a for a in report.articles}
    out: list[ReportedSpeech] = []
    n_of: Counter[str] = Counter()  # reported clauses numbered per article
    plain: dict[int, tuple[list[str], Counter[str]]] = {}
    n_clauses = 0
    for story in report.stories:
        by_speaker = quoted.get(story.id)
        if not by_speaker:
            continue
        forms = _name_forms(by_speaker)
        lengths = sorted({len(f) for f in forms}, reverse=True)
        for aid in story.article_ids:
            art = arts.get(aid)
            if art is None:
                continue
            for cl in clauses_of(art, forms, spans[aid], rc, lengths) if forms else []:
                others = [qi for qi in by_speaker[cl.speaker] if qi.quote.article_id != aid]
                n_clauses += 1
                rinfo = _clause_info(cl, art, story.id, c.stopwords, -n_clauses)
                found = _best(rinfo, others, c, rc, plain)
                # the article quotes the words itself (whoever it names): a summary of its own quote
                if found is None or _best(rinfo, of_article[aid], c, rc, plain) is not None:
                    continue
                rel, qids = found
                n_of[aid] += 1
                out.append(_model(cl, art, story.id, rel, qids, n_of[aid]))
    return out


def _span(art: Article, se: tuple[int, int]) -> Span:
    return Span(article_id=art.id, start=se[0], end=se[1], text=art.text[se[0]:se[1]])


def _model(cl: Clause, art: Article, story: str, rel: link.Relation, qids: list[str], n: int) -> ReportedSpeech:
    return ReportedSpeech(id=f"{art.id}:r{n}", article_id=art.id, story_id=story,
                          span=_span(art, cl.clause), speaker=cl.speaker,
                          speaker_span=_span(art, cl.name), cue_span=_span(art, cl.cue),
                          quote_ids=qids, relation=rel.relation, similarity=rel.similarity)

