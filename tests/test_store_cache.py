"""The index cache of ``store add`` (``storeindex.IndexCache``): an index built through it is
the index plain queries build, row for row, also when another connection writes in between
and when a transaction fails half-way."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quotecheck import storeindex
from quotecheck.models import Article, ArticleExtraction
from quotecheck.rules import default_rules
from quotecheck.store import ExtractionKey, Store, StoreError

GENERATED = (12, 5, 23)  # stories, outlets, seed (conftest.generated_batch)
TABLES = {"grouping": "seq, story, published, digest_json, quote_ids", "names": "*", "quote_keys": "*",
          "stem_df": "*", "name_df": "*", "quote_key_df": "*", "claims": "*", "stories": "*"}


def _tables(path: Path) -> dict[str, list]:
    with sqlite3.connect(path) as conn:
        return {t: sorted(conn.execute(f"SELECT {c} FROM {t}").fetchall(), key=repr) for t, c in TABLES.items()}


def _add(path: Path, pairs: list[tuple[Article, ArticleExtraction]], *, cached: bool, batch: int = 7) -> None:
    rules = default_rules()
    with Store(path, create=True) as st:
        if not cached:
            st.index_cache = None
        for i in range(0, len(pairs), batch):
            st.put([(a, ex.model_copy()) for a, ex in pairs[i : i + batch]], ExtractionKey.of(rules), rules)
        assert not storeindex.consistent(st.conn)


def test_cached_index_equals_plain_index(tmp_path: Path, generated_batch) -> None:
    arts, exs = generated_batch
    pairs = list(zip(arts, exs, strict=True))
    _add(tmp_path / "plain.db", pairs, cached=False)
    _add(tmp_path / "cached.db", pairs, cached=True)
    plain, cached = _tables(tmp_path / "plain.db"), _tables(tmp_path / "cached.db")
    assert len(plain["grouping"]) == len(arts) and len(plain["stories"]) > 1
    assert cached == plain


def test_cache_is_dropped_when_another_connection_writes(tmp_path: Path, generated_batch) -> None:
    """Two stores on one file take turns: each must see the other's rows and counts."""
    arts, exs = generated_batch
    pairs = list(zip(arts, exs, strict=True))
    _add(tmp_path / "plain.db", pairs, cached=False)
    rules, key = default_rules(), ExtractionKey.of(default_rules())
    path = tmp_path / "two.db"
    with Store(path, create=True) as a, Store(path) as b:
        for i in range(0, len(pairs), 5):
            st = a if (i // 5) % 2 == 0 else b
            st.put([(x, ex.model_copy()) for x, ex in pairs[i : i + 5]], key, rules)
        assert a.index_cache is not None and a.index_cache.df["stem_df"]  # the cache was used
        assert not storeindex.consistent(a.conn)
    assert _tables(path) == _tables(tmp_path / "plain.db")


def test_sync_keeps_own_commits_and_drops_others(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path, create=True) as a, Store(path) as b:
        cache = storeindex.IndexCache()
        with a.transaction():
            cache.sync(a.conn)
            cache.df["stem_df"]["word"] = 3
        with a.transaction():
            cache.sync(a.conn)  # only a itself wrote: still valid
        assert cache.df["stem_df"] == {"word": 3}
        with b.transaction():
            b.conn.execute("INSERT INTO stem_df VALUES ('word', 1)")
        with a.transaction():
            cache.sync(a.conn)
        assert cache.df["stem_df"] == {}


def test_failed_transaction_drops_the_cache(tmp_path: Path, generated_batch) -> None:
    """A batch that fails half-way leaves nothing, and the cache holds none of its counts."""
    arts, exs = generated_batch
    pairs = list(zip(arts, exs, strict=True))
    _add(tmp_path / "plain.db", pairs[:20] + pairs[30:], cached=False)
    rules, key = default_rules(), ExtractionKey.of(default_rules())
    path = tmp_path / "f.db"
    with Store(path, create=True) as st:
        st.put([(x, ex.model_copy()) for x, ex in pairs[:20]], key, rules)
        bad = [(x, ex.model_copy()) for x, ex in pairs[20:30]]
        bad[-1] = (bad[-1][0], bad[0][1].model_copy())  # another article's extraction: refused
        with pytest.raises(StoreError):
            st.put(bad, key, rules)
        assert st.index_cache is not None and not st.index_cache.pending_stems
        assert not st.index_cache.df["stem_df"]
        st.put([(x, ex.model_copy()) for x, ex in pairs[30:]], key, rules)
    assert _tables(path) == _tables(tmp_path / "plain.db")


def test_cache_bounds_hold(tmp_path: Path, generated_batch) -> None:
    """A cache smaller than the corpus still gives the plain index."""
    arts, exs = generated_batch
    pairs = list(zip(arts, exs, strict=True))
    _add(tmp_path / "plain.db", pairs, cached=False)
    rules, key = default_rules(), ExtractionKey.of(default_rules())
    with Store(tmp_path / "small.db", create=True) as st:
        st.index_cache = storeindex.IndexCache(max_rows=3, max_keys=50)
        for i in range(0, len(pairs), 4):
            st.put([(x, ex.model_copy()) for x, ex in pairs[i : i + 4]], key, rules)
        assert len(st.index_cache.rows) <= 3
    assert _tables(tmp_path / "small.db") == _tables(tmp_path / "plain.db")
