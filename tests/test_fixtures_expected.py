"""Check the whole tool against the story sets in fixtures/ and their expected.yml.

Every story set ``fixtures/<set>/`` holds articles written by the project and an
``expected.yml`` (format: docs/fixtures.md) saying what a careful editor would
find there. One test per (story set, section): a failure names the set, the
section and every expected item that is missing or wrong, so a stage owner sees
at once what their stage still gets wrong.

The pipeline runs once per set through the real CLI (``quotecheck check DIR
--format json``), exactly as a user would run it, and the tests read the JSON
report. ``test_expected_file`` checks the fixture files themselves (schema, and
that every quoted text occurs verbatim in its article) and must always pass.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import html
import io
import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from quotecheck.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SETS = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.yml").is_file()) if FIXTURES.is_dir() else []
SEVERITIES = ("info", "warning", "error")


# --------------------------------------------------------------------------- expected.yml schema


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _as_list(v: Any) -> list[str] | None:
    if v is None:
        return None
    return [str(x) for x in v] if isinstance(v, list) else [str(v)]


class ExpArticle(_M):
    id: str
    file: str
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    # which optional keys were written (a key left out is not checked; null means "must be null")
    given: set[str] = Field(default_factory=set, exclude=True)


class ExpQuote(_M):
    article: str
    text: str
    kind: Literal["full", "fragment"] | None = None
    speaker: str | None = None
    cue: list[str] | None = None
    channel: str | None = None
    in_headline: bool | None = None
    optional: bool = False
    given: set[str] = Field(default_factory=set, exclude=True)

    cue_list = field_validator("cue", mode="before")(_as_list)


class ExpTextRef(_M):
    article: str
    text: str


class ExpEntity(_M):
    name: str
    variants: list[str] = Field(default_factory=list)


class ExpMember(_M):
    article: str
    text_contains: str
    relation: list[str] | None = None

    relation_list = field_validator("relation", mode="before")(_as_list)


class ExpCluster(_M):
    name: str = ""
    members: list[ExpMember]


class ExpFigure(_M):
    article: str
    text: str
    low: float | None
    high: float | None
    subject: str | None = None
    kind: str | None = None
    unit: str | None = None
    qualifiers: list[str] | None = None
    in_quote: bool | None = None


class ExpDate(_M):
    article: str
    text: str
    value: dt.date
    precision: Literal["day", "month", "year"] | None = None
    event: str | None = None
    given: set[str] = Field(default_factory=set, exclude=True)


class ExpFinding(_M):
    kind: str
    severity: list[str]
    articles: list[str] = Field(default_factory=list)
    evidence_contains: list[str] = Field(default_factory=list)

    severity_list = field_validator("severity", mode="before")(_as_list)

    @field_validator("severity")
    @classmethod
    def _known(cls, v: list[str]) -> list[str]:
        bad = [s for s in v if s not in SEVERITIES]
        if bad:
            raise ValueError(f"unknown severity {bad}")
        return v


class ExpClaim(_M):
    """A claim of the report's ``claims`` (quotecheck/claims.py): what it is about and its verdict."""

    kind: Literal["figure", "date"]
    subject: str
    verdict: list[str]
    scope: list[str] | None = None  # exact, when given
    odd: list[str] | None = None  # the odd sources, exactly, when given
    sources: list[str] = Field(default_factory=list)  # articles whose values it must hold

    verdict_list = field_validator("verdict", mode="before")(_as_list)


class ExpMustNot(_M):
    kind: str
    min_severity: Literal["info", "warning", "error"] = "warning"
    articles: list[str] = Field(default_factory=list)
    evidence_contains: list[str] = Field(default_factory=list)
    subject: str | None = None


class Expected(_M):
    description: str
    articles: list[ExpArticle]
    aliases: dict[str, list[str]] = Field(default_factory=dict)
    quotes: list[ExpQuote] = Field(default_factory=list)
    not_quotes: list[ExpTextRef] = Field(default_factory=list)
    entities: list[ExpEntity] = Field(default_factory=list)
    distinct: list[list[str]] = Field(default_factory=list)
    clusters: list[ExpCluster] = Field(default_factory=list)
    not_linked: list[list[ExpMember]] = Field(default_factory=list)
    figures: list[ExpFigure] = Field(default_factory=list)
    not_figures: list[ExpTextRef] = Field(default_factory=list)
    dates: list[ExpDate] = Field(default_factory=list)
    stories: list[list[str]] = Field(default_factory=list)
    findings: list[ExpFinding] = Field(default_factory=list)
    claims: list[ExpClaim] = Field(default_factory=list)
    must_not: list[ExpMustNot] = Field(default_factory=list)


def _with_given(items: list[dict], model: type[_M]) -> list[Any]:
    out = []
    for raw in items or []:
        obj = model.model_validate(raw)
        if "given" in model.model_fields:
            obj.given = set(raw)  # type: ignore[attr-defined]
        out.append(obj)
    return out


