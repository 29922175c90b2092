"""Fixtures shared by several test files."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

# Compiled rules go to a folder of this test run, never the user's cache (set before any
# quotecheck module compiles a pattern; CI sets its own).
if "QUOTECHECK_CACHE_DIR" not in os.environ:
    os.environ["QUOTECHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="quotecheck-test-cache-")
    atexit.register(shutil.rmtree, os.environ["QUOTECHECK_CACHE_DIR"], ignore_errors=True)

import pytest  # noqa: E402

import quotecheck.rules as rules_mod  # noqa: E402
from quotecheck.engine.local import extract_local
from quotecheck.ingest import read_paths
from quotecheck.models import Article, ArticleExtraction
from quotecheck.rules import default_rules

ROOT = Path(__file__).resolve().parents[1]
Batch = tuple[list[Article], list[ArticleExtraction]]


@pytest.fixture
def slow_pack(tmp_path: Path) -> Path:
    """A rule pack (``tmp_path/pack``) whose figure qualifier ``evil`` backtracks exponentially
    on a run of a's with no b: any article holding such a run makes the rule time out."""
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "slow.yml").write_text(
        "kind: subjects\nid: en-subjects\nmerge: extend\nclasses: {}\n"
        "qualifiers:\n  - {name: evil, dimension: place, pattern: '(a|aa)+b'}\n", encoding="utf-8")
    return pack


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> float:
    """0.2 s instead of 2 s; modules that imported the constant by name get it too."""
    for where in ("quotecheck.rules", "quotecheck.segment"):
        monkeypatch.setattr(f"{where}.REGEX_TIMEOUT", 0.2)
    assert rules_mod.REGEX_TIMEOUT == 0.2
    return 0.2


def _extracted(folder: Path) -> Batch:
    rules = default_rules()
    arts, errors = read_paths([str(folder)], rules=rules)
    assert not errors
    return arts, extract_local(arts, rules)


@pytest.fixture(scope="module")
def fixtures_batch() -> Batch:
    """Every fixture set read and extracted, once per test module (reports may set digests on it)."""
    arts, exs = _extracted(ROOT / "fixtures")
    assert len(arts) >= 15
    return arts, exs


@pytest.fixture(scope="module")
def generated_batch(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Batch:
    """A benchmark-generator corpus with a conflict planted in every story, once per test module;
    the module's ``GENERATED = (stories, outlets, seed)`` says which."""
    sys.path.insert(0, str(ROOT / "bench"))
    import generate_corpus as gen

    stories, outlets, seed = request.module.GENERATED
    out = tmp_path_factory.mktemp("generated-corpus")
    gen.write_corpus(out, stories, outlets, seed=seed, conflict_rate=1.0)
    arts, exs = _extracted(out / "articles")
    assert len(arts) == stories * outlets
    return arts, exs
