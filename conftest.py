"""Root configuration of the certification suite (``steps/test_scenarios.py``) and the unit tests (``tests/``).

* ``pytest_plugins`` makes the step definitions and suite fixtures visible to every scenario.
* Options: ``--participant-url`` (absent: the bundled reference participant, in-process), ``--token-env``,
  ``--defect`` (repeatable; reference only), ``--participant-timeout``, ``--capabilities`` (the participant's
  declared capabilities; absent: all), ``--networks-host``/``--networks-port`` (where the simulated Bakong
  listens for a participant over HTTP), ``--progress`` (see ``steps/progress.py``).
* Applicability: a scenario of a requirement whose capability the participant does not have is skipped with a
  reason starting ``not applicable:``, which the summary reports as ``not-applicable``, never as a pass.
* Markers: every requirement ID of the catalogue plus the closed list :data:`OTHER_TAGS`, so that
  ``--strict-markers`` (pyproject addopts) fails collection on any other Gherkin tag.
* Allure: a requirement tag also becomes epic / story / severity labels and a ``tms`` link; Gherkin step
  parameters keep only the values parsed from the step text; every exchange with the participant is attached
  to the step that made it. All of this is inert when allure is not installed or ``--alluredir`` is not given,
  and when a test is not a scenario.
* Secrets: every registered secret (``bakong_conformance.evidence``) is scrubbed, in every form, from a failing
  step's exception before Allure records it, and from each test's exception, failure text and captured output
  before JUnit and Allure write them (Allure's message is the exception's text, its trace the report's).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Generator
from typing import Any

import pytest

from bakong_conformance.catalogue import capabilities, requirements
from bakong_conformance.certify import NOT_APPLICABLE
from bakong_conformance.evidence import scrub
from bakong_conformance.participant import DEFAULT_TIMEOUT_S

pytest_plugins = ["steps.fixtures", "steps.progress", "steps.khqr_issuing_steps", "steps.khqr_acceptance_steps",
                  "steps.api_steps", "steps.payment_steps", "steps.open_api_client_steps"]

# The closed tag vocabulary besides requirement IDs (documented in features/README.md).
OTHER_TAGS: dict[str, str] = {
    "khqr": "feature: KHQR payloads",
    "issuing": "feature: the participant issues KHQR",
    "acceptance": "feature: the participant's scanner accepts KHQR",
    "api": "feature: the certification interface itself",
    "payments": "feature: the participant pays KHQR through Bakong",
    "open-api": "feature: the participant confirms orders with the Bakong Open API",
    "mandatory": "level: every participant must pass it",
    "conditional": "level: required when the participant declares the capability",
    "optional": "level: reported, not required",
    "smoke": "profile: the fast subset",
    "negative": "kind: the participant must refuse or reject",
}
_ALLURE_MARKERS = ("allure_label: allure label marker", "allure_link: allure link marker")


def pytest_addoption(parser: pytest.Parser) -> None:
    """The participant under certification."""
    group = parser.getgroup("bakong-conformance", "participant under certification")
    group.addoption("--participant-url", metavar="URL", default=None,
                    help="base URL of the participant's sandbox (default: the bundled reference, in-process)")
    group.addoption("--token-env", metavar="VAR", default=None,
                    help="environment variable holding the participant's access token")
    group.addoption("--defect", metavar="NAME", action="append", default=[],
                    help="switch on a defect of the reference participant (repeatable)")
    group.addoption("--participant-timeout", metavar="SECONDS", type=float, default=DEFAULT_TIMEOUT_S,
                    help=f"time bound for each answer of the participant (default {DEFAULT_TIMEOUT_S:g})")
    group.addoption("--capabilities", metavar="LIST", default=None, type=_capability_list,
                    help="comma-separated capabilities the participant declares (default: all)")
    group.addoption("--participant-id", metavar="ID", default=None,
                    help="the participant's Bakong participant ID, which its payment instructions must carry "
                         "(default: the bundled reference participant's)")
    group.addoption("--networks-host", metavar="HOST", default="127.0.0.1",
                    help="loopback address the simulated networks listen on for a participant over HTTP")
    group.addoption("--networks-port", metavar="PORT", type=int, default=0,
                    help="port of the simulated networks for a participant over HTTP (default: any free port)")
    group.addoption("--run-notes", metavar="FILE", default=None,
                    help="write what the harness noticed about the run (the sandbox stopping to answer) to FILE")
    group.addoption("--progress", action="store_true", default=False,
                    help="print progress lines (scenario counts, current area) instead of dots")


def _capability_list(text: str) -> frozenset[str]:
    declared = frozenset(c for c in text.split(",") if c)
    unknown = sorted(declared - set(capabilities()))
    if unknown:
        raise pytest.UsageError(f"unknown capabilities {unknown}")
    return declared


def _missing_capabilities(item: pytest.Item, declared: frozenset[str]) -> list[str]:
    needed = {requirements()[m.name].capability for m in item.iter_markers() if m.name in requirements()}
    return sorted(c for c in needed if c not in declared and not capabilities()[c].implied)


_NOT_APPLICABLE_KEY = pytest.StashKey[str]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Note the scenarios of undeclared capabilities; each is skipped as it starts (see below)."""
    declared = config.getoption("capabilities")
    if declared is None:
        return
    for item in items:
        missing = _missing_capabilities(item, declared)
        if missing:
            item.stash[_NOT_APPLICABLE_KEY] = f"{NOT_APPLICABLE} the participant does not declare {', '.join(missing)}"


