//! Attribution: who said each quotation.
//!
//! Two passes, like the rest of the anatomy:
//!
//! - per block ([`scan`], cached in `BlockFacts`): every attribution phrase
//!   in the paragraph (a verb from the style book's `attribution_verbs` or
//!   `loaded_verbs` list: `said`, `told`, `according to`, `was quoted as
//!   saying`…) with its speaker when one stands beside it, in either order
//!   (`Smith said`, `said Smith`, `she said`), and whether the paragraph
//!   ends with a lead-in to a quotation (`He said:`);
//! - per story ([`attribute`]): each quotation gets the attribution of its
//!   sentence, else of a neighbouring sentence in its paragraph, else of
//!   its paragraph, else of the paragraph whose quotation it continues (AP:
//!   a quoted paragraph that goes on leaves its closing mark off) or of a
//!   lead-in just before it; pronouns are resolved to the last person named
//!   as a speaker.
//!
//! [`outline`] lists every quotation with its speaker: the language
//! server's document symbols and `copydesk quotes` read it.

use super::inline::char_at;
use super::quotes::{MarkKind, QuoteScan};
use super::{Article, Quotation, Role};
use crate::stylebook::lexicon::Lexicon;
use crate::stylebook::StyleBook;
use rustc_hash::FxHashSet;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

/// What kind of words name a speaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    /// A proper name: `Dmitry Peskov`, `President Trump`.
    Name,
    /// `he`, `she`, `they`, `I`, `we`.
    Pronoun,
    /// A description: `economists`, `a company spokesman`.
    Description,
}

/// The speaker written beside an attribution verb (relative offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Speaker {
    pub range: Range<usize>,
    pub text: String,
    pub kind: SpeakerKind,
}

/// One attribution phrase in a block (relative offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributionHit {
    /// The verb or phrase (`said`, `according to`).
    pub range: Range<usize>,
    /// The phrase as the style book lists it, lowercased.
    pub verb: String,
    /// From `loaded_verbs` (`claimed`, `insisted`…).
    pub loaded: bool,
    pub speaker: Option<Speaker>,
    /// The verb comes before its speaker: `said Smith`, `said he`.
    pub inverted: bool,
    /// The verb is in the style book's lists; `false` for a verb found
    /// only by its place in a dialogue tag (`"…," Dub detailed.`).
    pub listed: bool,
}

/// The attribution facts of one block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlockAttribution {
    pub hits: Vec<AttributionHit>,
    /// The block ends by introducing a quotation (`He said:`), so the next
    /// paragraph's quotation is attributed.
    pub lead_in: bool,
    /// Names standing as the subject of a clause (`Pete Hegseth, laid
    /// out…`, `Leavitt sees…`): the people a later pronoun may refer to.
    pub subjects: Vec<Range<usize>>,
}

/// How a quotation's attribution was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Link {
    /// In the quotation's own sentence.
    Sentence,
    /// In the sentence before or after, in the same paragraph.
    Adjacent,
    /// Elsewhere in the same paragraph.
    Paragraph,
    /// The quotation continues the previous paragraph's (AP continuation)
    /// or is continued by the next, which is attributed.
    Continuation,
    /// The previous paragraph introduces it (`He said:`).
    LeadIn,
    /// A paragraph of quotation right after an attributed one: the same
    /// speaker goes on.
    SameSpeaker,
    /// No attribution verb, but the sentence around a partial quotation
    /// has a person as its subject (`Pinola called his decision "a very
    /// difficult one."`).
    Subject,
    /// A quotation lede, attributed in the paragraph after it.
    Following,
}

/// The attribution of one quotation, in absolute offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribution {
    /// The attribution verb or phrase.
    pub range: Range<usize>,
    /// Shared, as the speaker is: a story's attributions are copied out
    /// of each paragraph's kept ones on every keystroke.
    pub verb: std::sync::Arc<str>,
    pub loaded: bool,
    /// Who said it: a name (pronouns resolved to the last person named as
    /// a speaker), or a description; `None` when the phrase names no one.
    pub speaker: Option<std::sync::Arc<str>>,
    /// Where the speaker is written (the pronoun, for a resolved pronoun).
    pub speaker_range: Option<Range<usize>>,
    pub link: Link,
}

const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we"];

fn is_pronoun(w: &str) -> bool {
    PRONOUNS.iter().any(|p| p.eq_ignore_ascii_case(w))
}

/// Words between a speaker and the verb: `Smith also said`, `he later told`.
const SKIPPABLE: &[&str] = &[
    "also",
    "later",
    "then",
    "has",
    "had",
    "have",
    "was",
    "were",
    "is",
    "previously",
    "yesterday",
    "today",
    "recently",
    "once",
    "again",
    "further",
    "earlier",
    "just",
    "reportedly",
    "repeatedly",
    "publicly",
    "privately",
    "separately",
    "simply",
    "flatly",
    "quickly",
    "once",
    "had",
    "would",
    "will",
    "has",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "last",
    "night",
    "week",
    "this",
    "on",
];

/// Capitalised words that start sentences but are not names.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "Still",
    "Then",
    "Meanwhile",
    "However",
    "In",
    "On",
    "At",
    "As",
    "After",
    "Before",
    "When",
    "While",
    "If",
    "Asked",
    "Speaking",
    "Later",
    "Earlier",
    "Also",
    "Both",
    "Its",
    "His",
    "Her",
    "Their",
    "Our",
    "This",
    "That",
    "These",
    "Those",
    "Some",
    "Many",
    "Most",
    "Other",
    "Another",
    "Several",
    "One",
    "Two",
    "Three",
    "Officials",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Separately",
    "Today",
    "Yesterday",
    "Last",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Now",
    "For",
    "With",
    "Without",
    "From",
    "By",
    "Of",
    "To",
    "Since",
    "Although",
    "Though",
    "Because",
    "Instead",
    "Indeed",
    "Even",
    "Only",
];

/// Nouns for groups of speakers: `Analysts said` names no person.
const GROUP_NOUNS: &[&str] = &[
    "officials",
    "analysts",
    "economists",
    "traders",
    "dealers",
    "bankers",
    "sources",
    "experts",
    "residents",
    "witnesses",
    "critics",
    "officers",
    "lawmakers",
    "legislators",
    "executives",
    "investors",
    "authorities",
    "police",
    "prosecutors",
    "doctors",
    "scientists",
    "researchers",
    "diplomats",
    "delegates",
    "observers",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "organizers",
    "protesters",
    "activists",
    "industry",
    "company",
    "companies",
    "ministry",
    "government",
];

/// Nouns for a speaker that is not named: a partial quotation in a
/// sentence with one of these as its subject is attributed to it (`The
/// group wants the board to "explore every offer."`).
const SPEAKER_NOUNS: &[&str] = &[
    // Things that carry words: "The sign read: "No entry after dark.""
    "sign",
    "banner",
    "placard",
    "headline",
    "caption",
    "note",
    "message",
    "post",
    "tweet",
    "label",
    "slogan",
    "motto",
    "inscription",
    "notice",
    "website",
    "document",
    "memo",
    "email",
    "official",
    "analyst",
    "economist",
    "trader",
    "dealer",
    "banker",
    "source",
    "expert",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "executive",
    "minister",
    "president",
    "chairman",
    "chairwoman",
    "director",
    "lawyer",
    "attorney",
    "prosecutor",
    "judge",
    "statement",
    "release",
    "report",
    "letter",
    "filing",
    "group",
    "company",
    "firm",
    "union",
    "partnership",
    "agency",
    "ministry",
    "government",
    "committee",
    "board",
    "commission",
    "council",
    "court",
    "study",
    "survey",
    "leader",
    "governor",
    "mayor",
    "senator",
    "secretary",
    "ambassador",
    "diplomat",
    "witness",
    "resident",
    "officer",
];

/// Determiners before a noun: `the notes`, `its claims` are not verbs.
const DETERMINERS: &[&str] = &[
    "the",
    "a",
    "an",
    "its",
    "his",
    "her",
    "their",
    "our",
    "your",
    "my",
    "these",
    "those",
    "of",
    "united",
    "member",
    "treasury",
    "insurance",
    "some",
    "many",
    "all",
    "two",
    "three",
    "several",
    "such",
    "and",
];

/// Verbs whose word after them is an object, not a speaker.
const OBJECT_VERBS: &[&str] = &[
    "told", "tells", "asked", "asks", "answered", "emailed", "texted",
];

/// A word in the text: its range, and whether it is capitalised.
#[derive(Clone, Debug)]
struct Word {
    range: Range<usize>,
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut start: Option<usize> = None;
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        let next = i + c.len_utf8();
        let part = c.is_alphanumeric()
            || (matches!(c, '\'' | '’' | '-')
                && start.is_some()
                && char_at(text, next).is_some_and(char::is_alphanumeric));
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Word { range: s..i });
                start = None;
            }
            _ => {}
        }
        i = next;
    }
    if let Some(s) = start {
        out.push(Word {
            range: s..text.len(),
        });
    }
    out
}

