"""Incoming copy: check new articles against earlier coverage (``check NEW... --against CORPUS``).

Only findings whose evidence touches at least one new article are reported:
the earlier coverage was already checked when it came in, and its old
disagreements are not news to the desk. CORPUS is a folder (read and
extracted like any input) or a store file (``store.py``), whose stored
extractions are loaded so only the cross-article stage runs again.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from quotecheck import storeindex
from quotecheck.engine.extraction import Extractor, kept
from quotecheck.errors import EXIT_ERROR, EXIT_OK, err
from quotecheck.models import Article, InputError, Report
from quotecheck.pipeline import Options, build_report
from quotecheck.rules import RuleSet
from quotecheck.store import (
    Corpus,
    Extract,
    ExtractionKey,
    Store,
    StoreError,
    content_hash,
    is_store_file,
    load_corpus,
    unique_id,
)


def involves(finding_articles: set[str], new_ids: set[str]) -> bool:
    return not finding_articles.isdisjoint(new_ids)


def focus(report: Report, new_ids: set[str]) -> Report:
    """The report cut down to what involves the new articles.

    Kept: findings and clusters with a new article in them; the articles they
    point at (new ones always); those articles' quotes, figures and dates; the
    stories holding a new article. The result stays self-consistent, so every
    renderer can present it like any other report.
    """
    findings = [f for f in report.findings if involves({s.article_id for s in f.evidence}, new_ids)]
    clusters = [c for c in report.clusters if involves({m.article_id for m in c.members}, new_ids)]
    keep = set(new_ids)
    keep.update(s.article_id for f in findings for s in f.evidence)
    keep.update(m.article_id for c in clusters for m in c.members)
    quotes = [q for q in report.quotes if q.article_id in keep]
    qids = {q.id for q in quotes}
    speakers = {q.speaker for q in quotes if q.speaker}
    stories = [s.model_copy(update={"article_ids": [i for i in s.article_ids if i in keep]})
               for s in report.stories if involves(set(s.article_ids), new_ids)]
    return report.model_copy(update={
        "articles": [a for a in report.articles if a.id in keep],
        "stories": stories,
        "quotes": quotes,
        "entities": [e for e in report.entities if e.name in speakers],
        "clusters": clusters,
        "edges": [e for e in report.edges if e.source in qids and e.target in qids],
        "reported": [r for r in report.reported if r.article_id in keep and set(r.quote_ids) <= qids
                     and involves({r.article_id, *(q.rsplit(":", 1)[0] for q in r.quote_ids)}, new_ids)],
        "figures": [f for f in report.figures if f.article_id in keep],
        "dates": [d for d in report.dates if d.article_id in keep],
        "findings": findings,
    })


def prepare_incoming(new: list[Article], corpus: Corpus) -> tuple[list[Article], Corpus]:
    """Make new articles and the corpus fit together in one report.

    A new article whose content is already in the corpus (a file re-sent, or
    the NEW files lying inside the CORPUS folder) replaces its corpus copy, so
    it is not compared with itself. A new article whose id is taken by
    different earlier copy (``ap.txt`` again today) gets ``<id>-2``; the new
    articles are not extracted yet, so their quote ids follow.
    """
    new_hashes = {content_hash(a) for a in new}
    kept = [(a, ex) for a, ex in zip(corpus.articles, corpus.extractions, strict=True)
            if content_hash(a) not in new_hashes]
    taken = {a.id for a, _ in kept}
    renamed: list[Article] = []
    for art in new:
        new_id = unique_id(art.id, taken)
        taken.add(new_id)
        renamed.append(art if new_id == art.id else art.model_copy(update={"id": new_id}))
    return renamed, Corpus([a for a, _ in kept], [ex for _, ex in kept], corpus.recomputed)


def check_incoming(new: list[Article], corpus: Corpus, errors: list[InputError], rules: RuleSet,
                   extract: Extract, options: Options | None = None) -> Report:
    """Extract the new articles, build one report with the corpus, keep what involves them."""
    new, corpus = prepare_incoming(new, corpus)
    new, new_ex = kept(new, extract(new))
    report = build_report([*corpus.articles, *new], [*corpus.extractions, *new_ex], errors, rules,
                          options or Options())
    return focus(report, {a.id for a in new})


def check_against_store(new: list[Article], store: Store, errors: list[InputError], rules: RuleSet,
                        extract: Extract, options: Options | None = None) -> Report:
    """``check_incoming`` against an indexed store, reading only what the new articles could touch.

    The same steps on fewer articles: a new article whose content is stored replaces its stored
    copy, a taken id becomes ``<id>-2``; then the stored stories the new articles could join
    (``storeindex.neighbourhood``, indexed queries) are loaded with their extractions and
    digests, and ``build_report`` groups them with the corpus-wide counts, so each new article
    lands in the story the full check would give it. Findings are made inside a story, so
    the focused report is the full check's (tests/test_against_index.py).
    """
    key = ExtractionKey.of(rules)
    replaced = {s for s in (store.seq_of_hash(content_hash(a)) for a in new) if s is not None}
    taken: set[str] = set()

    def is_taken(i: str) -> bool:
        seq = store.seq_of_id(i)
        return i in taken or (seq is not None and seq not in replaced)

    renamed = []
    for art in new:
        new_id = unique_id(art.id, is_taken)
        taken.add(new_id)
        renamed.append(art if new_id == art.id else art.model_copy(update={"id": new_id}))
    arts, exs = kept(renamed, extract(renamed))
    keys = [storeindex.article_keys(a, ex, rules) for a, ex in zip(arts, exs, strict=True)]
    hood = storeindex.neighbourhood(store.conn, keys, rules, replaced)
    digests = {s.id: s.digest for s in hood.stored}
    pairs = store.load((s.seq for s in hood.stored), key)
    for _, ex in pairs:
        ex.digest = digests.get(ex.article_id)
    report = build_report([*(a for a, _ in pairs), *arts], [*(ex for _, ex in pairs), *exs], errors, rules,
                          options or Options(), population=hood.population)
    return focus(report, {a.id for a in arts})


def read_corpus(path: str, rules: RuleSet, extract: Extract) -> tuple[Corpus, list[InputError]]:
    """Earlier coverage from a store file (stored extractions) or a folder/file (read + extract)."""
    from quotecheck.ingest import read_paths

    p = Path(path)
    if not p.exists():
        raise StoreError(f"{path}: --against: no such folder or store")
    if p.is_file() and is_store_file(p):
        with Store(p) as store:
            return load_corpus(store, rules, extract), []
    if isinstance(extract, Extractor):  # the workers read the files they extract
        articles, errors, outcomes = extract.read([path])
        articles, extractions = kept(articles, outcomes)
        return Corpus(articles, extractions), errors
    articles, errors = read_paths([path], rules=rules)
    articles, extractions = kept(articles, extract(articles))
    return Corpus(articles, extractions), errors


def run_against(args: argparse.Namespace, rules: RuleSet) -> tuple[Report, int]:
    """``check NEW... --against CORPUS`` for the CLI: (focused report, base exit code)."""
    from quotecheck.ingest import read_paths

    extract = Extractor.from_args(args, rules, report=err)
    articles, errors = read_paths(args.paths, rules=rules)
    options = Options(one_story=getattr(args, "one_story", False))
    indexed = _indexed_store(args.against, rules, options)
    if indexed is not None:
        for e in errors:
            err(str(e))
        for a in articles:
            for w in a.warnings:
                err(f"{a.path}: warning: {w}")
        with indexed as store:
            report = check_against_store(articles, store, errors, rules, extract, options)
        report.errors.extend(extract.errors)
        return report, (EXIT_ERROR if report.errors else EXIT_OK)
    corpus, corpus_errors = read_corpus(args.against, rules, extract)
    errors = [*errors, *corpus_errors]
    for e in errors:
        err(str(e))
    for a in articles:
        for w in a.warnings:
            err(f"{a.path}: warning: {w}")
    report = check_incoming(articles, corpus, errors, rules, extract, options)
    report.errors.extend(extract.errors)  # already printed as they happened
    return report, (EXIT_ERROR if report.errors else EXIT_OK)


def _indexed_store(path: str, rules: RuleSet, options: Options) -> Store | None:
    """The store at ``path`` when its index serves these rules; else None (the full check runs).

    ``--one-story`` puts everything in one story, which the index cannot narrow down; a store
    not indexed under these rules (migrated, or other rules) is checked in full, with a note.
    """
    p = Path(path)
    if options.one_story or not (p.is_file() and is_store_file(p)):
        return None
    store = Store(p)
    if store.indexed(ExtractionKey.of(rules)):
        return store
    store.close()
    err(f"note: {path} is not indexed for these rules: checking against every stored article "
        f"(run 'quotecheck store reindex --store {path}')")
    return None
