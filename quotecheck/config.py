"""Project configuration: ``[tool.quotecheck]`` in pyproject.toml or ``.quotecheck.toml``.

A newsroom keeps its settings next to its copy so CI, pre-commit and a person
at a terminal all run the same check. Lookup starts in the current folder and
walks up: in each folder ``.quotecheck.toml`` wins, then a ``pyproject.toml``
that HAS a ``[tool.quotecheck]`` table (one without is skipped, as ruff does).
``--config FILE`` names the file instead. Anything given on the command line
overrides the file. Paths in the file (rule packs, baseline) are relative to
the file's folder, so the check gives the same result from any subfolder.
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from quotecheck.errors import UserError

CONFIG_NAMES = (".quotecheck.toml", "pyproject.toml")


class ConfigError(UserError):
    """The configuration file is wrong; the message names the file and the key."""


class Config(BaseModel):
    """The keys ``[tool.quotecheck]`` may hold; anything else is an error (typo guard)."""

    model_config = ConfigDict(extra="forbid")

    rules: list[str] = Field(default_factory=list)  # extra rule packs (folders)
    fail_on: Literal["error", "warning", "info", "never"] | None = None
    thresholds: dict[str, float | int | bool | str] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list)  # glob patterns of paths to skip
    exclude: list[str] = Field(default_factory=list)  # the same (the name linters use); both add up
    format: str | None = None
    baseline: str | None = None


class LoadedConfig(BaseModel):
    """A validated configuration and where it came from (``None``: no file found)."""

    config: Config = Field(default_factory=Config)
    path: Path | None = None

    @property
    def root(self) -> Path:
        """Folder that relative paths in the file are resolved against."""
        return self.path.parent if self.path else Path.cwd()


def _table(path: Path) -> dict[str, Any] | None:
    """The quotecheck table of one file, or None when a pyproject.toml has none."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text: {exc.reason}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("quotecheck") if isinstance(tool, dict) else None
        if table is None:
            return None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.quotecheck] must be a table")
        return table
    # .quotecheck.toml: keys at top level, or under [tool.quotecheck] like pyproject
    tool = data.get("tool")
    if isinstance(tool, dict) and "quotecheck" in tool and len(data) == 1:
        return tool["quotecheck"]
    return data


def parse_config(path: Path, table: dict[str, Any]) -> Config:
    """Validate one table; errors name the file and the first wrong key."""
    table = {str(k).replace("-", "_"): v for k, v in table.items()}
    try:
        return Config.model_validate(table)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(x) for x in err["loc"])
        if err["type"] == "extra_forbidden":
            known = ", ".join(Config.model_fields)
            raise ConfigError(f"{path}: unknown key {key!r} in [tool.quotecheck] (known: {known})") from exc
        if err["loc"][0] == "thresholds" and len(err["loc"]) > 1:  # drop pydantic's union branch names
            raise ConfigError(f"{path}: key 'thresholds.{err['loc'][1]}': "
                              "must be a number, true/false or a string") from exc
        raise ConfigError(f"{path}: key {key!r}: {err['msg']}") from exc


def find_config(start: Path | None = None) -> Path | None:
    """The nearest configuration file from ``start`` (default: cwd) upwards."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            cand = folder / name
            if cand.is_file() and (name != "pyproject.toml" or _table(cand) is not None):
                return cand
    return None


def load_config(explicit: str | None = None, start: Path | None = None) -> LoadedConfig:
    """Read ``--config FILE`` if given, else the nearest file; no file is an empty config."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{path}: configuration file not found")
    else:
        found = find_config(start)
        if found is None:
            return LoadedConfig()
        path = found
    table = _table(path)
    if table is None:  # --config pyproject.toml without the table: nothing configured
        return LoadedConfig(path=path)
    return LoadedConfig(config=parse_config(path, table), path=path)


# --------------------------------------------------------------------------- ignore


def _parts(path: str) -> list[str]:
    return [p for p in Path(path).as_posix().split("/") if p not in ("", ".")]


def is_ignored(path: str, patterns: Sequence[str], root: Path | None = None) -> bool:
    """True when a pattern matches the path (fnmatch; ``*`` also crosses ``/``).

    A pattern without ``/`` matches any single path component (a file or
    folder name, like .gitignore); one with ``/`` matches the whole path,
    tried both as given and relative to ``root`` (the config file's folder).
    """
    return matching_pattern(path, patterns, root) is not None


def matching_pattern(path: str, patterns: Sequence[str], root: Path | None = None) -> str | None:
    """The first pattern that matches the path (as ``is_ignored`` reads them), or None."""
    if not patterns:
        return None
    candidates = {Path(path).as_posix()}
    if root is not None:
        with contextlib.suppress(ValueError):
            candidates.add(Path(path).resolve().relative_to(root.resolve()).as_posix())
    parts = _parts(path)
    for pat in patterns:
        pat = pat.rstrip("/")
        if "/" in pat:
            pat = pat.removeprefix("./")
            if any(fnmatch.fnmatchcase(c, pat) or fnmatch.fnmatchcase(c, pat + "/*") for c in candidates):
                return pat
        elif any(fnmatch.fnmatchcase(p, pat) for p in parts):
            return pat
    return None


