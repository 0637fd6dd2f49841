"""translation: paired sections and blocks, stale translations, `translated`."""

from __future__ import annotations

from pathlib import Path

from tianxin_report.checks.translation import Unit, block_hash, first_mismatch, short_diff
from tianxin_report.errors import Location

from .conftest import copy_fixture, run_cli


def test_block_hash_ignores_line_wrapping_only() -> None:
    assert block_hash("第一行\n第二行") == block_hash("第一行 第二行")
    assert block_hash("35家") != block_hash("53家")


def test_short_diff_shows_what_changed_with_context() -> None:
    assert short_diff("已有35家物流企业在港区", "已有53家物流企业在港区") == (
        "…已有[-35-]{+53+}家物流企业在港区…")
    assert short_diff("The river is long.", "The river is very long.") == (
        "…iver is {+very +}long.…")
    assert short_diff("岸边种满了柳树。", "岸边种满了杨树。") == "…岸边种满了[-柳-]{+杨+}树。…"


def test_first_mismatch_uses_the_recorded_translation() -> None:
    def unit(text: str) -> Unit:
        return Unit("paragraph", Location("x", 1, 1), text)

    source = [unit("甲"), unit("乙"), unit("丙")]
    target = [unit("A"), unit("C")]  # "B" was deleted
    recorded = [{"translation": block_hash(t)} for t in ("A", "B", "C")]
    assert first_mismatch(source, target, recorded) == 1
    assert first_mismatch(source, target, []) == 2  # without a record: where one list ends


def test_deleted_english_paragraph_is_an_error_at_its_line(tmp_path: Path) -> None:
    content = copy_fixture("bilingual", tmp_path)
    english = content / "en" / "02-banks.md"
    english.write_text(english.read_text(encoding="utf-8").replace(
        "Willows line the banks.\n\n", ""), encoding="utf-8")
    result = run_cli("check", "--content", content)
    assert result.code == 1
    assert (f"{english}:5:1: error: {english} has 3 blocks but {content}/zh/02-banks.md has "
            "4: they stop matching at block 2") in result.stderr
    assert f"the zh block there is {content}/zh/02-banks.md:5:1" in result.stderr


def test_deleted_english_section_names_the_missing_file(tmp_path: Path) -> None:
    content = copy_fixture("bilingual", tmp_path)
    (content / "en" / "02-banks.md").unlink()
    result = run_cli("check", "--content", content)
    assert result.code == 1
    assert (f"{content}/zh/02-banks.md: error: {content}/en/02-banks.md is missing: "
            f"{content}/zh/02-banks.md has no en translation") in result.stderr


def test_edited_chinese_paragraph_makes_the_english_one_stale(tmp_path: Path) -> None:
    content = copy_fixture("bilingual", tmp_path)
    chinese = content / "zh" / "02-banks.md"
    chinese.write_text(chinese.read_text(encoding="utf-8").replace("柳树。\n", "杨树。\n", 1),
                       encoding="utf-8")
    result = run_cli("check", "--content", content)
    assert result.code == 0  # a warning: the editor decides when the translation is updated
    assert (f"{content}/en/02-banks.md:5:1: warning: stale translation: "
            f"{chinese}:5:1 changed since this block was translated") in result.stderr
    assert "the zh changed: …岸边种满了[-柳-]{+杨+}树。…" in result.stderr
    assert run_cli("check", "--strict", "--content", content).code == 1
    marked = run_cli("translated", "--content", content, f"{content}/en/02-banks.md")
    assert marked.code == 0, marked.stderr
    again = run_cli("check", "--strict", "--content", content)
    assert again.code == 0 and "stale" not in again.stderr


def test_translated_refuses_misaligned_sections(tmp_path: Path) -> None:
    content = copy_fixture("bilingual", tmp_path)
    lock_before = (content / "translations.lock").read_text(encoding="utf-8")
    english = content / "en" / "01-intro.md"
    english.write_text("Only one paragraph.\n", encoding="utf-8")
    result = run_cli("translated", "--all", "--content", content)
    assert result.code == 1 and "they stop matching" in result.stderr
    assert (content / "translations.lock").read_text(encoding="utf-8") == lock_before


def test_a_block_added_to_both_languages_asks_to_be_recorded_but_shifts_nothing(
        tmp_path: Path) -> None:
    content = copy_fixture("bilingual", tmp_path)
    for lang, text in (("zh", "新增一段。"), ("en", "A new paragraph.")):
        path = content / lang / "01-intro.md"
        path.write_text(text + "\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("check", "--content", content)
    stale = [line for line in result.stderr.splitlines() if "stale translation" in line]
    assert stale == [f"{content}/en/01-intro.md:1:1: warning: stale translation: "
                     f"{content}/zh/01-intro.md:1:1 changed since this block was translated"]
    assert "a block not yet recorded as translated" in result.stderr
