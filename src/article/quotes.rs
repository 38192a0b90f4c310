//! Quotation marks in one block: which marks open and close quotations,
//! which are apostrophes, and the spans they enclose.
//!
//! Double marks (`"`, `“`, `”`) open and close quotations. Single marks
//! (`'`, `‘`, `’`) are quotations only inside a double-quoted passage (a
//! quote within a quote) or, in a headline, on their own (AP headlines use
//! single marks). A single mark between letters (`Kyiv’s`, `don't`), before
//! a decade (`’90s`), in `rock ’n’ roll`, or after an `s` ending a word with
//! no single quote open (`the workers’ union`) is an apostrophe.
//!
//! A straight mark's direction comes from its neighbours: after a space or
//! an opening bracket and before a letter it opens; after a letter or
//! punctuation and before a space it closes. When both sides are ambiguous
//! the mark toggles the state.

use super::inline::char_at;
use std::ops::Range;

/// Which family of marks a quotation uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarkKind {
    Double,
    Single,
}

/// How a mark is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarkStyle {
    Straight,
    Curly,
}

/// One mark in the text, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub offset: usize,
    pub ch: char,
    pub kind: MarkKind,
    pub style: MarkStyle,
    pub opening: bool,
}

/// A quotation in one block. `range` runs from the opening mark to the
/// closing mark inclusive (to the end of the block when it is not closed);
/// `inner` is the quoted text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteSpan {
    pub range: Range<usize>,
    pub inner: Range<usize>,
    pub kind: MarkKind,
    /// The opening mark as written.
    pub open: char,
    /// The closing mark, if the quotation is closed in this block.
    pub close: Option<char>,
    /// 0 for an outer quotation, 1 for a quote within a quote.
    pub depth: u8,
}

/// The quotation facts of one block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuoteScan {
    pub quotes: Vec<QuoteSpan>,
    /// Closing marks with no opening mark before them.
    pub stray_closes: Vec<Mark>,
    /// Every quotation mark (not apostrophes), in order.
    pub marks: Vec<Mark>,
    /// Apostrophes written with a quotation-mark character (`'` or `’`),
    /// as (offset, char): `quotes.marks` counts their style too.
    pub apostrophes: Vec<(usize, char)>,
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

fn is_open_context(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '['
                        | '{'
                        | '—'
                        | '–'
                        | '-'
                        | '/'
                        | '“'
                        | '‘'
                        | '"'
                        | '\''
                        | '*'
                        | '_'
                        | ':'
                )
        }
    }
}

fn is_close_context(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '.' | ','
                        | ';'
                        | ':'
                        | '?'
                        | '!'
                        | ')'
                        | ']'
                        | '}'
                        | '—'
                        | '–'
                        | '-'
                        | '”'
                        | '’'
                        | '"'
                        | '\''
                        | '*'
                        | '_'
                        | '…'
                )
        }
    }
}

/// The character before byte `i` of `text` (a character boundary).
fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

/// Is the single mark `c` at byte `off` an apostrophe?
fn is_apostrophe(text: &str, off: usize, c: char, single_open: bool) -> bool {
    let prev = char_before(text, off);
    let after = off + c.len_utf8();
    let next = char_at(text, after);
    // Between letters: Kyiv’s, don't, O'Brien.
    if is_word(prev) && is_word(next) {
        return true;
    }
    // ’90s, ’em, ’n’ (rock ’n’ roll), 'til.
    if !is_word(prev) {
        let rest: String = text[after..].chars().take(4).collect();
        let mut it = rest.chars();
        let (a, b) = (it.next(), it.next());
        if a.is_some_and(|c| c.is_ascii_digit()) && b.is_some_and(|c| c.is_ascii_digit()) {
            return true;
        }
        let lower = rest.to_lowercase();
        if (lower.starts_with("n’") || lower.starts_with("n'")) && !single_open {
            return true;
        }
        if lower.starts_with("em ") || lower.starts_with("til ") || lower.starts_with("cause ") {
            return true;
        }
    }
    // The closing half of ’n’.
    if prev == Some('n') && matches!(char_before(text, off - 1), Some('’' | '\'')) {
        return true;
    }
    // Plural possessive: workers’ union (only when no single quote is open).
    if !single_open && prev.is_some_and(|c| c == 's' || c == 'S') && !is_word(next) {
        return true;
    }
    false
}

