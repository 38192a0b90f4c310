#!/usr/bin/env python3
"""Latency of `copydesk serve` as an editor feels it.

Opens a generated 10,000-word story, then types 200 characters one by one
into a paragraph in the middle, each as an incremental didChange, and
measures the time from sending each change to receiving the
publishDiagnostics for that version. Also measures didOpen to the first
diagnostics, and the server's resident memory (from /proc).

    python3 benches/lsp_latency.py [--bin target/release/copydesk] [--words 10000]
        [--chars 200] [--baseline ROUNDS] [--from DIR] [--json]

--from DIR types into messy draft copy instead: the stories in DIR (sorted
by name) run together until the text has --words words, each with its own
headline, byline and dateline, as a draft pasted from several wire
stories is (`--from ../shared/eval/dev/injected` gives about 180 findings
for 10,000 words).

Any LSP server that pushes diagnostics can be measured with --cmd
"other-server --stdio" for comparison (harper-ls, say). A server that asks
for whole documents (textDocumentSync Full, as harper-ls does) is sent the
whole story at each keystroke, as an editor would send it;
--force-incremental sends it the one-character changes anyway (it then
checks a story of one character). For a server whose diagnostics carry no
version, add --any-version: each change is then answered by the first
diagnostics for the story that arrive after it. Needs only the standard
library.

--baseline ROUNDS measures, in alternate rounds, the server and an echo
server (this script with --serve-echo: it answers each change with empty
diagnostics and does no other work), and reports both medians and their
difference: what the server adds to the round trip of the pipes, the
client and the machine, which shared machines vary from minute to minute.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time

FIRST = ["Marta", "Anna", "Oleksandr", "Iryna", "Dmytro", "Sofia", "James", "Laila", "Tomas", "Nadia"]
LAST = ["Olsen", "Reyes", "Kovalenko", "Shevchenko", "Bondar", "Marchetti", "Okafor", "Haddad", "Novak", "Lindqvist"]
WORDS = (
    "officials said the talks would resume after a pause in the fighting while grain exports "
    "continued through the port despite warnings from the ministry about shortages in the region "
    "and farmers described the harvest as the hardest in years with prices rising quickly"
).split()
PLACES = ["Kyiv", "Odesa", "Lviv", "Kharkiv", "Brussels", "Warsaw"]


def concatenated(folder, words):
    """Stories from `folder` run together until about `words` words."""
    out, count = [], 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith((".md", ".txt")):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            t = f.read().replace("\r\n", "\n").strip()
        out.append(t)
        count += len(t.split())
        if count >= words:
            break
    return "\n\n".join(out) + "\n"


def story(words, seed=7):
    """A synthetic wire story of about `words` words (no real copy)."""
    rnd = random.Random(seed)
    out = ["# Grain talks resume as ports reopen", "", "By Anna Reyes and Tomas Novak", "",
           "KYIV, Ukraine (AP) — Officials met on Monday to discuss grain exports, officials said."]
    count = 30
    people = [f"{rnd.choice(FIRST)} {rnd.choice(LAST)}" for _ in range(12)]
    n = 0
    while count < words:
        n += 1
        sent = []
        for _ in range(rnd.randint(3, 5)):
            w = [rnd.choice(WORDS) for _ in range(rnd.randint(8, 16))]
            w[0] = w[0].capitalize()
            if rnd.random() < 0.5:
                w.insert(rnd.randint(1, len(w) - 1), rnd.choice(PLACES))
            s = " ".join(w) + "."
            if rnd.random() < 0.35:
                p = rnd.choice(people)
                s = f"\u201c{s[:-1]},\u201d {p} said."
            sent.append(s)
        para = " ".join(sent)
        if rnd.random() < 0.05:
            para += " The mayor of Kiev disagreed."
        count += len(para.split())
        out += ["", para]
        if n % 25 == 0:
            out += ["", f"## Section {n // 25}"]
    out += ["", f"{people[0]} reported from Kyiv. {people[1]} contributed to this report.", ""]
    return "\n".join(out)


class Lsp:
    """A minimal synchronous client: one thread, raw reads, and no JSON
    parsing of the messages it only needs to recognise, so that its own
    overhead stays small next to the server's."""

    def __init__(self, cmd):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, bufsize=0)
        self.fd = self.p.stdout.fileno()
        self.buf = b""
        self.next_id = 1

    def _read_frame(self):
        """The next message body (bytes) and when it was complete."""
        while True:
            h = self.buf.find(b"\r\n\r\n")
            if h >= 0:
                length = None
                for line in self.buf[:h].split(b"\r\n"):
                    k, _, v = line.partition(b":")
                    if k.strip().lower() == b"content-length":
                        length = int(v)
                end = h + 4 + length
                if len(self.buf) >= end:
                    body = self.buf[h + 4:end]
                    self.buf = self.buf[end:]
                    return time.perf_counter(), body
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                raise EOFError("server closed its output")
            self.buf += chunk

    def send(self, msg):
        b = json.dumps(msg).encode()
        view = memoryview(b"Content-Length: %d\r\n\r\n" % len(b) + b)
        fd = self.p.stdin.fileno()
        while view:
            view = view[os.write(fd, view):]

    def _answer_server_request(self, body):
        m = json.loads(body)
        if "method" in m and "id" in m:
            self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
        return m

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            _, body = self._read_frame()
            m = self._answer_server_request(body)
            if m.get("id") == i and "method" not in m:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_diagnostics(self, uri, version):
        """Wait for publishDiagnostics of `uri` at `version` (any version
        when None); returns (arrival time, params)."""
        want = b'"version":%d' % version if version is not None else None
        while True:
            t, body = self._read_frame()
            if b"publishDiagnostics" in body and uri.encode() in body:
                if want is None or want in body.replace(b'": ', b'":'):
                    return t, json.loads(body)["params"]
                continue
            self._answer_server_request(body)


