"""Terminal report (rich), the shared view helpers and the progress bar."""

from __future__ import annotations

import io

import pytest
from report_samples import HOSTILE, articles, empty_report, sample_report
from rich.cells import cell_len

from quotecheck.models import Finding, Report, Severity, Span
from quotecheck.report import render, text, view
from quotecheck.report.progress import extraction_progress


@pytest.fixture(autouse=True)
def _no_env_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)


def test_plain_output_has_no_escape_codes_and_shows_every_part() -> None:
    r = sample_report()
    out = text.render(r, color=False, width=120)
    assert "\x1b" not in out and "\x07" not in out and "\x00" not in out
    assert "3 sources, 1 story, 3 quotes, 1 cluster" in out
    assert "findings: 1 error, 2 warning, 1 info" in out
    for f in r.findings:
        assert f.id in out
    # sources table: id, outlet, published, title, quote count
    assert "Wire Agency" in out and "2025-07-13" in out and "Lavrov vows to tackle root cause" in out
    # word diff from details: dropped and added words marked without colour
    assert "[-tackle-]" in out and "{+work on tackling+}" in out and "[-Ukrainian-]" in out
    # cluster tree: canonical wording, then each source with its wording and speaker
    assert "└── Daily <script>alert(1)</script>: “We will work on tackling" in out
    assert out.count("— Sergei Lavrov") == 3
    assert "5,000 troops" in out and "7,000 troops" in out  # figures table
    assert "S1" in out and "shared quotes and entities" in out  # stories / grouping
    assert "corpus/broken\\x1b[2J.txt" in out  # input error, escape shown not executed


def test_color_only_when_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    r = sample_report()
    colored = text.render(r, color=True, width=120)
    assert "\x1b[" in colored
    # the article's own escape sequence is shown, never passed to the terminal
    assert "\x1b[31mRED" not in colored and "\\x1b[31mRED" in colored
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in text.render(r, color=True, width=120)
    assert "\x1b" not in render(r, "text", color=True)


@pytest.mark.parametrize("width", [20, 40, 60, 80, 200])
def test_narrow_and_wide_terminals_fit_and_keep_content(width: int) -> None:
    r = sample_report()
    out = text.render(r, color=False, width=width)
    too_wide = [line for line in out.splitlines() if cell_len(line) > width]
    assert not too_wide, too_wide[:3]
    assert all(f.id in out for f in r.findings)
    joined = " ".join(out.split())
    assert "Sergei Lavrov" in joined


def test_narrow_colour_output_and_empty_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    out = text.render(sample_report(), color=True, width=40)
    assert "\x1b[" in out and "F4" in out
    monkeypatch.setenv("NO_COLOR", "")  # no-color.org: only a non-empty value disables colour
    assert "\x1b[" in text.render(sample_report(), color=True, width=40)


def test_columns_env_sets_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    out = text.render(sample_report(), color=False)
    assert max(cell_len(line) for line in out.splitlines()) <= 40


def test_article_text_is_not_rich_markup() -> None:
    arts = articles()
    arts[0].outlet = "[bold red]Evil[/bold red] :smile:"
    r = Report(articles=arts)
    out = text.render(r, color=False, width=150)
    assert "[bold red]Evil[/bold red] :smile:" in out


def test_empty_report_and_missing_details() -> None:
    out = text.render(empty_report(), color=False, width=80)
    assert "0 sources" in out and "No findings" in out
    r = sample_report()
    for f in r.findings:
        f.details = {}
    out = text.render(r, color=False, width=120)
    # without details the renderer aligns the evidence itself, the first span as reference
    assert "[-work on tackling-]" in out and "{+tackle+}" in out and "{+Ukrainian+}" in out


def test_quotes_and_figures_listings() -> None:
    r = sample_report()
    q = text.render_quotes(r, color=False, width=200)
    assert "3 quotes" in q and q.count("Sergei Lavrov") == 3
    f = text.render_figures(r, color=False, width=200)
    assert "Friday, July 11" in f and "2025-07-10" in f