/// `w.to_lowercase()`, borrowed when that would change nothing. An ASCII
/// word is lowercased byte by byte (borrowed when it has no capital, as
/// most words have not); any other word takes the Unicode path, which
/// alone knows that, say, the Kelvin sign `K` lowercases to an ASCII `k`.
/// The per-block scan lowercases every word of the edited paragraph at
/// every keystroke; allocating a string for each was most of its cost.
fn lowercase(w: &str) -> Cow<'_, str> {
    if !w.is_ascii() {
        Cow::Owned(w.to_lowercase())
    } else if w.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(w.to_ascii_lowercase())
    } else {
        Cow::Borrowed(w)
    }
}

/// `NOT_NAMES.contains(&w)` as one hash lookup instead of a walk over the
/// list, for the per-block scan, which asks it of every capitalised word.
fn not_name(w: &str) -> bool {
    static SET: LazyLock<FxHashSet<&'static str>> =
        LazyLock::new(|| NOT_NAMES.iter().copied().collect());
    SET.contains(w)
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Is only white space between two words?
fn joined(text: &str, a: &Range<usize>, b: &Range<usize>) -> bool {
    a.end <= b.start
        && text[a.end..b.start]
            .chars()
            .all(|c| c == ' ' || c == '\n' || c == '\r' || c == '\t')
        && a.end < b.start
}

/// Find the attribution phrases of one block, given its quotation marks.
pub fn scan(text: &str, quotes: &QuoteScan, book: &StyleBook) -> BlockAttribution {
    let ws = words(text);
    let (hits, subjects) = scan_words(text, &ws, quotes, book);
    finish(text, hits, subjects)
}

/// The attribution phrases and subjects among words `ws` of `text`.
fn scan_words(
    text: &str,
    ws: &[Word],
    quotes: &QuoteScan,
    book: &StyleBook,
) -> (Vec<AttributionHit>, Vec<Range<usize>>) {
    let lower: Vec<Cow<str>> = ws
        .iter()
        .map(|w| lowercase(&text[w.range.clone()]))
        .collect();
    let phrases = &book.lexicon().phrases;
    let mut hits: Vec<AttributionHit> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let mut matched = None;
        let candidates = phrases
            .by_first
            .get(lower[i].as_ref())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        for &(ref p, loaded) in candidates.iter().map(|&c| &phrases.list[c]) {
            if i + p.len() > ws.len() {
                continue;
            }
            let ok = p.iter().enumerate().all(|(k, pw)| {
                let w = &text[ws[i + k].range.clone()];
                let same = if loaded { w == pw } else { lower[i + k] == *pw };
                same && (k == 0 || joined(text, &ws[i + k - 1].range, &ws[i + k].range))
            });
            if ok {
                matched = Some((p, loaded));
                break;
            }
        }
        let Some((p, loaded)) = matched else {
            i += 1;
            continue;
        };
        let range = ws[i].range.start..ws[i + p.len() - 1].range.end;
        let verb = p.join(" ");
        let prev_word = i.checked_sub(1).map(|k| lower[k].as_ref());
        // A noun, not a verb: "the notes", "United States", "the said
        // property".
        let nounish = prev_word.is_some_and(|w| DETERMINERS.contains(&w))
            && i > 0
            && joined(text, &ws[i - 1].range, &ws[i].range);
        if nounish && verb != "according to" && !verb.starts_with("quoted") {
            i += p.len();
            continue;
        }
        let (mut speaker, inverted) = find_speaker(text, ws, i, p.len(), &verb, book.lexicon());
        // A participle takes the speaker of its clause's verb: "Zelenskyy
        // said …, adding that …".
        if speaker.is_none() && verb.ends_with("ing") {
            if let Some(prev) = hits.last() {
                if same_sentence(text, prev.range.end, range.start) {
                    speaker = prev.speaker.clone();
                }
            }
        }
        hits.push(AttributionHit {
            range,
            verb,
            loaded,
            speaker,
            inverted,
            listed: true,
        });
        i += p.len();
    }
    // A quotation closing before these words is followed by a cut, not
    // by white space alone, so it finds no tag among them.
    dialogue_tags(text, ws, quotes, &mut hits);
    hits.sort_by_key(|h| h.range.start);
    let mut subjects = subjects(text, ws, &lower);
    // A name inside a quotation is the speaker's word, not the story's.
    let inside = Spans::inside_outer_quotes(quotes);
    subjects.retain(|r| !inside.contains(r));
    (hits, subjects)
}

/// Ranges sorted by start, each with the furthest end reached up to it:
/// whether a range overlaps or lies within any of them is then a binary
/// search, not a pass over them all (a paragraph may hold thousands).
struct Spans(Vec<(Range<usize>, usize)>);

impl Spans {
    fn new(ranges: impl Iterator<Item = Range<usize>>) -> Spans {
        let mut v: Vec<Range<usize>> = ranges.collect();
        v.sort_by_key(|r| r.start);
        let mut furthest = 0;
        Spans(
            v.into_iter()
                .map(|r| {
                    furthest = furthest.max(r.end);
                    (r, furthest)
                })
                .collect(),
        )
    }

    /// What lies inside the outer quotation marks of `quotes`.
    fn inside_outer_quotes(quotes: &QuoteScan) -> Spans {
        Spans::new(
            quotes
                .quotes
                .iter()
                .filter(|q| q.depth == 0)
                .map(|q| q.inner.clone()),
        )
    }

    /// Does `r` overlap any of the ranges?
    fn overlaps(&self, r: &Range<usize>) -> bool {
        let k = self.0.partition_point(|(x, _)| x.start < r.end);
        k > 0 && self.0[k - 1].1 > r.start
    }

    /// Does any of the ranges hold all of `r`?
    fn contains(&self, r: &Range<usize>) -> bool {
        let k = self.0.partition_point(|(x, _)| x.start <= r.start);
        k > 0 && self.0[k - 1].1 >= r.end
    }
}

/// A block's attribution facts from its phrases and subjects.
fn finish(text: &str, hits: Vec<AttributionHit>, subjects: Vec<Range<usize>>) -> BlockAttribution {
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '_');
    let lead_in = trimmed.ends_with(':') || (trimmed.ends_with(',') && !hits.is_empty());
    BlockAttribution {
        hits,
        lead_in,
        subjects,
    }
}

/// Is there no sentence end between two offsets (outside quotation
/// marks, a period followed by a space and a capital)?
fn same_sentence(text: &str, a: usize, b: usize) -> bool {
    let gap = &text[a.min(b)..b.max(a)];
    !gap.char_indices().any(|(i, c)| {
        matches!(c, '.' | '?' | '!') && {
            let rest = gap[i + c.len_utf8()..].trim_start_matches(['"', '”', '’', '\'', ')']);
            rest.starts_with(' ') && rest[1..].chars().next().is_some_and(char::is_uppercase)
        }
    })
}

