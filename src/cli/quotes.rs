//! `copydesk quotes FILE`: every quotation of a story with its speaker, for
//! a fact-checker working down the list. An edge over
//! `article::attribution::outline`.

use crate::article::attribution::{self, Link, QuoteEntry};
use crate::article::Article;
use crate::stylebook::{find_config, StyleBook};
use std::io::{Read, Write};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct QuotesArgs {
    /// The story (or - for standard input).
    pub file: PathBuf,
    /// human or json.
    #[arg(long, value_enum, default_value_t = super::ListFormat::Human)]
    pub format: super::ListFormat,
    /// Use this .copydesk.toml (default: the one governing the file).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// List only quotations that need a speaker and have none.
    #[arg(long)]
    pub unattributed: bool,
}

/// One row of the listing, with CLI positions.
#[derive(serde::Serialize)]
struct Row<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    #[serde(flatten)]
    entry: &'a QuoteEntry,
}

pub fn run(args: QuotesArgs) -> i32 {
    let (text, shown) = if args.file.as_os_str() == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            eprintln!("error: standard input: {e}");
            return 2;
        }
        (s, "-".to_string())
    } else {
        match std::fs::read(&args.file) {
            Ok(bytes) => (
                String::from_utf8_lossy(&bytes).into_owned(),
                args.file.display().to_string(),
            ),
            Err(e) => {
                eprintln!("error: {}: {e}", args.file.display());
                return 2;
            }
        }
    };
    let config = args.config.clone().or_else(|| {
        let base = if args.file.as_os_str() == "-" {
            PathBuf::from(".")
        } else {
            args.file.clone()
        };
        find_config(&base)
    });
    let book = match config {
        Some(p) => StyleBook::from_config_file(&p),
        None => StyleBook::builtin(),
    };
    let book = match book {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let listing = listing(&text, &shown, &book, args.format, args.unattributed);
    super::exit_for_write(write!(std::io::stdout().lock(), "{listing}"))
}

/// The quote listing of `text` as `copydesk quotes` prints it.
pub fn listing(
    text: &str,
    shown: &str,
    book: &StyleBook,
    format: super::ListFormat,
    unattributed: bool,
) -> String {
    let article = Article::parse(text, book);
    let entries: Vec<QuoteEntry> = attribution::outline(&article)
        .into_iter()
        .filter(|e| !unattributed || (e.needs_attribution && e.link.is_none()))
        .collect();
    let rows: Vec<Row> = entries
        .iter()
        .map(|e| {
            let start = article.lines.cli_position(text, e.range.start);
            let end = article.lines.cli_position(text, e.range.end);
            Row {
                line: start.line,
                column: start.column,
                end_line: end.line,
                entry: e,
            }
        })
        .collect();
    let mut out = Vec::new();
    let _ = match format {
        super::ListFormat::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "path": shown, "quotes": rows }))
                .unwrap_or_default()
        ),
        super::ListFormat::Human => human(&mut out, shown, &rows),
    };
    String::from_utf8_lossy(&out).into_owned()
}

fn human(out: &mut impl Write, shown: &str, rows: &[Row]) -> std::io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "{shown}: no quotations");
    }
    for r in rows {
        let e = r.entry;
        let how = match (&e.verb, e.link) {
            (Some(v), _) => v.clone(),
            (None, Some(Link::LeadIn)) => "lead-in".to_string(),
            (None, Some(Link::Subject)) => "subject of the sentence".to_string(),
            (None, Some(Link::Following)) => "named in the next paragraph".to_string(),
            (None, Some(Link::SameSpeaker)) => "same speaker goes on".to_string(),
            (None, _) => String::new(),
        };
        let who = match (&e.speaker, e.link) {
            (Some(s), _) => format!("{s} ({how})"),
            (None, Some(_)) => format!("(no name) ({how})"),
            (None, None) if e.needs_attribution => "UNATTRIBUTED".to_string(),
            (None, None) => "(scare quote or title)".to_string(),
        };
        let mut quote: String = e.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if quote.chars().count() > 90 {
            quote = quote.chars().take(87).collect::<String>() + "...";
        }
        writeln!(out, "{shown}:{}:{}: {who}", r.line, r.column)?;
        writeln!(out, "    \u{201c}{quote}\u{201d}")?;
    }
    let missing = rows
        .iter()
        .filter(|r| r.entry.needs_attribution && r.entry.link.is_none())
        .count();
    writeln!(
        out,
        "{} quotation(s), {missing} without attribution",
        rows.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::ListFormat;

    const STORY: &str = "# Port strike ends\r\n\r\nBy Mara Ellison\r\n\r\nDockworkers voted Tuesday to end the strike, union leader Adam Brzeski said.\r\n\r\n\"We got most of what we asked for,\" he told reporters. The deal was \"a fair compromise.\"\r\n\r\n\"Nobody should think this was easy or that it will last for ever.\"\r\n";

    #[test]
    fn human_listing_names_each_speaker() {
        let book = StyleBook::builtin().unwrap();
        let out = listing(STORY, "story.md", &book, ListFormat::Human, false);
        assert_eq!(
            out,
            "story.md:7:1: Adam Brzeski (told)\n    \u{201c}We got most of what we asked for,\u{201d}\n\
             story.md:7:69: Adam Brzeski (told)\n    \u{201c}a fair compromise.\u{201d}\n\
             story.md:9:1: Adam Brzeski (told)\n    \u{201c}Nobody should think this was easy or that it will last for ever.\u{201d}\n\
             3 quotation(s), 0 without attribution\n"
        );
    }

    #[test]
    fn json_listing_and_the_unattributed_filter() {
        let book = StyleBook::builtin().unwrap();
        let t = STORY.replace(
            "\"We got most of what we asked for,\" he told reporters. ",
            "",
        );
        let out = listing(&t, "story.md", &book, ListFormat::Json, true);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let quotes = v["quotes"].as_array().unwrap();
        assert_eq!(quotes.len(), 1);
        assert_eq!(quotes[0]["line"], 9);
        assert_eq!(quotes[0]["speaker"], serde_json::Value::Null);
        assert_eq!(quotes[0]["needs_attribution"], true);
    }
}
