"""serve: live preview in a real browser; a broken edit keeps the last good page."""

from __future__ import annotations

import hashlib
import itertools
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import REPO, copy_fixture, processes, require_tool, running, strays
from .test_browser import browser  # noqa: F401  (the shared Chromium fixture)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def preview(tmp_path: Path, font_cache: Path) -> Iterator[tuple[str, Path, subprocess.Popen]]:
    content = copy_fixture("bilingual", tmp_path)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tianxin_report", "serve", "--content", str(content),
         "--out", str(tmp_path / "_site"), "--cache", str(font_cache), "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while "serving" not in (tmp_path / "serve.log").read_text():
        assert process.poll() is None and time.monotonic() < deadline, (
            (tmp_path / "serve.log").read_text())
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}", content, process
    process.terminate()
    process.wait(timeout=10)
    log.close()


def test_an_edit_shows_in_the_open_page_within_two_seconds(browser, preview) -> None:  # noqa: F811
    url, content, _ = preview
    page = browser.new_page()
    page.goto(url + "/zh/")
    assert "岸边种满了柳树" in page.inner_text("article")
    chinese = content / "zh" / "02-banks.md"
    chinese.write_text(chinese.read_text(encoding="utf-8").replace("柳树。", "桃树。", 1),
                       encoding="utf-8")
    started = time.monotonic()
    page.wait_for_function("document.body.innerText.includes('岸边种满了桃树')", timeout=2000)
    assert time.monotonic() - started < 2
    page.close()


def test_a_broken_edit_keeps_the_page_and_shows_the_error(browser, preview) -> None:  # noqa: F811
    url, content, _ = preview
    page = browser.new_page()
    page.goto(url + "/zh/")
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "oops: [\n", encoding="utf-8")
    overlay = page.locator("#tianxin-serve-error")
    overlay.wait_for(timeout=3000)
    assert "site.yaml" in overlay.inner_text() and "malformed YAML" in overlay.inner_text()
    page.reload()
    assert "岸边种满了柳树" in page.inner_text("article")  # the last good page is served
    site.write_text(site.read_text(encoding="utf-8").replace("oops: [\n", ""), encoding="utf-8")
    page.wait_for_function("!document.getElementById('tianxin-serve-error')", timeout=3000)
    page.close()


def test_serve_listens_on_loopback_only(preview) -> None:
    url, _, _ = preview
    port = int(url.rsplit(":", 1)[1])
    addresses = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)
                 if info[0] == socket.AF_INET} - {"127.0.0.1", "127.0.1.1"}
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    for address in addresses:  # every other address of this machine refuses the port
        with pytest.raises(OSError), socket.create_connection((address, port), timeout=2):
            pass
    assert listening_addresses(port) == ["127.0.0.1"]


