"""Every fixture article is read with the id, date, title, outlet and url its expected.yml states."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quotecheck.ingest import read_paths
from quotecheck.rules import RuleSet, load_file
from quotecheck.segment import segment

ROOT = Path(__file__).resolve().parent.parent
SETS = sorted(p.parent for p in (ROOT / "fixtures").glob("*/expected.yml"))


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    d = ROOT / "rules" / "en"
    return RuleSet([load_file(d / n) for n in ("headers.yml", "boilerplate.yml", "sentences.yml")], [str(d)])


@pytest.mark.parametrize("story_set", SETS, ids=[p.name for p in SETS])
def test_fixture_articles_metadata(story_set: Path, rules: RuleSet) -> None:
    expected = yaml.safe_load((story_set / "expected.yml").read_text(encoding="utf-8"))
    arts, errs = read_paths([str(story_set)], rules=rules)
    assert errs == []
    by_id = {a.id: a for a in arts}
    assert sorted(by_id) == sorted(e["id"] for e in expected["articles"])
    for exp in expected["articles"]:
        a = by_id[exp["id"]]
        assert Path(a.path).name == exp["file"]
        for key in ("title", "outlet", "url"):
            if key in exp:
                assert getattr(a, key) == exp[key], (exp["id"], key)
        assert str(a.published) == str(exp["published"]), exp["id"]
        seg = segment(a, rules)
        heads = [a.text[b.start:b.end] for b in seg.blocks if b.kind == "headline"]
        assert heads == [a.title], exp["id"]  # the title is in the text once, as the headline block
