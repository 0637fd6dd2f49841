"""Forked worker processes shared by a build's slow jobs (PDF layout, WOFF2 compression),
one per core up to three, so that one kind of job fills the other's gaps; they end with us.

A forked worker outlives a parent that dies without shutting its pool down (SIGKILL, a
crash, a SIGTERM without a handler): it keeps rendering, then lingers as an orphan. So each
worker asks the Linux kernel for SIGKILL when its parent goes (prctl PR_SET_PDEATHSIG).
That needs no cooperation from the parent, which is the point; a process group would need
the parent to move itself out of the terminal's foreground group (Ctrl-C would no longer
reach it) or to kill a group it does not own (make's, pytest's). The signal is tied to the
*thread* that forked the worker, so a pool is made and used by one long-lived thread: the
build's main thread, or serve's single builder thread. `serve` also ends every process it
started (Pagefind included) when it stops; this is the safety net underneath.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def usable_cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# One worker per core, at most three: a build has at most three PDFs (zh, en, bilingual),
# and each worker holds WeasyPrint (~100 MB). On the 2-core machines here: two.
CORES = max(1, min(3, usable_cores()))


def start_worker(parent: int, setup: Callable[[], None] | None) -> None:
    """Worker set-up: die with the parent, end at once when signalled, then `setup`."""
    # a forked worker inherits the parent's Python handlers (serve's "stop" flag); here
    # SIGINT and SIGTERM just end it: the parent decides what an ended worker means
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    if setup is not None:
        setup()


def timed_call(fn: Callable[..., Any], *args: Any) -> tuple[Any, float, float]:
    """fn(*args), with the wall and CPU seconds it took in the worker."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


class Workers:
    """A pool of forked processes, started on the first job; `close` waits for them all.

    Forked, not spawned: the workers inherit the modules already imported. What only the
    workers need (WeasyPrint: ~0.35 s to import) is better imported by `setup`, in every
    worker at once, while this process does other work after `start`.
    Jobs run in the order submitted: submit the longest (the critical path) first.
    """

    def __init__(self, size: int = CORES, setup: Callable[[], None] | None = None) -> None:
        self.size, self.setup = size, setup
        self.pool: ProcessPoolExecutor | None = None
        self.done: list[tuple[str, Future[tuple[Any, float, float]]]] = []

    def start(self) -> None:
        """Fork the workers now (they run `setup` while this process goes on)."""
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.size,
                                            mp_context=multiprocessing.get_context("fork"),
                                            initializer=start_worker,
                                            initargs=(os.getpid(), self.setup))
            self.pool.submit(int)  # with fork, the first job starts every worker at once

    def submit(self, name: str, fn: Callable[..., Any], *args: Any
               ) -> Future[tuple[Any, float, float]]:
        """Start fn(*args) in a worker; the future gives (result, wall s, CPU s)."""
        self.start()
        assert self.pool is not None
        future = self.pool.submit(timed_call, fn, *args)
        self.done.append((name, future))
        return future

    def close(self) -> None:
        """Wait for every job and the processes (cancel what has not started on error)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def times(self) -> list[tuple[str, float, float]]:
        """(name, wall s, CPU s) of each finished job, in the order they were submitted."""
        return [(name, f.result()[1], f.result()[2]) for name, f in self.done
                if f.done() and not f.cancelled() and f.exception() is None]
