"""CRC-16/CCITT-FALSE and MD5 as KHQR uses them.

The CRC runs over the UTF-8 bytes of the payload up to and including ``6304`` (EMVCo MPM, CRC data object;
the official SDK hashes ``Buffer.from(payload)``): poly 0x1021, init 0xFFFF, no reflection, no final xor.
Check value: ``crc16(b"123456789") == 0x29B1``.
"""

from __future__ import annotations

import binascii
import hashlib

__all__ = ["crc16", "crc_hex", "md5_hex"]


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE of ``data`` (``binascii.crc_hqx`` is the same polynomial, unreflected, from 0xFFFF)."""
    return binascii.crc_hqx(data, 0xFFFF)


def crc_hex(payload_through_6304: str) -> str:
    """The four upper-case hex digits KHQR writes after ``6304`` for this payload prefix."""
    return f"{crc16(payload_through_6304.encode('utf-8')):04X}"


def md5_hex(qr: str) -> str:
    """Lower-case hex MD5 of the complete KHQR string (CRC included), over UTF-8 bytes."""
    return hashlib.md5(qr.encode("utf-8")).hexdigest()
