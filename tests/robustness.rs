//! Property tests: no input makes the core panic, and every range it
//! reports is a valid slice of the text.

use copydesk::checks::check_text;
use copydesk::document::Document;
use copydesk::positions::{Encoding, LineCol, LineIndex};
use copydesk::StyleBook;
use proptest::prelude::*;
use std::sync::LazyLock;

static BOOK: LazyLock<StyleBook> = LazyLock::new(|| StyleBook::builtin().unwrap());

/// Text built from the pieces stories are made of, including the awkward
/// ones: curly quotes, apostrophes, dashes, markup, CRLF, emoji, CJK,
/// combining marks.
fn story_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("‘".to_string()),
        Just("’".to_string()),
        Just("'".to_string()),
        Just(" — ".to_string()),
        Just("-".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("# ".to_string()),
        Just("- ".to_string()),
        Just("By ".to_string()),
        Just("[Kiev](#)".to_string()),
        Just("KYIV, Ukraine (AP) — ".to_string()),
        Just(" said".to_string()),
        Just("Zelensky".to_string()),
        Just("<!-- copydesk-disable -->".to_string()),
        Just("```".to_string()),
        Just("---\n".to_string()),
        Just("*".to_string()),
        Just("😀".to_string()),
        Just("习近平".to_string()),
        Just("e\u{301}".to_string()),
        Just(". ".to_string()),
        Just("Mr. ".to_string()),
        "[A-Za-z ]{1,12}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn checking_never_panics_and_ranges_are_valid(text in story_text()) {
        let findings = check_text(&text, &BOOK);
        for f in &findings {
            prop_assert!(f.range.start <= f.range.end && f.range.end <= text.len(), "{:?}", f);
            prop_assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
            for fix in &f.fixes {
                for e in &fix.edits {
                    prop_assert!(e.range.end <= text.len() && text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
                }
            }
        }
    }

    #[test]
    fn positions_round_trip(text in story_text(), probes in proptest::collection::vec(0usize..400, 1..20)) {
        let idx = LineIndex::new(&text);
        for p in probes {
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let lc = idx.line_col(&text, p, enc);
                let back = idx.offset(&text, lc, enc);
                prop_assert!(back <= text.len() && text.is_char_boundary(back));
                prop_assert!(back <= p.min(text.len()) || idx.line_col(&text, back, enc) == lc);
            }
        }
    }

    #[test]
    fn document_edits_match_a_string_model(
        start in story_text(),
        edits in proptest::collection::vec((0u32..6, 0u32..30, 0u32..6, 0u32..30, story_text()), 0..25),
    ) {
        let mut doc = Document::new(&start, 1);
        let mut model = start.clone();
        for (l1, c1, l2, c2, insert) in edits {
            let idx = LineIndex::new(&model);
            let a = idx.offset(&model, LineCol { line: l1, col: c1 }, Encoding::Utf16);
            let b = idx.offset(&model, LineCol { line: l2, col: c2 }, Encoding::Utf16);
            let (s, e) = (a.min(b), a.max(b));
            model.replace_range(s..e, &insert);
            doc.apply(Some((LineCol { line: l1, col: c1 }, LineCol { line: l2, col: c2 })), &insert, Encoding::Utf16);
            prop_assert_eq!(&*doc.text(), model.as_str());
        }
    }
}
