//! One open document: its text (a [`Document`] behind a short-held lock),
//! the per-paragraph [`FactCache`] that makes re-checking an edit cheap,
//! and the [`Snapshot`] of its newest analysed version.

use super::convert;
use super::style::StyleKey;
use crate::article::{Article, FactCache};
use crate::checks;
use crate::document::Document;
use crate::finding::Finding;
use crate::positions::{Encoding, LineCol};
use crate::stylebook::StyleBook;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use tower_lsp_server::ls_types::{Diagnostic, TextDocumentContentChangeEvent, Uri};

/// Texts longer than this are not checked (their one diagnostic says so):
/// a story is never this long, and a check must not stall the server.
pub const MAX_CHECKED_BYTES: usize = 16 << 20;

/// Texts longer than this are checked on a blocking thread, so the
/// protocol keeps flowing meanwhile.
const CHECK_INLINE_BYTES: usize = 512 << 10;

/// What an open document holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocKind {
    /// A story: checked.
    Story,
    /// A style, pack or config file (`.toml`): not checked as a story.
    StyleFile,
}

struct TextState {
    doc: Document,
    open: bool,
    scheduled: bool,
}

/// The analysis of one version of a document.
pub struct Snapshot {
    pub version: i32,
    pub book: Arc<StyleBook>,
    pub article: Article,
    pub findings: Vec<Finding>,
    pub encoding: Encoding,
    /// Why the story was not checked, when it was not (too large): said
    /// in an info diagnostic, so the editor shows why there is nothing.
    pub unchecked: Option<String>,
}

impl Snapshot {
    /// The diagnostics of the findings, one per finding, in order: made
    /// when they are sent, not kept.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        // Findings come in text order: positions are counted on from the
        // last one converted.
        let hint = std::cell::Cell::new(crate::positions::Hint::default());
        let mut out: Vec<Diagnostic> = self
            .findings
            .iter()
            .map(|f| convert::diagnostic(&self.article, f, self.encoding, &hint))
            .collect();
        if let Some(why) = &self.unchecked {
            out.push(Diagnostic {
                severity: Some(tower_lsp_server::ls_types::DiagnosticSeverity::INFORMATION),
                source: Some(convert::SOURCE.to_string()),
                message: why.clone(),
                ..Default::default()
            });
        }
        out
    }

    /// The diagnostic of finding `i`.
    pub fn diagnostic(&self, i: usize) -> Option<Diagnostic> {
        let f = self.findings.get(i)?;
        Some(convert::diagnostic(
            &self.article,
            f,
            self.encoding,
            &Default::default(),
        ))
    }

    pub fn text(&self) -> &str {
        &self.article.text
    }

    /// A byte offset to an LSP position.
    pub fn position(&self, offset: usize) -> tower_lsp_server::ls_types::Position {
        convert::position(&self.article, offset, self.encoding)
    }

    pub fn range(&self, r: std::ops::Range<usize>) -> tower_lsp_server::ls_types::Range {
        convert::range(&self.article, r, self.encoding)
    }

    /// An LSP position to a byte offset (clamped).
    pub fn offset(&self, p: tower_lsp_server::ls_types::Position) -> usize {
        convert::offset(&self.article, p, self.encoding)
    }
}

#[derive(Default)]
struct Analysis {
    cache: FactCache,
    snapshot: Option<Arc<Snapshot>>,
}

