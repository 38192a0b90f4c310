//! Completion of names: after three letters of a capitalised word, the
//! names in this story, then the name authority's canonical spellings.

use crate::article::lookup::{candidates, completion_prefix};
use crate::server::session::Session;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

const LIMIT: usize = 50;

pub async fn completion(
    session: &Session,
    params: CompletionParams,
) -> Result<Option<CompletionResponse>> {
    let p = params.text_document_position;
    let Some((_, snap)) = super::story_as_sent(session, &p.text_document.uri).await else {
        return Ok(None);
    };
    let offset = snap.offset(p.position);
    let Some(prefix_range) = completion_prefix(snap.text(), offset) else {
        return Ok(None);
    };
    let prefix = &snap.text()[prefix_range.clone()];
    let range = snap.range(prefix_range.clone());
    let items: Vec<CompletionItem> = candidates(&snap.article, &snap.book, prefix, LIMIT)
        .into_iter()
        .enumerate()
        .map(|(i, c)| CompletionItem {
            label: c.label.clone(),
            kind: Some(CompletionItemKind::TEXT),
            detail: Some(if c.in_story {
                "in this story".to_string()
            } else if c.note.is_empty() {
                "name authority".to_string()
            } else {
                format!("name authority: {}", c.note)
            }),
            sort_text: Some(format!("{}{i:04}", if c.in_story { 0 } else { 1 })),
            filter_text: Some(c.label.clone()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, c.label))),
            ..Default::default()
        })
        .collect();
    if items.is_empty() {
        return Ok(None);
    }
    Ok(Some(CompletionResponse::List(CompletionList {
        is_incomplete: true,
        items,
    })))
}
