"""Every kind of bad input: a clear `path:line:col` message, the right exit code, no traceback."""

from __future__ import annotations

import gzip
import re
import shutil
import uuid
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from .conftest import REPO, Run, copy_fixture, run_cli


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


CASES: dict[str, tuple[Callable[[Path], None], int, str]] = {
    "mistyped site key": (lambda c: edit(c / "site.yaml", "kicker:", "kiker:"), 1,
                          "site.yaml:9:1: error: unknown key 'kiker' in site.yaml\n"
                          "  hint: did you mean 'kicker'?"),
    "missing site key": (lambda c: edit(c / "site.yaml", "slug: river-survey\n", ""), 1,
                         "site.yaml:1:1: error: missing required key 'slug' in site.yaml"),
    "mistyped front matter key": (lambda c: edit(c / "zh" / "02-banks.md", "title:", "tilte:"),
                                  1, "zh/02-banks.md:2:1: error: unknown key 'tilte' in front "
                                     "matter\n  hint: did you mean 'title'?"),
    "unknown fact": (lambda c: edit(c / "zh" / "01-intro.md", "<bridges>", "<bridge>"), 1,
                     "zh/01-intro.md:1:6: error: unknown fact 'bridge'\n"
                     "  hint: did you mean 'bridges'?"),
    "wrong figure": (lambda c: edit(c / "zh" / "01-intro.md", "`12座", "`21座"), 1,
                     "zh/01-intro.md:1:6: error: “21座” does not state fact 'bridges': "
                     "reads 21座 = 21; expected 12"),
    "unknown glossary term": (lambda c: edit(c / "en" / "01-intro.md", "<hezhang>",
                                             "<hezang>"), 1,
                              "en/01-intro.md:3:71: error: unknown glossary term 'hezang'\n"
                              "  hint: did you mean 'hezhang'?"),
    "duplicate section number": (lambda c: shutil.copy(c / "zh" / "02-banks.md",
                                                       c / "zh" / "02-again.md"), 1,
                                 "error: duplicate section number 02"),
    "not UTF-8": (lambda c: (c / "zh" / "01-intro.md").write_bytes(
        "这条河".encode() + b"\xb0\xa1\n"), 1,
        "zh/01-intro.md:1:4: error: file is not UTF-8: byte 0xb0 at byte offset 9"),
    "image outside content": (lambda c: edit(c / "zh" / "02-banks.md", "images/willows.jpg",
                                             "../../secret.jpg"), 1,
                              "zh/02-banks.md:7:1: error: image path '../../secret.jpg' points "
                              "outside content/"),
    "unknown directive": (lambda c: edit(c / "zh" / "02-banks.md", "{figure}", "{figuer}"), 1,
                          "zh/02-banks.md:7:1: error: unknown directive '{figuer}'\n"
                          "  hint: did you mean 'figure'?"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_where_it_is(tmp_path: Path, font_cache: Path, case: str) -> None:
    content = copy_fixture("bilingual", tmp_path)
    change, code, message = CASES[case]
    change(content)
    for command in (["check"], ["build", "--no-pdf", "--out", str(tmp_path / "o"),
                                "--cache", str(font_cache)]):
        result = run_cli(*command, "--content", content)
        assert result.code == code, result.stderr
        assert message in result.stderr.replace(str(content) + "/", ""), result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()  # a failed build writes nothing


def test_bom_and_crlf_are_accepted(tmp_path: Path, font_cache: Path) -> None:
    content = copy_fixture("bilingual", tmp_path)
    for path in (content / "site.yaml", content / "zh" / "02-banks.md"):
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = run_cli("build", "--no-pdf", "--content", content, "--out", tmp_path / "o",
                     "--cache", font_cache)
    assert result.code == 0, result.stderr
    assert "岸边种满了柳树" in (tmp_path / "o" / "zh" / "index.html").read_text(encoding="utf-8")


def test_raw_html_is_escaped_unless_allowed(tmp_path: Path, font_cache: Path) -> None:
    content = copy_fixture("bilingual", tmp_path)
    edit(content / "zh" / "02-banks.md", "夏天，", "<script>alert(1)</script>夏天，")
    result = run_cli("build", "--no-pdf", "--content", content, "--out", tmp_path / "o",
                     "--cache", font_cache)
    assert result.code == 0, result.stderr
    page = (tmp_path / "o" / "zh" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)" in page


def test_template_error_names_the_template_file_and_line(tmp_path: Path,
                                                         font_cache: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "templates", theme / "templates")
    shutil.copytree(REPO / "static", theme / "static")
    edit(theme / "templates" / "landing.html", "{% block body %}",
         "{% block body %}\n{{ site.titel }}")
    content = copy_fixture("bilingual", tmp_path)
    result = run_cli("build", "--no-pdf", "--content", content, "--theme", theme, "--out",
                     tmp_path / "o", "--cache", font_cache)
    assert result.code == 1
    assert f"{theme}/templates/landing.html:4:1: error: template error:" in result.stderr
    assert "titel" in result.stderr and "Traceback" not in result.stderr


# --- nothing of the build machine is published ------------------------------------------
# Each case plants a problem in a copy of the fixture report; `outside` is a folder next to
# the content folder holding secret.txt, whose contents are a random marker. The build must
# fail at the planted file (or the line that names it), and the marker must appear nowhere:
# not in the output folder (if one was written), not in what the command printed.


def plant_secret(tmp_path: Path) -> tuple[Path, str]:
    outside = tmp_path / "outside"
    outside.mkdir()
    marker = f"SECRET-{uuid.uuid4().hex}"
    (outside / "secret.txt").write_text(marker + "\n", encoding="utf-8")
    return outside, marker


def readable_bytes(data: bytes) -> bytes:
    """A file's bytes, with what is compressed inside it unpacked: gzip files (Pagefind's
    index) and a PDF's streams (text, fonts, embedded files)."""
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    if data[:5] == b"%PDF-":
        streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL)
        unpacked = []
        for stream in streams:
            try:
                unpacked.append(zlib.decompress(stream))
            except zlib.error:  # not a Flate stream (a JPEG, say): searched as it is
                unpacked.append(stream)
        return data + b"".join(unpacked)
    return data


def files_holding(folder: Path, marker: str) -> list[Path]:
    """Every file under `folder` whose bytes (unpacked) contain `marker`."""
    found = []
    for path in sorted(folder.rglob("*")) if folder.exists() else []:
        if path.is_file() and not path.is_symlink():
            if marker.encode() in readable_bytes(path.read_bytes()):
                found.append(path)
    return found


def link_to(link: Path, target: Path) -> None:
    if link.exists() or link.is_symlink():
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)
        else:
            link.unlink()
    link.symlink_to(target)


