//! The style book: the house style as data.
//!
//! - name authority packs (`style-rules/names/*.toml`), see [`names`];
//! - house style files (`style-rules/ap/*.toml`): `[house]` settings,
//!   `[lists]` that the built-in checks read (stand-alone dateline cities,
//!   attribution verbs…), `[[state]]` rows, and data-driven `[[rule]]`s
//!   (see [`rules`]);
//! - the project's `.copydesk.toml`, found by walking up from the checked
//!   file, which picks packs, adds name and rule files, sets house
//!   preferences and sets any rule's severity or turns it off.
//!
//! Every file under `style-rules/` is embedded in the binary at build time,
//! so `copydesk check story.md` works with no configuration at all.

pub mod lexicon;
pub mod names;
pub mod rules;

use crate::finding::Severity;
use names::{NameAuthority, Pack};
use rules::{DataRule, Rules};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_style.rs"));
}

/// The embedded `style-rules/` files: (path relative to `style-rules/`, text).
pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
    embedded::EMBEDDED
}

/// The name of the project configuration file.
pub const CONFIG_FILE: &str = ".copydesk.toml";

/// A problem in a style, pack or config file, with where it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct StyleError {
    pub path: String,
    /// One-based.
    pub line: usize,
    /// One-based, in Unicode scalar values.
    pub column: usize,
    pub message: String,
}

impl StyleError {
    /// An error at byte `offset` of `text`.
    pub fn at(path: &str, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let idx = crate::positions::LineIndex::new(text);
        let p = idx.cli_position(text, offset);
        StyleError {
            path: path.to_string(),
            line: p.line,
            column: p.column,
            message: message.into(),
        }
    }

    pub fn from_toml(path: &str, text: &str, e: &toml::de::Error) -> Self {
        let offset = e.span().map(|s| s.start).unwrap_or(0);
        StyleError::at(path, text, offset, e.message().trim().to_string())
    }

    /// An error about a file as a whole (it cannot be read, say).
    pub fn file(path: &str, message: impl Into<String>) -> Self {
        StyleError {
            path: path.to_string(),
            line: 1,
            column: 1,
            message: message.into(),
        }
    }
}

/// House preferences that the built-in checks read. Each has a default
/// (AP style) that `[house]` in a style file or `.copydesk.toml` overrides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HouseSettings {
    /// The agency the house puts in datelines (`AP`). Empty: any agency in
    /// parentheses is accepted.
    pub agency: String,
    /// Whether a dateline must carry the agency.
    pub require_agency: bool,
    /// The attribution tense the house prefers: `said`, `says`, or
    /// `either` (only mixing is flagged, toward the majority).
    pub attribution: String,
    /// Whether bylines use the serial comma (`By A, B, and C`).
    pub serial_comma: bool,
    /// Whether the house uses courtesy titles (Mr., Mrs., Ms.) on later
    /// references.
    pub courtesy_titles: bool,
    /// Whether a date may stand in a dateline (`FRANKFURT, March 9 —`).
    pub dateline_date: bool,
    /// Whether every byline name should be on the staff list (authority
    /// entries with `staff = true`). When false, only a byline name close
    /// to a staff name, and not on the list, is reported (a likely typo).
    pub byline_staff: bool,
}

impl Default for HouseSettings {
    fn default() -> Self {
        HouseSettings {
            agency: String::new(),
            require_agency: false,
            attribution: "said".to_string(),
            serial_comma: false,
            courtesy_titles: false,
            dateline_date: false,
            byline_staff: false,
        }
    }
}

/// A U.S. state as AP writes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub name: String,
    /// AP's abbreviation in datelines (`Ill.`); empty for the eight states
    /// AP never abbreviates.
    #[serde(default)]
    pub ap: String,
    pub postal: String,
    /// Other abbreviations seen in copy (`Tex.`, `Penn.`), which a dateline
    /// check corrects to the AP form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other: Vec<String>,
}

