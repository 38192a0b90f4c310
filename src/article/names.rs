//! The people in a story: every person-name mention ([`crate::article::people`])
//! across byline, body, captions and credit line, grouped by the spelling of
//! the family name, and the spellings that look like one name written two
//! ways linked into clusters. The `names.*` checks and the language
//! server's hover and rename ([`name_at`]) read the same index.
//!
//! This is a story-wide pass: a loop over the per-paragraph facts, cheap
//! enough to run on every keystroke.

use crate::article::{Article, Role};
use crate::stylebook::names::{edit_distance, HitStatus, NameEntry};
use crate::stylebook::StyleBook;
use rustc_hash::FxHashMap;
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// One mention of a person, in absolute offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonMention {
    pub block: usize,
    pub role: Role,
    /// The whole name as written (`Joanna Kakissis`, `Kakissis`).
    pub range: Range<usize>,
    /// The family name (the last word).
    pub last: Range<usize>,
    /// The first word of a name of two or more words.
    pub first: Option<Range<usize>>,
    /// Evidence that this is a person and not a word that opens a sentence.
    pub person: bool,
    pub sentence_start: bool,
    pub titled: bool,
    pub courtesy: Option<Range<usize>>,
    /// The authority entry whose spelling covers the family name, and how.
    pub authority: Option<(u32, HitStatus)>,
    /// How many words that authority match has (`Pete Hegseth`: 2).
    pub authority_words: usize,
}

/// One spelling of a family name and where it is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spelling {
    /// As first written (`Kakissis`).
    pub text: String,
    /// Indices into [`People::mentions`], in text order.
    pub mentions: Vec<usize>,
    /// First names seen with it (`Joanna`), as written.
    pub first_names: Vec<String>,
    /// At least one mention is surely a person.
    pub person: bool,
    /// The authority knows this spelling as right.
    pub canonical: bool,
    /// Every mention is a spelling the authority lists as wrong (and
    /// `names.authority` reports it).
    pub authority_variant: bool,
    /// Also used as part of an organization's name (`Hutton Group`).
    pub organization: bool,
    /// Written in the story as part of a full name the authority knows
    /// (`Pete Hegseth`): the authority vouches for it here.
    pub authority_full: bool,
}

impl Spelling {
    pub fn count(&self) -> usize {
        self.mentions.len()
    }
}

/// How a flagged spelling loses to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The other spelling is the authority's.
    Authority,
    /// The other spelling is used clearly more often (at least twice as
    /// often).
    Majority,
    /// The other spelling is used more often, but not twice as often.
    Plurality,
    /// Both are used equally often: the desk decides.
    Tie,
}

/// A spelling that looks like a misspelling of others in the same story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inconsistency {
    /// Index into [`People::spellings`].
    pub spelling: usize,
    /// The spellings it should probably be, most used first.
    pub instead: Vec<usize>,
    pub verdict: Verdict,
    /// The evidence is thin: the flagged spelling is used twice (a slip of
    /// the keys is rarely made twice the same way), or on a tie neither
    /// spelling is ever introduced (a full name or a title). Reported
    /// as a suggestion, not as an error.
    pub weak: bool,
}

/// Every person mention in a story, grouped by spelling.
#[derive(Clone, Debug, Default)]
pub struct People {
    pub mentions: Vec<PersonMention>,
    pub spellings: Vec<Spelling>,
    /// For each mention, its spelling.
    pub spelling_of: Vec<usize>,
    /// Spellings judged to be one name written two ways.
    pub inconsistencies: Vec<Inconsistency>,
}

/// Regions where people are looked for.
fn counted(role: Role) -> bool {
    matches!(
        role,
        Role::Headline
            | Role::Dek
            | Role::Heading
            | Role::Byline
            | Role::Body
            | Role::Caption
            | Role::Credit
            | Role::PhotoCredit
    )
}

/// Lowercase, with diacritics taken off (`Zelenskýy` → `zelenskyy`).
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == '’' { '\'' } else { c })
        .collect()
}

/// Optimal string alignment distance: Levenshtein with adjacent
/// transpositions counted as one edit. Names are short: up to 40
/// characters each are compared on the stack, three rows at a time.
pub fn osa_distance(a: &str, b: &str) -> usize {
    const N: usize = 40;
    fn load(s: &str, buf: &mut [char; N]) -> Option<usize> {
        let mut n = 0;
        for c in s.chars() {
            *buf.get_mut(n)? = c;
            n += 1;
        }
        Some(n)
    }
    let (mut ca, mut cb) = (['\0'; N], ['\0'; N]);
    match (load(a, &mut ca), load(b, &mut cb)) {
        (Some(n), Some(m)) => {
            let mut rows = [[0usize; N + 1]; 3];
            osa_rows(&ca[..n], &cb[..m], &mut rows)
        }
        _ => {
            let a: Vec<char> = a.chars().collect();
            let b: Vec<char> = b.chars().collect();
            let mut rows = vec![vec![0usize; b.len() + 1]; 3];
            let [r0, r1, r2] = &mut rows[..] else {
                unreachable!("three rows")
            };
            osa_rows(&a, &b, &mut [&mut r0[..], &mut r1[..], &mut r2[..]])
        }
    }
}

