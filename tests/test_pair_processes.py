"""The report stage on several processes (engine.ProcessPairStage, forkmap, the quote
checks' ``jobs``) gives the very report the serial stage gives.

The size thresholds that keep small batches serial are lowered to 0 here, so the
fixtures and a small generated corpus go through the worker processes.
"""

from __future__ import annotations

import concurrent.futures

import pytest

from quotecheck import link, pipeline
from quotecheck.checks import quotes as quote_checks
from quotecheck.engine import forkmap
from quotecheck.engine import local as engine
from quotecheck.engine.local import ProcessPairStage, pair_stage
from quotecheck.models import Article, ArticleExtraction, Report
from quotecheck.pipeline import build_report
from quotecheck.rules import default_rules

Batch = tuple[list[Article], list[ArticleExtraction]]


def _dump(report: Report) -> dict:
    d = report.model_dump(mode="json")
    d.pop("tool_version")
    return d


#: the corpus of the ``generated_batch`` fixture (tests/conftest.py): stories, outlets, seed
GENERATED = (10, 4, 17)


@pytest.mark.parametrize("batch", ["fixtures_batch", "generated_batch"])
@pytest.mark.parametrize("fork", [True, False])
def test_report_on_processes_is_the_serial_report(batch: str, fork: bool, request: pytest.FixtureRequest,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    arts, exs = request.getfixturevalue(batch)
    rules = default_rules()
    serial = build_report(arts, exs, [], rules)
    assert serial.clusters and serial.findings  # something to split
    calls: list[int] = []
    real = forkmap.fork_map

    def counted(fn, parts):
        calls.append(len(parts))
        return real(fn, parts)

    monkeypatch.setattr(quote_checks, "MIN_CLUSTERS_FOR_PROCESSES", 0)
    for mod in (pipeline, engine):
        monkeypatch.setattr(mod, "fork_map", counted)
    parallel = build_report(arts, exs, [], rules, pair_stage=ProcessPairStage(2, min_quotes=0, fork=fork), jobs=2)
    assert _dump(parallel) == _dump(serial)
    # the quote checks went through fork_map, and so did the pair stage when forking
    assert calls == ([2, 2] if fork else [2])


def test_story_parts_keep_stories_whole_and_their_edges_are_the_serial_edges(generated_batch: Batch) -> None:
    arts, exs = generated_batch
    rules = default_rules()
    report = build_report(arts, exs, [], rules)
    infos = link.prepare(report, report.stories, rules)
    c = link.compiled(rules)
    parts = link.story_parts(infos, 3)
    assert sorted(qi.idx for p in parts for qi in p) == list(range(len(infos)))
    stories = [{qi.story for qi in p} for p in parts]
    assert all(stories) and not (stories[0] & stories[1] or stories[0] & stories[2] or stories[1] & stories[2])
    assert all(p == sorted(p, key=lambda qi: qi.idx) for p in parts)
    serial = list(link.score_pairs(infos, link.candidate_pairs(infos, c.rules.blocking), c.rules.thresholds))
    split = sorted((e for p in parts for e in link.part_edges(p, c.rules.blocking, c.rules.thresholds)),
                   key=lambda e: (e[0], e[1]))
    assert serial and split == serial


def test_shared_stem_count_is_the_counter_intersection() -> None:
    from collections import Counter

    a, b = Counter("aabbbcx"), Counter("abbbbcd")
    assert link._shared_stems(a, b) == sum((a & b).values()) == 5
    assert link._shared_stems(b, a) == 5
    assert link._shared_stems(a, Counter()) == 0


def test_fork_map_keeps_part_order_and_runs_the_first_part_here() -> None:
    import os

    here = os.getpid()
    out = forkmap.fork_map(lambda p: (p, os.getpid() == here), [1, 2, 3])
    assert [p for p, _ in out] == [1, 2, 3]
    assert out[0][1] is True
    if forkmap.fork_context() is not None:
        assert out[1][1] is False and out[2][1] is False


def test_small_batches_stay_serial_and_local_jobs_choose_processes(fixtures_batch: Batch,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert pair_stage("local", jobs=1) is None
    assert pair_stage("local", jobs=2) == ProcessPairStage(2)

    def boom(*a, **k):
        raise AssertionError("no processes for a small batch")

    for mod in (pipeline, engine):
        monkeypatch.setattr(mod, "fork_map", boom)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", boom)  # imported where used
    arts, exs = fixtures_batch
    rules = default_rules()
    report = build_report(arts, exs, [], rules, pair_stage=ProcessPairStage(2), jobs=2)
    assert _dump(report) == _dump(build_report(arts, exs, [], rules))
