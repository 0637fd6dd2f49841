"""Read, check and render the report's figures in Chinese and English wording."""

# Rules (values are in base units, all arithmetic is Decimal):
# * A written number stands for ± half its last written digit: 667亿 → 666.5亿–667.5亿,
#   528.32 → ±0.005, 6000 → ±0.5. Chinese numerals spelled with 十/百/千 write out their
#   zeros (两千 = 2000 ± 0.5); 万/亿, thousand/million/billion, 成 and an arabic digit
#   before 十/百/千 scale the last written digit (2万 → ±5000, 1.2万 → ±500, 5成 → ±5).
# * Qualified wordings, N being the number written:
#     over   (超 超过 逾 上 余 多 以上; more than, over, upwards of, +, or more):
#            N < value < N + step, step being the place of N's last non-zero digit
#            (6000余 < 7000, 10多亿 < 20亿) or, for 余/多 right after 万/亿, that unit;
#     nearly (近 将近 接近; nearly, almost): 0.9·N <= value < N;
#     approx (约 大约 左右 上下; about, around, some, roughly, approximately):
#            |value − N| <= max(N / 10, half the last written digit).
#   Ranges (七八, 两三万, seven or eight, 7–8) read as low <= value <= high.
# * check_wording accepts a fact whose value lies in the wording's interval, or whose
#   qualifier equals the wording's and whose value equals N (6000余家 for 6000 'over').
#   'estimate' and 'target' facts need no wording of their own.
# * A written unit must equal the fact's unit; a count word (家 个 座 …, an English
#   noun) fits only 'count'; a bare number fits any unit. Dates ('date' facts hold ISO
#   'YYYY-MM' or 'YYYY-MM-DD') must read as the same ISO string; a date Reading's
#   low/high are its first and last day as YYYYMMDD numbers.
# * Reading.low/high are closed bounds except: 'over' excludes both, 'nearly' its high.

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

__all__ = [
    "QuantityError",
    "Reading",
    "check_wording",
    "format_quantity",
    "read_quantity",
]

UNITS = ("CNY", "percent", "count", "km2", "m2", "mu", "li", "PFLOPS", "km", "year", "date")
QUALIFIERS = ("approx", "over", "nearly", "estimate", "target")
LANGS = ("zh", "en")

FactValue = Decimal | int | float | str | date

_ONE = Decimal(1)
_DASH = "\u2013"
_SHOWN_QUALIFIER = {"over": "over ", "nearly": "nearly ", "approx": "about "}


@dataclass(frozen=True)
class Reading:
    """What a wording states."""

    low: Decimal  # smallest value the wording is consistent with (base units)
    high: Decimal  # largest value the wording is consistent with
    unit: str | None  # unit written; None for a bare number or a count word
    qualifier: str | None  # 'over', 'nearly' or 'approx' written in the wording
    text: str  # the number as read ('66700000000', '7–8', ISO date for dates)


class QuantityError(ValueError):
    """A wording or a fact that cannot be read."""


@dataclass(frozen=True)
class _Parse:
    """A wording taken apart: the number as written and its surroundings."""

    low: Decimal  # the number written, in base units (low end of a range)
    high: Decimal  # high end of a range; equals low otherwise
    place: Decimal  # place value of the last written digit, in base units
    step: Decimal  # how far above the number an 'over' wording reaches
    unit: str | None = None
    qualifier: str | None = None
    measure: str | None = None  # count word or noun written after the number
    iso: str | None = None  # dates only


# --- shared helpers -------------------------------------------------------------------

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _normalize(text: str) -> str:
    """Full-width characters to ASCII, runs of white space to one space."""
    return " ".join(text.translate(_FULLWIDTH).split())


def _merge(first: str | None, second: str | None) -> str | None:
    if first is None or first == second:
        return second
    if second is None:
        return first
    raise QuantityError(f"conflicting qualifiers “{first}” and “{second}”")


def _sig_step(number: Decimal, place: Decimal) -> Decimal:
    """Place value of the last non-zero digit of number (6000 → 1000, 10亿 → 10亿)."""
    exponent = number.normalize().as_tuple().exponent
    if number == 0 or not isinstance(exponent, int):
        return place
    return max(place, _ONE.scaleb(exponent))


