"""Robustness (issue 8): the limits at their boundaries, nested quote marks, files that
are not files, broken rule packs and runaway user regexes.

The rest of the battery lives in tests/test_bad_input.py (bad files), test_properties.py
(hypothesis), test_quotes.py, test_report_*.py and test_store.py; docs/robustness.md maps
every item of the issue to its test. Every CLI-level test here checks the exit code, the
exact one-line error naming the file, that no traceback reached stderr and that the good
article next to the bad input was still read.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import threading
import time
from pathlib import Path

import pytest

import quotecheck.rules as rules_mod
from quotecheck.cli import main
from quotecheck.ingest import IngestError, base, read_bytes
from quotecheck.models import Article
from quotecheck.pipeline import extract_article
from quotecheck.rules import default_rules

ROOT = Path(__file__).resolve().parent.parent
GOOD = "Envoy backs Freedonia\n\nThe envoy said on Monday that his country was “ready to help”.\n"


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *paths: str,
        opts: tuple[str, ...] = ()) -> tuple[int, list[str], dict]:
    """``quotecheck check PATHS good.txt --format json OPTS``: (exit code, stderr lines, report)."""
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    rc = main(["check", *paths, str(good), "--format", "json", "--fail-on", "never", *opts])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    report = json.loads(out)
    assert str(good) in [a["path"] for a in report["articles"]], "the good file must still be read"
    return rc, err.strip().splitlines(), report


def _ids(report: dict) -> list[str]:
    return sorted(a["id"] for a in report["articles"])


# --------------------------------------------------------------------------- articles per file


def _json_list(n: int) -> bytes:
    return json.dumps([{"text": f"Body {i}."} for i in range(n)]).encode()


def test_json_list_at_the_article_limit_is_read_and_one_more_is_refused() -> None:
    limit = base.MAX_ARTICLES_PER_FILE
    arts, errs = read_bytes(_json_list(limit), "many.json", default_rules())
    assert len(arts) == limit and errs == []
    assert arts[-1].id == f"many-{limit}"
    with pytest.raises(IngestError, match=rf"^{limit + 1} articles in one file \(limit {limit}\)$"):
        read_bytes(_json_list(limit + 1), "many.json", default_rules())


def test_jsonl_over_the_article_limit_keeps_the_first_ones_and_names_the_line() -> None:
    limit = base.MAX_ARTICLES_PER_FILE
    data = "\n".join(json.dumps({"text": f"Body {i}."}) for i in range(limit + 5)).encode()
    arts, errs = read_bytes(data, "feed.jsonl", default_rules())
    assert len(arts) == limit
    assert arts[-1].text == f"Body {limit - 1}."
    assert [str(e) for e in errs] == [f"feed.jsonl:{limit + 1}: more than {limit} articles; rest skipped"]


def test_newsml_message_over_the_item_limit_is_refused() -> None:
    limit = base.MAX_ARTICLES_PER_FILE
    item = "<newsItem><contentSet><inlineXML><p>Body.</p></inlineXML></contentSet></newsItem>"
    data = f"<newsMessage><itemSet>{item * (limit + 1)}</itemSet></newsMessage>".encode()
    with pytest.raises(IngestError, match=rf"^{limit + 1} items in one file \(limit {limit}\)$"):
        read_bytes(data, "wire.xml", default_rules())


def test_article_limit_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Same checks end to end, with the limit lowered so the batch stays small."""
    monkeypatch.setattr("quotecheck.ingest.jsonfmt.MAX_ARTICLES_PER_FILE", 3)
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": f"Alpha {i} said yes."} for i in range(4)]), encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"text": f"Beta {i} said no."}) for i in range(5)) + "\n",
                    encoding="utf-8")
    rc, lines, report = run(tmp_path, capsys, str(many), str(feed))
    assert rc == 2
    assert lines == [f"quotecheck: {many}: 4 articles in one file (limit 3)",
                     f"quotecheck: {feed}:4: more than 3 articles; rest skipped"]
    assert _ids(report) == ["feed-1", "feed-2", "feed-3", "good"]


# --------------------------------------------------------------------------- JSON depth


def _nested(levels: int) -> dict:
    """An article object whose deepest value sits ``levels`` deep (the object itself is 1)."""
    inner: list = []
    for _ in range(levels - 2):
        inner = [inner]
    return {"text": "Body text.", "meta": inner}


