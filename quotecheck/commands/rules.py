"""``quotecheck rules``: load every pack (which validates it) and list its files."""

from __future__ import annotations

import argparse

from quotecheck.commands import common
from quotecheck.errors import EXIT_OK


def run(args: argparse.Namespace) -> int:
    """One line per rule file, by kind; a broken pack fails in ``rules_for`` with one line."""
    rules = common.rules_for(args)
    print(f"{len(rules.files)} rule files from {len(rules.packs)} pack(s), all valid:")
    for pack in rules.packs:
        print(f"  pack {pack}")
    for f in sorted(rules.files, key=lambda f: (f.kind, f.id)):
        print(f"  {f.kind:<18} {f.id:<28} {f.description.strip().splitlines()[0] if f.description else ''}")
    return EXIT_OK
