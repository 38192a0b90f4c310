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
    pub fn parse(path: &str, text: &str) -> Result<Pack, StyleError> {
        let mut pack: Pack =
            toml::from_str(text).map_err(|e| StyleError::from_toml(path, text, &e))?;
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
        let canon: rustc_hash::FxHashSet<String> = self
            .entries
            .iter()
            .map(|e| e.canonical.to_lowercase())
            .collect();
        for (i, e) in self.entries.iter().enumerate() {
            spellings.push(e.canonical.clone());
            patterns.push(Pattern {
                entry: i as u32,
                variant: false,
            });
            for v in &e.variants {
                if v.trim().is_empty() || canon.contains(&v.to_lowercase()) {
                    continue;
                }
                spellings.push(v.clone());
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
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(&spellings)
                    .expect("name automaton"),
            )
        };
        self.patterns = patterns;
        self.spellings = spellings;
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
        // Candidates: (start, end, pattern), whole words only.
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
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
                if found == spelled || all_caps {
                    HitStatus::Canonical
                } else {
                    HitStatus::WrongCase
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

    /// The entries whose canonical spelling is exactly `name`.
    pub fn lookup(&self, name: &str) -> Option<&NameEntry> {
        self.entries.iter().find(|e| e.canonical == name)
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

    fn hits(a: &NameAuthority, t: &str) -> Vec<(String, HitStatus)> {
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
            a.entries
                .iter()
                .filter(|e| e.canonical == "Zelenskyy")
                .count(),
            1
        );
        assert!(a.lookup("Joanna Kakissis").unwrap().staff);
    }

    #[test]
    fn edit_distance_basics() {
        assert_eq!(edit_distance("Kakisis", "Kakissis"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("Maynes", "Haynes"), 1);
    }
}
