"""Conversions between units of one dimension, by pint (loaded on first use).

亩 and 里 are defined here under names of their own (pint's `mu` and `li` are other units).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

from tianxin_report.units import Unit

# Only what the built-in units need, with pint's own definitions (default_en.txt): a
# registry of these takes ~5 ms to make, pint's whole one ~0.3 s. A unit expression it
# does not know is converted by the whole registry instead.
DEFINITIONS = (
    "kilo- = 1e3 = k-", "mega- = 1e6 = M-", "giga- = 1e9 = G-",
    "meter = [length] = m", "gram = [mass] = g", "second = [time] = s", "watt = [power] = W",
    "minute = 60 * second = min", "hour = 60 * minute = h",
    "are = 100 * meter ** 2", "hectare = 100 * are = ha",
    "metric_ton = 1e3 * kilogram = t", "kilowatt_hour = kilowatt * hour = kWh",
)
OUR_UNITS = (
    "shi_mu = hectare / 15",  # 亩: 1 hectare = 15 mu
    "shi_li = 500 * meter",  # 里: half a kilometre
)


@cache
def _registry(whole: bool = False) -> Any:
    import pint

    # filename "" is pint's default definitions, None none at all
    registry = pint.UnitRegistry("" if whole else None, non_int_type=Decimal, cache_folder=None)
    for line in (() if whole else DEFINITIONS) + OUR_UNITS:
        registry.define(line)
    return registry


def conversion_factor(source: Unit, target: Unit) -> Decimal | None:
    """How many `target` one `source` is, or None when they do not convert."""
    if source.pint is None or target.pint is None:
        return None
    import pint

    try:
        factor = _convert(_registry(), source.pint, target.pint)
    except pint.UndefinedUnitError:
        factor = _convert(_registry(whole=True), source.pint, target.pint)
    return None if factor is None else Decimal(factor)


def _convert(registry: Any, source: str, target: str) -> Any:
    import pint

    try:
        return registry.Quantity(Decimal(1), source).to(target).magnitude
    except pint.DimensionalityError:
        return None
