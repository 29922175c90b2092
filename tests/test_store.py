"""The SQLite store: dedupe, stale extractions, atomic batches, and surviving SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_baseline_fake import story, write

from quotecheck import storeindex
from quotecheck.cli import main
from quotecheck.engine.local import extract_all
from quotecheck.ingest import read_paths
from quotecheck.models import Article, ArticleExtraction, Segmentation
from quotecheck.rules import RuleSet, default_rules, load_rules, rules_hash
from quotecheck.store import (
    ExtractionKey,
    Store,
    StoreError,
    add_articles,
    content_hash,
    load_corpus,
    unique_id,
)


def _extract(rules: RuleSet):
    return lambda arts: extract_all(arts, rules)


def _art(aid: str, text: str, outlet: str | None = None) -> Article:
    return Article(id=aid, path=f"{aid}.txt", text=text, outlet=outlet)


def test_add_list_dedupe_and_round_trip(tmp_path: Path) -> None:
    rules = default_rules()
    arts = [_art("a", story(12)), _art("b", story(15)), _art("a-copy", story(12)), _art("b", story(20))]
    with Store(tmp_path / "c.db", create=True) as st:
        res = add_articles(st, arts, rules, _extract(rules), batch_size=2)
        assert res.added == ["a", "b", "b-2"]  # the id clash with other content is renamed
        assert res.duplicates == [("a-copy.txt", "a-copy")]  # same content under another name
        assert res.renamed == [("b", "b-2")]
        again = add_articles(st, arts[:2], rules, _extract(rules))
        assert again.added == [] and [d[1] for d in again.duplicates] == ["a", "b"]
        assert [a.id for a in st.articles()] == ["a", "b", "b-2"]
        stored = st.extractions(ExtractionKey.of(rules))
        renamed = arts[3].model_copy(update={"id": "b-2"})
        fresh = extract_all([renamed], rules)[0]
        assert fresh.segmentation.blocks and not stored["b-2"].segmentation.blocks  # kept without them
        assert stored["b-2"] == fresh.model_copy(update={"segmentation": Segmentation(article_id="b-2")})
        assert all(q.id.startswith("b-2:") for q in stored["b-2"].quotes)
        assert st.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        # add_articles hands put the hashes it made: each row's is its own article's, renamed too
        rows = dict(st.conn.execute("SELECT id, content_hash FROM articles"))
        assert rows == {a.id: content_hash(a) for a in st.articles()}


def test_same_text_from_two_outlets_is_two_articles() -> None:
    assert content_hash(_art("a", "x", "AP")) != content_hash(_art("b", "x", "Reuters"))
    assert content_hash(_art("a", "x", "AP")) == content_hash(_art("b", "x", "AP"))


def test_unique_id() -> None:
    assert unique_id("ap", set()) == "ap"
    assert unique_id("ap", {"ap", "ap-2"}) == "ap-3"


def test_stale_extractions_are_recomputed_and_cached(tmp_path: Path) -> None:
    rules = default_rules()
    calls: list[str] = []

    def counting(arts: list[Article]) -> list[ArticleExtraction]:
        calls.extend(a.id for a in arts)
        return extract_all(arts, rules2)

    rules2 = load_rules()
    rules2.thresholds = {"figure_tolerance": 0.1}
    assert rules_hash(rules2) != rules_hash(rules)
    with Store(tmp_path / "c.db", create=True) as st:
        add_articles(st, [_art("a", story(12)), _art("b", story(15))], rules, _extract(rules))
        assert all(r.current for r in st.rows(ExtractionKey.of(rules)))
        assert not any(r.current for r in st.rows(ExtractionKey.of(rules2)))
        corpus = load_corpus(st, rules2, counting)
        assert calls == ["a", "b"] and corpus.recomputed == 2
        assert [ex.article_id for ex in corpus.extractions] == ["a", "b"]
        corpus = load_corpus(st, rules2, counting)  # now cached
        assert calls == ["a", "b"] and corpus.recomputed == 0
        assert all(r.current and r.extractions == 2 for r in st.rows(ExtractionKey.of(rules2)))


def test_a_failing_batch_leaves_nothing_half_written(tmp_path: Path) -> None:
    rules = default_rules()
    arts = [_art(f"a{i}", story(i)) for i in range(6)]

    def flaky(batch: list[Article]) -> list[ArticleExtraction]:
        if any(a.id == "a4" for a in batch):
            raise RuntimeError("extraction failed")
        return extract_all(batch, rules)

    with Store(tmp_path / "c.db", create=True) as st:
        with pytest.raises(RuntimeError):
            add_articles(st, arts, rules, flaky, batch_size=2)
        assert [a.id for a in st.articles()] == ["a0", "a1", "a2", "a3"]
        # a wrong extraction inside a batch rolls the whole batch back
        bad = extract_all([_art("zz", story(99))], rules)[0]
        with pytest.raises(StoreError, match="extraction of 'zz' given for 'x'"):
            st.put([(_art("w", story(98)), extract_all([_art("w", story(98))], rules)[0]),
                    (_art("x", story(97)), bad)], ExtractionKey.of(rules))
        assert len(st) == 4


@pytest.mark.parametrize("content", [b"hello, not a database\n", b"SQLite format 3\x00" + b"\x00" * 200])
def test_not_a_store_is_one_line_error(tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "corpus.db"
    bad.write_bytes(content)
    rc = main(["store", "list", "--store", str(bad)])
    err = capsys.readouterr().err
    assert rc == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith(f"quotecheck: {bad}: ")
    assert "Traceback" not in err


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="not a quotecheck store"):
        Store(path)
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "missing.db")


def test_cli_store_add_and_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wire = tmp_path / "wire"
    write(wire, "ap.txt", 12)
    write(wire, "yonhap.txt", 15)
    (wire / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "corpus.db"
    assert main(["store", "add", str(wire), "--store", str(db)]) == 2  # empty.txt is an input error
    out, err = capsys.readouterr()
    assert "2 added, 0 already stored; 2 articles" in out
    assert err.strip().splitlines() == [f"quotecheck: {wire / 'empty.txt'}: empty file"]
    assert main(["store", "add", str(wire / "ap.txt"), "--store", str(db)]) == 0
    assert "0 added, 1 already stored; 2 articles" in capsys.readouterr().out
    assert main(["store", "list", "--store", str(db)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [ln.split("\t")[0] for ln in lines] == ["ap", "yonhap"]
    assert all("\tcurrent\t" in ln for ln in lines)


def test_cli_store_add_shows_progress_and_reindex_rebuilds(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    wire = tmp_path / "wire"
    for i in range(70):  # more than one chunk of --batch-size 2 (64 files): progress lines
        write(wire, f"a{i:03d}.txt", i, lead=f"Item {i}.\n\n")
    db = tmp_path / "corpus.db"
    assert main(["store", "add", str(wire), "--store", str(db), "--batch-size", "2", "--jobs", "1"]) == 0
    out, err = capsys.readouterr()
    assert "70 added" in out
    progress = [ln for ln in err.splitlines() if "store add:" in ln]
    assert [ln.split("store add: ")[1].split(" files")[0] for ln in progress] == ["64/70", "70/70"]
    key = ExtractionKey.of(default_rules())
    with Store(db) as st:
        before = st.conn.execute("SELECT seq, story FROM grouping ORDER BY seq").fetchall()
        assert st.indexed(key) and len(before) == 70
        st.conn.execute("UPDATE meta SET value = '' WHERE key = 'index_key'")  # as after a migration
    assert main(["check", str(wire / "a000.txt"), "--against", str(db), "--format", "json"]) in (0, 1)
    assert "is not indexed for these rules" in capsys.readouterr().err  # the full check ran, with a note
    assert main(["store", "reindex", "--store", str(db), "--jobs", "1"]) == 0
    assert "70 articles indexed" in capsys.readouterr().out
    with Store(db) as st:
        assert st.indexed(key) and storeindex.consistent(st.conn) == []
        # the same stories as when added one batch at a time (story ids may differ: compare partitions)
        after = st.conn.execute("SELECT seq, story FROM grouping ORDER BY seq").fetchall()

    def partition(rows: list) -> set[frozenset[int]]:
        groups: dict[int, set[int]] = {}
        for seq, story_id in rows:
            groups.setdefault(story_id, set()).add(seq)
        return {frozenset(g) for g in groups.values()}

    assert partition(after) == partition(before)


# --------------------------------------------------------------------------- kill -9


def _articles_in(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def test_sigkill_during_store_add_loses_nothing_committed(tmp_path: Path) -> None:
    wire = tmp_path / "wire"
    total = 600
    for i in range(total):
        write(wire, f"a{i:05d}.txt", i, lead=f"Item {i}.\n\n")
    db = tmp_path / "corpus.db"
    cmd = [sys.executable, "-m", "quotecheck.cli", "store", "add", str(wire), "--store", str(db),
           "--batch-size", "2"]
    # its own process group: the kill below takes the worker pool with it (orphaned workers
    # would otherwise linger after their parent is SIGKILLed)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    seen = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        seen = _articles_in(db) if db.exists() else 0
        if seen >= 20:
            break
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "store add finished before it could be killed"
    assert seen >= 20

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    with Store(db) as st:
        arts = st.articles()
        assert seen <= len(arts) < total  # everything seen committed is still there
        extractions = st.extractions(ExtractionKey.of(default_rules()))
        assert set(extractions) == {a.id for a in arts}  # no article without its extraction
        for a in arts:
            assert a.text == (wire / f"{a.id}.txt").read_text(encoding="utf-8")
            assert extractions[a.id].article_id == a.id
        # the index was written in the same transactions: built, covering every article, consistent
        assert st.indexed(ExtractionKey.of(default_rules()))
        assert storeindex.consistent(st.conn) == []
        indexed = st.conn.execute("SELECT count(*) FROM grouping").fetchone()[0]
        assert indexed == len(arts)
    # the store is usable: a re-sent stored file is skipped, missing ones are added
    stored = {a.id for a in arts}
    missing = [f for f in sorted(wire.iterdir()) if f.stem not in stored][:3]
    resent = wire / f"{sorted(stored)[0]}.txt"
    assert main(["store", "add", str(resent), *map(str, missing), "--store", str(db)]) == 0
    with Store(db) as st:
        assert len(st) == len(arts) + 3
        assert storeindex.consistent(st.conn) == [] and st.indexed(ExtractionKey.of(default_rules()))
    assert read_paths([str(wire / "a00000.txt")])[0][0].text == story(0, "Item 0.\n\n")


@pytest.mark.parametrize("ahead", [1, 2, 3])
def test_store_add_reads_chunks_ahead_in_order(tmp_path: Path, ahead: int) -> None:
    """With several chunks in flight, ``store add`` still gets every file once, chunk by
    chunk in the order given (the threads finish in any order)."""
    from quotecheck.commands.store import _read_in_chunks
    from quotecheck.engine.extraction import Extractor

    rules = default_rules()
    files = []
    for i in range(7):
        files.append(str(write(tmp_path, f"a{i}.txt", 10 + i)))
    chunks = list(_read_in_chunks(files, 2, rules, Extractor(rules, jobs=1), None, ahead=ahead))
    assert [[a.path for a in arts] for arts, _, _ in chunks] == [files[i : i + 2] for i in range(0, 7, 2)]
    assert all(len(exs) == len(arts) and all(e is not None for e in exs) for arts, _, exs in chunks)
