//! `copydesk check`: find the stories, check them in parallel, fix or
//! report, and choose the exit code.
//!
//! Exit codes: 0 when nothing reaches `--fail-on`, 1 when something does,
//! 2 for usage, config or I/O errors (a file that cannot be read, or is
//! not text, is reported and skipped; the other files are still checked).

use super::report::{self, CheckedFile, Format, Problem};
use crate::article::Article;
use crate::checks;
use crate::finding::{apply_edits, Edit, Finding, Severity};
use crate::positions::LineIndex;
use crate::stylebook::{find_config, find_workspace_names, StyleBook, StyleError};
use clap::ValueEnum;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files and folders to check; `-` reads standard input. Default: the
    /// current folder.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Write safe fixes into the files (atomically; line ends, BOM and
    /// permissions kept).
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Print the safe fixes as a unified diff instead of writing them.
    #[arg(long)]
    pub diff: bool,
    /// File extensions to check inside folders (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = "md,markdown,txt,text")]
    pub ext: Vec<String>,
    /// The file name to report (and to find .copydesk.toml from) for `-`.
    #[arg(long)]
    pub stdin_filename: Option<PathBuf>,
    /// Use this config file instead of looking for .copydesk.toml.
    #[arg(long, conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every .copydesk.toml: the built-in style only.
    #[arg(long)]
    pub no_config: bool,
    /// When to colour the human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Skip (and report, exit 2) stories larger than this: bytes, or with
    /// a unit (`500KB`, `5MB`, `1GB`; `KiB`, `MiB`, `GiB` for powers of
    /// 1024). A story is never this long; a dump pasted as one may be.
    #[arg(long, value_parser = parse_size, default_value = "8MiB")]
    pub max_file_size: u64,
}

/// A size such as `5MB`, `512KiB` or `1000000`, in bytes.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("'{s}' is not a size (a number of bytes, or 500KB, 5MB, 1GB)"))?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        other => {
            return Err(format!(
                "'{other}' is not a size unit (use B, KB, MB, GB, KiB, MiB or GiB)"
            ))
        }
    };
    n.checked_mul(scale)
        .ok_or_else(|| format!("'{s}' is too large"))
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Hint => Some(Severity::Hint),
            FailOn::Never => None,
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

enum Input {
    File(PathBuf),
    Stdin,
}

/// One story to check, with the style book that governs it.
struct Job {
    input: Input,
    /// As shown in reports.
    shown: String,
    book: Arc<StyleBook>,
}

fn display_path(p: &Path) -> String {
    let s = p.display().to_string();
    let s = s.strip_prefix("./").unwrap_or(&s).to_string();
    if cfg!(windows) {
        s.replace('\\', "/")
    } else {
        s
    }
}

fn has_ext(p: &Path, exts: &[String]) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        exts.iter()
            .any(|x| x.trim_start_matches('.').eq_ignore_ascii_case(e))
    })
}

