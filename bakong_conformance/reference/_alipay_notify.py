"""Notifying Alipay+ of pushed payments' results (``notifyPushPayment``, schemas/alipay-plus/README.md §3.6).

A payment's result is offered when it is decided (its push, then each change learnt from Bakong); the rules say
which results are notified (final ones only) and whether one not yet acknowledged with ``S`` is sent again, the
same message each time, at ``advanceSandbox``. A notification that fails never changes a payment or an answer.
A new Alipay+ connection forgets the notifications still to send again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._acquirer_books import PushPayment
from ._acquirer_messages import notification
from ._acquirer_rules import AcquirerRules
from ._alipay_client import AlipayConnection, AlipayPlus, result_status

__all__ = ["NOTIFY", "Notification", "Notifier"]

NOTIFY = "notifyPushPayment"


@dataclass
class Notification:
    """The latest result notified of one payment, and whether Alipay+ acknowledged it with ``S``."""

    payment_id: str
    message: dict[str, Any]
    acknowledged: bool = False


class Notifier:
    """Sends and re-sends notifications to the Alipay+ ``connection()`` gives, under ``rules``."""

    def __init__(self, rules: AcquirerRules, alipay: AlipayPlus,
                 connection: Callable[[], AlipayConnection | None]) -> None:
        self.rules, self.alipay, self.connection = rules, alipay, connection
        self.notifications: dict[str, Notification] = {}

    async def offer(self, push: PushPayment, now_ms: int) -> None:
        """The payment's result was just decided: notify it if it is one to notify."""
        if self.rules.notifiable(push):
            note = Notification(push.payment_id, notification(push))
            self.notifications[push.payment_id] = note
            await self._send(note, now_ms)

    async def send_due(self, now_ms: int) -> None:
        """Send again every notification the rules say is still due."""
        for note in list(self.notifications.values()):
            if self.rules.still_due(note.acknowledged):
                await self._send(note, now_ms)

    def forget(self) -> None:
        """Forget every notification (a new Alipay+ connection)."""
        self.notifications.clear()

    async def _send(self, note: Notification, now_ms: int) -> None:
        connection = self.connection()
        if connection is None:
            return
        answer = await self.alipay.call(connection, NOTIFY, note.message, now_ms)
        note.acknowledged = note.acknowledged or result_status(answer) == "S"
