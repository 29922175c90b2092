"""Wire the stages together: per-article extraction, then cross-article work.

``extract_article`` is pure and picklable (the unit for ``--jobs`` and Dask);
``build_report`` does what needs every article at once (entities, stories,
clusters, findings).
"""

from __future__ import annotations

from dataclasses import dataclass

from quotecheck import (
    __version__,
    attribution,
    checks,
    claims,
    dates,
    figures,
    link,
    quotes,
    reported,
    segment,
)
from quotecheck.engine.digest import article_digest, batch_digest
from quotecheck.engine.forkmap import fork_map
from quotecheck.engine.memory import gc_paused
from quotecheck.models import Article, ArticleExtraction, InputError, Report
from quotecheck.rules import RuleSet


@dataclass(frozen=True)
class Options:
    """Knobs that change results (not presentation)."""

    one_story: bool = False


def extract_article(article: Article, rules: RuleSet) -> ArticleExtraction:
    """Everything that can be found in one article alone, and the digest of it that
    ``build_report`` reads (``quotecheck.engine.digest``: work done here runs in parallel)."""
    seg = segment.segment(article, rules)
    qs = quotes.extract_quotes(article, seg, rules)
    qs = attribution.attribute(article, seg, qs, rules)
    figs = figures.extract_figures(article, seg, qs, rules)
    ds = dates.extract_dates(article, seg, rules)
    return ArticleExtraction(article_id=article.id, segmentation=seg, quotes=qs, figures=figs, dates=ds,
                             digest=article_digest(article, qs, rules, figs))


#: A short article in which every stage finds something (header, dateline, quotes with cues,
#: a channel, figures, dates), so that extracting it builds every rule the stages compile.
WARM_TEXT = (
    "Published on July 13, 2025\n\n"
    "Seoul, July 13 (AP) - Foreign Minister Jane Doe said on Saturday that about 1,200 troops "
    "and 30 tanks had arrived, three days after the talks of July 9. "
    "\u201cWe will not back down,\u201d Doe told reporters, according to the state news agency. "
    "\"It was a pearl of the coast,\" said a 40-year-old resident, who gave only one name. "
    "The toll rose to at least 26 dead and 17 injured by Friday evening, police said.\n\n"
    "Also Read: Another story\n"
)


def warm(rules: RuleSet) -> None:
    """Build the rules here, before worker processes start: forked workers inherit them and
    pickled ones receive them compiled (``RuleSet.__getstate__``), so none compiles again."""
    extract_article(Article(id="warm", path="<warm>", text=WARM_TEXT), rules)


def build_report(
    articles: list[Article],
    extractions: list[ArticleExtraction],
    errors: list[InputError],
    rules: RuleSet,
    options: Options = Options(),
    *,
    pair_stage: link.PairStage | None = None,
    jobs: int = 1,
    population: link.Population | None = None,
) -> Report:
    """Merge per-article results, link across articles and run the checks.

    ``pair_stage`` runs linking's pair stage elsewhere (``engine.pair_stage``:
    Dask workers or local processes); ``jobs`` > 1 lets the quote checks use that
    many processes; the report is the same either way. Each extraction's digest is
    used when it was made under ``rules`` (else worked out here): the same report.
    ``population``: the corpus-wide counts story grouping reads, when ``articles`` are the
    few stored stories an incoming article could join (``quotecheck.storeindex``).
    """
    with gc_paused():  # see memory.py: collections here made time grow with the square of the batch
        return _build_report(articles, extractions, errors, rules, options, pair_stage, jobs, population)


def _build_report(articles: list[Article], extractions: list[ArticleExtraction], errors: list[InputError],
                  rules: RuleSet, options: Options, pair_stage: link.PairStage | None, jobs: int = 1,
                  population: link.Population | None = None) -> Report:
    all_quotes = [q for ex in extractions for q in ex.quotes]
    all_quotes, entities = attribution.resolve_entities(all_quotes, rules)
    report = Report(
        tool_version=__version__,
        articles=articles,
        quotes=all_quotes,
        entities=entities,
        figures=[f for ex in extractions for f in ex.figures],
        dates=[d for ex in extractions for d in ex.dates],
        errors=errors,
    )
    bd = batch_digest(articles, extractions, rules)
    report.stories = link.group_stories(report, rules, one_story=options.one_story, digest=bd,
                                      population=population)
    # One prepared list for linking and the quote checks (each prepared its own before).
    infos = link.prepare(report, report.stories, rules, digest=bd)
    report.clusters, report.edges = link.link_quotes(report, rules, pair_stage=pair_stage, infos=infos)
    report.reported = reported.find_reported(report, infos, rules)
    pubs = bd.published(articles) if bd is not None and len(bd.articles) == len(articles) else \
        {a.id: dates.publication_date(a, rules)[0] for a in articles}
    report.claims, report.claims_left_out = claims.build_claims(report, rules, pubs)
    report.findings = checks.run_checks(report, rules, infos=infos, digest=bd, jobs=jobs,
                                       parallel_map=fork_map)
    return report
