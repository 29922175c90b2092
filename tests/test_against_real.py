"""End to end with the real checks on a fixture story set: ``--against`` (folder and store)
and ``--baseline`` agree with a plain check of everything."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from quotecheck.cli import main

SUMMIT = Path(__file__).resolve().parent.parent / "fixtures" / "summit"
pytestmark = pytest.mark.skipif(not SUMMIT.is_dir(), reason="fixtures/summit not present")


def _check(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict]]:
    rc = main(["check", *args, "--format", "json", "--fail-on", "info"])
    return rc, json.loads(capsys.readouterr().out)["findings"]


def _key(f: dict) -> tuple:
    return (f["kind"], f["severity"],
            tuple(sorted((s["article_id"], s["start"], s["end"], s["text"]) for s in f["evidence"])))


def _articles(f: dict) -> set[str]:
    return {s["article_id"] for s in f["evidence"]}


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    wire = tmp_path / "wire"
    shutil.copytree(SUMMIT, wire, ignore=shutil.ignore_patterns("expected.yml"))
    return wire


def test_against_equals_the_full_check_cut_to_the_new_article(
        desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, full = _check([str(desk)], capsys)
    assert rc == 1 and full, "the summit set has findings"
    new_file = desk / "a1_wire.txt"
    expected = sorted(_key(f) for f in full if "a1_wire" in _articles(f))
    assert expected and len(expected) < len(full)  # some findings do not involve a1_wire

    earlier = tmp_path / "earlier"
    earlier.mkdir()
    for f in desk.iterdir():
        if f != new_file:
            shutil.copy(f, earlier / f.name)
    db = tmp_path / "corpus.db"
    assert main(["store", "add", str(earlier), "--store", str(db)]) == 0
    capsys.readouterr()
    for corpus in (str(earlier), str(db), str(desk)):  # folder, store, folder holding the new file
        rc, got = _check([str(new_file), "--against", corpus], capsys)
        assert rc == 1
        assert sorted(_key(f) for f in got) == expected, corpus


def test_baseline_hides_known_findings_and_shows_a_new_article(
        desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    held_out = desk / "a1_wire.txt"
    held_text = held_out.read_text(encoding="utf-8")
    held_out.unlink()
    bfile = tmp_path / "baseline.json"
    assert main(["baseline", "create", str(desk), "-o", str(bfile)]) == 0
    capsys.readouterr()
    known = {e["fingerprint"] for e in json.loads(bfile.read_text(encoding="utf-8"))["findings"]}
    assert known
    rc, got = _check([str(desk), "--baseline", str(bfile)], capsys)
    assert (rc, got) == (0, [])

    held_out.write_text(held_text, encoding="utf-8")
    rc, got = _check([str(desk), "--baseline", str(bfile)], capsys)
    rc_all, every = _check([str(desk)], capsys)
    assert rc == 1 and got
    assert sorted(_key(f) for f in got) == sorted(_key(f) for f in every if f["fingerprint"] not in known)
    assert all("a1_wire" in _articles(f) for f in got)
