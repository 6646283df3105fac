"""The reference participant: a conformant bank sandbox implementing Participant API v1, with defect switches.

It issues and scans KHQR, pays scanned KHQR from sandbox accounts through Bakong (the switch contract of
schemas/bakong-switch, resolving unknown outcomes with the Bakong Open API), confirms merchant orders with the
Open API, acquires for its KHQR merchants paid by Alipay+ wallets and, as an Alipay+ wallet, lets its customers pay
Alipay+ merchants in riel (schemas/alipay-plus, both roles under the Client-Id :data:`ALIPAY_PLUS_CLIENT_ID` with
the test key pair of ``fixtures/alipay-plus/``). ``create_app`` builds the Starlette app (certified in-process by
default, reaching Bakong and Alipay+ through the ``networks_transport`` it is given), which declares
:data:`CAPABILITIES`; ``serve`` runs it on loopback; ``defects()`` lists the switches, each naming the
requirements it violates; they live with the role they break, one module each under ``roles/``.
"""

from __future__ import annotations

from . import roles  # noqa: F401  (registers every role's defect switches)
from ._alipay_identity import ALIPAY_PLUS_CLIENT_ID, ALIPAY_PLUS_KEY_VERSION, alipay_plus_public_key_pem
from ._app import CAPABILITIES, PARTICIPANT_ID, create_app
from ._registry import Defect, behaviour_with, defects
from ._serve import serve

__all__ = ["ALIPAY_PLUS_CLIENT_ID", "ALIPAY_PLUS_KEY_VERSION", "CAPABILITIES", "PARTICIPANT_ID", "Defect",
           "alipay_plus_public_key_pem", "behaviour_with", "create_app", "defects", "serve"]
