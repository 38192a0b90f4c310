//! Settings and style books.
//!
//! A document's style book comes from the `.copydesk.toml` that governs it
//! (found by walking up from the file, once when it is opened and again
//! when style files change), the client's settings laid over it
//! (`initializationOptions` and `workspace/didChangeConfiguration`, shaped
//! like [`Config`], optionally under a `copydesk` key), and the
//! workspace's own name file, `.copydesk/names.toml`, which the "add to
//! the name authority" action writes.
//!
//! A broken config, pack or rule file becomes a diagnostic on that file,
//! and the documents it governs keep the last style book that loaded.

use super::session::{DiagnosticMode, Session};
use crate::finding::Severity;
use crate::positions::{Encoding, LineCol, LineIndex};
use crate::stylebook::{find_config, Config, StyleBook, StyleError};
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::ls_types::{self as lsp, Diagnostic, DiagnosticSeverity, Uri};

/// The workspace's own name file, relative to the workspace root.
pub const WORKSPACE_NAMES: &str = ".copydesk/names.toml";

/// What decides a document's style book.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct StyleKey {
    /// The governing `.copydesk.toml`.
    pub config: Option<PathBuf>,
    /// The workspace folder (for the workspace name file and relative
    /// paths in settings).
    pub root: Option<PathBuf>,
}

impl StyleKey {
    pub fn names_file(&self) -> Option<PathBuf> {
        self.root.as_ref().map(|r| r.join(WORKSPACE_NAMES))
    }
}

#[derive(Default)]
pub struct Styles {
    /// The client's settings.
    pub settings: Config,
    books: FxHashMap<StyleKey, Arc<StyleBook>>,
    last_good: FxHashMap<StyleKey, Arc<StyleBook>>,
    /// Style files with a problem now, and the problem.
    errors: FxHashMap<PathBuf, StyleError>,
    /// Files whose error diagnostics the client has been sent.
    published: BTreeSet<PathBuf>,
}

/// Settings from the client: a [`Config`] as JSON, maybe under a
/// `copydesk` key, plus `diagnosticMode` (`push`, `pull`, `both`).
pub fn parse_settings(
    value: &serde_json::Value,
) -> Result<(Config, Option<DiagnosticMode>), String> {
    let mut v = value.clone();
    if let Some(inner) = v.get("copydesk") {
        v = inner.clone();
    }
    if v.is_null() {
        return Ok((Config::default(), None));
    }
    let mut mode = None;
    if let Some(obj) = v.as_object_mut() {
        if let Some(m) = obj.remove("diagnosticMode") {
            mode = match m.as_str() {
                Some("push") => Some(DiagnosticMode::Push),
                Some("pull") => Some(DiagnosticMode::Pull),
                Some("both") => Some(DiagnosticMode::Both),
                _ => {
                    return Err(format!(
                        "diagnosticMode: expected push, pull or both, got {m}"
                    ))
                }
            };
        }
    }
    let config: Config =
        serde_json::from_value(v).map_err(|e| format!("copydesk settings: {e}"))?;
    for (rule, value) in &config.rules {
        if value != "off" && Severity::parse(value).is_none() {
            return Err(format!(
                "copydesk settings: rule {rule}: '{value}' is not error, warning, info, hint or off"
            ));
        }
    }
    Ok((config, mode))
}

fn absolute(root: Option<&Path>, f: &str) -> String {
    match root {
        Some(r) => r.join(f).display().to_string(),
        None => f.to_string(),
    }
}

/// `config` with the client's `settings` laid over it.
fn overlay(config: &mut Config, settings: &Config, root: Option<&Path>) {
    if settings.names.packs.is_some() {
        config.names.packs = settings.names.packs.clone();
    }
    for f in &settings.names.files {
        config.names.files.push(absolute(root, f));
    }
    for f in &settings.style.files {
        config.style.files.push(absolute(root, f));
    }
    config.style.replace |= settings.style.replace;
    for (k, v) in &settings.rules {
        config.rules.insert(k.clone(), v.clone());
    }
    if let Some(h) = &settings.house {
        config
            .house
            .get_or_insert_with(Default::default)
            .extend(h.clone());
    }
}

