//! The anatomy of a news story, found once per version of a text.
//!
//! A text is split into blocks ([`blocks`]); each block's text yields
//! [`BlockFacts`] (excluded spans, quotation marks, sentences, authority
//! and rule matches) that depend only on that text and the style book, and
//! are cached by it in a [`FactCache`], so an edit recomputes the facts of
//! the paragraph it touched and nothing else. The story-level pass then
//! gives each block its [`Role`] (headline, byline, body, caption, credit…)
//! from its place and shape, and finds the byline names, the dateline and
//! the closing credit line. Checks read an [`Article`]; they never parse.
//!
//! Markdown and plain text are both read, and so is a story pasted from a
//! web page: a byline spread over lines (`By`, then each linked name and
//! each comma on a line of its own), photo captions with their credits,
//! link-only navigation and tag lists after the credit line.

pub mod attribution;
pub mod blocks;
pub mod inline;
pub mod lookup;
pub mod names;
pub mod people;
pub mod quotes;
pub mod suppress;

pub use crate::role::Role;

use crate::positions::LineIndex;
use crate::stylebook::names::AuthorityHit;
use crate::stylebook::rules::RuleHit;
use crate::stylebook::StyleBook;
use blocks::{RawBlock, Shape};
use quotes::{MarkKind, QuoteScan};
use regex::Regex;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::{Arc, LazyLock};
use suppress::Suppressions;

/// Facts about one block's text that do not depend on its neighbours.
/// Offsets are relative to the block's start. Cached by text in a
/// [`FactCache`]: everything here depends on the block's shape, its text
/// and the style book, and on nothing else.
#[derive(Debug, Default)]
pub struct BlockFacts {
    /// Spans no check may touch (code, URLs, link targets, comments, tags).
    pub excluded: Vec<Range<usize>>,
    pub quotes: QuoteScan,
    /// Attribution phrases (`said`, `according to`) and their speakers.
    pub attribution: attribution::BlockAttribution,
    /// The attributions with `said` and with `says`
    /// ([`attribution::tense_hits`]).
    pub tense: attribution::TenseHits,
    pub sentences: Vec<Range<usize>>,
    /// Spellings the name authority knows.
    pub authority: Vec<AuthorityHit>,
    /// Matches of the style book's data rules.
    pub rule_hits: Vec<RuleHit>,
    /// What may be person names ([`people::find`]).
    pub names: Vec<people::NameMention>,
    /// What the names pass reads of each of `names`, one for one.
    pub mention_facts: Vec<names::MentionFacts>,
    /// The dateline the block opens with, if it reads as one (a paragraph
    /// or list item; relative offsets, `block` 0): see [`find_dateline`].
    pub dateline: Option<Dateline>,
    /// What the story-level passes ask of these facts, in a few bytes.
    pub summary: Summary,
}

/// What a block's text alone says about its role; the story-level pass
/// decides with its place in the story.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Look {
    /// Nothing but links and punctuation (navigation).
    pub link_only: bool,
    /// All bold (a promotion) or a short all-capitals label.
    pub promo: bool,
    /// A short all-capitals label.
    pub caps_label: bool,
    /// Every letter a capital (a time stamp or label, not a dek).
    pub all_caps: bool,
    /// Reads like a photo credit (`Evgeniy Maloletka/AP`).
    pub photo_credit: bool,
    /// Ends like an AP caption (`(AP Photo/Evan Vucci)`).
    pub caption_tail: bool,
    /// Reads like a closing credit line (`X reported from Y`).
    pub credit_line: bool,
    /// Could open with a dateline: a capital first, then a dash, colon or
    /// parenthesis near the start (a cheap look before the regex).
    pub dateline_like: bool,
    /// Nothing but HTML comments (a suppression comment on its own).
    pub comment_only: bool,
}

impl Look {
    fn of(text: &str) -> Look {
        let s = text.trim();
        let caps_label = s.len() < 120 && is_all_caps_label(s);
        let bold_only = s.len() >= 4
            && s.starts_with("**")
            && s.ends_with("**")
            && !s[2..s.len() - 2].contains("**");
        Look {
            link_only: link_only(s),
            promo: bold_only || (caps_label && !DATELINE.is_match(s)),
            caps_label,
            all_caps: s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase),
            photo_credit: s.len() < 160
                && !s.contains('\n')
                && (s.starts_with(['*', '_']) || s.contains('/'))
                && !s.trim_end_matches(['*', '_']).ends_with('.')
                && PHOTO_CREDIT.is_match(s),
            caption_tail: s.ends_with([')', '*', '_']) && CAPTION_TAIL.is_match(s),
            // Each of its phrases has "report" or "contributed", whose
            // letters match no other character in any case.
            credit_line: s.len() < 600
                && (has_ascii_ci(s, "report", 2) || has_ascii_ci(s, "contributed", 6))
                && CREDIT_LINE.is_match(strip_emphasis(s)),
            dateline_like: {
                let s = text.trim_start_matches(['*', '_']);
                let head = s.get(..s.len().min(120)).unwrap_or(s);
                s.starts_with(char::is_uppercase) && head.contains(['—', '–', '-', ':', '('])
            },
            comment_only: comment_only(text),
        }
    }
}

