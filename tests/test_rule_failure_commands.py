"""A rule that fails on one article costs that article only, in every command that extracts.

``check`` was covered in test_robustness_limits.py; ``store add``, ``check --against``
(a folder and a store) and ``watch`` share the same ``extraction.Extractor`` and
must drop only the failing article, name its file in one line, and exit 2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotecheck.cli import main
from quotecheck.engine.extraction import Extractor, kept
from quotecheck.ingest import read_paths
from quotecheck.rules import load_rules

GOOD = ("Ferry sinks off Harlow\n\nPublished on 3 May 2025\n\nThe ferry sank off Harlow on Friday. "
        "Coastguard chief Mara Velden said 40 passengers were rescued. "
        "“We searched all night,” Velden said.\n")
BAD = f"Blast in town\n\nThe blast killed 12 people {'a' * 40}.\n"


@pytest.fixture
def setup(tmp_path: Path, short_timeout: float, slow_pack: Path) -> dict[str, Path]:
    pack = slow_pack
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "good.txt").write_text(GOOD, encoding="utf-8")
    (inbox / "blast.txt").write_text(BAD, encoding="utf-8")
    return {"pack": pack, "inbox": inbox, "db": tmp_path / "corpus.db", "tmp": tmp_path}


def _err_lines(capsys: pytest.CaptureFixture[str]) -> tuple[str, list[str]]:
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return out, err.strip().splitlines()


def test_extractor_returns_none_for_the_failing_article_only(setup: dict[str, Path],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    rules = load_rules([setup["pack"]])
    arts, errs = read_paths([str(setup["inbox"])], rules=rules)
    assert not errs and [a.id for a in arts] == ["blast", "good"]
    seen: list[str] = []
    ex = Extractor(rules, jobs=1, report=seen.append)
    out = ex(arts)
    assert out[0] is None and out[1] is not None and out[1].article_id == "good"
    assert [e.path for e in ex.errors] == [str(setup["inbox"] / "blast.txt")]
    assert seen == [str(ex.errors[0])] and "qualifier 'evil'" in seen[0]
    assert [a.id for a in kept(arts, out)[0]] == ["good"]


def test_store_add_keeps_the_rest_of_the_batch(setup: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["store", "add", str(setup["inbox"]), "--store", str(setup["db"]), "--rules", str(setup["pack"])])
    out, lines = _err_lines(capsys)
    assert rc == 2
    assert lines == [f"quotecheck: {setup['inbox'] / 'blast.txt'}: rule \"qualifier 'evil'\" timed out after 0.2s"]
    assert out.startswith("1 added") and "1 articles in" in out
    rc = main(["store", "list", "--store", str(setup["db"]), "--format", "json", "--rules", str(setup["pack"])])
    out, _ = _err_lines(capsys)
    assert rc == 0 and [r["id"] for r in json.loads(out)] == ["good"]


@pytest.mark.parametrize("corpus_kind", ["folder", "store"])
def test_check_against_drops_only_the_failing_article(setup: dict[str, Path], capsys: pytest.CaptureFixture[str],
                                                      corpus_kind: str) -> None:
    corpus = setup["inbox"]
    if corpus_kind == "store":
        assert main(["store", "add", str(setup["inbox"] / "good.txt"), "--store", str(setup["db"])]) == 0
        corpus = setup["db"]
        capsys.readouterr()
    new = setup["tmp"] / "new"
    new.mkdir()
    (new / "wire.txt").write_text(GOOD.replace("40 passengers", "14 passengers"), encoding="utf-8")
    (new / "blast2.txt").write_text(BAD.replace("Blast", "Fire"), encoding="utf-8")
    rc = main(["check", str(new), "--against", str(corpus), "--format", "json", "--fail-on", "never",
               "--rules", str(setup["pack"])])
    out, lines = _err_lines(capsys)
    assert rc == 2
    if corpus_kind == "store":  # stored under the bundled rules only: the index does not serve --rules PACK
        assert any("is not indexed for these rules" in ln for ln in lines)
        lines = [ln for ln in lines if not ln.startswith("quotecheck: note:")]
    bad = [str(new / "blast2.txt")] + ([str(setup["inbox"] / "blast.txt")] if corpus_kind == "folder" else [])
    assert sorted(ln.split(": rule")[0] for ln in lines) == sorted(f"quotecheck: {b}" for b in bad)
    report = json.loads(out)
    assert sorted(e["path"] for e in report["errors"]) == sorted(bad)
    assert "wire" in {a["id"] for a in report["articles"]}
    assert any(f["kind"] == "figure_conflict" for f in report["findings"]), "the new copy is still checked"


def test_watch_reports_the_failing_file_and_goes_on(setup: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["watch", str(setup["inbox"]), "--store", str(setup["db"]), "--once", "--interval", "0.01",
               "--format", "json", "--rules", str(setup["pack"])])
    out, lines = _err_lines(capsys)
    recs = {Path(r["path"]).name: r for r in map(json.loads, out.splitlines())}
    assert recs["good.txt"]["article_ids"] == ["good"]
    assert recs["blast.txt"]["article_ids"] == [] and "rule failed" in recs["blast.txt"]["note"]
    assert any("blast.txt" in ln and "timed out" in ln for ln in lines)
    assert rc == 0  # watch reports per file on stderr and in its records, and keeps watching
