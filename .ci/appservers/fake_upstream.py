#!/usr/bin/env python3
"""A tiny OpenAI-compatible upstream for the app-server smoke suite.

POST .../chat/completions answers with a JSON completion, or with an SSE stream of three
content chunks, a usage chunk and [DONE] when the request asks for "stream": true. Every
request is logged to stdout so a failing smoke run shows what the gateway sent.
Usage: fake_upstream.py PORT_FILE  (binds an ephemeral port on 127.0.0.1 and writes it there)
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def chunk(delta, finish=None, usage=None):
    body = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": "gpt-4o-mini",
        "choices": [] if usage else [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    if usage:
        body["usage"] = usage
    return "data: " + json.dumps(body) + "\n\n"


USAGE = {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        print(f"{self.command} {self.path} {raw[:300]!r}", flush=True)
        if not self.path.endswith("/chat/completions"):
            return self.reply(404, {"error": {"message": "no route " + self.path, "type": "invalid_request_error"}})
        request = json.loads(raw or b"{}")
        if request.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            events = [chunk({"role": "assistant", "content": "Hello"}), chunk({"content": " from"}),
                      chunk({"content": " fake"}, finish="stop"), chunk(None, usage=USAGE), "data: [DONE]\n\n"]
            for event in events:
                self.wfile.write(event.encode())
                self.wfile.flush()
                time.sleep(0.02)
            self.close_connection = True
            return
        self.reply(200, {
            "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": "gpt-4o-mini",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello from fake"}, "finish_reason": "stop"}],
            "usage": USAGE,
        })

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(sys.argv[1], "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()
