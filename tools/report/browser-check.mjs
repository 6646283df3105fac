// Open a local page in Debian's headless Chromium and report what it did, as one JSON object on stdout.
//
//   node browser-check.mjs --url file:///.../index.html[#fragment] --wait-for CSS --screenshot OUT.png
//                          [--expand CSS]... [--count CSS]... [--timeout-ms 45000] [--width 1440] [--height 1000]
//   node browser-check.mjs --pages PAGES.json [--timeout-ms ...] [--width ...] [--height ...]
//
// --pages checks several pages with one launch of Chromium, one after the other, each in a fresh browser
// context: PAGES.json is an array of {"url", "waitFor", "screenshot", "count": [...], "expand": [...]}, and
// stdout is then an array of the objects described below, in the same order. --timeout-ms bounds launching
// Chromium, loading the page(s) and waiting for --wait-for, together.
//
// After --wait-for matched a visible element, each --expand selector in turn: click every matching element
// (a DOM click), again and again until none matches (at most 20 rounds) -- e.g. the arrows of collapsed tree
// nodes. Then the counts, the text and the screenshot are taken.
//
// stdout: {"requests": [...], "title": "...", "text": "...", "counts": {"CSS": n, ...}, "console_errors": [...]}
//   requests        every URL the page asked for that is not file:, data:, blob: or about: (each one aborted),
//                   plus every URL a Content-Security-Policy refused to load (the request never starts then)
//   text            document.body.innerText
//   counts          document.querySelectorAll(CSS).length for each --count
//   console_errors  console.error messages, uncaught page errors, CSP violations
// A full-page screenshot goes to --screenshot (also when waiting fails, to show what the page looked like).
// Exit 0 with the JSON; exit 1 with a message on stderr when the browser cannot start or the page never shows
// --wait-for. Chromium is $CHROMIUM or /usr/bin/chromium (Debian's package; `make setup` installs it):
// playwright-core drives it and never downloads a browser of its own.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const EXPAND_ROUNDS = 20;
const MAX_SHOT_HEIGHT = 16000;
const LOCAL_SCHEMES = new Set(["file:", "data:", "blob:", "about:"]);
// Headless in a container: no setuid sandbox as root, no GPU, /dev/shm is small; and none of the browser's
// own background traffic (updates, sync, field trials), so that every request recorded is the page's.
const CHROMIUM_ARGS = [
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-domain-reliability",
  "--disable-client-side-phishing-detection",
  "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
  "--metrics-recording-only",
];

function fail(message) {
  process.stderr.write(`browser-check: ${message}\n`);
  process.exit(1);
}

function options() {
  const { values } = parseArgs({
    options: {
      url: { type: "string" },
      "wait-for": { type: "string" },
      count: { type: "string", multiple: true, default: [] },
      expand: { type: "string", multiple: true, default: [] },
      screenshot: { type: "string" },
      pages: { type: "string" },
      "timeout-ms": { type: "string", default: "45000" },
      width: { type: "string", default: "1440" },
      height: { type: "string", default: "1000" },
    },
    strict: true,
  });
  if (values.pages) {
    if (values.url || values["wait-for"] || values.screenshot) fail("--pages replaces --url, --wait-for and --screenshot");
    return values;
  }
  for (const required of ["url", "wait-for", "screenshot"]) {
    if (!values[required]) fail(`--${required} is required`);
  }
  return values;
}

// The pages to check: the one given by --url/--wait-for/--count/--expand/--screenshot, or those in --pages.
function pagesOf(opts) {
  if (!opts.pages) {
    return [{ url: opts.url, waitFor: opts["wait-for"], count: opts.count, expand: opts.expand,
              screenshot: opts.screenshot }];
  }
  let pages;
  try {
    pages = JSON.parse(readFileSync(opts.pages, "utf8"));
  } catch (error) {
    fail(`cannot read --pages ${opts.pages}: ${error.message}`);
  }
  if (!Array.isArray(pages) || pages.length === 0) fail(`--pages ${opts.pages}: not a non-empty JSON array`);
  for (const page of pages) {
    for (const required of ["url", "waitFor", "screenshot"]) {
      if (typeof page?.[required] !== "string" || !page[required]) fail(`--pages: a page without "${required}"`);
    }
  }
  return pages.map((page) => ({ count: [], expand: [], ...page }));
}

// Click every element matching `selector` until none is left; the number of rounds it took.
async function expandAll(page, selector) {
  for (let round = 0; round < EXPAND_ROUNDS; round++) {
    const clicked = await page.evaluate((css) => {
      const found = [...document.querySelectorAll(css)];
      found.forEach((element) => element.click());
      return found.length;
    }, selector);
    if (clicked === 0) return round;
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  }
  throw new Error(`still matching after ${EXPAND_ROUNDS} rounds of clicks`);
}

