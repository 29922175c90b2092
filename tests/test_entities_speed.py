"""The entity merge's ratio index (``attribution.ratio90_candidates``) is sound, and
``resolve_entities`` with it gives exactly what the old quadratic version gave.

The old version (a rapidfuzz scan of every multi-word head per name) is kept below, verbatim
but for names, as the reference: these tests fail if the two ever disagree."""

from __future__ import annotations

import random
from collections import Counter

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from quotecheck import attribution as A
from quotecheck.attribution import (
    Ratio90Index,
    _edit_bounds,
    _HeadIndex,
    _pieces,
    _probes,
    _ratio90_lengths,
)
from quotecheck.entities import alias, lexicon, name_type, norm_name, strip_title
from quotecheck.models import Entity, Quote, Span
from quotecheck.rules import RuleSet, default_rules

# --------------------------------------------------------------------------- reference (old) version


class _OldHeadIndex:
    def __init__(self) -> None:
        self.heads: list[str] = []
        self.exact: dict[str, int] = {}
        self.squashed: dict[str, list[int]] = {}
        self.by_last: dict[str, list[int]] = {}
        self.multi_keys: list[str] = []
        self.multi_ids: list[int] = []

    def add(self, head: str) -> None:
        i = len(self.heads)
        self.heads.append(head)
        self.exact.setdefault(head, i)
        nh = norm_name(head)
        self.squashed.setdefault(nh.replace(" ", ""), []).append(i)
        toks = nh.split()
        if len(toks) >= 2:
            self.by_last.setdefault(toks[-1], []).append(i)
            self.multi_keys.append(nh.replace(" ", ""))
            self.multi_ids.append(i)

    def first_match(self, key: str, name: str | None) -> int | None:
        cands = {self.exact[key]} if key in self.exact else set()
        if name is not None:
            nn = norm_name(name)
            cands.update(self.squashed.get(nn.replace(" ", ""), ()))
            toks = nn.split()
            if len(toks) >= 2:
                cands.update(self.by_last.get(toks[-1], ()))
                for _, _, j in process.extract(nn.replace(" ", ""), self.multi_keys, scorer=fuzz.ratio,
                                               score_cutoff=90, limit=None):
                    cands.add(self.multi_ids[j])
        for i in sorted(cands):
            if self.heads[i] == key or (name is not None and A._same_person(name, self.heads[i])):
                return i
        return None


def _old_resolve_entities(quotes: list[Quote], rules: RuleSet) -> tuple[list[Quote], list[Entity]]:
    lex = lexicon(rules)
    names: Counter[str] = Counter()
    for q in quotes:
        for n in (q.speaker, q.channel):
            if n:
                names[n] += 1
    groups: list[list[str]] = []
    canon_of: dict[str, str] = {}
    heads = _OldHeadIndex()
    for n, _ in names.most_common():
        a = alias(n, lex)
        key = a or n
        i = heads.first_match(key, n if a is None else None)
        if i is not None:
            groups[i].append(n)
        else:
            heads.add(key)
            groups.append([key, n] if key != n else [n])
    multi = [g for g in groups if len(g[0].split()) >= 2]
    holders: dict[str, list[int]] = {}
    for k, m in enumerate(multi):
        for tok in set(norm_name(" ".join(m)).split()):
            holders.setdefault(tok, []).append(k)
    merged: list[list[str]] = []
    for g in groups:
        if len(g[0].split()) == 1 and not g[0].isupper():
            owners = holders.get(norm_name(g[0]), [])
            if len(owners) == 1:
                k = owners[0]
                multi[k].extend(g)
                for tok in set(norm_name(" ".join(g)).split()):
                    if k not in holders.setdefault(tok, []):
                        holders[tok].append(k)
                        holders[tok].sort()
                continue
        merged.append(g)
    entities: list[Entity] = []
    for g in merged:
        variants = sorted(set(g), key=lambda v: (-names[v], v))
        full = [v for v in variants if len(v.split()) >= 2]
        name = g[0] if alias(g[0], lex) == g[0] else (full[0] if full else variants[0])
        for v in g:
            canon_of[v] = name
        typ = name_type(name, lex)
        entities.append(Entity(name=name, type=typ if typ != "unknown" else "person" if len(
            name.split()) >= 2 else "unknown", variants=sorted(set(g))))
    by_name = {e.name: e for e in entities}
    out: list[Quote] = []
    for q in quotes:
        upd = {}
        if q.speaker:
            upd["speaker"] = canon_of.get(q.speaker, q.speaker)
            e = by_name.get(upd["speaker"])
            seen = strip_title(q.speaker_span.text, lex) if q.speaker_span else ""
            if e and seen and seen not in e.variants and seen[:1].isupper() and \
                    norm_name(seen) not in lex.pronoun_type:
                e.variants.append(seen)
        if q.channel:
            upd["channel"] = canon_of.get(q.channel, q.channel)
            if upd["channel"] == upd.get("speaker"):  # round 4: never the speaker's own channel
                upd["channel"], upd["channel_span"] = None, None
        out.append(q.model_copy(update=upd) if upd else q)
    return out, entities


