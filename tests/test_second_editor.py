"""A second editor's day one: the engine runs from any folder on any content, publishes the
Chinese edition while the English is being translated, and writes only where it is told."""

from __future__ import annotations

import shutil
import subprocess
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
    unused = [line for line in result.stderr.splitlines() if "are not used" in line]
    assert len(unused) == 1 and ": warning:" in unused[0] and "for en" in unused[0]
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


def test_an_allow_comment_before_the_first_paragraph_covers_the_title() -> None:
    from tianxin_report.checks.typography import check_section
    from tianxin_report.errors import Location

    title, where = "「腾笼换鸟」为何", Location("zh/02-x.md", 2, 8)
    body = "\n文中用“引号”。\n"
    assert [d.code for d in check_section(body, "zh/02-x.md", 4, title, where)] == [
        "mixed-quotes"]
    allowed = "% allow: mixed-quotes (the source's own headline)\n" + body
    assert check_section(allowed, "zh/02-x.md", 4, title, where) == []


def test_no_date_is_invented_and_no_relative_seo_addresses_ship(tmp_path: Path,
                                                                font_cache: Path) -> None:
    report = copy_fixture("bilingual", tmp_path)
    site = report / "site.yaml"
    site.write_text("\n".join(line for line in site.read_text(encoding="utf-8").splitlines()
                              if not line.startswith("date:")) + "\n", encoding="utf-8")
    out = tmp_path / "site"
    result = run_cli("build", "--content", report, "--out", out, "--cache", font_cache)
    assert result.code == 0, result.stderr
    assert "note: set base_url" in result.stderr and "warning" not in result.stderr
    pages = {p: p.read_text(encoding="utf-8") for p in out.rglob("*.html")}
    for path, page in pages.items():
        assert "<time" not in page and "datePublished" not in page, path
        assert 'rel="canonical"' not in page and 'rel="alternate"' not in page, path
        assert "og:image" not in page, path
    assert not list((out / "assets").glob("share-*")) and not (out / "sitemap.xml").exists()
    assert not list((out / "assets" / "css").glob("pdf*"))  # the print stylesheet stays out
    colophon = subprocess.run(["pdftotext", str(out / "downloads" / "river-survey-zh.pdf"),
                               "-"], capture_output=True, text=True, check=True).stdout
    assert "生成日期" not in colophon


def test_one_unknown_fact_in_the_first_section_is_one_message(tmp_path: Path) -> None:
    report = copy_fixture("port-report", tmp_path)
    lede = report / "zh" / "01-lede.md"
    text = lede.read_text(encoding="utf-8")
    lede.write_text(text.replace("<throughput_2024>", "<throughput_2042>", 1) +
                    "\n:::{pullquote}\n全年港口货运收入\n:::\n", encoding="utf-8")
    english = report / "en" / "01-lede.md"  # a pull quote in both: the blocks stay paired
    english.write_text(english.read_text(encoding="utf-8") +
                       "\n:::{pullquote}\nVolumes went up while emissions came down.\n:::\n",
                       encoding="utf-8")
    result = run_cli("check", "--content", report)
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 2, result.stderr  # the message and the summary line
    assert "unknown fact 'throughput_2042'" in errors[0] and "01-lede.md:" in errors[0]
    assert errors[1].startswith("1 error(s)")
