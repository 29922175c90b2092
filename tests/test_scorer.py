"""The accuracy scorer (bench/score_quotes.py) on tiny hand-computed cases.

Everything here is synthetic and built in ``tmp_path``: the scorer must be
testable without ../shared.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _load_scorer():
    spec = importlib.util.spec_from_file_location("score_quotes", ROOT / "bench" / "score_quotes.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["score_quotes"] = mod
    spec.loader.exec_module(mod)
    return mod


sq = _load_scorer()

# --------------------------------------------------------------------------- a tiny PolNeAR-style corpus

POL_TEXT = (
    "Mayor Backs Plan\n\n"
    '"We will fix the bridge," said Mayor Ana Ruiz. "It is overdue."\n\n'
    "''The budget is tight,'' she added.\n\n"
    'Ruiz called the plan "a good start" for the town.\n\n'
    "“Nobody asked us,” a resident said.\n"
)


def _at(text: str, s: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(s, i + 1)
    return i, i + len(s)


def _t(tid: str, typ: str, spans: list[tuple[int, int]]) -> str:
    offs = ";".join(f"{a} {b}" for a, b in spans)
    return f"{tid}\t{typ} {offs}\t{' '.join(POL_TEXT[a:b] for a, b in spans)}"


def _polnear(tmp_path: Path) -> Path:
    t = POL_TEXT
    lines = [
        _t("T1", "Content", [_at(t, '"We will fix the bridge,"'), _at(t, '"It is overdue."')]),
        _t("T2", "Cue", [_at(t, "said")]),
        _t("T3", "Source", [_at(t, "Mayor Ana Ruiz")]),
        "E1\tAttribution:T2 Source:T3 Cue:T2 Content:T1",
        _t("T4", "Content", [_at(t, "''The budget is tight,''")]),
        _t("T5", "Source", [_at(t, "she")]),
        "E2\tAttribution:T5 Source:T5 Content:T4",
        _t("T6", "Content", [_at(t, 'the plan "a good start" for the town')]),
        _t("T7", "Source", [_at(t, "Ruiz", 1)]),
        "E3\tAttribution:T7 Source:T7 Content:T6",
        _t("T8", "Content", [_at(t, "“Nobody asked us,”")]),
        _t("T9", "Source", [_at(t, "a resident")]),
        "E4\tAttribution:T9 Source:T9 Content:T8",
    ]
    root = tmp_path / "polnear"
    (root / "dev" / "text").mkdir(parents=True)
    (root / "dev" / "attributions").mkdir(parents=True)
    (root / "dev" / "text" / "doc1.txt").write_text(t, encoding="utf-8")
    (root / "dev" / "attributions" / "doc1_aaaa.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # a second annotator's file must be ignored (sorted second): it annotates nothing
    (root / "dev" / "attributions" / "doc1_zzzz.ann").write_text("", encoding="utf-8")
    return root


def _inside(text: str, s: str) -> tuple[int, int]:
    """Offsets of ``s`` (the words inside the marks)."""
    return _at(text, s)


def test_polnear_gold_is_the_quoted_stretches_of_direct_contents(tmp_path: Path) -> None:
    docs, golds, problems = sq.load_polnear(_polnear(tmp_path), "dev")
    assert problems == []
    got = sorted((g.start, g.end) for g in golds)
    want = sorted(_inside(POL_TEXT, s) for s in
                  ["We will fix the bridge,", "It is overdue.", "The budget is tight,", "Nobody asked us,"])
    assert got == want  # the fragment in the indirect Content is not a gold direct quote
    assert docs[0].indirect == [_at(POL_TEXT, 'the plan "a good start" for the town')]
    she = next(g for g in golds if POL_TEXT[g.start:g.end] == "The budget is tight,")
    assert [s.text for s in she.sources] == ["she"]
    assert she.sources[0].antecedent == "Mayor Ana Ruiz"


def _pred(text: str, s: str, **kw) -> object:
    a, b = _at(text, s)
    return sq.Pred(doc="doc1", start=a, end=b, **kw)


def _scripted(preds: list) -> sq.Predictor:
    def predict(docs):
        return {"doc1": preds} if docs else {}
    return predict


def test_polnear_scores_are_the_hand_computed_ones(tmp_path: Path) -> None:
    t = POL_TEXT
    preds = [
        _pred(t, "We will fix the bridge,", speaker="Ana Ruiz",
              speaker_span=_at(t, "Mayor Ana Ruiz")),                       # exact; speaker by overlap
        _pred(t, "It is overdue", speaker="Ana Ruiz"),                        # lenient only; by name
        _pred(t, "The budget is tight,", speaker="Ana Ruiz"),                 # exact; by antecedent of "she"
        _pred(t, "a good start", kind="fragment", speaker="Ana Ruiz"),       # not a direct quote in gold
    ]                                                                          # "Nobody asked us" missed
    lines: list[str] = []
    views = sq.run_polnear(_polnear(tmp_path), "dev", _scripted(preds), errors=True, out=lines.append)
    allq, full = views
    assert (allq.lenient.tp, allq.lenient.fp, allq.lenient.fn) == (3, 1, 1)
    assert allq.lenient.p == pytest.approx(0.75) and allq.lenient.r == pytest.approx(0.75)
    assert allq.lenient.f1 == pytest.approx(0.75)
    assert (allq.strict.tp, allq.strict.fp, allq.strict.fn) == (2, 2, 2)
    assert allq.strict.f1 == pytest.approx(0.5)
    assert allq.speaker_right == 3 and allq.speaker_accuracy == pytest.approx(1.0)
    assert allq.speaker_how == {"right:antecedent": 1, "right:name": 1, "right:overlap": 1}
    # full quotes only: our fragment is set aside, so no false alarm is left
    assert (full.lenient.tp, full.lenient.fp, full.lenient.fn) == (3, 0, 1)
    assert full.lenient.f1 == pytest.approx(2 * 1.0 * 0.75 / 1.75)
    assert full.set_aside == {"fragment_predictions": 1, "gold_found_as_fragment": 0}
    out = "\n".join(lines)
    assert "MISS doc1" in out and "Nobody asked us" in out
    assert "inside an indirect PolNeAR Content" in out


def test_full_view_sets_aside_gold_found_as_fragment(tmp_path: Path) -> None:
    t = POL_TEXT
    preds = [_pred(t, "Nobody asked us,", kind="fragment")]
    _, full = sq.run_polnear(_polnear(tmp_path), "dev", _scripted(preds), out=lambda s: None)
    assert full.set_aside == {"fragment_predictions": 1, "gold_found_as_fragment": 1}
    assert (full.n_gold, full.n_pred) == (3, 0)
    assert (full.lenient.tp, full.lenient.fp, full.lenient.fn) == (0, 0, 3)


def test_empty_predictions_give_clean_zeros(tmp_path: Path) -> None:
    allq, _ = sq.run_polnear(_polnear(tmp_path), "dev", _scripted([]), out=lambda s: None)
    assert (allq.lenient.tp, allq.lenient.fp, allq.lenient.fn) == (0, 0, 4)
    assert allq.lenient.p == 0.0 and allq.lenient.f1 == 0.0 and allq.speaker_accuracy == 0.0


# --------------------------------------------------------------------------- span matching


def _gold(a: int, b: int, **kw) -> object:
    return sq.Gold(doc="d", start=a, end=b, **kw)


def test_lenient_match_needs_half_the_union_after_stripping_marks() -> None:
    text = 'He said "abcdefghij." Then "abcdefghij" again.'
    docs = {"d": sq.Doc(key="d", path=Path("d"), text=text)}
    a = text.index("abcdefghij")
    g = _gold(a, a + 11)  # "abcdefghij." -- the period is stripped for lenient matching
    # with the opening mark and without the period: same core, a lenient match, not a strict one
    p_marks = sq.Pred(doc="d", start=a - 1, end=a + 10)
    assert sq.match(docs, [g], [p_marks], strict=False) == [(0, 0)]
    assert sq.match(docs, [g], [p_marks], strict=True) == []
    # exactly half of the union overlaps: a match; just under half: none
    assert sq.match(docs, [g], [sq.Pred(doc="d", start=a, end=a + 5)], strict=False) == [(0, 0)]
    assert sq.match(docs, [g], [sq.Pred(doc="d", start=a, end=a + 4)], strict=False) == []
    # the same words elsewhere in the article match by normalised text, but a pred at the
    # gold's own place wins the one-to-one assignment
    b = text.index("abcdefghij", a + 1)
    elsewhere = sq.Pred(doc="d", start=b, end=b + 10)
    assert sq.match(docs, [g], [elsewhere], strict=False) == [(0, 0)]
    assert sq.match(docs, [g], [elsewhere, p_marks], strict=False) == [(0, 1)]


def test_quote_stretches_read_archive_marks_nesting_and_apostrophes() -> None:
    text = "''It's done,'' he said. \"She told me “go home” twice,\" Ann said. Russia's 'big' day"
    got = [text[a:b] for a, b in sq.quote_stretches(text, [(0, len(text))], len(text))]
    assert got == ["It's done,", "She told me “go home” twice,", "big"]


# --------------------------------------------------------------------------- speakers


def test_polnear_judge_rules() -> None:
    she = sq.SourceMention(pieces=[(50, 53)], text="she", antecedent="Sen. Mary Lopez")
    g = _gold(0, 10, sources=[she])
    # the same pronoun occurrence
    assert sq.polnear_judge(g, sq.Pred(doc="d", start=0, end=10, speaker="she", speaker_span=(50, 53))) == (True, "overlap")
    # resolved to the named antecedent
    assert sq.polnear_judge(g, sq.Pred(doc="d", start=0, end=10, speaker="Mary Lopez")) == (True, "antecedent")
    # a different person, or no speaker at all
    assert sq.polnear_judge(g, sq.Pred(doc="d", start=0, end=10, speaker="Tom Hale", speaker_span=(60, 63)))[0] is False
    assert sq.polnear_judge(g, sq.Pred(doc="d", start=0, end=10)) == (False, "none")
    # name inside a description-with-name mention, suffixes ignored
    named = _gold(0, 10, sources=[sq.SourceMention(pieces=[(80, 99)], text="former mayor Bo Grant")])
    assert sq.polnear_judge(named, sq.Pred(doc="d", start=0, end=10, speaker="Bo Grant Jr.")) == (True, "name")
    # the annotator tagged the cue verb as the Source: the mention right next to it counts
    slip = _gold(0, 10, sources=[sq.SourceMention(pieces=[(20, 24)], text="said")])
    assert sq.polnear_judge(slip, sq.Pred(doc="d", start=0, end=10, speaker="Al Hester",
                                          speaker_span=(25, 31))) == (True, "next-to-misplaced-source")
    assert sq.polnear_judge(slip, sq.Pred(doc="d", start=0, end=10, speaker="Al Hester",
                                          speaker_span=(40, 46)))[0] is False
    # a description without a proper name goes to its antecedent like a pronoun
    desc = sq.SourceMention(pieces=[(50, 63)], text="the president", antecedent="Mr. Obama")
    assert desc.is_unnamed and not sq.SourceMention(pieces=[], text="Mr. Obama").is_unnamed
    assert sq.polnear_judge(_gold(0, 10, sources=[desc]),
                            sq.Pred(doc="d", start=0, end=10, speaker="Barack Obama")) == (True, "antecedent")
    # no Source in the gold: right only when we name nobody either
    nosrc = _gold(0, 10)
    assert sq.polnear_judge(nosrc, sq.Pred(doc="d", start=0, end=10)) == (True, "no-source")
    assert sq.polnear_judge(nosrc, sq.Pred(doc="d", start=0, end=10, speaker="X Y"))[0] is False


def test_gold_judge_uses_aliases_and_accepted_alternatives() -> None:
    judge = sq.gold_judge({"Choe Son Hui": ["Choe"]})
    g = _gold(0, 5, speaker="Choe Son Hui", accept=["Agency"])
    assert judge(g, sq.Pred(doc="d", start=0, end=5, speaker="Choe Son-hui")) == (True, "canonical")
    assert judge(g, sq.Pred(doc="d", start=0, end=5, speaker="choe")) == (True, "canonical")
    assert judge(g, sq.Pred(doc="d", start=0, end=5, speaker="The Agency")) == (True, "accepted")
    assert judge(g, sq.Pred(doc="d", start=0, end=5, speaker="Someone Else"))[0] is False
    assert judge(g, sq.Pred(doc="d", start=0, end=5))[0] is False
    open_g = _gold(0, 5, speaker=None, accept=["Agency"])
    assert judge(open_g, sq.Pred(doc="d", start=0, end=5)) == (True, "null")


# --------------------------------------------------------------------------- our gold file format

ART = (
    'Minister Says "No Deal"\n\n'
    'Foreign Minister Lena Park said talks were "productive." '
    '"We will meet again in May," Park told reporters.\n\n'
    'Advertisement: "Best deals" today\n'
)


def _gold_setup(tmp_path: Path) -> tuple[Path, Path]:
    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "a1.txt").write_text(ART, encoding="utf-8")

    def entry(s: str, **kw) -> dict:
        a, b = _at(ART, s)
        return {"file": "a1.txt", "start": a, "end": b, "sha1": sq.short_sha1(s), **kw}

    ad = _at(ART, 'Advertisement: "Best deals" today')
    bad = entry("talks were", kind="fragment", speaker=None)
    bad["sha1"] = "0000000000"
    data = {
        "articles": {"a1.txt": {"sha1": sq.short_sha1(ART),
                                "boilerplate": [{"start": ad[0], "end": ad[1]}]}},
        "aliases": {"Lena Park": ["Park"]},
        "quotes": [
            entry("No Deal", kind="fragment", speaker="Lena Park", headline=True),
            entry("productive.", kind="fragment", speaker="Lena Park"),
            entry("We will meet again in May,", kind="full", speaker="Lena Park"),
            entry("Best deals", kind="fragment", speaker=None, boilerplate=True),
            bad,
        ],
    }
    gf = tmp_path / "gold.yml"
    gf.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return gf, arts


def _gold_preds() -> list:
    def p(s: str, **kw) -> object:
        a, b = _at(ART, s)
        return sq.Pred(doc="a1.txt", start=a, end=b, **kw)
    return [
        p("No Deal", kind="fragment"),                                  # right span, speaker missing
        p("productive", kind="fragment", speaker="Park"),               # alias
        p("We will meet again in May,", kind="full", speaker="Lena Park"),
        p("Best deals", kind="fragment"),                               # boilerplate, null is right
        p("talks were", kind="fragment", speaker="Lena Park"),          # false alarm
    ]


def test_gold_file_scores_and_views(tmp_path: Path) -> None:
    gf, arts = _gold_setup(tmp_path)
    lines: list[str] = []
    preds = _gold_preds()
    views = sq.run_gold(gf, arts, lambda docs: {"a1.txt": preds}, errors=True, out=lines.append)
    allq, full, body, body_full = views
    out = "\n".join(lines)
    assert "MISMATCH" in out and "quote #5" in out  # the entry with a wrong sha1 is reported, skipped
    assert allq.n_gold == 4 and allq.n_pred == 5
    assert (allq.lenient.tp, allq.lenient.fp, allq.lenient.fn) == (4, 1, 0)
    assert allq.lenient.f1 == pytest.approx(2 * 0.8 * 1.0 / 1.8)
    assert (allq.strict.tp, allq.strict.fp, allq.strict.fn) == (3, 2, 1)  # "productive" lacks the period
    assert allq.speaker_right == 3 and allq.speaker_accuracy == pytest.approx(0.75)
    assert (allq.lenient_speaker.tp, allq.lenient_speaker.fp, allq.lenient_speaker.fn) == (3, 2, 1)
    assert allq.lenient_speaker.f1 == pytest.approx(2 * 0.6 * 0.75 / 1.35)
    assert (full.lenient.tp, full.lenient.fp, full.lenient.fn) == (1, 0, 0)
    assert (body.n_gold, body.n_pred) == (3, 4)
    assert (body.lenient.tp, body.lenient.fp, body.lenient.fn) == (3, 1, 0)
    assert (body_full.n_gold, body_full.n_pred) == (1, 1)
    assert "kind (full/fragment) right on 4 of 4" in out


def test_changed_article_is_reported(tmp_path: Path) -> None:
    gf, arts = _gold_setup(tmp_path)
    (arts / "a1.txt").write_text(ART.replace("Lena", "Lina"), encoding="utf-8")
    loaded = sq.load_gold_file(gf, arts)
    assert any("differs from the annotated version" in p for p in loaded.problems)


def test_cli_scores_a_saved_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gf, arts = _gold_setup(tmp_path)
    quotes = [{"article_id": "a1", "start": p.start, "end": p.end, "kind": p.kind, "speaker": p.speaker}
              for p in _gold_preds()]
    pj = tmp_path / "quotes.json"
    pj.write_text(json.dumps(quotes), encoding="utf-8")
    outj = tmp_path / "scores.json"
    rc = sq.main(["gold", str(gf), str(arts), "--predictions", str(pj), "--json", str(outj)])
    assert rc == 0
    data = json.loads(outj.read_text(encoding="utf-8"))
    assert data[0]["view"] == "all quotes"
    assert data[0]["span_lenient"] == {"tp": 4, "fp": 1, "fn": 0, "precision": 0.8, "recall": 1.0, "f1": 0.8889}
    assert "span+speaker, lenient" in capsys.readouterr().out


def test_cli_missing_folder_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = sq.main(["gold", str(tmp_path / "nope.yml"), str(tmp_path), "--predictions", str(tmp_path / "x.json")])
    assert rc == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("score_quotes: ")


def test_offset_mapper_aligns_a_trimmed_text() -> None:
    dst = "HEADER LINE\nKim said “yes” today."
    src = dst[len("HEADER LINE\n"):]
    m = sq.offset_mapper(src, dst)
    a = src.index("yes")
    assert dst[m(a) : m(a + 3)] == "yes"


def test_real_pipeline_runs_and_counts_add_up(tmp_path: Path) -> None:
    """The scorer drives quotecheck's own pipeline; whatever it finds, the counts must add up."""
    gf, arts = _gold_setup(tmp_path)
    allq = sq.run_gold(gf, arts, sq.pipeline_predictor(), out=lambda s: None)[0]
    assert allq.lenient.tp + allq.lenient.fn == allq.n_gold == 4
    assert allq.lenient.tp + allq.lenient.fp == allq.n_pred
    assert 0 <= allq.speaker_right <= allq.lenient.tp


