//! The name authority: canonical spellings of people, places and
//! organizations, with their known wrong variants.
//!
//! Matching is by words, not by an automaton over every spelling: the text
//! is folded once (no diacritics, straight apostrophes, lower case), and at
//! each capitalized word a hash lookup of that word says whether any
//! spelling starts with it; only then are the few longer stretches up to
//! that word's longest spelling looked up. A 100,000-name pack is one hash
//! table (built in about a fifth of the time an Aho-Corasick automaton over
//! the same spellings took), and a check costs a lookup per capitalized
//! word whatever the pack size.
//!
//! A pack file (`style-rules/names/*.toml`, or a newsroom's own) reads:
//!
//! ```toml
//! [pack]
//! id = "ukraine"
//! title = "Ukrainian places and people"
//! source = "SpellingUkraine (MIT), commit ba86f92"
//! license = "MIT"
//! copyright = "Copyright (c) ..."
//!
//! [[name]]
//! canonical = "Kyiv"
//! kind = "place"
//! variants = ["Kiev", "Kyiw"]
//! note = "Capital of Ukraine"
//! staff = false
//! ```

use super::StyleError;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// What a name names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum NameKind {
    #[default]
    Person,
    Place,
    Organization,
    Other,
}

/// One entry of the authority.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameEntry {
    pub canonical: String,
    #[serde(default)]
    pub kind: NameKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub staff: bool,
    /// Which pack it came from (filled in when loaded).
    #[serde(skip)]
    pub pack: String,
}

/// A pack's header.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackInfo {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub license: String,
    #[serde(default)]
    pub copyright: String,
}

/// A pack file as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pack {
    pub pack: PackInfo,
    #[serde(default, rename = "name")]
    pub names: Vec<NameEntry>,
}

impl Pack {
    /// Parse a pack; errors carry `path:line:col`.
    ///
    /// A path ending in `.json` is read as JSON of the same shape
    /// (`{"pack": {...}, "name": [{...}]}`): TOML is for packs people edit,
    /// JSON for very large generated ones, which it parses several times
    /// faster.
    pub fn parse(path: &str, text: &str) -> Result<Pack, StyleError> {
        let mut pack: Pack = if path.to_ascii_lowercase().ends_with(".json") {
            serde_json::from_str(text).map_err(|e| StyleError {
                path: path.to_string(),
                line: e.line().max(1),
                column: e.column().max(1),
                message: e.to_string(),
            })?
        } else {
            toml::from_str(text).map_err(|e| StyleError::from_toml(path, text, &e))?
        };
        for n in &mut pack.names {
            n.pack = pack.pack.id.clone();
        }
        Ok(pack)
    }
}

/// Where a spelling in the text matched the authority.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorityHit {
    /// Relative to the text that was searched.
    pub range: Range<usize>,
    /// Index into [`NameAuthority::entries`].
    pub entry: u32,
    /// The spelling found: a known wrong variant, or the canonical
    /// spelling written with another case pattern, or right.
    pub status: HitStatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HitStatus {
    /// The canonical spelling as written in the authority (or all capitals).
    Canonical,
    /// A known wrong variant.
    Variant,
    /// The canonical spelling with a different case pattern (`Mccarthy`).
    WrongCase,
}

/// The entry a folded spelling names, and whether it is a wrong variant.
#[derive(Clone, Copy, Debug)]
struct Pattern {
    entry: u32,
    variant: bool,
}

/// What a folded stretch of text leads to in a [`Folded`] index.
#[derive(Clone, Copy, Debug)]
struct Slot {
    /// Where the key is in [`Folded::keys`], bytes.
    start: u32,
    len: u32,
    /// The spelling this stretch is, when it is one.
    spelling: Option<Pattern>,
    /// The length in folded bytes of the longest spelling whose first word
    /// this stretch is (0 when none is longer than the word), so a lookup
    /// of each capitalized word decides whether to try longer stretches.
    longest: u32,
    /// The stretch, lowercased, is the last word of a person's canonical
    /// name.
    family: bool,
}

/// Folded spellings, first words and family names, each once. The keys
/// live end to end in one string rather than one allocation each: at
/// 100,000 names, allocating and freeing a million small strings would
/// cost more than everything else the authority does.
#[derive(Clone, Debug, Default)]
struct Folded {
    keys: String,
    table: hashbrown::HashTable<Slot>,
    /// The longest stretch a match can be, folded bytes.
    longest: u32,
}

fn hash(s: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(s)
}

