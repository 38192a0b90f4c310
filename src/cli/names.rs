//! `copydesk names`: make name packs.
//!
//! - `generate --data DIR --out DIR` writes the shipped packs from the
//!   openly licensed sources in DIR (`spelling-ukraine/` JSON files,
//!   `congress-legislators/` YAML): `ukraine.toml` and `us-government.toml`.
//!   The output depends only on the input (files are read in sorted order,
//!   entries sorted by canonical spelling), and each pack carries its
//!   source's license and copyright line.
//! - `import FILE` turns a newsroom's staff or style list (CSV, TSV or
//!   JSON with `name`, `variants`, `note`, `staff`, optionally `kind`) into a
//!   pack.

use crate::stylebook::names::{NameEntry, NameKind, Pack, PackInfo};
use crate::stylebook::StyleBook;
use anyhow::{bail, Context, Result};
use clap::{Subcommand, ValueEnum};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct NamesArgs {
    #[command(subcommand)]
    pub command: NamesCommand,
}

#[derive(Subcommand, Debug)]
pub enum NamesCommand {
    /// Write the shipped packs (ukraine.toml, us-government.toml) from the
    /// source data.
    Generate {
        /// The folder holding spelling-ukraine/ and congress-legislators/.
        #[arg(long)]
        data: PathBuf,
        /// Where to write the packs (style-rules/names).
        #[arg(long)]
        out: PathBuf,
    },
    /// Turn a staff or style list (CSV, TSV or JSON) into a pack.
    Import {
        /// The list; its columns: name, variants (separated by `;` or `|`),
        /// note, staff (yes/true/1/x), kind (person, place, organization).
        file: PathBuf,
        /// The list's format (default: from the file's extension).
        #[arg(long, value_enum)]
        format: Option<ListFormat>,
        /// The pack's id (default: the file's name without extension).
        #[arg(long)]
        id: Option<String>,
        /// Write the pack here instead of standard output.
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
    },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Csv,
    Tsv,
    Json,
}

/// Run `copydesk names …`; the exit code.
pub fn run(args: NamesArgs) -> i32 {
    let result = match args.command {
        NamesCommand::Generate { data, out } => generate_to(&data, &out),
        NamesCommand::Import {
            file,
            format,
            id,
            out,
        } => import_to(&file, format, id, out.as_deref()),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("copydesk names: {e:#}");
            2
        }
    }
}