def _build(
    low: Decimal, high: Decimal, place: Decimal, step: Decimal, **rest: str | None
) -> _Parse:
    parse = _Parse(low, high, place, step, **rest)
    if low != high and parse.qualifier is not None:
        raise QuantityError("a range cannot carry a qualifier")
    return parse


def _date_parse(year: int, month: int, day: int | None) -> _Parse:
    try:
        first = date(year, month, day or 1)
    except ValueError:
        written = f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")
        raise QuantityError(f"{written} is not a calendar date") from None
    last = first if day else first.replace(day=calendar.monthrange(year, month)[1])
    iso = first.isoformat() if day else first.isoformat()[:7]
    low, high = (Decimal(d.strftime("%Y%m%d")) for d in (first, last))
    return _Parse(low, high, _ONE, _ONE, unit="date", iso=iso)


def _bounds(parse: _Parse) -> tuple[Decimal, Decimal]:
    """The interval of values the wording is consistent with."""
    low, high, half = parse.low, parse.high, parse.place / 2
    if parse.iso is not None or low != high:
        return low, high
    if parse.qualifier == "over":
        return low, low + parse.step
    if parse.qualifier == "nearly":
        return low * Decimal("0.9"), low
    if parse.qualifier == "approx":
        margin = max(low / 10, half)
        return low - margin, low + margin
    return low - half, low + half


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _grouped(number: Decimal) -> str:
    return format(number.normalize(), ",f")


def _decimals(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


# --- Chinese --------------------------------------------------------------------------

_ZH_DIGITS = {char: value for value, char in enumerate("零一二三四五六七八九")}
_ZH_DIGITS |= {"〇": 0, "两": 2}
_ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10**4, "亿": 10**8}
_ZH_SPELLED = "〇零一二三四五六七八九"  # digit by digit, as in 二〇二三
_ZH_PREFIXES = (
    ("将近", "nearly"),
    ("接近", "nearly"),
    ("近", "nearly"),
    ("超过", "over"),
    ("超", "over"),
    ("逾", "over"),
    ("上", "over"),
    ("大约", "approx"),
    ("约", "approx"),
)
_ZH_SUFFIXES = (("左右", "approx"), ("上下", "approx"), ("以上", "over"))
_ZH_UNITS = (
    ("平方公里", "km2"),
    ("平方千米", "km2"),
    ("平方米", "m2"),
    ("公里", "km"),
    ("亩", "mu"),
    ("里", "li"),
    ("元", "CNY"),
    ("%", "percent"),
    ("PFLOPS", "PFLOPS"),
    ("P", "PFLOPS"),
    ("p", "PFLOPS"),
)
_ZH_MEASURES = "个家座栋条人名项圈次所台款件户位处批套种只辆架间张份篇场届期轮支颗块片层年"
_NUMERAL_CHARS = "0-9零〇一二两三四五六七八九十百千万亿"
_ZH_NUMBER = re.compile(rf"([{_NUMERAL_CHARS}][{_NUMERAL_CHARS}.,]*)([多余])?([万亿]*)")
_ZH_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|.")
_ZH_RANGE = re.compile(r"([一二两三四五六七八九])([二两三四五六七八九])([十百千]?)([万亿]*)")
_ZH_DATE = re.compile(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号])?")
_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_YEAR_NUMERAL = re.compile(rf"\d{{4}}|[{_ZH_SPELLED}]{{4}}")