// The report scrolls inside an element, not the page, so a "full page" screenshot would stop at the window:
// grow the window by what its scrolled elements hide (up to MAX_SHOT_HEIGHT) before taking it.
async function fitViewportToContent(page, width) {
  const height = await page.evaluate(() => {
    let hidden = 0;
    for (const element of document.querySelectorAll("*")) {
      const overflow = getComputedStyle(element).overflowY;
      if ((overflow === "auto" || overflow === "scroll") && element.scrollHeight > element.clientHeight) {
        hidden = Math.max(hidden, element.scrollHeight - element.clientHeight);
      }
    }
    return document.documentElement.clientHeight + hidden;
  });
  await page.setViewportSize({ width, height: Math.min(height, MAX_SHOT_HEIGHT) });
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

function isLocal(url) {
  try {
    return LOCAL_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

// A page that never showed what it was waited for (its screenshot saved, the browser closed).
class PageFailure extends Error {}

// Check one page in its own context of the running browser: what it rendered and what it tried to load.
// Throws a PageFailure when it never shows --wait-for.
async function checkPage(browser, spec, left, width, height) {
  const requests = [];
  const consoleErrors = [];
  const screenshot = resolve(spec.screenshot);
  mkdirSync(dirname(screenshot), { recursive: true });
  const context = await browser.newContext({
    viewport: { width, height },
    serviceWorkers: "block",
    acceptDownloads: false,
  });
  context.on("request", (request) => {
    if (!isLocal(request.url())) requests.push(request.url());
  });
  await context.route("**/*", (route) => (isLocal(route.request().url()) ? route.continue() : route.abort()));
  await context.routeWebSocket(/.*/, (ws) => {
    requests.push(ws.url());
    ws.close();
  });
  // A CSP-refused load never becomes a request: record the attempt as one.
  await context.exposeBinding("__browserCheckViolation", (_source, uri, directive) => {
    if (uri && !isLocal(uri) && !["inline", "eval", "wasm-eval"].includes(uri)) requests.push(uri);
    consoleErrors.push(`CSP violation: ${directive} refused ${uri}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__browserCheckViolation(event.blockedURI, event.violatedDirective);
    });
  });

  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
  let step = "loading the page";
  try {
    await page.goto(spec.url, { waitUntil: "load", timeout: left() });
    step = `waiting for ${spec.waitFor}`;
    await page.waitForSelector(spec.waitFor, { state: "visible", timeout: left() });
    for (const selector of spec.expand) {
      step = `expanding ${selector}`;
      await expandAll(page, selector);
    }
    await page.evaluate(() => document.fonts?.ready);
  } catch (error) {
    await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
    await browser.close();
    throw new PageFailure(`${spec.url}: ${step}: ${error.message.split("\n")[0]} (screenshot: ${screenshot})`);
  }
  const found = await page.evaluate(
    (selectors) => ({
      title: document.title,
      text: document.body ? document.body.innerText : "",
      counts: Object.fromEntries(selectors.map((s) => [s, document.querySelectorAll(s).length])),
    }),
    spec.count,
  );
  await fitViewportToContent(page, width);
  await page.screenshot({ path: screenshot, fullPage: true });
  await context.close();
  return {
    requests: [...new Set(requests)],
    title: found.title,
    text: found.text,
    counts: found.counts,
    console_errors: consoleErrors,
  };
}

async function main() {
  const opts = options();
  const pages = pagesOf(opts);
  const deadline = Date.now() + Number(opts["timeout-ms"]); // for launching, loading and waiting together
  const left = () => Math.max(1, deadline - Date.now());
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    fail(`Chromium not found at ${executablePath} (set CHROMIUM, or run \`make setup\`, which installs Debian's chromium)`);
  }

  let browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      chromiumSandbox: process.getuid?.() !== 0,
      args: CHROMIUM_ARGS,
      timeout: left(),
    });
  } catch (error) {
    fail(`cannot launch ${executablePath}: ${error.message}`);
  }
  const reports = [];
  try {
    for (const spec of pages) {
      try {
        reports.push(await checkPage(browser, spec, left, Number(opts.width), Number(opts.height)));
      } catch (error) {
        if (!(error instanceof PageFailure)) throw error;
        fail(error.message);
      }
    }
    process.stdout.write(`${JSON.stringify(opts.pages ? reports : reports[0])}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => fail(error.stack || String(error)));
