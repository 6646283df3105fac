"""Alipay+ amounts: ``{"currency", "value"}``, the value a natural number of minor units, as a string.

Minor units follow ISO 4217 (USD 1.50 → ``"150"``, JPY 100 → ``"100"``). Alipay+ publishes no rule for the
riel, so this harness takes ISO 4217's two digits (:data:`KHR_MINOR_UNITS`, a setting carried to the sandbox in
``connectAlipayPlus``): KHR 5000 → ``"500000"``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ._quoted import quoted

__all__ = ["KHR_MINOR_UNITS", "MINOR_UNITS", "AmountError", "from_minor", "to_minor"]

KHR_MINOR_UNITS = 2
MINOR_UNITS: dict[str, int] = {"KHR": KHR_MINOR_UNITS, "USD": 2, "CNY": 2, "HKD": 2, "MYR": 2, "PHP": 2,
                               "SGD": 2, "THB": 2, "JPY": 0, "KRW": 0, "VND": 0, "LAK": 2}
_NATURAL = re.compile(r"0|[1-9][0-9]{0,17}")


class AmountError(ValueError):
    """Not an amount Alipay+ writes (unknown currency, a value that is not a natural number of minor units)."""


def _digits(currency: str, khr_minor_units: int) -> int:
    if currency == "KHR":
        return khr_minor_units
    if currency not in MINOR_UNITS:
        raise AmountError(f"no minor unit known for currency {quoted(currency)}")
    return MINOR_UNITS[currency]


def to_minor(amount: Decimal | str, currency: str, *, khr_minor_units: int = KHR_MINOR_UNITS) -> dict[str, str]:
    """The Alipay+ amount of ``amount`` major units; :class:`AmountError` when it has more decimals than the
    currency has minor digits, or is negative."""
    value = Decimal(amount) * (Decimal(10) ** _digits(currency, khr_minor_units))
    if value < 0 or value != value.to_integral_value():
        raise AmountError(f"{amount} {currency} is not a whole number of minor units")
    return {"currency": currency, "value": str(int(value))}


def from_minor(amount: object, *, khr_minor_units: int = KHR_MINOR_UNITS) -> tuple[str, Decimal]:
    """(currency, major units) of an Alipay+ amount object; :class:`AmountError` for anything else."""
    if not isinstance(amount, dict) or set(amount) != {"currency", "value"}:
        raise AmountError("an amount is exactly {currency, value}")
    currency, value = amount["currency"], amount["value"]
    if not isinstance(currency, str) or not isinstance(value, str) or not _NATURAL.fullmatch(value):
        raise AmountError(f"an amount's value is a natural number written as a string, not {quoted(value)}")
    return currency, Decimal(value) / (Decimal(10) ** _digits(currency, khr_minor_units))