class _ZhNumeral:
    """Accumulates a Chinese numeral token by token (digits, 十百千, 万亿, arabic)."""

    def __init__(self) -> None:
        self.total = Decimal(0)  # finished groups ending in 万/亿
        self.section = Decimal(0)  # current group below the next 万/亿
        self.digit: Decimal | None = None  # digit waiting for its unit
        self.place = _ONE  # place value of the last written digit
        self.prev = ""  # kind of the previous token
        self.small = Decimal(10000)  # last 十/百/千 in this group; they must decrease
        self.big = Decimal(0)  # magnitude of the groups so far
        self.unit = _ONE  # the last unit written (for 三千五 = 3500)
        self.abbreviated = False

    def feed(self, token: str) -> None:
        if token[0].isdigit():
            self._arabic(token)
        elif token in _ZH_DIGITS:
            self._digit(_ZH_DIGITS[token])
        elif token in _ZH_SMALL:
            self._small(Decimal(_ZH_SMALL[token]))
        elif token in _ZH_BIG:
            self._big(Decimal(_ZH_BIG[token]))
        else:
            raise QuantityError(f"“{token}” is not part of a numeral")

    def _arabic(self, token: str) -> None:
        if self.prev in ("arabic", "digit") or not _ARABIC.fullmatch(token):
            raise QuantityError(f"“{token}” is not a well-formed number")
        number = token.replace(",", "")
        self.digit = Decimal(number)
        self.place = _ONE.scaleb(-len(number.partition(".")[2]))
        self.prev, self.abbreviated = "arabic", False

    def _digit(self, value: int) -> None:
        if self.prev in ("arabic", "digit"):
            raise QuantityError("two digits in a row")
        if value == 0:
            self.prev = "zero"
            return
        self.abbreviated = self.prev in ("small", "big")
        self.digit, self.place, self.prev = Decimal(value), _ONE, "digit"

    def _small(self, unit: Decimal) -> None:
        if unit >= self.small:
            raise QuantityError("numeral units out of order")
        self.section += (self.digit if self.digit is not None else _ONE) * unit
        self.place = self.place * unit if self.prev == "arabic" else _ONE
        self.digit, self.small, self.unit, self.prev = None, unit, unit, "small"

    def _big(self, unit: Decimal) -> None:
        if self.prev == "":
            self.section = _ONE  # 万 alone, as in 近万
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


def _zh_range(numeral: str) -> tuple[Decimal, Decimal, Decimal] | None:
    """七八 → 7–8, 两三万 → 20000–30000; None when numeral is no such range."""
    match = _ZH_RANGE.fullmatch(numeral)
    if match is None:
        return None
    first, second = _ZH_DIGITS[match[1]], _ZH_DIGITS[match[2]]
    if second != first + 1:
        return None
    scale = Decimal(_ZH_SMALL.get(match[3], 1))
    for big in match[4]:
        scale *= _ZH_BIG[big]
    return first * scale, second * scale, scale


def _zh_numeral(numeral: str) -> tuple[Decimal, Decimal, Decimal]:
    """Low, high and place of the last written digit of a (mixed) Chinese numeral."""
    ranged = _zh_range(numeral)
    if ranged is not None:
        return ranged
    if len(numeral) > 1 and all(char in _ZH_SPELLED for char in numeral):
        value = Decimal("".join(str(_ZH_DIGITS[char]) for char in numeral))
        return value, value, _ONE
    reader = _ZhNumeral()
    for token in _ZH_TOKEN.findall(numeral):
        reader.feed(token)
    value, place = reader.finish()
    return value, value, place


def _take(text: str, words: tuple[tuple[str, str], ...]) -> tuple[str | None, str]:
    for word, meaning in words:
        if text.startswith(word):
            return meaning, text[len(word) :]
    return None, text


def _zh_unit(rest: str, numeral: str) -> tuple[str | None, str | None, Decimal, str]:
    """Unit, count word, factor (10 for 成) and what follows them."""
    if rest.startswith("成"):
        return "percent", None, Decimal(10), rest[1:]
    if rest.startswith("年") and _YEAR_NUMERAL.fullmatch(numeral):
        return "year", None, _ONE, rest[1:]
    unit, after = _take(rest, _ZH_UNITS)
    if unit is not None:
        return unit, None, _ONE, after
    if rest[:1] and rest[0] in _ZH_MEASURES:
        return None, rest[0], _ONE, rest[1:]
    return None, None, _ONE, rest


