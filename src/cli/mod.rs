//! The command line: `copydesk check`, `rules`, `explain`, `serve`, and
//! the helpers for name packs and quote listings. An edge: it reads files,
//! runs the core, and hands findings to a reporter.

pub mod check;
pub mod names;
pub mod quotes;
pub mod report;

use crate::checks;
use crate::stylebook::{find_config, StyleBook};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "copydesk",
    version = crate::VERSION,
    about = "A copy desk for news stories: names, datelines, bylines, quotes and attribution.",
    after_help = "Run `copydesk check story.md` to check a story with the built-in AP style."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check stories (files, folders, or - for standard input).
    Check(check::CheckArgs),
    /// List every rule with its default severity.
    Rules(RulesArgs),
    /// Print a rule's documentation and examples.
    Explain(ExplainArgs),
    /// List a story's quotations with their speakers, for fact-checking.
    Quotes(quotes::QuotesArgs),
    /// Run the language server over standard input and output.
    Serve(ServeArgs),
    /// Show how copydesk reads a story: each block's role, the byline,
    /// dateline, credit line and quotations.
    Anatomy(AnatomyArgs),
    /// Make name packs: generate the shipped ones, import a staff list.
    Names(names::NamesArgs),
}

#[derive(clap::Args, Debug)]
pub struct AnatomyArgs {
    /// The story (`-` for standard input).
    pub file: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    /// human or json.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
    /// Use this .copydesk.toml (default: the one governing the current folder).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// A rule id, such as names.authority.
    pub rule: String,
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Accepted for clients that pass it (VS Code does); stdio is the only
    /// transport.
    #[arg(long)]
    pub stdio: bool,
    /// error, warn, info, debug or trace (logs go to standard error).
    #[arg(long, default_value = "warn")]
    pub log_level: String,
}

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules(args) => rules(args),
        Command::Explain(args) => explain(args),
        Command::Quotes(args) => quotes::run(args),
        Command::Serve(args) => serve(args),
        Command::Anatomy(args) => anatomy(args),
        Command::Names(args) => names::run(args),
    }
}

fn load_book(config: Option<&PathBuf>) -> Result<StyleBook, i32> {
    let path = config
        .cloned()
        .or_else(|| find_config(std::path::Path::new(".")));
    let book = match path {
        Some(p) => StyleBook::from_config_file(&p),
        None => StyleBook::builtin(),
    };
    book.map_err(|e| {
        eprintln!("error: {e}");
        2
    })
}

fn rules(args: RulesArgs) -> i32 {
    let book = match load_book(args.config.as_ref()) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let rules = checks::all_rules(&book);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = match args.format {
        ListFormat::Json => {
            let v: Vec<serde_json::Value> = rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "severity": book.severity_for(&r.id, r.severity).map(|s| s.as_str()).unwrap_or("off"),
                        "default_severity": r.severity,
                        "summary": r.summary,
                        "source": r.source,
                        "url": checks::doc_url(&r.id),
                    })
                })
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            )
        }
        ListFormat::Human => {
            let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
            let mut res = Ok(());
            for r in &rules {
                let sev = book
                    .severity_for(&r.id, r.severity)
                    .map(|s| s.as_str())
                    .unwrap_or("off");
                res = res.and(writeln!(out, "{:width$}  {:7}  {}", r.id, sev, r.summary));
            }
            res
        }
    };
    exit_for_write(result)
}

fn explain(args: ExplainArgs) -> i32 {
    let book = match load_book(args.config.as_ref()) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let Some(r) = checks::explain(&book, &args.rule) else {
        eprintln!(
            "error: no rule '{}'; `copydesk rules` lists them all",
            args.rule
        );
        return 2;
    };
    let mut text = format!(
        "# {}\n\nDefault severity: {}. Source: {}.\n{}\n\n{}\n",
        r.id,
        r.severity,
        r.source,
        checks::doc_url(&r.id),
        r.doc
    );
    if !r.examples.is_empty() {
        text.push_str("\n## Examples\n");
        for (bad, good) in &r.examples {
            text.push_str(&format!("\nflagged:  {bad}\ncorrect:  {good}\n"));
        }
    }
    exit_for_write(write!(std::io::stdout().lock(), "{text}"))
}

fn serve(args: ServeArgs) -> i32 {
    let _ = args.stdio;
    #[cfg(feature = "server")]
    {
        match crate::server::run(&args.log_level) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e:#}");
                1
            }
        }
    }
    #[cfg(not(feature = "server"))]
    {
        let _ = args.log_level;
        eprintln!("error: copydesk was built without the `server` feature");
        2
    }
}

fn anatomy(args: AnatomyArgs) -> i32 {
    let text = if args.file.as_os_str() == "-" {
        let mut s = String::new();
        match std::io::Read::read_to_string(&mut std::io::stdin(), &mut s) {
            Ok(_) => s,
            Err(e) => {
                eprintln!("error: cannot read standard input: {e}");
                return 2;
            }
        }
    } else {
        match std::fs::read_to_string(&args.file) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {}: cannot read: {e}", args.file.display());
                return 2;
            }
        }
    };
    let book = match load_book(None) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let a = crate::Article::parse(&text, &book);
    let pos = |o: usize| a.lines.cli_position(&a.text, o);
    let short = |s: &str| {
        let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if one.chars().count() > 70 {
            format!("{}…", one.chars().take(69).collect::<String>())
        } else {
            one
        }
    };
    let mut out = String::new();
    for b in &a.blocks {
        let p = pos(b.range.start);
        out.push_str(&format!(
            "{:>4}:{:<3} {:<12} {}\n",
            p.line,
            p.column,
            b.role.as_str(),
            short(&a.text[b.range.clone()])
        ));
    }
    if let Some(by) = &a.byline {
        let names: Vec<&str> = by.names.iter().map(|n| n.text.as_str()).collect();
        out.push_str(&format!(
            "\nbyline:   {}{}\n",
            names.join(" | "),
            if by.web_pasted { " (web-pasted)" } else { "" }
        ));
    }
    if let Some(d) = &a.dateline {
        out.push_str(&format!("dateline: {}\n", a.text[d.range.clone()].trim()));
    }
    if let Some(c) = &a.credit {
        let names: Vec<&str> = c.names.iter().map(|n| n.text.as_str()).collect();
        out.push_str(&format!("credit:   {}\n", names.join(" | ")));
    }
    for q in &a.quotes {
        let p = pos(q.range.start);
        out.push_str(&format!(
            "quote {}:{}{} {}\n",
            p.line,
            p.column,
            if q.close.is_none() { " (open)" } else { "" },
            short(&a.text[q.range.clone()])
        ));
    }
    exit_for_write(std::io::stdout().lock().write_all(out.as_bytes()))
}

/// A broken pipe (`copydesk rules | head`) is not an error.
pub(crate) fn exit_for_write(r: std::io::Result<()>) -> i32 {
    match r {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}
