"""Property tests over the whole per-article pipeline and the cross-article stage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from quotecheck.cli import main
from quotecheck.models import Article, Span
from quotecheck.pipeline import extract_article
from quotecheck.rules import default_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# Text that looks like wire copy often enough to reach every stage: quote marks, numbers,
# capitalised names, cue verbs, dates, blank lines, plus arbitrary Unicode.
PIECES = st.sampled_from([
    "“", "”", '"', "'", "‘", "’", "«", "»", "„", "「", "」", "``", "''", "\n", "\n\n", " ",
    "said", "told", "according to", "Kim Jong-un", "Sergei Lavrov", "he", "KCNA", "on Saturday",
    "July 12", "around 11,000 troops", "more than 10,000", "$134 billion", "40%", "two dozen",
    "Also Read: x", "2 min read", ".", ",", ":", "—",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join)


def _spans(obj: object) -> list[Span]:
    """Every Span reachable from an extraction, plus the top-level item spans."""
    found: list[Span] = []
    if isinstance(obj, Span):
        found.append(obj)
    elif isinstance(obj, list):
        for x in obj:
            found.extend(_spans(x))
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            found.extend(_spans(getattr(obj, name)))
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_extraction_never_raises_and_every_span_is_an_exact_slice(text: str) -> None:
    art = Article(id="a", path="a.txt", text=text)
    ex = extract_article(art, default_rules())
    for item in [*ex.quotes, *ex.figures, *ex.dates]:
        assert 0 <= item.start <= item.end <= len(text)
        assert item.text == text[item.start : item.end]
    for span in _spans(ex):
        assert span.article_id == "a"
        assert 0 <= span.start <= span.end <= len(text)
        assert span.text == text[span.start : span.end]
    for block in ex.segmentation.blocks:
        assert 0 <= block.start <= block.end <= len(text)


def _report(paths: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    main(["check", *paths, "--format", "json", "--fail-on", "never"])
    return json.loads(capsys.readouterr().out)


def _comparable(report: dict) -> tuple:
    """What must not depend on input order: findings by fingerprint, quotes and speakers."""
    findings = sorted((f["fingerprint"], f["kind"], f["severity"]) for f in report["findings"])
    quotes = sorted((q["article_id"], q["start"], q["end"], q["speaker"] or "") for q in report["quotes"])
    stories = sorted(tuple(sorted(s["article_ids"])) for s in report["stories"])
    return findings, quotes, stories


def test_results_do_not_depend_on_input_order(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for d in ("summit", "air-crash") for p in (FIXTURES / d).iterdir()
                   if p.name != "expected.yml")
    forward = _report(files, capsys)
    backward = _report(list(reversed(files)), capsys)
    assert forward["findings"], "the fixtures carry planted conflicts"
    assert _comparable(forward) == _comparable(backward)
