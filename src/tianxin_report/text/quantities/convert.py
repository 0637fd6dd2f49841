"""Conversions between units of one dimension, by pint (loaded on first use).

亩 and 里 are defined here under names of their own (pint's `mu` and `li` are other units).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

from tianxin_report.units import Unit


@cache
def _registry() -> Any:
    import pint

    registry: Any = pint.UnitRegistry(non_int_type=Decimal, cache_folder=None)
    registry.define("shi_mu = hectare / 15")  # 亩: 1 hectare = 15 mu
    registry.define("shi_li = 500 * meter")  # 里: half a kilometre
    return registry


def conversion_factor(source: Unit, target: Unit) -> Decimal | None:
    """How many `target` one `source` is, or None when they do not convert."""
    if source.pint is None or target.pint is None:
        return None
    import pint

    registry = _registry()
    try:
        factor = registry.Quantity(Decimal(1), source.pint).to(target.pint).magnitude
    except pint.DimensionalityError:
        return None
    return Decimal(factor)
