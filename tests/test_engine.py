"""Engines give the same report: in-process, worker processes, Dask."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quotecheck import link
from quotecheck.cli import main
from quotecheck.engine.local import MIN_ARTICLES_FOR_PROCESSES, extract_all
from quotecheck.ingest import read_paths
from quotecheck.pipeline import build_report
from quotecheck.rules import RuleSet, default_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _many_articles(tmp_path: Path) -> Path:
    """Enough copies of the summit and air-crash sets to pass the process threshold."""
    out = tmp_path / "corpus"
    n = 0
    while n < MIN_ARTICLES_FOR_PROCESSES + 4:
        for name in ("summit", "air-crash"):
            dest = out / f"{name}-{n}"
            shutil.copytree(FIXTURES / name, dest, ignore=shutil.ignore_patterns("expected.yml"))
            n += sum(1 for _ in dest.iterdir())
    return out


def _report(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    main(["check", *args, "--format", "json", "--fail-on", "never"])
    return json.loads(capsys.readouterr().out)


def test_jobs_gives_the_same_report_in_the_same_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _many_articles(tmp_path)
    one = _report([str(corpus), "--jobs", "1"], capsys)
    two = _report([str(corpus), "--jobs", "2"], capsys)
    assert len(one["articles"]) >= MIN_ARTICLES_FOR_PROCESSES
    assert one["findings"], "the copies carry planted conflicts"
    assert one == two


def test_dask_local_cluster_matches_local_engine(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    from quotecheck.engine.dask import extract_with_dask

    articles, errors = read_paths([str(FIXTURES)])
    assert not errors
    rules = default_rules()
    local = extract_all(articles, rules, jobs=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        remote = extract_with_dask(articles, rules, client=client)
    assert [e.model_dump() for e in remote] == [e.model_dump() for e in local]
    assert sum(len(e.quotes) for e in local) > 20


# --------------------------------------------------------------------------- Dask: the whole report

GENERATOR = Path(__file__).resolve().parent.parent / "bench" / "generate_corpus.py"
FIXTURE_SETS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def dask_cluster():
    """One small in-process cluster for the module (threads: starts in about a second)."""
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    from quotecheck.engine.dask import close_shared_clients

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        yield cluster
        close_shared_clients()  # the CLI's client to this cluster, before the cluster goes


@pytest.fixture(scope="module")
def generated_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 stories x 3 outlets from the benchmark generator (its CLI, as a user runs it)."""
    out = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(GENERATOR), "--stories", "20", "--outlets", "3", "--seed", "11",
                    "--out", str(out)], check=True, capture_output=True)
    return out / "articles" if (out / "articles").is_dir() else out  # not the truth file


def _dask_vs_local(paths: list[str], cluster, capsys: pytest.CaptureFixture[str]) -> tuple[dict, dict]:
    local = _report([*paths, "--jobs", "1"], capsys)
    dask = _report([*paths, "--engine", "dask", "--scheduler", cluster.scheduler_address], capsys)
    return local, dask


def _assert_same_report(local: dict, dask: dict) -> None:
    """Finding for finding first (a readable failure), then the whole JSON (no field of the
    report depends on the run: no timings, and both runs read the same paths)."""
    assert [(f["id"], f["kind"], f["fingerprint"]) for f in dask["findings"]] == \
        [(f["id"], f["kind"], f["fingerprint"]) for f in local["findings"]]
    assert dask["findings"] == local["findings"]
    assert dask["clusters"] == local["clusters"]
    assert dask["edges"] == local["edges"]
    assert dask == local