/// The data the built-in checks read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct House {
    pub settings: HouseSettings,
    /// Named lists (`standalone_us`, `attribution_verbs`…), merged across
    /// files.
    pub lists: BTreeMap<String, Vec<String>>,
    pub states: Vec<State>,
}

impl House {
    /// A named list; empty when no file defines it.
    pub fn list(&self, name: &str) -> &[String] {
        self.lists.get(name).map(Vec::as_slice).unwrap_or(&[])
    }
}

#[derive(Debug, Default, Deserialize)]
struct HouseFile {
    #[serde(default)]
    house: Option<toml::Table>,
    #[serde(default)]
    lists: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    state: Vec<State>,
}

/// `.copydesk.toml`: the project configuration. Also what the language
/// server accepts as settings (as JSON).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub names: NamesConfig,
    pub style: StyleConfig,
    /// Rule id (or family) to severity, or `off`.
    pub rules: BTreeMap<String, String>,
    /// Overrides of [`HouseSettings`].
    pub house: Option<toml::Table>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NamesConfig {
    /// Built-in packs to use, by id; all when not given.
    pub packs: Option<Vec<String>>,
    /// Extra pack files, relative to the config file.
    pub files: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StyleConfig {
    /// Extra house style files (lists and rules), relative to the config.
    pub files: Vec<String>,
    /// Drop the built-in house style files (AP) and use only `files`.
    pub replace: bool,
}

impl Config {
    /// Parse a config file; errors carry `path:line:col`.
    pub fn parse(path: &str, text: &str) -> Result<Config, StyleError> {
        let config: Config =
            toml::from_str(text).map_err(|e| StyleError::from_toml(path, text, &e))?;
        for (rule, value) in &config.rules {
            if value != "off" && Severity::parse(value).is_none() {
                let offset = text.find(rule.as_str()).unwrap_or(0);
                return Err(StyleError::at(
                    path,
                    text,
                    offset,
                    format!("rule {rule}: '{value}' is not error, warning, info, hint or off"),
                ));
            }
        }
        if let Some(h) = &config.house {
            let offset = text.find("[house]").unwrap_or(0);
            HouseSettings::default()
                .merged(h)
                .map_err(|m| StyleError::at(path, text, offset, m))?;
        }
        Ok(config)
    }
}

impl HouseSettings {
    fn merged(&self, table: &toml::Table) -> Result<HouseSettings, String> {
        let mut base = toml::Table::try_from(self).map_err(|e| e.to_string())?;
        for (k, v) in table {
            base.insert(k.clone(), v.clone());
        }
        toml::Value::Table(base)
            .try_into()
            .map_err(|e: toml::de::Error| format!("[house]: {}", e.message().trim()))
    }
}

/// Where a style book came from: the config file, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub config: Option<PathBuf>,
}

