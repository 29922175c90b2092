"""Incoming copy: ``check NEW... --against CORPUS`` reports only what involves the new articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_baseline_fake import install, story, write

from quotecheck.against import focus, prepare_incoming
from quotecheck.cli import main
from quotecheck.engine import local as engine
from quotecheck.models import (
    Article,
    ArticleExtraction,
    Cluster,
    ClusterMember,
    Edge,
    Finding,
    Quote,
    Report,
    Segmentation,
    Severity,
    Span,
    Story,
)
from quotecheck.store import Corpus


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checks replaced by the stand-in (test_baseline_fake.py)."""
    install(monkeypatch)


def _span(aid: str, text: str, at: int) -> Span:
    return Span(article_id=aid, start=at, end=at + len(text), text=text)


def _quote(aid: str, n: int, text: str) -> Quote:
    return Quote(id=f"{aid}:q{n}", article_id=aid, start=10, end=10 + len(text), text=text, speaker="Park")


def _hand_built_report() -> Report:
    arts = [Article(id=i, path=f"{i}.txt", text=f"text of {i} " * 5) for i in ("c1", "c2", "c3", "n1")]
    quotes = [_quote("c1", 1, "we are ready"), _quote("c2", 1, "we are ready"),
              _quote("c3", 1, "we are set"), _quote("n1", 1, "we are not ready")]
    old = Finding(id="F1", kind="figure_conflict", severity=Severity.error, message="old",
                  evidence=[_span("c1", "12", 3), _span("c2", "15", 3)])
    new = Finding(id="F2", kind="figure_conflict", severity=Severity.error, message="new",
                  evidence=[_span("c1", "12", 3), _span("n1", "20", 3)])
    old_cluster = Cluster(id="k1", story_id="s1", canonical_quote_id="c1:q1", canonical_text="we are ready",
                          members=[ClusterMember(quote_id="c1:q1", article_id="c1", text="we are ready"),
                                   ClusterMember(quote_id="c2:q1", article_id="c2", text="we are ready")])
    new_cluster = Cluster(id="k2", story_id="s1", canonical_quote_id="c3:q1", canonical_text="we are set",
                          members=[ClusterMember(quote_id="c3:q1", article_id="c3", text="we are set"),
                                   ClusterMember(quote_id="n1:q1", article_id="n1", text="we are not ready",
                                                 relation="variant")])
    return Report(articles=arts, quotes=quotes,
                  stories=[Story(id="s1", article_ids=["c1", "c2", "c3", "n1"]),
                           Story(id="s2", article_ids=["c2"])],
                  clusters=[old_cluster, new_cluster],
                  edges=[Edge(source="c1:q1", target="c2:q1", relation="same", similarity=1),
                         Edge(source="c3:q1", target="n1:q1", relation="variant", similarity=0.8)],
                  findings=[old, new])


def test_focus_keeps_what_involves_new_articles_and_stays_consistent() -> None:
    r = focus(_hand_built_report(), {"n1"})
    assert [f.id for f in r.findings] == ["F2"]
    assert [c.id for c in r.clusters] == ["k2"]
    assert [a.id for a in r.articles] == ["c1", "c3", "n1"]  # c1: evidence; c3: same cluster
    assert [s.id for s in r.stories] == ["s1"] and r.stories[0].article_ids == ["c1", "c3", "n1"]
    ids = {a.id for a in r.articles}
    assert {q.article_id for q in r.quotes} <= ids
    assert [(e.source, e.target) for e in r.edges] == [("c3:q1", "n1:q1")]
    for f in r.findings:
        assert {s.article_id for s in f.evidence} <= ids
    assert focus(_hand_built_report(), {"c9"}).findings == []


def test_prepare_incoming_drops_corpus_copy_and_renames_clashing_ids() -> None:
    c_same = Article(id="ap", path="old/ap.txt", text=story(12))
    c_other = Article(id="yonhap", path="old/yonhap.txt", text=story(15))
    ex = [ArticleExtraction(article_id=a.id, segmentation=Segmentation(article_id=a.id))
          for a in (c_same, c_other)]
    again = Article(id="ap", path="new/ap.txt", text=story(12))  # re-sent: same content
    clash = Article(id="yonhap", path="new/yonhap.txt", text=story(30))  # today's file, same name
    new, corpus = prepare_incoming([again, clash], Corpus([c_same, c_other], ex))
    assert [a.id for a in corpus.articles] == ["yonhap"]
    assert [e.article_id for e in corpus.extractions] == ["yonhap"]
    assert [(a.id, a.path) for a in new] == [("ap", "new/ap.txt"), ("yonhap-2", "new/yonhap.txt")]


