//! The check on arbitrary bytes: whatever the text (taken as UTF-8, with
//! invalid bytes replaced, as an editor would send it), checking it does
//! not panic and every finding and fix is a valid range of it.
#![no_main]

use copydesk::checks::check_text;
use copydesk::StyleBook;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static BOOK: LazyLock<StyleBook> = LazyLock::new(|| StyleBook::builtin().expect("built-in style"));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for f in check_text(&text, &BOOK) {
        assert!(
            f.range.start <= f.range.end && f.range.end <= text.len(),
            "{f:?}"
        );
        assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
        for e in f.fixes.iter().flat_map(|x| x.edits.iter()) {
            assert!(
                e.range.start <= e.range.end && e.range.end <= text.len(),
                "{e:?}"
            );
            assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
        }
    }
});
