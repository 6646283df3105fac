"""The CI examples (``examples/ci/``) and ``docs/participant-config.md`` stay true to the harness.

The YAML files are read with a small reader of the block-style subset they use (PyYAML is not a dependency);
anything outside that subset is an error, so the examples cannot drift into syntax nobody checked. Their shell
scripts are syntax-checked with ``bash -n``, and the end-to-end tests run them for real against the reference
participant standing in for a bank's sandbox.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from loopback import free_port

from bakong_conformance.catalogue import capabilities
from bakong_conformance.certify import EXIT_CODES, load_waivers
from bakong_conformance.certify._waivers import _KEYS as WAIVER_KEYS
from bakong_conformance.config import _SECRET_KEYS, _SECTIONS, DEFAULT_TIMEOUT_S, load_config
from bakong_conformance.reference import PARTICIPANT_ID as REFERENCE_PARTICIPANT_ID

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "ci"
CONFIG = EXAMPLES / "participant.toml"
WAIVERS = EXAMPLES / "waivers.toml"
GITHUB = EXAMPLES / "github-actions.yml"
GITLAB = EXAMPLES / "gitlab-ci.yml"
README = EXAMPLES / "README.md"
DOC = ROOT / "docs" / "participant-config.md"
CONFIG_IN_BANK_REPO = "conformance/participant.toml"   # where examples/ci/README.md says to copy it
EXAMPLE_PORT = "8000"                                  # the sandbox port of the example files

Node = dict[str, "Node"] | list["Node"] | str | None


# --- a reader for the block-style YAML subset of the examples ---------------------------------------------


class _Yaml:
    """Block mappings and sequences, plain and quoted scalars, ``|`` literal blocks; comments dropped."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.at = 0

    def document(self) -> Node:
        line = self._peek()
        if line is None:
            return None
        node = self._block(line[0])
        if self._peek() is not None:
            raise ValueError(f"line {self.at + 1}: unexpected indentation")
        return node

    def _peek(self) -> tuple[int, str] | None:
        while self.at < len(self.lines):
            raw = self.lines[self.at]
            if "\t" in raw[: len(raw) - len(raw.lstrip())]:
                raise ValueError(f"line {self.at + 1}: tab in indentation")
            content = _without_comment(raw.strip())
            if content:
                return len(raw) - len(raw.lstrip(" ")), content
            self.at += 1
        return None

    def _block(self, indent: int) -> Node:
        line = self._peek()
        assert line is not None
        return self._sequence(indent) if _is_item(line[1]) else self._mapping(indent)

    def _mapping(self, indent: int) -> dict[str, Node]:
        result: dict[str, Node] = {}
        while (line := self._peek()) is not None and line[0] == indent and not _is_item(line[1]):
            match = _KEY.match(line[1])
            if match is None:
                raise ValueError(f"line {self.at + 1}: expected 'key: value', got {line[1]!r}")
            key = _scalar(match["key"]) or ""
            if key in result:
                raise ValueError(f"line {self.at + 1}: repeated key {key!r}")
            self.at += 1
            result[key] = self._value(match["rest"].strip(), indent)
        if line is not None and line[0] > indent:
            raise ValueError(f"line {self.at + 1}: unexpected indentation")
        return result

    def _sequence(self, indent: int) -> list[Node]:
        items: list[Node] = []
        while (line := self._peek()) is not None and line[0] == indent and _is_item(line[1]):
            body = line[1][1:].lstrip(" ")
            if _KEY.match(body):   # "- key: value": a mapping whose first line starts after the dash
                self.lines[self.at] = " " * (indent + len(line[1]) - len(body)) + body
                items.append(self._mapping(indent + len(line[1]) - len(body)))
            else:
                self.at += 1
                items.append(self._value(body, indent))
        return items

    def _value(self, rest: str, indent: int) -> Node:
        if rest in ("|", "|-"):
            return self._literal(indent, keep_newline=rest == "|")
        if rest:
            return _scalar(rest)
        line = self._peek()
        return self._block(line[0]) if line is not None and line[0] > indent else None

    def _literal(self, indent: int, *, keep_newline: bool) -> str:
        body: list[str] = []
        block_indent = None
        while self.at < len(self.lines):
            raw = self.lines[self.at]
            if raw.strip():
                here = len(raw) - len(raw.lstrip(" "))
                if here <= indent or (block_indent is not None and here < block_indent):
                    break
                block_indent = here if block_indent is None else block_indent
                body.append(raw[block_indent:])
            else:
                body.append("")
            self.at += 1
        while body and not body[-1]:
            body.pop()
        text = "\n".join(body)
        return text + "\n" if keep_newline and text else text


