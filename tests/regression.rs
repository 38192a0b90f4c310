//! Regression tests, each named after the problem it pins.

use copydesk::checks::check_text;
use copydesk::{Article, StyleBook};

fn book() -> StyleBook {
    StyleBook::builtin().unwrap()
}

#[test]
fn a_paragraph_of_just_two_asterisks_does_not_panic() {
    let a = Article::parse("# H\n\n**\n\ntext\n", &book());
    assert_eq!(a.blocks.len(), 3);
}

#[test]
fn a_curly_quote_before_a_sentence_end_does_not_panic() {
    // sentences() once stepped one byte past a multi-byte opening quote.
    let t = "He called it “irrational.” He said the move was “meaningless.”";
    let f = check_text(t, &book());
    assert!(f.iter().all(|f| t.is_char_boundary(f.range.start)));
    let a = Article::parse(t, &book());
    let sentences: Vec<&str> = a.blocks[0]
        .facts
        .sentences
        .iter()
        .map(|r| &t[r.clone()])
        .collect();
    assert_eq!(
        sentences,
        vec![
            "He called it “irrational.”",
            "He said the move was “meaningless.”"
        ]
    );
}
