//! In-text suppression comments.
//!
//! - `<!-- copydesk-disable RULE [RULE…] -->` … `<!-- copydesk-enable RULE -->`
//!   switches rules off for a region (to the end of the text when there is
//!   no matching enable);
//! - `<!-- copydesk-disable-next-line RULE -->` switches them off for the
//!   next line that has text;
//! - `<!-- copydesk-disable-file RULE -->` for the whole file.
//!
//! No RULE means every rule. A RULE may name a family (`names`) or a rule
//! id (`names.authority`); rules may be separated by spaces or commas.

use super::inline::html_comments;
use crate::positions::LineIndex;
use std::ops::Range;

/// A region where some rules (or all) are switched off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// `None` for every rule.
    pub rules: Option<Vec<String>>,
    pub range: Range<usize>,
}

/// Every suppression in one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Suppressions {
    pub regions: Vec<Suppression>,
}

/// Does the `pattern` written in a comment cover `rule`?
pub fn rule_matches(pattern: &str, rule: &str) -> bool {
    let pattern = pattern.trim_end_matches(".*");
    rule == pattern
        || (rule.len() > pattern.len()
            && rule.starts_with(pattern)
            && rule.as_bytes()[pattern.len()] == b'.')
}

fn parse_rules(rest: &str) -> Option<Vec<String>> {
    let rules: Vec<String> = rest
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if rules.is_empty() {
        None
    } else {
        Some(rules)
    }
}

fn covers(rules: &Option<Vec<String>>, rule: &str) -> bool {
    match rules {
        None => true,
        Some(list) => list.iter().any(|p| rule_matches(p, rule)),
    }
}

impl Suppressions {
    /// Read the suppression comments of `text`.
    pub fn scan(text: &str, lines: &LineIndex) -> Suppressions {
        let mut regions = Vec::new();
        // Open `disable` regions: (rules, start).
        let mut open: Vec<(Option<Vec<String>>, usize)> = Vec::new();
        if !text.contains("copydesk-") {
            return Suppressions { regions };
        }
        for (range, inner) in html_comments(text) {
            let inner = inner.trim();
            let Some(directive) = inner.strip_prefix("copydesk-") else {
                continue;
            };
            let (word, rest) = directive
                .split_once(char::is_whitespace)
                .unwrap_or((directive, ""));
            let rules = parse_rules(rest);
            match word {
                "disable" => open.push((rules, range.end)),
                "disable-file" => regions.push(Suppression {
                    rules,
                    range: 0..text.len(),
                }),
                "enable" => {
                    // Close the matching disable regions: all of them when
                    // no rule is named, else those naming these rules.
                    let mut still = Vec::new();
                    for (r, start) in open.drain(..) {
                        let closes = match (&rules, &r) {
                            (None, _) => true,
                            (Some(want), Some(have)) => have.iter().all(|h| want.contains(h)),
                            (Some(_), None) => false,
                        };
                        if closes {
                            regions.push(Suppression {
                                rules: r,
                                range: start..range.start,
                            });
                        } else {
                            still.push((r, start));
                        }
                    }
                    open = still;
                }
                "disable-next-line" => {
                    // The next line with text after the comment's line.
                    let mut line = lines.line_of(range.end) + 1;
                    while line < lines.line_count() {
                        let r = lines.line_range(text, line);
                        if !text[r.clone()].trim().is_empty() {
                            regions.push(Suppression { rules, range: r });
                            break;
                        }
                        line += 1;
                    }
                }
                _ => {}
            }
        }
        for (rules, start) in open {
            regions.push(Suppression {
                rules,
                range: start..text.len(),
            });
        }
        Suppressions { regions }
    }

    /// Is a finding of `rule` over `range` switched off? A finding is off
    /// when its start lies in a region that covers its rule.
    pub fn suppresses(&self, rule: &str, range: &Range<usize>) -> bool {
        self.regions.iter().any(|s| {
            s.range.start <= range.start && range.start <= s.range.end && covers(&s.rules, rule)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(t: &str) -> Suppressions {
        Suppressions::scan(t, &LineIndex::new(t))
    }

    #[test]
    fn disable_enable_region() {
        let t = "a Kiev\n<!-- copydesk-disable names.authority -->\nb Kiev\n<!-- copydesk-enable names.authority -->\nc Kiev";
        let s = scan(t);
        let b = t.find("b Kiev").unwrap();
        let c = t.find("c Kiev").unwrap();
        assert!(s.suppresses("names.authority", &(b..b + 1)));
        assert!(!s.suppresses("names.authority", &(c..c + 1)));
        assert!(!s.suppresses("names.authority", &(0..1)));
        assert!(!s.suppresses("quotes.verb", &(b..b + 1)));
    }

    #[test]
    fn no_rule_means_all_and_family_names_work() {
        let t = "<!-- copydesk-disable -->\nx\n<!-- copydesk-enable -->\n<!-- copydesk-disable names -->\ny";
        let s = scan(t);
        let x = t.find("\nx").unwrap() + 1;
        let y = t.find("\ny").unwrap() + 1;
        assert!(s.suppresses("quotes.verb", &(x..x + 1)));
        assert!(s.suppresses("names.consistency", &(y..y + 1)));
        assert!(!s.suppresses("quotes.verb", &(y..y + 1)));
        assert!(!s.suppresses("namesake.x", &(y..y + 1)));
    }

    #[test]
    fn next_line_skips_blank_lines_and_covers_one_line() {
        let t = "<!-- copydesk-disable-next-line quotes.verb, names -->\n\nfirst\nsecond";
        let s = scan(t);
        let f = t.find("first").unwrap();
        let g = t.find("second").unwrap();
        assert!(s.suppresses("quotes.verb", &(f..f + 3)));
        assert!(s.suppresses("names.authority", &(f..f + 3)));
        assert!(!s.suppresses("quotes.verb", &(g..g + 3)));
    }

    #[test]
    fn text_without_comments_has_none() {
        assert!(scan("plain <!-- other --> text").regions.is_empty());
    }
}