/// What the story-level passes ask of every block's facts, kept in the
/// [`Block`] itself and carried from build to build beside the facts: a
/// pass over the whole story then reads one array instead of reaching
/// into every paragraph's facts, which a keystroke has pushed out of the
/// processor's caches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub look: Look,
    /// The name authority knows a spelling here that is not its own: a
    /// `names.authority` finding, where the block's role is checked.
    pub misspelled: bool,
    /// A data rule matches here.
    pub rule_hits: bool,
    /// A quotation mark, apostrophe, quotation or attribution phrase.
    pub quoting: bool,
    /// Straight and typographic marks, apostrophes included.
    pub marks: (u32, u32),
    /// How many attributions use `said` and `says` ([`BlockFacts::tense`]).
    pub tense: (u32, u32),
    /// A quotation is left open (no closing mark in the block).
    pub open_quote: bool,
    /// The block ends inside an outer double quotation left open (AP
    /// continuation): see [`attribution::ends_open`].
    pub ends_open: bool,
}

impl Summary {
    fn of(f: &BlockFacts, look: Look) -> Summary {
        let q = &f.quotes;
        let straight = q
            .marks
            .iter()
            .filter(|m| m.style == quotes::MarkStyle::Straight)
            .count()
            + q.apostrophes.iter().filter(|&&(_, c)| c == '\'').count();
        let all = q.marks.len() + q.apostrophes.len();
        Summary {
            look,
            misspelled: f
                .authority
                .iter()
                .any(|h| h.status != crate::stylebook::names::HitStatus::Canonical),
            rule_hits: !f.rule_hits.is_empty(),
            quoting: !(q.marks.is_empty()
                && q.apostrophes.is_empty()
                && q.stray_closes.is_empty()
                && q.quotes.is_empty()
                && f.attribution.hits.is_empty()),
            marks: (straight as u32, (all - straight) as u32),
            tense: (f.tense.0.len() as u32, f.tense.1.len() as u32),
            open_quote: q.quotes.iter().any(|q| q.close.is_none()),
            ends_open: q
                .quotes
                .iter()
                .any(|q| q.depth == 0 && q.close.is_none() && q.kind == MarkKind::Double),
        }
    }
}

impl BlockFacts {
    pub fn compute(text: &str, shape: Shape, book: &StyleBook) -> BlockFacts {
        if shape == Shape::Code || shape == Shape::FrontMatter {
            return BlockFacts {
                excluded: std::iter::once(0..text.len()).collect(),
                ..Default::default()
            };
        }
        let excluded = inline::excluded_spans(text);
        let outside =
            |r: &Range<usize>| !excluded.iter().any(|x| x.start < r.end && r.start < x.end);
        let quotes = quotes::scan_outside(text, matches!(shape, Shape::Heading(_)), &excluded);
        let sentences = inline::sentences(text);
        let mut attribution = attribution::scan(text, &quotes, book);
        attribution.hits.retain(|h| outside(&h.range));
        let mut authority = book.names.find(text);
        authority.retain(|h| outside(&h.range));
        let mut rule_hits = crate::stylebook::rules::find_hits(&book.rules, text);
        rule_hits.retain(|h| outside(&h.range));
        let mut names = people::find(text, book.lexicon());
        names.retain(|m| outside(&m.range));
        let tense = attribution::tense_hits(&attribution, &quotes);
        let mention_facts = names::mention_facts(text, &names, &authority);
        let dateline = matches!(shape, Shape::Paragraph | Shape::ListItem)
            .then(|| dateline_in(text))
            .flatten();
        let mut facts = BlockFacts {
            excluded,
            quotes,
            attribution,
            tense,
            sentences,
            authority,
            rule_hits,
            names,
            mention_facts,
            dateline,
            summary: Summary::default(),
        };
        facts.summary = Summary::of(&facts, Look::of(text));
        facts
    }
}

/// Per-block facts kept between versions of a document, keyed by the
/// block's shape and text: a block whose text is unchanged gets the facts
/// worked out for it before, and only an edited block's are worked out
/// again. Holds the facts of the last two versions, so memory stays
/// proportional to the document; a different style book starts it over.
#[derive(Default)]
pub struct FactCache {
    book: u64,
    current: FxHashMap<(Shape, u64), (Box<str>, Arc<BlockFacts>)>,
    previous: FxHashMap<(Shape, u64), (Box<str>, Arc<BlockFacts>)>,
    /// How many blocks the last build computed afresh (for tests and
    /// benchmarks).
    pub computed: usize,
}

impl FactCache {
    /// Start a build with `book`: the last build's facts become the ones
    /// to reuse.
    fn begin(&mut self, book: &StyleBook) {
        if self.book != book.id {
            self.current.clear();
            self.previous.clear();
            self.book = book.id;
        }
        let blocks = self.current.len();
        self.previous = std::mem::replace(
            &mut self.current,
            FxHashMap::with_capacity_and_hasher(blocks, Default::default()),
        );
        self.computed = 0;
    }

    fn key(shape: Shape, text: &str) -> (Shape, u64) {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        text.hash(&mut h);
        (shape, h.finish())
    }

    /// The facts of a block of `shape` and `text`: kept ones when the text
    /// is the same (compared in full, not only by hash), else new ones.
    fn get(&mut self, shape: Shape, text: &str, book: &StyleBook) -> Arc<BlockFacts> {
        let key = FactCache::key(shape, text);
        if let Some((t, f)) = self.current.get(&key) {
            if **t == *text {
                return f.clone();
            }
        }
        let (kept, facts) = match self.previous.remove(&key) {
            Some((t, f)) if *t == *text => (t, f),
            _ => {
                self.computed += 1;
                (
                    Box::from(text),
                    Arc::new(BlockFacts::compute(text, shape, book)),
                )
            }
        };
        // On a hash collision the newer text takes the slot; the other
        // block's facts are computed again when next needed.
        self.current.insert(key, (kept, facts.clone()));
        facts
    }
}

