#!/usr/bin/env python3
"""Every route x every role of `exctl serve` (driven by route_roles.sh).

The matrix comes from /openapi.json, which the server generates from its
route table (lib/server/router.c), so a route added there is tested here
without editing this file. For each route and each of the five roles and no
credentials:

- no credentials: public routes answer, every other route 401;
- a role outside the route's roles: 403 "forbidden" from the router;
- a role inside: neither 401 nor the router's 403 (the handler may still
  refuse the empty request with 400/404/409), and never a 5xx.

A hand-written list of must-deny and must-allow pairs pins concrete
expectations on top, so a widened role set in the table fails here even
though the generated matrix would follow it. Then: CSRF is enforced on
every unsafe authenticated route for cookie sessions (missing or wrong
X-CSRF-Token: 403 "csrf"; Bearer tokens need none), the login throttle
locks a user name after five failures, no password, API token, session
cookie or CSRF token appears in the server's output, and no password,
token or session cookie is kept in clear in the store file (or its WAL).
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

from exctl_http import Client

EXCTL = os.environ["EXCTL"]
SRCDIR = os.environ["SRCDIR"]
FIXTURE = os.path.join(SRCDIR, "tests/fixtures/lists/us_ofac_2021-07-07_sdn.csv.gz")
ROLES = ["exporter", "examiner", "agency_reviewer", "admin", "countersigner"]
# Path parameters: ids that do not exist, so allowed requests change nothing.
PARAMS = {"id": "999999", "action": "no_such_action", "dataset": "default", "code": "3A001",
          "number": "NO-SUCH-LICENCE", "alert": "999999"}

# Concrete expectations written out by hand: (identity, method, path) -> status.
MUST = [
    (None, "GET", "/healthz", 200),
    (None, "GET", "/openapi.json", 200),
    (None, "GET", "/metrics", 200),
    (None, "GET", "/v1/records", 401),
    (None, "GET", "/v1/records/{id}", 401),
    (None, "GET", "/v1/screen", 401),
    (None, "POST", "/v1/screen", 401),
    (None, "GET", "/v1/entities/{id}", 401),
    (None, "GET", "/v1/me", 401),
    (None, "POST", "/v1/users", 401),
    (None, "GET", "/v1/audit/verify", 401),
    (None, "POST", "/v1/cases", 401),
    (None, "GET", "/v1/cases/list", 401),
    (None, "POST", "/v1/lists/reload", 401),
    ("exporter", "GET", "/v1/users", 403),
    ("exporter", "POST", "/v1/users", 403),
    ("exporter", "PATCH", "/v1/users/{id}", 403),
    ("exporter", "GET", "/v1/audit/verify", 403),
    ("exporter", "POST", "/v1/lists/reload", 403),
    ("exporter", "POST", "/v1/cases/{id}/decision", 403),
    ("exporter", "POST", "/v1/cases/{id}/licence", 403),
    ("exporter", "POST", "/v1/cases/{id}/countersign", 403),
    ("exporter", "GET", "/v1/alerts", 403),
    ("exporter", "GET", "/v1/stats", 403),
    ("exporter", "POST", "/v1/compliance/violations", 403),
    ("examiner", "POST", "/v1/users", 403),
    ("examiner", "POST", "/v1/cases", 403),
    ("examiner", "POST", "/v1/cases/{id}/countersign", 403),
    ("examiner", "POST", "/v1/lists/reload", 403),
    ("agency_reviewer", "POST", "/v1/records", 403),
    ("agency_reviewer", "POST", "/v1/decisions", 403),
    ("agency_reviewer", "POST", "/v1/cases/{id}/decision", 403),
    ("agency_reviewer", "GET", "/v1/compliance", 403),
    ("agency_reviewer", "GET", "/v1/users", 403),
    ("countersigner", "POST", "/v1/cases/{id}/decision", 403),
    ("countersigner", "POST", "/v1/users", 403),
    ("countersigner", "POST", "/v1/cases", 403),
    ("admin", "POST", "/v1/cases", 403),
    ("admin", "POST", "/v1/cases/{id}/decision", 403),
]

failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def client(port, token=None):
    """A user (session) or a machine (token) (tests/e2e/exctl_http.py)."""
    return Client(port, token, check=check)


def err(doc):
    e = doc.get("error", {}) if isinstance(doc, dict) else {}
    return e.get("code"), e.get("message", "")


def router_denied(status, doc):
    code, msg = err(doc)
    return status == 403 and code == "forbidden" and " may not " in msg


def concrete(pattern):
    return re.sub(r"\{(\w+)\}", lambda m: PARAMS[m.group(1)], pattern)


def start(tmp, db):
    log = open(os.path.join(tmp, "server.log"), "w+")
    proc = subprocess.Popen([EXCTL, "serve", "--port", "0", "--db", db, "--list", FIXTURE,
                             "--threads", "2"], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 180
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.1)
        log.seek(0)
        text = log.read()
        m = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", text)
        if m:
            pm = re.search(r"with password (\S+)", text)
            return proc, log, int(m.group(1)), pm.group(1) if pm else None
    log.seek(0)
    print(log.read(), file=sys.stderr)
    proc.kill()
    return proc, log, None, None


def run(port, admin_pw, secrets, csrf_tokens):
    anon = client(port)
    s, api = anon.req("GET", "/openapi.json")
    check(s == 200, "openapi document")
    routes = []
    for pattern, item in api["paths"].items():
        for method, op in item.items():
            public = op.get("security") == []
            roles = set(op.get("x-roles", []))
            check(public or roles, f"{method.upper()} {pattern} declares its roles")
            check(not (public and roles), f"{method.upper()} {pattern}: public and roles")
            check(roles <= set(ROLES), f"{method.upper()} {pattern}: unknown roles {roles}")
            routes.append((method.upper(), pattern, public, roles, "requestBody" in op))
    check(len(routes) >= 40, f"the route table has its routes ({len(routes)})")
    table = {(m, p): (pub, roles) for m, p, pub, roles, _ in routes}

    # One user and one API token per role (Bearer: the matrix is about
    # roles, CSRF is checked separately below).
    admin = client(port).login("admin", admin_pw)
    secrets.add(admin.cookies.get("exctl_session", ""))
    csrf_tokens.add(admin.csrf or "")
    clients, sessions = {}, {}
    for role in ROLES:
        user, pw = f"u_{role}", f"pw-{role}-Secret-9781"
        secrets.add(pw)
        s, d = admin.req("POST", "/v1/users", {"username": user, "password": pw, "role": role,
                                               "org": "Acme KK"})
        check(s == 201, f"create {user}: {s} {d}")
        sess = client(port).login(user, pw)
        secrets.add(sess.cookies.get("exctl_session", ""))
        csrf_tokens.add(sess.csrf or "")
        s, d = sess.req("POST", "/v1/tokens", {"name": "matrix"})
        check(s == 201 and d["token"].startswith("xc_"), f"token for {role}: {s}")
        secrets.add(d["token"])
        clients[role] = client(port, d["token"])
        sessions[role] = sess
    clients[None] = anon

    # Hand-written pairs first: they must agree with the table and the server.
    for who, method, pattern, want in MUST:
        check((method, pattern) in table, f"hand-written route {method} {pattern} exists")
        if (method, pattern) not in table:
            continue
        pub, roles = table[(method, pattern)]
        if want == 403:
            check(who not in roles, f"table lets {who} {method} {pattern}")
        if want == 401:
            check(not pub, f"table makes {method} {pattern} public")
        body = {} if method in ("POST", "PATCH") else None
        s, d = clients[who].req(method, concrete(pattern), body)
        if want == 403:
            check(router_denied(s, d), f"{who} {method} {pattern}: {s} {d}, want 403")
        else:
            check(s == want, f"{who or 'no credentials'} {method} {pattern}: {s}, want {want}")

    # The generated matrix.
    allowed = denied = 0
    for method, pattern, pub, roles, has_body in routes:
        path = concrete(pattern)
        for who in [None] + ROLES:
            if method == "POST" and pattern == "/v1/logout" and who is not None:
                continue  # Bearer logout is harmless, but keep the sessions alive
            body = {} if has_body else None
            s, d = clients[who].req(method, path, body)
            what = f"{who or 'no credentials'} {method} {pattern} -> {s} {err(d)}"
            if who is None and not pub:
                check(s == 401 and err(d)[0] == "unauthorized", what + ", want 401")
                denied += 1
            elif who is not None and not pub and who not in roles:
                check(router_denied(s, d), what + ", want the router's 403")
                denied += 1
            else:
                check(s not in (401,) and not router_denied(s, d), what + ", want access")
                check(s < 500, what + ", want no server error")
                allowed += 1
    print(f"route_roles: {len(routes)} routes x {len(ROLES) + 1} identities: "
          f"{allowed} allowed, {denied} denied")

    # CSRF: a cookie session's unsafe request needs the header, whatever the
    # route; the check comes before the role check, so every role is tried
    # on every unsafe route.
    csrf_checked = 0
    for method, pattern, pub, roles, has_body in routes:
        if pub or method in ("GET", "HEAD"):
            continue
        if pattern == "/v1/logout":
            continue
        role = sorted(roles)[0]
        sess = sessions[role]
        body = {} if has_body else None
        s, d = sess.req(method, concrete(pattern), body, csrf=False)
        check(s == 403 and err(d)[0] == "csrf", f"{role} session {method} {pattern} "
              f"without X-CSRF-Token: {s} {err(d)}")
        s, d = sess.req(method, concrete(pattern), body, csrf_value="0" * 64)
        check(s == 403 and err(d)[0] == "csrf", f"{role} session {method} {pattern} "
              f"with a wrong X-CSRF-Token: {s} {err(d)}")
        other = sessions[[r for r in ROLES if r != role][0]].csrf
        s, d = sess.req(method, concrete(pattern), body, csrf_value=other)
        check(s == 403 and err(d)[0] == "csrf", f"{role} session {method} {pattern} "
              f"with another session's token: {s} {err(d)}")
        s, d = sess.req(method, concrete(pattern), body)
        check(err(d)[0] != "csrf" and s != 401, f"{role} session {method} {pattern} "
              f"with its token: {s} {err(d)}")
        csrf_checked += 1
    check(csrf_checked >= 30, f"CSRF checked on the unsafe routes ({csrf_checked})")
    # A safe method needs no token; a Bearer token needs none either.
    s, _ = sessions["exporter"].req("GET", "/v1/me", csrf=False)
    check(s == 200, f"GET with a session needs no CSRF header ({s})")
    s, d = clients["exporter"].req("POST", "/v1/records",
                                   {"kind": "screening", "input": {}, "result": {}})
    check(s == 201, f"Bearer POST needs no CSRF header ({s} {d})")

    # Login throttle: five failures lock the name, even for the right
    # password; another user is unaffected.
    victim, vpw = "u_throttle", "pw-throttle-Secret-5512"
    secrets.add(vpw)
    s, _ = admin.req("POST", "/v1/users", {"username": victim, "password": vpw,
                                           "role": "exporter", "org": "Acme KK"})
    check(s == 201, "create the throttle user")
    wrong = [f"wrong-guess-{i}-Secret" for i in range(5)]
    secrets.update(wrong)
    for w in wrong:
        s, d = anon.req("POST", "/v1/login", {"username": victim, "password": w})
        check(s == 401, f"wrong password refused ({s})")
    s, d = anon.req("POST", "/v1/login", {"username": victim, "password": vpw})
    check(s == 429 and err(d)[0] == "too_many_requests",
          f"sixth attempt locked out even with the right password ({s} {d})")
    s, d = client(port).req("POST", "/v1/login",
                            {"username": "u_examiner", "password": "pw-examiner-Secret-9781"})
    check(s == 200, f"another user still logs in ({s})")
    return True


def main():
    tmp = tempfile.mkdtemp(prefix="exctl_roles_")
    db = os.path.join(tmp, "exctl.db")
    proc, log, port, admin_pw = start(tmp, db)
    if port is None:
        print("server did not start", file=sys.stderr)
        return 1
    secrets, csrf_tokens = set(), set()
    try:
        run(port, admin_pw, secrets, csrf_tokens)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = -1
        check(rc == 0, f"server exits 0 on SIGTERM (got {rc})")
    # Secrets: never in the server's output (the one line announcing the
    # first admin password aside), never in the store or its WAL.
    secrets.discard("")
    log.seek(0)
    out = [l for l in log.read().splitlines() if "created user 'admin' with password" not in l]
    text = "\n".join(out)
    blobs = b""
    for name in os.listdir(tmp):
        if name.startswith("exctl.db"):
            blobs += open(os.path.join(tmp, name), "rb").read()
    secrets.add(admin_pw)
    csrf_tokens.discard("")
    for sec in sorted(secrets | csrf_tokens):
        check(sec not in text, f"secret {sec[:6]}... appears in the server output")
    # Passwords, session cookies and API tokens are stored only as hashes.
    # A CSRF token is kept as it is: the server compares the header with
    # it, and it opens nothing without the session cookie it belongs to.
    for sec in sorted(secrets):
        check(sec.encode() not in blobs, f"secret {sec[:6]}... stored in clear in the store")
    check(len(secrets) >= 20, f"secrets collected ({len(secrets)})")
    if failures:
        print(f"route_roles: {len(failures)} of {checks} checks failed; files in {tmp}",
              file=sys.stderr)
        return 1
    subprocess.run(["rm", "-rf", tmp])
    print(f"route_roles: all {checks} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
