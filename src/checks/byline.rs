//! `byline.*`: the byline in house form: `By A`, `By A and B`,
//! `By A, B and C` (with a serial comma when the house sets
//! `serial_comma`), and its names against the staff list.
//!
//! The anatomy finds the byline (`Article::byline`). A byline pasted from
//! a web page, spread over lines (`By`, then each linked name and each
//! comma on a line of its own), is the page's layout, not the writer's
//! punctuation: only its names are checked.

use super::{Check, Example, Rule};
use crate::article::{Article, Byline, NameRef};
use crate::finding::{Finding, Fix, Severity};
use crate::stylebook::names::{edit_distance, NameEntry};
use crate::stylebook::StyleBook;
use std::ops::Range;

/// Every `byline.*` rule.
pub struct Bylines;

static RULES: &[Rule] = &[
    Rule {
        id: "byline.and",
        severity: Severity::Warning,
        summary: "The last two names of a byline are not joined by “and”.",
        doc: r#"
## What it does
Flags a byline whose last two names are joined by a comma or an ampersand
(`By Ana Ruiz, Bo Li`, `By Ana Ruiz & Bo Li`), or whose earlier names are
joined by `and` instead of commas, and offers `and` (or commas). A part
after a comma that names an outlet or a title (`By Ana Ruiz, Associated
Press`, `By Bo Li, The Times`) is not a name and is left alone; the words
that mark one are the house list `byline_affiliation_words`.

## Why
AP writes bylines as a plain list: `By A and B`, `By A, B and C`. A comma
alone between the last two names reads as a name followed by a title or an
outlet.

## Example
`By Ana Ruiz, Bo Li` becomes `By Ana Ruiz and Bo Li`.
"#,
        examples: &[Example {
            bad: "# Council delays vote\n\nBy Ana Ruiz, Bo Li\n\nHOUSTON (AP) — The council delayed its vote.\n",
            good: "# Council delays vote\n\nBy Ana Ruiz and Bo Li\n\nHOUSTON (AP) — The council delayed its vote.\n",
        }],
    },
    Rule {
        id: "byline.case",
        severity: Severity::Warning,
        summary: "The byline does not open with a capital “By”.",
        doc: r#"
## What it does
Flags a byline that opens with a lowercase `by` (or `bY`) and offers `By`.
A byline set all in capitals (`BY ANA RUIZ`) is a house's typography and is
left alone.

## Why
The byline is a line of its own, and AP starts it with a capital `By`.

## Example
`by Ana Ruiz` becomes `By Ana Ruiz`.
"#,
        examples: &[Example {
            bad: "# Council delays vote\n\nby Ana Ruiz\n\nHOUSTON (AP) — The council delayed its vote.\n",
            good: "# Council delays vote\n\nBy Ana Ruiz\n\nHOUSTON (AP) — The council delayed its vote.\n",
        }],
    },
    Rule {
        id: "byline.colon",
        severity: Severity::Warning,
        summary: "A colon or period follows “By”.",
        doc: r#"
## What it does
Flags `By:` (or `By.`) and offers `By` followed by the names.

## Why
AP bylines read `By Ana Ruiz`: the word `By` introduces the names as a
phrase does, and takes no punctuation.

## Example
`By: Ana Ruiz` becomes `By Ana Ruiz`.
"#,
        examples: &[Example {
            bad: "# Council delays vote\n\nBy: Ana Ruiz\n\nHOUSTON (AP) — The council delayed its vote.\n",
            good: "# Council delays vote\n\nBy Ana Ruiz\n\nHOUSTON (AP) — The council delayed its vote.\n",
        }],
    },
    Rule {
        id: "byline.serial",
        severity: Severity::Warning,
        summary: "A byline's serial comma is not in house form.",
        doc: r#"
## What it does
Flags a comma before the `and` that joins the last two names of a byline
(`By A, B, and C`), or before the `and` of a two-name byline (`By A, and
B`), and offers the list without it. A house that uses the serial comma
(`serial_comma = true`) gets the opposite: `By A, B and C` is flagged and
`By A, B, and C` offered.

## Why
AP does not use the serial comma in a simple series, bylines included; a
house that does should use it in every byline alike.

## Example
`By Ana Ruiz, Bo Li, and Cy Diaz` becomes `By Ana Ruiz, Bo Li and Cy Diaz`.
"#,
        examples: &[Example {
            bad: "# Council delays vote\n\nBy Ana Ruiz, Bo Li, and Cy Diaz\n\nHOUSTON (AP) — The council delayed its vote.\n",
            good: "# Council delays vote\n\nBy Ana Ruiz, Bo Li and Cy Diaz\n\nHOUSTON (AP) — The council delayed its vote.\n",
        }],
    },
    Rule {
        id: "byline.spacing",
        severity: Severity::Warning,
        summary: "A byline has doubled or stray spaces.",
        doc: r#"
## What it does
Flags two or more spaces in a row in a byline, a space before a comma, and
a comma with no space after it, and offers single spacing. A byline pasted
from a web page over several lines is the page's layout and is left alone.

## Why
Bylines are set as one clean line; stray spaces are left from editing and
show up in print and on the web as ragged gaps.

## Example
`By Ana  Ruiz ,Bo Li` becomes `By Ana Ruiz, Bo Li`.
"#,
        examples: &[Example {
            bad: "# Council delays vote\n\nBy Ana  Ruiz\n\nHOUSTON (AP) — The council delayed its vote.\n",
            good: "# Council delays vote\n\nBy Ana Ruiz\n\nHOUSTON (AP) — The council delayed its vote.\n",
        }],
    },
    Rule {
        id: "byline.unknown-staff",
        severity: Severity::Info,
        summary: "A byline name is not on the staff list.",
        doc: r#"
## What it does
Compares each byline name with the staff list: the name authority's
entries marked `staff = true`. A name one or two letters away from a staff
name (`Teri Schulz` for `Teri Schultz`) is reported with a fix to the
staff spelling. When the house sets `byline_staff = true` (every byline is
a staff byline), any other name not on the list is reported too, without a
fix. With no staff entries at all nothing is reported.

The default reports only near misses because most desks also run wire,
freelance and partner bylines: flagging every name not on the staff list
would bury the real typos. A desk whose bylines are all its own turns on
`byline_staff`.

## Why
A reporter's name misspelled in their own byline is the error readers and
colleagues notice first, and the staff list is the authority for it.

## Example
With `Teri Schultz` on the staff list, `By Teri Schulz` gets the fix
`By Teri Schultz`.
"#,
        examples: &[Example {
            bad: "# Allies meet\n\nBy Teri Schulz\n\nBRUSSELS — NATO allies met on Thursday.\n",
            good: "# Allies meet\n\nBy Teri Schultz\n\nBRUSSELS — NATO allies met on Thursday.\n",
        }],
    },
];

