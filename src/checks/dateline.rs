//! `dateline.*`: the dateline in house form (AP by default).
//!
//! The anatomy finds the dateline (`article::find_dateline`): a city, an
//! optional state or country, date and agency, then a dash, at the start
//! of the first body paragraph. This check judges each part against the
//! house lists (`standalone_us`, `standalone_intl`, `standalone_regions`,
//! `us_cities`, `world_cities`, `countries`, `agencies`, the `[[state]]`
//! rows) and settings (`agency`, `require_agency`, `dateline_date`), and
//! looks for a dateline-looking opening in later paragraphs.
//!
//! A dateline is judged only when it is sure to be one: it has an agency
//! in parentheses, or a city or region the lists know. A lead that merely
//! opens with capitals and a dash (`EDITOR'S NOTE — …`) is left alone.

use super::{Check, Example, Rule};
use crate::article::{find_dateline, Article, Dateline};
use crate::finding::{Finding, Fix, Severity};
use crate::stylebook::lexicon::place_key;
use crate::stylebook::{House, State, StyleBook};
use std::ops::Range;

/// Every `dateline.*` rule.
pub struct Datelines;

static RULES: &[Rule] = &[
    Rule {
        id: "dateline.agency",
        severity: Severity::Warning,
        summary: "The dateline lacks the agency the house requires, or names another.",
        doc: r#"
## What it does
When the house sets `require_agency = true`, flags a dateline with no agency
in parentheses; when it sets `agency` (say `"AP"`), flags a dateline naming
a different one. The fix puts in the house agency. By default any wire
agency is accepted and none is required; a known agency written in the
wrong case (`(Ap)`, `(REUTERS)`) is put in the form the `agencies` list
gives.

## Why
The agency in the dateline tells the reader who gathered the story. AP
writes `CITY (AP) —` on every story it distributes; a member paper running
wire copy must keep the credit, and its own staff stories must not carry it.

## Example
With `agency = "AP"` and `require_agency = true`, `HOUSTON — The council
met.` becomes `HOUSTON (AP) — The council met.` With any settings, a known
agency in the wrong case (`(Ap)`) becomes `(AP)`.
"#,
        examples: &[Example {
            bad: "HOUSTON (Ap) — The city council delayed a vote on the budget Tuesday.",
            good: "HOUSTON (AP) — The city council delayed a vote on the budget Tuesday.",
        }],
    },
    Rule {
        id: "dateline.caps",
        severity: Severity::Warning,
        summary: "The dateline city is not in capitals.",
        doc: r#"
## What it does
Flags a dateline city written in upper and lower case (`Houston (AP) —`)
and offers it in capitals (`HOUSTON (AP) —`). The state or country after
it keeps its normal case.

## Why
AP sets the dateline city in capital letters so the reader sees at a
glance where the story was reported, apart from the story itself.

## Example
`Houston (AP) — The council met.` becomes `HOUSTON (AP) — The council met.`
"#,
        examples: &[Example {
            bad: "Houston (AP) — The city council delayed a vote on the budget Tuesday.",
            good: "HOUSTON (AP) — The city council delayed a vote on the budget Tuesday.",
        }],
    },
    Rule {
        id: "dateline.dash",
        severity: Severity::Warning,
        summary: "The dateline ends in something other than a spaced em dash.",
        doc: r#"
## What it does
Flags a dateline that ends in a hyphen, an en dash, a double hyphen or a
colon, an em dash without a space on each side, or no dash at all after the
agency, and offers ` — ` (a space, an em dash, a space).

## Why
AP separates the dateline from the story with an em dash set off by
spaces. A hyphen or en dash is a typing shortcut that reads as a different
mark, and a missing space runs the dateline into the first word.

## Example
`NEW YORK (AP) - Stocks rose.` becomes `NEW YORK (AP) — Stocks rose.`
"#,
        examples: &[
            Example {
                bad: "NEW YORK (AP) - Stocks rose sharply on Monday after the report.",
                good: "NEW YORK (AP) — Stocks rose sharply on Monday after the report.",
            },
            Example {
                bad: "CHICAGO (Reuters)—Grain futures fell on Tuesday.",
                good: "CHICAGO (Reuters) — Grain futures fell on Tuesday.",
            },
        ],
    },
    Rule {
        id: "dateline.date",
        severity: Severity::Warning,
        summary: "A date is left in the dateline.",
        doc: r#"
## What it does
Flags a date in the dateline (`FRANKFURT, March 9 —`) and offers to take it
out. A house that dates its datelines sets `dateline_date = true`.

## Why
AP stopped putting dates in datelines: the day belongs in the story
(`said Monday`), where it can be checked against the events it dates, and
a dated dateline goes stale when a story runs again.

## Example
`FRANKFURT, March 9 — Shares fell.` becomes `FRANKFURT — Shares fell.`
"#,
        examples: &[Example {
            bad: "FRANKFURT, March 9 — Shares in the bank fell sharply on Monday.",
            good: "FRANKFURT, Germany — Shares in the bank fell sharply on Monday.",
        }],
    },
    Rule {
        id: "dateline.misplaced",
        severity: Severity::Warning,
        summary: "A paragraph after the first opens like a dateline.",
        doc: r#"
## What it does
Flags a body paragraph after the first that opens with a dateline
(`LONDON (Reuters) —`): a second story pasted in, a dateline left behind
when paragraphs were moved, or a lede that slipped below other text.

## Why
A story has one dateline, at the start of its first paragraph; a reader
who meets another mid-story takes it for a new story or a new place.

## Example
A third paragraph opening `LONDON (Reuters) — Shares fell.` is flagged;
the fix removes the dateline.
"#,
        examples: &[Example {
            bad: "# Markets slip\n\nTOKYO (AP) — Shares fell on Monday.\n\nLONDON (AP) — Shares in Europe fell too.\n",
            good: "# Markets slip\n\nTOKYO (AP) — Shares fell on Monday.\n\nShares in Europe fell too.\n",
        }],
    },
    Rule {
        id: "dateline.no-region",
        severity: Severity::Warning,
        summary: "A dateline city that does not stand alone has no state or country.",
        doc: r#"
## What it does
Flags a dateline city that the house lists say is not a stand-alone city
and has no state or country after it: a U.S. city from `us_cities`
(`PORTLAND (AP) —`) or a city abroad from `world_cities` (`MANILA —`). The
fix adds the state in AP form or the country; when the name is shared
(Portland, Ore., and Portland, Maine) each is offered and none applied.

## Why
Only the cities on AP's stand-alone lists are known well enough to stand
alone. Elsewhere readers need the state or country to know which Portland
or Springfield the story comes from.

## Example
`DES MOINES (AP) — The …` becomes `DES MOINES, Iowa (AP) — The …`
"#,
        examples: &[Example {
            bad: "DES MOINES (AP) — Farmers gathered at the statehouse on Monday.",
            good: "DES MOINES, Iowa (AP) — Farmers gathered at the statehouse on Monday.",
        }],
    },
    Rule {
        id: "dateline.standalone",
        severity: Severity::Warning,
        summary: "A stand-alone U.S. dateline city is given its state.",
        doc: r#"
## What it does
Flags a city on AP's list of 30 U.S. stand-alone cities (`standalone_us`)
followed by its own state (`BOSTON, Mass.`, `WASHINGTON, D.C.`,
`NEW YORK, N.Y.`) and offers the city alone. A stand-alone name followed by
another state is another place (`PARIS, Texas`, `MIAMI, Okla.`) and is not
flagged; `standalone_regions` says which region is each city's own. Cities
abroad are `dateline.standalone-intl`.

## Why
AP lets a few cities stand alone because readers know them without help;
adding the state or country to them is clutter, and the lists keep every
story in the same form.

## Example
`WASHINGTON, D.C. (AP) — …` becomes `WASHINGTON (AP) — …`
"#,
        examples: &[
            Example {
                bad: "WASHINGTON, D.C. (AP) — Congress passed the bill on Friday.",
                good: "WASHINGTON (AP) — Congress passed the bill on Friday.",
            },
            Example {
                bad: "BOSTON, Mass. (AP) — The city opened a new library.",
                good: "BOSTON (AP) — The city opened a new library.",
            },
        ],
    },
    Rule {
        id: "dateline.standalone-intl",
        severity: Severity::Info,
        summary: "A stand-alone city abroad is given its country.",
        doc: r#"
## What it does
Flags a city on AP's international stand-alone list (`standalone_intl`)
followed by its own country (`TOKYO, Japan`, `LONDON, England`) and offers
the city alone. A name followed by another region is another place
(`LONDON, Ontario`, `PARIS, Texas`) and is not flagged.

It is a suggestion (info) by default, where the U.S. rule is a warning:
AP's international list has roughly doubled over the years (Rio de
Janeiro, Sao Paulo, Zurich and others were added late), wire copy from
other agencies often keeps the country on the newer ones, and the country
there is clutter rather than a misleading dateline. A desk that holds
every story to the current list raises it with
`[rules] "dateline.standalone-intl" = "warning"`.

## Why
AP lets a few cities stand alone because readers know them without help;
adding the country to them is clutter, and the list keeps every story in
the same form.

## Example
`TOKYO, Japan (AP) — …` becomes `TOKYO (AP) — …`
"#,
        examples: &[Example {
            bad: "TOKYO, Japan (AP) — Shares rose on Monday.",
            good: "TOKYO (AP) — Shares rose on Monday.",
        }],
    },
    Rule {
        id: "dateline.state",
        severity: Severity::Warning,
        summary: "A dateline state is not in AP form.",
        doc: r#"
## What it does
Flags a U.S. state in a dateline written as a postal code (`PORTLAND, OR`)
or spelled out where AP abbreviates it (`SPRINGFIELD, Illinois`), or
abbreviated when it is one of the eight states AP always spells out
(Alaska, Hawaii, Idaho, Iowa, Maine, Ohio, Texas, Utah), or set in
capitals (`PORTLAND, ORE.`), and offers the AP form (`Ore.`, `Ill.`,
`Texas`). The forms come from the `[[state]]` rows of the house style. A
state or country not set off from the city by a comma (`PORTLAND Ore.`)
gets the comma.

## Why
AP uses its own state abbreviations in datelines, not the two-letter
postal codes, which are meant for addresses. The eight short names are
spelled out because abbreviating them saves little or nothing.

## Example
`PORTLAND, OR (AP) —` becomes `PORTLAND, Ore. (AP) —`;
`AUSTIN, Tex. —` becomes `AUSTIN, Texas —`.
"#,
        examples: &[
            Example {
                bad: "PORTLAND, OR (AP) — The city council voted on Monday.",
                good: "PORTLAND, Ore. (AP) — The city council voted on Monday.",
            },
            Example {
                bad: "SPRINGFIELD, Illinois (AP) — Lawmakers met on Monday.",
                good: "SPRINGFIELD, Ill. (AP) — Lawmakers met on Monday.",
            },
            Example {
                bad: "AUSTIN, Tex. (AP) — Lawmakers met on Monday.",
                good: "AUSTIN, Texas (AP) — Lawmakers met on Monday.",
            },
        ],
    },
];