fn generate_to(data: &Path, out: &Path) -> Result<()> {
    let packs = generate(data)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    for (file, text) in packs {
        let path = out.join(&file);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// The shipped packs generated from `data`, as (file name, TOML text).
pub fn generate(data: &Path) -> Result<Vec<(String, String)>> {
    let readme = std::fs::read_to_string(data.join("README.md")).unwrap_or_default();
    Ok(vec![
        (
            "ukraine.toml".to_string(),
            ukraine(&data.join("spelling-ukraine"), &readme)?,
        ),
        (
            "us-government.toml".to_string(),
            us_government(&data.join("congress-legislators"), &readme)?,
        ),
    ])
}

/// The snapshot line the data README gives for a source folder
/// (`Tyrrrz/SpellingUkraine, commit ba86f92, 2026-03-04`), if any.
fn snapshot(readme: &str, folder: &str) -> Option<String> {
    let line = readme
        .lines()
        .find(|l| l.contains(&format!("`{folder}/`")))?;
    let last = line.trim().trim_end_matches('|').rsplit('|').next()?.trim();
    (!last.is_empty()).then(|| last.to_string())
}

fn license_comment(dir: &Path) -> Result<(String, String)> {
    let text = std::fs::read_to_string(dir.join("LICENSE"))
        .with_context(|| format!("cannot read {}", dir.join("LICENSE").display()))?;
    let copyright = text
        .lines()
        .find(|l| l.trim_start().starts_with("Copyright"))
        .unwrap_or("")
        .trim()
        .to_string();
    let comment = text
        .lines()
        .map(|l| {
            if l.trim().is_empty() {
                "#".to_string()
            } else {
                format!("# {}", l.trim_end())
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    Ok((copyright, comment))
}

/// Wrong forms of a Ukrainian place that are the right spelling of
/// something else a story may name: a given name (`Vladimir`), an English
/// word (`Luck`), a river in English (`Dnieper`), family names (`Romanov`,
/// `Makarov`, `Zaslav`, `Kosov`, `Galich`), places elsewhere (`Podolsk`,
/// `Symi`), a brand (`Nemiroff`). Flagging them in every story would be
/// wrong, so the generator leaves them out.
const NOT_ERRORS_ELSEWHERE: &[&str] = &[
    "Vladimir", "Luck", "Dnieper", "Romanov", "Romanof", "Makarov", "Zaslav", "Kosov", "Galich",
    "Podolsk", "Symi", "Sumi", "Nemiroff", "Malin", "Dolina", "Saki", "Zorya", "Zarya", "Hust",
    "Liman", "Valki", "Smela", "Litin", "Uzin", "Izum",
];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UkraineEntry {
    category: String,
    correct_spelling: String,
    #[serde(default)]
    incorrect_spellings: Vec<String>,
    #[serde(default)]
    description: Option<String>,
}

/// The first sentence of `s`, at most about 140 characters.
fn short_note(s: &str) -> String {
    let s = s.trim();
    let mut end = s.len();
    for (i, _) in s.match_indices(". ") {
        // Not after an initial or a short abbreviation.
        let word = s[..i].rsplit(' ').next().unwrap_or("");
        if word.chars().count() > 3 {
            end = i + 1;
            break;
        }
    }
    let first = &s[..end];
    if first.chars().count() <= 160 {
        return first.to_string();
    }
    let cut: String = first.chars().take(157).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{cut}…")
}

fn ukraine(dir: &Path, readme: &str) -> Result<String> {
    let mut files = Vec::new();
    for sub in ["people", "places", "companies", "phrases", "personal_names"] {
        let d = dir.join(sub);
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for f in rd {
            let p = f?.path();
            if p.extension().is_some_and(|e| e == "json") {
                files.push((sub, p));
            }
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    if files.is_empty() {
        bail!("no SpellingUkraine JSON files under {}", dir.display());
    }
    let mut entries = Vec::new();
    for (sub, path) in files {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let e: UkraineEntry = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a SpellingUkraine entry", path.display()))?;
        let canonical = e.correct_spelling.trim().to_string();
        if canonical.is_empty() {
            continue;
        }
        // Cyrillic forms are the source spelling, not a misspelling, and
        // some wrong forms are right for something else.
        let mut e = e;
        e.incorrect_spellings.retain(|v| {
            !v.chars().any(|c| ('\u{400}'..='\u{52f}').contains(&c))
                && !NOT_ERRORS_ELSEWHERE.contains(&v.trim())
        });
        let kind = match sub {
            "people" => NameKind::Person,
            "places" => NameKind::Place,
            "companies" => NameKind::Organization,
            _ => NameKind::Other,
        };
        let description = e.description.as_deref().map(short_note).unwrap_or_default();
        let note = match (kind, description.is_empty()) {
            (_, false) => description,
            (NameKind::Place, true) => format!("{} in Ukraine", e.category),
            _ => e.category.clone(),
        };
        // A given name spelled the Russian or English way is another
        // person's right spelling (Anastasia, Dmitry): listed, not flagged.
        let (variants, note) = if sub == "personal_names" {
            let also = e.incorrect_spellings.join(", ");
            let note = if also.is_empty() {
                "Ukrainian given name".to_string()
            } else {
                format!("Ukrainian given name (Ukrainian romanization; others write {also})")
            };
            (Vec::new(), note)
        } else {
            (e.incorrect_spellings.clone(), note)
        };
        // A person's family name alone: single-word wrong forms map to the
        // single right word (Zelensky -> Zelenskyy).
        if kind == NameKind::Person {
            let cw: Vec<&str> = canonical.split_whitespace().collect();
            if cw.len() > 1 {
                let last = cw[cw.len() - 1];
                let mut singles: Vec<String> = Vec::new();
                for v in &e.incorrect_spellings {
                    let vl = v.split_whitespace().last().unwrap_or("");
                    if v.split_whitespace().count() == 1 {
                        singles.push(v.clone());
                    } else if !vl.is_empty() && vl != last && !NOT_ERRORS_ELSEWHERE.contains(&vl) {
                        singles.push(vl.to_string());
                    }
                }
                entries.push(NameEntry {
                    canonical: last.to_string(),
                    kind,
                    variants: singles,
                    note: canonical.clone() + if note.is_empty() { "" } else { ": " } + &note,
                    staff: false,
                    pack: String::new(),
                });
            }
        }
        entries.push(NameEntry {
            canonical,
            kind,
            variants: variants
                .into_iter()
                .filter(|v| v.split_whitespace().count() > 1 || kind != NameKind::Person)
                .collect(),
            note,
            staff: false,
            pack: String::new(),
        });
    }
    let (copyright, comment) = license_comment(dir)?;
    let source = match snapshot(readme, "spelling-ukraine") {
        Some(s) => format!("SpellingUkraine ({s})"),
        None => "SpellingUkraine".to_string(),
    };
    let pack = Pack {
        pack: PackInfo {
            id: "ukraine".to_string(),
            title: "Ukrainian places and people".to_string(),
            source,
            license: "MIT".to_string(),
            copyright,
        },
        names: normalize(entries),
    };
    let head = format!(
        "# Generated by `copydesk names generate` from SpellingUkraine: do not edit by hand.\n\
         # correctSpelling is the right spelling, incorrectSpellings the wrong\n\
         # variants; relatedSpellings (other languages, dated forms) are not errors\n\
         # and are left out. Ukrainian given names are listed without variants:\n\
         # the Russian or English form is another person's right spelling.\n\
         #\n# The source data's license:\n#\n{comment}\n\n"
    );
    to_toml(&head, &pack)
}

#[derive(Deserialize)]
struct Legislator {
    name: LegName,
    #[serde(default)]
    terms: Vec<Term>,
}

#[derive(Deserialize)]
struct LegName {
    #[serde(default)]
    first: String,
    #[serde(default)]
    middle: Option<String>,
    #[serde(default)]
    last: String,
    #[serde(default)]
    nickname: Option<String>,
    #[serde(default)]
    official_full: Option<String>,
}

#[derive(Deserialize)]
struct Term {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    party: Option<String>,
}

fn party_letter(p: Option<&str>) -> String {
    match p.unwrap_or("") {
        "Democrat" => "D".into(),
        "Republican" => "R".into(),
        "Independent" => "I".into(),
        "" => String::new(),
        other => other.chars().next().map(String::from).unwrap_or_default(),
    }
}

fn state_name(postal: &str, states: &BTreeMap<String, String>) -> String {
    if let Some(n) = states.get(postal) {
        return n.clone();
    }
    match postal {
        "DC" => "the District of Columbia",
        "PR" => "Puerto Rico",
        "GU" => "Guam",
        "VI" => "the U.S. Virgin Islands",
        "AS" => "American Samoa",
        "MP" => "the Northern Mariana Islands",
        other => other,
    }
    .to_string()
}

/// The name as the press writes it: the official full name unless it
/// quotes a nickname (`Eric A. "Rick" Crawford` is `Rick Crawford`).
fn press_name(n: &LegName) -> String {
    if let Some(full) = &n.official_full {
        if !full.contains('"') && !full.trim().is_empty() {
            return full.trim().to_string();
        }
    }
    let first = n.nickname.as_deref().unwrap_or(&n.first);
    format!("{} {}", first.trim(), n.last.trim())
}

fn years(terms: &[&Term]) -> String {
    let start = terms
        .iter()
        .map(|t| t.start.get(..4).unwrap_or(""))
        .min()
        .unwrap_or("");
    let end = terms
        .iter()
        .map(|t| t.end.get(..4).unwrap_or(""))
        .max()
        .unwrap_or("");
    if start == end {
        start.to_string()
    } else {
        format!("{start}-{end}")
    }
}

fn us_government(dir: &Path, readme: &str) -> Result<String> {
    let read = |f: &str| -> Result<Vec<Legislator>> {
        let p = dir.join(f);
        let text =
            std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))?;
        serde_yaml::from_str(&text)
            .with_context(|| format!("{}: not a congress-legislators file", p.display()))
    };
    let current = read("legislators-current.yaml")?;
    let executive = read("executive.yaml")?;
    let book = StyleBook::builtin().map_err(|e| anyhow::anyhow!("{e}"))?;
    let states: BTreeMap<String, String> = book
        .house()
        .states
        .iter()
        .map(|s| (s.postal.clone(), s.name.clone()))
        .collect();

    // (full name, last name, note)
    let mut people: Vec<(String, String, String)> = Vec::new();
    for l in &current {
        let Some(t) = l.terms.last() else { continue };
        let role = match t.kind.as_str() {
            "sen" => "U.S. senator",
            "rep" if matches!(t.state.as_deref(), Some("PR")) => "U.S. resident commissioner",
            "rep" if matches!(t.state.as_deref(), Some("DC" | "GU" | "VI" | "AS" | "MP")) => {
                "U.S. delegate"
            }
            _ => "U.S. representative",
        };
        let state = state_name(t.state.as_deref().unwrap_or(""), &states);
        let party = party_letter(t.party.as_deref());
        let note = if party.is_empty() {
            format!("{role} from {state}")
        } else {
            format!("{role} from {state} ({party})")
        };
        people.push((press_name(&l.name), l.name.last.trim().to_string(), note));
    }
    // Presidents and vice presidents: a first name (or the nickname the
    // press uses) and the last name; where two share those, their middle
    // initials tell them apart (George H.W. Bush, George W. Bush).
    let base = |n: &LegName| {
        format!(
            "{} {}",
            n.nickname.as_deref().unwrap_or(&n.first).trim(),
            n.last.trim()
        )
    };
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for e in &executive {
        *seen.entry(base(&e.name)).or_default() += 1;
    }
    for e in &executive {
        let n = &e.name;
        let name = if let Some(full) = n.official_full.as_deref().filter(|f| !f.contains('"')) {
            full.trim().to_string()
        } else if seen[&base(n)] > 1 {
            let initials: String = n
                .middle
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .filter_map(|w| w.chars().next())
                .map(|c| format!("{c}."))
                .collect();
            let first = n.nickname.as_deref().unwrap_or(&n.first).trim();
            if initials.is_empty() {
                format!("{first} {}", n.last.trim())
            } else {
                format!("{first} {initials} {}", n.last.trim())
            }
        } else {
            base(n)
        };
        let prez: Vec<&Term> = e.terms.iter().filter(|t| t.kind == "prez").collect();
        let vp: Vec<&Term> = e.terms.iter().filter(|t| t.kind == "viceprez").collect();
        let mut parts = Vec::new();
        if !prez.is_empty() {
            parts.push(format!("U.S. president ({})", years(&prez)));
        }
        if !vp.is_empty() {
            parts.push(format!("U.S. vice president ({})", years(&vp)));
        }
        people.push((name, n.last.trim().to_string(), parts.join("; ")));
    }
    // Last-name forms, where safe: a family name that only one person in
    // the pack has, of four letters or more.
    let mut last_count: BTreeMap<String, usize> = BTreeMap::new();
    for (_, last, _) in &people {
        *last_count.entry(last.clone()).or_default() += 1;
    }
    let mut entries = Vec::new();
    for (name, last, note) in &people {
        entries.push(NameEntry {
            canonical: name.clone(),
            kind: NameKind::Person,
            variants: Vec::new(),
            note: note.clone(),
            staff: false,
            pack: String::new(),
        });
        if last_count[last] == 1 && last.chars().count() >= 4 && name != last {
            entries.push(NameEntry {
                canonical: last.clone(),
                kind: NameKind::Person,
                variants: Vec::new(),
                note: format!("{name}, {note}"),
                staff: false,
                pack: String::new(),
            });
        }
    }
    let (_, comment) = license_comment(dir)?;
    let source = match snapshot(readme, "congress-legislators") {
        Some(s) => format!("congress-legislators ({s})"),
        None => "congress-legislators".to_string(),
    };
    let pack = Pack {
        pack: PackInfo {
            id: "us-government".to_string(),
            title: "The current U.S. Congress and every U.S. president and vice president"
                .to_string(),
            source,
            license: "CC0-1.0".to_string(),
            copyright: "Public domain (CC0 1.0), the @unitedstates project contributors"
                .to_string(),
        },
        names: normalize(entries),
    };
    let head = format!(
        "# Generated by `copydesk names generate` from congress-legislators: do not\n\
         # edit by hand. Canonical names as the press writes them (the official\n\
         # full name, or the nickname and last name); the last name alone where\n\
         # only one person in the pack has it.\n\
         #\n# The source data's license:\n#\n{comment}\n\n"
    );
    to_toml(&head, &pack)
}

/// Sorted by canonical spelling, one entry per canonical spelling (notes
/// joined, variants merged), variants sorted, without duplicates, empty
/// strings, or spellings that are some entry's canonical.
pub fn normalize(entries: Vec<NameEntry>) -> Vec<NameEntry> {
    let mut by: BTreeMap<String, NameEntry> = BTreeMap::new();
    for e in entries {
        let canonical = e.canonical.trim().to_string();
        if canonical.is_empty() {
            continue;
        }
        match by.get_mut(&canonical) {
            Some(have) => {
                have.variants.extend(e.variants);
                if !e.note.is_empty() && !have.note.contains(&e.note) {
                    if !have.note.is_empty() {
                        have.note.push_str("; ");
                    }
                    have.note.push_str(&e.note);
                }
                have.staff |= e.staff;
            }
            None => {
                by.insert(canonical.clone(), NameEntry { canonical, ..e });
            }
        }
    }
    let canon: BTreeSet<String> = by.keys().map(|k| k.to_lowercase()).collect();
    by.into_values()
        .map(|mut e| {
            let vs: BTreeSet<String> = e
                .variants
                .iter()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty() && !canon.contains(&v.to_lowercase()))
                .collect();
            e.variants = vs.into_iter().collect();
            e.note = e.note.trim().to_string();
            e
        })
        .collect()
}

fn to_toml(head: &str, pack: &Pack) -> Result<String> {
    let body = toml::to_string(pack).context("cannot write the pack as TOML")?;
    Ok(format!("{head}{body}"))
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Variants {
    List(Vec<String>),
    Text(String),
}

#[derive(Deserialize)]
struct ImportRow {
    #[serde(alias = "canonical", alias = "Name")]
    name: String,
    #[serde(default, alias = "Variants")]
    variants: Option<Variants>,
    #[serde(default, alias = "Note")]
    note: Option<String>,
    #[serde(default, alias = "Staff")]
    staff: Option<serde_json::Value>,
    #[serde(default, alias = "Kind")]
    kind: Option<String>,
}

fn split_variants(s: &str) -> Vec<String> {
    s.split([';', '|'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(String::from)
        .collect()
}

fn truthy(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Bool(b) => *b,
        serde_json::Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        serde_json::Value::String(s) => {
            matches!(
                s.trim().to_lowercase().as_str(),
                "yes" | "y" | "true" | "1" | "x" | "staff"
            )
        }
        _ => false,
    }
}

/// A staff or style list as a pack.
pub fn import(text: &str, format: ListFormat, id: &str, source: &str) -> Result<Pack> {
    let rows: Vec<ImportRow> = match format {
        ListFormat::Json => serde_json::from_str(text)
            .context("expected a JSON array of {name, variants, note, staff}")?,
        ListFormat::Csv | ListFormat::Tsv => {
            let mut rdr = csv::ReaderBuilder::new()
                .delimiter(if format == ListFormat::Tsv {
                    b'\t'
                } else {
                    b','
                })
                .trim(csv::Trim::All)
                .flexible(true)
                .from_reader(text.as_bytes());
            let headers: Vec<String> = rdr
                .headers()?
                .iter()
                .map(|h| h.trim().to_lowercase())
                .collect();
            if !headers.iter().any(|h| h == "name" || h == "canonical") {
                bail!("the first row must name the columns: name, variants, note, staff (found {headers:?})");
            }
            let mut rows = Vec::new();
            for (i, rec) in rdr.records().enumerate() {
                let rec = rec.with_context(|| format!("row {}", i + 2))?;
                let get = |k: &str| {
                    headers
                        .iter()
                        .position(|h| h == k)
                        .and_then(|p| rec.get(p))
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                };
                rows.push(ImportRow {
                    name: get("name").or_else(|| get("canonical")).unwrap_or_default(),
                    variants: get("variants").map(Variants::Text),
                    note: get("note"),
                    staff: get("staff").map(serde_json::Value::String),
                    kind: get("kind"),
                });
            }
            rows
        }
    };
    let mut entries = Vec::new();
    for (i, r) in rows.into_iter().enumerate() {
        if r.name.trim().is_empty() {
            continue;
        }
        let kind = match r.kind.as_deref().map(|k| k.trim().to_lowercase()) {
            None => NameKind::Person,
            Some(k) if k.is_empty() || k == "person" => NameKind::Person,
            Some(k) if k == "place" => NameKind::Place,
            Some(k) if k == "organization" || k == "organisation" || k == "org" => {
                NameKind::Organization
            }
            Some(k) if k == "other" => NameKind::Other,
            Some(k) => bail!(
                "entry {} ({}): unknown kind '{k}' (person, place, organization, other)",
                i + 1,
                r.name
            ),
        };
        entries.push(NameEntry {
            canonical: r.name.trim().to_string(),
            kind,
            variants: match r.variants {
                Some(Variants::List(v)) => v,
                Some(Variants::Text(t)) => split_variants(&t),
                None => Vec::new(),
            },
            note: r.note.unwrap_or_default(),
            staff: r.staff.as_ref().is_some_and(truthy),
            pack: String::new(),
        });
    }
    Ok(Pack {
        pack: PackInfo {
            id: id.to_string(),
            title: format!("Imported from {source}"),
            source: source.to_string(),
            license: String::new(),
            copyright: String::new(),
        },
        names: normalize(entries),
    })
}

fn import_to(
    file: &Path,
    format: Option<ListFormat>,
    id: Option<String>,
    out: Option<&Path>,
) -> Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let format = match format {
        Some(f) => f,
        None => match file
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .as_deref()
        {
            Some("csv") => ListFormat::Csv,
            Some("tsv") | Some("tab") => ListFormat::Tsv,
            Some("json") => ListFormat::Json,
            _ => bail!(
                "cannot tell the format of {}: pass --format csv|tsv|json",
                file.display()
            ),
        },
    };
    let id = id.unwrap_or_else(|| {
        file.file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("names")
            .to_string()
    });
    let source = file
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("list")
        .to_string();
    let pack = import(&text, format, &id, &source).with_context(|| file.display().to_string())?;
    let toml = to_toml(
        &format!("# Imported by `copydesk names import` from {source}.\n\n"),
        &pack,
    )?;
    // Check it reads back as a pack before writing it.
    Pack::parse("imported", &toml).map_err(|e| anyhow::anyhow!("{e}"))?;
    match out {
        Some(p) => {
            std::fs::write(p, toml).with_context(|| format!("cannot write {}", p.display()))?
        }
        None => print!("{toml}"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stylebook::names::NameAuthority;

    /// A small data folder in the shapes of the real sources.
    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(
            d.join("README.md"),
            "| `spelling-ukraine/` | x | MIT | Example/Spelling, commit abc1234 |\n",
        )
        .unwrap();
        let su = d.join("spelling-ukraine");
        for sub in ["people", "places", "personal_names"] {
            std::fs::create_dir_all(su.join(sub)).unwrap();
        }
        std::fs::write(
            su.join("LICENSE"),
            "MIT License\n\nCopyright (c) 2024 Test Person\n\nPermission is granted.\n",
        )
        .unwrap();
        std::fs::write(
            su.join("people/zelenskyy.json"),
            r#"{"category":"Person","correctSpelling":"Volodymyr Zelenskyy","incorrectSpellings":["Volodymyr Zelensky","Vladimir Zelenskiy"],"relatedSpellings":["Владимир Зеленский"],"description":"President of Ukraine since 2019. He was an actor."}"#,
        )
        .unwrap();
        std::fs::write(
            su.join("places/kyiv.json"),
            r#"{"category":"City","correctSpelling":"Kyiv","incorrectSpellings":["Kiev","Kyiw","Kiev"],"relatedSpellings":["Kijów"]}"#,
        )
        .unwrap();
        std::fs::write(
            su.join("places/odesa.json"),
            r#"{"category":"City","correctSpelling":"Odesa","incorrectSpellings":["Odessa"],"relatedSpellings":[]}"#,
        )
        .unwrap();
        std::fs::write(
            su.join("personal_names/dmytro.json"),
            r#"{"category":"Personal name","correctSpelling":"Dmytro","incorrectSpellings":["Dmitry"],"relatedSpellings":[]}"#,
        )
        .unwrap();
        let cl = d.join("congress-legislators");
        std::fs::create_dir_all(&cl).unwrap();
        std::fs::write(
            cl.join("LICENSE"),
            "CC0 1.0 Universal\n\nNo rights reserved.\n",
        )
        .unwrap();
        std::fs::write(
            cl.join("legislators-current.yaml"),
            "- id:\n    bioguide: X1\n  name:\n    first: Sherrod\n    last: Example\n    official_full: Sherrod Example\n  terms:\n  - type: rep\n    start: '2019-01-03'\n    end: '2021-01-03'\n    state: OH\n    party: Democrat\n  - type: sen\n    start: '2025-01-03'\n    end: '2031-01-03'\n    state: OH\n    party: Republican\n\
- id:\n    bioguide: X2\n  name:\n    first: Eric\n    middle: A.\n    last: Crawford\n    nickname: Rick\n    official_full: Eric A. \"Rick\" Crawford\n  terms:\n  - type: rep\n    start: '2025-01-03'\n    end: '2027-01-03'\n    state: AR\n    party: Republican\n",
        )
        .unwrap();
        std::fs::write(
            cl.join("executive.yaml"),
            "- id:\n    bioguide: P1\n  name:\n    first: George\n    middle: Herbert Walker\n    last: Bush\n  terms:\n  - type: viceprez\n    start: '1981-01-20'\n    end: '1989-01-20'\n    party: Republican\n  - type: prez\n    start: '1989-01-20'\n    end: '1993-01-20'\n    party: Republican\n\
- id:\n    bioguide: P2\n  name:\n    first: George\n    middle: Walker\n    last: Bush\n  terms:\n  - type: prez\n    start: '2001-01-20'\n    end: '2009-01-20'\n    party: Republican\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn generation_is_deterministic_and_reads_back() {
        let dir = fixture();
        let a = generate(dir.path()).unwrap();
        let b = generate(dir.path()).unwrap();
        assert_eq!(a, b);
        let uk = Pack::parse("ukraine.toml", &a[0].1).unwrap();
        assert_eq!(uk.pack.copyright, "Copyright (c) 2024 Test Person");
        assert_eq!(uk.pack.license, "MIT");
        assert!(
            uk.pack.source.contains("commit abc1234"),
            "{}",
            uk.pack.source
        );
        assert!(a[0].1.contains("# Permission is granted."));
        let canon: Vec<&str> = uk.names.iter().map(|e| e.canonical.as_str()).collect();
        assert_eq!(
            canon,
            vec![
                "Dmytro",
                "Kyiv",
                "Odesa",
                "Volodymyr Zelenskyy",
                "Zelenskyy"
            ]
        );
        let z = &uk.names[4];
        assert_eq!(z.variants, vec!["Zelenskiy", "Zelensky"]);
        assert_eq!(uk.names[1].variants, vec!["Kiev", "Kyiw"]);
        // Given names carry no variants; related spellings are never variants.
        assert!(uk.names[0].variants.is_empty());
        assert!(!a[0].1.contains("Kijów"));
        assert_eq!(uk.names[3].note, "President of Ukraine since 2019.");

        let us = Pack::parse("us.toml", &a[1].1).unwrap();
        let got: Vec<(&str, &str)> = us
            .names
            .iter()
            .map(|e| (e.canonical.as_str(), e.note.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "Crawford",
                    "Rick Crawford, U.S. representative from Arkansas (R)"
                ),
                ("Example", "Sherrod Example, U.S. senator from Ohio (R)"),
                (
                    "George H.W. Bush",
                    "U.S. president (1989-1993); U.S. vice president (1981-1989)"
                ),
                ("George W. Bush", "U.S. president (2001-2009)"),
                ("Rick Crawford", "U.S. representative from Arkansas (R)"),
                ("Sherrod Example", "U.S. senator from Ohio (R)"),
            ]
        );
    }

    #[test]
    fn generated_single_word_variants_map_to_single_words() {
        let dir = fixture();
        let packs = generate(dir.path()).unwrap();
        let auth = NameAuthority::from_packs(vec![Pack::parse("u.toml", &packs[0].1).unwrap()]);
        let fix = |t: &str| {
            let h = &auth.find(t)[0];
            auth.replacement_for(&auth.entries[h.entry as usize], &t[h.range.clone()])
        };
        assert_eq!(fix("Kiev"), "Kyiv");
        assert_eq!(fix("Zelensky"), "Zelenskyy");
        assert_eq!(fix("Volodymyr Zelensky"), "Volodymyr Zelenskyy");
    }

    #[test]
    fn import_reads_csv_tsv_and_json() {
        let csv = "name,variants,note,staff\nJoanna Kakissis,Joanna Kakisis; Kakisis,\"NPR correspondent, Kyiv\",yes\nAda Obi,,,no\n";
        let p = import(csv, ListFormat::Csv, "staff", "staff.csv").unwrap();
        assert_eq!(p.pack.id, "staff");
        assert_eq!(p.names.len(), 2);
        assert_eq!(p.names[1].canonical, "Joanna Kakissis");
        assert_eq!(p.names[1].variants, vec!["Joanna Kakisis", "Kakisis"]);
        assert_eq!(p.names[1].note, "NPR correspondent, Kyiv");
        assert!(p.names[1].staff && !p.names[0].staff);

        let tsv = "Name\tVariants\tKind\nKyiv\tKiev|Kyiw\tplace\n";
        let p = import(tsv, ListFormat::Tsv, "t", "t.tsv").unwrap();
        assert_eq!(p.names[0].kind, NameKind::Place);
        assert_eq!(p.names[0].variants, vec!["Kiev", "Kyiw"]);

        let json = r#"[{"name":"Teri Schultz","variants":["Terry Schultz"],"staff":true},{"name":"Teri Schultz","variants":"Teri Shultz","note":"Brussels"}]"#;
        let p = import(json, ListFormat::Json, "j", "j.json").unwrap();
        assert_eq!(p.names.len(), 1, "duplicates merge");
        assert_eq!(p.names[0].variants, vec!["Teri Shultz", "Terry Schultz"]);
        assert!(p.names[0].staff);
        assert_eq!(p.names[0].note, "Brussels");
        // The output is a pack that loads.
        let text = to_toml("", &p).unwrap();
        let back = Pack::parse("x.toml", &text).unwrap();
        assert_eq!(back.names[0].canonical, p.names[0].canonical);
        assert_eq!(back.names[0].variants, p.names[0].variants);
        assert_eq!(back.pack.id, "j");
    }

    #[test]
    fn import_errors_say_what_is_wrong() {
        let e = import("who,what\nA,B\n", ListFormat::Csv, "x", "x.csv").unwrap_err();
        assert!(format!("{e:#}").contains("name"));
        let e = import(
            r#"[{"name":"A","kind":"planet"}]"#,
            ListFormat::Json,
            "x",
            "x.json",
        )
        .unwrap_err();
        assert!(format!("{e:#}").contains("unknown kind"));
        assert!(import("{", ListFormat::Json, "x", "x.json").is_err());
    }
}
