"""Issue 18: the overview, names and numbers a reader knows, evidence in its sentence, and what
is read (``--exclude``, ``exclude = [...]``, ``.quotecheckignore``, notes skipped by default).

The browser half (filters, search, keyboard, 400 px) is in test_html_browser.py."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from test_report_html import parse

from quotecheck import cli
from quotecheck.models import Article, Claim, ClaimValue, Finding, Report, Severity, Span
from quotecheck.report import html, markdown, text, view

ROOT = Path(__file__).resolve().parents[1]
HASH = "000_efb8f25713125e93"


@cache
def summit_json() -> str:
    """The real pipeline on our own summit fixture (claims, clusters, every kind of finding)."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "quotecheck.cli", "check", str(ROOT / "fixtures" / "summit"),
                          "--format", "json", "--fail-on", "never", "--jobs", "1"],
                         capture_output=True, text=True, check=True)
    return out.stdout


def summit() -> Report:
    return Report.model_validate_json(summit_json())


# --------------------------------------------------------------------------- names and numbers


def test_reader_labels_use_outlet_then_site_then_file_and_never_collide() -> None:
    arts = [Article(id=HASH, path=f"set/{HASH}.txt", outlet="GreenWatch", text="a"),
            Article(id="b", path="set/b.json", url="https://www.example.org/x", text="b"),
            Article(id="c", path="set/c.txt", text="c"),
            Article(id="d1", path="x/d1.txt", outlet="Wire", text="d"),
            Article(id="d2", path="y/d2.txt", outlet="Wire", text="d")]
    labels = view.reader_labels(arts)
    assert labels == {HASH: "GreenWatch", "b": "example.org", "c": "c.txt", "d1": "Wire · d1.txt",
                      "d2": "Wire · d2.txt"}


def test_readable_replaces_whole_ids_and_scientific_numbers() -> None:
    labels = {"11_organiser": "Organiser", HASH: "GreenWatch"}
    got = view.readable(f"deaths: 11_organiser, {HASH} against 26; 11_organiser2 and x11_organiser; "
                        "interval 1.206e+11–1.474e+11", labels)
    assert got == ("deaths: Organiser, GreenWatch against 26; 11_organiser2 and x11_organiser; "
                   "interval 120.6 billion–147.4 billion")


def test_readable_leaves_quoted_article_words_alone() -> None:
    labels = {"root": "Root Daily", "wire": "Wire"}
    got = view.readable("root alters the wording: “tackle the root cause” where wire has “the wire root”; root.", labels)
    assert got == "Root Daily alters the wording: “tackle the root cause” where Wire has “the wire root”; Root Daily."


@pytest.mark.parametrize(("low", "high", "unit", "shown"), [
    (1.34e11, 1.34e11, "USD", "$134 billion"), (1644, 1644, None, "1,644"), (9900, 12100, None, "9,900–12,100"),
    (1.206e11, 1.474e11, "USD", "$120.6–147.4 billion"), (26, None, None, "≥ 26"), (2.5, 2.5, None, "2.5"),
    (40, 40, "%", "40%"), (3, 3, "day", "3 day"), (None, None, None, "?")])
def test_numbers_as_a_reader_writes_them(low: float | None, high: float | None, unit: str | None, shown: str) -> None:
    assert view.human_interval(low, high, unit) == shown


def test_source_heading_is_the_title_or_the_first_words() -> None:
    assert view.source_heading(Article(id="a", path="a", title="A title", text="Body")) == "A title"
    a = Article(id="a", path="a", text="\n  North Korean leader Kim Jong Un has pledged his country's full support "
                "for the war, state media said on Sunday after talks.")
    assert view.source_heading(a).startswith("North Korean leader Kim Jong Un has pledged")
    assert view.source_heading(a).endswith("…") and len(view.source_heading(a)) <= 90


# --------------------------------------------------------------------------- evidence in its sentence