/// The house's place lists, read for one check.
struct Places<'a> {
    house: &'a House,
    lexicon: &'a crate::stylebook::lexicon::Lexicon,
}

/// How a region names a U.S. state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StateForm {
    /// As AP writes it in datelines (the abbreviation, or the name for the
    /// eight spelled-out states).
    Ap,
    /// The name spelled out where AP abbreviates.
    Name,
    Postal,
    /// The AP abbreviation without its period, or another abbreviation.
    Other,
    /// The name or abbreviation in capitals (`ORE.`, `OREGON`).
    Caps,
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase().replace('’', "'")
}

/// `norm(a) == norm(b)`, without making either.
fn same(a: &str, b: &str) -> bool {
    fn chars(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars()
            .flat_map(char::to_lowercase)
            .map(|c| if c == '’' { '\'' } else { c })
    }
    // Most pairs differ in their first letter: two ASCII first bytes, not
    // white space, that differ in lower case begin the normal forms with
    // different letters.
    let start = |s: &str| {
        s.as_bytes()
            .first()
            .copied()
            .filter(|&x| x.is_ascii() && !char::from(x).is_whitespace())
    };
    if let (Some(x), Some(y)) = (start(a), start(b)) {
        if !x.eq_ignore_ascii_case(&y) {
            return false;
        }
    }
    let (a, b) = (a.trim(), b.trim());
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    chars(a).eq(chars(b))
}

