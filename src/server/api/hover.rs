//! Hover: on a diagnostic, the rule's documentation (from the same source
//! as `copydesk explain`); on a name, its house spelling, note and first
//! mention in the story.

use crate::article::lookup::{entry_note, first_mention, name_at};
use crate::server::session::Session;
use crate::server::state::Snapshot;
use crate::stylebook::names::HitStatus;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

/// A one-line excerpt of the text around `r`, for "first mentioned".
fn excerpt(text: &str, r: &std::ops::Range<usize>) -> String {
    let line_start = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[r.end..].find('\n').map_or(text.len(), |i| r.end + i);
    let line = text[line_start..line_end].trim();
    let mut out: String = line.chars().take(100).collect();
    if out.len() < line.len() {
        out.push('…');
    }
    out
}

fn mention_line(snap: &Snapshot, r: &std::ops::Range<usize>) -> String {
    let line = snap.article.lines.line_of(r.start) + 1;
    format!(
        "First mentioned on line {line}: {}",
        excerpt(snap.text(), r)
    )
}

/// The hover text at `offset` (Markdown) and the range it is about.
pub fn hover_text(snap: &Snapshot, offset: usize) -> Option<(String, std::ops::Range<usize>)> {
    let mut parts: Vec<String> = Vec::new();
    let mut range: Option<std::ops::Range<usize>> = None;
    for f in &snap.findings {
        if !(f.range.start <= offset && offset <= f.range.end) {
            continue;
        }
        let mut s = format!("**{}** ({}): {}", f.rule, f.severity, f.message);
        if let Some(doc) = crate::checks::explain(&snap.book, &f.rule) {
            s.push_str("\n\n");
            s.push_str(doc.doc.trim());
        }
        if !parts.contains(&s) {
            parts.push(s);
        }
        range.get_or_insert(f.range.clone());
    }
    // A person, as the names checks see them (all spellings clustered).
    let person =
        crate::article::names::name_at(&snap.article, &snap.book, offset).and_then(|info| {
            let m = info
                .mentions
                .iter()
                .find(|m| m.start <= offset && offset <= m.end)?
                .clone();
            let mut s = format!("**{}**", info.canonical);
            match info.entry {
                Some(e) => s.push_str(&format!(" ({})", entry_note(e))),
                None => s.push_str(": not in the name authority."),
            }
            let written = &snap.text()[m.clone()];
            if info.entry.is_some() && !info.canonical.contains(written) {
                s.push_str(&format!("\n\n'{written}' is not the house spelling."));
            }
            s.push_str("\n\n");
            s.push_str(&mention_line(snap, &info.first_mention));
            Some((s, m))
        });
    if let Some((s, m)) = person {
        parts.push(s);
        range.get_or_insert(m);
    } else if let Some(n) = name_at(&snap.article, offset) {
        let entry = n
            .entry
            .and_then(|i| snap.book.names.entries.get(i as usize));
        let s = match entry {
            Some(e) => {
                let mut s = format!("**{}** ({})", e.canonical, entry_note(e));
                match n.status {
                    Some(HitStatus::Variant) | Some(HitStatus::WrongCase) => {
                        s.push_str(&format!("\n\n'{}' is not the house spelling.", n.text));
                    }
                    _ => {}
                }
                if let Some(first) = n.entry.and_then(|i| first_mention(&snap.article, i)) {
                    s.push_str("\n\n");
                    s.push_str(&mention_line(snap, &first));
                }
                Some(s)
            }
            None if n.text.contains(' ') => {
                let first = snap
                    .text()
                    .find(n.text.as_str())
                    .map(|i| i..i + n.text.len());
                let mut s = format!("**{}**: not in the name authority.", n.text);
                if let Some(first) = first {
                    s.push_str("\n\n");
                    s.push_str(&mention_line(snap, &first));
                }
                Some(s)
            }
            None => None,
        };
        if let Some(s) = s {
            parts.push(s);
            range.get_or_insert(n.range.clone());
        }
    }
    let range = range?;
    Some((parts.join("\n\n---\n\n"), range))
}

pub async fn hover(session: &Session, params: HoverParams) -> Result<Option<Hover>> {
    let p = params.text_document_position_params;
    let Some((_, snap)) = super::story_as_sent(session, &p.text_document.uri).await else {
        return Ok(None);
    };
    let offset = snap.offset(p.position);
    let Some((text, range)) = hover_text(&snap, offset) else {
        return Ok(None);
    };
    let kind = if session.caps().markdown_hover {
        MarkupKind::Markdown
    } else {
        MarkupKind::PlainText
    };
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind, value: text }),
        range: Some(snap.range(range)),
    }))
}