/// The files named on the command line, and those inside the folders
/// named (respecting .gitignore), sorted.
fn collect_inputs(args: &CheckArgs, problems: &mut Vec<Problem>) -> Vec<(Input, String)> {
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut files: Vec<(Input, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in paths {
        if p.as_os_str() == "-" {
            let shown = args
                .stdin_filename
                .as_deref()
                .map(display_path)
                .unwrap_or_else(|| "<stdin>".to_string());
            files.push((Input::Stdin, shown));
            continue;
        }
        if p.is_dir() {
            let walker = ignore::WalkBuilder::new(&p)
                .require_git(false)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build();
            for entry in walker {
                match entry {
                    Ok(e) => {
                        let path = e.path();
                        if e.file_type().is_some_and(|t| t.is_file())
                            && has_ext(path, &args.ext)
                            && seen.insert(path.to_path_buf())
                        {
                            files.push((Input::File(path.to_path_buf()), display_path(path)));
                        }
                    }
                    Err(err) => problems.push(Problem {
                        path: display_path(&p),
                        message: format!("cannot walk: {err}"),
                    }),
                }
            }
        } else if p.exists() {
            if seen.insert(p.clone()) {
                let shown = display_path(&p);
                files.push((Input::File(p), shown));
            }
        } else {
            problems.push(Problem {
                path: display_path(&p),
                message: "no such file or folder".to_string(),
            });
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    files
}

/// Resolve the style book for every input, loading each config once.
fn plan(
    args: &CheckArgs,
    inputs: Vec<(Input, String)>,
    problems: &mut Vec<Problem>,
) -> Result<Vec<Job>, StyleError> {
    type Key = (Option<PathBuf>, Option<PathBuf>);
    let mut books: BTreeMap<Key, Result<Arc<StyleBook>, StyleError>> = BTreeMap::new();
    let mut load = |key: Key| -> Result<Arc<StyleBook>, StyleError> {
        books
            .entry(key.clone())
            .or_insert_with(|| match &key {
                (None, None) => StyleBook::builtin().map(Arc::new),
                (cfg, names) => StyleBook::load(cfg.as_deref(), names.as_deref()).map(Arc::new),
            })
            .clone()
    };
    let mut jobs = Vec::new();
    let mut reported: std::collections::HashSet<String> = Default::default();
    // The config and workspace names that govern a file depend only on its
    // folder (every `Input::File` is a file, not a folder): look them up
    // once per folder, not twice per file (each lookup canonicalizes the
    // folder and stats a file in every folder above it).
    let mut by_folder: std::collections::HashMap<PathBuf, Key> = Default::default();
    let lookup = |file: &Path| -> Key {
        let cfg = if args.no_config {
            None
        } else if let Some(c) = &args.config {
            Some(c.clone())
        } else {
            find_config(file)
        };
        let names = if args.no_config {
            None
        } else {
            find_workspace_names(file)
        };
        (cfg, names)
    };
    for (input, shown) in inputs {
        let key = match &input {
            Input::File(p) => by_folder
                .entry(p.parent().map(Path::to_path_buf).unwrap_or_default())
                .or_insert_with(|| lookup(p))
                .clone(),
            Input::Stdin => lookup(args.stdin_filename.as_deref().unwrap_or(Path::new("./-"))),
        };
        match load(key) {
            Ok(book) => jobs.push(Job { input, shown, book }),
            Err(e) => {
                // A broken config stops the files it governs; say it once.
                if reported.insert(e.to_string()) {
                    problems.push(Problem {
                        path: String::new(),
                        message: e.to_string(),
                    });
                }
                if args.config.is_some() {
                    return Err(e);
                }
            }
        }
    }
    Ok(jobs)
}

/// Read a file as text: the BOM is taken off (and noted), binary files and
/// files that are not UTF-8 are refused.
fn read_text(bytes: Vec<u8>) -> Result<(String, bool), String> {
    let probe = &bytes[..bytes.len().min(8192)];
    if probe.contains(&0) {
        return Err("binary file (contains NUL bytes), skipped".to_string());
    }
    let mut s = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {}), skipped",
            e.utf8_error().valid_up_to()
        )
    })?;
    let bom = s.starts_with('\u{feff}');
    if bom {
        s.drain(..3);
    }
    Ok((s, bom))
}

/// The safe fixes of `findings` that do not overlap, as edits.
fn safe_edits(findings: &[Finding]) -> Vec<Edit> {
    let mut chosen: Vec<Edit> = Vec::new();
    for f in findings {
        let Some(fix) = f.fixes.iter().find(|x| x.safe) else {
            continue;
        };
        let clashes = fix.edits.iter().any(|e| {
            chosen.iter().any(|c| {
                e.range.start < c.range.end && c.range.start < e.range.end
                    || (e.range.is_empty() || c.range.is_empty()) && e.range.start == c.range.start
            })
        });
        if !clashes {
            chosen.extend(fix.edits.iter().cloned());
        }
    }
    chosen
}

