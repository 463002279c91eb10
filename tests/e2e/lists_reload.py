#!/usr/bin/env python3
"""Lists swapped under a running server (called by lists_update.sh, which
sets up the fixture HTTP server, EXCTL_DATA_DIR and EXCTL_STATE_DIR).

    lists_reload.py BASE_URL FILES_DIR WORK_DIR

`exctl serve` runs on the bundled lists with their installed updates while
clients screen continuously (GET /v1/screen and POST /v1/screen). Meanwhile
`exctl lists update` alternates un-sc between two versions and each time
POST /v1/lists/reload swaps them in. Every screening must answer 200, and
each batch answer must be consistent with the versions it names: an entity
present only in the larger version is found exactly when the answer names
that version. A reload over a broken state file fails and changes nothing.
"""
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

from exctl_http import Client, TransportError, call

EXCTL = os.environ["EXCTL"]
BASE, FILES, WORK = sys.argv[1:4]
RELOADS = 4

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def install(name):
    """Make FILES/name the installed un-sc version; its sha256."""
    src = os.path.join(WORK, "reload-src.json")
    with open(src, "w") as f:
        json.dump({"lists": [{"id": "un-sc", "format": "un-xml", "files": [
            {"name": "consolidated.xml", "url": f"{BASE}/ok/{name}"}]}]}, f)
    r = subprocess.run([EXCTL, "lists", "update", "--sources", src, "--force"],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"lists update to {name}: {r.stdout} {r.stderr}")
    r = subprocess.run([EXCTL, "lists", "--json"], capture_output=True, text=True)
    for l in json.loads(r.stdout)["lists"]:
        if l["id"] == "un-sc":
            return l["sha256"]
    return None


