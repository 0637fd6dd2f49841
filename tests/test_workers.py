"""Worker pools: a worker never outlives the process that started it, even one killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from .conftest import running

PARENT = """
import multiprocessing, time
from tianxin_report.output.workers import Workers
with Workers(2) as pool:
    futures = [pool.submit("sleep", time.sleep, 120) for _ in range(2)]
    while len(multiprocessing.active_children()) < 2:
        time.sleep(0.05)
    print(*[p.pid for p in multiprocessing.active_children()], flush=True)
    time.sleep(120)
"""


def test_workers_die_with_a_parent_killed_without_warning() -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(workers) == 2 and all(running(pid) for pid in workers)
    os.kill(parent.pid, signal.SIGKILL)  # no handler, no pool shutdown: only the kernel helps
    parent.wait(timeout=10)
    deadline = time.monotonic() + 5
    while any(running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in workers if running(pid)]
    for pid in left:  # never leave them behind, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []
