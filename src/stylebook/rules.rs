//! Data-driven house style rules: `substitution` (a pattern and its
//! replacement) and `existence` (a pattern that should not appear), each
//! with a message, a severity, the article regions it applies to, and
//! examples of bad and good text that run as tests.
//!
//! ```toml
//! [[rule]]
//! id = "style.toward"
//! kind = "substitution"
//! pattern = '\btowards\b'
//! replace = "toward"
//! message = "AP style is 'toward', not 'towards'."
//! severity = "warning"
//! regions = ["headline", "body", "caption"]
//! ignore_case = true
//! examples = [{ bad = "He walked towards them.", good = "He walked toward them." }]
//! ```
//!
//! `{match}` in a message stands for the text found and `{replace}` for the
//! replacement; `$1` in `replace` for a capture group.

use super::StyleError;
use crate::article::Role;
use crate::finding::Severity;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    Substitution,
    Existence,
}

/// An example of text the rule flags (`bad`) and does not flag (`good`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Example {
    pub bad: String,
    pub good: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    id: String,
    kind: RuleKind,
    pattern: toml::Spanned<String>,
    #[serde(default)]
    replace: Option<String>,
    message: String,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default = "default_severity")]
    severity: toml::Spanned<String>,
    #[serde(default)]
    regions: Vec<toml::Spanned<String>>,
    #[serde(default)]
    ignore_case: bool,
    #[serde(default = "yes")]
    safe: bool,
    #[serde(default)]
    doc: String,
    #[serde(default)]
    examples: Vec<Example>,
}

fn default_severity() -> toml::Spanned<String> {
    toml::Spanned::new(0..0, "warning".to_string())
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
struct RuleFile {
    #[serde(default, rename = "rule")]
    rules: Vec<RuleDef>,
}

/// A compiled data rule.
#[derive(Clone, Debug)]
pub struct DataRule {
    pub id: String,
    pub kind: RuleKind,
    pub regex: Regex,
    pub replace: Option<String>,
    pub message: String,
    /// One line for rule listings.
    pub summary: String,
    pub severity: Severity,
    /// Empty means every prose region (headline, dek, body, captions).
    pub regions: Vec<Role>,
    pub safe: bool,
    pub doc: String,
    pub examples: Vec<Example>,
    /// The file it came from.
    pub source: String,
    /// How many bytes a match spans at most, when that is bounded and a
    /// match is never empty: what lets a block's hits be found again only
    /// near an edit ([`find_hits_after`]).
    pub max_len: Option<usize>,
}

/// One match of a data rule in a block (offsets relative to the block).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleHit {
    pub rule: u32,
    pub range: Range<usize>,
    /// The replacement with captures expanded (substitution rules).
    pub replacement: Option<String>,
}

impl DataRule {
    pub fn applies_to(&self, role: Role) -> bool {
        if self.regions.is_empty() {
            role.is_prose()
        } else {
            self.regions.contains(&role)
        }
    }

    /// The message for one match.
    pub fn message_for(&self, found: &str, replacement: Option<&str>) -> String {
        self.message
            .replace("{match}", found)
            .replace("{replace}", replacement.unwrap_or(""))
    }
}

