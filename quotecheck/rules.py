"""Rule packs: YAML files of data, validated on load, compiled once.

A pack is a folder of ``*.yml`` files (subfolders allowed). Every file names
its ``kind``; each kind has a pydantic model, registered by the stage that
uses it (``@rule_kind("speech_cues")``), so a wrong key or a bad regex is
reported with the file and the rule that is wrong. Packs load in order: the
bundled pack first, then every ``--rules DIR``. A later file with the same
``id`` replaces the earlier one, or with ``merge: extend`` adds to its lists.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import regex
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

# Stage modules that register rule kinds; imported lazily to avoid cycles.
STAGE_MODULES = (
    "quotecheck.segment",
    "quotecheck.quotes",
    "quotecheck.attribution",
    "quotecheck.figures",
    "quotecheck.dates",
    "quotecheck.link",
    "quotecheck.checks",
)

#: Seconds any single rule regex may run on one text before it is stopped.
REGEX_TIMEOUT = 2.0


class RuleError(Exception):
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


def known_kinds() -> dict[str, type[RuleFile]]:
    for mod in STAGE_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:  # a stage not written yet
            if exc.name != mod:
                raise
    return dict(_KINDS)


def compile_regex(pattern: str, flags: int = 0, *, where: str = "") -> regex.Pattern:
    """Compile once, with a message that says which rule holds a bad pattern."""
    try:
        return regex.compile(pattern, flags | regex.VERSION1)
    except regex.error as exc:
        raise ValueError(f"bad regex {pattern!r}: {exc}{' in ' + where if where else ''}") from exc


def words_regex(words: list[str], *, flags: int = regex.IGNORECASE) -> regex.Pattern:
    """Vale-style tokens: a list of words/phrases becomes one word-bounded alternation."""
    alts = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    body = "|".join(regex.escape(a).replace(r"\ ", r"\s+") for a in alts) or r"(?!x)x"
    return regex.compile(rf"(?<!\w)(?:{body})(?!\w)", flags | regex.VERSION1)


def finditer(pattern: regex.Pattern, text: str, *, rule: str, pos: int = 0,
             endpos: int | None = None) -> Iterator[regex.Match]:
    """Iterate matches with a timeout, so no input can hang the tool."""
    try:
        yield from pattern.finditer(text, pos, len(text) if endpos is None else endpos,
                                    timeout=REGEX_TIMEOUT)
    except TimeoutError as exc:
        raise RuleTimeout(f"rule {rule!r} timed out after {REGEX_TIMEOUT:g}s "
                          f"(pattern {pattern.pattern[:60]!r}…)") from exc


def search(pattern: regex.Pattern, text: str, *, rule: str, pos: int = 0,
           endpos: int | None = None) -> regex.Match | None:
    """``pattern.search`` with the same timeout as ``finditer``."""
    try:
        return pattern.search(text, pos, len(text) if endpos is None else endpos,
                              timeout=REGEX_TIMEOUT)
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

    def __getstate__(self) -> dict:  # worker processes rebuild caches themselves
        return {"files": self.files, "packs": self.packs, "thresholds": self.thresholds, "_cache": {}}


def _format_validation(path: Path, rid: str, exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"])
        parts.append(f"{loc}: {err['msg']}")
    return f"{path}: rule {rid!r}: " + "; ".join(parts)


def load_file(path: Path) -> RuleFile:
    """Read and validate one rule file."""
    kinds = known_kinds()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
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
        raise RuleError(f"{path}: rule {rid!r}: unknown kind {kind!r} "
                        f"(known: {', '.join(sorted(kinds))})")
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
