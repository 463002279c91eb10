// Browser test of the exctl web UI (driven by tests/e2e/browser_ui.sh).
// Headless Chromium from Debian through playwright-core: log in, screen a
// name and see an explained hit, record a decision, upload a batch and see
// progress and results, run a determination, look at the charts, switch
// language. Screenshots go to $ARTIFACTS.
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const require = createRequire(process.env.PLAYWRIGHT_DIR + "/");
const { chromium } = require("playwright-core");

const URL = process.env.EXCTL_URL;
const PASSWORD = process.env.EXCTL_PASSWORD;
const CSV = process.env.BATCH_CSV;
const ART = process.env.ARTIFACTS;
const PACKS = process.env.EXCTL_PACKS === "1";
fs.mkdirSync(ART, { recursive: true });

let failures = 0;
function check(cond, what) {
  if (!cond) { failures++; console.error("FAIL:", what); } else console.log("ok:", what);
}

const userDir = fs.mkdtempSync(path.join(os.tmpdir(), "exctl-chromium-"));
const ctx = await chromium.launchPersistentContext(userDir, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 900 },
  locale: "ja-JP",
});
const page = ctx.pages()[0] || await ctx.newPage();
page.setDefaultTimeout(20000);
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
// The UI must never reach outside this server.
const offsite = [];
page.on("request", (r) => { if (!r.url().startsWith(URL)) offsite.push(r.url()); });
const shot = (name) => page.screenshot({ path: path.join(ART, name + ".png"), fullPage: true });

