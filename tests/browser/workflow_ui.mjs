// Browser test of the case-handling page (web/cases.js), driven by
// tests/e2e/browser_workflow.sh. The admin creates an exporter, an examiner,
// an agency reviewer and a countersigner through the API; then in headless
// Chromium: the exporter fills in an application with an end user on the
// METI End User List and submits it; the examiner finds it in the queue with
// its end-user flag and screening hit, takes it, starts the review and refers
// it; the agency reviewer advises; the examiner decides; the countersigner
// countersigns; the examiner issues the licence and sees the statistics
// chart. Screenshots go to $ARTIFACTS/workflow-*.png.
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const require = createRequire(process.env.PLAYWRIGHT_DIR + "/");
const { chromium } = require("playwright-core");

const URL = process.env.EXCTL_URL;
const PASSWORD = process.env.EXCTL_PASSWORD;
const ART = process.env.ARTIFACTS;
fs.mkdirSync(ART, { recursive: true });

let failures = 0;
function check(cond, what) {
  if (!cond) { failures++; console.error("FAIL:", what); } else console.log("ok:", what);
}

// Users through the API as the admin.
async function adminSetup() {
  const r = await fetch(URL + "/v1/login", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "admin", password: PASSWORD }) });
  const d = await r.json();
  const cookie = r.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  for (const [username, role, org] of [["acme", "exporter", "Acme KK"], ["exam", "examiner", ""],
    ["meti", "agency_reviewer", "METI-SEC"], ["boss", "countersigner", ""]]) {
    const body = { username, password: `pw-${username}-123456`, role };
    if (org) body.org = org;
    const u = await fetch(URL + "/v1/users", { method: "POST", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", Cookie: cookie, "X-CSRF-Token": d.csrf_token } });
    check(u.ok, `admin creates ${username} (${u.status})`);
  }
}

const userDir = fs.mkdtempSync(path.join(os.tmpdir(), "exctl-chromium-wf-"));
const ctx = await chromium.launchPersistentContext(userDir, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 1000 },
  locale: "ja-JP",
});
const page = ctx.pages()[0] || await ctx.newPage();
page.setDefaultTimeout(20000);
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
const shot = (name) => page.screenshot({ path: path.join(ART, "workflow-" + name + ".png"), fullPage: true });

async function login(user) {
  await page.goto(URL + "/#workflow");
  await page.waitForSelector("#login-form:not([hidden]), #page-login:not([hidden])");
  await page.fill("#login-user", user);
  await page.fill("#login-password", `pw-${user}-123456`);
  await page.click("#login-submit");
  await page.waitForSelector("#nav:not([hidden])");
  await page.click('a[href="#workflow"]');
  await page.waitForSelector("#page-workflow:not([hidden])");
}
async function logout() {
  await page.click("#logout");
  await page.waitForSelector("#login-form");
}
const status = () => page.textContent("#wf-case-status");
async function waitStatus(label, what) {
  try {
    await page.waitForFunction((l) => {
      const e = document.getElementById("wf-case-status");
      return e && e.textContent === l;
    }, label);
    check(true, what);
  } catch (e) { check(false, `${what} (status: ${await status().catch(() => "?")})`); }
}

