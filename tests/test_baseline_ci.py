"""The CI examples in docs/ci.md do what the page says: pass with the baseline,
fail on a new conflict. The commands are read from the page itself, so the
documentation cannot drift from what is tested."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml
from test_baseline_fake import install, write

from quotecheck.cli import main

DOC = Path(__file__).resolve().parent.parent / "docs" / "ci.md"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checks replaced by the stand-in (test_baseline_fake.py)."""
    install(monkeypatch)


def _yaml_blocks() -> list[dict]:
    text = DOC.read_text(encoding="utf-8")
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, flags=re.S)]


def _doc_commands() -> tuple[list[str], list[str], list[str]]:
    """(baseline create, gating commands, report-only commands) as written in the docs."""
    blocks = _yaml_blocks()
    workflow = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
    hooks = next(b for b in blocks if isinstance(b, dict) and "repos" in b)
    runs = [s["run"] for job in workflow["jobs"].values() for s in job["steps"]
            if str(s.get("run", "")).startswith("quotecheck ")]
    entries = [h["entry"] for r in hooks["repos"] for h in r["hooks"]]
    assert all(h.get("pass_filenames") is False for r in hooks["repos"] for h in r["hooks"])
    gating = [c for c in runs + entries if "--fail-on never" not in c]
    report_only = [c for c in runs if "--fail-on never" in c]
    create = re.search(r"^quotecheck baseline create .*?(?=\s+#|$)", DOC.read_text(encoding="utf-8"), re.M)
    assert create, "docs/ci.md shows how to create the baseline"
    return [create.group(0)], gating, report_only


def _run(cmd: str) -> int:
    argv = shlex.split(cmd)
    assert argv[0] == "quotecheck"
    return main(argv[1:])


def test_docs_examples_pass_with_baseline_and_fail_on_new_conflict(
        fake: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    create, gating, report_only = _doc_commands()
    assert len(gating) == 2 and len(report_only) == 1  # the Actions gate and the pre-commit hook; SARIF
    monkeypatch.chdir(tmp_path)
    wire = tmp_path / "wire"
    write(wire, "ap.txt", 12)
    write(wire, "yonhap.txt", 15)  # a known conflict

    for cmd in gating:  # without a baseline file the gate is a clear error, not a pass
        assert _run(cmd) == 2
    assert _run(create[0]) == 0
    for cmd in gating:
        assert _run(cmd) == 0, cmd
    for cmd in report_only:
        assert _run(cmd) == 0
    sarif = json.loads((tmp_path / "quotecheck.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"] == []

    write(wire, "reuters.txt", 20)  # a new conflict with both
    for cmd in gating:
        assert _run(cmd) == 1, cmd
    for cmd in report_only:
        assert _run(cmd) == 0
    sarif = json.loads((tmp_path / "quotecheck.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 2
    capsys.readouterr()
