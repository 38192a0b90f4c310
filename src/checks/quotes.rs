//! `quotes.*`: quotation marks and attribution.
//!
//! The marks come from each block's `QuoteScan` and the speakers from the
//! attribution pass (`article::attribution`); the rules here are cheap
//! loops over those facts.

use super::{Check, Example, Rule};
use crate::article::attribution::{self, next_body, prev_body, Link, SpeakerKind};
use crate::article::quotes::{MarkKind, MarkStyle};
use crate::article::{Article, Role};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::stylebook::StyleBook;

/// Every `quotes.*` rule, found in one pass over the article.
pub struct Quotes;

static RULES: &[Rule] = &[
    Rule {
        id: "quotes.inverted",
        severity: Severity::Warning,
        summary: "Attribution with the pronoun after the verb (`said he`).",
        doc: r#"
## What it does
Flags a pronoun placed after its attribution verb at the end of a clause
(`"We will win," said he.`) and offers to put it first (`he said`). A name
after the verb (`said Smith`) is left alone, and so is `said they would go`,
where the pronoun starts a new clause.

## Why
AP puts the pronoun before the verb: `said he` reads as archaic or arch.

## Example
`"We will win," said he.` becomes `"We will win," he said.`
"#,
        examples: &[Example {
            bad: "The mayor spoke at the docks on Tuesday.\n\n\"We will rebuild the pier by summer,\" said she.\n",
            good: "The mayor spoke at the docks on Tuesday.\n\n\"We will rebuild the pier by summer,\" she said.\n",
        }],
    },
    Rule {
        id: "quotes.marks",
        severity: Severity::Info,
        summary: "Straight and typographic quotation marks mixed in one story, or double marks in a headline.",
        doc: r#"
## What it does
Counts the quotation marks and apostrophes of the story. When straight
(`"`, `'`) and typographic (`“ ” ‘ ’`) marks are both used, flags each mark
of the minority style, with a safe fix to the majority style. Also flags
double quotation marks in a headline: AP headlines use single marks.

## Why
Copy pasted from several sources mixes mark styles; a published page
should use one. The fix picks the style most of the story already uses.

## Example
In a story written with typographic marks, `"peace"` becomes `“peace”`.
"#,
        examples: &[Example {
            bad: "The talks ended on Friday.\n\n“We want peace,” Ruiz said. \"We are tired,\" she added. “Very tired.”\n",
            good: "The talks ended on Friday.\n\n“We want peace,” Ruiz said. “We are tired,” she added. “Very tired.”\n",
        }],
    },
    Rule {
        id: "quotes.nested",
        severity: Severity::Info,
        summary: "Double quotation marks inside a double-quoted passage.",
        doc: r#"
## What it does
Flags a quotation in double marks inside another double-quoted passage and
offers single marks for the inner one.

## Why
AP sets a quote within a quote in single marks; double inside double
leaves the reader unable to tell where either ends.

## Example
`"He told me "never again," and left," she said.` becomes
`"He told me 'never again,' and left," she said.`
"#,
        examples: &[Example {
            bad: "The hearing ran late.\n\n“He told me “never again,” and then he left,” Ruiz said.\n",
            good: "The hearing ran late.\n\n“He told me ‘never again,’ and then he left,” Ruiz said.\n",
        }],
    },
    Rule {
        id: "quotes.punctuation",
        severity: Severity::Warning,
        summary: "A period or comma outside a closing quotation mark.",
        doc: r#"
## What it does
Flags a period or comma placed after a closing quotation mark and offers
(as a safe fix) to move it inside. A question or exclamation mark is left
alone, except after a quotation that opens its sentence, where it belongs
to the quotation (`"Are you coming"?`).

## Why
In American style, periods and commas always go inside quotation marks;
question and exclamation marks go inside only when they belong to the
quoted matter.

## Example
`He called for "peace".` becomes `He called for "peace."`
"#,
        examples: &[Example {
            bad: "The talks ended on Friday.\n\n\"We want a lasting peace\", Ruiz said.\n",
            good: "The talks ended on Friday.\n\n\"We want a lasting peace,\" Ruiz said.\n",
        }],
    },
    Rule {
        id: "quotes.tense",
        severity: Severity::Info,
        summary: "`said` and `says` both used for attribution in one story.",
        doc: r#"
## What it does
When a story attributes with both `said` and `says`, flags the ones that
differ from the house preference (`[house] attribution = "said"`, `"says"`,
or `"either"`, which flags the minority). Only attribution to people is
counted: `the report says` is a description of a document, not a tense
choice.

## Why
A story should keep one tense of attribution; AP uses `said`. Mixing them
usually means two drafts were merged.

## Example
`"We are ready," Ruiz said. … "It will work," Bell says.` becomes `… Bell said.`
"#,
        examples: &[Example {
            bad: "The talks ended on Friday.\n\n\"We are ready to sign,\" Ruiz said.\n\n\"It will hold for years,\" Bell says.\n",
            good: "The talks ended on Friday.\n\n\"We are ready to sign,\" Ruiz said.\n\n\"It will hold for years,\" Bell said.\n",
        }],
    },
    Rule {
        id: "quotes.unattributed",
        severity: Severity::Warning,
        summary: "A quotation that no one is credited with.",
        doc: r#"
## What it does
Flags a quotation in body text with no attribution (`said`, `told`,
`according to`, `wrote`…) in its sentence, in the sentence before or
after it, or elsewhere in its paragraph, that does not continue the
previous paragraph's quotation (AP: a quoted paragraph that goes on leaves
its closing mark off) and is not introduced by the paragraph before (`He
said:`). Scare quotes and coinages (a few words inside a sentence, such as
`a "very substantive" call`), titles of works, and quotations in
headlines and captions are not flagged.

## Why
Every quotation needs a speaker the reader can see. A paraphrase in the
paragraph before does not attribute a quotation that stands alone: the
reader cannot tell who said it, and neither can a lawyer.

## Example
`"Nobody expects a deal before the summer."` standing alone after a
paraphrase becomes `"Nobody expects a deal before the summer," the
minister said.`
"#,
        examples: &[Example {
            bad: "The minister said the talks would resume in May.\n\n\"Nobody expects a deal before the summer is over.\"\n",
            good: "The minister said the talks would resume in May.\n\n\"Nobody expects a deal before the summer is over,\" she said.\n",
        }],
    },
    Rule {
        id: "quotes.unbalanced",
        severity: Severity::Error,
        summary: "A quotation mark opened and never closed, or closed and never opened.",
        doc: r#"
## What it does
Within each paragraph, matches opening and closing quotation marks
(straight and typographic, single marks inside double) and flags a
quotation left open or a closing mark with nothing to close. Apostrophes
(`Kyiv’s`, `’90s`, `rock ’n’ roll`, `the workers’ union`) never count.
The AP continuation rule is honored: a quoted paragraph that runs on into
the next leaves its closing mark off when the next paragraph reopens with
a quotation mark.

## Why
A lost closing mark turns the reporter's words into the source's, or the
source's into the reporter's: the error readers and lawyers notice.

## Example
`"We are considering selling the group, Nelson said.` becomes
`"We are considering selling the group," Nelson said.`
"#,
        examples: &[Example {
            bad: "The board met on Monday.\n\n\"We are considering selling the group, Nelson said.\n",
            good: "The board met on Monday.\n\n\"We are considering selling the group,\" Nelson said.\n",
        }],
    },
    Rule {
        id: "quotes.verb",
        severity: Severity::Warning,
        summary: "A loaded verb attributes a quotation; AP prefers `said`.",
        doc: r#"
## What it does
Flags an attribution verb from the style book's `loaded_verbs` list
(`claimed`, `admitted`, `insisted`, `noted`, `pointed out`, `stated`,
`exclaimed`, `smiled`, `laughed`…) when it attributes a quotation in its
sentence, and suggests `said` (or `says`). The fix is not applied
automatically: sometimes the loaded verb is the point. Other uses of the
same words (`she noted the decline`, `Putin has insisted that…` with no
quotation) are not flagged.

## Why
`Claimed` casts doubt, `admitted` implies guilt, `insisted` implies
stubbornness; `said` is neutral. One cannot smile or laugh a sentence.

## Example
`"We will win," she claimed.` becomes `"We will win," she said.`
"#,
        examples: &[Example {
            bad: "The vote was held on Monday.\n\n\"The count was fair from start to finish,\" the governor claimed.\n",
            good: "The vote was held on Monday.\n\n\"The count was fair from start to finish,\" the governor said.\n",
        }],
    },
];