def _parse_zh(text: str) -> _Parse:
    text = text.replace(" ", "")
    dated = _ZH_DATE.fullmatch(text)
    if dated is not None:
        day = int(dated[3]) if dated[3] else None
        return _date_parse(int(dated[1]), int(dated[2]), day)
    qualifier, rest = _take(text, _ZH_PREFIXES)
    percent = rest.startswith("百分之")
    rest = rest.removeprefix("百分之")
    match = _ZH_NUMBER.match(rest)
    if match is None:
        raise QuantityError("")
    numeral = match[1] + match[3]
    low, high, place = _zh_numeral(numeral)
    after_big = match[2] is not None and match[1][-1] in _ZH_BIG
    step = place if after_big else _sig_step(low, place)
    qualifier = _merge(qualifier, "over" if match[2] else None)
    unit, measure, factor, rest = _zh_unit(rest[match.end() :], numeral)
    suffix, rest = _take(rest, _ZH_SUFFIXES)
    if rest:
        raise QuantityError(f"unexpected “{rest}”")
    if percent:
        if unit is not None or measure is not None:
            raise QuantityError("百分之 takes no unit")
        unit = "percent"
    low, high, place, step = (x * factor for x in (low, high, place, step))
    return _build(
        low,
        high,
        place,
        step,
        unit=unit,
        measure=measure,
        qualifier=_merge(qualifier, suffix),
    )


# --- English --------------------------------------------------------------------------

# fmt: off
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
# fmt: on
_MONTH_NUMBER = {name: index for index, name in enumerate(_MONTHS, 1)}
_MONTH_NUMBER |= {name[:3]: index for index, name in enumerate(_MONTHS, 1)}
_MONTH_NUMBER["sept"] = 9
_EN_DATES = (
    re.compile(r"(?P<m>[a-z]+)\.? (?P<d>\d{1,2})(?:st|nd|rd|th)?,? (?P<y>\d{4})"),
    re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)? (?P<m>[a-z]+)\.?,? (?P<y>\d{4})"),
    re.compile(r"(?P<m>[a-z]+)\.?,? (?P<y>\d{4})"),
)
_EN_PREFIX = re.compile(
    r"(more than|upwards of|over|nearly|almost"
    r"|about|around|some|roughly|approximately)\s+"
)
_EN_PREFIX_MEANING = {
    "more than": "over",
    "upwards of": "over",
    "over": "over",
    "nearly": "nearly",
    "almost": "nearly",
}
_EN_CURRENCY = re.compile(r"(?:cny|rmb|¥)(?![a-z])\s*")
_EN_DIGITS = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d|,\d)")
_EN_RANGE = re.compile(rf"\s*(?:or|to)\s+|\s*[-{_DASH}\u2014]\s*")
_EN_SCALE = re.compile(r"\s*(trillion|billion|million|thousand|bn|m)(?![a-z0-9²])")
_EN_SCALES = {
    "trillion": 10**12,
    "billion": 10**9,
    "bn": 10**9,
    "million": 10**6,
    "m": 10**6,
    "thousand": 10**3,
}
_EN_SUFFIX = re.compile(r"(\+|-plus|\s+plus|\s+or\s+more|\s+or\s+so)(?![a-z])")
_EN_NOUNS = re.compile(r"(?:\s+[a-z][a-z'’-]*)+")
_EN_UNIT_PATTERNS = (
    (r"%|per\s*cent", "percent"),
    (r"km²|km2|sq\.?\s*km|square\s+kilomet(?:re|er)s?", "km2"),
    (r"m²|m2|sq\.?\s*m|square\s+met(?:re|er)s?", "m2"),
    (r"km|kilomet(?:re|er)s?", "km"),
    (r"mu", "mu"),
    (r"li", "li"),
    (r"pflops|petaflops|p", "PFLOPS"),
    (r"cny|yuan|rmb", "CNY"),
)
_EN_UNITS = tuple(
    (re.compile(rf"\s*(?:{pattern})(?![a-z0-9²])"), unit) for pattern, unit in _EN_UNIT_PATTERNS
)
# fmt: off
_EN_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
            "sixteen", "seventeen", "eighteen", "nineteen")
_EN_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
            "ninety")
# fmt: on
_EN_WORD_VALUE = {word: value for value, word in enumerate(_EN_ONES)}
_EN_WORD_VALUE |= {word: 20 + 10 * index for index, word in enumerate(_EN_TENS)}
_EN_WORD = re.compile(r"[a-z]+")
_EN_GAP = re.compile(r"[\s-]+(?=[a-z])")
_EN_MULTIPLIERS = {"hundred": 100, "dozen": 12}


