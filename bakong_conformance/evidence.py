"""Evidence of one exchange on the wire, with every secret scrubbed before it is kept.

Both sides the harness talks to produce :class:`Exchange` records: the participant's sandbox (the harness's
calls to Participant API v1) and the simulated networks (the participant's calls to Bakong). Each step of a
scenario attaches the exchanges it caused to the report (:meth:`Exchange.as_json`, which also gives every
epoch-millisecond time in it as a UTC date-time). Secrets never reach a record: authentication headers
are replaced by ``<redacted>``, and so is any body field that carries a token or a credential
(:data:`SECRET_FIELDS`).

Secrets are also known by value. Whoever holds one (the participant client its bearer token, the simulated
Bakong each Open API token it issues) registers it (:func:`register_secret`); :func:`scrub` then replaces it in
every form it could be written in (:func:`secret_forms`: as written, JSON- or URL-escaped, inside base64 or as
hex) in every record, failure message and report, and :func:`secrets_in` says which registered secrets some data
carries, by label, never by value. The certification run uses the same scrubber (:class:`SecretScrubber`) on the
files it writes.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, quote_plus

__all__ = ["MIN_SECRET_LENGTH", "REDACTED", "SECRET_FIELDS", "SECRET_HEADERS", "Exchange", "ReturnedCredential",
           "SecretScrubber", "redact_body", "redact_headers", "register_secret", "scrub", "secret_encodings_in",
           "secret_forms", "secrets_in", "secrets_of_one_run", "utc_text", "utc_times"]

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"})
SECRET_FIELDS = frozenset({"token", "openapitoken", "accesstoken", "password", "secret", "credential",
                           "switchcredential"})
REDACTED = "<redacted>"
MIN_SECRET_LENGTH = 8          # a shorter value would match innocent text; every form is at least this long


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and its answer, as evidence: every registered secret is scrubbed when it is made."""

    operation: str
    request: dict[str, Any]
    response: dict[str, Any]

    def __post_init__(self) -> None:
        for name in ("operation", "request", "response"):
            object.__setattr__(self, name, scrub(getattr(self, name)))

    def as_json(self) -> str:
        """Pretty JSON for a report attachment (scrubbed again: a secret registered since is not kept either);
        ``utcTimes`` first, when the exchange holds epoch-millisecond times (:func:`utc_times`)."""
        times = utc_times({"request": self.request, "response": self.response})
        record = {"operation": self.operation, **({"utcTimes": times} if times else {}), "request": self.request,
                  "response": self.response}
        return str(scrub(json.dumps(record, indent=2, ensure_ascii=False)))


@dataclass(frozen=True, slots=True)
class ReturnedCredential:
    """A credential the harness called the participant with, found in one of the participant's answers."""

    operation: str          # the Participant API operation that answered, e.g. "getInfo"
    where: str              # "the answer body" or "header X-Name"
    secret: str             # the credential's label (see register_secret), never its value
    encoding: str = ""      # how it was written, when known: "as written", "base64", "hex" ...