pub struct DocState {
    pub uri: Uri,
    pub path: Option<PathBuf>,
    pub kind: DocKind,
    text: Mutex<TextState>,
    /// Which style book governs this document; set when opened and when
    /// the styles reload.
    pub style_key: RwLock<StyleKey>,
    analysis: tokio::sync::Mutex<Analysis>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave the text half-edited in
    // a way worse than losing the server, so carry on.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl DocState {
    pub fn new(uri: Uri, text: &str, version: i32, style_key: StyleKey) -> DocState {
        let path = uri.to_file_path().map(|p| p.into_owned());
        let kind = if uri.path().as_str().ends_with(".toml") {
            DocKind::StyleFile
        } else {
            DocKind::Story
        };
        DocState {
            uri,
            path,
            kind,
            text: Mutex::new(TextState {
                doc: Document::new(text, version),
                open: true,
                scheduled: false,
            }),
            style_key: RwLock::new(style_key),
            analysis: tokio::sync::Mutex::new(Analysis::default()),
        }
    }

    pub fn is_story(&self) -> bool {
        self.kind == DocKind::Story
    }

    pub fn version(&self) -> i32 {
        lock(&self.text).doc.version()
    }

    pub fn is_open(&self) -> bool {
        lock(&self.text).open
    }

    pub fn close(&self) {
        lock(&self.text).open = false;
    }

    /// The text of the newest version, with the version.
    pub fn text(&self) -> (Arc<str>, i32) {
        let mut t = lock(&self.text);
        let v = t.doc.version();
        (t.doc.text(), v)
    }

    /// Apply `changes` as version `version`, unless the document already
    /// has that version or a newer one. Returns whether they applied.
    pub fn apply_changes(
        &self,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        enc: Encoding,
    ) -> bool {
        let mut t = lock(&self.text);
        if version <= t.doc.version() {
            return false;
        }
        for c in changes {
            let range = c.range.map(|r| {
                (
                    LineCol {
                        line: r.start.line,
                        col: r.start.character,
                    },
                    LineCol {
                        line: r.end.line,
                        col: r.end.character,
                    },
                )
            });
            t.doc.apply(range, &c.text, enc);
        }
        t.doc.set_version(version);
        true
    }

    /// Replace the whole text (a re-open of an open document).
    pub fn replace(&self, text: &str, version: i32) {
        let mut t = lock(&self.text);
        t.doc = Document::new(text, version);
        t.open = true;
    }

    /// Mark a check as scheduled; false when one already is.
    pub fn mark_scheduled(&self) -> bool {
        let mut t = lock(&self.text);
        !std::mem::replace(&mut t.scheduled, true)
    }

    pub fn clear_scheduled(&self) {
        lock(&self.text).scheduled = false;
    }

    /// The analysis lock, taken at once when it is free: tokio's
    /// `lock().await` may yield even then (it spends the task's
    /// cooperative budget), and a change that came after the request
    /// being answered would then be applied before the request reads the
    /// text. Only when a check holds it (a large story's, off the protocol
    /// loop) does this wait; `api::story_as_sent` then tells a request
    /// that the text moved on meanwhile.
    async fn analysis(&self) -> tokio::sync::MutexGuard<'_, Analysis> {
        match self.analysis.try_lock() {
            Ok(a) => a,
            Err(_) => self.analysis.lock().await,
        }
    }

    /// Would answering about the newest version wait for a check off the
    /// protocol loop: a large story's, running now, or due because its
    /// newest version has no analysis yet?
    pub fn would_wait(&self) -> bool {
        let (large, version) = {
            let t = lock(&self.text);
            (t.doc.len_bytes() > CHECK_INLINE_BYTES, t.doc.version())
        };
        match self.analysis.try_lock() {
            Err(_) => true,
            Ok(a) => large && a.snapshot.as_ref().is_none_or(|s| s.version != version),
        }
    }

    /// The latest snapshot if it is of the newest version, without
    /// waiting or computing.
    pub async fn current_snapshot(&self) -> Option<Arc<Snapshot>> {
        let v = self.version();
        let a = self.analysis().await;
        a.snapshot.clone().filter(|s| s.version == v)
    }

    /// The analysis of the newest version under `book`, computed if need be.
    pub async fn snapshot(&self, book: Arc<StyleBook>, enc: Encoding) -> Arc<Snapshot> {
        let mut a = self.analysis().await;
        let (text, version) = self.text();
        if let Some(s) = &a.snapshot {
            if s.version == version
                && s.book.id == book.id
                && s.encoding == enc
                && Arc::ptr_eq(&s.article.text, &text)
            {
                return s.clone();
            }
        }
        let started = std::time::Instant::now();
        let checked = self.is_story() && text.len() <= MAX_CHECKED_BYTES;
        let snap = if text.len() > CHECK_INLINE_BYTES {
            let mut cache = std::mem::take(&mut a.cache);
            let fallback = book.clone();
            let joined = tokio::task::spawn_blocking(move || {
                let s = analyze(text, version, book, enc, &mut cache, checked);
                (s, cache)
            })
            .await;
            match joined {
                Ok((s, cache)) => {
                    a.cache = cache;
                    s
                }
                Err(e) => {
                    tracing::error!("check of {} failed: {e}", self.uri.as_str());
                    let (text, version) = self.text();
                    analyze(
                        text,
                        version,
                        fallback,
                        enc,
                        &mut FactCache::default(),
                        false,
                    )
                }
            }
        } else {
            analyze(text, version, book, enc, &mut a.cache, checked)
        };
        tracing::debug!(
            "checked {} v{version} in {} us ({} blocks computed)",
            self.uri.as_str(),
            started.elapsed().as_micros(),
            a.cache.computed
        );
        let snap = Arc::new(snap);
        let old = a.snapshot.replace(snap.clone());
        retire(old);
        snap
    }
}