/// Dialogue tags with verbs the lists lack: a quotation that ends with a
/// comma, question or exclamation mark inside its marks, followed by a
/// name or pronoun and one verb (`"…," Dub detailed.`, `"…," complained
/// Meier.`).
fn dialogue_tags(text: &str, ws: &[Word], quotes: &QuoteScan, hits: &mut Vec<AttributionHit>) {
    let listed = hits.len();
    for q in quotes
        .quotes
        .iter()
        .filter(|q| q.depth == 0 && q.close.is_some())
    {
        let inner = text[q.inner.clone()].trim_end();
        if !inner.ends_with([',', '?', '!']) {
            continue;
        }
        // Words are in text order.
        let first = ws.partition_point(|w| w.range.start < q.range.end);
        if first == ws.len() {
            continue;
        }
        if !text[q.range.end..ws[first].range.start]
            .chars()
            .all(char::is_whitespace)
        {
            continue;
        }
        // The tag runs to the next punctuation: at most six words.
        let mut last = first;
        while last + 1 < ws.len()
            && last - first < 6
            && gap_is_space(text, &ws[last], &ws[last + 1])
        {
            last += 1;
        }
        if last - first >= 6 {
            continue;
        }
        // A listed verb before the sentence ends already attributes it
        // ("…," the city's emergency manager, Lisa Park, said.).
        let sentence_end = text[q.range.end..]
            .find(['.', '?', '!', '\n'])
            .map(|i| q.range.end + i)
            .unwrap_or(text.len());
        // The listed verbs, and the tags added here after them, are each
        // in text order.
        let starts_between = |hs: &[AttributionHit]| {
            let k = hs.partition_point(|h| h.range.start < q.range.end);
            hs.get(k).is_some_and(|h| h.range.start < sentence_end)
        };
        if starts_between(&hits[..listed]) || starts_between(&hits[listed..]) {
            continue;
        }
        let tag: Vec<&Word> = ws[first..=last].iter().collect();
        let word = |w: &Word| &text[w.range.clone()];
        let lower = |w: &Word| {
            word(w)
                .chars()
                .all(|c| c.is_lowercase() || c == '-' || c == '\'' || c == '’')
        };
        // Verb first ("complained Meier") or speaker first ("Dub detailed").
        // "one lineman joked", "a neighbor shouted": a description.
        let verbish = |w: &Word| {
            let w = word(w);
            w.ends_with("ed") || (w.ends_with('s') && !w.ends_with("ss"))
        };
        if matches!(word(tag[0]), "one" | "a" | "an" | "the" | "another")
            && (3..=5).contains(&tag.len())
            && tag.iter().all(|w| lower(w))
            && verbish(tag[tag.len() - 1])
        {
            let verb = tag[tag.len() - 1];
            let sp_range = tag[0].range.start..tag[tag.len() - 2].range.end;
            hits.push(AttributionHit {
                range: verb.range.clone(),
                verb: word(verb).to_lowercase(),
                loaded: false,
                speaker: Some(Speaker {
                    text: text[sp_range.clone()].to_string(),
                    range: sp_range,
                    kind: SpeakerKind::Description,
                }),
                inverted: false,
                listed: false,
            });
            continue;
        }
        let (verb, speaker): (&Word, Vec<&Word>) =
            if lower(tag[0]) && tag.len() >= 2 && !lower(tag[1]) {
                (
                    tag[0],
                    tag[1..].iter().copied().take_while(|w| !lower(w)).collect(),
                )
            } else if let Some(v) = tag
                .iter()
                .position(|w| lower(w) && !PRONOUNS.contains(&word(w)))
            {
                if v == 0 {
                    continue;
                }
                (tag[v], tag[..v].to_vec())
            } else {
                continue;
            };
        let Some(sp_first) = speaker.first() else {
            continue;
        };
        let sp_range = sp_first.range.start
            ..speaker
                .last()
                .map(|w| w.range.end)
                .unwrap_or(sp_first.range.end);
        let sp_text = &text[sp_range.clone()];
        let kind = if speaker.len() == 1 && PRONOUNS.contains(&lowercase(sp_text).as_ref()) {
            SpeakerKind::Pronoun
        } else if capitalised(sp_text) && !not_name(word(sp_first)) {
            SpeakerKind::Name
        } else {
            continue;
        };
        if matches!(
            word(verb),
            "and" | "but" | "or" | "of" | "in" | "for" | "to" | "is" | "was" | "are" | "were"
        ) {
            continue;
        }
        hits.push(AttributionHit {
            range: verb.range.clone(),
            verb: word(verb).to_lowercase(),
            loaded: false,
            speaker: Some(Speaker {
                range: sp_range.clone(),
                text: sp_text.to_string(),
                kind,
            }),
            inverted: verb.range.start < sp_range.start,
            listed: false,
        });
    }
}

/// Function words that do not follow a subject as its verb.
const FUNCTION_WORDS: &[&str] = &[
    "of", "in", "and", "the", "a", "an", "to", "for", "on", "at", "with", "from", "by", "or", "as",
    "but", "that", "which", "who", "de", "van", "von",
];