@functools.cache
def load_expected(name: str) -> Expected:
    raw = yaml.safe_load((FIXTURES / name / "expected.yml").read_text(encoding="utf-8"))
    exp = Expected.model_validate(raw)
    exp.articles = _with_given(raw.get("articles"), ExpArticle)
    exp.quotes = _with_given(raw.get("quotes"), ExpQuote)
    exp.dates = _with_given(raw.get("dates"), ExpDate)
    return exp


# --------------------------------------------------------------------------- independent source reader
# Used only to check the fixture files themselves (so that check passes without the tool).

_TEXT_FIELDS = ("text", "body", "content", "articleBody")


def _json_text(obj: dict) -> str:
    for key in _TEXT_FIELDS:
        if isinstance(obj.get(key), str):
            return obj[key]
    raise AssertionError(f"no text field in JSON object {sorted(obj)}")


def _html_text(raw: str) -> str:
    raw = re.sub(r"(?is)<(script|style)\b.*?</\1>|<!--.*?-->", " ", raw)
    return html.unescape(re.sub(r"(?s)<[^>]+>", " ", raw))


@functools.cache
def source_texts(name: str) -> dict[str, str]:
    """Article id -> the article's text as written in the fixture file."""
    exp = load_expected(name)
    out: dict[str, str] = {}
    for art in exp.articles:
        path = FIXTURES / name / art.file
        raw = path.read_text(encoding="utf-8")
        suffix = path.suffix.lower()
        if suffix in (".txt", ".md"):
            out[art.id] = raw
        elif suffix in (".html", ".htm"):
            out[art.id] = _html_text(raw)
        elif suffix == ".xml":
            out[art.id] = "\n".join(ET.fromstring(raw.encode("utf-8")).itertext())
        elif suffix in (".json", ".jsonl"):
            objs = ([json.loads(line) for line in raw.splitlines() if line.strip()] if suffix == ".jsonl"
                    else json.loads(raw))
            if isinstance(objs, dict):
                out[art.id] = _json_text(objs)
                continue
            for n, obj in enumerate(objs, 1):
                if obj.get("id", f"{path.stem}-{n}") == art.id:
                    out[art.id] = _json_text(obj)
                    break
            else:
                raise AssertionError(f"{art.file}: no object with id {art.id!r}")
        else:
            raise AssertionError(f"{art.file}: unknown fixture format")
    return out


# --------------------------------------------------------------------------- running the tool


@functools.cache
def _run_cli(name: str, tmp_root: str) -> tuple[int, dict | None, str]:
    out = Path(tmp_root) / f"{name}.json"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        rc = main(["check", str(FIXTURES / name), "--format", "json", "--output", str(out), "--fail-on", "never"])
    report = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else None
    return rc, report, err.getvalue().strip()


def run_set(name: str, tmp_root: str) -> tuple[int, dict]:
    """Exit code and JSON report of ``quotecheck check fixtures/<name>`` (run once per set)."""
    rc, report, err = _run_cli(name, tmp_root)
    if report is None:
        pytest.fail(f"{name}: `quotecheck check` wrote no report (exit code {rc}): {err}", pytrace=False)
    return rc, report


@pytest.fixture(scope="module")
def tmp_root(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("fixture-reports"))


# --------------------------------------------------------------------------- helpers

_HONORIFIC = re.compile(r"^(?:the|mr|mrs|ms|dr|prof)\.?\s+", re.I)


def norm_name(s: str | None) -> str:
    s = re.sub(r"\s+", " ", (s or "").strip()).lower()
    prev = None
    while prev != s:
        prev, s = s, _HONORIFIC.sub("", s)
    return s.strip(" .,")


def norm_text(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(needle)) for m in re.finditer(re.escape(needle), text)]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def article_texts(rep: dict) -> dict[str, str]:
    return {a["id"]: a["text"] for a in rep.get("articles", [])}


def name_group(exp: Expected, name: str) -> set[str]:
    group = {name}
    for ent in exp.entities:
        if norm_name(ent.name) == norm_name(name) or norm_name(name) in map(norm_name, ent.variants):
            group |= {ent.name, *ent.variants}
    group |= set(exp.aliases.get(name, []))
    return {norm_name(g) for g in group}


def tool_group(rep: dict, name: str) -> set[str]:
    """The spellings the tool itself merged with ``name`` (its entity list)."""
    n = norm_name(name)
    for ent in rep.get("entities", []):
        names = {norm_name(ent["name"]), *map(norm_name, ent.get("variants", []))}
        if n in names:
            return names
    return {n}


def same_person(exp: Expected, rep: dict, expected: str, got: str | None) -> bool:
    if got is None:
        return False
    want = name_group(exp, expected)
    return bool(tool_group(rep, got) & want) or norm_name(got) in want


