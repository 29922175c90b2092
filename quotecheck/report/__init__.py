"""Renderers: each presents a Report; none computes anything.

``FORMATS`` lists what ``quotecheck check --format`` accepts; every renderer
returns the whole document as one string, and ``render_chunks`` gives the same text in
pieces (element by element for JSON, whose whole string is the largest object of a big run).
"""

from __future__ import annotations

from collections.abc import Iterator

from quotecheck.models import Report
from quotecheck.report import jsonfmt, text

FORMATS = ("text", "json", "html", "markdown", "sarif", "junit")


def render(report: Report, fmt: str, *, color: bool = True, fail_on: str = "error",
           width: int | None = None) -> str:
    """The report in ``fmt``; ``color``/``width`` only matter for text, ``fail_on`` for
    the formats that say pass/fail themselves (JUnit failures, the Markdown verdict)."""
    if fmt == "json":
        return jsonfmt.render(report)
    if fmt == "html":
        from quotecheck.report import html

        return html.render(report)
    if fmt == "markdown":
        from quotecheck.report import markdown

        return markdown.render(report, fail_on=fail_on)
    if fmt == "sarif":
        from quotecheck.report import sarif

        return sarif.render(report)
    if fmt == "junit":
        from quotecheck.report import junit

        return junit.render(report, fail_on=fail_on)
    if fmt == "text":
        return text.render(report, color=color, width=width)
    raise ValueError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")


def render_chunks(report: Report, fmt: str, *, color: bool = True, fail_on: str = "error",
                  width: int | None = None) -> Iterator[str]:
    """``render``'s text in pieces whose concatenation is exactly ``render``'s result."""
    if fmt == "json":
        yield from jsonfmt.render_chunks(report)
    else:
        yield render(report, fmt, color=color, fail_on=fail_on, width=width)


def render_quotes(report: Report, fmt: str, *, color: bool = True) -> str:
    if fmt == "json":
        return jsonfmt.render_quotes(report)
    return text.render_quotes(report, color=color)


def render_figures(report: Report, fmt: str, *, color: bool = True) -> str:
    if fmt == "json":
        return jsonfmt.render_figures(report)
    return text.render_figures(report, color=color)