def _span(t: str, needle: str) -> Span:
    s = t.index(needle)
    return Span(article_id="a", start=s, end=s + len(needle), text=needle)


def test_evidence_sentence_across_a_hard_wrap_and_not_across_a_paragraph() -> None:
    t = "Fog closed the port. The storm killed\n28 people in the north, police said. More later.\n\nNext one."
    got = view.in_sentence(t, _span(t, "28 people"))
    assert (got.before, got.span, got.after) == ("The storm killed\n", "28 people", " in the north, police said.")
    got = view.in_sentence(t, _span(t, "Next"))
    assert (got.before, got.after) == ("", " one.")


def test_evidence_sentence_ends_after_closing_quotes() -> None:
    t = 'He said “we will tackle the crisis.” She disagreed. “No,” Kim said. Then “the talks”.'
    got = view.in_sentence(t, _span(t, "tackle"))
    assert got.before == "He said “we will " and got.after == " the crisis.”"
    got = view.in_sentence(t, _span(t, "disagreed"))
    assert got.before == "She " and got.after == "."
    got = view.in_sentence(t, _span(t, "the talks"))
    assert got.before == "Then “" and got.after == "”."


def test_evidence_sentence_is_cut_with_an_ellipsis_and_keeps_offsets() -> None:
    t = "x" * 600 + " 28 people " + "y" * 600
    sp = _span(t, "28 people")
    got = view.in_sentence(t, sp, limit=100)
    assert got.before.startswith("…") and got.after.endswith("…")
    assert t[sp.start - len(got.before) + 1: sp.start] == got.before[1:]  # cut from the text by offsets
    assert len(got.before) == 101 and len(got.after) == 101


# --------------------------------------------------------------------------- the overview


def test_every_finding_is_in_exactly_one_overview_row_worst_first() -> None:
    r = summit()
    labels = view.reader_labels(r.articles)
    rows = view.overview_rows(r, labels)
    idx = sorted(i for row in rows for i in row.findings)
    assert idx == list(range(len(r.findings)))
    ranks = [Severity(row.severity).rank for row in rows]
    assert ranks == sorted(ranks, reverse=True)
    disputed = [c for c in r.claims if c.finding_id]
    assert disputed, "the summit fixture has disputed claims"
    for c in disputed:  # one row per disputed claim
        assert sum(any(r.findings[i].fingerprint == c.finding_id for i in row.findings) for row in rows) == 1
    clusters = {f.details["cluster_id"] for f in r.findings if f.details.get("cluster_id")}
    assert len([row for row in rows if "quote_altered" in row.kinds]) == len(clusters)  # one row per cluster


def test_html_overview_links_every_dispute_and_names_sources() -> None:
    r = summit()
    root = parse(html.render(r))
    ov = next(n for n in root.iter() if n.attrs.get("id") == "overview")
    links = [n.attrs["href"] for n in ov.iter() if n.tag == "a"]
    rows = view.overview_rows(r, view.reader_labels(r.articles))
    for row in rows:
        assert f"#finding-{row.findings[0] + 1}" in links
    for k, a in enumerate(r.articles):
        assert f"#src-{k}" in links and a.outlet in ov.text()
    assert "(no title)" not in root.text()
    for f in r.findings:  # no article id in what a reader reads (the raw data toggle aside)
        card = next(n for n in root.iter() if n.attrs.get("data-fingerprint") == f.fingerprint)
        shown = "".join(c.text() for c in card.children if not isinstance(c, str) and c.tag != "details")
        for a in r.articles:
            assert a.id not in shown.replace(a.path, ""), (a.id, shown[:200])


