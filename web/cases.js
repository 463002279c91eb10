/* exctl web UI: the licensing page (#cases, 許可申請), one page for the whole
 * life of a licence application over the workflow routes (/v1/cases,
 * /v1/cases/{id}/..., /v1/alerts, /v1/stats):
 *
 *   application → examination → referral → decision → licence → usage → appeal
 *
 * A strip of these stages tops the page and, for the case on screen, marks
 * the stages passed, the current one and who acts next. Each role sees its
 * own part: the exporter the application form, its own cases, shipments
 * against a licence and appeals; the examiner the queues, review, referral,
 * decision, licence issue and suspension; the agency reviewer its referrals;
 * the countersigner countersignature and appeals; the admin assignment,
 * suspension and appeals. What a user may do is decided by the server (the
 * workflow's role x action matrix); the buttons offered per role and status
 * only spare the user a refused request.
 *
 * Kept apart from app.js so the two can change independently: app.js shows
 * and hides the section; this file renders it when it becomes visible and
 * again when the language changes. Every server value goes in through
 * textContent. */
"use strict";
(function () {
  const I18N = window.EXCTL_I18N;
  const lang = () => (document.documentElement.lang === "en" ? "en" : "ja");
  const t = (k) => (I18N[lang()] && I18N[lang()][k]) || I18N.en[k] || k;
  /* A label for a value the server may extend (party roles, history actions). */
  const tOr = (k, raw) => (I18N[lang()] && I18N[lang()][k]) || I18N.en[k] || raw;
  const $ = (id) => document.getElementById(id);
  let me = null;
  let current = null;   // id of the case on screen
  let chart = null;

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of kids.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return e;
  }
  /* An element whose text follows the language (app.js rewrites [data-i18n]). */
  const tx = (tag, key, attrs) => el(tag, Object.assign({ "data-i18n": key }, attrs || {}), t(key));
  function csrf() {
    const m = document.cookie.match(/(?:^|;\s*)exctl_csrf=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : null;
  }
  async function api(method, path, body) {
    const h = {};
    if (method !== "GET") { h["Content-Type"] = "application/json"; body = body || {}; }
    const c = csrf();
    if (method !== "GET" && c) h["X-CSRF-Token"] = c;
    const r = await fetch(path, { method, headers: h, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body) });
    let doc = null;
    try { doc = await r.json(); } catch (e) { doc = null; }
    if (!r.ok) {
      const err = new Error((doc && doc.error && doc.error.message) || r.statusText);
      err.status = r.status;
      err.code = doc && doc.error && doc.error.code;
      throw err;
    }
    return doc;
  }
  const role = () => (me ? me.role : "");
  const staff = () => ["examiner", "admin", "countersigner"].includes(role());
  const stLabel = (s) => t("st." + s);

  /* --- the stages of an application --------------------------------------------------- */
  const STAGES = ["application", "examination", "referral", "decision", "licence", "usage", "appeal"];
  /* The stage a status belongs to. */
  const STAGE_OF = {
    draft: "application", submitted: "examination", initial_checks: "examination",
    under_review: "examination", referred: "referral", advice_received: "referral",
    countersign: "decision", decided: "decision", appealed: "appeal",
    licence_issued: "usage", suspended: "licence", revoked: "licence", expired: "licence"
  };
  /* Who acts next, by status (and outcome): a key of wf.next.*. */
  function nextOf(c) {
    switch (c.status) {
      case "draft": return "exporter_submit";
      case "submitted": return "system_checks";
      case "initial_checks": return "examiner_review";
      case "under_review": return "examiner_decide";
      case "referred": return "agency_advise";
      case "advice_received": return "examiner_decide";
      case "countersign": return "countersigner";
      case "decided": return c.outcome === "refused" ? "exporter_appeal" : "examiner_issue";
      case "appealed": return "appeal_resolution";
      case "licence_issued": return "exporter_ship";
      case "suspended": return "examiner_reinstate";
      default: return "closed";
    }
  }
  /* Stages this case has passed, from its history (a referral or an appeal
   * that never happened is "skipped", not "done"). */
  function stagesDone(c) {
    const acts = new Set((c.history || []).map((h) => h.action));
    const done = new Set();
    if (acts.has("submit")) done.add("application");
    if (acts.has("start_review")) done.add("examination");
    if (acts.has("advise") || (c.referrals || []).some((r) => r.status === "answered")) done.add("referral");
    if (acts.has("countersign") || (c.decision && !c.decision.countersign_required && acts.has("decide"))) done.add("decision");
    if (c.licence) done.add("licence");
    if (c.licence && (c.licence.usage || []).length) done.add("usage");
    if (c.appeal && c.appeal.resolution) done.add("appeal");
    return done;
  }
  function stageStrip(c) {
    const cur = c ? STAGE_OF[c.status] : null;
    const done = c ? stagesDone(c) : new Set();
    const ol = el("ol", { class: "stages", id: "wf-stages" });
    for (const s of STAGES) {
      let cls = "stage";
      if (c) {
        if (done.has(s)) cls += " done";
        if (s === cur && !["revoked", "expired"].includes(c.status)) cls += " current";
        else if (!done.has(s) && STAGES.indexOf(s) < STAGES.indexOf(cur)) cls += " skipped";
      }
      ol.appendChild(el("li", { class: cls, "data-stage": s }, tx("span", "wf.stage." + s)));
    }
    return ol;
  }

  /* --- page skeleton ----------------------------------------------------------------- */
  function field(key, input, attrs) { return el("label", attrs || {}, tx("span", key), input); }
  function build() {
    const page = $("page-cases");
    const form = el("form", { id: "wf-form", class: "card", hidden: "" },
      tx("h2", "wf.new"),
      el("div", { class: "row" },
        field("wf.type", el("select", { id: "wf-type" },
          tx("option", "wf.individual", { value: "individual" }),
          tx("option", "wf.bulk", { value: "bulk" }))),
        field("wf.destination", el("input", { id: "wf-dest", size: "4", maxlength: "2", required: "", placeholder: "AE" })),
        field("wf.reference", el("input", { id: "wf-ref", maxlength: "100" }), { class: "grow" })),
      tx("h3", "wf.goods"),
      el("div", { class: "row" },
        field("wf.description", el("input", { id: "wf-g-desc", required: "" }), { class: "grow" }),
        field("wf.classification", el("input", { id: "wf-g-cls", size: "10", placeholder: "2(12)" })),
        field("wf.quantity", el("input", { id: "wf-g-qty", type: "number", min: "1", value: "1", required: "" })),
        field("wf.unit", el("input", { id: "wf-g-unit", size: "5", value: "pcs" })),
        field("wf.value", el("input", { id: "wf-g-value", type: "number", min: "0", value: "0" }))),
      tx("h3", "wf.parties"),
      el("div", { class: "row" },
        field("wf.end_user", el("input", { id: "wf-eu-name", required: "" }), { class: "grow" }),
        field("wf.country", el("input", { id: "wf-eu-country", size: "4", maxlength: "2" })),
        field("wf.consignee", el("input", { id: "wf-cn-name" }), { class: "grow" }),
        field("wf.country", el("input", { id: "wf-cn-country", size: "4", maxlength: "2" }))),
      el("div", { class: "row" },
        field("wf.end_use", el("input", { id: "wf-end-use", required: "" }), { class: "grow" }),
        tx("button", "wf.save", { type: "button", id: "wf-save", onclick: () => create(false) }),
        tx("button", "wf.create_submit", { type: "submit", id: "wf-create-submit" })),
      el("p", { class: "error", id: "wf-error" }));
    form.addEventListener("submit", (ev) => { ev.preventDefault(); create(true); });
    page.append(
      el("div", { class: "card", id: "wf-intro" },
        tx("h2", "cases.title"),
        el("p", { class: "muted", id: "wf-role-help" }),
        el("div", { id: "wf-stages-box" }, stageStrip(null))),
      form,
      el("div", { class: "card", id: "wf-tools" },
        el("div", { class: "row" },
          tx("h2", "wf.cases", { class: "grow" }),
          el("label", { id: "wf-queue-label" }, tx("span", "wf.queue"),
            el("select", { id: "wf-queue", onchange: () => loadList() }, tx("option", "wf.all", { value: "" }))),
          tx("button", "wf.refresh", { type: "button", id: "wf-refresh", onclick: () => load() }),
          tx("button", "wf.rescreen", { type: "button", id: "wf-rescreen", hidden: "", onclick: rescreen })),
        el("p", { class: "muted", id: "wf-msg" })),
      el("div", { class: "split" }, el("div", { id: "wf-list" }), el("div", { id: "wf-case" })),
      el("div", { class: "card", id: "wf-stats", hidden: "" },
        tx("h2", "wf.stats"), el("canvas", { id: "wf-chart", height: "110" }), el("div", { id: "wf-stats-text" })));
    new MutationObserver(() => { if (!page.hidden) load(); })
      .observe(page, { attributes: true, attributeFilter: ["hidden"] });
    /* A language switch redraws what was built from server data. */
    new MutationObserver(() => { if (!page.hidden && me) redraw(); })
      .observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
  }

  /* --- loading ----------------------------------------------------------------------- */
  async function load() {
    const before = me && me.username;
    try { me = await api("GET", "/v1/me"); me = me.user || me; } catch (e) { return; }
    if (me.username !== before) {   /* another user logged in: forget the last one's view */
      current = null;
      $("wf-case").textContent = "";
      $("wf-case").removeAttribute("data-case");
      $("wf-stages-box").replaceChildren(stageStrip(null));
      $("wf-msg").textContent = "";
    }
    $("wf-form").hidden = role() !== "exporter";
    $("wf-rescreen").hidden = !["examiner", "admin"].includes(role());
    $("wf-queue-label").hidden = !staff();
    $("wf-role-help").textContent = t("wf.help." + role());
    await loadList();
    if (staff()) loadStats(); else $("wf-stats").hidden = true;
    if (current) await showCase(current);
  }
  async function redraw() {
    $("wf-role-help").textContent = t("wf.help." + role());
    $("wf-msg").textContent = "";
    await loadList();
    if (staff()) loadStats();
    if (current) await showCase(current);
    else $("wf-stages-box").replaceChildren(stageStrip(null));
  }
  async function loadList() {
    const out = $("wf-list");
    const q = $("wf-queue").value;
    try {
      const d = await api("GET", "/v1/cases/list" + (q ? "?queue=" + encodeURIComponent(q) : ""));
      out.textContent = "";
      if (!d.cases.length) { out.appendChild(el("p", { class: "muted" }, t("wf.none"))); return; }
      out.appendChild(el("table", { id: "wf-table" },
        el("tr", {}, el("th", {}, "#"), el("th", {}, t("wf.org")), el("th", {}, t("wf.destination")),
          el("th", {}, t("wf.status")), el("th", {}, t("wf.queue")), el("th", {}, t("wf.flags"))),
        d.cases.map((c) => el("tr", { class: "clickable" + (c.id === current ? " selected" : ""),
          "data-case": String(c.id), onclick: () => showCase(c.id) },
          el("td", {}, String(c.id)), el("td", {}, c.org || ""), el("td", {}, c.destination || ""),
          el("td", {}, el("strong", {}, stLabel(c.status))), el("td", {}, c.queue || ""),
          el("td", {}, (c.flags || []).map((f) => el("span", { class: "badge flag" }, f, " ")))))));
    } catch (e) {
      out.textContent = e.code === "unavailable" ? t("unavailable") : `${t("error")}: ${e.message}`;
    }
  }
  async function loadStats() {
    try {
      const s = await api("GET", "/v1/stats");
      $("wf-stats").hidden = false;
      const labels = Object.keys(s.by_status || {});
      const data = labels.map((k) => s.by_status[k]);
      if (window.Chart) {
        if (chart) chart.destroy();
        chart = new window.Chart($("wf-chart"), { type: "bar",
          data: { labels: labels.map(stLabel), datasets: [{ label: t("wf.by_status"), data, backgroundColor: "#3b6ea5" }] },
          options: { animation: false, plugins: { legend: { display: true } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });
      }
      const txt = $("wf-stats-text");
      txt.textContent = "";
      const qs = Object.entries(s.processing || {});
      txt.appendChild(el("table", {}, el("tr", {}, el("th", {}, t("wf.queue")), el("th", {}, t("wf.sla_days")),
        el("th", {}, t("wf.decided")), el("th", {}, t("wf.mean_days")), el("th", {}, t("wf.service_level"))),
        qs.map(([q, p]) => el("tr", {}, el("td", {}, q), el("td", {}, String(p.service_level_days)),
          el("td", {}, String(p.decided)), el("td", {}, p.mean_days == null ? "—" : String(p.mean_days)),
          el("td", {}, p.service_level_rate == null ? "—" : Math.round(p.service_level_rate * 100) + "%")))));
      const sc = s.screening || {};
      txt.appendChild(el("p", { class: "muted", id: "wf-alert-rate" },
        `${t("wf.alert_rate")}: ${sc.with_hits || 0}/${sc.submitted || 0}`));
      const sel = $("wf-queue");
      if (sel.options.length === 1) for (const q of Object.keys(s.processing || {})) sel.appendChild(el("option", { value: q }, q));
    } catch (e) { $("wf-stats").hidden = true; }
  }

  /* --- one case ------------------------------------------------------------------------ */
  function section(title, attrs, ...kids) { return el("div", Object.assign({ class: "card" }, attrs || {}), el("h3", {}, title), ...kids); }
  function showError(e) { $("wf-msg").textContent = `${t("error")}: ${e.message}`; }
  async function act(path, body) {
    $("wf-msg").textContent = "";
    try {
      await api("POST", `/v1/cases/${current}/${path}`, body);
      $("wf-msg").textContent = t("wf.done");
      await loadList();
      await showCase(current);
      if (staff()) loadStats();
    } catch (e) { showError(e); }
  }
  function miniForm(id, label, inputs, submit) {
    const f = el("form", { class: "row", id }, inputs, el("button", { type: "submit" }, label));
    f.addEventListener("submit", (ev) => { ev.preventDefault(); submit(f); });
    return f;
  }
  const inp = (name, ph, attrs) => el("input", Object.assign({ name, placeholder: ph }, attrs || {}));
  const lines = (s) => s.split("\n").map((x) => x.trim()).filter(Boolean);
  const reasonsForm = (id, label, action) => miniForm(id, label, [inp("reasons", t("wf.reasons"), { required: "", class: "grow" })],
    (f) => act(action, { reasons: f.reasons.value }));

  /* The actions this role may take on this case now, grouped by stage. */
  function actions(c) {
    const box = el("div", { class: "card", id: "wf-actions" }, el("h3", {}, t("wf.actions")));
    const s = c.status, r = role();
    const examiner = r === "examiner", officer = r === "examiner" || r === "admin";
    /* application */
    if (r === "exporter" && s === "draft")
      box.appendChild(el("button", { type: "button", id: "wf-do-submit", onclick: () => act("submit", {}) }, t("wf.submit")));
    /* examination */
    if (examiner && !c.assignee && !["draft", "submitted"].includes(s))
      box.appendChild(el("button", { type: "button", id: "wf-do-take", onclick: () => act("assign", { assignee: me.username }) }, t("wf.take")));
    if (r === "admin" && ["initial_checks", "under_review", "referred", "advice_received", "countersign", "decided", "appealed"].includes(s))
      box.appendChild(miniForm("wf-do-assign", t("wf.assign"), [inp("assignee", t("wf.assignee"), { required: "" })],
        (f) => act("assign", { assignee: f.assignee.value })));
    if (examiner && s === "initial_checks")
      box.appendChild(el("button", { type: "button", id: "wf-do-review", onclick: () => act("review", {}) }, t("wf.start_review")));
    /* referral */
    if (examiner && ["under_review", "referred", "advice_received"].includes(s))
      box.appendChild(miniForm("wf-do-refer", t("wf.refer"), [inp("agency", t("wf.agency"), { required: "" }),
        inp("question", t("wf.question"), { required: "", class: "grow" })],
      (f) => act("refer", { agency: f.agency.value, question: f.question.value })));
    if (r === "agency_reviewer" && s === "referred") {
      const sel = el("select", { name: "advice" }, ["approve", "proviso", "refuse", "no_licence_required"]
        .map((o) => el("option", { value: o }, t("wf." + o))));
      box.appendChild(miniForm("wf-do-advise", t("wf.advise"), [sel, inp("reasons", t("wf.reasons"), { required: "" }),
        el("textarea", { name: "provisos", placeholder: t("wf.provisos"), rows: "2" })],
      (f) => { const b = { advice: f.advice.value, reasons: f.reasons.value };
        if (b.advice === "proviso") b.provisos = lines(f.provisos.value);
        act("advice", b); }));
    }
    /* decision */
    if (examiner && ["under_review", "advice_received"].includes(s)) {
      const sel = el("select", { name: "outcome" }, ["approved", "approved_with_provisos", "refused"]
        .map((o) => el("option", { value: o }, t("wf." + o))));
      box.appendChild(miniForm("wf-do-decide", t("wf.decide"), [sel, inp("reasons", t("wf.reasons"), { required: "" }),
        el("textarea", { name: "provisos", placeholder: t("wf.provisos"), rows: "2" })],
      (f) => { const b = { outcome: f.outcome.value, reasons: f.reasons.value };
        if (b.outcome === "approved_with_provisos") b.provisos = lines(f.provisos.value);
        act("decision", b); }));
    }
    if (r === "countersigner" && s === "countersign") {
      box.appendChild(miniForm("wf-do-countersign", t("wf.countersign"), [inp("note", t("wf.note"))],
        (f) => act("countersign", { note: f.note.value || "" })));
      box.appendChild(reasonsForm("wf-do-return", t("wf.return"), "return"));
    }
    /* licence */
    if (examiner && s === "decided" && c.outcome && c.outcome.startsWith("approved"))
      box.appendChild(el("button", { type: "button", id: "wf-do-issue", onclick: () => act("licence", {}) }, t("wf.issue")));
    if (officer && s === "licence_issued") box.appendChild(reasonsForm("wf-do-suspend", t("wf.suspend"), "suspend"));
    if (officer && s === "suspended") box.appendChild(reasonsForm("wf-do-reinstate", t("wf.reinstate"), "reinstate"));
    if (officer && ["licence_issued", "suspended"].includes(s)) box.appendChild(reasonsForm("wf-do-revoke", t("wf.revoke"), "revoke"));
    /* usage */
    if (r === "exporter" && s === "licence_issued") {
      const goods = (c.licence && c.licence.goods) || [];
      const item = el("select", { name: "item" }, goods.map((g, i) => el("option", { value: String(i) }, `${i}: ${g.description || ""}`)));
      box.appendChild(miniForm("wf-do-usage", t("wf.ship"), [item,
        inp("quantity", t("wf.quantity"), { type: "number", min: "1", required: "" }),
        inp("value", t("wf.value"), { type: "number", min: "0", required: "" }), inp("ref", t("wf.shipment_ref")),
        inp("date", t("wf.shipped_on"), { type: "date", value: new Date().toISOString().slice(0, 10) })],
      (f) => act("usage", { item: +f.item.value, quantity: +f.quantity.value, value: +f.value.value,
        shipment_ref: f.ref.value || "web", shipped_on: f.date.value || new Date().toISOString().slice(0, 10) })));
    }
    /* appeal */
    if (r === "exporter" && s === "decided" && c.outcome === "refused")
      box.appendChild(miniForm("wf-do-appeal", t("wf.appeal"), [inp("grounds", t("wf.grounds"), { required: "", class: "grow" })],
        (f) => act("appeal", { grounds: f.grounds.value })));
    if ((r === "countersigner" || r === "admin") && s === "appealed") {
      const sel = el("select", { name: "upheld" }, el("option", { value: "0" }, t("wf.dismiss")),
        el("option", { value: "1" }, t("wf.uphold")));
      box.appendChild(miniForm("wf-do-resolve", t("wf.resolve"), [sel, inp("reasons", t("wf.reasons"), { required: "", class: "grow" })],
        (f) => act("appeal-resolution", { upheld: f.upheld.value === "1", reasons: f.reasons.value })));
    }
    return box.childNodes.length > 1 ? box : null;
  }

  function dl(pairs) {
    return el("dl", {}, pairs.filter(([, v]) => v !== undefined && v !== null && v !== "")
      .flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, String(v))]));
  }
  async function showCase(id) {
    current = id;
    const out = $("wf-case");
    let c;
    try { c = (await api("GET", `/v1/cases/${id}`)).case; } catch (e) { out.textContent = e.message; return; }
    document.querySelectorAll("#wf-table tr[data-case]").forEach((tr) =>
      tr.classList.toggle("selected", tr.dataset.case === String(id)));
    $("wf-stages-box").replaceChildren(stageStrip(c));
    out.textContent = "";
    out.setAttribute("data-case", String(c.id));
    const app = c.application || {};
    out.appendChild(el("div", { class: "card", id: "wf-case-head" },
      el("h2", {}, `#${c.id} ${app.reference || ""}`),
      el("p", {}, el("strong", { id: "wf-case-status" }, stLabel(c.status)),
        c.outcome ? el("span", { id: "wf-case-outcome" }, ` — ${t("wf." + c.outcome)}`) : "",
        ` · ${c.org || ""} → ${c.destination || ""}`,
        c.queue ? ` · ${t("wf.queue")}: ${c.queue}` : "", c.assignee ? ` · ${t("wf.assignee")}: ${c.assignee}` : ""),
      el("p", { class: "next", id: "wf-next" }, `${t("wf.next")}: ${t("wf.next." + nextOf(c))}`),
      el("p", { id: "wf-case-flags" }, (c.flags || []).map((f) => el("span", { class: "badge flag" }, f, " ")))));
    const a = actions(c);
    if (a) out.appendChild(a);

    /* application */
    const parties = app.parties || [];
    out.appendChild(section(t("wf.stage.application"), { id: "wf-application" },
      dl([[t("wf.type"), t("wf." + (app.licence_type || c.licence_type || "individual"))], [t("wf.destination"), app.destination],
        [t("wf.end_use"), (app.end_use || {}).statement], [t("wf.submitted_at"), c.submitted_at]]),
      el("table", {}, el("tr", {}, el("th", {}, t("wf.description")), el("th", {}, t("wf.classification")),
        el("th", {}, t("wf.quantity")), el("th", {}, t("wf.value"))),
      (app.goods || []).map((g) => el("tr", {}, el("td", {}, g.description || ""),
        el("td", {}, g.classification ? Object.values(g.classification).join(", ") : ""),
        el("td", {}, `${g.quantity ?? ""} ${g.unit || ""}`), el("td", {}, String(g.value ?? ""))))),
      el("ul", {}, parties.map((p) => el("li", {}, `${tOr("wf.role." + p.role, p.role)}: ${p.name || ""} ${p.country ? "(" + p.country + ")" : ""}`)))));
    /* examination: the server's checks and re-screening alerts */
    const ch = c.checks;
    if (ch) {
      out.appendChild(section(t("wf.checks"), { id: "wf-checks" },
        el("h4", {}, t("wf.screening")),
        el("ul", { id: "wf-screening" }, (ch.screening || []).map((s) => el("li", {},
          `${tOr("wf.role." + (parties[s.party] || {}).role, (parties[s.party] || {}).role || "")}: ${(parties[s.party] || {}).name || ""} — `,
          s.hits.length ? s.hits.map((h) => el("span", { class: "badge flag" }, `${h.list} ${h.name} (${Math.round(h.score * 100)}%) `))
            : el("span", { class: "muted" }, t("wf.no_hits"))))),
        el("h4", {}, t("wf.determination")),
        el("ul", {}, (ch.determination || []).map((d) => el("li", {},
          `${t("wf.item")} ${d.item}: ${d.reasons || ""}`)))));
    }
    if (c.alerts && c.alerts.length)
      out.appendChild(section(t("wf.alerts"), {}, el("ul", { id: "wf-alerts" }, c.alerts.map((al) => el("li", {},
        `${(parties[al.party] || {}).name || al.party}: ${al.list || ""} ${al.name || ""} (${Math.round((al.score || 0) * 100)}%) `,
        al.status !== "open" ? el("span", { class: "muted" }, al.status)
          : (["examiner", "admin"].includes(role()) ? el("button", { type: "button", class: "small",
            onclick: async () => { try { await api("POST", `/v1/cases/${c.id}/alerts/${al.id}/ack`, { note: "web" }); showCase(c.id); } catch (e) { showError(e); } } }, t("wf.ack")) : null))))));
    /* referral */
    if (c.referrals && c.referrals.length)
      out.appendChild(section(t("wf.referrals"), { id: "wf-referrals" }, el("ul", {}, c.referrals.map((r) => el("li", {},
        `${r.agency}: ${r.question || ""} → ${r.advice ? t("wf." + r.advice) + " (" + (r.reasons || "") + ")" : t("wf.awaiting")}`)))));
    /* decision */
    if (c.decision) {
      const d = c.decision;
      out.appendChild(section(t("wf.stage.decision"), { id: "wf-decision" },
        dl([[t("wf.outcome"), t("wf." + d.outcome)], [t("wf.reasons"), d.reasons],
          [t("wf.provisos"), (d.provisos || []).join("; ")], [t("wf.decided_by"), `${d.by || ""} ${d.at || ""}`],
          [t("wf.countersign"), c.countersign ? `${c.countersign.by} ${c.countersign.at} ${c.countersign.note || ""}`
            : (d.countersign_required ? t("wf.awaiting") : t("wf.not_required"))]])));
    }
    /* licence and usage */
    const lic = c.licence;
    if (lic) {
      out.appendChild(section(`${t("wf.licence")} ${lic.number || ""}`, { id: "wf-licence-box" },
        el("p", {}, `${stLabel(lic.status || c.status)} · ${lic.issued_at || ""} – ${lic.expires_at || ""}`),
        (lic.provisos || []).length ? el("p", {}, `${t("wf.provisos")}: ${lic.provisos.join("; ")}`) : null,
        el("table", { id: "wf-licence" }, el("tr", {}, el("th", {}, t("wf.description")), el("th", {}, t("wf.quantity")),
          el("th", {}, t("wf.remaining")), el("th", {}, t("wf.remaining_value"))),
        (lic.goods || []).map((g) => el("tr", {}, el("td", {}, g.description || ""), el("td", {}, String(g.quantity)),
          el("td", {}, String(g.remaining_quantity)), el("td", {}, String(g.remaining_value))))),
        el("h4", {}, t("wf.stage.usage")),
        (lic.usage || []).length
          ? el("ul", { id: "wf-usage" }, lic.usage.map((u) => el("li", {}, `${u.shipped_on || ""} ${u.shipment_ref || ""}: ${t("wf.item")} ${u.item} × ${u.quantity} (${u.value})`)))
          : el("p", { class: "muted", id: "wf-usage" }, t("wf.no_usage"))));
    }
    /* appeal */
    if (c.appeal) {
      const ap = c.appeal, res = ap.resolution;
      out.appendChild(section(t("wf.stage.appeal"), { id: "wf-appeal" },
        dl([[t("wf.grounds"), ap.grounds], [t("wf.appealed_by"), `${ap.by || ""} ${ap.at || ""}`],
          [t("wf.resolution"), res ? `${t(res.upheld ? "wf.upheld" : "wf.dismissed")} — ${res.reasons || ""} (${res.by} ${res.at})` : t("wf.awaiting")]])));
    }
    out.appendChild(section(t("wf.history"), {}, el("ol", { class: "history" }, (c.history || []).map((h) => el("li", {},
      `${h.at || ""} ${h.actor || ""}: ${tOr("wf.act." + h.action, h.action || "")} ${h.from ? stLabel(h.from) + " → " : ""}${h.to ? stLabel(h.to) : ""}`)))));
  }

  /* --- exporter: new application ----------------------------------------------------- */
  async function create(submit) {
    $("wf-error").textContent = "";
    const g = { description: $("wf-g-desc").value, quantity: +$("wf-g-qty").value, unit: $("wf-g-unit").value || "pcs",
      value: +$("wf-g-value").value, currency: "JPY" };
    if ($("wf-g-cls").value) g.classification = { jp: $("wf-g-cls").value };
    const parties = [{ role: "end_user", name: $("wf-eu-name").value, country: $("wf-eu-country").value.toUpperCase() }];
    if ($("wf-cn-name").value) parties.push({ role: "consignee", name: $("wf-cn-name").value, country: $("wf-cn-country").value.toUpperCase() });
    parties.forEach((p) => { if (!p.country) delete p.country; });
    const application = { licence_type: $("wf-type").value, destination: $("wf-dest").value.toUpperCase(),
      goods: [g], parties, end_use: { statement: $("wf-end-use").value } };
    if ($("wf-ref").value) application.reference = $("wf-ref").value;
    try {
      const d = await api("POST", "/v1/cases", { application });
      current = d.case.id;
      if (submit) await api("POST", `/v1/cases/${current}/submit`, {});
      await loadList();
      await showCase(current);
    } catch (e) { $("wf-error").textContent = e.message; }
  }

  async function rescreen() {
    try {
      const d = await api("POST", "/v1/alerts/rescreen", {});
      $("wf-msg").textContent = t("wf.rescreen_done").replace("{n}", d.screened).replace("{a}", d.raised);
      if (current) showCase(current);
    } catch (e) { showError(e); }
  }

  build();
})();
