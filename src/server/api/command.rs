//! `workspace/executeCommand`: `copydesk.addName` writes a name to the
//! workspace's name file (`.copydesk/names.toml`, a pack in the format of
//! [`crate::stylebook::names`]), then reloads the style and re-checks every
//! open story.

use super::lifecycle::ADD_NAME;
use crate::server::session::Session;
use crate::stylebook::names::Pack;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

#[derive(serde::Deserialize)]
struct AddNameArgs {
    uri: Option<String>,
    name: String,
    #[serde(default)]
    kind: Option<String>,
}

pub async fn execute(
    session: &Arc<Session>,
    params: ExecuteCommandParams,
) -> Result<Option<LSPAny>> {
    if params.command != ADD_NAME {
        return Err(Error::invalid_params(format!(
            "unknown command {}",
            params.command
        )));
    }
    let arg = params
        .arguments
        .into_iter()
        .next()
        .ok_or_else(|| Error::invalid_params("copydesk.addName needs {uri, name}"))?;
    let args: AddNameArgs = serde_json::from_value(arg)
        .map_err(|e| Error::invalid_params(format!("copydesk.addName: {e}")))?;
    let name = args.name.trim();
    if name.is_empty() || name.contains('\n') {
        return Err(Error::invalid_params("copydesk.addName: the name is empty"));
    }
    let kind = args.kind.unwrap_or_else(|| "person".to_string());
    if !["person", "place", "organization", "other"].contains(&kind.as_str()) {
        return Err(Error::invalid_params(format!(
            "copydesk.addName: unknown kind {kind}"
        )));
    }
    let file = names_file(session, args.uri.as_deref()).ok_or_else(|| {
        Error::invalid_params(
            "copydesk.addName: no workspace folder to write .copydesk/names.toml in",
        )
    })?;
    let added = add_name(&file, name, &kind).map_err(|m| {
        let mut e = Error::internal_error();
        e.message = m.into();
        e
    })?;
    tracing::info!(
        "{} {name} in {}",
        if added { "added" } else { "already had" },
        file.display()
    );
    session.reload_styles().await;
    Ok(Some(
        serde_json::json!({"file": file.display().to_string(), "added": added}),
    ))
}

/// The name file for the document at `uri` (or the first workspace).
fn names_file(session: &Session, uri: Option<&str>) -> Option<PathBuf> {
    let doc_path = uri
        .and_then(|u| Uri::from_str(u).ok())
        .and_then(|u| u.to_file_path().map(|p| p.into_owned()));
    let key = match uri
        .and_then(|u| Uri::from_str(u).ok())
        .and_then(|u| session.doc(&u))
    {
        Some(d) => d.style_key.read().map(|k| k.clone()).unwrap_or_default(),
        None => session.style_key_for(doc_path.as_deref()),
    };
    key.names_file()
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Add `name` to the pack at `path` (made if missing). False when it is
/// already there. The file is written whole to a temporary file and
/// renamed into place, so a crash never leaves half a pack.
pub fn add_name(path: &Path, name: &str, kind: &str) -> std::result::Result<bool, String> {
    let shown = path.display().to_string();
    let mut text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cannot read {shown}: {e}")),
    };
    if text.trim().is_empty() {
        text = "# Names added from the editor (copydesk).\n[pack]\nid = \"workspace\"\ntitle = \"Workspace names\"\n".to_string();
    } else {
        let pack = Pack::parse(&shown, &text).map_err(|e| format!("cannot add to {e}"))?;
        if pack.names.iter().any(|n| n.canonical == name) {
            return Ok(false);
        }
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!(
        "\n[[name]]\ncanonical = {}\nkind = {}\n",
        toml_string(name),
        toml_string(kind)
    ));
    Pack::parse(&shown, &text).map_err(|e| format!("cannot add to {e}"))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(&tmp, &text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {shown}: {e}"))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_name_makes_the_pack_and_appends_once() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join(".copydesk/names.toml");
        assert!(add_name(&f, "Olha \"Olya\" Zubkova", "person").unwrap());
        assert!(add_name(&f, "Marta Olsen", "person").unwrap());
        assert!(!add_name(&f, "Marta Olsen", "person").unwrap());
        let pack = Pack::parse("t", &std::fs::read_to_string(&f).unwrap()).unwrap();
        let names: Vec<&str> = pack.names.iter().map(|n| n.canonical.as_str()).collect();
        assert_eq!(names, vec!["Olha \"Olya\" Zubkova", "Marta Olsen"]);
        assert_eq!(pack.pack.id, "workspace");
    }

    #[test]
    fn a_broken_pack_is_not_appended_to() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("names.toml");
        std::fs::write(&f, "[pack\n").unwrap();
        assert!(add_name(&f, "X Y", "person").is_err());
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "[pack\n");
    }
}
