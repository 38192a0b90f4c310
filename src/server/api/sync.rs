//! Document sync: `didOpen`, `didChange`, `didSave`, `didClose`.
//!
//! Each handler changes the open documents synchronously, before its
//! first `.await`: tower-lsp first polls handlers in the order their
//! messages came, so the changes land in the client's order (see the
//! server module's "Ordering and latency"). `didChange` applies its edits
//! only when its version is newer than the document's, so a stale change
//! never lands on newer text. The check then runs in a task of its own.

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

/// Forget the document (before anything awaits), then clear a story's
/// diagnostics.
pub async fn did_close(session: &Arc<Session>, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let Some((_, doc)) = session.docs.remove(&uri) else {
        return;
    };
    doc.close();
    if doc.is_story() {
        session.publish(uri, Vec::new(), None).await;
    }
}