impl Check for Quotes {
    fn rules(&self) -> &'static [Rule] {
        RULES
    }

    fn check(&self, article: &Article, book: &StyleBook, out: &mut Vec<Finding>) {
        let counts = mark_counts(article);
        for (i, b) in article.blocks.iter().enumerate() {
            // Every finding of `block_findings` is at a mark, a quotation
            // or an attribution: a block with none has none.
            if b.summary.quoting && marked(b.role) {
                block_findings(article, i, counts, out);
            }
        }
        tense(article, book, out);
    }
}

/// Every `quotes.*` finding in block `i` but `quotes.tense` (which weighs
/// the whole story).
fn block_findings(article: &Article, i: usize, counts: (usize, usize), out: &mut Vec<Finding>) {
    unbalanced(article, i, out);
    marks(article, i, counts, out);
    nested(article, i, out);
    punctuation(article, i, out);
    unattributed(article, i, out);
    verbs(article, i, out);
    inverted(article, i, out);
}

/// The quotations of block `i` (in `article.quotes`, which is in block
/// order).
fn quotes_of(article: &Article, i: usize) -> &[crate::article::Quotation] {
    &article.quotes[article.blocks[i].quotes.clone()]
}

/// Who speaks the outer quotation of block `block` (starting at `start`,
/// or its first), when its own sentence or the next says: lowercased.
fn speaker_of(article: &Article, block: usize, start: Option<usize>) -> Option<String> {
    quotes_of(article, block)
        .iter()
        .find(|o| o.depth == 0 && start.is_none_or(|s| o.range.start == s))
        .and_then(|o| o.attribution.as_ref())
        .filter(|a| matches!(a.link, Link::Sentence | Link::Adjacent))
        .and_then(|a| a.speaker.as_ref())
        .map(|s| s.to_lowercase())
}

