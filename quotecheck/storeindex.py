"""The store's index: which stored articles an incoming one could touch.

A full ``check --against`` used to group, link and check the whole stored corpus
for one new article. Story grouping is the only cross-story step (findings are
made inside a story), and it joins two articles only when they share a specific
name or a long quote, so the articles one new article can touch are the stored
stories of the articles it shares such a key with. This module keeps, for every
stored article, in the same transaction as the article (``Store.put``):

* ``grouping``: its story, publication date and digest (``ArticleDigest``, JSON),
  with the ids of its quotes in order;
* ``names``: name -> articles (``link.article_names``, from the digest);
* ``quote_keys``: quote same-key -> quotes (``long`` marks quotes story grouping counts);
* ``stem_df``: in how many articles each content stem occurs (tf-idf idf);
* ``claims``: figures by (subject, unit, kind) and dates by event, per story, with the
  date's value (event dates -> stories); see ``claim_keys``.

``neighbourhood`` answers "which stored articles could these new ones touch, and what
are the corpus-wide counts (``link.Population``) grouping them needs" with indexed
queries only, so its cost follows the size of the new article's story, not the store.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from quotecheck import link
from quotecheck.engine.digest import article_digest, usable
from quotecheck.models import Article, ArticleDigest, ArticleExtraction, BatchDigest
from quotecheck.rules import RuleSet

INDEX_SCHEMA = """
CREATE TABLE IF NOT EXISTS grouping (
    seq INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
    story INTEGER NOT NULL,
    published TEXT,
    digest_json TEXT NOT NULL,
    quote_ids TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS grouping_story ON grouping (story);
CREATE TABLE IF NOT EXISTS names (name TEXT NOT NULL, seq INTEGER NOT NULL,
                                  PRIMARY KEY (name, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS quote_keys (key TEXT NOT NULL, seq INTEGER NOT NULL, quote_id TEXT NOT NULL,
                                       long INTEGER NOT NULL, PRIMARY KEY (key, seq, quote_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stem_df (stem TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS name_df (name TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS quote_key_df (key TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS claims (story INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
                                   value TEXT, seq INTEGER NOT NULL, item_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS claims_key ON claims (story, kind, key);
CREATE INDEX IF NOT EXISTS claims_value ON claims (kind, value);
CREATE TABLE IF NOT EXISTS stories (id INTEGER PRIMARY KEY AUTOINCREMENT, size INTEGER NOT NULL);
"""

INDEX_TABLES = ("grouping", "names", "quote_keys", "stem_df", "name_df", "quote_key_df", "claims", "stories")

#: Schema 2 -> 3: the per-name and per-long-quote-key article counts, kept as counters (a
#: ``count(*)`` over ``names`` of a first name every fourth article carries grew with the store).
FILL_COUNTS = (
    "INSERT INTO name_df SELECT name, count(*) FROM names GROUP BY name",
    "INSERT INTO quote_key_df SELECT key, count(DISTINCT seq) FROM quote_keys WHERE long = 1 GROUP BY key",
)

#: Rows per ``IN (...)`` query (SQLite's default limit on host parameters is far above).
_CHUNK = 500


# --------------------------------------------------------------------------- pure: what one article adds


def claim_keys(ex: ArticleExtraction) -> list[tuple[str, str, str | None, str]]:
    """(kind, key, value, item id) of each figure and date a conflict could be about.

    Today's checks compare figures of one story with the same subject, unit and kind, and
    dates of one story with the same event; issue 14's claims stage will give a claim key
    instead. This is the one place that decides the key, so switching is one edit.
    """
    out: list[tuple[str, str, str | None, str]] = []
    for f in ex.figures:
        if f.subject:
            out.append(("figure", f"{f.subject}|{f.unit or ''}|{f.kind}", None, f.id))
    for d in ex.dates:
        out.append(("date", d.event or "", d.value.isoformat() if d.value else None, d.id))
    return out


@dataclass
class ArticleKeys:
    """What one article contributes to the index (all from its digest and extraction)."""

    article: Article
    digest: ArticleDigest
    quote_ids: list[str]
    names: set[str]
    stems: set[str]
    long_keys: set[str]
    quote_keys: list[tuple[str, str, bool]]  # (same-key, quote id, long)
    claims: list[tuple[str, str, str | None, str]] = field(default_factory=list)


def digest_of(article: Article, ex: ArticleExtraction, rules: RuleSet) -> ArticleDigest:
    """The extraction's digest when made under these rules, else worked out now."""
    return ex.digest if usable(ex, rules) and ex.digest is not None else article_digest(
        article, ex.quotes, rules, ex.figures)


def stems_of(d: ArticleDigest) -> list[str]:
    """The content stems of a digest (``link.article_stem_counts`` keys)."""
    return d.stems.split("\x1f") if d.stems and d.stem_counts else []


def article_keys(article: Article, ex: ArticleExtraction, rules: RuleSet) -> ArticleKeys:
    """The index rows of one article, from its extraction (digest worked out if missing)."""
    d = digest_of(article, ex, rules)
    ex.digest = d
    min_words = link.compiled(rules).rules.stories.min_quote_words
    qk = [(key, q.id, len(norms) >= min_words)
          for q, key, norms in zip(ex.quotes, d.quote_keys, d.quote_norms, strict=True)]
    return ArticleKeys(article, d, [q.id for q in ex.quotes], set(d.names), set(stems_of(d)),
                       {k for k, _, long in qk if long}, qk, claim_keys(ex))


# --------------------------------------------------------------------------- SQL helpers


def _chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _in(conn: sqlite3.Connection, sql: str, values: Iterable, head: tuple = ()) -> list[tuple]:
    """``sql`` with one ``IN ({})`` filled by ``values``, chunked; ``head``: parameters before it."""
    vals = list(values)
    out: list[tuple] = []
    for part in _chunks(vals):
        out.extend(conn.execute(sql.format(",".join("?" * len(part))), (*head, *part)))
    return out


@dataclass(frozen=True)
class _Lite:
    """An article or quote as ``group_stories`` reads it when every article has a digest: ids,
    publication date, and no text (a pydantic ``model_construct`` per quote cost more than the
    grouping itself)."""

    id: str
    article_id: str = ""
    published: dt.date | None = None
    text: str = ""
    path: str = ""


@dataclass
class _LiteReport:
    articles: list
    quotes: list


@dataclass
class Stored:
    """A stored article as grouping reads it: no text, only its digest."""

    seq: int
    id: str
    story: int
    published: str | None
    digest: ArticleDigest
    quote_ids: list[str]
    derived: dict = field(default_factory=dict)  # sets and counts worked out from the digest, once

    def names(self) -> set[str]:
        d = self.derived
        if "names" not in d:
            d["names"] = set(self.digest.names)
        return d["names"]

    def stems(self) -> set[str]:
        d = self.derived
        if "stems" not in d:
            d["stems"] = set(stems_of(self.digest))
        return d["stems"]

    def stem_counts(self) -> dict[str, int]:
        """``link.article_stem_counts`` as the digest packs it (``BatchDigest.stem_counts``)."""
        d = self.derived
        if "counts" not in d:
            d["counts"] = self.digest.stem_count_map()
        return d["counts"]

    def long_keys(self, min_words: int) -> set[str]:
        d = self.derived
        if d.get("min_words") != min_words:
            g = self.digest
            d["long"] = {k for k, norms in zip(g.quote_keys, g.quote_norms, strict=True) if len(norms) >= min_words}
            d["min_words"] = min_words
        return d["long"]

    def lite(self) -> tuple[_Lite, list[_Lite]]:
        """Stand-ins that carry what ``group_stories`` reads with a digest (ids, date)."""
        art = _Lite(self.id, published=dt.date.fromisoformat(self.published) if self.published else None)
        return art, [_Lite(q, self.id) for q in self.quote_ids]


def load_stored(conn: sqlite3.Connection, seqs: Iterable[int], cache: IndexCache | None = None) -> list[Stored]:
    """Grouping rows of these articles, in store order.

    With a ``cache``, a row read before is not read and parsed again: only its story is
    (stories merge; an article's digest, date and quotes never change while it is stored)."""
    want = sorted(set(seqs))
    if cache is None:
        return [_stored_row(*r) for r in sorted(_in(conn, _STORED_SQL, want))]
    stories = dict(_in(conn, "SELECT seq, story FROM grouping WHERE seq IN ({})", want))
    got = {s: cache.get(s, stories[s]) for s in want if s in stories and s in cache.rows}
    for r in _in(conn, _STORED_SQL, [s for s in want if s not in got]):
        got[r[0]] = row = _stored_row(*r)
        cache.keep(row)
    return [got[s] for s in want if s in got]


_STORED_SQL = ("SELECT g.seq, a.id, g.story, g.published, g.digest_json, g.quote_ids FROM grouping g "
               "JOIN articles a ON a.seq = g.seq WHERE g.seq IN ({})")


def _stored_row(seq: int, aid: str, story: int, pub: str | None, dj: str, qi: str) -> Stored:
    return Stored(seq, aid, story, pub, ArticleDigest.model_validate_json(dj), json.loads(qi))


class IndexCache:
    """What ``insert`` read from the index, kept across the inserts of one ``Store``.

    ``store add`` indexes each article against the stored stories it could join, and the
    next article of the same story reads the same rows and counts again: parsing stored
    digests and looking up thousands of stem counts were most of the parent's work. The
    cache holds parsed grouping rows (bounded, least recently used first out: 2,000 rows hold the stories a desk is adding to, and 20,000 made the parent 1.3 GB at 40k articles, each garbage collection slower) and the
    ``*_df`` counts read so far, kept equal to the tables by ``insert``'s own increments.
    It is valid only while no other connection writes: ``sync`` (at the start of each
    write transaction) drops it when ``PRAGMA data_version`` says one did, and the caller
    drops it when its own transaction rolls back or the index is rebuilt.
    """

    def __init__(self, max_rows: int = 2_000, max_keys: int = 500_000) -> None:
        self.max_rows, self.max_keys = max_rows, max_keys
        self.rows: OrderedDict[int, Stored] = OrderedDict()
        self.df: dict[str, dict[str, int]] = {t: {} for t in _DF_TABLES}
        # stem counts added by this transaction's inserts, written once by ``flush``: an article
        # has hundreds of stems, and one upsert per stem per article was a tenth of the parent
        self.pending_stems: Counter[str] = Counter()
        self.version: int | None = None

    def clear(self) -> None:
        self.rows.clear()
        self.pending_stems.clear()
        for d in self.df.values():
            d.clear()

    def flush(self, conn: sqlite3.Connection) -> None:
        """Write the pending stem counts (inside the transaction, before it commits)."""
        if self.pending_stems:
            conn.executemany("INSERT INTO stem_df VALUES (?, ?) ON CONFLICT (stem) DO UPDATE SET df = df + excluded.df",
                             self.pending_stems.items())
            self.pending_stems.clear()

    def sync(self, conn: sqlite3.Connection) -> None:
        """Drop everything if another connection committed since the last call."""
        v = conn.execute("PRAGMA data_version").fetchone()[0]
        if v != self.version:
            self.clear()
            self.version = v

    def keep(self, row: Stored) -> None:
        self.rows[row.seq] = row
        if len(self.rows) > self.max_rows:
            self.rows.popitem(last=False)

    def get(self, seq: int, story: int) -> Stored:
        row = self.rows[seq]
        self.rows.move_to_end(seq)
        if row.story != story:
            row = Stored(row.seq, row.id, story, row.published, row.digest, row.quote_ids, row.derived)
            self.rows[seq] = row
        return row

    def counted(self, table: str, keys: Iterable[str]) -> None:
        """``insert`` added 1 to these keys' counts in ``table``."""
        d = self.df[table]
        for k in keys:
            if k in d:
                d[k] += 1


_DF_TABLES = {"name_df": "name", "stem_df": "stem", "quote_key_df": "key"}


def _df(conn: sqlite3.Connection, table: str, keys: Iterable[str], cache: IndexCache | None) -> Counter:
    """Each key's count in ``table`` (absent keys count 0), through the cache when given."""
    sql = f"SELECT {_DF_TABLES[table]}, df FROM {table} WHERE {_DF_TABLES[table]} IN ({{}})"
    if cache is None:
        return Counter(dict(_in(conn, sql, keys)))
    known = cache.df[table]
    if len(known) > cache.max_keys:
        known.clear()
    keys = list(keys)
    missing = [k for k in keys if k not in known]
    if missing:
        found = dict(_in(conn, sql, missing))
        pending = cache.pending_stems if table == "stem_df" else Counter()
        for k in missing:
            known[k] = found.get(k, 0) + pending[k]
    return Counter({k: known[k] for k in keys if known[k]})


# --------------------------------------------------------------------------- the neighbourhood


@dataclass
class Neighbourhood:
    """The stored articles some new ones could touch, and the corpus counts for grouping them."""

    stored: list[Stored]
    population: link.Population
    candidates: set[int]  # stored articles sharing a candidate key with a new one


def indexed_count(conn: sqlite3.Connection) -> int:
    """How many articles the index holds."""
    return conn.execute("SELECT count(*) FROM grouping").fetchone()[0]


def neighbourhood(conn: sqlite3.Connection, new: list[ArticleKeys], rules: RuleSet,
                  exclude: set[int] | None = None, *, stored_n: int | None = None,
                  cache: IndexCache | None = None) -> Neighbourhood:
    """Stored stories the ``new`` articles could join, with corpus-wide counts.

    The counts are those of the store, less the ``exclude``d articles (copies the new ones
    replace), plus the new articles: what ``group_stories`` would count over the whole
    corpus with the new ones in it. Candidates are the stored articles that share with a
    new one a name specific enough to be a candidate key of ``group_stories`` (in at most
    ``specific_df`` articles and in a posting list it does not skip) or a long quote, and
    were published within the story window; every article of their stories is returned.
    ``stored_n``: the number of indexed articles, when the caller keeps count (``store add``);
    ``cache``: rows and counts read by earlier calls on this connection (``IndexCache``).
    """
    exclude = exclude or set()
    sr = link.compiled(rules).rules.stories
    gone = load_stored(conn, exclude, cache) if exclude else []
    n = (indexed_count(conn) if stored_n is None else stored_n) - len(gone) + len(new)

    def adjusted(stored: Counter, pick) -> Counter:
        for g in gone:
            stored.subtract(pick(g))
        for k in new:
            stored.update(pick(k))
        return stored

    def names(x: Stored | ArticleKeys) -> set[str]:
        return x.names() if isinstance(x, Stored) else x.names

    def stems(x: Stored | ArticleKeys) -> set[str]:
        return x.stems() if isinstance(x, Stored) else x.stems

    def long_keys(x: Stored | ArticleKeys) -> set[str]:
        return x.long_keys(sr.min_quote_words) if isinstance(x, Stored) else x.long_keys

    new_names = set().union(*(k.names for k in new))
    new_keys = set().union(*(k.long_keys for k in new))
    name_df = adjusted(_df(conn, "name_df", new_names, cache), names)
    key_df = adjusted(_df(conn, "quote_key_df", new_keys, cache), long_keys)
    specific = max(sr.specific_min_df, sr.specific_df_share * n)
    max_df = max(2, int(sr.max_name_df * n)) if n >= 20 else n
    cap = 50  # group_stories' posting-list cap
    cand_names = [x for x in new_names if name_df[x] <= min(specific, max_df, cap)]
    cand_keys = [x for x in new_keys if key_df[x] <= cap]
    cands = {s for (s,) in _in(conn, "SELECT seq FROM names WHERE name IN ({})", cand_names)}
    cands |= {s for (s,) in _in(conn, "SELECT seq FROM quote_keys WHERE long = 1 AND key IN ({})", cand_keys)}
    cands -= exclude
    cands = _in_window(conn, cands, [k.article for k in new], sr.window_days)
    stories = {s for (s,) in _in(conn, "SELECT DISTINCT story FROM grouping WHERE seq IN ({})", cands)}
    members = {s for (s,) in _in(conn, "SELECT seq FROM grouping WHERE story IN ({})", stories)} - exclude
    stored = load_stored(conn, members, cache)
    all_names = new_names.union(*(s.names() for s in stored))
    all_stems = set().union(*(k.stems for k in new), *(s.stems() for s in stored))
    all_keys = new_keys.union(*(s.long_keys(sr.min_quote_words) for s in stored))
    pop = link.Population(
        n=n,
        name_df=adjusted(_df(conn, "name_df", all_names, cache), names),
        stem_df=adjusted(_df(conn, "stem_df", all_stems, cache), stems),
        quote_key_df=adjusted(_df(conn, "quote_key_df", all_keys, cache), long_keys))
    return Neighbourhood(stored, pop, cands)


def _in_window(conn: sqlite3.Connection, seqs: set[int], new: list[Article], days: int) -> set[int]:
    """The articles published within ``days`` of some new article (an undated one always is)."""
    dates = [a.published for a in new]
    if any(d is None for d in dates):
        return seqs
    keep = set()
    for seq, pub in _in(conn, "SELECT seq, published FROM grouping WHERE seq IN ({})", seqs):
        if pub is None or any(abs((dt.date.fromisoformat(pub) - d).days) <= days for d in dates if d):
            keep.add(seq)
    return keep


@dataclass
class _StoredBatch(BatchDigest):
    """A ``BatchDigest`` whose first articles are stored ones with their stem counts unpacked
    already (``Stored.stem_counts``, kept by the cache across inserts)."""

    known: list[dict[str, int]] = field(default_factory=list)

    def stem_counts(self, arts: list, recount) -> list[dict[str, int]]:
        k = len(self.known)
        rest = BatchDigest(self.articles[k:], []).stem_counts(arts[k:], recount)
        return [*self.known, *rest]


def group_with(hood: Neighbourhood, new: list[ArticleKeys], rules: RuleSet) -> list[list[str]]:
    """Stories (article ids) of the neighbourhood and the new articles, as the whole corpus
    would group them (``group_stories`` with the corpus-wide counts)."""
    arts: list = []  # Article or _Lite: group_stories reads ids and dates only
    quotes: list = []
    digests: list[ArticleDigest] = []
    for s in hood.stored:
        a, qs = s.lite()
        arts.append(a)
        quotes.extend(qs)
        digests.append(s.digest)
    for k in new:
        arts.append(k.article)
        quotes.extend(_Lite(q, k.article.id) for q in k.quote_ids)
        digests.append(k.digest)
    report = _LiteReport(arts, quotes)  # what group_stories reads of a Report
    bd = _StoredBatch(digests, [q.id for q in quotes], [s.stem_counts() for s in hood.stored])
    stories = link.group_stories(report, rules, digest=bd, population=hood.population)  # type: ignore[arg-type]
    return [s.article_ids for s in stories]


# --------------------------------------------------------------------------- writing


def insert(conn: sqlite3.Connection, seq: int, keys: ArticleKeys, rules: RuleSet,
           *, stored_n: int | None = None, cache: IndexCache | None = None) -> int:
    """Index one article just stored (inside the caller's transaction); returns its story.

    The article joins the stored stories its group (``group_with``) holds, merged into the
    oldest of them; with none, it opens a new story. Stories only ever merge here.
    ``stored_n``: how many articles the index holds before this one (saves a count);
    ``cache``: the connection's ``IndexCache``, read and kept up to date; the caller must
    ``flush`` it before the transaction commits (``Store`` does).
    """
    hood = neighbourhood(conn, [keys], rules, stored_n=stored_n, cache=cache)
    groups = group_with(hood, [keys], rules)
    mine = next(g for g in groups if keys.article.id in g)
    by_id = {s.id: s.story for s in hood.stored}
    joined = sorted({by_id[i] for i in mine if i in by_id})
    if joined:
        story = joined[0]
        if len(joined) > 1:
            rest = joined[1:]
            _in(conn, f"UPDATE grouping SET story = {story} WHERE story IN ({{}})", rest)
            _in(conn, f"UPDATE claims SET story = {story} WHERE story IN ({{}})", rest)
            _in(conn, "DELETE FROM stories WHERE id IN ({})", rest)
        conn.execute("UPDATE stories SET size = (SELECT count(*) FROM grouping WHERE story = ?) + 1 WHERE id = ?",
                     (story, story))
    else:
        story = conn.execute("INSERT INTO stories (size) VALUES (1)").lastrowid
    d = keys.digest
    a = keys.article
    conn.execute("INSERT INTO grouping VALUES (?,?,?,?,?)",
                 (seq, story, a.published.isoformat() if a.published else None, d.model_dump_json(),
                  json.dumps(keys.quote_ids)))
    conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", ((x, seq) for x in keys.names))
    conn.executemany("INSERT OR IGNORE INTO quote_keys VALUES (?,?,?,?)",
                     ((k, seq, qid, int(long)) for k, qid, long in keys.quote_keys))
    if cache is None:
        conn.executemany("INSERT INTO stem_df VALUES (?, 1) ON CONFLICT (stem) DO UPDATE SET df = df + 1",
                         ((x,) for x in keys.stems))
    else:  # written by ``cache.flush`` before the transaction commits
        cache.pending_stems.update(keys.stems)
    conn.executemany("INSERT INTO name_df VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET df = df + 1",
                     ((x,) for x in keys.names))
    conn.executemany("INSERT INTO quote_key_df VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET df = df + 1",
                     ((x,) for x in keys.long_keys))
    conn.executemany("INSERT INTO claims VALUES (?,?,?,?,?,?)",
                     ((story, kind, key, value, seq, item) for kind, key, value, item in keys.claims))
    if cache is not None:
        cache.counted("stem_df", keys.stems)
        cache.counted("name_df", keys.names)
        cache.counted("quote_key_df", keys.long_keys)
    return story


def clear(conn: sqlite3.Connection) -> None:
    """Empty every index table (``store reindex``, inside the caller's transaction)."""
    for t in INDEX_TABLES:
        conn.execute(f"DELETE FROM {t}")


def _differ(a: str, b: str) -> str:
    """How many keys two ``key, df`` queries disagree on (no FULL JOIN before SQLite 3.39)."""
    return (f"SELECT count(DISTINCT key) FROM (SELECT * FROM ({a} EXCEPT {b}) "
            f"UNION ALL SELECT * FROM ({b} EXCEPT {a}))")


def consistent(conn: sqlite3.Connection) -> list[str]:
    """What is wrong with the index, if anything (the kill test and ``store reindex`` read it)."""
    problems = []
    q = {
        "article without grouping row": "SELECT count(*) FROM articles a LEFT JOIN grouping g ON g.seq = a.seq "
                                        "WHERE g.seq IS NULL",
        "story size differs from its members": "SELECT count(*) FROM stories s WHERE s.size != "
                                               "(SELECT count(*) FROM grouping g WHERE g.story = s.id)",
        "grouping row in no story": "SELECT count(*) FROM grouping g LEFT JOIN stories s ON s.id = g.story "
                                    "WHERE s.id IS NULL",
        "claim in another story than its article": "SELECT count(*) FROM claims c JOIN grouping g ON g.seq = c.seq "
                                                   "WHERE g.story != c.story",
        "names of an unindexed article": "SELECT count(*) FROM names n LEFT JOIN grouping g ON g.seq = n.seq "
                                         "WHERE g.seq IS NULL",
        "name count differs from its articles": _differ(
            "SELECT name AS key, count(*) AS df FROM names GROUP BY name", "SELECT name AS key, df FROM name_df"),
        "quote key count differs from its articles": _differ(
            "SELECT key, count(DISTINCT seq) AS df FROM quote_keys WHERE long = 1 GROUP BY key",
            "SELECT key, df FROM quote_key_df"),
    }
    for what, sql in q.items():
        k = conn.execute(sql).fetchone()[0]
        if k:
            problems.append(f"{k} {what}")
    top = conn.execute("SELECT max(df) FROM stem_df").fetchone()[0] or 0
    if top > conn.execute("SELECT count(*) FROM grouping").fetchone()[0]:
        problems.append("a stem count above the number of articles")
    return problems
