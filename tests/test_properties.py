"""Property tests: arbitrary Markdown and front matter never crash the engine, rendered HTML
is well formed, and normalization is idempotent."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tianxin_report.errors import Problems, ReportError
from tianxin_report.model import MarkdownFile, Section
from tianxin_report.site.pages import pair_fragment
from tianxin_report.source.load import parse_yaml, split_front_matter
from tianxin_report.source.theme import load_strings
from tianxin_report.source.validate import read_section
from tianxin_report.text.markup import MarkupContext, build_parser, render_section
from tianxin_report.text.normalize import normalize_text
from tianxin_report.text.prose import PLACEHOLDER, read_prose

from .test_markup import FACTS, GLOSSARY

PIECES = ["说", "說", "這", "乾", "后", "發", "，", "。", "“", "”", "「", "」", "（", "）",
          "*", "_",
          "`", "{fact}", "{elision}", "{term}", "{figure}", "{chart}", "<", ">", "&", ":::",
          "% ", "#", "- ", "1. ", "> ", "[", "]", "(", ")", "!", "\n", "\n\n", " ", "3.2亿元",
          "<freight_revenue_2024>", "<an-dian>", ":name: a", ":alt: x", "images/a.jpg", "../x",
          "<script>", "---", "A", "z", "9", "\t", "|", "~~~", "```", "\\"]
markdown = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "col", "area"}


class Balance(HTMLParser):
    """Checks that every opened element is closed, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ok = True

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack.pop() != tag:
            self.ok = False


def well_formed(fragment: str) -> bool:
    parser = Balance()
    parser.feed(fragment)
    parser.close()
    return parser.ok and not parser.stack


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=markdown, lang=st.sampled_from(["zh", "en"]))
def test_any_markdown_renders_well_formed_html_without_crashing(body: str, lang: str) -> None:
    problems = Problems()
    ctx = MarkupContext(lang=lang, facts=FACTS, glossary=GLOSSARY, assets={},
                        strings=load_strings(lang), problems=problems)
    section = Section("x.md", lang, 1, "x", None, None, body, 1)
    rendered = render_section(section, build_parser(False), ctx)
    assert well_formed(rendered.html), rendered.html  # the page's article
    for block in rendered.blocks:  # the parallel page shows blocks one by one
        assert well_formed(pair_fragment(block)), pair_fragment(block)
    assert all(d.severity in ("error", "warning") for d in problems.items)


@settings(max_examples=300, deadline=None)
@given(front=st.text(max_size=60), body=st.text(max_size=40))
def test_any_front_matter_gives_a_section_or_a_located_error(front: str, body: str) -> None:
    text = f"---\n{front}\n---\n{body}"
    try:
        doc, rest, line = split_front_matter(text, "x.md")
    except ReportError as exc:
        assert exc.diagnostic.location is not None
        return
    problems = Problems()
    read_section(MarkdownFile("zh/01-x.md", "zh", "01-x.md", doc, rest, line), problems)
    assert all(d.location is not None for d in problems.items)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_yaml_text_parses_or_fails_with_a_location(text: str) -> None:
    try:
        parse_yaml(text, "site.yaml")
    except ReportError as exc:
        assert exc.diagnostic.location is not None and exc.diagnostic.location.line >= 1


@settings(max_examples=300, deadline=None)
@given(markdown)
def test_normalization_is_idempotent(text: str) -> None:
    once, _ = normalize_text(text, "x.md", 1, None)
    twice, changes = normalize_text(once, "x.md", 1, None)
    assert twice == once and changes == []


# More ways to write what is not prose (or prose written another way), for the prose reader
TRICKY = ["**", "__", '[a](b "t 說")', "<https://x/說>", "{term}`說 <y>`", "``", "\n    ",
          "## ", "===", "+++", "(x)=", "\\\n", "  \n", "&amp;", "&#35498;", "[r]: /說",
          "`a\nb`", "{elision}`a\n說`", "\n:::{figure} a.jpg\n", ":alt: 說 明", "~~~~",
          "````", "<!-- 說 -->", '<a href="說">', "![說](x)", "[說][r]", "\u3000",
          "https://a.tw/說", "\\*"]
tricky_markdown = st.lists(st.sampled_from(PIECES + TRICKY), max_size=50).map("".join)


@settings(max_examples=300, deadline=None)
@given(tricky_markdown, st.booleans())
def test_every_prose_character_is_placed_at_itself_in_reading_order(
        text: str, allow_html: bool) -> None:
    for block in read_prose(text, allow_html).blocks:
        offsets = [offset for offset in block.offsets if offset is not None]
        assert len(offsets) == len(block.offsets) and offsets == sorted(offsets), (text, block)
        for char, offset in zip(block.text, offsets, strict=True):
            written = text[offset]
            assert char in (written, PLACEHOLDER) or written == "&", (text, block, offset)


@settings(max_examples=300, deadline=None)
@given(tricky_markdown, st.booleans())
def test_normalization_changes_only_prose_characters_where_it_says(
        text: str, allow_html: bool) -> None:
    new, changes = normalize_text(text, "x.md", 1, None, allow_html)
    prose = {o for b in read_prose(text, allow_html).blocks for o in b.offsets}
    assert len(new) == len(text)  # t2s maps these characters one to one
    assert {i for i, (a, b) in enumerate(zip(text, new, strict=True)) if a != b} <= prose
    lines = text.split("\n")
    for change in changes:
        assert change.location is not None
        line = lines[change.location.line - 1]
        assert line[change.location.col - 1:].startswith(change.old), (text, change)