def num_eq(want: float | None, got: float | None, *, unbounded_ok: bool) -> bool:
    if want is None:
        return got is None or (unbounded_ok and abs(got) >= 1e15)
    if got is None:
        return want == 0 and not unbounded_ok  # "up to X": a missing lower bound means 0
    return math.isclose(want, got, rel_tol=1e-6, abs_tol=1e-9)


def finding_articles(f: dict) -> set[str]:
    return {e["article_id"] for e in f.get("evidence", [])}


def finding_has_evidence(f: dict, needles: list[str]) -> bool:
    spans = [norm_text(e.get("text", "")) for e in f.get("evidence", [])]
    return all(any(norm_text(n) in s for s in spans) for n in needles)


def finding_matches(f: dict, e: ExpFinding) -> bool:
    return (f.get("kind") == e.kind and f.get("severity") in e.severity
            and set(e.articles) <= finding_articles(f) and finding_has_evidence(f, e.evidence_contains))


def describe_finding(f: dict) -> str:
    ev = "; ".join(f"{e['article_id']}:{e['text']!r}" for e in f.get("evidence", []))
    return f"{f.get('severity')} {f.get('kind')}: {f.get('message', '')!r} [{ev}]"


def fail_if(problems: list[str], name: str, section: str) -> None:
    if problems:
        pytest.fail(f"{name}/{section}: {len(problems)} problem(s):\n  - " + "\n  - ".join(problems),
                    pytrace=False)


def params(section: str) -> list[Any]:
    """Sets with something to check in ``section``."""
    return [pytest.param(n, id=n) for n in SETS
            if section in ("articles", "spans", "findings") or getattr(load_expected(n), section)]


# --------------------------------------------------------------------------- the fixture files themselves


def test_story_sets_exist() -> None:
    assert len(SETS) >= 4, f"expected at least 4 story sets in {FIXTURES}, found {SETS}"


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "xml":
        root = ET.parse(path).getroot().tag.rsplit("}", 1)[-1]
        return {"newsMessage": "newsml", "newsItem": "newsml", "nitf": "nitf"}.get(root, "xml")
    if suffix == "json":
        return "json-list" if isinstance(json.loads(path.read_text(encoding="utf-8")), list) else "json-object"
    return suffix


def test_every_input_format_is_covered() -> None:
    found = {_format_of(FIXTURES / n / a.file) for n in SETS for a in load_expected(n).articles}
    want = {"txt", "md", "html", "json-object", "json-list", "jsonl", "newsml", "nitf"}
    assert want <= found, f"no fixture in format(s) {sorted(want - found)}"


@pytest.mark.parametrize("name", SETS)
def test_expected_file(name: str) -> None:
    """expected.yml is valid and every text it names occurs verbatim in its article."""
    exp = load_expected(name)
    ids = [a.id for a in exp.articles]
    assert len(ids) == len(set(ids)), f"{name}: duplicate article ids"
    assert 3 <= len(ids) <= 6, f"{name}: a story set has 3-6 articles, not {len(ids)}"
    files = {p.name for p in (FIXTURES / name).iterdir() if p.is_file() and p.name != "expected.yml"}
    listed = {a.file for a in exp.articles}
    assert files == listed, f"{name}: files {sorted(files)} but expected.yml lists {sorted(listed)}"
    texts = source_texts(name)
    problems: list[str] = []

    def check(section: str, article: str, text: str, *, unique: bool) -> None:
        if article not in texts:
            problems.append(f"{section}: unknown article {article!r}")
            return
        n = texts[article].count(text)
        if n == 0:
            problems.append(f"{section}: {text!r} does not occur in {article}")
        elif unique and n > 1:
            problems.append(f"{section}: {text!r} occurs {n} times in {article}; make it unique")

    for q in exp.quotes:
        check("quotes", q.article, q.text, unique=False)
    for r in exp.not_quotes:
        check("not_quotes", r.article, r.text, unique=False)
    for f in exp.figures:
        check("figures", f.article, f.text, unique=True)
        if f.low is not None and f.high is not None:
            assert f.low <= f.high, f"{name}: figure {f.text!r} has low > high"
    for r in exp.not_figures:
        check("not_figures", r.article, r.text, unique=False)
    for d in exp.dates:
        check("dates", d.article, d.text, unique=True)
    for c in exp.clusters:
        for m in c.members:
            check("clusters", m.article, m.text_contains, unique=False)
    for pair in exp.not_linked:
        assert len(pair) == 2, f"{name}: not_linked entries are pairs"
        for m in pair:
            check("not_linked", m.article, m.text_contains, unique=False)
    for f in exp.findings:
        assert set(f.articles) <= set(ids), f"{name}: finding names unknown articles {f.articles}"
        for needle in f.evidence_contains:
            if not any(needle in t for t in texts.values()):
                problems.append(f"findings: evidence {needle!r} occurs in no article")
    for group in exp.stories:
        assert set(group) <= set(ids), f"{name}: story names unknown articles {group}"
    speakers = {q.speaker for q in exp.quotes if q.speaker}
    for pair in exp.distinct:
        assert len(pair) == 2, f"{name}: distinct entries are pairs"
    assert all(q.article in ids for q in exp.quotes)
    assert speakers, f"{name}: no attributed quote expected"
    fail_if(problems, name, "expected.yml")