@pytest.hookimpl(trylast=True)
def pytest_bdd_before_scenario(request: pytest.FixtureRequest) -> None:
    """Skip a not-applicable scenario once Allure has opened it, so the report lists it with its reason.

    (A skip marker would end it before pytest-bdd starts the scenario, and Allure would not record it at all.)
    """
    reason = request.node.stash.get(_NOT_APPLICABLE_KEY, None)
    if reason is not None:
        pytest.skip(reason)


def pytest_configure(config: pytest.Config) -> None:
    """Register every requirement ID and every tag of :data:`OTHER_TAGS` as a marker (never from features)."""
    for requirement in requirements().values():
        config.addinivalue_line("markers", f"{requirement.id}: {requirement.title}")
    for tag, meaning in OTHER_TAGS.items():
        config.addinivalue_line("markers", f"{tag}: {meaning}")
    for line in _ALLURE_MARKERS:
        config.addinivalue_line("markers", line)


def pytest_bdd_apply_tag(tag: str, function: Callable[..., Any]) -> None:
    """A requirement tag also carries its Allure labels and link; the plain marker is applied as usual."""
    requirement = requirements().get(tag)
    if requirement is not None:
        for label_type, value in (("epic", requirement.area), ("story", f"{requirement.id} {requirement.title}"),
                                  ("severity", requirement.severity)):
            pytest.mark.allure_label(value, label_type=label_type)(function)
        pytest.mark.allure_link(f"#{requirement.id}", name=requirement.id, link_type="tms")(function)
    return None                                     # the default hook then applies pytest.mark.<tag>


def _allure_listener(config: pytest.Config) -> Any:
    return next((p for p in config.pluginmanager.get_plugins() if type(p).__name__ == "PytestBDDListener"), None)


@pytest.hookimpl(trylast=True)
def pytest_bdd_before_step_call(request: pytest.FixtureRequest, step: Any, step_func_args: dict[str, Any]) -> None:
    """Drop fixture objects from the Allure step parameters; keep only the values parsed from the step text."""
    listener = _allure_listener(request.config)
    if listener is None:
        return
    from allure_pytest_bdd.steps import get_step_uuid
    fixtures = {name for name in step_func_args if name in request.fixturenames}
    with listener.lifecycle.update_step(uuid=get_step_uuid(step)) as result:
        if result is not None:
            result.parameters = [p for p in result.parameters if p.name not in fixtures]


def _attach_exchanges(request: pytest.FixtureRequest) -> None:
    """Attach the exchanges made since the last step (with the participant, and between the participant and the
    simulated Bakong) to the current Gherkin step."""
    if "participant" not in request.fixturenames or _allure_listener(request.config) is None:
        return
    import allure
    try:
        exchanges = request.getfixturevalue("participant").drain()
        if "payment_scene" in request.fixturenames:
            exchanges += request.getfixturevalue("bakong").drain_exchanges()
    except Exception:                               # the participant never opened: nothing to attach
        return
    for exchange in exchanges:
        allure.attach(exchange.as_json(), name=f"{exchange.operation} exchange",
                      attachment_type=allure.attachment_type.JSON)


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_after_step(request: pytest.FixtureRequest) -> None:
    """Evidence: the step's exchanges, attached before Allure closes the step."""
    _attach_exchanges(request)


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_error(request: pytest.FixtureRequest, exception: BaseException) -> None:
    """Evidence for a failing step too (the failure message itself carries the decoded details); the exception
    scrubbed before Allure writes it into the step."""
    _scrub_exception(exception)
    _attach_exchanges(request)


def _scrub_exception(error: BaseException | None, seen: frozenset[int] = frozenset()) -> None:
    """Scrub, in place, what an exception's text is made of: its arguments and notes, then its cause and context."""
    if error is None or id(error) in seen:
        return
    error.args = scrub(error.args)
    if isinstance(getattr(error, "__notes__", None), list):
        error.__notes__ = scrub(error.__notes__)
    for linked in (error.__cause__, error.__context__):
        _scrub_exception(linked, seen | {id(error)})


def _scrub_repr(value: Any) -> Any:
    """``value`` scrubbed; pytest's failure representations (dataclasses) in place, their lists and tuples too."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            setattr(value, field.name, _scrub_repr(getattr(value, field.name)))
        return value
    if isinstance(value, list):
        return [_scrub_repr(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_scrub_repr(item) for item in value)
    return scrub(value)


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_makereport(call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Every registered secret scrubbed from the exception, the failure text and the captured output before
    JUnit and Allure write them (this wrapper runs inside Allure's, so Allure reads the scrubbed report)."""
    if call.excinfo is not None:
        _scrub_exception(call.excinfo.value)
    report = yield
    report.longrepr = _scrub_repr(report.longrepr)
    report.sections = [(title, scrub(content)) for title, content in report.sections]
    return report