/// How many straight and typographic marks (apostrophes too) the story's
/// marked blocks hold.
fn mark_counts(article: &Article) -> (usize, usize) {
    article
        .blocks
        .iter()
        .filter(|b| marked(b.role))
        .fold((0, 0), |(s, c), b| {
            let (bs, bc) = b.summary.marks;
            (s + bs as usize, c + bc as usize)
        })
}

/// Roles whose quotation marks are checked.
fn marked(role: Role) -> bool {
    matches!(
        role,
        Role::Body | Role::Headline | Role::Dek | Role::Caption | Role::Heading | Role::Credit
    )
}

fn unbalanced(article: &Article, i: usize, out: &mut Vec<Finding>) {
    let b = &article.blocks[i];
    let scan = &b.facts.quotes;
    for m in &scan.stray_closes {
        let r = b.abs(&(m.offset..m.offset + m.ch.len_utf8()));
        out.push(Finding::new(
            "quotes.unbalanced",
            r,
            Severity::Error,
            format!(
                "This closing quotation mark ({}) has no opening mark before it in the paragraph.",
                m.ch
            ),
        ));
    }
    let block_end = b.range.len();
    for q in &scan.quotes {
        if q.close.is_some() {
            continue;
        }
        let open_r = b.abs(&(q.range.start..q.range.start + q.open.len_utf8()));
        if q.range.end >= block_end && q.depth == 0 {
            // AP continuation: the next paragraph reopens the quote.
            let next = next_body(article, i);
            // …unless the open quotation holds its own attribution
            // ("We will sell, Nelson said."): then its closing mark
            // was lost, and the next quotation is a new one.
            let text = &article.text[b.range.clone()];
            let tagged = b.facts.attribution.hits.iter().any(|h| {
                let Some(sp) = &h.speaker else { return false };
                let first = h.range.start.min(sp.range.start);
                first > q.range.start
                    && !h.loaded
                    && text[q.range.start..first]
                        .trim_end()
                        .ends_with([',', '?', '!'])
            });
            // …or when the next paragraph's quotation is someone
            // else's: a continuation keeps its speaker.
            let other_speaker = next.is_some_and(|j| {
                match (
                    speaker_of(article, i, Some(b.range.start + q.range.start)),
                    speaker_of(article, j, None),
                ) {
                    (Some(a), Some(c)) => a != c,
                    _ => false,
                }
            });
            if b.role == Role::Body
                && !tagged
                && !other_speaker
                && next.is_some_and(|j| attribution::starts_with_quote(article, j))
            {
                continue;
            }
            out.push(Finding::new(
                "quotes.unbalanced",
                open_r,
                Severity::Error,
                format!(
                    "This quotation ({}) is never closed: add the closing mark, or, if the quotation continues \
                     into the next paragraph, open that paragraph with a quotation mark.",
                    q.open
                ),
            ));
        } else if q.range.end < block_end {
            // An inner quotation left open when its enclosing one closed.
            out.push(Finding::new(
                "quotes.unbalanced",
                open_r,
                Severity::Error,
                format!(
                    "This quotation within a quotation ({}) is not closed before the outer quotation ends.",
                    q.open
                ),
            ));
        }
    }
}

