"""Where figures stand in running text: the patterns the untagged-figure check scans with,
built from the unit table (so a report's own units are found too)."""

from __future__ import annotations

import re
from functools import cache

from tianxin_report.units import UnitTable


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


@cache
def figure_pattern(lang: str, table: UnitTable) -> re.Pattern[str]:
    """A number with its qualifier, scale and unit (or one count word) as written in `lang`."""
    if lang == "zh":
        units = _alternation([w for w, _ in table.zh_words + table.zh_symbols])
        return re.compile(rf"(?<![\d.年月])(?:近|约|超过|超|不到|不足)?\d[\d.]*"
                          rf"(?:万亿|亿|万)?(?:余|多)?(?:{units}|[\u4e00-\u9fff])?"
                          r"(?![\d.年月日号楼])")  # not dates, not floor numbers
    units = _alternation([w for w, _ in table.en_words])
    prefixes = _alternation([w for w, _ in table.en_prefixes])
    return re.compile(rf"(?:(?:nearly|more than|over|about|less than|fewer than) )?"
                      rf"(?:(?:{prefixes}) ?)?\d[\d,]*(?:\.\d+)?"
                      rf"(?: (?:trillion|billion|million|thousand))?(?: ?(?:{units})(?![a-z]))?",
                      re.IGNORECASE)
