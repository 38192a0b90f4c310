//! Random incremental edits against a fresh build of the same text, as
//! the server applies them: the input is a story, a NUL, then edits of
//! four bytes each (start line, start column, length in UTF-16 units,
//! which piece to insert). Each edit goes to the document (a rope, LSP
//! positions in UTF-16) and to a plain string; the texts must agree, and
//! the version built with the fact cache kept from the one before must
//! have the findings of a fresh build.
#![no_main]

use copydesk::article::{Article, FactCache};
use copydesk::checks::{check_text, run};
use copydesk::document::Document;
use copydesk::positions::{Encoding, LineCol, LineIndex};
use copydesk::StyleBook;
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, LazyLock};

static BOOK: LazyLock<StyleBook> = LazyLock::new(|| StyleBook::builtin().expect("built-in style"));

const PIECES: &[&str] = &[
    "",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "“",
    "”",
    "\"",
    "’",
    "😀",
    "e\u{301}",
    "Kiev",
    "Zelensky",
    " said",
    "“We will wait,” Olsen said. ",
    "KYIV, Ukraine (AP) — ",
    "# ",
    "By Anna Reyes\n\n",
    "Olsen",
    "Olson",
    "towards",
];

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let start = String::from_utf8_lossy(&data[..split]).into_owned();
    let edits = data.get(split + 1..).unwrap_or_default();
    let mut doc = Document::new(&start, 1);
    let mut model = start;
    let mut cache = FactCache::default();
    let _ = Article::build(Arc::from(model.as_str()), &BOOK, &mut cache);
    for e in edits.chunks_exact(4).take(64) {
        let from = LineCol {
            line: u32::from(e[0] % 8),
            col: u32::from(e[1] % 64),
        };
        let idx = LineIndex::new(&model);
        let a = idx.offset(&model, from, Encoding::Utf16);
        let to_lc = idx.line_col(
            &model,
            (a + usize::from(e[2] % 16)).min(model.len()),
            Encoding::Utf16,
        );
        let b = idx.offset(&model, to_lc, Encoding::Utf16);
        let insert = PIECES[usize::from(e[3]) % PIECES.len()];
        model.replace_range(a.min(b)..a.max(b), insert);
        doc.apply(Some((from, to_lc)), insert, Encoding::Utf16);
        let text = doc.text();
        assert_eq!(&*text, model.as_str());
        let kept = run(&Article::build(text, &BOOK, &mut cache), &BOOK);
        assert_eq!(kept, check_text(&model, &BOOK), "{model:?}");
    }
});
