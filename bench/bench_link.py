"""Benchmark: link 100,000 synthetic quotes; print time, peak memory and recovery.

Run by hand (not part of the test suite):

    python bench/bench_link.py                 # 100,000 quotes, shingle index
    python bench/bench_link.py --n 20000 --minhash   # also time datasketch MinHash LSH

The quotes are random word sequences over a Zipf-distributed vocabulary with
English function words mixed in (so frequent bigrams exist and the frequency
cap matters). Planted groups: a base statement carried by 3-5 articles as an
exact copy with typographic noise, a contiguous excerpt, and a variant with
one word replaced or inflected. Recovery = every planted group ends up in one
cluster; purity = no cluster mixes two planted groups; noise links = clusters
made only of random quotes.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quotecheck import link  # noqa: E402
from quotecheck.models import Article, Quote, Report, Story  # noqa: E402
from quotecheck.rules import RuleSet, bundled_rules_dir, load_file  # noqa: E402

FUNCTION = ["the", "of", "and", "to", "in", "a", "that", "for", "on", "with", "as", "by", "at", "from", "is", "was", "will", "be", "it", "not"]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    syll = ["ka", "lo", "mi", "ren", "to", "sa", "vel", "dor", "ia", "un", "es", "ar", "ti", "po"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syll) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def sentence(rng: random.Random, vocab: list[str], weights: list[float], n: int) -> list[str]:
    out = []
    for w in rng.choices(vocab, weights=weights, k=n):
        out.append(w)
        if rng.random() < 0.35:
            out.append(rng.choice(FUNCTION))
    return out[:n]


def typo_noise(words: list[str], rng: random.Random) -> str:
    """Same words, different typography: case, commas, a dash, a line-wrap hyphen."""
    text = " ".join(words)
    if rng.random() < 0.5:
        text = text[0].upper() + text[1:]
    k = rng.randrange(len(words))
    ws = text.split(" ")
    ws[k] = ws[k] + ","
    if len(ws[-1]) > 6 and rng.random() < 0.3:
        w = ws[-1]
        ws[-1] = w[:3] + "-\n" + w[3:]
    return " — ".join([" ".join(ws[: len(ws) // 2]), " ".join(ws[len(ws) // 2:])])


def generate(n: int, groups: int, seed: int = 7):
    rng = random.Random(seed)
    vocab = vocabulary(rng, 30000)
    weights = [1.0 / (r + 1) ** 0.9 for r in range(len(vocab))]
    texts: list[tuple[str, int | None]] = []  # (quote text, planted group or None)
    for g in range(groups):
        base = sentence(rng, vocab, weights, rng.randint(14, 26))
        texts.append((" ".join(base), g))
        texts.append((typo_noise(base, rng), g))
        a = rng.randint(0, len(base) // 3)
        texts.append((" ".join(base[a:a + max(6, len(base) // 2)]), g))  # excerpt
        var = list(base)
        k = rng.randrange(len(var))
        var[k] = var[k] + ("ing" if rng.random() < 0.5 else "s")  # inflected: a variant
        texts.append((" ".join(var), g))
        if rng.random() < 0.5:
            texts.append((" ".join(base), g))
    while len(texts) < n:
        texts.append((" ".join(sentence(rng, vocab, weights, rng.randint(6, 30))), None))
    texts = texts[:n]
    order = list(range(len(texts)))
    rng.shuffle(order)
    # Put quotes in articles of 5, never two of one planted group in one article.
    arts: list[Article] = []
    quotes: list[Quote] = []
    truth: dict[str, int] = {}
    per_article = 5
    pending = [texts[i] for i in order]
    slots: list[list[tuple[str, int | None]]] = []
    open_slots: list[tuple[list, set]] = []
    for t in pending:
        placed = False
        for slot, gs in open_slots[-8:]:
            if len(slot) < per_article and (t[1] is None or t[1] not in gs):
                slot.append(t)
                if t[1] is not None:
                    gs.add(t[1])
                placed = True
                break
        if not placed:
            slot = [t]
            open_slots.append((slot, {t[1]} if t[1] is not None else set()))
            slots.append(slot)
    for ai, slot in enumerate(slots):
        aid = f"a{ai}"
        parts, offs = [], []
        pos = 0
        for qt, _ in slot:
            prefix = "Someone said “"
            offs.append((pos + len(prefix), pos + len(prefix) + len(qt)))
            piece = f"{prefix}{qt}.” "
            parts.append(piece)
            pos += len(piece)
        text = "".join(parts)
        arts.append(Article(id=aid, path=f"{aid}.txt", text=text))
        for qi, ((_qt, g), (s, e)) in enumerate(zip(slot, offs, strict=True)):
            qid = f"{aid}:q{qi + 1}"
            quotes.append(Quote(id=qid, article_id=aid, start=s, end=e, text=text[s:e]))
            if g is not None:
                truth[qid] = g
    return arts, quotes, truth


def link_only(report: Report, rules: RuleSet) -> tuple[dict, list[list[int]], list]:
    t = {}
    t0 = time.perf_counter()
    infos = link.prepare(report, report.stories, rules)
    t["prepare"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    pairs = list(link.candidate_pairs(infos, link.compiled(rules).rules.blocking))
    t["blocking"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    g = link.build_graph(infos, rules, pairs=pairs)
    t["verify pairs (rapidfuzz) + graph"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    groups = link.clusters_from_graph(g, infos, rules)
    t["clusters"] = time.perf_counter() - t0
    t["candidate pairs"] = len(pairs)
    t["edges"] = g.number_of_edges()
    return t, groups, infos


def score(groups: list[list[int]], infos: list, truth: dict[str, int]) -> dict:
    cluster_of = {}
    for k, grp in enumerate(groups):
        for i in grp:
            cluster_of[infos[i].quote.id] = k
    members: dict[int, list[str]] = defaultdict(list)
    for qid, g in truth.items():
        members[g].append(qid)
    recovered = sum(1 for qs in members.values()
                    if len({cluster_of.get(q, -1 - hash(q)) for q in qs}) == 1)
    mixed = noise_only = 0
    for grp in groups:
        gs = {truth.get(infos[i].quote.id) for i in grp} - {None}
        if len(gs) > 1:
            mixed += 1
        if not gs:
            noise_only += 1
    stray = sum(1 for grp in groups for i in grp
                if infos[i].quote.id not in truth and
                {truth.get(infos[j].quote.id) for j in grp} - {None})
    return {"planted groups": len(members), "recovered whole": recovered,
            "recall": round(recovered / max(1, len(members)), 4),
            "clusters mixing two planted groups": mixed,
            "clusters of random quotes only": noise_only,
            "random quotes pulled into a planted cluster": stray}


def minhash_probe(infos: list, truth: dict[str, int], threshold: float = 0.5) -> dict:
    """datasketch MinHash LSH over the same content stems, for comparison."""
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=64)
    mhs = []
    for q in infos:
        m = MinHash(num_perm=64)
        for w in set(q.stems):
            m.update(w.encode("utf-8"))
        mhs.append(m)
    t_hash = time.perf_counter() - t0
    t0 = time.perf_counter()
    for q, m in zip(infos, mhs, strict=True):
        lsh.insert(str(q.idx), m)
    pairs = set()
    for q, m in zip(infos, mhs, strict=True):
        for other in lsh.query(m):
            o = int(other)
            if o != q.idx:
                pairs.add((min(o, q.idx), max(o, q.idx)))
    t_lsh = time.perf_counter() - t0
    want = set()
    by_group: dict[int, list[int]] = defaultdict(list)
    for q in infos:
        g = truth.get(q.quote.id)
        if g is not None:
            by_group[g].append(q.idx)
    for qs in by_group.values():
        want.update((a, b) for a in qs for b in qs if a < b)
    return {"minhash seconds": round(t_hash, 2), "lsh insert+query seconds": round(t_lsh, 2),
            "candidate pairs": len(pairs), "planted pairs found": round(len(want & pairs) / max(1, len(want)), 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--groups", type=int, default=5_000)
    ap.add_argument("--minhash", action="store_true", help="also time datasketch MinHash LSH")
    args = ap.parse_args()
    rules = RuleSet([load_file(bundled_rules_dir() / "link.yml")], [])
    t0 = time.perf_counter()
    gc.disable()  # as link.link_quotes does: millions of small acyclic objects
    arts, quotes, truth = generate(args.n, args.groups)
    gen = time.perf_counter() - t0
    report = Report(articles=arts, quotes=quotes,
                    stories=[Story(id="s1", article_ids=[a.id for a in arts])])
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    times, groups, infos = link_only(report, rules)
    total = time.perf_counter() - t0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"quotes: {len(quotes):,} in {len(arts):,} articles (generated in {gen:.1f}s)")
    for k, v in times.items():
        print(f"  {k}: {v:.2f}s" if isinstance(v, float) else f"  {k}: {v:,}")
    print(f"link total: {total:.1f}s  ({len(quotes) / total:,.0f} quotes/s)")
    print(f"peak RSS: {rss1 / 1024:.0f} MiB (before linking {rss0 / 1024:.0f} MiB)")
    sc = score(groups, infos, truth)
    for k, v in sc.items():
        print(f"  {k}: {v:,}" if isinstance(v, int) else f"  {k}: {v}")
    if args.minhash:
        for k, v in minhash_probe(infos, truth).items():
            print(f"  minhash {k}: {v}")
    ok = sc["recall"] >= 0.99 and sc["clusters mixing two planted groups"] == 0
    print("planted groups recovered:", "OK" if ok else "NOT OK")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
