//! Person-name mentions in one block's text, found without any list.
//!
//! A mention is a run of capitalized words (`Joanna Kakissis`, `O'Brien`,
//! `Jean-Pierre`, `J.D. Vance`, `Oscar de la Hoya`) with the words that
//! cannot be part of a person's name taken off the front: sentence-initial
//! function words (`But`, `The`), titles (`President`, `Treasury
//! Secretary`, `Mr.`), organization words (`Staff` in `Chief of Staff Donald
//! Regan`), months, days, countries and cities. A run that still holds such
//! a word after that (`Federal Reserve Board`, `Bank of France`) is not a
//! person. What is left is recorded with the evidence around it: a title
//! before it, an attribution verb next to it, a possessive after it,
//! whether it opens a sentence. The story-wide pass ([`crate::names`])
//! decides from that evidence which mentions are people.
//!
//! Offsets are relative to the block, like every [`super::BlockFacts`].

use super::inline::char_at;
pub use crate::stylebook::lexicon::Lexicon;
#[cfg(test)]
use crate::stylebook::StyleBook;

use std::ops::Range;

/// One mention of what may be a person's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameMention {
    /// The name's words, without title or possessive (relative).
    pub range: Range<usize>,
    /// Each word of the name (relative). At least one.
    pub words: Vec<Range<usize>>,
    /// The name opens a sentence and nothing was taken off its front: weak
    /// evidence (`Later` at a sentence start is not a name).
    pub sentence_start: bool,
    /// A title (`President`, `analyst`, `Mr.`) stands right before it.
    pub titled: bool,
    /// The courtesy title before it (`Mr.`, `Mrs.`, `Ms.`, `Miss`), if any.
    pub courtesy: Option<Range<usize>>,
    /// An attribution verb is next to it (`X said`, `said X`).
    pub attributed: bool,
    /// Followed by `'s`, `’s` or `s'`.
    pub possessive: bool,
    /// Not a person: the run holds an organization, place or date word or
    /// an acronym (`Hutton Group`). Its other fields are left unset.
    pub organization: bool,
}

impl NameMention {
    /// The last word (the family name in most names).
    pub fn last(&self) -> Range<usize> {
        self.words.last().cloned().unwrap_or(self.range.clone())
    }

    /// The first word when the name has more than one word.
    pub fn first(&self) -> Option<Range<usize>> {
        (self.words.len() > 1).then(|| self.words[0].clone())
    }
}

const COURTESY: &[&str] = &["Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms", "Miss", "Messrs."];

const PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "da", "das", "do", "dos", "du", "del", "della", "di", "la",
    "le", "bin", "ibn", "al", "el", "ben", "ter", "ten", "St.",
];

const SUFFIXES: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];

