//! Helpers shared by the checks' unit tests.

use crate::checks::check_text;
use crate::finding::apply_edits;
use crate::stylebook::{Config, StyleBook};
use std::path::Path;

/// The built-in style book.
pub fn book() -> StyleBook {
    StyleBook::builtin().unwrap()
}

/// The built-in style book with `house` (TOML lines) as `[house]` settings.
pub fn book_with(house: &str) -> StyleBook {
    let c = Config::parse("c.toml", &format!("[house]\n{house}\n")).unwrap();
    StyleBook::with_config(&c, Path::new(".")).unwrap()
}

/// The ids of the findings on `text` whose rule starts with `prefix`.
pub fn rules_of(text: &str, prefix: &str, book: &StyleBook) -> Vec<String> {
    check_text(text, book)
        .into_iter()
        .filter(|f| f.rule.starts_with(prefix))
        .map(|f| f.rule.into_owned())
        .collect()
}

/// `text` with the first fix of every `rule` finding applied; fails the
/// test when there is none.
pub fn fixed(text: &str, rule: &str, book: &StyleBook) -> String {
    let edits: Vec<_> = check_text(text, book)
        .into_iter()
        .filter(|f| f.rule == rule)
        .filter_map(|f| f.fixes.into_iter().next())
        .flat_map(|fx| fx.edits)
        .collect();
    assert!(!edits.is_empty(), "no {rule} fix in {text:?}");
    apply_edits(text, &edits).0
}

pub use crate::testing::Rng;
