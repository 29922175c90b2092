"""Split a piece of the report stage over forked worker processes.

The report stage runs in one process after extraction; two of its parts are many
independent pieces of work over data the parent already holds (linking's pair stage
per story, the quote checks per cluster). ``fork_map`` runs the first part in the
caller and the others in worker processes started with ``fork``: they inherit the
parent's memory copy-on-write, so nothing is pickled on the way in (pickling the
quotes of 10k articles cost as much as a third of the work it would move), and only
the results come back. Where there is no ``fork`` (Windows) it runs every part here.
The caller splits the work so that joining the results in part order gives exactly
the serial result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from quotecheck.engine.memory import gc_paused

if TYPE_CHECKING:
    import multiprocessing.context

P = TypeVar("P")
R = TypeVar("R")

#: The function and parts a forked worker inherits (set only while a pool runs).
_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def fork_context() -> multiprocessing.context.BaseContext | None:
    """The "fork" start method where the platform has it (POSIX), else None."""
    import multiprocessing  # here: a small batch never starts a process, nor pays this import

    if "fork" not in multiprocessing.get_all_start_methods():
        return None  # pragma: no cover - Windows
    return multiprocessing.get_context("fork")


def _run(k: int) -> Any:
    assert _TASK is not None
    fn, parts = _TASK
    with gc_paused():  # as in the parent: millions of small acyclic objects
        return fn(parts[k])


def fork_map(fn: Callable[[P], R], parts: Sequence[P]) -> list[R]:
    """``[fn(p) for p in parts]``, ``parts[1:]`` on forked workers and ``parts[0]`` here meanwhile.

    ``fn`` need not be picklable (a closure is fine): workers inherit it; its
    results must be.
    """
    global _TASK
    ctx = fork_context()
    if len(parts) < 2 or ctx is None:
        return [fn(p) for p in parts]
    _TASK = (fn, parts)
    try:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=len(parts) - 1, mp_context=ctx) as pool:
            futures = [pool.submit(_run, k) for k in range(1, len(parts))]
            first = fn(parts[0])
            return [first, *(f.result() for f in futures)]
    finally:
        _TASK = None