def utc_text(epoch_ms: int) -> str:
    """Epoch milliseconds (the time unit of KHQR and of ``sandboxNow``) as a UTC date-time a reader can read:
    ``2026-12-01T19:55:13.000Z``."""
    moment = dt.datetime.fromtimestamp(epoch_ms / 1000, tz=dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


_EPOCH_MS = range(10**12, 4_102_444_800_000)        # 2001-09-09 to 2100-01-01
_TIME_KEY = re.compile(r"time|date|expir|now$|ms$", re.IGNORECASE)


def _children(document: Any) -> Iterable[tuple[Any, Any]]:
    if isinstance(document, dict):
        return document.items()
    return enumerate(document) if isinstance(document, list) else ()


def utc_times(document: Any, path: str = "") -> dict[str, str]:
    """Every epoch-millisecond time in ``document`` (parsed JSON): a number or a string of digits in the years
    2001-2099 under a time-like key (``sandboxNow``, ``createdDateMs``, ``expirationTimestamp``), by its path
    (``request.body.sandboxNow``), as a UTC date-time: an annotation for the reader, the record left as it is."""
    found: dict[str, str] = {}
    for key, value in _children(document):
        where = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}" if path else str(key)
        ms = int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else value
        if isinstance(key, str) and _TIME_KEY.search(key) and type(ms) is int and ms in _EPOCH_MS:
            found[where] = utc_text(ms)
        else:
            found.update(utc_times(value, where))
    return found


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers with every secret value replaced by ``<redacted>``."""
    return {k: (REDACTED if k.lower() in SECRET_HEADERS else v) for k, v in headers.items()}


def redact_body(body: Any) -> Any:
    """``body`` (parsed JSON) with the value of every token-like field replaced by ``<redacted>``, at any depth."""
    if isinstance(body, dict):
        return {k: (REDACTED if isinstance(k, str) and k.lower() in SECRET_FIELDS and v is not None
                    else redact_body(v)) for k, v in body.items()}
    if isinstance(body, list):
        return [redact_body(item) for item in body]
    return body


# --- the forms of a secret ------------------------------------------------------------------------------------
def secret_forms(value: str) -> dict[str, str]:
    """Every way ``value`` could be written, each mapped to the name of its encoding (the first name wins).

    As written; JSON-escaped (ASCII or not); URL-escaped (``quote``, with and without ``/`` kept, and
    ``quote_plus``; upper-case hex); standard and URL-safe base64 of the value after 0, 1 or 2 other bytes (the
    characters fixed by the value alone, and those through the end of the encoding, padded or not); hex in lower
    and upper case. Forms shorter than :data:`MIN_SECRET_LENGTH` are left out.
    """
    raw = value.encode("utf-8")
    written = [(value, "as written"), (json.dumps(value)[1:-1], "JSON-escaped"),
               (json.dumps(value, ensure_ascii=False)[1:-1], "JSON-escaped"),
               (quote(value, safe=""), "URL-escaped"), (quote(value), "URL-escaped"),
               (quote_plus(value), "URL-escaped")]
    for name, encode in (("base64", base64.b64encode), ("URL-safe base64", base64.urlsafe_b64encode)):
        for offset in range(3):
            encoded = encode(b"\0" * offset + raw).decode("ascii")
            written += [(form, name) for form in _base64_fragments(encoded, offset, len(raw))]
    written += [(raw.hex(), "hex"), (raw.hex().upper(), "upper-case hex")]
    forms: dict[str, str] = {}
    for form, name in written:
        if len(form) >= MIN_SECRET_LENGTH:
            forms.setdefault(form, name)
    return forms


def _base64_fragments(encoded: str, offset: int, size: int) -> tuple[str, str, str]:
    """Of the base64 of ``offset`` other bytes then a ``size``-byte secret: the characters whose six bits all
    come from the secret, then the same through the end of the encoding (the secret last), padded and not."""
    start, end = -(-4 * offset // 3), 4 * (offset + size) // 3
    tail = encoded[start:]
    return encoded[start:end], tail, tail.rstrip("=")


# --- finding them fast ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Form:
    text: str               # in the matcher's alphabet: text, or UTF-8 bytes read as Latin-1
    label: str
    encoding: str


def _prefix_regex(words: Sequence[str]) -> str:
    """A regex matching exactly ``words`` (sorted, all of one length), factored by common prefixes (fast to run)."""
    if not words[0]:
        return ""
    branches = [re.escape(first) + _prefix_regex([w[1:] for w in group])
                for first, group in itertools.groupby(words, key=lambda w: w[0])]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


class _Matcher:
    """Finds forms in a text: one regex over their first characters, then the longest form starting there."""

    def __init__(self, forms: Iterable[_Form]) -> None:
        self._by_anchor: dict[str, list[_Form]] = {}
        for form in forms:
            self._by_anchor.setdefault(form.text[:MIN_SECRET_LENGTH], []).append(form)
        for candidates in self._by_anchor.values():
            candidates.sort(key=lambda f: -len(f.text))
        self._anchors = re.compile(_prefix_regex(sorted(self._by_anchor))) if self._by_anchor else None

    def find(self, text: str) -> Iterator[tuple[int, _Form]]:
        """Where each form stands in ``text``: leftmost first, the longest at one place, never overlapping."""
        position = 0
        while self._anchors is not None and (hit := self._anchors.search(text, position)) is not None:
            start = hit.start()
            form = next((f for f in self._by_anchor[hit.group()] if text.startswith(f.text, start)), None)
            position = start + (1 if form is None else len(form.text))
            if form is not None:
                yield start, form


@dataclass(frozen=True)
class _Segment:
    """The matchers (text, and UTF-8 bytes read as Latin-1) over ``forms[start:end]``."""

    start: int
    end: int
    matchers: tuple[_Matcher, _Matcher]

    @classmethod
    def over(cls, forms: Sequence[_Form], start: int, end: int) -> _Segment:
        chosen = forms[start:end]
        as_bytes = [_Form(f.text.encode("utf-8").decode("latin-1"), f.label, f.encoding) for f in chosen]
        return cls(start, end, (_Matcher(chosen), _Matcher(as_bytes)))

    @property
    def size(self) -> int:
        return self.end - self.start


def _substituted(text: str, hits: Sequence[tuple[int, _Form]]) -> str:
    """``text`` with every hit replaced by :data:`REDACTED`."""
    parts, kept = [], 0
    for start, form in hits:
        parts += [text[kept:start], REDACTED]
        kept = start + len(form.text)
    return "".join([*parts, text[kept:]]) if parts else text


class SecretScrubber:
    """Secret values, each with the label that may be printed in its place, scrubbed and found in every form.

    The forms of a secret are computed once, when it is added. They are found by a few matchers, each over a
    run of the forms in the order they were added: secrets added since the last use get a matcher of their own,
    and a matcher is merged with the one before it once that one is no larger, so a run that keeps adding secrets
    (some every scenario) rebuilds each form a few times at most (as a binary counter carries). Safe to share
    between threads.
    """

    def __init__(self, secrets: Iterable[tuple[str, str]] = ()) -> None:
        self._lock = threading.Lock()
        self._forms: list[_Form] = []
        self._known: dict[str, int] = {}        # value -> where its forms start in _forms, in order added
        self._segments: list[_Segment] = []     # matchers over _forms[start:end], in order, covering a prefix
        for label, value in secrets:
            self.add(label, value)

    def add(self, label: str, value: str) -> None:
        """Know ``value`` as the secret ``label`` (a value shorter than :data:`MIN_SECRET_LENGTH` is ignored)."""
        if len(value) < MIN_SECRET_LENGTH or value in self._known:
            return
        forms = [_Form(form, label, encoding) for form, encoding in secret_forms(value).items()]
        with self._lock:
            if value not in self._known:
                self._known[value] = len(self._forms)
                self._forms += forms

    def checkpoint(self) -> int:
        """A mark of what is known now, for :meth:`forget_since`."""
        with self._lock:
            return len(self._known)

    def forget_since(self, checkpoint: int) -> None:
        """Forget the secrets added since ``checkpoint`` (those known then stay)."""
        with self._lock:
            later = list(self._known)[checkpoint:]
            if later:
                end = self._known[later[0]]
                del self._forms[end:]
                for value in later:
                    del self._known[value]
                self._segments = [segment for segment in self._segments if segment.end <= end]

    def scrub(self, value: Any) -> Any:
        """``value`` (str, bytes, or dicts, lists and tuples of them, keys included) with every form of every
        secret replaced by :data:`REDACTED`; anything else is returned as it is."""
        if not self._forms:
            return value
        if isinstance(value, str):
            return _substituted(value, self._hits(value, binary=False))
        if isinstance(value, bytes):
            text = value.decode("latin-1")
            return _substituted(text, self._hits(text, binary=True)).encode("latin-1")
        if isinstance(value, dict):
            return {self.scrub(key): self.scrub(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.scrub(item) for item in value]
        if isinstance(value, tuple):
            return tuple(self.scrub(item) for item in value)
        return value

    def found(self, data: bytes | str) -> list[tuple[str, str]]:
        """The (label, encoding) of every secret form in ``data``, each once, in order of appearance."""
        if not self._forms:
            return []
        text = data.decode("latin-1") if isinstance(data, bytes) else data
        hits = self._hits(text, binary=isinstance(data, bytes))
        return list(dict.fromkeys((form.label, form.encoding) for _, form in hits))

    def labels_in(self, data: bytes | str) -> list[str]:
        """The labels of the secrets found in ``data`` in any form, each once, in order of appearance."""
        return list(dict.fromkeys(label for label, _ in self.found(data)))

    def _hits(self, text: str, *, binary: bool) -> list[tuple[int, _Form]]:
        """Every form in ``text``: leftmost first, the longest at one place, never overlapping."""
        found = sorted(((start, form) for segment in self._current() for start, form in
                        segment.matchers[binary].find(text)), key=lambda hit: (hit[0], -len(hit[1].text)))
        hits: list[tuple[int, _Form]] = []
        for start, form in found:
            if not hits or start >= hits[-1][0] + len(hits[-1][1].text):
                hits.append((start, form))
        return hits

    def _current(self) -> list[_Segment]:
        """The matchers over every form known now (a new one for the forms added since the last use, merged
        with the one before it while that one is no larger)."""
        with self._lock:
            covered = self._segments[-1].end if self._segments else 0
            if covered < len(self._forms):
                self._segments.append(_Segment.over(self._forms, covered, len(self._forms)))
            while len(self._segments) > 1 and self._segments[-2].size <= self._segments[-1].size:
                last, before = self._segments.pop(), self._segments.pop()
                self._segments.append(_Segment.over(self._forms, before.start, last.end))
            return list(self._segments)


# --- the process-wide registry -----------------------------------------------------------------------------------
_REGISTRY = SecretScrubber()


def register_secret(label: str, value: str) -> None:
    """Scrub ``value`` from now on, everywhere in this process; ``label`` (what it is, e.g. "the participant's
    bearer token") is what may be printed instead. Values shorter than :data:`MIN_SECRET_LENGTH` are ignored."""
    _REGISTRY.add(label, value)


@contextmanager
def secrets_of_one_run() -> Iterator[None]:
    """The secrets registered inside are forgotten on leaving, those registered before kept: for several runs of
    their own in one process, one after the other (the self-check's defect sets), each scrubbing its own secrets
    without the others' (a certification run is one process and never needs this)."""
    checkpoint = _REGISTRY.checkpoint()
    try:
        yield
    finally:
        _REGISTRY.forget_since(checkpoint)


def scrub(value: Any) -> Any:
    """``value`` (str, bytes, dicts, lists, tuples) with every registered secret, in every form, redacted."""
    return _REGISTRY.scrub(value)


def secrets_in(data: bytes | str) -> list[str]:
    """The labels of the registered secrets found in ``data``, in any form."""
    return _REGISTRY.labels_in(data)


def secret_encodings_in(data: bytes | str) -> list[tuple[str, str]]:
    """The (label, encoding) of the registered secrets found in ``data``: which secret, written how."""
    return _REGISTRY.found(data)
