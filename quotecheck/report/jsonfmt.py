"""The JSON report: the contract other tools and CI rely on (schema_version 2: claims).

``json_schema()`` is generated from the pydantic models (serialization mode:
it describes what ``render`` writes), so the schema cannot drift from the output.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from pydantic import BaseModel

from quotecheck.models import SCHEMA_VERSION, Report

_ITEM_INDENT = "\n    "  # a list element of a top-level field sits two levels deep


def render(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"


def _streamed_fields(report: Report) -> dict[str, list[BaseModel]]:
    """The top-level lists of models that are written element by element."""
    return {name: value for name in type(report).model_fields
            if isinstance(value := getattr(report, name), list) and value
            and all(isinstance(item, BaseModel) for item in value)}


def render_chunks(report: Report) -> Iterator[str]:
    """``render``'s text, byte for byte, in pieces of one list element each.

    At 10k articles the report is a ~200 MB string, and building it whole (plus the copy
    written out) was ~800 MB of the parent's peak; pieces keep that to one element. The
    frame comes from pydantic itself (the report with those lists emptied), so the scalars,
    key order and empty lists are exactly ``render``'s; JSON strings hold no raw newline, so
    re-indenting an element's own ``indent=2`` text by its depth is exact.
    """
    lists = _streamed_fields(report)
    frame = report.model_copy(update=dict.fromkeys(lists, [])).model_dump_json(indent=2)
    pending: list[str] = []
    for line in frame.split("\n"):
        name = _empty_list_key(line)
        if name not in lists:
            pending.append(line)
            continue
        pending.append(f'  "{name}": [')
        yield "\n".join(pending)
        pending = []
        items = lists[name]
        for i, item in enumerate(items):
            text = item.model_dump_json(indent=2).replace("\n", _ITEM_INDENT)
            yield ("\n    " if i == 0 else ",\n    ") + text
        pending.append("\n  ]" + ("," if line.endswith(",") else ""))
    yield "\n".join(pending) + "\n"


def _empty_list_key(line: str) -> str | None:
    """``quotes`` for the frame line ``  "quotes": [],`` (a top-level key, two spaces in)."""
    if line.startswith('  "') and not line.startswith('   ') and line.rstrip(",").endswith('": []'):
        return line[3:line.index('"', 3)]
    return None


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