impl Slot {
    fn key<'k>(&self, keys: &'k str) -> &'k str {
        &keys[self.start as usize..(self.start + self.len) as usize]
    }
}

impl Folded {
    fn get(&self, key: &str) -> Option<&Slot> {
        self.table.find(hash(key), |s| s.key(&self.keys) == key)
    }

    /// The slot for `key`, added empty when there is none.
    fn slot(&mut self, key: &str) -> &mut Slot {
        let Folded { keys, table, .. } = self;
        let (eq, rehash) = (|s: &Slot| s.key(keys) == key, |s: &Slot| hash(s.key(keys)));
        match table.entry(hash(key), eq, rehash) {
            hashbrown::hash_table::Entry::Occupied(o) => o.into_mut(),
            hashbrown::hash_table::Entry::Vacant(v) => {
                let start = keys.len() as u32;
                keys.push_str(key);
                let slot = Slot {
                    start,
                    len: key.len() as u32,
                    spelling: None,
                    longest: 0,
                    family: false,
                };
                v.insert(slot).into_mut()
            }
        }
    }
}

/// Every name the house knows, with every spelling indexed by words.
#[derive(Clone, Debug, Default)]
pub struct NameAuthority {
    pub entries: Vec<NameEntry>,
    pub packs: Vec<PackInfo>,
    /// Folded spellings, the first words of longer ones and family names.
    folded: Folded,
    /// Entries by canonical spelling as written, for
    /// [`NameAuthority::lookup`].
    by_canonical: hashbrown::HashTable<u32>,
    /// The entries marked `staff`, in order.
    staff: Vec<u32>,
}

/// Fold one character for matching: diacritics off (`ý` → `y`, `ï` → `i`),
/// the typographic apostrophe made straight, ASCII letters lowercased
/// (spellings are indexed folded and looked up in folded text, so case and
/// marks cost nothing at lookup).
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if c == '’' || c == 'ʼ' || c == '‘' {
        out.push('\'');
        return;
    }
    if ('\u{300}'..='\u{36f}').contains(&c) {
        return;
    }
    let start = out.len();
    for d in std::iter::once(c).nfd() {
        if !('\u{300}'..='\u{36f}').contains(&d) {
            out.push(d.to_ascii_lowercase());
        }
    }
    if out.len() == start {
        out.push(c);
    }
}

/// `s` folded as `fold_char` folds each character.
pub fn fold_spelling(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// `text` folded, with the original offset of every folded byte (and one
/// past the end) when folding changed lengths (`None`: offsets are the same).
fn fold_text(text: &str) -> (String, Option<Vec<usize>>) {
    if text.is_ascii() {
        return (text.to_ascii_lowercase(), None);
    }
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    // Runs of ASCII (nearly all of an English paragraph, between its curly
    // quotes) fold a run at a time, as `fold_char` folds each of their
    // characters: lowercased, one byte for one byte. Only the other
    // characters go through `fold_char` one by one. This runs on the edited
    // paragraph at every keystroke.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let run = bytes[i..]
            .iter()
            .position(|b| !b.is_ascii())
            .map_or(text.len(), |p| i + p);
        if run > i {
            let at = out.len();
            out.push_str(&text[i..run]);
            out[at..].make_ascii_lowercase();
            map.extend(i..run);
            i = run;
            continue;
        }
        let c = text[i..].chars().next().expect("i is inside the text");
        let before = out.len();
        fold_char(c, &mut out);
        map.extend(std::iter::repeat_n(i, out.len() - before));
        i += c.len_utf8();
    }
    map.push(text.len());
    (out, Some(map))
}

/// [`fold_text`] one character at a time, as it was before its ASCII runs
/// were folded whole: the reference the tests hold it to.
#[cfg(test)]
fn fold_text_by_char(text: &str) -> (String, Option<Vec<usize>>) {
    if text.is_ascii() {
        return (text.to_ascii_lowercase(), None);
    }
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let before = out.len();
        fold_char(c, &mut out);
        map.extend(std::iter::repeat_n(i, out.len() - before));
    }
    map.push(text.len());
    (out, Some(map))
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '\u{301}'
}

/// `e`, the end of a stretch of `text` that folds to a spelling, moved past
/// the combining marks that belong to its last letter; `None` when the
/// stretch ends inside a longer word.
fn name_end(text: &str, e: usize) -> Option<usize> {
    let marks: usize = text[e..]
        .chars()
        .take_while(|c| ('\u{300}'..='\u{36f}').contains(c))
        .map(char::len_utf8)
        .sum();
    let e = e + marks;
    (!text[e..].starts_with(is_name_char)).then_some(e)
}

