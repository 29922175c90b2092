"""Reading in the worker processes (``engine.read_extract_all``, ``Extractor.read``).

The parent only walks the folders; each worker reads, parses and extracts whole
files. Whatever the number of workers, the articles, input errors (text and
order), unique ids and extractions must be those of ``read_paths`` followed by
``extract_all``, which is what ``check`` did before.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from quotecheck import segment
from quotecheck.cli import main
from quotecheck.engine import local as engine
from quotecheck.engine.extraction import Extractor
from quotecheck.engine.local import RuleFailure, extract_all, read_extract_all
from quotecheck.ingest import plan_paths, read_paths
from quotecheck.ingest.headers import combinable
from quotecheck.ingest.text import text_to_article
from quotecheck.rules import RuleSet, default_rules, load_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

GOOD = ("Ferry sinks off Harlow\n\nPublished on 3 May 2025\n\nThe ferry sank off Harlow on Friday. "
        "Coastguard chief Mara Velden said 40 passengers were rescued. "
        "\u201cWe searched all night,\u201d Velden said.\n")
BAD = f"Blast in town\n\nThe blast killed 12 people {'a' * 40}.\n"


@pytest.fixture
def processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes even for a handful of files, and JSON files of 3+ articles spread."""
    monkeypatch.setattr(engine, "MIN_ARTICLES_FOR_PROCESSES", 2)
    monkeypatch.setattr(engine, "SPREAD_ABOVE", 2)


