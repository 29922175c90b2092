"""Shared pieces of the readers: the error type, limits, ids and body assembly.

Kept apart from ``ingest/__init__`` so every reader module can import them
without an import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

#: Largest file read, in bytes (20 MiB); a larger file is an input error, named
#: with its size, so one runaway dump cannot exhaust memory in a CI job.
MAX_FILE_BYTES = 20 * 1024 * 1024

#: Most articles one JSON / JSON Lines / NewsML file may hold.
MAX_ARTICLES_PER_FILE = 10_000

#: Deepest JSON nesting accepted (Python's parser would hit RecursionError much later).
MAX_JSON_DEPTH = 64


class IngestError(Exception):
    """One file cannot be read; the message is the one-line reason shown to the user."""


def article_id_for(path: str, n: int | None = None) -> str:
    """Article id = file stem (``stdin`` for ``-``); ``<stem>-<n>`` for the n-th of many."""
    stem = Path(path).stem if path != "-" else "stdin"
    return stem if n is None else f"{stem}-{n}"


def unique_id(wanted: str, taken: set[str] | Callable[[str], bool]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``… whichever is free."""
    is_taken = taken.__contains__ if isinstance(taken, set) else taken
    if not is_taken(wanted):
        return wanted
    n = 2
    while is_taken(f"{wanted}-{n}"):
        n += 1
    return f"{wanted}-{n}"


def clean_inline(s: str | None) -> str:
    """Collapse runs of whitespace (incl. newlines, NBSP) inside a title or field value."""
    if not s:
        return ""
    return " ".join(s.split())


def assemble_text(title: str | None, paragraphs: list[str]) -> str:
    """Body text of a structured article: title first, paragraphs separated by blank lines.

    The title is part of the text so that quotes in headlines get offsets like
    any other; the segmenter marks that first block as ``headline``.
    """
    parts: list[str] = []
    t = clean_inline(title)
    if t:
        parts.append(t)
    for p in paragraphs:
        p = "\n".join(" ".join(line.split()) for line in p.strip().splitlines())
        p = "\n".join(line for line in p.splitlines() if line)
        if p and not (not parts[1:] and parts and p == parts[0]):  # drop a body-top repeat of the title
            parts.append(p)
    return "\n\n".join(parts)
