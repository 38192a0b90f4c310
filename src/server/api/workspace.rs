//! Workspace notifications: settings changes, watched style files, and
//! workspace folders. None of them waits on a request to the client.

use crate::server::session::Session;
use std::sync::Arc;
use tower_lsp_server::ls_types::*;

pub async fn did_change_configuration(
    session: &Arc<Session>,
    params: DidChangeConfigurationParams,
) {
    if session.set_settings(&params.settings).await {
        session.reload_styles().await;
    }
}

/// A style file changed on disk: reload if it is one we read (any
/// `.toml`: configs, packs and rule files are all TOML).
pub async fn did_change_watched_files(session: &Arc<Session>, params: DidChangeWatchedFilesParams) {
    if params
        .changes
        .iter()
        .any(|c| c.uri.path().as_str().ends_with(".toml"))
    {
        session.reload_styles().await;
    }
}

pub async fn did_change_workspace_folders(
    session: &Arc<Session>,
    params: DidChangeWorkspaceFoldersParams,
) {
    if let Ok(mut roots) = session.roots.write() {
        for f in &params.event.removed {
            if let Some(p) = f.uri.to_file_path() {
                roots.retain(|r| r.as_path() != p.as_ref());
            }
        }
        for f in &params.event.added {
            if let Some(p) = f.uri.to_file_path() {
                roots.push(p.into_owned());
            }
        }
    }
    session.reload_styles().await;
}