try {
  await page.goto(URL);
  await page.waitForSelector("#login-form");
  check(await page.isVisible("#login-form"), "login form shown");
  await page.fill("#login-user", "admin");
  await page.fill("#login-password", "wrong-password");
  await page.click("#login-submit");
  await page.waitForFunction(() => document.getElementById("login-error").textContent.length > 0);
  check(true, "wrong password shows an error");
  await page.fill("#login-password", PASSWORD);
  await page.click("#login-submit");
  await page.waitForSelector("#nav:not([hidden])");
  check((await page.textContent("#whoami")).includes("admin"), "logged in as admin");
  await shot("01-logged-in");

  // Screening with an explained hit.
  await page.fill("#screen-name", "Banco Nacional de Cuba");
  await page.click("#screen-submit");
  await page.waitForSelector("#screen-summary");
  const hits = await page.$$(".hit");
  check(hits.length >= 1, "screening shows at least one hit");
  await page.click(".hit .why summary");
  const aligned = await page.$$eval(".hit .why table tr", (rows) => rows.length);
  check(aligned >= 2, "the hit's explanation lists aligned tokens");
  check((await page.textContent(".hit strong")).toUpperCase().includes("BANCO NACIONAL DE CUBA"),
    "best hit is the listed bank");
  await page.click(".hit .dec-false_positive");
  await page.waitForSelector(".hit .dec-state.false_positive");
  check(true, "false-positive decision is recorded and shown");
  await page.click("#screen-save");
  await page.waitForSelector("#screen-save:disabled");
  await shot("02-screening-explained");

  // The decision is remembered on the next screening of the same party.
  await page.fill("#screen-name", "banco nacional de cuba");
  await page.click("#screen-submit");
  await page.waitForSelector(".hit .dec-state.false_positive");
  check(true, "decision remembered on re-screening");

  // Batch upload with progress and results.
  await page.goto(URL + "/#batch");
  await page.setInputFiles("#batch-file", CSV);
  await page.waitForSelector("#batch-progress.finished", { timeout: 60000 });
  const expected = fs.readFileSync(CSV, "utf8").trim().split("\n").length - 1;
  const rows = await page.$$eval("#batch-table tr", (r) => r.length - 1);
  check(rows === expected, `batch table has ${expected} rows (got ${rows})`);
  check((await page.textContent("#batch-count")).includes(`${expected} / ${expected}`),
    "progress reaches the total");
  const alerts = await page.$$eval("#batch-table tr.alert", (r) => r.length);
  check(alerts >= 1 && alerts < expected, `batch flags some rows, not all (${alerts})`);
  await page.click("#batch-table tr.alert");
  await page.waitForSelector("#batch-table tr.detail .hit");
  await page.click("#batch-save");
  await shot("03-batch");

  // Determination: a real result when packs are loaded, else the unavailable notice.
  await page.goto(URL + "/#determine");
  await page.click("#determine-submit");
  if (PACKS) {
    await page.waitForSelector("#determine-outcome, #determine-error:not(:empty)");
    check(await page.isVisible("#determine-outcome"), "determination shows an outcome per item");
    check((await page.textContent("#determine-trace")).length > 0, "determination shows its trace");
  } else {
    await page.waitForFunction(() => document.getElementById("determine-error").textContent.length > 0);
    check((await page.textContent("#determine-error")).length > 0, "determination unavailable is reported");
  }
  await shot("04-determination");

  // Charts from the saved records.
  await page.goto(URL + "/#charts");
  await page.waitForTimeout(500);
  const drawn = await page.$eval("#chart-lists", (c) => c.width > 0 && !!window.Chart);
  check(drawn, "alerts chart drawn with the vendored Chart.js");
  await shot("05-charts");

  // Licensing workflow as an exporter: create a draft application.
  const csrf = (await ctx.cookies()).find((c) => c.name === "exctl_csrf").value;
  const made = await page.request.post(URL + "/v1/users", { headers: { "X-CSRF-Token": csrf },
    data: { username: "ellen", password: "ellen-pw-123", role: "exporter", org: "Ellen KK" } });
  check(made.status() === 201, "admin creates an exporter");
  await page.click("#logout");
  await page.waitForSelector("#page-login:not([hidden])");
  await page.fill("#login-user", "ellen");
  await page.fill("#login-password", "ellen-pw-123");
  await page.click("#login-submit");
  await page.waitForSelector("#nav:not([hidden])");
  check(await page.isHidden("#nav-admin"), "exporters see no admin page");
  await page.goto(URL + "/#cases");
  await page.waitForSelector("#page-cases:not([hidden]) #wf-form:not([hidden])");
  check(await page.isVisible("#wf-stages"), "licensing page shows the stages of an application");
  await page.fill("#wf-dest", "CN");
  await page.fill("#wf-ref", "PO-2026-001");
  await page.fill("#wf-g-desc", "Machine tool spindle");
  await page.fill("#wf-eu-name", "Example Trading Co.");
  await page.fill("#wf-end-use", "Production of car parts");
  await page.click("#wf-save");
  await page.waitForSelector("#wf-case-status");
  check((await page.textContent("#wf-case-status")) === "下書き", "exporter's draft case shown");
  check((await page.textContent("#wf-application")).includes("Example Trading Co."), "the draft shows its parties");
  check((await page.getAttribute('#wf-stages li.current', "data-stage")) === "application",
    "a draft is at the application stage");
  check(await page.isVisible("#wf-do-submit"), "the exporter is offered to submit the draft");
  check((await page.$$eval("#wf-table tr[data-case]", (r) => r.length)) === 1, "case list shows it");
  // The old address of the case-handling page leads to the same page.
  await page.goto(URL + "/#workflow");
  await page.waitForSelector("#page-cases:not([hidden])");
  check(await page.isVisible('nav a[href="#cases"].active'), "#workflow opens the licensing page");
  await shot("06-case");

  // Language switch.
  await page.goto(URL + "/#screen");
  const before = await page.textContent('nav a[href="#screen"]');
  await page.click("#lang");
  const after = await page.textContent('nav a[href="#screen"]');
  check(before !== after && [before, after].includes("Screening") && [before, after].includes("取引審査"),
    `language switch (${before} → ${after})`);
  const who = await page.textContent("#whoami");
  const roleWord = after === "Screening" ? "Exporter" : "輸出者";
  check(who.includes(roleWord), `role label follows the language (${who})`);
  await shot("07-language");
  check(errors.length === 0, "no script errors: " + errors.join("; "));
  check(offsite.length === 0, "no requests outside the server: " + offsite.join(", "));
} catch (e) {
  failures++;
  console.error("FAIL: exception", e);
  await shot("99-failure").catch(() => {});
} finally {
  await ctx.close();
  fs.rmSync(userDir, { recursive: true, force: true });
}
console.log(failures ? `${failures} failure(s)` : "browser_ui: all checks passed");
process.exit(failures ? 1 : 0);