fn curly_for(kind: MarkKind, opening: bool) -> char {
    match (kind, opening) {
        (MarkKind::Double, true) => '“',
        (MarkKind::Double, false) => '”',
        (MarkKind::Single, true) => '‘',
        (MarkKind::Single, false) => '’',
    }
}

fn straight_for(kind: MarkKind) -> char {
    match kind {
        MarkKind::Double => '"',
        MarkKind::Single => '\'',
    }
}

fn marks(article: &Article, i: usize, (straight, curly): (usize, usize), out: &mut Vec<Finding>) {
    // (absolute offset, char, replacement if straight→curly, replacement if curly→straight, style)
    let mut all: Vec<(usize, char, char, char, MarkStyle)> = Vec::new();
    let b = &article.blocks[i];
    let scan = &b.facts.quotes;
    for m in &scan.marks {
        all.push((
            b.range.start + m.offset,
            m.ch,
            curly_for(m.kind, m.opening),
            straight_for(m.kind),
            m.style,
        ));
    }
    for &(off, ch) in &scan.apostrophes {
        let style = if ch == '\'' {
            MarkStyle::Straight
        } else {
            MarkStyle::Curly
        };
        all.push((b.range.start + off, ch, '’', '\'', style));
    }
    if b.role == Role::Headline {
        for q in scan
            .quotes
            .iter()
            .filter(|q| q.kind == MarkKind::Double && q.depth == 0)
        {
            out.push(
                Finding::new(
                    "quotes.marks",
                    b.abs(&q.range),
                    Severity::Info,
                    "AP headlines use single quotation marks.",
                )
                .with_fix(single_marks(b, q)),
            );
        }
    }
    if straight == 0 || curly == 0 {
        return;
    }
    let (minority, name, target_name) = if curly >= straight {
        (MarkStyle::Straight, "straight", "typographic")
    } else {
        (MarkStyle::Curly, "typographic", "straight")
    };
    for &(off, ch, to_curly, to_straight, style) in &all {
        if style != minority {
            continue;
        }
        let to = if minority == MarkStyle::Straight {
            to_curly
        } else {
            to_straight
        };
        let r = off..off + ch.len_utf8();
        out.push(
            Finding::new(
                "quotes.marks",
                r.clone(),
                Severity::Info,
                format!(
                    "This {name} mark ({ch}) differs from the story's {target_name} marks ({straight} straight, {curly} typographic)."
                ),
            )
            .with_fix(Fix::replace(r, to.to_string(), true)),
        );
    }
}

/// Change quotation `q` of block `b` to single marks (safe).
fn single_marks(b: &crate::article::Block, q: &crate::article::quotes::QuoteSpan) -> Fix {
    let single = |c: char| match c {
        '“' => '‘',
        '”' => '’',
        _ => '\'',
    };
    let open = b.abs(&(q.range.start..q.range.start + q.open.len_utf8()));
    let mut edits = vec![Edit::new(open, single(q.open).to_string())];
    if let Some(c) = q.close {
        let at = b.range.start + q.range.end - c.len_utf8();
        edits.push(Edit::new(at..at + c.len_utf8(), single(c).to_string()));
    }
    Fix {
        title: "Use single quotation marks".into(),
        edits,
        safe: true,
    }
}

fn nested(article: &Article, i: usize, out: &mut Vec<Finding>) {
    let b = &article.blocks[i];
    let qs = &b.facts.quotes.quotes;
    for q in qs
        .iter()
        .filter(|q| q.depth >= 1 && q.kind == MarkKind::Double)
    {
        // Only inside an outer double quotation that is itself closed:
        // otherwise the "inner" one is more likely a lost closing mark.
        let parent = qs.iter().find(|p| {
            p.depth + 1 == q.depth && p.range.start < q.range.start && q.range.end <= p.range.end
        });
        let Some(parent) = parent else { continue };
        if parent.kind != MarkKind::Double || parent.close.is_none() || q.close.is_none() {
            continue;
        }
        out.push(
            Finding::new(
                "quotes.nested",
                b.abs(&q.range),
                Severity::Info,
                "A quotation within a quotation takes single marks.",
            )
            .with_fix(single_marks(b, q)),
        );
    }
}

