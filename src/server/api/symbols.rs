//! Document symbols: the story's outline. Headline, byline (with its
//! names), dateline, section headings, the quotations grouped by
//! speaker, and the credit line.

use crate::article::Role;
use crate::server::session::Session;
use crate::server::state::Snapshot;
use std::ops::Range;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

fn short(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = s.chars().take(80).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    if out.is_empty() {
        out.push('…');
    }
    out
}

#[allow(deprecated)]
fn symbol(
    snap: &Snapshot,
    name: String,
    detail: &str,
    kind: SymbolKind,
    r: Range<usize>,
) -> DocumentSymbol {
    let range = snap.range(r);
    DocumentSymbol {
        name,
        detail: Some(detail.to_string()),
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: range,
        children: None,
    }
}

/// The outline of a story.
pub fn outline(snap: &Snapshot) -> Vec<DocumentSymbol> {
    let a = &snap.article;
    let text = a.text();
    let mut out = Vec::new();
    if let Some(h) = a.headline {
        let b = &a.blocks[h];
        out.push(symbol(
            snap,
            short(&text[b.range.clone()]),
            "headline",
            SymbolKind::FILE,
            b.outer.clone(),
        ));
    }
    if let Some(by) = &a.byline {
        let mut s = symbol(
            snap,
            short(&text[by.range.clone()]),
            "byline",
            SymbolKind::PROPERTY,
            by.range.clone(),
        );
        let names: Vec<DocumentSymbol> = by
            .names
            .iter()
            .map(|n| {
                symbol(
                    snap,
                    short(&n.text),
                    "author",
                    SymbolKind::FIELD,
                    n.range.clone(),
                )
            })
            .collect();
        if !names.is_empty() {
            s.children = Some(names);
        }
        out.push(s);
    }
    if let Some(d) = &a.dateline {
        out.push(symbol(
            snap,
            short(&text[d.range.clone()]),
            "dateline",
            SymbolKind::EVENT,
            d.range.clone(),
        ));
    }
    for (i, b) in a.blocks.iter().enumerate() {
        if b.role == Role::Heading && Some(i) != a.headline {
            out.push(symbol(
                snap,
                short(&text[b.range.clone()]),
                "section",
                SymbolKind::NAMESPACE,
                b.outer.clone(),
            ));
        }
    }
    // Quotations grouped by speaker, in the order speakers first speak;
    // quotations nobody is credited with are grouped last.
    let entries = crate::article::attribution::outline(a);
    let mut groups: Vec<(
        Option<String>,
        Vec<&crate::article::attribution::QuoteEntry>,
    )> = Vec::new();
    for e in entries.iter().filter(|e| !e.text.is_empty()) {
        match groups.iter_mut().find(|(s, _)| *s == e.speaker) {
            Some((_, v)) => v.push(e),
            None => groups.push((e.speaker.clone(), vec![e])),
        }
    }
    // "Olsen" and "Marta Olsen" are one speaker: a one-word name joins the
    // group of a fuller name that ends with it.
    let full: Vec<String> = groups
        .iter()
        .filter_map(|(s, _)| s.clone())
        .filter(|s| s.contains(' '))
        .collect();
    let mut merged: Vec<(
        Option<String>,
        Vec<&crate::article::attribution::QuoteEntry>,
    )> = Vec::new();
    for (speaker, quotes) in groups {
        let name = speaker.map(|s| {
            if s.contains(' ') {
                s
            } else {
                full.iter()
                    .find(|f| f.ends_with(&format!(" {s}")))
                    .cloned()
                    .unwrap_or(s)
            }
        });
        match merged.iter_mut().find(|(s, _)| *s == name) {
            Some((_, v)) => v.extend(quotes),
            None => merged.push((name, quotes)),
        }
    }
    let mut groups = merged;
    for (_, v) in &mut groups {
        v.sort_by_key(|q| q.range.start);
    }
    groups.sort_by_key(|(s, _)| s.is_none());
    let count = entries.iter().filter(|e| !e.text.is_empty()).count();
    let by_speaker: Vec<DocumentSymbol> = groups
        .into_iter()
        .map(|(speaker, quotes)| {
            let start = quotes.iter().map(|q| q.range.start).min().unwrap_or(0);
            let end = quotes.iter().map(|q| q.range.end).max().unwrap_or(0);
            let mut g = symbol(
                snap,
                speaker.unwrap_or_else(|| "Unattributed".to_string()),
                &format!(
                    "{} quote{}",
                    quotes.len(),
                    if quotes.len() == 1 { "" } else { "s" }
                ),
                SymbolKind::OBJECT,
                start..end,
            );
            g.selection_range = snap.range(quotes[0].range.clone());
            g.children = Some(
                quotes
                    .iter()
                    .map(|q| {
                        symbol(
                            snap,
                            short(&q.text),
                            q.verb.as_deref().unwrap_or("quote"),
                            SymbolKind::STRING,
                            q.range.clone(),
                        )
                    })
                    .collect(),
            );
            g
        })
        .collect();
    if !by_speaker.is_empty() {
        let start = entries.iter().map(|q| q.range.start).min().unwrap_or(0);
        let end = entries.iter().map(|q| q.range.end).max().unwrap_or(0);
        let first = entries
            .iter()
            .min_by_key(|q| q.range.start)
            .map(|q| q.range.clone())
            .unwrap_or(0..0);
        let mut g = symbol(
            snap,
            format!("Quotes ({count})"),
            "quotations",
            SymbolKind::ARRAY,
            start..end,
        );
        g.selection_range = snap.range(first);
        g.children = Some(by_speaker);
        out.push(g);
    }
    if let Some(c) = &a.credit {
        out.push(symbol(
            snap,
            short(&text[c.range.clone()]),
            "credit line",
            SymbolKind::PROPERTY,
            c.range.clone(),
        ));
    }
    out
}

#[allow(deprecated)]
fn flatten(
    uri: &Uri,
    syms: Vec<DocumentSymbol>,
    container: Option<String>,
    out: &mut Vec<SymbolInformation>,
) {
    for s in syms {
        out.push(SymbolInformation {
            name: s.name.clone(),
            kind: s.kind,
            tags: None,
            deprecated: None,
            location: Location::new(uri.clone(), s.range),
            container_name: container.clone(),
        });
        if let Some(c) = s.children {
            flatten(uri, c, Some(s.name), out);
        }
    }
}

pub async fn document_symbol(
    session: &Session,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let uri = params.text_document.uri;
    let Some((_, snap)) = super::story(session, &uri).await else {
        return Ok(None);
    };
    let syms = outline(&snap);
    if session.caps().hierarchical_symbols {
        return Ok(Some(DocumentSymbolResponse::Nested(syms)));
    }
    let mut flat = Vec::new();
    flatten(&uri, syms, None, &mut flat);
    Ok(Some(DocumentSymbolResponse::Flat(flat)))
}
