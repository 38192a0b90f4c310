//! Whole outputs compared with golden files (`tests/snapshots/`).
//!
//! Each test runs the real binary (or server) on a story and compares all
//! of what it prints, so any change to a message, a position, a fix or a
//! format shows up as a diff to review. After an intended change, run
//! `INSTA_UPDATE=always cargo test --test golden` and read the diff
//! before committing it.

mod common;

use common::{file_uri, Client};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

const SAMPLE: &str = "samples/kyiv-grain.md";
const STATEHOUSE: &str = "tests/fixtures/golden/statehouse.md";
const WEB_PASTED: &str = "tests/fixtures/cli/web-pasted.md";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The NPR story the project started from: in `shared/corpus/` beside the
/// project, as every checkout and CI run has it.
fn npr_story() -> (PathBuf, String) {
    let path = root().join("../shared/corpus/npr-trump-putin-talks.md");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the NPR story is read from {}: {e}", path.display()));
    (path, text)
}

/// `copydesk ARGS` run from the project root, with what it printed.
fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run copydesk");
    let mut text = String::from_utf8(out.stdout).expect("UTF-8 output");
    text.push_str(&String::from_utf8(out.stderr).expect("UTF-8 output"));
    (out.status.code().unwrap_or(-1), text)
}

fn check(format: &str, path: &str) -> String {
    let (code, out) = run(&["check", "--format", format, path]);
    format!("exit {code}\n{out}")
}

#[test]
fn sample_story_human() {
    insta::assert_snapshot!(check("human", SAMPLE));
}

#[test]
fn sample_story_json() {
    insta::assert_snapshot!(check("json", SAMPLE));
}

#[test]
fn sample_story_sarif() {
    insta::assert_snapshot!(check("sarif", SAMPLE));
}

#[test]
fn sample_story_github() {
    insta::assert_snapshot!(check("github", SAMPLE));
}

#[test]
fn sample_story_rdjson() {
    insta::assert_snapshot!(check("rdjson", SAMPLE));
}

#[test]
fn web_pasted_story_json() {
    insta::assert_snapshot!(check("json", WEB_PASTED));
}

#[test]
fn quotes_of_the_sample_story() {
    let (code, out) = run(&["quotes", SAMPLE]);
    insta::assert_snapshot!(format!("exit {code}\n{out}"));
}

/// Speakers given with a title before the name (`said Sen. Amy
/// Klobuchar`, `the Rev.`, `Lt. Gov.`).
#[test]
fn quotes_of_speakers_with_titles() {
    let (code, out) = run(&["quotes", STATEHOUSE]);
    insta::assert_snapshot!(format!("exit {code}\n{out}"));
}

/// What the server publishes for the NPR story on open, and its outline.
#[test]
fn server_diagnostics_and_outline_of_the_npr_story() {
    let (path, text) = npr_story();
    let uri = file_uri(&path.canonicalize().unwrap());
    let mut c = Client::start(None);
    c.open(&uri, &text, 1);
    let diagnostics = c.diagnostics(&uri, 1);
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(c.shutdown().success());
    insta::assert_json_snapshot!("npr_publish_diagnostics", Value::from(diagnostics));
    insta::assert_json_snapshot!("npr_document_symbols", symbols);
}
