"""Bad input never crashes: one stderr line naming the file, the batch goes on, exit code 2.

Every bad file is generated in tmp_path next to one good article; each test
checks the exact stderr line, the exit code of ``quotecheck.cli.main`` and that
the good article was still read (it is in the JSON report).
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from quotecheck.cli import main
from quotecheck.ingest import base

GOOD = "Envoy backs Freedonia\n\nThe envoy said on Monday that his country was “ready to help”.\n"

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<nitf><head><title>&lol3;</title></head><body><body.content><p>&lol3;</p></body.content></body></nitf>
"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE newsItem [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<newsItem><contentMeta><headline>&xxe;</headline></contentMeta>
<contentSet><inlineXML><p>&xxe;</p></inlineXML></contentSet></newsItem>
"""


def _zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("article.txt", GOOD)


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *paths: Path | str) -> tuple[int, list[str], dict]:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    rc = main(["check", *[str(p) for p in paths], str(good), "--format", "json", "--fail-on", "never"])
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert str(good) in [a["path"] for a in report["articles"]], "the good file must still be read"
    assert "Traceback" not in err
    return rc, err.strip().splitlines(), report


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("empty.txt", lambda p: p.write_bytes(b""), "empty file"),
        ("blank.txt", lambda p: p.write_bytes(b" \n\t\r\n\xc2\xa0 \n"), "only whitespace, no text"),
        ("photo.txt", lambda p: p.write_bytes(PNG), "binary file (PNG image), not an article"),
        ("report.txt", lambda p: p.write_bytes(PDF), "binary file (PDF document), not an article"),
        ("bundle.txt", _zip, "binary file (zip archive), not an article"),
        ("nul.txt", lambda p: p.write_bytes(b"ab\x00\x00\x01\x00" * 200), "binary file (600 NUL bytes), not an article"),
        ("broken.json", lambda p: p.write_text('{"title": "A", "text": "B",}', encoding="utf-8"),
         "malformed JSON: Expecting property name enclosed in double quotes (line 1, column 28)"),
        ("deep.json", lambda p: p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8"),
         "JSON nested deeper than 64 levels"),
        ("notext.json", lambda p: p.write_text('{"title": "A"}', encoding="utf-8"),
         "no article text (fields tried: text/body/content)"),
        ("bomb.xml", lambda p: p.write_text(BOMB, encoding="utf-8"),
         "XML declares entities (possible entity-expansion bomb); refused"),
        ("xxe.xml", lambda p: p.write_text(EXTERNAL, encoding="utf-8"),
         "XML declares entities (possible entity-expansion bomb); refused"),
        ("cut.xml", lambda p: p.write_text("<nitf><head><title>T</title></head><body>", encoding="utf-8"),
         "malformed XML: no element found: line 1, column 41"),
        ("other.xml", lambda p: p.write_text("<rss><channel/></rss>", encoding="utf-8"),
         "XML root <rss> is neither NewsML-G2 (newsItem/newsMessage) nor NITF (nitf)"),
        ("script.html", lambda p: p.write_text("<html><head><script>var a=1;</script></head><body></body></html>",
                                               encoding="utf-8"), "no article text found in the HTML page"),
    ],
)
def test_bad_file_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                         make: Callable[[Path], None], reason: str) -> None:
    bad = tmp_path / name
    make(bad)
    rc, lines, report = run(tmp_path, capsys, bad)
    assert rc == 2
    assert lines == [f"quotecheck: {bad}: {reason}"]
    assert len(report["articles"]) == 1


def test_external_entity_without_inline_declaration_is_not_fetched(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    bad = tmp_path / "ext.xml"
    bad.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE nitf SYSTEM "{secret.as_uri()}">\n'
                   "<nitf><body><body.content><p>Safe body text.</p></body.content></body></nitf>\n",
                   encoding="utf-8")
    rc, lines, report = run(tmp_path, capsys, bad)
    texts = " ".join(a["text"] for a in report["articles"])
    assert "TOP-SECRET-CONTENT" not in texts
    assert "Safe body text." in texts  # an external DTD is ignored, never fetched
    assert rc == 0 and lines == []


