"""Per-article digests: the cross-article stage's per-article work, done at extraction.

``pipeline.build_report`` runs serially in the parent process, but most of what it
did per article (an article's names and content-stem counts for story grouping, its
person-name tokens for the date check, each quote's words, same-key and content
stems for linking) depends on that article alone. ``article_digest`` works it out
in ``pipeline.extract_article``, which runs in worker processes or on Dask, and
ships it with the extraction (``ArticleExtraction.digest``, pickled, never dumped).

Results are identical with or without digests by construction: every part is
made by the very function the report stage calls when there is none
(``link.article_names``, ``link.article_stem_counts``, ``link.is_wire``,
``link.quote_features``, ``dates.name_tokens``). A digest made under another rule
set (``rules_key``) or for other quotes is not used; ``batch_digest`` then works
that article's digest out in the parent.
"""

from __future__ import annotations

from quotecheck import dates, figures, link
from quotecheck.models import (
    SEP,
    Article,
    ArticleDigest,
    ArticleExtraction,
    BatchDigest,
    Figure,
    Quote,
)
from quotecheck.rules import RuleSet, rules_hash


def rules_key(rules: RuleSet) -> str:
    """Which rule set a digest was made with (a hash of every rule, as the store keys on)."""
    return rules.compiled("digest-key", rules_hash)


def article_digest(article: Article, quotes: list[Quote], rules: RuleSet,
                   figs: list[Figure] | None = None) -> ArticleDigest:
    """Everything ``build_report`` needs from this article alone (``quotes``, ``figs``: its
    extracted quotes and figures)."""
    c = link.compiled(rules)
    counts = link.article_stem_counts(article.text, c.stopwords)
    packed = None if any(SEP in w for w in counts) else SEP.join(counts)
    feats = [link.quote_features(q.text, q.start, c.stopwords)[1:] for q in quotes]
    return ArticleDigest.model_construct(
        set(),  # fields set: nothing reads it, and it would travel with every extraction
        rules_key=rules_key(rules),
        names=sorted(link.article_names(article.text, c.name_stopwords)),
        stems=packed,
        stem_counts=list(counts.values()) if packed is not None else [],
        date_names=sorted(dates.name_tokens(article.text, rules)),
        published=dates.publication_date(article, rules)[0],
        qualifiers={q: (figures.qualifier_dimension(q, rules), figures.one_sided_different(q, rules))
                    for f in figs or [] for q in f.qualifiers},
        wire=link.is_wire(article, c),
        quote_norms=[f[0] for f in feats],
        quote_keys=[f[1] for f in feats],
        quote_stems=[f[2] for f in feats],
    )


def usable(ex: ArticleExtraction, rules: RuleSet) -> bool:
    """A digest made under these rules for these quotes."""
    d = ex.digest
    return d is not None and d.rules_key == rules_key(rules) and len(d.quote_keys) == len(ex.quotes)


def batch_digest(articles: list[Article], extractions: list[ArticleExtraction],
                 rules: RuleSet) -> BatchDigest | None:
    """The batch's digests: each extraction's own when usable, else worked out here.

    A digest worked out here is kept on its extraction (a cache: dumps never show it),
    so the next report over the same extractions does not redo it: ``watch`` builds
    one per incoming file over the whole stored corpus, whose extractions come
    without digests. None when ``articles`` and ``extractions`` are not one-to-one in
    the same order (then the report stage computes everything itself, as without digests).
    """
    if len(articles) != len(extractions) or any(a.id != ex.article_id
                                                for a, ex in zip(articles, extractions, strict=True)):
        return None
    for a, ex in zip(articles, extractions, strict=True):
        if not usable(ex, rules):
            ex.digest = article_digest(a, ex.quotes, rules, ex.figures)
    return BatchDigest([ex.digest for ex in extractions],  # type: ignore[misc]
                       [q.id for ex in extractions for q in ex.quotes])
