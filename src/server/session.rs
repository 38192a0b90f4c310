//! What the server knows between messages: the open documents, the
//! position encoding and capabilities agreed in `initialize`, and the
//! style books.
//!
//! Documents live in a `DashMap`; handlers clone the document's `Arc` out
//! and drop the map guard at once, so no guard is ever held across an
//! `.await`.

use super::state::{DocState, Snapshot};
use super::style::Styles;
use crate::positions::Encoding;
use dashmap::DashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::Client;

/// How diagnostics reach the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagnosticMode {
    /// `textDocument/publishDiagnostics` after every change (default).
    Push,
    /// Only `textDocument/diagnostic` (the client pulls).
    Pull,
    Both,
}

/// What the client said it can do.
#[derive(Clone, Debug, Default)]
pub struct ClientCaps {
    /// `None` when the client did not say: versioned edits are sent then.
    pub document_changes: Option<bool>,
    pub watched_files_dynamic: bool,
    pub hierarchical_symbols: bool,
    pub markdown_hover: bool,
    pub prepare_rename: bool,
}

pub struct Session {
    pub client: Client,
    pub docs: DashMap<Uri, Arc<DocState>>,
    encoding: AtomicU8,
    push: AtomicBool,
    pub caps: RwLock<ClientCaps>,
    /// Workspace folders, most specific first when matched.
    pub roots: RwLock<Vec<PathBuf>>,
    pub styles: Mutex<Styles>,
}

impl Session {
    pub fn new(client: Client) -> Arc<Session> {
        Arc::new(Session {
            client,
            docs: DashMap::new(),
            encoding: AtomicU8::new(encoding_code(Encoding::Utf16)),
            push: AtomicBool::new(true),
            caps: RwLock::new(ClientCaps::default()),
            roots: RwLock::new(Vec::new()),
            styles: Mutex::new(Styles::default()),
        })
    }

    pub fn encoding(&self) -> Encoding {
        match self.encoding.load(Ordering::Relaxed) {
            0 => Encoding::Utf8,
            2 => Encoding::Utf32,
            _ => Encoding::Utf16,
        }
    }

    pub fn set_encoding(&self, enc: Encoding) {
        self.encoding.store(encoding_code(enc), Ordering::Relaxed);
    }

    pub fn set_diagnostic_mode(&self, mode: DiagnosticMode) {
        self.push
            .store(mode != DiagnosticMode::Pull, Ordering::Relaxed);
    }

    pub fn pushes(&self) -> bool {
        self.push.load(Ordering::Relaxed)
    }

    pub fn caps(&self) -> ClientCaps {
        self.caps.read().map(|c| c.clone()).unwrap_or_default()
    }

    /// The open document at `uri`, if any (the map guard is dropped here).
    pub fn doc(&self, uri: &Uri) -> Option<Arc<DocState>> {
        self.docs.get(uri).map(|d| d.value().clone())
    }

    /// Every open document.
    pub fn all_docs(&self) -> Vec<Arc<DocState>> {
        self.docs.iter().map(|d| d.value().clone()).collect()
    }

    /// The workspace folder that holds `path` (the longest match).
    pub fn root_for(&self, path: &std::path::Path) -> Option<PathBuf> {
        let roots = self.roots.read().ok()?;
        roots
            .iter()
            .filter(|r| path.starts_with(r))
            .max_by_key(|r| r.as_os_str().len())
            .cloned()
            .or_else(|| roots.first().cloned())
    }

    /// The analysis of the newest version of `doc`.
    pub async fn snapshot(&self, doc: &Arc<DocState>) -> Arc<Snapshot> {
        let book = self.book_for(doc);
        doc.snapshot(book, self.encoding()).await
    }

    /// Check `doc` soon (in a task of its own) and push its diagnostics.
    /// Many calls before the check starts make one check.
    pub fn schedule_check(self: &Arc<Self>, doc: Arc<DocState>) {
        if !doc.is_story() || !doc.mark_scheduled() {
            return;
        }
        let session = self.clone();
        tokio::spawn(async move {
            session.check_and_publish(doc).await;
        });
    }

    async fn check_and_publish(&self, doc: Arc<DocState>) {
        doc.clear_scheduled();
        let snap = self.snapshot(&doc).await;
        // A newer version arrived while this one was checked: its own
        // check will publish.
        if doc.version() != snap.version || !doc.is_open() {
            return;
        }
        if self.pushes() {
            self.publish(doc.uri.clone(), snap.diagnostics(), Some(snap.version))
                .await;
        }
    }

    /// Push `diagnostics` for `uri` (at `version`, when given).
    pub async fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        self.client
            .publish_diagnostics(uri, diagnostics, version)
            .await;
    }

    /// Re-check every open story (after the style changed).
    pub fn recheck_all(self: &Arc<Self>) {
        for d in self.all_docs() {
            self.schedule_check(d);
        }
    }
}

fn encoding_code(enc: Encoding) -> u8 {
    match enc {
        Encoding::Utf8 => 0,
        Encoding::Utf16 => 1,
        Encoding::Utf32 => 2,
    }
}