def test_jsonl_with_one_bad_line_reads_the_others(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "feed.jsonl"
    bad.write_text('{"title": "A", "text": "Alpha said yes."}\n'
                   '{"title": "B", "text": "Beta said no."\n'
                   "\n"
                   '{"title": "C", "text": "Gamma said maybe."}\n', encoding="utf-8")
    rc, lines, report = run(tmp_path, capsys, bad)
    assert rc == 2
    assert lines == [f"quotecheck: {bad}:2: malformed JSON: Expecting ',' delimiter (column 39)"]
    assert sorted(a["id"] for a in report["articles"]) == ["feed-1", "feed-3", "good"]


def test_nonexistent_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, lines, _ = run(tmp_path, capsys, tmp_path / "missing.txt")
    assert rc == 2
    assert lines == [f"quotecheck: {tmp_path / 'missing.txt'}: no such file or directory"]


def test_file_over_the_size_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:  # sparse: 50 MB on paper, nothing written to disk
        fh.truncate(50 * 1024 * 1024)
    rc, lines, _ = run(tmp_path, capsys, big)
    assert rc == 2
    assert lines == [f"quotecheck: {big}: file is 52,428,800 bytes, larger than the limit of "
                     f"{base.MAX_FILE_BYTES:,} bytes"]


def test_size_limit_is_configurable(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "MAX_FILE_BYTES", 100)
    bad = tmp_path / "long.txt"
    bad.write_text("Word " * 50, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Short one.\n", encoding="utf-8")
    rc = main(["check", str(bad), str(good), "--format", "json"])
    out, err = capsys.readouterr()
    assert rc == 2
    assert err.strip() == f"quotecheck: {bad}: file is 250 bytes, larger than the limit of 100 bytes"
    assert [a["path"] for a in json.loads(out)["articles"]] == [str(good)]


def test_folder_with_an_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(GOOD, encoding="utf-8")
    locked = folder / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading")
        rc, lines, report = run(tmp_path, capsys, folder)
    finally:
        locked.chmod(0o644)
    assert rc == 2
    assert lines == [f"quotecheck: {locked}: Permission denied"]
    assert str(folder / "ok.txt") in [a["path"] for a in report["articles"]]


def test_folder_without_articles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "notes.yml").write_text("a: 1\n", encoding="utf-8")
    rc, lines, _ = run(tmp_path, capsys, folder)
    assert rc == 2
    assert len(lines) == 1 and lines[0].startswith(f"quotecheck: {folder}: folder holds no article files")


# --------------------------------------------------------------------------- read, with a warning


@pytest.mark.parametrize(
    ("name", "data", "warning", "expected_text"),
    [
        ("utf16.txt", "Title\n\nHe said “yes”.\n".encode("utf-16"), None, "Title\n\nHe said “yes”.\n"),
        ("utf16be.txt", b"\xfe\xff" + "Title\n\nSaid “no”.\n".encode("utf-16-be"), None, "Title\n\nSaid “no”.\n"),
        ("legacy.txt", "Café owner said “we’re open”.\n".encode("cp1252"),
         "not UTF-8; decoded as cp1252 (Windows Latin-1)", "Café owner said “we’re open”.\n"),
        ("damaged.txt", "He said “yes” and ".encode() + b"\xff\xfe" + b" left.\n",
         "invalid UTF-8 at byte 22 (2 bad sequences replaced by U+FFFD)", "He said “yes” and \ufffd\ufffd left.\n"),
        ("nuls.txt", b"He said yes.\x00 Then he left.\n", "1 NUL byte replaced by U+FFFD",
         "He said yes.\ufffd Then he left.\n"),
    ],
)
def test_encodings_are_read_with_a_warning_when_guessed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        name: str, data: bytes, warning: str | None,
                                                        expected_text: str) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    rc, lines, report = run(tmp_path, capsys, f)
    art = next(a for a in report["articles"] if a["path"] == str(f))
    assert art["text"] == expected_text
    if warning is None:
        assert lines == [] and art["warnings"] == []
    else:
        assert lines == [f"quotecheck: {f}: warning: {warning}"]
        assert art["warnings"] == [warning]
    assert rc == 0  # a warning is not an input error


def test_ten_megabyte_single_line_is_read_and_segmented(tmp_path: Path) -> None:
    """Correctness only (speed is measured in bench/ingest_bench.py)."""
    from quotecheck.ingest import read_paths
    from quotecheck.rules import RuleSet, load_file
    from quotecheck.segment import segment

    rules_dir = Path(__file__).resolve().parent.parent / "rules" / "en"
    rules = RuleSet([load_file(rules_dir / n) for n in ("headers.yml", "boilerplate.yml", "sentences.yml")], [])
    f = tmp_path / "oneline.txt"
    f.write_text(("The minister said “we are ready” on Saturday. " * 220_000)[:10_000_000], encoding="utf-8")
    arts, errs = read_paths([str(f)], rules=rules)
    assert errs == []
    assert len(arts[0].text) == 10_000_000
    seg = segment(arts[0], rules)
    assert [(b.start, b.end, b.kind) for b in seg.blocks] == [(0, 10_000_000, "body")]
    assert len(seg.sentences) == 217_392


def test_unreadable_file_simulated(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The same path as chmod 000, but also when the tests run as root."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(GOOD, encoding="utf-8")
    locked = folder / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    real_open = Path.open

    def guarded(self: Path, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)
    rc, lines, report = run(tmp_path, capsys, folder)
    assert rc == 2
    assert lines == [f"quotecheck: {locked}: Permission denied"]
    assert str(folder / "ok.txt") in [a["path"] for a in report["articles"]]


def test_catastrophic_user_header_regex_is_stopped_and_named(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A user pattern that backtracks forever is stopped by the timeout; the file error names the rule."""
    import quotecheck.rules as rules_mod

    monkeypatch.setattr(rules_mod, "REGEX_TIMEOUT", 0.2)
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "slow.yml").write_text(
        "kind: headers\nid: my-headers\npatterns:\n"
        "  - id: evil\n    comment: backtracks\n    pattern: '(a|aa)+$'\n", encoding="utf-8")
    bad = tmp_path / "aaa.txt"
    bad.write_text("a" * 40 + "!\n\nBody text here.\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    rc = main(["check", str(bad), str(good), "--rules", str(pack), "--format", "json"])
    out, err = capsys.readouterr()
    assert rc == 2
    assert err.strip().splitlines() == [f"quotecheck: {bad}: rule 'evil' timed out after 0.2s"]
    assert [a["path"] for a in json.loads(out)["articles"]] == [str(good)]
