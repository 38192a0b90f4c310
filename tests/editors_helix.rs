//! The Helix configuration in `editors/helix/languages.toml` parses, starts
//! `copydesk serve` for Markdown (beside marksman) and plain text, and its
//! settings block is something the server accepts.

use copydesk::stylebook::Config;
use std::path::Path;
use toml::{Table, Value};

fn languages_toml() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/helix/languages.toml");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parsed() -> Table {
    languages_toml()
        .parse::<Table>()
        .expect("editors/helix/languages.toml is not valid TOML")
}

fn language<'a>(doc: &'a Table, name: &str) -> &'a Table {
    doc["language"]
        .as_array()
        .expect("[[language]] entries")
        .iter()
        .filter_map(Value::as_table)
        .find(|l| l.get("name").and_then(Value::as_str) == Some(name))
        .unwrap_or_else(|| panic!("no [[language]] named {name}"))
}

/// The server names a language lists (entries are names or `{ name = .. }`).
fn servers(lang: &Table) -> Vec<String> {
    lang["language-servers"]
        .as_array()
        .expect("language-servers is a list")
        .iter()
        .map(|s| match s {
            Value::String(n) => n.clone(),
            Value::Table(t) => t["name"].as_str().expect("server name").to_string(),
            other => panic!("unexpected language-servers entry {other}"),
        })
        .collect()
}

#[test]
fn copydesk_server_runs_copydesk_serve() {
    let doc = parsed();
    let server = doc["language-server"]["copydesk"]
        .as_table()
        .expect("[language-server.copydesk]");
    assert_eq!(server["command"].as_str(), Some("copydesk"));
    let args: Vec<&str> = server["args"]
        .as_array()
        .expect("args")
        .iter()
        .map(|a| a.as_str().expect("string arg"))
        .collect();
    assert_eq!(args, ["serve"]);
}

#[test]
fn markdown_keeps_marksman_and_adds_copydesk() {
    let doc = parsed();
    let md = language(&doc, "markdown");
    assert_eq!(servers(md), ["marksman", "copydesk"]);
    let marksman = doc["language-server"]["marksman"]
        .as_table()
        .expect("marksman defined");
    assert_eq!(marksman["command"].as_str(), Some("marksman"));
}

#[test]
fn plain_text_is_a_complete_language_with_copydesk() {
    let doc = parsed();
    let txt = language(&doc, "plaintext");
    assert_eq!(servers(txt), ["copydesk"]);
    // A language Helix does not ship must carry its scope and file types,
    // or Helix refuses the whole file ("missing field `scope`").
    assert!(txt["scope"].as_str().is_some_and(|s| !s.is_empty()));
    let types: Vec<&str> = txt["file-types"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(types.contains(&"txt"), "file-types {types:?}");
    assert_eq!(txt["language-id"].as_str(), Some("plaintext"));
}

#[test]
fn every_listed_server_is_defined() {
    let doc = parsed();
    let defined = doc["language-server"].as_table().unwrap();
    for lang in doc["language"].as_array().unwrap() {
        for s in servers(lang.as_table().unwrap()) {
            assert!(
                defined.contains_key(&s),
                "language-servers names {s}, which is not defined"
            );
        }
    }
}

#[test]
fn settings_block_and_its_examples_are_valid_copydesk_settings() {
    let doc = parsed();
    let config = doc["language-server"]["copydesk"]["config"]
        .as_table()
        .expect("config table");
    // As shipped (examples commented out) it is valid settings.
    let shipped: Config = toml::Value::Table(config.clone())
        .try_into()
        .expect("config block is valid Config");
    assert_eq!(shipped, Config::default());

    // With every commented example switched on, it still is, and sets what
    // it says.
    let text = languages_toml();
    let start = text.find("[language-server.copydesk.config]").unwrap();
    let end = start
        + text[start..]
            .find("\n[")
            .map(|i| i + 1)
            .unwrap_or(text.len() - start);
    let mut block = String::new();
    for line in text[start..end].lines() {
        let uncommented = line.strip_prefix("# ").unwrap_or(line);
        if line.starts_with("# ")
            && uncommented
                .split_once(" = ")
                .is_some_and(|(k, _)| !k.contains(' '))
        {
            block.push_str(uncommented);
        } else if !line.starts_with('#') && !line.starts_with('[') {
            block.push_str(line);
        }
        block.push('\n');
    }
    let examples = Config::parse("languages.toml [language-server.copydesk.config]", &block)
        .unwrap_or_else(|e| panic!("{e}\n{block}"));
    assert_eq!(
        examples.rules.get("style.okay").map(String::as_str),
        Some("off")
    );
    assert_eq!(examples.names.files, ["style/staff.toml"]);
    assert_eq!(examples.style.files, ["style/house.toml"]);
    assert_eq!(
        examples
            .house
            .as_ref()
            .and_then(|h| h.get("agency"))
            .and_then(Value::as_str),
        Some("AP")
    );
}

/// Helix rejects the whole file on an unknown key (`deny_unknown_fields`
/// on its language configuration), so keep to the keys it knows.
#[test]
fn only_keys_helix_knows() {
    const LANGUAGE_KEYS: &[&str] = &[
        "name",
        "language-id",
        "scope",
        "file-types",
        "shebangs",
        "roots",
        "comment-token",
        "comment-tokens",
        "block-comment-tokens",
        "text-width",
        "soft-wrap",
        "auto-format",
        "formatter",
        "diagnostic-severity",
        "grammar",
        "injection-regex",
        "language-servers",
        "indent",
        "auto-pairs",
        "rulers",
        "workspace-lsp-roots",
        "persistent-diagnostic-sources",
    ];
    const SERVER_KEYS: &[&str] = &[
        "command",
        "args",
        "environment",
        "config",
        "timeout",
        "required-root-patterns",
    ];
    let doc = parsed();
    for key in doc.keys() {
        assert!(
            key == "language" || key == "language-server",
            "unexpected top-level key {key}"
        );
    }
    for lang in doc["language"].as_array().unwrap() {
        for key in lang.as_table().unwrap().keys() {
            assert!(
                LANGUAGE_KEYS.contains(&key.as_str()),
                "[[language]] key {key}"
            );
        }
    }
    for (name, server) in doc["language-server"].as_table().unwrap() {
        for key in server.as_table().unwrap().keys() {
            assert!(
                SERVER_KEYS.contains(&key.as_str()),
                "[language-server.{name}] key {key}"
            );
        }
    }
}
