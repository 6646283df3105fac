"""The simulated Bakong a participant pays through: the switch (``POST /switch/v1/instructions``, a contract of
this harness, ``schemas/bakong-switch/README.md``) and the Bakong Open API as NBC documents it.

One :class:`BakongSimulator` decides every answer; two thin deliveries carry it out:

- real sockets: :attr:`BakongSimulator.app` (raw ASGI) under :class:`LoopbackServer` or :func:`serve`
  (``bakong-conformance networks serve``), loopback only;
- in-process: :func:`in_process_transport`, a respx-built httpx transport for :data:`SIMULATOR_URL`.

The switch takes instructions only from the participant the harness authorised
(:meth:`BakongSimulator.authorise`), each carrying ``Authorization: Bearer <switch credential>`` (else 401) and
that participant's ``participantId`` (else 403). What participants send is read as strict JSON (a body that is
not is a documented 400, never a 500).

Time comes only from a :class:`Clock` (:class:`FakeClock` in certification, :class:`WallClock` when served
alone). The simulator misbehaves only as planned (:class:`Fault`); it records every instruction
(:class:`InstructionRecord`), Open API call (:class:`OpenApiCall`) and settled payment (:class:`Transaction`),
and keeps the evidence of every exchange with secrets redacted.

Errors::

    HarnessError            the harness set an impossible scene (unregistered e-mail, QR without payee, ...)
    ├── ConfigurationError  ``serve`` on a host that is not loopback
    ValueError              a bad Fault, a clock going back, LoopbackServer on a host that is not loopback
"""

from __future__ import annotations

from ._clock import Clock, FakeClock, WallClock
from ._credentials import SwitchAuth
from ._faults import Fault
from ._in_process import SIMULATOR_HOST, SIMULATOR_URL, in_process_transport
from ._ledger import Transaction
from ._records import InstructionRecord, OpenApiCall
from ._serve import DEFAULT_PARTICIPANT_ID, LoopbackServer, serve
from ._simulator import BakongSimulator

__all__ = [
    "DEFAULT_PARTICIPANT_ID",
    "SIMULATOR_HOST",
    "SIMULATOR_URL",
    "BakongSimulator",
    "Clock",
    "FakeClock",
    "Fault",
    "InstructionRecord",
    "LoopbackServer",
    "OpenApiCall",
    "SwitchAuth",
    "Transaction",
    "WallClock",
    "in_process_transport",
    "serve",
]
