"""The certification suite: every scenario of every feature under ``features/`` (bdd_features_base_dir).

Every scenario uses the ``defect_set`` fixture (the reference participant's defects), so that the self-check's
``--defect-set`` can run a scenario once per set (see ``conftest.py``).
"""

from __future__ import annotations

import pytest
from pytest_bdd import scenarios

pytestmark = pytest.mark.usefixtures("defect_set")

scenarios("")
