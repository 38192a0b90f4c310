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
pub mod people;
pub mod quotes;
pub mod splice;
pub mod suppress;

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

/// The part a block plays in the story.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    FrontMatter,
    /// A label or section name above the headline.
    Kicker,
    Headline,
    /// A summary line under the headline, before the byline.
    Dek,
    /// Time stamps and labels between headline and byline.
    Meta,
    Byline,
    /// A section heading inside the story.
    Heading,
    Body,
    /// A photo caption.
    Caption,
    /// A photo credit (`Evgeniy Maloletka/AP`).
    PhotoCredit,
    /// The closing credit line (`X reported from Y`, `X contributed`).
    Credit,
    Tag,
    /// Navigation, promotions and other web furniture.
    Boilerplate,
    Code,
    Other,
}

impl Role {
    /// Names usable in a data rule's `regions`.
    pub const REGION_NAMES: &'static [&'static str] = &[
        "headline",
        "dek",
        "byline",
        "heading",
        "body",
        "caption",
        "credit",
        "photo-credit",
        "tag",
        "kicker",
    ];

    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "headline" => Role::Headline,
            "dek" => Role::Dek,
            "byline" => Role::Byline,
            "heading" => Role::Heading,
            "body" => Role::Body,
            "caption" => Role::Caption,
            "credit" => Role::Credit,
            "photo-credit" => Role::PhotoCredit,
            "tag" => Role::Tag,
            "kicker" => Role::Kicker,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::FrontMatter => "front-matter",
            Role::Kicker => "kicker",
            Role::Headline => "headline",
            Role::Dek => "dek",
            Role::Meta => "meta",
            Role::Byline => "byline",
            Role::Heading => "heading",
            Role::Body => "body",
            Role::Caption => "caption",
            Role::PhotoCredit => "photo-credit",
            Role::Credit => "credit",
            Role::Tag => "tag",
            Role::Boilerplate => "boilerplate",
            Role::Code => "code",
            Role::Other => "other",
        }
    }

    /// Prose a reader reads as the story: what house style rules apply to
    /// unless a rule names its regions.
    pub fn is_prose(self) -> bool {
        matches!(
            self,
            Role::Headline | Role::Dek | Role::Heading | Role::Body | Role::Caption | Role::Credit
        )
    }
}

/// Facts about one block's text that do not depend on its neighbours.
/// Offsets are relative to the block's start. Cached by text.
#[derive(Debug, Default)]
pub struct BlockFacts {
    /// Spans no check may touch (code, URLs, link targets, comments, tags).
    pub excluded: Vec<Range<usize>>,
    pub quotes: QuoteScan,
    /// Attribution phrases (`said`, `according to`) and their speakers.
    pub attribution: attribution::BlockAttribution,
    pub sentences: Vec<Range<usize>>,
    /// Spellings the name authority knows.
    pub authority: Vec<AuthorityHit>,
    /// Matches of the style book's data rules.
    pub rule_hits: Vec<RuleHit>,
    /// What may be person names ([`people::find`]).
    pub names: Vec<people::NameMention>,
    /// What the block looks like on its own, for the story-level pass.
    pub look: Look,
    /// The attributions the block gives its own quotations (relative
    /// offsets), worked out once by the story-level pass.
    pub in_paragraph: Derived<[Option<attribution::Attribution>]>,
    /// The block's person mentions, worked out once by
    /// [`crate::names::People::find`].
    pub people: Derived<crate::names::BlockPeople>,
    /// The block's `quotes.*` findings (relative offsets), for the hash of
    /// what they read from outside the block.
    pub quote_findings: Keyed<u64, [crate::finding::Finding]>,
    /// The block's `said` and `says` (relative offsets), for
    /// `quotes.tense`.
    pub tense_hits: Derived<crate::checks::quotes::TenseHits>,
    /// The block's `names.authority` findings (relative offsets).
    pub authority_findings: Derived<[crate::finding::Finding]>,
    /// The block's data rules' findings (relative offsets).
    pub style_findings: Derived<[crate::finding::Finding]>,
    /// The dateline the block opens with, if it is read as one (relative
    /// offsets, block 0): see [`find_dateline`].
    pub dateline: std::sync::OnceLock<Option<Dateline>>,
}

/// Like [`Derived`], for a value that depends on more than the block's
/// role: kept for the last key it was worked out for.
pub struct Keyed<K, T: ?Sized>(std::sync::Mutex<Option<(K, Arc<T>)>>);