def listening_addresses(port: int) -> list[str]:
    """The local addresses with a listening TCP socket on `port` (from /proc/net/tcp)."""
    found = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":  # 0A: LISTEN
            found.append(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


# ---- one build at a time; stopping ends every process (issue #14.4); own folder (#11.2)

BUILD_LINE = re.compile(r"^build (\d+) (started|finished): (\w+)(?:, (\w+))?.*\(t=([\d.]+)\)$",
                        re.MULTILINE)
WILLOWS = "岸边种满了柳树"  # the fixture's sentence; its characters, shuffled, mark each edit


@dataclass
class Build:
    number: int
    kind: str
    started: float
    finished: float | None = None
    outcome: str | None = None


def builds_in(log: str) -> list[Build]:
    """serve's `build N started/finished` lines, as one record per build."""
    found: dict[int, Build] = {}
    for number, event, kind, outcome, t in BUILD_LINE.findall(log):
        if event == "started":
            found[int(number)] = Build(int(number), kind, float(t))
        else:
            found[int(number)].finished, found[int(number)].outcome = float(t), outcome
    return sorted(found.values(), key=lambda b: b.number)


def markers(count: int) -> list[str]:
    """Distinct reorderings of the fixture's sentence: every edit renders new PDFs, and
    needs no new font subset (the same characters)."""
    found: list[str] = []
    while len(found) < count:
        word = "".join(random.sample(WILLOWS, len(WILLOWS)))
        if word != WILLOWS and word not in found:
            found.append(word)
    return found


def mark(content: Path, word: str) -> None:
    chinese = content / "zh" / "02-banks.md"
    text = chinese.read_text(encoding="utf-8")
    old = re.search(r"^(\S+)。$", text, re.MULTILINE)  # the first paragraph: 岸边…。
    assert old is not None
    chinese.write_text(text.replace(old.group(0), word + "。", 1), encoding="utf-8")


def lengthen(content: Path, paragraphs: int = 600) -> None:
    """The same paragraph many times over in both languages (no new characters): the
    PDFs then take seconds to render."""
    for lang, text in (("zh", "夏天，孩子们在这里游泳。"),
                       ("en", "In summer, children swim here.")):
        section = content / lang / "02-banks.md"
        section.write_text(section.read_text(encoding="utf-8") + f"\n{text}\n" * paragraphs,
                           encoding="utf-8")


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


class Serve:
    """`python -m tianxin_report serve` in a real process of its own process group (as a
    shell starts a job), its stderr in a log file."""

    def __init__(self, tmp_path: Path, *args: str | Path, cwd: Path = REPO) -> None:
        self.log_path = tmp_path / "serve.log"
        self.port = free_port()
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tianxin_report", "serve", *map(str, args),
                 "--theme", str(REPO), "--port", str(self.port)],
                cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def wait_for_log(self, pattern: str, timeout: float = 120) -> re.Match[str]:
        found: list[re.Match[str]] = []

        def seen() -> bool:
            assert self.process.poll() is None, self.log()
            found[:] = [m for m in [re.search(pattern, self.log(), re.MULTILINE)] if m]
            return bool(found)

        wait_for(seen, f"{pattern!r} in the serve log", timeout)
        return found[0]

    def workers(self) -> list[int]:
        """serve's forked worker processes (PDFs, fonts): children with its arguments."""
        return [p.pid for p in processes()
                if p.ppid == self.process.pid and p.args == self.process.args]

    def family(self) -> list[int]:
        """Every process in serve's process group (its workers, Pagefind) but serve."""
        return [p.pid for p in processes()
                if p.group == self.process.pid and p.pid != self.process.pid]

    def stop(self, signum: int = signal.SIGTERM, group: bool = False) -> float:
        """Send `signum` to serve (to its whole group: a Ctrl-C in its terminal); the
        seconds it took to exit."""
        started = time.monotonic()
        (os.killpg if group else os.kill)(self.process.pid, signum)
        self.process.wait(timeout=30)
        return time.monotonic() - started

    def kill(self) -> None:
        """Whatever happened, leave nothing running (the tests check it separately)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture()
def serving(tmp_path: Path) -> Iterator[list[Serve]]:
    started: list[Serve] = []
    yield started
    for server in started:
        server.kill()


def test_builds_never_overlap_and_the_last_edit_wins(tmp_path: Path, font_cache: Path,
                                                     serving: list[Serve]) -> None:
    content, out = copy_fixture("bilingual", tmp_path), tmp_path / "_site"
    lengthen(content)  # the PDFs take seconds: edits land while they render
    serve = Serve(tmp_path, "--content", content, "--out", out, "--cache", font_cache)
    serving.append(serve)
    serve.wait_for_log("^serving ")
    words = markers(5)
    mark(content, words[0])  # a pages build, then a full build renders new PDFs
    serve.wait_for_log(r"^build [2-9]\d*: rendering PDFs")
    wait_for(lambda: bool(serve.workers()), "a PDF worker")
    for word in words[1:]:  # edits while the PDFs render, faster than builds finish
        time.sleep(0.3)
        mark(content, word)
    last_edit = time.monotonic()

    def settled() -> bool:  # a full build that started after the last edit has finished
        last = builds_in(serve.log())[-1]
        return last.kind == "full" and last.outcome == "ok" and last.started > last_edit

    wait_for(settled, "the full build after the last edit", timeout=180)
    time.sleep(1)  # and nothing else was asked for
    builds = builds_in(serve.log())
    assert serve.stop() < 10
    assert all(b.finished is not None for b in builds), serve.log()
    for before, after in itertools.pairwise(builds):
        assert before.finished <= after.started, (before, after)  # never two at once
    assert builds[-1].outcome == "ok", serve.log()
    assert any(b.kind == "full" and b.outcome == "cancelled" for b in builds), serve.log()
    page = (out / "zh" / "index.html").read_text(encoding="utf-8")
    assert words[-1] in page and not any(w in page for w in words[:-1])
    pdf = subprocess.run([require_tool("pdftotext"), "-enc", "UTF-8",
                          str(out / "downloads" / "river-survey-zh.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    assert words[-1] in pdf.replace(" ", "").replace("\n", "")
    assert [p.name for p in out.parent.iterdir() if p.name.startswith("._site-")] == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_serve_mid_pdf_ends_every_process(tmp_path: Path, font_cache: Path,
                                                   serving: list[Serve], signum: int) -> None:
    content = copy_fixture("bilingual", tmp_path)
    mark(content, markers(1)[0])  # PDFs no cache holds: the first build renders them,
    lengthen(content)  # for seconds
    serve = Serve(tmp_path, "--content", content, "--out", tmp_path / "_site",
                  "--cache", font_cache)
    serving.append(serve)
    serve.wait_for_log(r"^build 1: rendering PDFs")
    family: list[int] = []

    def rendering() -> bool:  # a PDF worker runs: note every process serve has started
        family[:] = serve.family() if serve.workers() else []
        return bool(family)

    wait_for(rendering, "a PDF worker")
    # Ctrl-C: the terminal signals the whole foreground group; `kill PID`: serve alone
    took = serve.stop(signum, group=signum == signal.SIGINT)
    name = signal.Signals(signum).name
    assert took < 5, serve.log()
    assert serve.process.returncode == 0, serve.log()
    assert f"stopping serve ({name})" in serve.log() and "serve stopped" in serve.log()
    assert "build 1 finished: full, ok" not in serve.log()  # it was stopped mid-PDF
    wait_for(lambda: not any(running(pid) for pid in family), "the workers to end", 5)
    assert serve.family() == []
    assert strays([str(tmp_path)]) == []


def test_serve_without_out_leaves_the_projects_site_alone(tmp_path: Path, font_cache: Path,
                                                          serving: list[Serve]) -> None:
    project = tmp_path / "project"
    copy_fixture("bilingual", project).rename(project / "content")
    for name, data in {"index.html": b"<p>the project's own site</p>",
                       "zh/index.html": "旧的网站".encode()}.items():
        (project / "_site" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "_site" / name).write_bytes(data)
    before = tree_bytes(project / "_site")
    serve = Serve(tmp_path, "--content", "content", "--cache", font_cache, cwd=project)
    serving.append(serve)
    folder = Path(serve.wait_for_log(r"^serving (\S+)/ at ").group(1))
    assert not folder.is_relative_to(project) and (folder / "zh" / "index.html").is_file()
    with urllib.request.urlopen(f"http://127.0.0.1:{serve.port}/zh/", timeout=10) as reply:
        assert WILLOWS in reply.read().decode("utf-8")
    assert serve.stop() < 5
    assert tree_bytes(project / "_site") == before
    assert sorted(p.name for p in project.iterdir()) == ["_site", "content"]
    assert not folder.parent.exists()  # the temporary folder is removed on exit
    stamp = hashlib.sha256(str(folder).encode()).hexdigest()[:16]
    assert not (font_cache / "stamps" / f"{stamp}.json").exists()


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}