fn check(text: &str, book: &StyleBook) -> Vec<Finding> {
    let article = Article::parse(text, book);
    checks::run(&article, book)
}

/// Apply safe fixes until none is left (or ten rounds): a second run then
/// changes nothing.
pub fn fix_text(text: &str, book: &StyleBook) -> String {
    let mut current = text.to_string();
    for _ in 0..10 {
        let findings = check(&current, book);
        let edits = safe_edits(&findings);
        if edits.is_empty() {
            break;
        }
        let (next, applied) = apply_edits(&current, &edits);
        if applied == 0 || next == current {
            break;
        }
        current = next;
    }
    current
}

/// Write `text` to `path` through a temporary file in the same folder and
/// a rename, keeping the file's permissions.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("story");
    let tmp = dir.join(format!(".{name}.copydesk-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

enum Outcome {
    Checked(CheckedFile, Option<String>),
    Failed(Problem),
}

fn process(job: &Job, args: &CheckArgs, stdin_text: Option<&[u8]>) -> Outcome {
    let too_large = |size: u64| {
        Outcome::Failed(Problem {
            path: job.shown.clone(),
            message: format!(
                "{size} bytes, more than --max-file-size ({} bytes): skipped",
                args.max_file_size
            ),
        })
    };
    if let Input::File(p) = &job.input {
        // Asked before reading, so a huge file is not read at all.
        if let Ok(m) = std::fs::metadata(p) {
            if m.len() > args.max_file_size {
                return too_large(m.len());
            }
        }
    }
    let bytes = match &job.input {
        Input::Stdin => stdin_text.unwrap_or_default().to_vec(),
        Input::File(p) => match std::fs::read(p) {
            Ok(b) => b,
            Err(e) => {
                return Outcome::Failed(Problem {
                    path: job.shown.clone(),
                    message: format!("cannot read: {e}"),
                })
            }
        },
    };
    if bytes.len() as u64 > args.max_file_size {
        return too_large(bytes.len() as u64);
    }
    let (text, bom) = match read_text(bytes) {
        Ok(t) => t,
        Err(message) => {
            return Outcome::Failed(Problem {
                path: job.shown.clone(),
                message,
            })
        }
    };
    let book = &job.book;
    let mut diff = None;
    let mut final_text = text.clone();
    if args.fix || args.diff {
        let fixed = fix_text(&text, book);
        if fixed != text {
            if args.diff {
                diff = Some(
                    similar::TextDiff::from_lines(&text, &fixed)
                        .unified_diff()
                        .context_radius(2)
                        .header(&job.shown, &job.shown)
                        .to_string(),
                );
            } else {
                let mut out = String::with_capacity(fixed.len() + 3);
                if bom {
                    out.push('\u{feff}');
                }
                out.push_str(&fixed);
                match &job.input {
                    Input::File(p) => {
                        if let Err(e) = write_atomically(p, &out) {
                            return Outcome::Failed(Problem {
                                path: job.shown.clone(),
                                message: format!("cannot write fixes: {e}"),
                            });
                        }
                    }
                    Input::Stdin => diff = Some(out),
                }
                final_text = fixed;
            }
        }
    }
    let findings = check(&final_text, book);
    let text: Arc<str> = Arc::from(final_text);
    Outcome::Checked(
        CheckedFile {
            path: job.shown.clone(),
            lines: LineIndex::new(&text),
            text,
            findings,
            hint: Default::default(),
        },
        diff,
    )
}

pub fn run(args: CheckArgs) -> i32 {
    let mut problems = Vec::new();
    let inputs = collect_inputs(&args, &mut problems);
    let stdin_text = if inputs.iter().any(|(i, _)| matches!(i, Input::Stdin)) {
        let mut buf = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
            eprintln!("error: cannot read standard input: {e}");
            return 2;
        }
        Some(buf)
    } else {
        None
    };
    let jobs = match plan(&args, inputs, &mut problems) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let mut books: Vec<Arc<StyleBook>> = Vec::new();
    for j in &jobs {
        if !books.iter().any(|b| Arc::ptr_eq(b, &j.book)) {
            books.push(j.book.clone());
        }
    }
    let outcomes: Vec<Outcome> = jobs
        .par_iter()
        .map(|job| process(job, &args, stdin_text.as_deref()))
        .collect();
    let mut files = Vec::new();
    let mut diffs = Vec::new();
    for o in outcomes {
        match o {
            Outcome::Checked(f, d) => {
                if let Some(d) = d {
                    diffs.push(d);
                }
                files.push(f);
            }
            Outcome::Failed(p) => problems.push(p),
        }
    }
    for p in &problems {
        if p.path.is_empty() {
            eprintln!("error: {}", p.message);
        } else {
            eprintln!("error: {}: {}", p.path, p.message);
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // `--fix` on standard input writes the fixed story, nothing else.
    let stdin_fix = args.fix && args.paths.iter().any(|p| p.as_os_str() == "-");
    let write_result = if args.diff {
        diffs.iter().try_for_each(|d| out.write_all(d.as_bytes()))
    } else if stdin_fix {
        match (diffs.first(), files.first()) {
            (Some(fixed), _) => out.write_all(fixed.as_bytes()),
            (None, Some(f)) => out.write_all(f.text.as_bytes()),
            (None, None) => Ok(()),
        }
    } else {
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        // Every rule of every style book in use, for SARIF's rule list.
        let mut rules: Vec<checks::RuleDoc> = Vec::new();
        for book in &books {
            for r in checks::all_rules(book) {
                if !rules.iter().any(|x| x.id == r.id) {
                    rules.push(r);
                }
            }
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        report::write(&mut out, args.format, &files, &rules, color)
    };
    let code = super::exit_for_write(write_result.and_then(|_| out.flush()));
    if code != 0 {
        return code;
    }
    if !problems.is_empty() {
        return 2;
    }
    if args.diff {
        return i32::from(!diffs.is_empty());
    }
    let failed = args.fail_on.threshold().is_some_and(|t| {
        files
            .iter()
            .any(|f| f.findings.iter().any(|d| d.severity <= t))
    });
    i32::from(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_bytes_and_units() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("5MB"), Ok(5_000_000));
        assert_eq!(parse_size("5 mb"), Ok(5_000_000));
        assert_eq!(parse_size("512KiB"), Ok(512 * 1024));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert!(parse_size("MB").is_err());
        assert!(parse_size("5XB").is_err());
        assert!(parse_size("99999999999999GB").is_err());
    }

    #[test]
    fn fix_text_is_idempotent_and_keeps_crlf() {
        let book = StyleBook::builtin().unwrap();
        let t = "# Talks in Kiev\r\n\r\nThe mayor of Kiev met Zelensky towards noon.\r\n";
        let once = fix_text(t, &book);
        assert_eq!(
            once,
            "# Talks in Kyiv\r\n\r\nThe mayor of Kyiv met Zelenskyy toward noon.\r\n"
        );
        assert_eq!(fix_text(&once, &book), once);
    }

    #[test]
    fn read_text_refuses_binary_and_strips_bom() {
        assert!(read_text(vec![b'a', 0, b'b']).is_err());
        assert!(read_text(vec![0xff, 0xfe, b'a']).is_err());
        let (t, bom) = read_text("\u{feff}Kyiv".as_bytes().to_vec()).unwrap();
        assert_eq!(t, "Kyiv");
        assert!(bom);
    }

    #[test]
    fn overlapping_safe_fixes_are_taken_once() {
        use crate::finding::Fix;
        let f = |r: std::ops::Range<usize>, t: &str| {
            Finding::new("x.y", r.clone(), Severity::Error, "m").with_fix(Fix::replace(r, t, true))
        };
        let edits = safe_edits(&[f(0..4, "a"), f(2..6, "b"), f(6..8, "c")]);
        assert_eq!(edits.len(), 2);
    }
}