/// Is the straight double mark at byte `off` an inch mark, as in `6'2"`?
fn is_inches(text: &str, off: usize) -> bool {
    let bytes = text.as_bytes();
    let mut j = off;
    while j > 0 && bytes[j - 1].is_ascii_digit() {
        j -= 1;
    }
    let digits = off - j;
    let mut before = text[..j].chars().rev();
    digits > 0
        && digits <= 2
        && matches!(before.next(), Some('\'' | '’'))
        && before.next().is_some_and(|c| c.is_ascii_digit())
}

/// Find the quotations in one block. `headline` allows single-mark
/// quotations at the outer level.
pub fn scan(text: &str, headline: bool) -> QuoteScan {
    scan_outside(text, headline, &[])
}

/// [`scan`], leaving out marks inside `excluded` spans (code, link
/// targets, comments), which are not the story's quotation marks.
pub fn scan_outside(text: &str, headline: bool, excluded: &[Range<usize>]) -> QuoteScan {
    let mut out = QuoteScan::default();
    // Open quotations: (char index in `chars`, kind, mark).
    let mut stack: Vec<(usize, MarkKind, char)> = Vec::new();

    let close_top = |stack: &mut Vec<(usize, MarkKind, char)>,
                     out: &mut QuoteScan,
                     at: usize,
                     ch: char,
                     len: usize| {
        let (open_at, kind, open) = stack.pop().expect("stack checked non-empty");
        let depth = stack.len() as u8;
        out.quotes.push(QuoteSpan {
            range: open_at..at + len,
            inner: open_at + open.len_utf8()..at,
            kind,
            open,
            close: Some(ch),
            depth,
        });
    };

    // Every mark is `"` or `'`, or a three-byte character starting 0xE2
    // (`“`, `”`, `‘`, `’`): a byte search finds each, and the text between
    // is skipped rather than read a character at a time, as it was when
    // this ran over an array of the paragraph's characters at every
    // keystroke.
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(p) = memchr::memchr3(b'"', b'\'', 0xE2, &bytes[from..]) {
        let off = from + p;
        let c = char_at(text, off).expect("a match is a character's first byte");
        from = off + c.len_utf8();
        let (kind, style) = match c {
            '"' => (MarkKind::Double, MarkStyle::Straight),
            '“' | '”' => (MarkKind::Double, MarkStyle::Curly),
            '\'' => (MarkKind::Single, MarkStyle::Straight),
            '‘' | '’' => (MarkKind::Single, MarkStyle::Curly),
            _ => continue,
        };
        if excluded.iter().any(|x| x.start <= off && off < x.end) {
            continue;
        }
        let double_open = stack.iter().any(|s| s.1 == MarkKind::Double);
        let single_open = stack.iter().any(|s| s.1 == MarkKind::Single);
        if kind == MarkKind::Single {
            if is_apostrophe(text, off, c, single_open) {
                out.apostrophes.push((off, c));
                continue;
            }
            // Single marks are quotations only inside double quotes, or in
            // headlines; elsewhere they are apostrophes or primes.
            if !double_open && !single_open && !headline {
                out.apostrophes.push((off, c));
                continue;
            }
        } else if c == '"' && is_inches(text, off) {
            // 6'2" is a height, not a quotation.
            continue;
        }
        let top_is_same = stack.last().is_some_and(|s| s.1 == kind);
        let prev = char_before(text, off);
        let next = char_at(text, from);
        // Decide direction.
        let opening = match c {
            '“' | '‘' => true,
            '”' | '’' => false,
            _ => {
                let open_ctx = is_open_context(prev) && !next.is_none_or(char::is_whitespace);
                let close_ctx = is_close_context(next) && !prev.is_none_or(char::is_whitespace);
                match (open_ctx, close_ctx) {
                    (true, false) => true,
                    (false, true) => false,
                    // Ambiguous: close what is open, else open.
                    _ => !top_is_same,
                }
            }
        };
        // A curly close for a single mark that could be a plain apostrophe
        // after a word when no single quote is open: skip it.
        if !opening && kind == MarkKind::Single && !stack.iter().any(|s| s.1 == MarkKind::Single) {
            out.apostrophes.push((off, c));
            continue;
        }
        let mark = Mark {
            offset: off,
            ch: c,
            kind,
            style,
            opening,
        };
        if opening {
            // A straight double mark opening while a double is already on
            // top (no single in between) is unusual; treat it as opening
            // nonetheless: quotes.nested reports double-in-double.
            stack.push((off, kind, c));
        } else if let Some(pos) = stack.iter().rposition(|s| s.1 == kind) {
            // Close the nearest open quotation of this kind, and any inner
            // quotations left open inside it.
            while stack.len() > pos + 1 {
                let (open_at, k2, open) = stack.pop().expect("len checked");
                out.quotes.push(QuoteSpan {
                    range: open_at..off,
                    inner: open_at + open.len_utf8()..off,
                    kind: k2,
                    open,
                    close: None,
                    depth: stack.len() as u8,
                });
            }
            close_top(&mut stack, &mut out, off, c, c.len_utf8());
        } else {
            out.stray_closes.push(mark.clone());
        }
        out.marks.push(mark);
    }
    // Whatever is still open runs to the end of the block.
    while let Some((open_at, kind, open)) = stack.pop() {
        out.quotes.push(QuoteSpan {
            range: open_at..text.len(),
            inner: open_at + open.len_utf8()..text.len(),
            kind,
            open,
            close: None,
            depth: stack.len() as u8,
        });
    }
    out.quotes.sort_by_key(|q| (q.range.start, q.depth));
    out
}

