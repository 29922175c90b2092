"""Stories, the quote graph and clusters.

Articles are grouped into stories first (comparisons stay inside a story).
Then every quote is turned into folded words and content stems; a blocking
index over content-stem bigrams proposes candidate pairs (never all pairs),
and each candidate is classified as a ``same``, ``excerpt`` or ``variant``
edge in a networkx graph. Clusters are built from that graph in two phases so
that a short fragment cannot chain two statements together: long quotes join
through any edge, a short quote attaches to at most one cluster. See
docs/link.md for the thresholds and how they were chosen.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import regex
from pydantic import BaseModel, ConfigDict, Field, field_validator
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from quotecheck import regexcache
from quotecheck.models import Article, Cluster, ClusterMember, Edge, Quote, Report, Story
from quotecheck.rules import RuleFile, RuleSet, longest_first, rule_kind
from quotecheck.textnorm import Token, content_stems, fold, same_key, stem, tokenize

if TYPE_CHECKING:
    import networkx as nx

    from quotecheck.models import BatchDigest

# --------------------------------------------------------------------------- rules


class _Sub(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Thresholds(_Sub):
    """Similarity thresholds; docs/link.md says how each was chosen on data."""

    min_link_words: int = Field(2, ge=1)  # no edge for a one-word scare quote
    variant: float = Field(0.85, gt=0, le=1)  # Indel similarity of content stems, whole quotes
    containment: float = Field(0.85, gt=0, le=1)  # share of a fragment's content stems found
    min_fuzzy_content_words: int = Field(3, ge=1)  # fuzzy containment only for fragments this long
    reorder_window: float = Field(2.0, ge=1)  # reordered words must sit within len*this
    chain_min_content_words: int = Field(5, ge=1)  # shorter quotes attach to one cluster only
    conflict_min_words: int = Field(5, ge=1)  # shorter overlaps never yield a speaker conflict
    # "reworded": the same speaker's statement retold in other words (docs/link.md)
    reworded_min_stems: int = Field(3, ge=1)  # content stems each quote needs
    reworded_shared: float = Field(0.6, gt=0, le=1)  # share of the shorter quote's stems in the other
    reworded_order: float = Field(0.8, gt=0, le=1)  # share of the shared stems in the same order
    reworded_max_ratio: float = Field(2.5, ge=1)  # longer / shorter, in content stems
    # "retold passages": one speaker's two quotes that share a sentence or a run of sentences
    # (the rest differs): the shared part is compared, never the whole (docs/link.md)
    part_min_shared: int = Field(4, ge=1)  # content stems the parts share in the same order
    part_max_sentences: int = Field(3, ge=1)  # a part is a run of at most this many sentences
    anchored_shared: float = Field(0.4, gt=0, le=1)  # enough shared stems when a figure and its noun are


class Blocking(_Sub):
    """The candidate index: content-stem bigrams with a document-frequency cap."""

    max_df: int = Field(1000, ge=2)  # a bigram in more quotes than this is too common to block on
    max_candidates: int = Field(100, ge=1)  # per quote, best-sharing candidates kept
    min_shared: int = Field(2, ge=1)  # bigrams a pair must share (1 for quotes with <= 3 bigrams)


class Stories(_Sub):
    """When two articles belong to one story."""

    window_days: int = Field(3, ge=0)  # publication dates further apart: never one story
    min_score: float = Field(0.3, ge=0)
    name_weight: float = 0.5  # idf-weighted share of the smaller article's names that the other has
    text_weight: float = 0.5  # tf-idf cosine of content stems
    shared_quote_bonus: float = 0.25  # the same quote (>= min_quote_words) in both
    min_quote_words: int = Field(8, ge=1)
    name_bonus: float = 0.05  # per shared SPECIFIC name, up to name_bonus_max names
    name_bonus_max: int = Field(4, ge=0)
    max_name_df: float = Field(0.8, gt=0, le=1)  # names in more articles than this share are ignored
    # A name's weight is log((N + name_prior_articles) / df): as if the batch came with this many
    # more articles that never mention it, so in a handful of articles every name weighs about
    # the same and in a big batch a name many articles carry (a region, an outlet) weighs little.
    name_prior_articles: int = Field(1000, ge=1)
    # A name is specific to a story when at most max(specific_min_df, specific_df_share * N)
    # articles carry it. Two articles join only when they share min_specific_names specific
    # names (one is enough together with a shared quote).
    specific_min_df: int = Field(20, ge=1)
    specific_df_share: float = Field(0.01, ge=0, le=1)
    min_specific_names: int = Field(2, ge=1)
    # A link must score at least this share of the best link one of its two articles has:
    # an article with close siblings does not also join a weaker neighbour (no chaining).
    near_best: float = Field(0.6, ge=0, le=1)


class Canonical(_Sub):
    """How the canonical wording of a cluster is chosen."""

    wire_weight: float = 0.5  # a wire agency's wording counts as this many extra sources


@rule_kind("link")
class LinkRules(RuleFile):
    """rules/link.yml: thresholds, stopwords and word classes for linking and severity."""

    thresholds: Thresholds = Thresholds()
    blocking: Blocking = Blocking()
    stories: Stories = Stories()
    canonical: Canonical = Canonical()
    stopwords: list[str] = Field(default_factory=list)
    wire_agencies: list[str] = Field(default_factory=list)
    negations: list[str] = Field(default_factory=list)
    number_words: list[str] = Field(default_factory=list)
    verb_markers: list[str] = Field(default_factory=list)  # "to", modals, pronouns: a verb follows
    verbs: list[str] = Field(default_factory=list)  # known verbs (any form)
    negating_prefixes: list[str] = Field(default_factory=list)
    name_stopwords: list[str] = Field(default_factory=list)  # capitalised but not names: weekdays...
    media_words: list[str] = Field(default_factory=list)  # "North Korean media": a channel, not a person

    @field_validator("stopwords", "negations", "number_words", "verb_markers", "verbs",
                     "name_stopwords")
    @classmethod
    def _lower(cls, v: list[str]) -> list[str]:
        return [w.strip().casefold() for w in v if w.strip()]


@dataclass(frozen=True)
class Compiled:
    """Lookup tables built once per rule set."""

    rules: LinkRules
    stopwords: frozenset[str]
    negations: frozenset[str]
    number_words: frozenset[str]
    verb_markers: frozenset[str]
    verb_stems: frozenset[str]
    wire: regex.Pattern
    name_stopwords: frozenset[str] = frozenset()
    media: regex.Pattern | None = None


def compiled(rules: RuleSet) -> Compiled:
    def build(rs: RuleSet) -> Compiled:
        lr = rs.one("link") or LinkRules(kind="link", id="link-defaults")
        assert isinstance(lr, LinkRules)
        alts = "|".join(regex.escape(w) for w in longest_first(lr.wire_agencies))
        wire = regexcache.compile(rf"(?<!\w)(?:{alts})(?!\w)" if alts else r"(?!x)x")
        return Compiled(
            lr, frozenset(lr.stopwords), frozenset(lr.negations), frozenset(lr.number_words),
            frozenset(lr.verb_markers), frozenset(stem(v) for v in lr.verbs), wire,
            frozenset(lr.stopwords) | frozenset(lr.name_stopwords),
            regexcache.compile(r"(?i)(?<!\w)(?:" + "|".join(map(regex.escape, lr.media_words)) + r")(?!\w)")
            if lr.media_words else None,
        )

    return rules.compiled("link", build)


# --------------------------------------------------------------------------- stories

_NAME = regexcache.compile(r"(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{M}]+")
_ARTICLE_WORD = regexcache.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’ʼ][\p{L}\p{M}\p{N}]+)*")
_SENT_START = regexcache.compile(r"(?:^|[.!?:\n\"“”'‘’#*|•-]\s*)$")


def article_names(text: str, stopwords: frozenset[str]) -> set[str]:
    """Capitalised words that are names here: who and where the story is about.

    Single words, not sequences, so "Foreign Minister Han" and "Han Song-mi"
    share "han". A word that starts a sentence counts only if the article also
    capitalises it mid-sentence ("However" never does, "Sorokin" does);
    ``stopwords`` holds function words, weekdays and months (every story has them).
    """
    mid: set[str] = set()
    for m in _NAME.finditer(text):
        w = m.group().casefold()
        # only the words seen mid-sentence are kept: one already kept needs no look back
        if w in mid or w in stopwords or len(w) < 3:
            continue
        if not _SENT_START.search(text[max(0, m.start() - 3):m.start()]):
            mid.add(w)
    return mid
class _DSU:
    """Union-find: components grow in near-linear time."""

    def __init__(self, n: int) -> None:
        self.p = list(range(n))

    def find(self, x: int) -> int:
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)
        return min(ra, rb)


@dataclass(frozen=True)
class Population:
    """Corpus-wide counts for grouping a few articles as ``group_stories`` would group them
    inside the whole corpus: how many articles there are, and in how many of them each name,
    content stem and long-quote key occurs (what rarity, idf and the posting-list cap read).

    The store's index keeps these counts, so an incoming article is grouped with only the
    stored stories it could touch (``quotecheck.storeindex``). Counts cover every article,
    the grouped ones included; a missing key counts 0.
    """

    n: int
    name_df: Mapping[str, int]
    stem_df: Mapping[str, int]
    quote_key_df: Mapping[str, int]

    def posting(self, key: str) -> int:
        """How many articles of the corpus a candidate posting key (``n:name``, ``q:key``) lists."""
        kind, _, word = key.partition(":")
        return (self.name_df if kind == "n" else self.quote_key_df).get(word, 0)


def _dates_ok(a: Article, b: Article, days: int) -> bool:
    return a.published is None or b.published is None or abs((a.published - b.published).days) <= days


def group_stories(report: Report, rules: RuleSet, *, one_story: bool = False,
                  digest: BatchDigest | None = None, population: Population | None = None) -> list[Story]:
    """Group articles that share specific names, quotes and vocabulary, published close together.

    Connected components of a "same story" relation. Candidate pairs come from
    an inverted index of names and long quotes (never all pairs). A pair is
    linked when (1) the publication dates are within ``window_days``; (2) it
    shares ``min_specific_names`` names that few articles of the batch carry
    (one, with a shared quote): a region, a country or an outlet is shared by
    unrelated stories; (3) its score (idf-weighted share of the smaller
    article's names + tf-idf text cosine + bonuses) reaches ``min_score``; and
    (4) the score is at least ``near_best`` times the best link one of the two
    articles has, so an article with close siblings does not also chain its
    story to a weaker neighbour. docs/link.md and docs/bench.md say how these
    were chosen (fixtures and the generated benchmark corpus).

    ``digest`` (``quotecheck.engine.digest``) carries each article's names, stem counts and
    quote keys as worked out at extraction; without it they are computed here.
    ``population``: corpus-wide counts when ``report`` holds only part of the corpus.
    """
    arts = report.articles
    if not arts:
        return []
    if digest is not None and len(digest.articles) != len(arts):
        digest = None
    if one_story or len(arts) == 1:
        reason = "--one-story" if one_story else "a single article"
        names = None if digest is None else digest.names()
        return [Story(id="s1", article_ids=[a.id for a in arts], label=_label(arts, arts, rules, names=names),
                      reason=reason)]
    c = compiled(rules)
    sr = c.rules.stories
    n = len(arts)
    all_names = (digest.names() if digest is not None
                 else [article_names(a.text, c.name_stopwords) for a in arts])
    name_df = Counter(population.name_df if population else (x for s in all_names for x in s))
    if population is not None:
        n = population.n  # rarity is the corpus's; the loops below run over len(arts)
    max_df = max(2, int(sr.max_name_df * n)) if n >= 20 else n  # small sets: every name counts
    names = [{x for x in s if name_df[x] <= max_df} for s in all_names]
    weight = {x: math.log((n + sr.name_prior_articles) / d) for x, d in name_df.items()}
    specific_df = max(sr.specific_min_df, sr.specific_df_share * n)
    mass = [sum(weight[x] for x in s) for s in names]
    vecs = _tfidf_vectors(arts, c, None if digest is None else digest.stem_counts(
        arts, lambda a: article_stem_counts(a.text, c.stopwords)), population)
    n = len(arts)
    qkeys: list[set[str]] = [set() for _ in arts]
    index_of = {a.id: i for i, a in enumerate(arts)}
    feats = None if digest is None else digest.quote_features(report.quotes)
    for k, q in enumerate(report.quotes):
        if q.article_id not in index_of:
            continue
        # len(norms) == len(tokenize(q.text)): the offsets tokenize shifts by do not change the words
        words, key = (len(tokenize(q.text)), None) if feats is None else (len(feats[k][0]), feats[k][1])
        if words >= sr.min_quote_words:
            qkeys[index_of[q.article_id]].add(same_key(q.text) if key is None else key)
    cap = 50  # posting lists longer than this are ignored for candidate generation only
    post: dict[str, list[int]] = defaultdict(list)
    for i in range(n):
        for key in [f"n:{x}" for x in names[i] if name_df[x] <= specific_df] + [f"q:{k}" for k in qkeys[i]]:
            post[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for plist in post.values():
        if (len(plist) if population is None else population.posting(key)) <= cap:
            pairs.update((plist[x], plist[y]) for x in range(len(plist)) for y in range(x + 1, len(plist)))
    links: list[tuple[int, int, float, str]] = []
    best = [0.0] * n
    for i, j in sorted(pairs):
        if not _dates_ok(arts[i], arts[j], sr.window_days):
            continue
        shared = names[i] & names[j]
        specific = [x for x in shared if name_df[x] <= specific_df]  # sorted only for a link's text
        squotes = len(qkeys[i] & qkeys[j])
        if len(specific) < sr.min_specific_names and not (specific and squotes):
            continue
        share = sum(weight[x] for x in shared) / max(1e-9, min(mass[i], mass[j]))
        vi, vj = vecs[i], vecs[j]
        if len(vi) > len(vj):
            vi, vj = vj, vi
        cos = sum(x * vj.get(w, 0.0) for w, x in vi.items())
        score = (sr.name_weight * share + sr.text_weight * cos
                 + sr.name_bonus * min(len(specific), sr.name_bonus_max)
                 + (sr.shared_quote_bonus if squotes else 0))
        if score < sr.min_score:
            continue
        best[i], best[j] = max(best[i], score), max(best[j], score)
        specific.sort(key=lambda x: (name_df[x], x))
        links.append((i, j, score, f"{arts[i].id}~{arts[j].id}: {len(specific)} specific shared names "
                      f"({', '.join(specific[:3])}…), name share {share:.2f}, text {cos:.2f}"
                      + (f", {squotes} shared quote(s)" if squotes else "")))
    dsu = _DSU(n)
    why: dict[int, list[str]] = defaultdict(list)
    for i, j, score, text in links:
        if score >= sr.near_best * min(best[i], best[j]):
            why[dsu.union(i, j)].append(text)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[dsu.find(i)].append(i)
    stories = []
    reasons: dict[int, list[str]] = defaultdict(list)
    for r, ws in why.items():
        reasons[dsu.find(r)].extend(ws)
    for k, members in enumerate(sorted(groups.values(), key=lambda g: g[0]), 1):
        group = [arts[i] for i in members]
        rs = reasons.get(dsu.find(members[0]), [])
        reason = ("; ".join(rs[:6]) + (f"; +{len(rs) - 6} more" if len(rs) > 6 else "")) if rs \
            else "no other article shares enough specific names, quotes or vocabulary with it"
        stories.append(Story(id=f"s{k}", article_ids=[a.id for a in group],
                             label=_label(group, arts, rules, names=[all_names[i] for i in members],
                                          name_df=name_df), reason=reason))
    return stories


def article_stem_counts(text: str, stopwords: frozenset[str]) -> dict[str, int]:
    """How often each content stem occurs in an article, in order of first occurrence.

    Stems as ``content_stems(tokenize(text))`` makes them, from a simpler word pattern
    (no line-wrap hyphens or digit groups: similarity does not need them) and without a
    Token per word: an article has thousands of words, and tokenising them was most of the
    time this stage took (half of it in the word regex). The order is kept because the
    cosine in ``group_stories`` sums in it (floats: another order, other last digits)."""
    counts: Counter[str] = Counter()
    for raw, k in Counter(_ARTICLE_WORD.findall(text)).items():  # fold, stem each distinct word once
        w = fold(raw)
        if w not in stopwords:
            counts[stem(w)] += k
    return counts


#: ``1 + log(k)`` for the small counts nearly every stem has, computed once (the same floats)
_SUBLINEAR_N = 256
_SUBLINEAR = [0.0] + [1 + math.log(k) for k in range(1, _SUBLINEAR_N)]


def _tfidf_vectors(arts: list[Article], c: Compiled, counts: list[dict[str, int]] | None = None,
                   population: Population | None = None) -> list[dict[str, float]]:
    """Unit-length tf-idf vectors of content stems (sublinear tf), one per article.

    ``counts``: each article's ``article_stem_counts`` when already known (a digest);
    ``population``: the corpus's document frequencies, when ``arts`` are part of it."""
    stems = counts if counts is not None else [article_stem_counts(a.text, c.stopwords) for a in arts]
    n = len(arts) if population is None else population.n
    stem_df = Counter(x for s in stems for x in s) if population is None else population.stem_df
    idf = {w: math.log((1 + n) / (1 + d)) + 1 for w, d in stem_df.items()}
    vecs = []
    tf = _SUBLINEAR
    for s in stems:
        v = {w: (tf[k] if k < _SUBLINEAR_N else 1 + math.log(k)) * idf[w] for w, k in s.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({w: x / norm for w, x in v.items()})
    return vecs


def _label(group: list[Article], arts: list[Article], rules: RuleSet, *,
           names: list[set[str]] | None = None, name_df: Counter | None = None) -> str:
    """The names most articles of the story mention; among equally common ones, the rarer
    in the batch first (the town, not the outlet or the region)."""
    c = compiled(rules)
    counts: Counter[str] = Counter()
    for s in names if names is not None else (article_names(a.text, c.name_stopwords) for a in group):
        counts.update(s)
    df = name_df or Counter()
    # Ties broken by the word itself: names come from sets, whose order changes between runs.
    top = sorted(counts.items(), key=lambda kv: (-kv[1], df.get(kv[0], 0), kv[0]))[:4]
    return ", ".join(w.title() for w, _ in top)


# --------------------------------------------------------------------------- quote features


@dataclass
class QInfo:
    """A quote prepared for linking."""

    idx: int
    quote: Quote
    story: str
    tokens: list[Token]  # [] when prepared from a digest until ``quote_tokens`` fills it
    norms: tuple[str, ...]
    key: str
    stems: list[str]
    speaker: str | None  # None when unknown or generic ("state media")
    channel: str | None
    wire: bool
    media_speaker: bool = False
    bag: Counter = field(default_factory=Counter)  # content stems with counts
    names: frozenset[str] = frozenset()  # stems of capitalised words inside sentences (parts only)
    # A quote the excerpt cuts off mid-word ("They were clearly sparing wom" at the very end of
    # a capped copy): its cut last word, left out of ``norms``/``stems``/``tokens`` (``cut_off``)
    cut: str = ""


def _effective_speaker(name: str | None) -> str | None:
    """A speaker counts only when it is a name: "state media" or "he" is unknown."""
    if not name or not any(ch.isupper() for ch in name):
        return None
    return name


def quote_tokens(info: QInfo) -> list[Token]:
    """The quote's words with offsets: ``info.tokens``, tokenised on first use when the
    info was prepared from a digest (only the checks' word diff needs offsets)."""
    if not info.tokens and info.norms:
        info.tokens = tokenize(info.quote.text, info.quote.start)[:len(info.norms)]
    return info.tokens


def cut_off(q: Quote, art: Article | None) -> bool:
    """The quote runs, unclosed, to the last character of a text that stops inside a word: a
    copy capped mid-word ("… clearly sparing wom"). Its last word is a fragment of a word, which
    must neither count as a word it shares nor show in a diff as a word it changed."""
    if q.close_mark is not None or art is None:
        return False
    text = art.text.rstrip()
    return q.end >= len(text) and text[-1:].isalpha() and q.text.rstrip()[-1:].isalpha()


def quote_features(text: str, start: int, stopwords: frozenset[str]) -> tuple[list[Token], tuple[str, ...],
                                                                             str, list[str]]:
    """A quote's words (offsets shifted by ``start``), their folded forms, its same-key and
    content stems: what linking compares. Per quote alone, so extraction can work it out."""
    toks = tokenize(text, start)
    return toks, tuple(t.norm for t in toks), same_key(text), content_stems(toks, stopwords)


def is_wire(art: Article, c: Compiled) -> bool:
    """A wire agency's copy: the agency is the outlet, in the dateline or in the opening lines."""
    return any(c.wire.search(x or "") for x in (art.outlet, art.dateline, art.text[:300]))


def prepare(report: Report, stories: list[Story], rules: RuleSet, *,
            digest: BatchDigest | None = None) -> list[QInfo]:
    """Every quote of the report ready for linking, in report order.

    ``digest`` carries each quote's ``quote_features`` and each article's ``is_wire``
    as worked out at extraction; without it they are computed here."""
    c = compiled(rules)
    story_of = {aid: s.id for s in stories for aid in s.article_ids}
    arts = {a.id: a for a in report.articles}
    feats: list | None = None
    if digest is not None and len(digest.articles) == len(report.articles):
        feats = digest.quote_features(report.quotes)
        wire_of = {a.id: d.wire for a, d in zip(report.articles, digest.articles, strict=True)}
    else:
        wire_of = {aid: is_wire(a, c) for aid, a in arts.items()}
    media = {same_key(e.name) for e in report.entities if e.type == "media"}
    # Whatever serves as a channel somewhere ("according to KCTA") relays words; so do the
    # initials of a media-like entity ("KCTA" for "Kaskar Central Telegraph Agency").
    # A quote's own speaker is never its channel (a pronoun in "she recounted, her voice
    # trembling" read as the channel must not make a witness a relay everywhere).
    media |= {same_key(q.channel) for q in report.quotes
              if q.channel and same_key(q.channel) != same_key(q.speaker or "")}
    for e in report.entities:
        if e.type == "media" or (c.media and c.media.search(e.name)):
            media.add("".join(w[0] for w in e.name.split() if w[:1].isupper()).casefold())
    out = []
    for i, q in enumerate(report.quotes):
        if feats is None:
            toks, norms, key, stems = quote_features(q.text, q.start, c.stopwords)
        else:
            toks, (norms, key, stems) = [], feats[i]
        cut = ""
        if len(norms) > 1 and cut_off(q, arts.get(q.article_id)):
            toks = tokenize(q.text, q.start)
            cut, toks = toks[-1].norm, toks[:-1]
            norms, stems = tuple(t.norm for t in toks), content_stems(toks, c.stopwords)
        spk = _effective_speaker(q.speaker)
        info = QInfo(i, q, story_of.get(q.article_id, ""), toks, norms, key, stems, spk, q.channel,
                     wire_of.get(q.article_id, False), cut=cut)
        info.media_speaker = bool(spk and (same_key(spk) in media or c.wire.search(spk)
                                           or (c.media and c.media.search(spk))))
        info.bag = Counter(info.stems)
        out.append(info)
    return out


# --------------------------------------------------------------------------- edges


def _contiguous(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    if len(short) > len(long):
        return False
    if len(short) == 0:
        return False
    first = short[0]
    k = len(short)
    return any(long[i:i + k] == short for i in range(len(long) - k + 1) if long[i] == first)


def _bag_window(short: list[str], long: list[str], factor: float) -> float:
    """Share of ``short``'s stems found, in any order, inside one window of ``long``."""
    need = Counter(short)
    width = max(len(short), int(len(short) * factor))
    best = 0
    for i in range(len(long)):
        if long[i] not in need:
            continue
        have: Counter[str] = Counter()
        for w in long[i:i + width]:
            if have[w] < need[w]:
                have[w] += 1
        best = max(best, sum(have.values()))
        if best == len(short):
            break
    return best / len(short) if short else 0.0


@dataclass(frozen=True)
class Relation:
    relation: str  # same | excerpt | variant
    similarity: float
    reordered: bool = False


def _completed(x: QInfo, y: QInfo) -> tuple[str, ...]:
    """``x``'s words, a cut last word completed from ``y`` where one of ``y``'s words starts
    with it ("wom" → "women"): what says that a capped copy quoted the same words."""
    if x.cut:
        for w in y.norms:
            if len(w) > len(x.cut) and w.startswith(x.cut):
                return (*x.norms, w)
    return x.norms


def relate(x: QInfo, y: QInfo, th: Thresholds) -> Relation | None:
    """How two quotes relate, or None. Pure: no speakers, no clusters."""
    if len(x.norms) < th.min_link_words or len(y.norms) < th.min_link_words:
        return None
    if x.key and x.key == y.key:
        return Relation("same", 1.0)
    short, long = (x, y) if len(x.norms) <= len(y.norms) else (y, x)
    if _contiguous(short.norms, long.norms):
        return Relation("excerpt", round(len(short.norms) / len(long.norms), 3))
    if x.cut or y.cut:
        xs, ys = _completed(x, y), _completed(y, x)
        s_, l_ = (xs, ys) if len(xs) <= len(ys) else (ys, xs)
        if _contiguous(s_, l_):
            return Relation("excerpt", round(len(s_) / len(l_), 3))
    ss, ls = short.stems, long.stems
    if len(ss) < th.min_fuzzy_content_words:
        return None
    # Every measure below is bounded by the share of stems the two have in common.
    if _shared_stems(short.bag, long.bag) < min(th.variant, th.containment) * len(ss):
        return None
    full = Indel.normalized_similarity(ss, ls)
    if full >= th.variant:
        return Relation("variant", round(full, 3))
    cont = _partial(ss, ls)
    if cont >= th.containment:
        return Relation("variant", round(cont, 3))
    bag = _bag_window(ss, ls, th.reorder_window) * 0.95  # reordered: never as good as in order
    if bag >= th.containment:
        return Relation("variant", round(bag, 3), reordered=True)
    return None


#: Speaker evidence strong enough to say that two quotes are one person's words
#: (``Quote.speaker_evidence``); a speaker guessed from context never links a retelling.
REWORDED_EVIDENCE = frozenset({"cue", "pronoun", "continuation", "interviewee"})


def same_speaker(x: QInfo, y: QInfo) -> bool:
    """Both quotes named to one person (after entity resolution), on real evidence."""
    if not x.speaker or not y.speaker or x.media_speaker or y.media_speaker:
        return False
    if x.quote.speaker_evidence not in REWORDED_EVIDENCE or y.quote.speaker_evidence not in REWORDED_EVIDENCE:
        return False
    return same_key(x.speaker) == same_key(y.speaker)


def reworded(x: QInfo, y: QInfo, th: Thresholds, negations: frozenset[str]) -> Relation | None:
    """The same speaker's statement in other words ("Every road closed is a heavy blow" /
    "Every single road closed is a severe blow"), or None.

    Content stems shared (``reworded_shared`` of the shorter quote), in the same order
    (``reworded_order`` of the shared ones) and the same negations on both sides; the
    similarity is the in-order share of the shorter quote. Only called for quotes of one
    named speaker: the speaker is what makes a loose overlap mean one statement. Two
    passages that share one sentence are not one statement (their word diff would be a
    false alarm), so quotes are compared whole, never sentence by sentence.
    """
    short, long = (x, y) if len(x.stems) <= len(y.stems) else (y, x)
    ss, ls = short.stems, long.stems
    if len(ss) < th.reworded_min_stems or len(ls) > th.reworded_max_ratio * len(ss):
        return None
    shared = _shared_stems(short.bag, long.bag)
    if shared < th.reworded_shared * len(ss):
        return None
    in_order = (len(ss) + len(ls) - Indel.distance(ss, ls)) // 2  # longest common subsequence
    if in_order < th.reworded_order * shared:
        return None
    if _negation_words(short.norms, negations) != _negation_words(long.norms, negations):
        return None  # "will" against "will not": another statement, not a retelling
    return Relation("reworded", round(in_order / len(ss), 3))


def _negation_words(norms: Iterable[str], negations: frozenset[str]) -> set[str]:
    """The negations of a quote: listed words and any "n't" form ("don't", "couldn't")."""
    return {w for w in norms if w in negations or w.endswith("n't")}


def speaker_pairs(infos: list[QInfo], blocking: Blocking) -> list[tuple[int, int]]:
    """Candidate pairs of one named speaker's quotes in one story, across articles: what
    finds a retelling whose words overlap too little for the bigram index. Each quote
    keeps its ``max_candidates`` nearest partners (report order), so a speaker quoted a
    thousand times costs no more than the bigram stage."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for qi in infos:
        if qi.speaker and not qi.media_speaker and qi.quote.speaker_evidence in REWORDED_EVIDENCE:
            groups[(qi.story, same_key(qi.speaker))].append(qi.idx)
    out: set[tuple[int, int]] = set()
    for ids in groups.values():
        for a in range(len(ids)):
            kept = 0
            for b in range(a + 1, len(ids)):
                if infos[ids[a]].quote.article_id == infos[ids[b]].quote.article_id:
                    continue
                out.add((ids[a], ids[b]))
                kept += 1
                if kept >= blocking.max_candidates:
                    break
    return sorted(out)


#: The only speaker evidence on which two people's similar words are linked (a cue verb with
#: its subject at the quote): a clash is worth reporting only when both names are direct.
CUE_EVIDENCE = frozenset({"cue"})


def clash_reworded(x: QInfo, y: QInfo, th: Thresholds, negations: frozenset[str]) -> Relation | None:
    """One statement retold in other words and given to two different people, or None.

    Both speakers named by a cue, clashing (``speakers_clash``), each quote at least
    ``conflict_min_words`` long, a ``reworded`` pair, and *mutual*: ``reworded_shared`` of
    the longer quote's content stems too (a retold whole statement, not a fragment against a
    longer pledge: Kim's "the root cause of the crisis" against Choe's longer pledge with it).
    """
    if x.quote.speaker_evidence not in CUE_EVIDENCE or y.quote.speaker_evidence not in CUE_EVIDENCE:
        return None
    if not speakers_clash(x, y) or min(len(x.norms), len(y.norms)) < th.conflict_min_words:
        return None
    rel = reworded(x, y, th, negations)
    if rel is None or _shared_stems(x.bag, y.bag) < th.reworded_shared * max(len(x.stems), len(y.stems)):
        return None
    return rel


def cross_speaker_pairs(infos: list[QInfo], c: Compiled) -> list[tuple[int, int]]:
    """Candidate pairs of cue-named quotes of *different* speakers in one story, across
    articles, that could be a mutual retelling (``clash_reworded``), each quote keeping its
    ``max_candidates`` best partners (most distinct stems shared).

    A retelling shares too few bigrams, so single stems are indexed, with prefix filtering:
    a mutual retelling shares at least ``need`` = ``reworded_shared`` x the quote's stems (less
    its own repeats) distinct stems with its partner, so two such quotes share one of their
    ``distinct - need + 1`` rarest stems (rarity among the story's cue-named quotes): only
    those are indexed. Exact, like the bound each partner is then checked against; stems in
    more than ``blocking.max_df`` quotes are skipped."""
    th, bl = c.rules.thresholds, c.rules.blocking
    cue = [qi for qi in infos if qi.speaker and not qi.media_speaker
           and qi.quote.speaker_evidence in CUE_EVIDENCE and len(qi.stems) >= th.reworded_min_stems
           and len(qi.norms) >= th.conflict_min_words]
    df: Counter[tuple[str, str]] = Counter((qi.story, w) for qi in cue for w in qi.bag)

    def need(qi: QInfo) -> float:
        return max(2.0, th.reworded_shared * len(qi.stems) - (len(qi.stems) - len(qi.bag)))

    post: dict[tuple[str, str], list[int]] = defaultdict(list)
    prefix: dict[int, list[str]] = {}
    for qi in cue:
        rare = sorted(qi.bag, key=lambda w: (df[(qi.story, w)], w))
        prefix[qi.idx] = rare[:max(1, len(rare) - math.ceil(need(qi)) + 1)]
        for w in prefix[qi.idx]:
            post[(qi.story, w)].append(qi.idx)
    out: set[tuple[int, int]] = set()
    for qi in cue:
        seen: set[int] = set()
        for w in prefix[qi.idx]:
            plist = post[(qi.story, w)]
            if len(plist) <= bl.max_df:
                seen.update(j for j in plist if j > qi.idx)
        me, art, keys = same_key(qi.speaker or ""), qi.quote.article_id, qi.bag.keys()
        scored = []
        for j in seen:
            other = infos[j]
            k = len(keys & other.bag.keys())
            if k < max(need(qi), need(other)) or other.quote.article_id == art:
                continue
            if same_key(other.speaker or "") != me:
                scored.append((-k, j))
        scored.sort()
        out.update((qi.idx, j) for _, j in scored[:bl.max_candidates])
    return sorted(out)


def add_reworded_edges(g: nx.Graph, infos: list[QInfo], c: Compiled) -> None:
    """Add a ``reworded`` edge for every same-speaker pair that no other edge joins, and
    for every pair of two cue-named speakers' mutual retelling (``clash_reworded``: an edge
    with ``clash``, which the checks report as a speaker conflict at warning).

    Runs on the client after any engine's pair stage (its input is the report's
    speakers, which every engine has), so local, --jobs and Dask agree."""
    th = c.rules.thresholds
    for i, j in speaker_pairs(infos, c.rules.blocking):
        if g.has_edge(i, j):
            continue
        x, y = infos[i], infos[j]
        if x.story != y.story or not same_speaker(x, y):
            continue
        rel = reworded(x, y, th, c.negations)
        if rel is not None and not _formula_only(x, y, c):
            g.add_edge(i, j, relation="reworded", similarity=rel.similarity, reordered=False, clash=False)
    for i, j in cross_speaker_pairs(infos, c):
        if g.has_edge(i, j) or infos[i].story != infos[j].story:
            continue
        rel = clash_reworded(infos[i], infos[j], th, c.negations)
        if rel is not None and not _formula_only(infos[i], infos[j], c):
            g.add_edge(i, j, relation="reworded", similarity=rel.similarity, reordered=False, clash=True)


def _formula_only(x: QInfo, y: QInfo, c: Compiled) -> bool:
    """Two whole quotes alike only through one shared phrase (``_shared_run``): not one statement."""
    return _shared_run(x, (0, len(quote_tokens(x))), y, (0, len(quote_tokens(y))), c) is not None


# --------------------------------------------------------------------------- retold passages

_SENTENCE_GAP = regexcache.compile(r"[.!?;]")


@dataclass(frozen=True)
class PartLink:
    """Two quotes of one speaker that carry one passage, the rest of them differing.

    ``x_part``/``y_part`` are token ranges ``[i, j)`` of ``quote_tokens`` of quotes ``x``/``y``
    (report quote indexes): the runs of sentences that match. The finding compares only those.
    """

    x: int
    y: int
    x_part: tuple[int, int]
    y_part: tuple[int, int]
    relation: str  # how the parts relate: same | excerpt | variant | reworded
    similarity: float


def sentence_ranges(q: QInfo) -> list[tuple[int, int]]:
    """Token ranges ``[i, j)`` of the quote's sentences: a new one starts after . ! ? or ;."""
    toks = quote_tokens(q)
    text, base = q.quote.text, q.quote.start
    out, s = [], 0
    for k in range(len(toks) - 1):
        if _SENTENCE_GAP.search(text, toks[k].end - base, toks[k + 1].start - base):
            out.append((s, k + 1))
            s = k + 1
    if toks:
        out.append((s, len(toks)))
    return out


