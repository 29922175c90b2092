"""Per-article digests (quotecheck/digest.py): the report is the same with or without them.

Three ways to the same report: digests made at extraction, digests worked out by
``build_report`` (extractions stripped of theirs) and no digest at all (every stage
computes from the text, as before digests existed). They must agree on every field,
on the fixtures and on a generated corpus with a conflict planted in every story.
"""

from __future__ import annotations

import pickle
from collections import Counter

import pytest

from quotecheck import dates, figures, link, pipeline
from quotecheck.engine import digest
from quotecheck.models import SEP, Article, ArticleExtraction, Report
from quotecheck.pipeline import build_report
from quotecheck.rules import RuleSet, default_rules

Batch = tuple[list[Article], list[ArticleExtraction]]


def _strip(exs: list[ArticleExtraction]) -> list[ArticleExtraction]:
    return [ex.model_copy(update={"digest": None}) for ex in exs]


def _dump(report: Report) -> dict:
    d = report.model_dump(mode="json")
    d.pop("tool_version")
    return d


def _without_digests(monkeypatch: pytest.MonkeyPatch, arts: list[Article], exs: list[ArticleExtraction],
                     rules: RuleSet) -> Report:
    """build_report with every stage on its own (no BatchDigest reaches them)."""
    with monkeypatch.context() as m:
        m.setattr(pipeline, "batch_digest", lambda *a: None)
        return build_report(arts, exs, [], rules)


#: the corpus of the ``generated_batch`` fixture (tests/conftest.py): stories, outlets, seed
GENERATED = (12, 4, 31)


