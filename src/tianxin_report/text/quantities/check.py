"""Check that a wording states a fact: same unit (or one that converts), same value
within the wording's precision, a matching qualifier; dates as the same day or month.

A wording fits a fact when the fact's value lies in the wording's interval (numbers.py),
or when both carry the same qualifier and the number written equals the value (6000余家
for a fact of 6000, 'over'). 'estimate' and 'target' facts need no wording of their own.
A unit written must be the fact's unit or convert to it (7.5万千瓦 states 75 MW); a count
word or noun fits only 'count'; a bare number fits any unit.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from tianxin_report.text.quantities import en, zh
from tianxin_report.text.quantities.convert import conversion_factor
from tianxin_report.text.quantities.numbers import (
    DASH,
    Parse,
    QuantityError,
    Reading,
    bounds,
    date_parse,
    grouped,
    normalize,
    plain,
    tidy,
)
from tianxin_report.units import BUILTIN_TABLE, QUALIFIERS, UnitTable

LANGS = ("zh", "en")
FactValue = Decimal | int | float | str | date
_SHOWN_QUALIFIER = {"over": "over ", "nearly": "nearly ", "under": "under ", "approx": "about "}


def check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise QuantityError(f"unknown language {lang!r}; expected 'zh' or 'en'")


def check_fact(unit: str, qualifier: str | None, table: UnitTable) -> None:
    if unit not in table:
        raise QuantityError(f"unknown unit {unit!r}")
    if qualifier is not None and qualifier not in QUALIFIERS:
        raise QuantityError(f"unknown qualifier {qualifier!r}")


def parse(text: str, lang: str, table: UnitTable = BUILTIN_TABLE) -> Parse:
    """Take a wording apart, or say why it cannot be read."""
    check_lang(lang)
    normal = normalize(text)
    try:
        return zh.parse(normal, table) if lang == "zh" else en.parse(normal, table)
    except QuantityError as exc:
        detail = f": {exc}" if str(exc) else ""
        raise QuantityError(f"cannot read a number in “{text}”{detail}") from None


def read_quantity(text: str, lang: str, table: UnitTable = BUILTIN_TABLE) -> Reading:
    """What text states: its interval, unit and qualifier."""
    parsed = parse(text, lang, table)
    low, high = bounds(parsed)
    shown = parsed.iso or plain(parsed.low)
    if parsed.iso is None and parsed.high != parsed.low:
        shown = f"{shown}{DASH}{plain(parsed.high)}"
    return Reading(low, high, parsed.unit, parsed.qualifier, shown, parsed.measure)


def as_number(value: FactValue) -> Decimal:
    """A fact's value as an exact Decimal (a float as its shortest repr)."""
    if isinstance(value, (bool, date)):
        raise QuantityError(f"not a number: {value!r}")
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise QuantityError(f"not a number: {value!r}") from None
    if not number.is_finite():
        raise QuantityError(f"not a finite number: {value!r}")
    return number


def iso_date(value: FactValue) -> str:
    """A 'date' fact's value as 'YYYY-MM' or 'YYYY-MM-DD', validated."""
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", str(value))
    if match is None:
        raise QuantityError(f"a date fact needs 'YYYY-MM' or 'YYYY-MM-DD', not {value!r}")
    date_parse(int(match[1]), int(match[2]), int(match[3]) if match[3] else None)
    return match[0]


def fits(parsed: Parse, value: Decimal, qualifier: str | None) -> bool:
    """Whether a value (in the wording's unit) lies in what the wording states."""
    if parsed.qualifier is not None and parsed.qualifier == qualifier and value == parsed.low:
        return True  # 6000余家 for a fact of 6000, 'over'
    low, high = bounds(parsed)
    if parsed.qualifier == "over":
        return low < value < high
    if parsed.qualifier in ("nearly", "under"):
        return low <= value < high
    return low <= value <= high


def describe(parsed: Parse, unit: str | None, table: UnitTable) -> str:
    """'over 6,000', '7–8', 'CNY 66,700,000,000', '750 MW', '52%'."""
    show = plain if unit == "year" else grouped
    low, high = tidy(parsed.low), tidy(parsed.high)
    shown = show(low) if high == low else f"{show(low)}{DASH}{show(high)}"
    if unit and unit != "count" and unit in table:
        shown = table[unit].english(shown)
    return f"{_SHOWN_QUALIFIER.get(parsed.qualifier or '', '')}{shown}"


def unit_name(unit: str, table: UnitTable) -> str:
    """A unit as messages name it: its English symbol or word (tonnes, kW, TEU, CNY)."""
    entry = table[unit]
    if entry.kind == "currency" or not entry.en:
        return unit
    return entry.en[0]


def why_not(written: str, unit: str, table: UnitTable) -> str:
    """Why a wording's unit cannot state the fact's."""
    kinds = {table[written].kind, table[unit].kind}
    if unit == "count":
        return f"a count takes a count word such as 个, 家 or 人次, not {unit_name(written, table)}"
    if written == "count":
        return f"a count word cannot state a figure in {unit_name(unit, table)}"
    if kinds == {"currency"}:
        return "another currency: amounts are not converted between currencies"
    if {written, unit} == {"percent", "percentage_point"}:
        return "percent and percentage points are different things"
    return f"{unit_name(written, table)} does not convert to {unit_name(unit, table)}"


def check_date(parsed: Parse, text: str, expected: str) -> str | None:
    iso = parsed.iso or ""
    if iso == expected or (iso.startswith("--") and expected.endswith(iso[1:])
                           and len(expected) == 10):
        return None
    got = parsed.iso or plain(parsed.low)
    if got.startswith("--"):
        got = f"{got[2:]} (month-day)"
    return f"reads {text.strip()} = {got}; expected {expected}"


def check_wording(text: str, lang: str, value: FactValue, unit: str, qualifier: str | None,
                  table: UnitTable = BUILTIN_TABLE) -> str | None:
    """None when the wording states the fact; else one line naming what was read
    (after any conversion) and what was expected."""
    check_lang(lang)
    check_fact(unit, qualifier, table)
    expected_date = iso_date(value) if unit == "date" else None
    number = as_number(value) if expected_date is None else Decimal(0)
    try:
        parsed = parse(text, lang, table)
    except QuantityError as exc:
        return str(exc)
    if expected_date is not None:
        return check_date(parsed, text, expected_date)
    want = describe(Parse(number, number, number, number, qualifier=qualifier), unit, table)
    written = parsed.unit or ("count" if parsed.measure is not None else None)
    stated = describe(parsed, written, table)
    read = f"reads {text.strip()}" + ("" if stated == normalize(text) else f" = {stated}")
    if written is None or written == unit:
        return None if fits(parsed, number, qualifier) else f"{read}; expected {want}"
    factor = conversion_factor(table[written], table[unit]) if written in table else None
    if factor is None:
        return f"{read}; expected {want} ({why_not(written, unit, table)})"
    converted = parsed.scaled(factor, unit)
    if fits(converted, number, qualifier):
        return None
    return f"{read} = {describe(converted, unit, table)}; expected {want}"
