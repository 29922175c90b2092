"""``quote_altered`` for a quote retold as reported speech in another article
(``Report.reported``, quotecheck/reported.py): the quote's words against the reported clause.

A report paraphrases by nature ("I saw" becomes "he saw"), so the finding is ``info``: the
fact-checker sees the two versions side by side. A changed number or negation is a
``warning`` (``a few`` → ``several`` is wording; ``19`` → ``29`` or "will" → "will not" is
what a careful editor calls a different claim, but the report is not the speaker's words,
so never an error). The pronouns a report shifts (``person_shift``) are no change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quotecheck import link
from quotecheck import reported as reported_mod
from quotecheck.checks import quotes as quote_checks
from quotecheck.models import Article, Finding, Report, ReportedSpeech, Severity
from quotecheck.rules import RuleSet
from quotecheck.textnorm import tokenize

if TYPE_CHECKING:
    from quotecheck.link import QInfo


def _shift_only(r: dict, shift: frozenset[str]) -> bool:
    """A replacement of pronouns by pronouns ("I" → "he"): how reported speech is written."""
    a, b = r["from"].get("text", ""), r["to"].get("text", "")
    return bool(a and b) and all(w.casefold() in shift for w in (a + " " + b).split())


def summary(det: dict, shift: frozenset[str]) -> str:
    """What changed, in words: replaced, dropped, added (pronoun shifts left out)."""
    parts = [f"replaced {quote_checks.quoted(r['from']['text'], 40)} → {quote_checks.quoted(r['to']['text'], 40)}"
             for r in det["replaced"] if not _shift_only(r, shift)]
    parts += [f"dropped {quote_checks.quoted(d['text'], 40)}" for d in det["dropped"] if d.get("text")]
    parts += [f"added {quote_checks.quoted(a['text'], 40)}" for a in det["added"] if a.get("text")]
    return "; ".join(parts)


def reported_finding(rs: ReportedSpeech, by_id: dict[str, QInfo], c: link.Compiled,
                     rc: reported_mod.Compiled, arts: dict[str, Article]) -> Finding | None:
    """The quote's wording against the reported clause, or None when they read alike."""
    carriers = [by_id[q] for q in rs.quote_ids if q in by_id]
    if not carriers:
        return None
    canon = carriers[0]
    ctoks = link.quote_tokens(canon)
    vtoks = tokenize(rs.span.text, rs.span.start)
    ch = quote_checks.classify(ctoks, vtoks, c)
    ca, va = arts.get(canon.quote.article_id), arts.get(rs.article_id)
    det = quote_checks.diff_details(ch, ctoks, vtoks, ca, va)
    if not det["dropped"] and all(_shift_only(r, rc.person_shift) for r in det["replaced"]):
        return None  # every quoted word is there: words around it are how a report is written
    changes = summary(det, rc.person_shift)
    nums = quote_checks.number_changes(ch, ctoks, vtoks, c, ca, va)
    det["figures_changed"] = nums
    serious = [r for r in ch.reasons if r in ("number", "negation")]
    severity = Severity.warning if serious else Severity.info
    srcs = sorted({x.quote.article_id for x in carriers})
    how = f" ({', '.join(serious)} changed)" if serious else ""
    msg = (f"{rs.article_id} retells {rs.speaker}'s quoted words as reported speech{how}: "
           f"{quote_checks.quoted(rs.span.text)} where {', '.join(srcs)} {'quotes' if len(srcs) == 1 else 'quote'} "
           f"{quote_checks.quoted(canon.quote.text, 120)}: {changes}")
    det.update({"reported": True, "reported_id": rs.id, "relation": rs.relation,
                "similarity": rs.similarity, "canonical_quote_id": canon.quote.id,
                "quote_ids": rs.quote_ids, "canonical_articles": srcs, "subject": rs.speaker,
                "speaker_span": rs.speaker_span.model_dump(), "cue_span": rs.cue_span.model_dump()})
    evidence = [rs.span] + [quote_checks.quote_span(x.quote) for x in carriers]
    return Finding(id="", kind="quote_altered", severity=severity, message=msg, evidence=evidence,
                   story_id=rs.story_id, details=det)


def check(report: Report, rules: RuleSet, *, infos: list[QInfo] | None = None) -> list[Finding]:
    """One finding per reported clause whose wording differs from the quote it retells."""
    rc = reported_mod.compiled(rules)
    if not report.reported or rc is None:
        return []
    c = link.compiled(rules)
    prepared = link.prepare(report, report.stories, rules) if infos is None else infos
    by_id = {qi.quote.id: qi for qi in prepared}
    arts = {a.id: a for a in report.articles}
    found = (reported_finding(rs, by_id, c, rc, arts) for rs in report.reported)
    return [f for f in found if f is not None]
