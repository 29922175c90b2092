"""``quotecheck schema``: the JSON Schema of the JSON report, from the pydantic models."""

from __future__ import annotations

import argparse
import json

from quotecheck.errors import EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Print the schema; needs no rules, so it loads none."""
    from quotecheck.report.jsonfmt import json_schema

    print(json.dumps(json_schema(), indent=2))
    return EXIT_OK
