//! The core's layering, checked on the source: each module imports only
//! the layers before it in the pipeline (document → article → checks →
//! findings → server / cli), and no module keeps results between calls in
//! a thread-local or a global.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The production code of a source file: what comes before its unit
/// tests (`#[cfg(test)] mod tests`), with `//` comments left out. A file
/// that is itself a test module (`tests.rs`, `testing.rs`) has none.
fn production(path: &Path) -> String {
    let name = path.file_name().unwrap().to_str().unwrap();
    if name == "tests.rs" || name == "testing.rs" {
        return String::new();
    }
    let text = std::fs::read_to_string(path).unwrap();
    let code = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => &text,
    };
    code.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn files_under(part: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    sources(&root, &mut all);
    all.sort();
    all.into_iter()
        .filter(|p| {
            let rel = p.strip_prefix(&root).unwrap().to_str().unwrap();
            rel == format!("{part}.rs") || rel.starts_with(&format!("{part}/"))
        })
        .map(|p| {
            let code = production(&p);
            (p, code)
        })
        .collect()
}

fn assert_no_import(part: &str, forbidden: &[&str]) {
    for (path, code) in files_under(part) {
        for f in forbidden {
            assert!(
                !code.contains(f),
                "{} imports {f}: {part} comes before it in the pipeline",
                path.display()
            );
        }
    }
}

#[test]
fn the_core_imports_only_the_layers_before_it() {
    let edges = ["crate::server", "crate::cli", "tower_lsp", "tokio"];
    assert_no_import("role", &["crate::"]);
    assert_no_import(
        "document",
        &[&["crate::article", "crate::checks"][..], &edges].concat(),
    );
    assert_no_import(
        "positions",
        &[&["crate::article", "crate::checks"][..], &edges].concat(),
    );
    assert_no_import(
        "stylebook",
        &[&["crate::article", "crate::checks"][..], &edges].concat(),
    );
    assert_no_import("article", &[&["crate::checks"][..], &edges].concat());
    assert_no_import("checks", &edges);
    assert_no_import("finding", &[&["crate::checks"][..], &edges].concat());
}

#[test]
fn nothing_keeps_results_in_a_thread_local_or_a_global() {
    for part in [
        "article",
        "checks",
        "stylebook",
        "document",
        "positions",
        "finding",
        "cli",
        "server",
    ] {
        for (path, code) in files_under(part) {
            assert!(
                !code.contains("thread_local!"),
                "{} has a thread_local!",
                path.display()
            );
            // A global behind a lock is a cache of results shared by
            // every caller.
            for line in code.lines().filter(|l| l.contains("static ")) {
                assert!(
                    !line.contains("Mutex")
                        && !line.contains("RwLock")
                        && !line.contains("RefCell"),
                    "{}: a global cache: {line}",
                    path.display()
                );
            }
        }
    }
}

/// Every file in `src/checks/` is a check module listed in the registry
/// (`registry!` in `src/checks/mod.rs`): a file left out would not even
/// be compiled.
#[test]
fn every_check_module_is_registered() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/checks");
    let registry = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
    let listed = &registry[registry.find("registry! {").expect("the registry")..];
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let module = path.extension().is_some_and(|e| e == "rs") || path.is_dir();
        if !module || ["mod", "testing"].contains(&stem) {
            continue;
        }
        assert!(
            listed.contains(&format!("\n    {stem}: [")),
            "src/checks/{stem} is not in the registry (src/checks/mod.rs)"
        );
    }
}