/// Parse a rule file; errors carry `path:line:col`.
pub fn parse_rules(path: &str, text: &str) -> Result<Vec<DataRule>, StyleError> {
    let file: RuleFile = toml::from_str(text).map_err(|e| StyleError::from_toml(path, text, &e))?;
    let mut out = Vec::new();
    for def in file.rules {
        let at = |span: Range<usize>, msg: String| StyleError::at(path, text, span.start, msg);
        let regex = RegexBuilder::new(def.pattern.get_ref())
            .case_insensitive(def.ignore_case)
            .size_limit(1 << 22)
            .build()
            .map_err(|e| {
                at(
                    def.pattern.span(),
                    format!(
                        "rule {}: bad pattern: {}",
                        def.id,
                        first_line(&e.to_string())
                    ),
                )
            })?;
        let severity = Severity::parse(def.severity.get_ref()).ok_or_else(|| {
            at(
                def.severity.span(),
                format!(
                    "rule {}: unknown severity '{}' (error, warning, info or hint)",
                    def.id,
                    def.severity.get_ref()
                ),
            )
        })?;
        let mut regions = Vec::new();
        for r in &def.regions {
            let role = Role::parse(r.get_ref()).ok_or_else(|| {
                at(
                    r.span(),
                    format!(
                        "rule {}: unknown region '{}' (one of {})",
                        def.id,
                        r.get_ref(),
                        Role::REGION_NAMES.join(", ")
                    ),
                )
            })?;
            regions.push(role);
        }
        if def.kind == RuleKind::Substitution && def.replace.is_none() {
            return Err(at(
                def.pattern.span(),
                format!("rule {}: a substitution rule needs `replace`", def.id),
            ));
        }
        if !def.id.contains('.') {
            return Err(at(
                def.pattern.span(),
                format!(
                    "rule {}: a rule id needs a family, such as style.{}",
                    def.id, def.id
                ),
            ));
        }
        let summary = def.summary.unwrap_or_else(|| {
            let replace = def
                .replace
                .as_deref()
                .filter(|r| !r.contains('$'))
                .unwrap_or("…");
            def.message
                .replace("{replace}", replace)
                .replace("{match}", "…")
        });
        // The longest match, from the pattern's syntax (it parsed above,
        // so this parse does too).
        let max_len = regex_syntax::ParserBuilder::new()
            .case_insensitive(def.ignore_case)
            .build()
            .parse(def.pattern.get_ref())
            .ok()
            .and_then(|h| {
                let p = h.properties();
                p.maximum_len().filter(|_| p.minimum_len() > Some(0))
            });
        out.push(DataRule {
            max_len,
            summary,
            id: def.id,
            kind: def.kind,
            regex,
            replace: def.replace,
            message: def.message,
            severity,
            regions,
            safe: def.safe,
            doc: def.doc,
            examples: def.examples,
            source: path.to_string(),
        });
    }
    Ok(out)
}

fn first_line(s: &str) -> String {
    s.lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or(s)
        .trim()
        .to_string()
}

/// Match every rule against one block's text.
pub fn find_hits(rules: &[DataRule], text: &str) -> Vec<RuleHit> {
    let mut out = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        all_hits(rule, i, text, &mut out);
    }
    out
}

/// Every hit of rule `i` in `text`.
fn all_hits(rule: &DataRule, i: usize, text: &str, out: &mut Vec<RuleHit>) {
    for caps in rule.regex.captures_iter(text) {
        let m = caps.get(0).expect("group 0");
        if m.is_empty() {
            continue;
        }
        out.push(hit(rule, i, &caps));
    }
}

fn hit(rule: &DataRule, i: usize, caps: &regex::Captures) -> RuleHit {
    let m = caps.get(0).expect("group 0");
    let replacement = rule.replace.as_ref().map(|r| {
        let mut s = String::new();
        caps.expand(r, &mut s);
        crate::finding::match_case(m.as_str(), &s)
    });
    RuleHit {
        rule: i as u32,
        range: m.range(),
        replacement,
    }
}

/// The hits of rule `i` (one whose matches are never empty and at most
/// `max_len` long) in `text` that start in `within`, searching from
/// `from` (where the last hit before ended, or `within.start`): what a
/// search of the whole text finds there.
fn hits_in(
    rule: &DataRule,
    i: usize,
    text: &str,
    within: Range<usize>,
    from: usize,
    out: &mut Vec<RuleHit>,
) {
    // A match that starts in `within` ends, with the character after it
    // that a `\b` reads, well before this: the text past it cannot change
    // what matches there.
    let hay = match rule.max_len {
        Some(n) => {
            &text[..crate::positions::ceil_char_boundary(
                text,
                within.end.saturating_add(n).saturating_add(8),
            )]
        }
        _ => text,
    };
    let mut at = from;
    while at <= hay.len() {
        let Some(caps) = rule.regex.captures_at(hay, at) else {
            break;
        };
        let m = caps.get(0).expect("group 0");
        if m.start() >= within.end || m.is_empty() {
            // (A rule searched this way never matches empty.)
            break;
        }
        out.push(hit(rule, i, &caps));
        at = m.end();
    }
}

