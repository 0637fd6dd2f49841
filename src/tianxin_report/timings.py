"""How long each step of a build takes: wall time and CPU time, for `build --timings`.

CPU time is this process's plus that of the child processes it has waited for (the font
and PDF workers, Pagefind), so on two cores a step's CPU can exceed its wall time.
Work a step hands to worker processes that finish later is reported by the step that
collects it, and its own CPU time as a separate row (`Timings.add`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

STARTED = time.perf_counter()  # as close to the process start as the engine can see


def cpu_seconds() -> float:
    """User + system time of this process and of the children it has waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


@dataclass
class Step:
    """One timed step: its name, nesting depth, wall and CPU seconds."""

    name: str
    depth: int
    wall: float
    cpu: float | None  # None: the CPU time is not known separately


@dataclass
class Timings:
    """Steps in the order they started; nested steps are indented under their parent."""

    enabled: bool = True
    steps: list[Step] = field(default_factory=list)
    depth: int = 0

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time the body of a `with` block as the step `name`."""
        if not self.enabled:
            yield
            return
        row = Step(name, self.depth, 0.0, 0.0)
        self.steps.append(row)  # appended first: nested steps follow their parent
        wall, cpu = time.perf_counter(), cpu_seconds()
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
            row.wall, row.cpu = time.perf_counter() - wall, cpu_seconds() - cpu

    def add(self, name: str, wall: float, cpu: float | None) -> None:
        """A step measured elsewhere (in a worker process), under the current one."""
        if self.enabled:
            self.steps.append(Step(name, self.depth, wall, cpu))

    def table(self) -> str:
        """The steps as an aligned table, then the whole process since it started."""
        width = max([len(s.name) + 2 * s.depth for s in self.steps] + [24])
        lines = ["timings (s; CPU includes the worker processes each step waited for):",
                 f"  {'step':<{width}}  {'wall':>7}  {'cpu':>7}"]
        for s in self.steps:
            cpu = f"{s.cpu:7.2f}" if s.cpu is not None else f"{'—':>7}"
            lines.append(f"  {'  ' * s.depth + s.name:<{width}}  {s.wall:7.2f}  {cpu}")
        total = f"{time.perf_counter() - STARTED:7.2f}  {cpu_seconds():7.2f}"
        lines.append(f"  {'total (whole process)':<{width}}  {total}")
        return "\n".join(lines)


NO_TIMINGS = Timings(enabled=False)
