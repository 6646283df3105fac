"""The ``bakong-conformance`` command line.

::

    khqr verify [QR ...] [--input FILE|-] [--now-ms MS]   one Verdict JSON line per QR
    khqr generate [--request FILE|-]                      one {"qr", "md5"} or {"error"} line per request
    defects [--json]                                      the reference participant's defect switches
    requirements [--json]                                 the requirement catalogue
    certify [--config FILE | --defect NAME ...] [--profile NAME] [--out DIR] [--waivers FILE]
            [--baseline SUMMARY] [--quiet]
    certificate verify DIR [--public-key FILE] [--json]   exit 0 intact, 1 naming each changed file
    certificate keygen --private FILE --public FILE       an Ed25519 key pair for an issuer
    sandbox serve [--host HOST] [--port N] [--token-env VAR] [--defect NAME ...]
    networks serve [--host 127.0.0.1] [--port 8790] [--email E ...] [--account A ...]   the simulated Bakong and Alipay+
                   [--participant-id ID] [--credential-env VAR]

Exit codes: 0 all good, 1 some QR invalid or some request refused, 2 usage or I/O error. ``certify``: 0
conformant, 1 non-conformant, 2 inconclusive or a harness / usage error. Errors of the harness
(:class:`~bakong_conformance.errors.HarnessError`) are one line on stderr, never a traceback. ``certify``
and ``reference`` are imported only when their commands run.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import khqr, strict_json
from .catalogue import requirements
from .errors import ConfigurationError, HarnessError

if TYPE_CHECKING:
    from .certificate import Verification

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

EXIT_OK = 0
EXIT_FAILED = 1  # a QR is invalid or a generate request was refused
EXIT_USAGE = 2  # bad options, unreadable input, invalid request JSON

PROG = "bakong-conformance"
STDIN = "-"
DEFAULT_TOKEN_ENV = "BAKONG_SANDBOX_TOKEN"
DEFAULT_PORT = 8000

Handler = Callable[[argparse.Namespace], int]
JsonObject = dict[str, Any]


# --- entry point -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); returns the exit code."""
    args = _parse(argv)
    if isinstance(args, int):
        return args
    _utf8_stdout()
    handler: Handler = args.handler
    return _run(handler, args)


def _parse(argv: list[str] | None) -> argparse.Namespace | int:
    try:
        return build_parser().parse_args(argv)
    except SystemExit as exit_:  # argparse exits on --help (0) and on usage errors (2)
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE


def _run(handler: Handler, args: argparse.Namespace) -> int:
    try:
        return handler(args)
    except HarnessError as error:
        return _fail(str(error))
    except BrokenPipeError:
        return _closed_pipe()
    except Exception:           # a bug of the harness: exit 2 (never 1, which CI reads as "non-conformant")
        traceback.print_exc()
        return _fail("internal error of the harness (traceback above); please report it")


