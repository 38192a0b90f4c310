//! Positions: the one place where byte offsets become lines and columns.
//!
//! Everything inside copydesk speaks byte offsets into the document text.
//! Editors speak LSP positions (zero-based line, a column counted in UTF-8,
//! UTF-16 or UTF-32 code units as negotiated); the CLI speaks one-based lines
//! and one-based columns counted in Unicode scalar values. Both conversions
//! live here and nowhere else, so they are tested once with accents,
//! combining marks, emoji, CJK, CRLF, empty files and out-of-range input.
//!
//! Line breaks are the three LSP recognises: `\n`, `\r\n` and a lone `\r`.
//! U+2028, NEL and form feed are ordinary characters, as in LSP.
//!
//! Out-of-range input never panics: an offset past the end clamps to the
//! end, an offset inside a UTF-8 sequence moves back to the character start,
//! a line past the last clamps to the end of the text, and a column past the
//! end of its line clamps to the line end (before its line break).

use std::cell::Cell;
use std::ops::Range;

/// Where the last conversion of [`LineIndex::line_col_hinted`] ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hint {
    valid: bool,
    enc: Encoding,
    line: usize,
    offset: usize,
    col: usize,
}

/// How a client counts columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the LSP default).
    #[default]
    Utf16,
    /// Unicode scalar values (UTF-32 code units). The CLI uses this.
    Utf32,
}

impl Encoding {
    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// A zero-based line and a column in some [`Encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// A one-based line and column (Unicode scalar values) with the byte offset,
/// as the CLI reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct CliPosition {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// Start offsets of every line of one text. Build it once per text version
/// and ask it as many questions as needed.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset where each line starts; always begins with 0.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
        starts.push(0);
        let mut i = 0;
        while let Some(p) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + p;
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                i = at + 2;
            } else {
                i = at + 1;
            }
            starts.push(i);
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// Number of lines (an empty text has one empty line; a trailing line
    /// break starts a last, empty line, as editors show it).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte range of a line's content, without its line break.
    /// A line past the end gives the empty range at the end of the text.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let Some(&start) = self.starts.get(line) else {
            return self.len..self.len;
        };
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end
    }

    /// The zero-based line that holds `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset to a zero-based line and a column in `enc`.
    pub fn line_col(&self, text: &str, offset: usize, enc: Encoding) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let range = self.line_range(text, line);
        // An offset between '\r' and '\n' sits at the end of the line's content.
        let end = offset.min(range.end).max(range.start);
        let col = count_units(&text[range.start..end], enc);
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// A zero-based line and a column in `enc` to a byte offset, clamped:
    /// past the last line is the end of the text, past the end of a line is
    /// the end of that line's content, and a column inside a character
    /// (half a surrogate pair) rounds down to that character's start.
    pub fn offset(&self, text: &str, pos: LineCol, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let mut units = 0usize;
        for (i, c) in text[range.clone()].char_indices() {
            let w = enc.width(c);
            if units + w > pos.col as usize {
                return range.start + i;
            }
            units += w;
        }
        range.end
    }

    /// [`LineIndex::line_col`] for many offsets of one text: counting
    /// resumes from the previous answer when the next offset is later on the
    /// same line, so converting every finding of a megabyte-long line costs
    /// one pass over it, not one per finding.
    pub fn line_col_hinted(
        &self,
        text: &str,
        offset: usize,
        enc: Encoding,
        hint: &Cell<Hint>,
    ) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let range = self.line_range(text, line);
        let end = offset.min(range.end).max(range.start);
        let h = hint.get();
        let same_line = h.valid && h.enc == enc && h.line == line;
        let col = if same_line && h.offset <= end {
            h.col + count_units(&text[h.offset..end], enc)
        } else if same_line && h.offset - end < end - range.start {
            // A little way back from the last answer: count back.
            h.col - count_units(&text[end..h.offset], enc)
        } else {
            count_units(&text[range.start..end], enc)
        };
        hint.set(Hint {
            valid: true,
            enc,
            line,
            offset: end,
            col,
        });
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// [`LineIndex::cli_position`] with a [`Hint`] (see
    /// [`LineIndex::line_col_hinted`]).
    pub fn cli_position_hinted(&self, text: &str, offset: usize, hint: &Cell<Hint>) -> CliPosition {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let lc = self.line_col_hinted(text, offset, Encoding::Utf32, hint);
        CliPosition {
            line: lc.line as usize + 1,
            column: lc.col as usize + 1,
            offset,
        }
    }

    /// Byte offset to the CLI's one-based line and scalar-value column.
    pub fn cli_position(&self, text: &str, offset: usize) -> CliPosition {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let lc = self.line_col(text, offset, Encoding::Utf32);
        CliPosition {
            line: lc.line as usize + 1,
            column: lc.col as usize + 1,
            offset,
        }
    }
}