/// One block of the story with its role and facts.
#[derive(Clone, Debug)]
pub struct Block {
    pub shape: Shape,
    pub role: Role,
    /// The block's content in the text (markers left out).
    pub range: Range<usize>,
    /// The block's whole lines.
    pub outer: Range<usize>,
    pub facts: Arc<BlockFacts>,
    /// What story-level passes ask of the facts.
    pub summary: Summary,
    /// Where the block's quotations are in [`Article::quotes`].
    pub quotes: Range<usize>,
}

impl Block {
    /// The block `raw` with its facts; its role and quotations are the
    /// story-level pass's to set.
    fn new(raw: RawBlock, facts: Arc<BlockFacts>) -> Block {
        Block {
            shape: raw.shape,
            role: Role::Other,
            range: raw.range,
            outer: raw.outer,
            summary: facts.summary,
            facts,
            quotes: 0..0,
        }
    }

    pub fn start(&self) -> usize {
        self.range.start
    }

    /// A range relative to this block, made absolute.
    pub fn abs(&self, r: &Range<usize>) -> Range<usize> {
        r.start + self.range.start..r.end + self.range.start
    }
}

/// One `key: value` of the front matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub key: String,
    pub value: String,
    /// Where the value is in the text.
    pub range: Range<usize>,
}

/// YAML front matter, read as simple `key: value` lines and `- item`
/// lists (an item becomes a field with its list's key).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub range: Range<usize>,
    pub fields: Vec<Field>,
}

impl FrontMatter {
    pub fn get<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Field> + 'a {
        self.fields
            .iter()
            .filter(move |f| f.key.eq_ignore_ascii_case(key))
    }
}

/// A name in a byline or credit line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameRef {
    pub range: Range<usize>,
    pub text: String,
}

/// The byline: `By A, B and C`, on one line or spread over several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Byline {
    /// From `By` to the last name.
    pub range: Range<usize>,
    /// The blocks it covers (more than one when pasted from the web).
    pub blocks: Range<usize>,
    pub names: Vec<NameRef>,
    /// Spread over several blocks, as a web page pastes it.
    pub web_pasted: bool,
}

/// A dateline at the start of the first body paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dateline {
    pub block: usize,
    /// From the city to the end of the dash and the space after it.
    pub range: Range<usize>,
    pub city: Range<usize>,
    pub region: Option<Range<usize>>,
    pub date: Option<Range<usize>>,
    pub agency: Option<Range<usize>>,
    /// `None` when the dash is left out (`NEW YORK (Reuters) The…`).
    pub dash: Option<Range<usize>>,
}

/// The closing credit line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credit {
    pub block: usize,
    pub range: Range<usize>,
    pub names: Vec<NameRef>,
}

/// A quotation in the story, in absolute offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quotation {
    pub block: usize,
    pub range: Range<usize>,
    pub inner: Range<usize>,
    pub kind: MarkKind,
    pub open: char,
    pub close: Option<char>,
    pub depth: u8,
    /// Who said it, found by [`attribution::attribute`].
    pub attribution: Option<attribution::Attribution>,
}

/// The anatomy of one version of a story.
#[derive(Clone, Debug)]
pub struct Article {
    pub text: Arc<str>,
    pub lines: Arc<LineIndex>,
    pub blocks: Vec<Block>,
    pub front_matter: Option<FrontMatter>,
    pub headline: Option<usize>,
    pub byline: Option<Byline>,
    pub dateline: Option<Dateline>,
    pub credit: Option<Credit>,
    /// Every quotation, in text order.
    pub quotes: Vec<Quotation>,
    /// Spans no check may touch, sorted.
    pub excluded: Vec<Range<usize>>,
    pub suppressions: Suppressions,
    /// The people the story names, grouped by spelling ([`names::People`]).
    pub people: names::People,
}

static PHOTO_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    // Length is bounded by the caller; unbounded repeats keep the
    // automaton small.
    Regex::new(concat!(
        r"^[*_]*\(?(?:",
        r"(?:[\p{L}][\p{L}.'’ -]* Photos?/)?[\p{L}][\p{L}.'’ -]+/[\p{L}][\p{L}.'’ &-]+",
        r"|(?:Photo|Photograph|Image|Illustration|Video)s?(?: by)?:? [\p{L}][^\n]+",
        r"|[\p{L}][\p{L}.'’ -]+ (?:for|via) [\p{L}][\p{L}.'’ &-]+",
        r"|Getty Images|AP Photo|AFP via Getty Images",
        r")\)?[*_]*$"
    ))
    .expect("photo credit regex")
});

static CAPTION_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\((?:AP|AFP|Reuters|[\p{L} ]+) Photos?/[^)]+\)\s*[*_]*$").expect("caption regex")
});

static CREDIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:reported from|reported (?:this story|for this)|contributed (?:to )?(?:this )?(?:report|story|reporting)|contributed\.|contributed$|contributed reporting|this (?:story|report) was reported by|reporting by|additional reporting)")
        .expect("credit regex")
});

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^[*_]{0,2}",
        // The city: one to five capitalised words (St. Louis, WINSTON-SALEM).
        r"(?P<city>\p{Lu}[\p{L}.'’-]*(?: (?:\p{Lu}[\p{L}.'’-]*|de|del|la|le|du|da|do|au|al|am|upon|on|of|sur|-)){0,4})",
        r"[*_]{0,2}",
        // An optional state or country, one to four words.
        r"(?:, ?(?P<region>\p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*){0,3}))?",
        // An optional date.
        r"(?:, ?(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}))?",
        // An optional agency in parentheses.
        r"(?: ?\((?P<agency>[^()\n]{1,40})\))?",
        // The dash; or, after an agency, only a space (the dash left out).
        r#"(?:(?P<dash> ?(?:—|–|―|--|-|:) ?)|(?P<gap> )[\p{Lu}"“])"#
    ))
    .expect("dateline regex")
});

