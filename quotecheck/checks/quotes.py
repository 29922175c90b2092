"""Quote findings from the clusters: ``quote_altered`` and ``speaker_conflict``.

Severity follows what a careful editor would say. ``error`` only when a
meaning-bearing word changes inside the quoted stretch (a negation, a number,
a name, one verb replaced by another); any other change of wording inside
quote marks is a ``warning``; a shorter excerpt, a longer quote that contains
the canonical one, or the same words reordered is ``info``. Differences of
punctuation, case, quote marks, dashes and line-wrap hyphens are no finding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quotecheck import link
from quotecheck.diff import Op, WordDiff, align, bridged
from quotecheck.models import Article, Cluster, Edge, Finding, Quote, Report, Severity, Span
from quotecheck.rules import RuleSet
from quotecheck.textnorm import Token, same_key, stem

if TYPE_CHECKING:
    from quotecheck.link import QInfo


@dataclass
class Change:
    """A classified diff: what changed and why it matters."""

    diff: WordDiff
    kind: str  # excerpt | extension | reorder | wording | meaning
    reasons: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    moved_from: dict[int, int] = field(default_factory=dict)  # variant index -> canonical index

    @property
    def severity(self) -> Severity:
        if self.kind == "meaning":
            return Severity.error
        if self.kind == "wording":
            return Severity.warning
        return Severity.info


def _inner(ops: list[Op]) -> list[Op]:
    """Changed runs that alter the quoted stretch: all but words merely added before or after it."""
    eq = [k for k, o in enumerate(ops) if o.op == "equal"]
    if not eq:
        return [o for o in ops if o.op != "equal"]
    return [o for k, o in enumerate(ops)
            if o.op != "equal" and (o.op != "insert" or eq[0] < k < eq[-1])]


def _moved(d: WordDiff, canon: list[Token], var: list[Token]) -> dict[int, int]:
    """Added words that the canonical has elsewhere: variant index -> canonical index."""
    used = {k for o in d.ops if o.op == "equal" for k in range(o.a1, o.a2)}
    where: dict[str, list[int]] = {}
    for k, t in enumerate(canon):
        if k not in used:
            where.setdefault(t.norm, []).append(k)
    out = {}
    for o in d.ops:
        if o.op != "insert":
            continue
        for j in range(o.b1, o.b2):
            spots = where.get(var[j].norm)
            if spots:
                out[j] = spots.pop(0)
    return out


def _is_number(t: Token, c: link.Compiled) -> bool:
    return any(ch.isdigit() for ch in t.norm) or t.norm in c.number_words


def _is_negation(t: Token, c: link.Compiled) -> bool:
    return t.norm in c.negations or t.norm.endswith("n't")


def _is_name(tokens: list[Token], k: int) -> bool:
    """Capitalised and not the quote's first word (which is capitalised anyway)."""
    return k > 0 and tokens[k].upper and tokens[k].norm not in ("i", "i'm", "i'll")


def _is_verb(tokens: list[Token], k: int, c: link.Compiled) -> bool:
    return stem(tokens[k].norm) in c.verb_stems or (k > 0 and tokens[k - 1].norm in c.verb_markers)


def _same_root(x: str, y: str) -> bool:
    """"eliminate" / "elimination", "remove" / "removal": one word, another form.

    A long shared beginning (5+ letters, 60% of the shorter word) is the cue;
    "support" / "supply" share only four letters and stay different words.
    """
    if x == y:
        return True
    n = 0
    for p, q in zip(x, y, strict=False):
        if p != q:
            break
        n += 1
    return n >= 5 and n >= 0.6 * min(len(x), len(y))


def _negated_pair(x: str, y: str, c: link.Compiled) -> bool:
    """"conditional" vs "unconditional": one word is the other with a negating prefix."""
    return any(x == p + y or y == p + x for p in c.rules.negating_prefixes)


