"""Alipay+ times (read in every way Alipay+ writes them) and amounts (minor units, KHR with two digits)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bakong_conformance.alipay_plus import (
    AmountError,
    TimeError,
    format_time,
    from_minor,
    parse_time,
    result,
    result_status,
    to_minor,
)

MOMENT = 1_796_133_909_090          # 2026-12-01T14:05:09.090Z


@pytest.mark.parametrize("text", ["2026-12-01T14:05:09.09Z", "2026-12-01T14:05:09.090Z",
                                  "2026-12-01T22:05:09.090+08:00", "2026-12-01T08:35:09.090000000-05:30",
                                  "1796133909090"])
def test_every_way_alipay_writes_a_time_is_read(text: str) -> None:
    assert parse_time(text) == MOMENT


@pytest.mark.parametrize("text", ["2026-12-01 14:05:09Z", "2026-12-01T14:05:09", "2026-13-01T14:05:09Z",
                                  "2026-12-01T14:05:09+24:00", "yesterday", ""])
def test_what_is_not_such_a_time_is_refused(text: str) -> None:
    with pytest.raises(TimeError):
        parse_time(text)


def test_times_are_written_with_an_offset_and_the_fraction_asked() -> None:
    assert format_time(MOMENT) == "2026-12-01T22:05:09+08:00"
    assert format_time(MOMENT, offset_minutes=0, fraction_digits=2) == "2026-12-01T14:05:09.09Z"
    assert format_time(MOMENT, fraction_digits=3) == "2026-12-01T22:05:09.090+08:00"
    assert parse_time(format_time(MOMENT, fraction_digits=3)) == MOMENT


@pytest.mark.parametrize(("major", "currency", "minor"), [("5000", "KHR", "500000"), ("1.50", "USD", "150"),
                                                          ("100", "JPY", "100"), ("0", "KHR", "0")])
def test_amounts_are_minor_units_as_strings(major: str, currency: str, minor: str) -> None:
    assert to_minor(major, currency) == {"currency": currency, "value": minor}
    assert from_minor({"currency": currency, "value": minor}) == (currency, Decimal(major))


def test_the_khr_minor_unit_is_a_setting() -> None:
    assert to_minor("5000", "KHR", khr_minor_units=0) == {"currency": "KHR", "value": "5000"}


@pytest.mark.parametrize("amount", [{"currency": "KHR", "value": 5000}, {"currency": "KHR", "value": "-1"},
                                    {"currency": "KHR", "value": "05"}, {"currency": "KHR", "value": "1.5"},
                                    {"currency": "KHR"}, {"currency": "XXX", "value": "1"}, "5000"])
def test_what_is_not_an_alipay_amount_is_refused(amount: object) -> None:
    with pytest.raises(AmountError):
        from_minor(amount)


def test_fractions_of_a_minor_unit_are_refused() -> None:
    with pytest.raises(AmountError):
        to_minor("1.005", "USD")


def test_results_carry_their_status() -> None:
    assert result("PAYMENT_IN_PROCESS")["resultStatus"] == "U" == result_status("UNKNOWN_EXCEPTION")
    assert result("ORDER_NOT_EXIST", "no such order") == {"resultCode": "ORDER_NOT_EXIST", "resultStatus": "F",
                                                          "resultMessage": "no such order"}