# --------------------------------------------------------------------------- view helpers


def test_word_diff_ignores_case_and_punctuation_but_not_words() -> None:
    parts = view.word_diff("We will tackle it.", "we will TACKLE it")
    assert [p.op for p in parts] == ["equal"]
    parts = view.word_diff("We will not go", "We will go now")
    assert [(p.op, p.a, p.b) for p in parts if p.op != "equal"] == [("delete", "not", ""), ("insert", "", "now")]


def _changed(side: view.Side) -> list[str]:
    return [p for p, changed in side.pieces if changed]


def test_quote_graph_ops_put_canonical_left_and_mark_exact_words() -> None:
    f1 = sample_report().findings[0]
    assert f1.evidence[0].article_id == "daily"  # the check lists the altered wording first
    (ref, other), = view.finding_diffs(f1)
    assert ref.span.article_id == "wire" and other.span.article_id == "daily"
    assert "".join(p for p, _ in ref.pieces) == ref.span.text  # pieces are the evidence text itself
    assert _changed(ref) == ["tackle", "Ukrainian"] and _changed(other) == ["work on tackling"]
    f1.details["ops"][1]["quote"]["end"] += 10_000  # offsets outside the evidence: not trusted
    (ref, other), = view.finding_diffs(f1)
    assert ref.span.article_id == "wire" and _changed(other) == ["work on tackling"]


def test_stored_word_list_shapes_and_mismatch_fallback() -> None:
    wire, daily, _ = articles()
    a = Span(article_id="wire", start=0, end=14, text=wire.text[:14])  # "Lavrov vows to"
    b = Span(article_id="daily", start=0, end=5, text=daily.text[:5])  # "Talks"
    assert (a.text, b.text) == ("Lavrov vows to", "Talks")
    f = Finding(id="F", kind="quote_altered", severity=Severity.info, message="m", evidence=[a, b],
                details={"diff": [["~", "Lavrov vows to", "Talks"]]})
    (ref, other), = view.finding_diffs(f)
    assert _changed(ref) == ["Lavrov vows to"] and _changed(other) == ["Talks"]
    f.details = {"diff": [{"op": "replaced", "old": "Lavrov vows to", "new": "Talks"}]}
    (ref, other), = view.finding_diffs(f)
    assert _changed(other) == ["Talks"]
    f.details = {"diff": [{"op": "equal", "a": "something else entirely"}]}  # does not match evidence
    (ref, other), = view.finding_diffs(f)
    assert "".join(p for p, _ in other.pieces) == "Talks" and _changed(other) == ["Talks"]


def test_line_col_counts_lf_and_crlf() -> None:
    t = "ab\r\ncd\nef"
    assert view.line_col(t, 0) == (1, 1)
    assert view.line_col(t, 4) == (2, 1)
    assert view.line_col(t, 5) == (2, 2)
    assert view.line_col(t, 7) == (3, 1)
    assert view.line_col(t, 9) == (3, 3)  # the end of the text is a valid position


def test_control_pictures_keep_length_and_visible_escapes() -> None:
    assert len(view.control_pictures(HOSTILE)) == len(HOSTILE)
    assert "\x1b" not in view.control_pictures(HOSTILE)
    v = view.visible("a\x1b[2Jb\u202ec")
    assert v == "a\\x1b[2Jb<U+202E>c"


# --------------------------------------------------------------------------- progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_only_after_the_delay() -> None:
    with extraction_progress(10, stream=io.StringIO(), delay=0) as cb:
        assert cb is None  # piped stderr: no bar at all
    quiet = _Tty()
    with extraction_progress(10, stream=quiet, delay=3600) as cb:
        assert cb is not None
        cb(5)
    assert quiet.getvalue() == ""  # a short run prints nothing
    shown = _Tty()
    with extraction_progress(10, stream=shown, delay=0) as cb:
        assert cb is not None
        cb(3)
        cb(3)
    assert "extracting" in shown.getvalue() and "10" in shown.getvalue()
