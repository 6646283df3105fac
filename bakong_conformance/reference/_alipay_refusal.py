"""An Alipay+ request the acquirer refuses: answered ``F`` with an Alipay+ result code and a message."""

from __future__ import annotations

__all__ = ["Refused"]


class Refused(Exception):
    """Raised to answer a request ``F`` with ``code`` (a key of ``alipay_plus.RESULT_CODES``) and ``message``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message
