"""The benchmark's corpus generator (bench/generate_corpus.py) and scorer (bench/run_scale.py).

The generator is only useful if its truth is true: offsets point at what was injected,
stories really differ from each other, and the pipeline finds what was planted in a small
corpus and groups the articles into the events they were written about.
"""

from __future__ import annotations

import json
import sys
from itertools import combinations
from pathlib import Path

import pytest
from rapidfuzz.distance import Indel

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import generate_corpus as gen  # noqa: E402
import run_scale  # noqa: E402

from quotecheck import link  # noqa: E402
from quotecheck.engine.local import extract_local  # noqa: E402
from quotecheck.ingest import read_paths  # noqa: E402
from quotecheck.pipeline import build_report  # noqa: E402
from quotecheck.rules import default_rules  # noqa: E402
from quotecheck.textnorm import content_stems, tokenize  # noqa: E402


def test_same_seed_same_corpus_and_other_seed_differs() -> None:
    a, ta = gen.generate(4, 3, seed=11)
    b, tb = gen.generate(4, 3, seed=11)
    c, _ = gen.generate(4, 3, seed=12)
    assert a == b and ta == tb
    assert [t for _, t in a] != [t for _, t in c]


def test_small_corpus_is_a_prefix_of_a_larger_one() -> None:
    small, _ = gen.generate(3, 3, seed=5)
    large, _ = gen.generate(6, 3, seed=5)
    assert large[: len(small)] == small


def test_articles_are_3_to_6_kb() -> None:
    arts, _ = gen.generate(30, 3, seed=2)
    sizes = [len(t.encode("utf-8")) for _, t in arts]
    assert min(sizes) >= 3000 and max(sizes) <= 6 * 1024, (min(sizes), max(sizes))


def test_truth_offsets_point_at_the_injected_text() -> None:
    arts, truth = gen.generate(40, 4, seed=3, conflict_rate=1.0)
    text = dict(arts)
    assert len(truth["conflicts"]) == 40  # one per story at rate 1.0
    kinds = {c["kind"] for c in truth["conflicts"]}
    assert kinds == {"quote", "figure", "date", "weekday"}
    for c in truth["conflicts"]:
        got = text[c["article"]][c["start"]:c["end"]]
        assert got == c["text"], c
        if c["kind"] == "quote":
            assert got == "not "
            quote = text[c["article"]][c["quote_start"]:c["quote_end"]]
            assert "will not " in quote
        elif c["kind"] == "figure":
            assert got.replace(",", "").isdigit() and int(got.replace(",", "")) * 2 in (
                c["original"], c["original"] - 1)
        elif c["kind"] == "date":
            assert got != c["original"] and got.split()[0] in gen.MONTHS
        else:  # weekday: "Tuesday, March 4" where March 4 is not a Tuesday
            assert got.split(",")[0] in gen.WEEKDAYS
    for b in truth["benign"]:
        assert text[b["article"]][b["start"]:b["end"]] == b["text"]