def part_info(q: QInfo, i: int, j: int, stopwords: frozenset[str],
              starts: frozenset[int] = frozenset()) -> QInfo:
    """Tokens ``[i, j)`` of a quote prepared as if they were a quote of their own; ``names``
    are the stems of its capitalised words that do not open a sentence (``starts``)."""
    toks = quote_tokens(q)[i:j]
    base = q.quote.start
    stems = content_stems(toks, stopwords)
    names = frozenset(stem(t.norm) for k, t in enumerate(toks, i)
                      if t.upper and k not in starts and t.norm not in stopwords)
    return replace(q, tokens=toks, norms=tuple(t.norm for t in toks),
                   key=same_key(q.quote.text[toks[0].start - base:toks[-1].end - base]),
                   stems=stems, bag=Counter(stems), names=names)


def _in_order(a: list[str], b: list[str]) -> int:
    """Longest common subsequence of two stem lists (rapidfuzz Indel)."""
    return (len(a) + len(b) - Indel.distance(a, b)) // 2


def _negated(q: QInfo, shared: set[str], c: Compiled) -> frozenset[str]:
    """Negation words from the first to the last word the other quote shares: "when he
    couldn't, they fired" retells "they fired" (the negation lies outside the shared stretch)."""
    hits = [k for k, t in enumerate(q.tokens) if t.norm not in c.stopwords and stem(t.norm) in shared]
    if not hits:
        return frozenset()
    return frozenset(_negation_words((t.norm for t in q.tokens[hits[0]:hits[-1] + 1]), c.negations))