#[cfg(test)]
mod by_char {
    //! The scan as it was written before it searched for the marks: over
    //! an array of the text's characters. The byte search is held to it.
    use super::*;

    /// Is the single mark at char index `k` an apostrophe?
    fn is_apostrophe_by_char(chars: &[(usize, char)], k: usize, single_open: bool) -> bool {
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(k + 1).map(|p| p.1);
        // Between letters: Kyiv’s, don't, O'Brien.
        if is_word(prev) && is_word(next) {
            return true;
        }
        // ’90s, ’em, ’n’ (rock ’n’ roll), 'til.
        if !is_word(prev) {
            let rest: String = chars[k + 1..].iter().take(4).map(|p| p.1).collect();
            let mut it = rest.chars();
            let (a, b) = (it.next(), it.next());
            if a.is_some_and(|c| c.is_ascii_digit()) && b.is_some_and(|c| c.is_ascii_digit()) {
                return true;
            }
            let lower = rest.to_lowercase();
            if (lower.starts_with("n’") || lower.starts_with("n'")) && !single_open {
                return true;
            }
            if lower.starts_with("em ") || lower.starts_with("til ") || lower.starts_with("cause ")
            {
                return true;
            }
        }
        // The closing half of ’n’.
        if prev == Some('n') && k >= 2 && matches!(chars[k - 2].1, '’' | '\'') {
            return true;
        }
        // Plural possessive: workers’ union (only when no single quote is open).
        if !single_open && prev.is_some_and(|c| c == 's' || c == 'S') && !is_word(next) {
            return true;
        }
        false
    }

    /// Is the straight double mark at `k` an inch mark, as in `6'2"`?
    fn is_inches_by_char(chars: &[(usize, char)], k: usize) -> bool {
        let mut j = k;
        let mut digits = 0;
        while j > 0 && chars[j - 1].1.is_ascii_digit() {
            j -= 1;
            digits += 1;
        }
        digits > 0
            && digits <= 2
            && j >= 2
            && matches!(chars[j - 1].1, '\'' | '’')
            && chars[j - 2].1.is_ascii_digit()
    }