/// Split a `"City: Region, Region"` list entry.
fn split_entry(e: &str) -> Option<(&str, Vec<&str>)> {
    let (city, regions) = e.split_once(':')?;
    Some((
        city.trim(),
        regions
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .collect(),
    ))
}

impl<'a> Places<'a> {
    fn new(book: &'a StyleBook) -> Self {
        Places {
            house: book.house(),
            lexicon: book.lexicon(),
        }
    }

    fn in_list(&self, list: &str, city: &str) -> bool {
        self.house.list(list).iter().any(|x| same(x, city))
    }

    fn regions_of(&self, list: &str, city: &str) -> Option<Vec<&'a str>> {
        self.house
            .list(list)
            .iter()
            .find(|e| e.split_once(':').is_some_and(|(k, _)| same(k, city)))
            .and_then(|e| split_entry(e))
            .map(|(_, r)| r)
    }

    fn standalone_us(&self, city: &str) -> bool {
        self.in_list("standalone_us", city)
    }

    fn standalone(&self, city: &str) -> bool {
        self.standalone_us(city) || self.in_list("standalone_intl", city)
    }

    /// A city in any of the house's dateline lists.
    fn known_city(&self, city: &str) -> bool {
        self.lexicon.cities.contains(&place_key(city))
    }

    fn state(&self, region: &str) -> Option<(&'a State, StateForm)> {
        let r = region.trim();
        let rl = r;
        for s in &self.house.states {
            if !s.ap.is_empty() && r == s.ap {
                return Some((s, StateForm::Ap));
            }
            if r == s.name || same(rl, &s.name) && r.chars().any(char::is_lowercase) {
                let form = if s.ap.is_empty() {
                    StateForm::Ap
                } else {
                    StateForm::Name
                };
                return Some((s, form));
            }
            if r == s.postal {
                return Some((s, StateForm::Postal));
            }
            let bare = s.ap.trim_end_matches('.');
            // "PORTLAND, ORE.": the state keeps its normal case.
            let upper = r.len() > 2 && !r.chars().any(char::is_lowercase);
            if upper
                && [s.name.as_str(), s.ap.as_str(), bare]
                    .iter()
                    .any(|x| !x.is_empty() && same(rl, x))
            {
                return Some((s, StateForm::Caps));
            }
            if !s.ap.is_empty() && same(rl, bare) && r.chars().any(char::is_lowercase)
                || s.other.iter().any(|o| r == o)
            {
                return Some((s, StateForm::Other));
            }
        }
        None
    }

    fn is_dc(region: &str) -> bool {
        matches!(region.trim(), "D.C." | "DC" | "District of Columbia")
    }

    /// A country or region the house's lists name after a city.
    fn country(&self, region: &str) -> bool {
        self.lexicon.regions.contains(&place_key(region))
    }

    fn known_region(&self, region: &str) -> bool {
        self.state(region).is_some() || Self::is_dc(region) || self.country(region)
    }

    fn agency(&self, agency: &str) -> bool {
        let a = agency.trim();
        let a = a
            .get(..4)
            .filter(|p| p.eq_ignore_ascii_case("the "))
            .map_or(a, |_| &a[4..]);
        same(a, "associated press") || self.house.list("agencies").iter().any(|x| same(x, a))
    }

    /// Is `region` the stand-alone `city`'s own state or country?
    fn own_region(&self, city: &str, region: &str) -> bool {
        let r = norm(region);
        let state = self.state(region).map(|(s, _)| norm(&s.name));
        match self.regions_of("standalone_regions", city) {
            Some(homes) => homes
                .iter()
                .any(|h| norm(h) == r || state.as_deref() == Some(norm(h).as_str())),
            None => {
                let us_region = state.is_some() || Self::is_dc(region);
                self.standalone_us(city) == us_region
            }
        }
    }

    /// Is this a dateline we are sure of, not a lead that opens with
    /// capitals and a dash?
    fn sure(&self, text: &str, d: &Dateline) -> bool {
        let city = &text[d.city.clone()];
        d.agency.clone().is_some_and(|a| self.agency(&text[a]))
            || self.known_city(city)
            || d.region
                .clone()
                .is_some_and(|r| self.known_region(&text[r]))
            || d.agency.is_some() && is_caps(city)
    }
}