def move_images_outside(content: Path, outside: Path) -> None:
    shutil.move(content / "images", outside / "images")
    shutil.copy(outside / "secret.txt", outside / "images" / "secret.jpg")
    (content / "images").symlink_to(outside / "images")


def fake_photo(content: Path, outside: Path) -> None:
    shutil.copy(outside / "secret.txt", content / "images" / "fake.jpg")
    for lang in ("zh", "en"):
        edit(content / lang / "02-banks.md", "images/willows.jpg", "images/fake.jpg")


def truncated_photo(content: Path, outside: Path) -> None:
    """willows.jpg cut in half, the marker in a JPEG comment segment near its start."""
    photo = content / "images" / "willows.jpg"
    data, marker = photo.read_bytes(), (outside / "secret.txt").read_bytes()
    comment = b"\xff\xfe" + (len(marker) + 2).to_bytes(2, "big") + marker
    photo.write_bytes(data[:2] + comment + data[2:len(data) // 2])


def outside_yaml(content: Path, outside: Path) -> None:
    marker = (outside / "secret.txt").read_text(encoding="utf-8").strip()
    text = (content / "facts.yaml").read_text(encoding="utf-8")
    (outside / "facts.yaml").write_text(text + f"# {marker}\n", encoding="utf-8")
    link_to(content / "facts.yaml", outside / "facts.yaml")


def png_with_secret(content: Path, outside: Path) -> None:
    """A real PNG whose text chunk holds the marker, shown with Markdown's image syntax."""
    info = PngInfo()
    info.add_text("Comment", (outside / "secret.txt").read_text(encoding="utf-8"))
    Image.new("RGB", (30, 20), (90, 140, 60)).save(content / "images" / "ok.png", pnginfo=info)
    edit(content / "zh" / "02-banks.md", "夏天，", "夏天，![x](images/ok.png)")


def second_willows_figure(content: Path, outside: Path) -> None:
    """The same figure :name: twice (in both languages, so the blocks still align)."""
    for lang in ("zh", "en"):
        with (content / lang / "02-banks.md").open("a", encoding="utf-8") as section:
            section.write("\n:::{figure} images/willows.jpg\n:name: fig-willows\n:alt: x\n:::\n")


def in_summer(text: Callable[[Path], str]) -> Callable[[Path, Path], None]:
    """Plant Markdown after 夏天， (zh/02-banks.md:13:4), given the outside folder."""
    return lambda c, o: edit(c / "zh" / "02-banks.md", "夏天，", "夏天，" + text(o))


LEAKS: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "image symlink to a file outside": (
        lambda c, o: link_to(c / "images" / "willows.jpg", o / "secret.txt"),
        "{content}/images/willows.jpg: error: 'images/willows.jpg' is a symbolic link to "
        "'{outside}/secret.txt', outside the content folder\n"
        "  hint: the build reads only files inside the content folder: put the file itself "
        "there, not a link to it"),
    "section symlink to a file outside": (
        lambda c, o: link_to(c / "zh" / "02-banks.md", o / "secret.txt"),
        "{content}/zh/02-banks.md: error: 'zh/02-banks.md' is a symbolic link to "
        "'{outside}/secret.txt', outside the content folder"),
    "facts.yaml symlink to a file outside": (
        outside_yaml,
        "{content}/facts.yaml: error: 'facts.yaml' is a symbolic link to "
        "'{outside}/facts.yaml', outside the content folder"),
    "images folder symlink to a folder outside": (
        move_images_outside,
        "{content}/images: error: 'images' is a symbolic link to '{outside}/images', "
        "outside the content folder"),
    "symlink to a folder inside": (
        lambda c, o: (c / "en" / "more").symlink_to(c / "zh"),
        "{content}/en/more: error: 'en/more' is a symbolic link to '{content}/zh', a folder: "
        "only links to files are followed\n"
        "  hint: move the folder itself here, or link its files one by one"),
    "symlink to nothing": (
        lambda c, o: (c / "images" / "gone.jpg").symlink_to("missing.jpg"),
        "{content}/images/gone.jpg: error: 'images/gone.jpg' is a symbolic link to "
        "'missing.jpg', which leads to no file\n"
        "  hint: remove the link, or put the file itself in its place"),
    "text file named .jpg": (
        fake_photo,
        "{content}/zh/02-banks.md:7:1: error: image 'images/fake.jpg' is not an image: its "
        "contents are not JPEG, PNG, WebP or GIF\n"
        "  hint: export the photo again as .jpg or .png"),
    "truncated JPEG": (
        truncated_photo,
        "{content}/zh/02-banks.md:7:1: error: image 'images/willows.jpg' is a damaged image: "
        "image file is truncated"),
    "Markdown image leaving the folder": (
        in_summer(lambda o: "![x](../../outside/secret.txt)"),
        "{content}/zh/02-banks.md:13:9: error: image path '../../outside/secret.txt' points "
        "outside content/\n  hint: put the image under content/images/ and show it with a "
        "figure: :::{{figure}} images/photo.jpg"),
    "Markdown image inside the folder": (
        png_with_secret,
        "{content}/zh/02-banks.md:13:9: error: Markdown image syntax is not supported: show "
        "'images/ok.png' with a figure\n  hint: write :::{{figure}} images/ok.png, then :alt: "
        "and a caption on the next lines, and ::: to close it"),
    "link leaving the folder": (
        in_summer(lambda o: "[x](../../outside/secret.txt)"),
        "{content}/zh/02-banks.md:13:8: error: link to '../../outside/secret.txt' leads "
        "outside the content folder\n  hint: link to a page of this site relative to this "
        "one (../en/), to a #place, or to an https:// address"),
    "file: URL": (
        in_summer(lambda o: f"[x]({(o / 'secret.txt').as_uri()})"),
        "{content}/zh/02-banks.md:13:8: error: link to 'file://{outside}/secret.txt' is not "
        "allowed: links go to http(s):// or mailto: addresses, to pages of this site or to "
        "#places\n  hint: link to an https:// address instead, or remove the link"),
    "duplicate figure name": (
        second_willows_figure,
        "{content}/zh/02-banks.md:16:8: error: duplicate id 'fig-willows': the figure at "
        "{content}/zh/02-banks.md:8:8 has it already\n"
        "  hint: give this figure a :name: of its own"),
}


def assert_refused(result: Run, message: str, marker: str, out: Path) -> None:
    assert result.code == 1, result.stderr
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert marker not in result.stderr + result.stdout
    assert files_holding(out, marker) == []


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_no_file_of_the_machine_is_published(tmp_path: Path, font_cache: Path,
                                             case: str) -> None:
    content = copy_fixture("bilingual", tmp_path)
    outside, marker = plant_secret(tmp_path)
    plant, message = LEAKS[case]
    plant(content, outside)
    message = message.format(content=content, outside=outside)
    out = tmp_path / "o"
    for command in (["check"], ["build", "--no-pdf", "--out", out, "--cache", font_cache]):
        assert_refused(run_cli(*command, "--content", content), message, marker, out)
    assert not out.exists()  # a failed build writes nothing


def test_a_symlink_to_a_file_inside_is_read_as_that_file(tmp_path: Path,
                                                        font_cache: Path) -> None:
    content = copy_fixture("bilingual", tmp_path)
    (content / "images" / "alias.jpg").symlink_to("willows.jpg")
    for lang in ("zh", "en"):
        edit(content / lang / "02-banks.md", "images/willows.jpg", "images/alias.jpg")
    out = tmp_path / "o"
    result = run_cli("build", "--no-pdf", "--content", content, "--out", out,
                     "--cache", font_cache)
    assert result.code == 0, result.stderr
    # published as versions of alias.jpg, made from willows.jpg's pixels
    page = (out / "zh" / "index.html").read_text("utf-8")
    [shown] = re.findall(r'<img src="\.\./(images/alias-800\.\w+\.jpg)"', page)
    published = out / shown
    assert published.is_file() and not published.is_symlink()
    with Image.open(published) as version, \
            Image.open(content / "images" / "willows.jpg") as original:
        assert version.size == (800, round(800 * original.height / original.width))
    # willows.jpg itself is shown by no figure now: left out, with a note saying so
    assert not list((out / "images").glob("willows*"))
    assert (f"{content}/images/willows.jpg: note: 'images/willows.jpg' is not published: "
            "no figure shows it") in result.stderr


@pytest.mark.parametrize(("folder", "name"), [("static", "css/print.css"),
                                              ("templates", "landing.html")])
def test_no_theme_file_links_out_of_the_theme(tmp_path: Path, font_cache: Path, folder: str,
                                              name: str) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "templates", theme / "templates")
    shutil.copytree(REPO / "static", theme / "static")
    content = copy_fixture("bilingual", tmp_path)
    outside, marker = plant_secret(tmp_path)
    link_to(theme / folder / name, outside / "secret.txt")
    out = tmp_path / "o"
    result = run_cli("build", "--no-pdf", "--content", content, "--theme", theme, "--out", out,
                     "--cache", font_cache)
    assert_refused(result, f"{theme}/{folder}/{name}: error: '{name}' is a symbolic link to "
                           f"'{outside}/secret.txt', outside the theme's {folder}/ folder",
                   marker, out)
    assert not out.exists()


