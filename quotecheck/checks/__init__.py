"""Findings from clusters, figures and dates.

Each check module exposes ``check(report, rules) -> list[Finding]``; this
module runs them all, then gives every finding a stable id and fingerprint
(kind + normalised evidence text, never offsets) so baselines survive edits.
"""

from __future__ import annotations

import hashlib
import importlib

import regex

from quotecheck.models import Finding, Report
from quotecheck.rules import RuleSet

CHECK_MODULES = ("quotecheck.checks.quotes", "quotecheck.checks.figures", "quotecheck.checks.dates")

_NORM = regex.compile(r"[\W_]+", regex.UNICODE)


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


def run_checks(report: Report, rules: RuleSet) -> list[Finding]:
    """All findings, sorted by severity then evidence position, with stable ids."""
    findings: list[Finding] = []
    for mod in _checks():
        findings.extend(mod.check(report, rules))
    for f in findings:
        f.fingerprint = f.fingerprint or fingerprint(f)
    findings.sort(key=lambda f: (-f.severity.rank, f.kind,
                                 [(s.article_id, s.start) for s in f.evidence]))
    for i, f in enumerate(findings, 1):
        f.id = f"F{i}"
    return findings