impl Styles {
    fn load(&self, key: &StyleKey) -> Result<StyleBook, StyleError> {
        let mut config = match &key.config {
            Some(p) => {
                let shown = p.display().to_string();
                let text = std::fs::read_to_string(p)
                    .map_err(|e| StyleError::file(&shown, format!("cannot read: {e}")))?;
                Config::parse(&shown, &text)?
            }
            None => Config::default(),
        };
        let base = key
            .config
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .or_else(|| key.root.clone())
            .unwrap_or_else(|| PathBuf::from("."));
        // Relative paths in the config are relative to it.
        for f in config
            .names
            .files
            .iter_mut()
            .chain(config.style.files.iter_mut())
        {
            *f = base.join(&*f).display().to_string();
        }
        overlay(&mut config, &self.settings, key.root.as_deref());
        if let Some(n) = key.names_file() {
            let shown = n.display().to_string();
            if n.is_file() && !config.names.files.contains(&shown) {
                config.names.files.push(shown);
            }
        }
        let mut book = StyleBook::with_config(&config, &base)?;
        book.origin.config = key.config.clone();
        Ok(book)
    }

    /// The book for `key`, loading it if need be. A load that fails
    /// records the error and falls back to the last good book.
    fn book(&mut self, key: &StyleKey) -> Arc<StyleBook> {
        if let Some(b) = self.books.get(key) {
            return b.clone();
        }
        let book =
            match self.load(key) {
                Ok(b) => Arc::new(b),
                Err(e) => {
                    tracing::warn!("style error: {e}");
                    self.errors.insert(PathBuf::from(&e.path), e);
                    match self.last_good.get(key) {
                        Some(b) => b.clone(),
                        None => {
                            // No good book yet: the built-in style with the
                            // client's settings, else the plain built-in one.
                            let fallback = StyleKey {
                                config: None,
                                root: None,
                            };
                            let fb = if *key != fallback {
                                self.load(&fallback).ok()
                            } else {
                                None
                            };
                            Arc::new(fb.unwrap_or_else(|| {
                                StyleBook::builtin().expect("built-in style book")
                            }))
                        }
                    }
                }
            };
        self.last_good.insert(key.clone(), book.clone());
        self.books.insert(key.clone(), book.clone());
        book
    }

    /// Forget loaded books (keeping them as the last good ones) and
    /// errors, so the next request reloads from disk.
    fn invalidate(&mut self) {
        self.books.clear();
        self.errors.clear();
    }

    /// Diagnostics to send for style files: new errors, and empty lists
    /// for files whose errors are gone.
    fn error_updates(&mut self, enc: Encoding) -> Vec<(Uri, Vec<Diagnostic>)> {
        let mut out = Vec::new();
        let now: BTreeSet<PathBuf> = self.errors.keys().cloned().collect();
        for gone in self.published.difference(&now) {
            if let Some(u) = Uri::from_file_path(gone) {
                out.push((u, Vec::new()));
            }
        }
        for (path, e) in &self.errors {
            if let Some(u) = Uri::from_file_path(path) {
                out.push((u, vec![style_error_diagnostic(path, e, enc)]));
            }
        }
        self.published = now;
        out
    }
}

/// A style error as a diagnostic on its file, at its line and column.
pub fn style_error_diagnostic(path: &Path, e: &StyleError, enc: Encoding) -> Diagnostic {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let idx = LineIndex::new(&text);
    let start = idx.offset(
        &text,
        LineCol {
            line: e.line.saturating_sub(1) as u32,
            col: e.column.saturating_sub(1) as u32,
        },
        Encoding::Utf32,
    );
    let line = idx.line_of(start);
    let mut end = idx.line_range(&text, line).end;
    if end <= start {
        end = start;
    }
    let a = idx.line_col(&text, start, enc);
    let b = idx.line_col(&text, end, enc);
    Diagnostic {
        range: lsp::Range::new(
            lsp::Position::new(a.line, a.col),
            lsp::Position::new(b.line, b.col),
        ),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(lsp::NumberOrString::String("style-file".into())),
        source: Some(super::convert::SOURCE.to_string()),
        message: format!(
            "{} (copydesk keeps using the last style that loaded)",
            e.message
        ),
        ..Default::default()
    }
}

impl Session {
    /// What governs a document at `path`.
    pub fn style_key_for(&self, path: Option<&Path>) -> StyleKey {
        let config = path.and_then(find_config);
        let root = path
            .and_then(|p| self.root_for(p))
            .or_else(|| {
                config
                    .as_ref()
                    .and_then(|c| c.parent().map(Path::to_path_buf))
            })
            .or_else(|| path.and_then(|p| p.parent().map(Path::to_path_buf)))
            .or_else(|| self.roots.read().ok().and_then(|r| r.first().cloned()));
        StyleKey { config, root }
    }

