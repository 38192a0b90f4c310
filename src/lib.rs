//! copydesk: a checker for newsroom copy.
//!
//! The core is a pipeline with no I/O and no async:
//!
//! ```text
//! text ─► Document ─► Article ─► checks ─► Finding[] ─► LSP diagnostics / CLI reports
//! ```
//!
//! - [`document`]: the text in a rope with its version;
//! - [`article`]: the anatomy of a news story (headline, byline, dateline,
//!   body, quotations, captions, credit line) and per-paragraph facts;
//! - [`checks`]: pure functions from an article and a style book to
//!   findings;
//! - [`stylebook`]: the house style as data (name packs, AP lists, data
//!   rules, project config);
//! - [`finding`]: findings and fixes in byte offsets;
//! - [`positions`]: the one place byte offsets become lines and columns.
//!
//! The command line ([`cli`]) and the language server ([`server`]) are
//! edges that convert findings; the core modules never import them.

pub mod article;
pub mod checks;
pub mod document;
pub mod finding;
pub mod positions;
pub mod role;
pub mod stylebook;
#[cfg(test)]
mod testing;

#[cfg(feature = "cli")]
pub mod cli;

#[cfg(feature = "server")]
pub mod server;

pub use article::Article;
pub use finding::{Edit, Finding, Fix, Severity};
pub use stylebook::StyleBook;

/// The version of this build, as `serverInfo` and `--version` report it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
