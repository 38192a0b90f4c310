//! The text side of the name tools (hover, completion, rename): which name
//! is at an offset, where a person is mentioned, which names complete a
//! prefix. Byte offsets in, byte offsets out; no LSP types.

use crate::article::{Article, Role};
use crate::stylebook::names::{HitStatus, NameEntry, NameKind};
use crate::stylebook::StyleBook;
use std::ops::Range;

/// A name found at an offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameAt {
    pub range: Range<usize>,
    pub text: String,
    /// The authority entry, when the authority knows this spelling.
    pub entry: Option<u32>,
    pub status: Option<HitStatus>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '\u{301}'
}

/// The word around `offset` (letters, digits, hyphens, and apostrophes
/// inside a word such as O'Brien; a possessive `'s` is left out).
pub fn word_at(text: &str, offset: usize) -> Option<Range<usize>> {
    let offset = crate::positions::floor_char_boundary(text, offset);
    let inner = |c: char| is_word_char(c) || c == '\'' || c == '’';
    let mut start = offset;
    for (i, c) in text[..offset].char_indices().rev() {
        if !inner(c) {
            break;
        }
        start = i;
    }
    let mut end = offset;
    for (i, c) in text[offset..].char_indices() {
        if !inner(c) {
            break;
        }
        end = offset + i + c.len_utf8();
    }
    // Apostrophes only count between letters; drop a possessive.
    let mut w = &text[start..end];
    loop {
        let before = w.len();
        w = w.trim_start_matches(['\'', '’']);
        start = end - w.len();
        w = w.trim_end_matches(['\'', '’']);
        for s in ["'s", "’s"] {
            if let Some(x) = w.strip_suffix(s) {
                w = x;
            }
        }
        end = start + w.len();
        if w.len() == before {
            break;
        }
    }
    (start < end).then_some(start..end)
}

fn capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// A run of capitalised words around `offset`, joined by single spaces
/// (`Joanna Kakissis`).
pub fn name_run_at(text: &str, offset: usize) -> Option<Range<usize>> {
    let w = word_at(text, offset)?;
    if !capitalized(&text[w.clone()]) {
        return None;
    }
    let mut run = w.clone();
    // Leftwards.
    while run.start >= 2 && text.as_bytes()[run.start - 1] == b' ' {
        match word_at(text, run.start - 1) {
            Some(p)
                if p.end == run.start - 1
                    && capitalized(&text[p.clone()])
                    && !ends_sentence(text, p.start) =>
            {
                run.start = p.start
            }
            _ => break,
        }
    }
    // Rightwards.
    while run.end + 1 < text.len() && text.as_bytes()[run.end] == b' ' {
        match word_at(text, run.end + 1) {
            Some(n) if n.start == run.end + 1 && capitalized(&text[n.clone()]) => run.end = n.end,
            _ => break,
        }
    }
    Some(run)
}

/// Does a sentence end just before `start` (so a capital there proves
/// nothing)?
fn ends_sentence(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '"', '“', '\'', '‘']);
    before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':', '—'])
}

/// The name at `offset`: an authority spelling, a byline or credit name,
/// or a run of capitalised words.
pub fn name_at(article: &Article, offset: usize) -> Option<NameAt> {
    let text = article.text();
    if let Some(bi) = article.block_at(offset) {
        let b = &article.blocks[bi];
        for h in &b.facts.authority {
            let r = b.abs(&h.range);
            if r.start <= offset && offset <= r.end {
                return Some(NameAt {
                    text: text[r.clone()].to_string(),
                    range: r,
                    entry: Some(h.entry),
                    status: Some(h.status),
                });
            }
        }
    }
    let listed = article
        .byline
        .iter()
        .flat_map(|b| b.names.iter())
        .chain(article.credit.iter().flat_map(|c| c.names.iter()));
    for n in listed {
        if n.range.start <= offset && offset <= n.range.end {
            return Some(NameAt {
                range: n.range.clone(),
                text: n.text.clone(),
                entry: None,
                status: None,
            });
        }
    }
    let r = name_run_at(text, offset)?;
    if article.is_excluded(&r) {
        return None;
    }
    Some(NameAt {
        text: text[r.clone()].to_string(),
        range: r,
        entry: None,
        status: None,
    })
}

/// Whole-word occurrences of `needle` in `text` (a possessive after it
/// is fine), outside the article's excluded spans.
fn occurrences(article: &Article, needle: &str) -> Vec<Range<usize>> {
    let text = article.text();
    let mut out = Vec::new();
    if needle.is_empty() {
        return out;
    }
    for (i, _) in text.match_indices(needle) {
        let r = i..i + needle.len();
        let before = text[..i].chars().next_back();
        let after = text[r.end..].chars().next();
        if before.is_some_and(is_word_char) || after.is_some_and(is_word_char) {
            continue;
        }
        if article.is_excluded(&r) {
            continue;
        }
        out.push(r);
    }
    out
}

