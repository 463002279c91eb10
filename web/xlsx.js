/* Minimal XLSX reader for customer masters: the first worksheet's cells as
 * rows of strings. An .xlsx file is a ZIP of XML parts; the browser's own
 * DecompressionStream("deflate-raw") inflates them and DOMParser reads the
 * XML, so no library is needed. Only what a customer list uses is read:
 * shared strings, inline strings and plain values. */
"use strict";
(function () {
  function u16(b, o) { return b[o] | (b[o + 1] << 8); }
  function u32(b, o) { return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0; }

  async function entries(buf) {
    const b = new Uint8Array(buf);
    let eocd = -1;
    for (let i = b.length - 22; i >= Math.max(0, b.length - 65558); i--) {
      if (u32(b, i) === 0x06054b50) { eocd = i; break; }
    }
    if (eocd < 0) throw new Error("not an XLSX (ZIP) file");
    const n = u16(b, eocd + 10);
    let p = u32(b, eocd + 16);
    const out = {};
    const dec = new TextDecoder();
    for (let k = 0; k < n; k++) {
      if (u32(b, p) !== 0x02014b50) throw new Error("corrupt ZIP directory");
      const method = u16(b, p + 10), csize = u32(b, p + 20);
      const nlen = u16(b, p + 28), xlen = u16(b, p + 30), clen = u16(b, p + 32);
      const local = u32(b, p + 42);
      const name = dec.decode(b.subarray(p + 46, p + 46 + nlen));
      out[name] = { method, csize, local };
      p += 46 + nlen + xlen + clen;
    }
    return { b, out };
  }

  async function read(z, name) {
    const e = z.out[name];
    if (!e) return null;
    const b = z.b;
    const start = e.local + 30 + u16(b, e.local + 26) + u16(b, e.local + 28);
    const data = b.subarray(start, start + e.csize);
    if (e.method === 0) return new TextDecoder().decode(data);
    if (e.method !== 8) throw new Error("unsupported ZIP compression in " + name);
    const ds = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return await new Response(ds).text();
  }

  function colIndex(ref) {
    let n = 0;
    for (const ch of ref) {
      const c = ch.charCodeAt(0);
      if (c < 65 || c > 90) break;
      n = n * 26 + (c - 64);
    }
    return n - 1;
  }

  window.exctlReadXlsx = async function (buf) {
    const z = await entries(buf);
    const parser = new DOMParser();
    const shared = [];
    const sst = await read(z, "xl/sharedStrings.xml");
    if (sst) {
      const doc = parser.parseFromString(sst, "application/xml");
      for (const si of doc.getElementsByTagName("si")) {
        shared.push([...si.getElementsByTagName("t")].map((x) => x.textContent).join(""));
      }
    }
    const sheetName = Object.keys(z.out).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort()[0];
    if (!sheetName) throw new Error("no worksheet");
    const doc = parser.parseFromString(await read(z, sheetName), "application/xml");
    const rows = [];
    for (const row of doc.getElementsByTagName("row")) {
      const cells = [];
      for (const c of row.getElementsByTagName("c")) {
        const idx = colIndex(c.getAttribute("r") || "A");
        const type = c.getAttribute("t");
        const v = c.getElementsByTagName("v")[0];
        let val = "";
        if (type === "s" && v) val = shared[parseInt(v.textContent, 10)] || "";
        else if (type === "inlineStr") val = [...c.getElementsByTagName("t")].map((x) => x.textContent).join("");
        else if (v) val = v.textContent;
        cells[idx >= 0 ? idx : cells.length] = val;
      }
      const filled = Array.from(cells, (x) => x || "");
      if (filled.some((x) => x.trim() !== "")) rows.push(filled);
    }
    return rows;
  };
})();