static BYLINE_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[*_]{0,2}(?i:by)\b[:.]?").expect("byline regex"));

static LINK_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[([^\]]*)\]\([^)]*\)$").expect("link regex"));

/// Words that end a byline's name list (affiliations, not people).
const AFFILIATIONS: &[&str] = &[
    "associated press",
    "the associated press",
    "ap",
    "reuters",
    "afp",
    "npr",
    "staff",
    "staff writer",
    "staff writers",
    "ap writer",
    "ap writers",
    "correspondent",
];

/// Whether `s` has `word` (lowercase ASCII) in any mix of ASCII cases,
/// looked for at each place of `word`'s byte `at` (pick a rare letter).
fn has_ascii_ci(s: &str, word: &str, at: usize) -> bool {
    let (s, w) = (s.as_bytes(), word.as_bytes());
    memchr::memchr2_iter(w[at], w[at].to_ascii_uppercase(), s).any(|i| {
        i >= at
            && s.get(i - at..i - at + w.len())
                .is_some_and(|x| x.eq_ignore_ascii_case(w))
    })
}

fn strip_emphasis(s: &str) -> &str {
    s.trim_matches(|c| c == '*' || c == '_').trim()
}

/// Is this block text nothing but links and punctuation?
fn link_only(text: &str) -> bool {
    let t = text.trim();
    if !t.contains("](") {
        return false;
    }
    let mut rest = t;
    while let Some(open) = rest.find('[') {
        let before = &rest[..open];
        if before.chars().any(|c| c.is_alphanumeric()) {
            return false;
        }
        let Some(close) = rest[open..].find(')') else {
            return false;
        };
        rest = &rest[open + close + 1..];
    }
    !rest.chars().any(|c| c.is_alphanumeric())
}

/// Is this text nothing but HTML comments and white space?
fn comment_only(text: &str) -> bool {
    let t = text.trim();
    if !t.starts_with("<!--") || !t.ends_with("-->") {
        return false;
    }
    let mut pos = 0usize;
    for (r, _) in inline::html_comments(t) {
        if !t[pos..r.start].trim().is_empty() {
            return false;
        }
        pos = r.end;
    }
    t[pos..].trim().is_empty()
}

fn is_all_caps_label(text: &str) -> bool {
    let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some()
        && letters.all(char::is_uppercase)
        && text.split_whitespace().count() <= 6
}

/// Does the text after `By` read as names rather than a sentence ("By
/// Monday, officials had left")? Names are capitalised words; the only
/// lowercase words allowed are name particles, `and`, and affiliation words.
fn reads_as_byline(rest: &str) -> bool {
    const TIME_WORDS: &[&str] = &[
        "January",
        "February",
        "March",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Then",
        "Now",
        "Noon",
        "Midnight",
        "Dawn",
        "Nightfall",
        "Sunday's",
        "Friday's",
        "Christmas",
        "Easter",
    ];
    const SMALL: &[&str] = &[
        "and",
        "de",
        "van",
        "von",
        "der",
        "den",
        "da",
        "das",
        "al",
        "el",
        "bin",
        "ibn",
        "la",
        "le",
        "del",
        "della",
        "di",
        "dos",
        "du",
        "y",
        "of",
        "the",
        "for",
        "in",
        "at",
        "to",
        "with",
        "staff",
        "writer",
        "writers",
        "correspondent",
        "reporter",
        "editor",
        "special",
        "contributor",
        "photographer",
        "photos",
        "photography",
        "video",
        "graphics",
        "by",
        "and/or",
        "&",
        "on",
        "updated",
        "published",
        "a.m",
        "p.m",
        "et",
        "est",
        "edt",
    ];
    let first_line = rest.lines().next().unwrap_or("");
    let first_part = first_line.split([',', ';']).next().unwrap_or("").trim();
    let first_word = first_part
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
    if TIME_WORDS.contains(&first_word) && first_part.split_whitespace().count() == 1 {
        return false;
    }
    first_line.split_whitespace().all(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '[' && c != '/' && c != '&');
        w.is_empty()
            || w.starts_with('[')
            || w.chars().next().is_some_and(|c| !c.is_lowercase())
            || SMALL.contains(&w.to_lowercase().as_str())
    })
}

