"""Exit codes, the one-line error message, and the errors a user can cause.

Layer 1: every layer may raise a ``UserError`` (a bad rule pack, configuration,
baseline or store, a missing Dask extra); ``cli.main`` turns any of them into one
line on stderr and exit code 2, so no command needs to know the others' errors.
"""

from __future__ import annotations

import sys

#: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 usage or input errors.
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
#: Stopped with Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130


class UserError(Exception):
    """Something the user can fix; the message names the file (and the rule or key)."""


def err(msg: str) -> None:
    """``quotecheck: msg`` on stderr: how every error and warning reaches the user."""
    print(f"quotecheck: {msg}", file=sys.stderr)
