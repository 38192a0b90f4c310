//! A guard in front of tower-lsp's reader.
//!
//! tower-lsp stops serving after the first message it cannot decode (its
//! framed reader ends on a decoder error), so one malformed message from a
//! client would end the session. This pump reads the client's stream,
//! passes every well-formed JSON-RPC message through unchanged, and in
//! place of a malformed one passes a request for an unknown method with
//! the same id (so the client still gets an error response for it) or,
//! when there is no id to answer, drops it with a log line.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tower_lsp_server::jsonrpc::{Request, Response};

/// Headers longer than this are garbage.
const MAX_HEADER: usize = 8 << 10;

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The body's Content-Length, from a header block.
fn content_length(headers: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(headers).ok()?;
    text.split("\r\n").find_map(|line| {
        let (k, v) = line.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| v.trim().parse().ok())
            .flatten()
    })
}

/// What to hand tower-lsp for one message body: the body itself when it
/// is a JSON-RPC message tower-lsp can decode, else a stand-in; with
/// whether tower-lsp will hand it to the server's service (a request or
/// notification; not a response to the server's own request).
pub fn vet(body: &[u8]) -> Option<(Vec<u8>, bool)> {
    // tower-lsp's decoder reads the body as UTF-8 text (all of it: serde
    // reading bytes would not look inside a field it skips), then as a
    // response when it can, else as a request; one it cannot read ends
    // its session.
    let Ok(text) = std::str::from_utf8(body) else {
        tracing::warn!("dropped a message that is not UTF-8");
        return None;
    };
    if serde_json::from_str::<Response>(text).is_ok() {
        return Some((body.to_vec(), false));
    }
    if serde_json::from_str::<Request>(text).is_ok() {
        return Some((body.to_vec(), true));
    }
    // An id tower-lsp can answer: a string or a 64-bit integer.
    let id = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get("id").cloned())
        .filter(|id| id.is_i64() || id.is_string());
    match id {
        Some(id) => {
            tracing::warn!("malformed message (id {id}); answering with an error");
            let stand_in = serde_json::json!({
                "jsonrpc": "2.0",
                "id": id,
                "method": "copydesk/malformedMessage",
            });
            serde_json::to_vec(&stand_in).ok().map(|b| (b, true))
        }
        None => {
            tracing::warn!(
                "dropped a malformed message: {}",
                String::from_utf8_lossy(&body[..body.len().min(200)])
            );
            None
        }
    }
}

/// Copy framed messages from `input` to `output`, vetting each body.
/// Returns at end of input (dropping `output` ends tower-lsp's stream).
pub async fn pump(mut input: impl AsyncRead + Unpin, mut output: impl AsyncWrite + Unpin) {
    let mut buf: Vec<u8> = Vec::with_capacity(64 << 10);
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        // Frame every complete message in the buffer.
        let mut consumed = 0usize;
        loop {
            let rest = &buf[consumed..];
            let Some(h_end) = find(&rest[..rest.len().min(MAX_HEADER + 4)], b"\r\n\r\n") else {
                if rest.len() > MAX_HEADER {
                    // No header end in sight: skip to the next header.
                    let skip = find(&rest[1..], b"Content-Length").map_or(rest.len(), |i| i + 1);
                    tracing::warn!("skipped {skip} bytes of garbage");
                    consumed += skip;
                    continue;
                }
                break;
            };
            let Some(len) = content_length(&rest[..h_end]) else {
                let skip = find(&rest[1..], b"Content-Length").map_or(h_end + 4, |i| i + 1);
                tracing::warn!("skipped {skip} bytes without a Content-Length");
                consumed += skip;
                continue;
            };
            let start = h_end + 4;
            if rest.len() < start + len {
                break;
            }
            let body = &rest[start..start + len];
            if let Some((out, _)) = vet(body) {
                let header = format!("Content-Length: {}\r\n\r\n", out.len());
                if output.write_all(header.as_bytes()).await.is_err()
                    || output.write_all(&out).await.is_err()
                {
                    return;
                }
            }
            consumed += start + len;
        }
        if consumed > 0 {
            buf.drain(..consumed);
            if output.flush().await.is_err() {
                return;
            }
        }
        match input.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The client's stream. When stdin is a pipe it is read directly by the
/// runtime (non-blocking, through epoll); tokio's `stdin()` would hand each
/// read to a blocking thread, a hop that costs more than a check.
pub fn stdin() -> Box<dyn AsyncRead + Unpin + Send> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdin().as_fd().try_clone_to_owned() {
            if let Ok(r) = tokio::net::unix::pipe::Receiver::from_owned_fd(fd) {
                return Box::new(r);
            }
        }
    }
    Box::new(tokio::io::stdin())
}

/// The protocol's output, written directly when stdout is a pipe (see
/// [`stdin`]).
pub fn stdout() -> Box<dyn AsyncWrite + Unpin + Send> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            if let Ok(w) = tokio::net::unix::pipe::Sender::from_owned_fd(fd) {
                return Box::new(w);
            }
        }
    }
    Box::new(tokio::io::stdout())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vet_passes_messages_and_stands_in_for_bad_ones() {
        let ok = br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        assert_eq!(vet(ok).unwrap(), (ok.to_vec(), true));
        let answer = br#"{"jsonrpc":"2.0","id":1,"result":null}"#;
        assert_eq!(vet(answer).unwrap(), (answer.to_vec(), false));
        let bad_shape = br#"{"jsonrpc":"2.0","id":7,"method":5}"#;
        let (stand_in, to_service) = vet(bad_shape).unwrap();
        assert!(to_service);
        let v: serde_json::Value = serde_json::from_slice(&stand_in).unwrap();
        assert_eq!(v["id"], 7);
        assert_eq!(v["method"], "copydesk/malformedMessage");
        assert!(vet(b"{{{{").is_none());
        // What tower-lsp's decoder would choke on is not passed on: bytes
        // that are not UTF-8 (even in a field nobody reads), and ids it
        // cannot hold.
        assert!(vet(b"{\"jsonrpc\":\"2.0\",\"method\":\"$/setTrace\",\"params\":{\"value\":\"off\"},\"x\":\"\xff\"}").is_none());
        assert!(vet(br#"{"jsonrpc":"2.0","id":1.5,"method":5}"#).is_none());
        assert!(vet(br#"{"jsonrpc":"2.0","id":10000000000000000000,"method":"x"}"#).is_none());
    }

    #[tokio::test]
    async fn pump_frames_skips_garbage_and_keeps_going() {
        let msg = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut input = Vec::new();
        input.extend_from_slice(format!("Content-Length: {}\r\n\r\n", msg.len()).as_bytes());
        input.extend_from_slice(msg);
        input.extend_from_slice(b"Content-Length: 5\r\n\r\n{{{{{");
        input.extend_from_slice(b"X-Nothing: 1\r\n\r\n");
        input.extend_from_slice(format!("content-length: {}\r\n\r\n", msg.len()).as_bytes());
        input.extend_from_slice(msg);
        let mut out = Vec::new();
        pump(&input[..], &mut out).await;
        let expected = format!(
            "Content-Length: {}\r\n\r\n{}",
            msg.len(),
            std::str::from_utf8(msg).unwrap()
        );
        assert_eq!(String::from_utf8(out).unwrap(), expected.repeat(2));
    }
}
