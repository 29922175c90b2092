"""The indexed store: one new article checked against only the stored stories it could touch
gives the findings of the full check cut to it (``focus``), on fixtures and a generated corpus."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from quotecheck import storeindex
from quotecheck.against import check_against_store, focus
from quotecheck.models import Article, ArticleExtraction, Finding
from quotecheck.pipeline import build_report, extract_article
from quotecheck.rules import RuleSet, default_rules
from quotecheck.store import ExtractionKey, Store

GENERATED = (40, 5, 11)
SPEAKER = re.compile(r"\([^()]*\)")  # stories, outlets, seed (conftest.generated_batch)


def _key(f: Finding) -> tuple:
    """What a finding says. Its id, story id and cluster id are numbering (F1, s1, c1), which
    a report over fewer articles changes (so does the story part of a claim id). The speaker named in the message, "(Ri)", is the
    one difference the index allows: ``attribution.resolve_entities`` resolves a short name
    across the whole batch, so "Ri", which two people of different stories share in the full
    corpus, stays "Ri" there and becomes the one Ri of the story here (docs/ci.md).
    Everything else (kind, severity, evidence, fingerprint, details) must be equal."""
    details = {k: v for k, v in f.details.items() if k != "cluster_id"}
    if "claim_id" in details:  # "s6:date:meeting": the story part is numbering too
        details["claim_id"] = details["claim_id"].split(":", 1)[1]
    return (f.kind, f.severity, SPEAKER.sub("(…)", f.message), f.fingerprint, repr(sorted(details.items())),
            tuple((s.article_id, s.start, s.end, s.text) for s in f.evidence))


def _extract(rules: RuleSet):
    return lambda arts: [extract_article(a, rules) for a in arts]


def _store(path: Path, arts: list[Article], exs: list[ArticleExtraction], rules: RuleSet) -> Store:
    st = Store(path, create=True)
    st.put(zip(arts, [ex.model_copy() for ex in exs], strict=True), ExtractionKey.of(rules), rules)
    return st


def _compare(tmp_path: Path, arts: list[Article], exs: list[ArticleExtraction], held: list[int]) -> list[int]:
    """Store all but ``held``; check each held article; return how many findings each had."""
    rules = default_rules()
    keep = [i for i in range(len(arts)) if i not in held]
    counts = []
    with _store(tmp_path / "c.db", [arts[i] for i in keep], [exs[i] for i in keep], rules) as st:
        assert st.indexed(ExtractionKey.of(rules)) and not storeindex.consistent(st.conn)
        for h in held:
            new = arts[h]
            full = focus(build_report([*(arts[i] for i in keep), new], [*(exs[i] for i in keep), exs[h]], [],
                                      rules), {new.id})
            got = check_against_store([new], st, [], rules, _extract(rules))
            assert sorted(map(_key, got.findings)) == sorted(map(_key, full.findings)), new.id
            counts.append(len(full.findings))
    return counts


def test_fixtures_one_article_of_each_set(tmp_path: Path, fixtures_batch) -> None:
    arts, exs = fixtures_batch
    held, seen = [], set()
    for i, a in enumerate(arts):
        folder = Path(a.path).parent.name
        if folder not in seen:
            seen.add(folder)
            held.append(i)
    counts = _compare(tmp_path, arts, exs, held)
    assert sum(counts) > 0  # the comparison is not between two empty lists


def test_generated_store_including_a_new_story(tmp_path: Path, generated_batch) -> None:
    arts, exs = generated_batch
    story = {i: a.id.split("-")[0] for i, a in enumerate(arts)}
    stories = sorted(set(story.values()))
    joining = [min(i for i in story if story[i] == s) for s in stories[:4]]
    lonely = [i for i in story if story[i] == stories[-1]]  # a whole story held out: its first starts one
    rules = default_rules()
    keep = [i for i in range(len(arts)) if i not in joining and i not in lonely]
    with _store(tmp_path / "c.db", [arts[i] for i in keep], [exs[i] for i in keep], rules) as st:
        got = check_against_store([arts[lonely[0]]], st, [], rules, _extract(rules))
        assert [a.id for a in got.articles] == [arts[lonely[0]].id]  # no stored article touched
    (tmp_path / "b").mkdir()
    counts = _compare(tmp_path / "b", arts, exs, joining + lonely[:1])
    assert sum(counts[:-1]) > 0  # planted conflicts are found against the store


def test_index_is_consistent_and_stories_merge(tmp_path: Path, generated_batch) -> None:
    """Adding one article at a time gives each generated story one stored story."""
    arts, exs = generated_batch
    rules = default_rules()
    with Store(tmp_path / "c.db", create=True) as st:
        key = ExtractionKey.of(rules)
        for a, ex in zip(arts[:60], exs[:60], strict=True):
            st.put([(a, ex.model_copy())], key, rules)
        assert not storeindex.consistent(st.conn)
        rows = st.conn.execute("SELECT a.id, g.story FROM grouping g JOIN articles a USING (seq)").fetchall()
    truth: dict[str, set[int]] = {}
    for aid, s in rows:
        truth.setdefault(aid.split("-")[0], set()).add(s)
    assert all(len(v) == 1 for v in truth.values()), truth
    assert len({next(iter(v)) for v in truth.values()}) == len(truth)  # no two stories merged


def test_schema_1_store_is_migrated_and_reindexed(tmp_path: Path, fixtures_batch) -> None:
    arts, exs = fixtures_batch
    rules = default_rules()
    db = tmp_path / "old.db"
    with Store(db, create=True) as st:
        st.put(zip(arts[:5], [ex.model_copy() for ex in exs[:5]], strict=True), ExtractionKey.of(rules))
        assert not st.indexed(ExtractionKey.of(rules))  # stored without rules: not indexed
    con = sqlite3.connect(db)
    for t in storeindex.INDEX_TABLES:
        con.execute(f"DROP TABLE {t}")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    con.commit()
    con.close()
    with Store(db) as st:  # opened: migrated to schema 3, index not built
        assert st.conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == "3"
        assert not st.indexed(ExtractionKey.of(rules))
        assert st.reindex(rules, _extract(rules)) == 5
        assert st.indexed(ExtractionKey.of(rules)) and not storeindex.consistent(st.conn)
        assert len(st) == 5


def test_schema_2_store_gets_its_counters_and_stays_indexed(tmp_path: Path, generated_batch) -> None:
    """Schema 3 keeps name and quote-key counts as counters; a schema-2 store (no counter
    tables) is given them from its index rows when opened, and checks the same as before."""
    arts, exs = generated_batch
    rules = default_rules()
    new = arts[0]
    db = tmp_path / "two.db"
    with _store(db, arts[1:], exs[1:], rules) as st:
        before = sorted(map(_key, check_against_store([new], st, [], rules, _extract(rules)).findings))
        counts = st.conn.execute("SELECT count(*), sum(df) FROM name_df").fetchone()
    con = sqlite3.connect(db)
    con.execute("DROP TABLE name_df")
    con.execute("DROP TABLE quote_key_df")
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    con.commit()
    con.close()
    with Store(db) as st:
        assert st.conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()[0] == "3"
        assert st.indexed(ExtractionKey.of(rules)) and storeindex.consistent(st.conn) == []
        assert st.conn.execute("SELECT count(*), sum(df) FROM name_df").fetchone() == counts
        after = sorted(map(_key, check_against_store([new], st, [], rules, _extract(rules)).findings))
    assert after == before and before


def test_a_wrong_counter_is_reported(tmp_path: Path, fixtures_batch) -> None:
    arts, exs = fixtures_batch
    rules = default_rules()
    with _store(tmp_path / "c.db", arts[:5], exs[:5], rules) as st:
        st.conn.execute("UPDATE name_df SET df = df + 1 WHERE name = (SELECT min(name) FROM name_df)")
        assert storeindex.consistent(st.conn) == ["1 name count differs from its articles"]


def test_claim_keys_follow_subject_unit_and_event(fixtures_batch) -> None:
    _, exs = fixtures_batch
    keys = [k for ex in exs for k in storeindex.claim_keys(ex)]
    assert any(k[0] == "figure" and k[1].count("|") == 2 for k in keys)
    assert any(k[0] == "date" and k[2] for k in keys)
