//! `initialize` and `initialized`: the position encoding, capabilities,
//! workspace folders and first settings.

use crate::positions::Encoding;
use crate::server::session::{ClientCaps, DiagnosticMode, Session};
use std::path::PathBuf;
use std::sync::Arc;
use tower_lsp_server::ls_types::*;

/// The command behind "Add NAME to the name authority".
pub const ADD_NAME: &str = "copydesk.addName";

/// The code action kind of "fix all safe issues".
pub const FIX_ALL: &str = "source.fixAll.copydesk";

/// The encoding to use: the first the client offers that we know (the
/// client lists them in order of preference), else UTF-16.
pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
    for k in offered.unwrap_or_default() {
        if *k == PositionEncodingKind::UTF8 {
            return Encoding::Utf8;
        }
        if *k == PositionEncodingKind::UTF16 {
            return Encoding::Utf16;
        }
        if *k == PositionEncodingKind::UTF32 {
            return Encoding::Utf32;
        }
    }
    Encoding::Utf16
}

fn kind(enc: Encoding) -> PositionEncodingKind {
    match enc {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

fn client_caps(c: &ClientCapabilities) -> ClientCaps {
    let td = c.text_document.as_ref();
    let ws = c.workspace.as_ref();
    ClientCaps {
        document_changes: ws
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes),
        watched_files_dynamic: ws
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false),
        hierarchical_symbols: td
            .and_then(|t| t.document_symbol.as_ref())
            .and_then(|s| s.hierarchical_document_symbol_support)
            .unwrap_or(false),
        markdown_hover: td
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_ref())
            .is_some_and(|f| f.contains(&MarkupKind::Markdown)),
        prepare_rename: td
            .and_then(|t| t.rename.as_ref())
            .and_then(|r| r.prepare_support)
            .unwrap_or(false),
    }
}

#[allow(deprecated)]
fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
        .collect();
    if out.is_empty() {
        if let Some(p) = params.root_uri.as_ref().and_then(|u| u.to_file_path()) {
            out.push(p.into_owned());
        } else if let Some(p) = &params.root_path {
            out.push(PathBuf::from(p));
        }
    }
    out
}

pub fn initialize(session: &Arc<Session>, params: InitializeParams) -> InitializeResult {
    let enc = negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    session.set_encoding(enc);
    if let Ok(mut c) = session.caps.write() {
        *c = client_caps(&params.capabilities);
    }
    if let Ok(mut r) = session.roots.write() {
        *r = roots(&params);
    }
    let mut mode = DiagnosticMode::Push;
    if let Some(opts) = &params.initialization_options {
        match crate::server::style::parse_settings(opts) {
            Ok((config, m)) => {
                mode = m.unwrap_or(mode);
                session
                    .styles
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .settings = config;
            }
            Err(m) => {
                tracing::warn!("{m}");
                let client = session.client.clone();
                tokio::spawn(async move {
                    client
                        .show_message(MessageType::WARNING, format!("{m} (using the defaults)"))
                        .await;
                });
            }
        }
    }
    session.set_diagnostic_mode(mode);
    tracing::info!("copydesk {} serving, positions in {enc:?}", crate::VERSION);
    InitializeResult {
        capabilities: capabilities(enc, mode),
        server_info: Some(ServerInfo {
            name: "copydesk".to_string(),
            version: Some(crate::VERSION.to_string()),
        }),
        offset_encoding: None,
    }
}

pub fn capabilities(enc: Encoding, mode: DiagnosticMode) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(kind(enc)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                will_save: None,
                will_save_wait_until: None,
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            resolve_provider: Some(false),
            trigger_characters: None,
            ..Default::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(FIX_ALL),
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![ADD_NAME.to_string()],
            work_done_progress_options: Default::default(),
        }),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        diagnostic_provider: (mode != DiagnosticMode::Push).then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("copydesk".to_string()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                work_done_progress_options: Default::default(),
            })
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..Default::default()
    }
}

/// Ask the client to tell us when style files change. The request is sent
/// from a task of its own: a notification handler never waits on the
/// client.
pub fn initialized(session: &Arc<Session>) {
    if !session.caps().watched_files_dynamic {
        return;
    }
    let client = session.client.clone();
    tokio::spawn(async move {
        let watchers = ["**/.copydesk.toml", "**/.copydesk/*.toml", "**/*.toml"]
            .into_iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect();
        let reg = Registration {
            id: "copydesk-style-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        if let Err(e) = client.register_capability(vec![reg]).await {
            tracing::debug!("file watcher registration failed: {e}");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_follows_the_clients_order_and_defaults_to_utf16() {
        assert_eq!(negotiate(None), Encoding::Utf16);
        assert_eq!(
            negotiate(Some(&[
                PositionEncodingKind::UTF8,
                PositionEncodingKind::UTF16
            ])),
            Encoding::Utf8
        );
        assert_eq!(
            negotiate(Some(&[
                PositionEncodingKind::new("utf-7"),
                PositionEncodingKind::UTF32
            ])),
            Encoding::Utf32
        );
        assert_eq!(negotiate(Some(&[])), Encoding::Utf16);
    }
}