def removed_names():
    """Names of the individuals in un_full.xml but not in un_most.xml."""
    def individuals(name):
        text = open(os.path.join(FILES, name), encoding="utf-8").read()
        return re.findall(r"<INDIVIDUAL>.*?</INDIVIDUAL>", text, re.S)
    most = set(individuals("un_most.xml"))
    out = []
    for block in individuals("un_full.xml"):
        if block in most:
            continue
        parts = [re.search(rf"<{t}>(.*?)</{t}>", block, re.S) for t in
                 ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME")]
        name = " ".join(p.group(1).strip() for p in parts if p and p.group(1).strip())
        if name:
            out.append(name)
    return out


class Screener(threading.Thread):
    def __init__(self, port, token, probe, entity, shas, batch, stop):
        super().__init__(daemon=True)
        self.port, self.token, self.probe, self.entity = port, token, probe, entity
        self.shas, self.batch, self.stop = shas, batch, stop
        self.ok = 0
        self.bad = []
        self.by_version = {}

    def run(self):
        q = self.probe.replace(" ", "%20")
        while not self.stop.is_set():
            try:
                if self.batch:
                    s, d, _ = call(self.port, "POST", "/v1/screen",
                                   {"parties": [{"name": self.probe}]}, self.token)
                else:
                    s, d, _ = call(self.port, "GET", f"/v1/screen?name={q}", token=self.token)
            except TransportError as e:
                self.bad.append(repr(e))
                continue
            if s != 200:
                self.bad.append(f"{s} {d}")
                continue
            self.ok += 1
            if self.batch:
                sha = d["versions"]["un-sc"]["sha256"]
                hits = {h["id"] for h in d["results"][0]["results"]}
                self.by_version[sha] = self.by_version.get(sha, 0) + 1
                if sha not in self.shas:
                    self.bad.append(f"answer names an unknown version {sha}")
                elif (self.entity in hits) != (sha == self.shas[0]):
                    self.bad.append(f"hit {self.entity in hits} under version {sha[:12]}")


def main():
    sha_full = install("un_full.xml")
    log = open(os.path.join(WORK, "reload-server.log"), "w+")
    proc = subprocess.Popen([EXCTL, "serve", "--port", "0", "--db",
                             os.path.join(WORK, "reload.db"), "--threads", "2"],
                            stdout=log, stderr=subprocess.STDOUT)
    port = password = None
    deadline = time.time() + 180
    while time.time() < deadline and port is None and proc.poll() is None:
        time.sleep(0.1)
        log.seek(0)
        text = log.read()
        m = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", text)
        if m:
            port = int(m.group(1))
            password = re.search(r"with password (\S+)", text).group(1)
    if port is None:
        log.seek(0)
        print(log.read(), file=sys.stderr)
        proc.kill()
        return 1
    stop = threading.Event()
    clients = []
    try:
        s, d = Client(port, check=check).login("admin", password).req(
            "POST", "/v1/tokens", {"name": "reload"})
        token = d["token"]
        s, d, _ = call(port, "GET", "/v1/lists", token=token)
        served = {l["id"]: l["sha256"] for l in d["lists"]}
        check(served.get("un-sc") == sha_full,
              f"the server loads the installed update ({served.get('un-sc')} != {sha_full})")
        # An entity only the full version has, and a name that finds it.
        probe = entity = None
        for name in removed_names():
            s, d, _ = call(port, "POST", "/v1/screen", {"parties": [{"name": name}]}, token)
            hits = [h["id"] for h in d["results"][0]["results"] if h["id"].startswith("un-sc:")]
            if s == 200 and hits:
                probe, entity = name, hits[0]
                break
        check(probe is not None, "a name that finds an entity only the full version has")
        if probe is None:
            return 1
        sha_most = None
        shas = [sha_full]
        for batch in (False, False, True, True):
            clients.append(Screener(port, token, probe, entity, shas, batch, stop))
        for c in clients:
            c.start()
        for i in range(RELOADS):
            want = "un_most.xml" if i % 2 == 0 else "un_full.xml"
            sha = install(want)
            if want == "un_most.xml":
                sha_most = sha
                if len(shas) == 1:
                    shas.append(sha)
            before = sum(c.ok for c in clients)
            s, d, _ = call(port, "POST", "/v1/lists/reload", {}, token)
            check(s == 200 and d["lists"]["un-sc"]["sha256"] == sha,
                  f"reload {i + 1} to {want}: {s} {d and d.get('lists')}")
            s, d, _ = call(port, "GET", "/v1/lists", token=token)
            now = {l["id"]: l["sha256"] for l in d["lists"]}.get("un-sc")
            check(now == sha, f"after reload {i + 1} /v1/lists names {want}")
            # Let screening run on the new generation before the next swap.
            while sum(c.ok for c in clients) < before + 20 and all(c.is_alive() for c in clients):
                time.sleep(0.05)
        check(sha_most and sha_most != sha_full, "the two versions differ")
        # A reload that cannot load (state.json names a missing file) fails
        # and leaves the current generation serving.
        state = os.path.join(os.environ["EXCTL_STATE_DIR"], "lists", "state.json")
        good = open(state).read()
        doc = json.loads(good)
        doc["lists"]["un-sc"]["file"] = "missing.xml"
        with open(state, "w") as f:
            json.dump(doc, f)
        s, d, _ = call(port, "POST", "/v1/lists/reload", {}, token)
        with open(state, "w") as f:
            f.write(good)
        check(s >= 400 and "missing.xml" in json.dumps(d),
              f"a reload over a broken state file fails and names the file: {s} {d}")
        s, d, _ = call(port, "GET", "/v1/lists", token=token)
        now = {l["id"]: l["sha256"] for l in d["lists"]}.get("un-sc")
        check(s == 200 and now == sha, "the failed reload left the lists in place")
        time.sleep(0.5)
    finally:
        stop.set()
        for c in clients:
            c.join(timeout=120)
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = -1
        check(rc == 0, f"server exits 0 on SIGTERM (got {rc})")
    ok = sum(c.ok for c in clients)
    bad = [b for c in clients for b in c.bad]
    versions = {}
    for c in clients:
        for k, v in c.by_version.items():
            versions[k[:12]] = versions.get(k[:12], 0) + v
    print(f"lists_reload: {RELOADS} reloads under load: {ok} screenings answered 200, "
          f"{len(bad)} not; batch answers per un-sc version {versions}")
    check(not bad, f"every screening during the reloads answers 200, consistently: {bad[:5]}")
    check(ok >= RELOADS * 20, f"screening kept running ({ok} answers)")
    check(len(versions) == 2, f"batch answers came from both versions ({versions})")
    if failures:
        log.seek(0)
        print(log.read()[-3000:], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