def _whole(d: WordDiff) -> WordDiff:
    """The diff of two whole passages: canonical words outside the fitting window are dropped,
    and a run added at an edge of the variant next to a dropped one replaces it."""
    ops = list(d.ops)
    w0, w1 = d.window
    if w0 > 0:
        first = ops[0] if ops else None
        if first is not None and first.op == "insert" and first.b1 == 0:
            ops[0] = Op("replace", 0, w0, first.b1, first.b2)
        else:
            ops.insert(0, Op("delete", 0, w0, 0, 0))
    if w1 < d.a_len:
        last = ops[-1] if ops else None
        if last is not None and last.op == "insert" and last.b2 == d.b_len:
            ops[-1] = Op("replace", w1, d.a_len, last.b1, last.b2)
        else:
            ops.append(Op("delete", w1, d.a_len, d.b_len, d.b_len))
    return WordDiff(ops, (0, d.a_len), d.a_len, d.b_len, d.notes)


def classify(canon: list[Token], var: list[Token], c: link.Compiled, *, whole: bool = False) -> Change:
    """Diff ``var`` against ``canon`` and decide what kind of change it is.

    ``whole``: both are whole passages (a retold part, ``link.PartLink``): every canonical word
    is compared, none is merely "not quoted", and no word counts as moved (a retelling puts its
    words anywhere: "moved" would hide what changed)."""
    d = align(canon, var, bridge=False)
    if whole:
        d = _whole(d)
    moved = {} if whole else _moved(d, canon, var)
    if moved:
        d = _widen(d, moved)
    d.ops = bridged(d.ops, lambda o: o.op == "insert" and all(j in moved for j in range(o.b1, o.b2)))
    changed = d.changed
    inner = _inner(d.ops)
    if not inner:
        if not changed and d.window == (0, len(canon)):
            return Change(d, "same")
        grows = any(o.op == "insert" for o in changed)
        full = d.window == (0, len(canon))
        return Change(d, "excerpt" if not grows else ("extension" if full else "wording"))
    a_idx = [k for o in inner for k in range(o.a1, o.a2)]
    b_idx = [k for o in inner for k in range(o.b1, o.b2)]
    reasons: list[str] = []
    neg_a = Counter(canon[k].norm for k in a_idx if _is_negation(canon[k], c))
    neg_b = Counter(var[k].norm for k in b_idx if _is_negation(var[k], c))
    if neg_a != neg_b:
        reasons.append("negation")
    num_a = Counter(canon[k].norm for k in a_idx if _is_number(canon[k], c))
    num_b = Counter(var[k].norm for k in b_idx if _is_number(var[k], c))
    if num_a != num_b:
        reasons.append("number")
    name_a = Counter(stem(canon[k].norm) for k in a_idx if _is_name(canon, k))
    name_b = Counter(stem(var[k].norm) for k in b_idx if _is_name(var, k))
    if name_a != name_b:
        reasons.append("name")
    for o in inner:
        if o.op != "replace":
            continue
        sa = {stem(canon[k].norm): k for k in range(o.a1, o.a2) if canon[k].norm not in c.stopwords}
        sb = {stem(var[k].norm): k for k in range(o.b1, o.b2) if var[k].norm not in c.stopwords}
        only_a = {s: k for s, k in sa.items() if not any(_same_root(s, t) for t in sb)}
        only_b = {s: k for s, k in sb.items() if not any(_same_root(s, t) for t in sa)}
        if any(_negated_pair(x, y, c) for x in only_a for y in only_b):
            reasons.append("negation")
        elif only_a and only_b and (any(_is_verb(canon, k, c) for k in only_a.values())
                                    or any(_is_verb(var, k, c) for k in only_b.values())):
            reasons.append("verb replaced")
    reasons = list(dict.fromkeys(reasons))
    moved_words = [var[j].norm for j in sorted(moved)]
    kind = "meaning" if reasons else ("reorder" if _same_words(canon, var) else "wording")
    return Change(d, kind, reasons, moved_words, moved)


