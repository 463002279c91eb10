#!/usr/bin/env python3
"""Crash safety of `exctl serve` (driven by crash_safety.sh).

Several clients write concurrently (records, licensing cases, screening
decisions) and remember every write the server acknowledged (2xx with its
id). The server is killed with SIGKILL while the writes are in flight, then:

- `exctl audit verify` must pass on the store as the crash left it;
- a restarted server over the same store must return every acknowledged
  write, unchanged (records by id, cases by id, decisions by party);
- every row written has its audit entry (same transaction), and the audit
  log holds an entry for every acknowledged write;
- after more writes through the restarted server and a clean stop, the
  audit chain must still verify.

Writes that were in flight when the server died may or may not be present;
only acknowledged ones are promised.
"""
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

from exctl_http import Client, TransportError, call

EXCTL = os.environ["EXCTL"]
SRCDIR = os.environ["SRCDIR"]
FIXTURE = os.path.join(SRCDIR, "tests/fixtures/lists/us_ofac_2021-07-07_sdn.csv.gz")
CLIENTS = int(os.environ.get("CRASH_CLIENTS", "8"))
KILL_AFTER = int(os.environ.get("CRASH_KILL_AFTER", "600"))   # acknowledged writes

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def start(tmp, db, tag):
    log = open(os.path.join(tmp, f"server-{tag}.log"), "w+")
    proc = subprocess.Popen([EXCTL, "serve", "--port", "0", "--db", db, "--list", FIXTURE,
                             "--threads", "4"], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 120
    while time.time() < deadline:
        time.sleep(0.05)
        log.seek(0)
        text = log.read()
        m = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", text)
        if m:
            pm = re.search(r"with password (\S+)", text)
            return proc, int(m.group(1)), pm.group(1) if pm else None
        if proc.poll() is not None:
            break
    log.seek(0)
    print(log.read(), file=sys.stderr)
    proc.kill()
    return None, None, None


APP = {
    "licence_type": "individual", "destination": "AE", "reference": "PO-CRASH",
    "goods": [{"description": "Corrosion-resistant valves", "classification": {"jp": "2(12)"},
               "quantity": 10, "unit": "pcs", "value": 5000000, "currency": "JPY"}],
    "parties": [{"role": "end_user", "name": "Emirates Alloys LLC", "country": "AE"}],
    "end_use": {"statement": "Spare valves for a desalination plant"},
}


class Writer(threading.Thread):
    """One client: cycles through the three kinds of write until stopped."""

    def __init__(self, n, port, token, entity_id, acked, lock, stop):
        super().__init__(daemon=True)
        self.n, self.port, self.token, self.eid = n, port, token, entity_id
        self.acked, self.lock, self.stop = acked, lock, stop
        self.sent = self.errors = 0

    def run(self):
        i = 0
        while not self.stop.is_set():
            i += 1
            tag = f"c{self.n}-w{i}"
            kind = i % 3
            try:
                if kind == 0:
                    body = {"kind": "screening", "title": f"crash {tag}",
                            "input": {"tag": tag}, "result": {"hits": i}}
                    s, d, _ = call(self.port, "POST", "/v1/records", body, self.token)
                    ok = s == 201 and isinstance(d, dict) and "id" in d
                    item = ("record", d["id"] if ok else None, tag)
                elif kind == 1:
                    app = dict(APP, reference=f"PO-{tag}")
                    s, d, _ = call(self.port, "POST", "/v1/cases", {"application": app},
                                   self.token)
                    ok = s == 200 and isinstance(d, dict) and "id" in d.get("case", {})
                    item = ("case", d["case"]["id"] if ok else None, tag)
                else:
                    body = {"name": f"Crash Party {tag}", "entity_id": self.eid,
                            "decision": "false_positive", "note": tag}
                    s, d, _ = call(self.port, "POST", "/v1/decisions", body, self.token)
                    ok = s == 201 and isinstance(d, dict) and d.get("note") == tag
                    item = ("decision", f"Crash Party {tag}", tag)
                self.sent += 1
                if ok:
                    with self.lock:
                        self.acked.append(item)
                elif s < 500:
                    # A 4xx is a bug in this test or the server, not a crash effect.
                    check(False, f"unexpected {s} for {item[0]} {tag}: {d}")
                    return
            except TransportError:
                # The server died under us: the write is unacknowledged.
                self.errors += 1
                if self.stop.is_set():
                    return
                time.sleep(0.01)


def audit_verify(db, what):
    r = subprocess.run([EXCTL, "audit", "verify", "--db", db], capture_output=True, text=True)
    check(r.returncode == 0 and "intact" in r.stdout,
          f"{what}: exctl audit verify passes ({r.returncode}: {r.stdout} {r.stderr})")


def main():
    tmp = tempfile.mkdtemp(prefix="exctl_crash_")
    db = os.path.join(tmp, "exctl.db")
    proc, port, password = start(tmp, db, "1")
    if port is None:
        print("server did not start", file=sys.stderr)
        return 1
    # Users and API tokens (Bearer: no CSRF round trip per write).
    admin = Client(port, check=check).login("admin", password)
    tokens = []
    for i in range(CLIENTS):
        user = f"exp{i}"
        s, d = admin.req("POST", "/v1/users",
                         {"username": user, "password": f"pw-{user}-123456", "role": "exporter",
                          "org": f"Org {i % 2}"})
        check(s in (200, 201), f"create {user}: {s} {d}")
        s, d = Client(port, check=check).login(user, f"pw-{user}-123456").req(
            "POST", "/v1/tokens", {"name": "crash"})
        check(s == 201 and d.get("token", "").startswith("xc_"), f"token for {user}: {s}")
        tokens.append((user, d["token"]))
    s, d, _ = call(port, "GET", "/v1/screen?name=Banco%20Nacional%20de%20Cuba",
                   token=tokens[0][1])
    results = d.get("results", []) if isinstance(d, dict) else []
    check(s == 200 and results, f"screening finds an entity for the decisions ({s} {d})")
    if failures:
        proc.kill()
        return 1
    eid = results[0]["id"]

    acked, lock, stop = [], threading.Lock(), threading.Event()
    writers = [Writer(n, port, tokens[n][1], eid, acked, lock, stop) for n in range(CLIENTS)]
    t0 = time.time()
    for w in writers:
        w.start()
    while time.time() - t0 < 120:
        with lock:
            if len(acked) >= KILL_AFTER:
                break
        if failures or not any(w.is_alive() for w in writers):
            break
        time.sleep(0.02)
    # Kill while every writer still has a request in flight.
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at = time.time() - t0
    stop.set()
    for w in writers:
        w.join(timeout=90)
    with lock:
        done = list(acked)
    sent = sum(w.sent for w in writers)
    errors = sum(w.errors for w in writers)
    print(f"crash_safety: {CLIENTS} clients, {len(done)} writes acknowledged "
          f"({sent} answered, {errors} cut off) before SIGKILL at {killed_at:.1f} s")
    check(len(done) >= min(KILL_AFTER, 100), f"enough writes before the kill ({len(done)})")

    # The store as the crash left it.
    audit_verify(db, "after SIGKILL")

    # One audit entry per acknowledged write (the entry is in the write's own
    # transaction), read-only so the check does not touch recovery.
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    acts = {}
    for action, n in con.execute("SELECT action, count(*) FROM audit_log GROUP BY action"):
        acts[action] = n
    rows = {k: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for k, t in (("record", "records"), ("case", "case_cases"),
                         ("decision", "decisions"))}
    con.close()
    per_kind = {k: sum(1 for a in done if a[0] == k) for k in ("record", "case", "decision")}
    print(f"crash_safety: acknowledged {per_kind}; rows {rows}; audit actions {acts}")
    for kind, action in (("record", "record.create"), ("case", "case.create"),
                         ("decision", "decision.set")):
        logged = acts.get(action, 0)
        # Each write and its audit entry commit together or not at all; at
        # most one unacknowledged write per client can have committed.
        check(rows[kind] == logged, f"{kind}: {rows[kind]} rows but {logged} audit entries")
        check(per_kind[kind] <= logged <= per_kind[kind] + CLIENTS,
              f"{kind}: {logged} audit entries for {per_kind[kind]} acknowledged writes")

    proc, port, _ = start(tmp, db, "2")
    check(port is not None, "server restarts on the crashed store")
    if port is None:
        return 1
    try:
        owner = {}
        for w in writers:
            owner[w.n] = tokens[w.n][1]
        missing = 0
        for kind, ident, tag in done:
            token = owner[int(tag[1:tag.index("-")])]
            if kind == "record":
                s, d, _ = call(port, "GET", f"/v1/records/{ident}", token=token)
                ok = s == 200 and d.get("input", {}).get("tag") == tag
            elif kind == "case":
                s, d, _ = call(port, "GET", f"/v1/cases/{ident}", token=token)
                ref = (d or {}).get("case", {}).get("application", {}).get("reference")
                ok = s == 200 and ref == f"PO-{tag}"
            else:
                q = ident.replace(" ", "%20")
                s, d, _ = call(port, "GET", f"/v1/decisions?name={q}", token=token)
                ok = s == 200 and any(x.get("note") == tag for x in d.get("decisions", []))
            if not ok:
                missing += 1
                if missing <= 5:
                    check(False, f"acknowledged {kind} {ident} ({tag}) lost: {s} {d}")
        check(missing == 0, f"every acknowledged write survives ({missing} of {len(done)} lost)")
        # The restarted server keeps writing onto the same chain.
        s, d, _ = call(port, "POST", "/v1/records",
                       {"kind": "screening", "title": "after restart", "input": {}, "result": {}},
                       token=tokens[0][1])
        check(s == 201, f"a write after the restart is acknowledged ({s} {d})")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = -1
        check(rc == 0, f"restarted server exits 0 on SIGTERM (got {rc})")
    audit_verify(db, "after the restart")
    if failures:
        print(f"crash_safety: {len(failures)} failure(s); store kept in {tmp}", file=sys.stderr)
        return 1
    subprocess.run(["rm", "-rf", tmp])
    print("crash_safety: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
