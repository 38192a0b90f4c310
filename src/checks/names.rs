//! `names.*`: names spelled as the house spells them.

use super::{Check, Example, Rule};
use crate::article::names::{similar, People, Spelling, Verdict};
use crate::article::{Article, Role};
use crate::finding::{match_case, Finding, Fix, Severity};
use crate::stylebook::names::HitStatus;
use crate::stylebook::StyleBook;

/// `names.authority`: a spelling the name authority lists as wrong.
pub struct Authority;

static AUTHORITY: &[Rule] = &[Rule {
    id: "names.authority",
    severity: Severity::Error,
    summary: "A name is spelled as the house name authority says it is not.",
    doc: r#"
## What it does
Flags a person, place or organization written in a spelling that the name
authority (the shipped packs and the newsroom's own) lists as wrong, such
as `Kiev` for `Kyiv` or `Zelensky` for `Zelenskyy`, or a known name written
with the wrong capitals (`Mccarthy`). The fix puts in the house spelling and
keeps the writer's case pattern (`KIEV` becomes `KYIV`). Possessives
(`Zelensky's`) are matched; a wrong spelling inside a longer word is not.

## Why
Misspelled names are the most common correctable error in news copy, and
readers notice their own names and cities first. One authority for the
whole desk means one spelling in every story.

## Example
`The mayor of Kiev spoke.` becomes `The mayor of Kyiv spoke.`
"#,
    examples: &[
        Example {
            bad: "The mayor of Kiev spoke on Monday.",
            good: "The mayor of Kyiv spoke on Monday.",
        },
        Example {
            bad: "President Zelensky's office said the talks would go on.",
            good: "President Zelenskyy's office said the talks would go on.",
        },
    ],
}];

/// Roles where names are checked against the authority.
fn checked(role: Role) -> bool {
    !matches!(
        role,
        Role::Code | Role::FrontMatter | Role::Boilerplate | Role::Tag | Role::Other
    )
}

impl Check for Authority {
    fn rules(&self) -> &'static [Rule] {
        AUTHORITY
    }

    fn check(&self, article: &Article, book: &StyleBook, out: &mut Vec<Finding>) {
        for block in &article.blocks {
            if checked(block.role) && block.summary.misspelled {
                authority_findings(article, block, book, out);
            }
        }
    }
}

fn authority_findings(
    article: &Article,
    block: &crate::article::Block,
    book: &StyleBook,
    out: &mut Vec<Finding>,
) {
    let names = &book.names;
    for hit in &block.facts.authority {
        if hit.status == HitStatus::Canonical {
            continue;
        }
        let Some(entry) = names.entries.get(hit.entry as usize) else {
            continue;
        };
        let range = block.abs(&hit.range);
        let found = &article.text[range.clone()];
        let (message, replacement) = match hit.status {
            HitStatus::Variant => {
                let right = match_case(found, &names.replacement_for(entry, found));
                // A short note (a role, an outlet) helps the
                // message; a long description belongs in the hover.
                let note = if entry.note.is_empty() || entry.note.chars().count() > 60 {
                    String::new()
                } else {
                    format!(" ({})", entry.note.trim_end_matches('.'))
                };
                (
                    format!("'{found}' is not the house spelling: use '{right}'{note}."),
                    right,
                )
            }
            _ => (
                format!(
                    "'{found}' is written '{}' in the name authority.",
                    entry.canonical
                ),
                entry.canonical.clone(),
            ),
        };
        let fix = Fix::replace(range.clone(), replacement, true);
        out.push(Finding::new("names.authority", range, Severity::Error, message).with_fix(fix));
    }
}

/// `names.consistency`: one person's name spelled two ways in a story.
pub struct Consistency;

