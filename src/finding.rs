//! Findings: what a check reports, in byte offsets, with its fixes.
//!
//! A finding knows nothing of editors or terminals; the LSP layer and the
//! CLI reporters convert it at the edge through [`crate::positions`].

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

/// How serious a finding is. Ordered from most to least serious, so
/// `sev <= Severity::Warning` means "warning or worse".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Hint,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "information" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Text a finding carries (its message, a fix's title, an edit's new
/// text), shared: copying it copies a pointer. The findings a story keeps
/// are copied into each check's result at every keystroke, and a copy of
/// each string was most of what that cost.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text(std::sync::Arc<str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(s.into())
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(s.into())
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text(s.as_str().into())
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0.to_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        String::deserialize(d).map(Text::from)
    }
}

/// Replace the bytes in `range` with `text`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: Text,
}

impl Edit {
    pub fn new(range: Range<usize>, text: impl Into<Text>) -> Self {
        Edit {
            range,
            text: text.into(),
        }
    }
}

/// One way to resolve a finding: a title and the edits that carry it out.
/// Only `safe` fixes are applied by `--fix` and "fix all".
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fix {
    pub title: Text,
    pub edits: Vec<Edit>,
    pub safe: bool,
}

impl Fix {
    /// The title of a fix that replaces text with `text`.
    pub fn replace_title(text: &str) -> Text {
        if text.is_empty() {
            "Remove this".into()
        } else {
            format!("Change to '{text}'").into()
        }
    }

    /// A fix that replaces `range` with `text`, titled "Change to '…'".
    pub fn replace(range: Range<usize>, text: impl Into<Text>, safe: bool) -> Self {
        let text: Text = text.into();
        Fix {
            title: Fix::replace_title(&text),
            edits: vec![Edit::new(range, text)],
            safe,
        }
    }
}

/// What a check found.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's id: borrowed for a built-in rule, so that copying a
    /// finding (every kept finding is copied at every keystroke) does not
    /// copy it.
    pub rule: std::borrow::Cow<'static, str>,
    pub range: Range<usize>,
    pub severity: Severity,
    pub message: Text,
    pub fixes: Vec<Fix>,
}

impl Finding {
    pub fn new(
        rule: impl Into<std::borrow::Cow<'static, str>>,
        range: Range<usize>,
        severity: Severity,
        message: impl Into<Text>,
    ) -> Self {
        Finding {
            rule: rule.into(),
            range,
            severity,
            message: message.into(),
            fixes: Vec::new(),
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    pub fn with_fixes(mut self, fixes: impl IntoIterator<Item = Fix>) -> Self {
        self.fixes.extend(fixes);
        self
    }

    /// Move every offset back by `delta` (to make a finding relative to a
    /// paragraph starting there).
    pub fn shifted_back(mut self, delta: usize) -> Self {
        self.range = self.range.start - delta..self.range.end - delta;
        for fix in &mut self.fixes {
            for e in &mut fix.edits {
                e.range = e.range.start - delta..e.range.end - delta;
            }
        }
        self
    }

    /// Is `other` this finding with every offset moved by `delta`? What
    /// `self.clone().shifted(..) == *other` says, without the copy.
    pub fn eq_moved(&self, other: &Finding, delta: isize) -> bool {
        let moved = |a: &Range<usize>, b: &Range<usize>| {
            a.start as isize + delta == b.start as isize && a.end as isize + delta == b.end as isize
        };
        self.rule == other.rule
            && self.severity == other.severity
            && moved(&self.range, &other.range)
            && self.message == other.message
            && self.fixes.len() == other.fixes.len()
            && self.fixes.iter().zip(&other.fixes).all(|(a, b)| {
                a.title == b.title
                    && a.safe == b.safe
                    && a.edits.len() == b.edits.len()
                    && a.edits
                        .iter()
                        .zip(&b.edits)
                        .all(|(x, y)| x.text == y.text && moved(&x.range, &y.range))
            })
    }

    /// Move every offset by `delta` (used when a finding was made relative
    /// to a paragraph).
    pub fn shifted(mut self, delta: usize) -> Self {
        self.range = self.range.start + delta..self.range.end + delta;
        for fix in &mut self.fixes {
            for e in &mut fix.edits {
                e.range = e.range.start + delta..e.range.end + delta;
            }
        }
        self
    }
}

/// Apply `edits` to `text`. Edits are applied in order of position; one
/// that overlaps an earlier one, or falls outside the text or off a char
/// boundary, is skipped. Returns the new text and how many edits applied.
pub fn apply_edits(text: &str, edits: &[Edit]) -> (String, usize) {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0usize;
    let mut applied = 0usize;
    for e in sorted {
        let r = &e.range;
        if r.start < pos
            || r.end < r.start
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            continue;
        }
        out.push_str(&text[pos..r.start]);
        out.push_str(&e.text);
        pos = r.end;
        applied += 1;
    }
    out.push_str(&text[pos..]);
    (out, applied)
}

/// Carry the case pattern of `original` over to `replacement`: all capitals
/// stay all capitals, a capital first letter stays capital, all lower stays
/// lower; otherwise (mixed case) the replacement is used as written.
pub fn match_case(original: &str, replacement: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return replacement.to_string();
    }
    let all_upper = letters.iter().all(|c| c.is_uppercase());
    let all_lower = letters.iter().all(|c| c.is_lowercase());
    if all_upper && letters.len() > 1 {
        return replacement.to_uppercase();
    }
    if all_lower {
        return replacement.to_lowercase();
    }
    if letters[0].is_uppercase() {
        let mut chars = replacement.chars();
        if let Some(first) = chars.next() {
            return first.to_uppercase().chain(chars).collect();
        }
    }
    replacement.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_order_and_parse() {
        assert!(Severity::Error < Severity::Warning);
        assert!(Severity::Info < Severity::Hint);
        assert_eq!(Severity::parse("Warning"), Some(Severity::Warning));
        assert_eq!(Severity::parse("fatal"), None);
    }

