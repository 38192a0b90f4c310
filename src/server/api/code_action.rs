//! Code actions: a quick fix per fix (safe ones preferred), "fix all safe
//! issues" (`source.fixAll.copydesk`), "Add NAME to the name authority",
//! and "Disable RULE on this line / in this file".
//!
//! Every edit names the document version it was computed for, so a
//! client applies it only to that text.

use super::lifecycle::{ADD_NAME, FIX_ALL};
use crate::article::lookup::name_at;
use crate::finding::{Edit, Finding};
use crate::server::convert::{byte_range, text_edit};
use crate::server::session::Session;
use crate::server::state::Snapshot;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

/// A workspace edit of one document at one version.
pub fn versioned_edit(
    session: &Session,
    uri: &Uri,
    snap: &Snapshot,
    edits: &[Edit],
) -> WorkspaceEdit {
    let text_edits: Vec<TextEdit> = edits
        .iter()
        .map(|e| text_edit(&snap.article, e, snap.encoding))
        .collect();
    if session.caps().document_changes == Some(false) {
        let mut changes = std::collections::HashMap::new();
        changes.insert(uri.clone(), text_edits);
        return WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        };
    }
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: uri.clone(),
                version: Some(snap.version),
            },
            edits: text_edits.into_iter().map(OneOf::Left).collect(),
        }])),
        ..Default::default()
    }
}

fn wanted(only: &Option<Vec<CodeActionKind>>, kind: &str) -> bool {
    match only {
        None => true,
        Some(list) => list.iter().any(|w| {
            let w = w.as_str();
            kind == w || (kind.starts_with(w) && kind.as_bytes().get(w.len()) == Some(&b'.'))
        }),
    }
}

fn line_break(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// The edit that puts `<!-- copydesk-disable-next-line RULE -->` above
/// the finding's line. Above the first line of a block it stands as a
/// block of its own (a blank line after it), so the block keeps its
/// role (a dateline still starts its paragraph).
pub fn disable_line_edit(snap: &Snapshot, f: &Finding) -> Edit {
    let a = &snap.article;
    let text = a.text();
    let line = a.lines.line_of(f.range.start);
    let start = a.lines.line_range(text, line).start;
    let nl = line_break(text);
    let first = a
        .block_at(start)
        .is_none_or(|b| a.blocks[b].outer.start == start);
    let mut comment = format!("<!-- copydesk-disable-next-line {} -->{nl}", f.rule);
    if first {
        comment.push_str(nl);
    }
    Edit::new(start..start, comment)
}

/// The edit that puts `<!-- copydesk-disable-file RULE -->` at the top
/// (after any front matter).
pub fn disable_file_edit(snap: &Snapshot, rule: &str) -> Edit {
    let a = &snap.article;
    let at = a
        .blocks
        .first()
        .filter(|b| b.role == crate::article::Role::FrontMatter)
        .map_or(0, |b| b.outer.end);
    let nl = line_break(a.text());
    Edit::new(
        at..at,
        format!("<!-- copydesk-disable-file {rule} -->{nl}{nl}"),
    )
}

fn add_name_action(
    uri: &Uri,
    name: &str,
    diagnostics: Option<Vec<Diagnostic>>,
) -> CodeActionOrCommand {
    let title = format!("Add '{name}' to the name authority");
    CodeActionOrCommand::CodeAction(CodeAction {
        title: title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics,
        command: Some(Command {
            title,
            command: ADD_NAME.to_string(),
            arguments: Some(vec![serde_json::json!({"uri": uri.as_str(), "name": name})]),
        }),
        ..Default::default()
    })
}

pub async fn code_action(
    session: &Session,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let Some((_, snap)) = super::story_as_sent(session, &uri).await else {
        return Ok(None);
    };
    let a = &snap.article;
    let range = byte_range(a, params.range, snap.encoding);
    let only = params.context.only;
    let mut out: Vec<CodeActionOrCommand> = Vec::new();
    let mut named: Vec<String> = Vec::new();

    if wanted(&only, CodeActionKind::QUICKFIX.as_str()) {
        let mut disables: Vec<CodeActionOrCommand> = Vec::new();
        for (i, f) in snap.findings.iter().enumerate() {
            if !(f.range.start <= range.end && range.start <= f.range.end) {
                continue;
            }
            let diag = snap.diagnostic(i).map(|d| vec![d]);
            for fix in &f.fixes {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.to_string(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: diag.clone(),
                    edit: Some(versioned_edit(session, &uri, &snap, &fix.edits)),
                    is_preferred: Some(fix.safe),
                    ..Default::default()
                }));
            }
            // A name the authority does not know yet, flagged by a names
            // check: offer to add it.
            let found = a.text()[f.range.clone()].trim();
            if f.rule.starts_with("names.")
                && f.rule != "names.authority"
                && found.chars().next().is_some_and(char::is_uppercase)
                && snap.book.names.lookup(found).is_none()
                && !named.iter().any(|n| n == found)
            {
                named.push(found.to_string());
                out.push(add_name_action(&uri, found, diag.clone()));
            }
            for (title, edit) in [
                (
                    format!("Disable {} on this line", f.rule),
                    disable_line_edit(&snap, f),
                ),
                (
                    format!("Disable {} in this file", f.rule),
                    disable_file_edit(&snap, &f.rule),
                ),
            ] {
                let dup = disables
                    .iter()
                    .any(|d| matches!(d, CodeActionOrCommand::CodeAction(c) if c.title == title));
                if !dup {
                    disables.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: diag.clone(),
                        edit: Some(versioned_edit(session, &uri, &snap, &[edit])),
                        ..Default::default()
                    }));
                }
            }
        }
        // A name of two or more words at the cursor that the authority
        // does not know.
        if let Some(n) = name_at(a, range.start) {
            if n.entry.is_none()
                && n.text.contains(' ')
                && snap.book.names.lookup(&n.text).is_none()
                && !named.contains(&n.text)
            {
                out.push(add_name_action(&uri, &n.text, None));
            }
        }
        out.extend(disables);
    }

    if wanted(&only, FIX_ALL) {
        let edits = crate::server::convert::fix_all_edits(&snap.findings);
        if !edits.is_empty() {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all safe copydesk issues".to_string(),
                kind: Some(CodeActionKind::new(FIX_ALL)),
                edit: Some(versioned_edit(session, &uri, &snap, &edits)),
                ..Default::default()
            }));
        }
    }
    Ok(Some(out))
}
