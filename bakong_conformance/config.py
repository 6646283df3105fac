"""The participant configuration file: who is certified, where its sandbox is, what it declares to do.

One TOML file describes one participant (``certify --config FILE``); the format is documented in
``docs/participant-config.md`` and an example lives in ``examples/ci/participant.toml``::

    [participant]
    name = "Example Bank Plc"
    id = "exbkkhpp"                          # its Bakong participant code
    software_version = "2.4.1"
    base_url = "http://127.0.0.1:8000"       # its sandbox
    token_env = "EXAMPLE_BANK_TOKEN"         # the environment variable holding the bearer token
    capabilities = ["khqr-issuer", "khqr-acceptor"]

    [networks]                               # where the harness serves its simulated networks
    host = "127.0.0.1"
    port = 8900

    [alipay_plus]                            # only with alipay-plus-acquirer or alipay-plus-wallet
    client_id = "SANDBOX_EXBKKHPP"           # the Client-Id Alipay+ assigned the participant
    public_key_file = "alipay-plus-public.pem"   # its public key (PEM); the private key stays with the bank
    key_version = "1"

    [certification]
    profile = "full"
    waivers = "waivers.toml"                 # relative to this file
    signing_key_file = "signing-key.pem"     # or signing_key_env; neither: a self-signed certificate

Secrets never go in the file: a ``token`` key (or any key not listed here) is a :class:`ConfigurationError`.
Nor do hidden characters: a string holding a control character or a bidirectional control (which would fake or
reorder text where the name is shown) is refused, naming the key and the character.
The bundled reference participant is selected only explicitly (``reference = true``, no ``base_url``), so a
file that forgets its ``base_url`` can never certify the reference under a bank's name.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .catalogue import capabilities
from .certificate import hidden_character
from .errors import ConfigurationError

__all__ = ["PROFILES", "ParticipantConfig", "load_config", "read_toml", "reference_config"]

PROFILES = ("full", "smoke")
DEFAULT_TIMEOUT_S = 5.0
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SECTIONS: dict[str, frozenset[str]] = {
    "participant": frozenset({"name", "id", "software_version", "base_url", "token_env", "capabilities",
                              "timeout_s", "secret_envs", "reference", "defects"}),
    "networks": frozenset({"host", "port"}),
    "alipay_plus": frozenset({"client_id", "public_key_file", "key_version"}),
    "certification": frozenset({"profile", "waivers", "signing_key_file", "signing_key_env", "issuer"}),
}
ALIPAY_PLUS_CAPABILITIES = frozenset({"alipay-plus-acquirer", "alipay-plus-wallet"})
_SECRET_KEYS = frozenset({"token", "bearer", "password", "secret", "api_key", "signing_key", "private_key"})


@dataclass(frozen=True, slots=True)
class ParticipantConfig:
    """One participant under certification, as its configuration file declares it."""

    name: str
    participant_id: str
    software_version: str
    capabilities: frozenset[str]
    base_url: str | None = None          # None: the bundled reference participant, in-process
    token_env: str | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S
    secret_envs: tuple[str, ...] = ()
    defects: tuple[str, ...] = ()        # reference only
    networks_host: str = "127.0.0.1"
    networks_port: int = 0               # 0: any free port
    profile: str = "full"
    waivers: Path | None = None
    signing_key_file: Path | None = None
    signing_key_env: str | None = None
    issuer: str | None = None
    alipay_plus_client_id: str | None = None      # None: the bundled reference's (or no Alipay+ capability)
    alipay_plus_public_key: Path | None = None
    alipay_plus_key_version: str = "1"
    source: Path | None = field(default=None, compare=False)

    @property
    def is_reference(self) -> bool:
        """Whether this is the bundled reference participant (certified in-process)."""
        return self.base_url is None

    def has(self, capability: str) -> bool:
        """Whether the participant has ``capability`` (declared, or implied for every participant)."""
        return capability in self.capabilities or capabilities()[capability].implied

    def describe(self) -> str:
        """``Name (ID)`` for report titles."""
        return f"{self.name} ({self.participant_id})"


def reference_config(defects: Iterable[str] = ()) -> ParticipantConfig:
    """The bundled reference participant, in-process, with its own participant ID (``reference.PARTICIPANT_ID``,
    which its payment instructions carry), declaring what it implements (``reference.CAPABILITIES``, and the
    implied capabilities): nothing it does not do is listed on its certificate."""
    from importlib.metadata import version

    from .reference import CAPABILITIES
    implied = {c.id for c in capabilities().values() if c.implied}
    return ParticipantConfig(name="Bundled reference participant", participant_id="REFBKHPP",
                             software_version=version("bakong-conformance"),
                             capabilities=frozenset(CAPABILITIES) | implied, defects=tuple(defects))


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """The TOML document at ``path`` (``what`` names it in errors); ``ConfigurationError`` if unreadable."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigurationError(f"cannot read the {what} {path}: {error.strerror}") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigurationError(f"{path} is not valid TOML: {error}") from error


def load_config(path: Path) -> ParticipantConfig:
    """The participant described by the TOML file at ``path``; ``ConfigurationError`` on any mistake."""
    document = read_toml(path, "participant configuration")
    try:
        return _parse(document, path.resolve().parent, path)
    except ConfigurationError as error:
        raise ConfigurationError(f"{path}: {error}") from error


