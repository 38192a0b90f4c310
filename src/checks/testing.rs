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

/// A small deterministic source of numbers (xorshift) for the tests that
/// make many random edits.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }

    /// A range of `text` to replace: at a random place, `del` bytes long
    /// (less at the end of the text), widened to character boundaries.
    pub fn range_in(&mut self, text: &str, del: usize) -> std::ops::Range<usize> {
        let at = self.below(text.len() + 1);
        let at = (0..=at)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        let end = ((at + del).min(text.len())..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        at..end
    }

    /// Replace a random range of `text` with one of `snippets`: empty,
    /// but one time in `one_in` fewer than `max_del` bytes long.
    pub fn edit(&mut self, text: &mut String, snippets: &[&str], one_in: usize, max_del: usize) {
        let del = if self.below(one_in) == 0 {
            self.below(max_del)
        } else {
            0
        };
        let range = self.range_in(text, del);
        text.replace_range(range, snippets[self.below(snippets.len())]);
    }
}
