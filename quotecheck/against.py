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

from quotecheck.engine.extraction import Extractor, kept
from quotecheck.errors import EXIT_ERROR, EXIT_OK, err
from quotecheck.models import Article, InputError, Report
from quotecheck.pipeline import Options, build_report
from quotecheck.rules import RuleSet
from quotecheck.store import (
    Corpus,
    Extract,
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
    corpus, corpus_errors = read_corpus(args.against, rules, extract)
    errors = [*errors, *corpus_errors]
    for e in errors:
        err(str(e))
    for a in articles:
        for w in a.warnings:
            err(f"{a.path}: warning: {w}")
    report = check_incoming(articles, corpus, errors, rules, extract,
                            Options(one_story=getattr(args, "one_story", False)))
    report.errors.extend(extract.errors)  # already printed as they happened
    return report, (EXIT_ERROR if report.errors else EXIT_OK)
