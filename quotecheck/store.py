"""A SQLite corpus of articles and what was extracted from them.

Incoming copy is checked against earlier coverage many times a day; reading
and re-extracting every earlier article each time would be the slow part.
Extraction is per article and pure, so the store keeps each article with its
``ArticleExtraction`` (JSON) keyed by the tool version and a hash of the rule
set: a check loads them and runs only the cross-article stage. When either
key changes the stored extraction is stale and is recomputed (and cached).

Durability: WAL journal, one transaction per batch of articles in which each
article row is written together with its extraction and its index rows
(``storeindex``: story, digest, names, quote keys, counts), so a killed ``store
add`` keeps every committed batch and never leaves an article without its
extraction or outside the index. Articles are deduplicated by a hash of their content.

Schema 2 added the index; a schema-1 store is migrated when opened (the index tables
are created empty and marked not built: ``store add`` and ``store reindex`` build it).
Schema 3 keeps the per-name and per-quote-key article counts as counters (``name_df``,
``quote_key_df``); a schema-2 store gets them from its index rows when opened.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from quotecheck import __version__, storeindex
from quotecheck.engine.extraction import kept
from quotecheck.errors import UserError
from quotecheck.ingest.base import unique_id
from quotecheck.models import Article, ArticleExtraction
from quotecheck.rules import RuleSet, rules_hash

STORE_SCHEMA = 3
SQLITE_MAGIC = b"SQLite format 3\x00"

#: Extraction of a batch, in order; ``None`` for an article a rule failed on (see extraction.py).
Extract = Callable[[list[Article]], list[ArticleExtraction | None]]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    outlet TEXT,
    title TEXT,
    added_at TEXT NOT NULL,
    article_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS extractions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tool_version TEXT NOT NULL,
    rules_hash TEXT NOT NULL,
    extracted_at TEXT NOT NULL,
    extraction_json TEXT NOT NULL,
    PRIMARY KEY (article_id, tool_version, rules_hash)
);
""" + storeindex.INDEX_SCHEMA


class StoreError(UserError):
    """The store cannot be used; the message names the file."""


# --------------------------------------------------------------------------- keys


def content_hash(article: Article) -> str:
    """What makes two articles the same: their text and what the reader took from it.

    The file name and the id are left out, so the same copy filed twice (or
    under another name) is stored once; the same wire text carried by two
    outlets is kept twice, because the outlet differs.
    """
    keyed = article.model_dump(mode="json", exclude={"id", "path", "warnings", "format"})
    raw = json.dumps(keyed, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ExtractionKey:
    """Which tool and rules produced an extraction; a different key means stale."""

    tool_version: str
    rules_hash: str

    @classmethod
    def of(cls, rules: RuleSet) -> ExtractionKey:
        return cls(__version__, rules_hash(rules))

    def __str__(self) -> str:
        return f"{self.tool_version}/{self.rules_hash}"


def is_store_file(path: str | Path) -> bool:
    """A SQLite file (by its magic bytes), or a ``.db``/``.sqlite`` name."""
    p = Path(path)
    if p.is_file():
        try:
            with p.open("rb") as fh:
                if fh.read(16) == SQLITE_MAGIC:
                    return True
        except OSError:
            return False
    return p.suffix.lower() in (".db", ".sqlite", ".sqlite3")


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


# --------------------------------------------------------------------------- the store


@dataclass
class StoredRow:
    """One line of ``store list``."""

    id: str
    path: str
    outlet: str | None
    title: str | None
    added_at: str
    extractions: int
    current: bool


@dataclass
class AddResult:
    added: list[str] = field(default_factory=list)  # ids stored
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, id already stored)
    refreshed: list[str] = field(default_factory=list)  # stale extractions recomputed
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (id as read, id stored)


