"""Findings from clusters, figures and dates.

Each check module exposes ``check(report, rules) -> list[Finding]``; this
module runs them all, then gives every finding a stable id and fingerprint
(kind + normalised evidence text, never offsets) so baselines survive edits.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import regex

from quotecheck import regexcache
from quotecheck.models import Finding, Report
from quotecheck.rules import RuleSet

if TYPE_CHECKING:
    from quotecheck.link import QInfo
    from quotecheck.models import BatchDigest

CHECK_MODULES = ("quotecheck.checks.quotes", "quotecheck.checks.reported", "quotecheck.checks.figures",
                 "quotecheck.checks.dates")

_NORM = regexcache.compile(r"[\W_]+", regex.UNICODE)


def normalise_evidence(text: str) -> str:
    """Case, punctuation and whitespace folded: what a fingerprint may depend on."""
    return _NORM.sub(" ", text.casefold()).strip()


def fingerprint(finding: Finding) -> str:
    parts = sorted(normalise_evidence(s.text) for s in finding.evidence)
    raw = "\x1f".join([finding.kind, *parts])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def _checks() -> list:
    mods = []
    for name in CHECK_MODULES:
        try:
            mods.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return mods


def run_checks(report: Report, rules: RuleSet, *, infos: list[QInfo] | None = None,
               digest: BatchDigest | None = None, jobs: int = 1,
               parallel_map: Callable | None = None) -> list[Finding]:
    """All findings, sorted by severity then evidence position, with stable ids.

    ``infos`` (``link.prepare`` of this report) and ``digest`` (``quotecheck.engine.digest``)
    spare the checks that take them recomputing what the report stage already has;
    ``jobs``: processes a check that takes it may use through ``parallel_map`` (the
    engine's ``fork_map``; the same findings).
    """
    given: dict[str, Any] = {"infos": infos, "digest": digest, "jobs": jobs if jobs > 1 else None,
                             "parallel_map": parallel_map}
    findings: list[Finding] = []
    for mod in _checks():
        params = inspect.signature(mod.check).parameters
        findings.extend(mod.check(report, rules, **{k: v for k, v in given.items() if v is not None and k in params}))
    for f in findings:
        f.fingerprint = f.fingerprint or fingerprint(f)
    findings.sort(key=lambda f: (-f.severity.rank, f.kind,
                                 [(s.article_id, s.start) for s in f.evidence]))
    for i, f in enumerate(findings, 1):
        f.id = f"F{i}"
    return findings
