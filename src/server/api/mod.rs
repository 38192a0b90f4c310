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
/// when it sent the request: also `None` while a large story's newest
/// version waits for its check (off the protocol loop), and when the
/// document changed while the request waited for its analysis, as the
/// request's positions are of the text before. Answered from the newer
/// text, a rename would be stamped with the newer version and applied by
/// the client to other words.
pub(crate) async fn story_as_sent(
    session: &Session,
    uri: &Uri,
) -> Option<(Arc<DocState>, Arc<Snapshot>)> {
    let doc = session.doc(uri)?;
    let sent = doc.version();
    // A large story is checked off the protocol loop: rather than wait
    // for that check (a 5 MB story takes a few tenths of a second), answer
    // empty now; the client asks again.
    if doc.would_wait() {
        tracing::debug!("{} is being checked; answering empty", uri.as_str());
        return None;
    }
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