def _en_date(text: str) -> _Parse | None:
    for pattern in _EN_DATES:
        match = pattern.fullmatch(text)
        if match is not None and match["m"] in _MONTH_NUMBER:
            day = int(match["d"]) if "d" in match.groupdict() else None
            return _date_parse(int(match["y"]), _MONTH_NUMBER[match["m"]], day)
    return None


def _en_word_allowed(word: str, words: list[str]) -> bool:
    """Whether word continues the number words read so far."""
    if word in ("a", "an"):
        return not words
    if word == "and":
        return bool(words)
    if word in _EN_MULTIPLIERS:
        return True
    if word not in _EN_WORD_VALUE or words[-1:] in (["a"], ["an"]):
        return False
    previous = words[-1] if words else None
    if previous in _EN_WORD_VALUE:  # twenty-five, not five seven
        return previous in _EN_TENS and _EN_WORD_VALUE[word] < 10
    return True


def _en_words(text: str) -> tuple[Decimal, str] | None:
    """Leading number words (seven, twenty-five, a dozen, a million) and the rest."""
    words: list[str] = []
    ends: list[int] = []
    position = 0
    while match := _EN_WORD.match(text, position):
        if not _en_word_allowed(match[0], words):
            break
        words.append(match[0])
        ends.append(match.end())
        gap = _EN_GAP.match(text, match.end())
        position = gap.end() if gap else len(text) + 1
    dangling = words[-1:] in (["a"], ["an"]) and not _EN_SCALE.match(text, ends[-1])
    if words[-1:] == ["and"] or dangling:
        words.pop()
        ends.pop()
    if not words:
        return None
    total = Decimal(0)
    for word in words:
        if word in _EN_MULTIPLIERS:
            total = (total or _ONE) * _EN_MULTIPLIERS[word]
        elif word != "and":
            total += _EN_WORD_VALUE.get(word, 1)  # a, an = 1
    return total, text[ends[-1] :]


def _en_single(text: str) -> tuple[Decimal, Decimal, str] | None:
    """One number in digits or words: value, place of its last digit, rest."""
    match = _EN_DIGITS.match(text)
    if match is not None:
        number = match[0].replace(",", "")
        place = _ONE.scaleb(-len(number.partition(".")[2]))
        return Decimal(number), place, text[match.end() :]
    worded = _en_words(text)
    if worded is None:
        return None
    return worded[0], _ONE, worded[1]


def _en_number(text: str) -> tuple[Decimal, Decimal, Decimal, str]:
    """A number or a range (seven or eight, 7–8): low, high, place, rest."""
    first = _en_single(text)
    if first is None:
        raise QuantityError("")
    low, place, rest = first
    joint = _EN_RANGE.match(rest)
    second = _en_single(rest[joint.end() :]) if joint else None
    if second is None or second[0] <= low:
        return low, low, place, rest
    return low, second[0], place, second[2]


def _en_unit(text: str) -> tuple[str | None, str]:
    for pattern, unit in _EN_UNITS:
        match = pattern.match(text)
        if match is not None:
            return unit, text[match.end() :]
    return None, text


def _en_tail(rest: str) -> tuple[str | None, str | None]:
    """Suffix qualifier and trailing noun after the number and unit."""
    suffix = _EN_SUFFIX.match(rest)
    qualifier = None
    if suffix is not None:
        qualifier = "approx" if suffix[1].endswith("so") else "over"
        rest = rest[suffix.end() :]
    if rest and not _EN_NOUNS.fullmatch(rest):
        raise QuantityError(f"unexpected “{rest.strip()}”")
    return qualifier, rest.strip() or None


