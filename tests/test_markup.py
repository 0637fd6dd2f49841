"""markup: markdown-it rules for CJK line breaks, facts, figures, elisions, block ids.

Rendering cases (Markdown in, HTML out) are in tests/fixtures/markup/cases.txt, one test
each; the tests below check what a case cannot show: problems and their locations.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file
from PIL import Image

from tianxin_report.errors import Location, Problems
from tianxin_report.model import Asset, Fact, RenderedSection, Section, Term
from tianxin_report.source.theme import load_strings
from tianxin_report.text.markup import MarkupContext, build_parser, render_section

# A small report's facts and glossary, in the port fixture's domain (tests/fixtures/port-report)
FACTS = {"freight_revenue_2024": Fact(
    "freight_revenue_2024", Decimal(320000000), "CNY", {"zh": "货运收入", "en": "Freight revenue"},
    Location("facts.yaml", 1, 1), qualifier="estimate")}
GLOSSARY = {"an-dian": Term("an-dian", "岸电", "shore power",
                            {"zh": "船舶靠港期间由岸上电网供电。",
                             "en": "Electricity supplied from the quay to a ship at berth."},
                            Location("glossary.yaml", 1, 1))}
CASES = read_fixture_file(Path(__file__).parent / "fixtures" / "markup" / "cases.txt")
CASE_ASSETS: dict[str, Asset] = {}  # filled below with a real image; any other is missing


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "olive").save(out, "JPEG")
    return out.getvalue()


PHOTO = jpeg(1600, 1000)  # a checked image, wide enough to print sharply
CASE_ASSETS["images/quay.jpg"] = Asset("images/quay.jpg", PHOTO)


def render(body: str, lang: str = "zh", assets: dict[str, Asset] | None = None,
           allow_html: bool = False) -> tuple[RenderedSection, Problems]:
    problems = Problems()
    ctx = MarkupContext(lang=lang, facts=FACTS, glossary=GLOSSARY, assets=assets or {},
                        strings=load_strings(lang), problems=problems)
    section = Section(f"content/{lang}/02-x.md", lang, 2, "x", None, None, body, 4)
    return render_section(section, build_parser(allow_html), ctx), problems


@pytest.mark.parametrize(("line", "title", "markdown", "expected"), CASES,
                         ids=[f"cases.txt:{case[0]}" for case in CASES])
def test_markup_case(line: int, title: str, markdown: str, expected: str) -> None:
    """A case's title starts with the language it is rendered in ('zh: …', 'en: …')."""
    lang = title.split(":", 1)[0]
    section, problems = render(markdown, lang, CASE_ASSETS)
    assert section.html + "\n" == expected, f"cases.txt:{line}: {title}"
    assert [d.format() for d in problems.items if d.severity == "error"] == []


def test_unknown_fact_suggests_the_closest_id() -> None:
    _, problems = render("第一段。\n\n收入{fact}`3.2亿元 <freight_revenue_2042>`。\n")
    [error] = problems.items
    assert error.format() == ("content/zh/02-x.md:6:3: error: unknown fact "
                              "'freight_revenue_2042'\n"
                              "  hint: did you mean 'freight_revenue_2024'?")


def test_unknown_role_is_an_error() -> None:
    _, problems = render("文字{fcat}`x`。\n")
    assert problems.items[0].message == "unknown role '{fcat}'"
    assert problems.items[0].hint == "did you mean 'fact'?"


def test_a_missing_figure_warns_at_its_fence() -> None:
    body = "第一段。\n\n:::{figure} images/a.jpg\n:alt: 一张照片\n图注文字。\n:::\n"
    section, problems = render(body)
    assert section.blocks[1].kind == "figure"
    [warning] = problems.items
    assert warning.severity == "warning" and warning.code == "image-missing"
    assert str(warning.location) == "content/zh/02-x.md:6:1"


def test_present_figure_renders_the_image_with_its_size() -> None:
    """The site stage turns this into the versions it publishes (site/photos.py)."""
    body = ":::{figure} images/a.jpg\n:name: fig-a\n:alt: 照片\n图注。\n:::\n"
    section, problems = render(body, assets={"images/a.jpg": Asset("images/a.jpg", PHOTO)})
    assert ('<img src="../images/a.jpg" alt="照片" width="1600" height="1000" '
            'data-photo="images/a.jpg">') in section.blocks[0].html
    assert problems.items == []


def test_a_photo_too_small_to_print_sharply_is_a_warning_at_its_figure() -> None:
    body = "第一段。\n\n:::{figure} images/a.jpg\n:alt: 照片\n图注。\n:::\n"
    _, problems = render(body, assets={"images/a.jpg": Asset("images/a.jpg", jpeg(800, 500))})
    [warning] = problems.items
    assert warning.format() == (
        "content/zh/02-x.md:6:1: warning: photo 'images/a.jpg' is 800 px wide: 166 dpi at "
        "its printed width (122 mm), too few to print sharply\n"
        "  hint: use a photo at least 1446 px wide (300 dpi); the web versions are not "
        "affected")
    assert warning.code == "photo-resolution"