def _same_words(canon: list[Token], var: list[Token]) -> bool:
    """Some stretch of the canonical has exactly the variant's words, in another order."""
    m, bag = len(var), Counter(t.norm for t in var)
    return any(Counter(t.norm for t in canon[i:i + m]) == bag for i in range(len(canon) - m + 1))


def _widen(d: WordDiff, moved: dict[int, int]) -> WordDiff:
    """Stretch the window over the places moved words came from; what lies between is dropped.

    "warm, comradely atmosphere" against "an atmosphere full of warm comradely
    trust": "atmosphere" moved, so "full of" was dropped (and "trust" not quoted).
    """
    lo = min(d.window[0], *moved.values())
    hi = max(d.window[1], *(k + 1 for k in moved.values()))
    covered = {k for o in d.ops if o.op != "insert" for k in range(o.a1, o.a2)} | set(moved.values())
    ops = list(d.ops)
    gaps, k = [], lo
    while k < hi:
        if k in covered:
            k += 1
            continue
        start = k
        while k < hi and k not in covered:
            k += 1
        gaps.append(Op("delete", start, k, 0, 0))
    # Place each dropped run before the first op that starts after it (b position kept).
    for g in gaps:
        pos = next((i for i, o in enumerate(ops) if o.op != "insert" and o.a1 >= g.a2), len(ops))
        b = ops[pos].b1 if pos < len(ops) else d.b_len
        ops.insert(pos, Op("delete", g.a1, g.a2, b, b))
    return WordDiff(ops, (lo, hi), d.a_len, d.b_len)


# --------------------------------------------------------------------------- findings


def _slice(art: Article | None, toks: list[Token], i: int, j: int) -> dict:
    """Original text of tokens [i, j) with its offsets (for renderers to highlight)."""
    if i >= j:
        return {}
    s, e = toks[i].start, toks[j - 1].end
    text = art.text[s:e] if art else " ".join(t.norm for t in toks[i:j])
    return {"text": text, "start": s, "end": e}


