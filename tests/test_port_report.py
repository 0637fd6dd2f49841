"""A second report in another domain (a river port's green transition) builds with no code
change: open units, a report-defined unit (TEU), conversions and percentage points, checked
in both languages and shown with their units on every output. (port_site, the fixture
built once, is in conftest.py: the other engine tests look at it too.)"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from .conftest import FIXTURES, Run, copy_fixture, run_cli
from .site_checks import pdf_text, squeeze

PORT = FIXTURES / "port-report"
FACTS = yaml.safe_load((PORT / "facts.yaml").read_text(encoding="utf-8"))


def test_the_fixture_exercises_open_units() -> None:
    units = {fact["unit"] for fact in FACTS.values()}
    assert len(FACTS) >= 15 and len(units) >= 8
    assert {"TEU", "percentage_point", "USD", "t", "kWh", "MW", "mu", "ha"} <= units
    assert "TEU" in yaml.safe_load((PORT / "units.yaml").read_text(encoding="utf-8"))


def test_it_builds_clean_with_every_figure_verified(port_site: tuple[Path, Run]) -> None:
    _, result = port_site
    assert "error" not in result.stderr and "warning" not in result.stderr, result.stderr


@pytest.mark.parametrize(("lang", "words"), [
    ("zh", ["标准箱", "兆瓦", "亩", "个百分点", "千瓦时", "美元", "吨"]),
    ("en", ["TEU", "MW", "mu", "percentage points", "kWh", "USD", "tonnes"]),
])
def test_units_on_the_facts_page_and_key_figures(port_site: tuple[Path, Run], lang: str,
                                                 words: list[str]) -> None:
    out, _ = port_site
    facts_page = (out / lang / "facts" / "index.html").read_text(encoding="utf-8")
    for word in words:
        assert word in facts_page, word
    article = (out / lang / "index.html").read_text(encoding="utf-8")
    panel = re.search(r'<aside class="key-figures".*?</aside>', article, re.S)
    assert panel is not None
    highlighted = [f for f in FACTS.values() if f.get("highlight") and f["unit"] != "count"]
    shown = {"zh": "标准箱", "en": "TEU"}[lang]
    assert shown in panel[0] and len(highlighted) >= 3


def test_data_files_carry_unit_ids_and_words(port_site: tuple[Path, Run]) -> None:
    out, _ = port_site
    rows = {row["id"]: row for row in
            json.loads((out / "data" / "facts.json").read_text(encoding="utf-8"))["facts"]}
    assert rows["throughput_2024"]["unit"] == "TEU"
    assert (rows["throughput_2024"]["unit_zh"], rows["throughput_2024"]["unit_en"]) == \
        ("标准箱", "TEU")
    assert rows["clean_energy_share_rise"]["shown_en"] == "2.3 percentage points"
    assert rows["clean_energy_share_rise"]["shown_zh"] == "2.3个百分点"
    table = list(csv.DictReader(io.StringIO(
        (out / "data" / "facts.csv").read_text(encoding="utf-8-sig"))))
    assert {r["id"]: r["unit_zh"] for r in table}["solar_capacity"] == "兆瓦"


def test_pdfs_carry_the_units(port_site: tuple[Path, Run]) -> None:
    out, _ = port_site
    zh = squeeze(pdf_text(out / "downloads" / "port-green-transition-zh.pdf"))
    en = pdf_text(out / "downloads" / "port-green-transition-en.pdf")
    assert "120万标准箱" in zh and "个百分点" in zh
    assert "1.2 million TEU" in en and "percentage points" in " ".join(en.split())


def test_figures_in_site_texts_are_checked_and_written_plain(port_site: tuple[Path, Run]
                                                            ) -> None:
    out, _ = port_site
    zh = (out / "zh" / "index.html").read_text(encoding="utf-8")
    en = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<meta name="description" content="[^"]*120万标准箱', zh)
    assert re.search(r'<meta name="description" content="[^"]*1.2 million TEU', en)
    assert "{fact}" not in zh + en


def plant(tmp_path: Path, path: str, old: str, new: str) -> tuple[Path, str]:
    """A copy of the port report with one wording changed; its file:line:col."""
    report = copy_fixture("port-report", tmp_path)
    target = report / path
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    start = text.index(old)
    line = text.count("\n", 0, start) + 1
    col = start - text.rfind("\n", 0, start)
    target.write_text(text.replace(old, new), encoding="utf-8")
    return report, f"{path}:{line}:{col}"


@pytest.mark.parametrize(("path", "old", "new", "shows"), [
    ("zh/02-shore-power.md", "{fact}`7.5万千瓦 <solar_capacity>`",
     "{fact}`75万千瓦 <solar_capacity>`", "= 750,000 kW = 750 MW; expected 75 MW"),
    ("en/03-rail-and-wetland.md", "{fact}`about 200 hectares <wetland_area>`",
     "{fact}`about 2,000 hectares <wetland_area>`", "= about 30,000 mu; expected 3,000 mu"),
    ("en/01-lede.md", "{fact}`2.3 percentage points <clean_energy_share_rise>`",
     "{fact}`2.3% <clean_energy_share_rise>`", "percent and percentage points"),
    ("site.yaml", "{fact}`1.2 million TEU <throughput_2024>`",
     "{fact}`1.2 billion TEU <throughput_2024>`", "expected 1,200,000 TEU"),
    ("zh/01-lede.md", "{fact}`约4500万美元 <freight_revenue_usd_2024>`",
     "{fact}`约4500万元 <freight_revenue_usd_2024>`", "another currency"),
])
def test_a_slip_is_refused_at_its_place(tmp_path: Path, path: str, old: str, new: str,
                                        shows: str) -> None:
    report, where = plant(tmp_path, path, old, new)
    result = run_cli("check", "--content", report)
    assert result.code == 1
    [line] = [x for x in result.stdout.splitlines() + result.stderr.splitlines()
              if "error:" in x]
    assert f"/{where}: error:" in line, line
    assert shows in line and "Traceback" not in result.stderr
