"""Tests for reading, checking and rendering the report's figures."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from tianxin_report.text.quantities import (
    BUILTIN_TABLE,
    FactValue,
    QuantityError,
    Reading,
    check_wording,
    format_quantity,
    read_quantity,
    report_unit,
)

D = Decimal
NUMERIC_UNITS = ("CNY", "percent", "count", "km2", "m2", "mu", "li", "PFLOPS", "km")
QUALIFIERS = (None, "approx", "over", "nearly", "estimate", "target")

# text, low, high, unit, qualifier, text as read
ZH_READINGS = [
    ("667亿元", "66650000000", "66750000000", "CNY", None, "66700000000"),
    ("50.5亿元", "5045000000", "5055000000", "CNY", None, "5050000000"),
    ("500万元", "4995000", "5005000", "CNY", None, "5000000"),
    ("近70个", "63", "70", None, "nearly", "70"),
    ("6000余家", "6000", "7000", None, "over", "6000"),
    ("6000多家", "6000", "7000", None, "over", "6000"),
    ("超百亿元", "10000000000", "20000000000", "CNY", "over", "10000000000"),
    ("5000P", "4999.5", "5000.5", "PFLOPS", None, "5000"),
    ("528.32平方公里", "528.315", "528.325", "km2", None, "528.32"),
    ("15万里", "145000", "155000", "li", None, "150000"),
    ("2万余人", "20000", "30000", None, "over", "20000"),
    ("10多亿元", "1000000000", "2000000000", "CNY", "over", "1000000000"),
    ("10亿多元", "1000000000", "1100000000", "CNY", "over", "1000000000"),
    ("近5成", "45", "50", "percent", "nearly", "50"),
    ("近9成", "81", "90", "percent", "nearly", "90"),
    ("9成", "85", "95", "percent", None, "90"),
    ("七八家", "7", "8", None, None, "7–8"),
    ("两三万", "20000", "30000", None, None, "20000–30000"),
    ("近万人", "9000", "10000", None, "nearly", "10000"),
    ("约4000平方米", "3600", "4400", "m2", "approx", "4000"),
    ("4000平方米左右", "3600", "4400", "m2", "approx", "4000"),
    ("2亿元以上", "200000000", "300000000", "CNY", "over", "200000000"),
    ("上千", "1000", "2000", None, "over", "1000"),
    ("近两圈", "1.8", "2", None, "nearly", "2"),
    ("20座", "19.5", "20.5", None, None, "20"),
    ("20多条", "20", "30", None, "over", "20"),
    ("100多家", "100", "200", None, "over", "100"),
    ("958亩", "957.5", "958.5", "mu", None, "958"),
    ("15%", "14.5", "15.5", "percent", None, "15"),
    ("52%", "51.5", "52.5", "percent", None, "52"),
    ("百分之十五", "14.5", "15.5", "percent", None, "15"),
    ("百分之五十二", "51.5", "52.5", "percent", None, "52"),
    ("1.2万", "11500", "12500", None, None, "12000"),
    ("两千", "1999.5", "2000.5", None, None, "2000"),
    ("三千五百", "3499.5", "3500.5", None, None, "3500"),
    ("三千五", "3450", "3550", None, None, "3500"),
    ("一万五", "14500", "15500", None, None, "15000"),
    ("二十五", "24.5", "25.5", None, None, "25"),
    ("一千零五十", "1049.5", "1050.5", None, None, "1050"),
    ("3千", "2500", "3500", None, None, "3000"),
    ("1亿2000万", "119995000", "120005000", None, None, "120000000"),
    ("3万亿", "2500000000000", "3500000000000", None, None, "3000000000000"),
    ("6,000家", "5999.5", "6000.5", None, None, "6000"),
    ("６０００余家", "6000", "7000", None, "over", "6000"),
    ("2023年", "2022.5", "2023.5", "year", None, "2023"),
    ("二〇二三年", "2022.5", "2023.5", "year", None, "2023"),
    ("2023年10月", "20231001", "20231031", "date", None, "2023-10"),
    ("2024年1月11日", "20240111", "20240111", "date", None, "2024-01-11"),
    ("2024年2月", "20240201", "20240229", "date", None, "2024-02"),
]

EN_READINGS = [
    ("CNY 66.7 billion", "66650000000", "66750000000", "CNY", None, "66700000000"),
    ("CNY 66.7bn", "66650000000", "66750000000", "CNY", None, "66700000000"),
    ("CNY 5.05 billion", "5045000000", "5055000000", "CNY", None, "5050000000"),
    ("CNY 5m", "4500000", "5500000", "CNY", None, "5000000"),
    ("5 million yuan", "4500000", "5500000", "CNY", None, "5000000"),
    ("RMB 500,000", "499999.5", "500000.5", "CNY", None, "500000"),
    ("nearly 70", "63", "70", None, "nearly", "70"),
    ("almost 70", "63", "70", None, "nearly", "70"),
    ("more than 6,000", "6000", "7000", None, "over", "6000"),
    ("upwards of 6,000", "6000", "7000", None, "over", "6000"),
    ("6,000+ companies", "6000", "7000", None, "over", "6000"),
    ("6,000 or more", "6000", "7000", None, "over", "6000"),
    (
        "over 10 billion yuan",
        "10000000000",
        "20000000000",
        "CNY",
        "over",
        "10000000000",
    ),
    ("over CNY 10 billion", "10000000000", "20000000000", "CNY", "over", "10000000000"),
    ("5,000 PFLOPS", "4999.5", "5000.5", "PFLOPS", None, "5000"),
    ("5,000 petaflops", "4999.5", "5000.5", "PFLOPS", None, "5000"),
    ("528.32 km²", "528.315", "528.325", "km2", None, "528.32"),
    ("528.32 square kilometres", "528.315", "528.325", "km2", None, "528.32"),
    ("528.32 sq km", "528.315", "528.325", "km2", None, "528.32"),
    ("150,000 li", "149999.5", "150000.5", "li", None, "150000"),
    ("15%", "14.5", "15.5", "percent", None, "15"),
    ("52 per cent", "51.5", "52.5", "percent", None, "52"),
    ("52 percent", "51.5", "52.5", "percent", None, "52"),
    ("958 mu", "957.5", "958.5", "mu", None, "958"),
    ("about 4,000 m²", "3600", "4400", "m2", "approx", "4000"),
    ("around 4,000 square metres", "3600", "4400", "m2", "approx", "4000"),
    ("some 4,000 m²", "3600", "4400", "m2", "approx", "4000"),
    ("roughly 4,000", "3600", "4400", None, "approx", "4000"),
    ("approximately 4,000", "3600", "4400", None, "approx", "4000"),
    ("nearly 90%", "81", "90", "percent", "nearly", "90"),
    ("nearly 10,000", "9000", "10000", None, "nearly", "10000"),
    ("two", "1.5", "2.5", None, None, "2"),
    ("nearly two laps", "1.8", "2", None, "nearly", "2"),
    ("seven or eight", "7", "8", None, None, "7–8"),
    ("7–8 companies", "7", "8", None, None, "7–8"),
    ("twenty-five", "24.5", "25.5", None, None, "25"),
    ("two hundred and fifty", "249.5", "250.5", None, None, "250"),
    ("a dozen", "11.5", "12.5", None, None, "12"),
    ("ten thousand", "9500", "10500", None, None, "10000"),
    ("a million", "500000", "1500000", None, None, "1000000"),
    ("1.2 million", "1150000", "1250000", None, None, "1200000"),
    ("2019", "2018.5", "2019.5", None, None, "2019"),
    ("January 11, 2024", "20240111", "20240111", "date", None, "2024-01-11"),
    ("11 January 2024", "20240111", "20240111", "date", None, "2024-01-11"),
    ("Jan. 11, 2024", "20240111", "20240111", "date", None, "2024-01-11"),
    ("October 2023", "20231001", "20231031", "date", None, "2023-10"),
]


def _reading(low: str, high: str, unit: str | None, qualifier: str | None, text: str) -> Reading:
    return Reading(D(low), D(high), unit, qualifier, text)


@pytest.mark.parametrize(("text", "low", "high", "unit", "qualifier", "shown"), ZH_READINGS)
def test_read_zh(
    text: str, low: str, high: str, unit: str | None, qualifier: str | None, shown: str
) -> None:
    assert read_quantity(text, "zh") == _reading(low, high, unit, qualifier, shown)


@pytest.mark.parametrize(("text", "low", "high", "unit", "qualifier", "shown"), EN_READINGS)
def test_read_en(
    text: str, low: str, high: str, unit: str | None, qualifier: str | None, shown: str
) -> None:
    assert read_quantity(text, "en") == _reading(low, high, unit, qualifier, shown)


# wording, lang, value, unit, qualifier: the wording states the fact
MATCHES: list[tuple[str, str, FactValue, str, str | None]] = [
    ("667亿元", "zh", 66700000000, "CNY", "estimate"),
    ("667亿元", "zh", 66712000000, "CNY", None),  # rounded in the prose
    ("近70个", "zh", 70, "count", "nearly"),
    ("近70个", "zh", 68, "count", None),
    ("70个", "zh", 70, "count", "nearly"),  # the prose may drop the qualifier
    ("6000余家", "zh", 6000, "count", "over"),
    ("6000多家", "zh", 6000, "count", "over"),
    ("6000余家", "zh", 6500, "count", None),
    ("6000家", "zh", 6000, "count", "over"),
    ("超百亿元", "zh", 10**10, "CNY", "over"),
    ("超百亿元", "zh", 1.2e10, "CNY", None),
    ("5000P", "zh", 5000, "PFLOPS", None),
    ("528.32平方公里", "zh", 528.32, "km2", None),
    ("15万里", "zh", 150000, "li", None),
    ("2万余人", "zh", 20000, "count", "over"),
    ("10多亿元", "zh", 10**9, "CNY", "over"),
    ("近5成", "zh", 50, "percent", "nearly"),
    ("近5成", "zh", 48, "percent", None),
    ("近9成", "zh", 90, "percent", "nearly"),
    ("七八家", "zh", 7, "count", None),
    ("七八家", "zh", 8, "count", "approx"),
    ("近万人", "zh", 10000, "count", "nearly"),
    ("约4000平方米", "zh", 4000, "m2", "approx"),
    ("约4000平方米", "zh", 4000, "m2", "estimate"),
    ("约4000平方米", "zh", 4300, "m2", None),
    ("20座", "zh", 20, "count", None),
    ("361家", "zh", 361, "count", None),
    ("15%", "zh", 15, "percent", "estimate"),
    ("52%", "zh", 52, "percent", None),
    ("958亩", "zh", 958, "mu", None),
    ("50.5亿元", "zh", 5050000000, "CNY", None),
    ("500万元", "zh", 5000000, "CNY", None),
    ("420亿元", "zh", 42000000000, "CNY", "target"),
    ("20多条", "zh", 20, "count", "over"),
    ("100多家", "zh", 100, "count", "over"),
    ("2023年", "zh", 2023, "year", None),
    ("500万", "zh", 5000000, "CNY", None),  # bare number: the prose supplies 元
    ("2023年10月", "zh", "2023-10", "date", None),
    ("2024年1月11日", "zh", "2024-01-11", "date", None),
    ("2024年1月11日", "zh", date(2024, 1, 11), "date", None),
    ("CNY 66.7 billion", "en", 6.67e10, "CNY", "estimate"),
    ("nearly 70", "en", 70, "count", "nearly"),
    ("more than 6,000", "en", 6000, "count", "over"),
    ("over 10 billion yuan", "en", 10**10, "CNY", "over"),
    ("over CNY 10 billion", "en", 10**10, "CNY", "over"),
    ("5,000 PFLOPS", "en", 5000, "PFLOPS", None),
    ("528.32 km²", "en", Decimal("528.32"), "km2", None),
    ("528.32 square kilometres", "en", 528.32, "km2", None),
    ("150,000 li", "en", 150000, "li", None),
    ("15%", "en", 15, "percent", "estimate"),
    ("52 per cent", "en", 52, "percent", None),
    ("958 mu", "en", 958, "mu", None),
    ("about 4,000 m²", "en", 4000, "m2", "approx"),
    ("nearly 90%", "en", 90, "percent", "nearly"),
    ("seven or eight", "en", 8, "count", None),
    ("nearly two", "en", 2, "count", "nearly"),
    ("January 11, 2024", "en", "2024-01-11", "date", None),
    ("11 January 2024", "en", "2024-01-11", "date", None),
    ("October 2023", "en", "2023-10", "date", None),
    ("2019", "en", 2019, "year", None),
]


@pytest.mark.parametrize(("text", "lang", "value", "unit", "qualifier"), MATCHES)
def test_wording_states_fact(
    text: str, lang: str, value: FactValue, unit: str, qualifier: str | None
) -> None:
    assert check_wording(text, lang, value, unit, qualifier) is None


# wording, lang, value, unit, qualifier, reason
MISMATCHES: list[tuple[str, str, FactValue, str, str | None, str]] = [
    (
        "668亿元",
        "zh",
        66700000000,
        "CNY",
        None,
        "reads 668亿元 = CNY 66,800,000,000; expected CNY 66,700,000,000",
    ),
    (
        "668亿元",
        "zh",
        66700000000,
        "CNY",
        "estimate",
        "reads 668亿元 = CNY 66,800,000,000; expected CNY 66,700,000,000",
    ),
    ("316家", "zh", 361, "count", None, "reads 316家 = 316; expected 361"),
    (
        "CNY 67.7 billion",
        "en",
        6.67e10,
        "CNY",
        None,
        "reads CNY 67.7 billion = CNY 67,700,000,000; expected CNY 66,700,000,000",
    ),
    ("nearly 70", "en", 80, "count", None, "reads nearly 70; expected 80"),
    (
        "528.32 km²",
        "en",
        528.32,
        "mu",
        None,
        "reads 528.32 km² = 792,480 mu; expected 528.32 mu",
    ),
    (
        "6000余家",
        "zh",
        6000,
        "count",
        None,
        "reads 6000余家 = over 6,000; expected 6,000",
    ),
    (
        "6000余家",
        "zh",
        8000,
        "count",
        "over",
        "reads 6000余家 = over 6,000; expected over 8,000",
    ),
    ("近70个", "zh", 70, "count", None, "reads 近70个 = nearly 70; expected 70"),
    ("近70个", "zh", 70, "count", "over", "reads 近70个 = nearly 70; expected over 70"),
    (
        "近万人",
        "zh",
        6000,
        "count",
        "nearly",
        "reads 近万人 = nearly 10,000; expected nearly 6,000",
    ),
    ("七八家", "zh", 9, "count", None, "reads 七八家 = 7–8; expected 9"),
    (
        "seven or eight",
        "en",
        6,
        "count",
        None,
        "reads seven or eight = 7–8; expected 6",
    ),
    ("667家", "zh", 667, "CNY", None,
     "reads 667家 = 667; expected CNY 667 (a count word cannot state a figure in CNY)"),
    (
        "52 per cent",
        "en",
        52,
        "count",
        None,
        "reads 52 per cent = 52%; expected 52"
        " (a count takes a count word such as 个, 家 or 人次, not %)",
    ),
    (
        "近5成",
        "zh",
        50,
        "count",
        "nearly",
        "reads 近5成 = nearly 50%; expected nearly 50"
        " (a count takes a count word such as 个, 家 or 人次, not %)",
    ),
    (
        "超百亿元",
        "zh",
        2.5e10,
        "CNY",
        "over",
        "reads 超百亿元 = over CNY 10,000,000,000; expected over CNY 25,000,000,000",
    ),
    (
        "约4000平方米",
        "zh",
        5000,
        "m2",
        "approx",
        "reads 约4000平方米 = about 4,000 m²; expected about 5,000 m²",
    ),
    (
        "2023年",
        "zh",
        2024,
        "year",
        None,
        "reads 2023年 = 2023; expected 2024",
    ),
    (
        "2023年10月",
        "zh",
        "2023-11",
        "date",
        None,
        "reads 2023年10月 = 2023-10; expected 2023-11",
    ),
    (
        "2024年1月11日",
        "zh",
        "2024-01",
        "date",
        None,
        "reads 2024年1月11日 = 2024-01-11; expected 2024-01",
    ),
    (
        "October 2023",
        "en",
        date(2023, 10, 1),
        "date",
        None,
        "reads October 2023 = 2023-10; expected 2023-10-01",
    ),
    ("很多", "zh", 100, "count", None, "cannot read a number in “很多”"),
    ("", "zh", 100, "count", None, "cannot read a number in “”"),
    ("many", "en", 100, "count", None, "cannot read a number in “many”"),
    (
        "5000万美元",
        "zh",
        5 * 10**7,
        "CNY",
        None,
        "reads 5000万美元 = USD 50,000,000; expected CNY 50,000,000"
        " (another currency: amounts are not converted between currencies)",
    ),
]


@pytest.mark.parametrize(("text", "lang", "value", "unit", "qualifier", "reason"), MISMATCHES)
def test_wording_contradicts_fact(
    text: str,
    lang: str,
    value: FactValue,
    unit: str,
    qualifier: str | None,
    reason: str,
) -> None:
    assert check_wording(text, lang, value, unit, qualifier) == reason


# text, lang, detail after “cannot read a number in “…””
UNREADABLE = [
    ("很多", "zh", ""),
    ("", "zh", ""),
    ("   ", "en", ""),
    ("", "en", ""),
    ("many", "en", ""),
    ("a few", "en", ""),
    ("5000万kt", "zh", "unexpected “kt”"),
    ("二两", "zh", "two digits in a row"),
    ("十百", "zh", "numeral units out of order"),
    ("6,00家", "zh", "“6,00” is not a well-formed number"),
    ("近6000余家", "zh", "conflicting qualifiers “nearly” and “over”"),
    ("约七八家", "zh", "a range cannot carry a qualifier"),
    ("百分之十五%", "zh", "百分之 takes no unit"),
    ("2023年13月", "zh", "2023-13 is not a calendar date"),
    ("February 30, 2024", "en", "2024-02-30 is not a calendar date"),
    ("5m", "en", "“m” means million only with a currency"),
    ("CNY 5 km", "en", "CNY and km in one wording"),
    ("15 apples!", "en", "unexpected “apples!”"),
]


@pytest.mark.parametrize(("text", "lang", "detail"), UNREADABLE)
def test_unreadable_wording_raises(text: str, lang: str, detail: str) -> None:
    with pytest.raises(QuantityError) as caught:
        read_quantity(text, lang)
    message = f"cannot read a number in “{text}”" + (f": {detail}" if detail else "")
    assert str(caught.value) == message


def test_quantity_error_is_value_error() -> None:
    with pytest.raises(ValueError, match="很多"):
        read_quantity("很多", "zh")


# value, unit, qualifier, Chinese, English
FORMATS: list[tuple[FactValue, str, str | None, str, str]] = [
    (66700000000, "CNY", None, "667亿元", "CNY 66.7 billion"),
    (6.67e10, "CNY", None, "667亿元", "CNY 66.7 billion"),
    (5050000000, "CNY", None, "50.5亿元", "CNY 5.05 billion"),
    (5000000, "CNY", None, "500万元", "CNY 5 million"),
    (1.5e12, "CNY", None, "1.5万亿元", "CNY 1.5 trillion"),
    (66.7, "CNY", None, "66.7元", "CNY 66.7"),
    (1234500000, "CNY", None, "123450万元", "CNY 1,234.5 million"),
    (150000, "li", None, "15万里", "150,000 li"),
    (20000, "count", None, "2万", "20,000"),
    (6000, "count", None, "6000", "6,000"),
    (12345, "count", None, "12345", "12,345"),
    (15, "percent", None, "15%", "15%"),
    (Decimal("52.0"), "percent", None, "52%", "52%"),
    (528.32, "km2", None, "528.32平方公里", "528.32 km²"),
    (958, "mu", None, "958亩", "958 mu"),
    (5000, "PFLOPS", None, "5000P", "5,000 PFLOPS"),
    (1200, "km", None, "1200公里", "1,200 km"),
    (6000, "count", "over", "6000余", "more than 6,000"),
    (20000, "count", "over", "2万余", "more than 20,000"),
    (150000, "li", "over", "15万余里", "more than 150,000 li"),
    (10**10, "CNY", "over", "超100亿元", "more than CNY 10 billion"),
    (528.32, "km2", "over", "超528.32平方公里", "more than 528.32 km²"),
    (15, "percent", "over", "超15%", "more than 15%"),
    (70, "count", "nearly", "近70", "nearly 70"),
    (90, "percent", "nearly", "近90%", "nearly 90%"),
    (4000, "m2", "approx", "约4000平方米", "about 4,000 m²"),
    (66700000000, "CNY", "estimate", "667亿元", "CNY 66.7 billion"),
    (42000000000, "CNY", "target", "420亿元", "CNY 42 billion"),
    (2023, "year", None, "2023年", "2023"),
    ("2024-01-11", "date", None, "2024年1月11日", "11 January 2024"),
    (date(2024, 1, 11), "date", None, "2024年1月11日", "11 January 2024"),
    ("2023-10", "date", None, "2023年10月", "October 2023"),
]


@pytest.mark.parametrize(("value", "unit", "qualifier", "zh", "en"), FORMATS)
def test_format(value: FactValue, unit: str, qualifier: str | None, zh: str, en: str) -> None:
    assert format_quantity(value, unit, qualifier, "zh") == zh
    assert format_quantity(value, unit, qualifier, "en") == en


@pytest.mark.parametrize(("value", "unit", "qualifier", "zh", "en"), FORMATS)
def test_formats_state_their_fact(
    value: FactValue, unit: str, qualifier: str | None, zh: str, en: str
) -> None:
    assert check_wording(zh, "zh", value, unit, qualifier) is None
    assert check_wording(en, "en", value, unit, qualifier) is None


def _values() -> list[Decimal]:
    """Hand-picked values plus a fixed pseudo-random spread of magnitudes."""
    picked = "0 1 2 7 12 52 70 99 100 361 958 999 1000 6000 9999 10000 12000 20000"
    picked += " 150000 5000000 5050000000 66700000000 10000000000 1500000000000"
    picked += " 528.32 0.5 0.01 66.7 12345.678 0.30000000000000004"
    values = [Decimal(text) for text in picked.split()]
    rng = random.Random(20240111)
    for _ in range(300):
        mantissa = rng.randint(1, 10 ** rng.randint(1, 6) - 1)
        values.append(Decimal(mantissa).scaleb(rng.randint(-3, 12)))
    return values


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("unit", NUMERIC_UNITS)
def test_round_trip_numbers(unit: str, lang: str) -> None:
    failures = []
    for value in _values():
        for qualifier in QUALIFIERS:
            wording = format_quantity(value, unit, qualifier, lang)
            reason = check_wording(wording, lang, value, unit, qualifier)
            if reason is not None:
                failures.append((value, qualifier, wording, reason))
    assert failures == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip_floats(lang: str) -> None:
    floats = [6.67e10, 0.1 + 0.2, 528.32, 1 / 3, 5.05e9, 1e-3, 123456.789]
    failures = []
    for value in floats:
        for unit in NUMERIC_UNITS:
            for qualifier in QUALIFIERS:
                wording = format_quantity(value, unit, qualifier, lang)
                assert not re.search(r"\d[eE][-+]?\d", wording), wording
                if check_wording(wording, lang, value, unit, qualifier) is not None:
                    failures.append((value, unit, qualifier, wording))
    assert failures == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_round_trip_years_and_dates(lang: str) -> None:
    failures: list[tuple[FactValue, str | None, str]] = []
    for year in range(1000, 10000, 37):
        for qualifier in QUALIFIERS:
            wording = format_quantity(year, "year", qualifier, lang)
            if check_wording(wording, lang, year, "year", qualifier) is not None:
                failures.append((year, qualifier, wording))
    days = [date.fromordinal(date(2023, 1, 1).toordinal() + n) for n in range(731)]
    months = [f"{year}-{month:02d}" for year in range(2017, 2027) for month in range(1, 13)]
    values: list[FactValue] = [*days, *(day.isoformat() for day in days), *months]
    for value in values:
        wording = format_quantity(value, "date", None, lang)
        if check_wording(wording, lang, value, "date", None) is not None:
            failures.append((value, None, wording))
    assert failures == []


def test_formatted_floats_are_exact() -> None:
    assert format_quantity(66.7, "percent", None, "zh") == "66.7%"
    assert format_quantity(0.1 + 0.2, "percent", None, "en") == "0.30000000000000004%"
    assert format_quantity(6.67e10, "count", None, "zh") == "667亿"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: format_quantity(1, "lb", None, "zh"), "unknown unit 'lb'"),
        (
            lambda: format_quantity(1, "count", "about", "zh"),
            "unknown qualifier 'about'",
        ),
        (
            lambda: format_quantity(1, "count", None, "fr"),
            "unknown language 'fr'; expected 'zh' or 'en'",
        ),
        (
            lambda: format_quantity(-3, "percent", None, "zh"),
            "negative quantities are not supported: -3",
        ),
        (
            lambda: format_quantity(99, "year", None, "zh"),
            "a year needs four digits: 99",
        ),
        (
            lambda: format_quantity(float("nan"), "count", None, "en"),
            "not a finite number: nan",
        ),
        (lambda: format_quantity(True, "count", None, "en"), "not a number: True"),
        (
            lambda: format_quantity("2023/10", "date", None, "en"),
            "a date fact needs 'YYYY-MM' or 'YYYY-MM-DD', not '2023/10'",
        ),
        (lambda: check_wording("5", "zh", 5, "lb", None), "unknown unit 'lb'"),
        (
            lambda: check_wording("5", "de", 5, "count", None),
            "unknown language 'de'; expected 'zh' or 'en'",
        ),
        (
            lambda: read_quantity("5", "fr"),
            "unknown language 'fr'; expected 'zh' or 'en'",
        ),
    ],
)
def test_bad_facts_raise(call: Callable[[], object], message: str) -> None:
    with pytest.raises(QuantityError) as caught:
        call()
    assert str(caught.value) == message


def test_reasons_are_one_line() -> None:
    for text, lang, value, unit, qualifier, _ in MISMATCHES:
        reason = check_wording(text, lang, value, unit, qualifier)
        assert reason is not None
        assert "\n" not in reason


def test_a_unit_defined_in_one_language_is_written_in_both() -> None:
    table = BUILTIN_TABLE.with_units([report_unit("box", {"zh": ["箱"]}),
                                      report_unit("TEU", {"en": ["TEU"]})])
    assert format_quantity(5, "box", None, "zh", table) == "5箱"
    assert format_quantity(5, "box", None, "en", table) == "5 box"
    assert format_quantity(1200000, "TEU", None, "zh", table) == "120万TEU"
    assert check_wording("1.2 million TEUs", "en", 1200000, "TEU", None, table) is None


def test_the_small_unit_registry_converts_as_pints_whole_one() -> None:
    """convert.py defines only what the built-in units need (pint's whole registry takes
    ~0.3 s to load); every pair must convert to the same Decimal, digit for digit."""
    import pint

    from tianxin_report.text.quantities import convert
    from tianxin_report.units import BUILTIN

    whole = convert._registry(whole=True)
    physical = [unit for unit in BUILTIN if unit.pint]
    for source in physical:
        for target in physical:
            try:
                expected = str(Decimal(whole.Quantity(Decimal(1), source.pint)
                                       .to(target.pint).magnitude))
            except pint.DimensionalityError:
                expected = "None"
            assert str(convert.conversion_factor(source, target)) == expected, (source, target)