# --------------------------------------------------------------------------- generated names

FIRST = ["Alexander", "Aleksandr", "Sergei", "Sergey", "Mohammed", "Muhammad", "Ann", "Anne", "Jo",
         "Youssef", "Yusuf", "Ahmed", "Ahmad", "Elena", "Yelena", "Kim", "Li", "Oskar", "Oscar"]
LAST = ["Lavrov", "Lavrow", "Kovalenko", "Kowalenko", "Al-Zeirtgrourtan", "Al Zeirtgrourtan", "Lee",
        "Ng", "Brason", "Braison", "Trourtzouer", "Sanzomsky", "Sanzomski", "Makjanenko", "O'Brien"]
ALPHA = "aeiourstnlkz- '"


def _mutate(rnd: random.Random, s: str, edits: int) -> str:
    """s with a few random insertions, deletions and substitutions (letters, hyphens, spaces)."""
    cs = list(s)
    for _ in range(edits):
        op = rnd.randrange(3)
        pos = rnd.randrange(len(cs) + 1)
        if op == 0 or not cs:
            cs.insert(pos, rnd.choice(ALPHA))
        elif op == 1 and pos < len(cs) and len(cs) > 3:
            del cs[pos]
        elif pos < len(cs):
            cs[pos] = rnd.choice(ALPHA)
    return "".join(cs)


def _names(rnd: random.Random, n: int) -> list[str]:
    """Full names, near-duplicates of each other, bare surnames and given names, capitalised."""
    out = []
    for _ in range(n):
        r = rnd.random()
        if r < 0.15:
            out.append(rnd.choice(LAST + FIRST))
        elif r < 0.3:
            out.append(" ".join(w.capitalize() for w in _mutate(rnd, rnd.choice(LAST), 1).split()) or "X")
        else:
            base = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
            if r < 0.4:
                base = f"{rnd.choice(FIRST)} {rnd.choice(FIRST)} {rnd.choice(LAST)}"
            s = _mutate(rnd, base, rnd.choice([0, 0, 1, 1, 2, 3]))
            out.append(" ".join(w[:1].upper() + w[1:] for w in s.split()) or "X")
    return out


