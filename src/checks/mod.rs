//! The checks: pure functions over an [`Article`] and a [`StyleBook`].
//!
//! Every check implements [`Check`] and lists the [`Rule`]s it reports,
//! each with its documentation and examples; [`REGISTRY`] holds them all,
//! sorted by name. [`run`] runs every check, then applies what is common to
//! all of them: the configured severity (or `off`), suppression comments,
//! and the spans no check may touch.
//!
//! A rule's `doc` uses fixed headings (`## What it does`, `## Why`,
//! `## Example`); `copydesk explain RULE`, the language server's hover and
//! the SARIF rule descriptions all come from it. Every example runs as a
//! test (see `tests/rule_examples.rs`): its `bad` text must raise the rule
//! and its `good` text must not.

#[cfg(test)]
pub(crate) mod testing;

use crate::article::Article;
use crate::finding::{Finding, Severity};
use crate::stylebook::StyleBook;

/// Text that a rule flags (`bad`) and the same text corrected (`good`).
#[derive(Clone, Copy, Debug)]
pub struct Example {
    pub bad: &'static str,
    pub good: &'static str,
}

/// A rule a built-in check reports.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// Markdown with the headings What it does / Why / Example.
    pub doc: &'static str,
    pub examples: &'static [Example],
}

/// A check: one or more rules found by one pass over the article.
pub trait Check: Send + Sync {
    fn rules(&self) -> &'static [Rule];
    fn check(&self, article: &Article, book: &StyleBook, out: &mut Vec<Finding>);
}

/// Declares each check's module (`src/checks/<module>.rs`) and lists its
/// checks in [`REGISTRY`]: one line per module. The modules are private,
/// so a check left out of its line is dead code, which the build refuses
/// (`clippy -D warnings`); a module left out of the list is a file that
/// `tests/structure.rs` finds unregistered.
macro_rules! registry {
    ($($module:ident: [$($check:ident),+ $(,)?]),+ $(,)?) => {
        $(mod $module;)+

        /// Every built-in check.
        pub static REGISTRY: &[&dyn Check] = &[$($(&$module::$check),+),+];
    };
}

registry! {
    byline: [Bylines],
    dateline: [Datelines],
    names: [Authority, BylineCredit, Consistency, References],
    quotes: [Quotes],
    style: [DataRules],

}

/// A rule's documentation, built-in or from a data rule file.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RuleDoc {
    pub id: String,
    pub severity: Severity,
    pub summary: String,
    pub doc: String,
    pub examples: Vec<(String, String)>,
    /// `built-in`, or the file a data rule came from.
    pub source: String,
}

/// Where a rule's documentation is published.
pub const DOCS_BASE: &str = "https://copydesk.dev/rules/";

pub fn doc_url(rule: &str) -> String {
    format!("{DOCS_BASE}{rule}")
}

/// Every rule, built-in and data-driven, sorted by id, at the severity the
/// style book gives it (rules turned off are left out unless `with_off`).
pub fn all_rules(book: &StyleBook) -> Vec<RuleDoc> {
    let mut out = Vec::new();
    for check in REGISTRY {
        for r in check.rules() {
            out.push(RuleDoc {
                id: r.id.to_string(),
                severity: r.severity,
                summary: r.summary.to_string(),
                doc: r.doc.trim().to_string(),
                examples: r
                    .examples
                    .iter()
                    .map(|e| (e.bad.to_string(), e.good.to_string()))
                    .collect(),
                source: "built-in".to_string(),
            });
        }
    }
    for r in book.rules.iter() {
        out.push(RuleDoc {
            id: r.id.clone(),
            severity: r.severity,
            summary: r.summary.clone(),
            doc: if r.doc.is_empty() {
                r.message.clone()
            } else {
                r.doc.clone()
            },
            examples: r
                .examples
                .iter()
                .map(|e| (e.bad.clone(), e.good.clone()))
                .collect(),
            source: r.source.clone(),
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    out
}

/// The documentation of one rule.
pub fn explain(book: &StyleBook, id: &str) -> Option<RuleDoc> {
    all_rules(book).into_iter().find(|r| r.id == id)
}

/// Run every check over `article` and return the findings that survive the
/// style book's severities, suppression comments and excluded spans,
/// sorted by position.
pub fn run(article: &Article, book: &StyleBook) -> Vec<Finding> {
    let mut raw = Vec::new();
    for check in REGISTRY {
        check.check(article, book, &mut raw);
    }
    finish(article, book, raw)
}

/// What [`run`] does after the checks: severities, suppressions, excluded
/// spans, order.
pub fn finish(article: &Article, book: &StyleBook, raw: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = raw
        .into_iter()
        .filter_map(|mut f| {
            f.severity = book.severity_for(&f.rule, f.severity)?;
            if article.suppressions.suppresses(&f.rule, &f.range) || article.is_excluded(&f.range) {
                return None;
            }
            Some(f)
        })
        .collect();
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.rule, &a.message).cmp(&(
            b.range.start,
            b.range.end,
            &b.rule,
            &b.message,
        ))
    });
    out.dedup();
    out
}

/// Parse `text` and run every check.
pub fn check_text(text: &str, book: &StyleBook) -> Vec<Finding> {
    let article = Article::parse(text, book);
    run(&article, book)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_sorted_families() {
        let mut ids: Vec<&str> = REGISTRY
            .iter()
            .flat_map(|c| c.rules().iter().map(|r| r.id))
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate rule ids");
        for id in ids {
            let family = id.split('.').next().unwrap();
            assert!(
                ["names", "dateline", "byline", "quotes", "style"].contains(&family),
                "{id} is not in a known family"
            );
        }
    }

    #[test]
    fn every_builtin_rule_documents_itself() {
        for c in REGISTRY {
            for r in c.rules() {
                assert!(!r.summary.is_empty(), "{}", r.id);
                for heading in ["## What it does", "## Why", "## Example"] {
                    assert!(r.doc.contains(heading), "{} lacks {heading}", r.id);
                }
                assert!(!r.examples.is_empty(), "{} has no examples", r.id);
            }
        }
    }

    #[test]
    fn severity_off_and_suppression_apply_to_every_rule() {
        let book = StyleBook::builtin().unwrap();
        let t = "# H\n\nThe mayor of Kiev spoke.\n";
        assert!(check_text(t, &book)
            .iter()
            .any(|f| f.rule == "names.authority"));
        let mut off = book.clone();
        off.severities.insert("names".into(), None);
        assert!(!check_text(t, &off)
            .iter()
            .any(|f| f.rule == "names.authority"));
        let t2 = "# H\n\n<!-- copydesk-disable-next-line names.authority -->\nThe mayor of Kiev spoke.\n";
        assert!(!check_text(t2, &book)
            .iter()
            .any(|f| f.rule == "names.authority"));
        let t3 = "# H\n\nThe mayor of `Kiev` spoke at [the site](https://kiev.example/Kiev).\n";
        assert!(!check_text(t3, &book)
            .iter()
            .any(|f| f.rule == "names.authority"));
    }
}