/// The words of `text`: its runs of name characters, as byte ranges.
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.find(|&(_, c)| is_name_char(c))?;
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !is_name_char(c) {
                end = i;
                break;
            }
            chars.next();
        }
        Some(start..end)
    })
}

impl NameAuthority {
    /// Build the authority from packs, in order. A later entry with the same
    /// canonical spelling adds its variants to the earlier one (and its
    /// note and staff flag when those were empty).
    pub fn from_packs(packs: Vec<Pack>) -> NameAuthority {
        let mut entries: Vec<NameEntry> = Vec::new();
        let mut by_canonical = hashbrown::HashTable::<u32>::new();
        let mut infos = Vec::new();
        for pack in packs {
            infos.push(pack.pack);
            for e in pack.names {
                if e.canonical.trim().is_empty() {
                    continue;
                }
                let h = hash(&e.canonical);
                match by_canonical.find(h, |&i| entries[i as usize].canonical == e.canonical) {
                    Some(&i) => {
                        let have = &mut entries[i as usize];
                        for v in e.variants {
                            if !have.variants.contains(&v) {
                                have.variants.push(v);
                            }
                        }
                        if have.note.is_empty() {
                            have.note = e.note;
                        }
                        have.staff |= e.staff;
                    }
                    None => {
                        by_canonical.insert_unique(h, entries.len() as u32, |&i| {
                            hash(&entries[i as usize].canonical)
                        });
                        entries.push(e);
                    }
                }
            }
        }
        let mut auth = NameAuthority {
            entries,
            packs: infos,
            by_canonical,
            ..Default::default()
        };
        auth.index();
        auth
    }

    /// Index every spelling by its folded form, the first word of every
    /// spelling of more than one word by the length of the longest such
    /// spelling it starts, and every person's family name.
    fn index(&mut self) {
        // About three keys an entry: the spelling, a variant or two, and
        // first and family words shared with other entries.
        let mut folded = Folded {
            keys: String::new(),
            table: hashbrown::HashTable::with_capacity(self.entries.len() * 3),
            longest: 0,
        };
        for (i, e) in self.entries.iter().enumerate() {
            let canonical = fold_spelling(&e.canonical);
            if e.kind == NameKind::Person {
                if let Some(last) = canonical.split_whitespace().last() {
                    folded.slot(&last.to_lowercase()).family = true;
                }
            }
            let variants = e
                .variants
                .iter()
                .filter(|v| !v.trim().is_empty())
                .map(|v| (fold_spelling(v), true));
            for (spelling, variant) in std::iter::once((canonical, false)).chain(variants) {
                let word = spelling
                    .find(|c| !is_name_char(c))
                    .unwrap_or(spelling.len());
                // A match starts at a capital letter, so a spelling that
                // starts with anything else never matches.
                if word == 0 {
                    continue;
                }
                if word < spelling.len() {
                    let slot = folded.slot(&spelling[..word]);
                    slot.longest = slot.longest.max(spelling.len() as u32);
                }
                let slot = folded.slot(&spelling);
                // A spelling that is canonical for one entry is never a
                // wrong variant for another (two people can share a
                // surname); otherwise the first entry with it wins.
                if slot.spelling.is_none_or(|p| p.variant && !variant) {
                    slot.spelling = Some(Pattern {
                        entry: i as u32,
                        variant,
                    });
                }
            }
        }
        folded.longest = folded
            .table
            .iter()
            .map(|s| s.len.max(s.longest))
            .max()
            .unwrap_or(0);
        self.folded = folded;
        self.staff = (0..self.entries.len() as u32)
            .filter(|&i| self.entries[i as usize].staff)
            .collect();
    }