/// Every run of two or more capitalised words in the story's prose, as
/// the story's own names.
pub fn story_names(article: &Article) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        let s = s.trim();
        if !s.is_empty() && !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    };
    for n in article
        .byline
        .iter()
        .flat_map(|b| b.names.iter())
        .chain(article.credit.iter().flat_map(|c| c.names.iter()))
    {
        push(&n.text);
    }
    let text = article.text();
    for b in &article.blocks {
        if !(b.role.is_prose() || b.role == Role::Byline) {
            continue;
        }
        let s = &text[b.range.clone()];
        let mut pos = 0usize;
        while pos < s.len() {
            let Some(next) = s[pos..].find(|c: char| c.is_uppercase()) else {
                break;
            };
            let at = pos + next;
            match name_run_at(s, at) {
                Some(r) if r.end > at => {
                    let mut run = &s[r.clone()];
                    // A sentence-initial word before a name ("Leader Marta
                    // Olsen") is not part of it.
                    if ends_sentence(s, r.start) && run.split(' ').count() >= 3 {
                        run = run.split_once(' ').map_or(run, |(_, rest)| rest);
                    }
                    if run.contains(' ') {
                        push(run);
                    }
                    pos = r.end;
                }
                _ => pos = at + s[at..].chars().next().map_or(1, char::len_utf8),
            }
        }
    }
    out
}

/// A person's mentions in the story: `full` is the full name, and each
/// mention says whether it is the full name or the surname alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mentions {
    pub full: String,
    pub mentions: Vec<(Range<usize>, bool)>,
}

/// The mentions of the person named `name` (a full name or a surname).
pub fn mentions(article: &Article, book: &StyleBook, name: &str) -> Mentions {
    let name = name.trim();
    let mut full = name.to_string();
    if !name.contains(' ') {
        // A surname: the person's full name is a longer name in the story
        // (or the authority) ending with it.
        let ends =
            |n: &str| n.split_whitespace().count() >= 2 && n.rsplit(' ').next() == Some(name);
        if let Some(f) = story_names(article)
            .into_iter()
            .filter(|n| ends(n))
            .min_by_key(|n| n.split(' ').count())
        {
            full = f;
        } else if let Some(e) = book
            .names
            .entries
            .iter()
            .find(|e| e.kind == NameKind::Person && ends(&e.canonical))
        {
            full = e.canonical.clone();
        }
    }
    let mut found: Vec<(Range<usize>, bool)> = occurrences(article, &full)
        .into_iter()
        .map(|r| (r, true))
        .collect();
    if let Some(surname) = full.rsplit(' ').next().filter(|_| full.contains(' ')) {
        for r in occurrences(article, surname) {
            if !found
                .iter()
                .any(|(f, _)| f.start < r.end && r.start < f.end)
            {
                found.push((r, false));
            }
        }
    }
    found.sort_by_key(|(r, _)| r.start);
    Mentions {
        full,
        mentions: found,
    }
}

/// The edits that rename the person `m` to `new_name`: full mentions get
/// the new full name, surname mentions the new surname.
pub fn rename_edits(m: &Mentions, new_name: &str) -> Vec<(Range<usize>, String)> {
    let new_name = new_name.trim();
    let new_surname = new_name.rsplit(' ').next().unwrap_or(new_name);
    m.mentions
        .iter()
        .map(|(r, full)| {
            (
                r.clone(),
                if *full {
                    new_name.to_string()
                } else {
                    new_surname.to_string()
                },
            )
        })
        .collect()
}

/// The word being typed before `offset`, when it is a capitalised word
/// of at least three letters: what name completion completes.
pub fn completion_prefix(text: &str, offset: usize) -> Option<Range<usize>> {
    let offset = crate::positions::floor_char_boundary(text, offset);
    let mut start = offset;
    for (i, c) in text[..offset].char_indices().rev() {
        if !(is_word_char(c) || c == '\'' || c == '’') {
            break;
        }
        start = i;
    }
    let w = &text[start..offset];
    (capitalized(w) && w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .then_some(start..offset)
}

/// A completion candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub label: String,
    /// From the story (ranked first) rather than the authority only.
    pub in_story: bool,
    pub note: String,
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].to_lowercase() == prefix.to_lowercase()
}

