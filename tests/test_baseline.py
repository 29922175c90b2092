"""Baselines: create, load (and reject broken files), keep only new findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_baseline_fake import install, write

from quotecheck import baseline
from quotecheck.checks import fingerprint
from quotecheck.cli import main
from quotecheck.models import Finding, Report, Severity, Span


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checks replaced by the stand-in (test_baseline_fake.py)."""
    install(monkeypatch)


def _finding(fid: str, texts: list[tuple[str, int, str]], kind: str = "figure_conflict",
             sev: Severity = Severity.error) -> Finding:
    ev = [Span(article_id=a, start=s, end=s + len(t), text=t) for a, s, t in texts]
    f = Finding(id=fid, kind=kind, severity=sev, message=f"{kind} {fid}", evidence=ev)
    f.fingerprint = fingerprint(f)
    return f


def test_create_records_fingerprint_and_readable_summary() -> None:
    f1 = _finding("F1", [("a", 10, "12"), ("b", 40, "15")])
    f2 = _finding("F2", [("c", 3, "“We are ready”"), ("d", 9, "“We are not ready”")], kind="quote_altered",
                  sev=Severity.warning)
    dup = _finding("F3", [("e", 99, "15"), ("f", 1, "12")])  # same kind + texts as F1
    b = baseline.create(Report(findings=[f1, f2, dup]))
    assert [e.fingerprint for e in b.findings] == [f1.fingerprint, f2.fingerprint]
    entry = b.findings[0]
    assert (entry.kind, entry.severity, entry.message, entry.evidence, entry.articles) == (
        "figure_conflict", Severity.error, "figure_conflict F1", ["12", "15"], ["a", "b"])
    data = json.loads(baseline.dump(b))
    assert data["quotecheck_baseline"] == baseline.BASELINE_VERSION
    assert data["findings"][1]["evidence"] == ["“We are ready”", "“We are not ready”"]


def test_only_new_findings_are_kept_and_offsets_do_not_matter() -> None:
    old = _finding("F1", [("a", 10, "12"), ("b", 40, "15")])
    b = baseline.create(Report(findings=[old]))
    moved = _finding("F1", [("a", 210, "12"), ("b", 7, "15")])  # same words, text edited elsewhere
    recased = _finding("F2", [("a", 0, "Twelve"), ("b", 0, "15")])
    new = _finding("F3", [("a", 10, "12"), ("c", 40, "20")])
    kept, suppressed = baseline.new_findings([moved, recased, new], b)
    assert [f.id for f in kept] == ["F2", "F3"]
    assert suppressed == 1
    report, n = baseline.apply(Report(findings=[moved, new]), b)
    assert [f.id for f in report.findings] == ["F3"] and n == 1


def test_punctuation_and_case_do_not_change_the_fingerprint() -> None:
    a = _finding("F1", [("a", 0, "“We are READY,” he said")])
    b = _finding("F1", [("a", 5, '"we are ready" he said.')])
    c = _finding("F1", [("a", 5, '"we are steady" he said.')])
    assert a.fingerprint == b.fingerprint != c.fingerprint


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    b = baseline.create(Report(findings=[_finding("F1", [("a", 1, "12"), ("b", 2, "15")])]))
    path = tmp_path / "baseline.json"
    baseline.save(b, path)
    assert baseline.load(path) == b
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]  # no temp file left behind


@pytest.mark.parametrize(("content", "reason"), [
    ("{not json", "invalid JSON at line 1"),
    ("[1, 2]", "no 'quotecheck_baseline' version key"),
    ('{"quotecheck_baseline": 99, "findings": []}', "baseline version 99 not supported"),
    ('{"quotecheck_baseline": 1, "findings": [{"fingerprint": ""}]}', "invalid baseline: findings.0"),
    ('{"quotecheck_baseline": 1, "findings": [], "extra": 1}', "invalid baseline: extra"),
    ("\xff\xfe", "not a baseline file"),
])
def test_malformed_baseline_is_one_line_error(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(content, encoding="latin-1" if content.startswith("\xff") else "utf-8")
    with pytest.raises(baseline.BaselineError) as exc:
        baseline.load(path)
    msg = str(exc.value)
    assert msg.startswith(f"{path}: ") and reason in msg and "\n" not in msg


def test_cli_malformed_baseline_exit_2_before_running(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    art = write(tmp_path / "wire", "a.txt", 12)
    bad = tmp_path / "baseline.json"
    bad.write_text('{"quotecheck_baseline": 1, "findings": "nope"}', encoding="utf-8")
    rc = main(["check", str(art), "--baseline", str(bad), "--format", "json"])
    out, err = capsys.readouterr()
    assert rc == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"quotecheck: {bad}: invalid baseline")
    assert main(["check", str(art), "--baseline", str(tmp_path / "missing.json")]) == 2
    assert "baseline file not found" in capsys.readouterr().err


def _check(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict]]:
    rc = main(["check", *args, "--format", "json"])
    out = capsys.readouterr().out
    return rc, json.loads(out)["findings"]


def test_cli_baseline_reports_only_new_conflicts(fake: None, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    wire = tmp_path / "wire"
    write(wire, "ap.txt", 12)
    write(wire, "yonhap.txt", 15)
    rc, findings = _check([str(wire)], capsys)
    assert rc == 1 and len(findings) == 1  # the conflict we decide to live with

    bfile = tmp_path / "baseline.json"
    assert main(["baseline", "create", str(wire), "-o", str(bfile)]) == 0
    assert "1 finding(s)" in capsys.readouterr().err
    assert [e["evidence"] for e in json.loads(bfile.read_text())["findings"]] == [["12", "15"]]

    rc, findings = _check([str(wire), "--baseline", str(bfile)], capsys)
    assert (rc, findings) == (0, [])

    # an update moves every offset but says the same: still known
    write(wire, "ap.txt", 12, lead="UPDATED with new photos.\n\n")
    rc, findings = _check([str(wire), "--baseline", str(bfile)], capsys)
    assert (rc, findings) == (0, [])

    # a third outlet with a new toll: only its conflicts are reported, and the exit code follows them
    write(wire, "reuters.txt", 20)
    rc, findings = _check([str(wire), "--baseline", str(bfile)], capsys)
    assert rc == 1
    assert sorted(sorted(s["text"] for s in f["evidence"]) for f in findings) == [["12", "20"], ["15", "20"]]
    assert all("reuters" in {s["article_id"] for s in f["evidence"]} for f in findings)
    rc, findings = _check([str(wire), "--baseline", str(bfile), "--fail-on", "never"], capsys)
    assert rc == 0 and len(findings) == 2
