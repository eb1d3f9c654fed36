"""Work split across cores by fork: children inherit the model, nothing is pickled per page.

With one core (or PLANSITE_WORKERS=1) everything runs in this process, so a
serial and a parallel build run the same code and give the same bytes.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from plansite.libc import libc

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS_PER_WORKER = 64
"""Below this many items per worker, forking costs more than it saves."""


def workers() -> int:
    """Processes to use: PLANSITE_WORKERS, else the cores this process may run on."""
    configured = os.environ.get("PLANSITE_WORKERS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    return sys.platform != "win32" and "fork" in multiprocessing.get_all_start_methods()


def parts_for(count: int) -> int:
    """How many processes to split `count` items over."""
    if not _can_fork():
        return 1
    return max(1, min(workers(), count // MIN_ITEMS_PER_WORKER))


_TASK: Callable[[int, int], Any] | None = None


def _die_with_parent() -> None:
    """Pool initializer: a worker is killed when the build it works for is (Linux)."""
    c = libc()
    if c is not None and hasattr(c, "prctl"):
        c.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


_PR_SET_PDEATHSIG = 1


def _run_part(part: int, parts: int) -> Any:
    assert _TASK is not None
    return _TASK(part, parts)


def run_split(task: Callable[[int, int], R], parts: int) -> list[R]:
    """Run task(part, parts) for every part; part 0 in this process, the rest forked.

    Children inherit everything this process holds (the model, compiled
    templates) copy-on-write; only the task's return values travel back.
    """
    global _TASK
    if parts <= 1:
        return [task(0, 1)]
    _TASK = task
    gc.freeze()  # keep the garbage collector from touching (and copying) shared pages
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(parts - 1, initializer=_die_with_parent) as pool:
            pending = pool.starmap_async(_run_part, [(part, parts) for part in range(1, parts)])
            mine = task(0, parts)
            return [mine, *pending.get()]
    finally:
        gc.unfreeze()
        _TASK = None


RUNS_PER_PROCESS = 8
"""A `Dealer` hands items out in about this many runs per process: a process that is done
with its run takes the next, so one slower process (a forked child pays for the pages it
copies on write; the build's own process starts Pagefind runs) does not keep the others
waiting at the end."""


class Dealer:
    """Hands the positions 0..count-1 out in runs, in order, to the processes of one
    `run_split` (made before it: the counter is shared with the forked children).

    Each process gets runs in increasing order, so what it takes is in list order too.
    """

    def __init__(self, count: int, parts: int, runs_per_process: int = RUNS_PER_PROCESS) -> None:
        self.count = count
        self.size = max(1, count // (max(1, parts) * runs_per_process))
        self._taken = multiprocessing.get_context("fork").Value("l", 0) \
            if parts > 1 and _can_fork() else None
        self._alone = 0

    def runs(self) -> Iterator[range]:
        """The runs this process takes, until every position is taken."""
        while True:
            if self._taken is None:
                start, self._alone = self._alone, self._alone + self.size
            else:
                with self._taken.get_lock():
                    start = self._taken.value
                    self._taken.value = start + self.size
            if start >= self.count:
                return
            yield range(start, min(start + self.size, self.count))


def split_map(func: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """[func(item) for item in items], across processes when there are enough items."""
    parts = parts_for(len(items))
    if parts <= 1:
        return [func(item) for item in items]
    dealer = Dealer(len(items), parts)

    def task(part: int, count: int) -> list[tuple[int, list[R]]]:
        return [(run.start, [func(items[at]) for at in run]) for run in dealer.runs()]

    merged: list[R] = [None] * len(items)  # type: ignore[list-item]
    for runs in run_split(task, parts):
        for start, values in runs:
            merged[start:start + len(values)] = values
    return merged


def beside(task: Callable[[], str]) -> Callable[[], str | None]:
    """Start `task` in a forked child now; the function returned waits for its text (None
    if the child failed). With one worker, or where there is no fork, the task runs when
    its text is asked for.

    For file-system work that would otherwise wait for the build's CPU-bound steps: a
    rebuild lists the published site (35,000 files at 10,000 goals, 0.2 s) while it
    loads its cache.
    """
    if workers() <= 1 or not _can_fork():
        return lambda: task()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the task, its text into the pipe, and out without clean-up
        code = 1
        try:
            os.close(read)
            _die_with_parent()
            data = task().encode()
            while data:
                data = data[os.write(write, data):]
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    got: list[str | None] = []

    def result() -> str | None:
        if not got:
            with os.fdopen(read, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            got.append(data.decode() if os.waitstatus_to_exitcode(status) == 0 else None)
        return got[0]

    return result
