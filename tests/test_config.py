"""Configuration: discovery, validation, command line over file, ignore patterns, thresholds."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from test_baseline_fake import SEEN_THRESHOLDS, install, write

from quotecheck.cli import build_parser, main
from quotecheck.config import (
    ConfigError,
    apply_config,
    filter_paths,
    find_config,
    is_ignored,
    load_config,
)
from quotecheck.rules import load_rules


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checks replaced by the stand-in (test_baseline_fake.py)."""
    install(monkeypatch)


def _args(argv: list[str]):  # noqa: ANN202
    args = build_parser().parse_args(argv)
    apply_config(build_parser, argv, args)
    return args


def test_discovery_walks_up_and_skips_pyproject_without_table(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.quotecheck]\nfail_on = "warning"\n', encoding="utf-8")
    sub = tmp_path / "desk" / "today"
    sub.mkdir(parents=True)
    (tmp_path / "desk" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(sub) == (tmp_path / "pyproject.toml").resolve()
    (tmp_path / "desk" / ".quotecheck.toml").write_text('fail_on = "info"\n', encoding="utf-8")
    assert find_config(sub) == (tmp_path / "desk" / ".quotecheck.toml").resolve()
    monkeypatch.chdir(sub)
    assert load_config().config.fail_on == "info"
    assert _args(["check", "x.txt"]).fail_on == "info"


def test_command_line_overrides_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".quotecheck.toml").write_text(
        'fail-on = "never"\nformat = "json"\nbaseline = "ci/baseline.json"\nrules = ["packs/desk"]\n',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    a = _args(["check", "x.txt"])
    assert (a.fail_on, a.format) == ("never", "json")
    assert a.baseline == str(tmp_path / "ci" / "baseline.json")
    assert a.rules == [str(tmp_path / "packs" / "desk")]
    # explicit values win, even when they equal the built-in default
    a = _args(["check", "x.txt", "--fail-on", "error", "--format", "text", "--baseline", "b.json",
               "--rules", "mine"])
    assert (a.fail_on, a.format, a.baseline) == ("error", "text", "b.json")
    assert a.rules == [str(tmp_path / "packs" / "desk"), "mine"]  # packs add up
    assert _args(["store", "list", "--store", "c.db"]).format == "text"  # format is check's only
    # baseline create writes to the configured baseline by default
    assert _args(["baseline", "create", "x.txt"]).output_baseline == str(tmp_path / "ci" / "baseline.json")


def test_explicit_config_file_and_relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "conf" / "qc.toml"
    cfg.parent.mkdir()
    cfg.write_text('[tool.quotecheck]\nrules = ["../packs"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    a = _args(["check", "x.txt", "--config", str(cfg)])
    assert a.rules == [str(tmp_path / "conf" / ".." / "packs")]


@pytest.mark.parametrize(("content", "expect"), [
    ('fail_on = "warning"\nfial_on = "error"\n', "unknown key 'fial_on' in [tool.quotecheck]"),
    ('fail_on = "sometimes"\n', "key 'fail_on': Input should be"),
    ('ignore = "drafts"\n', "key 'ignore': Input should be a valid list"),
    ('format = "pdf"\n', "key 'format': 'pdf' is not one of text, json"),
    ("fail_on = \n", "invalid TOML"),
    ("[thresholds]\nmin_similarity = [0.8]\n", "key 'thresholds.min_similarity': must be a number"),
])
def test_bad_config_is_one_line_error_naming_file_and_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        content: str, expect: str) -> None:
    cfg = tmp_path / ".quotecheck.toml"
    cfg.write_text(content, encoding="utf-8")
    art = write(tmp_path, "a.txt", 12)
    monkeypatch.chdir(tmp_path)
    rc = main(["check", str(art)])
    out, err = capsys.readouterr()
    assert rc == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"quotecheck: {cfg}") and expect.split(" is not one of")[0] in lines[0]
    if "pdf" not in content:
        assert expect in lines[0]


def test_pyproject_unknown_key_names_the_file(tmp_path: Path) -> None:
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text('[tool.quotecheck]\nthreshold = {x = 1}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: unknown key 'threshold'"):
        load_config(str(cfg))
    with pytest.raises(ConfigError, match="configuration file not found"):
        load_config(str(tmp_path / "nope.toml"))


def test_ignore_patterns() -> None:
    root = Path("/desk")
    assert is_ignored("/desk/wire/drafts/a.txt", ["drafts"], root)
    assert is_ignored("/desk/wire/a.bak", ["*.bak"], root)
    assert not is_ignored("/desk/wire/a.txt", ["*.bak", "drafts"], root)
    assert is_ignored("/desk/wire/archive/2024/a.txt", ["wire/archive/*"], root)
    assert is_ignored("/desk/wire/archive/2024/a.txt", ["wire/archive"], root)
    assert not is_ignored("/desk/other/wire/archive/a.txt", ["wire/archive"], root)


def test_filter_paths_expands_folders_and_keeps_missing_paths(tmp_path: Path) -> None:
    write(tmp_path / "wire", "a.txt", 1)
    write(tmp_path / "wire" / "drafts", "b.txt", 2)
    write(tmp_path / "wire", "c.bak", 3)
    got = filter_paths([str(tmp_path / "wire"), str(tmp_path / "missing"), "-"], ["drafts", "*.bak"], tmp_path)
    assert got == [str(tmp_path / "wire" / "a.txt"), str(tmp_path / "missing"), "-"]
    assert filter_paths(["x"], [], tmp_path) == ["x"]


def test_config_ignore_and_fail_on_drive_the_check(fake: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    wire = tmp_path / "wire"
    write(wire, "ap.txt", 12)
    write(wire / "drafts", "draft.txt", 99)  # would conflict, but drafts are ignored
    monkeypatch.chdir(tmp_path)
    assert main(["check", "wire", "--format", "json"]) == 1  # no config yet: the draft conflicts
    capsys.readouterr()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.quotecheck]\nignore = ["drafts"]\nformat = "json"\n[tool.quotecheck.thresholds]\nfigure_tolerance = 0.05\n',
        encoding="utf-8")
    SEEN_THRESHOLDS.clear()
    assert main(["check", "wire"]) == 0
    data = json.loads(capsys.readouterr().out)  # format came from the file
    assert [a["id"] for a in data["articles"]] == ["ap"]
    assert SEEN_THRESHOLDS == [{"figure_tolerance": 0.05}]  # thresholds reach the checks


def test_thresholds_survive_pickling_to_workers() -> None:
    rules = load_rules()
    rules.thresholds = {"min_similarity": 0.8}
    clone = pickle.loads(pickle.dumps(rules))
    assert clone.threshold("min_similarity", 0.5) == 0.8
    assert clone.threshold("other", 3) == 3
