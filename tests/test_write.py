"""write: the site appears whole, with ordinary permissions, or not at all."""

from __future__ import annotations

import stat
from collections.abc import Iterable
from pathlib import Path

import pytest

from tianxin_report.errors import ReportError
from tianxin_report.model import OutputFile
from tianxin_report.output.write import Staging, rewrite_source


def write_site(files: Iterable[OutputFile], out: Path) -> None:
    """As the build writes a site: staged beside `out`, then swapped in."""
    with Staging(out) as staging:
        staging.add(files)
        staging.swap()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_replaces_the_site_with_ordinary_modes(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    out.mkdir()
    (out / "stale.html").write_text("old")
    write_site([OutputFile("zh/index.html", b"<p>new</p>")], out)
    assert not (out / "stale.html").exists()
    assert (out / "zh" / "index.html").read_bytes() == b"<p>new</p>"
    assert mode(out) == mode(out / "zh") == 0o755
    assert mode(out / "zh" / "index.html") == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]  # no staging folders left


def test_a_failed_write_leaves_the_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    write_site([OutputFile("index.html", b"good")], out)

    def files():
        yield OutputFile("index.html", b"half")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_site(files(), out)
    assert (out / "index.html").read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]


@pytest.mark.parametrize("bad", ["../escape.html", "/etc/x", "a/../../b"])
def test_writing_outside_the_output_folder_is_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ReportError):
        write_site([OutputFile(bad, b"x")], tmp_path / "_site")
    assert not (tmp_path / "escape.html").exists()


def test_the_same_file_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="same file"):
        write_site([OutputFile("a.html", b"1"), OutputFile("a.html", b"2")], tmp_path / "o")


def test_rewrite_source_replaces_one_file(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("說", encoding="utf-8")
    rewrite_source(path, "说")
    assert path.read_text(encoding="utf-8") == "说"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_staging_in_batches_swaps_once_or_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    write_site([OutputFile("index.html", b"old")], out)
    with Staging(out) as staging:  # pages first, the PDFs later (as the build does)
        staging.add([OutputFile("index.html", b"new")])
        assert (out / "index.html").read_bytes() == b"old"  # nothing shows before swap
        staging.add([OutputFile("downloads/a.pdf", b"%PDF")])
        with pytest.raises(ReportError, match="same file"):  # across batches too
            staging.add([OutputFile("index.html", b"again")])
        staging.swap()
    assert (out / "downloads" / "a.pdf").read_bytes() == b"%PDF"
    assert (out / "index.html").read_bytes() == b"new"
    with pytest.raises(RuntimeError), Staging(out) as staging:  # a failure before swap
        staging.add([OutputFile("index.html", b"half")])
        raise RuntimeError("a PDF failed")
    assert (out / "index.html").read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["_site"]  # no staging folder left