/// Split a byline's text after `By` into names: on commas, `and` and `&`,
/// leaving out affiliations; a linked name gives its link text.
fn byline_names(text: &str, start: usize) -> Vec<NameRef> {
    let mut out = Vec::new();
    let mut parts: Vec<Range<usize>> = Vec::new();
    let mut pos = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0usize;
    let mut depth = 0i32;
    while i < bytes.len() {
        match bytes[i] {
            b'[' | b'(' => depth += 1,
            b']' | b')' => depth -= 1,
            b',' | b'&' | b'\n' | b';' if depth <= 0 => {
                parts.push(pos..i);
                pos = i + 1;
            }
            b' ' if depth <= 0 && text[i..].starts_with(" and ") => {
                parts.push(pos..i);
                pos = i + 5;
                i += 4;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(pos..text.len());
    for p in parts {
        let raw = &text[p.clone()];
        let mut r = p.clone();
        // Trim spaces, emphasis and a leading "and".
        let lead = raw.len() - raw.trim_start_matches([' ', '*', '_', '\t', '\r']).len();
        r.start += lead;
        let t = &text[r.clone()];
        let t2 = t.strip_prefix("and ").unwrap_or(t);
        r.start += t.len() - t2.len();
        let t = &text[r.clone()];
        let trail = t.len() - t.trim_end_matches([' ', '*', '_', '\t', '\r', '.']).len();
        r.end -= trail;
        let mut t = &text[r.clone()];
        if let Some(c) = LINK_TEXT.captures(t) {
            let g = c.get(1).expect("group");
            r = r.start + g.start()..r.start + g.end();
            t = g.as_str();
        }
        let t = t.trim();
        if t.is_empty() || AFFILIATIONS.contains(&t.to_lowercase().as_str()) {
            continue;
        }
        if !t.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        out.push(NameRef {
            range: start + r.start..start + r.end,
            text: t.to_string(),
        });
    }
    out
}

static CREDIT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Lu}[\p{L}'’.-]*(?: (?:\p{Lu}[\p{L}'’.-]*|de|van|von|der|da|al|bin|la|le|del|di|dos|du))*").expect("credit name regex")
});

/// The names in a credit line: each capitalised run followed by
/// `reported`, `contributed`, `wrote` or `from`, and the runs listed before
/// such a run (`A, B and C contributed`). A run that follows `from` or
/// `in` is a place.
fn credit_names(text: &str, start: usize) -> Vec<NameRef> {
    let mut runs: Vec<Range<usize>> = CREDIT_NAME.find_iter(text).map(|m| m.range()).collect();
    runs.retain(|r| {
        let w = &text[r.clone()];
        !matches!(
            w,
            "The" | "This" | "Associated" | "Press" | "Additional" | "Reporting" | "AP" | "Reuters"
        )
    });
    let mut names: Vec<Range<usize>> = Vec::new();
    let follows = |r: &Range<usize>, words: &[&str]| {
        let after = text[r.end..].trim_start_matches(['*', '_']);
        words.iter().any(|w| {
            after.starts_with(&format!(" {w}"))
                || after.starts_with(&format!(" {}", w.to_lowercase()))
        })
    };
    let preceded_by_place_word = |r: &Range<usize>| {
        let before = text[..r.start].trim_end();
        before.ends_with(" from")
            || before.ends_with(" in")
            || before.ends_with("from") && before.len() == 4
    };
    for (i, r) in runs.iter().enumerate() {
        if preceded_by_place_word(r) {
            continue;
        }
        if follows(
            r,
            &[
                "reported",
                "contributed",
                "wrote",
                "from",
                "reports",
                "contributes",
                "also contributed",
            ],
        ) {
            names.push(r.clone());
            // Walk back over a list: "A, B and C contributed".
            let mut j = i;
            let mut cur = r.clone();
            while j > 0 {
                let prev = &runs[j - 1];
                let between = &text[prev.end..cur.start];
                if matches!(between, ", " | " and " | ", and " | " & ")
                    && !preceded_by_place_word(prev)
                {
                    // Not when the earlier run is itself a place after "from".
                    if !names.contains(prev) {
                        names.push(prev.clone());
                    }
                    cur = prev.clone();
                    j -= 1;
                } else {
                    break;
                }
            }
        }
    }
    // "writers A and B contributed": runs after "writer(s)" up to the verb.
    names.sort_by_key(|r| r.start);
    names.dedup();
    // Drop runs that are a place continuing after a place ("Kyiv, Ukraine, Charles").
    names
        .into_iter()
        .filter(|r| {
            let before = text[..r.start].trim_end_matches(", ");
            let prev_run = runs
                .iter()
                .rev()
                .find(|p| p.end <= r.start && text[p.end..r.start] == *", ");
            match prev_run {
                Some(p) if preceded_by_place_word(p) && before.len() == p.end => {
                    // Only a place continuation when this run itself is not
                    // followed by "from"/"reported" (then it is a person).
                    follows(r, &["reported", "contributed", "wrote", "from"])
                }
                _ => true,
            }
        })
        .map(|r| NameRef {
            text: text[r.clone()].to_string(),
            range: start + r.start..start + r.end,
        })
        .collect()
}

fn parse_front_matter(text: &str, range: Range<usize>) -> FrontMatter {
    let mut fields = Vec::new();
    let mut last_key = String::new();
    let mut pos = range.start;
    for line in text[range.clone()].split_inclusive('\n') {
        let line_start = pos;
        pos += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        if let Some(item) = trimmed.strip_prefix("- ") {
            if !last_key.is_empty() {
                let v = item.trim().trim_matches(['"', '\'']);
                let off = line_start + content.find(v).unwrap_or(0);
                fields.push(Field {
                    key: last_key.clone(),
                    value: v.to_string(),
                    range: off..off + v.len(),
                });
            }
            continue;
        }
        if let Some((k, v)) = content.split_once(':') {
            if k.starts_with(' ') {
                continue;
            }
            last_key = k.trim().to_string();
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            // Inline list: [a, b]
            if v.starts_with('[') && v.ends_with(']') {
                let inner_off = line_start + content.find(v).unwrap_or(0) + 1;
                let inner = &v[1..v.len() - 1];
                let mut p = 0;
                for item in inner.split(',') {
                    let t = item.trim().trim_matches(['"', '\'']);
                    let o = inner_off + p + item.find(t).unwrap_or(0);
                    p += item.len() + 1;
                    if !t.is_empty() {
                        fields.push(Field {
                            key: last_key.clone(),
                            value: t.to_string(),
                            range: o..o + t.len(),
                        });
                    }
                }
                continue;
            }
            let v = v.trim_matches(['"', '\'']);
            let off = line_start + content.rfind(v).unwrap_or(0);
            fields.push(Field {
                key: last_key.clone(),
                value: v.to_string(),
                range: off..off + v.len(),
            });
        }
    }
    FrontMatter { range, fields }
}

