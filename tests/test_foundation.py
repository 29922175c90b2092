"""Rule loading, the CLI's exit codes and the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotecheck.cli import main
from quotecheck.rules import RuleError, load_rules


def test_missing_path_is_one_line_error_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "a.txt"
    good.write_text("Kim said: “We are ready.”\n", encoding="utf-8")
    rc = main(["check", str(tmp_path / "nope.txt"), str(good), "--format", "json"])
    out, err = capsys.readouterr()
    assert rc == 2
    assert err.strip().splitlines() == [f"quotecheck: {tmp_path / 'nope.txt'}: no such file or directory"]
    data = json.loads(out)
    assert [a["path"] for a in data["articles"]] == [str(good)]
    assert data["schema_version"] == 2  # 2: claims (docs/reports.md)
    for key in ("articles", "quotes", "clusters", "figures", "dates", "findings"):
        assert isinstance(data[key], list)


def test_unknown_rule_kind_names_file_and_rule(tmp_path: Path) -> None:
    (tmp_path / "bad.yml").write_text("kind: no_such_kind\nid: mine\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"bad\.yml: rule 'mine': unknown kind"):
        load_rules([tmp_path])