@pytest.mark.parametrize("name", FIXTURE_SETS)
def test_dask_report_equals_local_on_each_fixture_set(name: str, dask_cluster,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    local, dask = _dask_vs_local([str(FIXTURES / name)], dask_cluster, capsys)
    assert local["articles"]
    _assert_same_report(local, dask)


def test_dask_report_equals_local_on_all_fixtures_at_once(dask_cluster, capsys: pytest.CaptureFixture[str]) -> None:
    local, dask = _dask_vs_local([str(FIXTURES)], dask_cluster, capsys)
    assert len(local["clusters"]) >= 5 and local["findings"]
    _assert_same_report(local, dask)


def test_dask_report_equals_local_on_a_generated_corpus(generated_corpus: Path, dask_cluster,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    local, dask = _dask_vs_local([str(generated_corpus)], dask_cluster, capsys)
    assert len(local["articles"]) >= 40 and not local["errors"]
    assert len(local["clusters"]) >= 20, "the generator repeats quotes across outlets"
    _assert_same_report(local, dask)


def _with_blocking(rules: RuleSet, **caps: int) -> RuleSet:
    """The rule set with tighter blocking caps (a copy; the cached default stays as it is)."""
    files = [f.model_copy(update={"blocking": f.blocking.model_copy(update=caps)}) if f.kind == "link" else f
             for f in rules.files]
    return RuleSet(files, rules.packs)


def test_dask_pair_stage_applies_the_same_caps_as_local(generated_corpus: Path, dask_cluster) -> None:
    """With caps small enough to bite (a bigram in > 4 quotes skipped, 3 partners per quote),
    the edges from Dask workers are exactly the local ones, in the same order."""
    distributed = pytest.importorskip("distributed")
    from quotecheck.engine.dask import link_edges_with_dask

    articles, errors = read_paths([str(generated_corpus)])
    assert not errors
    base = default_rules()
    report = build_report(articles, extract_all(articles, base, jobs=1), [], base)
    tight = _with_blocking(base, max_df=4, max_candidates=3)
    infos = link.prepare(report, report.stories, tight)
    loose_pairs = set(link.candidate_pairs(infos, link.compiled(base).rules.blocking))
    tight_pairs = set(link.candidate_pairs(infos, link.compiled(tight).rules.blocking))
    assert tight_pairs < loose_pairs, "the caps must bite for this test to mean anything"
    local = list(link.score_pairs(infos, sorted(tight_pairs), link.compiled(tight).rules.thresholds))
    with distributed.Client(dask_cluster) as client:
        remote = link_edges_with_dask(infos, tight, client=client, npartitions=3)
    assert remote == local
    assert len(local) > 10


def test_select_partners_breaks_ties_by_index_not_by_insertion_order() -> None:
    blocking = link.Blocking(max_candidates=2, min_shared=2)
    counts = {9: 3, 4: 2, 7: 3, 2: 3, 5: 1}
    assert sorted(link.select_partners(counts, 10, blocking)) == [2, 7]
    assert sorted(link.select_partners(dict(reversed(counts.items())), 10, blocking)) == [2, 7]
    # Few bigrams: one shared is enough; many: min_shared.
    assert sorted(link.select_partners({1: 1, 3: 2}, 3, link.Blocking(max_candidates=5, min_shared=2))) == [1, 3]
    assert link.select_partners({1: 1, 3: 2}, 4, link.Blocking(max_candidates=5, min_shared=2)) == [3]


def test_blocking_keys_are_the_same_key_and_each_distinct_bigram_once_per_story() -> None:
    keys = link.blocking_keys("thedamheld", ["dam", "held", "dam", "held"], "s1")
    assert keys == [("=", "s1", "thedamheld"), ("b", "s1", "dam", "held"), ("b", "s1", "held", "dam")]
    assert link.blocking_keys("", ["one"], "s1") == []
    assert not set(keys) & set(link.blocking_keys("thedamheld", ["dam", "held"], "s2"))


def test_engine_pair_stage_is_local_unless_dask() -> None:
    from quotecheck.engine.local import pair_stage

    assert pair_stage("local") is None
    assert pair_stage("dask", "tcp://127.0.0.1:1").keywords == {"scheduler": "tcp://127.0.0.1:1"}