/// How two names of a byline are joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Join {
    Comma,
    And,
    CommaAnd,
    Amp,
}

/// A byline's first line, split into parts and the joins between them.
struct Parts {
    parts: Vec<Range<usize>>,
    /// `joins[i]` sits between `parts[i]` and `parts[i + 1]`; its range
    /// runs from the end of one name to the start of the next.
    joins: Vec<(Join, Range<usize>)>,
}

/// Split `line` (absolute offset `base`) on commas, semicolons, `and`
/// and `&`, outside brackets and parentheses.
fn split(line: &str, base: usize) -> Parts {
    let b = line.as_bytes();
    let mut parts = Vec::new();
    let mut joins = Vec::new();
    let mut depth = 0i32;
    let mut start = 0usize;
    let mut i = 0usize;
    let trim = |r: Range<usize>| {
        let s = &line[r.clone()];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        r.start + lead..r.end - trail
    };
    while i < b.len() {
        let found = match b[i] {
            b'[' | b'(' => {
                depth += 1;
                None
            }
            b']' | b')' => {
                depth -= 1;
                None
            }
            b',' | b';' if depth <= 0 => {
                let rest = &line[i + 1..];
                let after = rest.trim_start();
                if after.starts_with("and ") {
                    Some((Join::CommaAnd, i + 1 + (rest.len() - after.len()) + 3))
                } else {
                    Some((Join::Comma, i + 1))
                }
            }
            b'&' if depth <= 0 => Some((Join::Amp, i + 1)),
            b' ' if depth <= 0 && line[i..].starts_with(" and ") => Some((Join::And, i + 4)),
            _ => None,
        };
        if let Some((join, end)) = found {
            let part = trim(start..i);
            parts.push(part.clone());
            // The join runs from the name's end to the next name's start.
            let rest = &line[end..];
            let next = end + (rest.len() - rest.trim_start().len());
            joins.push((join, base + part.end..base + next));
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    parts.push(trim(start..line.len()));
    Parts {
        parts: parts
            .into_iter()
            .map(|r| base + r.start..base + r.end)
            .collect(),
        joins,
    }
}

/// Is this part of a byline a person's name, not an outlet or a title?
fn is_person(part: &str, all_caps: bool, book: &StyleBook) -> bool {
    let p = part.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    // "Cy Diaz of The Associated Press": a name, then where they work.
    let p = [" of ", " for ", " at ", " in ", " from "]
        .iter()
        .filter_map(|c| p.find(c))
        .min()
        .map_or(p, |i| &p[..i]);
    let Some(first) = p.chars().next() else {
        return false;
    };
    let n_words = p.split_whitespace().count();
    if !(first.is_uppercase() || first == '[') || n_words > 5 {
        return false;
    }
    // A one-word part is an outlet or a place (`Axios`, `Kyiv`), not a
    // byline name; a linked name is a name.
    if n_words < 2 && first != '[' {
        return false;
    }
    let words: Vec<&str> = p
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    if words.first().is_some_and(|w| *w == "The") {
        return false;
    }
    // "CNN", "AP": an outlet, unless the whole byline is in capitals.
    if !all_caps
        && p.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    {
        return false;
    }
    // A place after the names: `By Ana Ruiz, New York`.
    let places = ["standalone_us", "standalone_intl", "countries"];
    if places.iter().any(|l| {
        book.house()
            .list(l)
            .iter()
            .any(|x| x.eq_ignore_ascii_case(p))
    }) || book.house().states.iter().any(|s| s.name == p)
    {
        return false;
    }
    let marks = book.house().list("byline_affiliation_words");
    let agencies = book.house().list("agencies");
    !words.iter().any(|w| {
        marks.iter().any(|m| m.eq_ignore_ascii_case(w))
            || agencies.iter().any(|a| a == w)
            || w.chars().next().is_some_and(char::is_lowercase)
    })
}

/// A suffix that belongs to the name before it (`Jr.`), not a new name.
fn is_suffix(part: &str) -> bool {
    matches!(
        part.trim().trim_end_matches('.'),
        "Jr" | "Sr" | "II" | "III" | "IV" | "M.D" | "Ph.D"
    )
}

impl Check for Bylines {
    fn rules(&self) -> &'static [Rule] {
        RULES
    }

    fn check(&self, article: &Article, book: &StyleBook, out: &mut Vec<Finding>) {
        let Some(by) = &article.byline else { return };
        if !by.web_pasted {
            check_form(article.text(), by, book, out);
        }
        unknown_staff(&by.names, book, out);
    }
}

fn check_form(text: &str, by: &Byline, book: &StyleBook, out: &mut Vec<Finding>) {
    let whole = &text[by.range.clone()];
    let line_len = whole.find(['\n', '\r']).unwrap_or(whole.len());
    let line = &whole[..line_len];
    let base = by.range.start;
    let lead = line.len() - line.trim_start_matches(['*', '_']).len();
    let word_end = lead + 2;
    let Some(word) = line.get(lead..word_end) else {
        return;
    };
    if !word.eq_ignore_ascii_case("by") {
        return;
    }
    let all_caps = {
        let mut letters = line.chars().filter(|c| c.is_alphabetic()).peekable();
        letters.peek().is_some() && letters.all(char::is_uppercase)
    };

    // "by" → "By".
    if word != "By" && !all_caps {
        let r = base + lead..base + word_end;
        out.push(
            Finding::new(
                "byline.case",
                r.clone(),
                Severity::Warning,
                "A byline opens with a capital “By”.",
            )
            .with_fix(Fix::replace(r, "By", true)),
        );
    }

    // "By:" → "By".
    let after = &line[word_end..];
    let mut names_start = word_end;
    if let Some(p) = after.chars().next().filter(|c| matches!(c, ':' | '.')) {
        let rest = &after[1..];
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        let r = base + word_end..base + word_end + 1 + spaces;
        names_start = word_end + 1 + spaces;
        out.push(
            Finding::new(
                "byline.colon",
                base + lead..base + word_end + 1,
                Severity::Warning,
                format!("No “{p}” after “By” in a byline: “By Name”."),
            )
            .with_fix(Fix::replace(r, " ", true)),
        );
    } else {
        let spaces = after.len() - after.trim_start_matches(' ').len();
        names_start += spaces;
    }

    // After a colon, its fix already takes the spaces.
    let spaced_from = if names_start > word_end && line.as_bytes()[word_end] != b' ' {
        names_start
    } else {
        word_end
    };
    spacing(line, base, spaced_from, out);

    // The names and how they are joined.
    let list_end = line
        .trim_end_matches(['*', '_', ' ', '\t'])
        .len()
        .max(names_start);
    let Some(list) = line.get(names_start..list_end) else {
        return;
    };
    let parts = split(list, base + names_start);
    // Fold suffixes into the name before them, then keep the leading run
    // of person names: what follows is an affiliation.
    let mut names: Vec<Range<usize>> = Vec::new();
    let mut joins: Vec<(Join, Range<usize>)> = Vec::new();
    for (k, p) in parts.parts.iter().enumerate() {
        let s = &text[p.clone()];
        if k > 0 && is_suffix(s) && !names.is_empty() {
            if let Some(n) = names.last_mut() {
                n.end = p.end;
            }
            continue;
        }
        if !is_person(s, all_caps, book) {
            break;
        }
        if k > 0 {
            joins.push(parts.joins[k - 1].clone());
        }
        names.push(p.clone());
    }
    let n = names.len();
    if n < 2 {
        return;
    }
    let serial = book.house().settings.serial_comma;
    let and = if serial && n > 2 { ", and " } else { " and " };
    for (k, (join, r)) in joins.iter().enumerate() {
        let last = k + 1 == joins.len();
        let shown = text[r.clone()].trim().to_string();
        let f = match (join, last) {
            (Join::Comma | Join::Amp, true) => Some((
                "byline.and",
                format!("Join the last two names of a byline with “and”, not “{shown}”."),
                and,
            )),
            (Join::CommaAnd, true) if n == 2 => Some((
                "byline.serial",
                "No comma before “and” between two names.".to_string(),
                " and ",
            )),
            (Join::CommaAnd, true) if !serial => Some((
                "byline.serial",
                "The house uses no serial comma in bylines: “By A, B and C”.".to_string(),
                " and ",
            )),
            (Join::And, true) if serial && n > 2 => Some((
                "byline.serial",
                "The house uses the serial comma in bylines: “By A, B, and C”.".to_string(),
                ", and ",
            )),
            (Join::And | Join::CommaAnd | Join::Amp, false) => Some((
                "byline.and",
                "Separate the names of a byline with commas, and “and” before the last."
                    .to_string(),
                ", ",
            )),
            _ => None,
        };
        if let Some((rule, message, with)) = f {
            if text[r.clone()] != *with {
                out.push(
                    Finding::new(rule, r.clone(), Severity::Warning, message)
                        .with_fix(Fix::replace(r.clone(), with, true)),
                );
            }
        }
    }
}

/// Doubled spaces, a space before a comma, a comma with none after.
fn spacing(line: &str, base: usize, from: usize, out: &mut Vec<Finding>) {
    let b = line.as_bytes();
    let end = line.trim_end().len();
    let mut depth = 0i32;
    let mut i = from;
    while i < end {
        match b[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            _ => {}
        }
        if depth > 0 {
            i += 1;
            continue;
        }
        if b[i] == b' ' {
            let run = line[i..].len() - line[i..].trim_start_matches(' ').len();
            let next = b.get(i + run).copied();
            if next == Some(b',') {
                let r = base + i..base + i + run;
                out.push(
                    Finding::new(
                        "byline.spacing",
                        r.clone(),
                        Severity::Warning,
                        "No space before a comma in a byline.",
                    )
                    .with_fix(Fix::replace(r, "", true)),
                );
            } else if run > 1 && i + run < end {
                let r = base + i..base + i + run;
                out.push(
                    Finding::new(
                        "byline.spacing",
                        r.clone(),
                        Severity::Warning,
                        "One space between words of a byline.",
                    )
                    .with_fix(Fix::replace(r, " ", true)),
                );
            }
            i += run;
            continue;
        }
        if b[i] == b',' && i + 1 < end && b[i + 1] != b' ' {
            let r = base + i..base + i + 1;
            out.push(
                Finding::new(
                    "byline.spacing",
                    r.clone(),
                    Severity::Warning,
                    "A space after a comma in a byline.",
                )
                .with_fix(Fix::replace(r, ", ", true)),
            );
        }
        i += 1;
    }
}

/// The staff entry nearest to `name` (the first of the nearest), when it
/// is at most `limit` edits away but not the same in lower case. An entry
/// whose length differs from `name`'s by more than `limit` is more than
/// `limit` edits away, so it is not compared: it could be neither the
/// answer nor one that rules an answer out.
fn near_miss<'a>(name: &str, staff: &[&'a NameEntry], limit: usize) -> Option<&'a NameEntry> {
    let n = name.to_lowercase();
    let len = n.chars().count();
    staff
        .iter()
        .filter_map(|e| {
            let c = e.canonical.to_lowercase();
            (c.chars().count().abs_diff(len) <= limit).then(|| (*e, edit_distance(&n, &c)))
        })
        .min_by_key(|(_, d)| *d)
        .filter(|(_, d)| *d > 0 && *d <= limit)
        .map(|(e, _)| e)
}