_KEY = re.compile(r"^(?P<key>[A-Za-z0-9_][A-Za-z0-9_.-]*|\"[^\"]+\"|'[^']+'):(?P<rest>\s.*|)$")


def _is_item(content: str) -> bool:
    return content == "-" or content.startswith("- ")


def _without_comment(content: str) -> str:
    quote = None
    for i, char in enumerate(content):
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'" and (i == 0 or content[i - 1] in " :-["):
            quote = char
        elif char == "#" and (i == 0 or content[i - 1] == " "):
            return content[:i].rstrip()
    return content


def _scalar(text: str) -> str | None:
    if text.startswith('"'):
        if not text.endswith('"') or len(text) < 2:
            raise ValueError(f"unterminated string {text!r}")
        value: str = json.loads(text)
        return value
    if text.startswith("'"):
        if not text.endswith("'") or len(text) < 2:
            raise ValueError(f"unterminated string {text!r}")
        return text[1:-1].replace("''", "'")
    if text[0] in "[{&*!|>%@`":
        raise ValueError(f"outside the YAML subset of the examples: {text!r}")
    return None if text in ("~", "null") else text


def read_yaml(path: Path) -> Node:
    """The document in ``path``, every scalar as a string; ``ValueError`` outside the supported subset."""
    return _Yaml(path.read_text(encoding="utf-8")).document()


def as_map(node: Node) -> dict[str, Node]:
    assert isinstance(node, dict), node
    return node


def as_list(node: Node) -> list[Node]:
    assert isinstance(node, list), node
    return node


def as_str(node: Node) -> str:
    assert isinstance(node, str), node
    return node


def test_the_yaml_reader_reads_its_subset() -> None:
    text = ("a: 1  # comment\nb:\n  - x\n  - k: 'it''s'\n    l: \"q #\"\n  -\n    - deep\nc: |\n  one\n\n"
            "    two\nd:\n")
    assert _Yaml(text).document() == {"a": "1", "b": ["x", {"k": "it's", "l": "q #"}, ["deep"]],
                                      "c": "one\n\n  two\n", "d": None}
    for bad in ("a: [1, 2]\n", "a: 1\n  b: 2\n", "a: 1\na: 2\n", "just text\n", "a: &anchor x\n"):
        with pytest.raises(ValueError):   # noqa: PT011 - the reader has one error type
            _Yaml(bad).document()


# --- GitHub Actions ----------------------------------------------------------------------------------------


def github_steps() -> list[dict[str, Node]]:
    jobs = as_map(as_map(read_yaml(GITHUB))["jobs"])
    assert len(jobs) == 1
    return [as_map(step) for step in as_list(as_map(next(iter(jobs.values())))["steps"])]


def step_running(steps: list[dict[str, Node]], command: str) -> dict[str, Node]:
    found = [step for step in steps if command in str(step.get("run", ""))]
    assert len(found) == 1, f"expected one step running {command!r}, found {len(found)}"
    return found[0]


def step_using(steps: list[dict[str, Node]], action: str) -> list[dict[str, Node]]:
    return [step for step in steps if str(step.get("uses", "")).startswith(action + "@")]


def test_github_workflow_checks_out_the_bank_and_a_pinned_harness_with_python_and_node() -> None:
    steps = github_steps()
    checkouts = [as_map(step.get("with", {})) for step in step_using(steps, "actions/checkout")]
    assert [c.get("path") for c in checkouts] == ["bank", "harness"]
    assert checkouts[1]["repository"] == "your-org/bakong-conformance"
    assert checkouts[1].get("ref"), "the harness must be pinned"
    assert as_map(step_using(steps, "actions/setup-python")[0]["with"])["python-version"] == "3.11"
    assert as_map(step_using(steps, "actions/setup-node")[0]["with"])["node-version"] == "20"