def test_a_relative_pronoun_source_takes_the_name_right_before_it(tmp_path: Path) -> None:
    # issue 15, round 5: "who" is the name before it, not the last Source annotated before it
    t = ("“We are ready,” said Mayor Bo Lee.\n\n"
         "Any decision involves Judge Ana Ruiz, who told the council: “It is not settled.”\n")
    lines = [f"T1\tContent {t.index('“We')} {t.index('”') + 1}\t“We are ready,”",
             f"T2\tSource {t.index('Mayor')} {t.index('Mayor') + 12}\tMayor Bo Lee",
             "E1\tAttribution:T2 Source:T2 Content:T1",
             f"T3\tContent {t.index('“It')} {len(t) - 1}\t“It is not settled.”",
             f"T4\tSource {t.index('who')} {t.index('who') + 3}\twho",
             "E2\tAttribution:T4 Source:T4 Content:T3"]
    root = tmp_path / "polnear"
    (root / "dev" / "text").mkdir(parents=True)
    (root / "dev" / "attributions").mkdir(parents=True)
    (root / "dev" / "text" / "doc1.txt").write_text(t, encoding="utf-8")
    (root / "dev" / "attributions" / "doc1_aaaa.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, golds, _ = sq.load_polnear(root, "dev")
    g = next(g for g in golds if t[g.start:g.end] == "It is not settled.")
    assert g.sources[0].antecedent == "Judge Ana Ruiz"
    assert sq.polnear_judge(g, sq.Pred(doc="doc1", start=0, end=1, speaker="Ana Ruiz")) == (True, "antecedent")
    assert sq.polnear_judge(g, sq.Pred(doc="doc1", start=0, end=1, speaker="Bo Lee")) == (False, "wrong")


def test_according_to_tagged_as_the_source_is_a_misplaced_source() -> None:
    src = sq.SourceMention(pieces=[(0, 12)], text="According to")
    assert src.is_misplaced
    g = sq.Gold(doc="d", start=30, end=40, sources=[src])
    assert sq.polnear_judge(g, sq.Pred(doc="d", start=30, end=40, speaker="Bo Lee",
                                       speaker_span=(13, 19))) == (True, "next-to-misplaced-source")
