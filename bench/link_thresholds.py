"""How the variant/containment thresholds were chosen: score cross-article quote pairs on data.

Run by hand on PolNeAR (real US news, 168 articles, hand-annotated quotes):

    python bench/link_thresholds.py ../shared/corpora/polnear

Direct quotes (Content spans opening with a quote mark) of all articles are put
in one story; every candidate pair from the blocking index is scored with the
thresholds lowered to 0.5, and the histogram of scores is printed, with the
pairs at or above 0.6 for reading. Nothing from the corpus is stored.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quotecheck import link  # noqa: E402
from quotecheck.models import Article, Quote, Report, Story  # noqa: E402
from quotecheck.rules import RuleSet, bundled_rules_dir, load_file  # noqa: E402

_QUOTE = re.compile(r"^(''|[\"“])(.*?)(''|[\"”])?[.,]?$", re.S)


def read_polnear(root: Path) -> tuple[list[Article], list[Quote]]:
    arts, quotes = [], []
    for split in ("dev", "test"):
        anns: dict[str, Path] = {}
        for p in sorted((root / split / "attributions").glob("*.ann")):
            anns.setdefault(p.name.rsplit("_", 1)[0], p)
        for stem, p in anns.items():
            tp = root / split / "text" / f"{stem}.txt"
            if not tp.exists():
                continue
            text = tp.read_text(encoding="utf-8")
            arts.append(Article(id=stem, path=str(tp), text=text))
            for line in p.read_text(encoding="utf-8").splitlines():
                f = line.split("\t")
                if len(f) < 3 or not f[1].startswith("Content") or ";" in f[1]:
                    continue
                s, e = map(int, f[1].split(" ", 1)[1].split())
                m = _QUOTE.match(text[s:e])
                if not m:
                    continue
                off = s + len(m.group(1))
                body = m.group(2)
                quotes.append(Quote(id=f"{stem}:q{len(quotes)}", article_id=stem, start=off,
                                    end=off + len(body), text=text[off:off + len(body)]))
    return arts, quotes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("polnear", type=Path)
    args = ap.parse_args()
    arts, quotes = read_polnear(args.polnear)
    rf = load_file(bundled_rules_dir() / "link.yml")
    rf.thresholds = rf.thresholds.model_copy(update={"variant": 0.5, "containment": 0.5})
    rules = RuleSet([rf], [])
    rep = Report(articles=arts, quotes=quotes, stories=[Story(id="s", article_ids=[a.id for a in arts])])
    infos = link.prepare(rep, rep.stories, rules)
    rows = []
    for i, j in link.candidate_pairs(infos, rf.blocking):
        x, y = infos[i], infos[j]
        if x.quote.article_id != y.quote.article_id:
            r = link.relate(x, y, rf.thresholds)
            if r:
                rows.append((r.similarity, r.relation, x.quote.text, y.quote.text))
    print(f"{len(arts)} articles, {len(quotes)} direct quotes, {len(rows)} scored pairs")
    print("relations:", dict(Counter(r[1] for r in rows)))
    hist = Counter(min(9, int(r[0] * 10)) for r in rows if r[1] == "variant")
    for b in range(5, 10):
        print(f"  variant score {b / 10:.1f}-{(b + 1) / 10:.1f}: {hist.get(b, 0)}")
    for sim, rel, a, b in sorted(rows, reverse=True):
        if rel == "variant" and sim >= 0.6:
            print(f"{sim:.3f}  {a[:80]!r}\n       {b[:80]!r}")


if __name__ == "__main__":
    main()
