"""Engines give the same report: in-process, worker processes, Dask."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from quotecheck.cli import main
from quotecheck.engine import MIN_ARTICLES_FOR_PROCESSES, extract_all
from quotecheck.ingest import read_paths
from quotecheck.rules import default_rules

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
    from quotecheck.dask_engine import extract_with_dask

    articles, errors = read_paths([str(FIXTURES)])
    assert not errors
    rules = default_rules()
    local = extract_all(articles, rules, jobs=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        remote = extract_with_dask(articles, rules, client=client)
    assert [e.model_dump() for e in remote] == [e.model_dump() for e in local]
    assert sum(len(e.quotes) for e in local) > 20