#[derive(Clone, Debug)]
struct Token {
    range: Range<usize>,
    /// Followed by a possessive `'s` / `’s` / `s'` (not part of range).
    possessive: bool,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Split `text` into word tokens: letters with inner apostrophes and
/// hyphens (`O'Brien`, `Jean-Pierre`), a trailing period for initials and
/// abbreviations (`J.`, `Mr.`, `U.S.`). A possessive ending is noted and
/// left out of the range.
fn tokens(text: &str, lex: &Lexicon) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let letter = |c: char| c.is_alphabetic() || ('\u{300}'..='\u{36f}').contains(&c);
    // Byte offsets, not an array of the text's characters: this reads the
    // edited paragraph at every keystroke, and collecting its characters
    // first cost more than the rest of the search.
    let at = |i: usize| char_at(text, i);
    let letter_at = |i: usize| at(i).is_some_and(letter);
    let mut i = 0;
    while let Some(c) = at(i) {
        if !letter(c) {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut j = i;
        loop {
            while let Some(l) = at(j).filter(|&l| letter(l)) {
                j += l.len_utf8();
            }
            // Inner apostrophe, hyphen or period followed by a letter.
            if let Some(m) = at(j).filter(|&m| is_apostrophe(m) || m == '-' || m == '.') {
                let after = j + m.len_utf8();
                if let Some(l) = at(after).filter(|&l| letter(l)) {
                    // A possessive: 's then a non-letter.
                    if is_apostrophe(m) && matches!(l, 's' | 'S') && !letter_at(after + 1) {
                        break;
                    }
                    j = after;
                    continue;
                }
            }
            break;
        }
        let mut end = j;
        let mut possessive = false;
        let mut next = j;
        match at(j) {
            Some(m) if is_apostrophe(m) => {
                let after = j + m.len_utf8();
                if at(after).is_some_and(|l| matches!(l, 's' | 'S')) && !letter_at(after + 1) {
                    possessive = true;
                    next = after + 1;
                } else if text[start..end].ends_with('s') {
                    // Plural possessive: "Joneses'" / "Davis'".
                    possessive = true;
                    next = after;
                }
            }
            Some('.') => {
                // Keep the period of an initial or abbreviation: "J." "Mr." "U.S."
                let w = &text[start..end];
                let short = w.chars().count() == 1
                    || w.contains('.')
                    || holds_with_period(COURTESY, w)
                    || lex.is_title_abbreviation(w)
                    || holds_with_period(SUFFIXES, w);
                if short && w.chars().next().is_some_and(char::is_uppercase) {
                    end += 1;
                    next = j + 1;
                }
            }
            _ => {}
        }
        out.push(Token {
            range: start..end,
            possessive,
        });
        // Past at least the letter the token started with.
        i = next.max(i + c.len_utf8());
    }
    out
}

/// Does `list` hold `w` with a period after it (`Mr` for `Mr.`)? The
/// same answer as looking up `format!("{w}.")`, without building that
/// string for every word before a period of every edited paragraph.
fn holds_with_period(list: &[&str], w: &str) -> bool {
    list.iter().any(|x| x.strip_suffix('.') == Some(w))
}

fn capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Does a sentence start at `pos` (nothing but opening punctuation since
/// the end of the last sentence)?
fn sentence_starts_at(text: &str, pos: usize, lex: &Lexicon) -> bool {
    let before = text[..pos].trim_end_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '“' | '‘' | '\'' | '(' | '[' | '*' | '_' | '—' | '-' | '>' | '#'
            )
    });
    if before.is_empty() {
        return true;
    }
    let last_word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    if before.ends_with('.') {
        // "Mr. Baker", "U.S. Treasury": an abbreviation does not end a sentence.
        let w = last_word.trim_start_matches(|c: char| !c.is_alphanumeric());
        let abbreviation = w.len() <= 5
            && (w.matches('.').count() > 1 || lex.titles.contains(w) || COURTESY.contains(&w))
            || w.chars().count() == 2;
        return !abbreviation;
    }
    before.ends_with(['!', '?', ':', ';', '”', '"', '’']) && !before.ends_with(',')
}

/// Every person-name mention in `text`.
pub fn find(text: &str, lex: &Lexicon) -> Vec<NameMention> {
    let toks = tokens(text, lex);
    let mut out = Vec::new();
    runs(text, lex, &toks, 0..toks.len(), &mut out);
    out
}

