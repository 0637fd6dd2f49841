"""typography: Chinese typography warnings, each at an exact line and column."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tianxin_report.checks import typography
from tianxin_report.checks.typography import RULES, check_typography

Found = list[tuple[int, int, str]]


def found(text: str, first_line: int = 1, enabled: dict[str, bool] | None = None) -> Found:
    return [(d.location.line, d.location.col, d.code)
            for d in check_typography(text, "x.md", first_line, enabled)
            if d.location is not None]


def case(text: str, *expected: tuple[int, int, str]) -> object:
    return pytest.param(text, list(expected), id=text.replace("\n", "⏎")[:40])


Q, B, M, H = "unbalanced-quotes", "unbalanced-brackets", "mixed-quotes", "halfwidth-punctuation"
R, S, L = "repeated-punctuation", "space-between-chinese", "cjk-latin-spacing"

POSITIVE = [
    # unbalanced-quotes: one warning per kind of quote per paragraph, at the first unmatched
    case("他说：“你好。", (1, 4, Q)),
    case("你好。”他说", (1, 4, Q)),
    case("‘甲’和‘乙", (1, 5, Q)),
    case("「甲」」", (1, 4, Q)),
    case("『甲", (1, 1, Q)),
    case("”甲“乙“丙”", (1, 1, Q)),
    case("“甲‘乙", (1, 1, Q), (1, 3, Q)),
    case("“甲「乙", (1, 1, Q), (1, 3, Q), (1, 3, M)),
    case("快语：“这里{elision}`原稿此处残缺`", (1, 4, Q)),
    case("第一行“开始\n\n第二行结束”", (1, 4, Q), (3, 6, Q)),
    case("甲\n乙“丙", (2, 2, Q)),
    case("## “标题\n正文”", (1, 4, Q), (2, 3, Q)),
    # unbalanced-brackets
    case("规划（2020年", (1, 3, B)),
    case("《书名", (1, 1, B)),
    case("【注", (1, 1, B)),
    case("甲）乙", (1, 2, B)),
    case("see (note", (1, 5, B)),
    case("（甲\n\n乙）", (1, 1, B), (3, 2, B)),
    case("《甲〈乙》", (1, 3, B)),
    # mixed-quotes: the minority primary style, reported at each opening mark
    case("“甲”“乙”「丙」", (1, 7, M)),
    case("「甲」「乙」“丙”", (1, 7, M)),
    case("「甲」\n\n“乙”", (3, 1, M)),
    # halfwidth-punctuation
    case("中文,中文", (1, 3, H)),
    case("中文.中文", (1, 3, H)),
    case("中文;中文", (1, 3, H)),
    case("中文:中文", (1, 3, H)),
    case("中文?中文", (1, 3, H)),
    case("中文!中文", (1, 3, H)),
    case("中文(注)", (1, 3, H), (1, 5, H)),
    case("数据(BIM系统)中心", (1, 3, H), (1, 9, H)),
    case("他说:“好”", (1, 3, H)),
    case("中文, 中文", (1, 3, H)),
    case("中文,\n中文", (1, 3, H)),
    case("{term}`中文,中文 <zh>`", (1, 10, H)),
    # repeated-punctuation: at the first redundant mark
    case("好。。", (1, 3, R)),
    case("好，，", (1, 3, R)),
    case("好！！", (1, 3, R)),
    case("好？？", (1, 3, R)),
    case("好！？", (1, 3, R)),
    case("好!!", (1, 3, R)),
    case("好。\n。", (2, 1, R)),
    case("好………", (1, 4, R)),
    case("好———", (1, 4, R)),
    # space-between-chinese: at the first space
    case("中文 中文", (1, 3, S)),
    case("中文   中文", (1, 3, S)),
    case("中文 ，", (1, 3, S)),
    case("中文。 中文", (1, 4, S)),
    case("中文\u3000中文", (1, 3, S)),
    case("中文 {fact}`三个 <anchor_centres>`中心", (1, 3, S)),
    case("> 中文 中文", (1, 5, S)),
    case("1. 中文 中文", (1, 6, S)),
    case("[中文](https://a.com/x,y) 中文", (1, 24, S)),
    # cjk-latin-spacing (house rule: no space)
    case("2023 年", (1, 5, L)),
    case("中文 English", (1, 3, L)),
    case("使用 BIM 技术", (1, 3, L), (1, 7, L)),
    case("增长15% 的", (1, 6, L)),
    case("走访 {fact}`20座 <roadshow_cities_2023>`城市", (1, 3, L)),
]

NEGATIVE = [
    "“甲”‘乙’",
    "「丙」『丁』",
    "“甲‘乙’丙”",
    "“第一行\n第二行”",
    "Hunan’s “甲”",
    "（甲）《乙》【丙】〈丁〉(x)",
    "“甲”“乙”",
    "「甲『乙』」",
    "“甲『乙』丙”",
    "3.5亿元，增长3.5%",
    "版本v1.2中",
    "数据(BIM)中心",
    "他说：“好。”",
    "好……",
    "好——",
    "2020—2025年",
    "“好！”他说。",
    "1...2",
    "中文English",
    "2023年",
    "建筑BIM等",
    "中文，English",
    "English words here, (fine).",
    "中文 \n中文",
    "　　中文",
    "- 中文",
    "## 标题",
    "中文`中,文`中文",
    "中文 `code` 中文",
    "中文(https://a.com/x_(y))中文",
    "收入{fact}`667亿元 <数,据>`。",
    "[链接](https://example.com/a)",
]

SKIPPED = [
    "```\n中文 中文\n```",
    "~~~~\n“中文\n~~~~",
    "````\n```\n中文 中文\n````",
    "```\n中文 中文",
    "    中文 中文",
    "中文\n\n    中文 中文",
    "% 编者注：“引文 中文",
    "  % 中文 中文",
    ":::{figure} 中文 中文.jpg\n:name: fig-a\n:aspect: 中文 中文\n:::",  # not alt: not prose
    "中文`“`中文",
    "看https://a.com/x?a=1,2中文",
    "---\n***",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize("text", SKIPPED)
def test_skipped_text(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    case("```\nx\n```\n中文 中文", (4, 3, S)),
    # a figure's alt text is prose (read aloud, shown in place of a missing photo)
    case(":::{figure} a.jpg\n:name: fig-a\n:alt: 中文 中文\n图注 图注\n:::", (3, 9, S), (4, 3, S)),
    case("中文\n    中文 中文", (2, 7, S)),  # an indented line inside a paragraph is prose
    case("% “\n“中文”"),
    case("“甲\n% 注\n乙”", (1, 1, Q), (3, 2, Q)),  # a comment line ends the paragraph
])
def test_only_prose_lines_are_checked(text: str, expected: Found) -> None:
    assert found(text) == expected


def test_first_line_offsets_locations_and_the_diagnostic_is_a_warning() -> None:
    [diagnostic] = check_typography("正文\n中文 中文", "content/zh/02.md", 4)
    assert str(diagnostic.location) == "content/zh/02.md:5:3"
    assert diagnostic.severity == "warning" and diagnostic.code == S
    assert diagnostic.hint and "space" in diagnostic.hint


@pytest.mark.parametrize(("text", "replacement"), [
    ("中文,中文", "，"), ("中文.中文", "。"), ("中文;中文", "；"), ("中文:中文", "："),
    ("中文?中文", "？"), ("中文!中文", "！"), ("中文(注", "（"), ("注)中文", "）"),
])
def test_halfwidth_hint_names_the_full_width_mark(text: str, replacement: str) -> None:
    hints = [d.hint or "" for d in check_typography(text, "x.md", 1) if d.code == H]
    assert len(hints) == 1 and f"'{replacement}'" in hints[0]


def test_mixed_quotes_hint_names_the_majority_style() -> None:
    [diagnostic] = check_typography("“甲”“乙”「丙」", "x.md", 1)
    assert "“" in (diagnostic.hint or "") and "2 “, 1 「" in diagnostic.message


def test_unbalanced_quote_message_counts_marks() -> None:
    [diagnostic] = check_typography("“甲“乙”", "x.md", 1)
    assert "2 “ and 1 ”" in diagnostic.message and "site.yaml" in (diagnostic.hint or "")


def test_ellipsis_hint() -> None:
    [diagnostic] = check_typography("好………", "x.md", 1)
    assert "……" in (diagnostic.hint or "")


SAMPLES = {
    Q: "“甲", B: "（甲", M: "“甲”“乙”「丙」", H: "中文,中文", R: "好。。",
    S: "中文 中文", L: "2023 年",
}


def test_rules_are_the_seven_documented_ones() -> None:
    assert list(RULES) == list(SAMPLES)
    assert all(description and "\n" not in description for description in RULES.values())


@pytest.mark.parametrize("rule", list(SAMPLES))
def test_each_rule_is_on_by_default_and_can_be_switched_off(rule: str) -> None:
    text = SAMPLES[rule]
    assert rule in {code for *_, code in found(text)}
    assert rule in {code for *_, code in found(text, enabled={rule: True, "unknown": False})}
    assert rule not in {code for *_, code in found(text, enabled={rule: False})}


def test_switching_one_rule_off_leaves_the_others() -> None:
    text = "“甲，，中文 中文"
    assert [code for *_, code in found(text, enabled={R: False})] == [Q, S]


def test_results_are_sorted_by_position() -> None:
    assert found("中文 中文\n“甲。。") == [(1, 3, S), (2, 1, Q), (2, 4, R)]


@pytest.mark.parametrize(("text", "expected"), [
    case("2023年", (1, 5, L)),
    case("建筑BIM等", (1, 3, L), (1, 6, L)),
    case("走访{fact}`20座 <roadshow_cities_2023>`城市", (1, 10, L), (1, 12, L)),
    case("收入{fact}`revenue_2023`。"),
    case("2023 年"),
    case("中文，English"),
])
def test_cjk_latin_spacing_direction_is_a_module_setting(
        monkeypatch: pytest.MonkeyPatch, text: str, expected: Found) -> None:
    monkeypatch.setattr(typography, "CJK_LATIN_SPACING", "space")
    assert found(text) == expected


POINTS_AT = {
    Q: "“”‘’「」『』", B: "（）《》〈〉【】()", M: "“「", H: ",.;:?!()",
    R: "。，、；：！？!?…—", S: " \t\u00a0\u3000", L: " \t\u00a0\u3000",
}
FRAGMENTS = [*"中文甲“”‘’「」『』（）()《》,.;:?!。，！？…— aB1%\n", "\u3000", "{fact}`",
             "{elision}`", " <an_id>`", "`", "```", "% ", ":::", ":name: ", "    ",
             "https://a.com/", "[", "](b)", "## ", "> ", "- "]


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join), st.integers(1, 9))
def test_every_warning_points_at_the_offending_character(text: str, first_line: int) -> None:
    lines = text.split("\n")
    for diagnostic in check_typography(text, "x.md", first_line):
        assert diagnostic.location is not None and diagnostic.severity == "warning"
        line = lines[diagnostic.location.line - first_line]
        assert line[diagnostic.location.col - 1] in POINTS_AT[diagnostic.code], diagnostic


def split_front_matter(text: str) -> tuple[str, int]:
    """The body after the block between the first two `---` lines, and its first line."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return text, 1
    closing = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    return "\n".join(lines[closing + 1:]), closing + 2