    #[test]
    fn apply_edits_in_any_order_and_skips_overlaps() {
        let t = "Kiev and Zelensky";
        let edits = vec![
            Edit::new(9..17, "Zelenskyy"),
            Edit::new(0..4, "Kyiv"),
            Edit::new(2..6, "zz"),
        ];
        let (out, n) = apply_edits(t, &edits);
        assert_eq!(out, "Kyiv and Zelenskyy");
        assert_eq!(n, 2);
    }

    #[test]
    fn apply_edits_rejects_out_of_range_and_split_chars() {
        let t = "é";
        let (out, n) = apply_edits(t, &[Edit::new(1..2, "x"), Edit::new(0..9, "y")]);
        assert_eq!(out, "é");
        assert_eq!(n, 0);
    }

    #[test]
    fn match_case_keeps_the_writers_pattern() {
        assert_eq!(match_case("KIEV", "Kyiv"), "KYIV");
        assert_eq!(match_case("Kiev", "Kyiv"), "Kyiv");
        assert_eq!(match_case("kiev", "Kyiv"), "kyiv");
        assert_eq!(match_case("McDonald", "MacDonald"), "MacDonald");
        assert_eq!(match_case("K", "Kyiv"), "Kyiv");
        assert_eq!(match_case("Towards", "toward"), "Toward");
    }

    #[test]
    fn shifted_moves_fix_edits_too() {
        let f = Finding::new("x.y", 1..3, Severity::Error, "m")
            .with_fix(Fix::replace(1..3, "ab", true))
            .shifted(10);
        assert_eq!(f.range, 11..13);
        assert_eq!(f.fixes[0].edits[0].range, 11..13);
    }

    #[test]
    fn eq_moved_is_shifting_then_comparing() {
        let f = Finding::new("names.authority", 10..14, Severity::Error, "Use Kyiv.")
            .with_fix(Fix::replace(10..14, "Kyiv", true));
        let moved = f.clone().shifted(5);
        assert!(f.eq_moved(&moved, 5));
        assert!(moved.eq_moved(&f, -5));
        assert!(f.eq_moved(&f, 0));
        assert!(!f.eq_moved(&moved, 4));
        let mut other_fix = moved.clone();
        other_fix.fixes[0].edits[0].text = "Kiev".into();
        assert!(!f.eq_moved(&other_fix, 5));
        let mut fix_elsewhere = moved.clone();
        fix_elsewhere.fixes[0].edits[0].range = 16..20;
        assert!(!f.eq_moved(&fix_elsewhere, 5));
        let mut other_message = moved;
        other_message.message = "Use Kyiv!".into();
        assert!(!f.eq_moved(&other_message, 5));
    }

    #[test]
    fn text_reads_and_serializes_as_a_string() {
        let t = Text::from("Use 'Kyiv'.");
        assert_eq!(t, "Use 'Kyiv'.");
        assert_eq!(t, String::from("Use 'Kyiv'."));
        assert_eq!(t.to_string(), "Use 'Kyiv'.");
        assert_eq!(format!("{t:?}"), format!("{:?}", "Use 'Kyiv'."));
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#""Use 'Kyiv'.""#);
        let back: Text = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t);
        let copy = t.clone();
        assert!(
            std::ptr::eq(copy.as_str(), t.as_str()),
            "a copy shares the text"
        );
    }
}
