"""Extraction as a command runs it: engine, progress bar, and failures cut to one article.

Every command that extracts (``check``, ``check --against``, ``store add``,
``watch``) goes through ``Extractor``, so they share the engine options
(``--jobs``, ``--engine``, ``--scheduler``) and one rule for failures: when a
rule fails on some article (a user regex that times out), only that article is
dropped, with a one-line error naming its file, and the batch goes on.

``Extractor.read`` reads the files too, in the worker processes that extract
them (``engine.read_extract_all``); the results are those of ``read_paths``
followed by a call of the extractor.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from quotecheck.models import Article, ArticleExtraction, InputError
from quotecheck.rules import RuleError, RuleSet

#: One extraction per article, ``None`` where a rule failed on it.
Extractions = list[ArticleExtraction | None]

#: Shown what was read (articles, input errors) before any extraction failure is reported.
Announce = Callable[[list[Article], list[InputError]], None]


class Extractor:
    """Call with a list of articles; get their extractions in the same order.

    A ``RuleError`` on the whole batch is retried one article at a time in this
    process, so the failing article is found and reported (``errors``, and the
    ``report`` callback) and every other article is still extracted.
    """

    def __init__(self, rules: RuleSet, *, jobs: int | None = None, engine: str = "local",
                 scheduler: str | None = None, report: Callable[[str], None] | None = None) -> None:
        self.rules = rules
        self.options = {"jobs": jobs, "engine": engine, "scheduler": scheduler}
        self.report = report
        self.errors: list[InputError] = []

    @classmethod
    def from_args(cls, args: argparse.Namespace, rules: RuleSet,
                  report: Callable[[str], None] | None = None) -> Extractor:
        """The engine options a command line gave (absent ones keep their defaults)."""
        return cls(rules, jobs=getattr(args, "jobs", None), engine=getattr(args, "engine", None) or "local",
                   scheduler=getattr(args, "scheduler", None), report=report)

    def __call__(self, articles: list[Article]) -> Extractions:
        from quotecheck.engine.local import extract_all
        from quotecheck.report.progress import extraction_progress

        if not articles:
            return []
        try:
            with extraction_progress(len(articles)) as progress:  # a bar only on a terminal, after a delay
                return list(extract_all(articles, self.rules, progress=progress, **self.options))
        except RuleError:
            return [self._one(a) for a in articles]

    def read(self, paths: list[str], *, announce: Announce | None = None, max_bytes: int | None = None,
             slim: bool = False) -> tuple[list[Article], list[InputError], Extractions]:
        """Read ``paths`` and extract every article: ``read_paths`` then ``self(articles)``.

        Locally the workers read the files they extract (the parent only walks the
        folders); with Dask the files are read here and the articles sent to the
        cluster. ``announce`` sees the articles and input errors before any rule
        failure is reported, in the order the two steps would give. ``slim``: extractions
        without segmentations, for a report that is not stored (``engine.extract_or_fail``).
        """
        from quotecheck.engine.local import RuleFailure, read_extract_all
        from quotecheck.ingest import plan_paths, read_paths
        from quotecheck.report.progress import extraction_progress

        if self.options["engine"] == "dask":
            articles, errors = read_paths(paths, rules=self.rules, max_bytes=max_bytes)
            if announce:
                announce(articles, errors)
            return articles, errors, self(articles)
        plan = plan_paths(paths, max_bytes=max_bytes)
        with extraction_progress(sum(not isinstance(x, InputError) for x in plan)) as progress:
            articles, errors, outcomes = read_extract_all(plan, self.rules, jobs=self.options["jobs"],
                                                          max_bytes=max_bytes, progress=progress, slim=slim)
        if announce:
            announce(articles, errors)
        out: Extractions = []
        for art, res in zip(articles, outcomes, strict=True):
            out.append(self._failed(art, res.reason) if isinstance(res, RuleFailure) else res)
        return articles, errors, out

    def _one(self, article: Article) -> ArticleExtraction | None:
        from quotecheck.pipeline import extract_article

        try:
            return extract_article(article, self.rules)
        except RuleError as exc:
            return self._failed(article, " ".join(str(exc).split()))

    def _failed(self, article: Article, reason: str) -> None:
        """Report a rule failure on one article (which is then left out)."""
        which = "" if article.id == Path(article.path).stem else f"article {article.id!r}: "
        err = InputError(path=article.path, reason=which + reason)
        self.errors.append(err)
        if self.report:
            self.report(str(err))


def kept(articles: list[Article], extractions: Extractions) -> tuple[list[Article], list[ArticleExtraction]]:
    """The articles that were extracted, with their extractions (failed ones left out)."""
    pairs = [(a, ex) for a, ex in zip(articles, extractions, strict=True) if ex is not None]
    return [a for a, _ in pairs], [ex for _, ex in pairs]
