"""``quotecheck watch DIR --store corpus.db``: check each file as it lands, then store it.

A polling loop (no extra dependency; a wire folder gets a file every few
seconds, not thousands a second). A file counts as landed when its size and
modification time have not changed over one poll interval, so a file still
being copied in is not read half-written; temporary names (``.part``,
``.tmp``, ``~``, hidden files) are skipped until renamed. An empty file is
read only after it stayed empty for ``EMPTY_GRACE_POLLS`` polls. Files
already in the store (same content) are skipped, so restarting the watch is
safe. Ctrl-C stops it cleanly.

Resident: the rules, the compiled patterns and the store stay open for the whole watch,
and each landing file is checked through the store's index (``against.check_against_store``:
only the stored stories it could touch are read), then added with its index rows in one
transaction. So each file costs its own work, whatever the size of the store; its latency
(landed -> reported) is printed with it.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from quotecheck.against import check_against_store
from quotecheck.models import Finding, Report
from quotecheck.pipeline import Options
from quotecheck.rules import RuleSet
from quotecheck.store import (
    Extract,
    ExtractionKey,
    Store,
    content_hash,
)

TEMP_SUFFIXES = (".part", ".tmp", ".crdownload", ".swp", ".partial", "~")
EMPTY_GRACE_POLLS = 5


def is_candidate(path: Path) -> bool:
    """Article files (the extensions ingest reads in folders), not hidden, not a temporary name,
    and not a note for people (``NOTES.md``, ``README``: the names ``check`` skips in folders)."""
    from quotecheck.ingest import ARTICLE_EXTENSIONS
    from quotecheck.ingest.ignore import default_reason

    return (not path.name.startswith(".") and not path.name.endswith(TEMP_SUFFIXES)
            and path.suffix.lower() in ARTICLE_EXTENSIONS and default_reason(path.name) is None)


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    stable: int = 0  # consecutive polls with this size and mtime


@dataclass
class Watcher:
    """The poll state: what was seen, what was done. ``poll()`` returns landed files."""

    folder: Path
    seen: dict[Path, _Seen] = field(default_factory=dict)
    done: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def poll(self) -> list[Path]:
        """Files whose size and mtime held still since the previous poll (not yet done)."""
        landed = []
        current = set()
        for path in sorted(self.folder.rglob("*")):
            if not path.is_file() or not is_candidate(path):
                continue
            try:
                st = path.stat()
            except OSError:  # vanished between listing and stat
                continue
            sig = (st.st_size, st.st_mtime_ns)
            current.add(path)
            if self.done.get(path) == sig:
                continue
            prev = self.seen.get(path)
            if prev is None or (prev.size, prev.mtime_ns) != sig:
                self.seen[path] = _Seen(*sig)
                continue
            prev.stable += 1
            if sig[0] > 0 or prev.stable >= EMPTY_GRACE_POLLS:
                landed.append(path)
        for gone in set(self.seen) - current:
            del self.seen[gone]
        return landed

    def mark_done(self, path: Path) -> None:
        self.seen.pop(path, None)
        try:
            st = path.stat()
            self.done[path] = (st.st_size, st.st_mtime_ns)
        except OSError:
            self.done[path] = (-1, -1)

    def pending(self) -> int:
        """Files seen but not yet landed (still being written, or not yet stable)."""
        return len(self.seen)


def format_finding(f: Finding, new_ids: set[str]) -> str:
    """One finding, compact: level, kind, message, then each piece of evidence."""
    lines = [f"  {f.severity.value} {f.kind}: {f.message}"]
    for s in f.evidence:
        tag = "new" if s.article_id in new_ids else "earlier"
        lines.append(f"    {tag} {s.article_id} [{s.start}:{s.end}] {s.text!r}")
    return "\n".join(lines)


class WatchSession:
    """One watch: the store, the corpus in memory, and how results are printed."""

    def __init__(self, store: Store, rules: RuleSet, extract: Extract, *, fmt: str = "text",
                 out: TextIO | None = None, err: Callable[[str], None] | None = None,
                 options: Options | None = None):
        self.store, self.rules, self.extract, self.fmt = store, rules, extract, fmt
        self.out = out or sys.stdout
        self.err = err or (lambda m: print(f"quotecheck: {m}", file=sys.stderr))
        self.options = options or Options()
        self.key = ExtractionKey.of(rules)
        if len(store) and not store.indexed(self.key):  # migrated, or stored under other rules
            self.err(f"{store.path}: building the index of {len(store)} stored articles")
            store.reindex(rules, extract)
        self.files = 0
        self.findings = 0
        self.started = 0.0  # when the file being handled was seen landed

    def handle(self, path: Path) -> Report | None:
        """Read one landed file, print what involves it (and how long that took), add it to the store."""
        from quotecheck.segment import reuse_analyses

        self.started = time.perf_counter()
        with reuse_analyses():  # extracting here reuses the reader's segment analysis
            return self._handle(path)

    def _handle(self, path: Path) -> Report | None:
        from quotecheck.ingest import read_paths

        self.files += 1
        articles, errors = read_paths([str(path)], rules=self.rules)
        for e in errors:
            self.err(str(e))
        if errors and self.fmt == "json":  # one record per file for machines; people read stderr
            self._emit(path, [], [], note="not read: " + "; ".join(e.reason for e in errors))
        fresh, hashes = [], set()
        for art in articles:
            h = content_hash(art)
            if h in hashes or self.store.has_hash(h):
                self._emit(path, [], [], note="already in the store")
                continue
            hashes.add(h)
            fresh.append(art)
        if not fresh:
            return None
        made: dict[str, object] = {}

        def extract(arts):  # keep the extractions: they are stored after the check
            out = self.extract(arts)
            made.update((a.id, ex) for a, ex in zip(arts, out, strict=True))
            return out

        report = check_against_store(fresh, self.store, [], self.rules, extract, self.options)
        new_ids = {a.id for a in report.articles if a.id in made}
        pairs = [(a, made[a.id]) for a in report.articles if a.id in new_ids and made[a.id] is not None]
        if not pairs:
            self._emit(path, [], [], note="not extracted: a rule failed on it")
            return None
        self.store.put(pairs, self.key, self.rules)  # type: ignore[arg-type]
        self.findings += len(report.findings)
        self._emit(path, sorted(new_ids), report.findings, note=f"added to {self.store.path}")
        return report

    def _emit(self, path: Path, ids: list[str], findings: list[Finding], *, note: str) -> None:
        latency = round(time.perf_counter() - self.started, 3) if self.started else None
        if self.fmt == "json":
            rec = {"path": str(path), "article_ids": ids, "note": note, "latency_s": latency,
                   "findings": [f.model_dump(mode="json") for f in findings]}
            self.out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            head = f"{path}: {len(findings)} finding{'s' if len(findings) != 1 else ''}" if ids else f"{path}"
            took = f"; {latency:.2f} s" if latency is not None else ""
            self.out.write(f"{head} ({note}{took})\n")
            for f in findings:
                self.out.write(format_finding(f, set(ids)) + "\n")
        self.out.flush()


def run_watch(folder: Path, session: WatchSession, *, interval: float = 1.0, once: bool = False,
              max_iterations: int | None = None, sleep: Callable[[float], None] | None = None) -> int:
    """Poll until stopped: Ctrl-C, ``--once`` (nothing left pending) or ``max_iterations`` polls."""
    watcher = Watcher(folder)
    polls = 0
    while True:
        for path in watcher.poll():
            try:
                session.handle(path)
            except OSError as exc:
                session.err(f"{path}: {exc.strerror or exc}")
            watcher.mark_done(path)
        polls += 1
        if once and polls > 1 and watcher.pending() == 0:
            return 0
        if max_iterations is not None and polls >= max_iterations:
            return 0
        (sleep or time.sleep)(interval)
