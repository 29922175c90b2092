"""The pydantic contract between pipeline stages.

Every stage reads and writes these models and nothing else, so a stage can be
tested, cached (the SQLite store) or shipped to another process (``--jobs``,
Dask) on its own. Every item that points into an article carries
``article_id``, ``start``, ``end`` and ``text`` where ``text`` is exactly
``article.text[start:end]``: offsets always refer to the text as read.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 2  # 2: ``claims`` and ``claims_left_out`` (docs/reports.md, migration)


class Model(BaseModel):
    """Base: forbid unknown fields so a typo in a stage fails loudly in tests."""

    model_config = ConfigDict(extra="forbid")


class Severity(StrEnum):
    """Finding levels, ordered: an ``error`` is what an editor calls a contradiction."""

    info = "info"
    warning = "warning"
    error = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Span(Model):
    """A stretch of one article's text; ``text == article.text[start:end]``."""

    article_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


# --------------------------------------------------------------------------- ingest


class Article(Model):
    """One news article as read from disk, standard input, JSON, XML or HTML."""

    id: str
    path: str  # the file it came from, as given on the command line ("-" for stdin)
    format: str = "text"  # text | markdown | html | json | jsonl | newsml | nitf
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_raw: str | None = None  # the header/dateline text the date came from
    title: str | None = None
    byline: str | None = None
    dateline: str | None = None
    text: str
    warnings: list[str] = Field(default_factory=list)  # e.g. "decoded as cp1252"


class InputError(Model):
    """A file that could not be read; reported in one line, the batch goes on."""

    path: str
    reason: str
    line: int | None = None  # the bad line of a JSON Lines file ("path:LINE: reason")

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}" if self.line else f"{self.path}: {self.reason}"


class Skipped(Model):
    """A file in a folder that was not read as an article, and why (``--exclude``, ``exclude``
    in the configuration, ``.quotecheckignore``, or the default list of notes for people)."""

    path: str
    reason: str


# --------------------------------------------------------------------------- segment


class Block(Model):
    """A paragraph-like block of an article (offsets into the original text)."""

    start: int
    end: int
    kind: Literal["headline", "body", "boilerplate"] = "body"
    rule: str | None = None  # id of the boilerplate rule that marked it


class Segmentation(Model):
    """Blocks and sentences of one article; later stages skip boilerplate blocks."""

    article_id: str
    blocks: list[Block] = Field(default_factory=list)
    sentences: list[tuple[int, int]] = Field(default_factory=list)


# --------------------------------------------------------------------------- quotes


SpeakerEvidence = Literal["cue", "pronoun", "continuation", "interviewee", "channel", "context",
                          "headline", "signature", "transcript"]


class Quote(Model):
    """A quoted stretch and who said it.

    ``start``/``end``/``text`` cover the words inside the quote marks (marks
    excluded); ``open_mark``/``close_mark`` are the marks as written.
    """

    id: str  # "<article_id>:q<n>"
    article_id: str
    start: int
    end: int
    text: str
    kind: Literal["full", "fragment"] = "full"
    in_headline: bool = False
    open_mark: str = '"'
    close_mark: str | None = '"'  # None when recovered at a paragraph end
    speaker: str | None = None  # canonical entity name
    speaker_span: Span | None = None  # the mention that names the speaker here
    speaker_mention: str | None = None  # as written (may be a pronoun)
    cue: str | None = None
    cue_span: Span | None = None
    channel: str | None = None  # KCNA in "according to KCNA"
    channel_span: Span | None = None
    pattern: str | None = None  # id of the attribution rule that fired
    confidence: float = 0.0  # how sure the attribution is (0 when there is no speaker)
    # how the speaker was found, so later stages can tell a direct attribution from an inferred
    # one (docs/reports.md): "cue" (a cue verb with its subject around the quote), "pronoun" (a
    # cue whose subject is he/she/they, resolved to a named antecedent), "continuation" (a
    # further quote of the speaker attributed just before), "interviewee" (a first-person quote
    # of a person the article introduced as telling or recalling), "channel" ("according to X"),
    # "context" (no cue: the subject of the sentence or paragraph before), "headline",
    # "signature", "transcript"; None when there is no speaker
    speaker_evidence: SpeakerEvidence | None = None