/// Names standing as the subject of a clause: a capitalised name not after
/// a preposition or `that`, followed by a comma (an appositive) or a
/// lowercase word that is not a function word (its verb). `lower` holds
/// each word lowercased.
fn subjects(text: &str, ws: &[Word], lower: &[Cow<str>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < ws.len() {
        let w = &text[ws[k].range.clone()];
        if !capitalised(w) || not_name(w) || GROUP_NOUNS.contains(&lower[k].as_ref()) {
            k += 1;
            continue;
        }
        // Extend over the name.
        let mut e = k;
        while e + 1 < ws.len()
            && capitalised(&text[ws[e + 1].range.clone()])
            && gap_is_space(text, &ws[e], &ws[e + 1])
        {
            e += 1;
        }
        let before = k
            .checked_sub(1)
            .filter(|&p| gap_is_space(text, &ws[p], &ws[k]))
            .map(|p| lower[p].as_ref());
        let object = before.is_some_and(|b| {
            FUNCTION_WORDS.contains(&b)
                || matches!(
                    b,
                    "about" | "told" | "asked" | "than" | "like" | "into" | "over"
                )
        });
        let after_gap = ws
            .get(e + 1)
            .map(|n| &text[ws[e].range.end..n.range.start])
            .unwrap_or("");
        let next = ws.get(e + 1).map(|n| &text[n.range.clone()]);
        let possessive =
            text[ws[e].range.clone()].ends_with("'s") || text[ws[e].range.clone()].ends_with("’s");
        let verbish = after_gap == " "
            && next
                .is_some_and(|n| n.chars().all(char::is_lowercase) && !FUNCTION_WORDS.contains(&n));
        let appositive = after_gap.starts_with(", ");
        if !object && !possessive && (verbish || appositive) {
            out.push(ws[k].range.start..ws[e].range.end);
        }
        k = e + 1;
    }
    out
}

/// The speaker of the verb at word `i` (spanning `n` words): before it
/// (`Smith said`) or after it (`said Smith`, `according to Smith`).
fn find_speaker(
    text: &str,
    ws: &[Word],
    i: usize,
    n: usize,
    verb: &str,
    lex: &Lexicon,
) -> (Option<Speaker>, bool) {
    let after_only = verb == "according to";
    if !after_only {
        if let Some(s) = speaker_before(text, ws, i) {
            return (Some(s), false);
        }
    }
    if OBJECT_VERBS.contains(&verb) || verb.starts_with("quoted") {
        return (None, false);
    }
    match speaker_after(text, ws, i + n, lex) {
        Some(s) => (Some(s), !after_only),
        None => (None, false),
    }
}

fn gap_is_space(text: &str, a: &Word, b: &Word) -> bool {
    joined(text, &a.range, &b.range)
}

/// A name made of capitalised words ending at word `end` (inclusive),
/// gathered backward; initials (`J.`) and particles join it.
fn name_backward(text: &str, ws: &[Word], end: usize) -> Option<Range<usize>> {
    let w = &text[ws[end].range.clone()];
    if !capitalised(w) || not_name(w) {
        return None;
    }
    let mut start = end;
    while start > 0 {
        let prev = &ws[start - 1];
        let pw = &text[prev.range.clone()];
        let gap = &text[prev.range.end..ws[start].range.start];
        let ok_gap = gap == " " || (gap == ". " && pw.chars().count() <= 2);
        let particle = matches!(
            pw,
            "de" | "van" | "von" | "der" | "da" | "del" | "bin" | "al" | "la" | "le"
        );
        if ok_gap && ((capitalised(pw) && !not_name(pw)) || particle) && end - start < 5 {
            start -= 1;
        } else {
            break;
        }
    }
    Some(ws[start].range.start..ws[end].range.end)
}

fn is_clause_break(gap: &str) -> bool {
    gap.chars().any(|c| {
        matches!(
            c,
            ',' | '.' | ';' | ':' | '"' | '“' | '”' | '—' | '(' | ')' | '?' | '!' | '–'
        )
    })
}

fn speaker_before(text: &str, ws: &[Word], i: usize) -> Option<Speaker> {
    let mut k = i;
    // Skip adverbs and auxiliaries: "Smith also said", "he has said".
    loop {
        let prev = k.checked_sub(1)?;
        let gap = &text[ws[prev].range.end..ws[k].range.start];
        if is_clause_break(gap) {
            // "Frank Naylor, chairman of …, yesterday claimed": the subject
            // starts the clause; "The union leader, Adam Brzeski, added":
            // the name stands just before.
            return clause_subject(text, ws, k).or_else(|| {
                (gap.trim() == ",")
                    .then(|| name_backward(text, ws, prev))
                    .flatten()
                    .map(|r| Speaker {
                        text: text[r.clone()].to_string(),
                        range: r,
                        kind: SpeakerKind::Name,
                    })
            });
        }
        let w = lowercase(&text[ws[prev].range.clone()]);
        if SKIPPABLE.contains(&w.as_ref()) {
            k = prev;
            continue;
        }
        k = prev + 1;
        break;
    }
    let j = k - 1;
    let w = &text[ws[j].range.clone()];
    let lw = lowercase(w);
    if PRONOUNS.contains(&lw.as_ref()) {
        return Some(Speaker {
            range: ws[j].range.clone(),
            text: w.to_string(),
            kind: SpeakerKind::Pronoun,
        });
    }
    if GROUP_NOUNS.contains(&lw.as_ref()) && capitalised(w) {
        return Some(Speaker {
            range: ws[j].range.clone(),
            text: w.to_string(),
            kind: SpeakerKind::Description,
        });
    }
    if let Some(r) = name_backward(text, ws, j) {
        return Some(Speaker {
            text: text[r.clone()].to_string(),
            range: r,
            kind: SpeakerKind::Name,
        });
    }
    if w.chars().all(|c| c.is_lowercase() || c == '-') {
        // A description: up to four words back to a determiner or break.
        let mut start = j;
        while start > 0 && j - start < 3 {
            let gap = &text[ws[start - 1].range.end..ws[start].range.start];
            if is_clause_break(gap) {
                break;
            }
            let pw = lowercase(&text[ws[start - 1].range.clone()]);
            if matches!(
                pw.as_ref(),
                "that"
                    | "which"
                    | "who"
                    | "and"
                    | "but"
                    | "as"
                    | "when"
                    | "while"
                    | "was"
                    | "were"
                    | "is"
                    | "not"
            ) {
                break;
            }
            start -= 1;
            if matches!(
                pw.as_ref(),
                "the" | "a" | "an" | "its" | "his" | "her" | "their"
            ) {
                break;
            }
        }
        let r = ws[start].range.start..ws[j].range.end;
        return Some(Speaker {
            text: text[r.clone()].to_string(),
            range: r,
            kind: SpeakerKind::Description,
        });
    }
    None
}

/// The subject at the start of the clause that holds word `k`: a name or
/// pronoun right after the sentence start or a closing quotation mark.
fn clause_subject(text: &str, ws: &[Word], k: usize) -> Option<Speaker> {
    let mut s = k;
    while s > 0 {
        let gap = &text[ws[s - 1].range.end..ws[s].range.start];
        if gap.contains(['.', '?', '!', '"', '“', '”', ';', '\n']) {
            break;
        }
        s -= 1;
    }
    if s >= k {
        return None;
    }
    // Skip a leading conjunction or title word that is not a name.
    let first = &text[ws[s].range.clone()];
    if PRONOUNS.contains(&lowercase(first).as_ref()) {
        return Some(Speaker {
            range: ws[s].range.clone(),
            text: first.to_string(),
            kind: SpeakerKind::Pronoun,
        });
    }
    // The subject runs to the first comma ("Council member Ann Wu, who
    // voted no, said"): its last name is the speaker.
    let mut m = s + 1;
    while m < k && !text[ws[m - 1].range.end..ws[m].range.start].contains(',') {
        m += 1;
    }
    if m - s > 8 {
        return None;
    }
    let last = (s..m).rev().find(|&j| {
        let w = &text[ws[j].range.clone()];
        capitalised(w) && !not_name(w)
    })?;
    let r = name_backward(text, ws, last)?;
    Some(Speaker {
        text: text[r.clone()].to_string(),
        range: r,
        kind: SpeakerKind::Name,
    })
}

/// The speaker after an attribution verb starting at word `k`: a pronoun
/// at a clause's end (`said he.`), a name, perhaps after lowercase titles
/// (`said coach Amy Diaz`) and titles abbreviated with a period (`said
/// Sen. Amy Klobuchar`, `said Lt. Gov. Austin Davis`, `said the Rev.
/// Samuel Okoro`), or a description (`said the minister.`).
fn speaker_after(text: &str, ws: &[Word], k: usize, lex: &Lexicon) -> Option<Speaker> {
    let w0 = ws.get(k)?;
    // A lowercase title before the name: "said coach Amy Diaz", "said
    // team spokesman John Ruiz".
    let mut t = k;
    while t < ws.len() && t < k + 3 && text[ws[t].range.clone()].chars().all(char::is_lowercase) {
        let lw = &text[ws[t].range.clone()];
        if PRONOUNS.contains(&lw)
            || FUNCTION_WORDS.contains(&lw)
            || (t > k && !gap_is_space(text, &ws[t - 1], &ws[t]))
        {
            break;
        }
        t += 1;
    }
    if t > k && t < ws.len() && t < k + 3 && gap_is_space(text, &ws[t - 1], &ws[t]) {
        let w = &text[ws[t].range.clone()];
        if capitalised(w) && !not_name(w) {
            if let Some(mut sp) = speaker_after(text, ws, t, lex) {
                sp.range.start = w0.range.start;
                sp.text = text[sp.range.clone()].to_string();
                return Some(sp);
            }
        }
    }
    if k > 0 && !gap_is_space(text, &ws[k - 1], w0) {
        return None;
    }
    let w = &text[w0.range.clone()];
    let lw = lowercase(w);
    if PRONOUNS.contains(&lw.as_ref()) {
        // "said he" only at the end of a clause: "said they would go" is
        // not inverted.
        let after = text[w0.range.end..].chars().next();
        if after.is_none_or(|c| {
            matches!(
                c,
                '.' | ',' | ';' | '?' | '!' | '—' | ':' | ')' | '\r' | '\n'
            )
        }) {
            return Some(Speaker {
                range: w0.range.clone(),
                text: w.to_string(),
                kind: SpeakerKind::Pronoun,
            });
        }
        return None;
    }
    // A title that is no name alone (`Dr`) still opens one: `said Dr.
    // Priya Raman`.
    let title_first = not_name(w) && lex.is_title_abbreviation(w);
    if capitalised(w) && (!not_name(w) || title_first) {
        let mut e = k;
        while e + 1 < ws.len() && e - k < 4 {
            let next = &text[ws[e + 1].range.clone()];
            let gap = &text[ws[e].range.end..ws[e + 1].range.start];
            // An initial or a title abbreviated with a period goes on to
            // the name after it: `J. Smith`, `Sen. Amy Klobuchar`.
            let word = &text[ws[e].range.clone()];
            let ok_gap = gap == " "
                || (gap == ". " && (word.chars().count() <= 2 || lex.is_title_abbreviation(word)));
            if ok_gap
                && (capitalised(next)
                    || matches!(next, "de" | "van" | "von" | "der" | "da" | "del" | "bin"))
            {
                e += 1;
            } else {
                break;
            }
        }
        if !(title_first && e == k) {
            let r = w0.range.start..ws[e].range.end;
            return Some(Speaker {
                text: text[r.clone()].to_string(),
                range: r,
                kind: SpeakerKind::Name,
            });
        }
    }
    // `the Rev. Samuel Okoro`: a titled name after the article.
    if lw == "the" && k + 1 < ws.len() && gap_is_space(text, w0, &ws[k + 1]) {
        let title = &text[ws[k + 1].range.clone()];
        let gap = &text[ws[k + 1].range.end..ws.get(k + 2).map_or(text.len(), |w| w.range.start)];
        if lex.is_title_abbreviation(title) && gap == ". " {
            if let Some(mut sp) = speaker_after(text, ws, k + 1, lex)
                .filter(|sp| sp.kind == SpeakerKind::Name && sp.range.end > ws[k + 1].range.end)
            {
                sp.range.start = w0.range.start;
                sp.text = text[sp.range.clone()].to_string();
                return Some(sp);
            }
        }
    }
    if matches!(lw.as_ref(), "the" | "a" | "an" | "one" | "another") {
        let mut e = k;
        while e + 1 < ws.len() && e - k < 4 && gap_is_space(text, &ws[e], &ws[e + 1]) {
            e += 1;
        }
        // Ends at a clause break.
        let after = text[ws[e].range.end..].chars().next();
        if after.is_none_or(|c| matches!(c, '.' | ',' | ';' | ':' | '—')) {
            let r = w0.range.start..ws[e].range.end;
            return Some(Speaker {
                text: text[r.clone()].to_string(),
                range: r,
                kind: SpeakerKind::Description,
            });
        }
    }
    None
}

/// Does a quotation need attribution? A few words inside a sentence are
/// scare quotes or a coinage (`a "very substantive" call`, `called it "a
/// farce."`), and a title-case phrase is the title of a work; neither
/// needs a speaker. `starts_sentence`: the quotation opens its sentence.
pub fn needs_attribution(inner: &str, starts_sentence: bool) -> bool {
    let ws: Vec<&str> = inner
        .split(|c: char| c.is_whitespace() || c == '—')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    let body = inner
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '”' | '’' | '\'' | ','));
    let sentence_end = body.ends_with(['.', '?', '!', '…']) || inner.contains(". ");
    if ws.len() <= 4 && !(sentence_end && starts_sentence) {
        return false;
    }
    // The title of a work: most words capitalised, no sentence end.
    let small = |w: &str| {
        matches!(
            w.trim_matches(|c: char| !c.is_alphanumeric()),
            "a" | "an"
                | "the"
                | "of"
                | "and"
                | "in"
                | "on"
                | "at"
                | "to"
                | "for"
                | "or"
                | "with"
                | "by"
                | "from"
        )
    };
    let big: Vec<&&str> = ws.iter().filter(|w| !small(w)).collect();
    let caps = big
        .iter()
        .filter(|w| {
            w.trim_start_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .next()
                .is_some_and(|c| !c.is_lowercase())
        })
        .count();
    if !sentence_end && !big.is_empty() && caps * 10 >= big.len() * 8 && ws.len() <= 12 {
        return false;
    }
    true
}

