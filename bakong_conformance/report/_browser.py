"""Open a local page in headless Chromium and report what it rendered and what it tried to load.

A thin wrapper around ``tools/report/browser-check.mjs`` (playwright-core, pinned in
``tools/report/package-lock.json``, driving Debian's ``chromium``; ``make setup`` installs both). Used to check
the rendered report the way a reader sees it: from ``file://``, with every non-local request recorded and
aborted. Chromium is ``$CHROMIUM`` or ``/usr/bin/chromium``. :func:`open_in_chromium` checks one page;
:func:`open_pages_in_chromium` checks several with one launch of Chromium (each page in a fresh context).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bakong_conformance.errors import HarnessError

__all__ = ["BrowserPage", "PageCheck", "open_in_chromium", "open_pages_in_chromium"]

_TOOL_DIR = Path(__file__).resolve().parents[2] / "tools" / "report"
_SCRIPT = "browser-check.mjs"
_DRIVER = Path("node_modules", "playwright-core", "package.json")
_STDERR_TAIL = 2000
_TEARDOWN_S = 3.0  # kept from the script's own budget: a screenshot and closing the browser after a failed wait


@dataclass(frozen=True)
class BrowserPage:
    """What Chromium showed for one page.

    ``requests`` are the URLs the page asked for that are not ``file:``, ``data:``, ``blob:`` or ``about:``
    (each was aborted), including loads its Content-Security-Policy refused; ``text`` is
    ``document.body.innerText``; ``counts`` maps each ``count`` selector to its number of matches;
    ``console_errors`` holds console errors, uncaught exceptions and CSP violations.
    """

    requests: tuple[str, ...]
    title: str
    text: str
    counts: Mapping[str, int]
    console_errors: tuple[str, ...]


@dataclass(frozen=True)
class PageCheck:
    """One page for :func:`open_pages_in_chromium`, with the meaning of :func:`open_in_chromium`'s arguments."""

    page: Path
    wait_for: str
    screenshot: Path
    count: Sequence[str] = ()
    fragment: str = ""
    expand: Sequence[str] = ()

    def url(self) -> str:
        """The ``file://`` URL opened, with the fragment."""
        return self.page.resolve().as_uri() + (f"#{self.fragment}" if self.fragment else "")


def open_in_chromium(
    page: Path,
    *,
    wait_for: str,
    count: Sequence[str] = (),
    screenshot: Path,
    timeout_s: float = 60,
    fragment: str = "",
    expand: Sequence[str] = (),
) -> BrowserPage:
    """Open ``page`` (a local file) from ``file://`` in headless Chromium and return what it rendered.

    Waits until an element matching the CSS selector ``wait_for`` is visible; then, for each selector of
    ``expand`` in turn, clicks every matching element again and again until none matches (to open collapsed
    tree nodes; at most 20 rounds); then counts the matches of each ``count`` selector and saves a full-page
    screenshot to ``screenshot`` (also when waiting fails). ``fragment`` (without ``#``) is appended to the
    URL, e.g. a hash route. The whole run is killed after ``timeout_s`` seconds.

    Raises :class:`HarnessError` (with the tail of the browser tool's stderr) when node, the driver or Chromium
    is missing, the browser fails, the selector never shows, or the time is up.
    """
    return open_pages_in_chromium([PageCheck(page, wait_for, screenshot, count, fragment, expand)],
                                  timeout_s=timeout_s)[0]