def _is_figure(w: str, c: Compiled) -> bool:
    return any(ch.isdigit() for ch in w) or w in c.number_words


def _figure_nouns(q: QInfo, c: Compiled) -> set[tuple[str, str]]:
    """A figure with the content word after it ("three bullets" -> ("three", "bullet")):
    what a retelling keeps. Figures as written (the stemmer makes "three" "thre")."""
    words = [t.norm for t in q.tokens if t.norm not in c.stopwords]
    return {(a, stem(b)) for a, b in zip(words, words[1:], strict=False)
            if _is_figure(a, c) and not _is_figure(b, c)}


def part_relation(a: QInfo, b: QInfo, c: Compiled,
                  story: tuple[int, Counter[str]] | None = None) -> Relation | None:
    """How two passages (``part_info``) of one speaker relate, or None.

    At least ``part_min_shared`` content stems in the same order on both sides, the same
    negations inside the shared stretch, and then: near-identical wording (``relate``), a
    ``reworded`` pair, or, with a figure and its noun in both ("three bullets"), a looser
    retelling (``anchored_shared`` of the shorter part's stems, ``reworded_order`` of them in
    order). Without a shared figure two remarks on one theme ("looks like a bomb") stay apart.
    """
    th = c.rules.thresholds
    need = th.part_min_shared
    if len(a.stems) < need or len(b.stems) < need or len(a.bag.keys() & b.bag.keys()) < need:
        return None
    if _in_order(a.stems, b.stems) < need:
        return None
    rel = relate(a, b, th) or _loosely_retold(a, b, c, story)
    if rel is None:
        return None
    shared = set(a.bag) & set(b.bag)
    if _negated(a, shared, c) != _negated(b, shared, c):
        return None
    return rel


