// Browser test of the licensing page (#cases, web/cases.js), driven by
// tests/e2e/browser_workflow.sh. The admin creates an exporter, an examiner,
// an agency reviewer and a countersigner through the API; then in headless
// Chromium, through the stages of an application (application → examination
// → referral → decision → licence → usage → appeal):
// the exporter fills in an application with an end user on the METI End
// User List and submits it, and saves a second one as a draft and submits
// that from the case view; the examiner finds the first in the queue with its
// end-user flag and screening hit, takes it, starts the review and refers it,
// and refuses the second; the agency reviewer advises; the examiner decides;
// the countersigner countersigns both; the examiner issues the licence and
// sees the statistics chart; the exporter records a shipment against the
// licence (balance shown) and appeals the refusal; the countersigner
// dismisses the appeal. Each role is offered only its own actions, the
// stage strip follows the case, and the page switches to English.
// Screenshots go to $ARTIFACTS/workflow-*.png.
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
  await page.goto(URL + "/#cases");
  await page.waitForSelector("#login-form:not([hidden]), #page-login:not([hidden])");
  await page.fill("#login-user", user);
  await page.fill("#login-password", `pw-${user}-123456`);
  await page.click("#login-submit");
  await page.waitForSelector("#nav:not([hidden])");
  await page.click('a[href="#cases"]');
  await page.waitForSelector("#page-cases:not([hidden])");
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
async function openCase(id) {
  await page.waitForSelector(`#wf-table tr[data-case="${id}"]`);
  await page.click(`#wf-table tr[data-case="${id}"]`);
  await page.waitForSelector(`#wf-case[data-case="${id}"] #wf-case-status`);
}
const stage = () => page.getAttribute("#wf-stages li.current", "data-stage");
const actionIds = () => page.$$eval("#wf-actions [id^=wf-do-]", (n) => n.map((e) => e.id).sort().join(","));

