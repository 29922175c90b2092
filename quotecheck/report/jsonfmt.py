"""The JSON report: the contract other tools and CI rely on (schema_version 1)."""

from __future__ import annotations

import json

from quotecheck.models import Report


def render(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"


def render_quotes(report: Report) -> str:
    return json.dumps([q.model_dump(mode="json") for q in report.quotes], indent=2, ensure_ascii=False) + "\n"


def render_figures(report: Report) -> str:
    data = {"figures": [f.model_dump(mode="json") for f in report.figures],
            "dates": [d.model_dump(mode="json") for d in report.dates]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
