"""render: Jinja with StrictUndefined, template errors located, localized site values."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tianxin_report.errors import ReportError
from tianxin_report.model import Site
from tianxin_report.site.pages import site_view
from tianxin_report.source.theme import load_strings, make_templates
from tianxin_report.text.quantities import format_date

SITE = Site(slug="s", languages=("zh", "en"), title={"zh": "标题", "en": "Title"},
            authors=({"zh": "甲"},), date=datetime.date(2024, 1, 11))


def test_site_view_falls_back_to_the_source_language_and_keeps_absent_values_none() -> None:
    view = site_view(SITE, "en")
    assert view["title"] == "Title" and view["authors"] == ["甲"]
    assert view["kicker"] is None and view["credit"] is None
    assert view["date_display"] == "11 January 2024"
    assert format_date(SITE.date, "zh") == "2024年1月11日"


def test_strings_exist_for_both_languages_with_the_same_keys() -> None:
    assert load_strings("zh").keys() == load_strings("en").keys()
    assert load_strings("zh")["contents"] == "目录"


def test_undefined_variable_names_template_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>ok</p>\n<p>{{ site.kickerr }}</p>\n")
    templates = make_templates(tmp_path)
    with pytest.raises(ReportError) as info:
        templates.render("page.html", site={"kicker": None})
    loc = info.value.diagnostic.location
    assert loc is not None and loc.path.endswith("page.html") and loc.line == 2


def test_template_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.html").write_text("<p>\n{% if x %}\n</p>\n")
    with pytest.raises(ReportError) as info:
        make_templates(tmp_path).render("bad.html", x=1)
    loc = info.value.diagnostic.location
    assert loc is not None and loc.path.endswith("bad.html") and loc.line == 3


def test_autoescape_is_on(tmp_path: Path) -> None:
    (tmp_path / "e.html").write_text("{{ v }}")
    assert make_templates(tmp_path).render("e.html", v="<b>") == "&lt;b&gt;"
