"""Inject one conflict at a time into copies of the real wire-copy articles; is it caught?

For each JSON set of ../shared/wirecopy, from the untouched report:

* ``toll``: a source's value of a figure claim (two sources or more) is replaced by a clearly
  different one: for a non-rising quantity three times the value plus 7; for a rising count
  (tolls, injured, acres) a value that breaks the story's order as the claims stage sees it
  (lower than an earlier source's in a later source, higher than a later source's in an
  earlier one, or, with no order at all, far above every stage), never a later floor lowered
  or a higher figure later, which is what a developing story looks like; a count that may rise
  or fall (missing) gets none. Claims with nothing to break are printed as ``skipped``.
  ``--tolls round2``: the second round's policy, to compare;
* ``quote``: a number inside a quote that two articles carry is changed in one of them;
* ``date``: the day of a written date of an event two sources date is moved three days;
* ``weekday``: a weekday written next to its own date is changed;
* ``speaker``: the cue-named speaker of a full quote two articles carry (another of them naming
  a speaker too) is replaced by another person the story quotes.

An injection is *caught* when a finding at warning or error (figure_conflict / quote_altered /
date_conflict) has evidence overlapping the changed text. Articles are read and checked in this
process (ingest, extract_article, build_report: what ``check --jobs 1`` runs), the files never
written back. Prints per set and kind: caught / injected, and the share (target >= 90%).

    python bench/inject_conflicts.py [--set NAME] [--max-per-kind N] [--json] [--tolls stages|round2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import regex

from quotecheck.ingest import read_paths
from quotecheck.models import Article, Report
from quotecheck.pipeline import build_report, extract_article
from quotecheck.rules import default_rules

ROOT = Path(__file__).resolve().parent.parent
WIRE = ROOT.parent / "shared" / "wirecopy"
SETS = ("pahalgam-attack-2025-04", "la-wildfires-2025-01", "hurricane-melissa-2025-10", "kim-lavrov-2025-07")
KINDS = {"toll": "figure_conflict", "quote": "quote_altered", "date": "date_conflict", "weekday": "date_conflict",
         "speaker": "speaker_conflict"}
_DIGITS = regex.compile(r"\d[\d,]*")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@dataclass
class Injection:
    kind: str
    article_id: str
    spots: list[tuple[int, int]]  # spans of the original text replaced by ``new``
    new: str
    what: str

    def apply(self, text: str) -> tuple[str, list[tuple[int, int]]]:
        """The changed text and the changed spans in it."""
        out, spans, shift, pos = [], [], 0, 0
        for s, e in sorted(self.spots):
            out.append(text[pos:s] + self.new)
            spans.append((s + shift, s + shift + len(self.new)))
            shift += len(self.new) - (e - s)
            pos = e
        return "".join(out) + text[pos:], spans


def report_of(articles: list[Article]) -> Report:
    rules = default_rules()
    exs = [extract_article(a, rules) for a in articles]
    return build_report(articles, exs, [], rules)


def _digits_in(text: str, start: int, end: int) -> tuple[int, int, int] | None:
    m = _DIGITS.search(text, start, end)
    if not m:
        return None
    return m.start(), m.end(), int(m.group().replace(",", ""))


def _toll(c, v, texts: dict[str, str], factor: str) -> Injection | None:
    """Every mention of source ``v``'s number in claim ``c`` changed: one toll throughout the copy."""
    d = _digits_in(texts[v.article_id], v.span.start, v.span.end)
    if d is None or d[2] == 0:
        return None
    return _toll_to(c, v, texts, max(1, d[2] // 3) if factor == "lower" else d[2] * 3 + 7)


def _toll_to(c, v, texts: dict[str, str], new: int) -> Injection | None:
    """Every mention of source ``v``'s number in claim ``c`` set to ``new``."""
    d = _digits_in(texts[v.article_id], v.span.start, v.span.end)
    if d is None:
        return None
    n = d[2]
    spots = [x for w in c.values if w.article_id == v.article_id
             if (x := _digits_in(texts[v.article_id], w.span.start, w.span.end)) and x[2] == n]
    return Injection("toll", v.article_id, [(s, e) for s, e, _ in spots], f"{new:,}" if new >= 1000 else str(new),
                     f"{c.id}: {v.article_id} ({v.published or 'undated'}) {n} -> {new}")


def toll_injections_round2(rep: Report) -> list[Injection]:
    """The second round's policy (``--tolls round2``), kept to compare: per figure claim with two
    sources or more. A rising count (tolls, injured): the latest dated source a third of its
    value, the earliest dated one three times plus 7; with no dated source, one source three
    times plus 7. Any other quantity: up to three sources, each three times plus 7. It also
    injects what no reader could detect (a later floor lowered, a rising count higher later)."""
    from quotecheck.claims import lexicon

    lex = lexicon(default_rules())
    texts = {a.id: a.text for a in rep.articles}
    out = []
    for c in rep.claims:
        if c.kind != "figure" or len({v.article_id for v in c.values}) < 2:
            continue
        cur = [v for v in c.values if v.current]
        picks: list[tuple] = []
        if c.subject in lex.growing or c.subject in lex.changing:
            dated = sorted((v for v in cur if v.published), key=lambda v: (v.published, v.article_id))
            if dated:
                picks = [(dated[-1], "lower"), (dated[0], "higher")]
            else:
                picks = [(cur[len(cur) // 2], "higher")]
        else:
            picks = _other_picks(cur)
        for v, how in picks:
            inj = _toll(c, v, texts, how)
            if inj is not None:
                out.append(inj)
    return out


def _other_picks(cur: list) -> list[tuple]:
    """A quantity that does not rise: up to three sources, each three times plus 7."""
    picks: list[tuple] = []
    seen: set[str] = set()
    for v in cur:
        if v.article_id not in seen and len(picks) < 3:
            picks.append((v, "higher"))
            seen.add(v.article_id)
    return picks


def main_claim(claims: list, lex) -> object | None:
    """The story's main rising count as ``claims.main_count`` picks it (the growing claim,
    unscoped or of one place, that most sources give, at least three), from the report's claims:
    its values are the clocks that order undated and same-day sources."""
    cands = [c for c in claims if c.kind == "figure" and c.subject in lex.growing and c.unit is None
             and len(c.scope) <= 1 and all(x.startswith("place:") for x in c.scope)
             and len({v.article_id for v in c.values}) >= 3]
    return max(cands, key=lambda c: (len({v.article_id for v in c.values}), c.subject == "deaths", not c.scope,
                                     c.subject), default=None)


def stage_reps(c, clocks: dict[str, tuple[float, float]]) -> dict[str, object]:
    """article id -> the claims stage's Rep of its current value (publication day, clock)."""
    from quotecheck.claims import Rep

    return {v.article_id: Rep(v.article_id, v.low or 0.0, v.high, v.published, clocks.get(v.article_id))
            for v in c.values if v.current}


def _n_of(v, texts: dict[str, str]) -> int | None:
    """The number a value's text writes in digits (None: in words)."""
    d = _digits_in(texts[v.article_id], v.span.start, v.span.end)
    return d[2] if d else None


def _ratio(r, n: int, end: str) -> float:
    """How the interval's ``end`` (low | high) scales with the written number ("about 20": 0.9, 1.1)."""
    x = r.low if end == "low" else r.high
    return 1.0 if n == 0 else x / n


FAR_PICKS = 4  # sources of an unordered rising count that get a value far above every stage


def _stage_picks(c, reps: dict, texts: dict[str, str]) -> tuple[list[tuple], str]:
    """Injections that break a rising count's order (``--tolls stages``), and why none when none:

    * a later source lower than an earlier one: the latest source with a bounded value ("24",
      "about 24", "up to 24", not "at least 24") set to a third of the highest low of the sources
      certainly before it (its interval then ends below that value);
    * an earlier source higher than a later one: the earliest source whose value, three times
      the lowest bounded value of the sources certainly after it plus 7, then starts above it;
    * no order between any two sources: up to FAR_PICKS sources spread over the claim, each on
      its own three times the highest value of any plus 7, far above every stage of the story.

    A later floor lowered ("at least 20" -> "at least 6") or a higher figure later is what a
    developing story looks like: never injected."""
    from quotecheck.claims import before

    cur = {v.article_id: v for v in c.values if v.current}
    ns = {aid: _n_of(v, texts) for aid, v in cur.items()}
    order = [(a, b) for a in reps.values() for b in reps.values() if a is not b and before(a, b)]
    if not order:
        rs = [r for aid, r in reps.items() if ns.get(aid)]
        if not rs:
            return [], "no order, and no source gives its value in digits"
        top = max(r.high if r.high is not None else r.low for r in reps.values())
        rs.sort(key=lambda r: (r.published or dt.date.max, r.article_id))
        step = max(1, -(-len(rs) // FAR_PICKS))
        return [(cur[r.article_id], int(3 * top + 7)) for r in rs[::step]], ""

    def stage(r) -> tuple:
        return (r.published or dt.date.min, r.clock or (0.0, 0.0))

    lower = [b for b in sorted(reps.values(), key=stage, reverse=True)
             if b.high is not None and max((a.low for a, x in order if x is b), default=0.0) >= 2]
    higher = [a for a in sorted(reps.values(), key=stage) if any(y is a and x.high is not None for y, x in order)]
    picks: list[tuple] = []
    for b in lower:
        n, top = ns[b.article_id], max(a.low for a, x in order if x is b)
        new = max(1, int(top // 3))
        if n is not None and new * _ratio(b, n, "high") < top:
            picks.append((cur[b.article_id], new))
            break
    for a in higher:
        n, low = ns[a.article_id], min(x.high for y, x in order if y is a and x.high is not None)
        new = int(3 * low + 7)
        if n is not None and new * _ratio(a, n, "low") > low:
            picks.append((cur[a.article_id], new))
            break
    if picks:
        return picks, ""
    if lower or higher:
        return [], "the values that could break its order are written in words (“ten”, “zero percent”)"
    return [], "ordered, but every value with an earlier one gives a floor (“at least N”) and no earlier value is bounded above by a later one"


SKIPPED: list[str] = []  # claims the stages policy could not inject into, and why (printed)


def toll_injections(rep: Report, policy: str = "stages") -> list[Injection]:
    """Per figure claim with two sources or more. A quantity that does not rise: up to three
    sources, each three times plus 7. A rising count (``growing``): ``_stage_picks``. A count
    that may rise or fall (``changing``: people missing): none, since any value fits some stage
    of the story (listed as skipped)."""
    if policy == "round2":
        return toll_injections_round2(rep)
    from quotecheck.claims import lexicon

    lex = lexicon(default_rules())
    texts = {a.id: a.text for a in rep.articles}
    main = main_claim(rep.claims, lex)
    clocks = {} if main is None else {aid: (r.low, r.high if r.high is not None else r.low)
                                      for aid, r in stage_reps(main, {}).items()}
    out = []
    for c in rep.claims:
        if c.kind != "figure" or len({v.article_id for v in c.values}) < 2:
            continue
        if c.subject in lex.changing:
            SKIPPED.append(f"{c.id}: may rise or fall, no value breaks its story")
            continue
        if c.subject not in lex.growing:
            out += [i for v, how in _other_picks([v for v in c.values if v.current])
                    if (i := _toll(c, v, texts, how)) is not None]
            continue
        picks, why = _stage_picks(c, stage_reps(c, {} if c is main else clocks), texts)
        if why:
            SKIPPED.append(f"{c.id}: {why}")
        out += [i for v, new in picks if (i := _toll_to(c, v, texts, new)) is not None]
    return out


def quote_injections(rep: Report) -> list[Injection]:
    qs = {q.id: q for q in rep.quotes}
    out = []
    for cl in rep.clusters:
        arts = {m.article_id for m in cl.members}
        if len(arts) < 2:
            continue
        for m in cl.members:
            q = qs.get(m.quote_id)
            if q is None:
                continue
            d = _digits_in(next(a.text for a in rep.articles if a.id == q.article_id), q.start, q.end)
            if d:
                s, e, n = d
                out.append(Injection("quote", q.article_id, [(s, e)], str(n + 3 if n < 1000 else n * 2),
                                     f"quote {cl.id} in {q.article_id}: {n} -> {n + 3}"))
                break
    return out


def date_injections(rep: Report) -> list[Injection]:
    """One per date claim with two sources or more: a written day moved three days, else a lone
    weekday moved two (which moves the date it resolves to)."""
    out = []
    for c in rep.claims:
        if c.kind != "date" or len({v.article_id for v in c.values}) < 2:
            continue
        done, used = 0, set()
        for v in c.values:
            if v.article_id in used:
                continue
            used.add(v.article_id)
            m = regex.search(r"\b(?:" + "|".join(MONTHS) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? (\d{1,2})\b",
                             v.span.text)
            w = regex.search(r"\b(" + "|".join(WEEKDAYS) + r")\b", v.span.text)
            if m:
                day = int(m.group(1))
                new = str(day + 3 if day <= 25 else day - 3)
                s = v.span.start + m.start(1)
                e = s + len(m.group(1))
            elif w:
                new = WEEKDAYS[(WEEKDAYS.index(w.group(1)) + 5) % 7]
                s, e = v.span.start + w.start(1), v.span.start + w.end(1)
            else:
                continue
            out.append(Injection("date", v.article_id, [(s, e)], new, f"{c.id}: {v.article_id} “{v.span.text}” -> {new}"))
            done += 1
            if done == 3:
                break
    return out


def weekday_injections(rep: Report) -> list[Injection]:
    """A weekday written next to its own date ("Tuesday, January 7") changed: the date stays.
    Yearless dates of undated articles too (the story's other dates give the year)."""
    out = []
    texts = {a.id: a.text for a in rep.articles}
    for d in rep.dates:
        if d.kind != "absolute" or d.weekday is None or d.precision != "day":
            continue
        text = texts[d.article_id]
        lo = max(0, d.start - 12)
        m = regex.search(r"\b(" + "|".join(WEEKDAYS) + r")\b", text[lo:d.end])
        if not m:
            continue
        new = WEEKDAYS[(WEEKDAYS.index(m.group(1)) + 2) % 7]
        out.append(Injection("weekday", d.article_id, [(lo + m.start(1), lo + m.end(1))], new,
                             f"{d.article_id}: “{d.text}” {m.group(1)} -> {new}"))
    return out


def speaker_injections(rep: Report) -> list[Injection]:
    """One per cluster that two articles carry: a full quote whose speaker is named by a cue at
    the quote ("…," said Omar Abdullah) gets another person of the story quoted elsewhere by a
    cue, as written there (the words stay; who said them changes)."""
    qs = {q.id: q for q in rep.quotes}
    # a person as written: two words or more, capitalised ("the statement", whose issuer the
    # speaker is, would put a document, not another person, in the changed copy)
    named = [q for q in rep.quotes if q.speaker and q.speaker_span and q.speaker_evidence == "cue"
             and " " in q.speaker_span.text.strip() and q.speaker_span.text.strip()[:1].isupper()]
    out = []
    for cl in rep.clusters:
        if len({m.article_id for m in cl.members}) < 2:
            continue
        for m in cl.members:
            q = qs.get(m.quote_id)
            if q is None or q.kind != "full" or q.speaker_evidence != "cue" or q.speaker_span is None:
                continue
            if not any(qs[o.quote_id].speaker for o in cl.members if o.article_id != q.article_id):
                continue  # no other source names a speaker: nothing a reader could compare
            others = [o for o in named if o.speaker != q.speaker and o.id not in {x.quote_id for x in cl.members}]
            if not others:
                continue
            new = others[0].speaker_span.text  # type: ignore[union-attr]
            sp = q.speaker_span
            out.append(Injection("speaker", q.article_id, [(sp.start, sp.end)], new,
                                 f"quote {cl.id} in {q.article_id}: speaker “{sp.text}” -> “{new}”"))
            break
    return out


def caught(rep: Report, inj: Injection, spans: list[tuple[int, int]]) -> bool:
    want = KINDS[inj.kind]
    return any(f.kind == want and f.severity.rank >= 1 and any(
        s.article_id == inj.article_id and any(s.start < e and a < s.end for a, e in spans) for s in f.evidence)
        for f in rep.findings)


def run_set(name: str, max_per_kind: int, tolls: str = "stages") -> dict:
    files = sorted(str(p) for p in (WIRE / name).iterdir() if p.suffix in (".json", ".txt"))
    arts, _ = read_paths(files)
    base = report_of(arts)
    injections = []
    SKIPPED.clear()
    injections += toll_injections(base, tolls)[:max_per_kind]
    for make in (quote_injections, date_injections, weekday_injections, speaker_injections):
        injections += make(base)[:max_per_kind]
    skipped = list(SKIPPED)
    results = defaultdict(lambda: [0, 0])
    rows = []
    for inj in injections:
        changed = []
        spans: list[tuple[int, int]] = []
        for a in arts:
            if a.id == inj.article_id:
                text, spans = inj.apply(a.text)
                changed.append(a.model_copy(update={"text": text}))
            else:
                changed.append(a)
        ok = caught(report_of(changed), inj, spans)
        results[inj.kind][0] += ok
        results[inj.kind][1] += 1
        rows.append((inj.kind, ok, inj.what))
    return {"set": name, "by_kind": {k: tuple(v) for k, v in results.items()}, "rows": rows, "skipped": skipped}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", action="append", choices=SETS)
    ap.add_argument("--max-per-kind", type=int, default=20)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--tolls", choices=("stages", "round2"), default="stages",
                    help="stages: values that break a rising count's order (default); round2: the second round's")
    args = ap.parse_args(argv)
    t0 = dt.datetime.now()
    res = [run_set(s, args.max_per_kind, args.tolls) for s in args.set or SETS]
    if args.json:
        print(json.dumps(res, indent=1))
        return 0
    tot = [0, 0]
    for r in res:
        print(f"== {r['set']}")
        for kind, ok, what in r["rows"]:
            print(f"  {'caught' if ok else 'MISSED'} {kind:<8} {what}")
        for why in r["skipped"]:
            print(f"  skipped  toll     {why}")
        for k, (c, n) in sorted(r["by_kind"].items()):
            print(f"  {k}: {c}/{n}")
            tot[0] += c
            tot[1] += n
    share = tot[0] / tot[1] if tot[1] else 0.0
    print(f"caught at warning or error: {tot[0]}/{tot[1]} ({share:.0%}); {(dt.datetime.now() - t0).seconds} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
