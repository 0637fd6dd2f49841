"""Write a fact as a reader of each language expects it: 667亿元 / CNY 66.7 billion,
6000余家, 7.5万千瓦 / 75 MW, 2024年1月11日 / 11 January 2024 (CLDR formats via babel)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tianxin_report.text.quantities.check import as_number, check_fact, check_lang, iso_date
from tianxin_report.text.quantities.numbers import QuantityError, decimals, grouped, plain
from tianxin_report.units import BUILTIN_TABLE, Unit, UnitTable

ZH_SCALES = ((Decimal(10**12), "万亿"), (Decimal(10**8), "亿"), (Decimal(10**4), "万"))
EN_SCALES = ((Decimal(10**12), " trillion"), (Decimal(10**9), " billion"),
             (Decimal(10**6), " million"))
EN_QUALIFIER = {"over": "more than ", "nearly": "nearly ", "approx": "about ",
                "under": "less than "}
DATE_PATTERNS = {("zh", True): "y年M月d日", ("zh", False): "y年M月",
                 ("en", True): "d MMMM y", ("en", False): "MMMM y"}


def format_date(day: date, lang: str, with_day: bool = True) -> str:
    """A date in the language's long CLDR form: 2024年1月11日, 11 January 2024."""
    from babel.dates import format_date as cldr_date

    return cldr_date(day, DATE_PATTERNS[(lang if lang == "zh" else "en", with_day)],
                     locale="zh_Hans_CN" if lang == "zh" else "en_GB")


def scaled(value: Decimal, scales: tuple[tuple[Decimal, str], ...]) -> tuple[Decimal, str]:
    """The largest scale that leaves at most two decimals (667亿, 5.05 billion)."""
    for size, word in scales:
        if value >= size and decimals(value / size) <= 2:
            return value / size, word
    return value, ""


def format_zh(value: Decimal, unit: Unit, qualifier: str | None) -> str:
    number, scale = scaled(value, ZH_SCALES) if unit.scaled else (value, "")
    shown = f"{plain(number)}{scale}"
    word = unit.chinese()
    if qualifier == "over":
        if unit.yu_after and number == number.to_integral_value():
            return f"{shown}余{word}"
        return f"超{shown}{word}"
    prefix = {"nearly": "近", "approx": "约", "under": "不到"}.get(qualifier or "", "")
    return f"{prefix}{shown}{word}"


def format_en(value: Decimal, unit: Unit, qualifier: str | None) -> str:
    if unit.id == "year":
        shown = plain(value)
    elif not unit.scaled:
        shown = grouped(value)
    else:
        number, scale = scaled(value, EN_SCALES)
        shown = f"{grouped(number)}{scale}"
    body = unit.english(shown)
    if unit.id == "percentage_point" and value == 1:
        body = body.removesuffix("s")
    lead = EN_QUALIFIER.get(qualifier or "", "")
    if qualifier == "under" and unit.kind == "count":
        lead = "fewer than "
    return f"{lead}{body}"


def format_quantity(value: object, unit: str, qualifier: str | None, lang: str,
                    table: UnitTable = BUILTIN_TABLE) -> str:
    """The fact as a reader of that language expects it."""
    check_lang(lang)
    check_fact(unit, qualifier, table)
    if unit == "date":
        iso = iso_date(value)  # type: ignore[arg-type]
        day = date.fromisoformat(iso if len(iso) == 10 else iso + "-01")
        return format_date(day, lang, with_day=len(iso) == 10)
    number = as_number(value)  # type: ignore[arg-type]
    if number < 0:
        raise QuantityError(f"negative quantities are not supported: {value!r}")
    if unit == "year" and not (number == number.to_integral_value() and 1000 <= number <= 9999):
        raise QuantityError(f"a year needs four digits: {value!r}")
    if lang == "zh":
        return format_zh(number, table[unit], qualifier)
    return format_en(number, table[unit], qualifier)


def unit_words(unit: str, table: UnitTable = BUILTIN_TABLE) -> dict[str, str]:
    """The words the engine writes for a unit, by language ('' for a count)."""
    entry = table[unit]
    return {"zh": entry.chinese(),
            "en": entry.english("").strip() if entry.id not in ("count", "year", "date")
            else ""}