/// Names that complete `prefix`: the story's names, then the authority's
/// canonical spellings (a full name, or its surname onwards).
pub fn candidates(
    article: &Article,
    book: &StyleBook,
    prefix: &str,
    limit: usize,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let add = |label: &str, in_story: bool, note: &str, out: &mut Vec<Candidate>| {
        if label != prefix && !out.iter().any(|c| c.label == label) {
            out.push(Candidate {
                label: label.to_string(),
                in_story,
                note: note.to_string(),
            });
        }
    };
    let suffixes = |n: &str| -> Vec<usize> {
        let mut v = vec![0];
        v.extend(n.match_indices(' ').map(|(i, _)| i + 1));
        v
    };
    for n in story_names(article) {
        for s in suffixes(&n) {
            if starts_with_ci(&n[s..], prefix) {
                add(&n[s..], true, "", &mut out);
            }
        }
    }
    for e in book.names.entries.iter() {
        if out.len() >= limit {
            break;
        }
        let c = &e.canonical;
        for s in suffixes(c) {
            if starts_with_ci(&c[s..], prefix) {
                add(c, false, &entry_note(e), &mut out);
                break;
            }
        }
    }
    out.truncate(limit);
    out
}

/// A short description of an authority entry: kind and note.
pub fn entry_note(e: &NameEntry) -> String {
    let kind = match e.kind {
        NameKind::Person => "person",
        NameKind::Place => "place",
        NameKind::Organization => "organization",
        NameKind::Other => "name",
    };
    let staff = if e.staff { ", staff" } else { "" };
    if e.note.is_empty() {
        format!("{kind}{staff}")
    } else {
        format!("{kind}{staff}: {}", e.note)
    }
}

/// The first place the story mentions an authority entry (any of its
/// spellings), as a byte range.
pub fn first_mention(article: &Article, entry: u32) -> Option<Range<usize>> {
    article
        .blocks
        .iter()
        .flat_map(|b| b.facts.authority.iter().map(move |h| (b, h)))
        .find(|(_, h)| h.entry == entry)
        .map(|(b, h)| b.abs(&h.range))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn article(t: &str) -> (Article, StyleBook) {
        let book = StyleBook::builtin().unwrap();
        (
            Article::build(Arc::from(t), &book, &mut Default::default()),
            book,
        )
    }

    #[test]
    fn words_and_runs() {
        let t = "said Joanna Kakissis's editor O'Brien.";
        let k = t.find("Kakissis").unwrap();
        assert_eq!(&t[word_at(t, k + 2).unwrap()], "Kakissis");
        assert_eq!(&t[name_run_at(t, k).unwrap()], "Joanna Kakissis");
        let o = t.find("O'Brien").unwrap();
        assert_eq!(&t[word_at(t, o + 3).unwrap()], "O'Brien");
        assert!(name_run_at(t, 1).is_none());
    }

    #[test]
    fn rename_a_person_everywhere() {
        let t = "# Talks\n\nBy Anna Reyes\n\nLeader Marta Olsen spoke. \"No,\" Olsen said. Olsen's aide agreed.\n\n`Olsen` in code.\n";
        let (a, book) = article(t);
        let m = mentions(&a, &book, "Olsen");
        assert_eq!(m.full, "Marta Olsen");
        let texts: Vec<&str> = m.mentions.iter().map(|(r, _)| &t[r.clone()]).collect();
        assert_eq!(texts, vec!["Marta Olsen", "Olsen", "Olsen"]);
        let edits = rename_edits(&m, "Marta Olssen");
        assert_eq!(edits[0].1, "Marta Olssen");
        assert_eq!(edits[1].1, "Olssen");
    }

    #[test]
    fn completion_needs_three_letters_of_a_capitalised_word() {
        assert_eq!(completion_prefix("said Kak", 8), Some(5..8));
        assert_eq!(completion_prefix("said Ka", 7), None);
        assert_eq!(completion_prefix("said kak", 8), None);
        let t = "# H\n\nMarta Olsen spoke.\n\nThen Ols";
        let (a, book) = article(t);
        let c = candidates(&a, &book, "Ols", 20);
        assert_eq!(c[0].label, "Olsen");
        assert!(c[0].in_story);
        let c = candidates(&a, &book, "Zelen", 20);
        assert!(
            c.iter()
                .any(|c| c.label.contains("Zelenskyy") && !c.in_story),
            "{c:?}"
        );
    }

    #[test]
    fn name_at_prefers_the_authority() {
        let t = "# H\n\nThe mayor of Kiev spoke.\n";
        let (a, _) = article(t);
        let n = name_at(&a, t.find("Kiev").unwrap() + 1).unwrap();
        assert_eq!(n.text, "Kiev");
        assert_eq!(n.status, Some(HitStatus::Variant));
        assert!(first_mention(&a, n.entry.unwrap()).is_some());
    }
}
