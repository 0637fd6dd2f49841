"""serve: live preview in a real browser; a broken edit keeps the last good page."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import copy_fixture
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
