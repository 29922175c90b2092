"""Baselines: remember today's findings so CI fails only on new ones (as Semgrep does).

A finding is recognised by ``Finding.fingerprint`` (kind + normalised
evidence text, computed once in ``checks/__init__.py``), never by offsets, so
a baseline survives edits elsewhere in the article, re-ordering of files and
re-numbering of finding ids. Each entry also keeps a human-readable summary
(kind, message, evidence texts) so a reviewer can read the file in a diff.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from quotecheck import __version__
from quotecheck.checks import fingerprint as compute_fingerprint
from quotecheck.checks import normalise_evidence as compute_norm
from quotecheck.errors import UserError, err
from quotecheck.models import Finding, Report, Severity

BASELINE_VERSION = 2  # 2: figure/date findings are one per claim; version-1 files are migrated on load


class BaselineError(UserError):
    """The baseline file cannot be read; the message names the file."""


class BaselineEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fingerprint: str = Field(min_length=1)
    kind: str
    severity: Severity
    message: str
    evidence: list[str]  # evidence texts, as written in the articles
    articles: list[str] = Field(default_factory=list)
    legacy: bool = False  # a version-1 pair finding (figure/date): matched by its evidence texts


class Baseline(BaseModel):
    """The file ``quotecheck baseline create`` writes (versioned JSON)."""

    model_config = ConfigDict(extra="forbid")

    quotecheck_baseline: int = BASELINE_VERSION
    tool_version: str = __version__
    created: str = ""
    findings: list[BaselineEntry] = Field(default_factory=list)

    def fingerprints(self) -> set[str]:
        return {e.fingerprint for e in self.findings}


def fingerprint_of(finding: Finding) -> str:
    """The finding's stored fingerprint, or the central one when a check left it empty."""
    return finding.fingerprint or compute_fingerprint(finding)


def create(report: Report) -> Baseline:
    """A baseline holding every finding of the report, one entry per fingerprint."""
    seen: dict[str, BaselineEntry] = {}
    for f in report.findings:
        fp = fingerprint_of(f)
        if fp in seen:
            continue
        seen[fp] = BaselineEntry(
            fingerprint=fp, kind=f.kind, severity=f.severity, message=f.message,
            evidence=[s.text for s in f.evidence],
            articles=sorted({s.article_id for s in f.evidence}),
        )
    created = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    return Baseline(created=created, findings=sorted(seen.values(), key=lambda e: (e.kind, e.fingerprint)))


def dump(baseline: Baseline) -> str:
    return json.dumps(baseline.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def save(baseline: Baseline, path: str | Path) -> None:
    """Write atomically: a CI job killed mid-write must not leave half a baseline."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(dump(baseline), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BaselineError(f"{path}: cannot write baseline: {exc.strerror or exc}") from exc


def load(path: str | Path) -> Baseline:
    """Read and validate a baseline file; every problem is one line naming the file."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise BaselineError(f"{path}: baseline file not found") from exc
    except UnicodeDecodeError as exc:
        raise BaselineError(f"{path}: not a baseline file: not UTF-8 text") from exc
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not a baseline file: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    if not isinstance(data, dict) or "quotecheck_baseline" not in data:
        raise BaselineError(f"{path}: not a baseline file (no 'quotecheck_baseline' version key)")
    if data["quotecheck_baseline"] == 1:
        data = migrate_v1(data)
    if data["quotecheck_baseline"] != BASELINE_VERSION:
        raise BaselineError(f"{path}: baseline version {data['quotecheck_baseline']!r} not supported "
                            f"(this quotecheck reads version {BASELINE_VERSION})")
    try:
        return Baseline.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        raise BaselineError(f"{path}: invalid baseline: {loc}: {err['msg']}") from exc


PAIR_KINDS = ("figure_conflict", "date_conflict")


def migrate_v1(data: dict) -> dict:
    """A version-1 baseline read as version 2. Version 1 recorded figure and date findings per
    pair of articles; version 2 has one finding per disputed claim, whose fingerprint no old entry
    holds. Those old entries are kept, marked ``legacy``, and a claim finding counts as known when
    every odd source's text of it was in a legacy entry of its kind (what the editor accepted)."""
    out = {**data, "quotecheck_baseline": BASELINE_VERSION}
    out["findings"] = [{**e, "legacy": e.get("kind") in PAIR_KINDS} if isinstance(e, dict) else e
                       for e in data.get("findings", [])]
    return out


def _legacy_known(f: Finding, legacy: dict[str, set[str]]) -> bool:
    """A claim finding whose odd versions (all, when none is odd) an old pair baseline accepted."""
    texts = legacy.get(f.kind)
    if not texts or "claim_id" not in f.details:
        return False
    values = f.details.get("values", [])
    odd = [v["text"] for v in values if v.get("odd")] or [v["text"] for v in values]
    return bool(odd) and all(compute_norm(t) in texts for t in odd)


def new_findings(findings: list[Finding], baseline: Baseline) -> tuple[list[Finding], int]:
    """Findings whose fingerprint is not in the baseline, and how many were suppressed."""
    known = baseline.fingerprints()
    legacy: dict[str, set[str]] = {}
    for e in baseline.findings:
        if e.legacy:
            legacy.setdefault(e.kind, set()).update(compute_norm(t) for t in e.evidence)
    kept = [f for f in findings if fingerprint_of(f) not in known and not _legacy_known(f, legacy)]
    return kept, len(findings) - len(kept)


def apply(report: Report, baseline: Baseline) -> tuple[Report, int]:
    """A copy of the report with only the new findings (the exit code follows them)."""
    kept, suppressed = new_findings(report.findings, baseline)
    return report.model_copy(update={"findings": kept}), suppressed


def filter_report(report: Report, baseline: Baseline, path: str) -> Report:
    """``check --baseline FILE``: keep new findings, say on stderr how many were known."""
    report, suppressed = apply(report, baseline)
    if suppressed:
        err(f"{suppressed} finding(s) already in baseline {path} not shown")
    return report
