"""The simulated networks a participant meets, each a package behind one small protocol (:class:`Network`:
a name, an in-process host, one core deciding every answer, a documented failure answer), delivered two ways
by the same code:

- real sockets: one raw ASGI app (:class:`SimulatorApp`) for one network or several on one address, each
  answering its own paths, under :class:`LoopbackServer`, loopback only;
- in-process: :func:`in_process_transport`, one respx router with a named route per network host.

``alipay_plus/`` is the simulated Alipay+ (``schemas/alipay-plus/README.md``): it verifies and signs every
message, keeps what the participant sent it, and builds the signed requests the harness sends the participant.
``bakong/`` is the simulated Bakong: the switch (``POST /switch/v1/instructions``, a contract of this harness,
``schemas/bakong-switch/README.md``) and the Bakong Open API as NBC documents it; :func:`serve` runs it alone
(``bakong-conformance networks serve``). Later networks (the national switches) are packages beside them.

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

from ._asgi import SimulatorApp
from ._clock import Clock, FakeClock, WallClock
from ._in_process import in_process_transport
from ._network import Network
from ._serve import LoopbackServer
from .alipay_plus import (
    ALIPAY_PLUS_URL,
    AlipayPlusSimulator,
    Answered,
    AnswerFault,
    MerchantOrder,
    ParticipantIdentity,
    Received,
    SignedRequest,
)
from .bakong import (
    DEFAULT_PARTICIPANT_ID,
    SIMULATOR_HOST,
    SIMULATOR_URL,
    BakongSimulator,
    Fault,
    InstructionRecord,
    OpenApiCall,
    SwitchAuth,
    Transaction,
    serve,
)

__all__ = [
    "ALIPAY_PLUS_URL",
    "DEFAULT_PARTICIPANT_ID",
    "SIMULATOR_HOST",
    "SIMULATOR_URL",
    "AlipayPlusSimulator",
    "AnswerFault",
    "Answered",
    "BakongSimulator",
    "Clock",
    "FakeClock",
    "Fault",
    "InstructionRecord",
    "LoopbackServer",
    "MerchantOrder",
    "Network",
    "OpenApiCall",
    "ParticipantIdentity",
    "Received",
    "SignedRequest",
    "SimulatorApp",
    "SwitchAuth",
    "Transaction",
    "WallClock",
    "in_process_transport",
    "serve",
]
