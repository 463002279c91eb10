/* exctl web UI: one page, plain DOM, no build step and no network access
 * beyond this server. Every value from the server is inserted with
 * textContent (never innerHTML), so list data cannot inject markup. State
 * changes carry the X-CSRF-Token header the server issued at login. */
"use strict";
(function () {
  const I18N = window.EXCTL_I18N;
  let lang = localStorage.getItem("exctl.lang") ||
    ((navigator.language || "ja").startsWith("ja") ? "ja" : "en");
  let me = null;
  let csrf = null;
  let lastScreen = null;
  let batchResults = [];
  const charts = {};

  const $ = (id) => document.getElementById(id);
  const t = (k) => (I18N[lang] && I18N[lang][k]) || (I18N.en[k]) || k;

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of kids.flat()) {
      if (c === null || c === undefined) continue;
      e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach((n) => { n.textContent = t(n.dataset.i18n); });
    document.querySelectorAll("[data-i18n-ph]").forEach((n) => { n.placeholder = t(n.dataset.i18nPh); });
    $("lang").textContent = lang === "ja" ? "English" : "日本語";
    if (me) showWhoami();
    if (lastScreen) renderScreen(lastScreen);
    if (batchResults.length) renderBatch();
  }

  async function api(method, path, body) {
    const h = {};
    if (body !== undefined) h["Content-Type"] = "application/json";
    if (method !== "GET" && csrf) h["X-CSRF-Token"] = csrf;
    const r = await fetch(path, { method, headers: h, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body) });
    let doc = null;
    try { doc = await r.json(); } catch (e) { doc = null; }
    if (r.status === 401 && path !== "/v1/login") showLogin();
    if (!r.ok) {
      const err = new Error((doc && doc.error && doc.error.message) || r.statusText);
      err.status = r.status;
      err.code = doc && doc.error && doc.error.code;
      throw err;
    }
    return doc;
  }

  /* --- navigation --------------------------------------------------------- */
  function showPage(name) {
    document.querySelectorAll(".page").forEach((p) => { p.hidden = p.id !== "page-" + name; });
    document.querySelectorAll("#nav a").forEach((a) => {
      a.classList.toggle("active", a.getAttribute("href") === "#" + name);
    });
    if (name === "records") loadRecords();
    if (name === "charts") loadCharts();
    if (name === "admin") loadUsers();
    if (name === "classify") loadVocabulary();
  }
  /* Old addresses of pages that were merged into another. */
  const ALIASES = { workflow: "cases" };
  function route() {
    if (!me) return showLogin();
    let name = (location.hash || "#screen").slice(1);
    name = ALIASES[name] || name;
    showPage($("page-" + name) ? name : "screen");
  }
  function showLogin() {
    me = null;
    $("nav").hidden = true;
    $("logout").hidden = true;
    $("whoami").textContent = "";
    showPage("login");
  }
  function loggedIn(user) {
    me = user;
    csrf = user.csrf_token || csrf;
    $("nav").hidden = false;
    $("logout").hidden = false;
    $("nav-admin").hidden = user.role !== "admin";
    showWhoami();
    route();
  }

  /* The role label is translated, so it is redrawn on a language switch. */
  function showWhoami() {
    $("whoami").textContent = `${me.username} (${t("role." + me.role)}, ${me.org})`;
  }

  /* --- login -------------------------------------------------------------------- */
  $("login-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    $("login-error").textContent = "";
    try {
      const d = await api("POST", "/v1/login", { username: $("login-user").value,
        password: $("login-password").value });
      $("login-password").value = "";
      csrf = d.csrf_token;
      loggedIn(Object.assign({ csrf_token: d.csrf_token }, d.user));
    } catch (e) {
      $("login-error").textContent = t("login.failed");
    }
  });
  $("logout").addEventListener("click", async () => {
    try { await api("POST", "/v1/logout"); } catch (e) { /* session already gone */ }
    csrf = null;
    showLogin();
  });
  $("lang").addEventListener("click", () => {
    lang = lang === "ja" ? "en" : "ja";
    localStorage.setItem("exctl.lang", lang);
    applyLang();
  });

  /* --- screening ----------------------------------------------------------------- */
  function scoreBar(s) {
    const pct = Math.round(s * 100);
    return el("span", { class: "score" }, el("span", { class: "bar", style: `width:${Math.round(pct * 0.8)}px` }), ` ${s.toFixed(3)}`);
  }
  function explainView(x) {
    if (!x) return el("span", {}, "—");
    const box = el("div", { class: "explain" });
    if (Array.isArray(x.aligned)) {
      const tb = el("table", {}, el("tr", {}, el("th", {}, t("explain.token")), el("th", {}, t("explain.candidate")),
        el("th", {}, t("explain.how")), el("th", {}, t("explain.similarity")), el("th", {}, t("explain.weight"))));
      for (const a of x.aligned) {
        tb.appendChild(el("tr", {}, el("td", {}, a.query || ""), el("td", {}, a.candidate || ""),
          el("td", {}, a.how || ""), el("td", {}, fmt(a.similarity)), el("td", {}, fmt(a.weight))));
      }
      box.appendChild(tb);
    }
    const un = [].concat(x.unmatched_query || [], x.unmatched_candidate || []);
    if (un.length) box.appendChild(el("p", {}, `${t("explain.unmatched")}: ${un.join(", ")}`));
    const rest = Object.entries(x).filter(([k, v]) => typeof v !== "object");
    if (rest.length) box.appendChild(el("p", { class: "muted" }, rest.map(([k, v]) => `${k}: ${fmt(v)}`).join(" · ")));
    return box;
  }
  function fmt(v) { return typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : String(v); }

  function decisionView(res, hit) {
    const box = el("div", { class: "decision" });
    const cur = hit.decision;
    box.appendChild(el("span", { class: "dec-state " + (cur ? cur.decision : "none") },
      cur ? `${t("decision." + cur.decision)} — ${t("decision.by")} ${cur.by} ${cur.at.slice(0, 10)}` : t("decision.none")));
    if (me && me.role !== "agency_reviewer") {
      for (const d of ["true_match", "false_positive"]) {
        box.appendChild(el("button", { type: "button", class: "small dec-" + d, onclick: async () => {
          try {
            const r = await api("POST", "/v1/decisions", { name: res.query.name, country: res.query.country || null,
              entity_id: hit.id, decision: d });
            hit.decision = { decision: r.decision, by: r.by, at: r.at };
            renderScreen(lastScreen);
          } catch (e) { alert(e.message); }
        } }, t("decision." + d)));
      }
    }
    return box;
  }

  function hitCard(res, h) {
    return el("div", { class: "hit card" },
      el("div", { class: "hit-head" }, el("strong", {}, h.name), " ", scoreBar(h.score),
        el("a", { class: "entity-link", href: "#", onclick: (ev) => { ev.preventDefault(); showEntity(h.id, ev.target); } }, h.id)),
      el("dl", {},
        el("dt", {}, t("screen.list")), el("dd", {}, h.list_id),
        el("dt", {}, t("screen.matched")), el("dd", {}, h.matched_name),
        el("dt", {}, t("screen.countries")), el("dd", {}, (h.countries || []).join(", ") || "—"),
        el("dt", {}, t("screen.programs")), el("dd", {}, (h.programs || []).join(", ") || "—")),
      el("details", { class: "why" }, el("summary", {}, t("screen.explain")), explainView(h.explain)),
      decisionView(res, h));
  }

  async function showEntity(id, anchor) {
    try {
      const e = await api("GET", "/v1/entities/" + encodeURIComponent(id));
      const pre = el("pre", { class: "entity" }, JSON.stringify(e, null, 2));
      anchor.parentNode.parentNode.appendChild(pre);
    } catch (err) { alert(err.message); }
  }

  function renderScreen(res) {
    const out = $("screen-results");
    out.textContent = "";
    const n = res.results.length;
    out.appendChild(el("p", { class: "summary", id: "screen-summary" },
      n ? `${n} ${t("screen.hits")}` : t("screen.nohit")));
    for (const h of res.results) out.appendChild(hitCard(res, h));
    out.appendChild(el("button", { type: "button", id: "screen-save", onclick: async (ev) => {
      await api("POST", "/v1/records", { kind: "screening", title: res.query.name, input: res.query, result: res });
      ev.target.textContent = t("screen.saved");
      ev.target.disabled = true;
    } }, t("screen.save")));
  }

  $("screen-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams({ name: $("screen-name").value, type: $("screen-type").value });
    if ($("screen-country").value) p.set("country", $("screen-country").value);
    if ($("screen-threshold").value) p.set("threshold", $("screen-threshold").value);
    try {
      lastScreen = await api("GET", "/v1/screen?" + p.toString());
      renderScreen(lastScreen);
    } catch (e) {
      $("screen-results").textContent = `${t("error")}: ${e.message}`;
    }
  });

  /* --- batch --------------------------------------------------------------------- */
  function parseCSV(text) {
    const rows = [];
    let row = [], cell = "", q = false;
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (q) {
        if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
        else if (c === '"') q = false;
        else cell += c;
      } else if (c === '"') q = true;
      else if (c === "," || c === "\t") { row.push(cell); cell = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") i++;
        row.push(cell); cell = "";
        if (row.some((x) => x.trim() !== "")) rows.push(row);
        row = [];
      } else cell += c;
    }
    row.push(cell);
    if (row.some((x) => x.trim() !== "")) rows.push(row);
    return rows;
  }
  function toParties(rows) {
    const head = rows[0].map((h) => h.trim().toLowerCase());
    const find = (...names) => head.findIndex((h) => names.includes(h));
    let ni = find("name", "名称", "氏名", "取引先", "会社名", "customer");
    const ci = find("country", "国", "国名", "仕向地");
    const ti = find("type", "種別");
    const ii = find("id", "code", "コード", "顧客コード");
    let body = rows.slice(1);
    if (ni < 0) { ni = 0; body = rows; }
    return body.map((r, k) => {
      const p = { id: ii >= 0 ? r[ii] : String(k + 1), name: (r[ni] || "").trim() };
      if (ci >= 0 && r[ci]) p.country = r[ci].trim();
      if (ti >= 0 && r[ti] && ["person", "organization", "vessel", "aircraft"].includes(r[ti].trim().toLowerCase())) p.type = r[ti].trim().toLowerCase();
      return p;
    }).filter((p) => p.name);
  }

  function renderBatch() {
    const out = $("batch-results");
    out.textContent = "";
    const tb = el("table", { class: "batch", id: "batch-table" }, el("tr", {},
      el("th", {}, "id"), el("th", {}, t("screen.name")), el("th", {}, t("batch.hits")),
      el("th", {}, t("batch.top")), el("th", {}, t("screen.score"))));
    for (const r of batchResults) {
      const top = r.results[0];
      const tr = el("tr", { class: r.total ? "alert" : "" }, el("td", {}, r.id || ""), el("td", {}, r.query.name),
        el("td", {}, String(r.total)), el("td", {}, top ? `${top.name} (${top.list_id})` : "—"),
        el("td", {}, top ? top.score.toFixed(3) : ""));
      if (r.total) {
        tr.addEventListener("click", () => {
          const next = tr.nextSibling;
          if (next && next.classList.contains("detail")) { next.remove(); return; }
          const td = el("td", { colspan: "5" }, r.results.map((h) => hitCard(r, h)));
          tr.after(el("tr", { class: "detail" }, td));
        });
      }
      tb.appendChild(tr);
    }
    out.appendChild(tb);
  }

  async function runBatch(parties) {
    batchResults = [];
    $("batch-progress").hidden = false;
    $("batch-save").hidden = true;
    $("batch-error").textContent = "";
    const chunk = 25;
    for (let i = 0; i < parties.length; i += chunk) {
      try {
        const d = await api("POST", "/v1/screen", { parties: parties.slice(i, i + chunk) });
        batchResults.push(...d.results);
      } catch (e) {
        $("batch-error").textContent = `${t("error")}: ${e.message}`;
        break;
      }
      const done = Math.min(i + chunk, parties.length);
      $("batch-bar").style.width = `${Math.round((100 * done) / parties.length)}%`;
      $("batch-count").textContent = `${done} / ${parties.length} ${t("batch.rows")}`;
      renderBatch();
    }
    $("batch-count").textContent += ` — ${t("batch.done")}`;
    $("batch-progress").classList.add("finished");
    $("batch-save").hidden = false;
  }

  $("batch-file").addEventListener("change", async (ev) => {
    const f = ev.target.files[0];
    if (!f) return;
    $("batch-progress").classList.remove("finished");
    try {
      let rows;
      if (/\.xlsx$/i.test(f.name)) rows = await window.exctlReadXlsx(await f.arrayBuffer());
      else rows = parseCSV(await f.text());
      if (!rows.length) throw new Error("empty file");
      await runBatch(toParties(rows));
    } catch (e) {
      $("batch-error").textContent = `${t("error")}: ${e.message}`;
    }
  });
  $("batch-save").addEventListener("click", async () => {
    await api("POST", "/v1/records", { kind: "screening", title: $("batch-file").files[0].name,
      input: { parties: batchResults.map((r) => r.query) }, result: { results: batchResults } });
    $("batch-save").hidden = true;
  });

  /* --- control lists ---------------------------------------------------------------- */
  $("cl-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const out = $("cl-results");
    out.textContent = "";
    try {
      const d = await api("GET", "/v1/cl/search?q=" + encodeURIComponent($("cl-q").value));
      for (const r of d.results) {
        out.appendChild(el("div", { class: "cl-hit", onclick: () => showCl(r.code) },
          el("strong", {}, r.code), el("small", {}, ` ${r.numbering}`), el("br"),
          (lang === "ja" && r.title_ja) ? r.title_ja : r.title));
      }
    } catch (e) {
      out.textContent = e.code === "unavailable" ? t("unavailable") : `${t("error")}: ${e.message}`;
    }
  });
  async function showCl(code) {
    const out = $("cl-entry");
    out.textContent = "";
    try {
      const e = await api("GET", "/v1/cl/" + encodeURIComponent(code));
      const title = (lang === "ja" && e.title_ja) ? e.title_ja : e.title;
      const text = (lang === "ja" && e.text_ja) ? e.text_ja : e.text;
      out.appendChild(el("div", { class: "card" }, el("h3", {}, `${e.code} — ${title}`),
        e.parent ? el("p", {}, el("a", { href: "#", onclick: (ev) => { ev.preventDefault(); showCl(e.parent); } }, "↑ " + e.parent)) : null,
        text ? el("pre", { class: "cltext" }, text) : null,
        e.notes ? el("p", { class: "muted" }, e.notes) : null,
        el("h4", {}, t("cl.children")),
        el("ul", {}, (e.children || []).map((c) => el("li", {}, el("a", { href: "#", onclick: (ev) => { ev.preventDefault(); showCl(c.code); } }, c.code), " ", (lang === "ja" && c.title_ja) ? c.title_ja : c.title))),
        el("h4", {}, t("cl.counterparts")),
        el("ul", {}, (e.counterparts || []).map((c) => el("li", {}, el("a", { href: "#", onclick: (ev) => { ev.preventDefault(); showCl(c.code); } }, c.code), ` (${c.numbering}) ${c.basis || ""}`)))));
    } catch (err) { out.textContent = `${t("error")}: ${err.message}`; }
  }

  /* --- classification ------------------------------------------------------------------ */
  let vocabulary = null;
  async function loadVocabulary() {
    if (vocabulary) return;
    try {
      const d = await api("GET", "/v1/classify/vocabulary");
      vocabulary = d.parameters || [];
      const dl = el("datalist", { id: "vocab" }, vocabulary.map((p) => el("option", { value: p.name },
        `${lang === "ja" ? (p.meaning_ja || p.meaning_en) : p.meaning_en} [${p.unit || p.dimension}]`)));
      document.body.appendChild(dl);
      addParamRow();
    } catch (e) {
      $("classify-error").textContent = e.status === 503 || e.status === 404 ? t("unavailable") : e.message;
    }
  }
  function addParamRow() {
    $("classify-params").appendChild(el("div", { class: "row param" },
      el("input", { list: "vocab", class: "pname", placeholder: t("classify.param") }),
      el("input", { class: "pvalue", placeholder: t("classify.value") })));
  }
  $("classify-add").addEventListener("click", addParamRow);
  $("classify-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    $("classify-error").textContent = "";
    const params = [...document.querySelectorAll("#classify-params .param")].map((r) => ({
      name: r.querySelector(".pname").value.trim(), value: r.querySelector(".pvalue").value.trim() })).filter((p) => p.name);
    const input = { description: $("classify-desc").value, params };
    try {
      const d = await api("POST", "/v1/classify", input);
      const out = $("classify-result");
      out.textContent = "";
      out.appendChild(el("pre", { class: "result" }, JSON.stringify(d, null, 2)));
      out.appendChild(el("button", { type: "button", onclick: () => api("POST", "/v1/records", { kind: "classification", title: input.description, input, result: d }) }, t("save")));
    } catch (e) {
      $("classify-error").textContent = e.code === "unavailable" ? t("unavailable") : e.message;
    }
  });

  /* --- determination --------------------------------------------------------------------- */
  const sampleTransaction = {
    jurisdiction: "JP", date: new Date().toISOString().slice(0, 10), destination: "CN",
    items: [{ id: "a", kind: "goods", classification: { jp: "7項(1)", eccn: "3A001.a.1" },
      value: { amount: 5000000, currency: "JPY" } }],
    parties: [{ role: "end_user", name: "Example Trading Co.", country: "CN" }],
    end_use: { wmd: false, military: false, informed: false, description: "" }
  };
  $("determine-json").value = JSON.stringify(sampleTransaction, null, 2);
  $("determine-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    $("determine-error").textContent = "";
    const out = $("determine-result");
    out.textContent = "";
    let input;
    try { input = JSON.parse($("determine-json").value); } catch (e) {
      $("determine-error").textContent = `JSON: ${e.message}`;
      return;
    }
    try {
      const d = await api("POST", "/v1/determine", input);
      const items = d.items || [];
      out.appendChild(el("div", { class: "card", id: "determine-outcome" },
        el("h3", {}, `${t("determine.items")} — ${(d.pack && d.pack.id) || ""} ${(d.pack && d.pack.version) || ""}`),
        el("table", {}, items.map((it) => el("tr", { class: "outcome-" + (it.outcome || "") },
          el("td", {}, it.id || ""), el("td", {}, el("strong", {}, it.outcome || "")),
          el("td", {}, (it.grounds || []).map((g) => el("div", {}, el("code", {}, g.rule || ""), " ", g.explanation || ""))),
          el("td", {}, (it.exceptions || []).map((x) => el("div", {}, x.name || x.id || ""))))))));
      const cites = [];
      for (const it of items) for (const g of it.grounds || []) if (g.citation) cites.push(g.citation);
      for (const it of items) for (const x of it.exceptions || []) if (x.citation) cites.push(x.citation);
      const uniq = [...new Set(cites.map((c) => typeof c === "string" ? c : JSON.stringify(c)))];
      if (uniq.length) {
        out.appendChild(el("div", { class: "card", id: "determine-citations" }, el("h3", {}, t("determine.citations")),
          el("ul", {}, uniq.map((c) => {
            let v = c;
            try { const o = JSON.parse(c); v = [o.id, o.title || o.ref || o.text, o.url].filter(Boolean).join(" — "); } catch (e) { /* plain text */ }
            return el("li", {}, v);
          }))));
      }
      const hits = (d.screening || []).filter((p) => (p.hits || []).length);
      if (hits.length) {
        out.appendChild(el("div", { class: "card" }, el("h3", {}, t("nav.screen")),
          el("ul", {}, hits.map((p) => el("li", {}, `${p.role || ""} ${p.name || ""}: ` + p.hits.map((h) => `${h.name} (${h.list}, ${h.score})`).join("; "))))));
      }
      const trace = typeof d.trace === "string" ? d.trace : JSON.stringify(d.trace, null, 2);
      out.appendChild(el("div", { class: "card" }, el("h3", {}, t("determine.trace")), el("pre", { class: "trace", id: "determine-trace" }, trace || "")));
      out.appendChild(el("button", { type: "button", onclick: () => api("POST", "/v1/records", { kind: "determination", title: (input.items && input.items[0] && input.items[0].description) || "determination", input, result: d }) }, t("save")));
    } catch (e) {
      $("determine-error").textContent = e.code === "unavailable" ? `${t("unavailable")} (${e.message})` : `${t("error")}: ${e.message}`;
    }
  });

  /* --- licensing: web/cases.js renders #page-cases ------------------------------- */

  /* --- records --------------------------------------------------------------------------- */
  async function loadRecords() {
    const out = $("records-list");
    out.textContent = "";
    const kind = $("records-kind").value;
    try {
      const d = await api("GET", "/v1/records?limit=200" + (kind ? "&kind=" + kind : ""));
      const tb = el("table", {}, el("tr", {}, el("th", {}, "#"), el("th", {}, ""), el("th", {}, ""), el("th", {}, ""), el("th", {}, "")));
      for (const r of d.records) {
        tb.appendChild(el("tr", { class: "clickable", onclick: () => showRecord(r.id) }, el("td", {}, String(r.id)),
          el("td", {}, t("kind." + r.kind)), el("td", {}, r.title), el("td", {}, `${r.by} (${r.org})`), el("td", {}, r.created.replace("T", " ").slice(0, 19))));
      }
      out.appendChild(tb);
    } catch (e) { out.textContent = e.message; }
  }
  async function showRecord(id) {
    const r = await api("GET", "/v1/records/" + id);
    $("record-detail").textContent = "";
    $("record-detail").appendChild(el("pre", { class: "result" }, JSON.stringify(r, null, 2)));
  }
  $("records-kind").addEventListener("change", loadRecords);

  /* --- charts ------------------------------------------------------------------------------ */
  function screeningsOf(rec) {
    const r = rec.result || {};
    if (Array.isArray(r.results) && r.results.length && r.results[0] && r.results[0].query) return r.results;
    if (Array.isArray(r.results)) return [r];
    return [];
  }
  async function loadCharts() {
    if (!window.Chart) return;
    const d = await api("GET", "/v1/records?kind=screening&full=1&limit=500");
    const byList = {}, byDayCountry = {}, countryTotals = {};
    for (const rec of d.records) {
      const day = rec.created.slice(0, 10);
      for (const s of screeningsOf(rec)) {
        for (const h of s.results || []) {
          byList[h.list_id] = (byList[h.list_id] || 0) + 1;
          for (const c of (h.countries && h.countries.length ? h.countries : ["?"]).slice(0, 1)) {
            byDayCountry[day] = byDayCountry[day] || {};
            byDayCountry[day][c] = (byDayCountry[day][c] || 0) + 1;
            countryTotals[c] = (countryTotals[c] || 0) + 1;
          }
        }
      }
    }
    const lists = Object.keys(byList).sort();
    draw("chart-lists", { type: "bar", data: { labels: lists, datasets: [{ label: t("charts.by_list"), data: lists.map((l) => byList[l]) }] },
      options: { animation: false, plugins: { legend: { display: false } } } });
    const days = Object.keys(byDayCountry).sort();
    const top = Object.keys(countryTotals).sort((a, b) => countryTotals[b] - countryTotals[a]).slice(0, 6);
    draw("chart-countries", { type: "line", data: { labels: days, datasets: top.map((c) => ({ label: c, data: days.map((dd) => byDayCountry[dd][c] || 0) })) },
      options: { animation: false } });
  }
  function draw(id, cfg) {
    if (charts[id]) charts[id].destroy();
    charts[id] = new window.Chart($(id), cfg);
  }

  /* --- admin ---------------------------------------------------------------------------- */
  async function loadUsers() {
    const tb = $("users-table");
    tb.textContent = "";
    try {
      const d = await api("GET", "/v1/users");
      for (const u of d.users) {
        tb.appendChild(el("tr", {}, el("td", {}, u.username), el("td", {}, t("role." + u.role)), el("td", {}, u.org),
          el("td", {}, u.disabled ? "disabled" : ""),
          el("td", {}, u.id === me.id ? "" : el("button", { type: "button", class: "small", onclick: async () => {
            await api("PATCH", "/v1/users/" + u.id, { disabled: !u.disabled });
            loadUsers();
          } }, u.disabled ? "enable" : "disable"))));
      }
    } catch (e) { $("admin-error").textContent = e.message; }
  }
  $("user-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    $("admin-error").textContent = "";
    try {
      await api("POST", "/v1/users", { username: $("user-name").value, password: $("user-password").value,
        role: $("user-role").value, org: $("user-org").value });
      $("user-password").value = "";
      loadUsers();
    } catch (e) { $("admin-error").textContent = e.message; }
  });
  $("audit-verify").addEventListener("click", async () => {
    const d = await api("GET", "/v1/audit/verify");
    $("audit-result").textContent = d.ok ? `${t("admin.ok")} (${d.rows})` : `${t("admin.broken")}: ${d.message}`;
  });

  /* --- start --------------------------------------------------------------------------------- */
  window.addEventListener("hashchange", route);
  applyLang();
  api("GET", "/v1/me").then(loggedIn).catch(() => showLogin());
})();
