"""JavaScript value semantics, as the official KHQR SDK relies on them.

The SDK (``bakong-khqr`` 1.0.20) reads the JSON a caller sends with JavaScript's coercions, so reproducing its
output means reproducing them: ``Number(value)``, ``String(value)``, ``parseInt`` / ``parseFloat``,
``Number.prototype.toFixed(2)`` and loose ``== ""`` emptiness. Numbers are IEEE doubles as in JavaScript:
integers past 2**53 round, past the double range they are Infinity; "NaN" results are ``math.nan`` (or None
from :func:`js_parse_int`).
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["JsValue", "as_float", "js_empty", "js_number", "js_parse_float", "js_parse_int", "js_string",
           "number_string", "place_point", "shortest_digits", "to_fixed_2"]

_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
            "\u2028\u2029\u202f\u205f\u3000\ufeff"
_DECIMAL_LITERAL = re.compile(r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)")
_RADIX_LITERAL = re.compile(r"0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+")
_INT_PREFIX = re.compile(r"[+-]?(0[xX])?")
_INT_DIGITS = {False: re.compile(r"[0-9]+"), True: re.compile(r"[0-9a-fA-F]+")}
_SAFE_INTEGER = 2.0 ** 53

JsValue = str | int | float


def as_float(number: int | float) -> float:
    """A number as a JavaScript double (JSON.parse rounds big integers; past the range they are Infinity)."""
    try:
        return float(number)
    except OverflowError:
        return math.inf if number > 0 else -math.inf


def js_number(value: JsValue) -> float:
    """``Number(value)``: whitespace-trimmed decimal, 0x/0o/0b or Infinity; empty is 0; anything else NaN."""
    if not isinstance(value, str):
        return as_float(value)
    text = value.strip(_JS_SPACE)
    if not text:
        return 0.0
    if _RADIX_LITERAL.fullmatch(text):
        return as_float(int(text, 0))
    return float(text) if _DECIMAL_LITERAL.fullmatch(text) else math.nan


def js_parse_int(text: str) -> int | None:
    """``parseInt(text)`` (radix 10, or 16 after 0x): None where JavaScript gives NaN."""
    text = text.lstrip(_JS_SPACE)
    prefix = _INT_PREFIX.match(text)
    assert prefix is not None                                  # both parts are optional
    hexadecimal = prefix.group(1) is not None
    digits = _INT_DIGITS[hexadecimal].match(text, prefix.end())
    if digits is None:
        return None
    return (-1 if text.startswith("-") else 1) * int(digits.group(), 16 if hexadecimal else 10)


def js_parse_float(text: str) -> float:
    """``parseFloat(text)``: the longest decimal prefix after leading whitespace, else NaN."""
    match = _DECIMAL_LITERAL.match(text.lstrip(_JS_SPACE))
    return float(match.group()) if match else math.nan


def js_string(value: JsValue) -> str:
    """``String(value)``."""
    return value if isinstance(value, str) else number_string(as_float(value))


def number_string(x: float) -> str:
    """``Number::toString``: shortest round-trip digits, exponent form from 1e21 and below 1e-6."""
    if x.is_integer() and abs(x) < _SAFE_INTEGER:
        return str(int(x))
    if not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    if x < 0:
        return "-" + number_string(-x)
    text = repr(x)                      # the same shortest digits; Python switches to exponents sooner
    if 1e-4 <= x < 1e16 and not text.endswith(".0"):
        return text
    return place_point(*shortest_digits(x))


def shortest_digits(x: float) -> tuple[str, int]:
    """The shortest digits that read back as ``x`` (as ``repr``), and where the decimal point goes."""
    _, digit_tuple, exponent = Decimal(repr(x)).normalize().as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(map(str, digit_tuple))
    return digits, exponent + len(digits)


def place_point(digits: str, point: int) -> str:
    """``digits`` with the decimal point ``point`` places from the left, as ``Number::toString`` places it."""
    size = len(digits)
    if size <= point <= 21:
        return digits + "0" * (point - size)
    if 0 < point <= 21:
        return f"{digits[:point]}.{digits[point:]}"
    if -6 < point <= 0:
        return "0." + "0" * -point + digits
    mantissa = digits[0] + (f".{digits[1:]}" if size > 1 else "")
    return f"{mantissa}e{'+' if point > 0 else '-'}{abs(point - 1)}"


def to_fixed_2(x: float) -> str:
    """``x.toFixed(2)``: exact decimal value of the double, ties away from zero; from 1e21 as ``String``."""
    if not math.isfinite(x) or abs(x) >= 1e21:
        return number_string(x)
    if x < 0:
        return "-" + to_fixed_2(-x)
    if not (x * 8).is_integer():        # only multiples of 1/8 can sit exactly halfway between two cents
        return f"{x:.2f}"               # correctly rounded, so equal to the nearest n/100 when there is no tie
    return f"{Decimal(abs(x)).quantize(Decimal('0.01'), ROUND_HALF_UP):f}"


def js_empty(value: object) -> bool:
    """What the SDK's ``removeEmptyElement`` drops: null, undefined and anything ``== ""`` (``""`` and 0)."""
    return value is None or value == "" or (not isinstance(value, str) and value == 0)