/// [`find_hits`] of `text`, made by `edit` of a text whose hits were
/// `old_hits`, searching again only near the edit: each rule with a
/// bounded match keeps its hits before the edit and moves those after it.
/// `None` when a hit spans where the search stops (then search the whole
/// text).
pub fn find_hits_after(
    rules: &[DataRule],
    text: &str,
    old_hits: &[RuleHit],
    edit: &crate::article::splice::Edit,
) -> Option<Vec<RuleHit>> {
    let mut out = Vec::with_capacity(old_hits.len() + 2);
    let mut rest = old_hits;
    for (i, rule) in rules.iter().enumerate() {
        let n = rest.iter().take_while(|h| h.rule == i as u32).count();
        let (mine, others) = rest.split_at(n);
        rest = others;
        let Some(max_len) = rule.max_len else {
            all_hits(rule, i, text, &mut out);
            continue;
        };
        let window = edit.window(text, max_len + 8, 8);
        let spliced = crate::article::splice::splice(
            mine,
            |h| &h.range,
            |h, r| RuleHit {
                range: r,
                ..h.clone()
            },
            edit,
            &window,
            |from, within, out| hits_in(rule, i, text, within, from, out),
        )?;
        out.extend(spliced);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_match_substitution() {
        let rules = parse_rules(
            "r.toml",
            r#"
[[rule]]
id = "style.toward"
kind = "substitution"
pattern = '\btowards\b'
replace = "toward"
ignore_case = true
message = "Use '{replace}', not '{match}'."
examples = [{ bad = "towards", good = "toward" }]
"#,
        )
        .unwrap();
        let hits = find_hits(&rules, "Towards the end, towards home.");
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].replacement.as_deref(), Some("Toward"));
        assert_eq!(
            rules[0].message_for("towards", Some("toward")),
            "Use 'toward', not 'towards'."
        );
    }

    /// Only a rule whose matches are bounded and never empty is searched
    /// near an edit alone.
    #[test]
    fn a_rules_longest_match_is_known_when_bounded() {
        let rule = |pattern: &str, ignore_case: bool| {
            let toml = format!(
                "[[rule]]\nid = \"style.x\"\nkind = \"existence\"\nmessage = \"m\"\npattern = '{pattern}'\nignore_case = {ignore_case}\n"
            );
            parse_rules("r.toml", &toml).unwrap().remove(0).max_len
        };
        assert_eq!(rule(r"\btowards\b", false), Some(7));
        assert_eq!(rule(r"\b(among|amid)st\b", false), Some(7));
        // The Kelvin sign is a capital k: three bytes.
        assert_eq!(rule("ok", true), Some(4));
        assert_eq!(rule(r"\w+ said", false), None);
        assert_eq!(rule(r"x?", false), None);
    }

    #[test]
    fn bad_pattern_is_reported_at_its_line() {
        let text = "[[rule]]\nid = \"style.x\"\nkind = \"existence\"\nmessage = \"m\"\npattern = '(unclosed'\n";
        let err = parse_rules("house.toml", text).unwrap_err();
        assert_eq!((err.line, err.column), (5, 11));
        assert!(
            err.to_string()
                .starts_with("house.toml:5:11: rule style.x: bad pattern"),
            "{err}"
        );
    }

    #[test]
    fn unknown_region_and_severity_are_errors() {
        let text = "[[rule]]\nid = \"style.x\"\nkind = \"existence\"\nmessage = \"m\"\npattern = 'x'\nregions = [\"bodyy\"]\n";
        let err = parse_rules("h.toml", text).unwrap_err();
        assert_eq!(err.line, 6);
        let text = "[[rule]]\nid = \"style.x\"\nkind = \"existence\"\nmessage = \"m\"\npattern = 'x'\nseverity = \"fatal\"\n";
        let err = parse_rules("h.toml", text).unwrap_err();
        assert_eq!(err.line, 6);
    }

    #[test]
    fn unknown_key_is_an_error() {
        let text = "[[rule]]\nid = \"style.x\"\nkind = \"existence\"\nmessage = \"m\"\npattern = 'x'\nseverty = \"error\"\n";
        assert!(parse_rules("h.toml", text).is_err());
    }
}