/// Is this quotation one that should carry attribution: an outer quotation
/// in body text that reads as quoted speech?
pub fn wants_attribution(article: &Article, q: &Quotation) -> bool {
    q.depth == 0
        && wants_speaker(
            &article.text,
            &article.blocks[q.block],
            q.range.start,
            &q.inner,
        )
}

/// [`wants_attribution`] of an outer quotation of block `b` of `text`,
/// opening at `start` with its words at `inner` (absolute offsets).
fn wants_speaker(text: &str, b: &super::Block, start: usize, inner: &Range<usize>) -> bool {
    if b.role != Role::Body {
        return false;
    }
    let before = text[b.range.start..start]
        .trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '_' || c == '(');
    let starts_sentence =
        before.is_empty() || before.ends_with(['.', '?', '!', ':', '"', '”', '—']);
    needs_attribution(&text[inner.clone()], starts_sentence)
}

/// A hit made absolute, with its speaker resolved.
fn to_attribution(
    article: &Article,
    block: usize,
    hit: &AttributionHit,
    link: Link,
) -> Attribution {
    let b = &article.blocks[block];
    Attribution {
        range: b.abs(&hit.range),
        verb: hit.verb.as_str().into(),
        loaded: hit.loaded,
        speaker: hit.speaker.as_ref().map(|s| s.text.as_str().into()),
        speaker_range: hit.speaker.as_ref().map(|s| b.abs(&s.range)),
        link,
    }
}

/// Does the block begin with an opening quotation mark (after emphasis)?
pub fn starts_with_quote(article: &Article, block: usize) -> bool {
    opens_with_quote(&article.text, &article.blocks[block])
}

/// [`starts_with_quote`] of block `b` of `text`.
fn opens_with_quote(text: &str, b: &super::Block) -> bool {
    let text = &text[b.range.clone()];
    let lead = text.len() - text.trim_start_matches(['*', '_', ' ']).len();
    b.facts
        .quotes
        .quotes
        .iter()
        .any(|q| q.depth == 0 && q.range.start == lead && q.kind == MarkKind::Double)
}

/// Does the block end inside a quotation left open (AP continuation)?
pub fn ends_open(article: &Article, block: usize) -> bool {
    // Worked out with the block's summary.
    article.blocks[block].summary.ends_open
}

/// The next body block after `i`, if it directly follows (only blank
/// lines, furniture or photo material between).
pub(crate) fn next_body(article: &Article, i: usize) -> Option<usize> {
    (i + 1..article.blocks.len().min(i + 4)).find(|&j| article.blocks[j].role == Role::Body)
}

/// The previous body block before `i`, if it directly precedes (see
/// [`next_body`]).
pub(crate) fn prev_body(article: &Article, i: usize) -> Option<usize> {
    (i.saturating_sub(3)..i)
        .rev()
        .find(|&j| article.blocks[j].role == Role::Body)
}

/// Is block `j` a continuation of block `i`'s quotation (AP rule)?
pub fn continues(article: &Article, i: usize, j: usize) -> bool {
    ends_open(article, i) && starts_with_quote(article, j)
}

/// What the attribution of a paragraph's quotations reads, worked out
/// once a paragraph rather than once a quotation, so a paragraph of
/// thousands of quotations costs a search per quotation, not a pass over
/// the paragraph (all ranges absolute).
struct Paragraph<'a> {
    block: usize,
    /// The block's sentences, in text order.
    sentences: Vec<Range<usize>>,
    /// The outer quotations' ranges.
    quoted: Spans,
    /// The attribution phrases outside quotation marks, in text order.
    hits: Vec<(Range<usize>, &'a AttributionHit)>,
    /// The subjects outside quotation marks, in text order.
    subjects: Vec<Range<usize>>,
    /// The pronouns and speaker nouns outside quotation marks, in text
    /// order: (range, is it a speaker noun rather than a pronoun). Read
    /// only for a quotation with no attribution phrase in its paragraph,
    /// so worked out only then.
    speakers: std::cell::OnceCell<Vec<(Range<usize>, bool)>>,
    /// The block's text, role and start, which `speakers` is read from.
    text: &'a str,
    role: Role,
    start: usize,
}

impl<'a> Paragraph<'a> {
    fn new(article: &'a Article, block: usize) -> Paragraph<'a> {
        let b = &article.blocks[block];
        let quoted = Spans::new(
            b.facts
                .quotes
                .quotes
                .iter()
                .filter(|x| x.depth == 0)
                .map(|x| b.abs(&x.range)),
        );
        let mut p = Paragraph {
            block,
            sentences: b.facts.sentences.iter().map(|s| b.abs(s)).collect(),
            quoted,
            hits: Vec::new(),
            subjects: Vec::new(),
            speakers: std::cell::OnceCell::new(),
            text: &article.text[b.range.clone()],
            role: b.role,
            start: b.range.start,
        };
        p.hits = b
            .facts
            .attribution
            .hits
            .iter()
            .map(|h| (b.abs(&h.range), h))
            .filter(|(r, _)| p.outside(r))
            .collect();
        p.subjects = b
            .facts
            .attribution
            .subjects
            .iter()
            .map(|r| b.abs(r))
            .filter(|r| p.outside(r))
            .collect();
        p
    }

    /// See [`Paragraph::speakers`].
    fn speakers(&self) -> &[(Range<usize>, bool)] {
        self.speakers.get_or_init(|| {
            if self.role != Role::Body {
                return Vec::new();
            }
            words(self.text)
                .into_iter()
                .filter_map(|w| {
                    let lw = self.text[w.range.clone()].to_lowercase();
                    let singular = lw.strip_suffix('s').unwrap_or(&lw);
                    let noun = SPEAKER_NOUNS.contains(&lw.as_str())
                        || SPEAKER_NOUNS.contains(&singular)
                        || GROUP_NOUNS.contains(&lw.as_str());
                    let pronoun = PRONOUNS.contains(&lw.as_str());
                    let r = self.start + w.range.start..self.start + w.range.end;
                    (noun || pronoun).then_some((r, !pronoun))
                })
                .filter(|(r, _)| self.outside(r))
                .collect()
        })
    }

    /// Does `r` touch no outer quotation?
    fn outside(&self, r: &Range<usize>) -> bool {
        !self.quoted.overlaps(r)
    }

    /// The sentences (first and last index) that `q` spans.
    fn sentences_of(&self, q: &Quotation) -> Option<(usize, usize)> {
        let first = self.sentences.partition_point(|s| s.end <= q.range.start);
        let last = self.sentences.partition_point(|s| s.start < q.range.end);
        (first < self.sentences.len() && last > 0).then(|| (first, last - 1))
    }

    /// The items of `list` (in text order, by `range`) that lie within
    /// `span`, in order.
    fn within<'l, T>(
        list: &'l [T],
        range: impl Fn(&T) -> &Range<usize> + Copy + 'l,
        span: Range<usize>,
    ) -> impl Iterator<Item = &'l T> + 'l {
        let from = list.partition_point(|x| range(x).start < span.start);
        list[from..]
            .iter()
            .take_while(move |x| range(x).start < span.end.max(span.start + 1))
            .filter(move |x| range(x).end <= span.end)
    }
}

/// Find the attribution of quotation `q` within its own paragraph `p`.
fn in_paragraph(article: &Article, p: &Paragraph, q: &Quotation) -> Option<Attribution> {
    let bi = p.block;
    if p.hits.is_empty() {
        // Only speech is given a speaker by its subject; a scare quote
        // keeps none.
        return subject_of(article, p, q).filter(|_| wants_attribution(article, q));
    }
    let Some((first, last)) = p.sentences_of(q) else {
        let h = p.hits[0].1;
        return Some(to_attribution(article, bi, h, Link::Paragraph));
    };
    // Nearest hit to the quotation in a range of sentences; ties go to a
    // neutral verb, then to the first.
    let pick = |lo: usize, hi: usize| -> Option<&AttributionHit> {
        let span = p.sentences[lo].start..p.sentences[hi].end;
        Paragraph::within(&p.hits, |(r, _)| r, span)
            .min_by_key(|(r, h)| {
                let d = if r.start >= q.range.end {
                    r.start - q.range.end
                } else {
                    q.range.start.saturating_sub(r.end)
                };
                (d, h.loaded)
            })
            .map(|(_, h)| *h)
    };
    if let Some(h) = pick(first, last) {
        return Some(to_attribution(article, bi, h, Link::Sentence));
    }
    let lo = first.saturating_sub(1);
    let hi = (last + 1).min(p.sentences.len() - 1);
    if let Some(h) = pick(lo, hi) {
        return Some(to_attribution(article, bi, h, Link::Adjacent));
    }
    Some(to_attribution(article, bi, p.hits[0].1, Link::Paragraph))
}

