"""Which files of a folder are not articles: the default list and ``.quotecheckignore``.

A coverage folder often holds a ``NOTES.md`` or ``README.md`` for people; read as an article it
would end up in most findings. Those names are skipped by default (``DEFAULT_IGNORE``, matched
case-insensitively at any depth); a ``.quotecheckignore`` in a folder (gitignore syntax, as
linters do: ``drafts/``, ``*.bak``, ``!keep.md``, ``/top-only.txt``) applies to that folder and
everything under it, and can bring a default-ignored name back with ``!NOTES.md``. Files named
on the command line are always read. Each skip carries its reason, which the report shows.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

#: File names that are notes for people, not articles (docs/ingest.md).
DEFAULT_IGNORE = ("NOTES.md", "NOTES.txt", "README", "README.*", "CHANGELOG*", "LICENSE*", "CONTRIBUTING*")
IGNORE_FILE = ".quotecheckignore"


def default_reason(name: str) -> str | None:
    """Why a file name is skipped by default, or None."""
    low = name.lower()
    for pat in DEFAULT_IGNORE:
        if fnmatch.fnmatchcase(low, pat.lower()):
            return f"not an article: {pat} is skipped by default (notes for people; see docs/ingest.md)"
    return None


class IgnoreFile:
    """One folder's ``.quotecheckignore``: its gitignore patterns, relative to that folder.

    A line pathspec cannot read (``[z-a]``) is left out and listed in ``bad`` as
    (line number, message), so one typo neither stops the run nor drops the other lines."""

    def __init__(self, folder: Path, lines: list[str]) -> None:
        import pathspec  # only where a folder has an ignore file: no start-up cost otherwise

        self.folder = folder
        self.bad: list[tuple[int, str]] = []
        self.lines: list[str] = []
        for n, line in enumerate(lines, start=1):
            try:
                pathspec.GitIgnoreSpec.from_lines([line])
            except Exception as exc:  # pathspec raises several kinds for a bad pattern
                self.bad.append((n, f"pattern {line.strip()!r} left out: {' '.join(str(exc).split())[:120]}"))
                continue
            self.lines.append(line)
        self.spec = pathspec.GitIgnoreSpec.from_lines(self.lines)

    @property
    def path(self) -> Path:
        return self.folder / IGNORE_FILE

    @classmethod
    def load(cls, folder: Path) -> IgnoreFile | None:
        """The folder's ignore file, or None when it has none or it cannot be read."""
        try:
            text = (folder / IGNORE_FILE).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        return cls(folder, text.splitlines())

    def check(self, path: Path, is_dir: bool) -> tuple[bool | None, str]:
        """(True: ignored, False: brought back by ``!pattern``, None: not mentioned; the line)."""
        try:
            rel = path.relative_to(self.folder).as_posix()
        except ValueError:
            return None, ""
        res = self.spec.check_file(rel + ("/" if is_dir else ""))
        line = self.lines[res.index].strip() if res.index is not None else ""
        return res.include, line


def why_skipped(path: Path, is_dir: bool, ignores: list[IgnoreFile]) -> str | None:
    """The reason ``path`` is not read (``ignores``: the ignore files of its folder and those
    above, outermost first, the nearer winning as in git), or None when it is read."""
    verdict: bool | None = None
    reason = ""
    for ig in ignores:
        got, line = ig.check(path, is_dir)
        if got is not None:
            verdict, reason = got, f"{IGNORE_FILE} in {ig.folder}: {line}"
    if verdict is True:
        return reason
    if verdict is False:  # "!NOTES.md": the user wants it read
        return None
    return None if is_dir else default_reason(path.name)
