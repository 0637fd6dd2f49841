"""Read an English figure wording: "more than 2,000 visits", "US$3.5m", "15 March 2024"."""

from __future__ import annotations

import re
from decimal import Decimal

from tianxin_report.text.quantities.numbers import (
    DASH,
    ONE,
    Parse,
    QuantityError,
    build,
    date_parse,
    merge,
    sig_step,
)
from tianxin_report.units import UnitTable

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
MONTH_NUMBER = ({name: index for index, name in enumerate(MONTHS, 1)}
                | {name[:3]: index for index, name in enumerate(MONTHS, 1)} | {"sept": 9})
DATES = (
    re.compile(r"(?P<m>[a-z]+)\.? (?P<d>\d{1,2})(?:st|nd|rd|th)?,? (?P<y>\d{4})"),
    re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)? (?P<m>[a-z]+)\.?,? (?P<y>\d{4})"),
    re.compile(r"(?P<m>[a-z]+)\.?,? (?P<y>\d{4})"),
    re.compile(r"(?P<m>[a-z]+)\.? (?P<d>\d{1,2})(?:st|nd|rd|th)?"),
    re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)? (?P<m>[a-z]+)\.?"),
)
PREFIX = re.compile(
    r"(more than|upwards of|over|nearly|almost|close to|less than|fewer than|under"
    r"|about|around|some|roughly|approximately)\s+"
)
PREFIX_MEANING = {
    "more than": "over", "upwards of": "over", "over": "over",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly",
    "less than": "under", "fewer than": "under", "under": "under",
}
DIGITS = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d|,\d)")
RANGE = re.compile(rf"\s*(?:or|to)\s+|\s*[-{DASH}\u2014]\s*")
SCALE = re.compile(r"\s*(trillion|billion|million|thousand|bn|m)(?![a-z0-9²³])")
SCALES = {"trillion": 10**12, "billion": 10**9, "bn": 10**9, "million": 10**6, "m": 10**6,
          "thousand": 10**3}
SUFFIX = re.compile(r"(\+|-plus|\s+plus|\s+or\s+more|\s+or\s+so)(?![a-z])")
NOUNS = re.compile(r"(?:\s+[a-z][a-z'’-]*)+")
ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen")
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
WORD_VALUE = ({word: value for value, word in enumerate(ONES)}
              | {word: 20 + 10 * index for index, word in enumerate(TENS)})
WORD = re.compile(r"[a-z]+")
GAP = re.compile(r"[\s-]+(?=[a-z])")
MULTIPLIERS = {"hundred": 100, "dozen": 12}


def read_date(text: str) -> Parse | None:
    for pattern in DATES:
        match = pattern.fullmatch(text)
        if match is not None and match["m"] in MONTH_NUMBER:
            groups = match.groupdict()
            day = int(groups["d"]) if groups.get("d") else None
            year = int(groups["y"]) if groups.get("y") else None
            return date_parse(year, MONTH_NUMBER[match["m"]], day)
    return None


def word_allowed(word: str, words: list[str]) -> bool:
    """Whether word continues the number words read so far."""
    if word in ("a", "an"):
        return not words
    if word == "and":
        return bool(words)
    if word in MULTIPLIERS:
        return True
    if word not in WORD_VALUE or words[-1:] in (["a"], ["an"]):
        return False
    previous = words[-1] if words else None
    if previous in WORD_VALUE:  # twenty-five, not five seven
        return previous in TENS and WORD_VALUE[word] < 10
    return True


def read_words(text: str) -> tuple[Decimal, str] | None:
    """Leading number words (seven, twenty-five, a dozen, a million) and the rest."""
    words: list[str] = []
    ends: list[int] = []
    position = 0
    while match := WORD.match(text, position):
        if not word_allowed(match[0], words):
            break
        words.append(match[0])
        ends.append(match.end())
        gap = GAP.match(text, match.end())
        position = gap.end() if gap else len(text) + 1
    dangling = words[-1:] in (["a"], ["an"]) and not SCALE.match(text, ends[-1])
    if words[-1:] == ["and"] or dangling:
        words.pop()
        ends.pop()
    if not words:
        return None
    total = Decimal(0)
    for word in words:
        if word in MULTIPLIERS:
            total = (total or ONE) * MULTIPLIERS[word]
        elif word != "and":
            total += WORD_VALUE.get(word, 1)  # a, an = 1
    return total, text[ends[-1]:]


def read_single(text: str) -> tuple[Decimal, Decimal, str] | None:
    """One number in digits or words: value, place of its last digit, rest."""
    match = DIGITS.match(text)
    if match is not None:
        number = match[0].replace(",", "")
        place = ONE.scaleb(-len(number.partition(".")[2]))
        return Decimal(number), place, text[match.end():]
    worded = read_words(text)
    if worded is None:
        return None
    return worded[0], ONE, worded[1]


def read_number(text: str) -> tuple[Decimal, Decimal, Decimal, str]:
    """A number or a range (seven or eight, 7–8): low, high, place, rest."""
    first = read_single(text)
    if first is None:
        raise QuantityError("")
    low, place, rest = first
    joint = RANGE.match(rest)
    second = read_single(rest[joint.end():]) if joint else None
    if second is None or second[0] <= low:
        return low, low, place, rest
    return low, second[0], place, second[2]


def read_word(text: str, words: tuple[tuple[str, str], ...], spaced: bool
              ) -> tuple[str | None, str]:
    """The unit whose word text starts with (after optional white space), and the rest."""
    stripped = text.lstrip() if spaced else text
    for word, unit in words:
        if stripped.startswith(word):
            end = len(word)
            if word[-1].isalpha() and stripped[end:end + 1].isalpha():
                continue  # 'm' is not the start of 'mu', nor 't' of 'tonnes'
            return unit, stripped[end:]
    return None, text


def read_tail(rest: str) -> tuple[str | None, str | None]:
    """Suffix qualifier and trailing noun after the number and unit."""
    suffix = SUFFIX.match(rest)
    qualifier = None
    if suffix is not None:
        qualifier = "approx" if suffix[1].endswith("so") else "over"
        rest = rest[suffix.end():]
    if rest and not NOUNS.fullmatch(rest):
        raise QuantityError(f"unexpected “{rest.strip()}”")
    return qualifier, rest.strip() or None


def parse(text: str, table: UnitTable) -> Parse:
    """Take an English wording apart."""
    text = text.lower()
    dated = read_date(text)
    if dated is not None:
        return dated
    prefix = PREFIX.match(text)
    qualifier = PREFIX_MEANING.get(prefix[1], "approx") if prefix else None
    rest = text[prefix.end():] if prefix else text
    currency, rest = read_word(rest, table.en_prefixes, spaced=False)
    rest = rest.lstrip() if currency else rest
    low, high, place, rest = read_number(rest)
    scale_match = SCALE.match(rest)
    scale_word = scale_match[1] if scale_match else None
    rest = rest[scale_match.end():] if scale_match else rest
    if scale_word == "m" and currency is None:
        unit, _ = read_word(rest, table.en_words, spaced=True)
        if unit is None or table[unit].kind != "currency":
            raise QuantityError("“m” means million only with a currency")
    unit, rest = read_word(rest, table.en_words, spaced=True)
    if currency is not None and unit not in (None, currency):
        raise QuantityError(f"{currency} and {unit} in one wording")
    suffix, measure = read_tail(rest)
    scale = Decimal(SCALES.get(scale_word or "", 1))
    low, high, place = low * scale, high * scale, place * scale
    return build(low, high, place, sig_step(low, place), unit=unit or currency,
                 measure=measure, qualifier=merge(qualifier, suffix))