/// The mentions among tokens `range` of `toks`, into `out`.
fn runs(
    text: &str,
    lex: &Lexicon,
    toks: &[Token],
    starts: Range<usize>,
    out: &mut Vec<NameMention>,
) {
    let mut i = starts.start;
    while i < starts.end {
        let w = &text[toks[i].range.clone()];
        if !capitalized(w) {
            i += 1;
            continue;
        }
        // Grow a run: capitalized words (and particles before a capitalized
        // word) separated by one space.
        let mut j = i + 1;
        let mut last_cap = i;
        while j < toks.len() && !toks[j - 1].possessive {
            let gap = &text[toks[j - 1].range.end..toks[j].range.start];
            if !(gap == " " || gap == "\u{a0}") {
                break;
            }
            let wj = &text[toks[j].range.clone()];
            if capitalized(wj) {
                last_cap = j;
                j += 1;
            } else if PARTICLES.contains(&wj) && j + 1 < toks.len() {
                j += 1;
            } else {
                break;
            }
        }
        let run = i..last_cap + 1;
        i = last_cap + 1;
        let word = |k: usize| &text[toks[k].range.clone()];
        // Take titles, function and non-name words off the front.
        let mut k = run.start;
        let mut titled = false;
        let mut courtesy = None;
        while k < run.end {
            let wk = word(k);
            if lex.titles.contains(wk) {
                titled = true;
                if COURTESY.contains(&wk) {
                    courtesy = Some(toks[k].range.clone());
                } else {
                    courtesy = None;
                }
            } else if !(lex.function.contains(wk)
                || lex.non_name.contains(wk)
                || PARTICLES.contains(&wk))
            {
                break;
            } else if toks[k].possessive {
                // "Russia's Putin": the possessive ends what came before.
                titled = false;
            }
            k += 1;
        }
        if k >= run.end {
            continue;
        }
        // Drop trailing suffixes (Jr., III) from the words.
        let mut end = run.end;
        while end > k + 1 && SUFFIXES.contains(&word(end - 1)) {
            end -= 1;
        }
        // The name's tokens: never empty, as `k < end`.
        let names = k..end;
        // A run that still holds a non-name word, or an acronym, is an
        // organization or place (`Hutton Group`, `Hutton LBO`): recorded as
        // such, so its words are not taken for a person's family name.
        let organization = names.clone().any(|m| {
            let w = word(m);
            lex.non_name.contains(w)
                || lex.function.contains(w)
                || !w.contains('.')
                    && w.chars().filter(|c| c.is_alphabetic()).count() > 1
                    && !w.chars().any(char::is_lowercase)
        });
        if organization {
            out.push(NameMention {
                range: toks[k].range.start..toks[end - 1].range.end,
                words: names.map(|m| toks[m].range.clone()).collect(),
                sentence_start: false,
                titled: false,
                courtesy: None,
                attributed: false,
                possessive: false,
                organization: true,
            });
            continue;
        }
        let first_tok = k;
        let last_tok = end - 1;
        let start = toks[first_tok].range.start;
        let stop = toks[last_tok].range.end;
        // A lowercase title or attribution verb right before.
        let prev_word = first_tok.checked_sub(1).map(word);
        if first_tok == run.start {
            if let Some(p) = prev_word {
                if lex.lower_titles.contains(p) {
                    titled = true;
                }
            }
        }
        let prev2 = first_tok.checked_sub(2).map(word);
        let said_before = first_tok == run.start
            && (prev_word.is_some_and(|p| lex.attribution.contains(p))
                || prev_word.is_some_and(|p| lex.lower_titles.contains(p))
                    && prev2.is_some_and(|p| lex.attribution.contains(p)));
        let after = &text[stop..];
        let after = after
            .strip_prefix(['\'', '’'])
            .map(|a| a.strip_prefix(['s', 'S']).unwrap_or(a))
            .unwrap_or(after);
        // The letters that follow, borrowed rather than collected.
        let rest = after.trim_start_matches([',', ' ']);
        let next_word = &rest[..rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len())];
        let said_after = lex.attribution.contains(next_word)
            || after.starts_with(", who ")
            || after.starts_with(", a ")
            || after.starts_with(", an ")
            || after.starts_with(", the ");
        let sentence_start = k == run.start && sentence_starts_at(text, start, lex);
        out.push(NameMention {
            range: start..stop,
            words: names.map(|m| toks[m].range.clone()).collect(),
            sentence_start,
            titled,
            courtesy,
            attributed: said_before || said_after,
            possessive: toks[last_tok].possessive,
            organization: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &str) -> Vec<String> {
        let book = StyleBook::builtin().unwrap();
        let lex = Lexicon::new(book.house());
        find(t, &lex)
            .into_iter()
            .map(|m| t[m.range].to_string())
            .collect()
    }

    fn one(t: &str) -> NameMention {
        let book = StyleBook::builtin().unwrap();
        let lex = Lexicon::new(book.house());
        let v: Vec<NameMention> = find(t, &lex)
            .into_iter()
            .filter(|m| !m.organization)
            .collect();
        assert_eq!(v.len(), 1, "{v:?}");
        v.into_iter().next().unwrap()
    }

    /// Text the byte-offset tokenizer must read as the character-array
    /// one did.
    const MIXED: &[&str] = &[
        "Zelenskýy’s visit to Kyïv and O’Brien’s, the Joneses' and Davis’ house",
        "Gabriel Garci\u{301}a Ma\u{301}rquez, J.D. Vance, Mr. Baker, Sen. Smith, Jr. and Sr.",
        "“Київ,” said Зеленський. ‘Yes,’ she said. ΣΑΣ's O'",
        "İstanbul and \u{212A}elvin, ẞ and ß, Ǆ and ǅ, Jean-Pierre -x- a.b. U.S.A.",
        "x'\u{301}s ’s 's s' s’ S'S Éé’s Ž' 🙂 Ana 🙂 Łukasz’ Kyïv- Mx. Messrs. Gens. III. IV.",
    ];

    /// [`tokens`] as it was written before it read byte offsets: over an
    /// array of the text's characters.
    fn tokens_by_char(text: &str, lex: &Lexicon) -> Vec<Token> {
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let n = chars.len();
        let letter = |c: char| c.is_alphabetic() || ('\u{300}'..='\u{36f}').contains(&c);
        let mut i = 0;
        while i < n {
            if !letter(chars[i].1) {
                i += 1;
                continue;
            }
            let start = chars[i].0;
            let mut j = i;
            loop {
                while j < n && letter(chars[j].1) {
                    j += 1;
                }
                // Inner apostrophe, hyphen or period followed by a letter.
                if j + 1 < n
                    && (is_apostrophe(chars[j].1) || chars[j].1 == '-' || chars[j].1 == '.')
                    && letter(chars[j + 1].1)
                {
                    // A possessive: 's then a non-letter.
                    if is_apostrophe(chars[j].1)
                        && matches!(chars[j + 1].1, 's' | 'S')
                        && (j + 2 >= n || !letter(chars[j + 2].1))
                    {
                        break;
                    }
                    j += 1;
                    continue;
                }
                break;
            }
            let mut end = if j < n { chars[j].0 } else { text.len() };
            let mut possessive = false;
            let mut next = j;
            if j < n && is_apostrophe(chars[j].1) {
                if j + 1 < n
                    && matches!(chars[j + 1].1, 's' | 'S')
                    && (j + 2 >= n || !letter(chars[j + 2].1))
                {
                    possessive = true;
                    next = j + 2;
                } else if text[start..end].ends_with('s') {
                    // Plural possessive: "Joneses'" / "Davis'".
                    possessive = true;
                    next = j + 1;
                }
            } else if j < n && chars[j].1 == '.' {
                // Keep the period of an initial or abbreviation: "J." "Mr." "U.S."
                let w = &text[start..end];
                let short = w.chars().count() == 1
                    || w.contains('.')
                    || holds_with_period(COURTESY, w)
                    || lex.is_title_abbreviation(w)
                    || holds_with_period(SUFFIXES, w);
                if short && w.chars().next().is_some_and(char::is_uppercase) {
                    end += 1;
                    next = j + 1;
                }
            }
            out.push(Token {
                range: start..end,
                possessive,
            });
            i = next.max(i + 1);
        }
        out
    }

    #[test]
    fn tokens_by_byte_offset_match_tokens_by_character() {
        let more = ["", "’", "A", "Mr.", "O'", "a'", "a’s", "A.", "é.", "É."];
        let book = StyleBook::builtin().unwrap();
        let lex = book.lexicon();
        for t in MIXED.iter().chain(&more) {
            let got: Vec<_> = tokens(t, lex)
                .into_iter()
                .map(|t| (t.range, t.possessive))
                .collect();
            let want: Vec<_> = tokens_by_char(t, lex)
                .into_iter()
                .map(|t| (t.range, t.possessive))
                .collect();
            assert_eq!(got, want, "{t}");
        }
    }

    #[test]
    fn holds_with_period_is_the_formatted_lookup() {
        for w in [
            "Mr",
            "Mrs",
            "Messrs",
            "Gen",
            "Gens",
            "Jr",
            "II",
            "Miss",
            "",
            "Sen.",
            "Zelenskyy",
        ] {
            for list in [COURTESY, SUFFIXES] {
                assert_eq!(
                    holds_with_period(list, w),
                    list.contains(&format!("{w}.").as_str()),
                    "{w}"
                );
            }
        }
    }

    #[test]
    fn titles_and_organizations_come_off() {
        assert_eq!(
            names("U.S. Treasury Secretary James Baker met Federal Reserve Board chairman Paul Volcker."),
            vec!["James Baker", "Paul Volcker"]
        );
        assert_eq!(
            names("Former White House Chief of Staff Donald Regan resigned in the Bank of France case."),
            vec!["Donald Regan"]
        );
        assert_eq!(
            names("On Monday in January, Japan and Paris said no."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn evidence_is_recorded() {
        let m = one("“It will pass,” said analyst Jack Grubman.");
        assert!(m.titled && m.attributed && !m.sentence_start);
        let m = one("Bakor yesterday moved to defuse speculation.");
        assert!(m.sentence_start && !m.titled);
        let m = one("The plan was Zelenskyy’s idea.");
        assert!(m.possessive);
        let m = one("Later, Mr. O'Brien said no.");
        assert_eq!(m.courtesy.map(|r| r.len()), Some(3));
        assert!(m.attributed && m.titled);
    }

    #[test]
    fn apostrophes_hyphens_initials_particles() {
        assert_eq!(
            names("We met Jean-Pierre O’Brien and J.D. Vance."),
            vec!["Jean-Pierre O’Brien", "J.D. Vance"]
        );
        assert_eq!(
            names("We met Oscar de la Hoya there."),
            vec!["Oscar de la Hoya"]
        );
        assert_eq!(
            names("We honor Martin Luther King Jr. today."),
            vec!["Martin Luther King"]
        );
    }

    #[test]
    fn messy_input_does_not_panic() {
        for t in [
            "",
            "’",
            "A",
            "Ž'",
            "Éé’s",
            "Mr.",
            "🙂 Ana 🙂 Łukasz’",
            "x'\u{301}s",
            "O'",
            "Kyïv-",
        ] {
            let _ = names(t);
        }
    }
}