impl Article {
    /// The anatomy of `text`, computing every block's facts afresh.
    pub fn parse(text: &str, book: &StyleBook) -> Article {
        Article::build(Arc::from(text), book, &mut FactCache::default())
    }

    /// The anatomy of `text`, reusing the facts of unchanged blocks from
    /// `cache`. Everything else is worked out afresh from the blocks'
    /// facts: roles, byline, dateline, credit line, quotations and their
    /// attributions, and the people named.
    pub fn build(text: Arc<str>, book: &StyleBook, cache: &mut FactCache) -> Article {
        cache.begin(book);
        let lines = Arc::new(LineIndex::new(&text));
        let blocks: Vec<Block> = blocks::split(&text)
            .into_iter()
            .map(|b| {
                let facts = cache.get(b.shape, &text[b.range.clone()], book);
                Block::new(b, facts)
            })
            .collect();
        let suppressions = Suppressions::scan(&text, &lines);
        let mut article = Article {
            text,
            lines,
            blocks,
            front_matter: None,
            headline: None,
            byline: None,
            dateline: None,
            credit: None,
            quotes: Vec::new(),
            excluded: Vec::new(),
            suppressions,
            people: names::People::default(),
        };
        article.assign_roles();
        article.collect();
        article.people = names::People::find(&article, book);
        article
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn block_text(&self, i: usize) -> &str {
        &self.text[self.blocks[i].range.clone()]
    }

    /// Blocks playing `role`, with their indices.
    pub fn blocks_with(&self, role: Role) -> impl Iterator<Item = (usize, &Block)> {
        self.blocks
            .iter()
            .enumerate()
            .filter(move |(_, b)| b.role == role)
    }

    /// Body paragraphs, with their indices.
    pub fn body(&self) -> impl Iterator<Item = (usize, &Block)> {
        self.blocks_with(Role::Body)
    }

    /// The block that holds `offset`, if any.
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.outer.end <= offset);
        (i < self.blocks.len() && self.blocks[i].outer.start <= offset).then_some(i)
    }

    /// The role of the text at `offset` (`Other` between blocks).
    pub fn role_at(&self, offset: usize) -> Role {
        self.block_at(offset)
            .map(|i| self.blocks[i].role)
            .unwrap_or(Role::Other)
    }

    /// Does `range` touch a span no check may touch?
    pub fn is_excluded(&self, range: &Range<usize>) -> bool {
        let i = self.excluded.partition_point(|x| x.end <= range.start);
        self.excluded
            .get(i)
            .is_some_and(|x| x.start < range.end.max(range.start + 1))
    }

    /// The sentence (absolute range) that holds `offset` in block `block`.
    pub fn sentence_at(&self, block: usize, offset: usize) -> Option<Range<usize>> {
        let b = &self.blocks[block];
        b.facts
            .sentences
            .iter()
            .map(|s| b.abs(s))
            .find(|s| s.start <= offset && offset <= s.end)
    }

    /// Give each block its role, and find the front matter, headline,
    /// byline, dateline and credit line.
    fn assign_roles(&mut self) {
        let blocks: &mut [Block] = &mut self.blocks;
        let n = blocks.len();
        let text = self.text.clone();
        let t = |b: &Block| &text[b.range.clone()];

        // Structural roles first.
        for b in blocks.iter_mut() {
            b.role = match b.shape {
                Shape::FrontMatter => Role::FrontMatter,
                Shape::Code => Role::Code,
                Shape::Rule => Role::Other,
                Shape::Heading(_) => Role::Heading,
                Shape::ListItem => Role::Other,
                // A paragraph of nothing but comments (a suppression
                // comment on its own) plays no part in the story.
                Shape::Paragraph if b.summary.look.comment_only => Role::Other,
                Shape::Paragraph => Role::Body,
            };
        }
        if let Some(b) = blocks.first() {
            if b.shape == Shape::FrontMatter {
                self.front_matter = Some(parse_front_matter(&text, b.range.clone()));
            }
        }

        // Headline: the first level-1 heading; else the first heading; in
        // plain text, a first short line without a closing period.
        let first_content = blocks
            .iter()
            .position(|b| {
                b.shape != Shape::FrontMatter
                    && !(b.shape == Shape::Paragraph && b.role == Role::Other)
            })
            .unwrap_or(n);
        let headline = blocks
            .iter()
            .position(|b| b.shape == Shape::Heading(1))
            .or_else(|| {
                blocks
                    .iter()
                    .position(|b| matches!(b.shape, Shape::Heading(_)))
            })
            .filter(|&i| i <= first_content + 3)
            .or_else(|| {
                let b = blocks.get(first_content)?;
                let s = t(b);
                let plain_headline = b.shape == Shape::Paragraph
                    && !s.contains('\n')
                    && s.len() < 160
                    && !s.ends_with(['.', ':', ','])
                    && !BYLINE_START.is_match(s)
                    && !DATELINE.is_match(s)
                    && n > first_content + 1;
                plain_headline.then_some(first_content)
            });
        if let Some(h) = headline {
            blocks[h].role = Role::Headline;
            for b in &mut blocks[first_content..h] {
                if b.role != Role::Code {
                    b.role = Role::Kicker;
                }
            }
            self.headline = Some(h);
        }
        let after_head = headline.map(|h| h + 1).unwrap_or(first_content);

        // Byline: a block starting with "By" within the first blocks after
        // the headline; "By" alone on a line starts a web-pasted byline.
        let mut byline = None;
        for i in after_head..n.min(after_head + 8) {
            let b = &blocks[i];
            if b.shape != Shape::Paragraph {
                continue;
            }
            let s = t(b);
            let Some(m) = BYLINE_START.find(s) else {
                continue;
            };
            let rest = strip_emphasis(&s[m.end()..]);
            if rest.is_empty() {
                // Web-pasted: names and commas on blocks of their own.
                let mut j = i + 1;
                let mut last = i;
                while j < n {
                    let bj = &blocks[j];
                    let sj = t(bj).trim();
                    let is_sep = matches!(sj, "," | "and" | "&" | ", and");
                    let is_name = bj.shape == Shape::Paragraph
                        && !sj.contains('\n')
                        && sj.len() < 80
                        && (LINK_TEXT.is_match(sj)
                            || (sj.split_whitespace().count() <= 4
                                && sj
                                    .split_whitespace()
                                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))));
                    if !(is_sep || is_name) {
                        break;
                    }
                    last = j;
                    j += 1;
                }
                if last == i {
                    continue;
                }
                let start = b.range.start;
                let end = blocks[last].range.end;
                let names = byline_names(&text[start + m.end()..end], start + m.end());
                for bk in &mut blocks[i..=last] {
                    bk.role = Role::Byline;
                }
                byline = Some(Byline {
                    range: start..end,
                    blocks: i..last + 1,
                    names,
                    web_pasted: true,
                });
            } else {
                // "By A and B" — and not a sentence that begins "By 2030, …".
                let first_word = rest.split_whitespace().next().unwrap_or("");
                let looks_like_name = first_word.chars().next().is_some_and(char::is_uppercase)
                    || first_word.starts_with('[');
                if !looks_like_name
                    || s.len() > 200
                    || s.ends_with('.') && s.split_whitespace().count() > 12
                    || !reads_as_byline(rest)
                {
                    continue;
                }
                let names = byline_names(&s[m.end()..], b.range.start + m.end());
                let range = b.range.clone();
                blocks[i].role = Role::Byline;
                byline = Some(Byline {
                    range,
                    blocks: i..i + 1,
                    names,
                    web_pasted: false,
                });
            }
            break;
        }
        let before_body = match &byline {
            Some(by) => {
                // Between headline and byline: a dek, then meta lines.
                let mut first = true;
                for b in &mut blocks[after_head..by.blocks.start] {
                    if b.role == Role::Body {
                        b.role = if first && !b.summary.look.all_caps {
                            Role::Dek
                        } else {
                            Role::Meta
                        };
                        first = false;
                    }
                }
                by.blocks.end
            }
            None => after_head,
        };
        self.byline = byline;

        // Web furniture, photo credits and captions anywhere.
        for b in blocks.iter_mut() {
            let look = b.summary.look;
            match b.role {
                Role::Body => {
                    if look.link_only || look.promo {
                        b.role = Role::Boilerplate;
                    } else if look.photo_credit {
                        b.role = Role::PhotoCredit;
                    } else if look.caption_tail {
                        b.role = Role::Caption;
                    }
                }
                Role::Heading if look.caps_label => b.role = Role::Boilerplate,
                _ => {}
            }
        }
        for i in 1..n {
            if blocks[i].role == Role::PhotoCredit && blocks[i - 1].role == Role::Body {
                blocks[i - 1].role = Role::Caption;
            }
        }

        // The credit line: the last prose paragraph that reads like one,
        // among the last blocks of the story.
        let last_prose = (before_body..n)
            .rev()
            .filter(|&i| blocks[i].role == Role::Body)
            .take(3)
            .find(|&i| blocks[i].summary.look.credit_line);
        if let Some(ci) = last_prose {
            blocks[ci].role = Role::Credit;
            let b = &blocks[ci];
            let names = credit_names(&text[b.range.clone()], b.range.start);
            self.credit = Some(Credit {
                block: ci,
                range: b.range.clone(),
                names,
            });
            // After the credit: tags and furniture, not story.
            for b in &mut blocks[ci + 1..] {
                b.role = match b.shape {
                    Shape::ListItem => Role::Tag,
                    Shape::Code => Role::Code,
                    _ => Role::Boilerplate,
                };
            }
        }
        // List items that are short lowercase phrases at the end: tags.
        for b in blocks.iter_mut().rev() {
            if b.shape != Shape::ListItem {
                if b.role == Role::Boilerplate || b.role == Role::Other {
                    continue;
                }
                break;
            }
            let s = &text[b.range.clone()];
            if s.len() < 60 && !s.chars().next().is_some_and(char::is_uppercase) {
                b.role = Role::Tag;
            }
        }
        // List items inside the story are body text.
        for b in blocks.iter_mut() {
            if b.shape == Shape::ListItem && b.role == Role::Other && !b.summary.look.link_only {
                b.role = Role::Body;
            }
        }

        // The dateline: at the start of the first body paragraph after the
        // byline (or headline).
        let first_body = (before_body..n).find(|&i| blocks[i].role == Role::Body);
        if let Some(fb) = first_body {
            self.dateline = find_dateline(&blocks[fb], fb);
            // A short line above a dateline paragraph is a dek or a time
            // stamp the headline pass did not see, not the lede.
            if self.dateline.is_none() {
                let s = t(&blocks[fb]).trim();
                let short_line =
                    s.len() < 160 && !s.contains('\n') && !s.ends_with(['.', '"', '”']);
                let next = (fb + 1..n).find(|&i| blocks[i].role == Role::Body);
                if let (true, Some(nb)) = (short_line, next) {
                    let d = find_dateline(&blocks[nb], nb)
                        .filter(|d| is_all_caps_label(&text[d.city.clone()]));
                    if d.is_some() {
                        let has_dek = blocks[..fb].iter().any(|b| b.role == Role::Dek);
                        blocks[fb].role = if has_dek { Role::Meta } else { Role::Dek };
                        self.dateline = d;
                    }
                }
            }
        }
    }

    fn collect(&mut self) {
        let blocks: &mut [Block] = &mut self.blocks;
        let (nq, nx) = blocks.iter().fold((0, 0), |(q, x), b| {
            (
                q + b.facts.quotes.quotes.len(),
                x + b.facts.excluded.len() + 1,
            )
        });
        let mut quotes = Vec::with_capacity(nq);
        let mut excluded = Vec::with_capacity(nx);
        for (i, b) in blocks.iter_mut().enumerate() {
            b.quotes = quotes.len()..quotes.len() + b.facts.quotes.quotes.len();
            for q in &b.facts.quotes.quotes {
                quotes.push(Quotation {
                    block: i,
                    range: b.abs(&q.range),
                    inner: b.abs(&q.inner),
                    kind: q.kind,
                    open: q.open,
                    close: q.close,
                    depth: q.depth,
                    attribution: None,
                });
            }
            if matches!(b.role, Role::Code | Role::FrontMatter) {
                excluded.push(b.outer.clone());
            } else {
                excluded.extend(b.facts.excluded.iter().map(|r| b.abs(r)));
            }
        }
        excluded.sort_by_key(|r| r.start);
        self.quotes = quotes;
        self.excluded = excluded;
        let found = attribution::attribute(self);
        for (q, a) in self.quotes.iter_mut().zip(found) {
            q.attribution = a;
        }
    }
}