class Store:
    """One SQLite file; use as a context manager so the connection is closed."""

    def __init__(self, path: str | Path, *, create: bool = False, timeout: float = 30.0):
        self.path = Path(path)
        if not self.path.exists() and not create:
            raise StoreError(f"{self.path}: no such store (create one with 'quotecheck store add')")
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a folder, not a store file")
        if self.path.exists() and self.path.stat().st_size and not self._has_magic():
            raise StoreError(f"{self.path}: not a quotecheck store (not an SQLite file)")
        try:
            self.conn = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a committed transaction survives the process being
            # killed (it is in the WAL file); only a power cut may lose the last ones.
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._init_schema()
            # index rows and counts read by this connection's inserts (valid while it alone
            # writes; ``None`` indexes with plain queries only, as the tests compare)
            self.index_cache: storeindex.IndexCache | None = storeindex.IndexCache()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open store: {exc}") from exc

    def _has_magic(self) -> bool:
        try:
            with self.path.open("rb") as fh:
                return fh.read(16) == SQLITE_MAGIC
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read store: {exc.strerror or exc}") from exc

    def _init_schema(self) -> None:
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if tables and "meta" not in tables:
            raise StoreError(f"{self.path}: not a quotecheck store (an SQLite file with other tables)")
        if not tables:
            with self.transaction():
                self._create_tables()
                self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(STORE_SCHEMA),))
                self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('index_key', '')")
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is not None and row[0] == "1":
            self._migrate_from_1()
            row = (str(STORE_SCHEMA),)
        elif row is not None and row[0] == "2":
            self._migrate_from_2()
            row = (str(STORE_SCHEMA),)
        if row is None or row[0] != str(STORE_SCHEMA):
            raise StoreError(f"{self.path}: store schema {row[0] if row else '?'} not supported "
                             f"(this quotecheck uses {STORE_SCHEMA})")

    def _create_tables(self) -> None:
        for stmt in _SCHEMA.split(";"):
            if stmt.strip():
                self.conn.execute(stmt)

    def _migrate_from_1(self) -> None:
        """Schema 1 -> 3: add the (empty) index tables; the index is built by ``reindex``."""
        with self.transaction():
            self._create_tables()
            self.conn.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(STORE_SCHEMA),))
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('index_key', '')")

    def _migrate_from_2(self) -> None:
        """Schema 2 -> 3: the name and quote-key counters, counted once from the index rows
        (one aggregate query each; the index stays built)."""
        with self.transaction():
            self._create_tables()
            for sql in storeindex.FILL_COUNTS:
                self.conn.execute(sql)
            self.conn.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(STORE_SCHEMA),))

    # -- plumbing

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    @contextlib.contextmanager
    def _indexing(self) -> Iterator[None]:
        """A write transaction for the index: its cache synced with other connections' commits
        once the write lock is held, and dropped if the transaction fails or does not commit
        (it may hold this one's uncommitted counts)."""
        cache = self.index_cache
        try:
            with self.transaction():
                if cache is not None:
                    cache.sync(self.conn)
                yield
                if cache is not None:
                    cache.flush(self.conn)
        except BaseException:
            if cache is not None:
                cache.clear()
            raise

    # -- reading

    def __len__(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def empty(self) -> bool:
        """No article stored (one row read, where ``len`` counts them all)."""
        return self.conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None

    def stored_ids(self, hashes: Iterable[str]) -> dict[str, str]:
        """content hash -> stored article id, for these hashes only (indexed lookups)."""
        return dict(storeindex._in(self.conn, "SELECT content_hash, id FROM articles WHERE content_hash IN ({})",
                                   set(hashes)))

    def current(self, ids: Iterable[str], key: ExtractionKey) -> set[str]:
        """Which of these stored articles have an extraction under ``key``."""
        return {r[0] for r in storeindex._in(
            self.conn, "SELECT article_id FROM extractions WHERE tool_version = ? AND rules_hash = ? "
                       "AND article_id IN ({})", set(ids), head=(key.tool_version, key.rules_hash))}

    def hashes(self) -> dict[str, str]:
        """content hash -> stored article id."""
        return dict(self.conn.execute("SELECT content_hash, id FROM articles"))

    def ids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT id FROM articles")}

    def index_key(self) -> str:
        """The extraction key the index was built under ('' when not built)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'index_key'").fetchone()
        return row[0] if row else ""

    def indexed(self, key: ExtractionKey) -> bool:
        """The index holds every article, built under these rules (``check --against`` can use it)."""
        return self.index_key() == str(key)

    def _set_index_key(self, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('index_key', ?)", (value,))

    def seq_of_hash(self, h: str) -> int | None:
        row = self.conn.execute("SELECT seq FROM articles WHERE content_hash = ?", (h,)).fetchone()
        return row[0] if row else None

    def has_hash(self, h: str) -> bool:
        return self.seq_of_hash(h) is not None

    def seq_of_id(self, article_id: str) -> int | None:
        row = self.conn.execute("SELECT seq FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def load(self, seqs: Iterable[int], key: ExtractionKey) -> list[tuple[Article, ArticleExtraction]]:
        """These articles with their extraction under ``key``, in store order (missing ones left out)."""
        out = []
        for part in storeindex._chunks(sorted(set(seqs))):
            rows = self.conn.execute(
                "SELECT a.seq, a.article_json, e.extraction_json FROM articles a JOIN extractions e "
                f"ON e.article_id = a.id WHERE e.tool_version = ? AND e.rules_hash = ? "
                f"AND a.seq IN ({','.join('?' * len(part))})", (key.tool_version, key.rules_hash, *part))
            out.extend(rows)
        out.sort()
        return [(Article.model_validate_json(a), ArticleExtraction.model_validate_json(e)) for _, a, e in out]

    def articles(self) -> list[Article]:
        rows = self.conn.execute("SELECT article_json FROM articles ORDER BY seq")
        return [Article.model_validate_json(r[0]) for r in rows]

    def extractions(self, key: ExtractionKey) -> dict[str, ArticleExtraction]:
        """Stored extractions made by this tool version with these rules, by article id."""
        rows = self.conn.execute(
            "SELECT article_id, extraction_json FROM extractions WHERE tool_version=? AND rules_hash=?",
            (key.tool_version, key.rules_hash))
        return {aid: ArticleExtraction.model_validate_json(js) for aid, js in rows}

    def rows(self, key: ExtractionKey | None = None) -> list[StoredRow]:
        q = """SELECT a.id, a.path, a.outlet, a.title, a.added_at, count(e.article_id),
                      sum(CASE WHEN e.tool_version=? AND e.rules_hash=? THEN 1 ELSE 0 END)
               FROM articles a LEFT JOIN extractions e ON e.article_id = a.id
               GROUP BY a.seq ORDER BY a.seq"""
        k = key or ExtractionKey("", "")
        return [StoredRow(i, p, o, t, at, n, bool(cur)) for i, p, o, t, at, n, cur
                in self.conn.execute(q, (k.tool_version, k.rules_hash))]

    # -- writing

    def put(self, pairs: Iterable[tuple[Article, ArticleExtraction]], key: ExtractionKey,
            rules: RuleSet | None = None, *, hashes: dict[str, str] | None = None) -> list[int]:
        """New articles with their extractions, all in one transaction; their stories.

        With ``rules`` (those of ``key``) each article is also indexed and joined to its story in
        the same transaction, when the index is built under that key (or the store is empty).
        Otherwise the index no longer covers every article and is marked not built
        (``reindex`` rebuilds it). Returns each article's story (0 when not indexed).
        ``hashes``: article id -> ``content_hash``, when the caller has them (``add_articles``:
        hashing serialises the whole article, and it was done three times per article).
        """
        now = _now()
        stories: list[int] = []
        with self._indexing():
            index = rules is not None and (self.indexed(key) or self.empty())
            self._set_index_key(str(key) if index else "")
            n = storeindex.indexed_count(self.conn) if index else 0
            for art, ex in pairs:
                if ex.article_id != art.id:
                    raise StoreError(f"{self.path}: extraction of {ex.article_id!r} given for {art.id!r}")
                try:
                    cur = self.conn.execute(
                        "INSERT INTO articles (id, content_hash, path, outlet, title, added_at, article_json)"
                        " VALUES (?,?,?,?,?,?,?)",
                        (art.id, (hashes or {}).get(art.id) or content_hash(art), art.path, art.outlet, art.title, now,
                         art.model_dump_json()))
                except sqlite3.IntegrityError as exc:  # another process added it meanwhile
                    raise StoreError(f"{self.path}: article {art.id!r} ({art.path}) was stored by "
                                     f"another process meanwhile; run the command again") from exc
                self._put_extraction(ex, key, now)
                if index and rules is not None:
                    stories.append(storeindex.insert(self.conn, cur.lastrowid, storeindex.article_keys(art, ex, rules),
                                                     rules, stored_n=n, cache=self.index_cache))
                    n += 1
                else:
                    stories.append(0)
        return stories

    def reindex(self, rules: RuleSet, extract: Extract, *, chunk: int = 500,
                progress: Callable[[int, int], None] | None = None) -> int:
        """Build the index from scratch under ``rules`` (stale extractions recomputed first).

        One transaction: a killed reindex leaves the previous index (or none) as it was.
        Articles a rule now fails on stay stored but outside the index. Returns how many were indexed.
        """
        key = ExtractionKey.of(rules)
        load_corpus_extractions(self, rules, extract, chunk=chunk)
        seqs = [r[0] for r in self.conn.execute("SELECT seq FROM articles ORDER BY seq")]
        done = 0
        with self._indexing():
            storeindex.clear(self.conn)
            if self.index_cache is not None:
                self.index_cache.clear()
            for part in storeindex._chunks(seqs, chunk):
                for art, ex in self.load(part, key):
                    seq = self.seq_of_id(art.id)
                    storeindex.insert(self.conn, seq, storeindex.article_keys(art, ex, rules), rules,  # type: ignore[arg-type]
                                      cache=self.index_cache)
                    done += 1
                if progress:
                    progress(done, len(seqs))
            self._set_index_key(str(key))
        return done

    def put_extractions(self, extractions: Iterable[ArticleExtraction], key: ExtractionKey) -> None:
        """Cache recomputed extractions of stored articles (one transaction)."""
        now = _now()
        with self.transaction():
            for ex in extractions:
                self._put_extraction(ex, key, now)

    def _put_extraction(self, ex: ArticleExtraction, key: ExtractionKey, now: str) -> None:
        """Stored without the segmentation's blocks and sentences: no report stage reads them,
        they follow from the stored text and the rules, and they were a tenth of the store
        file and of the parent's work per article (workers send ``slim`` extractions)."""
        self.conn.execute(
            "INSERT OR REPLACE INTO extractions VALUES (?,?,?,?,?)",
            (ex.article_id, key.tool_version, key.rules_hash, now,
             ex.model_dump_json(exclude=_SEGMENTATION_DETAIL)))


_SEGMENTATION_DETAIL = {"segmentation": {"blocks", "sentences"}}


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception (Ctrl-C included)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")


# --------------------------------------------------------------------------- operations


def _batches(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), max(1, size)):
        yield items[i : i + size]


