"""facts: the data downloads open as JSON and CSV with both languages' labels."""

from __future__ import annotations

import csv
import io
import json

from tianxin_report.errors import Problems
from tianxin_report.site.facts import facts_csv, facts_json, key_figures
from tianxin_report.source.load import load_sources
from tianxin_report.source.validate import validate_sources

from .conftest import FIXTURES


def fixture_report():
    report = validate_sources(load_sources(FIXTURES / "bilingual"), Problems())
    assert report is not None
    return report


def test_facts_json_round_trips() -> None:
    data = json.loads(facts_json(fixture_report()).decode("utf-8"))
    assert data["report"] == "river-survey"
    assert data["facts"][1] == {
        "id": "budget", "value": 350000000, "unit": "CNY", "unit_zh": "元", "unit_en": "CNY",
        "shown_zh": "超3.5亿元", "shown_en": "more than CNY 350 million",
        "qualifier": "over", "year": None,
        "as_of": None, "label_zh": "治理投入", "label_en": "Clean-up budget", "note_zh": None,
        "note_en": None, "source": None}


def test_facts_csv_opens_with_a_bom_and_both_labels() -> None:
    raw = facts_csv(fixture_report())
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == ["bridges", "budget"]
    assert rows[0]["label_zh"] == "桥梁数量" and rows[0]["label_en"] == "Bridges"
    assert rows[1]["value"] == "350000000" and rows[1]["qualifier"] == "over"


def test_key_figures_are_the_highlighted_facts() -> None:
    assert key_figures(fixture_report(), "en") == []  # none highlighted in the fixture