def open_pages_in_chromium(checks: Sequence[PageCheck], *, timeout_s: float = 120) -> list[BrowserPage]:
    """Open every page of ``checks`` as :func:`open_in_chromium` would, one after the other, with one launch of
    Chromium (each page in a fresh browser context); what each rendered, in order. ``timeout_s`` bounds the
    whole run; the first page that never shows what it waits for ends it with :class:`HarnessError`, as do the
    other causes :func:`open_in_chromium` names.
    """
    node = _ready(checks)
    specs = [{"url": c.url(), "waitFor": c.wait_for, "screenshot": str(c.screenshot.resolve()),
              "count": list(c.count), "expand": list(c.expand)} for c in checks]
    where = checks[0].url() if len(checks) == 1 else f"{len(checks)} pages"
    with tempfile.TemporaryDirectory(prefix="browser-check-") as folder:
        pages = Path(folder) / "pages.json"
        pages.write_text(json.dumps(specs), encoding="utf-8")
        argv = [node, str(_TOOL_DIR / _SCRIPT), "--pages", str(pages),
                "--timeout-ms", str(_script_budget_ms(timeout_s))]
        found = _last_line(_run(argv, timeout_s), where)
    if not isinstance(found, list) or len(found) != len(checks):
        raise HarnessError(f"the browser check printed no usable result for {where}")
    return [_page(item, check.url()) for item, check in zip(found, checks, strict=True)]


def _ready(checks: Sequence[PageCheck]) -> str:
    """The ``node`` to run the tool with; HarnessError when node, the driver or a page is missing."""
    node = shutil.which("node")
    if node is None:
        raise HarnessError("cannot open the page in Chromium: `node` is not on PATH. Run `make setup`.")
    if not (_TOOL_DIR / _DRIVER).is_file():
        raise HarnessError(f"playwright-core is not installed in {_TOOL_DIR}. Run `make setup`.")
    if not checks:
        raise HarnessError("no page to open")
    for check in checks:
        if not check.page.is_file():
            raise HarnessError(f"no page to open: {check.page}")
    return node


def _script_budget_ms(timeout_s: float) -> int:
    """The script's own time for launching, loading and waiting, so that it can still explain a timeout."""
    return int(max(timeout_s - _TEARDOWN_S, timeout_s / 2) * 1000)


def _run(argv: list[str], timeout_s: float) -> subprocess.CompletedProcess[str]:
    """Run the browser tool in its own process group; kill the group (Chromium too) when time is up."""
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"}
    try:
        process = subprocess.Popen(argv, cwd=_TOOL_DIR, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, errors="replace", start_new_session=True)
    except OSError as exc:
        raise HarnessError(f"cannot run {argv[0]}: {exc}. Run `make setup`.") from exc
    try:
        stdout, stderr = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired as exc:
        _kill_group(process)
        _, stderr = process.communicate()
        raise HarnessError(f"Chromium did not finish within {timeout_s:g} s:\n{_tail(stderr)}") from exc
    finally:
        if process.poll() is None:  # interrupted (e.g. KeyboardInterrupt): leave no browser behind
            _kill_group(process)
            process.wait()
    if process.returncode != 0:
        raise HarnessError(f"the browser check failed (exit {process.returncode}):\n{_tail(stderr)}")
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)


def _kill_group(process: subprocess.Popen[str]) -> None:
    """SIGKILL the tool's whole process group (node and the Chromium processes it started)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _last_line(done: subprocess.CompletedProcess[str], url: str) -> Any:
    """The tool's last line of output, parsed; HarnessError if it is not JSON."""
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError) as exc:
        raise HarnessError(f"the browser check printed no usable result for {url}: {exc}\n"
                           f"{_tail(done.stderr or done.stdout)}") from exc


def _page(data: Any, url: str) -> BrowserPage:
    """One page's JSON object as a :class:`BrowserPage`; HarnessError if it is not what the tool promises."""
    try:
        return BrowserPage(
            requests=tuple(str(item) for item in data["requests"]),
            title=str(data["title"]),
            text=str(data["text"]),
            counts={str(key): int(value) for key, value in data["counts"].items()},
            console_errors=tuple(str(item) for item in data["console_errors"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise HarnessError(f"the browser check printed no usable result for {url}: {exc}") from exc


def _tail(text: str) -> str:
    """The last part of what the tool printed."""
    return text.strip()[-_STDERR_TAIL:] or "(nothing printed)"
