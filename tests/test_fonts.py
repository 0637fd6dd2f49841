"""fonts: the packaged faces, coverage checks and cached subsets."""

from __future__ import annotations

from pathlib import Path

from fontTools.ttLib import TTFont

from tianxin_report.output import fonts
from tianxin_report.output.workers import Workers
from tianxin_report.source import fonts as faces


def prepare_fonts(requests: list[fonts.FontRequest], cache: Path) -> dict[fonts.FontRequest, Path]:
    """As the build makes subsets: sfnt at once, WOFF2 by the workers, then waited for."""
    with Workers() as workers:
        work = fonts.start_fonts(requests, cache)
        work.compress(workers)
        return work.wait()


def test_fonts_come_from_installed_packages() -> None:
    for face in (faces.SERIF, faces.SANS, faces.SANS_BOLD):
        assert faces.font_path(face).is_file(), face
    assert "SIL OPEN FONT LICENSE" in faces.licence_text(faces.SANS).upper()


def test_missing_chars_names_what_the_font_cannot_draw() -> None:
    assert faces.missing_chars(faces.SERIF, "绿色港口 Green port 3.2亿元。") == []
    assert faces.missing_chars(faces.SERIF, "文字\U0001F600\u0F00") == ["\u0F00", "\U0001F600"]


def test_subsets_cover_the_text_and_are_cached(tmp_path: Path) -> None:
    text = "箱量涨了黑烟散了"
    first = prepare_fonts([(faces.SANS_BOLD, text, "woff2")],
                                tmp_path)[(faces.SANS_BOLD, text, "woff2")]
    stamp = first.stat().st_mtime_ns
    again = prepare_fonts([(faces.SANS_BOLD, text, "woff2")],
                                tmp_path)[(faces.SANS_BOLD, text, "woff2")]
    assert again == first and again.stat().st_mtime_ns == stamp  # reused, not remade
    font = TTFont(first)
    cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in text + "AZ09")
    assert "fvar" not in font  # the variable font was instanced at 700
    assert font["OS/2"].usWeightClass == 700
    assert len(cmap) < 200
    other = fonts.subset_path(faces.SANS_BOLD, text + "新", "woff2", tmp_path)
    assert other != first


def test_cache_key_ignores_character_order() -> None:
    a = fonts.cache_key(faces.SERIF, "甲乙", None)
    assert a == fonts.cache_key(faces.SERIF, "乙甲甲", None)
    assert a != fonts.cache_key(faces.SERIF, "甲乙", "woff2")


def test_requests_with_the_same_characters_share_one_file(tmp_path: Path) -> None:
    made = prepare_fonts([(faces.SERIF, "港口", "woff2"), (faces.SERIF, "口港口", "woff2"),
                                (faces.SANS, "港口", None)], tmp_path)
    assert made[(faces.SERIF, "港口", "woff2")] == made[(faces.SERIF, "口港口", "woff2")]
    assert sorted(p.suffix for p in (tmp_path / "fonts").iterdir()) == [".ttf", ".woff2"]
