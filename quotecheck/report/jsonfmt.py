"""The JSON report: the contract other tools and CI rely on (schema_version 2: claims).

``json_schema()`` is generated from the pydantic models (serialization mode:
it describes what ``render`` writes), so the schema cannot drift from the output.
"""

from __future__ import annotations

import json

from quotecheck.models import SCHEMA_VERSION, Report


def render(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"


def json_schema() -> dict:
    """JSON Schema (draft 2020-12) of ``render``'s output."""
    schema = Report.model_json_schema(mode="serialization")
    schema["description"] = f"quotecheck JSON report, schema_version {SCHEMA_VERSION}"
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def render_quotes(report: Report) -> str:
    return json.dumps([q.model_dump(mode="json") for q in report.quotes], indent=2, ensure_ascii=False) + "\n"


def render_figures(report: Report) -> str:
    data = {"figures": [f.model_dump(mode="json") for f in report.figures],
            "dates": [d.model_dump(mode="json") for d in report.dates]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
