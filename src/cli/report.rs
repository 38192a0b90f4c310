//! Reporters: the same findings as human text, JSON, SARIF 2.1.0, GitHub
//! workflow commands, or reviewdog's rdjson. Positions come from
//! [`crate::positions`] and nowhere else.

use crate::checks::{doc_url, RuleDoc};
use crate::finding::{Finding, Severity};
use crate::positions::{CliPosition, Hint, LineIndex};
use clap::ValueEnum;
use serde_json::{json, Value};
use std::cell::Cell;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: severity[rule]: message`, with the line underlined.
    Human,
    /// The versioned JSON contract (version 1).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// reviewdog's rdjson.
    Rdjson,
}

/// One checked file with its findings.
pub struct CheckedFile {
    pub path: String,
    pub text: Arc<str>,
    pub lines: LineIndex,
    pub findings: Vec<Finding>,
    /// Speeds up converting many offsets on one long line.
    pub hint: Cell<Hint>,
}

/// A file that could not be checked, or a config error (empty path).
#[derive(Clone, Debug)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl CheckedFile {
    fn pos(&self, offset: usize) -> CliPosition {
        self.lines
            .cli_position_hinted(&self.text, offset, &self.hint)
    }

    fn range_json(&self, r: &Range<usize>) -> Value {
        let s = self.pos(r.start);
        let e = self.pos(r.end);
        json!({
            "start": {"line": s.line, "column": s.column, "offset": s.offset},
            "end": {"line": e.line, "column": e.column, "offset": e.offset},
        })
    }

    /// One-based line and one-based column in UTF-8 bytes (rdjson).
    fn byte_pos(&self, offset: usize) -> (usize, usize) {
        let p = self.pos(offset);
        let line_start = self.lines.line_range(&self.text, p.line - 1).start;
        (p.line, p.offset - line_start + 1)
    }
}

/// Counts of findings by severity.
#[derive(Default, Clone, Copy)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
}

impl Summary {
    pub fn of(files: &[CheckedFile]) -> Summary {
        let mut s = Summary {
            files: files.len(),
            ..Default::default()
        };
        for f in files.iter().flat_map(|f| &f.findings) {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
                Severity::Hint => s.hints += 1,
            }
        }
        s
    }

    fn total(&self) -> usize {
        self.errors + self.warnings + self.infos + self.hints
    }
}

pub fn write(
    out: &mut dyn Write,
    format: Format,
    files: &[CheckedFile],
    rules: &[RuleDoc],
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Human => human(out, files, color),
        Format::Json => json_stream(out, files),
        Format::Sarif => {
            serde_json::to_writer_pretty(&mut *out, &sarif(files, rules))?;
            writeln!(out)
        }
        Format::Github => github(out, files),
        Format::Rdjson => {
            serde_json::to_writer(&mut *out, &rdjson(files))?;
            writeln!(out)
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn severity(&self, sev: Severity) -> String {
        let code = match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;34",
            Severity::Hint => "1;36",
        };
        self.wrap(code, sev.as_str())
    }
}

/// Lines of more characters than this are shown in part: a story pasted
/// as one line would otherwise be printed whole under every finding.
const LONGEST_SHOWN: usize = 240;
/// Characters shown on either side of the span of a line shown in part.
const CONTEXT: usize = 80;

/// The part of `line` (a byte range of `text`) to show for `span`: all of
/// it, or for a line of more than [`LONGEST_SHOWN`] characters, [`CONTEXT`]
/// characters either side of the span's first [`CONTEXT`] characters;
/// and whether anything was cut before and after.
fn shown_stretch(text: &str, line: Range<usize>, span: Range<usize>) -> (Range<usize>, bool, bool) {
    if text[line.clone()].chars().nth(LONGEST_SHOWN).is_none() {
        return (line, false, false);
    }
    let back = |from: usize, n: usize| {
        text[line.start..from]
            .char_indices()
            .rev()
            .nth(n.saturating_sub(1))
            .map_or(line.start, |(i, _)| line.start + i)
    };
    let ahead = |from: usize, n: usize| {
        text[from..line.end]
            .char_indices()
            .nth(n)
            .map_or(line.end, |(i, _)| from + i)
    };
    let start = back(span.start, CONTEXT);
    let end = ahead(ahead(span.start, CONTEXT).min(span.end), CONTEXT);
    (start..end, start > line.start, end < line.end)
}

fn human(out: &mut dyn Write, files: &[CheckedFile], color: bool) -> io::Result<()> {
    let paint = Paint(color);
    for f in files {
        for d in &f.findings {
            let s = f.pos(d.range.start);
            writeln!(
                out,
                "{}: {}{}: {}",
                paint.wrap("1", &format!("{}:{}:{}", f.path, s.line, s.column)),
                paint.severity(d.severity),
                paint.wrap("1", &format!("[{}]", d.rule)),
                d.message
            )?;
            // The source line with the span underlined (to the end of the
            // first line when the span runs on); of a very long line, only
            // the stretch around the span.
            let line_range = f.lines.line_range(&f.text, s.line - 1);
            let start = d.range.start.clamp(line_range.start, line_range.end);
            let end = d.range.end.clamp(start, line_range.end);
            let (shown, cut_before, cut_after) = shown_stretch(&f.text, line_range, start..end);
            let end = end.min(shown.end);
            let line = format!(
                "{}{}{}",
                if cut_before { "…" } else { "" },
                &f.text[shown.clone()],
                if cut_after { "…" } else { "" }
            );
            let lead = std::iter::repeat_n(" ", usize::from(cut_before))
                .chain(
                    f.text[shown.start..start]
                        .chars()
                        .map(|c| if c == '\t' { "    " } else { " " }),
                )
                .collect::<String>();
            let width = f.text[start..end].chars().count().max(1);
            let num = s.line.to_string();
            let pad = " ".repeat(num.len());
            writeln!(out, "{pad} {}", paint.wrap("1;34", "|"))?;
            writeln!(
                out,
                "{} {} {}",
                paint.wrap("1;34", &num),
                paint.wrap("1;34", "|"),
                line.replace('\t', "    ")
            )?;
            writeln!(
                out,
                "{pad} {} {lead}{}",
                paint.wrap("1;34", "|"),
                paint.wrap(
                    if d.severity == Severity::Error {
                        "1;31"
                    } else {
                        "1;33"
                    },
                    &"^".repeat(width)
                )
            )?;
            for fix in &d.fixes {
                writeln!(
                    out,
                    "{pad} {} fix{}: {}",
                    paint.wrap("1;34", "="),
                    if fix.safe { "" } else { " (review)" },
                    fix.title
                )?;
            }
            writeln!(out)?;
        }
    }
    let s = Summary::of(files);
    let line = format!(
        "Checked {}: {}, {}, {}, {}.",
        plural(s.files, "file", "files"),
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.infos, "info", "infos"),
        plural(s.hints, "hint", "hints"),
    );
    let line = if s.total() == 0 {
        paint.wrap("1;32", &line)
    } else {
        paint.wrap("1", &line)
    };
    writeln!(out, "{line}")
}

fn diagnostic_json(f: &CheckedFile, d: &Finding) -> Value {
    json!({
        "rule": d.rule,
        "severity": d.severity.as_str(),
        "message": d.message,
        "range": f.range_json(&d.range),
        "fixes": d.fixes.iter().map(|x| json!({
            "title": x.title,
            "safe": x.safe,
            "edits": x.edits.iter().map(|e| json!({
                "range": f.range_json(&e.range),
                "text": e.text,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// The JSON contract written a diagnostic at a time, so a huge report
/// never sits in memory as one tree. The same document as [`json_report`].
fn json_stream(out: &mut dyn Write, files: &[CheckedFile]) -> io::Result<()> {
    let s = Summary::of(files);
    let mut out = io::BufWriter::new(out);
    out.write_all(b"{\"version\":1,\"files\":[")?;
    for (i, f) in files.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(b"{\"path\":")?;
        serde_json::to_writer(&mut out, &f.path)?;
        out.write_all(b",\"diagnostics\":[")?;
        for (j, d) in f.findings.iter().enumerate() {
            if j > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut out, &diagnostic_json(f, d))?;
        }
        out.write_all(b"]}")?;
    }
    out.write_all(b"],\"summary\":")?;
    serde_json::to_writer(&mut out, &summary_json(&s))?;
    out.write_all(b"}\n")?;
    out.flush()
}

fn summary_json(s: &Summary) -> Value {
    json!({
        "files": s.files,
        "diagnostics": s.total(),
        "errors": s.errors,
        "warnings": s.warnings,
        "infos": s.infos,
        "hints": s.hints,
    })
}

/// The JSON contract, version 1.
pub fn json_report(files: &[CheckedFile]) -> Value {
    let s = Summary::of(files);
    let files: Vec<Value> = files
        .iter()
        .map(|f| {
            let diags: Vec<Value> = f.findings.iter().map(|d| diagnostic_json(f, d)).collect();
            json!({"path": f.path, "diagnostics": diags})
        })
        .collect();
    json!({"version": 1, "files": files, "summary": summary_json(&s)})
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn sarif_region(f: &CheckedFile, r: &Range<usize>) -> Value {
    let s = f.pos(r.start);
    let e = f.pos(r.end);
    json!({
        "startLine": s.line,
        "startColumn": s.column,
        "endLine": e.line,
        "endColumn": e.column,
    })
}

fn uri_of(path: &str) -> String {
    // A relative URI reference: percent-encode what a URI may not hold.
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// SARIF 2.1.0: one run, the rules that were reported or exist, results
/// with regions in Unicode code point columns, and fixes.
pub fn sarif(files: &[CheckedFile], rules: &[RuleDoc]) -> Value {
    // Every rule reported must be in the driver's rules; add bare entries
    // for rules the list does not know.
    let mut all: Vec<RuleDoc> = rules.to_vec();
    for d in files.iter().flat_map(|f| &f.findings) {
        if !all.iter().any(|r| r.id == d.rule) {
            all.push(RuleDoc {
                id: d.rule.to_string(),
                severity: d.severity,
                summary: d.rule.to_string(),
                doc: String::new(),
                examples: Vec::new(),
                source: "unknown".into(),
            });
        }
    }
    let rule_index = |id: &str| all.iter().position(|r| r.id == id).unwrap_or(0);
    let rules_json: Vec<Value> = all
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id.replace(['.', '-'], "_"),
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": if r.doc.is_empty() { r.summary.clone() } else { r.doc.clone() }},
                "help": {"text": r.summary, "markdown": if r.doc.is_empty() { r.summary.clone() } else { r.doc.clone() }},
                "helpUri": doc_url(&r.id),
                "defaultConfiguration": {"level": sarif_level(r.severity)},
                "properties": {"tags": [r.id.split('.').next().unwrap_or("style")]},
            })
        })
        .collect();
    let mut results = Vec::new();
    let mut artifacts = Vec::new();
    for f in files {
        let uri = uri_of(&f.path);
        artifacts
            .push(json!({"location": {"uri": uri}, "length": f.text.len(), "encoding": "utf-8"}));
        for d in &f.findings {
            let fixes: Vec<Value> = d
                .fixes
                .iter()
                .map(|x| {
                    json!({
                        "description": {"text": x.title},
                        "artifactChanges": [{
                            "artifactLocation": {"uri": uri},
                            "replacements": x.edits.iter().map(|e| json!({
                                "deletedRegion": sarif_region(f, &e.range),
                                "insertedContent": {"text": e.text},
                            })).collect::<Vec<_>>(),
                        }],
                    })
                })
                .collect();
            let start = f.pos(d.range.start);
            let mut result = json!({
                "ruleId": d.rule,
                "ruleIndex": rule_index(&d.rule),
                "level": sarif_level(d.severity),
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": sarif_region(f, &d.range),
                    }
                }],
                "partialFingerprints": {
                    "copydesk/v1": format!("{}:{}:{}", d.rule, start.line, &f.text[d.range.clone()]),
                },
            });
            if !fixes.is_empty() {
                result["fixes"] = Value::Array(fixes);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "copydesk",
                "version": crate::VERSION,
                "semanticVersion": crate::VERSION,
                "informationUri": "https://copydesk.dev",
                "rules": rules_json,
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
        }]
    })
}

/// Escape a workflow command's message.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow command's property value.
fn gh_prop(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github(out: &mut dyn Write, files: &[CheckedFile]) -> io::Result<()> {
    for f in files {
        for d in &f.findings {
            let s = f.pos(d.range.start);
            let e = f.pos(d.range.end);
            let kind = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            writeln!(
                out,
                "::{kind} file={},line={},endLine={},col={},endColumn={},title={}::{}",
                gh_prop(&f.path),
                s.line,
                e.line,
                s.column,
                e.column,
                gh_prop(&d.rule),
                gh_data(&d.message)
            )?;
        }
    }
    Ok(())
}

/// reviewdog's rdjson (columns are one-based UTF-8 byte counts).
pub fn rdjson(files: &[CheckedFile]) -> Value {
    let mut diags = Vec::new();
    for f in files {
        let range = |r: &Range<usize>| {
            let (sl, sc) = f.byte_pos(r.start);
            let (el, ec) = f.byte_pos(r.end);
            json!({"start": {"line": sl, "column": sc}, "end": {"line": el, "column": ec}})
        };
        for d in &f.findings {
            let severity = match d.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "WARNING",
                Severity::Info | Severity::Hint => "INFO",
            };
            let suggestions: Vec<Value> = d
                .fixes
                .iter()
                .filter(|x| x.edits.len() == 1)
                .map(|x| json!({"range": range(&x.edits[0].range), "text": x.edits[0].text}))
                .collect();
            diags.push(json!({
                "message": d.message,
                "location": {"path": f.path, "range": range(&d.range)},
                "severity": severity,
                "source": {"name": "copydesk"},
                "code": {"value": d.rule, "url": doc_url(&d.rule)},
                "suggestions": suggestions,
            }));
        }
    }
    json!({"source": {"name": "copydesk", "url": "https://copydesk.dev"}, "diagnostics": diags})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Fix;

    /// A story pasted as one line was printed whole under every finding
    /// (6,498 findings of a 5 MB line: gigabytes); now only the stretch
    /// around each span is.
    #[test]
    fn a_long_line_is_shown_around_the_span_only() {
        let line = format!("{}Kiev{}", "ab😀 ".repeat(300), " cd".repeat(300));
        let at = line.find("Kiev").unwrap();
        let (r, before, after) = shown_stretch(&line, 0..line.len(), at..at + 4);
        assert!(before && after);
        let shown = &line[r.clone()];
        assert!(shown.contains("Kiev"));
        assert_eq!(line[r.start..at].chars().count(), CONTEXT);
        assert_eq!(line[at + 4..r.end].chars().count(), CONTEXT);
        // At the start of the line nothing is cut before; a short line is
        // shown whole.
        let (r, before, after) = shown_stretch(&line, 0..line.len(), 0..2);
        assert!(!before && after && r.start == 0);
        let short = "The mayor of Kiev spoke.";
        assert_eq!(
            shown_stretch(short, 0..short.len(), 13..17),
            (0..short.len(), false, false)
        );
    }

    fn file(text: &str, findings: Vec<Finding>) -> CheckedFile {
        CheckedFile {
            path: "a b/story,1.md".into(),
            lines: LineIndex::new(text),
            text: Arc::from(text),
            findings,
            hint: Default::default(),
        }
    }

    #[test]
    fn github_lines_escape_properties_and_data() {
        let t = "x\nsé Kiev";
        let k = t.find("Kiev").unwrap();
        let f = file(
            t,
            vec![Finding::new(
                "names.authority",
                k..k + 4,
                Severity::Error,
                "50% wrong:\nuse Kyiv",
            )],
        );
        let mut out = Vec::new();
        github(&mut out, &[f]).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(
            s,
            "::error file=a b/story%2C1.md,line=2,endLine=2,col=4,endColumn=8,title=names.authority::50%25 wrong:%0Ause Kyiv\n"
        );
    }

    #[test]
    fn rdjson_columns_are_bytes() {
        let t = "é Kiev";
        let f = file(
            t,
            vec![
                Finding::new("names.authority", 3..7, Severity::Warning, "m")
                    .with_fix(Fix::replace(3..7, "Kyiv", true)),
            ],
        );
        let v = rdjson(&[f]);
        assert_eq!(
            v["diagnostics"][0]["location"]["range"]["start"]["column"],
            4
        );
        assert_eq!(v["diagnostics"][0]["suggestions"][0]["text"], "Kyiv");
        assert_eq!(v["diagnostics"][0]["severity"], "WARNING");
    }

    #[test]
    fn json_columns_are_scalar_values_and_offsets_bytes() {
        let t = "😀 Kiev";
        let f = file(
            t,
            vec![Finding::new("names.authority", 5..9, Severity::Error, "m")],
        );
        let v = json_report(&[f]);
        let r = &v["files"][0]["diagnostics"][0]["range"];
        assert_eq!(r["start"], json!({"line": 1, "column": 3, "offset": 5}));
        assert_eq!(r["end"], json!({"line": 1, "column": 7, "offset": 9}));
        assert_eq!(v["summary"]["errors"], 1);
    }

    #[test]
    fn streamed_json_is_the_same_document() {
        let t = "Kiev and Kiev";
        let f = || {
            file(
                t,
                vec![
                    Finding::new("names.authority", 0..4, Severity::Error, "m")
                        .with_fix(Fix::replace(0..4, "Kyiv", true)),
                    Finding::new("names.authority", 9..13, Severity::Error, "m"),
                ],
            )
        };
        let files = vec![f(), f()];
        let mut out = Vec::new();
        json_stream(&mut out, &files).unwrap();
        let streamed: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(streamed, json_report(&files));
        let mut empty = Vec::new();
        json_stream(&mut empty, &[]).unwrap();
        let v: Value = serde_json::from_slice(&empty).unwrap();
        assert_eq!(v, json_report(&[]));
    }

    #[test]
    fn uri_percent_encodes() {
        assert_eq!(uri_of("a b/story,1.md"), "a%20b/story%2C1.md");
    }
}
