//! A framing guard in front of tower-lsp's reader: it decodes no more of
//! a message than it takes to keep tower-lsp reading, and dispatches,
//! counts, answers and writes nothing.
//!
//! Why it is there: tower-lsp-server 0.23's decoder
//! (`LanguageServerCodec::decode`, `codec.rs`) fails on a body that is
//! not UTF-8 (line 176), on one serde_json cannot read as its JSON-RPC
//! `Message`, a response or else a request (182-185), and on headers it
//! cannot read (195-215); tokio-util's `FramedRead` ends its stream after
//! its decoder's first error, and tower-lsp's read loop, and so the
//! session, end with it. One malformed message from a client would end
//! the session.
//!
//! What it does: [`pump`] frames the client's bytes by their
//! `Content-Length` and hands tower-lsp each body re-framed with that one
//! header, in the order they came. A body tower-lsp could not decode
//! ([`admit`]) is replaced by a request, with the body's id, for the
//! unknown method `copydesk/malformedMessage`, which tower-lsp answers
//! with an error; a body without an id tower-lsp can hold is dropped
//! with a log line.
//!
//! What it decodes, and why no less:
//! - the body as UTF-8 (the decoder's line 176);
//! - the body as one JSON value, checked as strictly as serde_json checks
//!   a value it builds (`Json`, which builds nothing): the decoder reads
//!   the whole body into a tree, which fails on a lone surrogate escape
//!   (`"\ud800"`), a number out of range (`1e400`) or nesting deeper
//!   than 128, in any field; `serde::de::IgnoredAny` skips over those
//!   unchecked, and would let them through;
//! - the envelope of a JSON-RPC request as tower-lsp's `Request` reads it
//!   (`Envelope`): `jsonrpc` `"2.0"`, a string `method`, an `id`
//!   tower-lsp's [`Id`] can hold (a 64-bit integer, a string or null),
//!   each at most once. A response from the client has that shape too
//!   (its `result` or `error` are fields a request's shape skips).
//!
//! It decodes no params: they are checked as JSON (above) and skipped.
//! Only a body that fails these is read again, for its id.

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tower_lsp_server::jsonrpc::{Id, Request};

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

