"""The facts as readers get them: key figures, the facts table, JSON and CSV downloads."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from tianxin_report.model import Fact, Report
from tianxin_report.text.quantities import BUILTIN_TABLE, UnitTable, format_quantity, unit_words

CSV_COLUMNS = ("id", "value", "unit", "unit_zh", "unit_en", "qualifier", "shown_zh", "shown_en",
               "year", "as_of", "label_zh", "label_en", "note_zh", "note_en", "source")


def shown(fact: Fact, lang: str, units: UnitTable = BUILTIN_TABLE) -> str:
    """The fact's value as a reader of `lang` writes it, with its unit."""
    return format_quantity(fact.value, fact.unit, fact.qualifier, lang, units)


def fact_row(fact: Fact, units: UnitTable = BUILTIN_TABLE) -> dict[str, Any]:
    """One fact as plain data: the unit's id and words, both languages' labels."""
    value: Any = fact.value if isinstance(fact.value, str) else (
        int(fact.value) if fact.value == fact.value.to_integral_value() else float(fact.value))
    words = unit_words(fact.unit, units)
    return {"id": fact.id, "value": value, "unit": fact.unit, "unit_zh": words["zh"],
            "unit_en": words["en"], "qualifier": fact.qualifier,
            "shown_zh": shown(fact, "zh", units), "shown_en": shown(fact, "en", units),
            "year": fact.year, "as_of": fact.as_of,
            "label_zh": fact.label.get("zh"), "label_en": fact.label.get("en"),
            "note_zh": (fact.note or {}).get("zh"), "note_en": (fact.note or {}).get("en"),
            "source": fact.source}


def facts_json(report: Report) -> bytes:
    """facts.json: the report's slug and every fact, UTF-8, stable key order."""
    data = {"report": report.site.slug,
            "facts": [fact_row(f, report.units) for f in report.facts.values()]}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def facts_csv(report: Report) -> bytes:
    """facts.csv: UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for fact in report.facts.values():
        row = fact_row(fact, report.units)
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def facts_view(report: Report, lang: str) -> list[dict[str, Any]]:
    """Every fact for the page's facts table, in facts.yaml order."""
    return [{"id": f.id, "value": shown(f, lang, report.units),
             "label": f.label.get(lang) or next(iter(f.label.values())),
             "when": f.as_of or (str(f.year) if f.year else ""), "source": f.source or "",
             "highlight": f.highlight} for f in report.facts.values()]


def key_figures(report: Report, lang: str) -> list[dict[str, Any]]:
    """The facts marked `highlight: true`, for the key-figures panel."""
    return [row for row in facts_view(report, lang) if row["highlight"]]