    /// Is `word` the family name (last word) of a person the authority
    /// knows, diacritics and case aside?
    pub fn is_canonical_word(&self, word: &str) -> bool {
        self.folded
            .get(&fold_spelling(word).to_lowercase())
            .is_some_and(|s| s.family)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Find every known spelling in `text`: whole words only, the longest
    /// at each place, not overlapping. A match must start with a capital
    /// letter (so "chicken kiev" in a recipe is left alone).
    pub fn find(&self, text: &str) -> Vec<AuthorityHit> {
        let mut out = Vec::new();
        if self.entries.is_empty() {
            return out;
        }
        let mut pos = 0;
        // Look up the folded text (no diacritics, straight apostrophes),
        // then map each match back to the text as written.
        let (folded, map) = fold_text(text);
        let back = |i: usize| map.as_ref().map_or(i, |m| m[i]);
        // Where the last match ended: matches do not overlap.
        for word in words(&folded) {
            let s = back(word.start);
            if s < pos
                || !text[s..].starts_with(char::is_uppercase)
                || text[..s].chars().next_back().is_some_and(is_name_char)
            {
                continue;
            }
            let Some(slot) = self.folded.get(&folded[word.clone()]) else {
                continue;
            };
            // The longest spelling wins: the stretches up to the longest
            // spelling this word starts that end before a non-name
            // character, longest first, then the word alone.
            let last = (word.start + slot.longest as usize).min(folded.len());
            let longer = (word.end + 1..=last)
                .rev()
                .filter(|&end| {
                    folded.is_char_boundary(end) && !folded[end..].starts_with(is_name_char)
                })
                .filter_map(|end| Some((end, self.folded.get(&folded[word.start..end])?)));
            let found = longer
                .chain(std::iter::once((word.end, slot)))
                .find_map(|(end, slot)| Some((name_end(text, back(end))?, slot.spelling?)));
            if let Some((e, p)) = found {
                out.push(AuthorityHit {
                    range: s..e,
                    entry: p.entry,
                    status: self.status(p, &text[s..e]),
                });
                pos = e;
            }
        }
        out
    }

    /// How `found`, text that folds to a spelling of `p`, is spelled.
    fn status(&self, p: Pattern, found: &str) -> HitStatus {
        if p.variant {
            return HitStatus::Variant;
        }
        let spelled = &self.entries[p.entry as usize].canonical;
        let (mut letters, mut upper) = (0usize, true);
        for c in found.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            upper &= c.is_uppercase();
        }
        let all_caps = letters > 1 && upper;
        let (f, sp) = (normalized(found), normalized(spelled));
        if f == sp || all_caps && *f == sp.to_uppercase() {
            HitStatus::Canonical
        } else if f.to_lowercase() == sp.to_lowercase() {
            HitStatus::WrongCase
        } else {
            // Same letters, other diacritics: `Zelenskýy`, `Kyïv`.
            HitStatus::Variant
        }
    }

    /// The spelling the fix should offer for `found`, a variant of `entry`:
    /// the canonical name when the variant has as many words, else the
    /// canonical word closest to it (so "Zelensky" alone becomes
    /// "Zelenskyy", not the full name).
    pub fn replacement_for(&self, entry: &NameEntry, found: &str) -> String {
        let fw: Vec<&str> = found.split_whitespace().collect();
        let cw: Vec<&str> = entry.canonical.split_whitespace().collect();
        if fw.len() == cw.len() || fw.len() != 1 {
            return entry.canonical.clone();
        }
        let f = found.to_lowercase();
        cw.iter()
            .min_by_key(|w| edit_distance(&w.to_lowercase(), &f))
            .map(|w| w.to_string())
            .unwrap_or_else(|| entry.canonical.clone())
    }

    /// The entry whose canonical spelling is exactly `name` (a hash
    /// lookup: cheap at any pack size).
    pub fn lookup(&self, name: &str) -> Option<&NameEntry> {
        self.by_canonical
            .find(hash(name), |&i| self.entries[i as usize].canonical == name)
            .map(|&i| &self.entries[i as usize])
    }

    /// The entries marked `staff` (the staff list), without a scan over
    /// every entry.
    pub fn staff(&self) -> impl Iterator<Item = &NameEntry> + '_ {
        self.staff.iter().map(|&i| &self.entries[i as usize])
    }
}

/// `x` with straight apostrophes, composed (NFC), for comparing a found
/// spelling with the canonical one. ASCII text is its own normal form and
/// has no typographic apostrophe, so it is borrowed as it is: most found
/// spellings are plain ASCII, and this runs for each of a paragraph's
/// right spellings at every keystroke.
fn normalized(x: &str) -> std::borrow::Cow<'_, str> {
    if x.is_ascii() {
        std::borrow::Cow::Borrowed(x)
    } else {
        std::borrow::Cow::Owned(x.replace('’', "'").nfc().collect())
    }
}