def _findings(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[list[tuple[str, str]]], dict]:
    rc = main(["check", *args, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    pairs = sorted(sorted((s["article_id"], s["text"]) for s in f["evidence"]) for f in data["findings"])
    return rc, pairs, data


@pytest.mark.parametrize("corpus_kind", ["folder", "store"])
def test_against_reports_only_findings_with_new_articles(
        fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], corpus_kind: str) -> None:
    old = tmp_path / "old"
    write(old, "c1.txt", 12)
    write(old, "c2.txt", 15)  # c1 vs c2: an old conflict, not to be reported again
    corpus = str(old)
    if corpus_kind == "store":
        corpus = str(tmp_path / "corpus.db")
        assert main(["store", "add", str(old), "--store", corpus]) == 0
        capsys.readouterr()
    n1 = write(tmp_path / "new", "n1.txt", 12)
    rc, pairs, data = _findings([str(n1), "--against", corpus], capsys)
    assert rc == 1
    assert pairs == [[("c2", "15"), ("n1", "12")]]  # n1 agrees with c1
    assert {a["id"] for a in data["articles"]} == {"c2", "n1"}

    n2 = write(tmp_path / "new", "n2.txt", 15)
    rc, pairs, _ = _findings([str(n2), "--against", corpus, "--fail-on", "never"], capsys)
    assert rc == 0 and pairs == [[("c1", "12"), ("n2", "15")]]


def test_against_store_does_not_re_extract_the_corpus(
        fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    old = tmp_path / "old"
    for i in range(6):
        write(old, f"c{i}.txt", 12, lead=f"Report {i}.\n\n")
    db = str(tmp_path / "corpus.db")
    assert main(["store", "add", str(old), "--store", db]) == 0
    capsys.readouterr()
    extracted: list[str] = []
    real = engine.extract_article

    def spy(article: Article, rules):  # noqa: ANN001
        extracted.append(article.id)
        return real(article, rules)

    monkeypatch.setattr(engine, "extract_article", spy)
    n1 = write(tmp_path / "new", "n1.txt", 13)
    rc, pairs, _ = _findings([str(n1), "--against", db], capsys)
    assert extracted == ["n1"]
    assert rc == 1 and len(pairs) == 6 and all(("n1", "13") in p for p in pairs)


def test_new_files_inside_the_corpus_folder_are_not_compared_with_themselves(
        fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wire = tmp_path / "wire"
    write(wire, "c1.txt", 12)
    write(wire, "c2.txt", 15)
    n1 = write(wire, "n1.txt", 20)
    rc, pairs, data = _findings([str(n1), "--against", str(wire)], capsys)
    assert rc == 1
    assert pairs == [[("c1", "12"), ("n1", "20")], [("c2", "15"), ("n1", "20")]]
    assert sorted(a["id"] for a in data["articles"]) == ["c1", "c2", "n1"]


def test_same_file_name_as_earlier_copy_gets_its_own_id(
        fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "old", "ap.txt", 12)
    today = write(tmp_path / "new", "ap.txt", 14)
    rc, pairs, _ = _findings([str(today), "--against", str(tmp_path / "old")], capsys)
    assert rc == 1 and pairs == [[("ap", "12"), ("ap-2", "14")]]


@pytest.mark.parametrize("corpus", ["missing-folder", "bad.db"])
def test_bad_corpus_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], corpus: str) -> None:
    (tmp_path / "bad.db").write_text("not sqlite", encoding="utf-8")
    n1 = write(tmp_path / "new", "n1.txt", 12)
    rc = main(["check", str(n1), "--against", str(tmp_path / corpus)])
    out, err = capsys.readouterr()
    assert rc == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith(f"quotecheck: {tmp_path / corpus}: ")