/// Copy framed messages from `input` to `output`, each body as
/// [`admit`] says, re-framed with only a `Content-Length` header; skip
/// bytes that are not a framed message. Returns at end of input (dropping
/// `output` ends tower-lsp's stream).
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
            if let Some(out) = admit(body) {
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

/// What to hand tower-lsp for one message body: the body itself when
/// tower-lsp's decoder will take it, else a stand-in request with its id,
/// else nothing.
pub fn admit(body: &[u8]) -> Option<Cow<'_, [u8]>> {
    let Ok(text) = std::str::from_utf8(body) else {
        tracing::warn!("dropped a message that is not UTF-8");
        return None;
    };
    if decodes(text) {
        return Some(Cow::Borrowed(body));
    }
    match usable_id(text) {
        Some(id) => {
            tracing::warn!("malformed message (id {id}); answering with an error");
            let stand_in = Request::build("copydesk/malformedMessage").id(id).finish();
            serde_json::to_vec(&stand_in).ok().map(Cow::Owned)
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

/// Will tower-lsp's decoder read `text` as a JSON-RPC message?
fn decodes(text: &str) -> bool {
    serde_json::from_str::<Json>(text).is_ok()
        && serde_json::from_str::<Envelope>(text).is_ok_and(|e| e.jsonrpc == "2.0")
}

/// A JSON value, read as serde_json reads one it builds (strings'
/// escapes, numbers' range and the depth of nesting checked) and kept
/// nowhere.
struct Json;

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(Json)
    }
}

impl<'de> Visitor<'de> for Json {
    type Value = Json;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Json, E> {
        Ok(Json)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Json, E> {
        Ok(Json)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Json, E> {
        Ok(Json)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Json, E> {
        Ok(Json)
    }

    fn visit_str<E>(self, _: &str) -> Result<Json, E> {
        Ok(Json)
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        while seq.next_element::<Json>()?.is_some() {}
        Ok(Json)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        while map.next_entry::<Json, Json>()?.is_some() {}
        Ok(Json)
    }
}

/// The fields of tower-lsp's `Request`, in its order, as it reads them,
/// with the params skipped.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    jsonrpc: Cow<'a, str>,
    #[serde(default, borrow, rename = "method")]
    _method: Cow<'a, str>,
    #[serde(default, rename = "params")]
    _params: IgnoredAny,
    #[serde(default, rename = "id")]
    _id: Option<Id>,
}

/// The id of a message tower-lsp could not decode, when tower-lsp can
/// hold it and it is not null: one to answer.
fn usable_id(text: &str) -> Option<Id> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum MaybeId {
        Id(Id),
        Other(IgnoredAny),
    }
    #[derive(Deserialize)]
    struct WithId {
        #[serde(default)]
        id: Option<MaybeId>,
    }
    match serde_json::from_str::<WithId>(text).ok()?.id? {
        MaybeId::Id(Id::Null) | MaybeId::Other(_) => None,
        MaybeId::Id(id) => Some(id),
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

    fn stand_in_id(body: &[u8]) -> Option<serde_json::Value> {
        let out = admit(body)?;
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["method"], "copydesk/malformedMessage", "{v}");
        Some(v["id"].clone())
    }

    #[test]
    fn admit_passes_messages_and_stands_in_for_bad_ones() {
        // Requests, notifications and responses pass unchanged (not
        // copied), whatever their params or result hold.
        for ok in [
            &br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#[..],
            br#"{"jsonrpc":"2.0","id":"a","method":"x","params":[1,{"b":null}],"extra":2}"#,
            br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
            br#"{"jsonrpc":"2.0","id":null,"method":"x","params":null}"#,
            br#"{"jsonrpc":"2.0","id":1,"result":null}"#,
            br#"{"jsonrpc":"2.0","id":2,"error":{"code":-1,"message":"no"}}"#,
            b"{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"\\ud83d\\ude00 caf\xc3\xa9\"}",
        ] {
            assert!(
                matches!(admit(ok), Some(Cow::Borrowed(b)) if b == ok),
                "{}",
                String::from_utf8_lossy(ok)
            );
        }
        // The wrong shape, with an id tower-lsp can hold: a stand-in with
        // that id.
        for (bad, id) in [
            (
                &br#"{"jsonrpc":"2.0","id":7,"method":5}"#[..],
                serde_json::json!(7),
            ),
            (br#"{"id":"s","method":"x"}"#, serde_json::json!("s")),
            (
                br#"{"jsonrpc":"1.0","id":8,"method":"x"}"#,
                serde_json::json!(8),
            ),
            (
                br#"{"jsonrpc":"2.0","id":9,"method":"x","method":"y"}"#,
                serde_json::json!(9),
            ),
            (
                br#"{"jsonrpc":"2.0","id":10,"method":"x","params":1e400}"#,
                serde_json::json!(10),
            ),
        ] {
            assert_eq!(
                stand_in_id(bad),
                Some(id),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        // Nothing to answer: dropped. Not JSON, not UTF-8 (even in a field
        // nobody reads), ids tower-lsp cannot hold or a null one, and, in
        // any field, what serde_json will not build a value of.
        let deep = format!(
            r#"{{"jsonrpc":"2.0","method":"x","params":{}{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        for bad in [
            &b"{{{{"[..],
            b"",
            b"[1,2]",
            b"{\"jsonrpc\":\"2.0\",\"method\":\"$/setTrace\",\"params\":{\"value\":\"off\"},\"x\":\"\xff\"}",
            br#"{"jsonrpc":"2.0","id":1.5,"method":5}"#,
            br#"{"jsonrpc":"2.0","id":10000000000000000000,"method":"x"}"#,
            br#"{"jsonrpc":"2.0","id":null,"method":5}"#,
            br#"{"jsonrpc":"2.0","method":"x","x":"\ud800"}"#,
            br#"{"jsonrpc":"2.0","method":"x","params":{"n":-1e999}}"#,
            deep.as_bytes(),
            br#"{"jsonrpc":"2.0","method":"x"} x"#,
        ] {
            assert!(admit(bad).is_none(), "{}", String::from_utf8_lossy(bad));
        }
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

    /// Serve `input` with tower-lsp in-process, and say whether it answered
    /// each of `ids`.
    async fn answers(input: &[u8], ids: &[i64]) -> Vec<bool> {
        let (service, socket) = tower_lsp_server::LspService::new(crate::server::Backend::new);
        let mut out = Vec::new();
        tower_lsp_server::Server::new(input, &mut out, socket)
            .serve(service)
            .await;
        let out = String::from_utf8(out).unwrap();
        ids.iter()
            .map(|id| out.contains(&format!(r#""id":{id}}}"#)))
            .collect()
    }

    /// What the guard is for: tower-lsp's session ends at the first
    /// message it cannot decode, and goes on past the guard.
    #[tokio::test]
    async fn tower_lsp_ends_at_a_message_it_cannot_decode_but_not_past_the_guard() {
        fn framed(body: &[u8]) -> Vec<u8> {
            let mut v = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
            v.extend_from_slice(body);
            v
        }
        let deep = format!(
            r#"{{"jsonrpc":"2.0","method":"x","params":{}{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        let probe = framed(br#"{"jsonrpc":"2.0","id":99,"method":"shutdown"}"#);
        for bad in [
            framed(b"{{{{{"),
            framed(b"{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"x\":\"\xff\"}"),
            framed(br#"{"jsonrpc":"2.0","id":77,"method":5}"#),
            framed(br#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#),
            framed(br#"{"jsonrpc":"2.0","id":10000000000000000000,"method":"x"}"#),
            framed(br#"{"jsonrpc":"2.0","method":"x","x":"\ud800"}"#),
            framed(br#"{"jsonrpc":"2.0","id":77,"method":"x","params":1e400}"#),
            framed(deep.as_bytes()),
            b"X-Nothing: 1\r\n\r\n".to_vec(),
            b"Content-Length: 2\r\nContent-Type: a\r\nX: b\r\n\r\n{}".to_vec(),
        ] {
            let input = [bad.clone(), probe.clone()].concat();
            let what = String::from_utf8_lossy(&bad).into_owned();
            assert_eq!(answers(&input, &[99]).await, [false], "{what}");
            let mut guarded = Vec::new();
            pump(&input[..], &mut guarded).await;
            let answered = answers(&guarded, &[77, 99]).await;
            // A message with an id is answered (with an error).
            assert_eq!(answered, [what.contains(r#""id":77"#), true], "{what}");
        }
    }
}
