"""Rule packs: YAML files of data, validated on load, compiled once.

A pack is a folder of ``*.yml`` files (subfolders allowed). Every file names
its ``kind``; each kind has a pydantic model, registered by the stage that
uses it (``@rule_kind("speech_cues")``), so a wrong key or a bad regex is
reported with the file and the rule that is wrong. This module sits below the
stages and never imports them: whoever loads rules imports the stages first
(``quotecheck.pipeline`` imports every one), which registers their kinds. Packs load in order: the
bundled pack first, then every ``--rules DIR``. A later file with the same
``id`` replaces the earlier one, or with ``merge: extend`` adds to its lists.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import CodeType
from typing import Any, TypeVar

import regex
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from quotecheck import regexcache
from quotecheck.errors import UserError

T = TypeVar("T")

#: libyaml's loader where PyYAML's wheel has it (every wheel on PyPI does): the same safe
#: constructors as ``yaml.SafeLoader``, 8x faster on our packs (0.15 s -> 0.02 s a run).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Seconds any single rule regex may run on one text before it is stopped.
REGEX_TIMEOUT = 2.0


class _Watchdog:
    """What the CPU-time tick handler of ``regex_watchdog`` reads: which timed call is running.

    ``regex``'s own ``timeout=`` reads the process CPU clock, two system calls (~2.4 µs on
    this VM) a call, and extraction makes ~290 timed calls an article: ~7 % of its time.
    Inside ``regex_watchdog`` the calls run without it; a CPU-time interval timer ticks every
    ``REGEX_TIMEOUT / 4`` s and the handler raises ``TimeoutError`` in the call that has
    been running through five ticks (2–2.5 s of CPU: ``regex`` checks for signals while it
    matches, so the call stops there). Only the main thread's calls are watched: signal
    handlers run there; other threads keep ``timeout=``."""

    thread = 0  # the thread that armed it (0: not armed); a forked worker's main thread has another id
    tick = 0.0
    calls = 0  # numbers the watched calls
    current = 0  # the watched call running now (0: none)
    seen = 0  # the call running at the last tick
    ticks = 0  # ticks seen in it


_WD = _Watchdog()


def _on_tick(signum: int, frame: object) -> None:
    wd = _WD
    if not wd.current:
        wd.seen = 0
        return
    if wd.current != wd.seen:
        wd.seen, wd.ticks = wd.current, 0
    wd.ticks += 1
    if (wd.ticks - 1) * wd.tick >= REGEX_TIMEOUT - 1e-9:  # it has run at least REGEX_TIMEOUT
        wd.current = wd.seen = 0
        raise TimeoutError("regex time-out (watchdog)")


@contextlib.contextmanager
def regex_watchdog() -> Iterator[None]:
    """Bound the rule regexes run inside by CPU-time ticks instead of a clock read per call.

    A no-op outside the main thread, where ``signal`` is not available, or when already armed.
    The previous ``SIGPROF`` handler and timer are put back on the way out."""
    if _WD.thread or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    tick = REGEX_TIMEOUT / 4
    prev = signal.signal(signal.SIGPROF, _on_tick)
    old_timer = signal.setitimer(signal.ITIMER_PROF, tick, tick)
    _WD.thread, _WD.tick, _WD.current, _WD.seen = threading.get_ident(), tick, 0, 0
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        _WD.thread, _WD.current = 0, 0
        signal.signal(signal.SIGPROF, prev if prev is not None else signal.SIG_DFL)
        if old_timer[0]:
            signal.setitimer(signal.ITIMER_PROF, *old_timer)


def _watched() -> bool:
    """Whether a call made now is watched (else it passes ``timeout=``)."""
    return _WD.thread == threading.get_ident()  # get_ident() is never 0


def timed(fn: Callable[..., T], *args: Any, **kw: Any) -> T:
    """``fn(*args, **kw)`` (a compiled pattern's ``search``, ``match``, ``fullmatch``…) bounded
    by ``REGEX_TIMEOUT``: watched inside ``regex_watchdog``, else with ``timeout=``. Raises the
    engine's ``TimeoutError`` either way: callers name the rule."""
    if not _watched():
        return fn(*args, timeout=REGEX_TIMEOUT, **kw)
    wd = _WD
    wd.calls += 1
    wd.current = wd.calls
    try:
        return fn(*args, **kw)
    finally:
        wd.current = 0


def timed_iter(fn: Callable[..., Iterator[T]], *args: Any, **kw: Any) -> Iterator[T]:
    """``timed`` for ``finditer``: each step to the next match is one watched call."""
    if not _watched():
        yield from fn(*args, timeout=REGEX_TIMEOUT, **kw)
        return
    it = fn(*args, **kw)
    wd = _WD
    while True:
        wd.calls += 1
        wd.current = wd.calls
        try:
            m = next(it, None)
        finally:
            wd.current = 0
        if m is None:
            return
        yield m


class RuleError(UserError):
    """A rule pack is wrong; the message names the file and the rule."""


class RuleTimeout(RuleError):
    """A rule's regex ran longer than REGEX_TIMEOUT on some input."""


class RuleFile(BaseModel):
    """Keys every rule file has. Kinds subclass this with their own fields."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    id: str
    description: str = ""
    merge: str = "replace"  # replace | extend
    source: str = ""  # file it was loaded from (set by the loader)

    @field_validator("merge")
    @classmethod
    def _merge_mode(cls, v: str) -> str:
        if v not in ("replace", "extend"):
            raise ValueError("merge must be 'replace' or 'extend'")
        return v


R = TypeVar("R", bound=RuleFile)
_KINDS: dict[str, type[RuleFile]] = {}


def rule_kind(name: str) -> Callable[[type[R]], type[R]]:
    """Register a rule-file model under ``kind: name``."""

    def deco(cls: type[R]) -> type[R]:
        _KINDS[name] = cls
        return cls

    return deco


#: What an unknown kind means when no stage module has been imported yet.
NO_STAGES = "none: no stage has registered its rule kinds; import quotecheck.pipeline before loading rules"


def _stages_registered(kinds: dict[str, type[RuleFile]]) -> bool:
    """Some kind comes from a stage module, not from this one."""
    return any(cls.__module__ != __name__ for cls in kinds.values())


def known_kinds() -> dict[str, type[RuleFile]]:
    """Every kind registered so far: those of the stage modules imported in this process."""
    return dict(_KINDS)


def compile_regex(pattern: str, flags: int = 0, *, where: str = "") -> regex.Pattern:
    """Compile once, with a message that says which rule holds a bad pattern."""
    try:
        return regexcache.compile(pattern, flags | regex.VERSION1)
    except regex.error as exc:
        raise ValueError(f"bad regex {pattern!r}: {exc}{' in ' + where if where else ''}") from exc


def longest_first(words: Iterable[str]) -> list[str]:
    """Distinct words, longest first, ties alphabetical: an alternation that prefers the longest
    match, with the same pattern text in every process (a set's order changes with the hash
    seed, so each run built new pattern texts and missed the compiled-regex cache)."""
    return sorted(set(words), key=lambda w: (-len(w), w))


def alternation(words: Iterable[str], *, space: str = r"\s+") -> str:
    """Words and phrases as one trie-shaped alternation (a space matches any run of spaces).

    It matches what listing them longest first matches, but the engine tests each shared
    prefix once instead of every word in turn: the figure pattern ran twice as fast.
    Building the trie text costs ~17 ms a process for the bundled packs, so the text is kept
    in the compiled-regex cache, under a hash of the words, the space and the builder's code.
    """
    distinct = sorted({w.strip() for w in words if w and w.strip()})
    name = "alternation:" + hashlib.sha256("\n".join([_builder_id(), space, *distinct]).encode("utf-8")).hexdigest()
    return regexcache.derived(name, lambda: _trie(distinct, space))


def _trie(words: list[str], space: str) -> str:
    root: dict[str, dict] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root, space, {}) or r"(?!x)x"


def _builder_id() -> str:
    """The trie builder's own code: a changed builder never reuses a text the old one made."""
    global _BUILDER
    if _BUILDER is None:
        h = hashlib.sha256()
        for f in (_trie, _emit, _longest):
            _hash_code(f.__code__, h)
        _BUILDER = h.hexdigest()[:16]
    return _BUILDER


def _hash_code(code: CodeType, h: Any) -> None:
    """Bytecode and constants, nested code (lambdas, comprehensions) included: no addresses."""
    h.update(code.co_code)
    for c in code.co_consts:
        if isinstance(c, CodeType):
            _hash_code(c, h)
        else:
            h.update(repr(c).encode("utf-8"))


_BUILDER: str | None = None


def _longest(node: dict, memo: dict[int, int]) -> int:
    if id(node) not in memo:
        memo[id(node)] = max((1 + _longest(c, memo) for k, c in node.items() if k), default=0)
    return memo[id(node)]


def _emit(node: dict, space: str, memo: dict[int, int]) -> str:
    kids = sorted((k for k in node if k), key=lambda k: (-_longest(node[k], memo), k))
    parts = [(space if k == " " else regex.escape(k)) + _emit(node[k], space, memo) for k in kids]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if "" in node:  # a word ends here: try the longer ones first, then stop
        return f"(?:{body})?" if len(parts) == 1 else body + "?"
    return body


def words_regex(words: list[str], *, flags: int = regex.IGNORECASE) -> regex.Pattern:
    """Vale-style tokens: a list of words/phrases becomes one word-bounded alternation."""
    return regexcache.compile(rf"(?<!\w)(?:{alternation(words)})(?!\w)", flags | regex.VERSION1)


# --------------------------------------------------------------------------- gates

_TOKEN = re.compile(r"\w+")
# Words too frequent to be worth a window when a phrase has a rarer one.
_COMMON = frozenset(["a", "an", "the", "of", "on", "in", "at", "to", "by", "for", "from", "and", "or",
                     "after", "before", "this", "that", "last", "next", "ago", "later", "earlier",
                     "following", "previous"])


@dataclass(frozen=True)
class Gate:
    """Where a costly pattern can match at all: near one of its trigger words or digits.

    Every match of the gated pattern must contain a trigger (a lower-case word from
    ``words``, or a run of at least ``digits`` digits) and lie within ``reach``
    characters of it. The pattern then runs only on windows around the triggers,
    with the same matches as a scan of the whole text (see ``windows``).
    """

    words: frozenset[str]
    digits: int = 0  # 0: digits do not open a window
    reach: int = 48  # dates and figures are under 40 characters; 48 leaves room for spacing

    @staticmethod
    def of(phrases: Iterable[str], *, digits: int = 0, reach: int = 48) -> Gate:
        """Trigger on one word of each phrase: the longest that is not a common word
        ("the day before" opens on "day", not on "before" or "the").

        One word per phrase is enough for the invariant, and fewer windows is faster.
        """
        def pick(ws: list[str]) -> str:
            return max([w for w in ws if w not in _COMMON] or ws, key=len)

        toks = {pick(ws) for p in phrases if (ws := _TOKEN.findall(p.lower()))}
        return Gate(frozenset(toks), digits, reach)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def word_hits(low: str, w: str, start: int = 0, stop: int | None = None) -> list[int]:
    """Where ``w`` stands as a whole word in ``low`` at or after ``start``, before ``stop``
    ("mon" in "money" opens nothing)."""
    out: list[int] = []
    n, n_low = len(w), len(low)
    stop = n_low if stop is None else stop
    i = low.find(w, start)
    while 0 <= i < stop:
        if (i == 0 or not _is_word(low[i - 1])) and (i + n >= n_low or not _is_word(low[i + n])):
            out.append(i)
        i = low.find(w, i + 1)
    return out


@functools.lru_cache(maxsize=8)
def _lowered(text: str) -> tuple[str, frozenset[str]]:
    low = text.lower()
    return low, frozenset(_TOKEN.findall(low))


@functools.lru_cache(maxsize=8)
def _digit_runs(text: str, n: int) -> tuple[int, ...]:
    return tuple(m.start() for m in re.finditer(rf"\d{{{n},}}", text))


def windows(gate: Gate, text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[int, int]]:
    """Merged [start, end) windows around the gate's triggers in text[pos:endpos].

    Windows that touch are merged, so a match can never straddle two of them; a text
    whose lower-casing changes its length (rare scripts) gets one window: all of it.
    """
    end = len(text) if endpos is None else endpos
    low, toks = _lowered(text)
    if len(low) != len(text):
        return [(pos, end)]
    hits: list[int] = []
    for w in toks & gate.words:
        hits.extend(word_hits(low, w, max(0, pos - gate.reach), end + gate.reach))
    if gate.digits:
        hits.extend(_digit_runs(text, gate.digits))
    hits.sort()
    return merge_spans((max(pos, h - gate.reach), min(end, h + gate.reach)) for h in hits)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted by start, merged where they overlap or touch (empty ones dropped)."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if a >= b:
            continue
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def finditer(pattern: regex.Pattern, text: str, *, rule: str, pos: int = 0,
             endpos: int | None = None, gate: Gate | None = None) -> Iterator[regex.Match]:
    """Iterate matches with a timeout, so no input can hang the tool.

    With a ``gate`` the pattern runs only on windows around its triggers; a match must
    end inside its window, and the engine may read ``reach`` characters past it for
    look-aheads, so the matches are those of a whole-text scan.
    """
    end = len(text) if endpos is None else endpos
    spans = [(pos, end)] if gate is None else windows(gate, text, pos, end)
    try:
        for a, b in spans:
            limit = b if gate is None else min(end, b + gate.reach)
            for m in timed_iter(pattern.finditer, text, a, limit):
                if m.start() >= b:
                    break
                if m.end() <= b:
                    yield m
    except TimeoutError as exc:
        raise RuleTimeout(f"rule {rule!r} timed out after {REGEX_TIMEOUT:g}s "
                          f"(pattern {pattern.pattern[:60]!r}…)") from exc


def finditer_alternatives(whole: regex.Pattern, parts: list[tuple[regex.Pattern, Gate | None]],
                          text: str, *, rule: str) -> Iterator[regex.Match]:
    """The matches of ``whole`` (the alternation of ``parts``), found through the parts.

    The engine scans one alternative at a time much faster than the alternation of
    all of them, and each part can have its own gate (a month name, a weekday, a
    four-digit year). Each part, scanned with overlaps, gives every position where
    it matches; ``whole`` is then matched on the whole text at those positions only,
    left to right, skipping what a match covers. Every match is ``whole``'s own, and
    the result is what ``whole.finditer`` yields as long as each part's gate holds.
    """
    try:
        starts: set[int] = set()
        for part, gate in parts:
            spans = [(0, len(text))] if gate is None else windows(gate, text)
            for a, b in spans:
                limit = b if gate is None else min(len(text), b + gate.reach)
                starts.update(m.start() for m in timed_iter(part.finditer, text, a, limit, overlapped=True))
        yield from greedy_matches(whole, text, sorted(starts))
    except TimeoutError as exc:
        raise RuleTimeout(f"rule {rule!r} timed out after {REGEX_TIMEOUT:g}s "
                          f"(pattern {whole.pattern[:60]!r}…)") from exc


def greedy_matches(whole: regex.Pattern, text: str, starts: list[int], cursor: int = 0,
                   limit: int | None = None, stop: int | None = None) -> Iterator[regex.Match]:
    """``whole``'s matches left to right, tried only at ``starts`` (every place one can begin),
    skipping what a match covers. Raises the engine's ``TimeoutError``: callers name the rule.

    A start where ``whole`` does not match (a part matched only on a clipped window) is
    skipped. With ``stop`` (a gate window's end): stop at the first match starting there,
    and drop matches running past it, as ``finditer`` does.
    """
    for s in starts:
        if s < cursor:
            continue
        m = timed(whole.match, text, s) if limit is None else timed(whole.match, text, s, limit)
        if m is None:
            continue
        if stop is not None and m.start() >= stop:
            break
        cursor = max(m.end(), s + 1)
        if stop is None or m.end() <= stop:
            yield m


def search(pattern: regex.Pattern, text: str, *, rule: str, pos: int = 0,
           endpos: int | None = None) -> regex.Match | None:
    """``pattern.search`` with the same timeout as ``finditer``."""
    try:
        return timed(pattern.search, text, pos, len(text) if endpos is None else endpos)
    except TimeoutError as exc:
        raise RuleTimeout(f"rule {rule!r} timed out after {REGEX_TIMEOUT:g}s") from exc


def match(pattern: regex.Pattern, text: str, *, rule: str, pos: int = 0,
          endpos: int | None = None) -> regex.Match | None:
    """``pattern.match`` with the same timeout as ``finditer``."""
    try:
        return timed(pattern.match, text, pos, len(text) if endpos is None else endpos)
    except TimeoutError as exc:
        raise RuleTimeout(f"rule {rule!r} timed out after {REGEX_TIMEOUT:g}s") from exc


def bundled_rules_dir() -> Path:
    """The packaged pack inside the wheel, or ``rules/`` of a source checkout."""
    here = Path(__file__).resolve().parent
    for cand in (here / "_rules", here.parent / "rules"):
        if cand.is_dir():
            return cand
    raise RuleError(f"bundled rules not found (looked in {here / '_rules'} and {here.parent / 'rules'})")


class RuleSet:
    """All loaded rule files by kind, plus a cache of compiled objects."""

    def __init__(self, files: list[RuleFile], packs: list[str]):
        self.files = files
        self.packs = packs
        # ``thresholds`` from [tool.quotecheck] (config.py): numbers a stage may read
        # with ``threshold(name, default)`` instead of hard-coding them.
        self.thresholds: dict[str, Any] = {}
        self._cache: dict[str, Any] = {}

    def threshold(self, name: str, default: Any) -> Any:
        """A user-set threshold from the configuration, else the stage's default."""
        return self.thresholds.get(name, default)

    def of_kind(self, kind: str) -> list[RuleFile]:
        return [f for f in self.files if f.kind == kind]

    def one(self, kind: str) -> RuleFile | None:
        items = self.of_kind(kind)
        return items[0] if items else None

    def compiled(self, key: str, factory: Callable[[RuleSet], Any]) -> Any:
        """Build a derived object (compiled regexes, lookup tables) once per rule set."""
        if key not in self._cache:
            self._cache[key] = factory(self)
        return self._cache[key]

    def __getstate__(self) -> dict:
        """Workers rebuild the derived objects themselves, but receive every regex this process
        has compiled, already compiled (``regexcache.snapshot``), so that no worker of a pool
        or a Dask cluster pays the compile again."""
        return {"files": self.files, "packs": self.packs, "thresholds": self.thresholds, "_cache": {},
                "_patterns": regexcache.snapshot()}

    def __setstate__(self, state: dict) -> None:
        regexcache.seed(state.pop("_patterns", {}))
        self.__dict__.update(state)


def _format_validation(path: Path, rid: str, exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"])
        parts.append(f"{loc}: {err['msg']}")
    return f"{path}: rule {rid!r}: " + "; ".join(parts)


def _parse_yaml(text: str) -> Any:
    """A rule file's data. Building Python objects from YAML is pure Python even with libyaml
    (29 ms a process for the bundled packs, against 1 ms for the same data as JSON), so the
    data is kept as JSON in the compiled-regex cache under a hash of the text. Only data that
    JSON holds exactly is kept (a YAML date or an integer key is parsed afresh each time)."""
    name = "yaml-json:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    kept = regexcache.derived(name, lambda: _yaml_as_json(text))
    return json.loads(kept) if kept else yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - safe loader


def _yaml_as_json(text: str) -> str:
    """The YAML text's data as JSON, or "" when JSON would change it."""
    data = yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - safe loader
    try:
        js = json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError):
        return ""
    return js if json.loads(js) == data else ""


def load_file(path: Path) -> RuleFile:
    """Read and validate one rule file."""
    kinds = known_kinds()
    try:
        data = _parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: invalid YAML: {str(exc).splitlines()[0]}") from exc
    if not isinstance(data, dict):
        raise RuleError(f"{path}: a rule file must be a mapping with 'kind' and 'id'")
    data.setdefault("id", path.stem)
    rid = str(data["id"])
    kind = data.get("kind")
    if kind not in kinds:
        known = ", ".join(sorted(kinds)) if _stages_registered(kinds) else NO_STAGES
        raise RuleError(f"{path}: rule {rid!r}: unknown kind {kind!r} (known: {known})")
    data["source"] = str(path)
    try:
        return kinds[kind].model_validate(data)
    except ValidationError as exc:
        raise RuleError(_format_validation(path, rid, exc)) from exc


def _merge(base: RuleFile, extra: RuleFile) -> RuleFile:
    if extra.merge == "replace" or type(base) is not type(extra):
        return extra
    merged = base.model_dump()
    for key, val in extra.model_dump().items():
        if isinstance(val, list) and isinstance(merged.get(key), list):
            merged[key] = merged[key] + val
        elif isinstance(val, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **val}
        elif key in extra.model_fields_set:
            merged[key] = val
    merged["source"] = f"{base.source} + {extra.source}"
    return type(base).model_validate(merged)


def load_pack(directory: Path) -> list[RuleFile]:
    if not directory.is_dir():
        raise RuleError(f"{directory}: rule pack folder not found")
    return [load_file(p) for p in sorted(directory.rglob("*.yml")) + sorted(directory.rglob("*.yaml"))]


def load_rules(extra: list[str | Path] | None = None) -> RuleSet:
    """Load the bundled pack, then user packs, which extend or override by id."""
    dirs = [bundled_rules_dir(), *[Path(d) for d in (extra or [])]]
    by_id: dict[str, RuleFile] = {}
    for d in dirs:
        for rf in load_pack(d):
            by_id[rf.id] = _merge(by_id[rf.id], rf) if rf.id in by_id else rf
    return RuleSet(list(by_id.values()), [str(d) for d in dirs])


_DEFAULT: RuleSet | None = None


def default_rules() -> RuleSet:
    """The bundled rules, loaded once per process (tests and library use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_rules()
    return _DEFAULT


def rules_hash(rules: RuleSet) -> str:
    """A hash of every loaded rule (content, not file paths) and the thresholds."""
    files = sorted((f.model_dump(mode="json", exclude={"source"}) for f in rules.files),
                   key=lambda d: (d["kind"], d["id"]))
    raw = json.dumps({"rules": files, "thresholds": getattr(rules, "thresholds", {})},
                     sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]