def test_github_workflow_installs_starts_the_sandbox_certifies_and_verifies_in_order() -> None:
    steps = github_steps()
    setup = step_running(steps, "make setup")
    sandbox = step_running(steps, "./scripts/run-sandbox")
    certify = step_running(steps, "bakong-conformance certify --config")
    verify = step_running(steps, "bakong-conformance certificate verify")
    order = [steps.index(step) for step in (setup, sandbox, certify, verify)]
    assert order == sorted(order)
    assert setup["working-directory"] == "harness"
    assert re.search(r"run-sandbox[^\n]*&\n", as_str(sandbox["run"])), "the sandbox must start in the background"
    assert "curl" in as_str(sandbox["run"]), "a readiness wait"
    assert "deadline" in as_str(sandbox["run"]), "a bounded readiness wait"
    assert str(verify["if"]).startswith("always()")


def test_github_job_status_is_the_exit_code_of_certify() -> None:
    script = as_str(step_running(github_steps(), "bakong-conformance certify --config")["run"])
    assert "|| status=$?" in script
    assert script.rstrip().endswith('exit "$status"')
    assert "continue-on-error" not in GITHUB.read_text(encoding="utf-8")


def test_github_workflow_always_uploads_the_reports_and_publishes_junit() -> None:
    steps = github_steps()
    (upload,) = step_using(steps, "actions/upload-artifact")
    assert upload["if"] == "always()"
    assert as_map(upload["with"])["path"] == "reports/"
    junit = [step for step in steps if "reports/junit.xml" in json.dumps(step.get("with"))]
    assert junit
    assert str(junit[0]["if"]).startswith("always()")


def test_github_workflow_gives_the_token_secret_only_to_the_steps_that_need_it() -> None:
    token_env = load_config(CONFIG).token_env
    assert token_env is not None
    workflow = as_map(read_yaml(GITHUB))
    job = as_map(next(iter(as_map(workflow["jobs"]).values())))
    assert "secrets." not in json.dumps({"workflow": workflow.get("env"), "job": job.get("env")})
    steps = github_steps()
    for command in ("./scripts/run-sandbox", "bakong-conformance certify --config"):
        env = as_map(step_running(steps, command)["env"])
        assert env[token_env] == f"${{{{ secrets.{token_env} }}}}"
    with_secret = [step["name"] for step in steps if "secrets." in json.dumps(step.get("env"))]
    assert len(with_secret) == 2, with_secret


# --- GitLab CI ---------------------------------------------------------------------------------------------


def gitlab_job() -> dict[str, Node]:
    document = as_map(read_yaml(GITLAB))
    jobs = {name: job for name, job in document.items() if isinstance(job, dict) and "script" in job}
    assert len(jobs) == 1
    return as_map(next(iter(jobs.values())))


def gitlab_script(job: dict[str, Node]) -> str:
    return "\n".join(as_str(line) for key in ("before_script", "script") for line in as_list(job.get(key, [])))


def test_gitlab_job_keeps_the_reports_always_and_declares_the_junit_report() -> None:
    artifacts = as_map(gitlab_job()["artifacts"])
    assert artifacts["when"] == "always"
    assert as_list(artifacts["paths"]) == ["reports/"]
    assert as_map(artifacts["reports"])["junit"] == "reports/junit.xml"


def test_gitlab_job_installs_starts_the_sandbox_certifies_and_verifies_in_order() -> None:
    job = gitlab_job()
    assert "node:20" in as_str(job["image"]) or "python:3.11" in as_str(job["image"])
    script = gitlab_script(job)
    positions = [script.find(text) for text in ("setup PYTHON=python3.11", "./scripts/run-sandbox", "deadline",
                                                "bakong-conformance certify --config",
                                                "bakong-conformance certificate verify")]
    assert -1 not in positions, positions
    assert positions == sorted(positions), positions
    assert script.rstrip().endswith('exit "$status"')
    assert "|| status=$?" in script
    assert "allow_failure" not in job


# --- both pipelines ----------------------------------------------------------------------------------------


def run_scripts() -> list[tuple[str, str]]:
    scripts = [(f"github: {step.get('name')}", as_str(step["run"])) for step in github_steps() if "run" in step]
    return [*scripts, ("gitlab", gitlab_script(gitlab_job()))]


RUN_SCRIPTS = run_scripts()


