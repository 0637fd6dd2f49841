"""What a wording states, taken apart: the number, its precision, unit and qualifier.

Rules (values are Decimal, in the wording's own unit):
* A written number stands for ± half its last written digit: 667亿 → 666.5亿–667.5亿,
  528.32 → ±0.005, 6000 → ±0.5. Chinese numerals spelled with 十/百/千 write out their
  zeros (两千 = 2000 ± 0.5); 万/亿, thousand/million/billion, 成 and an arabic digit
  before 十/百/千 scale the last written digit (2万 → ±5000, 1.2万 → ±500, 5成 → ±5).
* Qualified wordings, N being the number written and step the place of its last non-zero
  digit (6000 → 1000; for 余/多 right after 万/亿, that unit):
    over   (超 超过 逾 上 余 多 以上; more than, over, upwards of, +, or more): N < v < N + step
    nearly (近 将近 接近; nearly, almost, close to):                       0.9·N <= v < N
    under  (不到 不足 以下; less than, fewer than, under):                 N − step <= v < N
    approx (约 大约 左右 上下; about, around, some, roughly, approximately):
           |v − N| <= max(N / 10, half the last written digit).
  Ranges (七八, 两三万, seven or eight, 7–8) read as low <= v <= high.
* Dates read as ISO strings ('2024-03', '2024-03-15', or '--03-15' without a year).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

ONE = Decimal(1)
DASH = "\u2013"
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


class QuantityError(ValueError):
    """A wording or a fact that cannot be read."""


@dataclass(frozen=True)
class Reading:
    """What a wording states."""

    low: Decimal  # smallest value the wording is consistent with (in `unit`)
    high: Decimal  # largest value the wording is consistent with
    unit: str | None  # unit written; None for a bare number or a count word
    qualifier: str | None  # 'over', 'nearly', 'under' or 'approx' written in the wording
    text: str  # the number as read ('66700000000', '7–8', ISO date for dates)
    measure: str | None = field(default=None, compare=False)  # count word or noun written


@dataclass(frozen=True)
class Parse:
    """A wording taken apart: the number as written and its surroundings."""

    low: Decimal  # the number written (low end of a range)
    high: Decimal  # high end of a range; equals low otherwise
    place: Decimal  # place value of the last written digit
    step: Decimal  # how far above (below) the number an over (under) wording reaches
    unit: str | None = None
    qualifier: str | None = None
    measure: str | None = None  # count word or noun written after the number
    iso: str | None = None  # dates only

    def scaled(self, factor: Decimal, unit: str) -> Parse:
        """The same wording stated in another unit (a conversion)."""
        return replace(self, low=self.low * factor, high=self.high * factor,
                       place=self.place * factor, step=self.step * factor, unit=unit)


def normalize(text: str) -> str:
    """Full-width characters to ASCII, runs of white space to one space."""
    return " ".join(text.translate(_FULLWIDTH).split())


def merge(first: str | None, second: str | None) -> str | None:
    """Two qualifiers written in one wording (约…左右) must agree."""
    if first is None or first == second:
        return second
    if second is None:
        return first
    raise QuantityError(f"conflicting qualifiers “{first}” and “{second}”")


def sig_step(number: Decimal, place: Decimal) -> Decimal:
    """Place value of the last non-zero digit of number (6000 → 1000, 10亿 → 10亿)."""
    exponent = number.normalize().as_tuple().exponent
    if number == 0 or not isinstance(exponent, int):
        return place
    return max(place, ONE.scaleb(exponent))


def build(low: Decimal, high: Decimal, place: Decimal, step: Decimal,
          **rest: str | None) -> Parse:
    parse = Parse(low, high, place, step, **rest)
    if low != high and parse.qualifier is not None:
        raise QuantityError("a range cannot carry a qualifier")
    return parse


def date_parse(year: int | None, month: int, day: int | None) -> Parse:
    """A date as written: with or without its year, with or without its day."""
    if year is None:
        if day is None:
            raise QuantityError("a month needs its year")
        try:
            date(2000, month, day)  # a leap year: 2月29日 is a date
        except ValueError:
            raise QuantityError(f"{month}-{day} is not a calendar date") from None
        return Parse(ONE, ONE, ONE, ONE, unit="date", iso=f"--{month:02d}-{day:02d}")
    try:
        first = date(year, month, day or 1)
    except ValueError:
        written = f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")
        raise QuantityError(f"{written} is not a calendar date") from None
    last = first if day else first.replace(day=calendar.monthrange(year, month)[1])
    iso = first.isoformat() if day else first.isoformat()[:7]
    low, high = (Decimal(d.strftime("%Y%m%d")) for d in (first, last))
    return Parse(low, high, ONE, ONE, unit="date", iso=iso)


def bounds(parse: Parse) -> tuple[Decimal, Decimal]:
    """The interval of values the wording is consistent with."""
    low, high, half = parse.low, parse.high, parse.place / 2
    if parse.iso is not None or low != high:
        return low, high
    if parse.qualifier == "over":
        return low, low + parse.step
    if parse.qualifier == "nearly":
        return low * Decimal("0.9"), low
    if parse.qualifier == "under":
        return max(low - parse.step, Decimal(0)), low
    if parse.qualifier == "approx":
        margin = max(low / 10, half)
        return low - margin, low + margin
    return low - half, low + half


def plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def grouped(number: Decimal) -> str:
    return format(number.normalize(), ",f")


def tidy(number: Decimal) -> Decimal:
    """A converted value without the noise of inexact factors (2999.99999… → 3000)."""
    return +number.quantize(ONE.scaleb(min(0, number.adjusted() - 14))) if number else number


def decimals(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