/// Everything the checks read: names, house data, data rules, and the
/// per-rule severity settings.
#[derive(Clone, Debug)]
pub struct StyleBook {
    /// Unique per loaded book, so caches of facts that depend on the book
    /// can tell when it changed.
    pub id: u64,
    pub names: Arc<NameAuthority>,
    /// Private, so that it changes only with its lexicon ([`StyleBook::set_house`]).
    house: Arc<House>,
    /// The word lists read from `house` ([`lexicon::Lexicon`]).
    lexicon: Arc<lexicon::Lexicon>,
    pub rules: Arc<Rules>,
    /// Rule id or family to severity; `None` turns it off.
    pub severities: BTreeMap<String, Option<Severity>>,
    pub origin: Origin,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// The built-in pieces, parsed once.
struct Builtin {
    packs: Vec<Pack>,
    names: Arc<NameAuthority>,
    house_files: Vec<(String, String)>,
    house: Arc<House>,
    lexicon: Arc<lexicon::Lexicon>,
    rules: Arc<Rules>,
}

static BUILTIN: LazyLock<Result<Builtin, StyleError>> = LazyLock::new(|| {
    let mut packs = Vec::new();
    let mut house_files = Vec::new();
    for (path, text) in embedded_files() {
        let shown = format!("style-rules/{path}");
        if path.starts_with("names/") {
            packs.push(Pack::parse(&shown, text)?);
        } else {
            house_files.push((shown, text.to_string()));
        }
    }
    let names = Arc::new(NameAuthority::from_packs(packs.clone()));
    let (house, rules) = parse_house_files(&house_files, None)?;
    Ok(Builtin {
        packs,
        names,
        house_files,
        lexicon: Arc::new(lexicon::Lexicon::new(&house)),
        house: Arc::new(house),
        rules: Arc::new(Rules::new(rules)),
    })
});

fn parse_house_files(
    files: &[(String, String)],
    overrides: Option<&toml::Table>,
) -> Result<(House, Vec<DataRule>), StyleError> {
    let mut house = House::default();
    let mut rules = Vec::new();
    let mut settings = toml::Table::new();
    for (path, text) in files {
        let f: HouseFile =
            toml::from_str(text).map_err(|e| StyleError::from_toml(path, text, &e))?;
        if let Some(h) = f.house {
            let offset = text.find("[house]").unwrap_or(0);
            HouseSettings::default()
                .merged(&h)
                .map_err(|m| StyleError::at(path, text, offset, m))?;
            settings.extend(h);
        }
        for (k, v) in f.lists {
            house.lists.entry(k).or_default().extend(v);
        }
        house.states.extend(f.state);
        rules.extend(rules::parse_rules(path, text)?);
    }
    if let Some(o) = overrides {
        settings.extend(o.clone());
    }
    house.settings = HouseSettings::default()
        .merged(&settings)
        .map_err(|m| StyleError::file("[house]", m))?;
    Ok((house, rules))
}

fn read_file(path: &Path) -> Result<String, StyleError> {
    std::fs::read_to_string(path)
        .map_err(|e| StyleError::file(&path.display().to_string(), format!("cannot read: {e}")))
}

impl StyleBook {
    /// The house style: settings and named lists.
    pub fn house(&self) -> &Arc<House> {
        &self.house
    }

    /// The word lists the scanners read, made from the house's lists.
    pub fn lexicon(&self) -> &lexicon::Lexicon {
        &self.lexicon
    }

    /// Use `house` (and the lexicon made from it).
    pub fn set_house(&mut self, house: House) {
        self.lexicon = Arc::new(lexicon::Lexicon::new(&house));
        self.house = Arc::new(house);
    }

    /// The built-in house style (AP) with every shipped name pack.
    pub fn builtin() -> Result<StyleBook, StyleError> {
        let b = BUILTIN.as_ref().map_err(Clone::clone)?;
        Ok(StyleBook {
            id: next_id(),
            names: b.names.clone(),
            house: b.house.clone(),
            lexicon: b.lexicon.clone(),
            rules: b.rules.clone(),
            severities: BTreeMap::new(),
            origin: Origin::default(),
        })
    }

