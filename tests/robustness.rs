//! Property tests: no input makes the core panic, and every range it
//! reports is a valid slice of the text.

mod common;

use common::Rng;
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

/// 10,000 random edits (inserts, deletes and replacements of the pieces
/// stories are made of: emoji, combining marks, CRLF, lone CR, quotation
/// marks, names) to stories, each version built with the fact cache kept
/// from the version before, as the server builds it, and compared with a
/// fresh build of the same text: the same findings, every time. The seed
/// comes from the clock and is printed; `COPYDESK_EDIT_SEED` replays it.
#[test]
fn ten_thousand_random_edits_give_the_findings_of_a_fresh_build() {
    use copydesk::article::{Article, FactCache};
    use std::sync::Arc;
    let seed = std::env::var("COPYDESK_EDIT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(7, |d| d.as_nanos() as u64)
                | 1
        });
    eprintln!("COPYDESK_EDIT_SEED={seed}");
    let mut rng = Rng(seed);
    const PIECES: &[&str] = &[
        "\n",
        "\n\n",
        "\r\n",
        "\r\n\r\n",
        "\r",
        " ",
        "“",
        "”",
        "\"",
        "’",
        "😀",
        "👩‍👩‍👧",
        "e\u{301}",
        "Kiev",
        "Zelensky",
        "Kyiv",
        " said",
        ", she said.",
        "“We will wait,” Olsen said. ",
        "KYIV, Ukraine (AP) — ",
        "By Anna Reyes\n\n",
        "# ",
        "— ",
        "Mr. ",
        "Olsen",
        "Olson",
        "towards",
        "習",
        "ü",
        "\t",
    ];
    let starts = [
        "# Talks resume in Kiev\n\nBy Anna Reyes\n\nKYIV, Ukraine (AP) — Leader Marta Olsen met officials. “We will keep talking,” Olsen said.\n\nOlsen’s aide said the talks went on 😀 afterwards.\n\nAnna Reyes reported from Kyiv.\n",
        "# Grain 😀 talks\r\n\r\nBy Ana Reyes and Tom Novak\r\n\r\nODESA, Ukraine (AP) — “Prices rose,” said trader Oksana Melnyk, 54. Melnik said more.\r\n\r\n“It is too slow,\r\n\r\n“and too late,” she said.\r\n",
    ];
    let book = StyleBook::builtin().unwrap();
    let mut done = 0;
    while done < 10_000 {
        let mut text = starts[rng.below(starts.len())].to_string();
        let mut cache = FactCache::default();
        let _ = Article::build(Arc::from(text.as_str()), &book, &mut cache);
        for _ in 0..200 {
            let mut at = rng.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + rng.below(12)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let insert = match rng.below(3) {
                0 => "",
                _ => PIECES[rng.below(PIECES.len())],
            };
            let end = if rng.below(2) == 0 { at } else { end };
            text.replace_range(at..end, insert);
            let kept = Article::build(Arc::from(text.as_str()), &book, &mut cache);
            let kept = copydesk::checks::run(&kept, &book);
            let fresh = check_text(&text, &book);
            assert_eq!(kept, fresh, "seed {seed}, edit {done}, text {text:?}");
            done += 1;
        }
    }
}
