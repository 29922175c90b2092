"""Compiled regexes kept between runs, so a process does not spend seconds compiling rules.

Why: the rule packs expand into a few hundred patterns, some of 20,000+ characters
(speaker names, titles and cue verbs spelled out). ``regex`` compiles them in Python,
which cost 3.5-10 s per process, ten times the work of checking five articles.

How: ``regex`` pickles a pattern as the finished program that its C engine runs
(``Pattern._pickled_data``: opcodes, group tables, required string), and unpickling
calls ``_regex.compile`` on it directly, skipping parsing, optimising and code
generation (358 patterns: 3.5 s to compile, 0.07 s to load). So the cache maps
``(pattern text, flags)`` to a pickled pattern, in one file per tool, ``regex`` and
Python version in the user's cache folder. The key is the pattern itself, so a
changed rule is a different key and is compiled afresh: a stale entry can never be
used for new rules. A pattern is always what ``regex.compile`` would return.

Safe to share: the file is written to a temporary name and renamed into place, so a
reader sees a whole old file or a whole new one, and two processes racing only cost
a recompile. It is read with an unpickler that can build nothing but regex patterns,
so a tampered file cannot run code; an unreadable or corrupt file is ignored.
``QUOTECHECK_NO_CACHE=1`` turns it off; ``QUOTECHECK_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import atexit
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import regex

from quotecheck import __version__

#: Entries kept in the file at most; past this only what the last run used is kept.
MAX_ENTRIES = 4000

Key = tuple[str, int]

#: The file's format (entries with their flags up front, ``_entry``), in its name.
FORMAT = 2

_memo: dict[Key, regex.Pattern] = {}  # compiled or loaded in this process
_stored: dict[Key, bytes] | None = None  # the file's entries, unpickled on first use
_new: dict[Key, bytes] = {}  # compiled here and not yet in the file
_used: set[Key] = set()
_owner_pid: int | None = None  # the process that registered the save at exit


def enabled() -> bool:
    return os.environ.get("QUOTECHECK_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    """``$QUOTECHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/quotecheck``, else ``~/.cache/quotecheck``."""
    if os.environ.get("QUOTECHECK_CACHE_DIR"):
        return Path(os.environ["QUOTECHECK_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "quotecheck"


def cache_file() -> Path:
    """One file per tool, regex and Python version: a compiled program is only valid for the
    engine that made it."""
    py = f"{sys.version_info.major}{sys.version_info.minor}"
    return cache_dir() / f"regex{FORMAT}-{__version__}-{regex.__version__}-py{py}.pickle"


class _PatternsOnly(pickle.Unpickler):
    """Builds plain data and regex patterns, nothing else."""

    def find_class(self, module: str, name: str):  # noqa: ANN201 - pickle's protocol
        if (module, name) in (("_regex", "compile"), ("regex._regex", "compile")):
            return regex._regex.compile  # type: ignore[attr-defined]
        if (module, name) == ("regex._regex_core", "RegexFlag"):  # an int enum, builds nothing
            return regex.RegexFlag
        raise pickle.UnpicklingError(f"refused {module}.{name}")


def _load_file() -> dict[Key, bytes]:
    if not enabled():
        return {}
    try:
        raw = cache_file().read_bytes()
        data = _PatternsOnly(io.BytesIO(raw)).load()
    except Exception:  # missing, unreadable, truncated, tampered: compile instead
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items()
            if isinstance(k, tuple) and len(k) == 2 and isinstance(v, bytes)}


def _unpickle(blob: bytes, key: Key) -> regex.Pattern | None:
    try:
        pat = _PatternsOnly(io.BytesIO(blob[_HEAD:])).load()
    except Exception:
        return None
    return pat if isinstance(pat, regex.Pattern) and pat.pattern == key[0] else None


#: An entry is ``b"F"``, the compiled pattern's flags in 8 hex digits, then its pickle: the
#: flags are known without loading the program (``LazyPattern``).
_HEAD = 9


def _entry(pat: regex.Pattern) -> bytes:
    return b"F%08x" % pat.flags + pickle.dumps(pat, protocol=pickle.HIGHEST_PROTOCOL)


def _entry_flags(blob: bytes) -> int | None:
    if len(blob) <= _HEAD or blob[:1] != b"F":
        return None
    try:
        return int(blob[1:_HEAD], 16)
    except ValueError:
        return None


_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subf", "subn", "subfn",
            "split", "splititer", "scanner", "groups", "groupindex", "named_lists")


class LazyPattern:
    """A pattern from the cache file, loaded on first use.

    Why: a run loads a few hundred patterns and a text needs only some of them; loading one
    costs as much as its program is long. ``pattern`` and ``flags`` are known at once (what
    ``scan.simple_case`` and the rule builders read); the first use of anything else loads the
    program and binds its methods onto this object, so later calls go straight to the engine.
    It pickles as ``compile(pattern, flags)``, so a worker gets it from its own cache.
    """

    def __init__(self, key: Key, blob: bytes, flags: int):
        self.pattern = key[0]
        self.flags = flags
        self._key = key
        self._blob: bytes | None = blob

    def _load(self) -> regex.Pattern:
        real = _unpickle(self._blob, self._key) if self._blob is not None else None
        if real is None:  # a corrupt entry: compile, as a miss would
            real = regex.compile(*self._key)
        self._blob = None
        for name in _METHODS:
            setattr(self, name, getattr(real, name))
        self.__dict__["_real"] = real
        return real

    def __getattr__(self, name: str):  # noqa: ANN204 - only for names not bound yet
        if name.startswith("__") or name in ("_real", "_key", "_blob"):
            raise AttributeError(name)
        return getattr(self._load(), name)

    def __reduce__(self):  # noqa: ANN204 - pickle's protocol
        return (compile, self._key)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern[:40]!r}, {self._key[1]})"


def is_pattern(obj: object) -> bool:
    """A compiled pattern, loaded or not."""
    return isinstance(obj, (regex.Pattern, LazyPattern))


def loaded(pat: regex.Pattern | LazyPattern) -> regex.Pattern:
    """The real compiled pattern (loading it): for code that needs the engine's own type."""
    if isinstance(pat, LazyPattern):
        return pat.__dict__.get("_real") or pat._load()
    return pat


