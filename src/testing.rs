//! Helpers for the unit tests of every core module.

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