    /// The built-in style changed by `config`; relative paths in it are
    /// read from `base` (the config file's folder).
    pub fn with_config(config: &Config, base: &Path) -> Result<StyleBook, StyleError> {
        let b = BUILTIN.as_ref().map_err(Clone::clone)?;
        let mut book = StyleBook::builtin()?;

        // Names: the chosen built-in packs plus the project's files.
        if config.names.packs.is_some() || !config.names.files.is_empty() {
            let mut packs: Vec<Pack> = match &config.names.packs {
                None => b.packs.clone(),
                Some(ids) => {
                    for id in ids {
                        if !b.packs.iter().any(|p| &p.pack.id == id) {
                            let known: Vec<&str> =
                                b.packs.iter().map(|p| p.pack.id.as_str()).collect();
                            return Err(StyleError::file(
                                CONFIG_FILE,
                                format!(
                                    "[names] packs: no built-in pack '{id}' (there are: {})",
                                    known.join(", ")
                                ),
                            ));
                        }
                    }
                    b.packs
                        .iter()
                        .filter(|p| ids.contains(&p.pack.id))
                        .cloned()
                        .collect()
                }
            };
            for f in &config.names.files {
                let path = base.join(f);
                let text = read_file(&path)?;
                packs.push(Pack::parse(&path.display().to_string(), &text)?);
            }
            book.names = Arc::new(NameAuthority::from_packs(packs));
        }

        // House style: built-in files unless replaced, then the project's.
        if !config.style.files.is_empty() || config.style.replace || config.house.is_some() {
            let mut files = if config.style.replace {
                Vec::new()
            } else {
                b.house_files.clone()
            };
            for f in &config.style.files {
                let path = base.join(f);
                files.push((path.display().to_string(), read_file(&path)?));
            }
            let (house, rules) = parse_house_files(&files, config.house.as_ref())?;
            book.set_house(house);
            book.rules = Arc::new(Rules::new(rules));
        }

        for (rule, value) in &config.rules {
            let sev = if value == "off" {
                None
            } else {
                Some(Severity::parse(value).ok_or_else(|| {
                    StyleError::file(CONFIG_FILE, format!("rule {rule}: bad severity '{value}'"))
                })?)
            };
            book.severities.insert(rule.clone(), sev);
        }
        Ok(book)
    }

    /// Load `.copydesk.toml` at `path`.
    pub fn from_config_file(path: &Path) -> Result<StyleBook, StyleError> {
        StyleBook::load(Some(path), None)
    }

    /// The style book for a checked file: its `.copydesk.toml` (if any)
    /// and the workspace's own name file (`.copydesk/names.toml`, where the
    /// language server's "Add to the name authority" writes), so the editor
    /// and `copydesk check` know the same names.
    pub fn load(
        config: Option<&Path>,
        workspace_names: Option<&Path>,
    ) -> Result<StyleBook, StyleError> {
        let (mut cfg, text, base) = match config {
            Some(path) => {
                let text = read_file(path)?;
                let cfg = Config::parse(&path.display().to_string(), &text)?;
                let base = path.parent().unwrap_or(Path::new(".")).to_path_buf();
                (cfg, text, base)
            }
            None => (Config::default(), String::new(), PathBuf::from(".")),
        };
        if let Some(n) = workspace_names {
            let abs = std::fs::canonicalize(n).unwrap_or_else(|_| n.to_path_buf());
            let listed = cfg
                .names
                .files
                .iter()
                .any(|f| std::fs::canonicalize(base.join(f)).is_ok_and(|p| p == abs));
            if !listed {
                cfg.names.files.push(abs.display().to_string());
            }
        }
        let shown = config.map(|p| p.display().to_string()).unwrap_or_default();
        let mut book = StyleBook::with_config(&cfg, &base).map_err(|e| {
            if e.path == CONFIG_FILE && config.is_some() {
                // Point at the section the problem is in.
                let at = ["[names]", "[style]", "[rules]", "[house]"]
                    .iter()
                    .find(|s| e.message.starts_with(*s))
                    .and_then(|s| text.find(s))
                    .unwrap_or(0);
                StyleError::at(&shown, &text, at, e.message)
            } else {
                e
            }
        })?;
        book.origin.config = config.map(Path::to_path_buf);
        Ok(book)
    }

