"""normalize: OpenCC t2s on Chinese prose only, every change located."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from tianxin_report.text.normalize import (
    convert,
    keep_pattern,
    normalize_file,
    normalize_line,
    normalize_text,
)

SIMPLIFIED_ALREADY = ["著名的显著成就", "乾隆年间", "后来的皇后", "里面和公里", "头发和发展",
                      "面条和面对", "干净的干部", "台湾", "天心经开区推出了一组海报"]


@pytest.mark.parametrize("text", SIMPLIFIED_ALREADY)
def test_simplified_text_is_left_alone(text: str) -> None:
    assert convert(text) == text


def test_the_stray_traditional_character_is_reported_with_its_column() -> None:
    text, changes = normalize_text("第一行\n曾红鹰目光坚定地說道。", "content/zh/04.md", 5, None)
    assert text == "第一行\n曾红鹰目光坚定地说道。"
    assert [(str(c.location), c.old, c.new) for c in changes] == [
        ("content/zh/04.md:6:9", "說", "说")]


def test_code_urls_and_fact_ids_are_not_touched() -> None:
    line = "見`說明`與 https://例子.tw/說 和 {fact}`說 <shuo_id>`"
    new, changes = normalize_line(line, None)
    assert new == "见`說明`与 https://例子.tw/說 和 {fact}`说 <shuo_id>`"
    assert [c[1] for c in changes] == ["見", "與", "說"]


def test_keep_terms_are_protected() -> None:
    new, changes = normalize_line("乾安縣的發展", keep_pattern(("乾安縣",)))
    assert new == "乾安縣的发展" and changes == [(5, "發", "发")]


def test_comments_and_directive_arguments_are_skipped_but_alt_text_is_prose() -> None:
    text, changes = normalize_text("% 編者注\n:::{figure} 說.jpg\n:alt: 說\n", "x.md", 1, None)
    assert text == "% 編者注\n:::{figure} 說.jpg\n:alt: 说\n"
    assert [(str(c.location), c.old, c.new) for c in changes] == [("x.md:3:7", "說", "说")]


def test_normalization_is_idempotent() -> None:
    once, _ = normalize_text("這裡說的乾淨與幹部", "x.md", 1, None)
    twice, changes = normalize_text(once, "x.md", 1, None)
    assert once == twice == "这里说的干净与干部" and changes == []


CASES = read_fixture_file(Path(__file__).parent / "fixtures" / "normalize" / "cases.txt")
HTML = "[html] "  # a case title starting with this is read with markdown.allow_html on


@pytest.mark.parametrize(("line", "title", "source", "expected"), CASES,
                         ids=[f"cases.txt:{case[0]}" for case in CASES])
def test_normalize_case(line: int, title: str, source: str, expected: str) -> None:
    """cases.txt: Markdown in; the normalized Markdown and each change as `line:col: old → new`
    out."""
    text, changes = normalize_text(source, "x.md", 1, None, allow_html=title.startswith(HTML))
    shown = [f"{c.location.line}:{c.location.col}: {c.old} → {c.new}" for c in changes]
    assert f"{text}-- changes\n" + "".join(f"{s}\n" for s in shown) == expected, \
        f"cases.txt:{line} {title}"


def test_a_whole_file_normalizes_its_front_matter_and_its_body_in_place() -> None:
    text = "---\ntitle: 標題 `說`\n---\n\n他說\n"
    new, changes = normalize_file(text, "\n他說\n", "x.md", 4, None)
    assert new == "---\ntitle: 标题 `說`\n---\n\n他说\n"
    assert [(str(c.location), c.old, c.new) for c in changes] == [
        ("x.md:2:8", "標題", "标题"), ("x.md:5:2", "說", "说")]
