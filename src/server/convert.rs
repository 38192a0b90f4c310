//! Findings to LSP: diagnostics, ranges and edits. Every position goes
//! through the article's [`crate::positions::LineIndex`], in the encoding
//! agreed with the client.

use crate::article::Article;
use crate::checks::doc_url;
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::positions::{Encoding, Hint, LineCol};
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::ops::Range;
use std::str::FromStr;
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Position,
    TextEdit, Uri,
};

/// The `source` of every diagnostic.
pub const SOURCE: &str = "copydesk";

pub fn position(article: &Article, offset: usize, enc: Encoding) -> Position {
    position_hinted(article, offset, enc, &Cell::default())
}

/// [`position`] for one of many offsets converted in a row: counting
/// resumes from the last one ([`LineIndex::line_col_hinted`]), so the
/// findings of a very long line cost one pass over it, not one each.
///
/// [`LineIndex::line_col_hinted`]: crate::positions::LineIndex::line_col_hinted
fn position_hinted(article: &Article, offset: usize, enc: Encoding, hint: &Cell<Hint>) -> Position {
    let lc = article
        .lines
        .line_col_hinted(&article.text, offset, enc, hint);
    Position::new(lc.line, lc.col)
}

pub fn range(article: &Article, r: Range<usize>, enc: Encoding) -> lsp::Range {
    range_hinted(article, r, enc, &Cell::default())
}

fn range_hinted(
    article: &Article,
    r: Range<usize>,
    enc: Encoding,
    hint: &Cell<Hint>,
) -> lsp::Range {
    lsp::Range::new(
        position_hinted(article, r.start, enc, hint),
        position_hinted(article, r.end, enc, hint),
    )
}

/// An LSP position to a byte offset, clamped to the text.
pub fn offset(article: &Article, p: Position, enc: Encoding) -> usize {
    article.lines.offset(
        &article.text,
        LineCol {
            line: p.line,
            col: p.character,
        },
        enc,
    )
}

/// A byte range from an LSP range, ordered and clamped.
pub fn byte_range(article: &Article, r: lsp::Range, enc: Encoding) -> Range<usize> {
    let a = offset(article, r.start, enc);
    let b = offset(article, r.end, enc);
    a.min(b)..a.max(b)
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The documentation link of a rule.
pub fn rule_href(rule: &str) -> Option<Uri> {
    Uri::from_str(&doc_url(rule)).ok()
}

/// A diagnostic's `data`: its fixes, as
/// `{"fixes": [[title, safe, [[line, col, end_line, end_col, new_text], ...]], ...]}`
/// with positions in the encoding agreed with the client. Arrays, not
/// objects: a story's diagnostics are sent on every keystroke, and on
/// messy copy objects here made up half the cost of sending them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosticData {
    pub fixes: Vec<FixData>,
}

/// A fix in a diagnostic's `data`: title, whether it is safe, and its edits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixData(pub String, pub bool, pub Vec<EditData>);

/// An edit in a diagnostic's `data`: start line and column, end line and
/// column, and the new text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditData(pub u32, pub u32, pub u32, pub u32, pub String);

pub fn text_edit(article: &Article, e: &Edit, enc: Encoding) -> TextEdit {
    TextEdit::new(range(article, e.range.clone(), enc), e.text.to_string())
}

fn fix_data(article: &Article, f: &Fix, enc: Encoding, hint: &Cell<Hint>) -> FixData {
    let edits = f
        .edits
        .iter()
        .map(|e| {
            let r = range_hinted(article, e.range.clone(), enc, hint);
            EditData(
                r.start.line,
                r.start.character,
                r.end.line,
                r.end.character,
                e.text.to_string(),
            )
        })
        .collect();
    FixData(f.title.to_string(), f.safe, edits)
}

/// The diagnostic of `f`. `hint` carries the last position converted
/// from one diagnostic to the next: convert a story's findings in order
/// with one hint.
pub fn diagnostic(article: &Article, f: &Finding, enc: Encoding, hint: &Cell<Hint>) -> Diagnostic {
    let data = if f.fixes.is_empty() {
        None
    } else {
        let d = DiagnosticData {
            fixes: f
                .fixes
                .iter()
                .map(|x| fix_data(article, x, enc, hint))
                .collect(),
        };
        serde_json::to_value(d).ok()
    };
    Diagnostic {
        range: range_hinted(article, f.range.clone(), enc, hint),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.to_string())),
        code_description: rule_href(&f.rule).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: f.message.to_string(),
        related_information: None,
        tags: None,
        data,
    }
}