def rss_kb(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                out[k] = int(v.split()[0])
    return out


def utf16_col(s):
    return sum(2 if ord(c) > 0xFFFF else 1 for c in s)


def serve_echo():
    """A language server that does nothing: empty diagnostics for each
    opened or changed document, at its version (the floor --baseline
    measures against)."""
    fd_in, fd_out = sys.stdin.fileno(), sys.stdout.fileno()
    buf = b""

    def send(m):
        b = json.dumps(m).encode()
        os.write(fd_out, b"Content-Length: %d\r\n\r\n" % len(b) + b)

    def length(headers):
        for line in headers.split(b"\r\n"):
            k, _, v = line.partition(b":")
            if k.strip().lower() == b"content-length":
                return int(v)
        return 0

    while True:
        h = buf.find(b"\r\n\r\n")
        if h < 0 or len(buf) < h + 4 + length(buf[:h]):
            chunk = os.read(fd_in, 1 << 20)
            if not chunk:
                return
            buf += chunk
            continue
        n = length(buf[:h])
        m = json.loads(buf[h + 4:h + 4 + n])
        buf = buf[h + 4 + n:]
        method = m.get("method")
        if method == "initialize":
            send({"jsonrpc": "2.0", "id": m["id"], "result": {"capabilities": {}}})
        elif method == "shutdown":
            send({"jsonrpc": "2.0", "id": m["id"], "result": None})
        elif method == "exit":
            return
        elif method in ("textDocument/didOpen", "textDocument/didChange"):
            td = m["params"]["textDocument"]
            send({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": {
                "uri": td["uri"], "version": td["version"], "diagnostics": []}})


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(here, "..", "target"))
    ap.add_argument("--bin", default=os.path.join(target, "release", "copydesk"))
    ap.add_argument("--cmd", help="another server command line, instead of --bin serve")
    ap.add_argument("--any-version", action="store_true",
                    help="take the first diagnostics after each change as its answer "
                         "(for servers that do not stamp diagnostics with a version)")
    ap.add_argument("--force-incremental", action="store_true",
                    help="send one-character changes even to a server that asks for whole documents")
    ap.add_argument("--words", type=int, default=10000)
    ap.add_argument("--chars", type=int, default=200)
    ap.add_argument("--baseline", type=int, default=0, metavar="ROUNDS",
                    help="alternate ROUNDS runs of the server and of an echo server")
    ap.add_argument("--from", dest="folder", metavar="DIR",
                    help="type into the stories of DIR run together (messy draft copy)")
    ap.add_argument("--serve-echo", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if a.serve_echo:
        return serve_echo()

    cmd = a.cmd.split() if a.cmd else [a.bin, "serve"]
    text = concatenated(a.folder, a.words) if a.folder else story(a.words)
    if a.baseline > 0:
        echo = [sys.executable, os.path.abspath(__file__), "--serve-echo"]
        runs, floors = [], []
        for _ in range(a.baseline):
            runs.append(measure(cmd, text, a.chars, a.any_version, a.force_incremental))
            floors.append(measure(echo, text, a.chars))
        res = dict(runs[-1])
        for k in ("typing_median_ms", "typing_p95_ms"):
            res[k] = round(statistics.median(r[k] for r in runs), 3)
            res["echo_" + k] = round(statistics.median(f[k] for f in floors), 3)
        res["above_echo_median_ms"] = round(
            statistics.median(r["typing_median_ms"] - f["typing_median_ms"]
                              for r, f in zip(runs, floors)), 3)
        res["rounds"] = a.baseline
    else:
        res = measure(cmd, text, a.chars, a.any_version, a.force_incremental)
    if a.json:
        print(json.dumps(res))
    else:
        for k, v in res.items():
            print(f"{k:32} {v}")


def measure(cmd, text, chars, any_version=False, force_incremental=False):
    """Open the story `text` with the server `cmd`, type `chars`
    characters into it, and say how long each answer took. With
    `any_version`, the first diagnostics after a change answer it. A
    server that asks for whole documents gets them, unless
    `force_incremental`."""
    uri = "file:///tmp/copydesk-latency/story.md"
    lsp = Lsp(cmd)
    init = lsp.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {
        "textDocument": {"publishDiagnostics": {"versionSupport": True}}}})
    sync = (init.get("result") or {}).get("capabilities", {}).get("textDocumentSync")
    full = (sync.get("change") if isinstance(sync, dict) else sync) == 1 and not force_incremental
    lsp.notify("initialized", {})
    time.sleep(0.2)

    t0 = time.perf_counter()
    lsp.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    t1, first = lsp.wait_diagnostics(uri, None)
    open_ms = (t1 - t0) * 1000

    # Type into the middle of a paragraph in the middle of the story.
    lines = text.split("\n")
    mid = len(lines) // 2
    while not lines[mid] or lines[mid].startswith("#"):
        mid += 1
    col_text = lines[mid][: len(lines[mid]) // 2]
    line, col = mid, utf16_col(col_text)
    typed = ("and the minister said Kiev would wait " * 10)[:chars]
    lat = []
    version = 1
    at = len(col_text)
    for ch in typed:
        version += 1
        if full:
            lines[mid] = lines[mid][:at] + ch + lines[mid][at:]
            at += len(ch)
            change = {"text": "\n".join(lines)}
        else:
            change = {"range": {"start": {"line": line, "character": col},
                                "end": {"line": line, "character": col}}, "text": ch}
        t0 = time.perf_counter()
        lsp.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        t1, _ = lsp.wait_diagnostics(uri, None if any_version else version)
        lat.append((t1 - t0) * 1000)
        col += utf16_col(ch)
    mem = rss_kb(lsp.p.pid)
    lsp.request("shutdown", None)
    lsp.notify("exit", None)
    try:
        lsp.p.wait(timeout=5)
    except subprocess.TimeoutExpired:
        lsp.p.kill()

    lat_sorted = sorted(lat)
    res = {
        "words": len(text.split()),
        "bytes": len(text.encode()),
        "first_diagnostics": len(first["diagnostics"]),
        "open_to_first_diagnostics_ms": round(open_ms, 3),
        "typing_median_ms": round(statistics.median(lat), 3),
        "typing_p95_ms": round(lat_sorted[int(0.95 * (len(lat) - 1))], 3),
        "typing_max_ms": round(lat_sorted[-1], 3),
        "rss_mb": round(mem.get("VmRSS", 0) / 1024, 1),
        "sync": "full" if full else "incremental",
        "peak_rss_mb": round(mem.get("VmHWM", 0) / 1024, 1),
    }
    return res


if __name__ == "__main__":
    sys.exit(main())
