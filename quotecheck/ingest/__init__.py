"""Read articles from files, folders and standard input; one reader per format.

``read_paths`` never raises for a bad file: it returns the articles it could
read and one ``InputError`` per file (or JSON Lines line) it could not, so the
batch goes on. The format is chosen by extension, else by sniffing the
content (``{``/``[`` JSON, ``<nitf``/``<newsItem`` XML, ``<html`` HTML, else
plain text). See docs/ingest.md.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from quotecheck.ingest.base import (
    MAX_ARTICLES_PER_FILE,
    MAX_FILE_BYTES,
    IngestError,
    article_id_for,
    unique_id,
)
from quotecheck.ingest.decode import decode, sniff_binary
from quotecheck.ingest.text import read_text_article, text_to_article
from quotecheck.models import Article, InputError, Skipped
from quotecheck.rules import RuleError, RuleSet

__all__ = ["MAX_ARTICLES_PER_FILE", "MAX_FILE_BYTES", "IngestError", "read_bytes", "read_paths", "walk_article_files",
           "read_text_article", "ARTICLE_EXTENSIONS", "article_id_for", "plan_paths", "read_item", "unique_ids",
           "Source", "skipped_in"]

#: Extension -> reader. In a folder only these files are read (a ``notes.yml`` or
#: ``photo.png`` next to the articles is skipped); a file named on the command
#: line is read whatever its name, its format sniffed when the extension is unknown.
ARTICLE_EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "xml", ".nitf": "xml", ".newsml": "xml", ".g2": "xml",
}


def _sniff_format(data: bytes) -> str:
    """Format of a file without a known extension (or of stdin), from its first bytes."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head[:1] in (b"{", b"["):
        return "json"
    if head.startswith(b"<"):
        if b"<html" in head or b"<!doctype html" in head:
            return "html"
        if any(t in head for t in (b"<nitf", b"<newsmessage", b"<newsitem", b"<?xml")):
            return "xml"
        return "html"
    return "text"


def read_bytes(data: bytes, path: str, rules: RuleSet | None = None,
               fmt: str | None = None) -> tuple[list[Article], list[InputError]]:
    """Parse one file's bytes into articles (JSON, JSON Lines and NewsML may hold many)."""
    from quotecheck.rules import default_rules

    rules = rules or default_rules()
    if not data.strip():
        raise IngestError("empty file" if not data else "only whitespace, no text")
    kind = sniff_binary(data)
    if kind:
        raise IngestError(f"binary file ({kind}), not an article")
    if fmt is None:
        fmt = ARTICLE_EXTENSIONS.get(Path(path).suffix.lower()) if path != "-" else None
        fmt = fmt or _sniff_format(data)
    if fmt == "xml":
        from quotecheck.ingest.xmlfmt import read_xml

        return read_xml(data, path, rules), []
    text, warnings = decode(data)
    if fmt in ("json", "jsonl"):
        from quotecheck.ingest.jsonfmt import read_json, read_jsonl

        arts, errs = (read_json if fmt == "json" else read_jsonl)(text, path, rules)
    elif fmt == "html":
        from quotecheck.ingest.html import read_html

        arts, errs = [read_html(text, path, rules)], []
    else:
        arts, errs = [text_to_article(text, path, rules, fmt=fmt, warnings=warnings)], []
        warnings = []
    for a in arts:
        a.warnings[:0] = warnings
    return arts, errs


def walk_article_files(root: Path, errors: list[InputError], skipped: list[Skipped] | None = None) -> list[Path]:
    """Article files under ``root``, sorted; hidden files and folders skipped, and so are the
    notes a folder holds for people (``ignore.DEFAULT_IGNORE``) and what a ``.quotecheckignore``
    names; each such skip is appended to ``skipped`` with its reason."""
    from quotecheck.ingest.ignore import IgnoreFile, why_skipped

    found: list[Path] = []
    ignores: dict[Path, list[IgnoreFile]] = {}

    def onerror(exc: OSError) -> None:
        errors.append(InputError(path=str(exc.filename or root), reason=exc.strerror or str(exc)))

    def skip(p: Path, reason: str) -> None:
        if skipped is not None:
            skipped.append(Skipped(path=str(p), reason=reason))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        here = Path(dirpath)
        parent = ignores.get(here.parent, []) if here != root else []
        own = IgnoreFile.load(here)
        if own is not None:
            errors.extend(InputError(path=str(own.path), line=n, reason=why) for n, why in own.bad)
        chain = ignores[here] = [*parent, own] if own is not None else parent
        keep = []
        for d in sorted(d for d in dirnames if not d.startswith(".")):
            why = why_skipped(here / d, True, chain)
            if why is None:
                keep.append(d)
            else:
                skip(here / d, why)
        dirnames[:] = keep
        for fn in filenames:
            if fn.startswith(".") or Path(fn).suffix.lower() not in ARTICLE_EXTENSIONS:
                continue
            f = here / fn
            why = why_skipped(f, False, chain)
            if why is not None:
                skip(f, why)
                continue
            try:
                regular = stat.S_ISREG(f.stat().st_mode)
            except OSError:  # a dangling link: reading it reports the reason
                regular = True
            if not regular:  # opening a FIFO would wait forever for a writer
                errors.append(InputError(path=str(f), reason="not a regular file (FIFO, socket or device); skipped"))
                continue
            found.append(f)
    if skipped is not None:
        skipped.sort(key=lambda s: s.path)
    return sorted(found)


def skipped_in(paths: list[str]) -> list[Skipped]:
    """Every file the folders among ``paths`` hold that is not read, and why (for the report)."""
    out: list[Skipped] = []
    for given in paths:
        p = Path(given)
        if given != "-" and p.is_dir():
            walk_article_files(p, [], out)
    return out


#: One file to read: its name as shown in messages, and its bytes when already read (stdin).
Source = tuple[str, bytes | None]


def plan_paths(paths: list[str], *, max_bytes: int | None = None) -> list[Source | InputError]:
    """What ``read_paths`` reads, in its order: files to read, and errors found on the way.

    Only folders are walked and stdin is read here (cheap); the files themselves are
    read by ``read_item``, here or in worker processes (``engine.read_extract_all``).
    """
    from quotecheck.ingest import base

    max_bytes = base.MAX_FILE_BYTES if max_bytes is None else max_bytes
    plan: list[Source | InputError] = []
    for given in paths:
        if given == "-":
            plan.append(("-", sys.stdin.buffer.read(max_bytes + 1)))
            continue
        p = Path(given)
        if not p.exists():
            plan.append(InputError(path=given, reason="no such file or directory"))
            continue
        if p.is_dir():
            walk_errors: list[InputError] = []
            skipped: list[Skipped] = []
            files = walk_article_files(p, walk_errors, skipped)
            plan.extend(walk_errors)
            if not files and skipped:
                plan.append(InputError(path=given, reason=f"every article file of the folder is skipped ({len(skipped)}: "
                                       f"{skipped[0].reason}{', …' if len(skipped) > 1 else ''})"))
            elif not files:
                plan.append(InputError(path=given, reason="folder holds no article files ("
                                       + ", ".join(sorted(ARTICLE_EXTENSIONS)) + ")"))
            plan.extend((str(f), None) for f in files)
        else:
            plan.append((given, None))
    return plan


def read_item(source: Source, rules: RuleSet | None = None, *,
              max_bytes: int | None = None) -> tuple[list[Article], list[InputError]]:
    """Read one planned file: its articles (ids not yet made unique) and its errors."""
    from quotecheck.ingest import base

    articles: list[Article] = []
    errors: list[InputError] = []
    _read_one(source[0], source[1], rules, base.MAX_FILE_BYTES if max_bytes is None else max_bytes,
              articles, errors)
    return articles, errors


def _read_one(name: str, data: bytes | None, rules: RuleSet | None, max_bytes: int,
              articles: list[Article], errors: list[InputError]) -> None:
    try:
        if data is None:
            p = Path(name)
            size = p.stat().st_size
            if size > max_bytes:
                raise IngestError(f"file is {size:,} bytes, larger than the limit of {max_bytes:,} bytes")
            with p.open("rb") as fh:
                data = fh.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise IngestError(f"larger than the limit of {max_bytes:,} bytes")
        arts, errs = read_bytes(data, name, rules)
        articles.extend(arts)
        errors.extend(errs)
    except IngestError as exc:
        errors.append(InputError(path=name, reason=str(exc)))
    except IsADirectoryError:
        errors.append(InputError(path=name, reason="is a directory"))
    except OSError as exc:
        errors.append(InputError(path=name, reason=exc.strerror or str(exc)))
    except RuleError as exc:  # e.g. a user header regex that timed out on this file
        errors.append(InputError(path=name, reason=_one_line(str(exc))))
    except Exception as exc:  # a reader/library bug on odd input must not stop the batch
        errors.append(InputError(path=name, reason=_one_line(f"cannot read: {type(exc).__name__}: {exc}")))


def _one_line(s: str) -> str:
    return " ".join(s.split())[:300]


def read_paths(paths: list[str], *, max_bytes: int | None = None,
               rules: RuleSet | None = None) -> tuple[list[Article], list[InputError]]:
    """Read every path (files, folders recursively, ``-`` for stdin)."""
    from quotecheck.ingest import base

    max_bytes = base.MAX_FILE_BYTES if max_bytes is None else max_bytes
    articles: list[Article] = []
    errors: list[InputError] = []
    for item in plan_paths(paths, max_bytes=max_bytes):
        if isinstance(item, InputError):
            errors.append(item)
        else:
            _read_one(item[0], item[1], rules, max_bytes, articles, errors)
    return unique_ids(articles), errors


def unique_ids(articles: list[Article]) -> list[Article]:
    """Ids are file stems, so ``a/ap.txt`` and ``b/ap.txt`` would share one: the later gets
    ``ap-2`` (with a warning), or its findings could not say which article they mean."""
    taken: set[str] = set()
    first: dict[str, str] = {}
    out: list[Article] = []
    for a in articles:
        new = unique_id(a.id, taken)
        taken.add(new)
        first.setdefault(a.id, a.path)
        if new != a.id:
            a = a.model_copy(update={"id": new, "warnings": [
                *a.warnings, f"id {a.id!r} is already used by {first[a.id]}; this article is {new!r}"]})
        out.append(a)
    return out
