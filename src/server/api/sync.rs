//! Document sync: `didOpen`, `didChange`, `didSave`, `didClose`.
//!
//! `didChange` applies its edits synchronously, before anything awaits,
//! and only when its version is newer than the document's: tower-lsp
//! polls notification handlers concurrently, and a stale change must not
//! land on newer text. The check then runs in a task of its own.
//!
//! On stdio the three notifications that change the open documents are
//! read straight off the client's stream ([`direct`]), in the order they
//! came, instead of through tower-lsp.

use crate::server::session::Session;
use crate::server::state::DocState;
use std::sync::Arc;
use tower_lsp_server::ls_types::*;

pub fn did_open(session: &Arc<Session>, params: DidOpenTextDocumentParams) {
    let td = params.text_document;
    let doc = match session.doc(&td.uri) {
        Some(d) => {
            // Opened again without a close: start over from this text.
            d.replace(&td.text, td.version);
            d
        }
        None => {
            let path = td.uri.to_file_path().map(|p| p.into_owned());
            let key = session.style_key_for(path.as_deref());
            let d = Arc::new(DocState::new(td.uri.clone(), &td.text, td.version, key));
            session.docs.insert(td.uri, d.clone());
            d
        }
    };
    session.schedule_check(doc);
}

pub fn did_change(session: &Arc<Session>, params: DidChangeTextDocumentParams) {
    let Some(doc) = session.doc(&params.text_document.uri) else {
        tracing::warn!(
            "change to a document that is not open: {}",
            params.text_document.uri.as_str()
        );
        return;
    };
    if doc.apply_changes(
        params.text_document.version,
        &params.content_changes,
        session.encoding(),
    ) {
        session.schedule_check(doc);
    } else {
        tracing::debug!(
            "ignored stale change (version {}) to {}",
            params.text_document.version,
            params.text_document.uri.as_str()
        );
    }
}

pub async fn did_save(session: &Arc<Session>, params: DidSaveTextDocumentParams) {
    let is_style = params.text_document.uri.path().as_str().ends_with(".toml");
    if is_style {
        session.reload_styles().await;
    }
}

pub async fn did_close(session: &Arc<Session>, params: DidCloseTextDocumentParams) {
    if let Some(uri) = close(session, params) {
        session.publish(uri, &[], None).await;
    }
}

/// Forget the document; returns its URI when its diagnostics are to be
/// cleared.
fn close(session: &Arc<Session>, params: DidCloseTextDocumentParams) -> Option<Uri> {
    let uri = params.text_document.uri;
    let (_, doc) = session.docs.remove(&uri)?;
    doc.close();
    doc.is_story().then_some(uri)
}