/// Safe fixes' edits that do not overlap, in text order: what "fix all"
/// applies.
pub fn fix_all_edits(findings: &[Finding]) -> Vec<Edit> {
    let mut edits: Vec<&Edit> = findings
        .iter()
        .flat_map(|f| f.fixes.iter().filter(|x| x.safe).take(1))
        .flat_map(|x| x.edits.iter())
        .collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out: Vec<Edit> = Vec::new();
    let mut pos = 0usize;
    for e in edits {
        if e.range.start < pos || e.range.end < e.range.start {
            continue;
        }
        if out.last().is_some_and(|l| l == e) {
            continue;
        }
        pos = e
            .range
            .end
            .max(e.range.start + usize::from(e.range.is_empty()));
        out.push(e.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stylebook::StyleBook;
    use std::sync::Arc;

    /// Converting a story's findings in order with one hint gives the
    /// positions each gets converted alone: on one long line of emoji,
    /// accents and misspelled names, in every encoding.
    #[test]
    fn diagnostics_converted_in_a_row_are_where_each_alone_is() {
        let book = StyleBook::builtin().unwrap();
        let line =
            "The mayor of 😀 Kiev met Zelensky in Kyïv, “towards” peace, she said. ".repeat(40);
        let text = format!("# H\n\n{line}\n\nMore from Kiev 😀 today.\n");
        let article = Article::build(Arc::from(text.as_str()), &book, &mut Default::default());
        let findings = crate::checks::run(&article, &book);
        assert!(findings.len() > 80, "{}", findings.len());
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let hint = Cell::default();
            for f in &findings {
                assert_eq!(
                    diagnostic(&article, f, enc, &hint),
                    diagnostic(&article, f, enc, &Cell::default()),
                    "{enc:?} {f:?}"
                );
            }
        }
    }

    #[test]
    fn diagnostics_carry_rule_link_source_and_fixes() {
        let book = StyleBook::builtin().unwrap();
        let text = "# H\n\nThe mayor of 😀 Kiev spoke.\n";
        let article = Article::build(Arc::from(text), &book, &mut Default::default());
        let findings = crate::checks::run(&article, &book);
        let f = findings
            .iter()
            .find(|f| f.rule == "names.authority")
            .unwrap();
        let d = diagnostic(&article, f, Encoding::Utf16, &Cell::default());
        assert_eq!(
            d.code,
            Some(NumberOrString::String("names.authority".into()))
        );
        assert_eq!(d.source.as_deref(), Some("copydesk"));
        assert_eq!(
            d.code_description.unwrap().href.as_str(),
            "https://copydesk.dev/rules/names.authority"
        );
        // "The mayor of " is 13 units, the emoji 2, the space 1.
        assert_eq!(
            d.range,
            lsp::Range::new(Position::new(2, 16), Position::new(2, 20))
        );
        let data: DiagnosticData = serde_json::from_value(d.data.unwrap()).unwrap();
        assert_eq!(data.fixes[0].2[0].4, "Kyiv");
        assert!(data.fixes[0].1);
        let d8 = diagnostic(&article, f, Encoding::Utf8, &Cell::default());
        assert_eq!(d8.range.start, Position::new(2, 18));
    }

    #[test]
    fn fix_all_skips_overlaps_and_unsafe() {
        let f1 = Finding::new("a.b", 0..4, Severity::Error, "m").with_fix(Fix::replace(
            0..4,
            "Kyiv",
            true,
        ));
        let f2 =
            Finding::new("a.c", 2..6, Severity::Error, "m").with_fix(Fix::replace(2..6, "x", true));
        let f3 = Finding::new("a.d", 8..9, Severity::Error, "m").with_fix(Fix::replace(
            8..9,
            "y",
            false,
        ));
        let f4 = Finding::new("a.e", 10..12, Severity::Error, "m").with_fix(Fix::replace(
            10..12,
            "z",
            true,
        ));
        let e = fix_all_edits(&[f1, f2, f3, f4]);
        assert_eq!(
            e.iter().map(|e| e.text.as_str()).collect::<Vec<_>>(),
            vec!["Kyiv", "z"]
        );
    }
}
