//! Document symbols: the story's outline. Headline, byline (with its
//! names), dateline, section headings, the quotations, and the credit
//! line.

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
    let quotes: Vec<DocumentSymbol> = a
        .quotes
        .iter()
        .filter(|q| q.depth == 0 && q.inner.end > q.inner.start)
        .map(|q| {
            symbol(
                snap,
                short(&text[q.inner.clone()]),
                "quote",
                SymbolKind::STRING,
                q.range.clone(),
            )
        })
        .collect();
    if let (Some(first), Some(last)) = (a.quotes.first(), a.quotes.last()) {
        if !quotes.is_empty() {
            let mut g = symbol(
                snap,
                format!("Quotes ({})", quotes.len()),
                "quotations",
                SymbolKind::ARRAY,
                first.range.start..last.range.end,
            );
            g.selection_range = snap.range(first.range.clone());
            g.children = Some(quotes);
            out.push(g);
        }
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
