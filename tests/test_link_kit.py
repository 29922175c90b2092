"""Hand-built articles and quotes for the link and quote-check tests (no test functions here).

The texts are ours, modelled on wire-copy patterns: a pledge relayed by an
agency, a minister's similar pledge, a scare-quoted atmosphere, fragments.
"""

from __future__ import annotations

import datetime as dt

from quotecheck import link
from quotecheck.checks import quotes as quote_checks
from quotecheck.models import Article, Quote, Report
from quotecheck.rules import RuleSet, bundled_rules_dir, load_file


def link_rules(**overrides: dict) -> RuleSet:
    """Only rules/link.yml (other stages' packs are not this test's business)."""
    rf = load_file(bundled_rules_dir() / "link.yml")
    for section, values in overrides.items():
        setattr(rf, section, getattr(rf, section).model_copy(update=values))
    return RuleSet([rf], [])


PLEDGE = ("ready to fully back and finance every step taken by the regional council "
          "as regards the repair of the northern dam")

TEXTS = {
    "wire": (
        "VALLETTA, March 3 (AP) — President Mara Velk said her government was "
        f"\u201c{PLEDGE}.\u201d The talks took place in \u201ca spirit of frank and friendly "
        "cooperation,\u201d the agency said. Velk called the project a \u201chistoric duty\u201d for "
        "the coast.\n"
    ),
    "daily": (
        "Mara Velk told reporters her government was \"Ready to fully back and fi-\nnance every "
        "step taken by the regional council — as regards the repair of the northern dam,\" "
        "according to AP. The meeting was held in a \"frank, friendly spirit\". Finance Minister "
        "Oren Dahl pledged \"full sympathy and backing for every step taken by the regional "
        "government to fix the root problem of the northern dam.\"\n"
    ),
    "blog": (
        "Velk promised support \"to repair the northern dam.\" She called it a \"historic duty\" "
        "and a \"historic duty for the whole coast of Malta\".\n"
    ),
}

SPEAKERS = {
    ("wire", PLEDGE): ("Mara Velk", None),
    ("daily", "Ready to fully back"): ("Mara Velk", "AP"),
    ("daily", "full sympathy"): ("Oren Dahl", None),
    ("wire", "a spirit of"): ("AP", None),
}


def quotes_in(aid: str, text: str, speakers: dict | None = None) -> list[Quote]:
    """Every stretch between straight or curly double quote marks, with exact offsets."""
    out = []
    i = 0
    while True:
        s = min((p for p in (text.find("\u201c", i), text.find('"', i)) if p >= 0), default=-1)
        if s < 0:
            return out
        e = min(p for p in (text.find("\u201d", s + 1), text.find('"', s + 1)) if p >= 0)
        body = text[s + 1:e]
        spk, ch = None, None
        for (a, prefix), who in (speakers if speakers is not None else SPEAKERS).items():
            if a == aid and body.startswith(prefix):
                spk, ch = who
        out.append(Quote(id=f"{aid}:q{len(out) + 1}", article_id=aid, start=s + 1, end=e,
                         text=body, speaker=spk, channel=ch,
                         speaker_evidence="cue" if spk else None))  # as if "X said" named them
        i = e + 1


def make_report(texts: dict[str, str] | None = None, speakers: dict | None = None,
                dates: dict[str, dt.date] | None = None) -> Report:
    texts = TEXTS if texts is None else texts
    arts = [Article(id=k, path=f"{k}.txt", text=v, published=(dates or {}).get(k))
            for k, v in texts.items()]
    qs = [q for a in arts for q in quotes_in(a.id, a.text, speakers)]
    return Report(articles=arts, quotes=qs)


def run(report: Report, rules: RuleSet | None = None, one_story: bool = False) -> Report:
    """group_stories -> link_quotes -> the quote checks, as pipeline.build_report does.

    Only this stage's check runs: the figure and date checks need their own packs.
    """
    rules = rules or link_rules()
    report.stories = link.group_stories(report, rules, one_story=one_story)
    report.clusters, report.edges = link.link_quotes(report, rules)
    report.findings = quote_checks.check(report, rules)
    return report


def cluster_of(report: Report, quote_prefix: str):
    for c in report.clusters:
        if any(m.text.startswith(quote_prefix) for m in c.members):
            return c
    return None