fn punctuation(article: &Article, i: usize, out: &mut Vec<Finding>) {
    let b = &article.blocks[i];
    let text = &article.text[b.range.clone()];
    for q in &b.facts.quotes.quotes {
        let Some(close) = q.close else { continue };
        let after = &text[q.range.end..];
        let Some(p) = after.chars().next() else {
            continue;
        };
        let inner = text[q.inner.clone()].trim_end();
        let inner_punct = inner.ends_with(['.', ',', '?', '!', ';', ':', '…']);
        let close_r = b.abs(&(q.range.end - close.len_utf8()..q.range.end));
        let r = close_r.start..close_r.end + p.len_utf8();
        match p {
            '.' | ',' => {
                if after.starts_with("...") || after.starts_with(".,") {
                    continue;
                }
                if inner_punct {
                    if p == '.' && inner.ends_with(['?', '!', '.']) {
                        out.push(
                            Finding::new(
                                "quotes.punctuation",
                                r.clone(),
                                Severity::Warning,
                                "The quotation already ends the sentence; drop the period after the closing mark.",
                            )
                            .with_fix(Fix::replace(r, close.to_string(), false)),
                        );
                    }
                    continue;
                }
                out.push(
                    Finding::new(
                        "quotes.punctuation",
                        r.clone(),
                        Severity::Warning,
                        format!(
                            "The {} goes inside the closing quotation mark.",
                            if p == '.' { "period" } else { "comma" }
                        ),
                    )
                    .with_fix(Fix::replace(r, format!("{p}{close}"), true)),
                );
            }
            '?' | '!' if q.depth == 0 && !inner_punct => {
                // Misplaced only when the quotation opens its sentence:
                // then the question is the quotation's.
                let before = text[..q.range.start]
                    .trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '_');
                let opens_sentence = before.is_empty() || before.ends_with(['.', '?', '!', ':']);
                if opens_sentence
                    && after[p.len_utf8()..]
                        .chars()
                        .next()
                        .is_none_or(|c| c.is_whitespace() || c == ',')
                {
                    out.push(
                        Finding::new(
                            "quotes.punctuation",
                            r.clone(),
                            Severity::Warning,
                            format!("The quotation is the whole sentence, so its {p} goes inside the closing mark."),
                        )
                        .with_fix(Fix::replace(r, format!("{p}{close}"), false)),
                    );
                }
            }
            _ => {}
        }
    }
}

fn unattributed(article: &Article, i: usize, out: &mut Vec<Finding>) {
    for q in quotes_of(article, i) {
        if q.attribution.is_some() || !attribution::wants_attribution(article, q) {
            continue;
        }
        // A continuation paragraph is reported once, at the head of the
        // chain.
        let prev = prev_body(article, q.block);
        if prev.is_some_and(|p| attribution::continues(article, p, q.block)) && {
            let b = &article.blocks[q.block];
            b.facts
                .quotes
                .quotes
                .iter()
                .find(|o| o.depth == 0)
                .map(|o| b.abs(&o.range))
                == Some(q.range.clone())
        } {
            continue;
        }
        out.push(Finding::new(
            "quotes.unattributed",
            q.range.clone(),
            Severity::Warning,
            "No one is credited with this quotation: add attribution (`said`, `told`, `according to`) in its sentence or paragraph.",
        ));
    }
}

/// `said` or `says` in the tense of a loaded verb.
fn neutral_for(verb: &str) -> &'static str {
    let head = verb.split_whitespace().next().unwrap_or(verb);
    if head.ends_with('s') && !head.ends_with("ss") {
        "says"
    } else {
        "said"
    }
}