def _fail(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _closed_pipe() -> int:
    # The reader went away (``| head``): an I/O error, but silence the final flush instead of a traceback.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_USAGE


def _utf8_stdout() -> None:
    # JSON lines are written unescaped (ensure_ascii=False), so stdout must be UTF-8 whatever the locale.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")


# --- parser ------------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; each leaf command stores its handler as ``handler``."""
    parser = argparse.ArgumentParser(prog=PROG, description="Bakong/KHQR conformance harness.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_khqr(commands)
    _add_defects(commands)
    _add_requirements(commands)
    _add_certify(commands)
    _add_certificate(commands)
    _add_sandbox(commands)
    _add_networks(commands)
    return parser


def _add_khqr(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    khqr_parser = commands.add_parser("khqr", help="verify or generate KHQR payloads")
    actions = khqr_parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    _add_verify(actions)
    _add_generate(actions)


def _add_verify(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    verify = actions.add_parser("verify", help="validate KHQR strings: one JSON verdict per line")
    verify.add_argument("qr", nargs="*", metavar="QR", help="KHQR strings to verify")
    verify.add_argument("--input", metavar="FILE", help="file with one QR per line ('-' for stdin)")
    verify.add_argument("--now-ms", type=_epoch_ms, metavar="MS", help="judge expiry at this epoch-ms time")
    verify.set_defaults(handler=_cmd_verify)


def _add_generate(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    generate = actions.add_parser("generate", help="generate KHQR strings from JSON requests")
    generate.add_argument("--request", default=STDIN, metavar="FILE",
                          help="a JSON object or JSON lines (default '-', stdin)")
    generate.set_defaults(handler=_cmd_generate)


def _add_defects(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    defects = commands.add_parser("defects", help="list the reference participant's defect switches")
    defects.add_argument("--json", action="store_true", help="print JSON instead of a table")
    defects.set_defaults(handler=_cmd_defects)


def _add_requirements(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    catalogue = commands.add_parser("requirements", help="list the requirement catalogue")
    catalogue.add_argument("--json", action="store_true", help="print JSON instead of a table")
    catalogue.set_defaults(handler=_cmd_requirements)


def _add_certify(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    certify = commands.add_parser("certify", help="run the certification suite against a participant")
    certify.add_argument("--config", type=Path, metavar="FILE",
                         help="the participant's configuration file (default: the bundled reference participant)")
    _add_defect_option(certify)
    certify.add_argument("--profile", choices=("full", "smoke"), metavar="NAME",
                         help="full (certification) or smoke (the fast subset); default: the configuration's")
    certify.add_argument("--out", type=Path, default=Path("reports"), metavar="DIR",
                         help="report directory (default 'reports')")
    certify.add_argument("--waivers", type=Path, metavar="FILE", help="waivers file (overrides the configuration's)")
    certify.add_argument("--baseline", type=Path, metavar="SUMMARY",
                         help="a previous summary.json: list the scenarios whose status changed")
    certify.add_argument("--quiet", action="store_true", help="no progress lines while the suite runs")
    certify.set_defaults(handler=_cmd_certify)


def _add_certificate(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    certificate = commands.add_parser("certificate", help="verify a certificate, or make an issuer's key pair")
    actions = certificate.add_subparsers(dest="action", required=True, metavar="ACTION")
    verify = actions.add_parser("verify", help="check the signature and every file of a certification folder")
    verify.add_argument("folder", type=Path, metavar="DIR", help="the folder holding certificate.json")
    verify.add_argument("--public-key", type=Path, metavar="FILE", help="the issuer's Ed25519 public key (PEM)")
    verify.add_argument("--json", action="store_true",
                        help='print one JSON object {"intact", "trusted", "signer", "problems"} instead')
    verify.set_defaults(handler=_cmd_certificate_verify)
    keygen = actions.add_parser("keygen", help="write a new Ed25519 key pair for signing certificates")
    keygen.add_argument("--private", type=Path, required=True, metavar="FILE", help="private key (PEM, mode 600)")
    keygen.add_argument("--public", type=Path, required=True, metavar="FILE", help="public key (PEM)")
    keygen.set_defaults(handler=_cmd_certificate_keygen)


def _serve_action(commands: argparse._SubParsersAction[argparse.ArgumentParser], command: str, what: str,
                  serving: str, port: int) -> argparse.ArgumentParser:
    """``COMMAND serve`` with ``--host`` (loopback by default) and ``--port``; the caller adds the rest."""
    parser = commands.add_parser(command, help=what)
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    serve = actions.add_parser("serve", help=serving)
    serve.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=port, metavar="N", help=f"TCP port (default {port})")
    return serve


def _add_sandbox(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = _serve_action(commands, "sandbox", "run the reference participant as a sandbox",
                          "serve the reference participant over HTTP", DEFAULT_PORT)
    serve.add_argument("--token-env", default=DEFAULT_TOKEN_ENV, metavar="VAR",
                       help=f"environment variable holding the bearer token (default {DEFAULT_TOKEN_ENV})")
    _add_defect_option(serve)
    serve.set_defaults(handler=_cmd_serve)


def _add_networks(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = _serve_action(commands, "networks", "run the simulated Bakong (switch and Open API)",
                          "serve the simulated Bakong over HTTP on loopback, on the wall clock", 8790)
    serve.add_argument("--email", dest="emails", action="extend", nargs="+", default=[], metavar="E",
                       help="an e-mail registered for renew_token (repeatable; default sandbox@example.com)")
    serve.add_argument("--account", dest="accounts", action="extend", nargs="+", default=[], metavar="A",
                       help="a Bakong account ID that exists, e.g. a payee (repeatable)")
    serve.add_argument("--participant-id", default=None, metavar="ID",
                       help="the participant whose payment instructions the switch takes (default REFBKHPP, the "
                            "bundled reference participant)")
    serve.add_argument("--credential-env", default=None, metavar="VAR",
                       help="environment variable holding the switch credential (default: a random one, printed)")
    serve.add_argument("--alipay-plus-client-id", default=None, metavar="ID",
                       help="the Client-Id the simulated Alipay+ signs and verifies for (default: the bundled "
                            "reference participant's)")
    serve.add_argument("--alipay-plus-public-key", default=None, metavar="FILE",
                       help="the participant's Alipay+ public key, PEM (default: the bundled reference's)")
    serve.add_argument("--alipay-plus-key-out", default=None, metavar="FILE",
                       help="write the simulated Alipay+'s own public key (PEM) there, to give the participant")
    serve.set_defaults(handler=_cmd_networks_serve)


def _add_defect_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--defect", dest="defects", action="extend", nargs="+", default=[], metavar="NAME",
                        help="switch on a reference defect (repeatable; see 'defects')")


def _epoch_ms(text: str) -> int:
    """An ``--now-ms`` value: a non-negative integer of epoch milliseconds."""
    if not text.isascii() or not text.isdigit():
        raise argparse.ArgumentTypeError(f"not a non-negative integer of milliseconds: {text!r}")
    return int(text)


def _port(text: str) -> int:
    """A ``--port`` value: 0 to 65535."""
    if not text.isascii() or not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"not a TCP port (0-65535): {text!r}")
    return int(text)


# --- input and output --------------------------------------------------------------------------------------


def _open_text(path: str) -> AbstractContextManager[TextIO]:
    """``path`` (or stdin for ``-``) as UTF-8 text whose lines end only at ``\\n``; stdin is never closed."""
    if path != STDIN:
        return open(path, encoding="utf-8-sig", newline="\n")
    if isinstance(sys.stdin, io.TextIOWrapper):
        sys.stdin.reconfigure(encoding="utf-8-sig", newline="\n")
    return contextlib.nullcontext(sys.stdin)


def _io_error(path: str, error: OSError | UnicodeDecodeError) -> ConfigurationError:
    name = "stdin" if path == STDIN else repr(path)
    if isinstance(error, UnicodeDecodeError):
        return ConfigurationError(f"cannot read {name}: not UTF-8 text ({error.reason})")
    return ConfigurationError(f"cannot read {name}: {error.strerror or error}")


def _read_all(path: str) -> str:
    """The whole text of ``path`` (or stdin); ``ConfigurationError`` if it cannot be read."""
    try:
        with _open_text(path) as stream:
            return stream.read()
    except (OSError, UnicodeDecodeError) as error:
        raise _io_error(path, error) from error


def _emit(document: object) -> None:
    """Print ``document`` as one JSON line, non-ASCII text unescaped."""
    print(json.dumps(document, ensure_ascii=False))


def _emit_document(document: object) -> None:
    """Print ``document`` as indented JSON."""
    print(json.dumps(document, ensure_ascii=False, indent=2))


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Left-aligned columns separated by two spaces; the last column is not padded."""
    lines = [list(headers), *[list(row) for row in rows]]
    widths = [max(len(line[i]) for line in lines) for i in range(len(headers) - 1)]
    return "\n".join("  ".join([*(cell.ljust(w) for cell, w in zip(line, widths, strict=False)), line[-1]])
                     for line in lines)


# --- khqr verify -------------------------------------------------------------------------------------------


def _cmd_verify(args: argparse.Namespace) -> int:
    """``khqr verify``: one verdict line per QR, streamed; 1 if any QR is invalid."""
    seen = invalid = 0
    for qr in _qrs(args.qr, args.input):
        verdict = khqr.verify(qr, now_ms=args.now_ms)
        _emit(verdict.as_dict())
        seen, invalid = seen + 1, invalid + (not verdict.valid)
    if not seen:
        raise ConfigurationError("no QR given: pass QR arguments or --input FILE ('-' for stdin)")
    return EXIT_FAILED if invalid else EXIT_OK


def _qrs(positional: list[str], path: str | None) -> Iterator[str]:
    """The QRs given as arguments, then those of the input file."""
    yield from positional
    if path is not None:
        yield from _file_qrs(path)


def _file_qrs(path: str) -> Iterator[str]:
    """One QR per non-blank line of ``path``, read lazily, trailing ``\\n``/``\\r`` removed."""
    try:
        with _open_text(path) as stream:
            yield from (qr for qr in (line.rstrip("\r\n") for line in stream) if qr.strip())
    except (OSError, UnicodeDecodeError) as error:
        raise _io_error(path, error) from error


# --- khqr generate -----------------------------------------------------------------------------------------


def _cmd_generate(args: argparse.Namespace) -> int:
    """``khqr generate``: every request is checked first, then one result line each; 1 if any was refused."""
    requests = _requests(_read_all(args.request))
    results = [_generate(request, number) for number, request in enumerate(requests, 1)]
    for result in results:
        _emit(result)
    return EXIT_FAILED if any("error" in result for result in results) else EXIT_OK


def _generate(request: JsonObject, number: int) -> JsonObject:
    """The ``{"qr", "md5"}`` for one request, or its refusal as ``{"error": {...}}``."""
    request = _with_kind(request, number)
    try:
        generated = khqr.generate(request)
    except khqr.GenerationRefused as refused:
        return {"error": {"rule": refused.rule, "sdkCode": refused.sdk_code, "message": refused.message}}
    except ValueError as error:  # a malformed request (unknown kind, wrong types) is the caller's bug
        raise ConfigurationError(f"request {number}: {error}") from error
    return {"qr": generated.qr, "md5": generated.md5}


# Without "kind", the one SDK field only one of the SDK's info classes has (MerchantInfo / IndividualInfo) tells.
_KIND_OF_FIELD = {"merchantID": "merchant", "accountInformation": "individual"}


def _with_kind(request: JsonObject, number: int) -> JsonObject:
    """``request`` with its ``kind``: as given, else inferred when unambiguous (a ``merchantID``: merchant, an
    ``accountInformation``: individual); a request with neither or both must say its kind."""
    if "kind" in request:
        return request
    kinds = {kind for field, kind in _KIND_OF_FIELD.items() if request.get(field) is not None}
    if len(kinds) != 1:
        raise ConfigurationError(f'request {number}: add "kind": "individual" (the SDK\'s generateIndividual) or '
                                 '"merchant" (generateMerchant); without it, only a merchantID (merchant) or an '
                                 'accountInformation (individual) says which')
    return {"kind": kinds.pop(), **request}


def _requests(text: str) -> list[JsonObject]:
    """The requests in ``text``: one JSON object (possibly indented) or JSON lines."""
    documents = _json_documents(text)
    if not documents:
        raise ConfigurationError("no request given: pass a JSON object or JSON lines")
    return [_object(document, number) for number, document in enumerate(documents, 1)]


def _json_documents(text: str) -> list[object]:
    """One strict JSON document (:mod:`bakong_conformance.strict_json`), else strict JSON lines."""
    try:
        return [strict_json.loads(text)]
    except strict_json.JsonError:
        return [_json_line(line, number) for number, line in enumerate(text.split("\n"), 1) if line.strip()]


def _json_line(line: str, number: int) -> object:
    try:
        return strict_json.loads(line)
    except strict_json.JsonError as error:
        raise ConfigurationError(f"request line {number}: invalid JSON: {error.reason}") from error


def _object(document: object, number: int) -> JsonObject:
    if not isinstance(document, dict):
        raise ConfigurationError(f"request {number} is not a JSON object")
    return document


# --- catalogue listings ------------------------------------------------------------------------------------


def _cmd_defects(args: argparse.Namespace) -> int:
    """``defects``: name, description and violated requirement IDs of every reference defect switch."""
    from . import reference

    switches = reference.defects()
    if args.json:
        _emit_document([{"name": d.name, "description": d.description, "violates": list(d.violates)}
                        for d in switches])
    else:
        print(_table(("NAME", "VIOLATES", "DESCRIPTION"),
                     ((d.name, ", ".join(d.violates), d.description) for d in switches)))
    return EXIT_OK


def _cmd_requirements(args: argparse.Namespace) -> int:
    """``requirements``: the catalogue, as JSON or as an id/level/title table."""
    catalogue = list(requirements().values())
    if args.json:
        _emit_document([dataclasses.asdict(r) for r in catalogue])
    else:
        print(_table(("ID", "LEVEL", "TITLE"), ((r.id, r.level, r.title) for r in catalogue)))
    return EXIT_OK


# --- delegated commands ------------------------------------------------------------------------------------


def _cmd_certify(args: argparse.Namespace) -> int:
    """``certify``: the configuration and options to :func:`bakong_conformance.certify.run`."""
    from . import certify
    from .config import load_config, reference_config

    if args.config is not None and args.defects:
        raise ConfigurationError("--defect applies to the bundled reference participant; use defects = [...] "
                                 "in a configuration with reference = true")
    config = load_config(args.config) if args.config is not None else reference_config(args.defects)
    options = certify.Options(profile=args.profile, waivers=args.waivers, baseline=args.baseline,
                              progress=not args.quiet)
    return certify.run(config, args.out, options)


def _cmd_certificate_verify(args: argparse.Namespace) -> int:
    """``certificate verify``: exit 0 when the signature and every digest hold, 1 naming each problem.

    Every label printed comes from the folder, so it is printed through ``visible`` (controls as escapes).
    """
    from .certificate import load_public_key, verify_certificate

    if not args.folder.is_dir():
        raise ConfigurationError(f"{args.folder} is not a folder")
    key = load_public_key(args.public_key) if args.public_key is not None else None
    result = verify_certificate(args.folder, key)
    if args.json:
        print(json.dumps({"intact": result.ok, "trusted": result.trusted, "signer": result.signer,
                          "problems": result.problems}, ensure_ascii=True))
    else:
        _print_verification(result, args)
    return EXIT_OK if result.ok else EXIT_FAILED


def _print_verification(result: Verification, args: argparse.Namespace) -> None:
    """The human account of a :class:`~bakong_conformance.certificate.Verification`: what it proves, and not."""
    from .certificate import visible

    for problem in result.problems:
        print(visible(problem))
    if not result.ok:
        print(f"certificate NOT verified: {len(result.problems)} problem(s) in {visible(str(args.folder))}")
        return
    cert, signer = result.certificate, result.signer or {}
    print(f"certificate verified: {_label(cert, 'verdict')} for {_label(cert, 'participant', 'name')} "
          f"({_label(cert, 'participant', 'id')}), profile {_label(cert, 'profile')}, {len(cert['files'])} files "
          "intact")
    print(f"signed by {visible(result.fingerprint)}: {_label(signer, 'statement')}")
    if result.trusted and signer.get("kind") != "self-signed":
        print(f"signed by the holder of the key {visible(str(args.public_key))}; the certificate names its issuer "
              f"{_label(signer, 'name')}")
        return
    why = ("the certificate is self-signed (its key was made for the run and thrown away)"
           if signer.get("kind") == "self-signed"
           else "no --public-key was given, so the signature was checked with the key in the certificate itself")
    print(f"this proves the files are unchanged since the run; it does not prove who ran it: {why}")


def _label(document: Any, *path: str) -> str:
    """The value at ``path`` in a certificate's content, for a reader: controls escaped, absent shown as such."""
    from .certificate import visible

    for key in path:
        document = document.get(key) if isinstance(document, dict) else None
    if document is None:
        return "(not stated)"
    return visible(document if isinstance(document, str) else json.dumps(document, ensure_ascii=False))


def _cmd_certificate_keygen(args: argparse.Namespace) -> int:
    """``certificate keygen``: a new issuer key pair; refuses to overwrite a private key."""
    from .certificate import generate_pair

    try:
        print(generate_pair(args.private, args.public))
    except FileExistsError as error:
        raise ConfigurationError(f"{args.private} exists; a signing key is never overwritten") from error
    except OSError as error:
        raise ConfigurationError(f"cannot write the key pair: {error}") from error
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    """``sandbox serve``: serve the reference participant with the token from ``--token-env``."""
    token = _token(args.token_env)
    from . import reference

    return reference.serve(args.host, args.port, token, args.defects)


def _cmd_networks_serve(args: argparse.Namespace) -> int:
    """``networks serve``: the simulated Bakong and Alipay+ on loopback until interrupted (a non-loopback host:
    exit 2)."""
    from . import networks
    from .networks import DEFAULT_PARTICIPANT_ID, AlipayPlusSimulator, WallClock

    credential = None if args.credential_env is None else _token(args.credential_env)
    clock = WallClock()
    alipay = AlipayPlusSimulator(clock, _alipay_identity(args.alipay_plus_client_id, args.alipay_plus_public_key))
    if args.alipay_plus_key_out is not None:
        try:
            Path(args.alipay_plus_key_out).write_text(alipay.public_key_pem, encoding="ascii")
        except OSError as error:
            raise ConfigurationError(f"cannot write {args.alipay_plus_key_out}: {error.strerror}") from error
    line = (f"Alipay+ simulator on {{url}} (POST {{url}}/aps/api/v1/payments/<operation>, signed under Client-Id "
            f"{alipay.participant.client_id}; its public key: "
            f"{args.alipay_plus_key_out or 'pass --alipay-plus-key-out FILE to write it'})")
    return networks.serve(args.host, args.port, emails=args.emails, accounts=args.accounts,
                          participant_id=args.participant_id or DEFAULT_PARTICIPANT_ID, credential=credential,
                          beside=[(alipay, line)], clock=clock)


def _alipay_identity(client_id: str | None, public_key: str | None) -> Any:
    """The participant the simulated Alipay+ serves: the one named, else the bundled reference participant."""
    from .networks import ParticipantIdentity
    from .reference import ALIPAY_PLUS_CLIENT_ID, alipay_plus_public_key_pem

    try:
        pem = Path(public_key).read_text(encoding="ascii") if public_key else alipay_plus_public_key_pem()
        return ParticipantIdentity.of(client_id or ALIPAY_PLUS_CLIENT_ID, pem)
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigurationError(f"cannot read the Alipay+ public key {public_key}: {error}") from error
    except HarnessError as error:
        raise ConfigurationError(str(error)) from error


def _token(variable: str) -> str:
    """The value of environment variable ``variable``; ``ConfigurationError`` if unset or empty."""
    token = os.environ.get(variable, "")
    if not token:
        raise ConfigurationError(f"environment variable {variable} is unset or empty: set it to the token")
    return token


if __name__ == "__main__":
    raise SystemExit(main())
