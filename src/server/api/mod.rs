//! The LSP methods, one module per group (as ruff's `server/api`):
//! lifecycle, document sync, workspace notifications, diagnostics, code
//! actions and commands, hover, completion, rename, symbols.

pub mod code_action;
pub mod command;
pub mod completion;
pub mod diagnostics;
pub mod hover;
pub mod lifecycle;
pub mod rename;
pub mod symbols;
pub mod sync;
pub mod workspace;

use super::session::Session;
use super::state::{DocState, Snapshot};
use std::sync::Arc;
use tower_lsp_server::ls_types::Uri;

/// The open story at `uri` and the analysis of its newest version; `None`
/// for unknown URIs (requests about them answer empty, not an error).
pub(crate) async fn story(session: &Session, uri: &Uri) -> Option<(Arc<DocState>, Arc<Snapshot>)> {
    let doc = session.doc(uri)?;
    if !doc.is_story() {
        return None;
    }
    let snap = session.snapshot(&doc).await;
    Some((doc, snap))
}

/// [`story`] for a request about places in the text as the client had it
/// when it sent the request: also `None` when the document changed while
/// the request waited for its analysis (a large story's check runs off
/// the protocol loop, holding it), as the request's positions are of the
/// text before. Answered from the newer text, a rename would be stamped
/// with the newer version and applied by the client to other words.
pub(crate) async fn story_as_sent(
    session: &Session,
    uri: &Uri,
) -> Option<(Arc<DocState>, Arc<Snapshot>)> {
    let sent = session.doc(uri)?.version();
    let (doc, snap) = story(session, uri).await?;
    if snap.version != sent {
        tracing::debug!(
            "{} changed from version {sent} to {} while a request waited; answering empty",
            uri.as_str(),
            snap.version
        );
        return None;
    }
    Some((doc, snap))
}
