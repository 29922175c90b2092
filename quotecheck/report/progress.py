"""A progress bar for long extractions, on stderr, only where a person watches.

Shown only when stderr is a terminal, ``NO_COLOR``/``--no-color`` do not
matter (the bar goes away when done), and only once a run has taken longer
than ``DELAY`` seconds: short runs print nothing extra. Driven by the
``progress`` callback of ``engine.extract_all`` (called with the number of
articles just finished).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

DELAY = 2.0  # seconds before a bar appears


class _LazyBar:
    def __init__(self, total: int, stream: TextIO, delay: float) -> None:
        self.total, self.stream, self.delay = total, stream, delay
        self.done = 0
        self.t0 = time.monotonic()
        self.bar = None
        self.task = None

    def __call__(self, n: int) -> None:
        self.done += n
        if self.bar is None and time.monotonic() - self.t0 >= self.delay and self.done < self.total:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                                TimeRemainingColumn(), console=Console(file=self.stream), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("extract", total=self.total)
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@contextmanager
def extraction_progress(total: int, *, stream: TextIO | None = None,
                        delay: float = DELAY) -> Iterator[Callable[[int], None] | None]:
    """Yield a progress callback, or None when nobody would see a bar."""
    stream = stream or sys.stderr
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty or total <= 1:
        yield None
        return
    bar = _LazyBar(total, stream, delay)
    try:
        yield bar
    finally:
        bar.close()
