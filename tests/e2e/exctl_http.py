"""The HTTP client of the end-to-end tests (tests/e2e/*.py) that drive `exctl serve`.

One request per connection (http.client, so the tests see exactly what the server sends,
with no retries or redirects), JSON bodies, and a client object that keeps what a browser
or a machine would keep between requests: the session cookies (a cookie set with
Max-Age=0 is dropped), the CSRF token it sends as X-CSRF-Token on unsafe methods of a
cookie session, and an API token it sends as a Bearer credential. A test may pass

- check: its check(cond, message) function, used by login();
- record: a function given (method, route) for every request, so that a test can compare
  the routes it exercised with the OpenAPI document (the route is the path without its
  query unless the caller names the pattern);
- empty_body: send {} when a POST or PATCH is given no body (the workflow routes all take
  a JSON object).

Answers are decoded as JSON when they are JSON, else returned as text (/metrics), None when
empty.
"""
import http.client
import json
import re

HOST = "127.0.0.1"
# What a request raises when the server is gone or dies mid-answer.
TransportError = (OSError, http.client.HTTPException)


class Reply:
    """Status, headers and raw body of one answer."""

    def __init__(self, status, headers, payload):
        self.status = status
        self.headers = headers      # [(name, value)] as received
        self.payload = payload

    def getheader(self, name, default=None):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return default

    @property
    def cookies(self):
        """Cookies the answer sets: {name: value} (value None when it clears the cookie)."""
        out = {}
        for k, v in self.headers:
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                out[name] = None if "max-age=0" in v.lower() else rest.split(";", 1)[0]
        return out


def decode(payload):
    if not payload:
        return None
    try:
        return json.loads(payload)
    except ValueError:
        return payload.decode("utf-8", "replace")


def call(port, method, path, body=None, token=None, cookies=None, csrf=None, *, raw=None,
         headers=None, ctype="application/json", timeout=120):
    """One request on a fresh connection: (status, doc, Reply). body is sent as JSON, raw
    as it is (with Content-Type ctype either way)."""
    h = dict(headers or {})
    if token:
        h["Authorization"] = "Bearer " + token
    if cookies:
        h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if csrf:
        h["X-CSRF-Token"] = csrf
    data = raw
    if body is not None:
        data = json.dumps(body).encode()
    if data is not None:
        h["Content-Type"] = ctype
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=h)
        resp = conn.getresponse()
        reply = Reply(resp.status, resp.getheaders(), resp.read())
    finally:
        conn.close()
    return reply.status, decode(reply.payload), reply


class Client:
    """A user (session cookie, CSRF token) or a machine (API token) talking to one server."""

    def __init__(self, port, token=None, *, check=None, record=None, empty_body=False,
                 timeout=120):
        self.port = port
        self.token = token
        self.cookies = {}
        self.csrf = None
        self.check = check
        self.record = record
        self.empty_body = empty_body
        self.timeout = timeout

    def at(self, port):
        """The same credentials against another server."""
        c = Client(port, self.token, check=self.check, record=self.record,
                   empty_body=self.empty_body, timeout=self.timeout)
        c.cookies, c.csrf = dict(self.cookies), self.csrf
        return c

    def send(self, method, path, body=None, *, raw=None, headers=None, csrf=True,
             csrf_value=None, ctype="application/json", route=None):
        """(status, doc, Reply). csrf=False leaves the X-CSRF-Token header out; csrf_value
        sends that value instead of the session's."""
        if body is None and raw is None and self.empty_body and method in ("POST", "PATCH"):
            body = {}
        token = csrf_value
        if token is None and csrf and method not in ("GET", "HEAD"):
            token = self.csrf
        status, doc, reply = call(self.port, method, path, body, self.token, self.cookies,
                                  token, raw=raw, headers=headers, ctype=ctype,
                                  timeout=self.timeout)
        for name, value in reply.cookies.items():
            if value is None:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        if self.record:
            self.record((method, route or re.sub(r"\?.*", "", path)))
        return status, doc, reply

    def req(self, method, path, body=None, **kw):
        """(status, doc); keywords as for send()."""
        status, doc, _ = self.send(method, path, body, **kw)
        return status, doc

    def login(self, user, password):
        """Log in with a session cookie; returns self (the check function, if any, is told
        whether it worked)."""
        s, d = self.req("POST", "/v1/login", {"username": user, "password": password})
        if self.check:
            self.check(s == 200, f"{user} logs in on :{self.port} ({s} {d})")
        self.csrf = d.get("csrf_token") if isinstance(d, dict) else None
        return self