@pytest.mark.parametrize(("where", "script"), RUN_SCRIPTS, ids=[where for where, _ in RUN_SCRIPTS])
def test_every_pipeline_script_is_valid_bash(where: str, script: str) -> None:
    text = re.sub(r"\$\{\{[^}]*\}\}", "expression", script)
    checked = subprocess.run(["bash", "-n"], input=text, text=True, capture_output=True, check=False)
    assert checked.returncode == 0, f"{where}: {checked.stderr}"


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=lambda p: p.name)
def test_every_config_path_names_the_example_configuration(path: Path) -> None:
    configs = re.findall(r"--config\s+\"?([^\s\"]+)", path.read_text(encoding="utf-8"))
    assert configs
    for config in configs:
        assert config.endswith(CONFIG_IN_BANK_REPO), config
    assert f"`{CONFIG_IN_BANK_REPO}`" in README.read_text(encoding="utf-8")


def test_both_pipelines_poll_the_sandbox_at_the_configured_base_url() -> None:
    config = load_config(CONFIG)
    job_env = as_map(as_map(next(iter(as_map(as_map(read_yaml(GITHUB))["jobs"]).values())))["env"])
    assert job_env["SANDBOX_URL"] == config.base_url
    assert as_map(gitlab_job()["variables"])["SANDBOX_URL"] == config.base_url
    assert f":{EXAMPLE_PORT}" in str(config.base_url)
    assert config.token_env is not None
    assert f"${config.token_env}" in GITLAB.read_text(encoding="utf-8")


# --- the example configuration and waivers ----------------------------------------------------------------


def test_example_configuration_loads_and_declares_known_capabilities() -> None:
    config = load_config(CONFIG)
    assert config.capabilities == {"khqr-issuer", "khqr-acceptor"}
    assert config.capabilities <= set(capabilities())
    assert not config.is_reference
    assert config.base_url == "http://127.0.0.1:8000"
    assert config.token_env == "EXAMPLE_BANK_SANDBOX_TOKEN"
    assert (config.networks_host, config.networks_port) == ("127.0.0.1", 8900)
    assert config.profile == "smoke"
    assert config.waivers is None, "the example waiver is made up: the example configuration must not use it"
    assert config.signing_key_file is None
    assert config.signing_key_env is None


def test_every_commented_key_of_the_example_configuration_is_valid(tmp_path: Path) -> None:
    text = CONFIG.read_text(encoding="utf-8")
    uncommented = re.sub(r"^# ([a-z_]+ = )", r"\1", text, flags=re.MULTILINE)
    (tmp_path / "participant.toml").write_text(uncommented, encoding="utf-8")
    shutil.copy(WAIVERS, tmp_path / "waivers.toml")
    config = load_config(tmp_path / "participant.toml")
    assert config.waivers == (tmp_path / "waivers.toml").resolve()
    assert load_waivers(config.waivers)
    shown = {f"{section}.{key}" for section, table in tomllib.loads(uncommented).items() for key in table}
    every = {f"{section}.{key}" for section, keys in _SECTIONS.items() for key in keys}
    assert every - shown == {"participant.reference", "participant.defects"}, "the example shows every bank key"


def test_example_waivers_load_and_say_they_are_examples() -> None:
    (waiver,) = load_waivers(WAIVERS)
    assert waiver.reason.startswith("EXAMPLE")
    assert waiver.issued_by.startswith("EXAMPLE")


TOKEN_PREFIXES = re.compile(r"\b(ghp_|gho_|ghs_|github_pat_|glpat-|xox[abp]-|sk-|AKIA)[A-Za-z0-9]")


NAME_PART = re.compile(r"([A-Z]?[a-z]{1,20}|[A-Z]{1,20})[0-9]{0,4}|[0-9]{1,8}")


def looks_like_token(value: str) -> bool:
    """A known token prefix, a Bearer value, or a long run of characters that is not made of name-like parts.

    Names (``EXAMPLE_BANK_SANDBOX_TOKEN``, ``cache-dependency-path``, ``python3.11-venv``) are words, each
    optionally followed by a few digits; random tokens mix cases and digits inside their parts.
    """
    if TOKEN_PREFIXES.search(value) or re.search(r"\bBearer\s+[A-Za-z0-9._~+/-]{8,}", value):
        return True
    for word in re.findall(r"[A-Za-z0-9_\-+/=.~]{16,}", value):
        if not all(NAME_PART.fullmatch(part) for part in re.split(r"[-_./+=~]+", word) if part):
            return True
    return False