def _loosely_retold(a: QInfo, b: QInfo, c: Compiled, story: tuple[int, Counter[str]] | None) -> Relation | None:
    """``reworded`` parts, or anchored by a shared figure and its noun (``part_relation``).

    Shares are weighted by rarity among the story's other quotes (``story``: its quote count and
    stem document frequencies; all 1.0 when None): words said in every quote ("people",
    "great") make any two quotes alike."""
    th = c.rules.thresholds
    need = th.part_min_shared
    # Loosely retold: names do not count. Two statements about one place share its name
    # ("the Rithkum Causeway") whatever they say; a retelling shares what was said.
    drop = a.names | b.names
    short, long = (a, b) if len(a.stems) <= len(b.stems) else (b, a)
    ss = [w for w in short.stems if w not in drop]
    ls = [w for w in long.stems if w not in drop]
    if len(ss) < need or len(ls) > th.reworded_max_ratio * len(ss):
        return None
    # Distinct words: a retelling shares different words, not one word said four times.
    common, own = set(ss) & set(ls), set(ss)
    n_shared = len(common)
    weight = _rarity(own, set(ls), story)
    share = sum(weight[w] for w in common) / (sum(weight.values()) or 1.0)
    if n_shared < need or share < th.anchored_shared:
        return None
    in_order = _in_order(ss, ls)
    if in_order < max(need, th.reworded_order * n_shared):
        return None
    if share >= th.reworded_shared or _figure_nouns(short, c) & _figure_nouns(long, c):
        return Relation("reworded", round(in_order / len(ss), 3))
    return None