    /// The severity `rule` runs at, or `None` when it is off: the rule's
    /// own setting, else its family's, else `default`.
    pub fn severity_for(&self, rule: &str, default: Severity) -> Option<Severity> {
        if let Some(s) = self.severities.get(rule) {
            return *s;
        }
        let mut prefix = rule;
        while let Some((head, _)) = prefix.rsplit_once('.') {
            if let Some(s) = self.severities.get(head) {
                return *s;
            }
            prefix = head;
        }
        Some(default)
    }
}

/// Where the language server keeps names added from the editor, relative
/// to the workspace folder.
pub const WORKSPACE_NAMES: &str = ".copydesk/names.toml";

/// The workspace name file that governs `file`: the nearest
/// `.copydesk/names.toml` in its folder or any folder above.
pub fn find_workspace_names(file: &Path) -> Option<PathBuf> {
    find_upwards(file, WORKSPACE_NAMES)
}

/// The `.copydesk.toml` that governs `file`: the nearest one in its folder
/// or any folder above.
pub fn find_config(file: &Path) -> Option<PathBuf> {
    find_upwards(file, CONFIG_FILE)
}

fn find_upwards(file: &Path, name: &str) -> Option<PathBuf> {
    let start = if file.is_dir() {
        file.to_path_buf()
    } else {
        file.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let start = if start.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start
    };
    let abs = std::fs::canonicalize(&start).unwrap_or(start);
    let mut dir: Option<&Path> = Some(&abs);
    while let Some(d) = dir {
        let candidate = d.join(name);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads_and_has_names_and_house_data() {
        let book = StyleBook::builtin().unwrap();
        assert!(!book.names.is_empty());
        assert!(book.names.lookup("Kyiv").is_some());
        assert_eq!(book.house.settings.attribution, "said");
    }

    #[test]
    fn config_severities_and_families() {
        let c = Config::parse(
            "c.toml",
            "[rules]\n\"names\" = \"warning\"\n\"names.consistency\" = \"off\"\n",
        )
        .unwrap();
        let book = StyleBook::with_config(&c, Path::new(".")).unwrap();
        assert_eq!(
            book.severity_for("names.consistency", Severity::Error),
            None
        );
        assert_eq!(
            book.severity_for("names.authority", Severity::Error),
            Some(Severity::Warning)
        );
        assert_eq!(
            book.severity_for("quotes.verb", Severity::Info),
            Some(Severity::Info)
        );
    }

    #[test]
    fn config_errors_have_line_and_column() {
        let e = Config::parse(
            "x/.copydesk.toml",
            "[rules]\n\"names.authority\" = \"loud\"\n",
        )
        .unwrap_err();
        assert_eq!(e.path, "x/.copydesk.toml");
        assert_eq!((e.line, e.column), (2, 2));
        let e = Config::parse("c.toml", "[names]\npacks = [\"a\"\nfiles = 3\n").unwrap_err();
        assert!(e.line >= 2, "{e}");
        let e = Config::parse("c.toml", "[nmaes]\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("nmaes"), "{e}");
        let e = Config::parse("c.toml", "[house]\nserial_coma = true\n").unwrap_err();
        assert!(e.message.contains("serial_coma"), "{e}");
    }

    #[test]
    fn house_overrides_apply() {
        let c = Config::parse("c.toml", "[house]\nattribution = \"says\"\n").unwrap();
        let book = StyleBook::with_config(&c, Path::new(".")).unwrap();
        assert_eq!(book.house.settings.attribution, "says");
        assert!(!book.house.list("attribution_verbs").is_empty());
    }

    #[test]
    fn unknown_pack_is_an_error() {
        let c = Config::parse("c.toml", "[names]\npacks = [\"nope\"]\n").unwrap();
        let e = StyleBook::with_config(&c, Path::new(".")).unwrap_err();
        assert!(e.message.contains("nope"));
    }

    #[test]
    fn a_config_error_found_late_names_the_file_and_line() {
        let dir = std::env::temp_dir().join(format!("copydesk-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let cfg = dir.join(CONFIG_FILE);
        std::fs::write(&cfg, "# house\n\n[names]\npacks = [\"nope\"]\n").unwrap();
        let e = StyleBook::from_config_file(&cfg).unwrap_err();
        assert_eq!(e.path, cfg.display().to_string());
        assert_eq!(e.line, 3);
        std::fs::write(&cfg, "[names]\nfiles = [\"missing.toml\"]\n").unwrap();
        let e = StyleBook::from_config_file(&cfg).unwrap_err();
        assert!(e.path.ends_with("missing.toml"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn every_book_has_its_own_id() {
        let a = StyleBook::builtin().unwrap();
        let b = StyleBook::builtin().unwrap();
        assert_ne!(a.id, b.id);
    }
}