def test_json_depth_limit_boundary() -> None:
    limit = base.MAX_JSON_DEPTH
    arts, errs = read_bytes(json.dumps(_nested(limit)).encode(), "deep.json", default_rules())
    assert [a.text for a in arts] == ["Body text."] and errs == []
    with pytest.raises(IngestError, match=rf"^JSON nested deeper than {limit} levels$"):
        read_bytes(json.dumps(_nested(limit + 1)).encode(), "deep.json", default_rules())


def test_too_deep_jsonl_line_is_one_error_and_the_other_lines_are_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    limit = base.MAX_JSON_DEPTH
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([json.dumps({"text": "Alpha said yes."}),
                               json.dumps(_nested(limit + 1)),
                               "[" * 50_000 + "]" * 50_000,  # past the parser's own recursion limit
                               json.dumps(_nested(limit))]) + "\n", encoding="utf-8")
    rc, lines, report = run(tmp_path, capsys, str(feed))
    assert rc == 2
    assert lines == [f"quotecheck: {feed}:2: JSON nested deeper than {limit} levels",
                     f"quotecheck: {feed}:3: JSON nested deeper than {limit} levels"]
    assert _ids(report) == ["feed-1", "feed-4", "good"]


# --------------------------------------------------------------------------- file size


def test_size_limit_boundary_and_stdin(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "MAX_FILE_BYTES", 100)
    at = tmp_path / "at.txt"
    at.write_bytes(b"Words said here. " * 5 + b"x" * 15)  # exactly 100 bytes
    over = tmp_path / "over.txt"
    over.write_bytes(at.read_bytes() + b"!")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Piped words. " * 20)))
    rc, lines, report = run(tmp_path, capsys, str(at), str(over), "-")
    assert rc == 2
    assert lines == [f"quotecheck: {over}: file is 101 bytes, larger than the limit of 100 bytes",
                     "quotecheck: -: larger than the limit of 100 bytes"]
    assert _ids(report) == ["at", "good"]


def test_fifty_megabyte_article_in_a_folder_is_refused_the_rest_is_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Real bytes this time (test_bad_input uses a sparse file), written in 1 MB chunks."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(GOOD.replace("envoy", "minister"), encoding="utf-8")
    big = folder / "huge.txt"
    chunk = ("The minister said “we are ready” on Saturday. " * 22_000)[:1_000_000].encode()
    with big.open("wb") as fh:
        for _ in range(50):
            fh.write(chunk)
    size = big.stat().st_size
    assert size > base.MAX_FILE_BYTES
    rc, lines, report = run(tmp_path, capsys, str(folder))
    assert rc == 2
    assert lines == [f"quotecheck: {big}: file is {size:,} bytes, larger than the limit of "
                     f"{base.MAX_FILE_BYTES:,} bytes"]
    assert _ids(report) == ["good", "ok"]


# --------------------------------------------------------------------------- not regular files