fn verbs(article: &Article, i: usize, out: &mut Vec<Finding>) {
    // A Sentence attribution is in its quotation's own block, so one seen
    // per block is one seen per story.
    let mut seen = Vec::new();
    for q in quotes_of(article, i) {
        let Some(a) = &q.attribution else { continue };
        if !a.loaded
            || a.link != Link::Sentence
            || q.depth != 0
            || article.blocks[q.block].role != Role::Body
        {
            continue;
        }
        let inner = &article.text[q.inner.clone()];
        // A scare quote or a title is not what the verb attributes, unless
        // the verb stands right beside it.
        let gap = if a.range.start >= q.range.end {
            &article.text[q.range.end..a.range.start]
        } else {
            &article.text[a.range.end.min(q.range.start)..q.range.start]
        };
        // Beside: a dialogue tag (`"Sure," he laughed.`) or a lead-in
        // (`He laughed: "Sure."`), not a verb with its own object between
        // (`admitted 200 members, the "largest intake ever."`).
        let words = gap
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        let after = a.range.start >= q.range.end;
        let beside = !gap.contains(['.', '?', '!'])
            && if after {
                words <= 4
            } else {
                words == 0 && gap.trim().is_empty()
                    || gap.trim_end().ends_with([',', ':']) && words <= 1
            };
        if !(attribution::wants_attribution(article, q)
            || beside && inner.split_whitespace().count() > 0)
        {
            continue;
        }
        if seen.contains(&a.range) {
            continue;
        }
        seen.push(a.range.clone());
        let to = neutral_for(&a.verb);
        let written = &article.text[a.range.clone()];
        out.push(
            Finding::new(
                "quotes.verb",
                a.range.clone(),
                Severity::Warning,
                format!("'{written}' colors the quotation; AP prefers the neutral '{to}'."),
            )
            .with_fix(Fix::replace(a.range.clone(), to, false)),
        );
    }
}

fn tense(article: &Article, book: &StyleBook, out: &mut Vec<Finding>) {
    // A story that uses only one of the two has nothing to mix: the
    // blocks' summaries count both, so that no paragraph's facts are
    // read then.
    let body = || article.blocks.iter().filter(|b| b.role == Role::Body);
    let (n_said, n_says) = body().fold((0, 0), |(a, b), bl| {
        (a + bl.summary.tense.0, b + bl.summary.tense.1)
    });
    if n_said == 0 || n_says == 0 {
        return;
    }
    let target = match book.house().settings.attribution.as_str() {
        "says" => "says",
        "either" => {
            if n_said == n_says {
                return;
            }
            if n_said > n_says {
                "said"
            } else {
                "says"
            }
        }
        _ => "said",
    };
    let (n_target, n_wrong) = if target == "said" {
        (n_said, n_says)
    } else {
        (n_says, n_said)
    };
    // Only the paragraphs that use the other tense are read: each one's
    // own `said` and `says` are kept with its facts.
    let mut wrong = Vec::new();
    for b in body() {
        let (said, says) = b.summary.tense;
        if (if target == "said" { says } else { said }) == 0 {
            continue;
        }
        let own = &b.facts.tense;
        let hits = if target == "said" { &own.1 } else { &own.0 };
        wrong.extend(hits.iter().map(|r| b.abs(r)));
    }
    for r in wrong {
        let w = &article.text[r.clone()];
        let to = crate::finding::match_case(w, target);
        out.push(
            Finding::new(
                "quotes.tense",
                r.clone(),
                Severity::Info,
                format!(
                    "The story attributes with '{target}' {n_target} time(s) and '{w}' {n_wrong} time(s); keep one tense ('{target}')."
                ),
            )
            .with_fix(Fix::replace(r.clone(), to, false)),
        );
    }
}

fn inverted(article: &Article, i: usize, out: &mut Vec<Finding>) {
    let b = &article.blocks[i];
    if !matches!(b.role, Role::Body | Role::Caption) {
        return;
    }
    let text = &article.text[b.range.clone()];
    for h in &b.facts.attribution.hits {
        let Some(sp) = &h.speaker else { continue };
        if !h.inverted || sp.kind != SpeakerKind::Pronoun || h.loaded {
            continue;
        }
        let verb = &text[h.range.clone()];
        let pron = &text[sp.range.clone()];
        let cap = verb.chars().next().is_some_and(char::is_uppercase);
        let mut p = if pron == "I" {
            "I".to_string()
        } else {
            pron.to_lowercase()
        };
        if cap {
            p = crate::finding::match_case("He", &p);
        }
        let v = if cap {
            verb.to_lowercase()
        } else {
            verb.to_string()
        };
        let r = b.abs(&(h.range.start..sp.range.end));
        let to = format!("{p} {v}");
        out.push(
            Finding::new(
                "quotes.inverted",
                r.clone(),
                Severity::Warning,
                format!("Put the pronoun first: '{to}'."),
            )
            .with_fix(Fix::replace(r, to, true)),
        );
    }
}

#[cfg(test)]
mod tests;
