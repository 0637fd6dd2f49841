"""Read a Chinese figure wording: 30万册, 近300架次, 3.2万亿元, 7.5万千瓦, 2024年3月15日."""

from __future__ import annotations

import re
from decimal import Decimal

from tianxin_report.text.quantities.numbers import (
    ONE,
    Parse,
    QuantityError,
    build,
    date_parse,
    merge,
    sig_step,
)
from tianxin_report.units import UnitTable

DIGITS = {char: value for value, char in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
SMALL = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10**4, "亿": 10**8}
SPELLED = "〇零一二三四五六七八九"  # digit by digit, as in 二〇二三
PREFIXES = (
    ("将近", "nearly"), ("接近", "nearly"), ("近", "nearly"),
    ("超过", "over"), ("超", "over"), ("逾", "over"), ("上", "over"),
    ("不到", "under"), ("不足", "under"),
    ("大约", "approx"), ("约", "approx"),
)
SUFFIXES = (("左右", "approx"), ("上下", "approx"), ("以上", "over"), ("以下", "under"))
NUMERAL_CHARS = "0-9零〇一二两三四五六七八九十百千万亿"
NUMBER = re.compile(rf"([{NUMERAL_CHARS}][{NUMERAL_CHARS}.,]*)([多余])?([万亿]*)")
TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|.")
RANGE = re.compile(r"([一二两三四五六七八九])([二两三四五六七八九])([十百千]?)([万亿]*)")
DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})[日号])?")
ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
YEAR_NUMERAL = re.compile(rf"\d{{4}}|[{SPELLED}]{{4}}")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


class Numeral:
    """Accumulates a Chinese numeral token by token (digits, 十百千, 万亿, arabic)."""

    def __init__(self) -> None:
        self.total = Decimal(0)  # finished groups ending in 万/亿
        self.section = Decimal(0)  # current group below the next 万/亿
        self.digit: Decimal | None = None  # digit waiting for its unit
        self.place = ONE  # place value of the last written digit
        self.prev = ""  # kind of the previous token
        self.small = Decimal(10000)  # last 十/百/千 in this group; they must decrease
        self.big = Decimal(0)  # magnitude of the groups so far
        self.unit = ONE  # the last unit written (for 三千五 = 3500)
        self.abbreviated = False

    def feed(self, token: str) -> None:
        if token[0].isdigit():
            self._arabic(token)
        elif token in DIGITS:
            self._digit(DIGITS[token])
        elif token in SMALL:
            self._small(Decimal(SMALL[token]))
        elif token in BIG:
            self._big(Decimal(BIG[token]))
        else:
            raise QuantityError(f"“{token}” is not part of a numeral")

    def _arabic(self, token: str) -> None:
        if self.prev in ("arabic", "digit") or not ARABIC.fullmatch(token):
            raise QuantityError(f"“{token}” is not a well-formed number")
        number = token.replace(",", "")
        self.digit = Decimal(number)
        self.place = ONE.scaleb(-len(number.partition(".")[2]))
        self.prev, self.abbreviated = "arabic", False

    def _digit(self, value: int) -> None:
        if self.prev in ("arabic", "digit"):
            raise QuantityError("two digits in a row")
        if value == 0:
            self.prev = "zero"
            return
        self.abbreviated = self.prev in ("small", "big")
        self.digit, self.place, self.prev = Decimal(value), ONE, "digit"

    def _small(self, unit: Decimal) -> None:
        if unit >= self.small:
            raise QuantityError("numeral units out of order")
        self.section += (self.digit if self.digit is not None else ONE) * unit
        self.place = self.place * unit if self.prev == "arabic" else ONE
        self.digit, self.small, self.unit, self.prev = None, unit, unit, "small"

    def _big(self, unit: Decimal) -> None:
        if self.prev == "":
            self.section = ONE  # 万 alone, as in 近万
        self.section += self.digit if self.digit is not None else 0
        if unit > self.big:
            self.total = (self.total + self.section) * unit
            self.big = self.big * unit if self.prev == "big" else unit
        else:
            self.total += self.section * unit
            self.big = unit
        self.place *= unit
        self.section, self.digit, self.small = Decimal(0), None, Decimal(10000)
        self.unit, self.prev = unit, "big"

    def finish(self) -> tuple[Decimal, Decimal]:
        """The value and the place value of its last written digit."""
        if self.prev == "":
            raise QuantityError("no digits")
        value = self.total + self.section
        if self.digit is None:
            return value, self.place
        if self.abbreviated:  # 三千五 = 3500, 一万五 = 15000
            step = self.unit / 10
            return value + self.digit * step, step
        return value + self.digit, self.place


