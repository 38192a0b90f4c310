//! Inline facts about one block's text: the spans no check may touch (code
//! spans, URLs, link targets, HTML comments and tags) and the sentences.
//! Offsets are relative to the block.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// The kinds of span no check may touch, in the order the regex tries
/// them, each with whether it is a web or e-mail address: these need
/// `http`, `www.` or `@` in the text, and are the ones with Unicode word
/// boundaries (`\b`), which keep the regex from its DFA on non-ASCII text.
const EXCLUDED_KINDS: &[(&str, bool)] = &[
    // HTML comment (unclosed runs to the end); its (?s) holds for all.
    (r"(?s)<!--.*?(?:-->|\z)", false),
    (r"`[^`\n]+`", false),                                        // code span
    (r"\]\([^)\s]*(?:\s+[^)]*)?\)", false),                       // link target: ](url "title")
    (r"\]\[[^\]]*\]", false),                                     // reference link label
    (r"<https?://[^>\s]+>", false),                               // autolink
    (r"\bhttps?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\x22]", true), // bare URL
    (r"\bwww\.[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\x22]", true),
    (r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", true), // e-mail address
    (r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>", false), // HTML tag
    (r"^\[[^\]]+\]:\s*\S+.*$", false),           // link reference definition
];

fn excluded_regex(addresses: bool) -> Regex {
    let kinds: Vec<&str> = EXCLUDED_KINDS
        .iter()
        .filter(|(_, address)| addresses || !address)
        .map(|(re, _)| *re)
        .collect();
    Regex::new(&kinds.join("|")).expect("excluded-span regex")
}

/// Every kind of excluded span.
static EXCLUDED: LazyLock<Regex> = LazyLock::new(|| excluded_regex(true));

/// The kinds but addresses: for text with no `http`, `www.` or `@`, where
/// no address can match, it finds the same spans as [`EXCLUDED`].
static EXCLUDED_MARKUP: LazyLock<Regex> = LazyLock::new(|| excluded_regex(false));

/// The character at byte `i` of `text` (a character boundary), `None` at
/// the end. An ASCII byte is its own character and is read without
/// decoding: the per-block scanners read every character of the edited
/// paragraph at every keystroke, and nearly all of them are ASCII.
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        Some(char::from(b))
    } else {
        text[i..].chars().next()
    }
}

/// Spans in `text` that no check may touch, sorted and not overlapping.
pub fn excluded_spans(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    // Every alternative needs one of these; most prose has none, and the
    // regex (Unicode word boundaries) is slow on non-ASCII text, where it
    // cannot use its DFA. This runs on each edited paragraph per keystroke.
    // Only the addresses have word boundaries: text without what they
    // need gets the regex without them, which keeps its DFA.
    let bytes = text.as_bytes();
    let addresses = memchr::memchr(b'@', bytes).is_some()
        || memchr::memmem::find(bytes, b"http").is_some()
        || memchr::memmem::find(bytes, b"www.").is_some();
    let markup =
        memchr::memchr3(b'<', b'`', b']', bytes).is_some() || memchr::memchr(b'[', bytes).is_some();
    if !addresses && !markup {
        return out;
    }
    let regex = if addresses {
        &EXCLUDED
    } else {
        &EXCLUDED_MARKUP
    };
    for m in regex.find_iter(text) {
        let mut r = m.range();
        // For a link target keep the `]` visible: only `(url)` is excluded.
        if text[r.clone()].starts_with(']') {
            r.start += 1;
        }
        out.push(r);
    }
    out
}

/// HTML comments in `text` as (whole range, inner text).
pub fn html_comments(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut pos = 0usize;
    std::iter::from_fn(move || {
        let start = pos + text.get(pos..)?.find("<!--")?;
        let inner_start = start + 4;
        let (inner_end, end) = match text[inner_start..].find("-->") {
            Some(i) => (inner_start + i, inner_start + i + 3),
            None => (text.len(), text.len()),
        };
        pos = end;
        Some((start..end, &text[inner_start..inner_end]))
    })
}