def _parse_en(text: str) -> _Parse:
    text = text.lower()
    dated = _en_date(text)
    if dated is not None:
        return dated
    prefix = _EN_PREFIX.match(text)
    qualifier = _EN_PREFIX_MEANING.get(prefix[1], "approx") if prefix else None
    rest = text[prefix.end() :] if prefix else text
    currency = _EN_CURRENCY.match(rest)
    rest = rest[currency.end() :] if currency else rest
    low, high, place, rest = _en_number(rest)
    scale_match = _EN_SCALE.match(rest)
    scale_word = scale_match[1] if scale_match else None
    rest = rest[scale_match.end() :] if scale_match else rest
    unit, rest = _en_unit(rest)
    if currency is not None:
        if unit not in (None, "CNY"):
            raise QuantityError(f"CNY and {unit} in one wording")
        unit = "CNY"
    if scale_word == "m" and unit != "CNY":
        raise QuantityError("“m” means million only with CNY or yuan")
    suffix, measure = _en_tail(rest)
    scale = Decimal(_EN_SCALES.get(scale_word or "", 1))
    low, high, place = low * scale, high * scale, place * scale
    return _build(
        low,
        high,
        place,
        _sig_step(low, place),
        unit=unit,
        measure=measure,
        qualifier=_merge(qualifier, suffix),
    )


# --- public API -----------------------------------------------------------------------


def _parse(text: str, lang: str) -> _Parse:
    _check_lang(lang)
    normal = _normalize(text)
    try:
        return _parse_zh(normal) if lang == "zh" else _parse_en(normal)
    except QuantityError as exc:
        detail = f": {exc}" if str(exc) else ""
        raise QuantityError(f"cannot read a number in “{text}”{detail}") from None


def read_quantity(text: str, lang: str) -> Reading:
    """What text states: its interval in base units, unit and qualifier."""
    parse = _parse(text, lang)
    low, high = _bounds(parse)
    shown = parse.iso or _plain(parse.low)
    if parse.iso is None and parse.high != parse.low:
        shown = f"{shown}{_DASH}{_plain(parse.high)}"
    return Reading(low, high, parse.unit, parse.qualifier, shown)


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise QuantityError(f"unknown language {lang!r}; expected 'zh' or 'en'")


def _check_fact(unit: str, qualifier: str | None) -> None:
    if unit not in UNITS:
        raise QuantityError(f"unknown unit {unit!r}")
    if qualifier is not None and qualifier not in QUALIFIERS:
        raise QuantityError(f"unknown qualifier {qualifier!r}")


def _number(value: FactValue) -> Decimal:
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


def _iso_date(value: FactValue) -> str:
    """A 'date' fact's value as 'YYYY-MM' or 'YYYY-MM-DD', validated."""
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", str(value))
    if match is None:
        raise QuantityError(f"a date fact needs 'YYYY-MM' or 'YYYY-MM-DD', not {value!r}")
    _date_parse(int(match[1]), int(match[2]), int(match[3]) if match[3] else None)
    return match[0]


def _fits(parse: _Parse, value: Decimal, unit: str, qualifier: str | None) -> bool:
    if parse.unit is not None and parse.unit != unit:
        return False
    if parse.unit is None and parse.measure is not None and unit != "count":
        return False
    same = parse.qualifier is not None and parse.qualifier == qualifier
    if same and value == parse.low:  # 6000余家 for a fact of 6000, 'over'
        return True
    low, high = _bounds(parse)
    if parse.qualifier == "over":
        return low < value < high
    if parse.qualifier == "nearly":
        return low <= value < high
    return low <= value <= high


def _describe(low: Decimal, high: Decimal, label: str | None, qualifier: str | None) -> str:
    """'over 6,000', '7–8', '66,700,000,000 CNY' (label: unit shown, None for none)."""
    show = _plain if label == "year" else _grouped
    shown = show(low) if high == low else f"{show(low)}{_DASH}{show(high)}"
    suffix = f" {label}" if label else ""
    return f"{_SHOWN_QUALIFIER.get(qualifier or '', '')}{shown}{suffix}"


def check_wording(
    text: str, lang: str, value: FactValue, unit: str, qualifier: str | None
) -> str | None:
    """None when the wording states the fact.

    Else a one-line reason naming what was read and what was expected.
    """
    _check_lang(lang)
    _check_fact(unit, qualifier)
    expected = _iso_date(value) if unit == "date" else None
    number = _number(value) if expected is None else Decimal(0)
    try:
        parse = _parse(text, lang)
    except QuantityError as exc:
        return str(exc)
    if expected is not None:
        if parse.iso == expected:
            return None
        got = parse.iso or _describe(parse.low, parse.high, parse.unit, parse.qualifier)
        return f"reads {text.strip()} = {got}; expected {expected}"
    if _fits(parse, number, unit, qualifier):
        return None
    counted = parse.measure is not None and unit != "count"
    label = parse.unit or ("count" if counted else None)
    got = _describe(parse.low, parse.high, label, parse.qualifier)
    want = _describe(number, number, None if unit == "count" else unit, qualifier)
    return f"reads {text.strip()} = {got}; expected {want}"