def _windows(q: QInfo, most: int) -> list[tuple[int, int]]:
    """Runs of up to ``most`` consecutive sentences, as token ranges."""
    sents = sentence_ranges(q)
    return [(sents[i][0], sents[j][1]) for i in range(len(sents))
            for j in range(i, min(len(sents), i + most))]


#: Memo of one ``part_links`` run: a quote's windows (by quote index), their features (by
#: (index, window)), sentence starts, and the stories' stem document frequencies ("df").
PartCache = dict


def _parts_of(q: QInfo, c: Compiled, cache: PartCache) -> list[tuple[tuple[int, int], frozenset[str]]]:
    """A quote's windows with their distinct content stems, made once per quote (it meets many
    partners); the full features (``part_info``) only for windows that pass the cheap bound."""
    got = cache.get(q.idx)
    if got is None:
        toks = quote_tokens(q)
        need = c.rules.thresholds.part_min_shared
        got = cache[q.idx] = [(w, st) for w in _windows(q, c.rules.thresholds.part_max_sentences)
                              if len(st := frozenset(content_stems(toks[w[0]:w[1]], c.stopwords))) >= need]
    return got


def _part_of(q: QInfo, w: tuple[int, int], c: Compiled, cache: PartCache) -> QInfo:
    key = (q.idx, w)
    got = cache.get(key)
    if got is None:
        starts = cache.get(("starts", q.idx))
        if starts is None:
            starts = cache[("starts", q.idx)] = frozenset(i for i, _ in sentence_ranges(q))
        got = cache[key] = part_info(q, *w, c.stopwords, starts)
    return got