    /// The style book for `doc`.
    pub fn book_for(&self, doc: &super::state::DocState) -> Arc<StyleBook> {
        let key = doc.style_key.read().map(|k| k.clone()).unwrap_or_default();
        let (book, updates) = {
            let mut styles = self.styles.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(b) = styles.books.get(&key) {
                return b.clone();
            }
            let book = styles.book(&key);
            (book, styles.error_updates(self.encoding()))
        };
        if !updates.is_empty() {
            let client = self.client.clone();
            tokio::spawn(async move {
                for (uri, diags) in updates {
                    client.publish_diagnostics(uri, diags, None).await;
                }
            });
        }
        book
    }

    /// Set the client's settings; false (and a message) when they do not
    /// parse, keeping the old ones.
    pub async fn set_settings(&self, value: &serde_json::Value) -> bool {
        match parse_settings(value) {
            Ok((config, mode)) => {
                if let Some(m) = mode {
                    self.set_diagnostic_mode(m);
                }
                let mut styles = self.styles.lock().unwrap_or_else(|e| e.into_inner());
                styles.settings = config;
                true
            }
            Err(m) => {
                tracing::warn!("{m}");
                self.client
                    .show_message(
                        lsp::MessageType::WARNING,
                        format!("{m} (keeping the previous settings)"),
                    )
                    .await;
                false
            }
        }
    }

    /// Reload every style book from disk and re-check every open story.
    pub async fn reload_styles(self: &Arc<Self>) {
        for d in self.all_docs() {
            let key = self.style_key_for(d.path.as_deref());
            if let Ok(mut k) = d.style_key.write() {
                *k = key;
            }
        }
        let keys: BTreeSet<(Option<PathBuf>, Option<PathBuf>)> = self
            .all_docs()
            .iter()
            .filter_map(|d| {
                d.style_key
                    .read()
                    .ok()
                    .map(|k| (k.config.clone(), k.root.clone()))
            })
            .collect();
        let updates = {
            let mut styles = self.styles.lock().unwrap_or_else(|e| e.into_inner());
            styles.invalidate();
            for (config, root) in keys {
                styles.book(&StyleKey { config, root });
            }
            styles.error_updates(self.encoding())
        };
        for (uri, diags) in updates {
            self.client.publish_diagnostics(uri, diags, None).await;
        }
        self.recheck_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn settings_parse_plain_nested_and_mode() {
        let (c, m) = parse_settings(&json!({"rules": {"names.authority": "warning"}})).unwrap();
        assert_eq!(c.rules["names.authority"], "warning");
        assert_eq!(m, None);
        let (c, m) = parse_settings(
            &json!({"copydesk": {"rules": {"names": "off"}, "diagnosticMode": "pull"}}),
        )
        .unwrap();
        assert_eq!(c.rules["names"], "off");
        assert_eq!(m, Some(DiagnosticMode::Pull));
        assert!(parse_settings(&json!(null)).unwrap().0 == Config::default());
        assert!(parse_settings(&json!({"rules": {"names": "loud"}})).is_err());
        assert!(parse_settings(&json!({"rulez": {}})).is_err());
        assert!(parse_settings(&json!({"rules": 3})).is_err());
    }

    #[test]
    fn a_broken_config_keeps_the_last_good_book_and_records_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join(".copydesk.toml");
        std::fs::write(&cfg, "[rules]\n\"names.authority\" = \"warning\"\n").unwrap();
        let key = StyleKey {
            config: Some(cfg.clone()),
            root: Some(dir.path().to_path_buf()),
        };
        let mut s = Styles::default();
        let good = s.book(&key);
        assert_eq!(
            good.severities.get("names.authority"),
            Some(&Some(Severity::Warning))
        );
        std::fs::write(&cfg, "[rules]\n\"names.authority\" = \"loud\"\n").unwrap();
        s.invalidate();
        let after = s.book(&key);
        assert_eq!(after.id, good.id);
        let updates = s.error_updates(Encoding::Utf16);
        assert_eq!(updates.len(), 1);
        assert_eq!(updates[0].1[0].range.start, lsp::Position::new(1, 1));
        std::fs::write(&cfg, "").unwrap();
        s.invalidate();
        let fixed = s.book(&key);
        assert_ne!(fixed.id, good.id);
        let updates = s.error_updates(Encoding::Utf16);
        assert_eq!(updates.len(), 1);
        assert!(updates[0].1.is_empty());
    }

    #[test]
    fn workspace_names_file_is_loaded() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".copydesk")).unwrap();
        std::fs::write(
            dir.path().join(WORKSPACE_NAMES),
            "[pack]\nid = \"workspace\"\n\n[[name]]\ncanonical = \"Olha Zubkova\"\n",
        )
        .unwrap();
        let key = StyleKey {
            config: None,
            root: Some(dir.path().to_path_buf()),
        };
        let mut s = Styles::default();
        assert!(s.book(&key).names.lookup("Olha Zubkova").is_some());
    }
}