def _keys(rnd: random.Random, n: int) -> list[str]:
    """Spaceless keys in clusters: each a base (a random string over a tiny alphabet, or a name)
    with up to about 12 % of its length in random edits, so many pairs sit near ratio 90."""
    bases = ["".join(rnd.choice("abc") for _ in range(rnd.randint(1, 40))) for _ in range(30)]
    bases += [norm_name(f"{rnd.choice(FIRST)} {rnd.choice(LAST)}").replace(" ", "") for _ in range(30)]
    out = []
    for _ in range(n):
        base = rnd.choice(bases)
        out.append(_mutate(rnd, base, rnd.randint(0, 1 + len(base) // 8)).replace(" ", "") or "a")
    return out


# --------------------------------------------------------------------------- the filter


def _index(keys: list[str]) -> Ratio90Index:
    idx = Ratio90Index()
    for i, k in enumerate(keys):
        idx.add(k, i)
    return idx


def test_filter_keeps_every_pair_with_ratio_90() -> None:
    rnd = random.Random(7)
    keys = _keys(rnd, 700)
    idx = _index(keys)
    close = 0
    kept_far = 0
    for q in keys[:400] + _keys(random.Random(8), 300):
        cands = idx.candidates(q)
        for i, k in enumerate(keys):
            d = Indel.distance(q, k)
            if fuzz.ratio(q, k) >= 90 or 10 * d <= len(q) + len(k):
                close += q != k
                assert i in cands, (q, k, d)
            elif i in cands:
                kept_far += 1
    assert close > 500  # the test data really has near pairs, not only equal keys
    # and the filter filters: far fewer candidates than keys
    assert kept_far < 0.2 * 700 * 700


def test_filter_exhaustive_on_short_strings() -> None:
    """Every pair of strings up to length 7 over {a, b} (lengths where k is 0 or 1)."""
    import itertools

    keys = ["".join(t) for n in range(1, 8) for t in itertools.product("ab", repeat=n)]
    idx = _index(keys)
    for q in keys:
        cands = idx.candidates(q)
        want = {i for i, k in enumerate(keys) if fuzz.ratio(q, k) >= 90}
        assert want <= cands, q


def test_pieces_and_probes_are_well_formed() -> None:
    for n in range(1, 200):
        # the lengths bound is exact: just outside it, ratio 90 is impossible
        lo, hi = _ratio90_lengths(n)[0], _ratio90_lengths(n)[-1]
        assert 10 * abs(n - (lo - 1)) > n + lo - 1 and 10 * abs(hi + 1 - n) > n + hi + 1
        assert 10 * abs(n - lo) <= n + lo and 10 * abs(hi - n) <= n + hi
        for k in _edit_bounds(n):
            segs = _pieces(n, k)
            assert len(segs) == k + 1
            assert [p for p, _ in segs] == [sum(ln for _, ln in segs[:i]) for i in range(len(segs))]
            assert sum(ln for _, ln in segs) == n and all(ln >= 1 for _, ln in segs)
        for m in _ratio90_lengths(n):
            probes = _probes(m, n)
            assert probes and all(0 <= q <= m - ln for _, q, ln in probes)


def test_head_index_finds_what_the_full_scan_finds() -> None:
    rnd = random.Random(11)
    names = _names(rnd, 1500)
    new, old = _HeadIndex(), _OldHeadIndex()
    hits = 0
    for n in names:
        a, b = new.first_match(n, n), old.first_match(n, n)
        assert a == b, n
        if a is None:
            new.add(n)
            old.add(n)
        else:
            hits += 1
    assert hits > 300 and len(new.heads) > 300


# --------------------------------------------------------------------------- resolve_entities


def _quotes(names: list[str], rnd: random.Random) -> list[Quote]:
    out = []
    for i, n in enumerate(names):
        channel = rnd.choice([None, None, None, "KCNA", "Reuters", rnd.choice(names)])
        span = Span(article_id=f"a{i % 37}", start=0, end=len(n) + 10, text=f"Minister {n}")
        out.append(Quote(id=f"a{i % 37}:q{i}", article_id=f"a{i % 37}", start=0, end=3, text="abc",
                         speaker=n, speaker_span=span if rnd.random() < 0.7 else None, channel=channel))
    return out


def test_resolve_entities_identical_to_quadratic_version() -> None:
    rules = default_rules()
    for seed in (1, 2, 3):
        rnd = random.Random(seed)
        names = _names(rnd, 600)
        qs = _quotes([rnd.choice(names) for _ in range(1500)], rnd)
        got = A.resolve_entities(qs, rules)
        want = _old_resolve_entities(qs, rules)
        assert got[1] == want[1]
        assert got[0] == want[0]
        # the data merges names, so a broken index would show
        assert len(want[1]) < len(set(names)) * 0.9