def best_part(x: QInfo, y: QInfo, c: Compiled, cache: PartCache | None = None) -> PartLink | None:
    """The runs of sentences of ``x`` and ``y`` that carry one passage, the tightest match
    first (most stems in order over both parts' stems), or None."""
    th = c.rules.thresholds
    need = th.part_min_shared
    if len(x.bag.keys() & y.bag.keys()) < need or _in_order(x.stems, y.stems) < need:
        return None  # cheap bounds: no part shares more, or more in order, than the whole quotes
    cache = {} if cache is None else cache
    best: tuple[tuple, PartLink] | None = None
    for wa, set_a in _parts_of(x, c, cache):
        for wb, set_b in _parts_of(y, c, cache):
            if len(set_a & set_b) < need:
                continue
            a, b = _part_of(x, wa, c, cache), _part_of(y, wb, c, cache)
            rel = part_relation(a, b, c, cache.get("df", {}).get(x.story))
            if rel is None:
                continue
            tight = 2 * _in_order(a.stems, b.stems) / (len(a.stems) + len(b.stems))
            score = (tight, rel.similarity, -len(a.norms) - len(b.norms), -wa[0], -wb[0])
            if best is None or score > best[0]:
                best = (score, PartLink(x.idx, y.idx, wa, wb, rel.relation, rel.similarity))
    if best is None:
        return None
    p = best[1]
    if p.relation == "reworded":
        run = _shared_run(x, p.x_part, y, p.y_part, c)
        if run is not None:
            return run
    shared = set(part_info(x, *p.x_part, c.stopwords).bag) & set(part_info(y, *p.y_part, c.stopwords).bag)
    return replace(p, x_part=_trimmed(x, p.x_part, shared, c), y_part=_trimmed(y, p.y_part, shared, c))


def _shared_run(x: QInfo, xp: tuple[int, int], y: QInfo, yp: tuple[int, int], c: Compiled) -> PartLink | None:
    """The longest run of identical words of two loosely matching passages, as a ``same``
    link, when it explains their likeness: at least ``conflict_min_words`` long, and outside
    it the passages share less than ``anchored_shared`` of the shorter rest's content stems. Two statements that
    end on one formula ("… and the questions will be answered") share a phrase, they are not
    one passage retold (so no word diff: the rest is not an alteration)."""
    th = c.rules.thresholds
    a, b = [t.norm for t in quote_tokens(x)[xp[0]:xp[1]]], [t.norm for t in quote_tokens(y)[yp[0]:yp[1]]]
    best, end_a, end_b = 0, 0, 0
    prev = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best:
                    best, end_a, end_b = cur[j], i, j
        prev = cur
    if best < th.conflict_min_words:
        return None
    rest_a = [stem(w) for k, w in enumerate(a) if not end_a - best <= k < end_a and w not in c.stopwords]
    rest_b = [stem(w) for k, w in enumerate(b) if not end_b - best <= k < end_b and w not in c.stopwords]
    shorter = min(len(rest_a), len(rest_b))
    if not shorter or _shared_stems(Counter(rest_a), Counter(rest_b)) >= th.anchored_shared * shorter:
        return None  # the rest is retold too ("every … heavy blow" / "every single … severe blow")
    return PartLink(x.idx, y.idx, (xp[0] + end_a - best, xp[0] + end_a),
                    (yp[0] + end_b - best, yp[0] + end_b), "same", 1.0)


_CLAUSE_GAP = regexcache.compile(r"[,;:.!?\u2013\u2014]|\s-\s")


def _trimmed(q: QInfo, part: tuple[int, int], shared: set[str], c: Compiled) -> tuple[int, int]:
    """``part`` without a lead-in or tail clause of at most two content words that holds none
    of the shared stems ("When he couldn't," before "they pumped three bullets"): it is not
    what both tell. A longer clause stays even when nothing in it is shared: it may be the
    other fact ("the other smashing the window")."""
    toks = quote_tokens(q)
    text, base = q.quote.text, q.quote.start
    cuts = [part[0]] + [k + 1 for k in range(part[0], part[1] - 1)
                        if _CLAUSE_GAP.search(text, toks[k].end - base, toks[k + 1].start - base)] + [part[1]]
    clauses = list(zip(cuts, cuts[1:], strict=False))

    def lead_in(cl: tuple[int, int]) -> bool:
        words = [t.norm for t in toks[cl[0]:cl[1]] if t.norm not in c.stopwords]
        return len(words) <= 2 and not any(stem(w) in shared for w in words)

    while len(clauses) > 1 and lead_in(clauses[0]):
        clauses.pop(0)
    while len(clauses) > 1 and lead_in(clauses[-1]):
        clauses.pop()
    return clauses[0][0], clauses[-1][1]


def story_df(infos: list[QInfo]) -> dict[str, tuple[int, Counter[str]]]:
    """Per story, its number of quotes and in how many of them each content stem occurs."""
    df: dict[str, Counter[str]] = defaultdict(Counter)
    n: Counter[str] = Counter()
    for qi in infos:
        n[qi.story] += 1
        df[qi.story].update(qi.bag.keys())
    return {st: (n[st], d) for st, d in df.items()}


def _rarity(words: set[str], other: set[str], story: tuple[int, Counter[str]] | None) -> dict[str, float]:
    """Each word's weight: log((M + 1) / (d + 0.5)) over the M *other* quotes of the story, d of
    them carrying it (the two compared quotes never count: a shared word is in both)."""
    if story is None:
        return {w: 1.0 for w in words}
    n, df = story
    m = max(0, n - 2)
    return {w: math.log((m + 1) / (max(0, df.get(w, 0) - 1 - (w in other)) + 0.5)) for w in words}


def part_links(infos: list[QInfo], rules: RuleSet,
               joined: Callable[[int, int], bool] = lambda i, j: False) -> list[PartLink]:
    """Retold passages: pairs of one named speaker's quotes (``speaker_pairs``) in one story
    that no cluster joins (``joined``) and that share a run of sentences (``best_part``).

    Two statements that share one sentence are not one statement: only the shared part
    is linked, so its word diff is the finding and the rest is never called altered.
    """
    c = compiled(rules)
    out = []
    cache: PartCache = {"df": story_df(infos)}
    for i, j in speaker_pairs(infos, c.rules.blocking):
        x, y = infos[i], infos[j]
        if x.story != y.story or not same_speaker(x, y) or joined(i, j):
            continue
        p = best_part(x, y, c, cache)
        if p is not None:
            out.append(p)
    return out


def _shared_stems(a: Counter, b: Counter) -> int:
    """``sum((a & b).values())`` (stems the two bags share, with multiplicity) without
    building the intersection Counter: the same integer, a third of the time."""
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    n = 0
    for w, k in a.items():
        m = get(w)
        if m:
            n += k if k < m else m
    return n


shared_stems = _shared_stems  # public: the reported-speech stage measures clauses the same way


def _partial(short: list[str], long: list[str]) -> float:
    """Best in-order match of ``short`` against a same-length window of ``long`` (rapidfuzz)."""
    vocab: dict[str, str] = {}
    a = "".join(vocab.setdefault(w, chr(0x4E00 + len(vocab))) for w in short)
    b = "".join(vocab.setdefault(w, chr(0x4E00 + len(vocab))) for w in long)
    return fuzz.partial_ratio(a, b) / 100.0


def _name_parts(name: str) -> frozenset[str]:
    """Folded words of a speaker name (titles and honorifics are already stripped by attribution)."""
    return frozenset(same_key(t) for t in name.split()) - {""}


