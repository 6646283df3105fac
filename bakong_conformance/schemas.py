"""Load the harness's JSON Schemas and validate instances against them, offline.

Schemas live at ``schemas/<api>/<version>/<name>.schema.json`` under the repository root, e.g.
``schemas/participant-api/v1/issue-response.schema.json``. Every file is a JSON Schema draft 2020-12 with an
``$id``; relative ``$ref``s between files of one folder are resolved through a :mod:`referencing` registry of
that folder keyed by ``$id``, so nothing is ever fetched (the ``$id`` host ``bakong-conformance.invalid``
does not exist on purpose).

:func:`load` raises :class:`~bakong_conformance.errors.SchemaLoadError` for a missing or broken schema (a
harness problem); :func:`violations` returns every way an instance breaks a schema (the participant's
problem, for the caller to raise as a failure).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # no py.typed in jsonschema 4.26
from jsonschema.exceptions import SchemaError, ValidationError  # type: ignore[import-untyped]
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from bakong_conformance.errors import SchemaLoadError

__all__ = ["SCHEMA_ROOT", "load", "names", "violations"]

SCHEMA_ROOT = Path(__file__).resolve().parent.parent / "schemas"
"""Root of the versioned schema folders: ``<repository root>/schemas``."""

_SUFFIX = ".schema.json"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_SEGMENT = re.compile(r"[a-z0-9][a-z0-9._-]*")
_MAX_MESSAGE = 240
_DISCRIMINATORS = frozenset({"const", "enum", "type"})

PathKey = tuple[tuple[int, int, str], ...]


def names(api: str, version: str) -> tuple[str, ...]:
    """Return the names of the schemas in ``schemas/<api>/<version>/``, sorted (empty if no such folder)."""
    folder = _folder(api, version)
    return tuple(sorted(path.name.removesuffix(_SUFFIX) for path in folder.glob(f"*{_SUFFIX}")))


@cache
def load(api: str, version: str, name: str) -> dict[str, Any]:
    """Return the schema ``schemas/<api>/<version>/<name>.schema.json``, read once and cached.

    The returned dict is shared between callers: do not modify it.

    Raises:
        SchemaLoadError: the name is not a plain file name, the file is missing or not JSON, or it is not a
            valid JSON Schema draft 2020-12 object.
    """
    path = _folder(api, version) / f"{_segment(name)}{_SUFFIX}"
    return _checked(_read_json(path), path)


def violations(instance: object, api: str, version: str, name: str) -> list[str]:
    """Return one readable message per way ``instance`` breaks the schema, sorted by path; empty if valid.

    Each message reads ``<JSON path>: <problem>``, e.g. ``$.md5: 'ABC' does not match '^[0-9a-f]{32}$'``.
    When no branch of a ``oneOf``/``anyOf`` fits, only the problems of the branch the instance most likely
    meant are reported (the one whose discriminator, such as ``accepted: true``, matches; else the one with
    the fewest problems), each followed by ``(as <branch title>)``.

    Raises:
        SchemaLoadError: a schema of the folder cannot be loaded, or a ``$ref`` does not resolve.
    """
    validator = _validator(api, version, name)
    try:
        errors = list(validator.iter_errors(instance))
    except Unresolvable as exc:
        raise SchemaLoadError(f"{api}/{version}/{name}: a $ref does not resolve offline: {exc}") from exc
    found = [leaf for error in errors for leaf in _leaves(error, "")]
    return [text for _, text in sorted(found)]


def _folder(api: str, version: str) -> Path:
    return SCHEMA_ROOT / _segment(api) / _segment(version)


def _segment(value: str) -> str:
    if not _SEGMENT.fullmatch(value):
        raise SchemaLoadError(f"not a schema path segment: {value!r} (use lower-case letters, digits, . _ -)")
    return value


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SchemaLoadError(f"schema file not found: {path}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SchemaLoadError(f"schema file is not readable JSON: {path}: {exc}") from exc


def _checked(schema: object, path: Path) -> dict[str, Any]:
    if not isinstance(schema, dict):
        raise SchemaLoadError(f"schema file does not hold a JSON object: {path}")
    if schema.get("$schema", _DRAFT) != _DRAFT:
        raise SchemaLoadError(f"{path}: declares $schema {schema['$schema']!r}; only {_DRAFT} is supported")
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise SchemaLoadError(f"{path}: not a valid JSON Schema draft 2020-12: {exc.message}") from exc
    return schema


@cache
def _registry(api: str, version: str) -> Registry[Any]:
    resources = [_resource(api, version, name) for name in names(api, version)]
    ids = [uri for uri, _ in resources]
    duplicates = sorted({uri for uri in ids if ids.count(uri) > 1})
    if duplicates:
        raise SchemaLoadError(f"{api}/{version}: several schema files share the $id {duplicates}")
    return Registry().with_resources(resources)


def _resource(api: str, version: str, name: str) -> tuple[str, Resource[Any]]:
    schema = load(api, version, name)
    uri = schema.get("$id")
    if not isinstance(uri, str) or not uri:
        raise SchemaLoadError(f"{api}/{version}/{name}{_SUFFIX}: has no $id, so no schema can refer to it")
    return uri, DRAFT202012.create_resource(schema)


@cache
def _validator(api: str, version: str, name: str) -> Draft202012Validator:
    return Draft202012Validator(load(api, version, name), registry=_registry(api, version))


def _leaves(error: ValidationError, suffix: str) -> Iterator[tuple[PathKey, str]]:
    """The (sort key, message) of each leaf problem of ``error``, descending into the closest branch."""
    if not error.context:
        yield _path_key(error), f"{error.json_path}: {_short(_in_json_words(error))}{suffix}"
        return
    index, branch = _closest_branch(error)
    title = _branch_title(error, index)
    for inner in branch:
        yield from _leaves(inner, f" (as {title}){suffix}" if title else suffix)


def _branch_title(error: ValidationError, index: int) -> str | None:
    """Title of branch ``index`` of the failed ``oneOf``/``anyOf``, if it is an inline schema with one."""
    branch = error.validator_value[index] if isinstance(error.validator_value, list) else None
    title = branch.get("title") if isinstance(branch, dict) else None
    return title if isinstance(title, str) else None


def _closest_branch(error: ValidationError) -> tuple[int, list[ValidationError]]:
    """The branch of a failed ``oneOf``/``anyOf`` the instance was most likely meant to match.

    Ranked by how many of its errors are on a discriminating keyword (``const``/``enum``/``type`` at the
    instance itself or one level down, e.g. ``accepted: true``), then by error count, then by position.
    """
    branches: dict[int, list[ValidationError]] = {}
    for inner in error.context:
        branches.setdefault(int(inner.relative_schema_path[0]), []).append(inner)
    return min(branches.items(), key=lambda item: (sum(map(_discriminating, item[1])), len(item[1]), item[0]))


def _discriminating(error: ValidationError) -> bool:
    return error.validator in _DISCRIMINATORS and len(error.relative_path) <= 1


def _path_key(error: ValidationError) -> PathKey:
    """Sort key of an error's location: array indexes numerically, before property names."""
    path = error.absolute_path
    return tuple((1, 0, part) if isinstance(part, str) else (0, int(part), "") for part in path)


def _in_json_words(error: ValidationError) -> str:
    """jsonschema's message with the values it quotes written as JSON (``null``, ``"md5"``, ``{"a": 1}``), not
    as Python writes them (``None``, ``'md5'``, ``{'a': 1}``)."""
    values: list[Any] = [error.instance, error.validator_value]
    for container in (error.instance, error.validator_value):
        if isinstance(container, dict):
            values += list(container)
        elif isinstance(container, list):
            values += container
    message = error.message
    for value in sorted(values, key=lambda v: -len(repr(v))):
        python = repr(value)
        if python in message:
            message = message.replace(python, json.dumps(value, ensure_ascii=False, default=str))
    return str(message)


def _short(message: str) -> str:
    """``message`` cut in the middle if too long, keeping its end (\"... is too long\")."""
    if len(message) <= _MAX_MESSAGE:
        return message
    half = _MAX_MESSAGE // 2
    return f"{message[:half]} … {message[-half:]}"
