"""``quotecheck watch``: files are checked once they stop growing, then stored; Ctrl-C is clean."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from test_baseline_fake import install, story, write

from quotecheck import watch
from quotecheck.cli import main
from quotecheck.store import Store
from quotecheck.watch import EMPTY_GRACE_POLLS, Watcher, is_candidate


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checks replaced by the stand-in (test_baseline_fake.py)."""
    install(monkeypatch)


def test_poll_waits_until_size_is_stable(tmp_path: Path) -> None:
    w = Watcher(tmp_path)
    f = tmp_path / "a.txt"
    f.write_text("part one", encoding="utf-8")
    assert w.poll() == []  # first sight
    with f.open("a", encoding="utf-8") as fh:
        fh.write(" and part two")
    assert w.poll() == []  # still growing
    assert w.poll() == [f]  # unchanged for one interval: landed
    w.mark_done(f)
    assert w.poll() == [] and w.pending() == 0
    f.write_text("rewritten", encoding="utf-8")  # a changed file is checked again
    assert w.poll() == [] and w.poll() == [f]


def test_notes_for_people_landing_in_the_folder_are_not_articles(tmp_path: Path) -> None:
    """As ``check`` on a folder: NOTES.md and README.txt are skipped, an article is not."""
    assert not is_candidate(tmp_path / "NOTES.md") and not is_candidate(tmp_path / "sub" / "readme.txt")
    assert is_candidate(tmp_path / "notes-from-the-scene.md")


def test_temporary_and_empty_files(tmp_path: Path) -> None:
    assert not is_candidate(tmp_path / "a.txt.part") and not is_candidate(tmp_path / ".a.txt")
    assert not is_candidate(tmp_path / "a.txt~") and is_candidate(tmp_path / "a.txt")
    (tmp_path / "b.txt.part").write_text("x", encoding="utf-8")
    empty = tmp_path / "e.txt"
    empty.write_text("", encoding="utf-8")
    w = Watcher(tmp_path)
    landed = [w.poll() for _ in range(EMPTY_GRACE_POLLS + 1)]
    assert landed[:-1] == [[]] * EMPTY_GRACE_POLLS and landed[-1] == [empty]


def test_watch_once_checks_stores_and_skips_known_files(
        fake: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = tmp_path / "inbox"
    db = tmp_path / "corpus.db"
    write(inbox, "ap.txt", 12)
    args = ["watch", str(inbox), "--store", str(db), "--once", "--interval", "0.01"]
    assert main(args) == 0
    out = capsys.readouterr().out
    # each file's latency (landed -> reported) is printed with it
    assert re.search(re.escape(f"{inbox / 'ap.txt'}: 0 findings (added to {db}; ") + r"\d+\.\d\d s\)", out), out

    write(inbox, "yonhap.txt", 15)
    (inbox / "photo.jpg").write_bytes(b"\xff\xd8 not an article")  # not an article extension: ignored
    (inbox / "empty.txt").write_bytes(b"")
    assert main([*args, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    recs = {Path(r["path"]).name: r for r in map(json.loads, out.splitlines())}
    assert recs["ap.txt"]["note"] == "already in the store"
    new = recs["yonhap.txt"]
    assert new["article_ids"] == ["yonhap"]
    assert [sorted(s["text"] for s in f["evidence"]) for f in new["findings"]] == [["12", "15"]]
    assert 0 < new["latency_s"] < 60  # seconds from landed to reported, measured per file
    assert "photo.jpg" not in out + err
    assert recs["empty.txt"]["note"] == "not read: empty file"
    assert err.strip().splitlines() == [f"quotecheck: {inbox / 'empty.txt'}: empty file"]
    with Store(db) as st:
        assert [a.id for a in st.articles()] == ["ap", "yonhap"]


def test_file_written_slowly_is_read_complete(fake: None, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "corpus.db"
    text = story(15)
    target = inbox / "slow.txt"

    def writer() -> None:
        with target.open("w", encoding="utf-8") as fh:
            for i in range(0, len(text), 20):
                fh.write(text[i:i + 20])
                fh.flush()
                time.sleep(0.03)

    t = threading.Thread(target=writer)
    t.start()
    rc = main(["watch", str(inbox), "--store", str(db), "--interval", "0.05", "--max-iterations", "40"])
    t.join()
    assert rc == 0
    out = capsys.readouterr().out
    assert out.count("slow.txt") == 1
    with Store(db) as st:
        assert [a.text for a in st.articles()] == [text]


def test_ctrl_c_stops_without_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(watch.time, "sleep", interrupt)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    assert main(["watch", str(inbox), "--store", str(tmp_path / "c.db")]) == 0
    err = capsys.readouterr().err
    assert "watch stopped (0 files checked, 0 findings)" in err and "Traceback" not in err


def test_sigint_to_real_process_exits_cleanly(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    write(inbox, "ap.txt", 12)
    db = tmp_path / "c.db"
    # SIGINT as a terminal would deliver it: a test run started in the background without job
    # control (`(cmd &)` in a script) ignores SIGINT, the child inherits that across exec, and
    # Python then installs no Ctrl-C handler, so watch (rightly) could not be stopped by it.
    proc = subprocess.Popen([sys.executable, "-m", "quotecheck.cli", "watch", str(inbox), "--store", str(db),
                             "--interval", "0.05"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    # Wait for watch's own line about the file (printed after the file is stored) rather than
    # polling the store through a second connection.
    first: list[str] = []
    reader = threading.Thread(target=lambda: first.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(60)
    assert first and "ap.txt: 0 findings" in first[0], first
    os.kill(proc.pid, signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"watch did not stop on SIGINT; stderr: {err!r}") from None
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "watch stopped (1 files checked" in err
    with Store(db) as st:
        assert len(st) == 1  # stored before the line was printed, and kept


def test_watch_on_missing_folder_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["watch", str(tmp_path / "nope"), "--store", str(tmp_path / "c.db")]) == 2
    assert capsys.readouterr().err.strip() == f"quotecheck: {tmp_path / 'nope'}: not a folder"
