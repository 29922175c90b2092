"""Article ids are unique within a run, so every finding names one article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotecheck.cli import main
from quotecheck.ingest import read_paths

TEXT = "Flood in Tarn\n\nPublished on 2 June 2025\n\nThe flood killed 12 people, river warden Ola Brink said.\n"


def test_same_file_name_in_two_folders_gets_a_second_id(tmp_path: Path) -> None:
    for folder, homes in (("a", "12 people"), ("b", "21 people")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "wire.txt").write_text(TEXT.replace("12 people", homes), encoding="utf-8")
    arts, errs = read_paths([str(tmp_path / "a"), str(tmp_path / "b")])
    assert not errs
    assert [a.id for a in arts] == ["wire", "wire-2"]
    assert arts[1].path.endswith("b/wire.txt")
    assert arts[1].warnings == [f"id 'wire' is already used by {tmp_path / 'a' / 'wire.txt'}; this article is 'wire-2'"]
    assert arts[0].warnings == []


def test_duplicate_json_ids_and_a_clashing_stem(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_text(
        "\n".join(json.dumps({"id": "x", "text": TEXT}) for _ in range(3)) + "\n", encoding="utf-8")
    (tmp_path / "x-2.txt").write_text(TEXT, encoding="utf-8")
    arts, _ = read_paths([str(tmp_path / "feed.jsonl"), str(tmp_path / "x-2.txt")])
    assert [a.id for a in arts] == ["x", "x-2", "x-3", "x-2-2"]
    assert len({a.id for a in arts}) == len(arts)


def test_findings_tell_the_two_copies_apart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # crew, not a toll: a toll that differs the same day may have risen (claims.py), a crew may not
    for folder, crew in (("a", "12 crew"), ("b", "21 crew")):
        (tmp_path / folder).mkdir()
        text = TEXT.replace("The flood killed 12 people", f"The ferry had {crew} on board")
        (tmp_path / folder / "wire.txt").write_text(text, encoding="utf-8")
    rc = main(["check", str(tmp_path / "a"), str(tmp_path / "b"), "--format", "json", "--one-story"])
    out, err = capsys.readouterr()
    report = json.loads(out)
    figs = [f for f in report["findings"] if f["kind"] == "figure_conflict"]
    assert rc == 1 and figs, err
    assert {e["article_id"] for e in figs[0]["evidence"]} == {"wire", "wire-2"}
    assert "warning: id 'wire' is already used" in err