/// Levenshtein distance over chars (small inputs: names).
pub fn edit_distance(a: &str, b: &str) -> usize {
    // ASCII: the bytes are the characters, and a short word's row fits on
    // the stack.
    if a.is_ascii() && b.is_ascii() && b.len() < 64 {
        return levenshtein(a.as_bytes(), b.as_bytes(), &mut [0; 64]);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    levenshtein(&a, &b, &mut vec![0; b.len() + 1])
}

/// The Levenshtein distance of `a` and `b`, in one row of the table
/// (`row`, at least one longer than `b`).
fn levenshtein<T: PartialEq>(a: &[T], b: &[T], row: &mut [usize]) -> usize {
    let row = &mut row[..=b.len()];
    for (j, r) in row.iter_mut().enumerate() {
        *r = j;
    }
    for (i, x) in a.iter().enumerate() {
        // The row holds the previous line; `diag` its entry left of `j`.
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            let cost = usize::from(x != y);
            row[j + 1] = (up + 1).min(row[j] + 1).min(diag + cost);
            diag = up;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth() -> NameAuthority {
        let pack = Pack::parse(
            "t.toml",
            r#"
[pack]
id = "t"
[[name]]
canonical = "Kyiv"
kind = "place"
variants = ["Kiev"]
[[name]]
canonical = "Volodymyr Zelenskyy"
variants = ["Volodymyr Zelensky", "Zelensky", "Zelenskiy"]
note = "President of Ukraine"
[[name]]
canonical = "Zelenskyy"
variants = ["Zelensky", "Zelenskiy"]
[[name]]
canonical = "Joanna Kakissis"
variants = ["Joanna Kakisis", "Kakisis"]
staff = true
"#,
        )
        .unwrap();
        NameAuthority::from_packs(vec![pack])
    }

    pub(super) fn hits(a: &NameAuthority, t: &str) -> Vec<(String, HitStatus)> {
        a.find(t)
            .into_iter()
            .map(|h| (t[h.range].to_string(), h.status))
            .collect()
    }

    #[test]
    fn variants_canonicals_and_possessives() {
        let a = auth();
        assert_eq!(
            hits(&a, "Zelensky's visit to Kiev and Zelenskyy’s reply."),
            vec![
                ("Zelensky".into(), HitStatus::Variant),
                ("Kiev".into(), HitStatus::Variant),
                ("Zelenskyy".into(), HitStatus::Canonical),
            ]
        );
    }

    #[test]
    fn longest_match_wins_and_whole_words_only() {
        let a = auth();
        assert_eq!(
            hits(&a, "Volodymyr Zelensky met Kievan Rus scholars."),
            vec![("Volodymyr Zelensky".into(), HitStatus::Variant)]
        );
        // A wrong variant that is a prefix of the right name is not flagged.
        assert_eq!(
            hits(&a, "Zelenskyy"),
            vec![("Zelenskyy".into(), HitStatus::Canonical)]
        );
    }

    #[test]
    fn case_patterns() {
        let a = auth();
        assert_eq!(hits(&a, "KIEV"), vec![("KIEV".into(), HitStatus::Variant)]);
        assert_eq!(
            hits(&a, "KYIV"),
            vec![("KYIV".into(), HitStatus::Canonical)]
        );
        assert_eq!(
            hits(&a, "KYiv"),
            vec![("KYiv".into(), HitStatus::WrongCase)]
        );
        assert!(hits(&a, "chicken kiev").is_empty());
    }

    #[test]
    fn replacement_matches_the_number_of_words() {
        let a = auth();
        let e = a.lookup("Volodymyr Zelenskyy").unwrap();
        assert_eq!(a.replacement_for(e, "Zelensky"), "Zelenskyy");
        assert_eq!(
            a.replacement_for(e, "Volodymyr Zelensky"),
            "Volodymyr Zelenskyy"
        );
    }

    #[test]
    fn merging_packs_keeps_one_entry_per_canonical() {
        let a = auth();
        assert_eq!(
            a.staff().map(|e| e.canonical.as_str()).collect::<Vec<_>>(),
            vec!["Joanna Kakissis"]
        );
        assert!(a.lookup("Kyiv").is_some() && a.lookup("Kiev").is_none());
        assert_eq!(
            a.entries
                .iter()
                .filter(|e| e.canonical == "Zelenskyy")
                .count(),
            1
        );
        assert!(a.lookup("Joanna Kakissis").unwrap().staff);
    }

    #[test]
    fn json_packs_read_like_toml_ones() {
        let json = r#"{"pack": {"id": "big"}, "name": [
            {"canonical": "Kyiv", "kind": "place", "variants": ["Kiev"], "note": "Capital"}
        ]}"#;
        let p = Pack::parse("big.json", json).unwrap();
        assert_eq!(p.names[0].canonical, "Kyiv");
        assert_eq!(p.names[0].kind, NameKind::Place);
        assert_eq!(p.names[0].pack, "big");
        let e =
            Pack::parse("big.json", "{\"pack\": {\"id\": \"x\"},\n \"name\": [1]}").unwrap_err();
        assert_eq!((e.path.as_str(), e.line), ("big.json", 2));
    }

    /// Text the fast paths must read exactly as the general ones do:
    /// diacritics precomposed and combining, curly and modifier
    /// apostrophes, Cyrillic, a letter whose lowercase is longer than it
    /// (`İ`), the Kelvin sign, and ASCII on either side of each.
    const MIXED: &[&str] = &[
        "",
        "Kyiv",
        "Zelenskýy visited Kyïv.",
        "Conan O’Brien’s show, O'Brien and Oʼbrien",
        "Gabriel Garci\u{301}a Ma\u{301}rquez wrote.",
        "“Київ,” said Зеленський. ‘Yes,’ she said.",
        "İstanbul and \u{212A}elvin, ẞ and ß, Ǆ and ǅ",
        "ÉCOLE — Élysée — Ærø — Łódź",
        "\u{301}a leading mark, and a trailing one\u{301}",
        "🙂 Ana 🙂 Łukasz’",
    ];

    #[test]
    fn folding_ascii_runs_whole_matches_folding_each_character() {
        for t in MIXED {
            assert_eq!(fold_text(t), fold_text_by_char(t), "{t}");
        }
    }

    #[test]
    fn normalized_borrows_ascii_and_matches_the_general_path() {
        let general = |x: &str| x.replace('’', "'").nfc().collect::<String>();
        for t in MIXED.iter().chain(&["O'Brien", "Sam Nunn", "KYIV"]) {
            assert_eq!(normalized(t), general(t), "{t}");
            assert_eq!(
                matches!(normalized(t), std::borrow::Cow::Borrowed(_)),
                t.is_ascii()
            );
        }
    }

    #[test]
    fn hits_in_non_ascii_text_are_where_they_were() {
        let a = auth();
        assert_eq!(
            hits(&a, "“Zelenskýy went to Kiev,” said Joanna Kakisis in Київ."),
            vec![
                ("Zelenskýy".into(), HitStatus::Variant),
                ("Kiev".into(), HitStatus::Variant),
                ("Joanna Kakisis".into(), HitStatus::Variant),
            ]
        );
        assert_eq!(
            hits(&a, "ZELENSKÝY and KYIV — “KYiv”"),
            vec![
                ("ZELENSKÝY".into(), HitStatus::Variant),
                ("KYIV".into(), HitStatus::Canonical),
                ("KYiv".into(), HitStatus::WrongCase),
            ]
        );
    }

    #[test]
    fn edit_distance_basics() {
        assert_eq!(edit_distance("Kakisis", "Kakissis"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("Maynes", "Haynes"), 1);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("Zelenskyy", "Зеленський"), 10);
        assert_eq!(edit_distance("Kyïv", "Kyiv"), 1);
    }

    proptest::proptest! {
        /// The one-row table gives the two-row table's distance.
        #[test]
        fn edit_distance_is_the_two_row_tables(a in "[abcé ]{0,12}", b in "[abcé ]{0,70}") {
            let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let mut prev: Vec<usize> = (0..=y.len()).collect();
            let mut cur = vec![0; y.len() + 1];
            for i in 1..=x.len() {
                cur[0] = i;
                for j in 1..=y.len() {
                    let cost = usize::from(x[i - 1] != y[j - 1]);
                    cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
                }
                std::mem::swap(&mut prev, &mut cur);
            }
            proptest::prop_assert_eq!(edit_distance(&a, &b), prev[y.len()]);
        }
    }
}