/// Drop `old` once the tasks ready now have run: freeing a build's own
/// parts (the edited paragraph's old facts, the findings, diagnostics)
/// takes as long as some of the checks, and the new diagnostics, which
/// are about to be sent, should not wait for it. A story checked off the
/// protocol loop (see [`CHECK_INLINE_BYTES`]) is freed off it too.
fn retire(old: Option<Arc<Snapshot>>) {
    let Some(old) = old else {
        return;
    };
    if old.article.text.len() > CHECK_INLINE_BYTES {
        tokio::task::spawn_blocking(move || drop(old));
    } else {
        tokio::spawn(async move {
            tokio::task::yield_now().await;
            drop(old);
        });
    }
}

/// Parse and check `text` (or only parse, when `checked` is false).
pub fn analyze(
    text: Arc<str>,
    version: i32,
    book: Arc<StyleBook>,
    enc: Encoding,
    cache: &mut FactCache,
    checked: bool,
) -> Snapshot {
    // A bug in a check must not take the document down with it: log it and
    // serve the text without findings (with a fresh cache).
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        analyze_unguarded(text.clone(), version, book.clone(), enc, cache, checked)
    }));
    match run {
        Ok(s) => s,
        Err(_) => {
            tracing::error!("a check panicked on version {version}; serving no findings for it");
            *cache = FactCache::default();
            analyze_unguarded(Arc::from(""), version, book, enc, cache, false)
        }
    }
}

fn analyze_unguarded(
    text: Arc<str>,
    version: i32,
    book: Arc<StyleBook>,
    enc: Encoding,
    cache: &mut FactCache,
    checked: bool,
) -> Snapshot {
    let text_len = text.len();
    let article = if checked {
        Article::build(text, &book, cache)
    } else {
        Article::build(Arc::from(""), &book, cache)
    };
    let findings = if checked {
        checks::run(&article, &book)
    } else {
        Vec::new()
    };
    let unchecked = (!checked && text_len > MAX_CHECKED_BYTES).then(|| {
        format!(
            "Not checked: this story is {:.1} MB, more than the {} MB the server checks. \
             Split it, or check it with `copydesk check --max-file-size`.",
            text_len as f64 / f64::from(1 << 20),
            MAX_CHECKED_BYTES >> 20
        )
    });
    Snapshot {
        version,
        book,
        article,
        findings,
        encoding: enc,
        unchecked,
    }
}