/// [`osa_distance`] over characters, with `rows` (three, each at least
/// `b.len() + 1` long) as working space.
fn osa_rows<R: AsMut<[usize]>>(a: &[char], b: &[char], rows: &mut [R; 3]) -> usize {
    let m = b.len();
    // rows[(i + 1) % 3] is row i - 2, rows[(i + 2) % 3] row i - 1, rows[i % 3] row i.
    for (j, cell) in rows[0].as_mut()[..=m].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        let [r0, r1, r2] = rows;
        let (two, one, cur) = match i % 3 {
            0 => (r1.as_mut(), r2.as_mut(), r0.as_mut()),
            1 => (r2.as_mut(), r0.as_mut(), r1.as_mut()),
            _ => (r0.as_mut(), r1.as_mut(), r2.as_mut()),
        };
        cur[0] = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (one[j] + 1).min(cur[j - 1] + 1).min(one[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(two[j - 2] + 1);
            }
            cur[j] = v;
        }
    }
    rows[a.len() % 3].as_mut()[m]
}

fn collapse_doubles(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = None;
    for c in s.chars() {
        if Some(c) != last {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

/// Could `a` and `b` be one name spelled two ways? The rules, on the folded
/// forms (lowercase, no diacritics):
/// - equal once folded (`Zelenskýy`, `Zelenskyy`): yes;
/// - equal once doubled letters are collapsed (`Merriman`, `Merrimann`): yes;
/// - one is the other plus a final `s` (`Bank`, `Banks`): no;
/// - one edit (a letter changed, added, dropped, or two neighbours
///   swapped): yes when the shorter has 5 letters or more, or 3-4 letters
///   with the same first and last letter (`Cox`, `Cix`);
/// - two edits: yes when the shorter has 8 letters or more and both start
///   with the same letter;
/// - anything else: no.
pub fn similar(a: &str, b: &str) -> bool {
    similar_forms(&Forms::of(a), &Forms::of(b))
}

/// A spelling's folded and double-collapsed forms, made once for the
/// many comparisons of [`similar`].
struct Forms {
    text: Box<str>,
    folded: String,
    collapsed: String,
    chars: usize,
}

impl Forms {
    fn of(text: &str) -> Forms {
        let folded = fold(text);
        Forms {
            text: text.into(),
            collapsed: collapse_doubles(&folded),
            chars: folded.chars().count(),
            folded,
        }
    }
}

/// For each spelling, the others that could be [`similar`] to it, found
/// without comparing every pair (a story of 100,000 words has thousands
/// of spellings).
///
/// Two spellings are similar only when they are equal once folded, equal
/// once doubled letters are collapsed, or at most two edits apart (two
/// only when both have 8 letters or more, one only when both have 3 or
/// more). Two strings at most k edits apart (an edit is a letter changed,
/// added or dropped, or two neighbours swapped) become one string when at
/// most k letters are deleted from each. So each spelling is filed under
/// a hash of its collapsed form, and of its folded form with each choice
/// of up to one letter deleted (two in a spelling of 8 letters or more);
/// only spellings filed under a common hash are compared. A hash shared by
/// chance only adds a pair to compare, never loses one. No name is longer
/// than [`LONGEST_TWO`] letters: a longer "spelling" (a run of capitals in
/// a pasted dump) is filed with one letter deleted up to [`LONGEST_ONE`]
/// letters and whole beyond, so the filing stays linear in the text.
struct Candidates {
    of: Vec<Vec<usize>>,
}

/// The longest spelling filed with two letters deleted (see [`Candidates`]).
const LONGEST_TWO: usize = 40;
/// The longest spelling filed with one letter deleted.
const LONGEST_ONE: usize = 80;

impl Candidates {
    /// The candidates among `forms`, leaving out those not `wanted`.
    fn new(forms: &[Forms], wanted: impl Fn(usize) -> bool) -> Candidates {
        const NONE: usize = usize::MAX;
        fn key(tag: u8, chars: &[char], skip: [usize; 2]) -> u64 {
            use std::hash::Hasher;
            let mut h = rustc_hash::FxHasher::default();
            h.write_u8(tag);
            for (i, c) in chars.iter().enumerate() {
                if i != skip[0] && i != skip[1] {
                    h.write_u32(*c as u32);
                }
            }
            h.finish()
        }
        // Each hash's first spelling, and every later (hash, spelling)
        // filed under a hash already taken: only those can make pairs,
        // and they are few, so only they are sorted.
        let wanted: Vec<usize> = (0..forms.len()).filter(|&i| wanted(i)).collect();
        // How many letters may be deleted from a spelling of `n` letters.
        let deletions = |n: usize| match n {
            8..=LONGEST_TWO => 2,
            3..=LONGEST_ONE => 1,
            _ => 0,
        };
        let keys = |n: usize| match deletions(n) {
            2 => 2 + n + n * (n - 1) / 2,
            1 => 2 + n,
            _ => 2,
        };
        let total = wanted.iter().map(|&i| keys(forms[i].chars)).sum();
        let mut first: FxHashMap<u64, usize> =
            FxHashMap::with_capacity_and_hasher(total, Default::default());
        let mut again: Vec<(u64, usize)> = Vec::new();
        let mut file = |k: u64, i: usize| match first.entry(k) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                if *o.get() != i {
                    again.push((k, i));
                }
            }
        };
        for (i, f) in wanted.into_iter().map(|i| (i, &forms[i])) {
            let collapsed: Vec<char> = f.collapsed.chars().collect();
            file(key(0, &collapsed, [NONE, NONE]), i);
            let folded: Vec<char> = f.folded.chars().collect();
            let n = folded.len();
            file(key(1, &folded, [NONE, NONE]), i);
            if deletions(n) >= 1 {
                for x in 0..n {
                    file(key(1, &folded, [x, NONE]), i);
                }
            }
            if deletions(n) == 2 {
                for x in 0..n {
                    for y in x + 1..n {
                        file(key(1, &folded, [x, y]), i);
                    }
                }
            }
        }
        again.sort_unstable();
        again.dedup();
        let mut of = vec![Vec::new(); forms.len()];
        for group in again.chunk_by(|a, b| a.0 == b.0) {
            let members: Vec<usize> = std::iter::once(first[&group[0].0])
                .chain(group.iter().map(|&(_, b)| b))
                .collect();
            for &a in &members {
                of[a].extend(members.iter().copied().filter(|&b| b != a));
            }
        }
        for v in &mut of {
            v.sort_unstable();
            v.dedup();
        }
        Candidates { of }
    }

    /// The spellings that could be similar to spelling `a`, in order.
    fn of(&self, a: usize) -> impl Iterator<Item = usize> + '_ {
        self.of[a].iter().copied()
    }
}

