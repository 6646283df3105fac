"""The self-check run: the reference participant with each of many defect sets, in two child pytest runs at most.

A defect switch replaces one piece of one role, so its failures can only show in the scenarios of the
capabilities it touches (:attr:`~bakong_conformance.reference.Defect.capabilities`: those of the requirements it
violates). :func:`evaluate_defect_sets` runs the suite in :data:`WORKERS` child runs side by side, sharing the
sets between them, with ``--defect-set`` for every set of its share: each scenario
runs once for every set whose capabilities it belongs to, against that set's own sandbox, clock and simulated
Bakong (one run of its own per set, with one start-up for all). Each result carries the
:data:`DEFECT_SET_LABEL` label, so the results are split by set afterwards and each set is judged by
:func:`summarise`, as a certification run is, as a participant declaring only the capabilities touched.

That a defect changes nothing else is not proven here but by the reference run, which passes everything. The
certification path (:func:`~bakong_conformance.certify.run`, :func:`~bakong_conformance.certify.evaluate`) does
not use this module.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..catalogue import capabilities
from ..config import ParticipantConfig, reference_config
from ..errors import HarnessError
from ..reference import behaviour_with, defects
from ._plan import Plan, plan_of
from ._run import SUITE_ROOT, _pytest_args, _run_suites
from ._summary import read_results, summarise

__all__ = ["DEFECT_SET_LABEL", "defect_set_capabilities", "evaluate_defect_sets"]

WORKERS = max(1, min(2, os.cpu_count() or 1))
"""How many child runs share the defect sets, side by side (the machines have two cores)."""
DEFECT_SET_LABEL = "defect-set"
"""The Allure label naming the defect set a scenario ran for: the defect names joined by commas."""


def defect_set_capabilities(names: Sequence[str]) -> frozenset[str]:
    """The capabilities the defects ``names`` touch; ``ConfigurationError`` for an unknown name."""
    behaviour_with(names)
    by_name = {d.name: d for d in defects()}
    return frozenset(c for name in names for c in by_name[name].capabilities)


def _config(names: Sequence[str], touched: frozenset[str]) -> ParticipantConfig:
    """The reference participant with ``names`` on, declaring only the capabilities they touch."""
    return dataclasses.replace(reference_config(names), capabilities=touched)


def _plan(touched: Sequence[frozenset[str]], timeout_s: float) -> Plan:
    """The plan of the whole run: the applicable scenarios of every set, as so many runs of their own."""
    count = sum(plan_of(SUITE_ROOT / "features", smoke_only=False, has=caps.__contains__,
                        timeout_s=timeout_s).applicable for caps in touched)
    return Plan(count, count, timeout_s)


def _shares(sets: Sequence[tuple[str, frozenset[str]]], timeout_s: float) -> list[list[str]]:
    """The set ids in :data:`WORKERS` shares of about as many scenarios each (the largest set first into the
    smallest share), for as many child runs side by side; no share is empty."""
    size = {set_id: plan_of(SUITE_ROOT / "features", smoke_only=False, has=caps.__contains__,
                            timeout_s=timeout_s).applicable for set_id, caps in sets}
    shares: list[list[str]] = [[] for _ in range(min(WORKERS, len(sets)))]
    for set_id in sorted(size, key=lambda i: -size[i]):
        min(shares, key=lambda share: sum(size[i] for i in share)).append(set_id)
    return shares


def _split(results: Sequence[Path], out: Path, sets: Sequence[tuple[str, ...]]) -> dict[str, Path]:
    """Move every ``*-result.json`` of the ``results`` folders into ``out/<n>/allure-results`` of the set it ran
    for; the folders by set id."""
    folders = {",".join(names): out / f"{n:03d}" / "allure-results" for n, names in enumerate(sets)}
    for folder in folders.values():
        folder.mkdir(parents=True)
    for path in sorted(p for folder in results for p in folder.glob("*-result.json")):
        labels = json.loads(path.read_text(encoding="utf-8")).get("labels", [])
        owner = next((str(label.get("value")) for label in labels if label.get("name") == DEFECT_SET_LABEL), None)
        if owner not in folders:
            raise HarnessError(f"{path.name}: a result of no defect set of this run ({owner!r})")
        path.replace(folders[owner] / path.name)
    return folders


def evaluate_defect_sets(sets: Sequence[Sequence[str]], out: Path) -> dict[str, dict[str, Any]]:
    """Run the suite once into ``out`` for every defect set of ``sets`` (each a sequence of defect names); the
    judgement of each set (:func:`summarise` over its scenarios, plus its ``defects`` and the capabilities they
    ``touched``), by set id: its names joined by commas. Each is also written to ``out/<n>/summary.json``."""
    chosen = [tuple(names) for names in sets]
    ids = [",".join(names) for names in chosen]
    if not chosen or any(not names for names in chosen) or len(set(ids)) != len(ids):
        raise HarnessError("the defect sets must be distinct and none empty")
    touched = [defect_set_capabilities(names) for names in chosen]     # unknown names fail here, before the run
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise HarnessError(f"the self-check writes into an empty folder, and {out} is not")
    everything = reference_config()
    parts = _shares(list(zip(ids, touched, strict=True)), everything.timeout_s)
    runs = [[*_pytest_args(out / f"part-{n}", everything, "full", False), *(f"--defect-set={i}" for i in part)]
            for n, part in enumerate(parts)]
    codes = _run_suites(runs, _plan(touched, everything.timeout_s))
    if any(code not in (0, 1) for code in codes):
        raise HarnessError(f"the self-check suite could not run (pytest exit codes {codes}); see the output above")
    folders = _split([out / f"part-{n}" / "allure-results" for n in range(len(parts))], out, chosen)
    judged: dict[str, dict[str, Any]] = {}
    for names, set_id, caps in zip(chosen, ids, touched, strict=True):
        judged[set_id] = {"defects": list(names), "touched": [c for c in capabilities() if c in caps],
                          **summarise(read_results(folders[set_id]), _config(names, caps), profile="full")}
        (folders[set_id].parent / "summary.json").write_text(json.dumps(judged[set_id], indent=2) + "\n",
                                                              encoding="utf-8")
    return judged
