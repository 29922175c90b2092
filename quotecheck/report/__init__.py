"""Renderers: each presents a Report; none computes anything."""

from __future__ import annotations

from quotecheck.models import Report
from quotecheck.report import jsonfmt, text


def render(report: Report, fmt: str, *, color: bool = True) -> str:
    if fmt == "json":
        return jsonfmt.render(report)
    return text.render(report, color=color)


def render_quotes(report: Report, fmt: str, *, color: bool = True) -> str:
    if fmt == "json":
        return jsonfmt.render_quotes(report)
    return text.render_quotes(report, color=color)


def render_figures(report: Report, fmt: str, *, color: bool = True) -> str:
    if fmt == "json":
        return jsonfmt.render_figures(report)
    return text.render_figures(report, color=color)