/// Is the city in capitals? AP keeps the small letters of a prefix
/// (`McALLEN`, `DeKALB`, `LaGRANGE`), so a capital, one or two small
/// letters and then capitals count too.
fn is_caps(s: &str) -> bool {
    let caps = |w: &str| {
        w.chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| !c.is_lowercase())
    };
    let prefixed = |w: &str| {
        let cs: Vec<char> = w.chars().collect();
        let small = cs.iter().skip(1).take_while(|c| c.is_lowercase()).count();
        let rest: String = cs.iter().skip(1 + small).collect();
        cs.first().is_some_and(|c| c.is_uppercase())
            && (1..=2).contains(&small)
            && rest.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && caps(&rest)
    };
    s.chars().any(char::is_alphabetic) && s.split_whitespace().all(|w| caps(w) || prefixed(w))
}

/// The range of `, region` (or `, date`) before `r`, back over the comma.
fn with_comma(text: &str, r: &Range<usize>, floor: usize) -> Range<usize> {
    let before = &text[floor..r.start];
    let trimmed = before.trim_end_matches(' ');
    let start = match trimmed.strip_suffix(',') {
        Some(t) => floor + t.len(),
        None => r.start,
    };
    start..r.end
}

/// Where the region (or, without one, the city) ends.
fn place_end(d: &Dateline) -> usize {
    d.region.as_ref().map(|r| r.end).unwrap_or(d.city.end)
}

impl Check for Datelines {
    fn rules(&self) -> &'static [Rule] {
        RULES
    }

    fn check(&self, article: &Article, book: &StyleBook, out: &mut Vec<Finding>) {
        let places = Places::new(book);
        let text = article.text();
        if let Some(d) = &article.dateline {
            let (d, comma) = match missing_comma(text, d, &places) {
                Some((split, f)) => (split, Some(f)),
                None => (d.clone(), None),
            };
            if places.sure(text, &d) {
                out.extend(comma);
                check_dateline(text, &d, &places, book, out);
            }
        }
        misplaced(article, &places, out);
    }
}

/// `PORTLAND Ore.`: a state or country after the city with no comma, read
/// by the anatomy as part of the city. Returns the dateline split in two.
fn missing_comma(text: &str, d: &Dateline, places: &Places) -> Option<(Dateline, Finding)> {
    if d.region.is_some() {
        return None;
    }
    let city = &text[d.city.clone()];
    let spaces: Vec<usize> = city.match_indices(' ').map(|(i, _)| i).collect();
    // The longest tail first: "New Hampshire" before "Hampshire".
    for &sp in &spaces {
        let head = &city[..sp];
        let tail = &city[sp + 1..];
        let is_region = places.state(tail).is_some() || Places::is_dc(tail) || places.country(tail);
        // The head must be a place name of its own, in capitals or known.
        if !is_region || !(is_caps(head) && !is_caps(tail) || places.known_city(head)) {
            continue;
        }
        let at = d.city.start + sp..d.city.start + sp + 1;
        let finding = Finding::new(
            "dateline.state",
            at.clone(),
            Severity::Warning,
            format!(
                "A comma sets the state or country off from the city: “{}, {tail}”.",
                head.to_uppercase()
            ),
        )
        .with_fix(Fix::replace(at, ", ", true));
        let mut split = d.clone();
        split.city = d.city.start..d.city.start + sp;
        split.region = Some(d.city.start + sp + 1..d.city.end);
        return Some((split, finding));
    }
    None
}