def quoted(text: str, limit: int = 90) -> str:
    """The text in curly quotes on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[:limit - 1] + '…'}”"


def diff_details(ch: Change, canon: list[Token], var: list[Token], ca: Article | None,
                 va: Article | None) -> dict:
    """The word diff as data: added, dropped, replaced, plus every run for highlighting."""
    added, dropped, replaced, ops = [], [], [], []
    inner = set(map(id, _inner(ch.diff.ops)))
    for o in ch.diff.ops:
        a, b = _slice(ca, canon, o.a1, o.a2), _slice(va, var, o.b1, o.b2)
        if o.op == "insert" and all(j in ch.moved_from for j in range(o.b1, o.b2)):
            src = sorted(ch.moved_from[j] for j in range(o.b1, o.b2))
            ops.append({"op": "move", "canonical": _slice(ca, canon, src[0], src[-1] + 1),
                        "quote": b, "inside": True})
            continue
        ops.append({"op": o.op, "canonical": a, "quote": b, "inside": id(o) in inner})
        if o.op == "insert":
            added.append(b)
        elif o.op == "delete":
            dropped.append(a)
        elif o.op == "replace":
            replaced.append({"from": a, "to": b})
    w0, w1 = ch.diff.window
    return {"change": ch.kind, "reasons": ch.reasons, "moved": ch.moved,
            "added": added, "dropped": dropped, "replaced": replaced, "ops": ops,
            "not_quoted_before": _slice(ca, canon, 0, w0).get("text", ""),
            "not_quoted_after": _slice(ca, canon, w1, len(canon)).get("text", "")}


def _number_slice(art: Article | None, toks: list[Token], i: int, j: int, c: link.Compiled) -> dict:
    """The stretch of tokens [i, j) from its first number to its last ("the third getting
    lodged" → "third"): the figure itself, not the words aligned with it."""
    ks = [k for k in range(i, j) if _is_number(toks[k], c)]
    return _slice(art, toks, ks[0], ks[-1] + 1) if ks else {}


def number_changes(ch: Change, canon: list[Token], var: list[Token], c: link.Compiled,
                   ca: Article | None, va: Article | None) -> list[dict]:
    """Each changed figure inside the quote, as written on both sides ("a hundred" -> "a thousand"):
    the replaced runs of the diff with a number on **both** sides and not the same numbers, cut to
    the numbers (a run with a number on one side only is a number word added or dropped,
    ``number_words``)."""
    out = []
    for o in _inner(ch.diff.ops):
        if o.op != "replace":
            continue
        a = Counter(canon[k].norm for k in range(o.a1, o.a2) if _is_number(canon[k], c))
        b = Counter(var[k].norm for k in range(o.b1, o.b2) if _is_number(var[k], c))
        if a and b and a != b:
            out.append({"from": _number_slice(ca, canon, o.a1, o.a2, c).get("text", ""),
                        "to": _number_slice(va, var, o.b1, o.b2, c).get("text", "")})
    return out


def number_words(ch: Change, canon: list[Token], var: list[Token], c: link.Compiled) -> dict[str, list[str]]:
    """Number words changed without a number facing them (in a run whose other side has none,
    or dropped or added whole), net over the quote: "one of which hit" → "into him" and
    "another went" → "one went" drop one "one" and add one: nothing changed in number."""
    dropped: Counter = Counter()
    added: Counter = Counter()
    for o in _inner(ch.diff.ops):
        a = [canon[k].norm for k in range(o.a1, o.a2) if _is_number(canon[k], c)]
        b = [var[k].norm for k in range(o.b1, o.b2) if _is_number(var[k], c)]
        if a and b:
            continue  # a changed figure (``number_changes``) or the same numbers
        dropped.update(a)
        added.update(b)
    return {"dropped": sorted((dropped - added).elements()), "added": sorted((added - dropped).elements())}


def number_reason(nums: list[dict], words: dict[str, list[str]]) -> str:
    """What changed among the numbers, said as it is: a figure replaced by another
    ("a changed figure: “120” → “210”"), or number words without a counterpart
    ("number word dropped: “one”"); "number" when neither can be shown."""
    parts = []
    if nums:
        parts.append("a changed figure: " + ", ".join(f"“{n['from']}” → “{n['to']}”" for n in nums))
    for what in ("dropped", "added"):
        ws = words.get(what) or []
        if ws:
            parts.append(f"number word{'s' if len(ws) > 1 else ''} {what}: " + ", ".join(f"“{w}”" for w in ws))
    return "; ".join(parts) or "number"


def _summary(details: dict) -> str:
    parts = []
    for r in details["replaced"]:
        parts.append(f"replaced {quoted(r['from']['text'], 40)} → {quoted(r['to']['text'], 40)}")
    inside = [o for o in details["ops"] if o["inside"]]
    for o in inside:
        if o["op"] == "delete":
            parts.append(f"dropped {quoted(o['canonical']['text'], 40)}")
        elif o["op"] == "insert":
            parts.append(f"added {quoted(o['quote']['text'], 40)}")
    outer_added = [o["quote"]["text"] for o in details["ops"] if o["op"] == "insert" and not o["inside"]]
    if outer_added:
        parts.append("adds " + ", ".join(quoted(t, 40) for t in outer_added) + " around the canonical wording")
    moves = [o["quote"]["text"] for o in details["ops"] if o["op"] == "move"]
    if moves:
        parts.append("moved " + ", ".join(quoted(w, 30) for w in moves))
    if not parts and details["change"] == "excerpt":
        parts.append("quotes only part of it")
    return "; ".join(parts)


def quote_span(q: Quote) -> Span:
    """A quote as evidence: its article, offsets and exact text."""
    return Span(article_id=q.article_id, start=q.start, end=q.end, text=q.text)


def altered_findings(report: Report, cl: Cluster, infos: dict[str, link.QInfo], c: link.Compiled,
                     arts: dict[str, Article]) -> list[Finding]:
    canon = infos[cl.canonical_quote_id]
    carriers = [infos[m.quote_id] for m in cl.members if infos[m.quote_id].key == canon.key]
    out = []
    carrying = {x.quote.article_id for x in carriers}
    done: dict[tuple[str, str], Finding] = {}  # one finding per article and wording
    for m in cl.members:
        q = infos[m.quote_id]
        if q.key == canon.key or q.quote.article_id in carrying:
            continue  # an article that carries the canonical wording does not alter it
        again = done.get((q.quote.article_id, q.key))
        if again is not None:  # the same wording twice in one article (headline and body)
            again.evidence.insert(1, quote_span(q.quote))
            again.details.setdefault("also_quote_ids", []).append(q.quote.id)
            continue
        if (canon.cut or q.cut) and m.relation == "excerpt":
            continue  # word for word as far as a copy capped mid-word goes ("… sparing wom")
        ctoks, qtoks = link.quote_tokens(canon), link.quote_tokens(q)
        ch = classify(ctoks, qtoks, c)
        if ch.kind == "same":
            continue
        det = diff_details(ch, ctoks, qtoks, arts.get(canon.quote.article_id),
                           arts.get(q.quote.article_id))
        srcs = sorted({x.quote.article_id for x in carriers})
        who = f" ({q.quote.speaker})" if q.quote.speaker else ""
        nums = number_changes(ch, ctoks, qtoks, c, arts.get(canon.quote.article_id), arts.get(q.quote.article_id))
        det["figures_changed"] = nums
        det["number_words"] = words = number_words(ch, ctoks, qtoks, c)
        reasons = [number_reason(nums, words) if r == "number" else r for r in ch.reasons]
        label = {"excerpt": "quotes an excerpt", "extension": "quotes a longer version",
                 "reorder": "reorders the words", "wording": "alters the wording",
                 "meaning": "changes meaning-bearing words (" + ", ".join(reasons) + ")"}[ch.kind]
        w0, w1 = ch.diff.window
        shown = _slice(arts.get(canon.quote.article_id), ctoks, w0, w1).get("text", "")
        shown = ("…" if w0 > 0 else "") + shown + ("…" if w1 < len(ctoks) else "")
        msg = (f"{q.quote.article_id}{who} {label}: {quoted(q.quote.text)} where {', '.join(srcs)} "
               f"{'has' if len(srcs) == 1 else 'have'} {quoted(shown, 120)}: {_summary(det)}")
        det.update({"cluster_id": cl.id, "canonical_quote_id": canon.quote.id,
                    "quote_id": q.quote.id, "relation": m.relation, "similarity": m.similarity,
                    "canonical_articles": srcs})
        evidence = [quote_span(q.quote)] + [quote_span(x.quote) for x in carriers]
        f = Finding(id="", kind="quote_altered", severity=ch.severity, message=msg,
                    evidence=evidence, story_id=cl.story_id, details=det)
        done[(q.quote.article_id, q.key)] = f
        out.append(f)
    return out


#: The only ``Quote.speaker_evidence`` a speaker_conflict may rest on: a cue verb with its
#: subject at the quote. A pronoun, a continuation or the subject of the sentence before can be
#: wrong where the words are right, and an error finding must not come from our guess.
CONFLICT_EVIDENCE = frozenset({"cue"})
#: A cue whose subject is a pronoun resolved to a named antecedent: enough for a warning
#: (a fact-checker looks), never for an error.
WARNING_EVIDENCE = CONFLICT_EVIDENCE | {"pronoun"}


#: First words of a mention that describe someone rather than name them ("a Norland Republican",
#: "the economist", "one Democratic source").
_DESCRIBING = frozenset({"a", "an", "the", "one", "another", "some", "his", "her", "its", "their",
                         "our", "this", "that"})


def speaker_named_by(q: Quote) -> str:
    """How the mention at the quote names its speaker: "name" (the mention holds the name:
    "Lena Okafor", "the economist Ivo Brandt"), "description" (the speaker is the description
    itself: "a Norland Republican" kept as "Norland Republican"), or "resolved" (a description
    resolved to an earlier name: "the mayor" → "Lena Okafor", a guess like a pronoun's).
    A description contradicts no name, so only "name" may make a speaker_conflict error."""
    mention = " ".join((q.speaker_mention or "").split())
    words = mention.split()
    if not q.speaker or not words or (words[0].lower() not in _DESCRIBING and mention[:1].isupper()):
        return "name"
    spk = same_key(q.speaker)
    rest = " ".join(words[1:]) if words[0].lower() in _DESCRIBING else mention
    if spk in (same_key(mention), same_key(rest)) or not any(w[:1].isupper() for w in q.speaker.split()):
        return "description"
    return "name" if spk in same_key(mention) else "resolved"


def _evidence(q: Quote) -> str | None:
    """The speaker evidence the conflict check weighs: a cue whose subject is a description
    resolved to a name counts as a pronoun's (warning at most); a bare description as none."""
    how = speaker_named_by(q)
    if how == "description":
        return None
    if how == "resolved" and q.speaker_evidence == "cue":
        return "pronoun"
    return q.speaker_evidence


def _full_name(speaker: str | None) -> bool:
    """A person's name of two words or more ("Omar Abdullah"): what a pronoun may be resolved to
    for a warning; an acronym or a single word ("GOP") is too often the wrong antecedent."""
    return bool(speaker) and len(speaker.split()) >= 2  # type: ignore[union-attr]


def conflict_findings(cl: Cluster, infos: dict[str, link.QInfo], th: link.Thresholds,
                      negations: frozenset[str] = frozenset()) -> list[Finding]:
    """Two named speakers for one statement, each named by a cue at the quote (error), or one of
    them by a cue whose subject is a pronoun resolved to a name (warning), or both by cues for
    one statement in other words (``link.clash_reworded``: warning, it may be two statements);
    a channel (KCNA), an unknown speaker or a speaker found only from context is no conflict."""
    ms = [infos[m.quote_id] for m in cl.members if _evidence(infos[m.quote_id].quote) in CONFLICT_EVIDENCE
          or (_evidence(infos[m.quote_id].quote) in WARNING_EVIDENCE and _full_name(infos[m.quote_id].speaker))]
    pairs, retold = [], []
    for i, x in enumerate(ms):
        for y in ms[i + 1:]:
            if x.quote.article_id == y.quote.article_id or not link.speakers_clash(x, y):
                continue
            if min(len(x.norms), len(y.norms)) < th.conflict_min_words:
                continue
            rel = link.relate(x, y, th)
            if rel is None or rel.relation == "variant":
                if link.clash_reworded(x, y, th, negations) is not None:
                    retold.append((x, y))  # other words: perhaps two statements, a warning
                continue
            pairs.append((x, y))
    if not pairs and not retold:
        return []
    firm = [p for p in pairs if all(_evidence(q.quote) in CONFLICT_EVIDENCE for q in p)]
    severity = Severity.error if firm else Severity.warning
    pairs = firm or pairs or retold
    involved = {q.quote.id: q for p in pairs for q in p}
    by_speaker: dict[str, list[link.QInfo]] = {}
    for q in involved.values():
        by_speaker.setdefault(q.speaker or "", []).append(q)
    evidence = []
    for q in sorted(involved.values(), key=lambda q: (q.quote.article_id, q.quote.start)):
        evidence.append(quote_span(q.quote))
        if q.quote.speaker_span:
            evidence.append(q.quote.speaker_span)
    names = "; ".join(f"{s} in {', '.join(sorted({q.quote.article_id for q in qs}))}"
                      for s, qs in sorted(by_speaker.items()))
    msg = f"the same words {quoted(cl.canonical_text, 70)} are attributed to different people: {names}"
    if pairs is retold:
        msg = (f"the same statement in other words {quoted(cl.canonical_text, 70)} is attributed to "
               f"different people: {names} (the words differ: check whether it is one statement)")
    elif severity is Severity.warning:
        msg += " (one speaker is named through a pronoun: check who “he” or “she” is)"
    return [Finding(id="", kind="speaker_conflict", severity=severity, message=msg,
                    evidence=evidence, story_id=cl.story_id,
                    details={"cluster_id": cl.id, "speakers": {s: sorted(q.quote.id for q in qs)
                                                              for s, qs in by_speaker.items()}})]


def _part_span(q: link.QInfo, part: tuple[int, int], art: Article | None) -> Span:
    """The passage ``part`` (token range) of a quote, as evidence with its exact offsets."""
    toks = link.quote_tokens(q)
    s, e = toks[part[0]].start, toks[part[1] - 1].end
    text = art.text[s:e] if art else q.quote.text[s - q.quote.start:e - q.quote.start]
    return Span(article_id=q.quote.article_id, start=s, end=e, text=text)


def part_findings(p: link.PartLink, infos: Sequence[link.QInfo], c: link.Compiled,
                  arts: dict[str, Article]) -> list[Finding]:
    """A passage one speaker's two quotes share, told differently: ``quote_altered`` on the
    passage alone, at ``warning`` at most (the quotes are otherwise two statements, so the
    words may have been said twice); identical passages are no finding."""
    x, y = infos[p.x], infos[p.y]
    sides = [(x, p.x_part), (y, p.y_part)]
    # The reference: wire copy first, then the longer passage, then report order.
    sides.sort(key=lambda s: (not s[0].wire, -(s[1][1] - s[1][0]), s[0].idx))
    (cq, cp), (vq, vp) = sides
    ctoks, vtoks = link.quote_tokens(cq)[cp[0]:cp[1]], link.quote_tokens(vq)[vp[0]:vp[1]]
    ch = classify(ctoks, vtoks, c, whole=True)
    if ch.kind == "same":
        return []
    ca, va = arts.get(cq.quote.article_id), arts.get(vq.quote.article_id)
    det = diff_details(ch, ctoks, vtoks, ca, va)
    nums = number_changes(ch, ctoks, vtoks, c, ca, va)
    det["figures_changed"] = nums
    det["number_words"] = words = number_words(ch, ctoks, vtoks, c)
    severity = Severity.warning if ch.severity is Severity.error else ch.severity
    ref, var = _part_span(cq, cp, ca), _part_span(vq, vp, va)
    reasons = [number_reason(nums, words) if r == "number" else r for r in ch.reasons]
    how = f" ({', '.join(reasons)})" if reasons else ""
    who = vq.quote.speaker or cq.quote.speaker or "the speaker"
    msg = (f"{vq.quote.article_id} and {cq.quote.article_id} quote {who} telling one passage "
           f"differently{how}: {quoted(var.text)} where {cq.quote.article_id} has {quoted(ref.text, 120)}: "
           f"{_summary(det) or 'other words'} (the rest of the two quotes differs: perhaps two "
           "tellings, so at most a warning)")
    det.update({"relation": p.relation, "similarity": p.similarity, "part": True,
                "canonical_quote_id": cq.quote.id, "quote_id": vq.quote.id,
                "canonical_articles": [cq.quote.article_id], "subject": who})
    return [Finding(id="", kind="quote_altered", severity=severity, message=msg,
                    evidence=[var, ref], story_id=cq.story or None, details=det)]


def retold_findings(report: Report, infos: list[link.QInfo], rules: RuleSet, c: link.Compiled,
                    arts: dict[str, Article]) -> list[Finding]:
    """Findings of the passages one speaker's quotes share outside any common cluster
    (``link.part_links``): a cluster's members are already compared whole."""
    clusters_of: dict[str, set[str]] = {}
    for cl in report.clusters:
        for m in cl.members:
            clusters_of.setdefault(m.quote_id, set()).add(cl.id)

    def joined(i: int, j: int) -> bool:
        return bool(clusters_of.get(infos[i].quote.id, set()) & clusters_of.get(infos[j].quote.id, set()))

    parts = link.part_links(infos, rules, joined)
    _add_passage_edges(report, parts, infos)
    return [f for p in parts for f in part_findings(p, infos, c, arts)]


def _add_passage_edges(report: Report, parts: Sequence[link.PartLink], infos: Sequence[link.QInfo]) -> None:
    """Each retold-passage link as an ``Edge`` (relation ``passage``) of the report, so that a
    JSON reader sees the link and not only its finding (an identical passage makes no finding).
    Idempotent: checks run twice on one report add no edge twice."""
    have = {(e.source, e.target, e.relation) for e in report.edges}
    for p in parts:
        src, dst = infos[p.x].quote.id, infos[p.y].quote.id
        if (src, dst, "passage") not in have:
            report.edges.append(Edge(source=src, target=dst, relation="passage",
                                     similarity=round(p.similarity, 3)))
            have.add((src, dst, "passage"))


#: Below this many clusters the quote checks run in the caller: a worker process costs
#: more than it saves (docs/link.md).
MIN_CLUSTERS_FOR_PROCESSES = 2000

#: ``[fn(p) for p in parts]`` in the same order, possibly on other processes (the
#: engine passes its ``fork_map``: a stage does not start processes itself).
ParallelMap = Callable[[Callable[[list[Cluster]], list[Finding]], Sequence[list[Cluster]]], list[list[Finding]]]


def check(report: Report, rules: RuleSet, *, infos: list[QInfo] | None = None,
          jobs: int = 1, parallel_map: ParallelMap | None = None) -> list[Finding]:
    """quote_altered and speaker_conflict for every cluster of the report.

    ``infos``: ``link.prepare(report, report.stories, rules)`` when the caller has it.
    ``jobs`` > 1 with a ``parallel_map`` (the engine's ``fork_map``): clusters are split
    into that many runs of consecutive clusters, mapped in parallel; findings are joined
    in cluster order, so they are the serial ones."""
    if not report.quotes:
        return []
    c = link.compiled(rules)
    prepared = link.prepare(report, report.stories, rules) if infos is None else infos
    retold = retold_findings(report, prepared, rules, c, {a.id: a for a in report.articles})
    by_id = {q.quote.id: q for q in prepared}
    arts = {a.id: a for a in report.articles}
    todo = [cl for cl in report.clusters if all(m.quote_id in by_id for m in cl.members)]

    def run(cls: list[Cluster]) -> list[Finding]:
        out: list[Finding] = []
        for cl in cls:
            out.extend(altered_findings(report, cl, by_id, c, arts))
            out.extend(conflict_findings(cl, by_id, c.rules.thresholds, c.negations))
        return out

    if jobs < 2 or parallel_map is None or len(todo) < MIN_CLUSTERS_FOR_PROCESSES:
        return run(todo) + retold
    return [f for part in parallel_map(run, _runs_of(todo, jobs)) for f in part] + retold


def _runs_of(clusters: list[Cluster], n: int) -> list[list[Cluster]]:
    """``n`` runs of consecutive clusters with about as many members each (the work)."""
    total = sum(len(cl.members) for cl in clusters)
    runs: list[list[Cluster]] = [[] for _ in range(n)]
    done = 0
    for cl in clusters:
        runs[min(n - 1, done * n // max(1, total))].append(cl)
        done += len(cl.members)
    return runs


__all__ = ["check", "classify", "same_key"]
