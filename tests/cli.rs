//! The command line end to end: the real binary on fixture stories.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    c.env_remove("NO_COLOR");
    c
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
}

fn run(args: &[&str], dir: &Path) -> Output {
    bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run copydesk")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The paths of the files a `--format json` run checked, in order.
fn checked_paths(o: &Output) -> Vec<String> {
    let v: Value = serde_json::from_str(&stdout(o)).unwrap();
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

/// A temporary folder holding a copy of the web-pasted fixture.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story.md");
    std::fs::copy(fixture("web-pasted.md"), &story).unwrap();
    (dir, story)
}

#[test]
fn misspelled_byline_name_fails_with_a_fix() {
    let (dir, _) = workspace();
    let o = run(&["check", "story.md"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("story.md:13:2: error[names.authority]"),
        "{out}"
    );
    assert!(out.contains("fix: Change to 'Joanna Kakissis'"), "{out}");
    assert!(out.contains("^^^^^^^^^^^^^^"), "{out}");
    assert!(!out.contains("\x1b["), "no colour when not on a terminal");
}

#[test]
fn json_follows_the_contract() {
    let (dir, _) = workspace();
    std::fs::write(
        dir.path().join("clean.md"),
        "# Fine\n\nAll is well in Kyiv.\n",
    )
    .unwrap();
    let o = run(&["check", "--format", "json", "."], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["version"], 1);
    let files = v["files"].as_array().unwrap();
    // Every checked file is listed, sorted by path, also the clean one.
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, vec!["clean.md", "story.md"]);
    assert_eq!(files[0]["diagnostics"].as_array().unwrap().len(), 0);
    let d = files[1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "names.authority")
        .expect("names.authority");
    assert_eq!(d["severity"], "error");
    let text = std::fs::read_to_string(dir.path().join("story.md")).unwrap();
    let start = d["range"]["start"]["offset"].as_u64().unwrap() as usize;
    let end = d["range"]["end"]["offset"].as_u64().unwrap() as usize;
    assert_eq!(&text[start..end], "Joanna Kakisis");
    assert_eq!(d["range"]["start"]["line"], 13);
    assert_eq!(d["range"]["start"]["column"], 2);
    assert_eq!(d["range"]["end"]["column"], 16);
    let fix = &d["fixes"][0];
    assert_eq!(fix["safe"], true);
    assert_eq!(fix["title"], "Change to 'Joanna Kakissis'");
    assert_eq!(fix["edits"][0]["text"], "Joanna Kakissis");
    assert_eq!(fix["edits"][0]["range"], d["range"]);
    let s = &v["summary"];
    assert_eq!(s["files"], 2);
    assert_eq!(
        s["errors"].as_u64().unwrap()
            + s["warnings"].as_u64().unwrap()
            + s["infos"].as_u64().unwrap()
            + s["hints"].as_u64().unwrap(),
        s["diagnostics"].as_u64().unwrap()
    );
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let (dir, _) = workspace();
    let o = run(&["check", "--format", "sarif", "story.md"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let sarif: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-2.1.0-rtm.5.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "names.authority")
        .unwrap();
    let idx = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(run["tool"]["driver"]["rules"][idx]["id"], "names.authority");
    assert!(run["tool"]["driver"]["rules"][idx]["helpUri"]
        .as_str()
        .unwrap()
        .ends_with("names.authority"));
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        13
    );
    assert_eq!(
        result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "Joanna Kakissis"
    );
}

#[test]
fn github_annotations_are_well_formed() {
    let (dir, _) = workspace();
    let o = run(&["check", "--format", "github", "story.md"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let re = regex::Regex::new(r"^::(error|warning|notice) file=[^,:]+,line=\d+,endLine=\d+,col=\d+,endColumn=\d+,title=[a-z]+\.[a-z-]+::[^\r\n]+$").unwrap();
    let out = stdout(&o);
    assert!(out.lines().count() >= 1);
    for line in out.lines() {
        assert!(re.is_match(line), "malformed: {line}");
    }
    assert!(out.contains(
        "::error file=story.md,line=13,endLine=13,col=2,endColumn=16,title=names.authority::"
    ));
}

#[test]
fn rdjson_has_suggestions() {
    let (dir, _) = workspace();
    let o = run(&["check", "--format", "rdjson", "story.md"], dir.path());
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"]["value"] == "names.authority")
        .unwrap();
    assert_eq!(d["location"]["path"], "story.md");
    assert_eq!(d["severity"], "ERROR");
    assert_eq!(d["suggestions"][0]["text"], "Joanna Kakissis");
}

#[test]
fn broken_config_exits_2_with_path_line_column() {
    let (dir, _) = workspace();
    std::fs::write(
        dir.path().join(".copydesk.toml"),
        "[rules]\n\"names.authority\" = \"loud\"\n",
    )
    .unwrap();
    let o = run(&["check", "story.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(".copydesk.toml:2:2: rule names.authority: 'loud'"),
        "{err}"
    );
    std::fs::write(dir.path().join(".copydesk.toml"), "[rules\n").unwrap();
    let o = run(&["check", "story.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".copydesk.toml:1:"), "{}", stderr(&o));
}

#[test]
fn config_turns_rules_off_and_changes_severity() {
    let (dir, _) = workspace();
    std::fs::write(
        dir.path().join(".copydesk.toml"),
        "[rules]\n\"names.authority\" = \"warning\"\n",
    )
    .unwrap();
    let o = run(&["check", "--format", "json", "story.md"], dir.path());
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let d = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "names.authority")
        .unwrap()
        .clone();
    assert_eq!(d["severity"], "warning");
    // A config in a parent folder governs files below it.
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::copy(dir.path().join("story.md"), dir.path().join("sub/story.md")).unwrap();
    std::fs::write(
        dir.path().join(".copydesk.toml"),
        "[rules]\nnames = \"off\"\n",
    )
    .unwrap();
    let o = run(&["check", "--format", "json", "sub"], dir.path());
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(!v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["rule"].as_str().unwrap().starts_with("names.")));
    // --no-config ignores it.
    let o = run(
        &["check", "--no-config", "--format", "json", "sub"],
        dir.path(),
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["rule"] == "names.authority"));
}

#[test]
fn fix_is_atomic_idempotent_and_keeps_crlf_bom_and_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crlf.md");
    let original = "\u{feff}# Talks in Kiev\r\n\r\nBy Ana Ruiz\r\n\r\nThe mayor of Kiev met envoys towards noon.\r\n";
    std::fs::write(&path, original).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let o = run(&["check", "--fix", "crlf.md"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let once = std::fs::read_to_string(&path).unwrap();
    assert_eq!(once, "\u{feff}# Talks in Kyiv\r\n\r\nBy Ana Ruiz\r\n\r\nThe mayor of Kyiv met envoys toward noon.\r\n");
    let o = run(&["check", "--fix", "crlf.md"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        once,
        "a second --fix changes nothing"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["crlf.md"]);
}

#[test]
fn diff_shows_fixes_without_writing() {
    let (dir, story) = workspace();
    let before = std::fs::read_to_string(&story).unwrap();
    let o = run(&["check", "--diff", "story.md"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("-[Joanna Kakisis](#)"), "{out}");
    assert!(out.contains("+[Joanna Kakissis](#)"), "{out}");
    assert_eq!(std::fs::read_to_string(&story).unwrap(), before);
}

#[test]
fn bad_files_are_reported_and_the_rest_still_checked() {
    let (dir, _) = workspace();
    std::fs::write(
        dir.path().join("photo.md"),
        [0x89u8, b'P', b'N', b'G', 0, 0, 1],
    )
    .unwrap();
    std::fs::write(
        dir.path().join("latin1.txt"),
        [b'K', b'y', 0xef, b'v', b' ', 0xe9],
    )
    .unwrap();
    std::fs::write(dir.path().join("ignored.md"), "Kiev").unwrap();
    std::fs::write(dir.path().join(".gitignore"), "ignored.md\n").unwrap();
    std::fs::write(dir.path().join("notes.docx"), "Kiev").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("missing.md"),
        dir.path().join("dangling.md"),
    )
    .unwrap();
    let o = run(
        &["check", "--format", "json", ".", "dangling.md"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("photo.md: binary file"), "{err}");
    assert!(err.contains("latin1.txt: not UTF-8"), "{err}");
    #[cfg(unix)]
    assert!(err.contains("dangling.md"), "{err}");
    let paths = checked_paths(&o);
    assert_eq!(
        paths,
        vec!["story.md"],
        "ignored, binary, non-UTF-8 and other extensions are not checked"
    );
}

#[test]
fn a_story_over_max_file_size_is_skipped_with_exit_2_and_the_others_checked() {
    let (dir, _) = workspace();
    let dump = "The mayor of Kiev spoke. ".repeat(2_000);
    std::fs::write(dir.path().join("dump.md"), &dump).unwrap();
    let o = run(
        &["check", "--format", "json", "--max-file-size", "40KB", "."],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("dump.md: 50000 bytes, more than --max-file-size (40000 bytes): skipped"),
        "{err}"
    );
    let paths = checked_paths(&o);
    assert_eq!(paths, vec!["story.md"]);
    // Under the limit (a binary unit here), it is checked.
    let o = run(
        &[
            "check",
            "--format",
            "json",
            "--max-file-size",
            "1MiB",
            "dump.md",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = run(&["check", "--max-file-size", "5XB", "dump.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a size unit"), "{}", stderr(&o));
}

#[test]
fn stdin_with_a_filename() {
    let mut child = bin()
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "desk/story.md",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"# H\n\nThe mayor of Kiev spoke.\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["files"][0]["path"], "desk/story.md");
    assert_eq!(v["files"][0]["diagnostics"][0]["rule"], "names.authority");
}

#[test]
fn fail_on_thresholds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("w.md"),
        "# H\n\nThey walked towards the river.\n",
    )
    .unwrap();
    assert_eq!(run(&["check", "w.md"], dir.path()).status.code(), Some(0));
    assert_eq!(
        run(&["check", "--fail-on", "warning", "w.md"], dir.path())
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run(&["check", "--fail-on", "never", "w.md"], dir.path())
            .status
            .code(),
        Some(0)
    );
    let o = run(&["check", "--format", "nope", "w.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        run(&["check", "missing.md"], dir.path()).status.code(),
        Some(2)
    );
}

#[test]
fn rules_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["rules", "--format", "json"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"names.authority"));
    assert!(ids.contains(&"style.toward"));
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    let o = run(&["explain", "names.authority"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("## What it does"));
    assert!(stdout(&o).contains("flagged:  The mayor of Kiev spoke on Monday."));
    let o = run(&["explain", "names.nope"], dir.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_readme_sample_story_is_flagged() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = run(&["check", "samples/kyiv-grain.md"], root);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("use 'Volodymyr Zelenskyy'"));
}

#[test]
fn anatomy_shows_how_the_story_is_read() {
    let (dir, _) = workspace();
    let o = run(&["anatomy", "story.md"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("byline:   Teri Schultz | Joanna Kakisis (web-pasted)"),
        "{out}"
    );
    assert!(
        out.contains("credit:   Teri Schultz | Joanna Kakissis"),
        "{out}"
    );
    assert!(out.contains("photo-credit *Evgeniy Maloletka/AP*"), "{out}");
    assert!(
        out.contains("headline     Envoys meet in Brussels"),
        "{out}"
    );
}

#[test]
fn names_added_from_the_editor_are_known_to_check() {
    let (dir, _) = workspace();
    std::fs::write(
        dir.path().join("local.md"),
        "# H\n\nThe mayor of Gdansk, Aleksandra Dulkiewicz, spoke.\n",
    )
    .unwrap();
    let o = run(&["check", "--format", "json", "local.md"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    std::fs::create_dir(dir.path().join(".copydesk")).unwrap();
    std::fs::write(
        dir.path().join(".copydesk/names.toml"),
        "[pack]\nid = \"workspace\"\n\n[[name]]\ncanonical = \"Gdańsk\"\nkind = \"place\"\nvariants = [\"Gdansk\"]\n",
    )
    .unwrap();
    let o = run(&["check", "--format", "json", "local.md"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(d["rule"], "names.authority");
    assert_eq!(d["fixes"][0]["edits"][0]["text"], "Gdańsk");
    // --no-config leaves the workspace's names out too.
    let o = run(&["check", "--no-config", "local.md"], dir.path());
    assert_eq!(o.status.code(), Some(0));
}
