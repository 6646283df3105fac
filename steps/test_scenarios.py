"""The certification suite: every scenario of every feature under ``features/`` (bdd_features_base_dir)."""

from __future__ import annotations

from pytest_bdd import scenarios

scenarios("")
