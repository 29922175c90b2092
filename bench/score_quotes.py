#!/usr/bin/env python
"""Accuracy of quote spans and speakers against hand-made annotations.

Two gold sources:

* ``polnear DIR [--split dev]`` -- the PolNeAR corpus (BRAT standoff files,
  attributions annotated by hand by people who are not us);
* ``gold GOLDFILE ARTICLES_DIR`` -- our own YAML gold file (offsets plus a
  short SHA-1 of each quoted stretch; the article text is never stored).

Both run quotecheck's real pipeline (``read_paths`` -> ``extract_all`` ->
``build_report``) over the articles, or score a saved JSON report
(``--predictions``), and print precision / recall / F1 for quote spans and for
span+speaker, plus speaker accuracy over correctly found quotes.  Every rule
used here (what counts as a match, when a speaker is right) is written down in
docs/scoring.md; keep the two in step.

Run by hand (bench/ is not part of the test suite's timing budget)::

    python bench/score_quotes.py polnear ../shared/corpora/polnear --split dev --errors
    python bench/score_quotes.py gold bench/gold/wirecopy.yml ../shared/wirecopy/kim-lavrov-2025-07
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

# --------------------------------------------------------------------------- quote marks

#: Characters stripped from both ends of a span before lenient comparison.
QUOTE_CHARS = "\"'“”‘’«»„‚‹›「」『』`"
#: Trailing punctuation that may sit inside or outside the marks depending on house style.
TRAILING_PUNCT = ".,;:!?…-–—"
DOUBLE_OPEN = "\"“”„«»"
DOUBLE_CLOSE = "\"”“»«"
SINGLE_OPEN = "'‘’‚‹"
SINGLE_CLOSE = "'’›"

PRONOUNS = frozenset(
    ["he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "who", "whom", "which", "this", "that", "these", "those", "one"]
)
DETERMINERS = frozenset(["the", "a", "an", "this", "that", "his", "her", "its", "their", "our", "one"])
#: Cue verbs that PolNeAR annotators occasionally tagged as the Source itself.
CUE_WORDS = frozenset(["said", "says", "say", "told", "tells", "added", "adds", "wrote", "writes",
                       "according to"])  # round 5: "According to Woodward" with the cue tagged
#: A relative pronoun's antecedent is the name right before it ("Loretta E. Lynch, who told …"),
#: not the last Source annotated before it (round 5)
RELATIVE = frozenset(["who", "whom", "which", "that"])
_NAME_BEFORE = re.compile(r"((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*)[^\w\n]{0,3}$")
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def opener_at(text: str, i: int) -> int:
    """Length of the quote-opening mark at ``i`` (0 if none).

    Doubled apostrophes and backticks (`''`, ````) are archive/NYT-style
    double marks; a single ``'``/``‘``/``’`` opens only before a word and
    after a non-word character, so ``Russia's`` and ``couldn’t`` never open.
    """
    two = text[i : i + 2]
    prev = text[i - 1] if i > 0 else " "
    if two in ("''", "``") and not prev.isalnum():
        return 2
    ch = text[i] if i < len(text) else ""
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in DOUBLE_OPEN:
        if ch in "\"”»" and (prev.isalnum() or nxt.isspace()):
            return 0  # a closing mark, not an opening one
        return 1
    if ch in SINGLE_OPEN and not prev.isalnum() and (nxt.isalnum() or nxt in QUOTE_CHARS):
        return 1
    return 0


def _find_close(text: str, start: int, limit: int, single: bool) -> tuple[int, int] | None:
    """Position and length of the mark closing a quote whose words begin at ``start``.

    Double marks nest: a mark after whitespace and before a word opens an
    inner quote, except right after a line break, where a repeated opening
    mark continues a multi-paragraph quote.  Any other double mark closes
    (house styles mix ``"`` and ``”``).
    """
    depth = 0
    j = start
    while j < limit:
        ch = text[j]
        prev = text[j - 1] if j > 0 else " "
        if single:
            nxt = text[j + 1] if j + 1 < len(text) else " "
            if ch in SINGLE_CLOSE and not prev.isspace() and not nxt.isalnum():
                return j, 1
            j += 1
            continue
        n = 2 if text[j : j + 2] in ("''", "``") else (1 if ch in DOUBLE_OPEN else 0)
        if not n:
            j += 1
            continue
        nxt = text[j + n] if j + n < len(text) else " "
        if prev.isspace() and not nxt.isspace():
            if prev != "\n":
                depth += 1
        elif depth == 0:
            return j, n
        else:
            depth -= 1
        j += n
    return None


def quote_stretches(text: str, ranges: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    """Every quoted stretch (words inside the marks) opening inside ``ranges``.

    A stretch whose closing mark is missing before ``limit`` ends at the end
    of the range it opened in (trailing whitespace trimmed).
    """
    out: list[tuple[int, int]] = []
    for lo, hi in ranges:
        i = lo
        while i < hi:
            n = opener_at(text, i)
            if not n:
                i += 1
                continue
            single = n == 1 and text[i] in SINGLE_OPEN
            found = _find_close(text, i + n, limit, single)
            if found is None:
                end = hi
                while end > i + n and text[end - 1].isspace():
                    end -= 1
                nxt = hi
            else:
                end, clen = found
                nxt = end + clen
            if end > i + n:
                out.append((i + n, end))
            i = max(nxt, i + n)
    return out


# --------------------------------------------------------------------------- data


@dataclass
class SourceMention:
    """A gold speaker mention (PolNeAR Source) and, for a pronoun, its nearest named antecedent."""

    pieces: list[tuple[int, int]]
    text: str
    antecedent: str | None = None

    @property
    def is_pronoun(self) -> bool:
        return self.text.strip().lower() in PRONOUNS

    @property
    def is_unnamed(self) -> bool:
        """A pronoun or a description with no proper name in it ("the president")."""
        words = re.findall(r"[^\W\d_][\w'’.-]*", self.text)
        if not words or self.is_pronoun:
            return True
        if words[0].lower() in DETERMINERS:
            words = words[1:]
        return not any(w[0].isupper() for w in words)

    @property
    def is_misplaced(self) -> bool:
        """The annotator tagged the cue verb as the Source ("said"): an annotation slip."""
        return self.text.strip(" .,:;").lower() in CUE_WORDS


@dataclass
class Gold:
    doc: str
    start: int
    end: int
    kind: str | None = None  # full | fragment | None (PolNeAR does not say)
    speaker: str | None = None
    accept: list[str | None] = field(default_factory=list)
    channel: str | None = None
    boilerplate: bool = False
    headline: bool = False
    sources: list[SourceMention] = field(default_factory=list)  # PolNeAR only
    note: str = ""


@dataclass
class Pred:
    doc: str
    start: int
    end: int
    kind: str = "full"
    speaker: str | None = None
    speaker_span: tuple[int, int] | None = None
    speaker_mention: str | None = None
    cue: str | None = None
    channel: str | None = None
    pattern: str | None = None


@dataclass
class Doc:
    key: str
    path: Path
    text: str
    # PolNeAR: Content spans that are NOT direct quotes (to explain false alarms)
    indirect: list[tuple[int, int]] = field(default_factory=list)
    boilerplate: list[tuple[int, int]] = field(default_factory=list)


def short_sha1(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:10]


def read_text(path: Path) -> str:
    """The article text that gold offsets index.

    A plain file: its text exactly as Python reads it.  A ``.json`` article
    (one object, as in ../shared/wirecopy): the value of its ``text`` field,
    verbatim.  quotecheck builds its own text from that field (title first,
    whitespace inside lines collapsed: ``ingest.base.assemble_text``), and
    ``offset_mapper`` aligns the two, so the gold does not depend on ingest.
    """
    with open(path, encoding="utf-8") as fh:
        raw = fh.read()
    if path.suffix.lower() == ".json":
        obj = json.loads(raw)
        if isinstance(obj, dict) and isinstance(obj.get("text"), str):
            return obj["text"]
    return raw


# --------------------------------------------------------------------------- PolNeAR


def parse_ann(path: Path) -> tuple[dict[str, tuple[str, list[tuple[int, int]], str]], list[dict[str, str]]]:
    """BRAT standoff: text-bound ``T`` lines and ``E`` attribution events."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            typ, _, offs = parts[1].partition(" ")
            pieces = [tuple(map(int, p.split())) for p in offs.split(";")]
            spans[parts[0]] = (typ, [(a, b) for a, b in pieces], parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(x.split(":", 1) for x in parts[1].split() if ":" in x))
    return spans, events


def is_direct(text: str, pieces: list[tuple[int, int]]) -> bool:
    """A Content is a direct quote when one of its pieces begins with a quote mark."""
    for a, b in pieces:
        s = a
        while s < b and text[s].isspace():
            s += 1
        if s < b and opener_at(text, s):
            return True
    return False


def merge_pieces(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join pieces separated only by whitespace (PolNeAR splits some quotes mid-sentence)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(pieces):
        if out and not text[out[-1][1] : a].strip():
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def load_polnear_doc(txt: Path, ann: Path) -> tuple[Doc, list[Gold]]:
    """Gold direct quotes of one article: the quoted stretches inside direct-quote Contents."""
    text = read_text(txt)
    spans, events = parse_ann(ann)
    sources_of: dict[str, list[str]] = defaultdict(list)
    for ev in events:
        # an attribution may hold a second Content ("Content2": “A,” he said. “B.”): its source
        # is the source of both, so "B." is not scored as a quote that has none
        contents = [v for k, v in ev.items() if re.fullmatch(r"Content\d*", k)]
        if "Source" in ev and ev["Source"] in spans:
            for c in contents:
                sources_of[c].append(ev["Source"])
    # nearest preceding named Source for each pronoun Source (PolNeAR has no coreference)
    src_ids = sorted((tid for tid, (typ, _, _) in spans.items() if typ == "Source"),
                     key=lambda t: spans[t][1][0])
    antecedent: dict[str, str | None] = {}
    last_named: str | None = None
    for tid in src_ids:
        mention = SourceMention(pieces=spans[tid][1], text=spans[tid][2])
        if mention.is_misplaced:
            continue
        rel = _NAME_BEFORE.search(text, max(0, mention.pieces[0][0] - 60), mention.pieces[0][0]) \
            if mention.text.strip().lower() in RELATIVE else None
        if rel is not None:
            antecedent[tid] = rel.group(1)
        elif mention.is_unnamed:
            antecedent[tid] = last_named
        else:
            last_named = mention.text
    doc = Doc(key=txt.stem, path=txt, text=text)
    golds: list[Gold] = []
    for tid, (typ, pieces, _ctext) in sorted(spans.items(), key=lambda kv: kv[1][1][0]):
        if typ != "Content":
            continue
        if not is_direct(text, pieces):
            doc.indirect.append((pieces[0][0], pieces[-1][1]))
            continue
        limit = max(b for _, b in pieces)
        srcs = [SourceMention(pieces=spans[s][1], text=spans[s][2], antecedent=antecedent.get(s))
                for s in sources_of.get(tid, [])]
        for a, b in quote_stretches(text, merge_pieces(text, pieces), limit):
            golds.append(Gold(doc=doc.key, start=a, end=b, sources=srcs,
                              speaker=srcs[0].text if srcs else None))
    # the same stretch can sit in two overlapping Contents: keep it once
    seen: set[tuple[int, int]] = set()
    unique = []
    for g in golds:
        if (g.start, g.end) not in seen:
            seen.add((g.start, g.end))
            unique.append(g)
    return doc, unique


def load_polnear(root: Path, split: str) -> tuple[list[Doc], list[Gold], list[str]]:
    """Every article of a split; where two annotators exist, the first .ann in sorted order."""
    text_dir, ann_dir = root / split / "text", root / split / "attributions"
    problems: list[str] = []
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise SystemExit(f"score_quotes: {root / split}: expected text/ and attributions/ folders")
    anns: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted(ann_dir.glob("*.ann")):
        anns[ann.stem.rsplit("_", 1)[0]].append(ann)
    docs, golds = [], []
    for txt in sorted(text_dir.glob("*.txt")):
        if txt.stem not in anns:
            problems.append(f"{txt}: no .ann file, skipped")
            continue
        doc, g = load_polnear_doc(txt, anns[txt.stem][0])
        docs.append(doc)
        golds.extend(g)
    return docs, golds, problems


# --------------------------------------------------------------------------- our gold file


@dataclass
class GoldFile:
    golds: list[Gold]
    docs: list[Doc]
    aliases: dict[str, list[str]]
    problems: list[str]


def load_gold_file(goldfile: Path, articles_dir: Path) -> GoldFile:
    """Read the YAML (or JSON) gold file and check every entry against the articles.

    An entry whose offsets do not give text with the stored SHA-1 is reported
    and left out (the article changed, or the entry is wrong).
    """
    import yaml

    raw = goldfile.read_text(encoding="utf-8")
    data = json.loads(raw) if goldfile.suffix == ".json" else yaml.safe_load(raw)
    problems: list[str] = []
    docs: dict[str, Doc] = {}
    for name, meta in (data.get("articles") or {}).items():
        path = articles_dir / name
        if not path.is_file():
            problems.append(f"{path}: article listed in the gold file is missing")
            continue
        text = read_text(path)
        meta = meta or {}
        if meta.get("sha1") and short_sha1(text) != meta["sha1"]:
            problems.append(f"{path}: article text differs from the annotated version (sha1)")
        doc = Doc(key=name, path=path, text=text)
        for reg in meta.get("boilerplate") or []:
            a, b = int(reg["start"]), int(reg["end"])
            if reg.get("sha1") and short_sha1(text[a:b]) != reg["sha1"]:
                problems.append(f"{path}: boilerplate region {a}-{b} does not match its sha1")
            doc.boilerplate.append((a, b))
        docs[name] = doc
    golds: list[Gold] = []
    for n, q in enumerate(data.get("quotes") or [], 1):
        name = q.get("file")
        where = f"{goldfile}: quote #{n} ({name} {q.get('start')}-{q.get('end')})"
        if name not in docs:
            problems.append(f"{where}: unknown or missing article")
            continue
        text = docs[name].text
        a, b = int(q["start"]), int(q["end"])
        if not (0 <= a < b <= len(text)) or short_sha1(text[a:b]) != q.get("sha1"):
            problems.append(f"{where}: offsets do not match the stored sha1; entry skipped")
            continue
        kind = q.get("kind")
        if kind not in ("full", "fragment"):
            problems.append(f"{where}: kind must be full or fragment")
            continue
        golds.append(Gold(doc=name, start=a, end=b, kind=kind, speaker=q.get("speaker"),
                          accept=list(q.get("accept") or []), channel=q.get("channel"),
                          boilerplate=bool(q.get("boilerplate", False)),
                          headline=bool(q.get("headline", False)), note=q.get("note", "")))
    aliases = {k: list(v or []) for k, v in (data.get("aliases") or {}).items()}
    return GoldFile(golds=golds, docs=list(docs.values()), aliases=aliases, problems=problems)


# --------------------------------------------------------------------------- predictions

Predictor = Callable[[list[Doc]], dict[str, list[Pred]]]


def offset_mapper(src: str, dst: str) -> Callable[[int], int]:
    """Map offsets in ``src`` (the text the pipeline saw) to ``dst`` (the file as read).

    Identity when the texts are equal; otherwise aligned with difflib, so a
    reader that normalises or trims text still gets scored fairly.
    """
    if src == dst:
        return lambda i: i
    blocks = difflib.SequenceMatcher(None, src, dst, autojunk=False).get_matching_blocks()

    def f(i: int) -> int:
        for a, b, size in blocks:
            if a <= i <= a + size:
                return b + (i - a)
            if a > i:
                return b
        return len(dst)

    return f


def preds_from_quotes(quotes: Iterable[object], docs_by_id: dict[str, Doc],
                      texts_by_id: dict[str, str]) -> dict[str, list[Pred]]:
    """Turn quotecheck ``Quote`` objects (or their JSON dicts) into ``Pred``s keyed by doc."""
    out: dict[str, list[Pred]] = defaultdict(list)
    mappers: dict[str, Callable[[int], int]] = {}
    for q in quotes:
        d = q if isinstance(q, dict) else q.model_dump(mode="json")  # type: ignore[attr-defined]
        doc = docs_by_id.get(d["article_id"])
        if doc is None:
            continue
        if doc.key not in mappers:
            mappers[doc.key] = offset_mapper(texts_by_id.get(d["article_id"], doc.text), doc.text)
        m = mappers[doc.key]
        sp = d.get("speaker_span")
        if m(d["start"]) >= m(d["end"]):
            continue  # lies only in text the pipeline added (a JSON title put before the body)
        out[doc.key].append(Pred(
            doc=doc.key, start=m(d["start"]), end=m(d["end"]), kind=d.get("kind") or "full",
            speaker=d.get("speaker"), speaker_span=(m(sp["start"]), m(sp["end"])) if sp else None,
            speaker_mention=d.get("speaker_mention"), cue=d.get("cue"), channel=d.get("channel"),
            pattern=d.get("pattern")))
    return out


def pipeline_predictor(rule_dirs: list[str] | None = None, jobs: int = 1,
                       log: Callable[[str], None] = print) -> Predictor:
    """Run quotecheck itself: ``read_paths`` -> ``extract_all`` -> ``build_report``."""

    def predict(docs: list[Doc]) -> dict[str, list[Pred]]:
        from quotecheck import attribution
        from quotecheck.engine.local import extract_all
        from quotecheck.ingest import read_paths
        from quotecheck.pipeline import build_report
        from quotecheck.rules import load_rules

        rules = load_rules(rule_dirs or [])
        by_path = {str(d.path): d for d in docs}
        articles, errors = read_paths(list(by_path))
        for e in errors:
            log(f"  input error: {e.path}: {e.reason}")
        extractions = extract_all(articles, rules, jobs=jobs)
        try:
            quotes = build_report(articles, extractions, errors, rules).quotes
        except Exception as exc:  # a half-built later stage must not stop the measurement
            log(f"  build_report failed ({type(exc).__name__}: {exc}); "
                "scoring per-article quotes with resolve_entities only")
            quotes, _ = attribution.resolve_entities([q for ex in extractions for q in ex.quotes], rules)
        docs_by_id = {a.id: by_path[a.path] for a in articles if a.path in by_path}
        texts = {a.id: a.text for a in articles}
        changed = [a.path for a in articles if a.text != by_path[a.path].text] if by_path else []
        if changed:
            log(f"  note: {len(changed)} article text(s) differ from the file as read; offsets aligned with difflib")
        return preds_from_quotes(quotes, docs_by_id, texts)

    return predict


def json_predictor(report_path: Path) -> Predictor:
    """Score a saved ``quotecheck check --format json`` (or ``quotes --format json``) output."""

    def predict(docs: list[Doc]) -> dict[str, list[Pred]]:
        data = json.loads(report_path.read_text(encoding="utf-8"))
        quotes = data["quotes"] if isinstance(data, dict) else data
        by_name = {d.path.name: d for d in docs} | {d.path.stem: d for d in docs}
        ids: dict[str, Doc] = {}
        texts: dict[str, str] = {}
        if isinstance(data, dict):
            for a in data.get("articles", []):
                doc = by_name.get(Path(a["path"]).name)
                if doc:
                    ids[a["id"]] = doc
                    texts[a["id"]] = a.get("text", doc.text)
        for q in quotes:
            aid = q["article_id"]
            if aid not in ids and aid in by_name:
                ids[aid] = by_name[aid]
        return preds_from_quotes(quotes, ids, texts)

    return predict


# --------------------------------------------------------------------------- matching


def core(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without quote marks, whitespace and trailing punctuation at its ends."""
    s, e = start, end
    while True:
        before = (s, e)
        while s < e and (text[s].isspace() or text[s] in QUOTE_CHARS):
            s += 1
        while s < e and (text[e - 1].isspace() or text[e - 1] in QUOTE_CHARS + TRAILING_PUNCT):
            e -= 1
        if (s, e) == before:
            break
    return (s, e) if s < e else (start, end)


def norm_text(s: str) -> str:
    """Case-folded, apostrophe- and whitespace-normalised text for equality tests."""
    s = s.replace("’", "'").replace("‘", "'").casefold()
    return " ".join(s.split())


def lenient_score(text: str, g: Gold, p: Pred) -> float:
    """Overlap of the cores divided by their union; 0.01 for equal text that does not overlap.

    A match needs a score >= 0.5 (overlap) or the text-equality fallback.
    """
    gs, ge = core(text, g.start, g.end)
    ps, pe = core(text, p.start, p.end)
    inter = min(ge, pe) - max(gs, ps)
    union = max(ge, pe) - min(gs, ps)
    ratio = inter / union if inter > 0 and union > 0 else 0.0
    if ratio >= 0.5:
        return ratio
    if norm_text(text[gs:ge]) == norm_text(text[ps:pe]):
        return 0.01 if ratio == 0 else max(ratio, 0.01)
    return 0.0


def match(docs: dict[str, Doc], golds: list[Gold], preds: list[Pred], strict: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index), best-scoring first.

    Strict: identical start and end.  Lenient: see ``lenient_score``.
    """
    by_doc: dict[str, list[int]] = defaultdict(list)
    for j, p in enumerate(preds):
        by_doc[p.doc].append(j)
    cands: list[tuple[float, int, int]] = []
    for i, g in enumerate(golds):
        for j in by_doc.get(g.doc, []):
            p = preds[j]
            if strict:
                sc = 1.0 if (p.start, p.end) == (g.start, g.end) else 0.0
            else:
                sc = lenient_score(docs[g.doc].text, g, p)
            if sc > 0:
                cands.append((sc, i, j))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return sorted(pairs)


# --------------------------------------------------------------------------- speakers

Judge = Callable[[Gold, Pred], tuple[bool, str]]


def norm_name(s: str) -> str:
    """``Choe Son-hui`` == ``choe son hui``; a leading "the" is dropped."""
    s = re.sub(r"[^\w]+", " ", s.replace("’", "'").replace("'", "").casefold()).strip()
    return re.sub(r"^the ", "", s)


def last_name(name: str) -> str | None:
    toks = [t for t in re.split(r"[^\w'-]+", name) if t]
    while toks and toks[-1].lower().strip(".") in NAME_SUFFIXES:
        toks.pop()
    return toks[-1] if toks else None


def _overlaps(a: tuple[int, int], pieces: list[tuple[int, int]]) -> bool:
    return any(min(a[1], e) > max(a[0], s) for s, e in pieces)


def _adjacent(a: tuple[int, int], pieces: list[tuple[int, int]], gap: int = 2) -> bool:
    """``a`` starts or ends within ``gap`` characters of a piece ("said Hester")."""
    return any(0 <= a[0] - e <= gap or 0 <= s - a[1] <= gap for s, e in pieces)


def _word_in(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


def polnear_judge(g: Gold, p: Pred) -> tuple[bool, str]:
    """Is the predicted speaker the PolNeAR Source of this quote?  (docs/scoring.md)

    1. no gold Source: right only if we name no speaker either;
    2. our speaker_span overlaps the gold Source mention ("overlap");
    3. the gold Source is only a cue verb ("said", an annotation slip) and our
       speaker_span sits right next to it ("next-to-misplaced-source");
    4. the last word of our canonical speaker name occurs in the gold Source
       mention ("name");
    5. the gold Source is a pronoun or a description without a proper name
       ("the president") and that name occurs in the nearest named Source
       annotated before it ("antecedent") -- PolNeAR has no coreference.
    """
    if not g.sources:
        return (p.speaker is None, "no-source")
    if p.speaker is None and p.speaker_span is None:
        return (False, "none")
    for s in g.sources:
        if p.speaker_span and _overlaps(p.speaker_span, s.pieces):
            return (True, "overlap")
    for s in g.sources:
        if s.is_misplaced and p.speaker_span and _adjacent(p.speaker_span, s.pieces):
            return (True, "next-to-misplaced-source")
    ln = last_name(p.speaker) if p.speaker else None
    if ln and len(ln) > 1:
        for s in g.sources:
            if _word_in(ln, s.text):
                return (True, "name")
        for s in g.sources:
            if s.is_unnamed and s.antecedent and _word_in(ln, s.antecedent):
                return (True, "antecedent")
    return (False, "wrong")


def gold_judge(aliases: dict[str, list[str]]) -> Judge:
    """Speaker right if the canonical name (or a listed alias / accepted alternative) matches.

    ``accept`` may hold ``null``: then naming no speaker is right too.
    """
    norm_alias: dict[str, set[str]] = {}
    for canon, vs in aliases.items():
        norm_alias[norm_name(canon)] = {norm_name(canon), *(norm_name(v) for v in vs)}

    def names_for(n: str) -> set[str]:
        return norm_alias.get(norm_name(n), {norm_name(n)})

    def judge(g: Gold, p: Pred) -> tuple[bool, str]:
        wanted = [g.speaker, *g.accept]
        if p.speaker is None:
            return (None in wanted, "null")
        got = norm_name(p.speaker)
        for i, w in enumerate(wanted):
            if w is not None and got in names_for(w):
                return (True, "canonical" if i == 0 else "accepted")
        return (False, "wrong")

    return judge


# --------------------------------------------------------------------------- metrics


@dataclass
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.p, 4), "recall": round(self.r, 4), "f1": round(self.f1, 4)}


@dataclass
class ViewResult:
    name: str
    n_gold: int
    n_pred: int
    strict: Score
    lenient: Score
    strict_speaker: Score
    lenient_speaker: Score
    speaker_right: int
    speaker_how: dict[str, int]
    set_aside: dict[str, int] = field(default_factory=dict)
    golds: list[Gold] = field(default_factory=list)
    preds: list[Pred] = field(default_factory=list)
    pairs: list[tuple[int, int]] = field(default_factory=list)
    verdicts: dict[int, tuple[bool, str]] = field(default_factory=dict)

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.lenient.tp if self.lenient.tp else 0.0

    @property
    def wrong_named(self) -> int:
        """Found quotes given a name that is not the speaker's: the harmful error."""
        return sum(1 for i, j in self.pairs if not self.verdicts[i][0] and self.preds[j].speaker is not None)

    @property
    def missing_speaker(self) -> int:
        """Found quotes left without a speaker where the gold has one: the safe error."""
        return sum(1 for i, j in self.pairs if not self.verdicts[i][0] and self.preds[j].speaker is None)

    def as_dict(self) -> dict[str, object]:
        return {
            "view": self.name, "gold": self.n_gold, "predicted": self.n_pred,
            "span_strict": self.strict.as_dict(), "span_lenient": self.lenient.as_dict(),
            "span_speaker_strict": self.strict_speaker.as_dict(),
            "span_speaker_lenient": self.lenient_speaker.as_dict(),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "speaker_right": self.speaker_right, "speaker_how": dict(self.speaker_how),
            "wrong_named_speaker": self.wrong_named, "missing_speaker": self.missing_speaker,
            "set_aside": dict(self.set_aside),
        }


def score_view(name: str, docs: dict[str, Doc], golds: list[Gold], preds: list[Pred],
               judge: Judge, set_aside: dict[str, int] | None = None) -> ViewResult:
    """Strict and lenient span scores, span+speaker scores and speaker accuracy for one view."""
    res = {}
    for strict in (True, False):
        pairs = match(docs, golds, preds, strict)
        verdicts = {i: judge(golds[i], preds[j]) for i, j in pairs}
        right = sum(ok for ok, _ in verdicts.values())
        span = Score(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs))
        spk = Score(right, len(preds) - right, len(golds) - right)
        res[strict] = (pairs, verdicts, span, spk, right)
    pairs, verdicts, span, spk, right = res[False]
    how: dict[str, int] = defaultdict(int)
    for ok, why in verdicts.values():
        how[("right:" if ok else "wrong:") + why] += 1
    return ViewResult(name=name, n_gold=len(golds), n_pred=len(preds), strict=res[True][2],
                      lenient=span, strict_speaker=res[True][3], lenient_speaker=spk,
                      speaker_right=right, speaker_how=dict(sorted(how.items())),
                      set_aside=set_aside or {}, golds=golds, preds=preds, pairs=pairs,
                      verdicts=verdicts)


def full_view_set_aside(docs: dict[str, Doc], golds: list[Gold], preds: list[Pred],
                        judge: Judge, name: str = "full quotes only") -> ViewResult:
    """Score only what we call full quotes, for gold that does not say full or fragment.

    Our ``fragment`` predictions are left out, and so is every gold quote that
    one of them matches (found, but classed as a fragment): neither counts as
    a hit, a miss or a false alarm.  Everything else is scored as usual.
    """
    pairs = match(docs, golds, preds, strict=False)
    drop_gold = {i for i, j in pairs if preds[j].kind == "fragment"}
    keep_p = [p for p in preds if p.kind != "fragment"]
    keep_g = [g for i, g in enumerate(golds) if i not in drop_gold]
    aside = {"fragment_predictions": len(preds) - len(keep_p), "gold_found_as_fragment": len(drop_gold)}
    return score_view(name, docs, keep_g, keep_p, judge, aside)


def channel_right(gold: str, pred: str | None, aliases: dict[str, list[str]]) -> bool:
    """The gold channel (or an alias) appears as whole words in the predicted channel mention.

    Channels are secondary and often kept as written ("the North's Korean
    Central News Agency (KCNA)"), so containment is enough here.
    """
    if not pred:
        return False
    got = f" {norm_name(pred)} "
    return any(f" {norm_name(n)} " in got for n in [gold, *aliases.get(gold, [])] if norm_name(n))


def in_regions(p: Pred, regions: list[tuple[int, int]]) -> bool:
    return any(a <= p.start < b for a, b in regions)


# --------------------------------------------------------------------------- reports


def fmt_score(s: Score) -> str:
    return f"P {s.p:.3f}  R {s.r:.3f}  F1 {s.f1:.3f}   (tp {s.tp}, fp {s.fp}, fn {s.fn})"


def print_view(v: ViewResult, out: Callable[[str], None] = print) -> None:
    out(f"== {v.name}: {v.n_gold} gold quotes, {v.n_pred} predicted")
    if v.set_aside:
        out("   set aside: " + ", ".join(f"{k} {n}" for k, n in v.set_aside.items()))
    out(f"   span, lenient          {fmt_score(v.lenient)}")
    out(f"   span, strict (exact)   {fmt_score(v.strict)}")
    out(f"   span+speaker, lenient  {fmt_score(v.lenient_speaker)}")
    out(f"   span+speaker, strict   {fmt_score(v.strict_speaker)}")
    out(f"   speaker accuracy       {v.speaker_accuracy:.3f}   ({v.speaker_right} of {v.lenient.tp} found quotes)"
        + ("   " + ", ".join(f"{k} {n}" for k, n in v.speaker_how.items()) if v.speaker_how else ""))
    share = v.wrong_named / v.lenient.tp if v.lenient.tp else 0.0
    out(f"   wrong named speaker    {v.wrong_named}   ({share:.1%} of found quotes)   "
        f"missing speaker {v.missing_speaker}")


def context(text: str, start: int, end: int, width: int = 60) -> str:
    """The span in brackets with some text either side, on one line."""
    s = text[max(0, start - width) : start] + "[[" + text[start:end] + "]]" + text[end : end + width]
    s = " ".join(s.split())
    return s if len(s) < 400 else s[:200] + " … " + s[-190:]


def print_errors(v: ViewResult, docs: dict[str, Doc], out: Callable[[str], None] = print) -> None:
    """Misses, false alarms and wrong speakers, with context (for tuning rules)."""
    print_misses(v, docs, out)
    print_speaker_errors(v, docs, out)


def print_misses(v: ViewResult, docs: dict[str, Doc], out: Callable[[str], None] = print) -> None:
    """Gold quotes not found and predicted quotes not in the gold."""
    matched_g = {i for i, _ in v.pairs}
    matched_p = {j for _, j in v.pairs}
    out(f"-- misses ({v.name}): gold quotes not found")
    for i, g in enumerate(v.golds):
        if i not in matched_g:
            who = g.speaker if g.speaker is not None else "(no speaker)"
            out(f"  MISS {g.doc} {g.start}-{g.end} [{g.kind or '?'}] by {who}: {context(docs[g.doc].text, g.start, g.end)}")
    out(f"-- false alarms ({v.name}): predicted quotes not in the gold")
    for j, p in enumerate(v.preds):
        if j not in matched_p:
            doc = docs[p.doc]
            tag = " (inside an indirect PolNeAR Content)" if any(a <= p.start < b for a, b in doc.indirect) else ""
            out(f"  FALSE {p.doc} {p.start}-{p.end} [{p.kind}] speaker={p.speaker!r}{tag}: "
                f"{context(doc.text, p.start, p.end)}")


def print_speaker_errors(v: ViewResult, docs: dict[str, Doc], out: Callable[[str], None] = print) -> None:
    """Found quotes whose speaker is judged wrong, with the rule that named it."""
    out(f"-- wrong speakers ({v.name}): quote found, speaker judged wrong")
    for i, j in v.pairs:
        ok, why = v.verdicts[i]
        if ok:
            continue
        g, p = v.golds[i], v.preds[j]
        gold_who = (" | ".join(s.text + (f" (antecedent: {s.antecedent})" if s.antecedent else "")
                               for s in g.sources) if g.sources else repr(g.speaker))
        if g.accept:
            gold_who += f" (also accepted: {g.accept})"
        out(f"  SPEAKER {g.doc} {g.start}-{g.end}: gold {gold_who} / predicted {p.speaker!r} "
            f"(mention {p.speaker_mention!r}, cue {p.cue!r}, rule {p.pattern}) [{why}]: "
            f"{context(docs[g.doc].text, g.start, g.end, 40)}")


# --------------------------------------------------------------------------- the two commands


def run_polnear(root: Path, split: str, predict: Predictor, *, errors: bool = False,
                out: Callable[[str], None] = print) -> list[ViewResult]:
    """Score PolNeAR direct quotes; returns the views ("all quotes", "full quotes only")."""
    docs_list, golds, problems = load_polnear(root, split)
    for pr in problems:
        out(f"  {pr}")
    docs = {d.key: d for d in docs_list}
    out(f"PolNeAR {split}: {len(docs)} articles, {len(golds)} gold direct-quote stretches")
    if split == "test":
        out("  (test split: report these numbers; do not tune rules on its errors)")
    by_doc = predict(docs_list)
    preds = [p for d in docs_list for p in by_doc.get(d.key, [])]
    views = [score_view("all quotes", docs, golds, preds, polnear_judge),
             full_view_set_aside(docs, golds, preds, polnear_judge)]
    inside = sum(1 for p in preds if any(a <= p.start < b for a, b in docs[p.doc].indirect))
    matched_p = {j for _, j in views[0].pairs}
    fp_inside = sum(1 for j, p in enumerate(preds) if j not in matched_p
                    and any(a <= p.start < b for a, b in docs[p.doc].indirect))
    for v in views:
        print_view(v, out)
    out(f"   false alarms inside a PolNeAR indirect/partial Content (all quotes): {fp_inside}"
        f" (of {inside} predictions there)")
    if errors:
        print_errors(views[0], docs, out)
        # the targets are on full quotes: their speaker errors apart, so they can be classified
        print_speaker_errors(views[1], docs, out)
    return views


def run_gold(goldfile: Path, articles_dir: Path, predict: Predictor, *, errors: bool = False,
             out: Callable[[str], None] = print) -> list[ViewResult]:
    """Score our own gold file; views with and without boilerplate, all and full quotes."""
    gf = load_gold_file(goldfile, articles_dir)
    for pr in gf.problems:
        out(f"  MISMATCH {pr}")
    docs = {d.key: d for d in gf.docs}
    out(f"gold {goldfile.name}: {len(docs)} articles, {len(gf.golds)} gold quotes "
        f"({sum(g.boilerplate for g in gf.golds)} in boilerplate), {len(gf.problems)} problem(s)")
    by_doc = predict(gf.docs)
    preds = [p for d in gf.docs for p in by_doc.get(d.key, [])]
    judge = gold_judge(gf.aliases)
    body_g = [g for g in gf.golds if not g.boilerplate]
    body_p = [p for p in preds if not in_regions(p, docs[p.doc].boilerplate)]
    views = [
        score_view("all quotes", docs, gf.golds, preds, judge),
        score_view("full quotes only", docs, [g for g in gf.golds if g.kind == "full"],
                   [p for p in preds if p.kind == "full"], judge),
        score_view("all quotes, boilerplate excluded", docs, body_g, body_p, judge),
        score_view("full quotes only, boilerplate excluded", docs,
                   [g for g in body_g if g.kind == "full"], [p for p in body_p if p.kind == "full"], judge),
    ]
    for v in views:
        print_view(v, out)
    v = views[0]
    kind_ok = sum(v.golds[i].kind == v.preds[j].kind for i, j in v.pairs)
    chan = [(v.golds[i], v.preds[j]) for i, j in v.pairs if v.golds[i].channel]
    chan_ok = sum(channel_right(g.channel or "", p.channel, gf.aliases) for g, p in chan)
    out(f"   kind (full/fragment) right on {kind_ok} of {len(v.pairs)} found quotes; "
        f"channel right on {chan_ok} of {len(chan)} found quotes that have one")
    if errors:
        print_errors(views[0], docs, out)
    return views


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="score_quotes.py", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("polnear", help="score against the PolNeAR corpus (direct quotes)")
    p.add_argument("root", type=Path, help="the polnear folder (holding dev/ and test/)")
    p.add_argument("--split", default="dev", choices=["dev", "test"])
    g = sub.add_parser("gold", help="score against our own gold file")
    g.add_argument("goldfile", type=Path)
    g.add_argument("articles_dir", type=Path)
    for q in (p, g):
        q.add_argument("--errors", action="store_true", help="list misses, false alarms and wrong speakers")
        q.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rule pack")
        q.add_argument("--jobs", type=int, default=1)
        q.add_argument("--predictions", type=Path, metavar="JSON",
                       help="score this saved quotecheck JSON output instead of running the pipeline")
        q.add_argument("--json", type=Path, metavar="FILE", help="also write the numbers here")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    predict = (json_predictor(args.predictions) if args.predictions
               else pipeline_predictor(args.rules, args.jobs))
    try:
        if args.command == "polnear":
            views = run_polnear(args.root, args.split, predict, errors=args.errors)
        else:
            views = run_gold(args.goldfile, args.articles_dir, predict, errors=args.errors)
    except SystemExit:
        raise
    except Exception as exc:  # one line, no traceback: also covers a rule pack that fails to load
        print(f"score_quotes: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    if args.json:
        args.json.write_text(json.dumps([v.as_dict() for v in views], indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
