"""Read articles from files, folders and standard input; one reader per format.

``read_paths`` never raises for a bad file: it returns the articles it could
read and one ``InputError`` per file it could not, so the batch goes on.
"""

from __future__ import annotations

import sys
from pathlib import Path

from quotecheck.ingest.text import read_text_article
from quotecheck.models import Article, InputError

#: Largest file read, in bytes; a larger one is an input error (documented in the README).
MAX_FILE_BYTES = 20 * 1024 * 1024


class IngestError(Exception):
    """One file cannot be read; the message is the reason shown to the user."""


def _iter_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    return [path]


def read_bytes(data: bytes, path: str) -> list[Article]:
    """Parse one file's bytes into articles (a JSON Lines file may hold many)."""
    if not data.strip():
        raise IngestError("empty file")
    return [read_text_article(data, path)]


def read_paths(paths: list[str], *, max_bytes: int = MAX_FILE_BYTES) -> tuple[list[Article], list[InputError]]:
    """Read every path (files, folders recursively, ``-`` for stdin)."""
    articles: list[Article] = []
    errors: list[InputError] = []
    for given in paths:
        if given == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
            files: list[tuple[str, bytes | None]] = [("-", data)]
        else:
            p = Path(given)
            if not p.exists():
                errors.append(InputError(path=given, reason="no such file or directory"))
                continue
            files = [(str(f) if p.is_dir() else given, None) for f in _iter_files(p)]
        for name, data in files:
            try:
                if data is None:
                    if Path(name).stat().st_size > max_bytes:
                        raise IngestError(f"larger than the limit of {max_bytes} bytes")
                    data = Path(name).read_bytes()
                elif len(data) > max_bytes:
                    raise IngestError(f"larger than the limit of {max_bytes} bytes")
                articles.extend(read_bytes(data, name))
            except IngestError as exc:
                errors.append(InputError(path=name, reason=str(exc)))
            except OSError as exc:
                errors.append(InputError(path=name, reason=exc.strerror or str(exc)))
    return articles, errors