/// Does the quotation open its sentence (only emphasis, brackets or
/// nothing between the sentence start and its opening mark)?
fn opens_sentence(article: &Article, q: &Quotation) -> bool {
    let b = &article.blocks[q.block];
    let before = article.text[b.range.start..q.range.start]
        .trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '_' || c == '(');
    before.is_empty() || before.ends_with(['.', '?', '!', ':', '"', '”', '—'])
}

/// A partial quotation with no attribution verb, in a sentence whose
/// subject is a person (a pronoun, or a name standing as a subject): the
/// subject is the speaker (`Pinola called it "a very difficult
/// decision."`, `He emphasised that the plan was "something some people
/// have suggested."`).
fn subject_of(article: &Article, p: &Paragraph, q: &Quotation) -> Option<Attribution> {
    let b = &article.blocks[q.block];
    if b.role != Role::Body {
        return None;
    }
    let (mut first, last) = p.sentences_of(q)?;
    let sentences = &p.sentences;
    let colon = article.text[b.range.start..q.range.start]
        .trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '_')
        .ends_with(':');
    if opens_sentence(article, q) && !colon {
        // A quoted sentence after one about a named person, in the same
        // paragraph: "Slifer sees stronger growth. "You'd ease," …"
        if first == 0 {
            return None;
        }
        first -= 1;
        let span = sentences[first].start..sentences[first].end;
        return b
            .facts
            .attribution
            .subjects
            .iter()
            .map(|r| b.abs(r))
            .find(|r| r.start >= span.start && r.end <= span.end)
            .map(|r| by_name(article, r, Link::Subject));
    }
    let span = sentences[first].start..sentences[last].end;
    let make = |r: Range<usize>| by_name(article, r, Link::Subject);
    // A name standing as a subject.
    if let Some(r) = Paragraph::within(&p.subjects, |r| r, span.clone()).next() {
        return Some(make(r.clone()));
    }
    // A personal pronoun, or a speaker noun before the quotation.
    Paragraph::within(p.speakers(), |(r, _)| r, span)
        .find(|(r, noun)| !noun || r.end <= q.range.start)
        .map(|(r, _)| make(r.clone()))
}

/// Give every quotation of the article its attribution, with pronouns
/// resolved to the last person named as a speaker. Returns one entry per
/// quotation in `article.quotes`.
pub fn attribute(article: &Article) -> Vec<Option<Attribution>> {
    let mut out = unresolved(article);
    resolve_pronouns(article, &mut out);
    out
}

/// Every quotation's attribution before pronouns are resolved: its own
/// paragraph's, else a lead-in's, a continued quotation's, the same
/// speaker's going on, or the paragraph after a quotation lede's.
fn unresolved(article: &Article) -> Vec<Option<Attribution>> {
    let n = article.quotes.len();
    let mut out: Vec<Option<Attribution>> = Vec::with_capacity(n);
    let mut k = 0;
    while k < n {
        let bi = article.quotes[k].block;
        let end = article.blocks[bi].quotes.end;
        let p = Paragraph::new(article, bi);
        out.extend(
            article.quotes[article.blocks[bi].quotes.clone()]
                .iter()
                .map(|q| in_paragraph(article, &p, q)),
        );
        k = end;
    }
    // Each block's first and last outer quotation, so the passes below
    // stay linear in the number of quotations.
    let mut first_q: Vec<Option<usize>> = vec![None; article.blocks.len()];
    let mut last_q: Vec<Option<usize>> = vec![None; article.blocks.len()];
    for (k, q) in article.quotes.iter().enumerate() {
        if q.depth == 0 {
            first_q[q.block].get_or_insert(k);
            last_q[q.block] = Some(k);
        }
    }

    for (k, slot) in out.iter_mut().enumerate() {
        if slot.is_none() {
            *slot = lead_in(article, k, first_q[article.quotes[k].block]);
        }
    }

    // Continuation chains: a paragraph left open and the next that reopens
    // share one attribution, wherever in the chain it is.
    let mut qi = 0;
    while qi < n {
        let q = &article.quotes[qi];
        if q.depth != 0 || q.close.is_some() || article.blocks[q.block].role != Role::Body {
            qi += 1;
            continue;
        }
        // Collect the chain of (quote index) across paragraphs.
        let mut chain = vec![qi];
        let mut block = q.block;
        while let Some(next) = next_body(article, block) {
            if !continues(article, block, next) {
                break;
            }
            let Some(nq) = first_q[next] else {
                break;
            };
            chain.push(nq);
            block = next;
            if article.quotes[nq].close.is_some() {
                break;
            }
        }
        if chain.len() > 1 {
            let found = chain.iter().find_map(|&k| out[k].clone());
            if let Some(a) = found {
                for &k in &chain {
                    if out[k].is_none() {
                        let mut a2 = a.clone();
                        a2.link = Link::Continuation;
                        out[k] = Some(a2);
                    }
                }
            }
        }
        qi = chain.last().copied().unwrap_or(qi) + 1;
    }

    let first_body = article.body().next().map(|(i, _)| i);
    for k in 0..n {
        if out[k].is_none() {
            let b = article.quotes[k].block;
            out[k] = carried(article, k, first_q[b], first_body, |p| {
                last_q[p].and_then(|j| out[j].clone())
            });
        }
    }
    out
}

/// The attribution a lead-in gives quotation `k` ("He said:" ending the
/// body paragraph before), when the quotation opens its paragraph
/// (`first`: the paragraph's first outer quotation).
fn lead_in(article: &Article, k: usize, first: Option<usize>) -> Option<Attribution> {
    let q = &article.quotes[k];
    if q.depth != 0 {
        return None;
    }
    let p = prev_body(article, q.block)?;
    let pb = &article.blocks[p];
    // Only a quotation at the start of its paragraph is introduced.
    if !starts_with_quote(article, q.block) || first != Some(k) || !pb.facts.attribution.lead_in {
        return None;
    }
    let a = pb
        .facts
        .attribution
        .hits
        .last()
        .map(|h| to_attribution(article, p, h, Link::LeadIn));
    Some(a.unwrap_or(Attribution {
        range: pb.range.end.saturating_sub(1)..pb.range.end,
        verb: "".into(),
        loaded: false,
        speaker: None,
        speaker_range: None,
        link: Link::LeadIn,
    }))
}

/// The attribution quotation `k`, given none so far, carries over: a
/// paragraph of quotation right after an attributed quotation (whose
/// attribution `last_of` gives, by block) goes on with the same speaker;
/// a quotation lede is attributed by the paragraph after it. `first` is
/// the quotation's paragraph's first outer quotation, `first_body` the
/// story's first body paragraph.
fn carried(
    article: &Article,
    k: usize,
    first: Option<usize>,
    first_body: Option<usize>,
    last_of: impl Fn(usize) -> Option<Attribution>,
) -> Option<Attribution> {
    let q = &article.quotes[k];
    if q.depth != 0 || article.blocks[q.block].role != Role::Body {
        return None;
    }
    if first == Some(k) && wants_attribution(article, q) {
        if let Some(a) = prev_body(article, q.block).and_then(last_of) {
            return Some(Attribution {
                link: Link::SameSpeaker,
                ..a
            });
        }
    }
    if Some(q.block) != first_body || !wants_attribution(article, q) {
        return None;
    }
    let next = next_body(article, q.block)?;
    let nb = &article.blocks[next];
    let a = nb
        .facts
        .attribution
        .hits
        .first()
        .map(|h| to_attribution(article, next, h, Link::Following));
    a.or_else(|| {
        let r = nb.facts.attribution.subjects.first()?;
        Some(by_name(article, nb.abs(r), Link::Following))
    })
}

/// An attribution with no verb: the person named at `r` speaks.
fn by_name(article: &Article, r: Range<usize>, link: Link) -> Attribution {
    Attribution {
        speaker: Some(article.text[r.clone()].into()),
        speaker_range: Some(r.clone()),
        range: r,
        verb: "".into(),
        loaded: false,
        link,
    }
}

