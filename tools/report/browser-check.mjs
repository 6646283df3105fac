// Open a local page in Debian's headless Chromium and report what it did, as one JSON object on stdout.
//
//   node browser-check.mjs --url file:///.../index.html[#fragment] --wait-for CSS --screenshot OUT.png
//                          [--count CSS]... [--timeout-ms 45000] [--width 1440] [--height 1000]
//
// stdout: {"requests": [...], "title": "...", "text": "...", "counts": {"CSS": n, ...}, "console_errors": [...]}
//   requests        every URL the page asked for that is not file:, data:, blob: or about: (each one aborted),
//                   plus every URL a Content-Security-Policy refused to load (the request never starts then)
//   text            document.body.innerText once --wait-for matched a visible element
//   counts          document.querySelectorAll(CSS).length for each --count
//   console_errors  console.error messages, uncaught page errors, CSP violations
// A full-page screenshot goes to --screenshot (also when waiting fails, to show what the page looked like).
// Exit 0 with the JSON; exit 1 with a message on stderr when the browser cannot start or the page never shows
// --wait-for. Chromium is $CHROMIUM or /usr/bin/chromium (Debian's package; `make setup` installs it):
// playwright-core drives it and never downloads a browser of its own.
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

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
      screenshot: { type: "string" },
      "timeout-ms": { type: "string", default: "45000" },
      width: { type: "string", default: "1440" },
      height: { type: "string", default: "1000" },
    },
    strict: true,
  });
  for (const required of ["url", "wait-for", "screenshot"]) {
    if (!values[required]) fail(`--${required} is required`);
  }
  return values;
}

function isLocal(url) {
  try {
    return LOCAL_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

async function main() {
  const opts = options();
  const timeout = Number(opts["timeout-ms"]);
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    fail(`Chromium not found at ${executablePath} (set CHROMIUM, or run \`make setup\`, which installs Debian's chromium)`);
  }
  const requests = [];
  const consoleErrors = [];
  const screenshot = resolve(opts.screenshot);
  mkdirSync(dirname(screenshot), { recursive: true });

  let browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      chromiumSandbox: process.getuid?.() !== 0,
      args: CHROMIUM_ARGS,
      timeout,
    });
  } catch (error) {
    fail(`cannot launch ${executablePath}: ${error.message}`);
  }
  try {
    const context = await browser.newContext({
      viewport: { width: Number(opts.width), height: Number(opts.height) },
      serviceWorkers: "block",
      acceptDownloads: false,
    });
    context.setDefaultTimeout(timeout);
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
    try {
      await page.goto(opts.url, { waitUntil: "load" });
      await page.waitForSelector(opts["wait-for"], { state: "visible" });
      await page.evaluate(() => document.fonts?.ready);
    } catch (error) {
      await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
      fail(`${opts.url}: ${error.message.split("\n")[0]} (screenshot: ${screenshot})`);
    }
    const found = await page.evaluate(
      (selectors) => ({
        title: document.title,
        text: document.body ? document.body.innerText : "",
        counts: Object.fromEntries(selectors.map((s) => [s, document.querySelectorAll(s).length])),
      }),
      opts.count,
    );
    await page.screenshot({ path: screenshot, fullPage: true });
    const report = {
      requests: [...new Set(requests)],
      title: found.title,
      text: found.text,
      counts: found.counts,
      console_errors: consoleErrors,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => fail(error.stack || String(error)));