def read_range(numeral: str) -> tuple[Decimal, Decimal, Decimal] | None:
    """七八 → 7–8, 两三万 → 20000–30000; None when numeral is no such range."""
    match = RANGE.fullmatch(numeral)
    if match is None:
        return None
    first, second = DIGITS[match[1]], DIGITS[match[2]]
    if second != first + 1:
        return None
    scale = Decimal(SMALL.get(match[3], 1))
    for big in match[4]:
        scale *= BIG[big]
    return first * scale, second * scale, scale


def read_numeral(numeral: str) -> tuple[Decimal, Decimal, Decimal]:
    """Low, high and place of the last written digit of a (mixed) Chinese numeral."""
    ranged = read_range(numeral)
    if ranged is not None:
        return ranged
    if len(numeral) > 1 and all(char in SPELLED for char in numeral):
        value = Decimal("".join(str(DIGITS[char]) for char in numeral))
        return value, value, ONE
    reader = Numeral()
    for token in TOKEN.findall(numeral):
        reader.feed(token)
    value, place = reader.finish()
    return value, value, place


def take(text: str, words: tuple[tuple[str, str], ...]) -> tuple[str | None, str]:
    """The meaning of the word text starts with (longest listed first), and the rest."""
    for word, meaning in words:
        if text.startswith(word):
            return meaning, text[len(word):]
    return None, text


def read_unit(rest: str, numeral: str, table: UnitTable
              ) -> tuple[str | None, str | None, Decimal, str]:
    """Unit, count word, factor (10 for 成) and what follows them."""
    if rest.startswith("成"):
        return "percent", None, Decimal(10), rest[1:]
    if rest.startswith("年") and YEAR_NUMERAL.fullmatch(numeral):
        return "year", None, ONE, rest[1:]
    unit, after = take(rest, table.zh_words)
    if unit is None:
        unit, after = take(rest, table.zh_symbols)
    if unit is not None:
        return unit, None, ONE, after
    measure = HAN.match(rest)
    if measure is None:
        return None, None, ONE, rest
    word = measure[0]
    for suffix, _ in SUFFIXES:  # 300人左右: the count word stops at the qualifier
        if suffix in word[1:]:
            word = word[: word.index(suffix, 1)]
    return None, word, ONE, rest[len(word):]


def parse(text: str, table: UnitTable) -> Parse:
    """Take a Chinese wording apart."""
    text = text.replace(" ", "")
    dated = DATE.fullmatch(text)
    if dated is not None:
        year = int(dated[1]) if dated[1] else None
        return date_parse(year, int(dated[2]), int(dated[3]) if dated[3] else None)
    qualifier, rest = take(text, PREFIXES)
    prefix_unit, rest = take(rest, table.zh_prefixes)  # 人民币3亿元
    percent = rest.startswith("百分之")
    rest = rest.removeprefix("百分之")
    match = NUMBER.match(rest[:numeral_end(rest, table)])
    if match is None:
        raise QuantityError("")
    numeral = match[1] + match[3]
    low, high, place = read_numeral(numeral)
    after_big = match[2] is not None and match[1][-1] in BIG
    step = place if after_big else sig_step(low, place)
    qualifier = merge(qualifier, "over" if match[2] else None)
    unit, measure, factor, rest = read_unit(rest[match.end():], numeral, table)
    suffix, rest = take(rest, SUFFIXES)
    unit = merge_units(prefix_unit, unit)
    rest = "" if HAN.fullmatch(rest) and unit is not None else rest  # 3000亩耕地: a noun
    if rest:
        raise QuantityError(f"unexpected “{rest}”")
    if percent:
        if unit is not None or measure is not None:
            raise QuantityError("百分之 takes no unit")
        unit = "percent"
    low, high, place, step = (x * factor for x in (low, high, place, step))
    return build(low, high, place, step, unit=unit, measure=measure,
                 qualifier=merge(qualifier, suffix))


def numeral_end(text: str, table: UnitTable) -> int:
    """Where the numeral must stop: before a unit word that starts like a numeral
    (7.5万千瓦, 3亿千瓦时, 500千克: 千 belongs to the unit)."""
    starts = [text.find(word, 1) for word in table.zh_numeral_words]
    return min((start for start in starts if start > 0), default=len(text))


def merge_units(prefix: str | None, unit: str | None) -> str | None:
    """人民币3亿元: a currency written before the number must agree with the one after."""
    if prefix is None or unit in (None, prefix):
        return prefix if unit is None else unit
    raise QuantityError(f"{prefix} and {unit} in one wording")