def add_articles(store: Store, articles: list[Article], rules: RuleSet, extract: Extract,
                 *, batch_size: int = 32, on_batch: Callable[[list[str]], None] | None = None,
                 ready: list[ArticleExtraction | None] | None = None) -> AddResult:
    """Store new articles with their extraction; skip ones already stored.

    An article already in the store (same content hash) is not stored twice;
    if its extraction is stale it is recomputed. An article whose id is taken
    by different content gets a free id (``<id>-2``) BEFORE extraction, so its
    quote and figure ids match. ``ready``: extractions the workers already made
    (``None`` where a rule failed), one per article; a renamed article is extracted again.
    """
    key = ExtractionKey.of(rules)
    result = AddResult()
    if not store.empty() and not store.indexed(key):  # migrated, or stored under other rules
        store.reindex(rules, extract)
    # only this call's articles are looked up: reading every stored hash and id per call made
    # a long `store add` (one call per chunk) slow down as the store grew
    hashes = [content_hash(a) for a in articles]  # once: it serialises the whole article
    by_hash = store.stored_ids(hashes)
    current = store.current(by_hash.values(), key)
    ids: set[str] = set()  # ids given in this call; stored ones are looked up

    def taken(i: str) -> bool:
        return i in ids or store.seq_of_id(i) is not None

    fresh: list[Article] = []
    stale: list[Article] = []
    pending_hashes: set[str] = set()
    made: dict[str, ArticleExtraction | None] = {}
    hash_of: dict[str, str] = {}
    for i, art in enumerate(articles):
        h = hashes[i]
        if h in by_hash:
            result.duplicates.append((art.path, by_hash[h]))
            if by_hash[h] not in current:
                stale.append(art.model_copy(update={"id": by_hash[h]}))
                current.add(by_hash[h])
            continue
        if h in pending_hashes:
            result.duplicates.append((art.path, art.id))
            continue
        pending_hashes.add(h)
        new_id = unique_id(art.id, taken)
        if new_id != art.id:
            result.renamed.append((art.id, new_id))
            art = art.model_copy(update={"id": new_id})
        ids.add(new_id)
        hash_of[new_id] = h  # the id is not hashed: a renamed copy keeps its hash
        fresh.append(art)
        if ready is not None and new_id == articles[i].id:
            made[new_id] = ready[i]
    for batch in _batches(stale, batch_size):
        done, exs = kept(batch, extract(batch))
        store.put_extractions(exs, key)
        result.refreshed.extend(a.id for a in done)
    for batch in _batches(fresh, batch_size):
        redo = [a for a in batch if a.id not in made]
        redone = dict(zip((a.id for a in redo), extract(redo) if redo else [], strict=True))
        done, exs = kept(batch, [made[a.id] if a.id in made else redone[a.id] for a in batch])
        store.put(zip(done, exs, strict=True), key, rules, hashes=hash_of)
        result.added.extend(a.id for a in done)
        if on_batch:
            on_batch([a.id for a in done])
    return result