def test_the_token_detector_tells_tokens_from_names() -> None:
    for _ in range(200):
        for token in (secrets.token_urlsafe(24), secrets.token_hex(20),
                      base64.b64encode(secrets.token_bytes(24)).decode("ascii")):
            assert looks_like_token(token), token
    for token in ("Bearer abcdefgh12", "ghp_abc123", "glpat-abc123"):
        assert looks_like_token(token), token
    for text in ("EXAMPLE_BANK_SANDBOX_TOKEN", "http://127.0.0.1:8000", "khqr-issuer", "Bearer <token>",
                 "${{ secrets.EXAMPLE_BANK_SANDBOX_TOKEN }}", "mikepenz/action-junit-report@v5",
                 "harness/tools/*/package-lock.json", "python3.11-venv"):
        assert not looks_like_token(text), text


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


@pytest.mark.parametrize("path", [CONFIG, WAIVERS, GITHUB, GITLAB, README], ids=lambda p: p.name)
def test_no_example_holds_anything_that_looks_like_a_token(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not looks_like_token(text)
    if path.suffix == ".toml":
        document = tomllib.loads(text)
        assert not [s for s in _strings(document) if looks_like_token(s)]
        assert not {key for table in document.values() if isinstance(table, dict) for key in table} & _SECRET_KEYS


# --- docs/participant-config.md ----------------------------------------------------------------------------


def doc_tables() -> dict[str, list[list[str]]]:
    """Each ``###``/``##`` heading of the document → the rows (cells) of the first table under it."""
    tables: dict[str, list[list[str]]] = {}
    heading = ""
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.startswith("|") and not re.fullmatch(r"\|[-| ]+\|", line):
            tables.setdefault(heading, []).append([cell.strip() for cell in line.strip("|").split("|")])
    return tables


def documented_keys(heading: str) -> list[str]:
    rows = doc_tables()[heading]
    assert rows[0][0] == "key", heading
    keys = [row[0] for row in rows[1:]]
    assert all(re.fullmatch(r"`[a-z_]+`", key) for key in keys), keys
    return [key.strip("`") for key in keys]


@pytest.mark.parametrize("section", sorted(_SECTIONS))
def test_documented_keys_are_exactly_the_keys_the_loader_accepts(section: str) -> None:
    keys = documented_keys(f"`[{section}]`")
    assert len(keys) == len(set(keys))
    assert set(keys) == _SECTIONS[section]


def test_documented_waiver_keys_are_exactly_the_keys_the_loader_accepts() -> None:
    assert set(documented_keys("`[[waiver]]`")) == WAIVER_KEYS


def test_documented_capabilities_are_the_catalogue() -> None:
    rows = doc_tables()["Capabilities"]
    assert rows[0] == ["id", "implied", "role"]
    assert [(row[0].strip("`"), row[1] == "yes", row[2]) for row in rows[1:]] == \
           [(c.id, c.implied, c.title) for c in capabilities().values()]


def test_documented_defaults_secret_keys_and_exit_codes_match_the_code() -> None:
    defaults = {row[0].strip("`"): row[2] for heading in ("`[participant]`", "`[certification]`")
                for row in doc_tables()[heading][1:]}
    assert defaults["timeout_s"] == f"`{DEFAULT_TIMEOUT_S:g}`"
    assert defaults["profile"] == '`"full"`'
    text = DOC.read_text(encoding="utf-8")
    refused = re.search(r"The keys (.*?) are\s+refused", text, flags=re.DOTALL)
    assert refused is not None
    assert set(re.findall(r"`([a-z_]+)`", refused[1])) == _SECRET_KEYS
    (certify,) = [row for row in doc_tables()["Exit codes"] if row[0] == "`certify`"]
    assert [certify[1 + code].split(",")[0] for code in range(3)] == \
           [verdict for verdict, _ in sorted(EXIT_CODES.items(), key=lambda item: item[1])]


# --- end to end: the pipelines' own scripts against a stand-in sandbox ------------------------------------


STAND_IN = """#!/bin/sh
# Stands in for the bank's sandbox: the harness's reference participant, on the command line of the example.
exec "{cli}" sandbox serve "$@" --token-env {token_env} ${{SANDBOX_DEFECT:+--defect "$SANDBOX_DEFECT"}}
"""


def bank_repo(root: Path, port: str) -> Path:
    """A bank's repository as the README tells to lay it out, its sandbox on ``port``; the stand-in sandbox is the
    reference participant, so the configuration names its participant ID (its payment instructions carry it)."""
    config = load_config(CONFIG)
    (root / "conformance").mkdir(parents=True)
    text = CONFIG.read_text(encoding="utf-8").replace(f":{EXAMPLE_PORT}", f":{port}")
    text = text.replace(f'id = "{config.participant_id}"', f'id = "{REFERENCE_PARTICIPANT_ID}"')
    (root / CONFIG_IN_BANK_REPO).write_text(text, encoding="utf-8")
    (root / "scripts").mkdir()
    cli = Path(sys.prefix) / "bin" / "bakong-conformance"
    (root / "scripts" / "run-sandbox").write_text(STAND_IN.format(cli=cli, token_env=config.token_env),
                                                  encoding="utf-8")
    (root / "scripts" / "run-sandbox").chmod(0o755)
    return root


def harness_checkout(path: Path) -> Path:
    """A harness checkout after ``make setup``: the scripts only use its ``.venv``."""
    path.mkdir(parents=True)
    (path / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return path


def on_port(port: str, script: str) -> str:
    return script.replace(f"--port {EXAMPLE_PORT}", f"--port {port}")


def running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def stop(pid_file: Path) -> None:
    """Stop the sandbox that the script under test started and recorded in ``pid_file``."""
    if not pid_file.is_file():
        return
    pid = int(pid_file.read_text(encoding="utf-8"))
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        while running(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if running(pid):
            os.kill(pid, signal.SIGKILL)


def bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``script`` as GitHub runs a ``run:`` step (and GitLab its script): bash, errexit, pipefail."""
    assert shutil.which("curl"), "the pipelines wait for the sandbox with curl"
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd, env=env,
                          text=True, capture_output=True, timeout=600, check=False)


def token_env_of_config() -> str:
    token_env = load_config(CONFIG).token_env
    assert token_env is not None
    return token_env


@pytest.mark.parametrize(("defect", "verdict"), [(None, "conformant"), ("scanner-accepts-bad-crc", "non-conformant")])
def test_github_workflow_scripts_certify_a_sandbox_end_to_end(tmp_path: Path, defect: str | None,
                                                               verdict: str) -> None:
    port, token = str(free_port()), secrets.token_urlsafe(32)
    bank_repo(tmp_path / "bank", port)
    harness_checkout(tmp_path / "harness")
    (tmp_path / "runner").mkdir()
    env = {**os.environ, "GITHUB_WORKSPACE": str(tmp_path), "RUNNER_TEMP": str(tmp_path / "runner"),
           "GITHUB_OUTPUT": str(tmp_path / "output"), "FULL_RUN": "false", "SANDBOX_URL": f"http://127.0.0.1:{port}",
           **({"SANDBOX_DEFECT": defect} if defect else {})}
    env.pop(token_env_of_config(), None)
    steps = github_steps()
    try:
        for command in ("./scripts/run-sandbox", "bakong-conformance certify --config",
                        "bakong-conformance certificate verify"):
            step = step_running(steps, command)
            secret_env = {key: token for key, value in as_map(step.get("env", {})).items() if "secrets." in str(value)}
            done = bash(on_port(port, as_str(step["run"])), tmp_path / as_str(step["working-directory"]),
                        {**env, **secret_env})
            expected = EXIT_CODES[verdict] if "certify --config" in command else 0
            assert done.returncode == expected, f"{step['name']}:\n{done.stdout}\n{done.stderr}"
    finally:
        stop(tmp_path / "runner" / "sandbox.pid")
    assert f"exit-code={EXIT_CODES[verdict]}" in (tmp_path / "output").read_text(encoding="utf-8")
    summary = json.loads((tmp_path / "reports" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["verdict"], summary["profile"]) == (verdict, "smoke")
    assert not [p for p in (tmp_path / "reports").rglob("*") if p.is_file() and token.encode() in p.read_bytes()]


def test_gitlab_job_script_certifies_a_sandbox_end_to_end(tmp_path: Path) -> None:
    port, token = str(free_port()), secrets.token_urlsafe(32)
    project = bank_repo(tmp_path / "project", port)
    harness_checkout(project / ".harness")
    job = gitlab_job()
    env = {**os.environ, **{key: as_str(value) for key, value in as_map(job["variables"]).items()},
           "SANDBOX_URL": f"http://127.0.0.1:{port}", token_env_of_config(): token}
    try:
        script = "\n".join(as_str(line) for line in as_list(job["script"]))
        done = bash(on_port(port, script), project, env)
    finally:
        stop(project / "sandbox.pid")
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    assert "certificate verified: conformant" in done.stdout
    assert (project / "reports" / "junit.xml").is_file()