def compile(pattern: str, flags: int = 0) -> regex.Pattern:  # noqa: A001 - regex.compile's name
    """``regex.compile(pattern, flags)``, from this process's memo, the cache file, or the engine."""
    key = (pattern, int(flags))  # RegexFlag or int: the same key, and plain data in the file
    pat = _memo.get(key)
    if pat is not None:
        return pat
    global _stored
    if _stored is None:
        _stored = _load_file()
    blob = _stored.get(key)
    stored_flags = _entry_flags(blob) if blob is not None else None
    if stored_flags is not None:
        pat = LazyPattern(key, blob, stored_flags)  # type: ignore[assignment]
    else:
        pat = regex.compile(pattern, flags)  # raises regex.error for a bad pattern, as before
        if enabled():
            _new[key] = _entry(pat)
            _register_save()
    _memo[key] = pat
    _used.add(key)
    return pat


#: The flags slot of a key that holds a derived pattern text (never a real flag value).
DERIVED = -1


def derived(name: str, build: Callable[[], str]) -> str:
    """A pattern text that is slow to build (a trie of thousands of words), kept in the cache
    file beside the compiled patterns: ``name`` must determine the text (a hash of the words).
    Same safety as patterns: plain bytes in the file, rebuilt when missing."""
    key = (name, DERIVED)
    global _stored
    if _stored is None:
        _stored = _load_file()
    blob = _new.get(key) or _stored.get(key)
    text = None
    if blob is not None:
        try:
            text = blob.decode("utf-8")
        except UnicodeDecodeError:
            text = None
    if text is None:
        text = build()
        if enabled():
            _new[key] = text.encode("utf-8")
            _register_save()
    _used.add(key)
    return text


def _register_save() -> None:
    global _owner_pid
    if _owner_pid != os.getpid():
        _owner_pid = os.getpid()
        atexit.register(save)


def save() -> bool:
    """Write the patterns compiled in this process into the cache file. True when written.

    Never raises: a read-only or full disk only means the next run compiles again.
    """
    if not _new or not enabled():
        return False
    merged = {**_load_file(), **_new}
    if len(merged) > MAX_ENTRIES:  # rules changed many times: keep what this run used
        merged = {k: v for k, v in merged.items() if k in _used}
    path = cache_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".regex-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(merged, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    global _stored
    _stored = merged
    _new.clear()
    return True


def snapshot() -> dict[Key, bytes]:
    """Every pattern this process holds, pickled: what a worker needs to skip compiling."""
    out = {k: v for k, v in (_stored or {}).items() if k in _used}
    out.update(_new)
    for k in _used.difference(out):
        if k in _memo:  # a derived text is always in ``_stored`` or ``_new``
            out[k] = _entry(loaded(_memo[k]))
    return out


def seed(entries: dict[Key, bytes]) -> None:
    """Take patterns another process compiled (a Dask or process-pool worker's start)."""
    global _stored
    if _stored is None:
        _stored = _load_file()
    for k, v in entries.items():
        _stored.setdefault(k, v)


def clear_memory() -> None:
    """Forget everything held in this process (tests: the next compile reads the file)."""
    global _stored, _owner_pid
    _memo.clear()
    _new.clear()
    _used.clear()
    _stored = None