@pytest.mark.parametrize("batch", ["fixtures_batch", "generated_batch"])
def test_report_is_the_same_with_digests_worked_out_in_parent_or_none(
        batch: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    arts, exs = request.getfixturevalue(batch)
    rules = default_rules()
    assert all(ex.digest is not None for ex in exs)
    shipped = build_report(arts, exs, [], rules)
    # Something to compare: stories, clusters and every kind of finding the checks make.
    assert len(shipped.stories) >= 4 and len(shipped.clusters) >= 10
    assert {"quote_altered", "figure_conflict", "date_conflict"} <= {f.kind for f in shipped.findings}
    expected = _dump(shipped)
    assert _dump(build_report(arts, _strip(exs), [], rules)) == expected
    assert _dump(_without_digests(monkeypatch, arts, exs, rules)) == expected


def test_shipped_digests_spare_the_report_stage_reading_article_text(
        fixtures_batch: Batch, monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of a digest: with one per extraction, build_report never scans an article
    for names or stems; stripped of them it does, once per article (not once per stage)."""
    arts, exs = fixtures_batch
    rules = default_rules()
    calls = {"names": 0, "stems": 0}

    def counted(name: str, fn):
        def wrapper(*a, **k):
            calls[name] += 1
            return fn(*a, **k)
        return wrapper

    monkeypatch.setattr(link, "article_names", counted("names", link.article_names))
    monkeypatch.setattr(link, "article_stem_counts", counted("stems", link.article_stem_counts))
    build_report(arts, exs, [], rules)
    assert calls == {"names": 0, "stems": 0}
    stripped = _strip(exs)
    first = build_report(arts, stripped, [], rules)
    assert calls == {"names": len(arts), "stems": len(arts)}
    # Worked out once, kept on the extractions: the next report over them (watch) reuses them.
    assert all(ex.digest == shipped.digest for ex, shipped in zip(stripped, exs, strict=True))
    assert _dump(build_report(arts, stripped, [], rules)) == _dump(first)
    assert calls == {"names": len(arts), "stems": len(arts)}


def _never(a: Article) -> dict[str, int]:
    raise AssertionError(f"{a.id}: stems recounted although the digest packed them")


def test_digest_parts_are_what_the_report_stage_computes(fixtures_batch: Batch) -> None:
    arts, exs = fixtures_batch
    rules = default_rules()
    c = link.compiled(rules)
    bd = digest.batch_digest(arts, exs, rules)
    assert bd is not None
    assert bd.names() == [link.article_names(a.text, c.name_stopwords) for a in arts]
    counts = bd.stem_counts(arts, _never)  # every article's stems were packed
    # Same stems, counts AND order (the story cosine sums in dict order).
    assert [list(x.items()) for x in counts] == [list(link.article_stem_counts(a.text, c.stopwords).items())
                                                 for a in arts]
    quotes = [q for ex in exs for q in ex.quotes]
    assert bd.quote_features(quotes) == [link.quote_features(q.text, q.start, c.stopwords)[1:] for q in quotes]
    assert bd.quote_features(quotes[1:]) is None  # other quotes: not used
    assert [ex.digest.wire for ex in exs] == [link.is_wire(a, c) for a in arts]
    assert [set(ex.digest.date_names) for ex in exs] == [dates.name_tokens(a.text, rules) for a in arts]
    assert bd.published(arts) == {a.id: dates.publication_date(a, rules)[0] for a in arts}
    quals = {q for ex in exs for f in ex.figures for q in f.qualifiers}
    assert bd.qualifiers() == {q: (figures.qualifier_dimension(q, rules), figures.one_sided_different(q, rules))
                               for q in quals}
    assert len({dim for dim, _ in bd.qualifiers().values()}) >= 2


def test_wire_copy_is_marked_in_the_digest_as_linking_marks_it() -> None:
    rules = default_rules()
    text = 'SEOUL (Reuters) - The minister said "we will keep talking to them" on Monday.'
    wire = Article(id="w", path="w.txt", text=text)
    local = Article(id="l", path="l.txt", text=text.replace("(Reuters) ", ""))
    assert pipeline.extract_article(wire, rules).digest.wire is True
    assert pipeline.extract_article(local, rules).digest.wire is False


def _with_link(rules: RuleSet, **update) -> RuleSet:
    files = [f.model_copy(update=update) if f.kind == "link" else f for f in rules.files]
    return RuleSet(files, rules.packs)


def test_a_digest_made_under_other_rules_is_not_used(fixtures_batch: Batch,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    arts, exs = fixtures_batch
    base = default_rules()
    lr = link.compiled(base).rules
    # The batch's commonest names and stems become stop words: the digests made under base are wrong.
    names = Counter(x for ex in exs for x in ex.digest.names).most_common(3)
    stems = Counter(x for ex in exs for x in ex.digest.stems.split(SEP)).most_common(3)
    other = _with_link(base, name_stopwords=[*lr.name_stopwords, *(x for x, _ in names)],
                       stopwords=[*lr.stopwords, *(x for x, _ in stems)])
    assert digest.rules_key(other) != digest.rules_key(base)
    made_here = [digest.article_digest(a, ex.quotes, other) for a, ex in zip(arts, exs, strict=True)]
    assert [d.names for d in made_here] != [ex.digest.names for ex in exs]
    assert [d.stems for d in made_here] != [ex.digest.stems for ex in exs]
    expected = _dump(_without_digests(monkeypatch, arts, exs, other))
    copies = [ex.model_copy() for ex in exs]  # build_report keeps the digests it works out on them
    assert _dump(build_report(arts, copies, [], other)) == expected
    assert all(ex.digest.rules_key == digest.rules_key(other) for ex in copies)
    assert expected != _dump(build_report(arts, exs, [], base))  # the rule change mattered


def test_a_digest_for_other_quotes_or_misaligned_batches_is_not_used(fixtures_batch: Batch) -> None:
    arts, exs = fixtures_batch
    rules = default_rules()
    # Quotes dropped after extraction (the digest still describes them all).
    fewer = [ex.model_copy(update={"quotes": ex.quotes[1:]}) if len(ex.quotes) > 2 else ex for ex in exs]
    assert fewer != exs
    assert _dump(build_report(arts, fewer, [], rules)) == _dump(build_report(arts, _strip(fewer), [], rules))
    # Articles and extractions not one to one in the same order: no batch digest at all.
    assert digest.batch_digest(arts[::-1], exs, rules) is None
    assert digest.batch_digest(arts[1:], exs, rules) is None


def test_a_stem_that_cannot_be_packed_is_counted_from_the_text(fixtures_batch: Batch) -> None:
    arts, exs = fixtures_batch
    rules = default_rules()
    c = link.compiled(rules)
    unpacked = [ex.model_copy(update={"digest": ex.digest.model_copy(update={"stems": None, "stem_counts": []})})
                for ex in exs]
    bd = digest.batch_digest(arts, unpacked, rules)
    assert bd is not None
    recounted: list[str] = []

    def recount(a: Article) -> dict[str, int]:
        recounted.append(a.id)
        return link.article_stem_counts(a.text, c.stopwords)

    assert bd.stem_counts(arts, recount) == digest.batch_digest(arts, exs, rules).stem_counts(arts, _never)
    assert recounted == [a.id for a in arts]
    assert _dump(build_report(arts, unpacked, [], rules)) == _dump(build_report(arts, exs, [], rules))


def test_digest_travels_by_pickle_but_never_into_json(fixtures_batch: Batch) -> None:
    _, exs = fixtures_batch
    ex = next(e for e in exs if e.quotes)
    back = pickle.loads(pickle.dumps(ex))
    assert back.digest == ex.digest and back.digest is not None and back.digest.quote_keys
    assert "digest" not in ex.model_dump() and "digest" not in ex.model_dump_json()
    again = ArticleExtraction.model_validate_json(ex.model_dump_json())
    assert again.digest is None and again.quotes == ex.quotes


def test_an_extraction_equals_its_copy_without_digest_but_not_other_content(fixtures_batch: Batch) -> None:
    """The digest is a cache: an extraction read back from the store (none) equals a fresh one."""
    _, exs = fixtures_batch
    ex = next(e for e in exs if e.quotes)
    assert _strip([ex])[0] == ex and ex.digest is not None
    assert ex.model_copy(update={"quotes": ex.quotes[1:]}) != ex
