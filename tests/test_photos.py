"""Real photos, handled as a newsroom CMS would: responsive versions in a modern format with
a fallback, sized to avoid layout shift, re-encoded without camera, GPS or owner metadata,
upright and in sRGB; one print version at about 300 dpi in the PDFs; a warning for a photo
too small to print sharply. The photos are made at test time (tests/photo_fixture.py)."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat, IptcImagePlugin

from tianxin_report import config
from tianxin_report.site.photos import WEB_WIDTHS, plan_photo, web_widths

from .conftest import CHROMIUM, REPO, Run, require_tool, run_cli
from .photo_fixture import camera_jpeg, photo_report
from .test_print import ink_beside_the_text_area, outside, pdf_images, pdf_pages

SLUG = "river-survey"
NAME = re.compile(r"^images/(?P<stem>[a-z]+)-(?P<width>\d+)\.[0-9a-f]{10}\.(?P<ext>avif|jpg)$")
LEAKS = (b"Jane Photographer", b"Canon EOS R5", b"Firmware 1.8.1")


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory: pytest.TempPathFactory,
               font_cache: Path) -> tuple[Path, Run, Path]:
    root = tmp_path_factory.mktemp("photos")
    content = photo_report(root)
    out = root / "_site"
    result = run_cli("build", "--content", content, "--out", out, "--cache", font_cache)
    assert result.code == 0, result.stderr
    return out, result, content


def pictures(page: str) -> list[dict[str, str]]:
    """Each <picture>: its source's type and srcset, its img's attributes."""
    found = []
    for source, img in re.findall(r"<picture>(<source [^>]*>)(<img [^>]*>)</picture>", page):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', img))
        source_attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', source))
        found.append({**attrs, "source_type": source_attrs["type"],
                      "source_srcset": source_attrs["srcset"],
                      "source_sizes": source_attrs["sizes"]})
    return found


def candidates(srcset: str) -> list[tuple[str, int]]:
    return [(url.removeprefix("../"), int(w[:-1])) for url, w in
            (item.split() for item in srcset.split(", "))]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_web_gets_several_widths_in_a_modern_format_and_a_fallback(
        photo_site: tuple[Path, Run, Path], lang: str) -> None:
    out = photo_site[0]
    harbour, keeper, *_ = pictures((out / lang / "index.html").read_text(encoding="utf-8"))
    assert harbour["source_type"] == "image/avif"
    for srcset, kind in ((harbour["source_srcset"], "AVIF"), (harbour["srcset"], "JPEG")):
        files = candidates(srcset)
        assert [w for _, w in files] == list(WEB_WIDTHS)  # 480 … 1600 of a 3000 px photo
        for path, width in files:
            assert NAME.match(path), path  # fingerprinted
            with Image.open(out / path) as version:
                assert (version.format, version.size) == (kind, (width, round(width * 2 / 3)))
    assert harbour["sizes"] == harbour["source_sizes"] == "(min-width: 40.2rem) 38rem, " \
                                                          "calc(100vw - 2.2rem)"
    assert (harbour["width"], harbour["height"]) == ("800", "533")  # the <img src>'s size
    assert (keeper["width"], keeper["height"]) == ("800", "1200")  # upright: a portrait


def test_the_first_figure_loads_at_once_the_others_when_near(
        photo_site: tuple[Path, Run, Path]) -> None:
    out = photo_site[0]
    for page in ("zh/index.html", "en/index.html"):
        shown = pictures((out / page).read_text(encoding="utf-8"))
        assert [p["loading"] for p in shown] == ["eager", "lazy", "lazy", "lazy"]
        assert all(p["decoding"] == "async" and p["alt"] for p in shown)
    parallel = pictures((out / "bilingual" / "index.html").read_text(encoding="utf-8"))
    assert [p["loading"] for p in parallel][:3] == ["eager", "eager", "lazy"]  # zh, en
    assert "(min-width: 56rem) calc(50vw - 2.4rem)" in parallel[0]["sizes"]


def test_no_published_image_carries_the_originals_metadata(
        photo_site: tuple[Path, Run, Path]) -> None:
    out, _, content = photo_site
    originals = {p.read_bytes() for p in (content / "images").iterdir()}
    published = sorted((out / "images").iterdir())
    assert len(published) >= 20
    for path in published:
        data = path.read_bytes()
        assert data not in originals and not any(leak in data for leak in LEAKS), path
        with Image.open(path) as image:
            assert dict(image.getexif()) == {}, path
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "photoshop", "icc_profile",
                        "comment"} & set(image.info), (path, sorted(image.info))
            if image.format == "JPEG":
                assert IptcImagePlugin.getiptcinfo(image) is None
    assert not (out / "images" / "harbour.jpg").exists()  # the original is never published
    for pdf in (out / "downloads").glob("*.pdf"):
        assert not any(leak in pdf.read_bytes() for leak in LEAKS), pdf


def is_red(pixel: tuple[int, int, int]) -> bool:
    return pixel[0] > 180 and pixel[1] < 80 and pixel[2] < 80


def test_orientation_is_applied_before_the_metadata_goes(
        photo_site: tuple[Path, Run, Path]) -> None:
    """keeper.jpg is stored 3000×2000 with orientation 6 and a red mark at its stored
    top-left: shown upright it is 2000×3000 with the mark at the top right."""
    out = photo_site[0]
    versions = sorted((out / "images").glob("keeper-*"))
    assert len(versions) == 8
    for path in versions:
        with Image.open(path) as image:
            rgb = image.convert("RGB")
            assert rgb.height == round(rgb.width * 1.5), path
            assert is_red(rgb.getpixel((rgb.width - 4, 4))), path
            assert not is_red(rgb.getpixel((4, 4))), path


def test_colours_stay_in_srgb(photo_site: tuple[Path, Run, Path]) -> None:
    out, _, content = photo_site
    with Image.open(content / "images" / "harbour.jpg") as original:
        expected = original.convert("RGB").resize((48, 32))
    for path in (out / "images").glob("harbour-480.*"):
        with Image.open(path) as image:
            seen = image.convert("RGB").resize((48, 32))
        diff = ImageStat.Stat(ImageChops.difference(expected, seen)).mean
        assert max(diff) < 6, (path, diff)


def pdfimages(pdf: Path) -> list[dict[str, str]]:
    rows = subprocess.run([require_tool("pdfimages"), "-list", str(pdf)], capture_output=True,
                          text=True, check=True).stdout.splitlines()
    head = rows[0].split()
    return [dict(zip(head, row.split(), strict=False)) for row in rows[2:]]


@pytest.mark.parametrize("kind", ["zh", "en", "bilingual"])
def test_the_pdfs_embed_one_print_version_of_each_photo(photo_site: tuple[Path, Run, Path],
                                                        kind: str) -> None:
    out = photo_site[0]
    printed = round(config.print_figure_width_mm("A4") / 25.4 * config.PRINT_DPI)
    images = pdfimages(out / "downloads" / f"{SLUG}-{kind}.pdf")
    widths = sorted({int(i["width"]) for i in images})
    assert widths == [800, printed]  # the 800 px photo, and the others' print versions
    heights = {int(i["height"]) for i in images if int(i["width"]) == printed}
    assert heights == {964, 2169}  # harbour and willows 3:2, keeper 2:3
    if kind != "bilingual":  # at 72% of the text width: about 300 dpi (a portrait, 120 mm
        for image in images:  # high at most, is narrower: more)
            if image["width"] != "800":
                low, high = (290, 330) if image["height"] == "964" else (300, 600)
                assert low <= int(image["x-ppi"]) <= high, image


def test_a_photo_too_small_to_print_sharply_is_named_with_its_dpi(
        photo_site: tuple[Path, Run, Path]) -> None:
    _, result, content = photo_site
    for lang in ("zh", "en"):
        assert (f"{content}/{lang}/02-banks.md:15:1: warning: photo 'images/small.jpg' is 800 px "
                "wide: 166 dpi at its printed width (122 mm), too few to print sharply\n"
                "  hint: use a photo at least 1446 px wide (300 dpi); the web versions are "
                "not affected") in result.stderr
    assert result.stderr.count("too few to print sharply") == 2  # the others are large enough


@pytest.mark.parametrize("kind", ["zh", "en", "bilingual"])
def test_photos_stay_inside_the_text_area(photo_site: tuple[Path, Run, Path], kind: str,
                                          tmp_path: Path) -> None:
    pdf = photo_site[0] / "downloads" / f"{SLUG}-{kind}.pdf"
    pages = pdf_pages(pdf)
    boxes = pdf_images(pdf, tmp_path)
    assert sum(len(b) for b in boxes.values()) >= 4
    assert [(n, box) for n, found in boxes.items() for box in found
            if outside(box, pages[n - 1].area, furniture=False) > 1] == []
    assert [w.text for p in pages for w in p.words
            if outside(w, p.area, furniture=True) > 0.05] == []
    assert ink_beside_the_text_area(pdf, tmp_path) == []


def test_versions_are_cached_by_content(photo_site: tuple[Path, Run, Path], tmp_path: Path,
                                        font_cache: Path) -> None:
    _, _, content = photo_site
    made = {p: p.stat().st_mtime_ns for p in (font_cache / "photos").iterdir()}
    assert len(made) >= 20
    again = run_cli("build", "--no-pdf", "--content", content, "--out", tmp_path / "o",
                    "--cache", font_cache)
    assert again.code == 0, again.stderr
    assert {p: p.stat().st_mtime_ns for p in (font_cache / "photos").iterdir()} == made


def test_the_plan_never_enlarges_and_sizes_print_for_the_paper() -> None:
    assert web_widths(3000) == [480, 800, 1200, 1600]
    assert web_widths(1000) == [480, 800, 1000]
    assert web_widths(1600) == [480, 800, 1200, 1600]
    assert web_widths(300) == [300]
    photo = plan_photo("images/a.jpg", camera_jpeg(2400, 1600), "Letter")
    assert photo.print.width == 1496  # 126.6 mm at 300 dpi
    assert [v.format for v in photo.modern] == ["AVIF"] * 4
    assert len({v.name for v in photo.variants}) == 9


def test_pdf_css_sets_the_layout_the_photos_are_sized_for() -> None:
    css = (REPO / "static" / "css" / "pdf.css").read_text(encoding="utf-8")
    assert re.search(r"@page \{ margin: \d+mm 20mm", css)  # config.PRINT_SIDE_MARGIN_MM
    assert ".figure { width: 72%;" in css  # config.PRINT_FIGURE_SHARE


@pytest.mark.browser
@pytest.mark.parametrize(("width", "scale", "expected"), [(1366, 1, 800), (390, 2, 800),
                                                          (390, 3, 1200)])
def test_chromium_picks_the_avif_its_screen_needs_and_the_page_does_not_shift(
        photo_site: tuple[Path, Run, Path], width: int, scale: int, expected: int) -> None:
    import functools
    import http.server
    import threading

    from .browsing import QuietHandler

    handler = functools.partial(QuietHandler, directory=str(photo_site[0]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": width, "height": 900},
                                device_scale_factor=scale)
        url = f"http://127.0.0.1:{httpd.server_address[1]}/zh/"
        page.goto(url, wait_until="networkidle")
        chosen = page.evaluate("document.querySelector('#fig-harbour img').currentSrc")
        blocked = browser.new_page(viewport={"width": width, "height": 900})
        blocked.route(re.compile(r".*\.(avif|jpg)$"), lambda route: route.abort())
        blocked.goto(url)
        box = blocked.evaluate("(() => { const r = document.querySelector('#fig-keeper img')"
                               ".getBoundingClientRect(); return [r.width, r.height]; })()")
        browser.close()
    httpd.shutdown()
    assert re.search(rf"/images/harbour-{expected}\.[0-9a-f]{{10}}\.avif$", html.unescape(chosen))
    assert box[0] > 300 and abs(box[1] - box[0] * 1.5) < 2  # its room, before it loads
