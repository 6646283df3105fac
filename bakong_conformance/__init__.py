"""Bakong / KHQR conformance harness: the library behind the certification suite.

Packages: ``khqr`` (codec), ``catalogue`` (requirements and payload rules), ``reference`` (the reference
participant), ``participant`` (the client that drives a participant), ``report`` (HTML), ``certify`` (runs).
This package never imports pytest.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