def test_disputed_claim_card_shows_sentence_timeline_and_readable_numbers() -> None:
    arts = [Article(id=HASH, path=f"{HASH}.txt", outlet="GreenWatch", text="Damage was put at $134 billion on Friday."),
            Article(id="b", path="b.txt", outlet="Herald", text="Officials said damage reached $150 billion."),
            Article(id="c", path="c.txt", outlet="Wire", text="Insurers estimate $134 billion in damage.")]
    spans = [_span2(a, "$134 billion" if a.id != "b" else "$150 billion") for a in arts]
    vals = [ClaimValue(article_id=s.article_id, mention_id=f"{s.article_id}:f1", span=s, shown=view.human_number(v, "USD"),
                       low=v, high=v, odd=s.article_id == "b")
            for s, v in zip(spans, (1.34e11, 1.5e11, 1.34e11), strict=True)]
    claim = Claim(id="s1:figure:damage:USD", story_id="s1", kind="figure", subject="damage", unit="USD",
                  verdict="outlier", severity=Severity.warning, reason="b disagrees with 2 sources: the others agree "
                  "on 1.34e+11", consensus="$134 billion", odd_articles=["b"], values=vals, finding_id="fp1")
    f = Finding(id="F1", kind="figure_conflict", severity=Severity.warning, fingerprint="fp1",
                message="damage: b against 1.34e+11 — b disagrees", evidence=spans, story_id="s1",
                details={"claim_id": claim.id, "verdict": "outlier"})
    doc = html.render(Report(articles=arts, claims=[claim], findings=[f]))
    root = parse(doc)
    card = next(n for n in root.iter() if n.attrs.get("id") == "finding-1")
    txt = card.text()
    assert "Herald $150 billion; the others agree on $134 billion" in txt
    shown = parse(re.sub(r'<details class="data">.*?</details>', "", doc, flags=re.S)).text()  # raw data aside
    assert "e+11" not in shown and "1.34e" not in shown
    assert HASH not in shown.replace(f"file {HASH}.txt", "")  # the file name, in the source's details only
    assert [n.text() for n in card.iter() if n.tag == "b" and "ctx" not in n.attrs.get("class", "")
            and n.text().startswith("$")] == ["$150 billion", "$134 billion", "$134 billion"]
    assert "Officials said damage reached $150 billion." in " ".join(txt.split())  # the sentence, in the card
    assert len([n for n in card.iter() if n.tag == "svg"]) == 1  # the claim's timeline
    assert any(n.tag == "details" and "data" in n.attrs.get("class", "") for n in card.iter())


def _span2(a: Article, needle: str) -> Span:
    s = a.text.index(needle)
    return Span(article_id=a.id, start=s, end=s + len(needle), text=needle)


def test_terminal_overview_comes_first_with_reader_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    r = summit()
    out = text.render(r, color=False, width=140)
    assert out.index("Sources read (5)") < out.index("Disputes (") < out.index("\nFindings")
    rows = view.overview_rows(r, view.reader_labels(r.articles))
    disputes = out[out.index("Disputes ("):out.index("\nFindings")]
    for row in rows:
        assert ", ".join(r.findings[i].id for i in row.findings) in disputes
    for a in r.articles:
        assert a.id not in disputes
    assert "Quote altered between sources" in disputes and "error" in disputes


# --------------------------------------------------------------------------- what is read


def _set(tmp: Path) -> Path:
    d = tmp / "coverage"
    (d / "drafts").mkdir(parents=True)
    body = "Officials said 12 people were hurt in the blast on Monday.\n"
    for name in ("a.txt", "b.txt", "c.bak.txt", "drafts/d.txt", "keep/e.txt"):
        (d / name).parent.mkdir(parents=True, exist_ok=True)
        (d / name).write_text(f"Headline {name}\n\n{body}", encoding="utf-8")
    (d / "NOTES.md").write_text("# Notes\n\nWhat a careful reader finds: 12 hurt, not 15.\n", encoding="utf-8")
    (d / "README.md").write_text("About this folder.\n", encoding="utf-8")
    return d