/// Replace pronoun speakers with the last person named as a speaker
/// before them (`he`, `she`, `I`, `we`: a name; `they`: any speaker).
///
/// Returns each attribution whose speaker was a pronoun, by index, with
/// the speaker it was given (the pronoun, when no one fits).
fn resolve_pronouns(article: &Article, out: &mut [Option<Attribution>]) {
    let has_pronoun = out
        .iter()
        .flatten()
        .any(|a| a.speaker.as_deref().is_some_and(is_pronoun));
    if !has_pronoun {
        return;
    }
    // Every person named as a speaker or a subject, in order, leaving out
    // those in a reported clause ("adding that Trump told him").
    struct Person {
        at: Range<usize>,
        block: usize,
        kind: SpeakerKind,
        speaker: bool,
    }
    let text = &article.text;
    let mut people: Vec<Person> = Vec::new();
    for (bi, b) in article.blocks.iter().enumerate() {
        if !matches!(
            b.role,
            Role::Body | Role::Caption | Role::Dek | Role::Headline
        ) {
            continue;
        }
        let from = people.len();
        let mut add = |r: Range<usize>, kind: SpeakerKind, speaker: bool| {
            if !reported(text, b, r.start) {
                people.push(Person {
                    at: r,
                    block: bi,
                    kind,
                    speaker,
                });
            }
        };
        for h in &b.facts.attribution.hits {
            if let Some(s) = &h.speaker {
                add(b.abs(&s.range), s.kind, true);
            }
        }
        for r in &b.facts.attribution.subjects {
            add(b.abs(r), SpeakerKind::Name, false);
        }
        // Blocks come in order, so sorting each block's people sorts all.
        people[from..].sort_by_key(|p| p.at.start);
    }
    for a in out.iter_mut() {
        let Some(a) = a else { continue };
        let (Some(sp), Some(r)) = (&a.speaker, &a.speaker_range) else {
            continue;
        };
        if !is_pronoun(sp) {
            continue;
        }
        let plural = sp.eq_ignore_ascii_case("they") || sp.eq_ignore_ascii_case("we");
        let here = article.block_at(r.start).unwrap_or(0);
        let fits = |p: &&Person| {
            p.at.start < r.start
                && (p.kind == SpeakerKind::Name || (plural && p.kind == SpeakerKind::Description))
        };
        // A speaker named in this paragraph or the one before is who "he"
        // means; further back, the last person named as a subject may have
        // taken the stage since.
        let before = &people[..people.partition_point(|p| p.at.start < r.start)];
        let recent_speaker = before
            .iter()
            .rev()
            .take_while(|p| here.saturating_sub(p.block) <= 8)
            .filter(fits)
            .find(|p| p.speaker)
            .filter(|p| {
                // No body paragraph between.
                article.blocks[p.block.min(here)..here]
                    .iter()
                    .skip(1)
                    .filter(|b| b.role == Role::Body)
                    .count()
                    == 0
            });
        let found = recent_speaker
            .or_else(|| before.iter().rev().find(fits))
            .map(|p| text[p.at.clone()].into());
        if let Some(name) = found {
            a.speaker = Some(name);
        }
    }
}

/// Is the person named at `at` in block `b` of `text` in a reported
/// clause (`adding that Trump told him`)?
fn reported(text: &str, b: &super::Block, at: usize) -> bool {
    let before = text[b.range.start..at].trim_end();
    before.ends_with(" that") || before == "that"
}

/// One quotation in the outline.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct QuoteEntry {
    /// The quotation with its marks (absolute bytes).
    pub range: Range<usize>,
    /// The quoted words.
    pub text: String,
    pub role: &'static str,
    /// Who said it, if the story says.
    pub speaker: Option<String>,
    /// The attribution verb (`said`, `according to`).
    pub verb: Option<String>,
    pub link: Option<Link>,
    /// Whether the quotation reads as speech that needs a speaker (not a
    /// scare quote or a title).
    pub needs_attribution: bool,
}

/// Every outer quotation of the story with its speaker, in text order: the
/// quote outline for document symbols and `copydesk quotes`.
pub fn outline(article: &Article) -> Vec<QuoteEntry> {
    article
        .quotes
        .iter()
        .filter(|q| q.depth == 0 && article.blocks[q.block].role.is_prose())
        .map(|q| QuoteEntry {
            range: q.range.clone(),
            text: article.text[q.inner.clone()].trim().to_string(),
            role: article.blocks[q.block].role.as_str(),
            speaker: q
                .attribution
                .as_ref()
                .and_then(|a| a.speaker.as_deref().map(str::to_string)),
            verb: q
                .attribution
                .as_ref()
                .map(|a| a.verb.to_string())
                .filter(|v| !v.is_empty()),
            link: q.attribution.as_ref().map(|a| a.link),
            needs_attribution: wants_attribution(article, q),
        })
        .collect()
}

/// Head nouns of speakers that are documents, not people: `the report
/// says` describes, it does not choose a tense.
const DOCUMENTS: &[&str] = &[
    "report",
    "statement",
    "law",
    "rule",
    "document",
    "survey",
    "study",
    "letter",
    "filing",
    "website",
    "policy",
    "plan",
    "data",
    "agreement",
    "bill",
    "order",
    "ruling",
    "complaint",
    "lawsuit",
    "indictment",
    "memo",
    "note",
    "sign",
    "label",
    "poll",
    "release",
    "post",
    "book",
    "guidance",
    "text",
    "constitution",
    "treaty",
    "contract",
    "proposal",
    "sheet",
    "page",
    "story",
    "article",
    "email",
    "message",
];

/// A paragraph's attributions with `said` and with `says` (relative
/// offsets), leaving out those of things (`it`, `the report`) and those
/// inside a quotation.
pub fn tense_hits(attribution: &BlockAttribution, quotes: &QuoteScan) -> TenseHits {
    let (mut said, mut says) = (Vec::new(), Vec::new());
    let quoted = Spans::inside_outer_quotes(quotes);
    for h in &attribution.hits {
        let Some(sp) = &h.speaker else { continue };
        if ["it", "which", "that", "this", "what"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(&sp.text))
        {
            continue;
        }
        if sp.kind == SpeakerKind::Description {
            let head = sp.text.rsplit(' ').next().unwrap_or("");
            if DOCUMENTS.iter().any(|d| d.eq_ignore_ascii_case(head)) {
                continue;
            }
        }
        if quoted.contains(&h.range) {
            continue;
        }
        match h.verb.as_str() {
            "said" => said.push(h.range.clone()),
            "says" => says.push(h.range.clone()),
            _ => {}
        }
    }
    (said, says)
}

/// A paragraph's `said` and `says` ranges (relative offsets).
pub type TenseHits = (Vec<std::ops::Range<usize>>, Vec<std::ops::Range<usize>>);

#[cfg(test)]
mod tests {
    use super::*;

    /// The cuts found from the marks are those a walk over every byte
    /// finds: the nearest before or after each place, in texts made of
    /// sentence ends, quotation marks, initials and abbreviations.
    /// Words the per-block fast paths must read as the general ones do.
    const MIXED: &[&str] = &[
        "",
        "Kyiv",
        "Zelenskýy said, “We will not go,” in Kyïv on Monday.",
        "Conan O’Brien’s show: O'Brien and Oʼbrien, rock ’n’ roll, don't",
        "Gabriel Garci\u{301}a Ma\u{301}rquez said he would write.",
        "“Київ,” said Зеленський. ‘Yes,’ she said. ΣΑΣ said",
        "İstanbul and \u{212A}elvin, ẞ and ß, Ǆ and ǅ; Weи\u{212A} WEE\u{212A}",
        "well-known -dash trailing- ’quote quote’ 'x' x'",
        "🙂 Ana 🙂 Łukasz’ said",
    ];

    /// [`words`] as it was written before it read ASCII without decoding.
    fn words_by_char(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let part = c.is_alphanumeric()
                || (matches!(c, '\'' | '’' | '-')
                    && start.is_some()
                    && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric()));
            match (part, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push(s..i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push(s..text.len());
        }
        out
    }

    #[test]
    fn words_fast_path_matches_reading_each_character() {
        for t in MIXED {
            let fast: Vec<Range<usize>> = words(t).into_iter().map(|w| w.range).collect();
            assert_eq!(fast, words_by_char(t), "{t}");
        }
    }

    #[test]
    fn lowercase_matches_to_lowercase() {
        for t in MIXED {
            for w in words(t) {
                let w = &t[w.range];
                assert_eq!(lowercase(w), w.to_lowercase(), "{w}");
            }
        }
        // The Kelvin sign lowercases to an ASCII `k`: a word with it is
        // not ASCII, so it takes the Unicode path and still finds "week".
        assert_eq!(lowercase("WEE\u{212A}"), "week");
        assert!(SKIPPABLE.contains(&lowercase("WEE\u{212A}").as_ref()));
        assert!(matches!(lowercase("said"), Cow::Borrowed(_)));
    }

    #[test]
    fn not_name_is_the_list() {
        for w in NOT_NAMES {
            assert!(not_name(w), "{w}");
        }
        for w in ["the", "THE", "Zelenskyy", "Sofia", "", "Théy"] {
            assert_eq!(not_name(w), NOT_NAMES.contains(&w), "{w}");
        }
    }

