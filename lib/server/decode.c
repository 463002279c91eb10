/*
 * server — decoding a request body into what the handlers get.
 *
 * libmicrohttpd parses the HTTP framing, the headers, the query and the
 * cookies; everything after that is exctl's own decoding: the route match
 * (router.c), then this function for routes that take a body, then the
 * handlers' field extraction (srv_jstr). Keeping the body step a pure
 * function of (Content-Type, bytes) lets the fuzz harness
 * (fuzz/fuzz_http_request.c) drive the same code the server runs.
 *
 * Bodies are JSON objects; duplicate keys are refused, because two readers
 * of one document (a proxy that logs the first "role", a handler that
 * uses the last) must never see different requests.
 */
#include <stdio.h>
#include "core/core.h"
#include "server/srv.h"

int srv_decode_body(const char *ctype, const char *body, size_t len, json_t **out,
                    const char **code, char *msg, size_t msgsz)
{
    json_error_t je;
    *out = NULL;
    *code = NULL;
    if (!ctype || !xc_istarts(ctype, "application/json")) {
        *code = "unsupported_media_type";
        snprintf(msg, msgsz, "send the request body as application/json");
        return 415;
    }
    json_t *j = json_loadb(body ? body : "", body ? len : 0, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        *code = "bad_json";
        snprintf(msg, msgsz, "malformed JSON at line %d column %d: %s", je.line, je.column,
                 je.text);
        return 400;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        *code = "bad_json";
        snprintf(msg, msgsz, "the request body must be a JSON object");
        return 400;
    }
    *out = j;
    return 0;
}