fn similar_forms(a: &Forms, b: &Forms) -> bool {
    let (fa, fb) = (&a.folded, &b.folded);
    if fa == fb {
        return a.text != b.text;
    }
    if a.collapsed == b.collapsed {
        return true;
    }
    if fa.strip_suffix('s') == Some(fb.as_str()) || fb.strip_suffix('s') == Some(fa.as_str()) {
        return false;
    }
    let (la, lb) = (a.chars, b.chars);
    let short = la.min(lb);
    if la.abs_diff(lb) > 2 || short < 3 {
        return false;
    }
    let d = osa_distance(fa, fb);
    match d {
        1 if short >= 5 => true,
        1 => fa.chars().next() == fb.chars().next() && fa.chars().last() == fb.chars().last(),
        2 => short >= 8 && fa.chars().next() == fb.chars().next(),
        _ => false,
    }
}

/// Can two first names be the same person's? Equal once folded, one an
/// initial of the other, or one edit apart in a name of four letters or
/// more.
pub fn first_names_compatible(a: &str, b: &str) -> bool {
    let (fa, fb) = (
        fold(a).trim_end_matches('.').to_string(),
        fold(b).trim_end_matches('.').to_string(),
    );
    if fa == fb {
        return true;
    }
    let initial = |x: &str, y: &str| x.chars().count() == 1 && y.starts_with(x);
    if initial(&fa, &fb) || initial(&fb, &fa) {
        return true;
    }
    fa.chars().count().min(fb.chars().count()) >= 4 && osa_distance(&fa, &fb) <= 1
}

/// Equal once folded, or one an initial of the other.
fn strict_first_names(a: &str, b: &str) -> bool {
    let (fa, fb) = (
        fold(a).trim_end_matches('.').to_string(),
        fold(b).trim_end_matches('.').to_string(),
    );
    fa == fb
        || fa.chars().count() == 1 && fb.starts_with(&fa)
        || fb.chars().count() == 1 && fa.starts_with(&fb)
}

