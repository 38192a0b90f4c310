//! Rename a person: `prepareRename` finds the name at the cursor;
//! `rename` rewrites every mention (the full name, and the surname alone)
//! in one versioned edit.

use super::code_action::versioned_edit;
use crate::finding::Edit;
use crate::server::names::{mentions, name_at, rename_edits};
use crate::server::session::Session;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

pub async fn prepare(
    session: &Session,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let Some((_, snap)) = super::story(session, &params.text_document.uri).await else {
        return Ok(None);
    };
    let offset = snap.offset(params.position);
    let Some(n) = name_at(&snap.article, offset) else {
        return Ok(None);
    };
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: snap.range(n.range.clone()),
        placeholder: n.text,
    }))
}

pub async fn rename(session: &Session, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let p = params.text_document_position;
    let new_name = params.new_name.trim();
    if new_name.is_empty() || new_name.contains(['\n', '\r']) {
        return Err(Error::invalid_params("a name must be one non-empty line"));
    }
    let Some((_, snap)) = super::story(session, &p.text_document.uri).await else {
        return Ok(None);
    };
    let offset = snap.offset(p.position);
    let Some(n) = name_at(&snap.article, offset) else {
        return Err(Error::invalid_params("no name at this position"));
    };
    let m = mentions(&snap.article, &snap.book, &n.text);
    let edits: Vec<Edit> = rename_edits(&m, new_name)
        .into_iter()
        .map(|(r, t)| Edit::new(r, t))
        .collect();
    if edits.is_empty() {
        return Ok(None);
    }
    Ok(Some(versioned_edit(
        session,
        &p.text_document.uri,
        &snap,
        &edits,
    )))
}