impl<K, T: ?Sized> Default for Keyed<K, T> {
    fn default() -> Self {
        Keyed(std::sync::Mutex::new(None))
    }
}

impl<K, T: ?Sized> std::fmt::Debug for Keyed<K, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keyed")
    }
}

impl<K: PartialEq + Copy, T: ?Sized> Keyed<K, T> {
    /// `read` of the kept value when it was worked out for `key`; else of
    /// `compute`'s, which is kept in its place. Read in place: a story-level
    /// pass may read hundreds a keystroke, and taking a share of each costs
    /// two atomic operations (`read` takes one when it needs to).
    pub fn with<R>(
        &self,
        key: K,
        compute: impl FnOnce() -> Arc<T>,
        read: impl FnOnce(&Arc<T>) -> R,
    ) -> R {
        let mut slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match &*slot {
            Some((k, v)) if *k == key => read(v),
            _ => {
                let v = compute();
                let r = read(&v);
                *slot = Some((key, v));
                r
            }
        }
    }
}

/// What a story-level pass works out from one block alone, given the
/// block's role: kept with the block's facts, so that it is worked out
/// again only when the block's text (or role) changes.
pub struct Derived<T: ?Sized>(std::sync::OnceLock<(Role, Arc<T>)>);

impl<T: ?Sized> Default for Derived<T> {
    fn default() -> Self {
        Derived(std::sync::OnceLock::new())
    }
}

impl<T: ?Sized> std::fmt::Debug for Derived<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "Derived(kept)"
        } else {
            "Derived(empty)"
        })
    }
}

impl<T: ?Sized> Derived<T> {
    /// The kept value, when one was worked out for `role`.
    pub fn peek(&self, role: Role) -> Option<&Arc<T>> {
        self.0.get().filter(|(r, _)| *r == role).map(|(_, v)| v)
    }

    /// The kept value when it was worked out for `role`; else `compute`'s,
    /// kept when nothing is yet (a block whose role changed is worked out
    /// each time, which is rare).
    pub fn get(&self, role: Role, compute: impl FnOnce() -> Arc<T>) -> Kept<'_, T> {
        if let Some((r, v)) = self.0.get() {
            if *r == role {
                return Kept::Borrowed(v);
            }
            return Kept::Fresh(compute());
        }
        let v = compute();
        match self.0.set((role, v)) {
            Ok(()) => Kept::Borrowed(&self.0.get().expect("just set").1),
            // Set meanwhile by another thread: use ours.
            Err((_, v)) => Kept::Fresh(v),
        }
    }
}

/// A [`Derived`] value: the kept one, borrowed (the story-level passes
/// read hundreds a keystroke, and a shared count's increment and decrement
/// for each cost more than the reading), or one worked out afresh.
pub enum Kept<'a, T: ?Sized> {
    Borrowed(&'a Arc<T>),
    Fresh(Arc<T>),
}

impl<T: ?Sized> Kept<'_, T> {
    /// The value, shared.
    pub fn into_arc(self) -> Arc<T> {
        match self {
            Kept::Borrowed(v) => v.clone(),
            Kept::Fresh(v) => v,
        }
    }
}

impl<T: ?Sized> std::ops::Deref for Kept<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        match self {
            Kept::Borrowed(v) => v,
            Kept::Fresh(v) => v,
        }
    }
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
            credit_line: s.len() < 600 && CREDIT_LINE.is_match(strip_emphasis(s)),
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
    /// How many attributions use `said` and `says`
    /// ([`crate::checks::quotes::tense_hits`]).
    pub tense: (u32, u32),
    /// A quotation is left open (no closing mark in the block).
    pub open_quote: bool,
    /// The block ends inside an outer double quotation left open (AP
    /// continuation): see [`attribution::ends_open`].
    pub ends_open: bool,
}