# --- rendering ------------------------------------------------------------------------

_ZH_SCALES = ((Decimal(10**12), "万亿"), (Decimal(10**8), "亿"), (Decimal(10**4), "万"))
_EN_SCALE_WORDS = (
    (Decimal(10**12), " trillion"),
    (Decimal(10**9), " billion"),
    (Decimal(10**6), " million"),
)
_UNSCALED = ("percent", "PFLOPS", "year")
_ZH_UNIT_WORD = {
    "CNY": "元",
    "percent": "%",
    "count": "",
    "km2": "平方公里",
    "m2": "平方米",
    "mu": "亩",
    "li": "里",
    "PFLOPS": "P",
    "km": "公里",
    "year": "年",
}
_ZH_YU_UNITS = ("count", "km2", "m2", "mu", "li", "km")  # 6000余家, 15万余里
_EN_UNIT_FORM = {
    "CNY": "CNY {}",
    "percent": "{}%",
    "count": "{}",
    "km2": "{} km²",
    "m2": "{} m²",
    "mu": "{} mu",
    "li": "{} li",
    "PFLOPS": "{} PFLOPS",
    "km": "{} km",
    "year": "{}",
}
_EN_QUALIFIER = {"over": "more than ", "nearly": "nearly ", "approx": "about "}


def _scaled(value: Decimal, scales: tuple[tuple[Decimal, str], ...]) -> tuple[Decimal, str]:
    """The largest scale that leaves at most two decimals (667亿, 5.05 billion)."""
    for size, word in scales:
        if value >= size and _decimals(value / size) <= 2:
            return value / size, word
    return value, ""


def _format_date(iso: str, lang: str) -> str:
    year, month, *day = (int(part) for part in iso.split("-"))
    if lang == "zh":
        return f"{year}年{month}月" + (f"{day[0]}日" if day else "")
    name = _MONTHS[month - 1].capitalize()
    return f"{name} {day[0]}, {year}" if day else f"{name} {year}"


def _format_zh(value: Decimal, unit: str, qualifier: str | None) -> str:
    number, scale = (value, "") if unit in _UNSCALED else _scaled(value, _ZH_SCALES)
    shown = f"{_plain(number)}{scale}"
    word = _ZH_UNIT_WORD[unit]
    if qualifier == "over":
        if unit in _ZH_YU_UNITS and number == number.to_integral_value():
            return f"{shown}余{word}"
        return f"超{shown}{word}"
    prefix = {"nearly": "近", "approx": "约"}.get(qualifier or "", "")
    return f"{prefix}{shown}{word}"


def _format_en(value: Decimal, unit: str, qualifier: str | None) -> str:
    if unit == "year":
        shown = _plain(value)
    elif unit in _UNSCALED:
        shown = _grouped(value)
    else:
        number, scale = _scaled(value, _EN_SCALE_WORDS)
        shown = f"{_grouped(number)}{scale}"
    body = _EN_UNIT_FORM[unit].format(shown)
    return f"{_EN_QUALIFIER.get(qualifier or '', '')}{body}"


def format_quantity(value: FactValue, unit: str, qualifier: str | None, lang: str) -> str:
    """The fact as a reader of that language expects it."""
    _check_lang(lang)
    _check_fact(unit, qualifier)
    if unit == "date":
        return _format_date(_iso_date(value), lang)
    number = _number(value)
    if number < 0:
        raise QuantityError(f"negative quantities are not supported: {value!r}")
    if unit == "year" and not (number == number.to_integral_value() and 1000 <= number <= 9999):
        raise QuantityError(f"a year needs four digits: {value!r}")
    if lang == "zh":
        return _format_zh(number, unit, qualifier)
    return _format_en(number, unit, qualifier)
