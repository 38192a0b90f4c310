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
use crate::finding::Severity;
use crate::role::Role;
use regex::{Regex, RegexBuilder};
use regex_syntax::hir::{Hir, HirKind};
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
    /// The pattern without its assertions and groups ([`loosen`]), for
    /// [`Rules`]' pre-check.
    loose: Option<Hir>,
}

/// A style book's data rules, with one regex that every block a rule
/// matches in also matches: [`find_hits`] runs the rules' own regexes
/// only on a block it matches. It is the rules' patterns side by side,
/// their assertions (`\b`, `^`) left out, so it matches wherever one of
/// them does; and with no Unicode word boundary its DFA reads any text,
/// where the patterns' own give up on the first non-ASCII byte and fall
/// back to slower engines. Few blocks match it: most prose breaks no rule.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    list: Vec<DataRule>,
    /// `None` when there are no rules, or a pattern could not be loosened
    /// (then every rule runs on every block).
    any: Option<Regex>,
}

impl Rules {
    pub fn new(list: Vec<DataRule>) -> Rules {
        let any = list
            .iter()
            .map(|r| r.loose.clone())
            .collect::<Option<Vec<Hir>>>()
            .filter(|l| !l.is_empty())
            .and_then(|l| {
                RegexBuilder::new(&Hir::alternation(l).to_string())
                    .size_limit(1 << 24)
                    .build()
                    .ok()
            });
        Rules { list, any }
    }
}

impl std::ops::Deref for Rules {
    type Target = [DataRule];
    fn deref(&self) -> &[DataRule] {
        &self.list
    }
}

/// `pattern` (parsed as [`parse_rules`] compiles it) with every assertion
/// made empty and every group replaced by what it holds: it matches
/// wherever `pattern` does, and more.
fn loose(pattern: &str, ignore_case: bool) -> Option<Hir> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(ignore_case)
        .build()
        .parse(pattern)
        .ok()?;
    Some(loosen(hir))
}

fn loosen(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Empty | HirKind::Look(_) => Hir::empty(),
        HirKind::Literal(l) => Hir::literal(l.0),
        HirKind::Class(c) => Hir::class(c),
        HirKind::Capture(c) => loosen(*c.sub),
        HirKind::Repetition(mut r) => {
            r.sub = Box::new(loosen(*r.sub));
            Hir::repetition(r)
        }
        HirKind::Concat(v) => Hir::concat(v.into_iter().map(loosen).collect()),
        HirKind::Alternation(v) => Hir::alternation(v.into_iter().map(loosen).collect()),
    }
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
        out.push(DataRule {
            loose: loose(def.pattern.get_ref(), def.ignore_case),
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
pub fn find_hits(rules: &Rules, text: &str) -> Vec<RuleHit> {
    let mut out = Vec::new();
    if rules.any.as_ref().is_some_and(|any| !any.is_match(text)) {
        return out;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pre_check_lets_through_every_block_a_rule_matches() {
        let book = crate::stylebook::StyleBook::builtin().unwrap();
        assert!(book.rules.any.is_some());
        for r in book.rules.iter() {
            for e in &r.examples {
                assert!(!find_hits(&book.rules, &e.bad).is_empty(), "{}", e.bad);
            }
        }
        // Groups (named alike in two rules), anchors and boundaries.
        let rules = Rules::new(
            parse_rules(
                "r.toml",
                r#"
[[rule]]
id = "style.a"
kind = "existence"
pattern = '^(?P<w>Über)\b'
message = "m"
[[rule]]
id = "style.b"
kind = "substitution"
pattern = '\b(?P<w>colour)s?\b'
replace = "color"
ignore_case = true
message = "m"
"#,
            )
            .unwrap(),
        );
        assert!(rules.any.is_some());
        assert_eq!(find_hits(&rules, "Über alles").len(), 1);
        assert_eq!(find_hits(&rules, "— COLOURS, «colour»").len(), 2);
        assert!(find_hits(&rules, "a Über, colourful").is_empty());
    }

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
        let rules = Rules::new(rules);
        let hits = find_hits(&rules, "Towards the end, towards home.");
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].replacement.as_deref(), Some("Toward"));
        assert_eq!(
            rules[0].message_for("towards", Some("toward")),
            "Use 'toward', not 'towards'."
        );
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