fn count_units(s: &str, enc: Encoding) -> usize {
    match enc {
        Encoding::Utf8 => s.len(),
        // One unit per scalar value, two for those past U+FFFF (whose UTF-8
        // lead byte is 0xF0 or more): two byte counts the compiler
        // vectorises, for every diagnostic position on every keystroke.
        Encoding::Utf16 => s.chars().count() + s.bytes().filter(|&b| b >= 0xF0).count(),
        Encoding::Utf32 => s.chars().count(),
    }
}

/// The largest char boundary at or before `offset` (clamped to the text).
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary at or after `offset` (clamped to the text).
pub fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A byte range made safe for `text`: clamped, on char boundaries, and
/// ordered.
pub fn clamp_range(text: &str, range: Range<usize>) -> Range<usize> {
    let a = floor_char_boundary(text, range.start);
    let b = floor_char_boundary(text, range.end);
    a.min(b)..a.max(b)
}

/// Positions in a rope, for applying an editor's edits to a
/// [`crate::document::Document`] without materialising its text.
pub mod rope {
    use super::{Encoding, LineCol};
    use ropey::Rope;

    /// A zero-based line and column in `enc` to a char index in `rope`,
    /// clamped as [`super::LineIndex::offset`] clamps.
    pub fn char_index(rope: &Rope, pos: LineCol, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_chars();
        }
        let line_start = rope.line_to_char(line);
        // The line's content ends before its break (`\n`, `\r\n` or `\r`,
        // the only breaks this rope counts).
        let mut end = if line + 1 < rope.len_lines() {
            rope.line_to_char(line + 1)
        } else {
            rope.len_chars()
        };
        while end > line_start && matches!(rope.char(end - 1), '\n' | '\r') {
            end -= 1;
        }
        // The rope counts each encoding's units by chunk, so the column is
        // found without walking the line (a keystroke at the end of a long
        // paragraph walked hundreds of characters). A column inside a
        // character is that character's start.
        let col = pos.col as usize;
        let at = match enc {
            Encoding::Utf32 => line_start.saturating_add(col),
            Encoding::Utf16 => {
                let base = rope.char_to_utf16_cu(line_start);
                rope.utf16_cu_to_char(base.saturating_add(col).min(rope.len_utf16_cu()))
            }
            Encoding::Utf8 => {
                let base = rope.char_to_byte(line_start);
                rope.byte_to_char(base.saturating_add(col).min(rope.len_bytes()))
            }
        };
        at.min(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip_all(text: &str) {
        let idx = LineIndex::new(text);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (off, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let lc = idx.line_col(text, off, enc);
                let back = idx.offset(text, lc, enc);
                // Offsets inside a CRLF pair, or on the '\r' itself, map to
                // the end of the line's content.
                let range = idx.line_range(text, lc.line as usize);
                let expected = off.min(range.end);
                assert_eq!(back, expected, "{enc:?} offset {off} in {text:?} -> {lc:?}");
            }
        }
    }

