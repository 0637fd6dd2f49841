"""charts: one geometry for every language, accessible SVG, labels that fit."""

from __future__ import annotations

import re
from decimal import Decimal
from xml.etree import ElementTree

from tianxin_report.errors import Location
from tianxin_report.model import Chart, Fact
from tianxin_report.text.charts import WIDTH, make_geometry, render_chart, text_width, wrap

HERE = Location("facts.yaml", 1, 1)
FACTS = {
    "scale_2023": Fact("scale_2023", Decimal(35000000000), "CNY",
                       {"zh": "2023年规模", "en": "2023"}, HERE),
    "target_2024": Fact("target_2024", Decimal(42000000000), "CNY",
                        {"zh": "2024年目标", "en": "2024 target"}, HERE, qualifier="target"),
    "loan": Fact("loan", "2024-01-11", "date",
                 {"zh": "首笔数据资产贷款", "en": "First data-asset loan"}, HERE),
    "exit": Fact("exit", Decimal(2017), "year", {"zh": "退出令", "en": "Exit order"}, HERE),
}
BARS = Chart("scale", "bars", {"zh": "数字经济规模", "en": "Digital-economy scale"},
             ("scale_2023", "target_2024"), HERE)
TIMELINE = Chart("when", "timeline", {"zh": "时间线", "en": "Timeline"}, ("loan", "exit"), HERE)


def shapes(svg: str) -> list[str]:
    """The drawn geometry of an SVG, without its text."""
    return re.findall(r"<(?:rect|circle|line) [^>]*>", svg)


def test_both_languages_draw_the_same_geometry() -> None:
    geometry = make_geometry(BARS, FACTS)
    zh, en = render_chart(geometry, "zh"), render_chart(geometry, "en")
    assert shapes(zh) == shapes(en) and len(shapes(zh)) == 2
    widths = [float(w) for w in re.findall(r'\swidth="([\d.]+)"', zh)]
    assert widths[1] == WIDTH - 110 and round(widths[0] / widths[1], 3) == round(35 / 42, 3)
    assert "350亿元" in zh and "CNY 35 billion" in en and "CNY 42 billion" in en
    assert 'class="chart-bar chart-target"' in zh  # a target is drawn differently


def test_chart_is_accessible_svg_with_a_data_table() -> None:
    html = render_chart(make_geometry(BARS, FACTS), "en")
    svg = html[html.index("<svg"):html.index("</svg>") + 6]
    root = ElementTree.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-scale-en-t chart-scale-en-d"
    assert root.find(f"{ns}title").text == "Digital-economy scale"
    assert root.find(f"{ns}desc").text == "2023: CNY 35 billion; 2024 target: CNY 42 billion"
    assert '<th scope="row">2024 target</th><td>CNY 42 billion</td>' in html


def test_the_charts_title_is_a_visible_heading_above_it() -> None:
    html = render_chart(make_geometry(BARS, FACTS), "en")
    assert html.startswith('<figcaption class="chart-title">Digital-economy scale</figcaption>')
    assert html.index("chart-title") < html.index("<svg")


def test_timeline_orders_events_by_date() -> None:
    html = render_chart(make_geometry(TIMELINE, FACTS), "zh")
    assert html.index("退出令") < html.index("首笔数据资产贷款")
    assert "2024年1月11日" in html


def test_wrap_keeps_labels_within_the_width() -> None:
    lines = wrap("Major projects signed in 2023 worth over CNY 5 billion", 200)
    assert len(lines) == 2 and all(text_width(line) <= 200 for line in lines)
    assert wrap("2023年签约50亿元以上重大项目", 120) == ["2023年签约50亿元", "以上重大项目"]
    assert wrap("word " * 40, 100)[-1].endswith("…")