fn check_dateline(
    text: &str,
    d: &Dateline,
    places: &Places,
    book: &StyleBook,
    out: &mut Vec<Finding>,
) {
    let settings = &book.house().settings;
    let city = &text[d.city.clone()];

    // The city in capitals.
    if !is_caps(city) {
        let upper = city.to_uppercase();
        out.push(
            Finding::new(
                "dateline.caps",
                d.city.clone(),
                Severity::Warning,
                format!("The dateline city is set in capitals: {upper}."),
            )
            .with_fix(Fix::replace(d.city.clone(), upper, true)),
        );
    }

    // A stand-alone city with its own state or country.
    let mut region_dropped = false;
    if let Some(r) = &d.region {
        let region = &text[r.clone()];
        if places.standalone(city) && places.own_region(city, region) {
            region_dropped = true;
            let span = with_comma(text, r, d.city.end);
            let (rule, severity) = if places.standalone_us(city) {
                ("dateline.standalone", Severity::Warning)
            } else {
                ("dateline.standalone-intl", Severity::Info)
            };
            out.push(
                Finding::new(
                    rule,
                    span.clone(),
                    severity,
                    format!(
                        "{} stands alone in datelines; drop “{region}”.",
                        city.to_uppercase()
                    ),
                )
                .with_fix(Fix::replace(span, "", true)),
            );
        }
    }

    // A city that needs a state or country and has none.
    if d.region.is_none() && !places.standalone(city) {
        let us = places.regions_of("us_cities", city);
        let world = places.regions_of("world_cities", city);
        let is_us = us.is_some();
        let options: Vec<String> = match (us, world) {
            (Some(states), None) => states
                .iter()
                .map(|s| match places.state(s) {
                    Some((st, _)) if !st.ap.is_empty() => st.ap.clone(),
                    Some((st, _)) => st.name.clone(),
                    None => s.to_string(),
                })
                .collect(),
            (None, Some(countries)) => countries.iter().map(|c| c.to_string()).collect(),
            _ => Vec::new(),
        };
        if !options.is_empty() {
            let kind = if is_us { "state" } else { "country" };
            let shown = options.join("” or “");
            let at = d.city.end..d.city.end;
            let safe = options.len() == 1;
            let fixes = options
                .iter()
                .map(|o| Fix::replace(at.clone(), format!(", {o}"), safe))
                .collect::<Vec<_>>();
            out.push(
                Finding::new(
                    "dateline.no-region",
                    d.city.clone(),
                    Severity::Warning,
                    format!(
                        "{} does not stand alone in datelines; add the {kind} (“{shown}”).",
                        city.to_uppercase()
                    ),
                )
                .with_fixes(fixes),
            );
        }
    }

    // The state in AP form.
    if let (Some(r), false) = (&d.region, region_dropped) {
        let region = &text[r.clone()];
        // "TBILISI, Georgia" names the country.
        let abroad = places
            .regions_of("world_cities", city)
            .is_some_and(|cs| cs.iter().any(|c| same(c, region)));
        if let (Some((st, form)), false) = (places.state(region), abroad) {
            if form != StateForm::Ap {
                let right = if st.ap.is_empty() {
                    st.name.clone()
                } else {
                    st.ap.clone()
                };
                let why = match form {
                    StateForm::Postal => "postal codes are for addresses",
                    StateForm::Caps => "only the city is in capitals",
                    StateForm::Name => "AP abbreviates it in datelines",
                    _ if st.ap.is_empty() => "AP never abbreviates it",
                    _ => "that is not AP's abbreviation",
                };
                out.push(
                    Finding::new(
                        "dateline.state",
                        r.clone(),
                        Severity::Warning,
                        format!("AP writes {} as “{right}” in datelines ({why}).", st.name),
                    )
                    .with_fix(Fix::replace(r.clone(), right, true)),
                );
            }
        }
    }

    // A date.
    if let (Some(dt), false) = (&d.date, settings.dateline_date) {
        let span = with_comma(text, dt, place_end(d));
        out.push(
            Finding::new(
                "dateline.date",
                span.clone(),
                Severity::Warning,
                format!(
                    "The house puts no date in datelines: move “{}” into the story.",
                    &text[dt.clone()]
                ),
            )
            .with_fix(Fix::replace(span, "", false)),
        );
    }

    // The agency.
    let want = settings.agency.trim();
    match &d.agency {
        None if settings.require_agency => {
            let end = d.date.as_ref().map(|r| r.end).unwrap_or(place_end(d));
            let mut f = Finding::new(
                "dateline.agency",
                d.city.start..end,
                Severity::Warning,
                if want.is_empty() {
                    "The house requires an agency in the dateline: CITY (AGENCY) —.".to_string()
                } else {
                    format!("The house requires the agency in the dateline: ({want}).")
                },
            );
            if !want.is_empty() {
                f = f.with_fix(Fix::replace(end..end, format!(" ({want})"), true));
            }
            out.push(f);
        }
        Some(a) if !want.is_empty() && norm(&text[a.clone()]) != norm(want) => {
            out.push(
                Finding::new(
                    "dateline.agency",
                    a.clone(),
                    Severity::Warning,
                    format!(
                        "The house dateline agency is ({want}), not ({}).",
                        &text[a.clone()]
                    ),
                )
                .with_fix(Fix::replace(a.clone(), want, false)),
            );
        }
        Some(a) => {
            let found = &text[a.clone()];
            let listed = book
                .house()
                .list("agencies")
                .iter()
                .find(|x| norm(x) == norm(found));
            if let Some(right) = listed.filter(|x| x.as_str() != found) {
                out.push(
                    Finding::new(
                        "dateline.agency",
                        a.clone(),
                        Severity::Warning,
                        format!("The agency is written ({right})."),
                    )
                    .with_fix(Fix::replace(a.clone(), right.clone(), true)),
                );
            }
        }
        _ => {}
    }

    // The dash.
    check_dash(text, d, out);
}

fn check_dash(text: &str, d: &Dateline, out: &mut Vec<Finding>) {
    match &d.dash {
        None => {
            // "NEW YORK (Reuters) The…": the dash left out.
            let gap = d.range.end.saturating_sub(1)..d.range.end;
            out.push(
                Finding::new(
                    "dateline.dash",
                    gap.clone(),
                    Severity::Warning,
                    "The dateline ends in a spaced em dash ( — ).",
                )
                .with_fix(Fix::replace(gap, " — ", true)),
            );
        }
        Some(r) => {
            let dash = &text[r.clone()];
            if dash == " — " {
                return;
            }
            let mark = dash.trim();
            let message = match mark {
                "—" => "The dateline's em dash takes a space on each side.".to_string(),
                "-" => "The dateline ends in an em dash ( — ), not a hyphen.".to_string(),
                "--" => "The dateline ends in an em dash ( — ), not a double hyphen.".to_string(),
                "–" => "The dateline ends in an em dash ( — ), not an en dash.".to_string(),
                _ => format!("The dateline ends in an em dash ( — ), not “{mark}”."),
            };
            out.push(
                Finding::new("dateline.dash", r.clone(), Severity::Warning, message)
                    .with_fix(Fix::replace(r.clone(), " — ", true)),
            );
        }
    }
}