class Entity(Model):
    """One speaker across the story set, with every spelling seen."""

    name: str  # canonical
    type: Literal["person", "organization", "media", "unknown"] = "unknown"
    variants: list[str] = Field(default_factory=list)


# --------------------------------------------------------------------------- figures and dates


class Figure(Model):
    """A number in the text, as an interval with what it counts."""

    id: str  # "<article_id>:f<n>"
    article_id: str
    start: int
    end: int
    text: str
    kind: Literal["count", "money", "percent", "measure", "multiplier"] = "count"
    value: float | None = None  # the number as written (midpoint for ranges)
    low: float | None = None  # interval after hedges and ranges
    high: float | None = None
    unit: str | None = None  # currency code, "%", "inches", ...
    hedge: str | None = None
    approximate: bool = False
    subject: str | None = None  # class of what is counted: "troops", "deaths", ...
    subject_text: str | None = None
    subject_span: Span | None = None
    qualifiers: list[str] = Field(default_factory=list)
    in_quote: bool = False


class DateMention(Model):
    """A date or time expression, resolved against the publication date."""

    id: str  # "<article_id>:d<n>"
    article_id: str
    start: int
    end: int
    text: str
    kind: Literal["absolute", "weekday", "relative"] = "absolute"
    value: dt.date | None = None  # resolved (first day of the period for coarse ones)
    precision: Literal["day", "month", "year", "unknown"] = "unknown"
    weekday: str | None = None  # a weekday written next to the date
    event: str | None = None  # class of event dated: "meeting", "crash", ...
    event_span: Span | None = None
    participants: list[str] = Field(default_factory=list)  # capitalised words of its sentence, lower case
    basis: str = ""  # what the date was resolved against ("published 2025-07-13", "as written", ...)
    anchored: bool = False  # counted from another date in the text: never used to raise a conflict


# --------------------------------------------------------------------------- link


class Story(Model):
    """A group of articles about one event; comparisons stay within a story."""

    id: str
    article_ids: list[str]
    label: str = ""
    reason: str = ""  # why these articles were grouped


class ClusterMember(Model):
    quote_id: str
    article_id: str
    text: str
    speaker: str | None = None
    relation: Literal["canonical", "same", "excerpt", "variant", "reworded"] = "same"
    similarity: float = 1.0


class Cluster(Model):
    """Quotes from different articles that carry the same statement."""

    id: str
    story_id: str
    canonical_quote_id: str
    canonical_text: str
    members: list[ClusterMember]


class Edge(Model):
    source: str  # quote id
    target: str
    # "passage": the two quotes share a retold passage only (link.part_links; the rest of them
    # differs, so they are in no common cluster); ``similarity`` is the passage's
    relation: Literal["same", "excerpt", "variant", "reworded", "passage"]
    similarity: float


class ReportedSpeech(Model):
    """A speaker's quoted words retold in another article without quote marks ("Waheed … said
    he saw several men lying dead on the ground"), tied to the quotes it retells
    (quotecheck/reported.py)."""

    id: str  # "<article_id>:r<n>"
    article_id: str
    story_id: str
    span: Span  # the reported clause, as written
    speaker: str  # canonical, as the quotes have it
    speaker_span: Span  # the name as written before the cue
    cue_span: Span
    quote_ids: list[str]  # the direct quotes of that wording in other articles
    relation: Literal["same", "excerpt", "variant", "reworded"]
    similarity: float


# --------------------------------------------------------------------------- checks and report


FindingKind = Literal[
    "quote_altered", "speaker_conflict", "figure_conflict", "date_conflict"
]