/// Read a dateline at the start of block `index`, if it has one: a city in
/// capitals (or any city followed by an agency or a dash), an optional
/// state or country, date and agency, then a dash.
pub fn find_dateline(block: &Block, index: usize) -> Option<Dateline> {
    let d = block.facts.dateline.as_ref()?;
    let base = block.range.start;
    let abs = |r: &Range<usize>| base + r.start..base + r.end;
    Some(Dateline {
        block: index,
        range: abs(&d.range),
        city: abs(&d.city),
        region: d.region.as_ref().map(abs),
        date: d.date.as_ref().map(abs),
        agency: d.agency.as_ref().map(abs),
        dash: d.dash.as_ref().map(abs),
    })
}

/// The dateline `s` (a block's text) opens with, in offsets of `s`.
fn dateline_in(s: &str) -> Option<Dateline> {
    // A dateline found opens with a capital (after at most two `*` or
    // `_`) and has a dash or an agency's parenthesis after a few words (a
    // city of up to five, a region of up to four, a date of two, each
    // with at most a space after it): most paragraphs do not, and the
    // regex's captures are dear.
    const MAX_SPACES_BEFORE_MARK: usize = 24;
    let mark = s.find(['—', '–', '―', '-', ':', '(']);
    if !s
        .trim_start_matches(['*', '_'])
        .starts_with(char::is_uppercase)
        || mark.is_none_or(|m| {
            memchr::memchr_iter(b' ', &s.as_bytes()[..m]).count() > MAX_SPACES_BEFORE_MARK
        })
    {
        return None;
    }
    let c = DATELINE.captures(s)?;
    let city = c.name("city")?;
    let dash = c.name("dash");
    // An agency is short and names something: "(AP)", "(Reuters)", not
    // "(1929-1968)" or a parenthetical remark.
    let agency = c.name("agency").filter(|a| {
        let a = a.as_str().trim();
        a.chars().next().is_some_and(char::is_uppercase)
            && !a.chars().any(|c| c.is_ascii_digit())
            && a.split_whitespace().count() <= 3
    });
    if c.name("agency").is_some() && agency.is_none() {
        return None;
    }
    let gap = c.name("gap");
    // No dash: only "CITY (AGENCY) The…" reads as a dateline.
    if gap.is_some() && agency.is_none() {
        return None;
    }
    let dash_text = dash.map(|d| d.as_str().trim()).unwrap_or("");
    let city_caps = is_all_caps_label(city.as_str());
    // A colon or hyphen only counts after a capitalised city or an agency:
    // "Officials said: …" is not a dateline.
    let strong_dash = matches!(dash_text, "—" | "–" | "―" | "--");
    if !(city_caps
        || agency.is_some()
        || strong_dash && city.as_str().split_whitespace().count() <= 3)
    {
        return None;
    }
    if dash_text == ":" && !city_caps {
        return None;
    }
    // A hyphenated word is not a dateline dash: "WASHINGTON-based".
    if dash_text == "-" && dash.is_some_and(|d| !d.as_str().ends_with(' ')) && agency.is_none() {
        return None;
    }
    let abs = |m: regex::Match| m.start()..m.end();
    Some(Dateline {
        block: 0,
        range: 0..gap.map(|g| g.end()).unwrap_or(c.get(0)?.end()),
        city: abs(city),
        region: c.name("region").map(abs),
        date: c.name("date").map(abs),
        agency: agency.map(abs),
        dash: dash.map(abs),
    })
}

#[cfg(test)]
mod tests;
