//! The name authority: canonical spellings of people, places and
//! organizations, with their known wrong variants, matched by one automaton
//! over every spelling so that a 100,000-name pack costs no more per
//! character of text than a ten-name one.
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
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
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

#[derive(Clone, Copy, Debug)]
struct Pattern {
    entry: u32,
    variant: bool,
}

/// Every name the house knows, with one automaton over all spellings.
#[derive(Clone, Debug, Default)]
pub struct NameAuthority {
    pub entries: Vec<NameEntry>,
    pub packs: Vec<PackInfo>,
    patterns: Vec<Pattern>,
    spellings: Vec<String>,
    automaton: Option<AhoCorasick>,
    /// The last word of every person's canonical name, folded.
    family_names: rustc_hash::FxHashSet<String>,
    /// Canonical spelling to entry, for [`NameAuthority::lookup`].
    by_canonical: rustc_hash::FxHashMap<String, u32>,
    /// The entries marked `staff`, in order.
    staff: Vec<u32>,
}

/// Fold one character for matching: diacritics off (`ý` → `y`, `ï` → `i`),
/// the typographic apostrophe made straight, ASCII letters lowercased (the
/// automaton is built over folded spellings and run over folded text:
/// cheaper to build than a case-insensitive one, three times over at
/// 100,000 names).
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

/// `s` folded as [`fold_char`] folds each character.
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

impl NameAuthority {
    /// Build the authority from packs, in order. A later entry with the same
    /// canonical spelling adds its variants to the earlier one (and its
    /// note and staff flag when those were empty).
    pub fn from_packs(packs: Vec<Pack>) -> NameAuthority {
        let mut entries: Vec<NameEntry> = Vec::new();
        let mut by_canonical: rustc_hash::FxHashMap<String, usize> = Default::default();
        let mut infos = Vec::new();
        for pack in packs {
            infos.push(pack.pack.clone());
            for e in pack.names {
                if e.canonical.trim().is_empty() {
                    continue;
                }
                match by_canonical.get(&e.canonical) {
                    Some(&i) => {
                        let have = &mut entries[i];
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
                        by_canonical.insert(e.canonical.clone(), entries.len());
                        entries.push(e);
                    }
                }
            }
        }
        let mut auth = NameAuthority {
            entries,
            packs: infos,
            ..Default::default()
        };
        auth.rebuild();
        auth
    }

    fn rebuild(&mut self) {
        let mut patterns = Vec::new();
        let mut spellings = Vec::new();
        // A spelling that is canonical for one entry is never a wrong
        // variant for another (two people can share a surname).
        let folded_canon: Vec<String> = self
            .entries
            .iter()
            .map(|e| fold_spelling(&e.canonical))
            .collect();
        let canon: rustc_hash::FxHashSet<&str> = folded_canon.iter().map(String::as_str).collect();
        let mut family_names = rustc_hash::FxHashSet::default();
        let mut folded: Vec<String> = Vec::with_capacity(self.entries.len() * 2);
        for (i, e) in self.entries.iter().enumerate() {
            if e.kind == NameKind::Person {
                if let Some(last) = folded_canon[i].split_whitespace().last() {
                    family_names.insert(last.to_lowercase());
                }
            }
            spellings.push(e.canonical.clone());
            folded.push(folded_canon[i].clone());
            patterns.push(Pattern {
                entry: i as u32,
                variant: false,
            });
            for v in &e.variants {
                let fv = fold_spelling(v);
                if v.trim().is_empty() || canon.contains(fv.as_str()) {
                    continue;
                }
                spellings.push(v.clone());
                folded.push(fv);
                patterns.push(Pattern {
                    entry: i as u32,
                    variant: true,
                });
            }
        }
        self.automaton = if spellings.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    // A large pack must load fast: the noncontiguous NFA
                    // builds in a fraction of the time of the contiguous
                    // one or a DFA, and stories are short.
                    .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
                    .build(&folded)
                    .expect("name automaton"),
            )
        };
        self.patterns = patterns;
        self.spellings = spellings;
        self.family_names = family_names;
        self.by_canonical = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.canonical.clone(), i as u32))
            .collect();
        self.staff = (0..self.entries.len() as u32)
            .filter(|&i| self.entries[i as usize].staff)
            .collect();
    }

    /// Is `word` the family name (last word) of a person the authority
    /// knows, diacritics and case aside?
    pub fn is_canonical_word(&self, word: &str) -> bool {
        self.family_names
            .contains(&fold_spelling(word).to_lowercase())
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
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        // Match on the folded text (no diacritics, straight apostrophes),
        // then map each match back to the text as written.
        let (haystack, map) = fold_text(text);
        let back = |i: usize| map.as_ref().map_or(i, |m| m[i]);
        // Candidates: (start, end, pattern), whole words only.
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        for m in ac.find_overlapping_iter(&haystack) {
            let (s, mut e) = (back(m.start()), back(m.end()));
            // Combining marks after the last letter belong to the match.
            while let Some(c) = text[e..].chars().next() {
                if ('\u{300}'..='\u{36f}').contains(&c) {
                    e += c.len_utf8();
                } else {
                    break;
                }
            }
            let before = text[..s].chars().next_back();
            let after = text[e..].chars().next();
            if before.is_some_and(is_name_char) || after.is_some_and(is_name_char) {
                continue;
            }
            if !text[s..].chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            cands.push((s, e, m.pattern().as_usize()));
        }
        // Longest first at each start; then leftmost, non-overlapping.
        cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut out = Vec::new();
        let mut pos = 0usize;
        let mut i = 0;
        while i < cands.len() {
            let (s, e, _) = cands[i];
            if s < pos {
                i += 1;
                continue;
            }
            // Among equally long matches at this place, prefer a canonical
            // spelling over a variant.
            let mut best = cands[i].2;
            let mut j = i;
            while j < cands.len() && cands[j].0 == s && cands[j].1 == e {
                if !self.patterns[cands[j].2].variant {
                    best = cands[j].2;
                    break;
                }
                j += 1;
            }
            let p = self.patterns[best];
            let found = &text[s..e];
            let status = if p.variant {
                HitStatus::Variant
            } else {
                let spelled = &self.spellings[best];
                let letters: Vec<char> = found.chars().filter(|c| c.is_alphabetic()).collect();
                let all_caps = letters.len() > 1 && letters.iter().all(|c| c.is_uppercase());
                let norm = |x: &str| x.replace('’', "'").nfc().collect::<String>();
                let (f, sp) = (norm(found), norm(spelled));
                if f == sp || all_caps && f == sp.to_uppercase() {
                    HitStatus::Canonical
                } else if f.to_lowercase() == sp.to_lowercase() {
                    HitStatus::WrongCase
                } else {
                    // Same letters, other diacritics: `Zelenskýy`, `Kyïv`.
                    HitStatus::Variant
                }
            };
            out.push(AuthorityHit {
                range: s..e,
                entry: p.entry,
                status,
            });
            pos = e;
            i += 1;
        }
        out
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
            .get(name)
            .map(|&i| &self.entries[i as usize])
    }

    /// The entries marked `staff` (the staff list), without a scan over
    /// every entry.
    pub fn staff(&self) -> impl Iterator<Item = &NameEntry> + '_ {
        self.staff.iter().map(|&i| &self.entries[i as usize])
    }
}

/// Levenshtein distance over chars (small inputs: names).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
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

    #[test]
    fn edit_distance_basics() {
        assert_eq!(edit_distance("Kakisis", "Kakissis"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("Maynes", "Haynes"), 1);
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
