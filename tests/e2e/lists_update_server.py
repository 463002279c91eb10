#!/usr/bin/env python3
"""Local HTTP server for tests/e2e/lists_update.sh: serves the files of one
directory and misbehaves on request, so that every way a list download can
go wrong is exercised without the internet.

    GET /ok/NAME         the file
    GET /gz/NAME         the file gzip-encoded (Content-Encoding: gzip)
    GET /badgz/NAME      Content-Encoding: gzip with a corrupt body
    GET /truncated/NAME  Content-Length of the whole file, half the body, close
    GET /error500/NAME   HTTP 500
    GET /slow/NAME       headers and a few bytes, then nothing for 60 s
    GET /html/NAME       200 with an HTML error page instead of the file

Usage: lists_update_server.py DIR PORTFILE  (writes the chosen port there)
"""
import gzip, http.server, os, socketserver, sys, time

ROOT = sys.argv[1]

class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def send(self, status, body, headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        if not any(k == "Content-Length" for k, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        parts = self.path.lstrip("/").split("/", 1)
        if len(parts) != 2 or "/" in parts[1] or parts[1].startswith("."):
            return self.send(404, b"not found")
        mode, name = parts
        path = os.path.join(ROOT, name)
        if not os.path.isfile(path):
            return self.send(404, b"not found")
        data = open(path, "rb").read()
        if mode == "ok":
            self.send(200, data)
        elif mode == "gz":
            self.send(200, gzip.compress(data), [("Content-Encoding", "gzip")])
        elif mode == "badgz":
            z = bytearray(gzip.compress(data))
            z[len(z) // 2:] = b"\x00garbage" * (len(z) // 16 + 1)
            self.send(200, bytes(z[:len(z)]), [("Content-Encoding", "gzip")])
        elif mode == "truncated":
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif mode == "error500":
            self.send(500, b"internal error")
        elif mode == "slow":
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[:10])
            self.wfile.flush()
            time.sleep(60)
        elif mode == "html":
            self.send(200, b"<!DOCTYPE html><html><body><h1>Service unavailable</h1>"
                           b"</body></html>\n", [("Content-Type", "text/html")])
        else:
            self.send(404, b"unknown mode")

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that time out or are killed mid-transfer are the point

srv = Server(("127.0.0.1", 0), Handler)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
srv.serve_forever()