def test_different_stories_do_not_share_people_places_or_long_quotes() -> None:
    _, truth = gen.generate(60, 2, seed=4)
    places = [e["place"] for e in truth["events"]]
    assert len(set(places)) == len(places)
    people = [n for e in truth["events"] for sp in e["speakers"] for n in sp]
    # Korean family names are shared on purpose; full names never are
    assert len(set(people)) == len(people)
    # The quote linker joins whole quotes at content-stem similarity >= 0.85 and fragments
    # contained at >= 0.85: statements of different stories must stay far below that, and no
    # excerpt (the action phrase quoted alone) may belong to two stories.
    used: set[str] = set()
    plans = [gen.plan_story(i, 4, used, 0.0) for i in range(60)]
    stop = link.compiled(default_rules()).stopwords
    stems = [(p.idx, content_stems(tokenize(st.text), stop)) for p in plans for st in p.statements]
    sims = sorted(Indel.normalized_similarity(a, b) for (i, a), (j, b) in combinations(stems, 2) if i != j)
    assert sims[-1] < 0.85, sims[-1]  # never a variant edge (rules/link.yml thresholds.variant)
    assert sims[len(sims) // 2] < 0.35, sims[len(sims) // 2]  # typically little in common
    actions = [st.action for p in plans for st in p.statements]
    assert len(set(actions)) == len(actions)


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    """6 stories x 3 outlets, a conflict injected in every story, through the whole pipeline."""
    out = tmp_path_factory.mktemp("corpus")
    truth = gen.write_corpus(out, 6, 3, seed=21, conflict_rate=1.0)
    rules = default_rules()
    arts, errors = read_paths([str(out / "articles")], rules=rules)
    assert not errors and len(arts) == 18
    report = build_report(arts, extract_local(arts, rules), errors, rules)
    findings = [json.loads(f.model_dump_json()) for f in report.findings]
    return run_scale.score(findings, [s.article_ids for s in report.stories], truth), truth


def test_pipeline_groups_the_generated_events_exactly(small_run: tuple[dict, dict]) -> None:
    score, _ = small_run
    assert score["events"] == 6
    assert score["events_recovered"] == 6 and score["mixed_stories"] == 0
    assert score["pair_precision"] == 1.0 and score["pair_recall"] == 1.0


def test_pipeline_finds_the_injected_conflicts(small_run: tuple[dict, dict]) -> None:
    score, truth = small_run
    assert score["injected"] == 6
    kinds = {c["kind"] for c in truth["conflicts"]}
    assert len(kinds) >= 3, kinds  # the seed covers most kinds
    # Figure conflicts are always found. One miss is allowed overall: with this seed a negated
    # quote is attributed to "Umar Al-Fairti" in one article and "Al-Fairti" in the others, the
    # two are not merged into one speaker, and two people's similar words are never linked
    # (docs/bench.md, "what the benchmark exposed").
    by_kind = {k: tuple(map(int, v.split("/"))) for k, v in score["recall_by_kind"].items()}
    if "figure" in by_kind:
        assert by_kind["figure"][0] == by_kind["figure"][1], score["recall_by_kind"]
    assert score["found"] >= score["injected"] - 1, score
    assert score["false_alarm_count"] <= score["findings"] // 4, score


def test_scorer_counts_a_finding_far_from_any_plant_as_a_false_alarm() -> None:
    truth = {"conflicts": [{"article": "a", "kind": "figure", "finding": "figure_conflict", "start": 10, "end": 15}],
             "benign": [], "events": [{"story": 0, "articles": ["a", "b"], "injected": "figure"},
                                      {"story": 1, "articles": ["c", "d"], "injected": None}]}
    hit = {"kind": "figure_conflict", "severity": "error", "evidence": [{"article_id": "a", "start": 12, "end": 14}]}
    stray = {"kind": "speaker_conflict", "severity": "error", "evidence": [{"article_id": "c", "start": 0, "end": 4}]}
    s = run_scale.score([hit, stray], [["a", "b"], ["c"], ["d"]], truth)
    assert s["found"] == 1 and s["recall"] == 1.0
    assert s["false_alarm_count"] == 1 and s["errors_outside_conflicts"] == 1
    assert s["findings_on_clean_stories"] == {"error": 1}
    assert s["events_recovered"] == 1 and s["mixed_stories"] == 0 and s["pair_recall"] == 0.5


def test_story_grouping_does_not_join_two_events_that_share_only_a_region() -> None:
    """Two stories in the same region published the same day: still two stories."""
    arts, truth = gen.generate(40, 3, seed=9)
    by_region: dict[str, list[dict]] = {}
    plans = {}
    used: set[str] = set()
    for i in range(40):
        p = gen.plan_story(i, 9, used, 0.2)
        plans[i] = p
        by_region.setdefault(p.words["region"], []).append(truth["events"][i])
    pair = next((evs[:2] for evs in by_region.values() if len(evs) >= 2), None)
    assert pair, "seed 9 should put two stories in one region"
    ids = set(pair[0]["articles"]) | set(pair[1]["articles"])
    rules = default_rules()
    texts = [(a, t) for a, t in arts if a in ids]
    # same publication day for all: only names and words can keep them apart
    from quotecheck.ingest import read_bytes

    articles = []
    for aid, t in texts:
        read, _ = read_bytes(t.encode(), f"{aid}.txt", rules)
        articles.append(read[0].model_copy(update={"published": read[0].published.replace(month=6, day=2)}))
    from quotecheck.models import Report

    stories = link.group_stories(Report(articles=articles), rules)
    got = sorted(sorted(s.article_ids) for s in stories)
    assert got == sorted([sorted(pair[0]["articles"]), sorted(pair[1]["articles"])]), got
