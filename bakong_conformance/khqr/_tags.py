"""The KHQR tag table, as data.

Each :class:`Field` row says where a value lives (tag, and sub-tag inside a template), the official SDK's
decode key, its length bounds in UTF-16 code units, and the payload rules (``catalogue/rules.toml``) that a
missing value and a bad length break. Validation and generation both read this table; nothing else in the
package hard-codes a tag number.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CANONICAL_ORDER",
    "DECODE_KEYS",
    "FIELDS",
    "KHQR_TAGS",
    "TEMPLATE_TAGS",
    "Field",
    "Tag",
]


class Tag:
    """Top-level IDs, named (EMVCo MPM root data objects plus Bakong's 99)."""

    PAYLOAD_FORMAT_INDICATOR = "00"
    POINT_OF_INITIATION = "01"
    UNIONPAY = "15"
    INDIVIDUAL_ACCOUNT = "29"
    MERCHANT_ACCOUNT = "30"
    MERCHANT_CATEGORY_CODE = "52"
    TRANSACTION_CURRENCY = "53"
    TRANSACTION_AMOUNT = "54"
    COUNTRY_CODE = "58"
    MERCHANT_NAME = "59"
    MERCHANT_CITY = "60"
    ADDITIONAL_DATA = "62"
    CRC = "63"
    LANGUAGE_TEMPLATE = "64"
    TIMESTAMP = "99"


POI_STATIC = "11"
POI_DYNAMIC = "12"
CURRENCY_KHR = "116"
CURRENCY_USD = "840"


@dataclass(frozen=True, slots=True)
class Field:
    """One KHQR value: its place, decode key, bounds and the rules it answers to."""

    key: str                      # official SDK decode key
    tag: str                      # top-level ID ("29" also stands for "30")
    sub: str | None               # sub-ID inside the template, or None for a primitive
    max_len: int
    present_rule: str | None      # rule broken when a required value is absent or empty
    length_rule: str              # rule broken when longer than max_len (or empty where not allowed)
    min_len: int = 1


# Order = the SDK generator's emission order; decode keys = the SDK's decode() names.
FIELDS: tuple[Field, ...] = (
    Field("payloadFormatIndicator", "00", None, 2, "KHQR-PFI-PRESENT", "KHQR-PFI-LENGTH"),
    Field("pointofInitiationMethod", "01", None, 2, None, "KHQR-POI-LENGTH"),
    Field("unionPayMerchant", "15", None, 99, None, "KHQR-UPI-LENGTH"),
    Field("bakongAccountID", "29", "00", 32, "KHQR-ACCOUNT-ID-REQUIRED", "KHQR-ACCOUNT-ID-LENGTH"),
    Field("accountInformation", "29", "01", 32, None, "KHQR-ACCOUNT-INFO-LENGTH", 0),
    Field("merchantID", "30", "01", 32, "KHQR-MERCHANT-ID-REQUIRED", "KHQR-MERCHANT-ID-LENGTH"),
    Field("acquiringBank", "29", "02", 32, None, "KHQR-ACQUIRING-BANK-LENGTH"),
    Field("merchantCategoryCode", "52", None, 4, "KHQR-MCC-PRESENT", "KHQR-MCC-LENGTH"),
    Field("transactionCurrency", "53", None, 3, "KHQR-CURRENCY-PRESENT", "KHQR-CURRENCY-LENGTH"),
    Field("transactionAmount", "54", None, 13, None, "KHQR-AMOUNT-LENGTH"),
    Field("countryCode", "58", None, 3, "KHQR-COUNTRY-PRESENT", "KHQR-COUNTRY-LENGTH"),
    Field("merchantName", "59", None, 25, "KHQR-NAME-PRESENT", "KHQR-NAME-LENGTH"),
    Field("merchantCity", "60", None, 15, "KHQR-CITY-PRESENT", "KHQR-CITY-LENGTH"),
    Field("billNumber", "62", "01", 25, None, "KHQR-BILL-NUMBER"),
    Field("mobileNumber", "62", "02", 25, None, "KHQR-MOBILE-NUMBER"),
    Field("storeLabel", "62", "03", 25, None, "KHQR-STORE-LABEL"),
    Field("terminalLabel", "62", "07", 25, None, "KHQR-TERMINAL-LABEL"),
    Field("purposeOfTransaction", "62", "08", 25, None, "KHQR-PURPOSE"),
    Field("languagePreference", "64", "00", 2, None, "KHQR-LANGUAGE-PREFERENCE"),
    Field("merchantNameAlternateLanguage", "64", "01", 25, None, "KHQR-LANGUAGE-NAME-LENGTH"),
    Field("merchantCityAlternateLanguage", "64", "02", 15, None, "KHQR-LANGUAGE-CITY-LENGTH"),
    Field("creationTimestamp", "99", "00", 13, None, "KHQR-CREATION-FORMAT", 0),
    Field("expirationTimestamp", "99", "01", 13, None, "KHQR-EXPIRY-LENGTH", 0),
)

# The 25 keys of the official decode(), in its order (absent values decode to None).
DECODE_KEYS: tuple[str, ...] = (
    "merchantType", "bakongAccountID", "accountInformation", "merchantID", "acquiringBank",
    "billNumber", "mobileNumber", "storeLabel", "terminalLabel", "purposeOfTransaction", "languagePreference",
    "merchantNameAlternateLanguage", "merchantCityAlternateLanguage", "creationTimestamp",
    "expirationTimestamp", "payloadFormatIndicator", "pointofInitiationMethod", "unionPayMerchant",
    "merchantCategoryCode", "transactionCurrency", "transactionAmount", "countryCode", "merchantName",
    "merchantCity", "crc",
)

# Top-level IDs the SDK reads; every other ID is carried but neither validated nor decoded.
KHQR_TAGS = frozenset({"00", "01", "15", "29", "30", "52", "53", "54", "58", "59", "60", "62", "63", "64", "99"})

# Templates whose value must itself be TLV (EMVCo MPM: 26-51 merchant account information, 62 additional data,
# 64 language template, 80-99 unreserved templates).
TEMPLATE_TAGS = frozenset({f"{n:02d}" for n in (*range(26, 52), 62, 64, *range(80, 100))})

# The generator's top-level order; 29 and 30 share a slot.
CANONICAL_ORDER: tuple[str, ...] = ("00", "01", "15", "29", "52", "53", "54", "58", "59", "60", "62", "64", "99",
                                    "63")