    /// [`scan`], leaving out marks inside `excluded` spans (code, link
    /// targets, comments), which are not the story's quotation marks.
    fn scan_outside_by_char(text: &str, headline: bool, excluded: &[Range<usize>]) -> QuoteScan {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut out = QuoteScan::default();
        // Open quotations: (char index in `chars`, kind, mark).
        let mut stack: Vec<(usize, MarkKind, char)> = Vec::new();

        let close_top = |stack: &mut Vec<(usize, MarkKind, char)>,
                         out: &mut QuoteScan,
                         at: usize,
                         ch: char,
                         len: usize| {
            let (open_at, kind, open) = stack.pop().expect("stack checked non-empty");
            let depth = stack.len() as u8;
            out.quotes.push(QuoteSpan {
                range: open_at..at + len,
                inner: open_at + open.len_utf8()..at,
                kind,
                open,
                close: Some(ch),
                depth,
            });
        };

        for k in 0..chars.len() {
            let (off, c) = chars[k];
            let prev = k.checked_sub(1).map(|p| chars[p].1);
            let next = chars.get(k + 1).map(|p| p.1);
            let (kind, style) = match c {
                '"' => (MarkKind::Double, MarkStyle::Straight),
                '“' | '”' => (MarkKind::Double, MarkStyle::Curly),
                '\'' => (MarkKind::Single, MarkStyle::Straight),
                '‘' | '’' => (MarkKind::Single, MarkStyle::Curly),
                _ => continue,
            };
            if excluded.iter().any(|x| x.start <= off && off < x.end) {
                continue;
            }
            let double_open = stack.iter().any(|s| s.1 == MarkKind::Double);
            let single_open = stack.iter().any(|s| s.1 == MarkKind::Single);
            if kind == MarkKind::Single {
                if is_apostrophe_by_char(&chars, k, single_open) {
                    out.apostrophes.push((off, c));
                    continue;
                }
                // Single marks are quotations only inside double quotes, or in
                // headlines; elsewhere they are apostrophes or primes.
                if !double_open && !single_open && !headline {
                    out.apostrophes.push((off, c));
                    continue;
                }
            } else if c == '"' && is_inches_by_char(&chars, k) {
                // 6'2" is a height, not a quotation.
                continue;
            }
            let top_is_same = stack.last().is_some_and(|s| s.1 == kind);
            // Decide direction.
            let opening = match c {
                '“' | '‘' => true,
                '”' | '’' => false,
                _ => {
                    let open_ctx = is_open_context(prev) && !next.is_none_or(char::is_whitespace);
                    let close_ctx = is_close_context(next) && !prev.is_none_or(char::is_whitespace);
                    match (open_ctx, close_ctx) {
                        (true, false) => true,
                        (false, true) => false,
                        // Ambiguous: close what is open, else open.
                        _ => !top_is_same,
                    }
                }
            };
            // A curly close for a single mark that could be a plain apostrophe
            // after a word when no single quote is open: skip it.
            if !opening
                && kind == MarkKind::Single
                && !stack.iter().any(|s| s.1 == MarkKind::Single)
            {
                out.apostrophes.push((off, c));
                continue;
            }
            let mark = Mark {
                offset: off,
                ch: c,
                kind,
                style,
                opening,
            };
            if opening {
                // A straight double mark opening while a double is already on
                // top (no single in between) is unusual; treat it as opening
                // nonetheless: quotes.nested reports double-in-double.
                stack.push((off, kind, c));
            } else if let Some(pos) = stack.iter().rposition(|s| s.1 == kind) {
                // Close the nearest open quotation of this kind, and any inner
                // quotations left open inside it.
                while stack.len() > pos + 1 {
                    let (open_at, k2, open) = stack.pop().expect("len checked");
                    out.quotes.push(QuoteSpan {
                        range: open_at..off,
                        inner: open_at + open.len_utf8()..off,
                        kind: k2,
                        open,
                        close: None,
                        depth: stack.len() as u8,
                    });
                }
                close_top(&mut stack, &mut out, off, c, c.len_utf8());
            } else {
                out.stray_closes.push(mark.clone());
            }
            out.marks.push(mark);
        }
        // Whatever is still open runs to the end of the block.
        while let Some((open_at, kind, open)) = stack.pop() {
            out.quotes.push(QuoteSpan {
                range: open_at..text.len(),
                inner: open_at + open.len_utf8()..text.len(),
                kind,
                open,
                close: None,
                depth: stack.len() as u8,
            });
        }
        out.quotes.sort_by_key(|q| (q.range.start, q.depth));
        out
    }

