"""A changed figure inside an altered quote is named as such in the quote_altered finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotecheck.cli import main

REST = ("out of the cold water before dawn, and we will keep searching the river banks "
        "until every family has news,")


def _write(folder: Path, name: str, words: str) -> None:
    folder.joinpath(name).write_text(
        f"Ferry sinks in Tarn\n\nPublished on 2 June 2025\n\n\"We pulled {words} people {REST}\" said "
        "river warden Ola Brink on Monday.\n", encoding="utf-8")


@pytest.mark.parametrize(("a", "b", "pair"), [
    ("a hundred", "a thousand", ("hundred", "thousand")),
    ("120", "210", ("120", "210")),
])
def test_changed_figure_in_a_quote_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             a: str, b: str, pair: tuple[str, str]) -> None:
    _write(tmp_path, "a.txt", a)
    _write(tmp_path, "b.txt", b)
    main(["check", str(tmp_path), "--format", "json", "--fail-on", "never"])
    report = json.loads(capsys.readouterr().out)
    (f,) = [f for f in report["findings"] if f["kind"] == "quote_altered"]
    assert f["severity"] == "error"
    assert f["details"]["figures_changed"] == [{"from": pair[0], "to": pair[1]}]
    assert f"a changed figure: “{pair[0]}” → “{pair[1]}”" in f["message"]


def test_a_reworded_quote_without_numbers_names_no_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path, "a.txt", "a hundred")
    tmp_path.joinpath("b.txt").write_text(tmp_path.joinpath("a.txt").read_text(encoding="utf-8").replace(
        "cold water", "icy water"), encoding="utf-8")
    main(["check", str(tmp_path), "--format", "json", "--fail-on", "never"])
    report = json.loads(capsys.readouterr().out)
    alt = [f for f in report["findings"] if f["kind"] == "quote_altered"]
    assert alt and all(f["details"]["figures_changed"] == [] for f in alt)
    assert "changed figure" not in alt[0]["message"]
