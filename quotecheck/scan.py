"""Per-text scanning for figures and dates: the same matches as ``rules``, found faster.

Why a module: figures and dates scan the same article with many gated patterns
(rules.Gate). Three things made that slow, and each is fixed here without
changing a single match:

* **Full case folding.** ``regex`` in VERSION1 folds case fully (``ß`` = ``ss``);
  with IGNORECASE it then cannot use a first-character set to skip positions,
  and a scan runs several times slower. A text holding none of the characters
  whose folding expands (``ß``, ``ﬁ``, ``İ``… ``EXPANDING``) matches a pattern
  that holds none either exactly as with simple folding, so such texts run
  the ``simple_case`` twin of each pattern (tests/test_figures_scan.py checks
  this character by character over all of Unicode); other texts run the original.
* **Windows per gate, once.** ``rules.windows`` is computed once per text and
  gate (six date alternatives share the month gate) instead of once per use.
* **Alternations.** A gated alternation (the figure masks) is scanned in groups
  of alternatives, as ``rules.finditer_alternatives`` does for a whole text; a
  part may name a pattern every match of it holds (``needs``), and a window
  without it is not scanned for that part.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Any, TypeVar

import regex

from quotecheck import regexcache
from quotecheck import rules as rules_mod
from quotecheck.rules import Gate, RuleTimeout, _lowered, greedy_matches, merge_spans, word_hits


def _expanding_chars() -> frozenset[str]:
    """Characters whose full case folding is several characters (what FULLCASE adds)."""
    try:
        from regex import _regex  # the engine's own table (it may be newer than Python's)

        chars = set(_regex.get_expand_on_folding())
    except (ImportError, AttributeError):  # pragma: no cover - other regex builds
        chars = set()
    if not chars:  # pragma: no cover
        chars = {chr(i) for i in range(0x110000) if len(chr(i).casefold()) > 1}
    return frozenset(chars)


EXPANDING = _expanding_chars()
_EXPANDING_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(EXPANDING)) + "]")
# Escapes that may write a character in a pattern: decode them before the check.
_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{3})|N\{([^}]*)\}|x\{([0-9a-fA-F]+)\})")


def case_simple_ok(text: str) -> bool:
    """True if full and simple case folding match the same in ``text`` (no expanding character)."""
    return text.isascii() or _EXPANDING_RE.search(text) is None


def _pattern_chars(src: str) -> set[str]:
    """Every character a pattern may spell, escapes decoded (over-approximated: safe)."""
    chars = set(src)
    for m in _ESCAPE.finditer(src):
        hexa = m.group(1) or m.group(2) or m.group(3) or m.group(6)
        try:
            if hexa:
                chars.add(chr(int(hexa, 16)))
            elif m.group(4):
                chars.add(chr(int(m.group(4), 8)))
            else:
                chars.add(unicodedata.lookup(m.group(5)))
        except (ValueError, KeyError, OverflowError):
            chars.add("ß")  # unknown: count it as expanding, keep the original pattern
    return chars


def simple_case(p: regex.Pattern) -> regex.Pattern:
    """The pattern with simple case folding, when that cannot change a match on a
    ``case_simple_ok`` text; else the pattern itself."""
    if not p.flags & regex.FULLCASE or _pattern_chars(p.pattern) & EXPANDING:
        return p
    return regexcache.compile("(?-f)" + p.pattern, p.flags & ~regex.FULLCASE)


def simple_twin(obj: Any) -> Any:
    """``obj`` with every pattern inside (lists, tuples) replaced by its ``simple_case`` twin."""
    if regexcache.is_pattern(obj):  # loaded or not (regexcache.LazyPattern)
        return simple_case(obj)
    if isinstance(obj, list):
        return [simple_twin(x) for x in obj]
    if isinstance(obj, tuple):
        return tuple(simple_twin(x) for x in obj)
    return obj


D = TypeVar("D")


def with_simple_case(lex: D, keep: tuple[str, ...] = ()) -> D:
    """A copy of a compiled-lexicon dataclass with ``simple_twin`` patterns (field ``simple``
    unset; fields in ``keep`` left as they are)."""
    fields = {f.name: simple_twin(getattr(lex, f.name)) for f in dataclasses.fields(lex)  # type: ignore[arg-type]
              if f.name != "simple" and f.name not in keep}
    return dataclasses.replace(lex, **fields)  # type: ignore[type-var]


# Digit runs as rules.windows finds them (re's \d). regex skips to the next digit much faster and
# agrees with re on every character of the Basic Multilingual Plane (its Unicode tables are newer:
# some astral digits differ), so texts with astral characters use re.
_DIGITS = regexcache.compile(r"\d+")
_RE_DIGITS = re.compile(r"\d+")


def digit_runs(text: str) -> list[tuple[int, int]]:
    r"""(start, end) of every maximal run of decimal digits (re's \d)."""
    if text.isascii() or len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
        return [m.span() for m in _DIGITS.finditer(text)]
    return [m.span() for m in _RE_DIGITS.finditer(text)]


class TextScan:
    """What every gated pattern of one text shares: its windows, one list per gate."""

    __slots__ = ("text", "simple", "_windows", "_low", "_toks", "_hits", "_runs")

    def __init__(self, text: str):
        self.text = text
        self.simple = case_simple_ok(text)
        self._windows: dict[int, tuple[Gate, list[tuple[int, int]]]] = {}
        self._low: str | None = None
        self._toks: frozenset[str] = frozenset()
        self._hits: dict[str, list[int]] = {}  # gate word -> where it stands as a whole word
        self._runs: list[tuple[int, int]] | None = None  # digit runs (start, end)

    def _word_hits(self, w: str, low: str) -> list[int]:
        """Where ``w`` stands as a whole word of the lower-cased text (as ``rules.windows``)."""
        found = self._hits.get(w)
        if found is None:
            found = self._hits[w] = word_hits(low, w)
        return found

    def windows(self, gate: Gate) -> list[tuple[int, int]]:
        """``rules.windows(gate, text)``, computed once per gate and text; each trigger
        word and the digit runs are looked up once per text."""
        hit = self._windows.get(id(gate))
        if hit is not None and hit[0] is gate:
            return hit[1]
        text = self.text
        if self._low is None:
            self._low, self._toks = _lowered(text)
        low = self._low
        if len(low) != len(text):  # as rules.windows: one window, all of the text
            spans = [(0, len(text))]
        else:
            pos: list[int] = []
            for w in self._toks & gate.words:
                pos.extend(self._word_hits(w, low))
            if gate.digits:
                if self._runs is None:
                    self._runs = digit_runs(text)
                pos.extend(i for i, j in self._runs if j - i >= gate.digits)
            pos.sort()
            n, reach = len(text), gate.reach
            spans = merge_spans((max(0, h - reach), min(n, h + reach)) for h in pos)
        self._windows[id(gate)] = (gate, spans)
        return spans

    def alternatives(self, whole: regex.Pattern, parts: list[tuple[regex.Pattern, Gate | None]], *,
                     rule: str, needs: list[regex.Pattern | None] | None = None) -> list[regex.Match]:
        """``list(rules.finditer_alternatives(whole, parts, text, rule=rule))``.

        ``needs[k]``, if given, is a pattern found inside every match of ``parts[k]`` (with
        the same flags): a window where a search for it fails is not scanned for that part.
        It must be a plain word-list pattern (linear time): it runs without the timeout,
        which costs more than the search itself (a clock read or two per call).
        """
        text = self.text
        n = len(text)
        try:
            starts: set[int] = set()
            for k, (part, gate) in enumerate(parts):
                need = needs[k] if needs else None
                spans = [(0, n, n)] if gate is None else [
                    (a, b, min(n, b + gate.reach)) for a, b in self.windows(gate)]
                for a, _, limit in spans:
                    if need is not None and need.search(text, a, limit) is None:
                        continue
                    starts.update(m.start() for m in rules_mod.timed_iter(
                        part.finditer, text, a, limit, overlapped=True))
            return list(greedy_matches(whole, text, sorted(starts)))
        except TimeoutError as exc:
            raise RuleTimeout(f"rule {rule!r} timed out after {rules_mod.REGEX_TIMEOUT:g}s "
                              f"(pattern {whole.pattern.removeprefix('(?-f)')[:60]!r}…)") from exc

    def finditer(self, whole: regex.Pattern, parts: list[regex.Pattern], gate: Gate, *,
                 rule: str) -> list[regex.Match]:
        """``list(rules.finditer(whole, text, rule=rule, gate=gate))`` where ``whole`` is the
        alternation of ``parts``: each window is scanned one alternative at a time."""
        text = self.text
        n = len(text)
        out: list[regex.Match] = []
        try:
            for a, b in self.windows(gate):
                limit = min(n, b + gate.reach)
                starts: set[int] = set()
                for part in parts:
                    starts.update(m.start() for m in rules_mod.timed_iter(
                        part.finditer, text, a, limit, overlapped=True))
                out.extend(greedy_matches(whole, text, sorted(starts), a, limit, b))
        except TimeoutError as exc:
            raise RuleTimeout(f"rule {rule!r} timed out after {rules_mod.REGEX_TIMEOUT:g}s "
                              f"(pattern {whole.pattern.removeprefix('(?-f)')[:60]!r}…)") from exc
        return out


_last: TextScan | None = None


def scan_of(text: str) -> TextScan:
    """The scan of ``text``, shared by the stages that read the same article in a row."""
    global _last
    if _last is None or _last.text is not text:
        _last = TextScan(text)
    return _last


__all__ = ["EXPANDING", "TextScan", "case_simple_ok", "scan_of", "simple_case", "simple_twin",
           "with_simple_case"]