@pytest.mark.parametrize("path", ["../secret.jpg", "/etc/passwd", "images/../../x.jpg",
                                  "https://example.com/x.jpg"])
def test_image_paths_outside_content_are_refused(path: str) -> None:
    _, problems = render(f":::{{figure}} {path}\n:alt: x\n图注。\n:::\n")
    assert [d.code for d in problems.items] == ["image-path"]
    assert problems.items[0].severity == "error"


def test_raw_html_is_kept_when_the_site_allows_it() -> None:
    allowed, _ = render("文字<b>粗</b>\n", allow_html=True)
    assert "<b>粗</b>" in allowed.html


def test_list_items_are_blocks_located_at_their_line() -> None:
    section, _ = render("引言。\n\n- 甲\n- 乙\n\n## 小标题\n")
    assert [(b.id, b.kind, b.location.line) for b in section.blocks] == [
        ("x-1", "paragraph", 4), ("x-2", "item", 6), ("x-3", "item", 7), ("x-4", "heading", 9)]


def test_a_pull_quote_may_not_invent_words() -> None:
    for fence in (":::{pullquote}", "::: {pullquote}"):
        _, invented = render(f"原文。\n\n{fence}\n编造的话。\n:::\n")
        assert [d.code for d in invented.items] == ["pullquote"]


def test_a_pull_quote_does_not_report_its_sections_problems_twice() -> None:
    body = "收入{fact}`4.2亿元 <freight_revenue_2024>`。\n\n:::{pullquote}\n收入\n:::\n"
    _, problems = render(body)
    [error] = problems.items
    assert error.code == "fact-mismatch" and error.location is not None


def test_markdown_images_are_refused_with_the_figure_to_write_instead() -> None:
    body = "第一段。\n\n照片![柳树](images/a.jpg)和![x](../images/b.jpg)。\n"
    section, problems = render(body, assets={"images/a.jpg": Asset("images/a.jpg", PHOTO)})
    assert [d.format() for d in problems.items] == [
        "content/zh/02-x.md:6:9: error: Markdown image syntax is not supported: show "
        "'images/a.jpg' with a figure\n  hint: write :::{figure} images/a.jpg, then :alt: "
        "and a caption on the next lines, and ::: to close it",
        "content/zh/02-x.md:6:28: error: Markdown image syntax is not supported: show "
        "'images/b.jpg' with a figure\n  hint: write :::{figure} images/b.jpg, then :alt: "
        "and a caption on the next lines, and ::: to close it"]
    assert "<img" not in section.html


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "file:///etc/passwd",
                                  "https://example.com/a.jpg", "..%2F..%2Fsecret.jpg"])
def test_markdown_images_leaving_content_are_refused_as_such(path: str) -> None:
    _, problems = render(f"照片![x]({path})。\n")
    assert [(d.code, str(d.location)) for d in problems.items] == [
        ("image-path", "content/zh/02-x.md:4:8")]


@pytest.mark.parametrize("href", ["https://example.com/a", "http://example.com",
                                  "mailto:desk@example.com", "#fig-a", "../en/#x-2",
                                  "facts/", "//example.com/a", "../images/a.jpg"])
def test_links_to_the_web_and_this_site_are_kept(href: str) -> None:
    section, problems = render(f"见[这里]({href})。\n")
    assert problems.items == []
    assert f'<a href="{href}">这里</a>' in section.html


@pytest.mark.parametrize("href", ["../../secret.txt", "/etc/passwd", "file:///etc/passwd",
                                  "FILE:/etc/passwd", "javascript:alert(1)",
                                  "..%2F..%2Fsecret.txt"])
def test_links_to_local_files_are_errors_where_they_are_written(href: str) -> None:
    _, problems = render(f"第一段。\n\n见[这里]({href})和[别处](https://example.com)。\n")
    assert [(d.code, str(d.location)) for d in problems.items] == [
        ("link", "content/zh/02-x.md:6:7")]


def test_backslashes_in_links_count_as_slashes() -> None:
    _, problems = render("见[这里](..\\\\..\\\\secret.txt)。\n")  # as a browser reads them
    assert [d.code for d in problems.items] == ["link"]


def test_links_in_captions_and_autolinks_are_checked_too() -> None:
    body = (":::{figure} images/a.jpg\n:alt: x\n图注[原图](../../a.jpg)。\n:::\n\n"
            "<file:///etc/hostname>\n")
    _, problems = render(body, assets={"images/a.jpg": Asset("images/a.jpg", PHOTO)})
    assert [(d.code, str(d.location)) for d in problems.items] == [
        ("link", "content/zh/02-x.md:6:8"), ("link", "content/zh/02-x.md:9:2")]


def test_two_figures_with_one_name_are_an_error_at_the_second() -> None:
    body = (":::{figure} images/a.jpg\n:name: fig-a\n:alt: x\n:::\n\n第一段。\n\n"
            ":::{figure} images/b.jpg\n:alt: y\n:name:  fig-a\n:::\n")
    _, problems = render(body, assets={p: Asset(p, PHOTO) for p in ("images/a.jpg",
                                                                       "images/b.jpg")})
    assert [d.format() for d in problems.items] == [
        "content/zh/02-x.md:13:9: error: duplicate id 'fig-a': the figure at "
        "content/zh/02-x.md:5:8 has it already\n  hint: give this figure a :name: of its own"]