def _parse(document: Mapping[str, Any], base: Path, path: Path) -> ParticipantConfig:
    _check_keys(document)
    p, networks, cert, alipay = (document.get(s, {}) for s in ("participant", "networks", "certification",
                                                                 "alipay_plus"))
    reference = _typed(p, "reference", bool, False)
    base_url = _optional_str(p, "base_url")
    if reference == (base_url is not None):
        raise ConfigurationError("give the participant's sandbox as base_url "
                                 "(or reference = true, alone, for the bundled reference participant)")
    defects = tuple(_str_list(p, "defects"))
    if defects and not reference:
        raise ConfigurationError("defects apply to the bundled reference participant only")
    token_env = _optional_str(p, "token_env")
    if base_url is not None:
        _check_url(base_url)
        if token_env is None:
            raise ConfigurationError("token_env (the environment variable holding the bearer token) is required")
    for name in (token_env, *_str_list(p, "secret_envs"), _optional_str(cert, "signing_key_env")):
        if name is not None and not _ENV_NAME.fullmatch(name):
            raise ConfigurationError(f"{name!r} is not an environment variable name")
    host = _typed(networks, "host", str, "127.0.0.1")
    _check_loopback(host)
    declared = _capabilities(p)
    if base_url is not None and declared & ALIPAY_PLUS_CAPABILITIES and not (
            "client_id" in alipay and "public_key_file" in alipay):
        raise ConfigurationError("[alipay_plus] client_id and public_key_file are required with "
                                 f"{' or '.join(sorted(declared & ALIPAY_PLUS_CAPABILITIES))}")
    key_version = _typed(alipay, "key_version", str, "1")
    if not key_version.isdigit():
        raise ConfigurationError(f"[alipay_plus] key_version must be digits, not {key_version!r}")
    return ParticipantConfig(
        name=_required_str(p, "name"), participant_id=_required_str(p, "id"),
        software_version=_required_str(p, "software_version"), capabilities=declared,
        base_url=base_url, token_env=token_env, timeout_s=_timeout(p), secret_envs=tuple(_str_list(p, "secret_envs")),
        alipay_plus_client_id=_optional_str(alipay, "client_id"),
        alipay_plus_public_key=_path(alipay, "public_key_file", base), alipay_plus_key_version=key_version,
        defects=defects, networks_host=host, networks_port=_port(networks), profile=_profile(cert),
        waivers=_path(cert, "waivers", base), signing_key_file=_path(cert, "signing_key_file", base),
        signing_key_env=_optional_str(cert, "signing_key_env"), issuer=_optional_str(cert, "issuer"), source=path)


def _check_keys(document: Mapping[str, Any]) -> None:
    for section, value in document.items():
        if section not in _SECTIONS or not isinstance(value, dict):
            raise ConfigurationError(f"unknown section [{section}]; the sections are {', '.join(_SECTIONS)}")
        for key in value:
            if key in _SECRET_KEYS:
                raise ConfigurationError(f"[{section}] {key}: secrets never go in this file; name the environment "
                                         "variable that holds it instead (token_env, signing_key_env)")
            if key not in _SECTIONS[section]:
                raise ConfigurationError(f"[{section}] has no key {key!r}; "
                                         f"known keys: {', '.join(sorted(_SECTIONS[section]))}")
    if "participant" not in document:
        raise ConfigurationError("the [participant] section is missing")


def _typed(table: Mapping[str, Any], key: str, kind: type, default: Any) -> Any:
    value = table.get(key, default)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigurationError(f"{key} must be a {kind.__name__}, not {value!r}")
    return value


def _optional_str(table: Mapping[str, Any], key: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError(f"{key} must be a non-empty string")
    _check_visible(key, value)
    return value


def _check_visible(key: str, value: str) -> None:
    """Refuse a control character or a bidirectional control: in a report, a page or a terminal it would hide,
    reorder or fake the text around it (a name that prints a line of its own)."""
    hidden = hidden_character(value)
    if hidden is not None:
        section = next(name for name, keys in _SECTIONS.items() if key in keys)
        raise ConfigurationError(f"[{section}] {key} must not contain {hidden} (control characters and "
                                 "bidirectional controls are refused)")


def _required_str(table: Mapping[str, Any], key: str) -> str:
    value = _optional_str(table, key)
    if value is None:
        raise ConfigurationError(f"[participant] {key} is required")
    return value


def _str_list(table: Mapping[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigurationError(f"{key} must be a list of strings")
    return value


def _capabilities(table: Mapping[str, Any]) -> frozenset[str]:
    declared = _str_list(table, "capabilities")
    unknown = sorted(set(declared) - set(capabilities()))
    if unknown:
        raise ConfigurationError(f"unknown capabilities {unknown}; known: {', '.join(capabilities())}")
    return frozenset(declared)


def _timeout(table: Mapping[str, Any]) -> float:
    value = table.get("timeout_s", DEFAULT_TIMEOUT_S)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 60:
        raise ConfigurationError(f"timeout_s must be a number of seconds in (0, 60], not {value!r}")
    return float(value)


def _port(table: Mapping[str, Any]) -> int:
    port: int = _typed(table, "port", int, 0)
    if not 0 <= port <= 65535:
        raise ConfigurationError(f"port must be 0 (any free port) to 65535, not {port}")
    return port


def _profile(table: Mapping[str, Any]) -> str:
    profile: str = _typed(table, "profile", str, "full")
    if profile not in PROFILES:
        raise ConfigurationError(f"unknown profile {profile!r}; choose from {', '.join(PROFILES)}")
    return profile


def _path(table: Mapping[str, Any], key: str, base: Path) -> Path | None:
    value = _optional_str(table, key)
    return None if value is None else (base / value).resolve()


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(f"base_url must be an http or https URL, not {url!r}")
    if parts.username or parts.password:
        raise ConfigurationError("base_url must not carry credentials; use token_env")


def _check_loopback(host: str) -> None:
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ConfigurationError(f"[networks] host must be a loopback address (127.0.0.1, ::1), not {host!r}")