def test_section_check_honours_allow_comments_and_flags_corner_bracket_titles() -> None:
    from tianxin_report.checks.typography import check_section
    from tianxin_report.errors import Location

    body = "% allow: unbalanced-quotes\n他说：“没有说完\n\n她说：“也没说完\n"
    found = check_section(body, "x.md", 5, "「标题」", Location("x.md", 2, 8))
    assert [(d.location.line, d.location.col, d.code) for d in found] == [
        (2, 8, "mixed-quotes"), (8, 4, "unbalanced-quotes")]
    off = check_section(body, "x.md", 5, "「标题」", Location("x.md", 2, 8),
                        {"mixed-quotes": False})
    assert [d.code for d in off] == ["unbalanced-quotes"]


@pytest.mark.parametrize(("text", "expected"), [
    # a fence ends only at a run of its own kind: ~~~ inside ``` (and ``` inside ~~~) is code
    case("```\n~~~\n中文 中文\n```\n中文 中文", (5, 3, S)),
    case("~~~\n```\n“中文\n~~~\n中文 中文", (5, 3, S)),
    case("中文\n```\n“中文"),
    case("## 标题 中文 ##", (1, 6, S)),
    case("标题 中文\n====", (1, 3, S)),
    case("中文  \n中文 中文", (2, 3, S)),  # a hard break joins the lines as a soft one does
    case("{elision}`原稿\n残缺`中文 中文", (2, 6, S)),
    case("中文<!-- 中文 中文 -->中文", (1, 10, S)),  # HTML is text unless allow_html is on
])
def test_blocks_are_read_as_markup_reads_them(text: str, expected: Found) -> None:
    assert found(text) == expected


def test_raw_html_is_not_prose_when_html_is_allowed() -> None:
    text = "中文 <b>中文</b>\n\n<div>\n中文 中文\n</div>"
    assert found(text) == [(4, 3, S)]  # off: the tags are shown, and part the words
    codes = [(d.location.line, d.location.col) for d in
             check_typography(text, "x.md", 1, allow_html=True) if d.location]
    assert codes == [(1, 3)]


def test_allow_covers_the_whole_block_after_it_even_past_a_blank_line() -> None:
    from tianxin_report.checks.typography import check_section

    body = "% allow: unbalanced-quotes\n\n- “甲\n- “乙\n\n“丙\n"
    assert [(d.location.line, d.location.col, d.code) for d in
            check_section(body, "x.md", 1, None, None) if d.location] == [(6, 1, Q)]