#[cfg(test)]
mod completeness {
    use super::tests::hits;
    use super::*;

    fn auth() -> NameAuthority {
        let pack = Pack::parse(
            "c.toml",
            r#"
[pack]
id = "c"
[[name]]
canonical = "Kyiv"
kind = "place"
variants = ["Kiev"]
[[name]]
canonical = "Volodymyr Zelenskyy"
variants = ["Volodymyr Zelensky"]
[[name]]
canonical = "Zelenskyy"
variants = ["Zelensky"]
[[name]]
canonical = "Conan O'Brien"
variants = ["Conan OBrien"]
[[name]]
canonical = "Jean-Pierre Raffarin"
variants = ["Jean Pierre Raffarin"]
[[name]]
canonical = "Gabriel García Márquez"
variants = ["Gabriel Garcia Marques"]
[[name]]
canonical = "Sam"
variants = ["Sammy"]
[[name]]
canonical = "Samantha Power"
[[name]]
canonical = "Sam Nunn"
variants = ["Sam Nun"]
"#,
        )
        .unwrap();
        NameAuthority::from_packs(vec![pack])
    }

    #[test]
    fn diacritics_fold_both_ways() {
        let a = auth();
        assert_eq!(
            hits(&a, "Zelenskýy visited Kyïv."),
            vec![
                ("Zelenskýy".into(), HitStatus::Variant),
                ("Kyïv".into(), HitStatus::Variant)
            ]
        );
        // The canonical has the marks and the text does not.
        assert_eq!(
            hits(
                &a,
                "Gabriel García Márquez and Gabriel Garcia Marquez wrote."
            ),
            vec![
                ("Gabriel García Márquez".into(), HitStatus::Canonical),
                ("Gabriel Garcia Marquez".into(), HitStatus::Variant),
            ]
        );
        // Decomposed input (a combining accent) is read as the same letters.
        let t = "Gabriel Garci\u{301}a Ma\u{301}rquez wrote.";
        assert_eq!(
            hits(&a, t),
            vec![(t[..t.find(" wrote").unwrap()].into(), HitStatus::Canonical)]
        );
        let e = a.lookup("Zelenskyy").unwrap();
        assert_eq!(a.replacement_for(e, "Zelenskýy"), "Zelenskyy");
    }

