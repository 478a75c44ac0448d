"""One function over many items, in a pool of forked processes when that is worth it (the build's cores).

A site build renders each case's body (render_cache.py): per case, independent, and the dearest part
of a cold build in this process (1,000 bodies: 1.20 s here, 0.73 s on two workers, load 1.3; case
pages, also tried, were no faster: pages.site_files says why). Forked workers start with
this process's memory, so what every item needs (the collection, the taxonomy, the bodies) is
`state`, inherited, never pickled; only the items go out and the results come back.

The pool is used only where forking is sound and pays: more than one core, at least `pool_min`
items, and no other thread in this process (forking a process that runs other threads, such as
`mkdocs serve`'s server, can copy a lock some other thread holds).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

State = TypeVar("State")
Item = TypeVar("Item")
Result = TypeVar("Result")

_work: tuple[Callable[[Any, Any], Any], Any] | None = None
"""A worker's function and state, set by _start in the worker."""


def _start(function: Callable[[Any, Any], Any], state: Any) -> None:
    global _work
    _work = (function, state)


def _call(item: Any) -> Any:
    assert _work is not None
    function, state = _work
    return function(state, item)


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def usable(count: int, workers: int, pool_min: int) -> bool:
    """Whether `count` items would go to a pool of `workers` (see the module's docstring)."""
    return (
        workers > 1
        and count >= pool_min
        and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
    )


def fork_map(
    function: Callable[[State, Item], Result],
    state: State,
    items: Sequence[Item],
    pool_min: int,
    workers: int | None = None,
) -> list[Result]:
    """[function(state, item) for item in items], in that order; across `workers` forked processes when usable()."""
    workers = cores() if workers is None else workers
    if not usable(len(items), workers, pool_min):
        return [function(state, item) for item in items]
    context = multiprocessing.get_context("fork")
    chunk = max(1, len(items) // (workers * 4))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(function, state)) as pool:
        return list(pool.map(_call, items, chunksize=chunk))
