"""Progress on the terminal for long certification runs (``--progress``): counts and the current area.

Instead of one dot per scenario, a line each time the run leaves an area (Allure epic), every :data:`EVERY`
scenarios, and at the end, e.g. ``[ 120/179] KHQR acceptance: 58 passed, 2 failed``. Each line counts only the
area it names. Inert without ``--progress``.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bakong_conformance.catalogue import requirements

EVERY = 25


def _area(item: pytest.Item) -> str:
    areas = [requirements()[m.name].area for m in item.iter_markers() if m.name in requirements()]
    return areas[0] if areas else "other"


class Progress:
    """Counts outcomes per area and writes a line when an area ends, every :data:`EVERY` scenarios, and at the end:
    each line names one area and counts only that area's scenarios, so a failure is reported where it happened."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.total = 0
        self.done = 0
        self.area = ""
        self.areas: dict[str, str] = {}
        self.outcomes: dict[str, Counter[str]] = {}

    def _write(self, area: str) -> None:
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(self.outcomes.get(area, Counter()).items()))
        width = len(str(self.total))
        if reporter is not None:
            reporter.write_line(f"[{self.done:>{width}}/{self.total}] {area}: {counts}")

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        self.total = len(items)
        self.areas = {item.nodeid: _area(item) for item in items}

    def pytest_report_teststatus(self, report: pytest.TestReport) -> tuple[str, str, str] | None:
        if report.when == "call":
            return report.outcome, "", ""          # counted, but no dot: the progress lines say it
        return None

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        final = report.when == "call" or (report.when == "setup" and report.outcome != "passed")
        if not final:
            return
        area = self.areas.get(report.nodeid, "other")
        if self.area and area != self.area:
            self._write(self.area)                 # the area just finished, with its own counts
        self.area = area
        self.done += 1
        self.outcomes.setdefault(area, Counter())["not applicable" if report.skipped else report.outcome] += 1
        if self.done % EVERY == 0 or self.done == self.total:
            self._write(area)


def pytest_configure(config: pytest.Config) -> None:
    """Register the progress reporter when ``--progress`` is given."""
    if config.getoption("progress", default=False):
        config.pluginmanager.register(Progress(config), "bakong-progress")