@pytest.mark.slow
def test_raw_html_cannot_put_a_file_of_the_machine_into_a_pdf(tmp_path: Path,
                                                             font_cache: Path) -> None:
    """With allow_html, an attachment or image naming a local file is refused by the PDF's
    URL fetcher (a warning); the photo the report does show still comes through."""
    content = copy_fixture("bilingual", tmp_path)
    outside, marker = plant_secret(tmp_path)
    Image.new("RGB", (30, 20)).save(outside / "secret.png")
    with (content / "site.yaml").open("a", encoding="utf-8") as site:
        site.write("markdown: {allow_html: true}\n")
    edit(content / "zh" / "02-banks.md", "夏天，",
         f'夏天，<a rel="attachment" href="{(outside / "secret.txt").as_uri()}">附件</a>'
         '<img src="../../outside/secret.png" alt="">')
    out = tmp_path / "o"
    result = run_cli("build", "--content", content, "--out", out, "--cache", font_cache)
    assert result.code == 0, result.stderr
    assert files_holding(out, marker) == []
    refused = [line for line in result.stderr.split("\n") if "WeasyPrint:" in line]
    assert refused and all("refused file://" in line for line in refused), result.stderr
    assert f"refused {(outside / 'secret.txt').as_uri()}: not an image of the report" in (
        result.stderr)
    assert "secret.png" in result.stderr
    assert b"JFIF" in (out / "downloads" / "river-survey-zh.pdf").read_bytes()  # willows.jpg


def test_a_link_added_after_a_good_build_is_not_skipped_as_up_to_date(
        tmp_path: Path, font_cache: Path) -> None:
    content = copy_fixture("bilingual", tmp_path)
    build = ["build", "--no-pdf", "--content", content, "--out", tmp_path / "o",
             "--cache", font_cache]
    assert run_cli(*build).code == 0
    (content / "en" / "more").symlink_to("../zh")  # a folder link: no file changed
    result = run_cli(*build)
    assert result.code == 1, result.stderr
    assert "'en/more' is a symbolic link to '../zh', a folder" in result.stderr
