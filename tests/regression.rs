//! Regression tests, each named after the problem it pins.

mod common;

use common::Client;
use copydesk::checks::check_text;
use copydesk::{Article, StyleBook};
use serde_json::{json, Value};

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

/// The speaker of each quotation in `text`, in order.
fn speakers(text: &str) -> Vec<Option<String>> {
    Article::parse(text, &book())
        .quotes
        .iter()
        .map(|q| {
            q.attribution
                .as_ref()
                .and_then(|a| a.speaker.as_deref().map(str::to_string))
        })
        .collect()
}

#[test]
fn a_title_abbreviated_before_a_speakers_name_is_not_the_speaker() {
    // `said Sen. Amy Klobuchar` once gave the speaker "Sen", and `said the
    // Rev. Samuel Okoro` gave "the Rev".
    for (said, speaker) in [
        ("said Sen. Amy Klobuchar, D-Minn.", "Sen. Amy Klobuchar"),
        ("said Gov. Gavin Newsom", "Gov. Gavin Newsom"),
        ("said Rep. Jim Jordan, R-Ohio", "Rep. Jim Jordan"),
        ("said Lt. Gov. Austin Davis", "Lt. Gov. Austin Davis"),
        ("said Gen. Laura Ortiz", "Gen. Laura Ortiz"),
        ("said Dr. Priya Raman, an agronomist", "Dr. Priya Raman"),
        ("said the Rev. Samuel Okoro", "the Rev. Samuel Okoro"),
    ] {
        let text = format!("# Farm bill\n\n\"We have waited long enough,\" {said}.\n");
        assert_eq!(speakers(&text), vec![Some(speaker.to_string())], "{said}");
    }
    // A title with no name after it is no speaker of its own.
    let text = "# Farm bill\n\n\"We have waited long enough,\" said the governor.\n";
    assert_eq!(speakers(text), vec![Some("the governor".to_string())]);
}

#[test]
fn a_titled_surname_in_a_section_heading_is_the_person_named_in_full() {
    // `## Defense Secretary Hegseth on …` was left out of the people, so
    // hover did not know him and a rename missed the heading.
    let text = "# Allies meet in Brussels\n\n\
                BRUSSELS (AP) — Defense Secretary Pete Hegseth met allies on Wednesday, officials said.\n\n\
                ## Defense Secretary Hegseth on the alliance\n\n\
                Hegseth said the alliance would change. Hegseth spoke for an hour.\n";
    let book = book();
    let article = Article::parse(text, &book);
    let heading = text.find("Hegseth on").unwrap();
    let info = copydesk::article::names::name_at(&article, &book, heading).expect("a person");
    let mentions: Vec<&str> = info.family_names.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(mentions, vec!["Hegseth"; 4]);
    assert_eq!(info.canonical, "Pete Hegseth");
}

/// An LSP position (UTF-16) of byte `offset` in `text`, with `\r\n`, a
/// lone `\r` and a lone `\n` each ending a line.
fn position(text: &str, offset: usize) -> Value {
    let (mut line, mut start) = (0, 0);
    let b = text.as_bytes();
    let mut i = 0;
    while i < offset {
        match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') && i + 1 < offset => {
                line += 1;
                i += 2;
                start = i;
                continue;
            }
            b'\r' | b'\n' => {
                line += 1;
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let col: usize = text[start..offset].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": col})
}

/// Each diagnostic's rule and range.
fn placed(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| format!("{} {}", d["code"], d["range"]))
        .collect()
}

#[test]
fn diagnostics_after_an_edit_that_changes_line_breaks_are_at_their_lines() {
    // The server once reused the last version's diagnostics below an edit
    // when the edit kept its count of CR and LF bytes, so an edit turning
    // `\n\n` into `\r\n` (or back), or joining a lone `\r` and `\n`, left
    // every later diagnostic on its old line.
    let story = "# Talks resume in Kiev\n\nKYIV, Ukraine (AP) — Officials met, Peskov said.\n\n\
                 The convoy moved towards the port.\n\nOfficials in Kiev said the talks would go on.\n";
    let first_break = story.find("\n\n").unwrap();
    let crlf = story.replacen("\n\n", "\r\n\r\n", 1);
    let lone_cr = story.replacen("\n\n", "\rx\n", 1);
    // (text before, byte range replaced, replacement)
    let edits: [(&str, std::ops::Range<usize>, &str); 3] = [
        (story, first_break..first_break + 2, "\r\n"),
        (&crlf, first_break..first_break + 4, "\n\n\n"),
        (&lone_cr, first_break + 1..first_break + 2, ""),
    ];
    let mut c = Client::start(None);
    for (n, (before, range, with)) in edits.iter().enumerate() {
        let uri = format!("file:///tmp/copydesk-line-breaks-{n}.md");
        c.open(&uri, before, 1);
        c.diagnostics(&uri, 1);
        c.change(
            &uri,
            2,
            json!([{"range": {"start": position(before, range.start), "end": position(before, range.end)}, "text": with}]),
        );
        let edited = c.diagnostics(&uri, 2);
        let after = format!("{}{with}{}", &before[..range.start], &before[range.end..]);
        let fresh_uri = format!("file:///tmp/copydesk-line-breaks-{n}-fresh.md");
        c.open(&fresh_uri, &after, 1);
        let fresh = c.diagnostics(&fresh_uri, 1);
        assert!(fresh.len() >= 3, "{fresh:?}");
        assert_eq!(placed(&edited), placed(&fresh), "edit {n}: {after:?}");
    }
    assert!(c.shutdown().success());
}

#[test]
fn the_outline_groups_quotations_under_the_titled_speakers_whole_name() {
    // The outline listed `Sen` and `Gov` as speakers.
    let text =
        "# Farm bill\n\n\"We have waited long enough,\" said Sen. Amy Klobuchar, D-Minn.\n\n\
                \"The votes are there,\" said Gov. Gavin Newsom.\n";
    let uri = "file:///tmp/copydesk-titled-speakers.md";
    let mut c = Client::start(None);
    c.open(uri, text, 1);
    c.diagnostics(uri, 1);
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(c.shutdown().success());
    let quotes = symbols
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["detail"] == "quotations")
        .expect("a quotations group");
    let speakers: Vec<&str> = quotes["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(speakers, vec!["Sen. Amy Klobuchar", "Gov. Gavin Newsom"]);
}

/// Attribution once re-read the whole paragraph for each of its
/// quotations (which phrases lie outside quotation marks, which words are
/// pronouns), so a paragraph of thousands of quotations took seconds to
/// minutes; each quotation now costs a search in facts worked out once a
/// paragraph. The answers must be those of a short paragraph.
#[test]
fn a_paragraph_of_thousands_of_quotations_is_attributed_like_a_short_one() {
    let one = "“We will wait,” Kakissis said. She added that “nothing” had changed. ";
    let short = speakers(&format!("# H\n\n{}\n", one.repeat(2)));
    assert_eq!(
        short,
        vec![
            Some("Kakissis".to_string()),
            Some("Kakissis".to_string()),
            Some("Kakissis".to_string()),
            Some("Kakissis".to_string())
        ]
    );
    let long = speakers(&format!("# H\n\n{}\n", one.repeat(3000)));
    assert_eq!(long.len(), 6000);
    assert!(long.iter().all(|s| s.as_deref() == Some("Kakissis")));
    // Unclosed marks with no attribution outside them: no speaker, and no
    // pass over the paragraph per mark.
    let open = speakers(&format!("# H\n\n{}\n", "“ Word said ".repeat(3000)));
    assert_eq!(open.len(), 3000);
}