def walk_files(path: Path, errors: list | None = None) -> list[Path]:
    """Files under a folder exactly as ingest would read them (its walk, its extensions).

    Folders that cannot be listed are appended to ``errors`` as ``InputError``.
    """
    from quotecheck.ingest import walk_article_files

    return walk_article_files(path, errors if errors is not None else []) if path.is_dir() else [path]


def filter_paths(paths: Sequence[str], patterns: Sequence[str], root: Path | None = None,
                 skipped: list | None = None, why: Callable[[str], str] | None = None) -> list[str]:
    """Expand folders into files and drop the ignored ones (``-`` and missing paths pass through).

    Missing paths are kept so the reader reports them in its usual one-line error. Each file
    dropped is appended to ``skipped`` (``models.Skipped``) with ``why(pattern)`` as its reason.
    """
    from quotecheck.models import Skipped

    if not patterns:
        return list(paths)
    out: list[str] = []

    def keep(f: str) -> bool:
        pat = matching_pattern(f, patterns, root)
        if pat is not None and skipped is not None:
            skipped.append(Skipped(path=f, reason=why(pat) if why else f"excluded by {pat!r}"))
        return pat is None

    for given in paths:
        p = Path(given)
        if given == "-" or not p.exists():
            out.append(given)
        elif p.is_dir():
            out.extend(str(f) for f in walk_files(p) if keep(str(f)))
        elif keep(given):
            out.append(given)
    return out


# --------------------------------------------------------------------------- command line


def explicit_options(build: Callable[[], argparse.ArgumentParser], argv: Sequence[str]) -> set[str]:
    """Destinations the user typed on the command line (defaults suppressed)."""
    parser = build()

    def suppress(p: argparse.ArgumentParser) -> None:
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child in action.choices.values():
                    suppress(child)
            elif action.option_strings:
                action.default = argparse.SUPPRESS
        p._defaults.clear()

    suppress(parser)
    try:
        ns, _ = parser.parse_known_args(list(argv))
    except SystemExit:  # the real parse already succeeded; be conservative
        return set()
    return set(vars(ns))


def _choices(parser: argparse.ArgumentParser, args: argparse.Namespace, dest: str) -> Sequence[str] | None:
    """Allowed values of option ``dest`` in the sub-command the user ran."""
    p = parser
    while True:
        sub = next((a for a in p._actions if isinstance(a, argparse._SubParsersAction)), None)
        if sub is None or getattr(args, sub.dest, None) not in sub.choices:
            break
        p = sub.choices[getattr(args, sub.dest)]
    for action in p._actions:
        if action.dest == dest:
            return action.choices  # type: ignore[return-value]
    return None


def apply_config(
    build: Callable[[], argparse.ArgumentParser],
    argv: Sequence[str],
    args: argparse.Namespace,
) -> LoadedConfig:
    """Fill options the user did not type from the configuration file, in place.

    Command line wins; rule packs add up (config packs first, then ``--rules``);
    ``ignore`` patterns expand folders in ``args.paths`` and drop matches.
    """
    loaded = load_config(getattr(args, "config", None))
    cfg, root, src = loaded.config, loaded.root, loaded.path
    typed = explicit_options(build, argv)
    parser = build()

    if hasattr(args, "rules") and cfg.rules:
        args.rules = [str(root / r) for r in cfg.rules] + list(args.rules or [])
    if hasattr(args, "fail_on") and "fail_on" not in typed and cfg.fail_on:
        args.fail_on = cfg.fail_on
    # ``format`` is the report format of ``check``; list-style commands keep their own
    if getattr(args, "command", None) == "check" and "format" not in typed and cfg.format:
        allowed = _choices(parser, args, "format")
        if allowed and cfg.format not in allowed:
            raise ConfigError(f"{src}: key 'format': {cfg.format!r} is not one of {', '.join(allowed)}")
        args.format = cfg.format
    if hasattr(args, "baseline") and "baseline" not in typed and cfg.baseline:
        args.baseline = str(root / cfg.baseline)
    if hasattr(args, "output_baseline") and not args.output_baseline and cfg.baseline:
        args.output_baseline = str(root / cfg.baseline)
    args.thresholds = dict(cfg.thresholds)
    if hasattr(args, "paths") and isinstance(args.paths, list):
        args.paths, args.skipped = select_paths(args.paths, list(getattr(args, "exclude", None) or []),
                                                [*cfg.ignore, *cfg.exclude], root, src)
    return loaded


def select_paths(paths: list[str], cli: list[str], configured: list[str], root: Path,
                 src: Path | None) -> tuple[list[str], list]:
    """The files to read, and every file of the folders given that is not read, with why:
    ``--exclude`` (matched relative to the current folder), ``exclude``/``ignore`` of the
    configuration (relative to its folder), and what the walk skips itself (a
    ``.quotecheckignore``, the notes of ``ingest.ignore.DEFAULT_IGNORE``)."""
    from quotecheck.ingest import skipped_in

    skipped: list = skipped_in(paths)
    if cli:
        paths = filter_paths(paths, cli, Path.cwd(), skipped, lambda p: f"--exclude {p!r}")
    if configured:
        paths = filter_paths(paths, configured, root, skipped, lambda p: f"exclude {p!r} in {src}")
    return paths, sorted(skipped, key=lambda s: s.path)

