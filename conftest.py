"""Root configuration of the certification suite (``steps/test_scenarios.py``) and the unit tests (``tests/``).

* ``pytest_plugins`` makes the step definitions and suite fixtures visible to every scenario.
* Options: ``--participant-url`` (absent: the bundled reference participant, in-process), ``--token-env``,
  ``--defect`` (repeatable; reference only), ``--defect-set`` (the self-check: one run of its own per set of
  defects, over the scenarios of the capabilities it touches; see ``bakong_conformance.certify._selfcheck``),
  ``--participant-timeout``, ``--capabilities`` (the participant's declared capabilities; absent: all),
  ``--networks-host``/``--networks-port`` (where the simulated Bakong listens for a participant over HTTP),
  ``--progress`` (see ``steps/progress.py``).
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
import functools
from collections.abc import Callable, Generator, Iterable
from typing import Any

import pytest

from bakong_conformance.catalogue import capabilities, requirements
from bakong_conformance.certify import DEFECT_SET_LABEL, NOT_APPLICABLE, defect_set_capabilities
from bakong_conformance.errors import ConfigurationError, ConformanceFailure
from bakong_conformance.evidence import scrub
from bakong_conformance.participant import DEFAULT_TIMEOUT_S

pytest_plugins = ["steps.fixtures", "steps.progress", "steps.khqr_issuing_steps", "steps.khqr_acceptance_steps",
                  "steps.api_steps", "steps.payment_steps", "steps.open_api_client_steps",
                  "steps.alipay_plus_acquirer_steps", "steps.alipay_plus_wallet_steps", "steps.time_steps"]

# The closed tag vocabulary besides requirement IDs (documented in features/README.md).
OTHER_TAGS: dict[str, str] = {
    "khqr": "feature: KHQR payloads",
    "issuing": "feature: the participant issues KHQR",
    "acceptance": "feature: the participant's scanner accepts KHQR",
    "api": "feature: the certification interface itself",
    "payments": "feature: the participant pays KHQR through Bakong",
    "open-api": "feature: the participant confirms orders with the Bakong Open API",
    "alipay-plus": "feature: the participant takes part in the Alipay+ link",
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
    group.addoption("--defect-set", metavar="NAMES", action="append", default=[], type=_defect_set,
                    help="the self-check (repeatable; reference only): run each scenario once for every set of "
                         "comma-separated defects touching its capabilities, as a run of its own per set; "
                         "scenarios no set touches are deselected")
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
    group.addoption("--alipay-plus-client-id", metavar="ID", default=None,
                    help="the Client-Id Alipay+ assigned the participant (default: the bundled reference's)")
    group.addoption("--alipay-plus-public-key", metavar="FILE", default=None,
                    help="the participant's Alipay+ public key, PEM (default: the bundled reference's)")
    group.addoption("--alipay-plus-key-version", metavar="N", default="1",
                    help="the keyVersion of that public key (default 1)")
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


def _defect_set(text: str) -> tuple[str, ...]:
    names = tuple(name for name in text.split(",") if name)
    try:
        defect_set_capabilities(names)
    except ConfigurationError as error:
        raise pytest.UsageError(str(error)) from None
    if not names:
        raise pytest.UsageError("--defect-set needs at least one defect name")
    return names


_touched = functools.cache(defect_set_capabilities)


def _needed_capabilities(markers: Iterable[pytest.Mark]) -> set[str]:
    return {requirements()[m.name].capability for m in markers if m.name in requirements()}


def _missing_capabilities(item: pytest.Item, declared: frozenset[str]) -> list[str]:
    needed = _needed_capabilities(item.iter_markers())
    return sorted(c for c in needed if c not in declared and not capabilities()[c].implied)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """With ``--defect-set``: a scenario runs once for each set that touches one of its capabilities (the sets
    are session-scoped parameters, so pytest runs each set's scenarios together, against its own participant)."""
    sets: list[tuple[str, ...]] = metafunc.config.getoption("defect_set")
    if not sets or "defect_set" not in metafunc.fixturenames:
        return
    needed = _needed_capabilities(metafunc.definition.iter_markers())
    chosen = [names for names in sets if _touched(names) & needed]
    if chosen:
        metafunc.parametrize("defect_set", chosen, indirect=True, scope="session",
                             ids=[",".join(names) for names in chosen])


def _select_for_defect_sets(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``--defect-set``: only the scenarios a set touches, each labelled with its set for the results."""
    if not config.getoption("defect_set"):
        return
    if config.getoption("participant_url") is not None or config.getoption("defect"):
        raise pytest.UsageError("--defect-set certifies the bundled reference participant alone: no "
                                "--participant-url and no --defect")
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        names = callspec.params.get("defect_set") if callspec is not None else None
        if names is None:
            dropped.append(item)
            continue
        item.add_marker(pytest.mark.allure_label(",".join(names), label_type=DEFECT_SET_LABEL))
        kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


_NOT_APPLICABLE_KEY = pytest.StashKey[str]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Note the scenarios of undeclared capabilities; each is skipped as it starts (see below). With
    ``--defect-set``, first keep only the scenarios the sets touch."""
    _select_for_defect_sets(config, items)
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
    simulated networks) to the current Gherkin step."""
    if "participant" not in request.fixturenames or _allure_listener(request.config) is None:
        return
    import allure
    try:
        exchanges = request.getfixturevalue("participant").drain()
        if "payment_scene" in request.fixturenames:
            exchanges += request.getfixturevalue("bakong").drain_exchanges()
        if "acquiring_scene" in request.fixturenames or "wallet_scene" in request.fixturenames:
            exchanges += request.getfixturevalue("alipay").drain_exchanges()
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
    _say_what_was_sent(request, exception)
    _scrub_exception(exception)
    _attach_exchanges(request)


def _say_what_was_sent(request: pytest.FixtureRequest, exception: BaseException) -> None:
    """A participant failure also says what the scenario had asked the participant (its "Sent" line)."""
    if isinstance(exception, ConformanceFailure) and "participant" in request.fixturenames:
        try:
            participant = request.getfixturevalue("participant")
        except Exception:                           # the participant never opened: nothing was sent
            return
        exception.add_context(sent=participant.what_was_asked())


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
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Every registered secret scrubbed from the exception, the failure text and the captured output before
    JUnit and Allure write them (this wrapper runs inside Allure's, so Allure reads the scrubbed report). A
    scenario the participant failed is reported by its message alone: what was sent, what the standard requires,
    what came back; the harness's traceback and file paths are for harness errors only."""
    if call.excinfo is not None:
        _scrub_exception(call.excinfo.value)
    report = yield
    if (call.excinfo is not None and isinstance(call.excinfo.value, ConformanceFailure)
            and hasattr(item, "stash") and _is_scenario(item)):
        report.longrepr = str(call.excinfo.value)
    report.longrepr = _scrub_repr(report.longrepr)
    report.sections = [(title, scrub(content)) for title, content in report.sections]
    return report


def _is_scenario(item: pytest.Item) -> bool:
    """Whether ``item`` is a scenario of the certification suite (pytest-bdd), not a unit test."""
    return "_pytest_bdd_example" in getattr(item, "fixturenames", ())