fn unknown_staff(names: &[NameRef], book: &StyleBook, out: &mut Vec<Finding>) {
    let staff: Vec<&NameEntry> = book.names.staff().collect();
    if staff.is_empty() {
        return;
    }
    for name in names {
        let t = name.text.trim();
        if staff.iter().any(|e| e.canonical == t) {
            continue;
        }
        // A listed wrong spelling is `names.authority`'s to report.
        if staff.iter().any(|e| e.variants.iter().any(|v| v == t)) {
            continue;
        }
        if let Some(e) = near_miss(t, &staff, (t.chars().count() / 7).clamp(1, 2)) {
            let note = if e.note.is_empty() {
                String::new()
            } else {
                format!(" ({})", e.note)
            };
            out.push(
                Finding::new(
                    "byline.unknown-staff",
                    name.range.clone(),
                    Severity::Info,
                    format!(
                        "“{t}” is not on the staff list; did you mean {}{note}?",
                        e.canonical
                    ),
                )
                .with_fix(Fix::replace(
                    name.range.clone(),
                    e.canonical.clone(),
                    false,
                )),
            );
        } else if book.house().settings.byline_staff {
            out.push(Finding::new(
                "byline.unknown-staff",
                name.range.clone(),
                Severity::Info,
                format!("“{t}” is not on the staff list."),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::check_text;
    use crate::checks::testing::{self, book, book_with, fixed};
    use crate::stylebook::Config;
    use std::path::Path;

    fn story(byline: &str) -> String {
        format!(
            "# Council delays vote\n\n{byline}\n\nHOUSTON (AP) — The council delayed its vote.\n"
        )
    }

    fn rules_of(text: &str, book: &StyleBook) -> Vec<String> {
        testing::rules_of(text, "byline.", book)
    }

    fn assert_fix_with(b: &StyleBook, bad: &str, rule: &str, good: &str) {
        assert_eq!(fixed(&story(bad), rule, b), story(good), "{bad}");
        let left = rules_of(&story(good), b);
        assert!(left.is_empty(), "{good}: {left:?}");
    }

    fn assert_fix(bad: &str, rule: &str, good: &str) {
        assert_fix_with(&book(), bad, rule, good);
    }

    #[test]
    fn good_bylines_pass() {
        let b = book();
        for by in [
            "By Ana Ruiz",
            "By Ana Ruiz and Bo Li",
            "By Ana Ruiz, Bo Li and Cy Diaz",
            "By Ana Ruiz, Associated Press",
            "By Ana Ruiz and Bo Li, The Associated Press",
            "By Ana Ruiz, AP Diplomatic Writer",
            "By Bo Li, The Washington Post",
            "By Ana Ruiz, CNN",
            "By Martin Luther King Jr.",
            "By Ana Ruiz Jr. and Bo Li",
            "BY ANA RUIZ AND BO LI",
            "**By Ana Ruiz**",
            "By [Ana Ruiz](https://example.com/ana) and [Bo Li](https://example.com/bo)",
            "By José Álvarez and 李明",
            "By Ana Ruiz, Kaiser Health News",
            "By Ana Ruiz, Axios",
            "By Ana Ruiz, New York",
            "By Ana Ruiz, Chief Economist",
            "By Ana Ruiz and Bo Li; photos by Cy Diaz",
            "By Ana Ruiz | Staff Writer",
            "By Ana Ruiz, Bo Li and Cy Diaz of The Associated Press",
            "By Ana Ruiz and Bo Li for The Guardian",
        ] {
            let t = story(by);
            assert!(rules_of(&t, &b).is_empty(), "{by}: {:?}", rules_of(&t, &b));
        }
    }

    #[test]
    fn sentences_opening_with_by_are_not_bylines() {
        let b = book();
        for t in [
            "# Budget\n\nBy 2030, the city expects to double its budget.\n",
            "# Budget\n\nBy Monday, officials had left the city.\n",
            "# Budget\n\nBy the time the council met, the money was gone.\n",
            "# Budget\n\nBy Tuesday the council had voted, officials said.\n",
        ] {
            let a = Article::parse(t, &b);
            assert!(a.byline.is_none(), "{t}");
            assert!(rules_of(t, &b).is_empty(), "{t}");
        }
    }

    #[test]
    fn colon_and_case() {
        assert_fix("By: Ana Ruiz", "byline.colon", "By Ana Ruiz");
        assert_fix("By:Ana Ruiz", "byline.colon", "By Ana Ruiz");
        assert_fix("By. Ana Ruiz", "byline.colon", "By Ana Ruiz");
        assert_fix("by Ana Ruiz", "byline.case", "By Ana Ruiz");
        assert_fix("BY Ana Ruiz", "byline.case", "By Ana Ruiz");
        // Both at once, each with its own fix.
        let t = story("by: Ana Ruiz");
        let mut r = rules_of(&t, &book());
        r.sort();
        assert_eq!(r, vec!["byline.case", "byline.colon"]);
    }

    #[test]
    fn serial_comma() {
        assert_fix(
            "By Ana Ruiz, Bo Li, and Cy Diaz",
            "byline.serial",
            "By Ana Ruiz, Bo Li and Cy Diaz",
        );
        assert_fix(
            "By Ana Ruiz, and Bo Li",
            "byline.serial",
            "By Ana Ruiz and Bo Li",
        );
        let serial = book_with("serial_comma = true");
        assert_fix_with(
            &serial,
            "By Ana Ruiz, Bo Li and Cy Diaz",
            "byline.serial",
            "By Ana Ruiz, Bo Li, and Cy Diaz",
        );
        // Two names never take a comma.
        assert!(rules_of(&story("By Ana Ruiz and Bo Li"), &serial).is_empty());
    }

    #[test]
    fn missing_and() {
        assert_fix("By Ana Ruiz, Bo Li", "byline.and", "By Ana Ruiz and Bo Li");
        assert_fix("By Ana Ruiz & Bo Li", "byline.and", "By Ana Ruiz and Bo Li");
        assert_fix(
            "By Ana Ruiz, Bo Li, Cy Diaz",
            "byline.and",
            "By Ana Ruiz, Bo Li and Cy Diaz",
        );
        assert_fix(
            "By Ana Ruiz and Bo Li and Cy Diaz",
            "byline.and",
            "By Ana Ruiz, Bo Li and Cy Diaz",
        );
        let serial = book_with("serial_comma = true");
        assert_fix_with(
            &serial,
            "By Ana Ruiz, Bo Li, Cy Diaz",
            "byline.and",
            "By Ana Ruiz, Bo Li, and Cy Diaz",
        );
        // The names before an outlet.
        assert_fix(
            "By Ana Ruiz, Bo Li, Associated Press",
            "byline.and",
            "By Ana Ruiz and Bo Li, Associated Press",
        );
    }

    #[test]
    fn stray_spaces() {
        assert_fix("By Ana  Ruiz", "byline.spacing", "By Ana Ruiz");
        assert_fix("By  Ana Ruiz", "byline.spacing", "By Ana Ruiz");
        assert_fix(
            "By Ana Ruiz , Bo Li and Cy Diaz",
            "byline.spacing",
            "By Ana Ruiz, Bo Li and Cy Diaz",
        );
        assert_fix(
            "By Ana Ruiz,Bo Li and Cy Diaz",
            "byline.spacing",
            "By Ana Ruiz, Bo Li and Cy Diaz",
        );
    }

    #[test]
    fn web_pasted_byline_is_understood_not_flagged() {
        let t = "# Dockworkers vote to end strike\n\nBy\n\n[Mara Ellison](#)\n\n,\n\n[Tomasz Wrona](#)\n\n,\n\n[Ines Carvalho](#)\n\nGDYNIA, Poland — Dockworkers voted Tuesday to end a strike.\n";
        let b = book();
        let a = Article::parse(t, &b);
        let by = a.byline.as_ref().expect("byline");
        assert!(by.web_pasted);
        assert_eq!(by.names.len(), 3);
        assert!(rules_of(t, &b).is_empty(), "{:?}", rules_of(t, &b));
    }

    #[test]
    fn unknown_staff_near_a_staff_name() {
        let b = book();
        let t = story("By Teri Schulz and Ana Ruiz");
        let f: Vec<_> = check_text(&t, &b)
            .into_iter()
            .filter(|f| f.rule == "byline.unknown-staff")
            .collect();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Info);
        assert!(!f[0].fixes[0].safe);
        assert_eq!(
            fixed(&t, "byline.unknown-staff", &b),
            story("By Teri Schultz and Ana Ruiz")
        );
        // A staff name, or a name far from any, is not reported by default.
        assert!(rules_of(&story("By Teri Schultz and Ana Ruiz"), &b).is_empty());
        // A house whose bylines are all staff hears of every other name.
        let staff = book_with("byline_staff = true");
        let f: Vec<_> = check_text(&story("By Teri Schultz and Ana Ruiz"), &staff)
            .into_iter()
            .filter(|f| f.rule == "byline.unknown-staff")
            .collect();
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("Ana Ruiz"));
        assert!(f[0].fixes.is_empty());
    }

    #[test]
    fn unknown_staff_needs_a_staff_list() {
        let c = Config::parse(
            "c.toml",
            "[names]\npacks = [\"ukraine\"]\n[house]\nbyline_staff = true\n",
        )
        .unwrap();
        let b = StyleBook::with_config(&c, Path::new(".")).unwrap();
        assert!(rules_of(&story("By Teri Schulz"), &b).is_empty());
    }

    #[test]
    fn messy_bylines_do_not_panic() {
        let b = book();
        for by in [
            "By",
            "By ,",
            "By , and",
            "By é,",
            "By [x](",
            "By 😀 and 😀",
            "by\r",
            "By Ana Ruiz\r\nAssociated Press",
        ] {
            let _ = check_text(&story(by), &b);
        }
        let t = "# Head\r\n\r\nBy: Ana Ruiz\r\n\r\nHOUSTON (AP) — Text.\r\n";
        assert_eq!(fixed(t, "byline.colon", &b), t.replace("By: ", "By "));
    }
}
