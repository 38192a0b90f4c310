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
