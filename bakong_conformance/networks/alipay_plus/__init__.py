"""The simulated Alipay+: the hub a participant meets as an acquirer (Push Mode) or a wallet, behind the
:class:`~bakong_conformance.networks.Network` protocol every simulated network follows
(``schemas/alipay-plus/README.md``)."""

from __future__ import annotations

from ._faults import ANSWER_FAULTS, TAMPERS, AnswerFault, Tamper
from ._identity import ParticipantIdentity
from ._records import Answered, Received, SignedRequest
from ._simulator import (
    ACQUIRER_PATH,
    ALIPAY_PLUS_HOST,
    ALIPAY_PLUS_URL,
    ANSWER_SCHEMAS,
    OTHER_CLIENT_ID,
    PREFIX,
    RECEIVED_SCHEMAS,
    TIME_STYLES,
    WALLET_PATH,
    AlipayPlusSimulator,
)
from ._wallet import MerchantOrder

__all__ = [
    "ACQUIRER_PATH",
    "ALIPAY_PLUS_HOST",
    "ALIPAY_PLUS_URL",
    "ANSWER_FAULTS",
    "ANSWER_SCHEMAS",
    "OTHER_CLIENT_ID",
    "PREFIX",
    "RECEIVED_SCHEMAS",
    "TAMPERS",
    "TIME_STYLES",
    "WALLET_PATH",
    "AlipayPlusSimulator",
    "AnswerFault",
    "Answered",
    "MerchantOrder",
    "ParticipantIdentity",
    "Received",
    "SignedRequest",
    "Tamper",
]