    #[test]
    fn scans_of_non_ascii_paragraphs() {
        let book = book();
        let t =
            "“We will not go,” Zelenskýy said. ‘No,’ said Olena Zelenska. Зеленський said “yes.”";
        let q = crate::article::quotes::scan(t, false);
        let a = scan(t, &q, &book);
        let got: Vec<(&str, Option<&str>)> = a
            .hits
            .iter()
            .map(|h| {
                (
                    &t[h.range.clone()],
                    h.speaker.as_ref().map(|s| s.text.as_str()),
                )
            })
            .collect();
        // As before the fast paths: the single-quoted "No" is taken for
        // the clause's subject (a quirk of `speaker_before`, kept here).
        assert_eq!(
            got,
            vec![
                ("said", Some("Zelenskýy")),
                ("said", Some("No")),
                ("said", Some("Зеленський")),
            ]
        );
    }

    fn book() -> StyleBook {
        StyleBook::builtin().unwrap()
    }

    fn speaker_of(text: &str) -> Vec<(String, Option<String>, bool)> {
        scan(text, &crate::article::quotes::scan(text, false), &book())
            .hits
            .into_iter()
            .map(|h| (h.verb, h.speaker.map(|s| s.text), h.inverted))
            .collect()
    }

    #[test]
    fn speaker_before_and_after_the_verb() {
        assert_eq!(
            speaker_of("\"We won,\" Dmitry Peskov said."),
            vec![("said".into(), Some("Dmitry Peskov".into()), false)]
        );
        assert_eq!(
            speaker_of("\"We won,\" said Lawrence Cohn, an analyst."),
            vec![("said".into(), Some("Lawrence Cohn".into()), true)]
        );
        assert_eq!(
            speaker_of("\"We won,\" said he."),
            vec![("said".into(), Some("he".into()), true)]
        );
        assert_eq!(
            speaker_of("Officials said they would go."),
            vec![("said".into(), Some("Officials".into()), false)]
        );
        assert_eq!(
            speaker_of("The plan works, according to Maria Ortiz."),
            vec![("according to".into(), Some("Maria Ortiz".into()), false)]
        );
        assert_eq!(
            speaker_of("Nora Vance, head of the board, later claimed the vote \"was rigged.\""),
            vec![("claimed".into(), Some("Nora Vance".into()), false)]
        );
        assert_eq!(
            speaker_of("A company spokesman said the plant would close."),
            vec![("said".into(), Some("A company spokesman".into()), false)]
        );
        assert_eq!(
            speaker_of("He was quoted as saying the talks failed."),
            vec![("quoted as saying".into(), Some("He".into()), false)]
        );
    }

    #[test]
    fn titles_and_appositives_around_the_name() {
        assert_eq!(
            speaker_of("Council member Ann Wu, who voted no, said the plan would fail."),
            vec![("said".into(), Some("Ann Wu".into()), false)]
        );
        assert_eq!(
            speaker_of("The mayor, John Whitmire, told reporters: \"Not now.\""),
            vec![("told".into(), Some("John Whitmire".into()), false)]
        );
        assert_eq!(
            speaker_of("\"Knock on their door,\" the city’s emergency manager, Lisa Park, said."),
            vec![("said".into(), Some("Lisa Park".into()), false)]
        );
        assert_eq!(
            speaker_of("\"It’s rock ’n’ roll out here,\" one lineman joked."),
            vec![("joked".into(), Some("one lineman".into()), false)]
        );
        assert_eq!(
            speaker_of("\"It’s the fans’ night,\" said coach Amy Diaz."),
            vec![("said".into(), Some("coach Amy Diaz".into()), true)]
        );
        assert_eq!(
            speaker_of("\"Investors get interest first,\" Dub detailed."),
            vec![("detailed".into(), Some("Dub".into()), false)]
        );
    }

    #[test]
    fn nouns_are_not_verbs() {
        assert!(speaker_of("The United States and its claims on Treasury notes rose.").is_empty());
    }

    #[test]
    fn lead_ins() {
        assert!(scan("The minister said:", &QuoteScan::default(), &book()).lead_in);
        assert!(
            scan(
                "In a statement, the ministry wrote:\r",
                &QuoteScan::default(),
                &book()
            )
            .lead_in
        );
        assert!(
            !scan(
                "The minister said the talks would go on.",
                &QuoteScan::default(),
                &book()
            )
            .lead_in
        );
    }

    #[test]
    fn scare_quotes_and_titles_need_no_speaker() {
        assert!(!needs_attribution("very substantive", false));
        assert!(!needs_attribution("dissident", false));
        assert!(!needs_attribution("a farce.", false));
        assert!(!needs_attribution("The Art of the Deal", false));
        assert!(!needs_attribution(
            "Everything Everywhere All at Once",
            true
        ));
        assert!(needs_attribution("We won.", true));
        assert!(needs_attribution(
            "will serve the industry because the market does not close when the exchange does.",
            false
        ));
        assert!(needs_attribution(
            "I think we are on the way to getting peace,",
            true
        ));
    }

    fn quotes_of(text: &str) -> Vec<(String, Option<String>, Option<Link>)> {
        let a = Article::parse(text, &book());
        outline(&a)
            .into_iter()
            .map(|e| (e.text, e.speaker, e.link))
            .collect()
    }

    #[test]
    fn pronouns_resolve_to_the_last_speaker_named() {
        let t = "# Talks\n\nMayor Ana Ruiz said the city would wait for talks with Governor Tom Bell.\n\n\"We are ready to go now,\" she said.\n";
        let q = quotes_of(t);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].1.as_deref(), Some("Mayor Ana Ruiz"));
    }

    #[test]
    fn a_name_inside_a_quotation_is_not_the_last_person_named() {
        let t = "# Talks\n\n\"We must start now,\" Hegseth said. \"Chasing this goal will only prolong the war.\"\n\nHe also said, \"The United States does not believe that membership is realistic.\"\n";
        let q = quotes_of(t);
        assert_eq!(q[2].1.as_deref(), Some("Hegseth"));
    }

    #[test]
    fn a_new_subject_since_the_last_speaker_takes_the_pronoun() {
        let t = "# T\n\nSpokesman Dmitry Ivanov said the leaders talked for an hour.\n\nThe talks came as the new defense secretary, Pete Hale, laid out his plans in Brussels.\n\nWhile committed to the alliance, [he said](#), \"the United States will no longer tolerate an imbalanced relationship.\"\n";
        let q = quotes_of(t);
        assert_eq!(q[0].1.as_deref(), Some("Pete Hale"));
        assert_eq!(q[0].2, Some(Link::Sentence));
    }

    #[test]
    fn a_reported_clause_does_not_change_the_speaker() {
        let t = "# Talks\n\nRuiz said the call was long, adding that Bell told her about his plan. \"We believe the plan can work for everyone,\" she said.\n";
        let q = quotes_of(t);
        assert_eq!(q[0].1.as_deref(), Some("Ruiz"));
    }

    #[test]
    fn adjacent_sentence_and_continuation() {
        let t = "# Talks\n\n\"I think we are on the way to peace,\" Ruiz told reporters. \"I want to see people stop getting killed.\"\n\n\"We will meet in the spring and talk about everything,\n\n\"and then we will sign it,\" she said.\n";
        let q = quotes_of(t);
        assert_eq!(q.len(), 4);
        assert_eq!(q[0].2, Some(Link::Sentence));
        assert_eq!(q[1].2, Some(Link::Adjacent));
        assert_eq!(q[1].1.as_deref(), Some("Ruiz"));
        assert_eq!(q[2].2, Some(Link::Continuation));
        assert_eq!(q[2].1.as_deref(), Some("Ruiz"));
        assert_eq!(q[3].2, Some(Link::Sentence));
    }

    #[test]
    fn colon_lead_in_attributes_the_next_paragraph() {
        let t = "# Talks\n\nIn a statement, the ministry wrote:\n\n\"The talks will resume on Monday in the capital.\"\n";
        let q = quotes_of(t);
        assert_eq!(q[0].2, Some(Link::LeadIn));
        assert_eq!(q[0].1.as_deref(), Some("the ministry"));
    }

    #[test]
    fn a_lead_in_carries_through_a_continuation() {
        let t = "# Talks\n\nThe union leader, Adam Brzeski, added:\n\n\"Nobody should think this was easy,\n\n\"and we would do it again.\"\n";
        let q = quotes_of(t);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].2, Some(Link::LeadIn));
        assert_eq!(q[1].2, Some(Link::Continuation));
        assert_eq!(q[1].1.as_deref(), Some("Adam Brzeski"));
    }

    #[test]
    fn a_paraphrase_before_does_not_attribute_a_quote_paragraph() {
        let t = "# Talks\n\nThe minister said the talks would resume.\n\n\"Nobody expects a deal before the summer is over.\"\n";
        let q = quotes_of(t);
        assert_eq!(q[0].2, None);
    }
}