# --------------------------------------------------------------------------- against the tool


@pytest.mark.parametrize("name", params("articles"))
def test_articles(name: str, tmp_root: str) -> None:
    """Every article is read (and nothing else), with its id, path, date, title, outlet, url."""
    exp = load_expected(name)
    rc, rep = run_set(name, tmp_root)
    problems: list[str] = []
    if rc == 2 or rep.get("errors"):
        problems.append(f"input errors (exit {rc}): {rep.get('errors')}")
    got = {a["id"]: a for a in rep.get("articles", [])}
    extra = sorted(set(got) - {a.id for a in exp.articles})
    if extra:
        problems.append(f"unexpected articles {extra} (is expected.yml read as an article?)")
    for a in exp.articles:
        g = got.get(a.id)
        if g is None:
            problems.append(f"article {a.id!r} ({a.file}) not read; ids read: {sorted(got)}")
            continue
        if Path(g.get("path", "")).name != a.file:
            problems.append(f"{a.id}: path {g.get('path')!r}, expected a path to {a.file}")
        if "published" in a.given:
            want = a.published.isoformat() if a.published else None
            if g.get("published") != want:
                problems.append(f"{a.id}: published {g.get('published')!r}, expected {want!r}")
        for key in ("title", "outlet", "url"):
            if key in a.given:
                want, have = getattr(a, key), g.get(key)
                if (want is None) != (have is None) or (want and norm_text(want) != norm_text(have)):
                    problems.append(f"{a.id}: {key} {have!r}, expected {want!r}")
    fail_if(problems, name, "articles")


def _spans_of(rep: dict) -> list[tuple[str, dict]]:
    out: list[tuple[str, dict]] = []
    for section in ("quotes", "figures", "dates"):
        for item in rep.get(section, []):
            out.append((f"{section} {item.get('id')}", item))
            for key in ("speaker_span", "cue_span", "channel_span", "subject_span", "event_span"):
                if item.get(key):
                    out.append((f"{section} {item.get('id')}.{key}", item[key]))
    for f in rep.get("findings", []):
        for ev in f.get("evidence", []):
            out.append((f"finding {f.get('id')} evidence", ev))
    return out


@pytest.mark.parametrize("name", params("spans"))
def test_spans_exact(name: str, tmp_root: str) -> None:
    """Every span in the report is text == article.text[start:end] (offsets into the original)."""
    report = run_set(name, tmp_root)[1]
    texts = article_texts(report)
    spans = _spans_of(report)
    problems = []
    for where, s in spans:
        t = texts.get(s.get("article_id"))
        if t is None:
            problems.append(f"{where}: unknown article {s.get('article_id')!r}")
        elif t[s["start"]:s["end"]] != s["text"]:
            problems.append(f"{where}: text {s['text']!r} != article text[{s['start']}:{s['end']}] "
                            f"{t[s['start']:s['end']]!r}")
    if not spans:
        problems.append("the report has no span at all to check (no quotes, figures, dates or findings)")
    fail_if(problems, name, "spans")


@pytest.mark.parametrize("name", params("quotes"))
def test_quotes(name: str, tmp_root: str) -> None:
    """Recall and precision of quote spans (exact text inside the marks), kind, headline flag."""
    report = run_set(name, tmp_root)[1]
    exp = load_expected(name)
    ids = {a.id for a in exp.articles}
    got = [q for q in report.get("quotes", []) if q.get("article_id") in ids]
    pool = list(got)
    problems: list[str] = []
    for e in exp.quotes:
        same = [q for q in pool if q["article_id"] == e.article and q["text"].strip() == e.text.strip()]
        # with two quotes of the same words in one article (headline and body), take the one that fits
        same.sort(key=lambda q: (e.in_headline is not None and bool(q.get("in_headline")) != e.in_headline,
                                 e.kind is not None and q.get("kind") != e.kind))
        hit = same[0] if same else None
        if hit is None:
            if not e.optional:
                problems.append(f"missing quote in {e.article}: {e.text!r}")
            continue
        pool.remove(hit)
        if e.kind and hit.get("kind") != e.kind:
            problems.append(f"{e.article}: {e.text[:50]!r} kind {hit.get('kind')!r}, expected {e.kind!r}")
        if e.in_headline is not None and bool(hit.get("in_headline")) != e.in_headline:
            problems.append(f"{e.article}: {e.text[:50]!r} in_headline {hit.get('in_headline')}, expected {e.in_headline}")
    for q in pool:
        problems.append(f"unexpected quote in {q['article_id']}: {q['text']!r}")
    texts = article_texts(report)
    for r in exp.not_quotes:
        for occ in occurrences(texts.get(r.article, ""), r.text):
            for q in got:
                if q["article_id"] == r.article and overlaps(occ, (q["start"], q["end"])):
                    problems.append(f"{r.article}: {r.text!r} must not be (part of) a quote, got {q['text']!r}")
    fail_if(problems, name, "quotes")


