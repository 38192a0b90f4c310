//! A document as an editor holds it: the text in a rope, with the version
//! the client gave it. Edits arrive as ranges of positions in the
//! negotiated encoding and are applied to the rope; positions past the end
//! of a line or of the text clamp rather than fail, so a confused client
//! cannot crash the server or lose the edit.

use crate::positions::{rope, Encoding, LineCol};
use ropey::Rope;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Document {
    rope: Rope,
    version: i32,
    /// This version's text in one piece, once asked for: cleared by every
    /// edit.
    text: Option<Arc<str>>,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        Document {
            rope: Rope::from_str(text),
            version,
            text: None,
        }
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn set_version(&mut self, version: i32) {
        self.version = version;
    }

    pub fn len_bytes(&self) -> usize {
        self.rope.len_bytes()
    }

    /// Replace the range `start..end` (or the whole text when `range` is
    /// `None`) with `text`. Positions are clamped to the document; a range
    /// given backwards is put in order.
    pub fn apply(&mut self, range: Option<(LineCol, LineCol)>, text: &str, enc: Encoding) {
        self.text = None;
        match range {
            None => self.rope = Rope::from_str(text),
            Some((a, b)) => {
                let mut s = rope::char_index(&self.rope, a, enc);
                let mut e = rope::char_index(&self.rope, b, enc);
                if s > e {
                    std::mem::swap(&mut s, &mut e);
                }
                if s < e {
                    self.rope.remove(s..e);
                }
                if !text.is_empty() {
                    self.rope.insert(s, text);
                }
            }
        }
    }

    /// The whole text of this version.
    pub fn text(&mut self) -> Arc<str> {
        self.text
            .get_or_insert_with(|| {
                let mut s = String::with_capacity(self.rope.len_bytes());
                for chunk in self.rope.chunks() {
                    s.push_str(chunk);
                }
                Arc::from(s)
            })
            .clone()
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(line: u32, col: u32) -> LineCol {
        LineCol { line, col }
    }

    #[test]
    fn incremental_edits_in_utf16() {
        let mut d = Document::new("Kiev 😀 talks\r\nsecond", 1);
        // Replace "Kiev" with "Kyiv".
        d.apply(Some((lc(0, 0), lc(0, 4))), "Kyiv", Encoding::Utf16);
        assert_eq!(&*d.text(), "Kyiv 😀 talks\r\nsecond");
        // Insert after the emoji (2 UTF-16 units).
        d.apply(Some((lc(0, 7), lc(0, 7))), "!", Encoding::Utf16);
        assert_eq!(&*d.text(), "Kyiv 😀! talks\r\nsecond");
        // Delete across the CRLF.
        d.apply(Some((lc(0, 14), lc(1, 0))), " ", Encoding::Utf16);
        assert_eq!(&*d.text(), "Kyiv 😀! talks second");
    }

    #[test]
    fn the_text_follows_the_rope_through_edits() {
        let mut d = Document::new("Kyiv — Odesa\nsecond line ✓\n", 1);
        let mut seed = 7u32;
        let mut next = |n: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 8) % n.max(1)
        };
        for _ in 0..300 {
            let a = lc(next(4), next(16));
            let b = lc(next(4), next(16));
            let text = ["", "x", "é", "\n", "😀 y"][next(5) as usize];
            d.apply(Some((a, b)), text, Encoding::Utf16);
            assert_eq!(*d.text(), d.rope().to_string());
        }
    }

    #[test]
    fn edits_past_the_end_clamp() {
        let mut d = Document::new("abc", 1);
        d.apply(Some((lc(0, 10), lc(5, 2))), "X", Encoding::Utf16);
        assert_eq!(&*d.text(), "abcX");
        d.apply(Some((lc(9, 0), lc(9, 0))), "Y", Encoding::Utf8);
        assert_eq!(&*d.text(), "abcXY");
        // Backwards range.
        d.apply(Some((lc(0, 2), lc(0, 0))), "", Encoding::Utf32);
        assert_eq!(&*d.text(), "cXY");
    }

    #[test]
    fn full_replacement() {
        let mut d = Document::new("old", 1);
        d.apply(None, "new text", Encoding::Utf16);
        assert_eq!(&*d.text(), "new text");
        assert_eq!(d.len_bytes(), 8);
    }
}