def _corpus(tmp_path: Path) -> Path:
    """Every fixture set twice (a/ and b/: the same stems), plus bad files and a feed."""
    root = tmp_path / "in"
    for copy in ("a", "b"):
        for d in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
            shutil.copytree(d, root / copy / d.name, ignore=shutil.ignore_patterns("*.yml"))
    bad = root / "c"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blank.md").write_text("  \n\n", encoding="utf-8")
    (bad / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (bad / "good.txt").write_text(GOOD, encoding="utf-8")
    lines = [json.dumps({"id": "a1_wire", "text": GOOD}), "{broken", json.dumps({"title": "no text"}),
             json.dumps({"text": GOOD.replace("40", "41")}), json.dumps({"text": GOOD.replace("40", "42")})]
    (bad / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def _paths(root: Path) -> list[str]:
    return [str(root / "a"), str(root / "missing.txt"), str(root / "b"), str(root / "c"),
            str(root / "c" / "good.txt")]


def _dump(exs: list) -> list[dict]:
    return [ex.model_dump() for ex in exs]


@pytest.mark.parametrize("jobs", [1, 2])
def test_worker_reading_equals_read_paths_then_extract_all(tmp_path: Path, jobs: int, processes: None) -> None:
    rules = default_rules()
    paths = _paths(_corpus(tmp_path))
    want_arts, want_errs = read_paths(paths, rules=rules)
    want_exs = extract_all(want_arts, rules, jobs=1)
    arts, errs, outcomes = read_extract_all(plan_paths(paths), rules, jobs=jobs)
    assert errs == want_errs
    assert arts == want_arts
    assert _dump(outcomes) == _dump(want_exs)
    # the case is not trivial: bad files, a bad JSON line, renamed duplicates, many quotes
    reasons = [e.reason for e in errs]
    assert "no such file or directory" in reasons and "empty file" in reasons
    assert any(r.startswith("binary file") for r in reasons) and any(e.line for e in errs)
    renamed = [a for a in arts if a.id.endswith("-2")]
    assert len(renamed) > 10 and all("is already used by" in a.warnings[-1] for a in renamed)
    assert sum(len(ex.quotes) for ex in outcomes) > 50


@pytest.mark.parametrize("jobs", [1, 2])
def test_slim_extractions_drop_only_the_segmentation_and_give_the_same_report(
        tmp_path: Path, jobs: int, processes: None) -> None:
    from quotecheck import pipeline
    from quotecheck.report import jsonfmt

    rules = default_rules()
    plan = plan_paths(_paths(_corpus(tmp_path)))
    arts, errs, full = read_extract_all(plan, rules, jobs=jobs)
    _, _, slim = read_extract_all(plan, rules, jobs=jobs, slim=True)
    assert any(ex.segmentation.blocks for ex in full)  # renamed duplicates are redone slim too
    assert all(not ex.segmentation.blocks and not ex.segmentation.sentences for ex in slim)
    assert [{**ex.model_dump(), "segmentation": None} for ex in slim] == \
        [{**ex.model_dump(), "segmentation": None} for ex in full]
    assert [ex.digest for ex in slim] == [ex.digest for ex in full]
    report = jsonfmt.render(pipeline.build_report(arts, full, errs, rules))
    assert jsonfmt.render(pipeline.build_report(arts, slim, errs, rules)) == report


def test_renamed_articles_are_extracted_under_their_new_id(tmp_path: Path, processes: None) -> None:
    root = tmp_path / "in"
    for copy in ("x", "y"):
        shutil.copytree(FIXTURES / "summit", root / copy, ignore=shutil.ignore_patterns("*.yml"))
    rules = default_rules()
    arts, _, outcomes = read_extract_all(plan_paths([str(root / "x"), str(root / "y")]), rules, jobs=2)
    ids = [a.id for a in arts]
    assert len(ids) == len(set(ids)) and "a1_wire-2" in ids
    for art, ex in zip(arts, outcomes, strict=True):
        assert ex.article_id == art.id == ex.segmentation.article_id
        assert all(q.article_id == art.id and q.id.startswith(f"{art.id}:") for q in ex.quotes)
    second = outcomes[ids.index("a1_wire-2")]
    assert second.quotes and second.quotes[0].text == outcomes[ids.index("a1_wire")].quotes[0].text


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_reports_bad_files_in_one_line_each_and_exits_2(tmp_path: Path, jobs: str, processes: None,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = _corpus(tmp_path)
    rc = main(["check", *_paths(root), "--format", "json", "--fail-on", "never", "--jobs", jobs])
    out, err = capsys.readouterr()
    assert rc == 2 and "Traceback" not in err
    lines = err.strip().splitlines()
    c = root / "c"
    assert lines[:6] == [  # input errors in path order, then the warnings of renamed articles
        f"quotecheck: {root / 'missing.txt'}: no such file or directory",
        f"quotecheck: {c / 'blank.md'}: only whitespace, no text",
        f"quotecheck: {c / 'empty.txt'}: empty file",
        f"quotecheck: {c / 'feed.jsonl'}:2: malformed JSON: Expecting property name enclosed in double quotes"
        " (column 2)",
        f"quotecheck: {c / 'feed.jsonl'}:3: no article text (fields tried: text/body/content)",
        f"quotecheck: {c / 'photo.txt'}: binary file (PNG image), not an article",
    ]
    assert lines[6] == (f"quotecheck: {root / 'b' / 'air-crash' / 'c5_survivor.md'}: warning: id 'c5_survivor' "
                        f"is already used by {root / 'a' / 'air-crash' / 'c5_survivor.md'}; "
                        "this article is 'c5_survivor-2'")
    assert all(": warning: id " in ln for ln in lines[6:])
    report = json.loads(out)
    ids = [a["id"] for a in report["articles"]]
    assert ids[-1] == "good-2" and "a1_wire-3" in ids  # the feed's "a1_wire" after a/ and b/
    assert len(report["errors"]) == 6


def test_a_rule_failure_drops_one_article_in_the_workers(tmp_path: Path, short_timeout: float, processes: None,
                                                         slow_pack: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    pack = slow_pack
    inbox = tmp_path / "in"
    inbox.mkdir()
    for n in range(3):
        (inbox / f"good{n}.txt").write_text(GOOD.replace("40", str(40 + n)), encoding="utf-8")
    (inbox / "blast.txt").write_text(BAD, encoding="utf-8")
    rules = load_rules([pack])
    seen: list[str] = []
    ex = Extractor(rules, jobs=2, report=seen.append)
    arts, errs, outs = ex.read([str(inbox)])
    assert not errs and [a.id for a in arts] == ["blast", "good0", "good1", "good2"]
    assert outs[0] is None and [o.article_id for o in outs[1:]] == ["good0", "good1", "good2"]
    assert seen == [f"{inbox / 'blast.txt'}: rule \"qualifier 'evil'\" timed out after 0.2s"]
    rc = main(["check", str(inbox), "--rules", str(pack), "--jobs", "2", "--format", "json", "--fail-on", "never"])
    out, err = capsys.readouterr()
    assert rc == 2 and err.strip().splitlines() == [f"quotecheck: {seen[0]}"]
    assert [a["id"] for a in json.loads(out)["articles"]] == ["good0", "good1", "good2"]


def test_rule_failure_is_a_value_not_an_exception(short_timeout: float, slow_pack: Path) -> None:
    pack = slow_pack
    rules = load_rules([pack])
    out = engine.extract_or_fail(text_to_article(BAD, "blast.txt", rules), rules)
    assert isinstance(out, RuleFailure) and "timed out" in out.reason and "\n" not in out.reason


# --------------------------------------------------------------------------- segmenting once


def _count_analyse(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    real = segment.analyse

    def counting(*a, **k):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return real(*a, **k)

    monkeypatch.setattr(segment, "analyse", counting)
    return calls


def test_segment_reuses_the_readers_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = default_rules()
    text = (FIXTURES / "summit" / "a1_wire.txt").read_text(encoding="utf-8")
    want = segment.segment(text_to_article(text, "a1_wire.txt", rules), rules)
    calls = _count_analyse(monkeypatch)
    with segment.reuse_analyses():
        art = text_to_article(text, "a1_wire.txt", rules)
        got = segment.segment(art, rules)
    assert calls[0] == 1, "the reader analysed the text; segment took that analysis"
    assert got == want and art.title
    with segment.reuse_analyses():  # nothing kept once taken, nothing outside the block
        assert segment.segment(art, rules) == want
    assert calls[0] == 2
    segment.segment(art, rules)
    assert calls[0] == 3


def test_segment_analyses_again_when_the_title_picks_another_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Front matter names the second top line as the title: the reader's headline was the first."""
    rules = default_rules()
    text = ("---\ntitle: Ferry service resumes\n---\n\nHarbour news\n\nFerry service resumes\n\n"
            "The ferry returned to the island route on Monday after a week of storms, the operator said.\n")
    art = text_to_article(text, "f.md", rules, fmt="markdown")
    want = segment.segment(art, rules)
    calls = _count_analyse(monkeypatch)
    with segment.reuse_analyses():
        art2 = text_to_article(text, "f.md", rules, fmt="markdown")
        got = segment.segment(art2, rules)
    assert calls[0] == 2, "the kept analysis did not fit this title"
    assert got == want
    head = [text[b.start:b.end] for b in got.blocks if b.kind == "headline"]
    assert head == ["Ferry service resumes"]


# --------------------------------------------------------------------------- one pass over the boilerplate rules


def _rule_by_rule(comp: segment._Compiled, text: str, s: int, e: int, top: bool) -> bool:
    return any(rx.fullmatch(text, s, e) for p, rx, _ in comp.patterns if top or p.scope != "top")


def test_the_combined_boilerplate_pattern_matches_where_some_rule_does() -> None:
    rules = default_rules()
    comp = rules.compiled("segment.boilerplate", segment._compile)
    assert comp.any_top is not None and comp.any_rest is not None
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.txt"))]
    texts.append("2 min read\nAlso Read: more\nADVERTISEMENT\n---\nphoto.JPG\nFollow us on Telegram for news\n"
                 "Mara Lind is a senior news editor at the Harbour Ledger.\nplain body line.\n")
    hits = 0
    for text in texts:
        pos = 0
        for line in text.split("\n"):
            s, e = pos, pos + len(line)
            pos = e + 1
            for top, rx in ((True, comp.any_top), (False, comp.any_rest)):
                want = _rule_by_rule(comp, text, s, e, top)
                assert (rx.fullmatch(text, s, e) is not None) == want, line
                hits += want
    assert hits >= 14


def test_the_combined_header_patterns_match_where_some_pattern_does() -> None:
    from quotecheck.ingest.headers import compiled_headers

    hdr = compiled_headers(default_rules())
    assert hdr.any_header is not None and hdr.any_dateline is not None
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.*")) if p.suffix in (".txt", ".md")]
    hits = 0
    for text in texts:
        pos = 0
        for line in text.split("\n")[:30]:
            s, e = pos, pos + len(line)
            pos = e + 1
            for where, rx in (("header", hdr.any_header), ("dateline", hdr.any_dateline)):
                want = any(p.where == where and r.match(text, s, e) for p, r in hdr.patterns)
                assert (rx.match(text, s, e) is not None) == want, line
                hits += want
    assert hits >= 10


@pytest.mark.parametrize(("pattern", "ok"), [
    (r"News\s+(?:update|feed)", True), (r"(?i:share)\s+(?P<outlet>\w+)", True), (r"(?<=x)y(?!z)", True),
    (r"(\w+) \1", False), (r"(?P<w>\w+) (?P=w)", False), (r"(?i)share", False), (r"a(*PRUNE)b", False),
    (r"(?|a|b)", False), (r"(?(1)a|b)", False), (r"\g<1>", False),
])
def test_which_rules_may_sit_in_one_alternation(pattern: str, ok: bool) -> None:
    assert combinable(pattern) is ok


def test_a_user_rule_with_a_back_reference_still_works(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "bp.yml").write_text(
        "kind: boilerplate\nid: boilerplate-en\nmerge: extend\npatterns:\n"
        "  - {id: stutter, comment: a word twice, line: '(\\w+) \\1'}\n", encoding="utf-8")
    rules: RuleSet = load_rules([pack])
    comp = rules.compiled("segment.boilerplate", segment._compile)
    assert comp.any_top is None, "the rules run one by one"
    text = "Ferry sinks off Harlow\n\nThe ferry sank on Friday, the coastguard said.\n\nhello hello\n"
    art = text_to_article(text, "s.txt", rules)
    seg = segment.segment(art, rules)
    marked = {text[b.start:b.end]: b.rule for b in seg.blocks if b.kind == "boilerplate"}
    assert marked == {"hello hello": "stutter"}