def _check(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict:
    cli.main(["check", *argv, "--format", "json", "--fail-on", "never", "--jobs", "1"])
    return json.loads(capsys.readouterr().out)


def test_notes_are_skipped_by_default_and_listed_with_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    d = _set(tmp_path)
    monkeypatch.chdir(tmp_path)
    data = _check(["coverage"], capsys)
    read = sorted(Path(a["path"]).name for a in data["articles"])
    assert read == ["a.txt", "b.txt", "c.bak.txt", "d.txt", "e.txt"]
    skipped = {Path(s["path"]).name: s["reason"] for s in data["skipped"]}
    assert set(skipped) == {"NOTES.md", "README.md"} and "skipped by default" in skipped["NOTES.md"]
    # a file named on the command line is read whatever its name
    data = _check([str(d / "NOTES.md")], capsys)
    assert [Path(a["path"]).name for a in data["articles"]] == ["NOTES.md"] and data["skipped"] == []


def test_exclude_flag_config_and_quotecheckignore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    d = _set(tmp_path)
    (d / ".quotecheckignore").write_text("# drafts are not published\ndrafts/\n!NOTES.md\n", encoding="utf-8")
    (tmp_path / ".quotecheck.toml").write_text('exclude = ["keep"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    data = _check(["coverage", "--exclude", "*.bak.txt", "--exclude", "b.txt"], capsys)
    assert sorted(Path(a["path"]).name for a in data["articles"]) == ["NOTES.md", "a.txt"]
    why = {Path(s["path"]).name: s["reason"] for s in data["skipped"]}
    assert why["drafts"].startswith(".quotecheckignore in ") and why["drafts"].endswith(": drafts/")
    assert why["c.bak.txt"] == "--exclude '*.bak.txt'" and why["b.txt"] == "--exclude 'b.txt'"
    assert why["e.txt"].startswith("exclude 'keep' in ") and why["e.txt"].endswith(".quotecheck.toml")
    assert why["README.md"].startswith("not an article") and "NOTES.md" not in why  # brought back by !NOTES.md
    # the reader's reports say what was skipped and why
    r = Report.model_validate(data)
    page = parse(html.render(r))
    sk = next(n for n in page.iter() if n.attrs.get("id") == "skipped")
    assert "--exclude '*.bak.txt'" in sk.text() and "drafts/" in sk.text()
    out = text.render(r, color=False, width=160)
    assert "Files skipped (5)" in out and "--exclude 'b.txt'" in out
    md = markdown.render(r)
    assert "Files skipped (5)" in md and "drafts/" in md


def test_bad_quotecheckignore_does_not_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    d = _set(tmp_path)
    (d / ".quotecheckignore").write_bytes(b"\xff\xfe[z-a]\n\\\ndrafts/\n")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "coverage", "--format", "json", "--jobs", "1"]) == 2  # a configuration error ...
    out = capsys.readouterr()
    data = json.loads(out.out)
    assert len(data["articles"]) == 4  # ... that reads every other file, the good line still applied
    assert "coverage/.quotecheckignore:1: pattern" in out.err and "left out" in out.err
    assert {Path(s["path"]).name for s in data["skipped"]} == {"drafts", "NOTES.md", "README.md"}
    (d / ".quotecheckignore").write_text("*\n", encoding="utf-8")  # everything skipped: the error says why
    cli.main(["check", "coverage", "--format", "json", "--jobs", "1"])
    assert "coverage: every article file of the folder is skipped" in capsys.readouterr().err


@pytest.mark.parametrize("width", [72, 100, 160])
def test_terminal_sources_read_one_line_each(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    r = summit()
    r.articles[0].title = "A very long headline " * 12  # cut with an ellipsis, not wrapped
    out = text.render(r, color=False, width=width)
    block = out[out.index("Sources read (5)"):out.index("Disputes (")].strip().splitlines()[4:]
    rows = [line for line in block if line.strip()]
    assert len(rows) == len(r.articles), rows
    assert all(len(line) <= width for line in rows)
    assert "…" in rows[0] and r.articles[0].outlet in rows[0]