    #[test]
    fn apostrophes_hyphens_and_multiword() {
        let a = auth();
        assert_eq!(
            hits(&a, "Conan O’Brien’s show"),
            vec![("Conan O’Brien".into(), HitStatus::Canonical)]
        );
        assert_eq!(
            hits(&a, "Conan OBrien spoke"),
            vec![("Conan OBrien".into(), HitStatus::Variant)]
        );
        assert_eq!(
            hits(&a, "Jean Pierre Raffarin and Jean-Pierre Raffarin"),
            vec![
                ("Jean Pierre Raffarin".into(), HitStatus::Variant),
                ("Jean-Pierre Raffarin".into(), HitStatus::Canonical),
            ]
        );
        // Inside a hyphenated word a name is not matched.
        assert!(
            hits(&a, "Kiev-based").iter().all(|(s, _)| s != "Kiev")
                || hits(&a, "Kiev-based").is_empty()
        );
    }

    #[test]
    fn prefixes_and_case() {
        let a = auth();
        // "Sam" is not found inside "Samantha", nor "Zelensky" inside "Zelenskyy".
        assert_eq!(
            hits(&a, "Samantha Power met Zelenskyy."),
            vec![
                ("Samantha Power".into(), HitStatus::Canonical),
                ("Zelenskyy".into(), HitStatus::Canonical),
            ]
        );
        assert_eq!(
            hits(&a, "ZELENSKY"),
            vec![("ZELENSKY".into(), HitStatus::Variant)]
        );
        assert_eq!(
            hits(&a, "ZELENSKÝY"),
            vec![("ZELENSKÝY".into(), HitStatus::Variant)]
        );
        assert_eq!(
            hits(&a, "Volodymyr ZelenskyY"),
            vec![("Volodymyr ZelenskyY".into(), HitStatus::WrongCase)]
        );
        assert!(a.is_canonical_word("Zelenskyy") && a.is_canonical_word("o’brien"));
        assert!(!a.is_canonical_word("Kyiv"));
    }

    #[test]
    fn a_longer_name_starting_with_a_one_word_name() {
        let a = auth();
        // "Sam" is an entry and the first word of "Sam Nunn": the longer
        // spelling wins where it is all there, and "Sam" alone where the
        // text goes on otherwise.
        assert_eq!(
            hits(&a, "Sam Nunn and Sam Nun spoke."),
            vec![
                ("Sam Nunn".into(), HitStatus::Canonical),
                ("Sam Nun".into(), HitStatus::Variant),
            ]
        );
        for t in [
            "Sam Nunnally spoke.",
            "Sam Nunn-Smith spoke.",
            "Sam, Nunn said.",
        ] {
            assert_eq!(
                hits(&a, t),
                vec![("Sam".into(), HitStatus::Canonical)],
                "{t}"
            );
        }
        assert_eq!(
            hits(&a, "Sammy Nunn’s"),
            vec![("Sammy".into(), HitStatus::Variant)]
        );
        assert_eq!(
            hits(&a, "SAM NUNN’S"),
            vec![("SAM NUNN".into(), HitStatus::Canonical)]
        );
    }

