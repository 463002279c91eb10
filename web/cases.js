/* exctl web UI: the case-handling page (#workflow) over the typed workflow
 * routes (/v1/cases/{id}/..., /v1/alerts, /v1/stats).
 *
 * Kept apart from app.js so that the two can change independently: this file
 * adds its own nav link and page section, reads the CSRF token from the
 * readable exctl_csrf cookie the server sets at login and the user from
 * GET /v1/me, and renders whenever its section becomes visible (app.js's
 * router shows it). What a user may do is decided by the server; the buttons
 * offered per role and status only spare the user a refused request. Every
 * server value goes in through textContent. */
"use strict";
(function () {
  const I18N = window.EXCTL_I18N;
  const lang = () => (document.documentElement.lang === "en" ? "en" : "ja");
  const t = (k) => (I18N[lang()] && I18N[lang()][k]) || I18N.en[k] || k;
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
      throw err;
    }
    return doc;
  }
  const role = () => (me ? me.role : "");
  const staff = () => ["examiner", "admin", "countersigner"].includes(role());
  const stLabel = (s) => t("st." + s);

  /* --- page skeleton ------------------------------------------------------------- */
  function field(key, input) { return el("label", {}, el("span", { "data-i18n": key }, t(key)), input); }
  function build() {
    const nav = $("nav");
    const link = el("a", { href: "#workflow", "data-i18n": "nav.workflow" }, t("nav.workflow"));
    const after = nav.querySelector('a[href="#cases"]');
    if (after) after.after(link); else nav.appendChild(link);
    const form = el("form", { id: "wf-form", class: "card", hidden: "" },
      el("h2", { "data-i18n": "wf.new" }, t("wf.new")),
      el("div", { class: "row" },
        field("wf.type", el("select", { id: "wf-type" },
          el("option", { value: "individual", "data-i18n": "wf.individual" }, t("wf.individual")),
          el("option", { value: "bulk", "data-i18n": "wf.bulk" }, t("wf.bulk")))),
        field("wf.destination", el("input", { id: "wf-dest", size: "4", maxlength: "2", required: "", placeholder: "AE" })),
        field("wf.reference", el("input", { id: "wf-ref", maxlength: "100" }))),
      el("h3", { "data-i18n": "wf.goods" }, t("wf.goods")),
      el("div", { class: "row" },
        field("wf.description", el("input", { id: "wf-g-desc", required: "" })),
        field("wf.classification", el("input", { id: "wf-g-cls", size: "10", placeholder: "2(12)" })),
        field("wf.quantity", el("input", { id: "wf-g-qty", type: "number", min: "1", value: "1", required: "" })),
        field("wf.unit", el("input", { id: "wf-g-unit", size: "5", value: "pcs" })),
        field("wf.value", el("input", { id: "wf-g-value", type: "number", min: "0", value: "0" }))),
      el("div", { class: "row" },
        field("wf.end_user", el("input", { id: "wf-eu-name", required: "" })),
        field("wf.country", el("input", { id: "wf-eu-country", size: "4", maxlength: "2" })),
        field("wf.consignee", el("input", { id: "wf-cn-name" })),
        field("wf.country", el("input", { id: "wf-cn-country", size: "4", maxlength: "2" }))),
      el("div", { class: "row" },
        el("label", { class: "grow" }, el("span", { "data-i18n": "wf.end_use" }, t("wf.end_use")),
          el("input", { id: "wf-end-use", required: "" })),
        el("button", { type: "button", id: "wf-save", onclick: () => create(false) }, t("wf.save")),
        el("button", { type: "submit", id: "wf-create-submit" }, t("wf.create_submit"))),
      el("p", { class: "error", id: "wf-error" }));
    form.addEventListener("submit", (ev) => { ev.preventDefault(); create(true); });
    const page = el("section", { id: "page-workflow", class: "page", hidden: "" },
      form,
      el("div", { class: "card", id: "wf-tools" },
        el("div", { class: "row" },
          el("h2", { "data-i18n": "wf.cases" }, t("wf.cases")),
          el("label", { id: "wf-queue-label" }, el("span", {}, t("wf.queue")),
            el("select", { id: "wf-queue", onchange: () => loadList() }, el("option", { value: "" }, t("wf.all")))),
          el("button", { type: "button", id: "wf-refresh", onclick: () => load() }, t("wf.refresh")),
          el("button", { type: "button", id: "wf-rescreen", hidden: "", onclick: rescreen }, t("wf.rescreen"))),
        el("p", { class: "muted", id: "wf-msg" })),
      el("div", { class: "split" }, el("div", { id: "wf-list" }), el("div", { id: "wf-case" })),
      el("div", { class: "card", id: "wf-stats", hidden: "" },
        el("h2", {}, t("wf.stats")), el("canvas", { id: "wf-chart", height: "110" }), el("div", { id: "wf-stats-text" })));
    const main = document.querySelector("main") || document.body;
    main.appendChild(page);
    new MutationObserver(() => { if (!page.hidden) load(); })
      .observe(page, { attributes: true, attributeFilter: ["hidden"] });
  }

  /* --- loading ----------------------------------------------------------------------- */
  async function load() {
    try { me = await api("GET", "/v1/me"); me = me.user || me; } catch (e) { return; }
    $("wf-form").hidden = role() !== "exporter";
    $("wf-rescreen").hidden = !["examiner", "admin"].includes(role());
    $("wf-queue-label").hidden = !staff();
    await loadList();
    if (staff()) loadStats(); else $("wf-stats").hidden = true;
    if (current) showCase(current);
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
        d.cases.map((c) => el("tr", { class: "clickable", "data-case": String(c.id), onclick: () => showCase(c.id) },
          el("td", {}, String(c.id)), el("td", {}, c.org || ""), el("td", {}, c.destination || ""),
          el("td", {}, el("strong", {}, stLabel(c.status))), el("td", {}, c.queue || ""),
          el("td", {}, (c.flags || []).map((f) => el("span", { class: "badge flag" }, f, " ")))))));
    } catch (e) { out.textContent = `${t("error")}: ${e.message}`; }
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
      txt.appendChild(el("table", {}, el("tr", {}, el("th", {}, t("wf.queue")), el("th", {}, "SLA"),
        el("th", {}, t("wf.decided")), el("th", {}, "mean days"), el("th", {}, t("wf.service_level"))),
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
  function section(title, ...kids) { return el("div", { class: "card" }, el("h3", {}, title), ...kids); }
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
  function actions(c) {
    const box = el("div", { class: "card", id: "wf-actions" });
    const s = c.status, r = role();
    if (r === "exporter" && s === "draft")
      box.appendChild(el("button", { type: "button", id: "wf-do-submit", onclick: () => act("submit", {}) }, t("wf.submit")));
    if (r === "exporter" && s === "licence_issued")
      box.appendChild(miniForm("wf-do-usage", t("wf.ship"), [inp("item", t("wf.item"), { type: "number", value: "0", min: "0" }),
        inp("quantity", t("wf.quantity"), { type: "number", min: "1", required: "" }),
        inp("value", t("wf.value"), { type: "number", min: "0", required: "" }), inp("ref", t("wf.shipment_ref"))],
      (f) => act("usage", { item: +f.item.value, quantity: +f.quantity.value, value: +f.value.value,
        shipment_ref: f.ref.value || "web", shipped_on: new Date().toISOString().slice(0, 10) })));
    if (r === "exporter" && s === "decided" && c.outcome === "refused")
      box.appendChild(miniForm("wf-do-appeal", t("wf.appeal"), [inp("grounds", t("wf.grounds"), { required: "" })],
        (f) => act("appeal", { grounds: f.grounds.value })));
    if (r === "examiner") {
      if (!c.assignee && s !== "draft" && s !== "submitted")
        box.appendChild(el("button", { type: "button", id: "wf-do-take", onclick: () => act("assign", { assignee: me.username }) }, t("wf.take")));
      if (s === "initial_checks")
        box.appendChild(el("button", { type: "button", id: "wf-do-review", onclick: () => act("review", {}) }, t("wf.start_review")));
      if (["under_review", "referred", "advice_received"].includes(s))
        box.appendChild(miniForm("wf-do-refer", t("wf.refer"), [inp("agency", t("wf.agency"), { required: "" }),
          inp("question", t("wf.question"), { required: "", class: "grow" })],
        (f) => act("refer", { agency: f.agency.value, question: f.question.value })));
      if (["under_review", "advice_received"].includes(s)) {
        const sel = el("select", { name: "outcome" }, ["approved", "approved_with_provisos", "refused"]
          .map((o) => el("option", { value: o }, t("wf." + o))));
        box.appendChild(miniForm("wf-do-decide", t("wf.decide"), [sel, inp("reasons", t("wf.reasons"), { required: "" }),
          el("textarea", { name: "provisos", placeholder: t("wf.provisos"), rows: "2" })],
        (f) => { const b = { outcome: f.outcome.value, reasons: f.reasons.value };
          if (b.outcome === "approved_with_provisos") b.provisos = lines(f.provisos.value);
          act("decision", b); }));
      }
      if (s === "decided" && c.outcome && c.outcome.startsWith("approved"))
        box.appendChild(el("button", { type: "button", id: "wf-do-issue", onclick: () => act("licence", {}) }, t("wf.issue")));
      if (s === "licence_issued") {
        box.appendChild(miniForm("wf-do-suspend", t("wf.suspend"), [inp("reasons", t("wf.reasons"), { required: "" })],
          (f) => act("suspend", { reasons: f.reasons.value })));
      }
      if (s === "suspended")
        box.appendChild(miniForm("wf-do-reinstate", t("wf.reinstate"), [inp("reasons", t("wf.reasons"), { required: "" })],
          (f) => act("reinstate", { reasons: f.reasons.value })));
      if (["licence_issued", "suspended"].includes(s))
        box.appendChild(miniForm("wf-do-revoke", t("wf.revoke"), [inp("reasons", t("wf.reasons"), { required: "" })],
          (f) => act("revoke", { reasons: f.reasons.value })));
    }
    if (r === "agency_reviewer" && s === "referred") {
      const sel = el("select", { name: "advice" }, ["approve", "proviso", "refuse", "no_licence_required"]
        .map((o) => el("option", { value: o }, t("wf." + o))));
      box.appendChild(miniForm("wf-do-advise", t("wf.advise"), [sel, inp("reasons", t("wf.reasons"), { required: "" }),
        el("textarea", { name: "provisos", placeholder: t("wf.provisos"), rows: "2" })],
      (f) => { const b = { advice: f.advice.value, reasons: f.reasons.value };
        if (b.advice === "proviso") b.provisos = lines(f.provisos.value);
        act("advice", b); }));
    }
    if (r === "countersigner" && s === "countersign") {
      box.appendChild(miniForm("wf-do-countersign", t("wf.countersign"), [inp("note", t("wf.note"))],
        (f) => act("countersign", { note: f.note.value || "" })));
      box.appendChild(miniForm("wf-do-return", t("wf.return"), [inp("reasons", t("wf.reasons"), { required: "" })],
        (f) => act("return", { reasons: f.reasons.value })));
    }
    return box.childNodes.length ? box : null;
  }
  async function showCase(id) {
    current = id;
    const out = $("wf-case");
    let c;
    try { c = (await api("GET", `/v1/cases/${id}`)).case; } catch (e) { out.textContent = e.message; return; }
    out.textContent = "";
    const app = c.application || {};
    out.appendChild(el("div", { class: "card", id: "wf-case-head" },
      el("h2", {}, `#${c.id} ${app.reference || ""}`),
      el("p", {}, el("strong", { id: "wf-case-status" }, stLabel(c.status)),
        c.outcome ? ` — ${t("wf." + c.outcome)}` : "", ` · ${c.org || ""} → ${c.destination || ""}`,
        c.queue ? ` · ${t("wf.queue")}: ${c.queue}` : "", c.assignee ? ` · ${c.assignee}` : ""),
      el("p", { id: "wf-case-flags" }, (c.flags || []).map((f) => el("span", { class: "badge flag" }, f, " ")))));
    const a = actions(c);
    if (a) out.appendChild(a);
    const ch = c.checks;
    if (ch) {
      const parties = app.parties || [];
      out.appendChild(section(t("wf.checks"),
        el("h4", {}, t("wf.screening")),
        el("ul", { id: "wf-screening" }, (ch.screening || []).map((s) => el("li", {},
          `${(parties[s.party] || {}).role || ""}: ${(parties[s.party] || {}).name || ""} — `,
          s.hits.length ? s.hits.map((h) => el("span", { class: "badge flag" }, `${h.list} ${h.name} (${Math.round(h.score * 100)}%) `))
            : el("span", { class: "muted" }, t("wf.no_hits"))))),
        el("h4", {}, t("wf.determination")),
        el("ul", {}, (ch.determination || []).map((d) => el("li", {},
          `${t("wf.item")} ${d.item}: ${d.reasons || ""}`)))));
    }
    if (c.alerts && c.alerts.length)
      out.appendChild(section(t("wf.alerts"), el("ul", { id: "wf-alerts" }, c.alerts.map((al) => el("li", {},
        JSON.stringify({ party: al.party, list: al.list, name: al.name, score: al.score }), " ",
        al.status !== "open" ? el("span", { class: "muted" }, al.status)
          : (["examiner", "admin"].includes(role()) ? el("button", { type: "button",
            onclick: async () => { try { await api("POST", `/v1/cases/${c.id}/alerts/${al.id}/ack`, { note: "web" }); showCase(c.id); } catch (e) { showError(e); } } }, t("wf.ack")) : null))))));
    if (c.referrals && c.referrals.length)
      out.appendChild(section(t("wf.referrals"), el("ul", {}, c.referrals.map((r) => el("li", {},
        `${r.agency}: ${r.question || ""} → ${r.advice ? t("wf." + r.advice) + " (" + (r.reasons || "") + ")" : "…"}`)))));
    const lic = c.licence;
    if (lic) {
      out.appendChild(section(`${t("wf.licence")} ${lic.number || ""}`,
        el("p", {}, `${lic.valid_from || lic.issued_at || ""} – ${lic.valid_until || lic.expires_at || ""}`),
        el("table", { id: "wf-licence" }, el("tr", {}, el("th", {}, t("wf.description")), el("th", {}, t("wf.quantity")),
          el("th", {}, t("wf.remaining")), el("th", {}, t("wf.remaining_value"))),
        (lic.goods || []).map((g) => el("tr", {}, el("td", {}, g.description || ""), el("td", {}, String(g.quantity)),
          el("td", {}, String(g.remaining_quantity)), el("td", {}, String(g.remaining_value))))),
        el("h4", {}, t("wf.usage")),
        el("ul", {}, (lic.usage || []).map((u) => el("li", {}, `${u.shipped_on || ""} ${u.shipment_ref || ""}: ${t("wf.item")} ${u.item} × ${u.quantity}`)))));
    }
    out.appendChild(section(t("wf.history"), el("ol", {}, (c.history || []).map((h) => el("li", {},
      `${h.at || ""} ${h.actor || ""}: ${h.action || ""} ${h.from ? stLabel(h.from) + " → " : ""}${h.to ? stLabel(h.to) : ""}`)))));
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
