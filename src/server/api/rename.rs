//! Rename a person: `prepareRename` finds the name at the cursor;
//! `rename` rewrites every mention (the full name, and the surname alone)
//! in one versioned edit.

use super::code_action::versioned_edit;
use crate::article::lookup::{mentions, name_at, rename_edits};
use crate::finding::Edit;
use crate::server::session::Session;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

pub async fn prepare(
    session: &Session,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let Some((_, snap)) = super::story_as_sent(session, &params.text_document.uri).await else {
        return Ok(None);
    };
    let offset = snap.offset(params.position);
    // The names checks' own reading of who is who, when it sees a person.
    if let Some(info) = crate::article::names::name_at(&snap.article, &snap.book, offset) {
        if let Some(m) = info
            .mentions
            .iter()
            .find(|m| m.start <= offset && offset <= m.end)
        {
            return Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
                range: snap.range(m.clone()),
                placeholder: snap.text()[m.clone()].to_string(),
            }));
        }
    }
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
    let Some((_, snap)) = super::story_as_sent(session, &p.text_document.uri).await else {
        return Ok(None);
    };
    let offset = snap.offset(p.position);
    let edits: Vec<Edit> = match crate::article::names::name_at(&snap.article, &snap.book, offset) {
        Some(info) => person_edits(&info.mentions, &info.family_names, new_name),
        None => {
            let Some(n) = name_at(&snap.article, offset) else {
                return Err(Error::invalid_params("no name at this position"));
            };
            let m = mentions(&snap.article, &snap.book, &n.text);
            rename_edits(&m, new_name)
                .into_iter()
                .map(|(r, t)| Edit::new(r, t))
                .collect()
        }
    };
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

/// Edits renaming a person found by the names checks: a whole-name
/// mention gets the new name, a family-name-only mention the new family
/// name; a one-word new name replaces family names only.
fn person_edits(
    mentions: &[std::ops::Range<usize>],
    family: &[std::ops::Range<usize>],
    new_name: &str,
) -> Vec<Edit> {
    let last = new_name.rsplit(' ').next().unwrap_or(new_name);
    let one_word = !new_name.contains(' ');
    mentions
        .iter()
        .zip(family)
        .map(|(m, f)| {
            if m == f || one_word || f.is_empty() {
                let r = if f.is_empty() { m.clone() } else { f.clone() };
                Edit::new(r, last)
            } else {
                Edit::new(m.clone(), new_name)
            }
        })
        .collect()
}