class Finding(Model):
    """A disagreement between (or inside) articles, with all its evidence."""

    id: str
    kind: str  # one of FindingKind; open so later checks may add kinds
    severity: Severity
    message: str
    evidence: list[Span]
    story_id: str | None = None
    fingerprint: str = ""  # stable across runs: kind + normalised evidence text
    details: dict = Field(default_factory=dict)


Verdict = Literal["consistent", "evolving", "outlier", "contradiction"]


class ClaimValue(Model):
    """One source's version of a claim: the mention, its value and when it was published."""

    article_id: str
    mention_id: str  # the Figure or DateMention id
    span: Span  # evidence: the figure with its noun, or the date as written
    shown: str  # the value as a reader writes it ("≥ 26", "9,900–12,100", "Tuesday 22 April 2025")
    low: float | None = None  # figures: the interval; dates: None
    high: float | None = None
    date: dt.date | None = None  # dates: the resolved day (first day of a coarser period)
    precision: str | None = None  # dates: day | month | year
    published: dt.date | None = None
    in_quote: bool = False
    odd: bool = False  # one of the sources the verdict names as disagreeing
    current: bool = True  # False: an earlier figure the same article also gives ("up from 24")


class Claim(Model):
    """One quantity or one event date in one story, with every source's version (quotecheck/claims.py)."""

    id: str  # "<story>:<kind>:<subject>[<scope>]", stable for a story set
    story_id: str
    kind: Literal["figure", "date"]
    subject: str  # figure subject class ("deaths") or date event class ("attack")
    scope: list[str] = Field(default_factory=list)  # "place:jamaica", "counted:bodies", "time:before landfall"
    unit: str | None = None
    verdict: Verdict
    severity: Severity | None = None  # of its finding; None: no finding (consistent, evolving)
    reason: str  # the verdict in a sentence, for people
    consensus: str | None = None  # the value most sources agree on (outlier)
    odd_articles: list[str] = Field(default_factory=list)
    values: list[ClaimValue]
    finding_id: str | None = None  # the finding that reports it (outlier, contradiction)


class LeftOut(Model):
    """A figure or date mention assigned to no claim, and why (``check --explain``)."""

    mention_id: str
    article_id: str
    start: int
    end: int
    text: str
    reason: str


class ArticleDigest(Model):
    """What the cross-article stage reads from one article, worked out where the article is
    extracted (worker processes, Dask) so the serial report stage need not re-read its text.

    Derived data, valid for the rule set it was made with (``rules_key``); see
    quotecheck/engine/digest.py, which builds it with the very functions the report stage
    would otherwise call.
    """

    rules_key: str
    names: list[str] = Field(default_factory=list)  # link.article_names, sorted
    stems: str | None = ""  # link.article_stem_counts keys in first-seen order, joined by SEP
    stem_counts: list[int] = Field(default_factory=list)
    date_names: list[str] = Field(default_factory=list)  # dates.name_tokens, sorted
    published: dt.date | None = None  # dates.publication_date
    # Each qualifier of the article's figures: (figures.qualifier_dimension, its rule says one_sided: different)
    qualifiers: dict[str, tuple[str, bool]] = Field(default_factory=dict)
    wire: bool = False  # link.is_wire
    quote_norms: list[tuple[str, ...]] = Field(default_factory=list)  # per quote: link.quote_features
    quote_keys: list[str] = Field(default_factory=list)
    quote_stems: list[list[str]] = Field(default_factory=list)

    def stem_count_map(self) -> dict[str, int]:
        """``link.article_stem_counts`` as packed here ({} when nothing was packed)."""
        return dict(zip(self.stems.split(SEP), self.stem_counts, strict=True)) if self.stems is not None and self.stem_counts else {}

    def __setstate__(self, state: dict) -> None:
        """Unpickled (in the process that builds the report): one string per word for the batch.

        Each pickle carries its own copy of every word, and the batch holds every digest
        until the report: shared strings keep a digest at 60% of the memory."""
        super().__setstate__(state)
        d, i = self.__dict__, sys.intern
        d["names"], d["date_names"] = [i(w) for w in d["names"]], [i(w) for w in d["date_names"]]
        d["quote_norms"] = [tuple(map(i, ws)) for ws in d["quote_norms"]]
        d["quote_stems"] = [list(map(i, ws)) for ws in d["quote_stems"]]