def load_corpus_extractions(store: Store, rules: RuleSet, extract: Extract, *, chunk: int = 500) -> int:
    """Recompute (and cache) the extractions missing under ``rules``, a chunk at a time; how many."""
    key = ExtractionKey.of(rules)
    stale = [r.id for r in store.rows(key) if not r.current]
    for part in storeindex._chunks(stale, chunk):
        arts = [Article.model_validate_json(js) for (js,) in store.conn.execute(
            f"SELECT article_json FROM articles WHERE id IN ({','.join('?' * len(part))}) ORDER BY seq", part)]
        _, fresh = kept(arts, extract(arts))
        store.put_extractions(fresh, key)
    return len(stale)


@dataclass
class Corpus:
    """Earlier coverage ready for ``build_report``: articles and their extractions."""

    articles: list[Article]
    extractions: list[ArticleExtraction]
    recomputed: int = 0


def load_corpus(store: Store, rules: RuleSet, extract: Extract, *, cache: bool = True) -> Corpus:
    """Stored articles with current extractions; stale ones are recomputed (and cached)."""
    key = ExtractionKey.of(rules)
    arts = store.articles()
    have = store.extractions(key)
    missing = [a for a in arts if a.id not in have]
    if missing:
        _, fresh = kept(missing, extract(missing))
        have.update((ex.article_id, ex) for ex in fresh)
        if cache:
            # a read-only store: the check still runs, just without caching
            with contextlib.suppress(sqlite3.Error, StoreError):
                store.put_extractions(fresh, key)
    arts = [a for a in arts if a.id in have]  # a stored article a rule now fails on sits out
    return Corpus(arts, [have[a.id] for a in arts], recomputed=len(missing))