def _speaker_problems(exp: Expected, report: dict, e: ExpQuote, q: dict, label: str) -> list[str]:
    problems: list[str] = []
    if "speaker" in e.given:
        if e.speaker is None:
            if q.get("speaker") is not None:
                problems.append(f"{label}: speaker {q.get('speaker')!r}, expected none (unattributed)")
        elif not same_person(exp, report, e.speaker, q.get("speaker")):
            problems.append(f"{label}: speaker {q.get('speaker')!r}, expected {e.speaker!r}")
    if e.cue:
        cue = norm_text(q.get("cue") or "")
        if not any(re.search(rf"\b{re.escape(c.lower())}\b", cue) for c in e.cue):
            problems.append(f"{label}: cue {q.get('cue')!r}, expected {e.cue}")
    if e.channel:
        ch = q.get("channel")
        if not (same_person(exp, report, e.channel, ch) or norm_name(e.channel) in norm_name(ch)):
            problems.append(f"{label}: channel {ch!r}, expected {e.channel!r}")
    return problems


@pytest.mark.parametrize("name", params("quotes"))
def test_speakers(name: str, tmp_root: str) -> None:
    """Speaker (canonical entity), cue and channel of every expected quote."""
    report = run_set(name, tmp_root)[1]
    exp = load_expected(name)
    problems: list[str] = []
    for e in exp.quotes:
        if not ({"speaker", "cue", "channel"} & e.given):
            continue
        hits = [q for q in report.get("quotes", [])
                if q.get("article_id") == e.article and q["text"].strip() == e.text.strip()]
        label = f"{e.article}: {e.text[:60]!r}"
        if not hits:
            problems.append(f"{label}: quote not extracted (see test_quotes)")
            continue
        if e.in_headline is not None:
            hits = [q for q in hits if bool(q.get("in_headline")) == e.in_headline] or hits
        # the same words may be quoted twice in one article: any one occurrence that fits will do
        problems.extend(min((_speaker_problems(exp, report, e, q, label) for q in hits), key=len))
    fail_if(problems, name, "speakers")


@pytest.mark.parametrize("name", params("entities"))
def test_entities(name: str, tmp_root: str) -> None:
    report = run_set(name, tmp_root)[1]
    exp = load_expected(name)
    ents = [{norm_name(e["name"]), *map(norm_name, e.get("variants", []))} for e in report.get("entities", [])]
    problems: list[str] = []
    for e in exp.entities:
        want = {norm_name(e.name), *map(norm_name, e.variants)}
        if not any(want <= have for have in ents):
            near = [sorted(h) for h in ents if h & want]
            problems.append(f"{e.name}: no entity holds all of {sorted(want)}; closest: {near}")
    for a, b in exp.distinct:
        if any({norm_name(a), norm_name(b)} <= have for have in ents):
            problems.append(f"{a!r} and {b!r} were merged into one entity")
    fail_if(problems, name, "entities")


def _member_hits(cluster: dict, m: ExpMember) -> list[dict]:
    return [cm for cm in cluster.get("members", [])
            if cm.get("article_id") == m.article and norm_text(m.text_contains) in norm_text(cm.get("text", ""))]


@pytest.mark.parametrize("name", params("clusters"))
def test_clusters(name: str, tmp_root: str) -> None:
    report = run_set(name, tmp_root)[1]
    exp = load_expected(name)
    clusters = report.get("clusters", [])
    problems: list[str] = []
    for c in exp.clusters:
        home = next((k for k in clusters if all(_member_hits(k, m) for m in c.members)), None)
        if home is None:
            where = {f"{m.article}:{m.text_contains!r}": [k.get("id") for k in clusters if _member_hits(k, m)]
                     for m in c.members}
            problems.append(f"cluster {c.name!r} not linked; clusters holding each member: {where}")
            continue
        for m in c.members:
            rels = {cm.get("relation") for cm in _member_hits(home, m)}
            if m.relation and not rels & set(m.relation):
                problems.append(f"cluster {c.name!r}: {m.article}:{m.text_contains!r} relation {sorted(rels)}, "
                                f"expected one of {m.relation}")
    fail_if(problems, name, "clusters")


