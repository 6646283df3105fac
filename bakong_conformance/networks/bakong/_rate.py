"""The Open API's rate limit: a window during which every ``check_transaction_*`` call answers 429."""

from __future__ import annotations

__all__ = ["RateLimit"]


class RateLimit:
    """No limit until :meth:`start`; then limited until the window's end on the simulator's clock."""

    def __init__(self) -> None:
        self._until_ms: int | None = None

    def start(self, now_ms: int, retry_after_s: int) -> None:
        """Limit every call from ``now_ms`` for ``retry_after_s`` seconds."""
        if retry_after_s <= 0:
            raise ValueError(f"a rate-limit window lasts a positive number of seconds, not {retry_after_s}")
        self._until_ms = now_ms + retry_after_s * 1000

    def retry_after_s(self, now_ms: int) -> int | None:
        """The seconds left in the window (rounded up), or None when calls are allowed."""
        if self._until_ms is None or now_ms >= self._until_ms:
            return None
        return -(-(self._until_ms - now_ms) // 1000)

    def clear(self) -> None:
        """Lift the limit."""
        self._until_ms = None
