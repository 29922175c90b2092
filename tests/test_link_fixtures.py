"""The link stage against fixtures/*/expected.yml: stories, clusters, not_linked, quote findings.

Quotes are placed from the expected ``quotes:`` section (text, speaker,
channel), so this tests linking and the quote checks on their own, whatever
the state of quote extraction; articles are read by the real ingest.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_link_kit import link_rules

from quotecheck import link
from quotecheck.checks import quotes as quote_checks
from quotecheck.ingest import read_paths
from quotecheck.models import Quote, Report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SETS = sorted(p.parent for p in FIXTURES.glob("*/expected.yml"))
RANK = {"info": 0, "warning": 1, "error": 2}


def _report(folder: Path) -> tuple[Report, dict]:
    exp = yaml.safe_load((folder / "expected.yml").read_text(encoding="utf-8"))
    arts, errors = read_paths([str(folder)])
    assert not errors, errors
    by_id = {a.id: a for a in arts}
    quotes, used = [], set()
    for n, q in enumerate(exp.get("quotes", [])):
        art = by_id.get(q["article"])
        if art is None:
            continue
        start = art.text.find(q["text"])
        while start >= 0 and (art.id, start) in used:
            start = art.text.find(q["text"], start + 1)
        if start < 0:
            continue  # ingest may render this quote differently; the quotes tests own that
        used.add((art.id, start))
        quotes.append(Quote(id=f"{art.id}:q{n}", article_id=art.id, start=start,
                            end=start + len(q["text"]), text=q["text"], speaker=q.get("speaker"),
                            channel=q.get("channel"), kind=q.get("kind", "full"),
                            # the fixtures' speakers are all named by a cue at the quote
                            speaker_evidence="cue" if q.get("speaker") else None))
    report = Report(articles=arts, quotes=quotes)
    rules = link_rules()
    report.stories = link.group_stories(report, rules)
    report.clusters, report.edges = link.link_quotes(report, rules)
    report.findings = quote_checks.check(report, rules)
    return report, exp


def _find(report: Report, ref: dict) -> list[str]:
    return [q.id for q in report.quotes
            if q.article_id == ref["article"] and ref["text_contains"] in q.text]


def _cluster_index(report: Report) -> dict[str, str]:
    return {m.quote_id: c.id for c in report.clusters for m in c.members}


@pytest.mark.parametrize("folder", SETS, ids=[p.name for p in SETS])
def test_fixture_stories(folder: Path) -> None:
    report, exp = _report(folder)
    if "stories" not in exp:
        assert len(report.stories) == 1, [s.article_ids for s in report.stories]
        return
    got = sorted(sorted(s.article_ids) for s in report.stories)
    assert got == sorted(sorted(s) for s in exp["stories"])


@pytest.mark.parametrize("folder", SETS, ids=[p.name for p in SETS])
def test_fixture_clusters_and_not_linked(folder: Path) -> None:
    report, exp = _report(folder)
    where = _cluster_index(report)
    rel = {m.quote_id: m.relation for c in report.clusters for m in c.members}
    for cl in exp.get("clusters", []):
        ids = [qid for ref in cl["members"] for qid in _find(report, ref)]
        assert ids, cl["name"]
        assert len({where.get(q) for q in ids}) == 1 and where.get(ids[0]), \
            f"{folder.name}: {cl['name']} not one cluster: {[(q, where.get(q)) for q in ids]}"
        for ref in cl["members"]:
            want = ref.get("relation")
            if want:
                want = [want] if isinstance(want, str) else want
                for q in _find(report, ref):
                    assert rel[q] in want, f"{cl['name']}: {q} is {rel[q]}, expected {want}"
    for a, b in exp.get("not_linked", []):
        for qa in _find(report, a):
            for qb in _find(report, b):
                assert where.get(qa) is None or where.get(qa) != where.get(qb), (qa, qb)


@pytest.mark.parametrize("folder", SETS, ids=[p.name for p in SETS])
def test_fixture_quote_findings(folder: Path) -> None:
    report, exp = _report(folder)
    mine = ("quote_altered", "speaker_conflict")

    def matches(f, spec: dict) -> bool:
        if f.kind != spec["kind"]:
            return False
        arts = {s.article_id for s in f.evidence}
        if not set(spec.get("articles", [])) <= arts:
            return False
        if not all(any(x in s.text for s in f.evidence) for x in spec.get("evidence_contains", [])):
            return False
        return RANK[f.severity.value] >= RANK[spec.get("min_severity", "info")]

    for spec in exp.get("findings", []):
        if spec["kind"] not in mine:
            continue
        hits = [f for f in report.findings if matches(f, spec)]
        assert hits, f"{folder.name}: missing {spec}; have {[f.message for f in report.findings]}"
        sev = spec.get("severity")
        if sev:
            sev = [sev] if isinstance(sev, str) else sev
            assert any(f.severity.value in sev for f in hits), [f.severity.value for f in hits]
    for spec in exp.get("must_not", []):
        if spec["kind"] in mine:
            bad = [f.message for f in report.findings if matches(f, spec)]
            assert not bad, f"{folder.name}: must not {spec}: {bad}"
    texts = {a.id: a.text for a in report.articles}
    for f in report.findings:
        for s in f.evidence:
            assert texts[s.article_id][s.start:s.end] == s.text