@pytest.mark.parametrize("name", params("not_linked"))
def test_not_linked(name: str, tmp_root: str) -> None:
    report = run_set(name, tmp_root)[1]
    exp = load_expected(name)
    problems = [f"{a.article}:{a.text_contains!r} and {b.article}:{b.text_contains!r} linked in cluster {k.get('id')}"
                for a, b in exp.not_linked for k in report.get("clusters", [])
                if _member_hits(k, a) and _member_hits(k, b)]
    fail_if(problems, name, "not_linked")


def rounding(x: float) -> float:
    """Half the unit of the last significant digit: 21,000 -> 500, 6.5e6 -> 50,000, 7.3 -> 0.05."""
    if x == 0:
        return 0.0
    digits = f"{abs(x):.6e}".split("e")
    mantissa, exp10 = digits[0].rstrip("0").rstrip("."), int(digits[1])
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return 0.5 * 10.0 ** (exp10 - decimals)


def _interval_problem(e: ExpFigure, f: dict) -> str | None:
    low, high = f.get("low"), f.get("high")
    if (e.low is not None and e.low == e.high and low is not None and high is not None
            and (abs(e.low) >= 1000 or e.kind == "money" or e.low != int(e.low))):
        # a large, money or decimal exact figure may be widened by its rounding
        # ("£21,000" = 20,500..21,500); small counts ("12 crew") stay exact
        r = rounding(e.low)
        if low <= e.low <= high and low >= e.low - r - 1e-9 and high <= e.low + r + 1e-9:
            return None
    if not num_eq(e.low, low, unbounded_ok=False) and not (e.low == 0 and low is None):
        return f"low {low} (expected {e.low})"
    if not num_eq(e.high, high, unbounded_ok=True):
        return f"high {high} (expected {e.high})"
    return None


def _figure_problem(e: ExpFigure, f: dict) -> str | None:
    interval = _interval_problem(e, f)
    if interval:
        return interval
    if e.subject and f.get("subject") != e.subject:
        return f"subject {f.get('subject')!r} (expected {e.subject!r})"
    if e.kind and f.get("kind") != e.kind:
        return f"kind {f.get('kind')!r} (expected {e.kind!r})"
    if e.unit and (f.get("unit") or "").lower() != e.unit.lower():
        return f"unit {f.get('unit')!r} (expected {e.unit!r})"
    if e.in_quote is not None and bool(f.get("in_quote")) != e.in_quote:
        return f"in_quote {f.get('in_quote')} (expected {e.in_quote})"
    quals = [q.lower() for q in f.get("qualifiers", [])]
    for want in e.qualifiers or []:
        if not any(want.lower() in q or q in want.lower() for q in quals):
            return f"qualifiers {f.get('qualifiers')} (expected to include {want!r})"
    return None


@pytest.mark.parametrize("name", params("figures"))
def test_figures(name: str, tmp_root: str) -> None:
    """Each expected figure: a figure overlapping its text, with the interval, subject, kind, unit."""
    report = run_set(name, tmp_root)[1]
    exp = load_expected(name)
    texts = article_texts(report)
    figs = report.get("figures", [])
    problems: list[str] = []
    for e in exp.figures:
        occs = occurrences(texts.get(e.article, ""), e.text)
        if not occs:
            problems.append(f"{e.article}: {e.text!r} not in the article text as read")
            continue
        cands = [f for f in figs if f.get("article_id") == e.article
                 and any(overlaps(o, (f["start"], f["end"])) for o in occs)]
        if not cands:
            problems.append(f"{e.article}: no figure extracted at {e.text!r}")
            continue
        why = [_figure_problem(e, f) for f in cands]
        if all(why):
            problems.append(f"{e.article}: figure {e.text!r}: " + " | ".join(
                f"{f['text']!r}: {w}" for f, w in zip(cands, why, strict=True)))
    for r in exp.not_figures:
        for o in occurrences(texts.get(r.article, ""), r.text):
            for f in figs:
                if f.get("article_id") == r.article and overlaps(o, (f["start"], f["end"])):
                    problems.append(f"{r.article}: {r.text!r} is not a count, but figure {f['text']!r} was extracted")
    fail_if(problems, name, "figures")


@pytest.mark.parametrize("name", params("dates"))
def test_dates(name: str, tmp_root: str) -> None:
    report = run_set(name, tmp_root)[1]
    exp = load_expected(name)
    texts = article_texts(report)
    problems: list[str] = []
    for e in exp.dates:
        occs = occurrences(texts.get(e.article, ""), e.text)
        if not occs:
            problems.append(f"{e.article}: {e.text!r} not in the article text as read")
            continue
        cands = [d for d in report.get("dates", []) if d.get("article_id") == e.article
                 and any(overlaps(o, (d["start"], d["end"])) for o in occs)]
        if not cands:
            problems.append(f"{e.article}: no date extracted at {e.text!r}")
            continue

        def why(d: dict, e: ExpDate = e) -> str | None:
            if d.get("value") != e.value.isoformat():
                return f"value {d.get('value')} (expected {e.value})"
            if e.precision and d.get("precision") != e.precision:
                return f"precision {d.get('precision')} (expected {e.precision})"
            if "event" in e.given and d.get("event") != e.event:
                return f"event {d.get('event')!r} (expected {e.event!r})"
            return None

        reasons = [why(d) for d in cands]
        if all(reasons):
            problems.append(f"{e.article}: date {e.text!r}: " + " | ".join(
                f"{d['text']!r}: {w}" for d, w in zip(cands, reasons, strict=True)))
    fail_if(problems, name, "dates")


