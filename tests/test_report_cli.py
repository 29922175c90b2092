"""`quotecheck check --format/--output/--fail-on/--no-color` and `quotecheck schema`.

The report comes from report_samples (``commands.common.report_for`` is replaced), so these tests
check the command line and the renderers, not the extraction stages; the last
test runs the real pipeline end to end.
"""

from __future__ import annotations

import json
import types
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from report_samples import sample_report

from quotecheck import cli
from quotecheck.commands import common
from quotecheck.models import Report, Severity
from quotecheck.report import FORMATS, jsonfmt

SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # noqa: ANN201
    """cli.main with a fixed report; returns a setter for the report and the input-error code."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(common, "rules_for", lambda args: types.SimpleNamespace())
    state: dict = {"report": sample_report(), "base": 0}
    monkeypatch.setattr(common, "report_for", lambda args, rules: (state["report"], state["base"]))
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    return state


def _parse(fmt: str, data: str) -> None:
    if fmt == "json":
        Report.model_validate_json(data)
    elif fmt == "sarif":
        log = json.loads(data)
        validator = jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA)
        assert list(validator.iter_errors(log)) == []
    elif fmt == "junit":
        assert ET.fromstring(data.encode("utf-8")).tag == "testsuites"
    elif fmt == "html":
        assert data.startswith("<!DOCTYPE html>") and data.rstrip().endswith("</html>")
    elif fmt == "markdown":
        assert data.startswith("## quotecheck report")
    else:
        assert "findings: 1 error, 2 warning, 1 info" in data


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_written_to_output_file(fake: dict, tmp_path: Path, fmt: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"report.{fmt}"
    rc = cli.main(["check", "a.txt", "--format", fmt, "--output", str(out)])
    assert rc == 1  # the sample report has an error-level finding
    assert capsys.readouterr().out == ""
    data = out.read_text(encoding="utf-8")
    assert "\x1b" not in data
    _parse(fmt, data)


def _only(severity: Severity) -> Report:
    r = sample_report()
    r.findings = [f for f in r.findings if f.severity == severity]
    return r


@pytest.mark.parametrize(("severity", "fail_on", "code"), [
    (None, "error", 1), (None, "never", 0),
    (Severity.warning, "error", 0), (Severity.warning, "warning", 1), (Severity.warning, "info", 1),
    (Severity.info, "warning", 0), (Severity.info, "info", 1), (Severity.info, "never", 0),
])
def test_fail_on_decides_the_exit_code(fake: dict, severity: Severity | None, fail_on: str, code: int,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    if severity is not None:
        fake["report"] = _only(severity)
    assert cli.main(["check", "a.txt", "--format", "json", "--fail-on", fail_on]) == code
    fake["base"] = 2  # unreadable input wins over findings
    assert cli.main(["check", "a.txt", "--format", "json", "--fail-on", fail_on]) == 2
    capsys.readouterr()


def test_fail_on_is_reflected_in_junit(fake: dict, capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["check", "a.txt", "--format", "junit", "--fail-on", "warning"])
    root = ET.fromstring(capsys.readouterr().out.encode("utf-8"))
    assert root.get("failures") == "3"


def test_piped_text_has_no_ansi_even_without_no_color(fake: dict, capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["check", "a.txt"])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "F1" in out


def test_color_on_a_terminal_unless_no_color(fake: dict, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    cli.main(["check", "a.txt"])
    assert "\x1b[" in capsys.readouterr().out
    cli.main(["check", "a.txt", "--no-color"])
    assert "\x1b" not in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    cli.main(["check", "a.txt"])
    assert "\x1b" not in capsys.readouterr().out


def test_schema_command_prints_the_report_schema(fake: dict, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == jsonfmt.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    cli.main(["check", "a.txt", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []


def test_real_pipeline_report_validates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """No fakes: articles read from disk, every stage run, then each machine format parsed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Kim said on Monday: “We will win the 3 races.”\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("“We will never win the 4 races,” Kim said on Tuesday.\n", encoding="utf-8")
    schema = jsonfmt.json_schema()
    rc = cli.main(["check", "a.txt", "b.txt", "--format", "json", "--fail-on", "never"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    data = json.loads(out)
    assert len(data["articles"]) == 2
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []
    rc = cli.main(["check", "a.txt", "b.txt", "--format", "sarif", "--fail-on", "never"])
    log = json.loads(capsys.readouterr().out)
    validator = jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA)
    assert list(validator.iter_errors(log)) == []
    assert len(log["runs"][0]["results"]) == len(data["findings"])
