"""Shared test helpers: run the real CLI, build real reports into temporary folders, and
mark the tests that need a browser (`browser`) or a full build with PDFs (`slow`)."""

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
CHROMIUM = "/usr/bin/chromium"

# Markers from what a test uses, so that no test has to remember its own: a test that asks
# for a browser is `browser`; one that asks for a site built with PDFs is `slow` (tests
# that build PDFs themselves say so with @pytest.mark.slow). test_serve.py drives a live
# preview in Chromium throughout, so the whole module is `browser`.
BROWSER_FIXTURES = {"browser"}
SLOW_FIXTURES = {"real_site", "port_site"}
BROWSER_MODULES = {"test_serve"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if used & BROWSER_FIXTURES or module in BROWSER_MODULES:
            item.add_marker(pytest.mark.browser)
        if used & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)


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


def require_file(path: Path) -> Path:
    """A file the tests need from npm (node_modules/); fail (never skip) when it is missing."""
    if not path.is_file():
        pytest.fail(f"{path} is missing: `make test` runs `npm ci` to install it")
    return path


@pytest.fixture(scope="session")
def font_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One font-subset cache for the whole session (subsetting CJK fonts takes seconds)."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory, font_cache: Path) -> tuple[Path, Run]:
    """The real content/ built once, with PDFs, into a temporary folder (tests/content/)."""
    out = tmp_path_factory.mktemp("real") / "_site"
    before = content_digest()
    result = run_cli("build", "--content", CONTENT, "--out", out, "--cache", font_cache)
    assert result.code == 0, result.stderr
    assert content_digest() == before  # a build never writes to content/
    return out, result


@pytest.fixture(scope="session")
def port_site(tmp_path_factory: pytest.TempPathFactory, font_cache: Path) -> tuple[Path, Run]:
    """The port-report fixture built once, with PDFs: the site engine tests look at."""
    out = tmp_path_factory.mktemp("port") / "_site"
    result = run_cli("build", "--content", FIXTURES / "port-report", "--out", out,
                     "--cache", font_cache)
    assert result.code == 0, result.stderr
    return out, result


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's headless Chromium, driven by Playwright, launched once per module (one
    Playwright at a time: a module that imports this fixture gets its own)."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium "
                    "(scripts/test-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


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


def descends_from_us(process: Process) -> bool:
    """Whether `process` was started (at any depth) by this test session."""
    parents = {p.pid: p.ppid for p in processes()}
    pid, seen = process.ppid, set()
    while pid and pid not in seen:
        if pid == os.getpid():
            return True
        seen.add(pid)
        pid = parents.get(pid, 0)
    return False


@pytest.fixture(scope="session", autouse=True)
def no_serve_left_running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """After the session, fail if a serve it started (or a worker of one) still runs.

    Only this session's: its temporary folders and this checkout. Other engineers run the
    tests at the same time in other worktrees, with the same Python."""
    yield
    # this session's temporary folders, and processes descended from it: never an editor's
    # own `make serve` running from the same checkout
    ours = [str(tmp_path_factory.getbasetemp().resolve())]
    deadline = time.monotonic() + 5
    while (left := [p for p in strays([*ours, str(REPO)])
                    if inside(p.cwd, ours) or any(inside(a, ours) for a in p.args)
                    or descends_from_us(p)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    for process in left:  # do not leave them running on a shared machine
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
    assert not left, "still running after the tests:\n" + "\n".join(
        f"{p.pid} (parent {p.ppid}): {' '.join(p.args)}" for p in left)