@pytest.mark.parametrize("name", params("stories"))
def test_stories(name: str, tmp_root: str) -> None:
    report = run_set(name, tmp_root)[1]
    exp = load_expected(name)
    got = sorted(sorted(s.get("article_ids", [])) for s in report.get("stories", []))
    want = sorted(sorted(g) for g in exp.stories)
    if got != want:
        fail_if([f"stories {got}, expected {want}"], name, "stories")


@pytest.mark.parametrize("name", params("findings"))
def test_findings(name: str, tmp_root: str) -> None:
    """Every expected finding is reported, and every warning/error reported is expected."""
    report = run_set(name, tmp_root)[1]
    exp = load_expected(name)
    found = report.get("findings", [])
    problems: list[str] = []
    for e in exp.findings:
        if not any(finding_matches(f, e) for f in found):
            same_kind = [describe_finding(f) for f in found if f.get("kind") == e.kind]
            problems.append(f"missing {'/'.join(e.severity)} {e.kind} in {e.articles} with evidence "
                            f"{e.evidence_contains}; reported {e.kind}: {same_kind or 'none'}")
    for f in found:
        if f.get("severity") in ("warning", "error") and not any(finding_matches(f, e) for e in exp.findings):
            problems.append(f"false alarm: {describe_finding(f)}")
    fail_if(problems, name, "findings")


def claim_matches(c: dict, e: ExpClaim) -> bool:
    return (c.get("kind") == e.kind and c.get("subject") == e.subject and c.get("verdict") in e.verdict
            and (e.scope is None or sorted(c.get("scope", [])) == sorted(e.scope))
            and (e.odd is None or sorted(c.get("odd_articles", [])) == sorted(e.odd))
            and set(e.sources) <= {v.get("article_id") for v in c.get("values", [])})


@pytest.mark.parametrize("name", params("claims"))
def test_claims(name: str, tmp_root: str) -> None:
    """Every expected claim is in the report's claims, with its verdict, scope and odd sources."""
    report = run_set(name, tmp_root)[1]
    exp = load_expected(name)
    got = report.get("claims", [])
    problems = [f"missing claim {e.model_dump(exclude_defaults=True)}; claims about {e.subject}: "
                f"{[(c.get('id'), c.get('verdict'), c.get('odd_articles')) for c in got if c.get('subject') == e.subject]}"
                for e in exp.claims if not any(claim_matches(c, e) for c in got)]
    fail_if(problems, name, "claims")


@pytest.mark.parametrize("name", params("must_not"))
def test_must_not(name: str, tmp_root: str) -> None:
    report = run_set(name, tmp_root)[1]
    exp = load_expected(name)
    problems: list[str] = []
    for m in exp.must_not:
        floor = SEVERITIES.index(m.min_severity)
        for f in report.get("findings", []):
            if (f.get("kind") == m.kind and f.get("severity") in SEVERITIES
                    and SEVERITIES.index(f["severity"]) >= floor
                    and set(m.articles) <= finding_articles(f)
                    and finding_has_evidence(f, m.evidence_contains)
                    and (m.subject is None or (f.get("details") or {}).get("subject") == m.subject)):
                problems.append(f"must not report {m.model_dump(exclude_defaults=True)}: got {describe_finding(f)}")
    fail_if(problems, name, "must_not")


# --------------------------------------------------------------------------- the checker checks itself
# A report built from expected.yml must pass every check, and a report with one
# planted mistake must fail the right one: so a red fixture test means the tool
# is wrong, not this file. These pass whatever state the stages are in.