    #[test]
    fn a_large_pack_matches_every_entry() {
        let names: Vec<NameEntry> = (0..3_000)
            .map(|i| NameEntry {
                canonical: format!("Person{i} Family{i}"),
                kind: NameKind::Person,
                variants: vec![format!("Persn{i} Family{i}"), format!("Family{i}x")],
                note: String::new(),
                staff: false,
                pack: String::new(),
            })
            .collect();
        let a = NameAuthority::from_packs(vec![Pack {
            pack: PackInfo {
                id: "big".into(),
                ..Default::default()
            },
            names,
        }]);
        // Load time at 100,000 entries is measured in benches/names.rs.
        assert_eq!(a.len(), 3_000);
        assert_eq!(
            hits(&a, "Persn77 Family77 said."),
            vec![("Persn77 Family77".into(), HitStatus::Variant)]
        );
    }
}

#[cfg(test)]
mod shipped_packs {
    use super::*;

    /// Every pack in `style-rules/names/` is sorted by canonical spelling
    /// and canonical: one entry per spelling, no variant that is some
    /// entry's canonical spelling (in any shipped pack), no empty fields,
    /// variants sorted and unique, and a header that says where it came
    /// from under which license.
    #[test]
    fn shipped_packs_are_sorted_and_canonical() {
        let packs: Vec<Pack> = crate::stylebook::embedded_files()
            .iter()
            .filter(|(p, _)| p.starts_with("names/"))
            .map(|(p, t)| Pack::parse(p, t).unwrap())
            .collect();
        assert!(packs.len() >= 3, "npr, ukraine, us-government");
        let all_canon: rustc_hash::FxHashSet<String> = packs
            .iter()
            .flat_map(|p| p.names.iter().map(|e| e.canonical.to_lowercase()))
            .collect();
        for p in &packs {
            let id = &p.pack.id;
            for field in [&p.pack.id, &p.pack.title, &p.pack.source, &p.pack.license] {
                assert!(!field.trim().is_empty(), "{id}: empty header field");
            }
            for w in p.names.windows(2) {
                assert!(
                    w[0].canonical < w[1].canonical,
                    "{id}: '{}' before '{}' (unsorted or duplicate)",
                    w[0].canonical,
                    w[1].canonical
                );
            }
            for e in &p.names {
                assert_eq!(
                    e.canonical,
                    e.canonical.trim(),
                    "{id}: spaces around '{}'",
                    e.canonical
                );
                assert!(
                    !e.canonical.is_empty() && !e.note.trim().is_empty(),
                    "{id}: empty field in '{}'",
                    e.canonical
                );
                let mut sorted = e.variants.clone();
                sorted.sort();
                sorted.dedup();
                assert_eq!(
                    sorted, e.variants,
                    "{id}: variants of '{}' unsorted or repeated",
                    e.canonical
                );
                for v in &e.variants {
                    assert!(
                        !v.trim().is_empty(),
                        "{id}: empty variant of '{}'",
                        e.canonical
                    );
                    assert!(
                        !all_canon.contains(&v.to_lowercase()),
                        "{id}: variant '{v}' of '{}' is a canonical spelling",
                        e.canonical
                    );
                    // A one-word variant maps to a one-word spelling.
                    if v.split_whitespace().count() == 1 && e.kind == NameKind::Person {
                        assert_eq!(
                            e.canonical.split_whitespace().count(),
                            1,
                            "{id}: '{v}' -> '{}'",
                            e.canonical
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn shipped_spellings_fix_as_before() {
        let book = crate::stylebook::StyleBook::builtin().unwrap();
        let a = &book.names;
        let fix = |t: &str| {
            let h = a.find(t).into_iter().next().unwrap();
            assert_eq!(h.status, HitStatus::Variant, "{t}");
            a.replacement_for(&a.entries[h.entry as usize], &t[h.range.clone()])
        };
        assert_eq!(fix("Kiev"), "Kyiv");
        assert_eq!(fix("Zelensky"), "Zelenskyy");
        assert_eq!(fix("Volodymyr Zelensky"), "Volodymyr Zelenskyy");
        assert_eq!(fix("Joanna Kakisis"), "Joanna Kakissis");
        // Right spellings of other things are not flagged.
        assert!(a
            .find("Vladimir Putin")
            .iter()
            .all(|h| h.status == HitStatus::Canonical));
        assert!(a.find("Luck had it.").is_empty());
        assert!(a
            .lookup("Bernard Sanders")
            .is_some_and(|e| e.note.contains("Vermont (I)")));
    }
}
