"""A stand-in check with exact evidence spans, so baseline/--against/watch are tested
whatever the real checks currently find. Imported by the other test_baseline/against/
store/watch files; its own tests check that the stand-in behaves like a real check.
"""

from __future__ import annotations

import sys
import types
from itertools import combinations
from pathlib import Path

import pytest
import regex

from quotecheck import checks
from quotecheck.models import Finding, Report, Severity, Span
from quotecheck.rules import RuleSet

FAKE_MODULE = "quotecheck_test_fake_check"
TOLL = regex.compile(r"(\d+) people died")
SEEN_THRESHOLDS: list[dict] = []


def fake_check(report: Report, rules: RuleSet) -> list[Finding]:
    """One error per pair of articles stating different death tolls."""
    SEEN_THRESHOLDS.append(dict(rules.thresholds))
    tolls = []
    for art in report.articles:
        m = TOLL.search(art.text)
        if m:
            tolls.append(Span(article_id=art.id, start=m.start(1), end=m.end(1), text=m.group(1)))
    out = []
    for a, b in combinations(tolls, 2):
        if a.text != b.text:
            out.append(Finding(id="", kind="figure_conflict", severity=Severity.error,
                               message=f"death toll differs: {a.text} vs {b.text}", evidence=[a, b]))
    return out


def install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make run_checks use only the stand-in check."""
    mod = types.ModuleType(FAKE_MODULE)
    mod.check = fake_check  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, FAKE_MODULE, mod)
    monkeypatch.setattr(checks, "CHECK_MODULES", (FAKE_MODULE,))


def story(toll: int, lead: str = "") -> str:
    """Wire-copy-like text about one event with a given death toll."""
    return (f"{lead}SEOUL (Wire) — A ferry capsized off the southern coast on Tuesday, "
            f"and officials said {toll} people died in the accident.\n\n"
            f"“We are still searching,” coast guard spokesman Park Min-jun told reporters.\n")


def write(folder: Path, name: str, toll: int, lead: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(story(toll, lead), encoding="utf-8")
    return p


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch)


def test_fake_check_gives_exact_spans_and_central_fingerprints(fake: None, tmp_path: Path) -> None:
    from quotecheck.engine.local import extract_all
    from quotecheck.ingest import read_paths
    from quotecheck.pipeline import build_report
    from quotecheck.rules import default_rules

    write(tmp_path, "a.txt", 12)
    write(tmp_path, "b.txt", 15)
    write(tmp_path, "c.txt", 12, lead="UPDATED.\n\n")
    arts, errs = read_paths([str(tmp_path)])
    rules = default_rules()
    report = build_report(arts, extract_all(arts, rules), errs, rules)
    texts = {a.id: a.text for a in report.articles}
    assert len(report.findings) == 2  # a-b and b-c; a and c agree
    for f in report.findings:
        assert f.fingerprint == checks.fingerprint(f)
        for s in f.evidence:
            assert texts[s.article_id][s.start:s.end] == s.text
    # same kind and evidence texts, different offsets: one fingerprint
    assert report.findings[0].fingerprint == report.findings[1].fingerprint