def _locate(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def perfect_report(name: str) -> dict:
    """The report a perfect tool would write for this set, built from expected.yml."""
    exp, src = load_expected(name), source_texts(name)
    seen: dict[tuple[str, str], int] = {}
    quotes = []
    for n, q in enumerate(exp.quotes):
        k = seen[(q.article, q.text)] = seen.get((q.article, q.text), -1) + 1
        start, end = _locate(src[q.article], q.text, k)
        quotes.append({"id": f"{q.article}:q{n}", "article_id": q.article, "start": start, "end": end,
                       "text": q.text, "kind": q.kind or "full", "in_headline": bool(q.in_headline),
                       "speaker": q.speaker, "cue": (q.cue or [None])[0], "channel": q.channel})
    clusters = [{"id": f"c{k}", "members": [
        {"article_id": m.article, "relation": (m.relation or ["same"])[0],
         "text": next(q["text"] for q in quotes if q["article_id"] == m.article and m.text_contains in q["text"])}
        for m in c.members]} for k, c in enumerate(exp.clusters)]

    def item(prefix: str, n: int, e: ExpFigure | ExpDate, **fields: Any) -> dict:
        start, end = _locate(src[e.article], e.text)
        return {"id": f"{e.article}:{prefix}{n}", "article_id": e.article, "start": start, "end": end,
                "text": e.text, **fields}

    figures = [item("f", n, f, low=f.low, high=f.high, subject=f.subject, kind=f.kind or "count", unit=f.unit,
                    qualifiers=f.qualifiers or [], in_quote=bool(f.in_quote)) for n, f in enumerate(exp.figures)]
    dates = [item("d", n, d, value=d.value.isoformat(), precision=d.precision or "day", event=d.event)
             for n, d in enumerate(exp.dates)]
    findings = []
    for n, f in enumerate(exp.findings):
        evidence = []
        for needle in f.evidence_contains:
            art = next(a for a in [*f.articles, *src] if needle in src[a])
            start, end = _locate(src[art], needle)
            evidence.append({"article_id": art, "start": start, "end": end, "text": needle})
        for art in f.articles:
            if art not in {e["article_id"] for e in evidence}:
                evidence.append({"article_id": art, "start": 0, "end": 1, "text": src[art][0]})
        findings.append({"id": f"F{n}", "kind": f.kind, "severity": f.severity[0], "message": "", "evidence": evidence})
    claims = [{"kind": c.kind, "subject": c.subject, "verdict": c.verdict[0], "scope": c.scope or [],
               "odd_articles": c.odd or [], "values": [{"article_id": a} for a in c.sources]} for c in exp.claims]
    return {"claims": claims,
            "articles": [{"id": a.id, "path": str(FIXTURES / name / a.file), "text": src[a.id],
                          "published": a.published.isoformat() if a.published else None,
                          "title": a.title, "outlet": a.outlet, "url": a.url} for a in exp.articles],
            "quotes": quotes, "entities": [{"name": e.name, "variants": e.variants} for e in exp.entities],
            "clusters": clusters, "figures": figures, "dates": dates, "findings": findings,
            "stories": [{"article_ids": g} for g in exp.stories], "errors": []}


CHECKS = [test_articles, test_spans_exact, test_quotes, test_speakers, test_entities, test_clusters,
          test_not_linked, test_figures, test_dates, test_stories, test_findings, test_claims, test_must_not]


@pytest.mark.parametrize("name", SETS)
def test_checker_passes_a_perfect_report(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    rep = perfect_report(name)
    monkeypatch.setitem(globals(), "run_set", lambda n, t: (0, rep))
    for check in CHECKS:
        check(name, "unused")


def _mutations(rep: dict, exp: Expected) -> list[tuple[str, Any]]:
    def drop_quote(r: dict) -> None:
        r["quotes"].pop(0)

    def wrong_speaker(r: dict) -> None:
        next(q for q in r["quotes"] if q["speaker"])["speaker"] = "Nobody Atall"

    def shifted_span(r: dict) -> None:
        r["figures"][0]["end"] += 1

    def false_alarm(r: dict) -> None:
        f = r["figures"][0]
        r["findings"].append({"id": "X", "kind": "figure_conflict", "severity": "error", "message": "",
                              "evidence": [{k: f[k] for k in ("article_id", "start", "end", "text")}]})

    def merged(r: dict) -> None:
        r["entities"].append({"name": exp.distinct[0][0], "variants": [exp.distinct[0][1]]})

    def bounded(r: dict) -> None:
        next(f for f in r["figures"] if f["high"] is None)["high"] = 1.0

    def wrong_day(r: dict) -> None:
        r["dates"][0]["value"] = "1999-01-01"

    def unlinked(r: dict) -> None:
        r["clusters"][0]["members"].pop()

    return [("test_quotes", drop_quote), ("test_speakers", wrong_speaker), ("test_spans_exact", shifted_span),
            ("test_findings", false_alarm), ("test_entities", merged), ("test_figures", bounded),
            ("test_dates", wrong_day), ("test_clusters", unlinked)]


def test_checker_catches_planted_mistakes(monkeypatch: pytest.MonkeyPatch) -> None:
    name = "summit" if "summit" in SETS else SETS[0]
    exp = load_expected(name)
    for check_name, mutate in _mutations(perfect_report(name), exp):
        rep = perfect_report(name)
        mutate(rep)
        monkeypatch.setitem(globals(), "run_set", lambda n, t, rep=rep: (0, rep))
        with pytest.raises(pytest.fail.Exception):
            globals()[check_name](name, "unused")