impl Summary {
    fn of(f: &BlockFacts) -> Summary {
        let q = &f.quotes;
        let straight = q
            .marks
            .iter()
            .filter(|m| m.style == quotes::MarkStyle::Straight)
            .count()
            + q.apostrophes.iter().filter(|&&(_, c)| c == '\'').count();
        let all = q.marks.len() + q.apostrophes.len();
        Summary {
            look: f.look,
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
            tense: {
                let (said, says) = crate::checks::quotes::tense_hits(f);
                (said.len() as u32, says.len() as u32)
            },
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
        BlockFacts::compute_after(text, shape, book, None)
    }

    /// The facts of `text`; when `before` gives the text it was edited
    /// from (with the same shape) and that text's facts, and neither text
    /// has spans to leave out, the name authority's spellings, the data
    /// rules' matches and the person-name runs are looked for again only
    /// near the edit ([`splice`], [`people::find_after`]), and the
    /// attribution phrases only in the sentences around it, when the edit
    /// wrote no quotation mark ([`attribution::scan_after`]).
    pub fn compute_after(
        text: &str,
        shape: Shape,
        book: &StyleBook,
        before: Option<(&str, &BlockFacts, Option<splice::Edit>)>,
    ) -> BlockFacts {
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
        // Hits kept from the text before are its hits outside its spans
        // left out: with none in either text, they are all its hits.
        let edit = before
            .filter(|(_, f, _)| f.excluded.is_empty() && excluded.is_empty())
            .map(|(old, f, edit)| {
                let edit = edit.unwrap_or_else(|| splice::Edit::between(old, text));
                debug_assert!(
                    edit.prefix + edit.suffix <= old.len().min(text.len())
                        && old.as_bytes()[..edit.prefix] == text.as_bytes()[..edit.prefix]
                        && old.as_bytes()[old.len() - edit.suffix..]
                            == text.as_bytes()[text.len() - edit.suffix..],
                    "the block's edit does not hold"
                );
                (edit, old, f)
            });
        // Near the edit, as far as the sentences around it.
        let mut attribution = edit
            .as_ref()
            .and_then(|(e, old, f)| {
                attribution::scan_after(text, &quotes, book, old, (&f.quotes, &f.attribution), e)
            })
            .inspect(|a| debug_assert_eq!(*a, attribution::scan(text, &quotes, book), "{text:?}"))
            .unwrap_or_else(|| attribution::scan(text, &quotes, book));
        attribution.hits.retain(|h| outside(&h.range));
        let mut authority = edit
            .as_ref()
            .and_then(|(e, old, f)| book.names.find_after(text, old, &f.authority, e))
            .inspect(|a| debug_assert_eq!(*a, book.names.find(text), "{text:?}"))
            .unwrap_or_else(|| book.names.find(text));
        authority.retain(|h| outside(&h.range));
        let mut rule_hits = edit
            .as_ref()
            .and_then(|(e, _, f)| {
                crate::stylebook::rules::find_hits_after(&book.rules, text, &f.rule_hits, e)
            })
            .inspect(|h| {
                debug_assert_eq!(
                    *h,
                    crate::stylebook::rules::find_hits(&book.rules, text),
                    "{text:?}"
                )
            })
            .unwrap_or_else(|| crate::stylebook::rules::find_hits(&book.rules, text));
        rule_hits.retain(|h| outside(&h.range));
        let lex = people::Lexicon::for_book(book);
        let mut names = match &edit {
            Some((e, _, f)) => {
                let names = people::find_after(text, &lex, &f.names, e);
                debug_assert_eq!(names, people::find(text, &lex), "{text:?}");
                names
            }
            None => people::find(text, &lex),
        };
        names.retain(|m| outside(&m.range));
        BlockFacts {
            look: Look::of(text),
            excluded,
            quotes,
            attribution,
            sentences,
            authority,
            rule_hits,
            names,
            in_paragraph: Default::default(),
            people: Default::default(),
            quote_findings: Default::default(),
            tense_hits: Default::default(),
            authority_findings: Default::default(),
            style_findings: Default::default(),
            dateline: Default::default(),
        }
    }
}

/// Per-block facts kept between versions of a document, keyed by the
/// block's shape and text. Holds the facts of the last two versions, so
/// memory stays proportional to the document.
#[derive(Default)]
pub struct FactCache {
    book: u64,
    current: FxHashMap<(Shape, u64), (Box<str>, Arc<BlockFacts>)>,
    previous: FxHashMap<(Shape, u64), (Box<str>, Arc<BlockFacts>)>,
    /// The last build, for the next one to start from.
    last: Option<LastBuild>,
    /// How many blocks the last build computed afresh (for tests and
    /// benchmarks).
    pub computed: usize,
    /// Whether the last build split again only around the edit (for tests
    /// and benchmarks).
    pub partial: bool,
    /// The text the last build was made from an edit of, with the lengths
    /// the two texts share at their start and end: handed to the article
    /// ([`Article::edit`]).
    edit: Option<(Arc<str>, usize, usize)>,
    /// The edit the next build's text was made by, as its document knows
    /// it ([`FactCache::expect_edit`]).
    hint: Option<(Arc<str>, usize, usize)>,
}

/// What a build keeps for the next: the text and what was found in it
/// line by line.
struct LastBuild {
    text: Arc<str>,
    /// The blocks of the last article, shared with it.
    blocks: Blocks,
    lines: Arc<LineIndex>,
    /// The text holds no suppression comment (nor anything like one).
    unsuppressed: bool,
    /// What the role pass found.
    roles: Roles,
}

/// What the story-level role pass ([`Article::assign_roles`]) found
/// besides the blocks' roles, with the blocks whose text it did not read.
/// Those roles read only the blocks' shapes and [`Look`]s elsewhere, so
/// an edit inside one of the unread blocks that keeps its shape and look
/// leaves all of it as it was, but for the credit line's offsets.
#[derive(Clone, Debug, Default, PartialEq)]
struct Roles {
    front_matter: Option<FrontMatter>,
    headline: Option<usize>,
    byline: Option<Byline>,
    dateline: Option<Dateline>,
    credit: Option<Credit>,
    /// The blocks whose text the pass did not read.
    unread: Range<usize>,
}

impl Roles {
    fn of(article: &Article, unread: Range<usize>) -> Roles {
        Roles {
            front_matter: article.front_matter.clone(),
            headline: article.headline,
            byline: article.byline.clone(),
            dateline: article.dateline.clone(),
            credit: article.credit.clone(),
            unread,
        }
    }

