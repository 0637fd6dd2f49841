"""A second editor's day one: the engine runs from any folder on any content, publishes the
Chinese edition while the English is being translated, and writes only where it is told."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from .conftest import copy_fixture, run_cli


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def test_every_command_works_from_another_folder_and_writes_only_its_output(
        tmp_path: Path) -> None:
    report = copy_fixture("port-report", tmp_path / "elsewhere")
    work = tmp_path / "work"
    work.mkdir()
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    for args in (["check", "--content", report],
                 ["build", "--content", report, "--out", work / "site", "--no-pdf"],
                 ["translated", "--content", report, "--all"]):
        result = run_cli(*args, cwd=work, env=env)
        assert result.code == 0, result.stderr
        assert "internal error" not in result.stderr
    assert {p.split("/")[0] for p in files_under(work)} == {"site"}
    assert (work / "site" / "zh" / "index.html").is_file()
    assert (tmp_path / "xdg" / "tianxin-report").is_dir()  # the documented cache place


def test_a_missing_theme_is_a_content_error_with_a_hint(tmp_path: Path) -> None:
    report = copy_fixture("minimal", tmp_path)
    result = run_cli("build", "--content", report, "--out", tmp_path / "site", "--no-pdf",
                     "--theme", tmp_path / "no-theme", cwd=tmp_path)
    assert result.code == 1
    assert "theme not found" in result.stderr and "hint: pass --theme" in result.stderr
    assert not (tmp_path / "site").exists()


def chinese_first(tmp_path: Path) -> Path:
    """The port report before its translation: languages [zh], no en/, English values left
    in every YAML file."""
    report = copy_fixture("port-report", tmp_path)
    shutil.move(report / "en", tmp_path / "en-later")
    (report / "translations.lock").unlink()
    site = report / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("languages: [zh, en]",
                                                             "languages: [zh]"),
                    encoding="utf-8")
    assert yaml.safe_load(site.read_text(encoding="utf-8"))["languages"] == ["zh"]
    return report


def test_the_chinese_edition_publishes_before_the_english(tmp_path: Path,
                                                          font_cache: Path) -> None:
    report = chinese_first(tmp_path)
    out = tmp_path / "site"
    result = run_cli("build", "--content", report, "--out", out, "--cache", font_cache)
    assert result.code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": warning:" in line]
    assert len(warnings) == 1 and "for en are not used" in warnings[0]
    assert not (out / "en").exists() and not (out / "bilingual").exists()
    assert [p.name for p in (out / "downloads").iterdir()] == ["port-green-transition-zh.pdf"]
    pages = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert "/en/" not in pages and "bilingual/" not in pages and 'hreflang="en"' not in pages

    shutil.move(tmp_path / "en-later", report / "en")  # the translation arrives
    site = report / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("languages: [zh]",
                                                             "languages: [zh, en]"),
                    encoding="utf-8")
    assert run_cli("translated", "--content", report, "--all").code == 0
    again = run_cli("build", "--content", report, "--out", out, "--cache", font_cache)
    assert again.code == 0, again.stderr
    assert (out / "en" / "index.html").is_file() and (out / "bilingual" / "index.html").is_file()
    assert len(list((out / "downloads").iterdir())) == 3


def test_a_wrong_language_key_is_still_an_error(tmp_path: Path) -> None:
    report = copy_fixture("bilingual", tmp_path)
    facts = report / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("en: Bridges", "fr: Ponts"),
                     encoding="utf-8")
    result = run_cli("check", "--content", report)
    assert result.code == 1 and "has a value for 'fr', which is not in languages" in result.stderr
