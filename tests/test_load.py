"""load: text decoding, YAML locations, front matter."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tianxin_report.errors import BuildFailed, Problems, ReportError
from tianxin_report.model import Asset, YamlDocument
from tianxin_report.source.load import load_sources, parse_yaml, read_text, split_front_matter

from .conftest import FIXTURES


def test_read_text_accepts_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf\xe7\xac\xac\xe4\xb8\x80\r\nsecond\rthird\n")
    assert read_text(path, "a.md") == "第一\nsecond\nthird\n"


def test_read_text_names_the_byte_offset_of_bad_utf8(tmp_path: Path) -> None:
    path = tmp_path / "b.md"
    path.write_bytes("第一行\n第二".encode() + b"\xff" + "行\n".encode())
    with pytest.raises(ReportError) as info:
        read_text(path, "content/zh/b.md")
    text = str(info.value)
    assert text.startswith("content/zh/b.md:2:3: error: file is not UTF-8: byte 0xff")
    assert "byte offset 16" in text


def test_yaml_syntax_error_has_line_and_column() -> None:
    with pytest.raises(ReportError) as info:
        parse_yaml("slug: a\ntitle: {zh: x\ndate: 2024-01-01\n", "site.yaml")
    loc = info.value.diagnostic.location
    assert loc is not None and loc.path == "site.yaml" and loc.line == 3
    assert "malformed YAML" in info.value.diagnostic.message


def test_yaml_marks_point_at_values() -> None:
    doc = parse_yaml("slug: a\ntitle:\n  zh: 标题\n  en: Title\n", "site.yaml")
    assert isinstance(doc, YamlDocument)
    assert (doc.where("title", "en").line, doc.where("title", "en").col) == (4, 7)
    assert doc.where("title", "en", "<key>").col == 3
    assert doc.where("missing").line == 1  # falls back to the document


def test_front_matter_offsets_lines() -> None:
    text = "---\ntitle: 标题\n---\n\n正文第一段。\n"
    front, body, body_line = split_front_matter(text, "x.md")
    assert front is not None and front.data == {"title": "标题"}
    assert front.where("title").line == 2
    assert body == "\n正文第一段。\n" and body_line == 4


def test_no_front_matter() -> None:
    front, body, line = split_front_matter("正文。\n", "x.md")
    assert front is None and body == "正文。\n" and line == 1


def test_load_sources_reads_language_folders() -> None:
    sources = load_sources(FIXTURES / "minimal")
    assert list(sources.sections) == ["zh"]
    assert [f.name for f in sources.sections["zh"]] == ["01-opening.md", "02-lighthouse.md"]
    assert sources.facts is None and sources.glossary is None


def test_missing_site_yaml_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError) as info:
        load_sources(tmp_path)
    assert "site.yaml is missing" in str(info.value)


def test_links_leaving_the_folder_stop_the_load_before_anything_is_read(
        tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "bilingual", content)
    (tmp_path / "site.yaml").write_text("not: [valid", encoding="utf-8")
    (content / "site.yaml").unlink()
    (content / "site.yaml").symlink_to(tmp_path / "site.yaml")
    (content / "zh" / "03-copy.md").symlink_to("02-banks.md")  # inside: allowed
    problems = Problems()
    with pytest.raises(BuildFailed):
        load_sources(content, problems)  # the malformed YAML outside is never parsed
    assert [(d.code, str(d.location)) for d in problems.items] == [
        ("symlink", f"{content}/site.yaml")]


def test_images_are_loaded_with_the_bytes_to_publish(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "bilingual", content)
    (content / "images" / "notes.txt").write_text("not an image", encoding="utf-8")
    assets = load_sources(content).assets
    photo = (content / "images" / "willows.jpg").read_bytes()
    assert assets["images/willows.jpg"] == Asset("images/willows.jpg", photo)
    assert assets["images/notes.txt"].data is None
    assert assets["images/notes.txt"].problem is not None