def test_a_figure_name_may_not_take_a_block_or_section_id() -> None:
    body = ":::{figure} images/a.jpg\n:name: x-2\n:alt: x\n:::\n\n第二块。\n"
    _, problems = render(body, assets={"images/a.jpg": Asset("images/a.jpg", PHOTO)})
    assert [d.format() for d in problems.items] == [
        "content/zh/02-x.md:9:1: error: duplicate id 'x-2': the figure at "
        "content/zh/02-x.md:5:8 has it already\n  hint: rename the figure at "
        "content/zh/02-x.md:5:8: ids are anchors, each used once on a page"]
    _, problems = render(":::{figure} images/a.jpg\n:name: x\n:alt: x\n:::\n",
                         assets={"images/a.jpg": Asset("images/a.jpg", PHOTO)})
    assert [d.message for d in problems.items] == [
        "duplicate id 'x': the section at content/zh/02-x.md has it already"]


def test_a_pull_quote_may_end_with_other_punctuation_and_shows_where_it_differs() -> None:
    body = "It was a card, the first of its kind.\n\n:::{pullquote}\nIt was a card.\n:::\n"
    _, problems = render(body, lang="en")
    assert problems.items == []
    _, problems = render("It was a card, the first.\n\n:::{pullquote}\nIt was a cart.\n:::\n",
                         lang="en")
    [error] = problems.items
    assert error.message == ("a pull quote must repeat words of its own section exactly: "
                             "the section has “…It was a car” but then not “t.…”")


def test_a_photo_the_source_never_had_is_declared_and_stays_quiet() -> None:
    body = ":::{figure} images/none.jpg\n:alt: 照片\n:unavailable: 原稿未附图片\n图注。\n:::\n"
    section, problems = render(body)
    assert problems.items == []
    assert "figure-placeholder" in section.html
    here = render(body, assets={"images/none.jpg": Asset("images/none.jpg", PHOTO)})[1]
    assert [(d.severity, d.code) for d in here.items] == [("note", "image-unavailable")]


def test_a_terms_first_use_is_explained_inline_without_a_stray_full_stop() -> None:
    """“…the port.), solar…” left a stop in mid-sentence: the inline note drops its own
    (print puts it back on the footnote: .gloss-stop)."""
    term = Term("an-dian", "岸电", "shore power",
                {"en": "Electricity supplied from the quay to a ship at berth."},
                Location("glossary.yaml", 1, 1))
    problems = Problems()
    ctx = MarkupContext(lang="en", facts=FACTS, glossary={"an-dian": term}, assets={},
                        strings=load_strings("en"), problems=problems)
    body = "It drew {term}`shore power <an-dian>`, solar and {term}`shore power <an-dian>`.\n"
    section = render_section(Section("content/en/02-x.md", "en", 2, "x", None, None, body, 4),
                             build_parser(False), ctx)
    assert section.blocks[0].text == ("It drew shore power (岸电: Electricity supplied from the "
                                      "quay to a ship at berth), solar and shore power.")
    assert ('<span class="gloss-note gloss-stop"><span lang="zh-Hans">岸电</span>: Electricity '
            'supplied from the quay to a ship at berth</span>') in section.blocks[0].html
    assert problems.items == []


def render_english(body: str, title: str | None = None) -> tuple[RenderedSection, Problems]:
    problems = Problems()
    ctx = MarkupContext(lang="en", facts=FACTS, glossary={}, assets={},
                        strings=load_strings("en"), problems=problems)
    section = Section("content/en/02-x.md", "en", 2, "x", title, None, body, 4)
    return render_section(section, build_parser(False, english=True), ctx), problems


def test_english_gets_typographic_quotes_and_apostrophes() -> None:
    section, problems = render_english(
        "He said \"it's the port's 'green' ledger\" in the '90s, `\"code\"` and \\\"as is\\\".\n",
        title='"Plugged in": the port\'s year')
    assert section.blocks[0].text == ("He said “it’s the port’s ‘green’ ledger” in the ’90s, "
                                      "\"code\" and \"as is\".")
    assert section.title_text == "“Plugged in”: the port’s year"
    assert problems.items == []


def test_chinese_keeps_its_quotes_as_written() -> None:
    section, _ = render("他说\"好\"，'可以'。\n")
    assert section.blocks[0].text == "他说\"好\"，'可以'。"


def test_yaml_texts_in_english_get_typographic_quotes() -> None:
    from tianxin_report.text.quotes import english, smart_quotes

    assert smart_quotes('Qinglan Port\'s "green" ledger') == "Qinglan Port’s “green” ledger"
    assert english({"zh": '他说"好"', "en": "Hunan's"}) == {"zh": '他说"好"', "en": "Hunan’s"}