def speakers_clash(x: QInfo, y: QInfo) -> bool:
    """Both speakers named, different, and neither relays the other (Kim via KCNA).

    A name that is part of the other ("Pak" and "Pak Sang-gil", "Kumar" and
    "Vishwash Kumar") is the same person written short, not a second speaker: entity
    merging leaves such pairs apart when the short name fits several people of the batch.
    """
    if not x.speaker or not y.speaker:
        return False
    kx, ky = same_key(x.speaker), same_key(y.speaker)
    if kx == ky:
        return False
    if x.channel and same_key(x.channel) == ky or y.channel and same_key(y.channel) == kx:
        return False
    px, py = _name_parts(x.speaker), _name_parts(y.speaker)
    if px and py and (px <= py or py <= px):
        return False
    return not (x.media_speaker or y.media_speaker)


# The pair stage in small pure pieces, so that an engine can run it anywhere: a quote's
# blocking keys (``blocking_keys``), the pairs one key group proposes (``same_key_pairs``,
# ``shared_bigram_pairs``), a quote's partners among them (``select_partners``) and the
# edge of one pair (``pair_edge``). ``candidate_pairs`` + ``score_pairs`` run them here;
# quotecheck/dask_engine.py runs the same functions on Dask workers.

BlockKey = tuple[str, ...]  # ("=", story, same_key) or ("b", story, stem, stem)
EdgeTriple = tuple[int, int, dict]  # (quote index, larger quote index, edge attributes)
PairStage = Callable[[list["QInfo"], RuleSet], Iterable[EdgeTriple]]


def quote_bigrams(stems: list[str]) -> set[tuple[str, str]]:
    """The content-stem bigrams a quote is indexed under."""
    return set(zip(stems, stems[1:], strict=False))


def blocking_keys(key: str, stems: list[str], story: str = "") -> list[BlockKey]:
    """Every blocking group a quote belongs to: its same-key (if any) and each distinct bigram.

    Keys are per story: quotes of two stories are never linked, so they must not
    compete for a quote's ``max_candidates`` places nor make a bigram look common
    (across the whole batch that grew with the square of its size). Pure and per
    quote, so a distributed engine can emit ``(key, quote index)`` records on any
    worker and group them by key.
    """
    out: list[BlockKey] = [("=", story, key)] if key else []
    out.extend(("b", story, a, b) for a, b in sorted(quote_bigrams(stems)))
    return out


def same_key_pairs(ids: list[int], blocking: Blocking) -> Iterator[tuple[int, int]]:
    """One same-key group (ascending ids): each quote pairs with the next ``max_candidates``."""
    for a in range(len(ids)):
        for b in range(a + 1, min(len(ids), a + 1 + blocking.max_candidates)):
            yield ids[a], ids[b]


def shared_bigram_pairs(ids: list[int], blocking: Blocking) -> Iterator[tuple[int, int]]:
    """Every pair of one bigram's quotes (ascending ids); none when more than ``max_df`` carry it.

    Summed over all bigram groups, a pair's count is the number of useful
    bigrams the two quotes share: what ``select_partners`` ranks by.
    """
    if len(ids) > blocking.max_df:
        return
    for a in range(len(ids)):
        for b in range(a + 1, len(ids)):
            yield ids[a], ids[b]


def select_partners(counts: dict[int, int], n_grams: int, blocking: Blocking) -> list[int]:
    """A quote's candidates: partners sharing enough bigrams, the ``max_candidates`` best.

    Ties are broken by quote index, not by hash order, so every engine (and
    every run) keeps the same partners when the cap bites.
    """
    need = 1 if n_grams <= 3 else blocking.min_shared
    cap = blocking.max_candidates
    if len(counts) <= cap:
        return [j for j, k in counts.items() if k >= need]
    # The cap-th best count: every partner above it is kept, partners at it by lowest index.
    cut = max(need, sorted(counts.values(), reverse=True)[cap - 1])
    keep = [j for j, k in counts.items() if k > cut]
    if len(keep) < cap:
        keep += sorted(j for j, k in counts.items() if k == cut)[:cap - len(keep)]
    return keep


def candidate_pairs(infos: list[QInfo], blocking: Blocking) -> Iterable[tuple[int, int]]:
    """Pairs that share a content-stem bigram (or a same-key); never all pairs.

    A bigram carried by more than ``max_df`` quotes says nothing about which
    statement a quote is, so it is skipped; each quote keeps only its
    ``max_candidates`` best-sharing partners.
    """
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    post: dict[tuple[str, str, str], list[int]] = defaultdict(list)  # (story, stem, stem): see blocking_keys
    grams: list[list[tuple[str, str, str]]] = []
    for qi in infos:
        if qi.key:
            by_key[(qi.story, qi.key)].append(qi.idx)
        g = [(qi.story, a, b) for a, b in quote_bigrams(qi.stems)]
        grams.append(g)
        for b in g:
            post[b].append(qi.idx)
    seen: set[tuple[int, int]] = set()
    for ids in by_key.values():
        seen.update(same_key_pairs(ids, blocking))
    for qi in infos:
        # Counted per quote from the posting lists (what summing shared_bigram_pairs over
        # the groups gives) so that only one quote's counts are in memory at a time.
        counts: Counter[int] = Counter()
        own = grams[qi.idx]
        for b in own:
            plist = post[b]
            if len(plist) > blocking.max_df:
                continue
            counts.update(plist)
        counts.pop(qi.idx, None)
        for other in select_partners(counts, len(own), blocking):
            seen.add((qi.idx, other) if qi.idx < other else (other, qi.idx))
    return sorted(seen)


def pair_edge(x: QInfo, y: QInfo, th: Thresholds) -> dict | None:
    """The edge between two candidate quotes (relation, similarity, reordered, clash), or None."""
    if x.quote.article_id == y.quote.article_id or x.story != y.story:
        return None
    rel = relate(x, y, th)
    if rel is None:
        return None
    clash = speakers_clash(x, y)
    if clash:
        shorter = min(len(x.norms), len(y.norms))
        # Two people can share words; a clash is only believable for identical,
        # long enough wording (then it is a speaker_conflict, not a non-link).
        if rel.relation == "variant" or shorter < th.conflict_min_words:
            return None
    return {"relation": rel.relation, "similarity": rel.similarity, "reordered": rel.reordered,
            "clash": clash}


def score_pairs(infos: list[QInfo], pairs: Iterable[tuple[int, int]], th: Thresholds) -> Iterator[EdgeTriple]:
    """The edges among candidate pairs, in the pairs' order."""
    for i, j in pairs:
        d = pair_edge(infos[i], infos[j], th)
        if d is not None:
            yield i, j, d


def story_parts(infos: list[QInfo], n: int) -> list[list[QInfo]]:
    """Whole stories in ``n`` parts of about equal work, each in ascending quote order.

    Blocking keys are per story and ``pair_edge`` never links two stories, so the
    pair stage of each part alone (``part_edges``) gives exactly that part's edges.
    Work is estimated as the quotes' candidate pairs (at most ``max_candidates``
    per quote); stories go biggest first to the least loaded part.
    """
    by_story: dict[str, list[QInfo]] = defaultdict(list)
    for qi in infos:
        by_story[qi.story].append(qi)
    load = [0] * n
    parts: list[list[QInfo]] = [[] for _ in range(n)]
    for story in sorted(by_story, key=lambda s: (-len(by_story[s]), s)):
        k = min(range(n), key=lambda x: (load[x], x))
        parts[k].extend(by_story[story])
        load[k] += len(by_story[story]) * min(len(by_story[story]), 100)
    for p in parts:
        p.sort(key=lambda qi: qi.idx)
    return parts


def part_edges(part: list[QInfo], blocking: Blocking, th: Thresholds) -> list[EdgeTriple]:
    """The edges among ``part`` (whole stories, ascending ``idx``), by report quote index.

    ``candidate_pairs`` indexes quotes by position, so the part is numbered 0..n-1
    here; the numbering keeps the order of ``idx``, which is all that its tie-breaks
    (``same_key_pairs``, ``select_partners``) look at.
    """
    local = [replace(qi, idx=k) for k, qi in enumerate(part)]
    return [(part[i].idx, part[j].idx, d)
            for i, j, d in score_pairs(local, candidate_pairs(local, blocking), th)]


