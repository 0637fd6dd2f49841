"""The figure vocabulary: the units a figure can be stated in (built-in ones and a report's
own) and the qualifiers a fact can carry.

Each unit has the words that write it in Chinese and English (the first word of each list
is the one the engine writes). Physical units carry a pint expression, by which
text/quantities/convert.py converts between units of one dimension.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

QUALIFIERS = ("approx", "over", "nearly", "under", "estimate", "target")


@dataclass(frozen=True)
class Unit:
    """One unit: its id in facts.yaml, its words, and how it converts."""

    id: str
    zh: tuple[str, ...]  # written after the number (first: the one the engine writes)
    en: tuple[str, ...]  # written after the number (first: the one the engine writes)
    en_prefix: tuple[str, ...] = ()  # written before the number (currency codes, $)
    zh_prefix: tuple[str, ...] = ()  # 人民币 before the number
    en_form: str = ""  # how the engine writes it in English; {} is the number
    pint: str | None = None  # a pint expression: the unit converts within its dimension
    scaled: bool = True  # written with 万/亿 and million/billion
    yu_after: bool = True  # 6000余吨 (True) or 超3亿元 (False)
    kind: str = ""  # 'count', 'currency', 'year', 'date' or '' (its own)
    report_defined: bool = False

    def english(self, number: str) -> str:
        """The number with this unit, as the engine writes it in English (a unit defined
        with Chinese words only is written with its id)."""
        return (self.en_form or "{} " + (self.en[0] if self.en else self.id)).format(number)

    def chinese(self) -> str:
        """The word the engine writes after a number in Chinese ('' for a count)."""
        if self.zh:
            return self.zh[0]
        return self.en[0] if self.report_defined and self.en else ""


def _currency(code: str, zh: tuple[str, ...], en: tuple[str, ...],
              prefix: tuple[str, ...], zh_prefix: tuple[str, ...] = ()) -> Unit:
    return Unit(code, zh, en, en_prefix=(code, *prefix), zh_prefix=zh_prefix,
                en_form=code + " {}", yu_after=False, kind="currency")


def _physical(unit_id: str, pint: str, zh: tuple[str, ...], en: tuple[str, ...],
              form: str = "") -> Unit:
    return Unit(unit_id, zh, en, en_form=form, pint=pint)


BUILTIN: tuple[Unit, ...] = (
    Unit("count", (), (), en_form="{}", kind="count"),
    _currency("CNY", ("元", "元人民币"), ("yuan",), ("RMB", "¥"), ("人民币",)),
    _currency("USD", ("美元",), ("US dollars", "dollars"), ("US$", "$")),
    _currency("EUR", ("欧元",), ("euros",), ("€",)),
    _currency("HKD", ("港元", "港币"), ("Hong Kong dollars",), ("HK$",)),
    _currency("JPY", ("日元",), ("yen",), ()),
    _currency("GBP", ("英镑",), ("pounds", "pounds sterling"), ("£",)),
    Unit("percent", ("%", "％"), ("%", "per cent", "percent"), en_form="{}%", scaled=False,
         yu_after=False),
    Unit("percentage_point", ("个百分点", "百分点"), ("percentage points", "percentage point"),
         en_form="{} percentage points", scaled=False, yu_after=False),
    _physical("t", "metric_ton", ("吨",), ("tonnes", "tonne", "tons", "ton", "t")),
    _physical("kg", "kilogram", ("公斤", "千克"), ("kg", "kilograms", "kilogram"), "{} kg"),
    _physical("ha", "hectare", ("公顷",), ("hectares", "hectare", "ha")),
    _physical("km", "kilometer", ("公里", "千米"),
              ("km", "kilometres", "kilometre", "kilometers", "kilometer"), "{} km"),
    _physical("km2", "kilometer ** 2", ("平方公里", "平方千米"),
              ("km²", "km2", "sq km", "square kilometres", "square kilometre",
               "square kilometers", "square kilometer"), "{} km²"),
    _physical("m2", "meter ** 2", ("平方米",),
              ("m²", "m2", "sq m", "square metres", "square metre", "square meters",
               "square meter"), "{} m²"),
    _physical("m3", "meter ** 3", ("立方米",),
              ("m³", "m3", "cubic metres", "cubic metre", "cubic meters", "cubic meter"),
              "{} m³"),
    _physical("mu", "shi_mu", ("亩",), ("mu",)),
    _physical("li", "shi_li", ("里",), ("li",)),
    _physical("kW", "kilowatt", ("千瓦",), ("kW", "kilowatts", "kilowatt")),
    _physical("MW", "megawatt", ("兆瓦",), ("MW", "megawatts", "megawatt")),
    _physical("GW", "gigawatt", ("吉瓦",), ("GW", "gigawatts", "gigawatt")),
    _physical("kWh", "kilowatt_hour", ("千瓦时", "度"),
              ("kWh", "kilowatt-hours", "kilowatt-hour", "kilowatt hours", "kilowatt hour")),
    Unit("PFLOPS", ("P", "PFLOPS", "p"), ("PFLOPS", "petaflops", "P"), scaled=False),
    Unit("year", ("年",), (), en_form="{}", scaled=False, kind="year"),
    Unit("date", (), (), kind="date", scaled=False),
)
BUILTIN_IDS = tuple(unit.id for unit in BUILTIN)


class UnitTable:
    """The units one report can use: the built-in ones and those of its units.yaml."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self.by_id: dict[str, Unit] = {unit.id: unit for unit in units}
        # 年 after a four-digit number is a year (the readers decide); elsewhere a count word
        self.zh_words = _longest_first((w, u.id) for u in self.by_id.values() for w in u.zh
                                       if u.kind != "year")
        self.en_words = _longest_first((w.lower(), u.id) for u in self.by_id.values()
                                       for w in _plurals(u))
        self.en_prefixes = _longest_first((w.lower(), u.id) for u in self.by_id.values()
                                          for w in u.en_prefix)
        self.zh_prefixes = _longest_first((w, u.id) for u in self.by_id.values()
                                          for w in u.zh_prefix)
        self.zh_numeral_words = tuple(word for word, _ in self.zh_words
                                      if word[0] in "零〇一二两三四五六七八九十百千万亿")
        # unit symbols Chinese copy writes in Latin letters (7.5万kW, 1200MW, 120万TEU)
        self.zh_symbols = _longest_first((w, u.id) for u in self.by_id.values()
                                         for w in u.en if _is_symbol(w))

    def __getitem__(self, unit_id: str) -> Unit:
        return self.by_id[unit_id]

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self.by_id

    def with_units(self, extra: Iterable[Unit]) -> UnitTable:
        return UnitTable([*self.by_id.values(), *extra])


def _plurals(unit: Unit) -> tuple[str, ...]:
    """A report-defined English word also reads in its plural (TEU, TEUs)."""
    if not unit.report_defined:
        return unit.en
    return unit.en + tuple(w + "s" for w in unit.en if w[-1:].isalpha() and w[-1] != "s")


def _is_symbol(word: str) -> bool:
    return word.isascii() and " " not in word and len(word) <= 6 and word not in ("p", "t")


def _longest_first(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(set(pairs), key=lambda pair: (-len(pair[0]), pair)))


BUILTIN_TABLE = UnitTable(BUILTIN)


def report_unit(unit_id: str, words: Mapping[str, Any]) -> Unit:
    """A unit defined in a report's units.yaml: `ID: {zh: [words…], en: [words…]}`."""
    zh, en = tuple(words.get("zh") or ()), tuple(words.get("en") or ())
    return Unit(unit_id, zh, en, report_defined=True)
