"use strict";
/*
 * Differential-testing oracle: answers questions with the official SDK, bakong-khqr 1.0.20.
 *
 * stdin: one JSON object per line, either
 *   {"op": "generate", "kind": "individual"|"merchant", "now": <epoch ms>, ...SDK field names}
 *   {"op": "verify", "qr": <string>, "now": <epoch ms>}
 * stdout: one JSON object per input line, in input order:
 *   generate -> {"code", "errorCode", "message", "qr", "md5"}   qr/md5 null unless the SDK's qr is a string;
 *               "thrown" is added when the SDK throws instead of returning (e.g. an object as a name).
 *   verify   -> {"isValid", "errorCode"}   errorCode recovered from the SDK's internal decode validation;
 *               {"hang": true} when verify does not return within ORACLE_VERIFY_TIMEOUT_MS (default 2000):
 *               the SDK's sub-tag parser loops forever on some templates (khqr.md §1.3).
 *   anything else -> {"error": "..."}
 *
 * Date.now() is pinned to "now" for each item (the wall clock when "now" is absent). Verify runs in a
 * worker thread that is terminated and replaced when it overruns, so one hang never stalls the batch.
 */
const path = require("node:path");
const readline = require("node:readline");
const { Worker, isMainThread, parentPort } = require("node:worker_threads");

const SDK = "bakong-khqr";
const TIMEOUT_MS = Number(process.env.ORACLE_VERIFY_TIMEOUT_MS || 2000);
const realNow = Date.now.bind(Date);

function pinClock(now) {
    Date.now = typeof now === "number" ? () => now : realNow;
}

// --- verify (worker side) -----------------------------------------------------------------------------------
function verifyDetail(qr) {
    const { BakongKHQR } = require(SDK);
    const isValid = BakongKHQR.verify(qr).isValid;
    return { isValid, errorCode: isValid ? null : reasonCode(qr) };
}

// The code the SDK computes and then hides behind {isValid: false}: replays verify's own steps.
function reasonCode(qr) {
    const crc16 = require(path.join(SDK, "src/helper/crc16"));
    const decodeValidation = require(path.join(SDK, "src/controller/decodeValidation"));
    if (!/6304[A-Fa-f0-9]{4}$/.test(qr)) return null;
    if (crc16(qr.slice(0, -4)) !== qr.slice(-4).toUpperCase() || qr.length < 12) return 8;
    try {
        decodeValidation(qr);
        return null;
    } catch (error) {
        return error && error.status ? error.status.errorCode : null;
    }
}

function workerMain() {
    parentPort.on("message", (item) => {
        pinClock(item.now);
        let answer;
        try {
            answer = verifyDetail(item.qr);
        } catch (error) {
            answer = { isValid: false, errorCode: null, thrown: String(error) };
        }
        parentPort.postMessage(answer);
    });
}

// --- verify (main side): one worker, replaced after a hang ------------------------------------------------
let worker = null;

function verifyWithWatchdog(item) {
    worker = worker || new Worker(__filename);
    const current = worker;
    return new Promise((resolve) => {
        const finish = (answer) => {
            clearTimeout(timer);
            current.removeAllListeners("message");
            current.removeAllListeners("error");
            resolve(answer);
        };
        const timer = setTimeout(() => {
            worker = null;
            current.terminate();
            finish({ hang: true });
        }, TIMEOUT_MS);
        current.on("message", finish);
        current.on("error", (error) => {
            worker = null;
            finish({ error: String(error) });
        });
        current.postMessage({ qr: item.qr, now: item.now });
    });
}

// --- generate (main thread; the generator has no loops that depend on its input) ----------------------------
function buildInfo(kind, fields) {
    const { IndividualInfo, MerchantInfo } = require(SDK);
    const { bakongAccountID, merchantName, merchantCity, ...rest } = fields;
    if (kind === "merchant") {
        const { merchantID, acquiringBank, ...optional } = rest;
        return new MerchantInfo(bakongAccountID, merchantName, merchantCity, merchantID, acquiringBank, optional);
    }
    return new IndividualInfo(bakongAccountID, merchantName, merchantCity, rest);
}

function generate(item) {
    const { BakongKHQR } = require(SDK);
    const { op, kind, now, ...fields } = item;
    pinClock(now);
    try {
        const sdk = new BakongKHQR();
        const info = buildInfo(kind, fields);
        const result = kind === "merchant" ? sdk.generateMerchant(info) : sdk.generateIndividual(info);
        const data = result.data || {};
        const qr = typeof data.qr === "string" ? data.qr : null;
        const { code, errorCode, message } = result.status;
        return { code, errorCode, message, qr, md5: qr === null ? null : data.md5 };
    } catch (error) {
        return { code: null, errorCode: null, message: null, qr: null, md5: null, thrown: String(error) };
    } finally {
        pinClock(undefined);
    }
}

async function answer(line) {
    let item;
    try {
        item = JSON.parse(line);
    } catch (error) {
        return { error: `not JSON: ${error.message}` };
    }
    if (item && item.op === "generate") return generate(item);
    if (item && item.op === "verify") return verifyWithWatchdog(item);
    return { error: "op must be generate or verify" };
}

async function main() {
    const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
        if (line.trim() === "") continue;
        process.stdout.write(JSON.stringify(await answer(line)) + "\n");
    }
    if (worker) await worker.terminate();
}

if (isMainThread) {
    main().catch((error) => {
        process.stderr.write(`oracle failed: ${error && error.stack}\n`);
        process.exitCode = 1;
    });
} else {
    workerMain();
}