try {
  await adminSetup();

  // Exporter: a new application, submitted.
  await login("acme");
  check(await page.isVisible("#wf-form"), "exporter sees the application form");
  await page.fill("#wf-dest", "AE");
  await page.fill("#wf-ref", "PO-WEB-1");
  await page.fill("#wf-g-desc", "Corrosion-resistant valves");
  await page.fill("#wf-g-cls", "2(12)");
  await page.fill("#wf-g-qty", "10");
  await page.fill("#wf-g-value", "5000000");
  await page.fill("#wf-eu-name", "Emirates Alloys LLC");
  await page.fill("#wf-eu-country", "AE");
  await page.fill("#wf-end-use", "Spare valves for a desalination plant");
  await shot("01-exporter-form");
  await page.click("#wf-create-submit");
  await waitStatus("初期チェック済", "submitted case reaches initial checks");
  check((await page.textContent("#wf-case-flags")).includes("end_user_hit"), "end-user flag shown to the exporter");
  check((await page.textContent("#wf-screening")).includes("Emirates Alloys"), "server screening hit shown");
  await shot("02-exporter-submitted");
  await logout();

  // Examiner: the queue, the case, take it, review, refer.
  await login("exam");
  await page.waitForSelector("#wf-table tr[data-case]");
  check((await page.textContent("#wf-table")).includes("Acme KK"), "examiner sees the case in the list");
  await page.selectOption("#wf-queue", "enforcement");
  await page.waitForFunction(() => document.querySelectorAll("#wf-table tr[data-case]").length === 1);
  check(true, "the case is in the enforcement queue");
  await page.click("#wf-table tr[data-case]");
  await page.waitForSelector("#wf-case-status");
  check((await page.textContent("#wf-case-flags")).includes("end_user_hit"), "examiner sees the flags");
  await shot("03-examiner-queue");
  await page.click("#wf-do-take");
  await page.waitForSelector("#wf-do-review");
  await page.click("#wf-do-review");
  await waitStatus("審査中", "review started");
  await page.fill('#wf-do-refer input[name="agency"]', "METI-SEC");
  await page.fill('#wf-do-refer input[name="question"]', "End user on the EUL: views?");
  await page.click('#wf-do-refer button');
  await waitStatus("照会中", "case referred");
  await shot("04-examiner-referred");
  await logout();

  // Agency reviewer: advice.
  await login("meti");
  await page.waitForSelector("#wf-table tr[data-case]");
  await page.click("#wf-table tr[data-case]");
  await page.waitForSelector("#wf-do-advise");
  await page.selectOption('#wf-do-advise select[name="advice"]', "approve");
  await page.fill('#wf-do-advise input[name="reasons"]', "Civil end use verified");
  await page.click("#wf-do-advise button");
  await waitStatus("意見受領", "advice recorded");
  await logout();

  // Examiner decides; countersigner countersigns; examiner issues the licence.
  await login("exam");
  await page.waitForSelector("#wf-table tr[data-case]");
  await page.click("#wf-table tr[data-case]");
  await page.waitForSelector("#wf-do-decide");
  await page.selectOption('#wf-do-decide select[name="outcome"]', "approved");
  await page.fill('#wf-do-decide input[name="reasons"]', "Agency advice followed");
  await page.click("#wf-do-decide button");
  await waitStatus("決裁待ち", "decision awaits countersignature");
  await logout();
  await login("boss");
  await page.waitForSelector("#wf-table tr[data-case]");
  await page.click("#wf-table tr[data-case]");
  await page.waitForSelector("#wf-do-countersign");
  await page.click("#wf-do-countersign button");
  await waitStatus("決定済", "countersigned");
  await logout();
  await login("exam");
  await page.waitForSelector("#wf-table tr[data-case]");
  await page.click("#wf-table tr[data-case]");
  await page.waitForSelector("#wf-do-issue");
  await page.click("#wf-do-issue");
  await waitStatus("許可証発行済", "licence issued");
  await page.waitForSelector("#wf-licence");
  check((await page.textContent("#wf-licence")).includes("10"), "licence shows the quantity");
  await page.waitForSelector("#wf-stats:not([hidden])");
  check(await page.isVisible("#wf-chart"), "statistics chart shown");
  await shot("05-examiner-licence-stats");
  check(errors.length === 0, `no script errors (${errors.join("; ")})`);
} catch (e) {
  failures++;
  console.error("FAIL: exception:", e);
  await shot("99-failure").catch(() => {});
} finally {
  await ctx.close();
  fs.rmSync(userDir, { recursive: true, force: true });
}
console.log(failures ? `workflow_ui: ${failures} failure(s)` : "workflow_ui: all checks passed");
process.exit(failures ? 1 : 0);
