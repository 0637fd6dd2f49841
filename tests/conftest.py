"""Shared test helpers: run the real CLI, build real reports into temporary folders."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONTENT = REPO / "content"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path, cwd: Path = REPO, env: dict[str, str] | None = None) -> Run:
    """Run `python -m tianxin_report ARGS` in a real process, as an editor would."""
    proc = subprocess.run(
        [sys.executable, "-m", "tianxin_report", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})},
        timeout=600,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def require_tool(name: str) -> str:
    """The path of a command the tests need; fail (never skip) when it is missing."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"'{name}' is not installed: `make test` installs it (scripts/test-deps)")
    return path


@pytest.fixture(scope="session")
def font_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One font-subset cache for the whole session (subsetting CJK fonts takes seconds)."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory, font_cache: Path) -> tuple[Path, Run]:
    """The real content/ built once, with PDFs, into a temporary folder."""
    out = tmp_path_factory.mktemp("real") / "_site"
    before = content_digest()
    result = run_cli("build", "--content", CONTENT, "--out", out, "--cache", font_cache)
    assert result.code == 0, result.stderr
    assert content_digest() == before  # a build never writes to content/
    return out, result


def content_digest() -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(CONTENT.rglob("*")) if p.is_file()}


def copy_fixture(name: str, tmp_path: Path) -> Path:
    """A writable copy of a fixture report."""
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    return target


@dataclass
class Process:
    """One running process, as /proc shows it."""

    pid: int
    ppid: int
    group: int
    args: list[str]
    cwd: str


def processes() -> list[Process]:
    """Every running process of this machine; zombies (ended, not yet reaped) left out."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            args = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace")
            cwd = os.readlink(f"/proc/{entry}/cwd")
        except OSError:  # ended meanwhile, or not ours to look at
            continue
        fields = stat.rsplit(")", 1)[-1].split()  # the command name may hold spaces
        if fields[0] != "Z":
            found.append(Process(int(entry), int(fields[1]), int(fields[2]),
                                 args.split("\0")[:-1], cwd))
    return found


def running(pid: int) -> bool:
    return any(p.pid == pid for p in processes())


def inside(path: str, folders: list[str]) -> bool:
    return any(path == f or path.startswith(f + "/") for f in folders)


def strays(folders: list[str]) -> list[Process]:
    """Processes of a serve (the serve itself, its forked workers, its Pagefind) started
    from `folders`: their arguments or working folder lie inside one."""
    return [p for p in processes() if p.pid != os.getpid()
            and (("tianxin_report" in p.args and "serve" in p.args)
                 or any("pagefind" in arg for arg in p.args[:1]))
            and (inside(p.cwd, folders) or any(inside(arg, folders) for arg in p.args))]


@pytest.fixture(scope="session", autouse=True)
def no_serve_left_running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """After the session, fail if a serve it started (or a worker of one) still runs.

    Only this session's: its temporary folders and this checkout. Other engineers run the
    tests at the same time in other worktrees, with the same Python."""
    yield
    ours = [str(tmp_path_factory.getbasetemp().resolve()), str(REPO)]
    deadline = time.monotonic() + 5
    while (left := strays(ours)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for process in left:  # do not leave them running on a shared machine
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
    assert not left, "still running after the tests:\n" + "\n".join(
        f"{p.pid} (parent {p.ppid}): {' '.join(p.args)}" for p in left)
