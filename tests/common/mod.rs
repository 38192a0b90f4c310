//! A small LSP client for end-to-end tests: spawns the real `copydesk
//! serve`, speaks JSON-RPC with Content-Length framing over its stdin and
//! stdout, answers the server's own requests, and keeps the notifications
//! it receives until a test asks for them.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Messages received but not yet asked for.
    pending: VecDeque<Value>,
    /// The server's requests, as received (they are answered with null).
    pub server_requests: Vec<Value>,
}

/// Read one framed message.
pub fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len: Option<usize> = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse().ok();
        }
    }
    let mut buf = vec![0u8; len?];
    r.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

pub fn frame(v: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(v).unwrap();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend(body);
    out
}

impl Client {
    /// Start `copydesk serve` (with `extra` arguments).
    pub fn spawn(extra: &[&str]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .arg("serve")
            .args(extra)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("COPYDESK_TEST_STDERR").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("spawn copydesk serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(v) = read_message(&mut r) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        Client {
            child,
            stdin,
            rx,
            next_id: 1,
            pending: VecDeque::new(),
            server_requests: Vec::new(),
        }
    }

    pub fn send(&mut self, v: &Value) {
        let bytes = frame(v);
        self.send_raw(&bytes);
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Receive the next message, answering server requests on the way.
    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(v) => {
                    if v.get("method").is_some() && v.get("id").is_some() {
                        let id = v["id"].clone();
                        self.server_requests.push(v);
                        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
                        continue;
                    }
                    return Some(v);
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    return None
                }
            }
        }
    }

    /// Send a request and wait for its response (the whole response
    /// object, with `result` or `error`).
    pub fn request_full(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_response(id)
    }

    pub fn wait_response(&mut self, id: i64) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let v = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no response to request {id}"));
            if v.get("id") == Some(&json!(id)) && v.get("method").is_none() {
                return v;
            }
            self.pending.push_back(v);
        }
    }

    /// Wait until the server has sent a request `method` (answered on
    /// the way); other messages are kept for later waits.
    pub fn wait_server_request(&mut self, method: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(r) = self.server_requests.iter().find(|r| r["method"] == method) {
                return r.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no {method} request from the server"
            );
            // `recv` answers requests and waits on for another message: ask
            // in short steps.
            if let Some(v) = self.recv(Instant::now() + Duration::from_millis(50)) {
                self.pending.push_back(v);
            }
        }
    }

    /// Send a request and return its `result` (panics on an error).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.request_full(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    /// Wait for a notification `method` whose params satisfy `pred`;
    /// earlier ones that do not are dropped.
    pub fn wait_notification(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.try_wait_notification(method, pred, TIMEOUT)
            .unwrap_or_else(|| panic!("no {method} notification"))
    }

    pub fn try_wait_notification(
        &mut self,
        method: &str,
        pred: impl Fn(&Value) -> bool,
        timeout: Duration,
    ) -> Option<Value> {
        while let Some(v) = self.pending.pop_front() {
            if v["method"] == method && pred(&v["params"]) {
                return Some(v["params"].clone());
            }
        }
        let deadline = Instant::now() + timeout;
        loop {
            let v = self.recv(deadline)?;
            if v["method"] == method && pred(&v["params"]) {
                return Some(v["params"].clone());
            }
        }
    }

    /// Initialize with `capabilities` and `options`; returns the result.
    pub fn initialize(&mut self, capabilities: Value, options: Value, root: Option<&str>) -> Value {
        let mut params = json!({
            "processId": null,
            "capabilities": capabilities,
            "initializationOptions": options,
        });
        if let Some(r) = root {
            params["rootUri"] = json!(r);
            params["workspaceFolders"] = json!([{"uri": r, "name": "ws"}]);
        }
        let result = self.request("initialize", params);
        self.notify("initialized", json!({}));
        result
    }

    /// Initialize as a typical editor would (UTF-16, versioned edits,
    /// hierarchical symbols, Markdown hovers).
    pub fn start(root: Option<&str>) -> Client {
        let mut c = Client::spawn(&["--log-level", "warn"]);
        c.initialize(editor_caps(), json!({}), root);
        c
    }

    pub fn open(&mut self, uri: &str, text: &str, version: i32) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": version, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// The diagnostics published for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i32) -> Vec<Value> {
        let p = self.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == json!(version)
        });
        p["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// The diagnostics published for `uri` with any version (style files).
    pub fn diagnostics_any(&mut self, uri: &str) -> Vec<Value> {
        let p = self.wait_notification("textDocument/publishDiagnostics", |p| p["uri"] == uri);
        p["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// `shutdown` then `exit`; the exit status.
    pub fn shutdown(mut self) -> ExitStatus {
        let r = self.request_full("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(Instant::now() < deadline, "server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn child_id(&self) -> u32 {
        self.child.id()
    }

    /// Wait (up to ten seconds) for the server to end; its exit status.
    pub fn wait_exit(&mut self) -> ExitStatus {
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(Instant::now() < deadline, "server still running after exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn editor_caps() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {
            "workspaceEdit": {"documentChanges": true},
            "didChangeWatchedFiles": {"dynamicRegistration": true},
            "configuration": true
        },
        "textDocument": {
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
            "rename": {"prepareSupport": true},
            "publishDiagnostics": {"versionSupport": true},
            "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source.fixAll"]}}}
        }
    })
}

/// A `file://` URI for a path.
pub fn file_uri(p: &std::path::Path) -> String {
    format!("file://{}", p.display())
}

/// A byte offset of `text` as an LSP position in UTF-16.
pub fn pos16(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col: usize = text[line_start..offset].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": col})
}

/// An LSP position (UTF-16) to a byte offset in `text` (`\n` lines only).
pub fn offset16(text: &str, pos: &Value) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let col = pos["character"].as_u64().unwrap() as usize;
    let mut start = 0usize;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units >= col {
            return start + i;
        }
        units += c.len_utf16();
    }
    end
}

/// Apply LSP text edits (UTF-16) to `text`.
pub fn apply_text_edits(text: &str, edits: &[Value]) -> String {
    let mut e: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset16(text, &e["range"]["start"]),
                offset16(text, &e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    e.sort_by_key(|x| std::cmp::Reverse((x.0, x.1)));
    let mut out = text.to_string();
    for (s, t, n) in e {
        out.replace_range(s..t, &n);
    }
    out
}

/// The edits for `uri` in a workspace edit, checking it is versioned at
/// `version` when it uses `documentChanges`.
pub fn edits_in(edit: &Value, uri: &str, version: Option<i32>) -> Vec<Value> {
    if let Some(dc) = edit.get("documentChanges").and_then(Value::as_array) {
        let mut out = Vec::new();
        for d in dc {
            assert_eq!(d["textDocument"]["uri"], uri);
            if let Some(v) = version {
                assert_eq!(d["textDocument"]["version"], json!(v), "edit is versioned");
            }
            out.extend(d["edits"].as_array().unwrap().iter().cloned());
        }
        return out;
    }
    edit["changes"][uri].as_array().cloned().unwrap_or_default()
}

/// A tiny deterministic generator (xorshift), so the tests need no crate
/// for their random edits; a seed replays a run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