    #[test]
    fn ascii_lines_and_columns() {
        let t = "ab\ncd\n";
        let i = LineIndex::new(t);
        assert_eq!(i.line_count(), 3);
        assert_eq!(
            i.line_col(t, 4, Encoding::Utf16),
            LineCol { line: 1, col: 1 }
        );
        assert_eq!(
            i.line_col(t, 6, Encoding::Utf16),
            LineCol { line: 2, col: 0 }
        );
        roundtrip_all(t);
    }

    #[test]
    fn accents_count_once_in_utf16_and_utf32_but_twice_in_utf8() {
        let t = "Zelenskyy é x";
        let i = LineIndex::new(t);
        let x = t.find('x').unwrap();
        assert_eq!(i.line_col(t, x, Encoding::Utf8).col, 13);
        assert_eq!(i.line_col(t, x, Encoding::Utf16).col, 12);
        assert_eq!(i.line_col(t, x, Encoding::Utf32).col, 12);
        roundtrip_all(t);
    }

    #[test]
    fn combining_marks_are_their_own_scalar_values() {
        // "e" + COMBINING ACUTE ACCENT: two scalars, two UTF-16 units, three bytes.
        let t = "Jose\u{301} said";
        let i = LineIndex::new(t);
        let s = t.find(" said").unwrap();
        assert_eq!(i.line_col(t, s, Encoding::Utf8).col, 6);
        assert_eq!(i.line_col(t, s, Encoding::Utf16).col, 5);
        assert_eq!(i.line_col(t, s, Encoding::Utf32).col, 5);
        roundtrip_all(t);
    }

    #[test]
    fn emoji_are_surrogate_pairs_in_utf16() {
        let t = "🇺🇦 Kyiv 😀x";
        let i = LineIndex::new(t);
        let x = t.find('x').unwrap();
        assert_eq!(i.line_col(t, x, Encoding::Utf16).col, 4 + 1 + 4 + 1 + 2);
        assert_eq!(i.line_col(t, x, Encoding::Utf32).col, 2 + 1 + 4 + 1 + 1);
        assert_eq!(i.line_col(t, x, Encoding::Utf8).col as usize, x);
        // A column in the middle of a surrogate pair rounds down.
        let face = t.find('😀').unwrap();
        assert_eq!(
            i.offset(
                t,
                LineCol {
                    line: 0,
                    col: 4 + 1 + 4 + 1 + 1
                },
                Encoding::Utf16
            ),
            face
        );
        roundtrip_all(t);
    }

    #[test]
    fn cjk_is_three_bytes_one_unit() {
        let t = "习近平说x";
        let i = LineIndex::new(t);
        let x = t.find('x').unwrap();
        assert_eq!(i.line_col(t, x, Encoding::Utf16).col, 4);
        assert_eq!(i.line_col(t, x, Encoding::Utf8).col, 12);
        assert_eq!(
            i.cli_position(t, x),
            CliPosition {
                line: 1,
                column: 5,
                offset: 12
            }
        );
        roundtrip_all(t);
    }

    #[test]
    fn crlf_and_lone_cr_are_line_breaks() {
        let t = "a\r\nb\rc\nd";
        let i = LineIndex::new(t);
        assert_eq!(i.line_count(), 4);
        assert_eq!(i.line_range(t, 0), 0..1);
        assert_eq!(i.line_range(t, 1), 3..4);
        assert_eq!(i.line_range(t, 2), 5..6);
        assert_eq!(i.line_range(t, 3), 7..8);
        assert_eq!(
            i.line_col(t, 3, Encoding::Utf16),
            LineCol { line: 1, col: 0 }
        );
        // Between '\r' and '\n' is still the end of line 0.
        assert_eq!(
            i.line_col(t, 2, Encoding::Utf16),
            LineCol { line: 0, col: 1 }
        );
        assert_eq!(i.cli_position(t, 7).line, 4);
        roundtrip_all(t);
    }