/// Handle `body` here when it is a well-formed `didOpen`, `didChange` or
/// `didClose` of a server that is serving (initialized, not shut down);
/// returns false, having done nothing, for any other message, which then
/// goes to tower-lsp.
///
/// A keystroke's `didChange` through tower-lsp is decoded twice (by the
/// stream's guard, and by tower-lsp into a `Value` tree and from that
/// into its params), then passed through its service layers: more work
/// than checking the keystroke. Here it is decoded once. The three go
/// together so that they stay in the order the client sent them: a
/// change must not overtake the open before it, nor an open the close
/// before it. The stream's guard offers a message here only when every
/// message it passed on to tower-lsp before it has been taken up
/// ([`crate::server::transport::Pending`]), so that a change cannot
/// overtake a request about the text before it either; a message not
/// taken here (one it cannot decode, say) goes to tower-lsp, and what
/// follows it waits its turn there.
pub fn direct(session: &Arc<Session>, body: &[u8]) -> bool {
    use serde::de::IgnoredAny;
    use serde_json::value::RawValue;
    use std::borrow::Cow;
    #[derive(serde::Deserialize)]
    struct Notification<'a> {
        #[serde(borrow)]
        jsonrpc: Cow<'a, str>,
        #[serde(borrow)]
        method: Cow<'a, str>,
        #[serde(borrow)]
        params: &'a RawValue,
        /// A request (with an id, even `null`) is not a notification.
        #[serde(default, deserialize_with = "present")]
        id: Option<IgnoredAny>,
    }
    fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<IgnoredAny>, D::Error> {
        serde::Deserialize::deserialize(d).map(Some)
    }
    static DID: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"textDocument/did"));
    if !session.serving() || DID.find(body).is_none() {
        return false;
    }
    let Ok(n) = serde_json::from_slice::<Notification>(body) else {
        return false;
    };
    if n.jsonrpc != "2.0" || n.id.is_some() {
        return false;
    }
    let params = n.params.get();
    match n.method.as_ref() {
        "textDocument/didChange" => match serde_json::from_str(params) {
            Ok(p) => did_change(session, p),
            Err(_) => return false,
        },
        "textDocument/didOpen" => match serde_json::from_str(params) {
            Ok(p) => did_open(session, p),
            Err(_) => return false,
        },
        "textDocument/didClose" => match serde_json::from_str(params) {
            Ok(p) => {
                if let Some(uri) = close(session, p) {
                    let session = session.clone();
                    tokio::spawn(async move { session.publish(uri, &[], None).await });
                }
            }
            Err(_) => return false,
        },
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(v: serde_json::Value) -> Vec<u8> {
        serde_json::to_vec(&v).unwrap()
    }

    fn note(method: &str, params: serde_json::Value) -> Vec<u8> {
        body(json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    #[tokio::test]
    async fn direct_takes_the_sync_notifications_of_a_serving_server_only() {
        let (service, _socket) = tower_lsp_server::LspService::new(crate::server::Backend::new);
        let session = service.inner().session.clone();
        let uri = "file:///tmp/direct.md";
        let open = note(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": "# H\n\nabc\n"}}),
        );
        let change = |version: i32, text: &str| {
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": text}]})
        };
        let text = || {
            let u: Uri = uri.parse().unwrap();
            session.doc(&u).map(|d| d.text().0.to_string())
        };
        // Before `initialize`: tower-lsp's to handle (it drops them).
        assert!(!direct(&session, &open));
        assert_eq!(text(), None);
        crate::server::api::lifecycle::initialize(&session, InitializeParams::default());
        assert!(direct(&session, &open));
        assert_eq!(text().as_deref(), Some("# H\n\nabc\n"));
        // A request of that name, params of the wrong shape, another
        // method, a wrong protocol version, and a message that is not JSON
        // are left alone.
        let mut with_id = json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/didChange"});
        with_id["params"] = change(2, "x");
        assert!(!direct(&session, &body(with_id.clone())));
        with_id["id"] = serde_json::Value::Null;
        assert!(!direct(&session, &body(with_id)));
        assert!(!direct(
            &session,
            &note("textDocument/didChange", json!({"textDocument": 5}))
        ));
        assert!(!direct(
            &session,
            &note(
                "textDocument/didSave",
                json!({"textDocument": {"uri": uri}})
            )
        ));
        let mut old = json!({"jsonrpc": "1.0", "method": "textDocument/didChange"});
        old["params"] = change(2, "x");
        assert!(!direct(&session, &body(old)));
        assert!(!direct(
            &session,
            b"{\"method\": \"textDocument/didChange\""
        ));
        assert_eq!(text().as_deref(), Some("# H\n\nabc\n"));
        // A change applies in place.
        assert!(direct(
            &session,
            &note("textDocument/didChange", change(2, "x"))
        ));
        assert_eq!(text().as_deref(), Some("# H\n\nxabc\n"));
        // A stale one is taken (it is a well-formed change) but not applied.
        assert!(direct(
            &session,
            &note("textDocument/didChange", change(2, "y"))
        ));
        assert_eq!(text().as_deref(), Some("# H\n\nxabc\n"));
        assert!(direct(
            &session,
            &note(
                "textDocument/didClose",
                json!({"textDocument": {"uri": uri}})
            )
        ));
        assert_eq!(text(), None);
        // After `shutdown`: tower-lsp's again.
        use tower_lsp_server::LanguageServer;
        service.inner().shutdown().await.unwrap();
        assert!(!direct(&session, &open));
        assert_eq!(text(), None);
    }
}