/// A later body paragraph that opens like a dateline.
fn misplaced(article: &Article, places: &Places, out: &mut Vec<Finding>) {
    let text = article.text();
    let first_body = article
        .dateline
        .as_ref()
        .map(|d| d.block)
        .or_else(|| article.body().next().map(|(i, _)| i));
    for (i, b) in article.body() {
        if Some(i) == first_body || first_body.is_some_and(|f| i < f) {
            continue;
        }
        if !b.summary.look.dateline_like {
            continue;
        }
        let Some(d) = find_dateline(b, i) else {
            continue;
        };
        let city = &text[d.city.clone()];
        // Capitals and something the lists know: an agency, the city, or
        // its region. "NATO — …" is not enough.
        let agency = d.agency.clone().is_some_and(|a| places.agency(&text[a]));
        let known = places.known_city(city)
            || d.region
                .clone()
                .is_some_and(|r| places.known_region(&text[r]));
        if !is_caps(city)
            || !(agency || known && d.dash.clone().is_some_and(|r| text[r].trim() == "—"))
        {
            continue;
        }
        let label = text[d.range.clone()].trim().to_string();
        out.push(
            Finding::new(
                "dateline.misplaced",
                d.range.clone(),
                Severity::Warning,
                format!("“{label}” reads as a dateline, but a story has one, at the start of its first paragraph."),
            )
            .with_fix(Fix::replace(d.range.clone(), "", false)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_is_equal_normal_forms() {
        for (a, b) in [
            (" Ohio", "ohio"),
            ("\u{b}St. John’s ", "st. john's"),
            ("Ñuñoa", "ñuñoa"),
            ("ÑUÑOA", " ñuñoa"),
            ("", " "),
            ("Paris", "Perth"),
            ("Paris", "Oslo"),
            ("É", "e"),
        ] {
            assert_eq!(same(a, b), norm(a) == norm(b), "{a:?} {b:?}");
        }
    }
    use crate::checks::check_text;
    use crate::checks::testing::{self, book, book_with, fixed};
    use crate::finding::apply_edits;
    use crate::stylebook::Config;
    use std::path::Path;

    fn story(lede: &str) -> String {
        format!("# Council delays vote\n\nBy Sam Reyes\n\n{lede}\n\n\"We need more time,\" the mayor said.\n")
    }

    fn rules_of(text: &str, book: &StyleBook) -> Vec<String> {
        testing::rules_of(text, "dateline.", book)
    }

    fn assert_fix(lede: &str, rule: &str, want: &str) {
        let b = book();
        let t = story(lede);
        assert_eq!(fixed(&t, rule, &b), story(want), "{lede}");
        // The fixed story is clean.
        assert!(
            rules_of(&story(want), &b).is_empty(),
            "{want}: {:?}",
            rules_of(&story(want), &b)
        );
    }

    #[test]
    fn good_datelines_pass() {
        let b = book();
        for lede in [
            "HOUSTON (AP) — The council met.",
            "HOUSTON — The council met.",
            "PORTLAND, Ore. (AP) — The council met.",
            "PORTLAND, Maine — The council met.",
            "AUSTIN, Texas (Reuters) — The council met.",
            "WARSAW, Poland (AFP) — The council met.",
            "KYIV, Ukraine — The council met.",
            "PARIS, Texas (AP) — The council met.",
            "LONDON, Ontario (CP) — The council met.",
            "TBILISI, Georgia (AP) — The council met.",
            "ST. LOUIS (AP) — The council met.",
            "WINSTON-SALEM, N.C. (AP) — The council met.",
            "WASHINGTON (AP) — “We are ready,” the senator said.",
            "The council met on Monday — and then it adjourned.",
            "Meanwhile — the council met.",
            "EDITOR'S NOTE — This story contains strong language.",
            "NATO — the alliance — met on Monday.",
        ] {
            let t = story(lede);
            assert!(
                rules_of(&t, &b).is_empty(),
                "{lede}: {:?}",
                rules_of(&t, &b)
            );
        }
    }

    #[test]
    fn a_story_without_a_dateline_is_not_flagged() {
        let b = book();
        let t = "# Council delays vote\n\nThe council delayed its vote on Monday.\n\nIt meets again next week.\n";
        assert!(rules_of(t, &b).is_empty());
        let t = "# Council delays vote\n\nBy 2030, the city expects to double its budget.\n";
        assert!(rules_of(t, &b).is_empty());
    }

    #[test]
    fn city_in_capitals() {
        assert_fix(
            "Houston (AP) — The council met.",
            "dateline.caps",
            "HOUSTON (AP) — The council met.",
        );
        assert_fix(
            "St. Louis (Reuters) — The council met.",
            "dateline.caps",
            "ST. LOUIS (Reuters) — The council met.",
        );
        assert_fix(
            "Manila, Philippines — The council met.",
            "dateline.caps",
            "MANILA, Philippines — The council met.",
        );
    }

    #[test]
    fn prefixed_city_names_keep_their_small_letters() {
        let b = book();
        for lede in [
            "McALLEN, Texas (AP) — The council met.",
            "DeKALB, Ill. (AP) — The council met.",
        ] {
            assert!(rules_of(&story(lede), &b).is_empty(), "{lede}");
        }
        assert_fix(
            "Mcallen, Texas (AP) — The council met.",
            "dateline.caps",
            "MCALLEN, Texas (AP) — The council met.",
        );
    }

    #[test]
    fn standalone_city_with_region() {
        assert_fix(
            "BOSTON, Mass. (AP) — The council met.",
            "dateline.standalone",
            "BOSTON (AP) — The council met.",
        );
        assert_fix(
            "WASHINGTON, D.C. (AP) — The council met.",
            "dateline.standalone",
            "WASHINGTON (AP) — The council met.",
        );
        assert_fix(
            "NEW YORK, N.Y. — The council met.",
            "dateline.standalone",
            "NEW YORK — The council met.",
        );
        assert_fix(
            "CHICAGO, Illinois (AP) — The council met.",
            "dateline.standalone",
            "CHICAGO (AP) — The council met.",
        );
        assert_fix(
            "TOKYO, Japan (AP) — The council met.",
            "dateline.standalone-intl",
            "TOKYO (AP) — The council met.",
        );
        assert_fix(
            "LONDON, England (Reuters) — The council met.",
            "dateline.standalone-intl",
            "LONDON (Reuters) — The council met.",
        );
        let f = check_text(&story("TOKYO, Japan — The council met."), &book());
        assert_eq!(f[0].severity, Severity::Info);
        // A house that holds every story to the list raises it.
        let c = Config::parse(
            "c.toml",
            "[rules]\n\"dateline.standalone-intl\" = \"warning\"\n",
        )
        .unwrap();
        let strict = StyleBook::with_config(&c, Path::new(".")).unwrap();
        let f = check_text(&story("TOKYO, Japan — The council met."), &strict);
        assert_eq!(f[0].severity, Severity::Warning);
        // Only one finding: the state's form is moot when it goes.
        let t = story("CHICAGO, IL (AP) — The council met.");
        assert_eq!(rules_of(&t, &book()), vec!["dateline.standalone"]);
    }

    #[test]
    fn city_that_needs_a_region() {
        assert_fix(
            "DES MOINES (AP) — The council met.",
            "dateline.no-region",
            "DES MOINES, Iowa (AP) — The council met.",
        );
        assert_fix(
            "SPOKANE — The council met.",
            "dateline.no-region",
            "SPOKANE, Wash. — The council met.",
        );
        assert_fix(
            "MANILA (Reuters) — The council met.",
            "dateline.no-region",
            "MANILA, Philippines (Reuters) — The council met.",
        );
        // A shared name: both offered, neither safe.
        let f: Vec<_> = check_text(&story("PORTLAND (AP) — The council met."), &book())
            .into_iter()
            .filter(|f| f.rule == "dateline.no-region")
            .collect();
        assert_eq!(f.len(), 1);
        let texts: Vec<&str> = f[0]
            .fixes
            .iter()
            .map(|x| x.edits[0].text.as_str())
            .collect();
        assert_eq!(texts, vec![", Ore.", ", Maine"]);
        assert!(f[0].fixes.iter().all(|x| !x.safe));
        // A city the lists do not know is left alone.
        assert!(rules_of(&story("TAUPO (Reuters) — The council met."), &book()).is_empty());
    }

    #[test]
    fn state_in_ap_form() {
        assert_fix(
            "PORTLAND, OR (AP) — The council met.",
            "dateline.state",
            "PORTLAND, Ore. (AP) — The council met.",
        );
        assert_fix(
            "SPRINGFIELD, Illinois (AP) — The council met.",
            "dateline.state",
            "SPRINGFIELD, Ill. (AP) — The council met.",
        );
        assert_fix(
            "LANSING, MI (Reuters) — The council met.",
            "dateline.state",
            "LANSING, Mich. (Reuters) — The council met.",
        );
        assert_fix(
            "AUSTIN, Tex. (AP) — The council met.",
            "dateline.state",
            "AUSTIN, Texas (AP) — The council met.",
        );
        assert_fix(
            "BOISE, ID (AP) — The council met.",
            "dateline.state",
            "BOISE, Idaho (AP) — The council met.",
        );
        assert_fix(
            "FRESNO, Calif — The council met.",
            "dateline.state",
            "FRESNO, Calif. — The council met.",
        );
        assert_fix(
            "BANGOR, Me. — The council met.",
            "dateline.state",
            "BANGOR, Maine — The council met.",
        );
        assert_fix(
            "PORTLAND, ORE. (AP) — The council met.",
            "dateline.state",
            "PORTLAND, Ore. (AP) — The council met.",
        );
        assert_fix(
            "PORTLAND, OREGON (AP) — The council met.",
            "dateline.state",
            "PORTLAND, Ore. (AP) — The council met.",
        );
        for ok in [
            "Alaska", "Hawaii", "Idaho", "Iowa", "Maine", "Ohio", "Texas", "Utah",
        ] {
            let t = story(&format!("SMALLTOWN, {ok} (AP) — The council met."));
            assert!(rules_of(&t, &book()).is_empty(), "{ok}");
        }
    }

    #[test]
    fn region_without_its_comma() {
        assert_fix(
            "PORTLAND Ore. (AP) — The council met.",
            "dateline.state",
            "PORTLAND, Ore. (AP) — The council met.",
        );
        let b = book();
        let t = story("CONCORD New Hampshire — The council met.");
        let mut r = rules_of(&t, &b);
        r.sort();
        assert_eq!(r, vec!["dateline.state", "dateline.state"]);
        let edits: Vec<_> = check_text(&t, &b)
            .into_iter()
            .flat_map(|f| f.fixes)
            .flat_map(|f| f.edits)
            .collect();
        assert_eq!(
            apply_edits(&t, &edits).0,
            story("CONCORD, N.H. — The council met.")
        );
        assert_fix(
            "MANILA Philippines (AP) — The council met.",
            "dateline.state",
            "MANILA, Philippines (AP) — The council met.",
        );
        // Not the capitals fix: the state is not part of the city.
        let t = story("PORTLAND Ore. (AP) — The council met.");
        assert!(!rules_of(&t, &b).contains(&"dateline.caps".to_string()));
        // A city whose name ends like a place is one city.
        assert!(rules_of(&story("KANSAS CITY, Mo. (AP) — The council met."), &b).is_empty());
        assert!(rules_of(&story("NEW YORK (AP) — The council met."), &b).is_empty());
    }

    #[test]
    fn dash_forms() {
        let good = "NEW YORK (AP) — Stocks rose.";
        for bad in [
            "NEW YORK (AP) - Stocks rose.",
            "NEW YORK (AP) – Stocks rose.",
            "NEW YORK (AP) -- Stocks rose.",
            "NEW YORK (AP)—Stocks rose.",
            "NEW YORK (AP) —Stocks rose.",
            "NEW YORK (AP)— Stocks rose.",
            "NEW YORK (AP) Stocks rose.",
            "NEW YORK (AP): Stocks rose.",
        ] {
            assert_fix(bad, "dateline.dash", good);
        }
        assert_fix(
            "KYIV, Ukraine -- Talks began.",
            "dateline.dash",
            "KYIV, Ukraine — Talks began.",
        );
        // A hyphenated word is not a dateline dash.
        assert!(rules_of(&story("WASHINGTON-based lobbyists met Monday."), &book()).is_empty());
    }

    #[test]
    fn date_in_dateline() {
        let b = book();
        let t = story("FRANKFURT, March 9 - Shares fell.");
        assert_eq!(
            fixed(&t, "dateline.dash", &b),
            story("FRANKFURT, March 9 — Shares fell.")
        );
        assert_eq!(
            fixed(&t, "dateline.date", &b),
            story("FRANKFURT - Shares fell.")
        );
        let t = story("FRANKFURT, Germany, March 9 (Reuters) — Shares fell.");
        assert_eq!(
            fixed(&t, "dateline.date", &b),
            story("FRANKFURT, Germany (Reuters) — Shares fell.")
        );
        let t = story("FRANKFURT, Germany, Oct. 12 — Shares fell.");
        assert_eq!(
            fixed(&t, "dateline.date", &b),
            story("FRANKFURT, Germany — Shares fell.")
        );
        // A house that dates its datelines.
        let dated = book_with("dateline_date = true");
        assert!(rules_of(&t, &dated).is_empty());
    }

    #[test]
    fn agency_required_by_the_house() {
        let any = book_with("require_agency = true");
        assert_eq!(
            rules_of(&story("HOUSTON — The council met."), &any),
            vec!["dateline.agency"]
        );
        assert!(rules_of(&story("HOUSTON (Reuters) — The council met."), &any).is_empty());
        let ap = book_with("require_agency = true\nagency = \"AP\"");
        let t = story("PORTLAND, Ore. — The council met.");
        assert_eq!(
            fixed(&t, "dateline.agency", &ap),
            story("PORTLAND, Ore. (AP) — The council met.")
        );
        let t = story("HOUSTON (Reuters) — The council met.");
        assert_eq!(
            fixed(&t, "dateline.agency", &ap),
            story("HOUSTON (AP) — The council met.")
        );
        // By default any agency, or none.
        assert!(rules_of(&story("HOUSTON (Kyodo) — The council met."), &book()).is_empty());
    }

    #[test]
    fn dateline_in_a_later_paragraph() {
        let b = book();
        let t = "# Markets\n\nTOKYO (AP) — Shares fell.\n\nTraders were calm.\n\nLONDON (AP) — Shares fell too.\n";
        assert_eq!(rules_of(t, &b), vec!["dateline.misplaced"]);
        let want =
            "# Markets\n\nTOKYO (AP) — Shares fell.\n\nTraders were calm.\n\nShares fell too.\n";
        assert_eq!(fixed(t, "dateline.misplaced", &b), want);
        // Capitals and a dash alone are not enough.
        let t = "# Markets\n\nTOKYO (AP) — Shares fell.\n\nNATO — the alliance — met.\n\nUPDATE: Shares rose.\n";
        assert!(rules_of(t, &b).is_empty(), "{:?}", rules_of(t, &b));
    }

    #[test]
    fn a_dek_above_the_dateline_is_not_the_lede() {
        let b = book();
        let t = "# Markets slip\n\nInvestors weigh the rate outlook\n\nTOKYO (AP) - Shares fell.\n\nTraders were calm.\n";
        let a = Article::parse(t, &b);
        assert_eq!(&a.text[a.dateline.as_ref().unwrap().city.clone()], "TOKYO");
        assert_eq!(rules_of(t, &b), vec!["dateline.dash"]);
    }

    #[test]
    fn messy_input_does_not_panic_or_misfire() {
        let b = book();
        let t = "# Head\r\n\r\nBy Ana Ruiz\r\n\r\nKyiv, Ukraine (AP) — 😀 Talks began.\r\n";
        assert_eq!(fixed(t, "dateline.caps", &b), t.replace("Kyiv,", "KYIV,"));
        for t in [
            "",
            "É",
            "# H\n\n(AP) —",
            "# H\n\nÉ (AP)",
            "# H\n\nX, Y, Z — —",
            "# H\n\nSÃO PAULO, Brasil (AP)—Ok.",
        ] {
            let _ = check_text(t, &b);
        }
    }
}
