//! The language server: `copydesk serve`.
//!
//! An edge over the core, like the CLI: it keeps the open documents, turns
//! editor edits into [`crate::document::Document`] changes, runs the same
//! [`crate::article`] and [`crate::checks`] pipeline, and converts findings
//! to diagnostics and code actions through [`crate::positions`].
//!
//! - [`session`]: what the server knows (open documents, negotiated
//!   encoding, client capabilities, settings and style books);
//! - [`state`]: one open document: its text, its fact cache and the
//!   analysis of its latest version;
//! - [`convert`]: findings to LSP diagnostics and edits;
//! - [`style`]: settings, style books per project, and style file errors;
//! - [`api`]: one module per group of LSP methods;
//! - [`transport`]: a guard that keeps malformed messages from ending
//!   the session.
//!
//! Ordering and latency: every message goes through tower-lsp, which calls
//! its service in the order the messages came and first polls each handler
//! in that order too (its read loop pushes each handler's future into a
//! `buffer_unordered`, whose `FuturesUnordered` first polls them in the
//! order they were pushed). So the rule is: a handler reads or changes the
//! open documents before its first `.await`. `didOpen`, `didChange` and
//! `didClose` change them there, so they land in the client's order (and a
//! `didChange` applies only when its version is newer than the
//! document's). A request reads the version it is about there
//! (`api::story_as_sent`), and the text too when the document's analysis
//! lock is free, which it then takes without yielding
//! ([`state::DocState::snapshot`]), so a change sent after it does not
//! change its answer; when a large story's check holds that lock, the
//! request waits while later changes land, and is answered empty if the
//! version moved on. Checking happens in a task per document that always
//! checks the newest text and drops results a newer edit has superseded,
//! so a burst of edits costs one check, not one per edit. No handler
//! awaits a request to the client, and no lock guard lives across an
//! `.await` except the per-document analysis lock, which is async.
//!
//! What a keystroke costs: the new version is built afresh from its text
//! ([`crate::article::Article::build`]), with one thing kept from the
//! version before: each paragraph's facts, cached by its text in the
//! document's [`crate::article::FactCache`], so only the edited
//! paragraph's are worked out again. The story-wide passes (roles,
//! attribution, people) and every check run afresh over those facts.
//!
//! stdout is the protocol: nothing here prints; logs go to stderr.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod api;
pub mod convert;
pub mod session;
pub mod state;
pub mod style;
pub mod transport;

use session::Session;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

/// Serve the language server protocol on stdin/stdout until the client
/// says `exit` (or closes stdin). Logs go to stderr at `log_level`
/// (`error`, `warn`, `info`, `debug`, `trace`, or a tracing filter;
/// `RUST_LOG` overrides it).
pub fn run(log_level: &str) -> anyhow::Result<()> {
    init_logging(log_level);
    // Load the built-in style book while the client starts up, so the
    // first check does not pay for it.
    std::thread::spawn(|| {
        let _ = crate::stylebook::StyleBook::builtin();
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(4)
        .build()?;
    runtime.block_on(serve_stdio());
    // Do not wait for a blocked stdin read (the client may keep the pipe
    // open after `exit`).
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    if SHUTDOWN_REQUESTED.load(std::sync::atomic::Ordering::SeqCst) {
        Ok(())
    } else {
        // The protocol asks for status 1 when `exit` (or the end of input)
        // comes without a `shutdown` request.
        anyhow::bail!("the client ended the session without a shutdown request")
    }
}

/// Set when the client sends `shutdown`, for the exit status.
static SHUTDOWN_REQUESTED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

fn init_logging(level: &str) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .try_init();
}

async fn serve_stdio() {
    let (service, socket) = LspService::build(|client| Backend {
        session: Session::new(client),
    })
    .finish();
    // Client bytes go through the guard in `transport`, so a malformed
    // message cannot end the session; every message, in the order it
    // came, then goes to tower-lsp.
    let (to_server, from_client) = tokio::io::duplex(256 << 10);
    tokio::spawn(transport::pump(transport::stdin(), to_server));
    Server::new(from_client, transport::stdout(), socket)
        .concurrency_level(16)
        .serve(service)
        .await;
}

/// The tower-lsp entry points; each hands over to [`api`].
pub struct Backend {
    session: Arc<Session>,
}

impl Backend {
    /// For tests that drive the server in-process.
    pub fn new(client: Client) -> Self {
        Backend {
            session: Session::new(client),
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(api::lifecycle::initialize(&self.session, params))
    }

    async fn initialized(&self, _: InitializedParams) {
        api::lifecycle::initialized(&self.session);
    }

    async fn shutdown(&self) -> Result<()> {
        SHUTDOWN_REQUESTED.store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        api::sync::did_open(&self.session, params);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        api::sync::did_change(&self.session, params);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        api::sync::did_save(&self.session, params).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        api::sync::did_close(&self.session, params).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        api::workspace::did_change_configuration(&self.session, params).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        api::workspace::did_change_watched_files(&self.session, params).await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        api::workspace::did_change_workspace_folders(&self.session, params).await;
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        api::diagnostics::pull(&self.session, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        api::code_action::code_action(&self.session, params).await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        api::command::execute(&self.session, params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        api::hover::hover(&self.session, params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        api::completion::completion(&self.session, params).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        api::rename::prepare(&self.session, params).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        api::rename::rename(&self.session, params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        api::symbols::document_symbol(&self.session, params).await
    }
}
