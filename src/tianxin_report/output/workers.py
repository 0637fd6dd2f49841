"""Worker processes for the slow steps (WOFF2 compression, PDFs): forked, ending with us.

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
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def worker_pool(count: int, setup: Callable[[], None] | None = None) -> ProcessPoolExecutor:
    """A pool of `count` forked workers (they share what this process imported) that end
    when this process ends; `setup` runs in each worker first."""
    return ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("fork"),
                               initializer=start_worker, initargs=(os.getpid(), setup))


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
