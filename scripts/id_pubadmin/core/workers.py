"""Work shared among processes whose death is noticed.

``multiprocessing.Pool`` loses the task of a worker killed from outside (as the kernel's out-of-memory
killer does) and waits for it forever. A ``ProcessPoolExecutor`` notices the death at once; each
worker also says which tasks it starts, so the error names the tasks the workers held.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from .errors import Interrupted

T = TypeVar("T")
R = TypeVar("R")
CHUNK = 4  # tasks sent to a worker at once
POLL = 0.05  # seconds between reads of the started names while a result is awaited
_started: Any = None  # in a worker: the queue it names the tasks it starts on


class WorkerDied(Interrupted):
    """A worker process died (killed, out of memory) while it held tasks; nothing was written."""


def worker_count(requested: int, tasks: int, say: Callable[[str], None]) -> int:
    """Processes to use: ``requested``, but at least one and no more than the tasks and the cores; says so when
    more than the cores (or none) were asked for (the default, one per core, is capped at the tasks silently)."""
    cores = os.cpu_count() or 1
    count = max(1, min(requested, cores, tasks))
    if not 1 <= requested <= cores:
        say(f"--jobs {requested}: using {count} process(es), at most one per core ({cores}) and per document ({tasks})")
    return count


def _remember(queue: Any) -> None:
    global _started
    _started = queue


def _run_chunk(function: Callable[[T], R], chunk: list[tuple[str, T]]) -> list[R]:
    if _started is not None:
        _started.put([name for name, _ in chunk])
    return [function(task) for _, task in chunk]


def in_processes(function: Callable[[T], R], tasks: Iterable[tuple[str, T]], jobs: int, window: int) -> Iterator[R]:
    """``function`` of every task (named by the first item of its pair) in order, computed in ``jobs`` forked
    processes with at most ``window`` tasks in flight; raises WorkerDied naming the tasks held when a
    worker dies."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork")
    started = context.SimpleQueue()
    pending = iter(tasks)
    in_flight: deque[tuple[list[str], Any]] = deque()
    held: set[str] = set()  # started by a worker, not yet returned
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_remember, initargs=(started,)) as pool:
        def submit() -> bool:
            chunk = list(islice(pending, CHUNK))
            if chunk:
                in_flight.append(([name for name, _ in chunk], pool.submit(_run_chunk, function, chunk)))
            return bool(chunk)

        while len(in_flight) * CHUNK < window and submit():
            pass
        while in_flight:
            names, future = in_flight.popleft()
            try:
                results = _result(future, started, held)
            except BrokenProcessPool:
                finished = {name for others, each in in_flight if each.done() and each.exception() is None
                            for name in others}  # returned, but not yet taken in order
                lost = sorted((held | _drain(started)) - finished) or names
                raise WorkerDied(f"a worker process died (killed, or out of memory?) while deriving "
                                 f"{', '.join(lost)}; nothing was written, the previous corpus is intact; build "
                                 "again, with fewer --jobs if memory is short") from None
            held |= _drain(started)
            held -= set(names)
            submit()
            yield from results


def _result(future: Any, started: Any, held: set[str]) -> Any:
    """The future's result, the workers' started names read into ``held`` while it is awaited: a worker
    writing them to a full pipe would stop, and with it the task awaited, however the workers are scheduled."""
    while True:
        try:
            return future.result(timeout=POLL)
        except TimeoutError:
            held |= _drain(started)


def _drain(queue: Any) -> set[str]:
    """The task names the workers said they started since the queue was last read."""
    found: set[str] = set()
    while not queue.empty():
        found.update(queue.get())
    return found