static CONSISTENCY: &[Rule] = &[Rule {
    id: "names.consistency",
    severity: Severity::Error,
    summary: "A person's name is spelled two ways in the same story.",
    doc: r#"
## What it does
Finds the people named in the story with no list at all (capitalized
words, after titles such as `President` or `analyst`, next to attribution
verbs, before possessives; not sentence-opening words, months, days,
countries, cities or organizations) across every region: byline, body,
captions, photo credits and the credit line. It groups the mentions by
family name (the last word of the name) and flags a spelling that looks
like a slip of another one, with a fix to each other spelling, the most
used first.

Two spellings are **the same name written two ways** when, lowercased and
with diacritics taken off:
- they are equal (`Zelenskýy`, `Zelenskyy`), or equal once doubled letters
  are collapsed (`Merriman`, `Merrimann`);
- or they are one edit apart (a letter changed, added or dropped, or two
  neighbours swapped) and the shorter has 5 letters or more, or 3-4 letters
  with the same first and last letter (`Cox`, `Cix`);
- or two edits apart, the shorter has 8 letters or more and both start
  with the same letter.
One spelling being the other plus a final `s` (`Bank`, `Banks`) never
counts.

They are **different people**, and nothing is flagged, when:
- both spellings are in the name authority as right (a full name, or the
  family name of a person it lists); or
- both appear with first names and no first name of one fits one of the
  other (equal, or an initial of it; also one edit apart in names of four
  letters or more when the family names are at most one edit apart):
  `Charles Maynes` and `Jim Haynes`, `Kiichi Miyazawa` and `Koichi
  Miyazaki` are two people each; or
- neither is ever surely a person (written with a first name, after a
  title, next to an attribution verb, in the byline or credit line, or a
  possessive inside a sentence). A spelling that is also part of an
  organization's name in the story (`Hutton` in `Hutton Group Inc`) and
  never written with a first name is not surely a person: it is the
  firm's name.

**A spelling is never flagged** when the authority lists it as right, when
it is used three times or more in the story (a deliberate spelling, such
as `Regan` next to `Reagan`), when it is used twice or more and written
at least once with a first name (`Donald Regan … Regan`: a person of its
own; only a full name the authority knows overrides this), when it is used in lowercase elsewhere in
the story (a common word), or when it is never surely a person and has
fewer than 5 letters (`Late` opening a sentence is not a slip for `Lane`).
The spelling it is compared with must itself be surely a person (so a
slip for a firm's name, `Hutten's` next to `Hutton Group Inc … Hutton
said`, is not taken for a person's).

**Which spelling is flagged**, and how surely:
- when the story writes a full name the authority knows (`Pete Hegseth`)
  and the other spelling's first names, if any, fit it, the authority
  wins: the other is an error with a safe fix (when the other is itself a
  listed wrong variant, `names.authority` reports it instead);
- otherwise a spelling used once or twice loses to one used more often:
  an error when the other is used at least twice as often, a warning
  when not; the fix is offered but not safe (the desk decides);
- on a tie (one `Kakisis`, one `Kakissis`, neither vouched for by the
  authority) each spelling is flagged as a warning naming the other, with
  a fix that is not safe.
- when the evidence is thin the finding is only a suggestion (info), not
  an error or a warning: the flagged spelling is used twice (a slip of
  the keys is seldom made twice the same way: `Marlow says` twice next to
  `Jon Marlowe` four times), or on a tie neither spelling is ever
  introduced, written as a full name (even opening a sentence) or after
  a title (`Dorran said … Doran said`,
  with no `Maria Doran` anywhere: the story gives no way to tell which
  is right, and may be naming two people). The authority's verdict is
  never thin.
Names only in the byline and the credit line, compared with each other,
are left to `names.byline-credit`.

## Why
Misspelled names are the most common correctable error in news copy, and a
name spelled two ways in one story is wrong at least once.

## Example
`Analyst Craig Sloane said … Sloane said … the rate would rise, Sloone
said.`: `Sloone` is flagged, with a fix to `Sloane`.
"#,
    examples: &[Example {
        bad: "# Dollar falls\n\nThe dollar fell, said Craig Sloane, an analyst at a bank.\n\nSloane said the fall would last.\n\nThe rate would rise, Sloone said.\n",
        good: "# Dollar falls\n\nThe dollar fell, said Craig Sloane, an analyst at a bank.\n\nSloane said the fall would last.\n\nThe rate would rise, Sloane said.\n",
    }],
}];

fn only_byline_or_credit(people: &People, s: usize) -> bool {
    people.spellings[s]
        .mentions
        .iter()
        .all(|&m| matches!(people.mentions[m].role, Role::Byline | Role::Credit))
}

impl Check for Consistency {
    fn rules(&self) -> &'static [Rule] {
        CONSISTENCY
    }

    fn check(&self, article: &Article, _: &StyleBook, out: &mut Vec<Finding>) {
        let people = &article.people;
        let text = article.text();
        for inc in people.inconsistencies.iter() {
            let sa = &people.spellings[inc.spelling];
            if sa.authority_variant {
                continue;
            }
            if only_byline_or_credit(people, inc.spelling)
                && inc
                    .instead
                    .iter()
                    .all(|&b| only_byline_or_credit(people, b))
            {
                continue;
            }
            let others: Vec<&Spelling> =
                inc.instead.iter().map(|&b| &people.spellings[b]).collect();
            let severity = match inc.verdict {
                _ if inc.weak => Severity::Info,
                Verdict::Authority | Verdict::Majority => Severity::Error,
                Verdict::Plurality | Verdict::Tie => Severity::Warning,
            };
            for &mi in &sa.mentions {
                let m = &people.mentions[mi];
                if matches!(m.authority, Some((_, HitStatus::Variant))) {
                    continue;
                }
                let range = m.last.clone();
                let found = &text[range.clone()];
                let first = &others[0];
                let message = match inc.verdict {
                    Verdict::Authority => format!(
                        "'{found}' is spelled '{}' elsewhere in this story and in the name authority.",
                        first.text
                    ),
                    Verdict::Majority | Verdict::Plurality => format!(
                        "'{found}' is spelled '{}' {} elsewhere in this story: the same person?",
                        first.text,
                        times(first.count())
                    ),
                    Verdict::Tie => format!(
                        "'{found}' is spelled '{}' elsewhere in this story: one of them is wrong; check which.",
                        first.text
                    ),
                };
                let fixes = others.iter().enumerate().map(|(k, o)| {
                    Fix::replace(
                        range.clone(),
                        match_case(found, &o.text),
                        k == 0 && inc.verdict == Verdict::Authority,
                    )
                });
                out.push(
                    Finding::new("names.consistency", range.clone(), severity, message)
                        .with_fixes(fixes),
                );
            }
        }
    }
}

fn times(n: usize) -> String {
    match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    }
}

/// `names.byline-credit`: the byline and the credit line name the same
/// people, spelled the same way.
pub struct BylineCredit;

static BYLINE_CREDIT: &[Rule] = &[Rule {
    id: "names.byline-credit",
    severity: Severity::Error,
    summary: "A byline name is spelled differently, or missing, in the closing credit line.",
    doc: r#"
## What it does
When a story has both a byline and a closing credit line (`X reported from
Y`), every byline name must appear in the credit line spelled identically,
and every reporter the credit line names as reporting must be in the
byline. A name spelled differently (`By Brian Killen` … `Brian Killon
reported from Chicago.`) is an error on the credit-line name, with a fix to
the byline spelling (not safe: the desk decides, unless the name authority
knows one spelling, which then wins and the fix is safe). A byline name
missing from the credit line, or a reporter in the credit line missing
from the byline, is a warning. People who only `contributed` are not
expected in the byline.

## Why
The byline and the credit line are the two places readers see the
reporters' names; a mismatch is a misspelled colleague.

## Example
`By Brian Killen` … `Brian Killon reported from Chicago.`: `Brian Killon`
is flagged, with a fix to `Brian Killen`.
"#,
    examples: &[Example {
        bad: "# Grain prices rise\n\nBy Brian Killen\n\nCHICAGO (Reuters) — Grain prices rose on Monday.\n\nBrian Killon reported from Chicago.\n",
        good: "# Grain prices rise\n\nBy Brian Killen\n\nCHICAGO (Reuters) — Grain prices rose on Monday.\n\nBrian Killen reported from Chicago.\n",
    }],
}];

/// How close two full names are: one name written two ways when their
/// family names are [`similar`] (or equal) and their first names fit.
fn same_person(a: &str, b: &str) -> bool {
    let wa: Vec<&str> = a.split_whitespace().collect();
    let wb: Vec<&str> = b.split_whitespace().collect();
    let (Some(la), Some(lb)) = (wa.last(), wb.last()) else {
        return false;
    };
    let last_ok = la == lb || similar(la, lb);
    let first_ok = match (wa.first(), wb.first()) {
        (Some(fa), Some(fb)) if wa.len() > 1 && wb.len() > 1 => {
            crate::article::names::first_names_compatible(fa, fb)
        }
        _ => true,
    };
    last_ok && first_ok
}

impl Check for BylineCredit {
    fn rules(&self) -> &'static [Rule] {
        BYLINE_CREDIT
    }

    fn check(&self, article: &Article, book: &StyleBook, out: &mut Vec<Finding>) {
        let (Some(byline), Some(credit)) = (&article.byline, &article.credit) else {
            return;
        };
        if byline.names.is_empty() || credit.names.is_empty() {
            return;
        }
        let text = article.text();
        let known = |name: &str| book.names.lookup(name).is_some();
        let listed_wrong = |r: &std::ops::Range<usize>| {
            article.blocks.iter().any(|b| {
                b.facts.authority.iter().any(|h| {
                    let h2 = b.abs(&h.range);
                    h.status != HitStatus::Canonical && h2.start < r.end && r.start < h2.end
                })
            })
        };
        let credit_text = &text[credit.range.clone()];
        let reported = |n: &crate::article::NameRef| {
            let after = &text[n.range.end..credit.range.end];
            let next: String = after
                .trim_start_matches([',', ' ', '*', '_'])
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect();
            !(credit_text.contains("contributed")
                && !after.contains("reported")
                && next != "reported")
        };
        for bn in &byline.names {
            if credit.names.iter().any(|cn| cn.text == bn.text) {
                continue;
            }
            match credit
                .names
                .iter()
                .find(|cn| same_person(&cn.text, &bn.text))
            {
                Some(cn) => {
                    // The authority's spelling wins; its listed wrong
                    // variants are reported by names.authority.
                    let (wrong, right, safe) = if known(&bn.text) && !known(&cn.text) {
                        (cn, bn, true)
                    } else if known(&cn.text) && !known(&bn.text) {
                        (bn, cn, true)
                    } else {
                        (cn, bn, false)
                    };
                    if listed_wrong(&wrong.range) {
                        continue;
                    }
                    let where_right = if std::ptr::eq(right, bn) {
                        "byline"
                    } else {
                        "credit line"
                    };
                    let where_wrong = if std::ptr::eq(wrong, bn) {
                        "byline"
                    } else {
                        "credit line"
                    };
                    out.push(
                        Finding::new(
                            "names.byline-credit",
                            wrong.range.clone(),
                            Severity::Error,
                            format!(
                                "'{}' in the {where_wrong} is spelled '{}' in the {where_right}.",
                                wrong.text, right.text
                            ),
                        )
                        .with_fix(Fix::replace(
                            wrong.range.clone(),
                            right.text.clone(),
                            safe,
                        )),
                    );
                }
                None => out.push(Finding::new(
                    "names.byline-credit",
                    bn.range.clone(),
                    Severity::Warning,
                    format!("'{}' is in the byline but not in the credit line.", bn.text),
                )),
            }
        }
        for cn in &credit.names {
            if !reported(cn)
                || byline
                    .names
                    .iter()
                    .any(|bn| bn.text == cn.text || same_person(&cn.text, &bn.text))
            {
                continue;
            }
            out.push(Finding::new(
                "names.byline-credit",
                cn.range.clone(),
                Severity::Warning,
                format!(
                    "'{}' reported for the story but is not in the byline.",
                    cn.text
                ),
            ));
        }
    }
}

/// `names.first-reference`, `names.repeated-full-name` and
/// `names.courtesy-title`: how a person is referred to.
pub struct References;

static REFERENCES: &[Rule] = &[
    Rule {
        id: "names.courtesy-title",
        severity: Severity::Warning,
        summary: "A courtesy title (Mr., Mrs., Ms.) outside a quotation.",
        doc: r#"
## What it does
Flags `Mr.`, `Mrs.`, `Ms.` and `Miss` before a name outside quotations,
with a fix that takes the title out (not safe: a later reference may then
need the full name). Houses that use courtesy titles set
`courtesy_titles = true` under `[house]`, and the rule is quiet.

## Why
AP style does not use courtesy titles except in direct quotations; the
last name alone is the later reference.

## Example
`Mr. Baker said the dollar was stable.` becomes `Baker said the dollar was
stable.`
"#,
        examples: &[Example {
            bad: "# Dollar steady\n\nTreasury Secretary James Baker spoke on Monday.\n\nMr. Baker said the dollar was stable.\n",
            good: "# Dollar steady\n\nTreasury Secretary James Baker spoke on Monday.\n\nBaker said the dollar was stable.\n",
        }],
    },
    Rule {
        id: "names.first-reference",
        severity: Severity::Warning,
        summary: "A person is named by last name alone before the full name is given.",
        doc: r#"
## What it does
Flags the first body mention of a person when it is the last name alone
(and no title such as `President` stands before it) while the full name
only comes later. The fix writes the full name there (not safe).
Headlines, captions, bylines and credit lines are left out: they follow
their own rules.

## Why
A reader meets a person by full name first; later references use the last
name alone.

## Example
`Baker said …` then later `Treasury Secretary James Baker` : the first
`Baker` should be `James Baker`.
"#,
        examples: &[Example {
            bad: "# Dollar steady\n\nBaker said the dollar was stable.\n\nThe remarks by James Baker came on Monday.\n",
            good: "# Dollar steady\n\nJames Baker said the dollar was stable.\n\nThe remarks by Baker came on Monday.\n",
        }],
    },
    Rule {
        id: "names.repeated-full-name",
        severity: Severity::Info,
        summary: "A person's full name is repeated after the first reference.",
        doc: r#"
## What it does
Notes a full name used again in the body after the person was already
introduced by full name, with a fix to the last name alone (not safe).
Not reported when two people in the story share the last name.

## Why
AP style uses the last name alone on later references; the repeated full
name is usually left over from editing.

## Example
`James Baker said …` then `James Baker added …`: the second can be
`Baker added …`.
"#,
        examples: &[Example {
            bad: "# Dollar steady\n\nTreasury Secretary James Baker said the dollar was stable.\n\nTalks would go on, James Baker added.\n",
            good: "# Dollar steady\n\nTreasury Secretary James Baker said the dollar was stable.\n\nTalks would go on, Baker added.\n",
        }],
    },
];

impl Check for References {
    fn rules(&self) -> &'static [Rule] {
        REFERENCES
    }

    fn check(&self, article: &Article, book: &StyleBook, out: &mut Vec<Finding>) {
        references(article, book, &article.people, out);
    }
}

/// The References findings of `article`, whose people are `people`.
fn references(
    article: &Article,
    book: &StyleBook,
    people: &crate::article::names::People,
    out: &mut Vec<Finding>,
) {
    let text = article.text();
    // Outer quotations hold the inner ones: a name inside any is inside
    // an outer one, found by a binary search.
    let mut outer: Vec<&std::ops::Range<usize>> = article
        .quotes
        .iter()
        .filter(|q| q.depth == 0)
        .map(|q| &q.inner)
        .collect();
    outer.sort_by_key(|q| q.start);
    let in_quote = |r: &std::ops::Range<usize>| {
        let i = outer.partition_point(|q| q.start <= r.start);
        i > 0 && r.end <= outer[i - 1].end
    };
    // Courtesy titles.
    if !book.house().settings.courtesy_titles {
        for m in &people.mentions {
            let Some(c) = &m.courtesy else { continue };
            if in_quote(c) || !matches!(m.role, Role::Body | Role::Caption | Role::Dek) {
                continue;
            }
            let title = &text[c.clone()];
            let end = if text[c.end..].starts_with(' ') {
                c.end + 1
            } else {
                c.end
            };
            out.push(
                Finding::new(
                    "names.courtesy-title",
                    c.clone(),
                    Severity::Warning,
                    format!("AP style uses no courtesy title ('{title}') outside quotations: use the last name alone."),
                )
                .with_fix(Fix::replace(c.start..end, "", false)),
            );
        }
    }
    // First and later references, per spelling, in the body.
    for s in people.spellings.iter() {
        if !s.person || s.organization {
            continue;
        }
        let mut body: Vec<&crate::article::names::PersonMention> =
            Vec::with_capacity(s.mentions.len());
        body.extend(
            s.mentions
                .iter()
                .map(|&i| &people.mentions[i])
                .filter(|m| m.role == Role::Body),
        );
        let Some(first_full) = body.iter().position(|m| m.first.is_some()) else {
            continue;
        };
        let full_text = &text[body[first_full].range.clone()];
        let one_person = s.first_names.len() == 1;
        if first_full > 0 && one_person {
            let m = body[0];
            if !m.titled && m.courtesy.is_none() && !in_quote(&m.range) && m.range == m.last {
                out.push(
                    Finding::new(
                        "names.first-reference",
                        m.range.clone(),
                        Severity::Warning,
                        format!(
                            "First reference to {full_text}: use the full name here; '{}' alone comes later.",
                            s.text
                        ),
                    )
                    .with_fix(Fix::replace(m.range.clone(), full_text.to_string(), false)),
                );
            }
        }
        if !one_person {
            continue;
        }
        for m in &body[first_full + 1..] {
            if m.range == m.last || in_quote(&m.range) || text[m.range.clone()] != *full_text {
                continue;
            }
            let last = text[m.last.clone()].to_string();
            out.push(
                Finding::new(
                    "names.repeated-full-name",
                    m.range.clone(),
                    Severity::Info,
                    format!("{full_text} was introduced already: later references use '{last}'."),
                )
                .with_fix(Fix::replace(m.range.clone(), last, false)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    /// The first- and later-reference findings of a build that reused
    /// the last version's block facts are a fresh parse's, over random
    /// edits in and around names and quotations.
    #[test]
    fn references_after_edits_are_a_fresh_check() {
        use crate::article::{Article, FactCache};
        use crate::checks::Check;
        use std::sync::Arc;
        let book = StyleBook::builtin().unwrap();
        let check = |a: &Article| {
            let mut out = Vec::new();
            super::References.check(a, &book, &mut out);
            out
        };
        let story = || {
            let mut s = String::from(
                "# Grain talks\n\nBy Anna Reyes\n\n\
                 KYIV, Ukraine (AP) — Officials met on Monday, officials said.\n\n",
            );
            for p in [
                "Prices rose again in the port this week.",
                "The harbor was quiet and the boats stayed in.",
                "Grain went out by rail, at a higher cost.",
                "Melnyk said the port was quiet.",
                "Oksana Melnyk, a trader, said prices rose.",
                "“Oksana Melnyk will not sell,” Melnyk said.",
                "Mr. Kovalenko agreed with her.",
                "Ivan Kovalenko, a farmer, said the grain was late.",
                "The boats stayed in again on Tuesday.",
                "Ivan Kovalenko said again that the grain was late.",
                "“We wait,” Kovalenko said. Oksana Melnyk left.",
            ] {
                s.push_str(p);
                s.push_str("\n\n");
            }
            s
        };
        let snippets = [
            "a", " ", "e", "Melnyk", "Oksana ", "Ivan ", "Mr. ", "“", "”", ",", "", "said", "\n\n",
        ];
        let mut text = story();
        let mut cache = FactCache::default();
        let mut rng = crate::checks::testing::Rng::new(99);
        let (steps, mut found) = (400, 0);
        for step in 0..steps {
            if step % 40 == 0 {
                text = story();
            }
            rng.edit(&mut text, &snippets, 4, 5);
            let article = Article::build(Arc::from(text.as_str()), &book, &mut cache);
            let kept = check(&article);
            let fresh = check(&Article::parse(&text, &book));
            assert_eq!(kept, fresh, "step {step}: {text:?}");
            found += kept.len();
        }
        assert!(found > steps, "only {found} findings in {steps} checks");
    }

    use crate::checks::check_text;
    use crate::stylebook::StyleBook;

    /// A misspelling's wording comes from the style book's entry.
    #[test]
    fn the_wording_follows_the_book() {
        let book = StyleBook::builtin().unwrap();
        let t = "# Talks\n\nThe mayor of Kiev spoke.\n";
        let messages = |book: &StyleBook| -> Vec<String> {
            check_text(t, book)
                .into_iter()
                .filter(|f| f.rule == "names.authority")
                .map(|f| format!("{} {}", f.message, f.fixes[0].edits[0].text))
                .collect()
        };
        let before = messages(&book);
        assert!(before[0].contains("'Kyiv'"), "{before:?}");
        // The same entries, one worded otherwise.
        let mut names = (*book.names).clone();
        let kyiv = names
            .entries
            .iter_mut()
            .find(|e| e.canonical == "Kyiv")
            .unwrap();
        kyiv.note = "German".into();
        let mut changed = book.clone();
        changed.names = std::sync::Arc::new(names);
        let here = messages(&changed);
        assert!(here[0].contains("'Kyiv' (German)"), "{here:?}");
        assert_eq!(messages(&book), before, "and back");
    }

    fn authority(t: &str) -> Vec<(String, String)> {
        let book = StyleBook::builtin().unwrap();
        check_text(t, &book)
            .into_iter()
            .filter(|f| f.rule == "names.authority")
            .map(|f| {
                (
                    t[f.range.clone()].to_string(),
                    f.fixes[0].edits[0].text.to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn kakisis_is_fixed_to_kakissis() {
        assert_eq!(
            authority("# H\n\nJoanna Kakisis reported from Kyiv.\n"),
            vec![("Joanna Kakisis".to_string(), "Joanna Kakissis".to_string())]
        );
    }

    #[test]
    fn case_pattern_is_kept() {
        assert_eq!(
            authority("# H\n\nKIEV, Ukraine (AP) — Text.\n"),
            vec![("KIEV".to_string(), "KYIV".to_string())]
        );
    }

    #[test]
    fn right_spellings_pass() {
        assert!(authority("# H\n\nPresident Volodymyr Zelenskyy spoke in Kyiv.\n").is_empty());
    }
}

#[cfg(test)]
mod rule_tests {
    use super::*;
    use crate::checks::check_text;
    use crate::stylebook::StyleBook;

    fn rules_of(t: &str, book: &StyleBook) -> Vec<(String, String, Severity)> {
        check_text(t, book)
            .into_iter()
            .filter(|f| f.rule.starts_with("names."))
            .map(|f| {
                (
                    f.rule.to_string(),
                    t[f.range.clone()].to_string(),
                    f.severity,
                )
            })
            .collect()
    }

    #[test]
    fn every_example_raises_its_rule_and_its_fix_does_not() {
        let book = StyleBook::builtin().unwrap();
        for rules in [AUTHORITY, CONSISTENCY, BYLINE_CREDIT, REFERENCES] {
            for r in rules {
                for ex in r.examples {
                    let bad = rules_of(ex.bad, &book);
                    assert!(
                        bad.iter().any(|(id, _, _)| id == r.id),
                        "{}: bad example not flagged: {bad:?}",
                        r.id
                    );
                    let good = rules_of(ex.good, &book);
                    assert!(
                        !good.iter().any(|(id, _, _)| id == r.id),
                        "{}: good example flagged: {good:?}",
                        r.id
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod consistency_tests {
    use crate::checks::check_text;
    use crate::finding::Severity;
    use crate::stylebook::StyleBook;

    /// (rule, flagged text, severity, fixes as (text, safe)).
    type Row = (String, String, Severity, Vec<(String, bool)>);

    fn names(t: &str) -> Vec<Row> {
        names_with(t, &StyleBook::builtin().unwrap())
    }

    fn names_with(t: &str, book: &StyleBook) -> Vec<Row> {
        check_text(t, book)
            .into_iter()
            .filter(|f| f.rule.starts_with("names."))
            .map(|f| {
                let fixes = f
                    .fixes
                    .iter()
                    .map(|x| (x.edits[0].text.to_string(), x.safe))
                    .collect();
                (
                    f.rule.to_string(),
                    t[f.range.clone()].to_string(),
                    f.severity,
                    fixes,
                )
            })
            .collect()
    }

    fn rule(rows: &[Row], id: &str) -> Vec<Row> {
        rows.iter().filter(|r| r.0 == id).cloned().collect()
    }

    #[test]
    fn a_one_to_one_tie_flags_both_with_unsafe_fixes() {
        let t = "# Port strike ends\n\nDockworkers voted on Monday, said union leader Mara Ellison.\n\nThe vote was close, Mara Elison said.\n";
        let got = rule(&names(t), "names.consistency");
        assert_eq!(
            got,
            vec![
                (
                    "names.consistency".into(),
                    "Ellison".into(),
                    Severity::Warning,
                    vec![("Elison".into(), false)]
                ),
                (
                    "names.consistency".into(),
                    "Elison".into(),
                    Severity::Warning,
                    vec![("Ellison".into(), false)]
                ),
            ]
        );
    }

    #[test]
    fn a_tie_with_no_introduction_is_only_a_suggestion() {
        let t = "# Rules\n\nThe exchange wants one share, one vote, Dorran said.\n\nThe rule would block takeovers, Doran said.\n";
        let got = rule(&names(t), "names.consistency");
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.iter().all(|r| r.2 == Severity::Info), "{got:?}");
        // Introduced on one side (a full name, even opening a sentence, or
        // a title): a warning.
        let opening = "# Rules\n\nMaria Doran of the exchange wants one share, one vote.\n\nThe rule would block takeovers, Dorran said.\n";
        let got = rule(&names(opening), "names.consistency");
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.iter().all(|r| r.2 == Severity::Warning), "{got:?}");
        for intro in ["Maria Doran", "spokeswoman Doran"] {
            let t = format!("# Rules\n\nThe exchange wants one share, one vote, Dorran said.\n\nThe rule would block takeovers, said {intro}.\n");
            let got = rule(&names(&t), "names.consistency");
            assert_eq!(got.len(), 2, "{got:?}");
            assert!(got.iter().all(|r| r.2 == Severity::Warning), "{got:?}");
        }
    }

    #[test]
    fn a_spelling_used_twice_is_only_a_suggestion() {
        let t = "# Cars\n\nSales will slow, said Jon Marlowe, an analyst at a broker.\n\nMarlowe said strikes were likely. Marlowe said talks would be hard. Marlowe said more.\n\nDealers hold 90 days of cars, Marlow estimates.\n\nMarlow says some plants will close.\n";
        let got = rule(&names(t), "names.consistency");
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got.iter()
                .all(|r| r.1 == "Marlow" && r.2 == Severity::Info && r.3[0].0 == "Marlowe"),
            "{got:?}"
        );
        // Once: an error, as before.
        let once = t.replace("Marlow says", "Marlowe says");
        let got = rule(&names(&once), "names.consistency");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].1.as_str(), got[0].2), ("Marlow", Severity::Error));
    }

    #[test]
    fn a_firms_name_is_not_a_persons() {
        let t = "# Broker\n\nThe bank may sell part of Hutton Group Inc to improve Hutten's access to capital.\n\nHutton said it was studying options. Hutton said no decision was made.\n";
        assert!(
            rule(&names(t), "names.consistency").is_empty(),
            "{:?}",
            names(t)
        );
        // The same family name written with a first name is a person again.
        let t = "# Broker\n\nThe bank may sell part of Hutton Group Inc, said Ed Hutton.\n\nHutton said it was studying options. Hutton said no decision was made. Hutten said more.\n";
        let got = rule(&names(t), "names.consistency");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "Hutten");
    }

    #[test]
    fn the_majority_wins_and_the_most_used_comes_first() {
        let t = "# Rates\n\nAnalyst Norman Quinn said rates would fall.\n\nQuinn said the market would rally. Quinn added that demand was strong.\n\nYields could fall, Quonn said. Quinn agreed with Quinne on one point, said Jo Quinne.\n";
        let got = rule(&names(t), "names.consistency");
        let quonn: Vec<&Row> = got.iter().filter(|r| r.1 == "Quonn").collect();
        assert_eq!(quonn.len(), 1, "{got:?}");
        assert_eq!(quonn[0].2, Severity::Error);
        assert_eq!(quonn[0].3[0], ("Quinn".to_string(), false));
        // `Quinne` has another first name (Jo, not Norman): another person.
        assert!(!got.iter().any(|r| r.1 == "Quinne"), "{got:?}");
    }

    #[test]
    fn different_first_names_are_different_people() {
        let t = "# Two reporters\n\nCharles Maynes reported from Moscow. Jim Haynes reported from Ohio.\n\nMaynes said it was cold. Haynes said it was warm.\n";
        assert!(rule(&names(t), "names.consistency").is_empty());
    }

    #[test]
    fn family_names_two_edits_apart_need_the_same_first_name() {
        let t = "# Yen\n\nFinance Minister Kiichi Miyazawa asked for action.\n\nThe selling is real, said Koichi Miyazaki, a manager at a bank.\n";
        assert!(
            rule(&names(t), "names.consistency").is_empty(),
            "{:?}",
            names(t)
        );
        let t = "# Yen\n\nFinance Minister Kiichi Miyazawa asked for action.\n\nThe selling is real, Kiichi Miyazaki said.\n";
        assert_eq!(
            rule(&names(t), "names.consistency").len(),
            2,
            "a tie: {:?}",
            names(t)
        );
    }

    #[test]
    fn sentence_openers_are_not_first_names() {
        let t = "# Bank\n\nUnlike Amro, the bank grew. Villager Li farms rice.\n\nAmro Bank chief Jan Amro said profits rose. Li Wei said rice was cheap.\n";
        assert!(
            rule(&names(t), "names.first-reference").is_empty(),
            "{:?}",
            names(t)
        );
    }

    #[test]
    fn two_established_spellings_are_two_people() {
        let t = "# Staff shake-up\n\nChief of Staff Donald Regan met President Reagan.\n\nRegan said Reagan was calm. Reagan said Regan was tired.\n\nRegan left, and Reagan stayed. Analysts said Rogan would go too.\n";
        // Twice, with a first name, against a name used far more often.
        let two = "# Report\n\nChief of staff Donald Regan was criticized. Regan may resign.\n\nReagan said. Reagan left. Reagan spoke. Reagan wrote. Reagan met aides.\n";
        assert!(
            rule(&names(two), "names.consistency").is_empty(),
            "{:?}",
            names(two)
        );
        let got = rule(&names(t), "names.consistency");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "Rogan");
        assert_eq!(got[0].3[0].0, "Regan");
    }

    #[test]
    fn the_authority_spelling_wins_with_a_safe_fix() {
        let t = "# NATO\n\nDefense Secretary Pete Hegseth spoke in Brussels.\n\nHegseht said allies must spend more.\n";
        let got = rule(&names(t), "names.consistency");
        assert_eq!(
            got,
            vec![(
                "names.consistency".into(),
                "Hegseht".into(),
                Severity::Error,
                vec![("Hegseth".into(), true)]
            )]
        );
    }

    #[test]
    fn regions_are_compared_caption_against_body() {
        let t = "# Harvest\n\nFarmer Tomasz Wrona checks his wheat.\n\n*Photo: Ana Ruiz/AP*\n\nTomasz Wrona said the harvest was late. Wrona said prices were low.\n\nWronna expects rain, he said.\n";
        let got = rule(&names(t), "names.consistency");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "Wronna");
    }

    #[test]
    fn diacritics_variants_cluster() {
        let t = "# Vote\n\nMayor Jürgen Vogtländer said the vote was fair.\n\nVogtländer said turnout was high. Vogtlander said more would come.\n";
        let got = rule(&names(t), "names.consistency");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            (got[0].1.as_str(), got[0].3[0].0.as_str()),
            ("Vogtlander", "Vogtländer")
        );
    }

    #[test]
    fn sentence_openers_and_common_words_are_not_names() {
        let t = "# Shuffle\n\nChief operating officer Jeffrey Lane got the post of president.\n\nLate last year, the firm was rebuffed. Lane said little.\n\nThe hill was steep, said Amy Hill. Hall of fame players came.\n";
        assert!(
            rule(&names(t), "names.consistency").is_empty(),
            "{:?}",
            names(t)
        );
    }

    #[test]
    fn byline_and_credit_line_must_agree() {
        let t = "# Grain\n\nBy Brian Killen and Ana Ruiz\n\nCHICAGO (Reuters) — Grain rose.\n\nBrian Killon reported from Chicago. Lee Park contributed.\n";
        let got = rule(&names(t), "names.byline-credit");
        assert_eq!(
            got,
            vec![
                (
                    "names.byline-credit".into(),
                    "Ana Ruiz".into(),
                    Severity::Warning,
                    vec![]
                ),
                (
                    "names.byline-credit".into(),
                    "Brian Killon".into(),
                    Severity::Error,
                    vec![("Brian Killen".into(), false)]
                ),
            ]
        );
        // Not reported twice by names.consistency.
        assert!(rule(&names(t), "names.consistency").is_empty());
        // The authority decides which side is wrong; its listed variants are
        // left to names.authority.
        let npr = "# Talks\n\nBy Joanna Kakisis\n\nKYIV, Ukraine — Talks began.\n\nJoanna Kakissis reported from Kyiv.\n";
        let all = names(npr);
        assert!(rule(&all, "names.byline-credit").is_empty(), "{all:?}");
        assert_eq!(rule(&all, "names.authority")[0].1, "Joanna Kakisis");
    }

    #[test]
    fn references_first_full_then_last_and_no_courtesy_titles() {
        let t = "# Dollar\n\nBaker said the dollar was stable.\n\nTreasury Secretary James Baker spoke on Monday. Mr. Baker said “Mr. Volcker agrees.”\n\nJames Baker added that talks would go on.\n";
        let all = names(t);
        let first = rule(&all, "names.first-reference");
        assert_eq!(first.len(), 1);
        assert_eq!(
            (first[0].1.as_str(), first[0].3[0].0.as_str()),
            ("Baker", "James Baker")
        );
        let courtesy = rule(&all, "names.courtesy-title");
        assert_eq!(
            courtesy.len(),
            1,
            "the one inside the quotation is left alone: {courtesy:?}"
        );
        assert_eq!(
            (courtesy[0].1.as_str(), courtesy[0].3[0].0.as_str()),
            ("Mr.", "")
        );
        let repeated = rule(&all, "names.repeated-full-name");
        assert_eq!(repeated.len(), 1);
        assert_eq!(repeated[0].2, Severity::Info);
        // A house that uses courtesy titles.
        let mut book = StyleBook::builtin().unwrap();
        let mut house = (**book.house()).clone();
        house.settings.courtesy_titles = true;
        book.set_house(house);
        assert!(rule(&names_with(t, &book), "names.courtesy-title").is_empty());
    }

    #[test]
    fn messy_input_never_panics() {
        let book = StyleBook::builtin().unwrap();
        for t in [
            "By Ана Іваненко\r\n\r\nКИЇВ — Текст.\r\n\r\nАна Іваненко reported from Kyiv.\r\n",
            "# 🙂\n\nMr. 🙂 said “Ms.”\n\nO’Brien’s O'Brien Zelenskýy’s Kyïv.\n",
            "By\n\n[A](#)\n\n,\n\n[B](#)\n\nA reported from B.",
            "Mr.",
            "",
        ] {
            let _ = names_with(t, &book);
        }
    }
}
