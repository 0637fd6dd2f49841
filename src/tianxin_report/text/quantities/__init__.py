"""Figures: read Chinese and English wordings, check them against facts, write facts.

The package is four jobs: `units` (what a figure can be stated in, conversions by pint),
`zh` and `en` (take a wording apart), `check` (does a wording state a fact), `format`
(write a fact in each language). `numbers` holds what they share: the precision rules.
"""

from __future__ import annotations

from tianxin_report.text.quantities.check import (
    LANGS,
    FactValue,
    check_wording,
    read_quantity,
)
from tianxin_report.text.quantities.format import format_date, format_quantity, unit_words
from tianxin_report.text.quantities.numbers import QuantityError, Reading
from tianxin_report.text.quantities.patterns import figure_pattern
from tianxin_report.units import (
    BUILTIN,
    BUILTIN_IDS,
    BUILTIN_TABLE,
    QUALIFIERS,
    Unit,
    UnitTable,
    report_unit,
)

__all__ = [
    "BUILTIN",
    "BUILTIN_IDS",
    "BUILTIN_TABLE",
    "LANGS",
    "QUALIFIERS",
    "FactValue",
    "QuantityError",
    "Reading",
    "Unit",
    "UnitTable",
    "check_wording",
    "figure_pattern",
    "format_date",
    "format_quantity",
    "read_quantity",
    "report_unit",
    "unit_words",
]
