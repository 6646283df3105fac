"""The reference participant: a conformant bank sandbox implementing Participant API v1, with defect switches.

``create_app`` builds the Starlette app (certified in-process by default); ``serve`` runs it on loopback;
``defects()`` lists the switches, each naming the requirements it violates.
"""

from __future__ import annotations

from ._app import PARTICIPANT_ID, create_app
from ._defects import Defect, behaviour_with, defects
from ._serve import serve

__all__ = ["PARTICIPANT_ID", "Defect", "behaviour_with", "create_app", "defects", "serve"]