#: Joins an article's stems into one string: a stem is letters, marks, digits and
#: apostrophes after NFKC, never a control character. One string instead of hundreds
#: of small ones per article: a tenth of the memory while the batch waits for its report.
SEP = "\x1f"

QuoteFeatures = tuple[tuple[str, ...], str, list[str]]  # norms, same-key, content stems


@dataclass
class BatchDigest:
    """The digests of a report's articles (same order) and the quote ids they cover, in order."""

    articles: list[ArticleDigest]
    quote_ids: list[str]

    def names(self) -> list[set[str]]:
        """Each article's ``link.article_names``."""
        return [set(d.names) for d in self.articles]

    def stem_counts(self, arts: list[Article], recount: Callable[[Article], dict[str, int]]) -> list[dict[str, int]]:
        """Each article's ``link.article_stem_counts``; ``recount(article)`` works it out for an
        article whose stems could not be packed (the caller owns the function, this only reads)."""
        out = []
        for a, d in zip(arts, self.articles, strict=True):
            if d.stems is None:
                out.append(recount(a))
            else:
                out.append(d.stem_count_map())
        return out

    def quote_features(self, quotes: list[Quote]) -> list[QuoteFeatures] | None:
        """``link.quote_features`` (less the tokens) of each quote, or None if these are other quotes."""
        if len(quotes) != len(self.quote_ids) or any(q.id != i for q, i in zip(quotes, self.quote_ids, strict=True)):
            return None
        return [f for d in self.articles for f in zip(d.quote_norms, d.quote_keys, d.quote_stems, strict=True)]

    def date_names(self, arts: list[Article]) -> dict[str, list[str]]:
        """Each article's ``dates.name_tokens``, by article id."""
        return {a.id: d.date_names for a, d in zip(arts, self.articles, strict=True)}

    def published(self, arts: list[Article]) -> dict[str, dt.date | None]:
        """Each article's ``dates.publication_date``, by article id."""
        return {a.id: d.published for a, d in zip(arts, self.articles, strict=True)}

    def qualifiers(self) -> dict[str, tuple[str, bool]]:
        """Every figure qualifier of the batch: its dimension and whether it is one-sided "different"
        (what a qualifier means depends on the rules alone, so articles never disagree on it)."""
        out: dict[str, tuple[str, bool]] = {}
        for d in self.articles:
            out.update(d.qualifiers)
        return out


class ArticleExtraction(Model):
    """Everything extracted from one article: the unit cached and parallelised."""

    article_id: str
    segmentation: Segmentation
    quotes: list[Quote] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    # Pickled to the parent with the rest, never dumped (JSON output, the store): derived data.
    digest: ArticleDigest | None = Field(default=None, exclude=True)

    def __eq__(self, other: object) -> bool:
        """Same content; the digest is a cache of it (one read back from the store has none)."""
        if not isinstance(other, ArticleExtraction):
            return NotImplemented
        return {**self.__dict__, "digest": None} == {**other.__dict__, "digest": None}


class Report(Model):
    """The whole result; renderers only present it, they never compute."""

    schema_version: int = SCHEMA_VERSION
    tool_version: str = ""
    articles: list[Article] = Field(default_factory=list)
    stories: list[Story] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    clusters: list[Cluster] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)
    reported: list[ReportedSpeech] = Field(default_factory=list)  # quotes retold as reported speech
    figures: list[Figure] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    claims_left_out: list[LeftOut] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    errors: list[InputError] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list)  # files of the folders not read, and why