def build_graph(infos: list[QInfo], rules: RuleSet,
                pairs: Iterable[tuple[int, int]] | None = None,
                edges: Iterable[EdgeTriple] | None = None) -> nx.Graph:
    """Nodes are quote indexes; edges carry relation, similarity and whether speakers clash.

    ``edges`` (sorted by pair) comes from another engine's pair stage; the graph
    is then built in the same order as here, so clusters come out the same.
    """
    import networkx as nx  # here, not at the top: ``quotecheck rules`` never pays its import

    c = compiled(rules)
    g = nx.Graph()
    g.add_nodes_from(q.idx for q in infos)
    if edges is None:
        pairs = candidate_pairs(infos, c.rules.blocking) if pairs is None else pairs
        edges = score_pairs(infos, pairs, c.rules.thresholds)
    for i, j, d in edges:
        g.add_edge(i, j, **d)
    add_reworded_edges(g, infos, c)
    return g


# --------------------------------------------------------------------------- clusters

_RANK = {"same": 3, "excerpt": 2, "variant": 1, "reworded": 0}


def _is_short(q: QInfo, th: Thresholds) -> bool:
    return len(q.stems) < th.chain_min_content_words


def clusters_from_graph(g: nx.Graph, infos: list[QInfo], rules: RuleSet) -> list[list[int]]:
    """Connected groups, guarded against chaining through a short fragment.

    Phase 1 joins long quotes (and identical short ones) through any edge, but
    a variant edge may not join two groups whose named speakers differ.
    Phase 2 attaches each remaining group of short quotes to the ONE group it
    matches best, so "root cause" cannot glue Kim's pledge to Choe's.
    """
    th = compiled(rules).rules.thresholds
    dsu = _DSU(len(infos))
    # Only people can clash: a channel or outlet ("KCNA", "state media") relays, it does not speak.
    speakers: dict[int, set[str]] = {q.idx: ({same_key(q.speaker)} if q.speaker and not q.media_speaker
                                             else set()) for q in infos}

    def merge(a: int, b: int) -> None:
        ra, rb = dsu.find(a), dsu.find(b)
        if ra != rb:
            r = dsu.union(ra, rb)
            speakers[r] = speakers[ra] | speakers[rb]

    strong, weak = [], []
    for a, b, d in g.edges(data=True):
        both_long = not _is_short(infos[a], th) and not _is_short(infos[b], th)
        (strong if both_long or d["relation"] == "same" else weak).append((a, b, d))
    strong.sort(key=lambda e: (-_RANK[e[2]["relation"]], -e[2]["similarity"], e[0], e[1]))
    for a, b, d in strong:
        ra, rb = dsu.find(a), dsu.find(b)
        if ra == rb:
            continue
        if d["relation"] == "variant" and speakers[ra] and speakers[rb] and not speakers[ra] & speakers[rb]:
            continue  # two different people's similar words: keep apart
        merge(a, b)
    # Phase 2: a short group attaches to its single best partner group.
    best: dict[int, tuple[tuple, int]] = {}
    for a, b, d in weak:
        for s, other in ((a, b), (b, a)):
            if not _is_short(infos[s], th):
                continue
            if _is_short(infos[other], th) and len(infos[other].norms) <= len(infos[s].norms):
                continue  # attach short to longer only
            rs, ro = dsu.find(s), dsu.find(other)
            if rs == ro:
                continue
            score = (_RANK[d["relation"]], d["similarity"], len(infos[other].norms), -other)
            if rs not in best or score > best[rs][0]:
                best[rs] = (score, other)
    longest: dict[int, int] = defaultdict(int)
    for q in infos:
        r = dsu.find(q.idx)
        if r in best:
            longest[r] = max(longest[r], len(q.norms))
    for rs in sorted(best, key=lambda r: (-longest[r], r)):  # longer fragments attach first
        score, other = best[rs]
        ra, rb = dsu.find(rs), dsu.find(other)
        if ra == rb:
            continue
        if score[0] == _RANK["variant"] and speakers[ra] and speakers[rb] and not speakers[ra] & speakers[rb]:
            continue
        merge(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for q in infos:
        if g.degree(q.idx):
            groups[dsu.find(q.idx)].append(q.idx)
    return [sorted(m) for m in groups.values()]


def _canonical(members: list[QInfo], cw: Canonical, th: Thresholds) -> QInfo:
    """The wording most sources carry; a wire agency's counts extra; then the longest."""
    pool = [m for m in members if not _is_short(m, th)] or members
    carriers: dict[str, set[str]] = defaultdict(set)
    wire: dict[str, bool] = defaultdict(bool)
    for m in pool:
        carriers[m.key].add(m.quote.article_id)
        wire[m.key] |= m.wire
    def score(m: QInfo) -> tuple:
        return (len(carriers[m.key]) + (cw.wire_weight if wire[m.key] else 0.0),
                len(m.norms), -m.idx)
    return max(pool, key=score)


def member_relation(m: QInfo, canon: QInfo, th: Thresholds,
                    negations: frozenset[str] = frozenset()) -> Relation:
    """How a member relates to the canonical wording (direct comparison, not graph path)."""
    rel = relate(m, canon, th.model_copy(update={"min_link_words": 1, "min_fuzzy_content_words": 1}))
    if rel is not None:
        return rel
    if same_speaker(m, canon):
        rel = reworded(m, canon, th, negations)
        if rel is not None:
            return rel
    rel = clash_reworded(m, canon, th, negations)
    if rel is not None:
        return rel
    return Relation("variant", round(Indel.normalized_similarity(m.stems, canon.stems), 3))


def link_quotes(report: Report, rules: RuleSet, *, pair_stage: PairStage | None = None,
                infos: list[QInfo] | None = None) -> tuple[list[Cluster], list[Edge]]:
    """Clusters of the same statement across articles, and the edges inside them.

    ``pair_stage(infos, rules)`` replaces candidate pairs + scoring (the part
    that grows with the corpus) with another engine's, e.g. Dask workers; it
    must return each edge once. Clusters are still joined here, from the edges
    in pair order, so the result is the same whichever engine found them.
    ``infos``: ``prepare(report, report.stories, rules)`` when the caller has it
    (the checks use the same list). Callers over large batches pause the cyclic GC
    around it (``pipeline.build_report`` does: ``engine/memory.py``).
    """
    if not report.quotes:
        return [], []
    return _link_quotes(report, rules, pair_stage, infos)


def _link_quotes(report: Report, rules: RuleSet, pair_stage: PairStage | None = None,
                 infos: list[QInfo] | None = None) -> tuple[list[Cluster], list[Edge]]:
    if infos is None:
        infos = prepare(report, report.stories or group_stories(report, rules), rules)
    edges = None if pair_stage is None else sorted(pair_stage(infos, rules), key=lambda e: (e[0], e[1]))
    g = build_graph(infos, rules, edges=edges)
    c = compiled(rules)
    groups = clusters_from_graph(g, infos, rules)
    clusters, edges = [], []
    order = {a.id: i for i, a in enumerate(report.articles)}
    groups = [grp for grp in groups if len({infos[i].quote.article_id for i in grp}) >= 2]
    groups.sort(key=lambda grp: (infos[grp[0]].story, order.get(infos[grp[0]].quote.article_id, 0),
                                 infos[grp[0]].quote.start))
    for k, grp in enumerate(groups, 1):
        ms = [infos[i] for i in grp]
        canon = _canonical(ms, c.rules.canonical, c.rules.thresholds)
        members = []
        for m in sorted(ms, key=lambda m: (order.get(m.quote.article_id, 0), m.quote.start)):
            if m is canon:
                rel = Relation("canonical", 1.0)
            else:
                rel = member_relation(m, canon, c.rules.thresholds, c.negations)
            members.append(ClusterMember(quote_id=m.quote.id, article_id=m.quote.article_id,
                                         text=m.quote.text, speaker=m.quote.speaker,
                                         relation=rel.relation, similarity=rel.similarity))
        clusters.append(Cluster(id=f"c{k}", story_id=canon.story, canonical_quote_id=canon.quote.id,
                                canonical_text=canon.quote.text, members=members))
        inside = set(grp)
        for a, b, d in g.subgraph(inside).edges(data=True):
            edges.append(Edge(source=infos[a].quote.id, target=infos[b].quote.id,
                              relation=d["relation"], similarity=d["similarity"]))
    return clusters, edges