    #[test]
    fn unicode_line_separators_are_not_line_breaks() {
        let t = "a\u{2028}b\u{85}c\u{c}d";
        let i = LineIndex::new(t);
        assert_eq!(i.line_count(), 1);
        roundtrip_all(t);
    }

    #[test]
    fn empty_text() {
        let t = "";
        let i = LineIndex::new(t);
        assert_eq!(i.line_count(), 1);
        assert_eq!(i.line_col(t, 0, Encoding::Utf16), LineCol::default());
        assert_eq!(
            i.cli_position(t, 0),
            CliPosition {
                line: 1,
                column: 1,
                offset: 0
            }
        );
        assert_eq!(i.offset(t, LineCol { line: 5, col: 5 }, Encoding::Utf16), 0);
    }

    #[test]
    fn no_trailing_newline_and_trailing_newline() {
        let t = "By Joanna Kakissis";
        let i = LineIndex::new(t);
        assert_eq!(i.line_col(t, t.len(), Encoding::Utf16).col, 18);
        let t2 = "By Joanna Kakissis\n";
        let i2 = LineIndex::new(t2);
        assert_eq!(
            i2.line_col(t2, t2.len(), Encoding::Utf16),
            LineCol { line: 1, col: 0 }
        );
        roundtrip_all(t);
        roundtrip_all(t2);
    }

    #[test]
    fn out_of_range_input_clamps() {
        let t = "é\nab";
        let i = LineIndex::new(t);
        // Past the end.
        assert_eq!(
            i.line_col(t, 999, Encoding::Utf16),
            LineCol { line: 1, col: 2 }
        );
        // Inside a UTF-8 sequence moves back to the char start.
        assert_eq!(
            i.line_col(t, 1, Encoding::Utf8),
            LineCol { line: 0, col: 0 }
        );
        // Column past the end of a line clamps to its end, not the next line.
        assert_eq!(
            i.offset(t, LineCol { line: 0, col: 50 }, Encoding::Utf16),
            2
        );
        // Line past the end clamps to the end of the text.
        assert_eq!(
            i.offset(t, LineCol { line: 9, col: 0 }, Encoding::Utf16),
            t.len()
        );
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = 5..1;
        assert_eq!(clamp_range(t, backwards), 0..5);
        assert_eq!(clamp_range(t, 1..2), 0..2);
    }

    #[test]
    fn hinted_conversion_agrees_in_any_order() {
        let t = "é😀 Kyiv said\r\n习近平 said x\nlast";
        let idx = LineIndex::new(t);
        let hint = Cell::new(Hint::default());
        let mut offsets: Vec<usize> = t
            .char_indices()
            .map(|(i, _)| i)
            .chain([t.len(), 999])
            .collect();
        let backwards: Vec<usize> = offsets.iter().rev().copied().collect();
        offsets.extend(backwards);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for &o in &offsets {
                assert_eq!(
                    idx.line_col_hinted(t, o, enc, &hint),
                    idx.line_col(t, o, enc),
                    "{o} {enc:?}"
                );
            }
        }
        assert_eq!(idx.cli_position_hinted(t, 3, &hint), idx.cli_position(t, 3));
    }

    #[test]
    fn rope_char_index_agrees_with_line_index() {
        let texts = [
            "a\r\nbé😀c\rd\n",
            "",
            "x",
            "🇺🇦\n\nKyiv",
            "plain words, é and 😀 then more\r\nnext line",
        ];
        for t in texts {
            let rope = ropey::Rope::from_str(t);
            let idx = LineIndex::new(t);
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                for line in 0..5u32 {
                    for col in 0..40u32 {
                        let pos = LineCol { line, col };
                        let from_str = idx.offset(t, pos, enc);
                        let ci = rope::char_index(&rope, pos, enc);
                        assert_eq!(rope.char_to_byte(ci), from_str, "{t:?} {pos:?} {enc:?}");
                    }
                }
            }
        }
    }
}
