"""Fixtures shared by several test files."""

from __future__ import annotations

import pytest

import quotecheck.rules as rules_mod


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> float:
    """0.2 s instead of 2 s; modules that imported the constant by name get it too."""
    for where in ("quotecheck.rules", "quotecheck.segment", "quotecheck.ingest.headers"):
        monkeypatch.setattr(f"{where}.REGEX_TIMEOUT", 0.2)
    assert rules_mod.REGEX_TIMEOUT == 0.2
    return 0.2