/// Is `word` used in lowercase anywhere in `text` (so it is a common word,
/// not a name): its lowercase form written with no letter or digit on
/// either side?
fn used_lowercase(text: &str, word: &str) -> bool {
    let lower = word.to_lowercase();
    if lower == word || lower.is_empty() {
        return false;
    }
    memchr::memmem::find_iter(text.as_bytes(), lower.as_bytes()).any(|i| {
        let before = text[..i].chars().next_back();
        let after = text[i + lower.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A family name's grouping key: a hash of the word lowercased, with
/// curly apostrophes made straight, so that no key is made per mention
/// (64 bits: a collision among one story's names is not a practical
/// concern).
fn key_of(w: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    for c in w.chars().flat_map(char::to_lowercase) {
        h.write_u32(if c == '’' { '\'' as u32 } else { c as u32 });
    }
    h.finish()
}

/// What the names pass reads of one mention ([`BlockFacts::names`]) that
/// its block's text alone decides: worked out with the block's facts
/// ([`mention_facts`]), so a keystroke elsewhere does not redo it.
///
/// [`BlockFacts::names`]: crate::article::BlockFacts::names
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MentionFacts {
    /// The family name's grouping key ([`key_of`]).
    pub key: u64,
    /// Each word's key, for an organization's name.
    pub word_keys: Vec<u64>,
    /// The authority's match that covers the family name: its entry, how
    /// it is spelled, and how many words the match has.
    pub authority: Option<(u32, HitStatus, usize)>,
}

/// The [`MentionFacts`] of a block's `names`, given its `text` and the
/// authority's matches in it (all relative to the block).
pub fn mention_facts(
    text: &str,
    names: &[crate::article::people::NameMention],
    authority: &[crate::stylebook::names::AuthorityHit],
) -> Vec<MentionFacts> {
    names
        .iter()
        .map(|m| {
            if m.organization {
                return MentionFacts {
                    word_keys: m.words.iter().map(|w| key_of(&text[w.clone()])).collect(),
                    ..Default::default()
                };
            }
            let last = m.last();
            // The authority's matches are in text order and do not
            // overlap: only the last to start at or before the name can
            // hold it.
            let k = authority.partition_point(|h| h.range.start <= last.start);
            let hit = k
                .checked_sub(1)
                .map(|k| &authority[k])
                .filter(|h| last.end <= h.range.end);
            MentionFacts {
                key: key_of(&text[last]),
                word_keys: Vec::new(),
                authority: hit.map(|h| {
                    let words = text[h.range.clone()].split_whitespace().count();
                    (h.entry, h.status, words)
                }),
            }
        })
        .collect()
}

/// Block `bi`'s person mentions (absolute offsets) with their grouping
/// keys, into `mentions`; the keys of the words of its organizations'
/// names into `organizations`. `listed` are the byline and credit names.
fn block_people(
    article: &Article,
    book: &StyleBook,
    bi: usize,
    listed: &[&Range<usize>],
    mentions: &mut Vec<(PersonMention, u64)>,
    organizations: &mut rustc_hash::FxHashSet<u64>,
) {
    let text = article.text();
    let b = &article.blocks[bi];
    for (m, f) in b.facts.names.iter().zip(&b.facts.mention_facts) {
        if m.organization {
            organizations.extend(f.word_keys.iter().copied());
            continue;
        }
        let range = b.abs(&m.range);
        let last = b.abs(&m.last());
        let in_list = listed
            .iter()
            .any(|l| l.start <= range.start && range.end <= l.end);
        // A capitalized word opening a sentence may be any word
        // (`Unlike Amro`, `Villager Li`): a first name only with
        // evidence. Initials alone (`M`) are no first name either.
        let first = m
            .first()
            .filter(|_| !m.sentence_start || in_list)
            .filter(|f| text[b.abs(f)].chars().filter(|c| c.is_alphabetic()).count() > 1)
            .filter(|_| text[last.clone()].chars().count() > 1)
            .map(|f| b.abs(&f));
        let authority = f.authority.map(|(e, s, _)| (e, s));
        let authority_words = f.authority.map_or(0, |(_, _, w)| w);
        let person = in_list
            || m.titled
            || m.attributed
            || m.words.len() >= 2
            || (m.possessive && !m.sentence_start)
            || matches!(b.role, Role::Byline | Role::PhotoCredit)
            || authority.is_some_and(|(e, _)| {
                book.names
                    .entries
                    .get(e as usize)
                    .is_some_and(|e| e.kind == crate::stylebook::names::NameKind::Person)
            });
        mentions.push((
            PersonMention {
                block: bi,
                role: b.role,
                range,
                last: last.clone(),
                first,
                person,
                sentence_start: m.sentence_start,
                titled: m.titled,
                courtesy: m.courtesy.as_ref().map(|c| b.abs(c)),
                authority,
                authority_words,
            },
            f.key,
        ));
    }
}

impl People {
    /// Find the people in `article` (its roles, byline and credit line
    /// already found).
    pub fn find(article: &Article, book: &StyleBook) -> People {
        let text = article.text();
        let listed: Vec<&Range<usize>> = article
            .byline
            .iter()
            .flat_map(|b| b.names.iter())
            .chain(article.credit.iter().flat_map(|c| c.names.iter()))
            .map(|n| &n.range)
            .collect();
        let mut keyed = Vec::new();
        let mut organizations = rustc_hash::FxHashSet::default();
        for (bi, b) in article.blocks.iter().enumerate() {
            if counted(b.role) {
                block_people(article, book, bi, &listed, &mut keyed, &mut organizations);
            }
        }
        // Group by the family name as written (case-insensitively; see
        // [`key_of`]).
        let mut by_key: FxHashMap<u64, usize> = FxHashMap::default();
        let mut spellings: Vec<Spelling> = Vec::new();
        let mut spelling_of = Vec::with_capacity(keyed.len());
        let mut mentions = Vec::with_capacity(keyed.len());
        for (mi, (m, key)) in keyed.into_iter().enumerate() {
            let si = *by_key.entry(key).or_insert_with(|| {
                let t = &text[m.last.clone()];
                spellings.push(Spelling {
                    text: t.to_string(),
                    mentions: Vec::new(),
                    first_names: Vec::new(),
                    person: false,
                    // A spelling the authority knows as a person's family
                    // name is right even where it was not matched as part
                    // of a longer name.
                    canonical: book.names.is_canonical_word(t),
                    authority_variant: true,
                    organization: organizations.contains(&key),
                    authority_full: false,
                });
                spellings.len() - 1
            });
            let s = &mut spellings[si];
            s.mentions.push(mi);
            s.person |= m.person;
            if let Some(f) = &m.first {
                let f = &text[f.clone()];
                if !s.first_names.iter().any(|x| x == f) {
                    s.first_names.push(f.to_string());
                }
            }
            match m.authority {
                Some((_, HitStatus::Canonical)) => {
                    s.canonical = true;
                    s.authority_full |= m.authority_words > 1;
                }
                Some((_, HitStatus::Variant)) => {}
                _ => s.authority_variant = false,
            }
            spelling_of.push(si);
            mentions.push(m);
        }
        let mut people = People {
            mentions,
            spellings,
            spelling_of,
            inconsistencies: Vec::new(),
        };
        people.inconsistencies = people.judge(text);
        people
    }

    /// Is spelling `s` surely a person's name: surely a person at least
    /// once, and not also part of an organization's name in this story
    /// (`Hutton` in `E.F. Hutton Group Inc`) unless written with a first
    /// name?
    fn surely_person(&self, s: usize) -> bool {
        let sp = &self.spellings[s];
        sp.person && !(sp.organization && sp.first_names.is_empty())
    }

    /// Is spelling `s` ever introduced: written as a name of two words or
    /// more (even opening a sentence, where the first word is not trusted
    /// as a first name) or right after a title?
    fn introduced(&self, s: usize) -> bool {
        self.spellings[s].mentions.iter().any(|&m| {
            let m = &self.mentions[m];
            m.range != m.last || m.titled
        })
    }

    /// Are spellings `a` and `b` different people? See the rule doc of
    /// `names.consistency` for the rules.
    fn distinct(&self, a: usize, b: usize, folded: (&str, &str)) -> bool {
        let (sa, sb) = (&self.spellings[a], &self.spellings[b]);
        if sa.canonical && sb.canonical {
            return true;
        }
        // Family names two edits apart need the same first name (or an
        // initial of it): `Kiichi Miyazawa` and `Koichi Miyazaki` are two
        // people.
        let close = osa_distance(folded.0, folded.1) <= 1;
        let fits = |x: &String, y: &String| {
            if close {
                first_names_compatible(x, y)
            } else {
                strict_first_names(x, y)
            }
        };
        if !sa.first_names.is_empty()
            && !sb.first_names.is_empty()
            && !sa
                .first_names
                .iter()
                .any(|x| sb.first_names.iter().any(|y| fits(x, y)))
        {
            return true;
        }
        if sa.count() >= 3 && sb.count() >= 3 && !(sa.canonical || sb.canonical) {
            return true;
        }
        !(self.surely_person(a) || self.surely_person(b))
    }

    /// The inconsistencies among the spellings.
    fn judge(&self, text: &str) -> Vec<Inconsistency> {
        let forms: Vec<Forms> = self.spellings.iter().map(|s| Forms::of(&s.text)).collect();
        // [`used_lowercase`] reads the whole text: asked once a spelling.
        let lowercase: Vec<std::cell::OnceCell<bool>> = vec![Default::default(); forms.len()];
        let used_lowercase =
            |s: usize| *lowercase[s].get_or_init(|| used_lowercase(text, &self.spellings[s].text));
        // Only a spelling that may be flagged (`a` below) or that one may
        // be flagged against (`b`) needs comparing.
        let candidates = Candidates::new(&forms, |s| {
            let sp = &self.spellings[s];
            (!sp.canonical && sp.count() < 3) || self.surely_person(s)
        });
        let mut out = Vec::new();
        for a in 0..forms.len() {
            let sa = &self.spellings[a];
            if sa.canonical || sa.count() >= 3 {
                continue;
            }
            let mut instead: Vec<(usize, Verdict, bool)> = Vec::new();
            for b in candidates.of(a) {
                let sb = &self.spellings[b];
                if !self.surely_person(b) || !similar_forms(&forms[a], &forms[b]) {
                    continue;
                }
                let folded = (forms[a].folded.as_str(), forms[b].folded.as_str());
                if self.distinct(a, b, folded) {
                    continue;
                }
                // A spelling never seen as surely a person (a word opening
                // a sentence) must be 5 letters or more: `Late` is not a
                // slip for `Lane`.
                if !sa.person && sa.text.chars().count() < 5 {
                    continue;
                }
                let (ca, cb) = (sa.count(), sb.count());
                let fits_first = sa.first_names.is_empty()
                    || sa
                        .first_names
                        .iter()
                        .any(|x| sb.first_names.iter().any(|y| first_names_compatible(x, y)));
                // A spelling introduced with its own first name and used
                // again is a person of its own (`Donald Regan` next to
                // `Reagan`), unless the authority vouches for the other.
                let established = ca >= 2 && !sa.first_names.is_empty();
                let verdict = if sb.authority_full && fits_first {
                    Verdict::Authority
                } else if established || used_lowercase(b) {
                    continue;
                } else if ca < cb && ca <= 2 {
                    if cb >= 2 * ca {
                        Verdict::Majority
                    } else {
                        Verdict::Plurality
                    }
                } else if ca == cb && ca <= 2 && !sb.authority_variant {
                    Verdict::Tie
                } else {
                    continue;
                };
                // Thin evidence: the same spelling twice, or a tie between
                // two family names never introduced (no first name, no
                // title) on either side.
                let weak = verdict != Verdict::Authority
                    && (ca >= 2
                        || verdict == Verdict::Tie && !self.introduced(a) && !self.introduced(b));
                instead.push((b, verdict, weak));
            }
            // A word also used in lower case is a word, not a name (looked
            // for last: it reads the whole text).
            if instead.is_empty() || used_lowercase(a) {
                continue;
            }
            // The strongest verdict decides; fixes list the authority's
            // spelling first, then the most used.
            instead.sort_by_key(|&(b, v, w)| {
                (v as u8, w, std::cmp::Reverse(self.spellings[b].count()), b)
            });
            let (verdict, weak) = (instead[0].1, instead[0].2);
            out.push(Inconsistency {
                spelling: a,
                instead: instead.into_iter().map(|(b, _, _)| b).collect(),
                verdict,
                weak,
            });
        }
        out
    }

    /// The mention whose name holds `offset`.
    pub fn mention_at(&self, offset: usize) -> Option<usize> {
        self.mentions
            .iter()
            .position(|m| m.range.start <= offset && offset < m.range.end.max(m.range.start + 1))
    }

    /// The spellings that are the same person as spelling `s`: itself and
    /// those linked to it by an inconsistency.
    pub fn cluster_of(&self, s: usize) -> Vec<usize> {
        let mut out = vec![s];
        let mut i = 0;
        while i < out.len() {
            let cur = out[i];
            for inc in self.inconsistencies.iter() {
                let linked: Vec<usize> = if inc.spelling == cur {
                    inc.instead.clone()
                } else if inc.instead.contains(&cur) {
                    vec![inc.spelling]
                } else {
                    Vec::new()
                };
                for l in linked {
                    if !out.contains(&l) {
                        out.push(l);
                    }
                }
            }
            i += 1;
        }
        out
    }
}

/// What the language server shows for a name: see [`name_at`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameInfo<'a> {
    /// The house spelling: the authority's when it knows the person, else
    /// the most used full name (or family name) in the story.
    pub canonical: String,
    /// The authority's note (role, outlet), or empty.
    pub note: String,
    /// Where the person is first named in the story (the whole name).
    pub first_mention: Range<usize>,
    /// Every mention of the person, whole names, in text order, across all
    /// spellings of the cluster.
    pub mentions: Vec<Range<usize>>,
    /// The family name in each of `mentions` (what a rename replaces).
    pub family_names: Vec<Range<usize>>,
    /// The authority entry, when the person is in it.
    pub entry: Option<&'a NameEntry>,
}

/// Which person the name at byte `offset` of `article` is, for hover,
/// rename and "add to the authority": `None` when `offset` is not in a
/// person's name.
pub fn name_at<'a>(article: &Article, book: &'a StyleBook, offset: usize) -> Option<NameInfo<'a>> {
    let people = &article.people;
    let mi = people.mention_at(offset)?;
    if !people.spellings[people.spelling_of[mi]].person {
        return None;
    }
    let cluster = people.cluster_of(people.spelling_of[mi]);
    let mut idx: Vec<usize> = cluster
        .iter()
        .flat_map(|&s| people.spellings[s].mentions.iter().copied())
        .collect();
    idx.sort_by_key(|&i| people.mentions[i].range.start);
    let text = article.text();
    let entry = idx
        .iter()
        .find_map(|&i| people.mentions[i].authority.map(|(e, _)| e))
        .and_then(|e| book.names.entries.get(e as usize))
        .or_else(|| {
            idx.iter()
                .find_map(|&i| book.names.lookup(&text[people.mentions[i].range.clone()]))
        });
    let canonical = match entry {
        Some(e) => e.canonical.clone(),
        None => {
            // The most used spelling, written in full when it ever is.
            let best = *cluster
                .iter()
                .max_by_key(|&&s| (people.spellings[s].count(), std::cmp::Reverse(s)))
                .expect("cluster has its own spelling");
            let sp = &people.spellings[best];
            sp.mentions
                .iter()
                .map(|&i| &people.mentions[i])
                .find(|m| m.first.is_some())
                .map(|m| text[m.range.clone()].to_string())
                .unwrap_or_else(|| sp.text.clone())
        }
    };
    Some(NameInfo {
        canonical,
        note: entry.map(|e| e.note.clone()).unwrap_or_default(),
        first_mention: people.mentions[idx[0]].range.clone(),
        mentions: idx
            .iter()
            .map(|&i| people.mentions[i].range.clone())
            .collect(),
        family_names: idx
            .iter()
            .map(|&i| people.mentions[i].last.clone())
            .collect(),
        entry,
    })
}

/// Distance used by the authority (plain Levenshtein), re-exported for
/// callers that compare names.
pub fn levenshtein(a: &str, b: &str) -> usize {
    edit_distance(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook full-matrix OSA distance.
    fn osa_matrix(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    /// The pairs [`Candidates`] offers hold every pair of spellings that
    /// are [`similar`]: comparing only those finds what comparing all
    /// pairs finds.
    #[test]
    fn candidates_hold_every_similar_pair() {
        let mut rng = crate::testing::Rng::new(31);
        let seeds = [
            "Kakissis",
            "Zelenskyy",
            "Merriman",
            "Melnyk",
            "Cox",
            "Li",
            "Okafor",
            "Hrytsenko",
            "Miyazawa",
            "Reyes",
            "Schultz",
            "Peskov",
            "Aa",
            "Müller",
        ];
        let letters = ['a', 'e', 'i', 'o', 'k', 's', 'y', 'n', 'ü', 'é'];
        let mut spellings: Vec<String> = seeds.iter().map(|s| s.to_string()).collect();
        // Each seed with up to three random edits, so that pairs one, two
        // and three edits apart all occur.
        for _ in 0..600 {
            let mut w: Vec<char> = seeds[rng.below(seeds.len())].chars().collect();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(w.len() + 1);
                match rng.below(4) {
                    0 if at < w.len() => w[at] = letters[rng.below(letters.len())],
                    1 => w.insert(at, letters[rng.below(letters.len())]),
                    2 if at < w.len() && w.len() > 1 => {
                        w.remove(at);
                    }
                    _ if at + 1 < w.len() => w.swap(at, at + 1),
                    _ => {}
                }
            }
            spellings.push(w.into_iter().collect());
        }
        spellings.sort();
        spellings.dedup();
        let forms: Vec<Forms> = spellings.iter().map(|s| Forms::of(s)).collect();
        let candidates = Candidates::new(&forms, |_| true);
        let mut similar_pairs = 0;
        for a in 0..forms.len() {
            let offered: Vec<usize> = candidates.of(a).collect();
            for b in 0..forms.len() {
                if a != b && similar_forms(&forms[a], &forms[b]) {
                    similar_pairs += 1;
                    assert!(
                        offered.contains(&b),
                        "{:?} and {:?} are similar but not offered",
                        spellings[a],
                        spellings[b]
                    );
                }
            }
        }
        assert!(similar_pairs > 1000, "only {similar_pairs} similar pairs");
    }

    /// A spelling newly written in lower case is a word, not a slip.
    #[test]
    fn people_are_judged_again_when_a_spelling_is_written_in_lower_case() {
        use crate::article::{Article, FactCache};
        use std::sync::Arc;
        let book = StyleBook::builtin().unwrap();
        let before = "# Market\n\nOksana Melnyk sells grain. Melnyk said prices rose.\n\n\
                      Later Melnik said the port was shut.\n\n\
                      The harbor was quiet in the morning.\n";
        let after = before.replace("quiet in", "quiet melnik in");
        let mut cache = FactCache::default();
        let a = Article::build(Arc::from(before), &book, &mut cache);
        assert!(!a.people.inconsistencies.is_empty(), "Melnik is a slip");
        let b = Article::build(Arc::from(after.as_str()), &book, &mut cache);
        let fresh = People::find(&Article::parse(&after, &book), &book);
        assert!(fresh.inconsistencies.is_empty(), "melnik is a word here");
        assert_eq!(b.people.inconsistencies, fresh.inconsistencies);
    }

    #[test]
    fn the_authority_decides_which_spellings_are_canonical() {
        use crate::article::Article;
        use std::sync::Arc;
        let book = StyleBook::builtin().unwrap();
        let t = "# Talks\n\nThe talks went on, Zelenskyy said. Zelenskyy spoke again.\n";
        let find = |book: &StyleBook| People::find(&Article::parse(t, book), book).spellings;
        let with = find(&book);
        let mut changed = book.clone();
        changed.names = Arc::new(crate::stylebook::names::NameAuthority::default());
        let here = find(&changed);
        let canonical = |s: &[Spelling]| s.iter().any(|s| s.text == "Zelenskyy" && s.canonical);
        assert!(
            canonical(&with) && !canonical(&here),
            "the authority decides"
        );
    }

    #[test]
    fn osa_distance_matches_the_full_matrix() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "kakisis",
            "kakissis",
            "zelenskýy",
            "zelenskyy",
            "abcdef",
            "badcfe",
            "Ωmega",
            "omegΩ",
        ];
        for a in words {
            for b in words {
                assert_eq!(osa_distance(a, b), osa_matrix(a, b), "{a} {b}");
            }
        }
        // Past the stack buffers (40 characters).
        let long = "Wolfeschlegelsteinhausenbergerdorff Senior the Third";
        let other = "Wolfeschlegelsteinhausenbergerdorf Senoir the Third";
        assert_eq!(osa_distance(long, other), osa_matrix(long, other));
        assert_eq!(osa_distance(long, "Wolf"), osa_matrix(long, "Wolf"));
        assert_eq!(osa_distance("Wolf", long), osa_matrix("Wolf", long));
    }

    #[test]
    fn similarity_rules() {
        assert!(similar("Kakisis", "Kakissis"));
        assert!(similar("Bakor", "Baker"));
        assert!(similar("Cix", "Cox"));
        assert!(similar("Merrimann", "Merriman"));
        assert!(similar("Zelenskýy", "Zelenskyy"));
        assert!(similar("Volcker", "Vlocker"));
        assert!(similar("Vollckerr", "Volcker"));
        assert!(!similar("Bank", "Banks"));
        assert!(!similar("Lee", "Lew"));
        assert!(!similar("Regan", "Reagan") || osa_distance("regan", "reagan") == 1);
        assert!(!similar("Smith", "Jones"));
        assert!(!similar("Baker", "Baker"));
    }

    #[test]
    fn first_name_rules() {
        assert!(first_names_compatible("Joanna", "Joanna"));
        assert!(first_names_compatible("J.", "Joanna"));
        assert!(first_names_compatible("Jacqueline", "Jaqueline"));
        assert!(!first_names_compatible("Charles", "Jim"));
    }

    fn people(t: &str) -> (People, String) {
        let book = StyleBook::builtin().unwrap();
        let a = Article::parse(t, &book);
        (People::find(&a, &book), t.to_string())
    }

    #[test]
    fn clusters_link_misspellings() {
        let (p, _) = people("# H\n\nAnalyst Craig Sloane said the dollar fell. Sloane said more.\n\nThe rate rose, Sloone said.\n");
        assert_eq!(p.inconsistencies.len(), 1);
        let inc = &p.inconsistencies[0];
        assert_eq!(p.spellings[inc.spelling].text, "Sloone");
        assert_eq!(p.spellings[inc.instead[0]].text, "Sloane");
        assert_eq!(inc.verdict, Verdict::Majority);
    }

    #[test]
    fn name_at_answers_for_every_spelling() {
        let book = StyleBook::builtin().unwrap();
        let t = "# H\n\nBy Joanna Kakisis\n\nKYIV, Ukraine (AP) — Talks began.\n\nJoanna Kakissis reported from Kyiv.\n";
        let a = Article::parse(t, &book);
        let at = t.find("Kakissis").unwrap() + 2;
        let info = name_at(&a, &book, at).unwrap();
        assert_eq!(info.canonical, "Joanna Kakissis");
        assert!(info.note.contains("NPR"));
        assert_eq!(&t[info.first_mention.clone()], "Joanna Kakisis");
        assert_eq!(info.mentions.len(), 2);
        assert_eq!(
            info.entry.map(|e| e.canonical.as_str()),
            Some("Joanna Kakissis")
        );
        assert!(name_at(&a, &book, t.find("Talks").unwrap()).is_none());
    }
}