/// Words ending in a period that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Rev", "Sen", "Rep", "Gov", "Lt", "Gen", "Col", "Sgt", "Capt",
    "Cmdr", "Maj", "Adm", "Cpl", "Pvt", "Supt", "Atty", "Gen", "Sr", "Jr", "St", "Mt", "Ft", "Jan",
    "Feb", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "No", "Nos", "Inc", "Corp", "Co", "Ltd",
    "Bros", "vs", "v", "etc", "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga",
    "Ill", "Ind", "Kan", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb",
    "Nev", "Okla", "Ore", "Pa", "Tenn", "Vt", "Va", "Wash", "Wis", "Wyo", "Ave", "Blvd", "approx",
    "Fr", "Msgr", "Pres", "Gens", "Reps", "Sens", "Univ", "Dept",
];

fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    if w.is_empty() {
        return false;
    }
    // Initials and dotted abbreviations: "J.", "U.S.", "D.C.", "a.m."
    if w.chars().count() == 1 && w.chars().all(|c| c.is_alphabetic()) {
        return true;
    }
    if w.contains('.') {
        return true;
    }
    ABBREVIATIONS.contains(&w)
}

/// Sentence ranges in `text` (relative), trimmed of surrounding spaces.
/// A sentence ends at `.`, `?` or `!` (with any closing quotes and
/// brackets after it) followed by white space and a capital letter, a
/// digit or an opening quote; abbreviations and initials do not end one.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0usize;
    // The marks are ASCII, so a byte search finds each of them (and no
    // byte inside another character): the text between them is skipped
    // rather than read a character at a time, as it was when this ran over
    // an array of the paragraph's characters at every keystroke.
    let mut from = 0usize;
    while let Some(p) = memchr::memchr3(b'.', b'?', b'!', &bytes[from..]) {
        let i = from + p;
        // Swallow closing quotes/brackets and repeated marks.
        let mut j = i + 1;
        while let Some(d) = char_at(text, j).filter(|&d| {
            matches!(
                d,
                '"' | '”' | '’' | '\'' | ')' | ']' | '.' | '?' | '!' | '*' | '_'
            )
        }) {
            j += d.len_utf8();
        }
        let end = j;
        // Must be followed by white space then a sentence start.
        let mut m = j;
        let mut saw_space = false;
        while let Some(d) = char_at(text, m).filter(|d| d.is_whitespace()) {
            saw_space = true;
            m += d.len_utf8();
        }
        let next_ok = char_at(text, m).is_none_or(|d| {
            saw_space
                && (d.is_uppercase()
                    || d.is_ascii_digit()
                    || matches!(d, '"' | '“' | '‘' | '\'' | '(' | '[' | '*' | '_'))
        });
        let word_start = text[..i]
            .char_indices()
            .rev()
            .find(|&(_, ch)| ch.is_whitespace() || ch == '(' || ch == '"' || ch == '“')
            .map(|(p, ch)| p + ch.len_utf8())
            .unwrap_or(0);
        let word = &text[word_start..i];
        let abbrev = bytes[i] == b'.' && is_abbreviation(word);
        if next_ok && !abbrev {
            push_trimmed(text, start..end, &mut out);
            start = end;
            from = j;
            continue;
        }
        from = i + 1;
    }
    if start < bytes.len() {
        push_trimmed(text, start..text.len(), &mut out);
    }
    out
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    if !t.is_empty() {
        out.push(r.start + lead..r.start + lead + t.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(text: &str) -> Vec<&str> {
        excluded_spans(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn excluded_spans_cover_code_urls_links_comments() {
        assert_eq!(ex("see `Kiev` here"), vec!["`Kiev`"]);
        assert_eq!(ex("[Joanna Kakisis](#)"), vec!["(#)"]);
        assert_eq!(
            ex("at https://example.com/kiev. Then"),
            vec!["https://example.com/kiev"]
        );
        assert_eq!(ex("a <!-- note Kiev --> b"), vec!["<!-- note Kiev -->"]);
        assert_eq!(ex("mail kiev@example.org now"), vec!["kiev@example.org"]);
        assert_eq!(
            ex("a <span class=\"x\">Kiev</span>"),
            vec!["<span class=\"x\">", "</span>"]
        );
    }

    #[test]
    fn without_addresses_the_markup_regex_finds_the_same_spans() {
        for t in [
            "see `Kiev` here — “[Joanna Kakisis](#)” <!-- x",
            "a <span class=\"x\">Kyiv</span> ]( ) ][ref] é",
            "[ref]: /a b\nZürich <b>",
        ] {
            let all: Vec<_> = EXCLUDED.find_iter(t).map(|m| m.range()).collect();
            let markup: Vec<_> = EXCLUDED_MARKUP.find_iter(t).map(|m| m.range()).collect();
            assert!(!all.is_empty());
            assert_eq!(all, markup, "{t}");
        }
    }

    #[test]
    fn html_comments_are_found_with_their_text() {
        let t = "<!-- copydesk-disable names --> x <!-- b";
        let c: Vec<_> = html_comments(t).collect();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].1.trim(), "copydesk-disable names");
        assert_eq!(c[1].0.end, t.len());
    }

    /// [`sentences`] as it was written before it searched for the marks:
    /// over an array of the text's characters.
    fn sentences_by_char(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let mut start = 0usize;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut k = 0usize;
        while k < chars.len() {
            let (i, c) = chars[k];
            if matches!(c, '.' | '?' | '!') {
                // Swallow closing quotes/brackets and repeated marks.
                let mut j = k + 1;
                while j < chars.len()
                    && matches!(
                        chars[j].1,
                        '"' | '”' | '’' | '\'' | ')' | ']' | '.' | '?' | '!' | '*' | '_'
                    )
                {
                    j += 1;
                }
                let end = if j < chars.len() {
                    chars[j].0
                } else {
                    text.len()
                };
                // Must be followed by white space then a sentence start.
                let mut m = j;
                let mut saw_space = false;
                while m < chars.len() && chars[m].1.is_whitespace() {
                    saw_space = true;
                    m += 1;
                }
                let next_ok = m >= chars.len()
                    || (saw_space
                        && (chars[m].1.is_uppercase()
                            || chars[m].1.is_ascii_digit()
                            || matches!(
                                chars[m].1,
                                '"' | '“' | '‘' | '\'' | '(' | '[' | '*' | '_'
                            )));
                let word_start = text[..i]
                    .char_indices()
                    .rev()
                    .find(|&(_, ch)| ch.is_whitespace() || ch == '(' || ch == '"' || ch == '“')
                    .map(|(p, ch)| p + ch.len_utf8())
                    .unwrap_or(0);
                let word = &text[word_start..i];
                let abbrev = c == '.' && is_abbreviation(word);
                if next_ok && !abbrev {
                    push_trimmed(text, start..end, &mut out);
                    start = end;
                    k = j;
                    continue;
                }
            }
            k += 1;
        }
        if start < bytes.len() {
            push_trimmed(text, start..text.len(), &mut out);
        }
        out
    }

    #[test]
    fn sentences_by_byte_search_match_sentences_by_character() {
        for t in [
            "Mr. Smith went to Washington, D.C. on Jan. 5. He said, \"Yes.\" Then U.S. officials left! OK",
            "He said “Mr. Olsen left.” Then “No.” Fine",
            "“Київ.” Зеленський said. Éric left?! ‘No.’ (Yes.) [Maybe.] *Bold.* _It._ 5. 6.",
            "Zelenskýy’s plan… failed. İstanbul. \u{212A}elvin? Ǆ. ǅ. ß. a.m. p.m. U.S.A. etc. 🙂. x",
            "Trailing mark.",
            "Trailing mark. ",
            ". . . !!! ??? .\u{a0}A .\u{2003}B .\nC .\r\nD",
            "",
            "   ",
        ] {
            assert_eq!(sentences(t), sentences_by_char(t), "{t}");
        }
    }

    #[test]
    fn sentences_respect_abbreviations_and_quotes() {
        let t = "Mr. Smith went to Washington, D.C. on Jan. 5. He said, \"Yes.\" Then U.S. officials left! OK";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            s,
            vec![
                "Mr. Smith went to Washington, D.C. on Jan. 5.",
                "He said, \"Yes.\"",
                "Then U.S. officials left!",
                "OK"
            ]
        );
    }

    #[test]
    fn sentences_after_a_curly_quote_do_not_split_a_char() {
        // The word before a period starts after a three-byte '“'.
        let t = "He said “Mr. Olsen left.” Then “No.” Fine";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(s[0], "He said “Mr. Olsen left.”", "{s:?}");
    }

    #[test]
    fn sentences_of_empty_text() {
        assert!(sentences("").is_empty());
        assert!(sentences("   ").is_empty());
    }
}
