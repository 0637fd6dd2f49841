"""The real report's pages in Chromium: they load cleanly at a phone's and a desktop's
width, every face draws the text set in it, and axe-core finds nothing. The engine's
browser behaviour (language switch, search, layout) is tested on the port-report fixture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ..browsing import PATHS, axe_violations, face_gaps, load_problems, serve
from ..conftest import Run

SCREENS = [(320, "light"), (1366, "dark")]  # the narrowest phone, a desktop at night


@pytest.fixture(scope="module")
def server(real_site: tuple[Path, Run]) -> Iterator[str]:
    with serve(real_site[0]) as base:
        yield base


@pytest.mark.parametrize(("width", "scheme"), SCREENS)
@pytest.mark.parametrize("path", PATHS)
def test_every_page_loads_cleanly(browser, server: str, path: str, width: int,
                                  scheme: str) -> None:
    assert load_problems(browser, server, path, width, scheme) == []


@pytest.mark.parametrize("path", PATHS)
def test_each_face_covers_the_text_set_in_it(browser, server: str, path: str,
                                            real_site: tuple[Path, Run]) -> None:
    assert face_gaps(browser, server, real_site[0], path) == []


@pytest.mark.parametrize(("width", "scheme"), SCREENS)
@pytest.mark.parametrize("path", PATHS)
def test_axe_finds_no_violations(browser, server: str, path: str, width: int,
                                 scheme: str) -> None:
    assert axe_violations(browser, server + path, width, scheme) == []