    fn give(&self, article: &mut Article) {
        article.front_matter = self.front_matter.clone();
        article.headline = self.headline;
        article.byline = self.byline.clone();
        article.dateline = self.dateline.clone();
        article.credit = self.credit.clone();
    }
}

#[cfg(test)]
thread_local! {
    /// How many builds kept the last build's roles (for tests).
    pub(crate) static ROLES_KEPT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The block an edit changed in place, with the role and look it had.
struct InPlace {
    block: usize,
    role: Role,
    look: Look,
    /// How many bytes the edit wrote, and how many it replaced.
    grown: usize,
    shrunk: usize,
}

impl FactCache {
    /// Tell the next build that its text is `from` edited, with the first
    /// `prefix` and last `suffix` bytes left alone (as
    /// [`crate::document::Document::edit`] gives it), so that it need not
    /// compare the two texts to find the edit. Used only when `from` is
    /// the text the last build was made from.
    pub fn expect_edit(&mut self, edit: Option<(Arc<str>, usize, usize)>) {
        self.hint = edit;
    }

    fn begin(&mut self, book: &StyleBook) {
        if self.book != book.id {
            self.current.clear();
            self.previous.clear();
            self.last = None;
            self.book = book.id;
        }
        self.previous = std::mem::take(&mut self.current);
        self.computed = 0;
    }

    fn key(shape: Shape, text: &str) -> (Shape, u64) {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        text.hash(&mut h);
        (shape, h.finish())
    }

    /// Drop the kept facts `facts` of `text`, if they are what is kept.
    fn forget(&mut self, shape: Shape, text: &str, facts: &Arc<BlockFacts>) {
        let key = FactCache::key(shape, text);
        for map in [&mut self.current, &mut self.previous] {
            if map.get(&key).is_some_and(|(_, f)| Arc::ptr_eq(f, facts)) {
                map.remove(&key);
            }
        }
    }

    fn get(&mut self, shape: Shape, text: &str, book: &StyleBook) -> Arc<BlockFacts> {
        self.get_after(shape, text, book, None)
    }

    /// [`FactCache::get`], working out facts not kept from `before`, the
    /// block's last text and facts ([`BlockFacts::compute_after`]).
    fn get_after(
        &mut self,
        shape: Shape,
        text: &str,
        book: &StyleBook,
        before: Option<(&str, &BlockFacts, Option<splice::Edit>)>,
    ) -> Arc<BlockFacts> {
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
                    Arc::new(BlockFacts::compute_after(text, shape, book, before)),
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
            summary: Summary::of(&facts),
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

impl blocks::Outline for Block {
    fn shape(&self) -> Shape {
        self.shape
    }
    fn outer(&self) -> &Range<usize> {
        &self.outer
    }
}

/// An article's blocks, shared with the build that follows it (which
/// starts from them): read as a slice. Changing one, as only the build
/// does, copies them first if they are shared.
#[derive(Clone, Debug, Default)]
pub struct Blocks(Arc<Vec<Block>>);

impl std::ops::Deref for Blocks {
    type Target = [Block];
    fn deref(&self) -> &[Block] {
        &self.0
    }
}

impl std::ops::DerefMut for Blocks {
    fn deref_mut(&mut self) -> &mut [Block] {
        Arc::make_mut(&mut self.0).as_mut_slice()
    }
}

impl<'a> IntoIterator for &'a Blocks {
    type Item = &'a Block;
    type IntoIter = std::slice::Iter<'a, Block>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Blocks {
    type Item = &'a mut Block;
    type IntoIter = std::slice::IterMut<'a, Block>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
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
    pub blocks: Blocks,
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
    /// The text this one was built from an edit of, with the lengths the
    /// two share at their start and end
    /// ([`crate::document::changed_span`]), when the build knew it.
    pub edit: Option<(Arc<str>, usize, usize)>,
    pub lineage: Lineage,
}

/// Which build an article is, and what it shares with the build it was
/// made from.
#[derive(Clone, Debug, Default)]
pub struct Lineage {
    /// This build's number, unique in the process.
    pub stamp: u64,
    /// What this build shares with the one it was made from by an edit,
    /// when the attributions were kept from that build (see
    /// `attribution::kept`: one block's facts changed at most, no role
    /// and no block's quotation count, the edited block is not near the
    /// first body paragraph or a continued quotation) and every block's
    /// mark counts are that build's.
    pub since: Option<Since>,
}

/// What a build shares with the one it was made from ([`Lineage::since`]).
#[derive(Clone, Debug)]
pub struct Since {
    /// That build's [`Lineage::stamp`].
    pub from: u64,
    /// The blocks (sorted) outside which the facts, mark counts and
    /// quotations' attributions (relative to their block) are that
    /// build's.
    pub changed: Vec<usize>,
    /// Every quotation's range is that build's, each end moved by the
    /// edit: what lies inside a quotation still does.
    pub quotes_moved: bool,
}

impl Lineage {
    fn next() -> Lineage {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Lineage {
            stamp: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            since: None,
        }
    }
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
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty()
        && letters.iter().all(|c| c.is_uppercase())
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

    /// The anatomy of `text`, reusing the facts of unchanged blocks.
    ///
    /// After a small edit of the text the last build was made from, only
    /// the blocks around the edit are split again and looked up (see
    /// [`blocks::split_after_edit`]); the others keep their facts, and the
    /// line index is moved rather than found again. (Such a text has no
    /// suppression comment: a text with one is built whole.) An edit inside
    /// one block that the role pass did not read, leaving its look alone,
    /// also keeps the last build's roles ([`Roles`]).
    pub fn build(text: Arc<str>, book: &StyleBook, cache: &mut FactCache) -> Article {
        // Each partial build adds the edited paragraph's facts to the map
        // of facts by text; when it has grown to twice the story, a whole
        // build renews it (dropping paragraphs as they were many
        // keystrokes ago), so memory stays proportional to the story.
        let last = cache
            .last
            .take()
            .filter(|l| cache.book == book.id && cache.current.len() < l.blocks.len() * 2 + 64);
        cache.edit = None;
        let hint = cache.hint.take();
        let (partial, last_roles) = match last {
            Some(last) => (
                Article::build_partial(&text, &last, hint, book, cache),
                Some(last.roles),
            ),
            None => (None, None),
        };
        cache.partial = partial.is_some();
        // A partial build happens only when the last text held no
        // suppression comment and the edit wrote none (`build_partial`).
        let mut unsuppressed = true;
        let mut in_place = None;
        let (lines, blocks, suppressions) = match partial {
            Some((lines, blocks, edited)) => {
                in_place = edited;
                (lines, blocks, Suppressions::default())
            }
            None => {
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
                unsuppressed = suppressions.regions.is_empty() && !text.contains("copydesk-");
                (lines, blocks, suppressions)
            }
        };
        let mut article = Article {
            text,
            lines,
            blocks: Blocks(Arc::new(blocks)),
            front_matter: None,
            headline: None,
            byline: None,
            dateline: None,
            credit: None,
            quotes: Vec::new(),
            excluded: Vec::new(),
            suppressions,
            edit: cache.edit.clone(),
            lineage: Lineage::next(),
        };
        // An edit inside a block the role pass did not read, keeping its
        // look: the last roles stand.
        let kept = in_place.zip(last_roles).filter(|(e, r)| {
            r.unread.contains(&e.block) && article.blocks[e.block].summary.look == e.look
        });
        let roles = match kept {
            Some((e, mut roles)) => {
                article.blocks[e.block].role = e.role;
                // The credit line follows the edited block.
                if let Some(c) = &mut roles.credit {
                    let mv = |r: &mut Range<usize>| {
                        *r = (r.start + e.grown) - e.shrunk..(r.end + e.grown) - e.shrunk;
                    };
                    mv(&mut c.range);
                    for n in &mut c.names {
                        mv(&mut n.range);
                    }
                }
                roles.give(&mut article);
                #[cfg(debug_assertions)]
                {
                    // Worked out afresh from nothing kept.
                    let mut fresh = article.clone();
                    Roles::default().give(&mut fresh);
                    let unread = fresh.assign_roles();
                    debug_assert!(
                        fresh
                            .blocks
                            .iter()
                            .zip(article.blocks.iter())
                            .all(|(a, b)| a.role == b.role),
                        "kept roles differ from the role pass's"
                    );
                    debug_assert_eq!(
                        Roles::of(&fresh, unread),
                        roles,
                        "kept roles differ from the role pass's"
                    );
                }
                #[cfg(test)]
                ROLES_KEPT.with(|c| c.set(c.get() + 1));
                roles
            }
            None => {
                let unread = article.assign_roles();
                Roles::of(&article, unread)
            }
        };
        article.collect();
        cache.last = Some(LastBuild {
            text: article.text.clone(),
            blocks: article.blocks.clone(),
            lines: article.lines.clone(),
            unsuppressed,
            roles,
        });
        article
    }

    /// The line index, blocks and facts of `text` made from `last`'s by
    /// redoing only what the edit between them touched, with the block
    /// edited in place if the edit was inside one; `None` when that cannot
    /// be done. (The text has no suppressions: see [`Article::build`].)
    fn build_partial(
        text: &str,
        last: &LastBuild,
        hint: Option<(Arc<str>, usize, usize)>,
        book: &StyleBook,
        cache: &mut FactCache,
    ) -> Option<(Arc<LineIndex>, Vec<Block>, Option<InPlace>)> {
        let (old, new) = (last.text.as_bytes(), text.as_bytes());
        let (prefix, suffix) = match hint {
            Some((from, p, s))
                if Arc::ptr_eq(&from, &last.text) && p + s <= old.len().min(new.len()) =>
            {
                debug_assert!(
                    old[..p] == new[..p] && old[old.len() - s..] == new[new.len() - s..],
                    "the document's edit does not hold"
                );
                (p, s)
            }
            _ => crate::document::changed_span(old, new),
        };
        cache.edit = Some((last.text.clone(), prefix, suffix));
        // A suppression comment may be being written: read them all.
        let window = &new[prefix.saturating_sub(16)..(new.len() - suffix + 16).min(new.len())];
        if !last.unsuppressed || memchr::memmem::find(window, b"copydesk-").is_some() {
            return None;
        }
        let (region, replaced) =
            blocks::split_after_edit(&last.text, &last.blocks, text, prefix, suffix)?;
        let lines = match last.lines.after_edit(&last.text, text, prefix, suffix) {
            Some(l) => Arc::new(l),
            None => Arc::new(LineIndex::new(text)),
        };
        cache.computed = 0;
        let kept = &last.blocks[..replaced.start];
        let moved = &last.blocks[replaced.end..];
        let mut blocks = Vec::with_capacity(kept.len() + region.len() + moved.len());
        blocks.extend_from_slice(kept);
        // One block edited in place: its facts start from its old ones.
        // The whole text's edit gives the block's, when the block kept its
        // start and its distance from the end.
        let whole = splice::Edit {
            prefix,
            suffix,
            old_len: old.len(),
            new_len: new.len(),
        };
        let before = (region.len() == 1 && replaced.len() == 1)
            .then(|| &last.blocks[replaced.start])
            .filter(|o| o.shape == region[0].shape)
            .map(|o| {
                let edit = splice::Edit::in_block(&whole, &o.range, &region[0].range, text);
                (&last.text[o.range.clone()], &*o.facts, edit)
            });
        let in_place = before.map(|_| {
            let o = &last.blocks[replaced.start];
            InPlace {
                block: replaced.start,
                role: o.role,
                look: o.summary.look,
                grown: new.len() - prefix - suffix,
                shrunk: old.len() - prefix - suffix,
            }
        });
        for b in region {
            let facts = cache.get_after(b.shape, &text[b.range.clone()], book, before);
            blocks.push(Block::new(b, facts));
        }
        let new_region = replaced.start..blocks.len();
        // The paragraphs the edit replaced are gone from the story: drop
        // their facts now rather than keep every version typed through
        // until the maps are renewed, so that the next keystroke's facts
        // reuse memory still in cache. (A text still used by a block
        // elsewhere keeps its facts there; only a whole build would work
        // them out again.)
        for o in &last.blocks[replaced.clone()] {
            if !blocks[new_region.clone()]
                .iter()
                .any(|n| Arc::ptr_eq(&n.facts, &o.facts))
            {
                cache.forget(o.shape, &last.text[o.range.clone()], &o.facts);
            }
        }
        let shift = |x: usize| (x + new.len()) - old.len();
        blocks.extend(moved.iter().map(|o| Block {
            range: shift(o.range.start)..shift(o.range.end),
            outer: shift(o.outer.start)..shift(o.outer.end),
            ..o.clone()
        }));
        Some((lines, blocks, in_place))
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
    /// byline, dateline and credit line. Says which blocks' text it did
    /// not read: a run between the blocks near the top (up to the byline
    /// and the dateline's paragraph; with no byline, the eight paragraphs
    /// after the headline that may hold one) and those near the end (from
    /// the credit line), whose roles come from their shapes and [`Look`]s
    /// alone.
    fn assign_roles(&mut self) -> Range<usize> {
        // Made unique once (see `Blocks`), not at each change.
        let blocks: &mut [Block] = &mut self.blocks;
        let n = blocks.len();
        let text = self.text.clone();
        let t = |b: &Block| &text[b.range.clone()];
        // The last block read near the top and the first near the end.
        let mut front = 0;
        let mut tail = n;

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
                front = front.max(first_content);
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
            front = front.max(i);
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
                    front = front.max(j);
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
            tail = tail.min(ci);
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
        for (i, b) in blocks.iter_mut().enumerate().rev() {
            if b.shape != Shape::ListItem {
                if b.role == Role::Boilerplate || b.role == Role::Other {
                    continue;
                }
                break;
            }
            tail = tail.min(i);
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
            front = front.max(fb);
            self.dateline = find_dateline(&text, &blocks[fb], fb);
            // A short line above a dateline paragraph is a dek or a time
            // stamp the headline pass did not see, not the lede.
            if self.dateline.is_none() {
                let s = t(&blocks[fb]).trim();
                let short_line =
                    s.len() < 160 && !s.contains('\n') && !s.ends_with(['.', '"', '”']);
                let next = (fb + 1..n).find(|&i| blocks[i].role == Role::Body);
                if let (true, Some(nb)) = (short_line, next) {
                    front = front.max(nb);
                    let d = find_dateline(&text, &blocks[nb], nb)
                        .filter(|d| is_all_caps_label(&text[d.city.clone()]));
                    if d.is_some() {
                        let has_dek = blocks[..fb].iter().any(|b| b.role == Role::Dek);
                        blocks[fb].role = if has_dek { Role::Meta } else { Role::Dek };
                        self.dateline = d;
                    }
                }
            }
        }
        front + 1..tail
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
        let (found, since) = attribution::attribute(self);
        self.lineage.since = since;
        for (q, a) in self.quotes.iter_mut().zip(found) {
            q.attribution = a;
        }
    }
}

/// Read a dateline at the start of block `index`, if it has one: a city in
/// capitals (or any city followed by an agency or a dash), an optional
/// state or country, date and agency, then a dash.
pub fn find_dateline(text: &str, block: &Block, index: usize) -> Option<Dateline> {
    // Worked out once per block text: the story-level pass asks on every
    // build.
    let d = block
        .facts
        .dateline
        .get_or_init(|| dateline_in(&text[block.range.clone()]))
        .as_ref()?;
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