try {
  await adminSetup();

  // Exporter: a new application, submitted.
  await login("acme");
  check(await page.isVisible("#wf-form"), "exporter sees the application form");
  check(await page.isVisible("#wf-stages"), "the stages of an application are shown");
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
  const first = await page.getAttribute("#wf-case", "data-case");
  check((await page.textContent("#wf-case-flags")).includes("end_user_hit"), "end-user flag shown to the exporter");
  check((await page.textContent("#wf-screening")).includes("Emirates Alloys"), "server screening hit shown");
  check(await page.isVisible('#wf-stages li.done[data-stage="application"]'), "application stage marked done");
  check((await actionIds()) === "", "the exporter has nothing to do while the case is examined");
  await shot("02-exporter-submitted");
  // A second application: saved as a draft, then submitted from the case view.
  await page.fill("#wf-ref", "PO-WEB-2");
  await page.fill("#wf-eu-name", "Gulf Pumps Trading");
  await page.click("#wf-save");
  await waitStatus("下書き", "second application saved as a draft");
  const second = await page.getAttribute("#wf-case", "data-case");
  check(second !== first, "the draft is a new case");
  check((await stage()) === "application", "a draft is at the application stage");
  await page.click("#wf-do-submit");
  await waitStatus("初期チェック済", "the draft is submitted from the case view");
  await logout();

  // Examiner: the queue, the case, take it, review, refer; refuse the second.
  await login("exam");
  check(await page.isHidden("#wf-form"), "examiners get no application form");
  await page.waitForSelector("#wf-table tr[data-case]");
  check((await page.textContent("#wf-table")).includes("Acme KK"), "examiner sees the cases in the list");
  await page.selectOption("#wf-queue", "enforcement");
  await page.waitForFunction(() => document.querySelectorAll("#wf-table tr[data-case]").length === 1);
  check(true, "only the first case is in the enforcement queue");
  await openCase(first);
  check((await page.textContent("#wf-case-flags")).includes("end_user_hit"), "examiner sees the flags");
  await shot("03-examiner-queue");
  await page.click("#wf-do-take");
  await page.waitForSelector("#wf-do-review");
  await page.click("#wf-do-review");
  await waitStatus("審査中", "review started");
  check((await stage()) === "examination", "the case is at the examination stage");
  await page.fill('#wf-do-refer input[name="agency"]', "METI-SEC");
  await page.fill('#wf-do-refer input[name="question"]', "End user on the EUL: views?");
  await page.click('#wf-do-refer button');
  await waitStatus("照会中", "case referred");
  check((await stage()) === "referral", "the case is at the referral stage");
  await shot("04-examiner-referred");
  await page.selectOption("#wf-queue", "");
  await openCase(second);
  await page.click("#wf-do-take");
  await page.waitForSelector("#wf-do-review");
  await page.click("#wf-do-review");
  await waitStatus("審査中", "second case under review");
  await page.selectOption('#wf-do-decide select[name="outcome"]', "refused");
  await page.fill('#wf-do-decide input[name="reasons"]', "Diversion risk");
  await page.click("#wf-do-decide button");
  await waitStatus("決裁待ち", "the refusal awaits countersignature");
  check(await page.isVisible('#wf-stages li.skipped[data-stage="referral"]'), "an unreferred case skips the referral stage");
  await logout();

  // Agency reviewer: advice.
  await login("meti");
  await openCase(first);
  check((await page.$$eval("#wf-table tr[data-case]", (r) => r.length)) === 1, "the agency sees only the case referred to it");
  check((await actionIds()) === "wf-do-advise", "the agency reviewer is offered only advice");
  await page.selectOption('#wf-do-advise select[name="advice"]', "approve");
  await page.fill('#wf-do-advise input[name="reasons"]', "Civil end use verified");
  await page.click("#wf-do-advise button");
  await waitStatus("意見受領", "advice recorded");
  await logout();

  // Examiner decides; countersigner countersigns both; examiner issues the licence.
  await login("exam");
  await openCase(first);
  await page.selectOption('#wf-do-decide select[name="outcome"]', "approved");
  await page.fill('#wf-do-decide input[name="reasons"]', "Agency advice followed");
  await page.click("#wf-do-decide button");
  await waitStatus("決裁待ち", "decision awaits countersignature");
  check((await stage()) === "decision", "the case is at the decision stage");
  await logout();
  await login("boss");
  for (const id of [first, second]) {
    await openCase(id);
    check((await actionIds()) === "wf-do-countersign,wf-do-return", `countersigner offered countersign/return on #${id}`);
    await page.click("#wf-do-countersign button");
    await waitStatus("決定済", `#${id} countersigned`);
  }
  await logout();
  await login("exam");
  await openCase(first);
  await page.click("#wf-do-issue");
  await waitStatus("許可証発行済", "licence issued");
  await page.waitForSelector("#wf-licence");
  check((await page.textContent("#wf-licence")).includes("10"), "licence shows the quantity");
  check((await stage()) === "usage", "with a licence the case is at the usage stage");
  check((await actionIds()) === "wf-do-revoke,wf-do-suspend", "examiner offered suspend/revoke on a live licence");
  await page.waitForSelector("#wf-stats:not([hidden])");
  check(await page.isVisible("#wf-chart"), "statistics chart shown");
  await shot("05-examiner-licence-stats");
  await logout();

  // Exporter: a shipment against the licence; an appeal against the refusal.
  await login("acme");
  await openCase(first);
  await page.fill('#wf-do-usage input[name="quantity"]', "4");
  await page.fill('#wf-do-usage input[name="value"]', "2000000");
  await page.fill('#wf-do-usage input[name="ref"]', "SHIP-1");
  await page.click("#wf-do-usage button");
  await page.waitForSelector("#wf-usage li");
  check((await page.textContent("#wf-usage")).includes("SHIP-1"), "the shipment is listed under usage");
  check((await page.$$eval("#wf-licence tr td", (c) => c.map((x) => x.textContent))).includes("6"),
    "the licence balance drops to 6");
  check(await page.isVisible('#wf-stages li.done[data-stage="usage"]'), "usage stage marked done");
  await shot("06-exporter-usage");
  await openCase(second);
  check((await page.textContent("#wf-case-outcome")).includes("不許可"), "the exporter sees the refusal");
  await page.fill('#wf-do-appeal input[name="grounds"]', "The end user is a civil utility");
  await page.click("#wf-do-appeal button");
  await waitStatus("不服申立て中", "refusal appealed");
  check((await stage()) === "appeal", "the case is at the appeal stage");
  await logout();

  // Countersigner: the appeal is dismissed; the page in English.
  await login("boss");
  await openCase(second);
  await page.selectOption('#wf-do-resolve select[name="upheld"]', "0");
  await page.fill('#wf-do-resolve input[name="reasons"]', "No new facts");
  await page.click("#wf-do-resolve button");
  await waitStatus("決定済", "appeal dismissed, the refusal stands");
  check((await page.textContent("#wf-appeal")).includes("棄却"), "the resolution is shown");
  check(await page.isVisible('#wf-stages li.done[data-stage="appeal"]'), "appeal stage marked done");
  await page.click("#lang");
  await waitStatus("Decided", "status label follows the language switch");
  check((await page.textContent('#wf-stages li[data-stage="appeal"]')).includes("Appeal"), "stage labels in English");
  check((await page.textContent("#wf-appeal")).includes("Dismissed"), "case view redrawn in English");
  await shot("07-countersigner-appeal-en");
  await page.click("#lang");
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