    #[test]
    fn byte_search_matches_the_character_array_scan() {
        let texts = [
            "Kyiv’s mayor said rock ’n’ roll of the ’90s and the workers’ union don't count.",
            "“He told me ‘never again,’ and I believed him,” she said.",
            r#""He said 'Kyiv's mayor won't go' today," she said."#,
            "The 6'2\" guard said rock 'n' roll isn't dead. 12'11\" and 1'2\" and x'2\"",
            "“Київ,” said Зеленський. ‘Так,’ she said. “Zelenskýy’s ‘plan’ — O’Brien’s.”",
            "'Til then, 'em, 'cause, ’N’ ’n' 'EM 'TIL 'tIl ’Em ’90s '9 '\u{212A}",
            "We will fight on,” he said. ’ ‘ ” “ \" ' at the end '",
            "İstanbul ‘İ’ “ǅ” 'ẞ' Ǆ’s 🙂’s “🙂” '🙂'",
            "“We are\r\nready,” he said. \"We are\nready,\" he said.",
            "Zelenskyy calls talks 'a farce' (‘nested’) [“x”] {'y'} —“z”— *“w”* _'v'_",
            "",
            "no marks at all",
        ];
        for t in texts {
            let ex = crate::article::inline::excluded_spans(t);
            for headline in [false, true] {
                assert_eq!(
                    scan(t, headline),
                    scan_outside_by_char(t, headline, &[]),
                    "{t}"
                );
                assert_eq!(
                    scan_outside(t, headline, &ex),
                    scan_outside_by_char(t, headline, &ex),
                    "{t}"
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(&str, bool)> {
        scan(text, false)
            .quotes
            .into_iter()
            .map(|q| (&text[q.range], q.close.is_some()))
            .collect()
    }

    #[test]
    fn straight_and_curly_doubles() {
        assert_eq!(
            spans(r#"He said "peace now," and left."#),
            vec![(r#""peace now,""#, true)]
        );
        assert_eq!(spans("He said “peace now.”"), vec![("“peace now.”", true)]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let t = "Kyiv’s mayor said rock ’n’ roll of the ’90s and the workers’ union don't count.";
        let s = scan(t, false);
        assert!(s.quotes.is_empty(), "{:?}", s.quotes);
        assert!(s.stray_closes.is_empty());
        assert!(s.marks.is_empty());
    }

    #[test]
    fn nested_single_inside_double() {
        let t = "“He told me ‘never again,’ and I believed him,” she said.";
        let s = scan(t, false);
        assert_eq!(s.quotes.len(), 2);
        assert_eq!(&t[s.quotes[1].range.clone()], "‘never again,’");
        assert_eq!(s.quotes[1].depth, 1);
        assert_eq!(s.quotes[0].depth, 0);
    }

    #[test]
    fn nested_with_apostrophe_inside() {
        let t = r#""He said 'Kyiv's mayor won't go' today," she said."#;
        let s = scan(t, false);
        let texts: Vec<&str> = s.quotes.iter().map(|q| &t[q.range.clone()]).collect();
        assert_eq!(
            texts,
            vec![
                r#""He said 'Kyiv's mayor won't go' today,""#,
                "'Kyiv's mayor won't go'"
            ]
        );
    }

    #[test]
    fn unclosed_quote_runs_to_the_end() {
        let t = "“We will fight on, he said.";
        assert_eq!(spans(t), vec![(t, false)]);
    }

    #[test]
    fn stray_close() {
        let t = "We will fight on,” he said.";
        let s = scan(t, false);
        assert!(s.quotes.is_empty());
        assert_eq!(s.stray_closes.len(), 1);
    }

    #[test]
    fn apostrophes_are_recorded_and_heights_are_not_quotes() {
        let t = "The 6'2\" guard said rock 'n' roll isn't dead.";
        let s = scan(t, false);
        assert!(s.quotes.is_empty() && s.stray_closes.is_empty(), "{s:?}");
        assert_eq!(s.apostrophes.len(), 4);
    }

    #[test]
    fn crlf_inside_a_quotation() {
        let t = "“We are\r\nready,” he said.";
        assert_eq!(spans(t), vec![("“We are\r\nready,”", true)]);
    }

    #[test]
    fn marks_in_excluded_spans_are_skipped() {
        let t = r#"See [it](https://x.example "Title") and `a "b"` here."#;
        let ex = crate::article::inline::excluded_spans(t);
        let s = scan_outside(t, false, &ex);
        assert!(s.quotes.is_empty() && s.marks.is_empty(), "{s:?}");
    }

    #[test]
    fn headline_single_quotes() {
        let t = "Zelenskyy calls talks 'a farce'";
        let s = scan(t, true);
        assert_eq!(s.quotes.len(), 1);
        assert_eq!(&t[s.quotes[0].range.clone()], "'a farce'");
        assert!(scan(t, false).quotes.is_empty());
    }

    #[test]
    fn quote_across_a_line_break() {
        let t = "\"We are\nready,\" he said.";
        assert_eq!(spans(t), vec![("\"We are\nready,\"", true)]);
    }

    #[test]
    fn two_quotes_in_one_paragraph() {
        let t = r#""Yes," he said. "No.""#;
        assert_eq!(spans(t), vec![(r#""Yes,""#, true), (r#""No.""#, true)]);
    }
}
