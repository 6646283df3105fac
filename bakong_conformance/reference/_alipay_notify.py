"""Notifying Alipay+ of payments' results, in either role (as acquirer ``notifyPushPayment``,
schemas/alipay-plus/README.md §3.6; as wallet ``notifyPayment``, §4.1).

A role notifies a payment's result when it is decided (the role decides which results it notifies); one not yet
acknowledged with ``S`` is sent again at ``advanceSandbox`` for as long as the rules say it is still due, the
same message each time (``again`` says what a re-sent message carries: the same, for a conformant participant).
A notification that fails never changes a payment or an answer. A new Alipay+ connection forgets the
notifications still to send again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ._alipay_client import AlipayConnection, AlipayPlus, result_status

__all__ = ["NOTIFY", "Notification", "Notifier", "Resending", "unchanged"]

NOTIFY = "notifyPushPayment"
"""The acquirer's notification (the default operation)."""
Message = dict[str, Any]


class Resending(Protocol):
    """What the notifier asks a role's rules."""

    @property
    def still_due(self) -> Callable[[bool], bool]:
        """(acknowledged with S) → to be sent again."""


def unchanged(message: Message) -> Message:
    """A notification is sent again exactly as it was first sent."""
    return message


@dataclass
class Notification:
    """The latest result notified of one payment (``key``: the role's id of the payment), and whether Alipay+
    acknowledged it with ``S``."""

    key: str
    message: Message
    acknowledged: bool = False


class Notifier:
    """Sends ``operation`` notifications to the Alipay+ ``connection()`` gives, and sends them again under
    ``rules``, each re-sent message as ``again`` makes it."""

    def __init__(self, rules: Resending, alipay: AlipayPlus, connection: Callable[[], AlipayConnection | None],
                 operation: str = NOTIFY, again: Callable[[Message], Message] = unchanged) -> None:
        self.rules, self.alipay, self.connection = rules, alipay, connection
        self.operation, self.again = operation, again
        self.notifications: dict[str, Notification] = {}

    async def notify(self, key: str, message: Message, now_ms: int) -> None:
        """Send ``message``, the latest result of payment ``key``; it replaces any earlier one of that payment."""
        note = Notification(key, message)
        self.notifications[key] = note
        await self._send(note, note.message, now_ms)

    async def send_due(self, now_ms: int) -> None:
        """Send again every notification the rules say is still due."""
        for note in list(self.notifications.values()):
            if self.rules.still_due(note.acknowledged):
                await self._send(note, self.again(note.message), now_ms)

    def drop(self, key: str) -> None:
        """Stop sending payment ``key``'s notification (its result is no longer the one notified)."""
        self.notifications.pop(key, None)

    def forget(self) -> None:
        """Forget every notification (a new Alipay+ connection)."""
        self.notifications.clear()

    async def _send(self, note: Notification, message: Message, now_ms: int) -> None:
        connection = self.connection()
        if connection is None:
            return
        answer = await self.alipay.call(connection, self.operation, message, now_ms)
        note.acknowledged = note.acknowledged or result_status(answer) == "S"
