"""print_markup: the print documents leave out what print never shows (the web's block
anchors, a term's parentheses and wrappers, a chart's data table, a figure's <data>), and keep
what the PDF needs: the text, the links and their anchors, the charts' SVG titles."""

from __future__ import annotations

import re

from tianxin_report.errors import Location, Problems
from tianxin_report.model import Section, Term
from tianxin_report.site.printing import print_markup
from tianxin_report.source.theme import load_strings
from tianxin_report.text.charts import make_geometry, render_chart
from tianxin_report.text.markup import MarkupContext, build_parser, render_section
from tianxin_report.text.markup.context import FACTS_LINK

from .test_charts import BARS
from .test_charts import FACTS as CHART_FACTS
from .test_markup import FACTS

TERM = Term("an-dian", "岸电", "shore power",
            {"en": "Electricity supplied from the quay to a ship at berth."},
            Location("glossary.yaml", 1, 1))


def english(body: str) -> str:
    ctx = MarkupContext(lang="en", facts=FACTS, glossary={"an-dian": TERM}, assets={},
                        strings=load_strings("en"), problems=Problems())
    section = Section("content/en/02-x.md", "en", 2, "x", None, None, body, 4)
    return render_section(section, build_parser(False), ctx).blocks[0].html


def text(fragment: str) -> str:
    return re.sub(r"<[^>]+>", "", fragment)


def test_a_paragraph_keeps_its_text_links_and_footnote() -> None:
    web = english("Revenue was {fact}`CNY 320 million <freight_revenue_2024>` from "
                  "{term}`shore power <an-dian>`.\n")
    printed = print_markup(web)
    for gone in ("data-block", "gloss-paren", "<data", "title=", "term-first", "term-gloss"):
        assert gone in web and gone not in printed
    assert printed.startswith('<p id="x-1">')
    assert (f'<a class="fact" href="{FACTS_LINK}freight_revenue_2024">CNY 320 million</a>'
            in printed)
    assert '<a class="term" href="#glossary-an-dian">shore power</a>' in printed
    assert ('<a class="term" href="#glossary-an-dian">shore power</a><span class="gloss-note '
            'gloss-stop"><span lang="zh-Hans">岸电</span>: Electricity supplied from the quay to '
            "a ship at berth</span>.</p>") in printed
    # the footnote's text stays, only the web's parentheses around it go
    assert text(printed) == text(web).replace(" (岸电", "岸电").replace("berth)", "berth")


def test_a_chart_keeps_its_svg_and_title_without_its_data_table() -> None:
    web = render_chart(make_geometry(BARS, CHART_FACTS), "en")
    printed = print_markup(web)
    assert "<table" in web and "<table" not in printed and "visually-hidden" not in printed
    assert printed == web[:web.index("\n<div")]
    assert "<title id=" in printed
