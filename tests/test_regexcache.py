"""The compiled-regex cache (quotecheck/regexcache.py): same results as a plain compile,
a changed rule pack is picked up, bad files are ignored, workers never compile again."""

from __future__ import annotations

import ast
import json
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import regex

from quotecheck import pipeline, regexcache
from quotecheck.engine import local as engine
from quotecheck.ingest import read_paths
from quotecheck.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SQUAWK = '"We will never sell the harbour to anyone," Lena Sovik squawked on Monday.\n'


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test, and a process that holds no compiled pattern."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("QUOTECHECK_CACHE_DIR", str(folder))
    monkeypatch.delenv("QUOTECHECK_NO_CACHE", raising=False)
    regexcache.clear_memory()
    yield folder
    regexcache.clear_memory()


class Counting:
    """Stands in for ``regex.compile`` and counts the patterns the engine really compiles."""

    def __init__(self, real):
        self.real, self.calls = real, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.real(*args, **kwargs)


def _extract_fixtures() -> list[str]:
    """Every fixture article extracted with a fresh rule set: segmentation, quotes, speakers,
    figures, dates (the digest too), as JSON."""
    rules = load_rules()
    arts, errors = read_paths([str(FIXTURES)], rules=rules)
    assert not errors and len(arts) >= 15
    return [pipeline.extract_article(a, rules).model_dump_json() for a in arts]


def test_cached_patterns_give_the_extractions_of_a_plain_compile(cache: Path, monkeypatch) -> None:
    monkeypatch.setenv("QUOTECHECK_NO_CACHE", "1")
    plain = _extract_fixtures()
    assert not cache.exists()  # off means off: nothing written

    monkeypatch.delenv("QUOTECHECK_NO_CACHE")
    regexcache.clear_memory()
    cold = _extract_fixtures()
    assert regexcache.save()
    assert regexcache.cache_file().is_file()

    regexcache.clear_memory()
    counting = Counting(regex.compile)
    monkeypatch.setattr(regexcache.regex, "compile", counting)
    warm = _extract_fixtures()
    assert counting.calls == 0, "a warm cache compiled patterns again"
    assert len(regexcache._used) > 100  # the rules really went through the cache
    assert plain == cold == warm


def _speaker(rule_dirs: list[str], tmp_path: Path) -> str | None:
    art = tmp_path / "harbour.txt"
    art.write_text("Harbour vote\n\n" + SQUAWK, encoding="utf-8")
    rules = load_rules(rule_dirs)
    arts, _ = read_paths([str(art)], rules=rules)
    (q,) = pipeline.extract_article(arts[0], rules).quotes
    return q.speaker


def test_a_changed_rule_pack_is_picked_up_with_a_warm_cache(cache: Path, tmp_path: Path) -> None:
    assert _speaker([], tmp_path) is None  # "squawked" is no cue verb of the bundled pack
    assert regexcache.save()
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "cues.yml").write_text('kind: speech_cues\nid: speech-cues\nmerge: extend\n'
                                   'verbs:\n  - "squawk: squawks, squawked, squawking"\n', encoding="utf-8")
    regexcache.clear_memory()
    assert _speaker([str(pack)], tmp_path) == "Lena Sovik"
    regexcache.save()
    regexcache.clear_memory()  # and back: the old entries still serve the bundled pack
    assert _speaker([], tmp_path) is None


def test_a_corrupt_cache_file_is_ignored(cache: Path) -> None:
    cache.mkdir()
    regexcache.cache_file().write_bytes(b"\x80\x05not a pickle at all")
    pat = regexcache.compile(r"(?i)\bharbou?r\b")
    assert pat.findall("The Harbor and the harbour") == ["Harbor", "harbour"]
    assert regexcache.save()
    regexcache.clear_memory()
    assert regexcache.compile(r"(?i)\bharbou?r\b").pattern == r"(?i)\bharbou?r\b"


class _Evil:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.makedirs, (str(self.marker),))


def test_a_tampered_cache_file_cannot_run_code(cache: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    cache.mkdir()
    key = (r"\d+", 0)
    regexcache.cache_file().write_bytes(pickle.dumps({key: pickle.dumps(_Evil(marker))}))
    assert regexcache.compile(r"\d+").findall("a 12 b 345") == ["12", "345"]
    regexcache.clear_memory()
    regexcache.cache_file().write_bytes(pickle.dumps(_Evil(marker)))  # the whole file
    assert regexcache.compile(r"\w+").findall("two words") == ["two", "words"]
    assert not marker.exists()


def test_processes_racing_to_save_leave_a_whole_file(cache: Path) -> None:
    script = textwrap.dedent("""
        import sys
        from quotecheck import regexcache
        n = int(sys.argv[1])
        for round in range(5):
            for i in range(40):
                regexcache.compile(f"(?:w{n}x{round}y{i})+|[a-z]{{{i}}}")
            assert regexcache.save()
    """)
    env = {**os.environ, "QUOTECHECK_CACHE_DIR": str(cache)}
    procs = [subprocess.Popen([sys.executable, "-c", script, str(n)], env=env) for n in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    entries = regexcache._load_file()
    assert len(entries) >= 200  # every writer's last save holds at least its own 200
    assert not [p for p in cache.iterdir() if p.name.startswith(".regex-")]  # no temp file left


def test_pattern_texts_do_not_depend_on_the_hash_seed() -> None:
    """A pattern built from a set must not change with the seed: it would miss the cache on
    every run (and an alternation's order could change what it matches)."""
    script = ("import hashlib, json; from quotecheck import pipeline, regexcache;"
              "from quotecheck.rules import load_rules; pipeline.warm(load_rules());"
              "print(hashlib.sha1(json.dumps(sorted(regexcache._used)).encode()).hexdigest(),"
              " len(regexcache._used))")
    out = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "QUOTECHECK_NO_CACHE": "1"}
        res = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                             check=True)
        out.append(res.stdout.split())
    assert int(out[0][1]) > 100
    assert out[0] == out[1] == out[2]