def test_fifo_and_dangling_link_in_a_folder_do_not_hang_or_crash(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Opening a FIFO blocks until someone writes to it: a folder walk must not wait forever.

    The run happens in a daemon thread with a deadline, so a regression fails instead of hanging.
    """
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    result: list[tuple[int, list[str], dict]] = []
    worker = threading.Thread(target=lambda: result.append(run(tmp_path, capsys, str(folder))), daemon=True)
    worker.start()
    worker.join(timeout=120)
    assert result, "quotecheck hung on a FIFO in the folder (or raised)"
    rc, lines, report = result[0]
    assert rc == 2
    assert sorted(lines) == [
        f"quotecheck: {folder / 'gone.txt'}: No such file or directory",
        f"quotecheck: {folder / 'pipe.txt'}: not a regular file (FIFO, socket or device); skipped",
    ]
    assert _ids(report) == ["good", "ok"]


def test_dangling_link_named_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "deleted.txt")
    rc, lines, _ = run(tmp_path, capsys, str(link))
    assert rc == 2
    assert lines == [f"quotecheck: {link}: no such file or directory"]


# --------------------------------------------------------------------------- nested quote marks

OPENS, CLOSES = "“‘«", "”’»"
WORDS = ("one", "two", "three", "four")  # no digits: thousands of figures would test figures, not nesting


def _nested_quotes(levels: int) -> str:
    """``levels`` quotes inside each other, the marks cycling “ ‘ « (English and French nesting)."""
    opening = "".join(f"{OPENS[i % 3]}level {WORDS[i % 4]} said " for i in range(levels))
    closing = "".join(f" end{CLOSES[i % 3]}" for i in reversed(range(levels)))
    return "Nested quotes\n\nThe minister said " + opening + "core" + closing + " on Monday.\n"


def _extract_checked(text: str) -> tuple[list, float]:
    art = Article(id="a", path="a.txt", text=text)
    t0 = time.monotonic()
    ex = extract_article(art, default_rules())
    elapsed = time.monotonic() - t0
    for item in [*ex.quotes, *ex.figures, *ex.dates]:
        assert 0 <= item.start <= item.end <= len(text)
        assert item.text == text[item.start:item.end]
    return ex.quotes, elapsed


@pytest.mark.parametrize(("text", "outer"), [
    ("The minister said “we heard «go» today” on Monday.", "we heard «go» today"),
    ("Le ministre a dit «nous avons entendu “partez” hier» lundi.", "nous avons entendu “partez” hier"),
    ("The minister said “we heard ‘they told us «go» today’ from him” on Monday.",
     "we heard ‘they told us «go» today’ from him"),
])
def test_a_quote_inside_another_pair_of_double_marks_keeps_the_outer_quote(text: str, outer: str) -> None:
    """Regression: a « inside “ (or “ inside «) used to drop the outer quote as a stray mark."""
    quotes, _ = _extract_checked("Title line\n\n" + text)
    assert [q.text for q in quotes] == [outer]


@pytest.mark.parametrize("levels", [200, 10_000])
def test_deeply_nested_quotes_terminate_with_exact_spans(levels: int) -> None:
    text = _nested_quotes(levels)
    quotes, elapsed = _extract_checked(text)
    assert len(quotes) == 1  # the deepest “ … ” pair (same-pair marks cannot nest: the earlier ones were stray)
    q = quotes[0]
    assert text[q.start - 1] == "“" and text[q.end] == "”" and "core" in q.text
    assert elapsed < 30, "hang guard only (measured: well under 1 s); speed lives in bench/"


def test_a_ten_thousand_deep_run_of_bare_marks_yields_nothing_and_terminates() -> None:
    text = "Title line\n\nHe said " + "“‘«" * 3_334 + " x " + "»’”" * 3_334 + ".\n\nLast “words” here."
    quotes, elapsed = _extract_checked(text)
    assert [q.text for q in quotes] == ["words"]
    assert elapsed < 30, "hang guard only"


def test_hundred_thousand_marks_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marks = tmp_path / "marks.txt"
    marks.write_text("Marks\n\n" + "“‘«»’”\"'„" * 11_112 + "\n\nThe aide said “fine”.\n", encoding="utf-8")
    nested = tmp_path / "nested.txt"
    nested.write_text(_nested_quotes(200), encoding="utf-8")
    rc, lines, report = run(tmp_path, capsys, str(marks), str(nested))
    assert rc == 0 and lines == []
    assert _ids(report) == ["good", "marks", "nested"]
    texts = {a["id"]: a["text"] for a in report["articles"]}
    for q in report["quotes"]:
        assert texts[q["article_id"]][q["start"]:q["end"]] == q["text"]
    assert "fine" in [q["text"] for q in report["quotes"] if q["article_id"] == "marks"]


# --------------------------------------------------------------------------- broken user rule packs


@pytest.mark.parametrize(("content", "reason"), [
    ("kind: boilerplate\nid: mine\npatterns:\n  - id: broken\n    comment: x\n    line: '(unclosed'\n",
     r"rule 'mine': .*bad regex '\(unclosed'.* in pattern 'broken'"),
    ("kind: [unclosed\n", r"invalid YAML: "),
    ("- just\n- a list\n", r"a rule file must be a mapping with 'kind' and 'id'"),
    ("kind: no_such_kind\nid: mine\n", r"rule 'mine': unknown kind 'no_such_kind' \(known: .*boilerplate"),
    ("kind: boilerplate\nid: mine\npatterns:\n  - id: p\n    comment: x\n    line: 'x'\n    before: 99\n",
     r"rule 'mine': patterns\.0\.before: Input should be less than or equal to 10"),
    ("kind: boilerplate\nid: mine\nspelling_mistake: 1\n", r"rule 'mine': spelling_mistake: Extra inputs"),
    ("kind: subjects\nid: en-subjects\nmerge: extend\nclasses: {}\n"
     "qualifiers:\n  - {name: q1, dimension: place, pattern: '(?P<x'}\n",
     r"rule 'en-subjects': .*bad regex .* in qualifier 'q1'"),
    ("kind: attribution_patterns\nid: mine\npatterns:\n  - {id: p1, where: after, pattern: '{NOPE} said'}\n",
     r"rule 'mine': .*pattern 'p1': unknown macro \{NOPE\}"),
])
def test_broken_user_rule_pack_is_one_line_naming_file_and_rule(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, reason: str) -> None:
    """A broken pack stops the run before any article is read: results under rules other than
    the ones asked for would be wrong, so nothing is printed on stdout."""
    pack = tmp_path / "pack"
    pack.mkdir()
    bad = pack / "bad.yml"
    bad.write_text(content, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    rc = main(["check", str(good), "--rules", str(pack), "--format", "json"])
    out, err = capsys.readouterr()
    assert rc == 2 and out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert re.fullmatch(rf"quotecheck: {re.escape(str(bad))}: {reason}.*", lines[0]), lines[0]


def test_missing_rule_pack_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["check", str(tmp_path), "--rules", str(tmp_path / "nopack")])
    out, err = capsys.readouterr()
    assert rc == 2 and out == ""
    assert err.strip().splitlines() == [f"quotecheck: {tmp_path / 'nopack'}: rule pack folder not found"]


# --------------------------------------------------------------------------- runaway user regexes

EVIL = "(a|aa)+b"  # exponential backtracking on a run of a's with no b
RUN_OF_AS = "a" * 40


def _pack(tmp_path: Path, body: str) -> Path:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "slow.yml").write_text(body, encoding="utf-8")
    return pack


def test_runaway_regex_in_an_extraction_stage_skips_only_that_article(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], short_timeout: float, slow_pack: Path) -> None:
    """Regression: a timeout in figures (after ingest) used to abort the whole batch with no report
    and no file name. Now the article is dropped with a one-line error and the rest is reported."""
    pack = slow_pack
    bad = tmp_path / "blast.txt"
    bad.write_text(f"Blast in town\n\nThe blast killed 12 people {RUN_OF_AS}.\n", encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": "The aide said “fine”."}) + "\n"
                    + json.dumps({"text": f"The fire hurt 7 people {RUN_OF_AS}."}) + "\n", encoding="utf-8")
    rc, lines, report = run(tmp_path, capsys, str(bad), str(feed), opts=("--rules", str(pack)))
    assert rc == 2
    assert lines == [f"quotecheck: {bad}: rule \"qualifier 'evil'\" timed out after {short_timeout:g}s",
                     f"quotecheck: {feed}: article 'feed-2': rule \"qualifier 'evil'\" timed out after "
                     f"{short_timeout:g}s"]
    assert _ids(report) == ["feed-1", "good"]
    assert sorted(e["path"] for e in report["errors"]) == sorted([str(bad), str(feed)])


def test_runaway_boilerplate_regex_is_stopped_and_named(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        short_timeout: float) -> None:
    pack = _pack(tmp_path, "kind: boilerplate\nid: my-boiler\npatterns:\n"
                           f"  - id: evil_line\n    comment: backtracks\n    line: '{EVIL}'\n")
    bad = tmp_path / "aaa.txt"
    bad.write_text(f"Title here\n\n{RUN_OF_AS}!\n\nThe envoy said “yes”.\n", encoding="utf-8")
    rc, lines, report = run(tmp_path, capsys, str(bad), opts=("--rules", str(pack)))
    assert rc == 2
    assert lines == [f"quotecheck: {bad}: rule 'evil_line' timed out after {short_timeout:g}s"]
    assert _ids(report) == ["good"]


# --------------------------------------------------------------------------- the documented limits


def test_every_limit_is_documented_with_its_current_value() -> None:
    """docs/robustness.md must not drift from the code: each limit's name and value appear in it."""
    from quotecheck.report import markdown
    from quotecheck.segment import MAX_BOILERPLATE_LINE

    doc = (ROOT / "docs" / "robustness.md").read_text(encoding="utf-8")
    limits = {
        "MAX_FILE_BYTES": f"{base.MAX_FILE_BYTES:,}",
        "MAX_ARTICLES_PER_FILE": f"{base.MAX_ARTICLES_PER_FILE:,}",
        "MAX_JSON_DEPTH": f"{base.MAX_JSON_DEPTH}",
        "REGEX_TIMEOUT": f"{rules_mod.REGEX_TIMEOUT:g} s",
        "MAX_BOILERPLATE_LINE": f"{MAX_BOILERPLATE_LINE:,}",
        "MAX_FINDINGS": f"{markdown.MAX_FINDINGS}",
        "MAX_CELL": f"{markdown.MAX_CELL}",
    }
    for name, value in limits.items():
        row = next((ln for ln in doc.splitlines() if f"`{name}`" in ln), None)
        assert row is not None, f"{name} is not in docs/robustness.md"
        assert value in row, f"docs/robustness.md gives {name} a value other than {value}"


class _Recorder:
    """A compiled pattern's methods, recording the keyword arguments each call got."""

    def __init__(self, rx) -> None:
        self.rx, self.kwargs = rx, []

    def search(self, *args, **kw):
        self.kwargs.append(kw)
        return self.rx.search(*args, **kw)


def test_regex_watchdog_stops_a_runaway_call_without_a_clock_read_per_call() -> None:
    """Inside ``regex_watchdog`` a rule regex runs without ``timeout=`` (two system calls a
    call) and is still stopped by the CPU-time ticks; outside, or in another thread, it
    gets ``timeout=``; the previous SIGPROF handler comes back."""
    import signal
    import threading

    import regex

    from quotecheck import rules as rules_mod

    class FailSafe(Exception):
        pass

    def fail_safe(signum, frame):
        raise FailSafe

    rec = _Recorder(regex.compile(r"(a|aa)+$"))
    before = signal.getsignal(signal.SIGPROF)
    old_alarm = signal.signal(signal.SIGALRM, fail_safe)
    signal.alarm(10)  # a broken watchdog would otherwise hang the suite
    try:
        with rules_mod.regex_watchdog():
            assert rules_mod.timed(rec.search, "aaaa") is not None
            with pytest.raises(TimeoutError):
                rules_mod.timed(rec.search, "a" * 40 + "!")
            seen: list = []
            t = threading.Thread(target=lambda: seen.append(rules_mod.timed(rec.search, "aa")))
            t.start()
            t.join()
        assert rules_mod.timed(rec.search, "aaa") is not None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old_alarm)
    assert [("timeout" in kw) for kw in rec.kwargs] == [False, False, True, True]
    assert signal.getsignal(signal.SIGPROF) == before
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_a_runaway_user_rule_inside_extraction_is_stopped_and_named(tmp_path) -> None:
    """End to end through ``extract_or_fail`` (where the watchdog is armed): a boilerplate
    rule that backtracks forever makes the article fail with the rule named; the next
    article is extracted as usual."""
    import signal

    from quotecheck.engine.local import RuleFailure, extract_or_fail
    from quotecheck.models import Article
    from quotecheck.rules import load_rules

    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "slow.yml").write_text(
        "kind: boilerplate\nid: my-boiler\npatterns:\n"
        "  - id: evil-line\n    comment: backtracks\n    line: '(a|aa)+$'\n", encoding="utf-8")
    rules = load_rules([str(pack)])
    bad = Article(id="bad", path="bad.txt", text="Title here\n\n" + "a" * 40 + "!\n\nThe body, she said.\n")
    good = Article(id="good", path="good.txt", text='Title\n\n"We are fine," the mayor said.\n')

    def fail_safe(signum, frame):
        raise AssertionError("the watchdog did not stop the rule")

    old_alarm = signal.signal(signal.SIGALRM, fail_safe)
    signal.alarm(20)
    try:
        out = extract_or_fail(bad, rules)
        ok = extract_or_fail(good, rules)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old_alarm)
    assert isinstance(out, RuleFailure) and "evil-line" in out.reason and "timed out" in out.reason
    assert not isinstance(ok, RuleFailure) and ok.quotes