def test_every_regex_of_the_package_is_compiled_through_the_cache() -> None:
    offenders = []
    for path in (ROOT / "quotecheck").rglob("*.py"):
        if path.name == "regexcache.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr == "compile"
                    and isinstance(node.value, ast.Name) and node.value.id == "regex"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, f"regex.compile outside regexcache: {offenders}"


def _articles(n: int) -> list:
    rules = load_rules()
    arts, _ = read_paths([str(FIXTURES)], rules=rules)
    return [a.model_copy(update={"id": f"{a.id}-{i}"}) for i in range(n // len(arts) + 1)
            for a in arts][:n]


def test_pool_workers_compile_nothing(cache: Path, monkeypatch) -> None:
    """The pool's workers are forked after ``warm``: a worker that compiled a pattern would
    hit the stand-in below, which fails."""
    rules = load_rules()
    arts = _articles(40)
    local = engine.extract_local(arts, rules)
    pipeline.warm(rules)

    def refuse(*args, **kwargs):
        raise AssertionError(f"compiled in a worker: {str(args[0])[:60]!r}")

    monkeypatch.setattr(regexcache.regex, "compile", refuse)
    pooled = engine.extract_processes(arts, rules, jobs=2)
    assert [e.model_dump_json() for e in pooled] == [e.model_dump_json() for e in local]


def test_pickled_rules_travel_compiled(cache: Path, tmp_path: Path) -> None:
    """What a Dask worker (or a spawned process) gets: a process with no cache, whose
    ``regex.compile`` fails, extracts from the unpickled rule set alone."""
    rules = load_rules()
    pipeline.warm(rules)
    blob = tmp_path / "rules.pickle"
    blob.write_bytes(pickle.dumps(rules))
    art = tmp_path / "harbour.txt"
    art.write_text("Harbour vote\n\n" + SQUAWK.replace("squawked", "said"), encoding="utf-8")
    script = textwrap.dedent(f"""
        import json, pickle, regex
        rules = pickle.loads(open({str(blob)!r}, "rb").read())
        from quotecheck.ingest import read_paths  # module constants: compiled on import
        from quotecheck.pipeline import extract_article
        def refuse(*a, **k):
            raise SystemExit("compiled: " + str(a[0])[:60])
        regex.compile = refuse
        arts, _ = read_paths([{str(art)!r}], rules=rules)
        print(json.dumps([q.speaker for q in extract_article(arts[0], rules).quotes]))
    """)
    env = {**os.environ, "QUOTECHECK_NO_CACHE": "1"}
    res = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-2000:]
    assert json.loads(res.stdout) == ["Lena Sovik"]


def test_a_pattern_from_the_file_loads_on_first_use_and_acts_as_compiled(cache: Path) -> None:
    """``LazyPattern``: flags known before loading, same answers as the engine, pickles by key."""
    src, flags = r"(?i)\b(?P<who>minister|mayor)\s+(\w+)", regex.VERSION1
    real = regex.compile(src, flags)
    regexcache.compile(src, flags)
    assert regexcache.save()
    regexcache.clear_memory()
    lazy = regexcache.compile(src, flags)
    assert isinstance(lazy, regexcache.LazyPattern) and regexcache.is_pattern(lazy)
    assert "_real" not in lazy.__dict__  # nothing loaded yet
    assert lazy.flags == real.flags and lazy.pattern == real.pattern
    text = "The Mayor Ode spoke; the minister Lee too."
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert "_real" in lazy.__dict__ and lazy.groupindex == real.groupindex
    assert lazy.sub("X", text) == real.sub("X", text)
    again = pickle.loads(pickle.dumps(lazy))
    assert again is lazy  # the same key in this process: the memo's object
    assert isinstance(regexcache.loaded(lazy), regex.Pattern)


def test_rule_yaml_is_kept_as_json_only_when_json_holds_it_exactly(cache: Path) -> None:
    from quotecheck import rules as R

    plain = "kind: hedges\nid: h\nwords: [about, 'nearly']\nn: 3\n"
    assert json.loads(R._yaml_as_json(plain)) == {"kind": "hedges", "id": "h", "words": ["about", "nearly"], "n": 3}
    assert R._yaml_as_json("when: 2025-01-07\n") == ""  # a YAML date: JSON would make it a string
    assert R._yaml_as_json("1: one\n") == ""  # an integer key
    assert R._parse_yaml("when: 2025-01-07\n") == R._parse_yaml("when: 2025-01-07\n") != {"when": "2025-01-07"}
    assert R._parse_yaml(plain)["words"] == ["about", "nearly"]  # second time from the kept JSON
