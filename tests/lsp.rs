//! End-to-end tests of `copydesk serve`: the real binary, spoken to over
//! stdio with Content-Length framing.

mod common;

use common::*;
use serde_json::{json, Value};

const URI: &str = "file:///tmp/copydesk-e2e/story.md";

const STORY: &str = "# Talks resume in Kiev\n\nBy Anna Reyes\n\nKYIV, Ukraine (AP) — Leader Marta Olsen met officials on Monday. \"We will keep talking,\" Olsen said.\n\nOlsen's aide said the talks went on afterwards.\n\n## Next steps\n\nPresident Zelensky spoke later.\n";

fn rules(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn covered<'a>(text: &'a str, d: &Value) -> &'a str {
    &text[offset16(text, &d["range"]["start"])..offset16(text, &d["range"]["end"])]
}

#[test]
fn initialize_reports_version_and_negotiates_encoding() {
    let mut c = Client::spawn(&[]);
    let r = c.initialize(json!({}), json!(null), None);
    assert_eq!(r["serverInfo"]["name"], "copydesk");
    assert_eq!(r["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(r["capabilities"]["textDocumentSync"]["change"], 2);
    assert!(r["capabilities"]["diagnosticProvider"].is_null());
    assert!(c.shutdown().success());

    let mut c = Client::spawn(&["--stdio"]);
    let r = c.initialize(
        json!({"general": {"positionEncodings": ["utf-32", "utf-8", "utf-16"]}}),
        json!({"diagnosticMode": "both"}),
        None,
    );
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-32");
    assert_eq!(
        r["capabilities"]["diagnosticProvider"]["identifier"],
        "copydesk"
    );
    assert!(c.shutdown().success());
}

#[test]
fn diagnostics_on_open_and_after_edits() {
    let mut c = Client::start(None);
    c.open(URI, STORY, 1);
    let d = c.diagnostics(URI, 1);
    let r = rules(&d);
    assert!(r.contains(&"names.authority".to_string()), "{r:?}");
    assert!(r.contains(&"style.afterward".to_string()), "{r:?}");
    let kiev = d
        .iter()
        .find(|d| covered(STORY, d) == "Kiev")
        .expect("Kiev flagged");
    assert_eq!(kiev["source"], "copydesk");
    assert_eq!(kiev["severity"], 1);
    assert_eq!(
        kiev["codeDescription"]["href"],
        "https://copydesk.dev/rules/names.authority"
    );
    // data: {"fixes": [[title, safe, [[line, col, end_line, end_col, text]]]]}
    assert_eq!(kiev["data"]["fixes"][0][2][0][4], "Kyiv");
    assert_eq!(kiev["data"]["fixes"][0][1], true);
    assert_eq!(
        kiev["data"]["fixes"][0][2][0][0],
        kiev["range"]["start"]["line"]
    );
    assert_eq!(
        kiev["data"]["fixes"][0][2][0][1],
        kiev["range"]["start"]["character"]
    );

    // Fix "Kiev" by hand with an incremental edit.
    let k = STORY.find("Kiev").unwrap();
    c.change(
        URI,
        2,
        json!([{"range": {"start": pos16(STORY, k), "end": pos16(STORY, k + 4)}, "text": "Kyiv"}]),
    );
    let d2 = c.diagnostics(URI, 2);
    let text2 = STORY.replacen("Kiev", "Kyiv", 1);
    assert!(!d2.iter().any(|d| covered(&text2, d) == "Kiev"));
    assert_eq!(d2.len(), d.len() - 1);

    // A stale version is ignored.
    c.change(URI, 1, json!([{"text": "Kiev Kiev Kiev"}]));
    let pull = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(pull["kind"], "full");
    assert_eq!(pull["items"].as_array().unwrap().len(), d2.len());
    // Asking again with the result id: unchanged.
    let again = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}, "previousResultId": pull["resultId"]}),
    );
    assert_eq!(again["kind"], "unchanged");

    // Closing clears the diagnostics.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    let p = c.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == URI && p["diagnostics"] == json!([])
    });
    assert!(p["version"].is_null());
    assert!(c.shutdown().success());
}

#[test]
fn utf16_positions_with_emoji_and_accents() {
    let text = "# H\n\nCafé 😀🇺🇦 in Kiev, said José\u{301}.\n";
    let mut c = Client::start(None);
    c.open(URI, text, 1);
    let d = c.diagnostics(URI, 1);
    let kiev = d.iter().find(|d| d["code"] == "names.authority").unwrap();
    // "Café " 5, 😀 2, 🇺🇦 4, " in " 4: Kiev starts at 15.
    assert_eq!(
        kiev["range"],
        json!({"start": {"line": 2, "character": 15}, "end": {"line": 2, "character": 19}})
    );
    // Insert an emoji before Kiev in UTF-16 positions: the range moves by 2.
    c.change(
        URI,
        2,
        json!([{"range": {"start": {"line": 2, "character": 11}, "end": {"line": 2, "character": 11}}, "text": "🎉"}]),
    );
    let d = c.diagnostics(URI, 2);
    let kiev = d.iter().find(|d| d["code"] == "names.authority").unwrap();
    assert_eq!(kiev["range"]["start"], json!({"line": 2, "character": 17}));
    assert!(c.shutdown().success());

    // The same in UTF-8: columns are bytes.
    let mut c = Client::spawn(&[]);
    c.initialize(
        json!({"general": {"positionEncodings": ["utf-8"]}}),
        json!(null),
        None,
    );
    c.open(URI, text, 1);
    let d = c.diagnostics(URI, 1);
    let kiev = d.iter().find(|d| d["code"] == "names.authority").unwrap();
    let col = text.find("Kiev").unwrap() - text.find("Café").unwrap();
    assert_eq!(kiev["range"]["start"]["character"], json!(col));
    assert!(c.shutdown().success());
}

fn actions(c: &mut Client, uri: &str, text: &str, at: usize, only: Option<&[&str]>) -> Vec<Value> {
    let mut ctx = json!({"diagnostics": []});
    if let Some(o) = only {
        ctx["only"] = json!(o);
    }
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": pos16(text, at), "end": pos16(text, at)}, "context": ctx}),
    );
    r.as_array().cloned().unwrap_or_default()
}

fn find_action<'a>(acts: &'a [Value], title: &str) -> &'a Value {
    acts.iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(title)))
        .unwrap_or_else(|| panic!("no action {title:?} in {acts:#?}"))
}

#[test]
fn code_actions_apply() {
    let mut c = Client::start(None);
    c.open(URI, STORY, 1);
    let before = c.diagnostics(URI, 1).len();

    // Quick fix, preferred because safe, versioned.
    let k = STORY.find("Kiev").unwrap();
    let acts = actions(&mut c, URI, STORY, k + 1, None);
    let fix = find_action(&acts, "Change to 'Kyiv'");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "names.authority");
    let text2 = apply_text_edits(STORY, &edits_in(&fix["edit"], URI, Some(1)));
    assert!(text2.starts_with("# Talks resume in Kyiv\n"));
    c.change(URI, 2, json!([{"text": text2}]));
    assert_eq!(c.diagnostics(URI, 2).len(), before - 1);

    // Disable on this line.
    let a = text2.find("afterwards").unwrap();
    let acts = actions(&mut c, URI, &text2, a + 2, Some(&["quickfix"]));
    let dis = find_action(&acts, "Disable style.afterward on this line");
    let text3 = apply_text_edits(&text2, &edits_in(&dis["edit"], URI, Some(2)));
    assert!(text3.contains("<!-- copydesk-disable-next-line style.afterward -->\n\nOlsen's aide"));
    c.change(URI, 3, json!([{"text": text3}]));
    let d3 = c.diagnostics(URI, 3);
    assert!(
        !rules(&d3).contains(&"style.afterward".to_string()),
        "{d3:?}"
    );
    // The dateline and byline are still read the same (no new findings).
    assert_eq!(d3.len(), before - 2);

    // Disable in this file.
    let z = text3.find("Zelensky").unwrap();
    let acts = actions(&mut c, URI, &text3, z + 1, None);
    let dis = find_action(&acts, "Disable names.authority in this file");
    let text4 = apply_text_edits(&text3, &edits_in(&dis["edit"], URI, Some(3)));
    assert!(text4.starts_with("<!-- copydesk-disable-file names.authority -->\n\n# Talks"));
    c.change(URI, 4, json!([{"text": text4}]));
    let d4 = c.diagnostics(URI, 4);
    assert!(
        !rules(&d4).contains(&"names.authority".to_string()),
        "{d4:?}"
    );

    // Fix all, asked for by kind: every safe fix in one versioned edit.
    c.change(URI, 5, json!([{"text": STORY}]));
    c.diagnostics(URI, 5);
    let acts = actions(&mut c, URI, STORY, 0, Some(&["source.fixAll"]));
    assert_eq!(acts.len(), 1, "{acts:?}");
    assert_eq!(acts[0]["kind"], "source.fixAll.copydesk");
    let fixed = apply_text_edits(STORY, &edits_in(&acts[0]["edit"], URI, Some(5)));
    assert!(
        fixed.contains("in Kyiv") && fixed.contains("Zelenskyy") && fixed.contains("afterward."),
        "{fixed}"
    );
    c.change(URI, 6, json!([{"text": fixed}]));
    assert!(c.diagnostics(URI, 6).is_empty());
    assert!(c.shutdown().success());
}

#[test]
fn add_name_command_writes_the_workspace_pack_and_rechecks() {
    let dir = tempfile::tempdir().unwrap();
    let root = file_uri(dir.path());
    let uri = file_uri(&dir.path().join("story.md"));
    let text = "# H\n\nLeader Marta Olsen met officials.\n";
    let mut c = Client::start(Some(&root));
    c.open(&uri, text, 1);
    c.diagnostics(&uri, 1);
    let at = text.find("Olsen").unwrap();
    let acts = actions(&mut c, &uri, text, at, None);
    let add = find_action(&acts, "Add 'Marta Olsen' to the name authority");
    let cmd = &add["command"];
    assert_eq!(cmd["command"], "copydesk.addName");
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": cmd["command"], "arguments": cmd["arguments"]}),
    );
    assert_eq!(r["added"], true);
    let pack = std::fs::read_to_string(dir.path().join(".copydesk/names.toml")).unwrap();
    assert!(pack.contains("canonical = \"Marta Olsen\""), "{pack}");
    // Re-checked under the new style book: the name is now known.
    c.diagnostics(&uri, 1);
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos16(text, at + 1)}),
    );
    let v = h["contents"]["value"].as_str().unwrap();
    assert!(v.contains("**Marta Olsen** (person)"), "{v}");
    // Bad arguments are an error, not a crash.
    let bad = c.request_full(
        "workspace/executeCommand",
        json!({"command": "copydesk.addName", "arguments": [3]}),
    );
    assert!(bad.get("error").is_some());
    assert!(c.shutdown().success());
}

#[test]
fn hover_on_diagnostics_and_names() {
    let mut c = Client::start(None);
    c.open(URI, STORY, 1);
    c.diagnostics(URI, 1);
    let k = STORY.find("Kiev").unwrap();
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": pos16(STORY, k + 2)}),
    );
    assert_eq!(h["contents"]["kind"], "markdown");
    let v = h["contents"]["value"].as_str().unwrap();
    assert!(v.contains("**names.authority**"), "{v}");
    assert!(v.contains("## What it does"), "{v}");
    assert!(v.contains("**Kyiv** (place"), "{v}");
    assert!(v.contains("First mentioned on line 1"), "{v}");
    assert_eq!(h["range"]["start"], pos16(STORY, k));
    // Nothing to say over plain words.
    let t = STORY.find("officials").unwrap();
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": pos16(STORY, t)}),
    );
    assert!(h.is_null());
    assert!(c.shutdown().success());
}

#[test]
fn completion_of_names() {
    let text = "# H\n\nLeader Marta Olsen met officials.\n\nLater Ols and Zelen\n";
    let mut c = Client::start(None);
    c.open(URI, text, 1);
    c.diagnostics(URI, 1);
    let at = text.find("Ols and").unwrap() + 3;
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": pos16(text, at)}),
    );
    let items = r["items"].as_array().unwrap();
    assert_eq!(items[0]["label"], "Olsen");
    assert_eq!(items[0]["textEdit"]["range"]["start"], pos16(text, at - 3));
    let at = text.find("Zelen").unwrap() + 5;
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": pos16(text, at)}),
    );
    let labels: Vec<&str> = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"Volodymyr Zelenskyy"), "{labels:?}");
    // Two letters, or a lowercase word: nothing.
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": pos16(text, text.find("Zelen").unwrap() + 2)}),
    );
    assert!(r.is_null());
    assert!(c.shutdown().success());
}

#[test]
fn rename_a_person() {
    let mut c = Client::start(None);
    c.open(URI, STORY, 1);
    c.diagnostics(URI, 1);
    let at = STORY.find("Olsen said").unwrap() + 1;
    let p = c.request(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": URI}, "position": pos16(STORY, at)}),
    );
    assert_eq!(p["placeholder"], "Olsen");
    let e = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": pos16(STORY, at), "newName": "Marta Olssen"}),
    );
    let renamed = apply_text_edits(STORY, &edits_in(&e, URI, Some(1)));
    assert!(renamed.contains("Leader Marta Olssen met"), "{renamed}");
    assert!(renamed.contains("\" Olssen said."), "{renamed}");
    assert!(renamed.contains("Olssen's aide"), "{renamed}");
    assert!(!renamed.contains("Olsen"));
    let bad = c.request_full(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": pos16(STORY, at), "newName": ""}),
    );
    assert!(bad.get("error").is_some());
    assert!(c.shutdown().success());
}

#[test]
fn document_symbols_outline_the_story() {
    let mut c = Client::start(None);
    c.open(URI, STORY, 1);
    c.diagnostics(URI, 1);
    let s = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let syms = s.as_array().unwrap();
    let names: Vec<(&str, &str)> = syms
        .iter()
        .map(|s| (s["detail"].as_str().unwrap(), s["name"].as_str().unwrap()))
        .collect();
    assert_eq!(names[0], ("headline", "Talks resume in Kiev"));
    assert_eq!(names[1], ("byline", "By Anna Reyes"));
    assert_eq!(syms[1]["children"][0]["name"], "Anna Reyes");
    assert_eq!(names[2].0, "dateline");
    assert!(names[2].1.starts_with("KYIV, Ukraine (AP)"));
    assert!(names.contains(&("section", "Next steps")), "{names:?}");
    let quotes = syms.iter().find(|s| s["detail"] == "quotations").unwrap();
    // Grouped by speaker.
    assert_eq!(quotes["children"][0]["name"], "Olsen");
    assert_eq!(
        quotes["children"][0]["children"][0]["name"],
        "We will keep talking,"
    );
    assert_eq!(quotes["children"][0]["children"][0]["detail"], "said");
    // One speaker named in full and then by surname is one group.
    let two = "file:///tmp/copydesk-two-speakers.md";
    let text = "# Talks\n\nBy Ana Ruiz\n\n\"We are ready,\" said Marta Olsen, the envoy.\n\n\"Not yet,\" said Ivan Petrov, her counterpart.\n\n\"We will wait,\" Olsen said.\n";
    c.open(two, text, 1);
    c.diagnostics(two, 1);
    let s = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": two}}),
    );
    let quotes = s
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["detail"] == "quotations")
        .unwrap()
        .clone();
    let speakers: Vec<(&str, usize)> = quotes["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["name"].as_str().unwrap(),
                g["children"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(speakers, vec![("Marta Olsen", 2), ("Ivan Petrov", 1)]);
    assert!(c.shutdown().success());
}

#[test]
fn settings_and_config_reload() {
    let dir = tempfile::tempdir().unwrap();
    let root = file_uri(dir.path());
    let cfg = dir.path().join(".copydesk.toml");
    std::fs::write(&cfg, "[rules]\n\"names.authority\" = \"off\"\n").unwrap();
    let uri = file_uri(&dir.path().join("story.md"));
    let mut c = Client::spawn(&[]);
    c.initialize(
        editor_caps(),
        json!({"copydesk": {"rules": {"style": "info"}}}),
        Some(&root),
    );
    // The server asked to watch style files.
    c.open(&uri, STORY, 1);
    let d = c.diagnostics(&uri, 1);
    assert!(!rules(&d).contains(&"names.authority".to_string()));
    let aw = d.iter().find(|d| d["code"] == "style.afterward").unwrap();
    assert_eq!(aw["severity"], 3, "settings made style rules info");
    let reg = c.wait_server_request("client/registerCapability");
    assert!(reg.to_string().contains("didChangeWatchedFiles"), "{reg}");

    // The config changes on disk.
    std::fs::write(&cfg, "[rules]\n\"names.authority\" = \"warning\"\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&cfg), "type": 2}]}),
    );
    let d = c.diagnostics(&uri, 1);
    let n = d
        .iter()
        .find(|d| d["code"] == "names.authority")
        .expect("names back on");
    assert_eq!(n["severity"], 2);

    // A broken config: a diagnostic on the config file, and the last good
    // style keeps serving.
    std::fs::write(&cfg, "[rules]\n\"names.authority\" = \"loud\"\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&cfg), "type": 2}]}),
    );
    let cd = c.diagnostics_any(&file_uri(&cfg));
    assert_eq!(cd.len(), 1);
    assert_eq!(cd[0]["range"]["start"], json!({"line": 1, "character": 1}));
    assert!(cd[0]["message"].as_str().unwrap().contains("loud"));
    let d = c.diagnostics(&uri, 1);
    assert_eq!(
        d.iter().find(|d| d["code"] == "names.authority").unwrap()["severity"],
        2
    );

    // Fixed again: the file's diagnostic clears.
    std::fs::write(&cfg, "").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&cfg), "type": 2}]}),
    );
    assert!(c.diagnostics_any(&file_uri(&cfg)).is_empty());
    c.diagnostics(&uri, 1);

    // Settings change: names off for this client.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"rules": {"names": "off"}}}}),
    );
    let d = c.diagnostics(&uri, 1);
    assert!(!rules(&d).contains(&"names.authority".to_string()));
    assert!(rules(&d).contains(&"style.afterward".to_string()));
    // Bad settings are refused with a message; the old ones stay.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"rules": {"names": "loud"}}}),
    );
    let m = c.wait_notification("window/showMessage", |_| true);
    assert!(m["message"].as_str().unwrap().contains("loud"));
    assert!(c.shutdown().success());
}

#[test]
fn robust_against_bad_input() {
    let mut c = Client::start(None);
    // Malformed params: an error response.
    let r = c.request_full("textDocument/hover", json!({"textDocument": 5}));
    assert!(r.get("error").is_some(), "{r}");
    // Unknown documents: empty answers.
    let unknown = json!({"textDocument": {"uri": "file:///nope.md"}, "position": {"line": 0, "character": 0}});
    assert!(c.request("textDocument/hover", unknown.clone()).is_null());
    assert!(c
        .request("textDocument/completion", unknown.clone())
        .is_null());
    c.change("file:///nope.md", 2, json!([{"text": "x"}]));
    // Garbage on the wire, and a message of the wrong shape: the session
    // goes on, and a message with an id gets an error response.
    c.send_raw(b"Content-Length: 5\r\n\r\n{{{{{");
    let r = c.request_full("textDocument/hover", json!(7));
    assert!(r.get("error").is_some(), "{r}");
    c.send(&json!({"jsonrpc": "2.0", "id": 77, "method": 5}));
    assert!(c.wait_response(77).get("error").is_some());
    // So does one whose params serde_json will not read (a number out of
    // range).
    let out_of_range = br#"{"jsonrpc":"2.0","id":78,"method":"x","params":1e400}"#;
    let mut framed = format!("Content-Length: {}\r\n\r\n", out_of_range.len()).into_bytes();
    framed.extend_from_slice(out_of_range);
    c.send_raw(&framed);
    assert!(c.wait_response(78).get("error").is_some());
    // Bytes that are not UTF-8 in a field nobody reads, ids tower-lsp
    // cannot hold, and JSON serde_json will not build a value of (a lone
    // surrogate in a field nobody reads, nesting too deep): dropped, and
    // the session goes on.
    let deep = format!(
        r#"{{"jsonrpc":"2.0","method":"$/setTrace","params":{}{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    for body in [
        &b"{\"jsonrpc\":\"2.0\",\"method\":\"$/setTrace\",\"params\":{\"value\":\"off\"},\"x\":\"\xff\"}"[..],
        br#"{"jsonrpc":"2.0","id":1.5,"method":5}"#,
        br#"{"jsonrpc":"2.0","id":10000000000000000000,"method":"x"}"#,
        br#"{"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"},"x":"\ud800"}"#,
        deep.as_bytes(),
    ] {
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend_from_slice(body);
        c.send_raw(&framed);
        assert!(c.request("textDocument/hover", unknown.clone()).is_null());
    }
    // Ranges past the end clamp.
    c.open(URI, "# H\n\nabc\n", 1);
    c.diagnostics(URI, 1);
    c.change(
        URI,
        2,
        json!([{"range": {"start": {"line": 99, "character": 0}, "end": {"line": 120, "character": 7}}, "text": "Kiev"}]),
    );
    let d = c.diagnostics(URI, 2);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["range"]["start"], json!({"line": 3, "character": 0}));
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 4000000000u32, "character": 4000000000u32}}),
    );
    assert!(h.is_null() || h.is_object());
    // A flood of edits without waiting: the last version is published.
    let mut text = String::from("# H\n\nabc\nKiev");
    for v in 3..500 {
        c.change(URI, v, json!([{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "x"}]));
        text.insert(9, 'x');
    }
    let d = c.diagnostics(URI, 499);
    assert_eq!(d.len(), 1);
    // A huge document (over 1 MB) is checked off the protocol loop; the
    // server keeps answering meanwhile.
    let para = "Officials spoke to reporters about the talks on Monday. ";
    let huge: String = (0..700)
        .map(|_| format!("{}The mayor of Kiev.\n\n", para.repeat(30)))
        .collect();
    assert!(huge.len() > 1 << 20);
    c.open("file:///tmp/huge.md", &huge, 1);
    let h = c.request("textDocument/hover", unknown);
    assert!(h.is_null());
    let d = c.diagnostics("file:///tmp/huge.md", 1);
    assert_eq!(d.len(), 700);
    assert!(c.shutdown().success());
}

fn char_boundary_at(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[test]
fn random_incremental_edits_match_a_fresh_open() {
    let pieces = [
        "Kiev",
        " ",
        "\n",
        "\n\n",
        "é",
        "😀",
        "🇺🇦",
        "\"",
        "“",
        "”",
        "Zelensky",
        "towards",
        "By ",
        "# ",
        "a",
        "KYIV, Ukraine — ",
        "Olsen said.",
        "\r\n",
        "José\u{301}",
        "<!-- copydesk-disable-next-line names -->\n",
    ];
    let mut rng = Rng(0x5eed_cafe_f00d);
    let mut text = STORY.to_string();
    let mut c = Client::start(None);
    c.open(URI, &text, 1);
    c.diagnostics(URI, 1);
    let mut version = 1;
    for round in 0..400 {
        let a = char_boundary_at(&text, rng.below(text.len() + 1));
        let span = if rng.below(3) == 0 { rng.below(12) } else { 0 };
        let b = char_boundary_at(&text, (a + span).min(text.len()));
        let mut insert = String::new();
        for _ in 0..rng.below(3) {
            insert.push_str(pieces[rng.below(pieces.len())]);
        }
        // Keep CRLF pairs whole so the local model and LSP agree on lines.
        if text[..a].ends_with('\r') || text[b..].starts_with('\n') && text[..b].ends_with('\r') {
            continue;
        }
        if insert.starts_with('\n') && text[..a].ends_with('\r') || insert.ends_with('\r') {
            continue;
        }
        let change =
            json!({"range": {"start": pos16(&text, a), "end": pos16(&text, b)}, "text": insert});
        text.replace_range(a..b, &insert);
        version += 1;
        c.change(URI, version, json!([change]));
        if round % 50 == 0 {
            c.diagnostics(URI, version);
        }
    }
    let edited = c.diagnostics(URI, version);
    let fresh_uri = "file:///tmp/copydesk-e2e/fresh.md";
    c.open(fresh_uri, &text, 1);
    let fresh = c.diagnostics(fresh_uri, 1);
    assert_eq!(edited, fresh);
    // And the pulled diagnostics agree too.
    let p1 = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": URI}}),
    );
    let p2 = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": fresh_uri}}),
    );
    assert_eq!(p1["items"], p2["items"]);
    assert!(c.shutdown().success());
}

/// Typing keystroke by keystroke, each version's diagnostics (some kept
/// from the version before, see `server::state`) equal a fresh open's:
/// edits before, between and after findings, on their lines and not, with
/// lines added and removed.
#[test]
fn diagnostics_after_each_keystroke_match_a_fresh_open() {
    let mut text = STORY.to_string();
    let mut c = Client::start(None);
    c.open(URI, &text, 1);
    c.diagnostics(URI, 1);
    let mut version = 1;
    let anchors = ["Kiev", "said", "\n\n", "Zelensky"];
    let typed = ["x", " ", "K", "\n", "\u{201c}", "é", "\n\n", "y"];
    for (round, anchor) in anchors.iter().cycle().take(24).enumerate() {
        let Some(at) = text.find(anchor) else {
            continue;
        };
        let insert = typed[round % typed.len()];
        let change =
            json!({"range": {"start": pos16(&text, at), "end": pos16(&text, at)}, "text": insert});
        text.insert_str(at, insert);
        version += 1;
        c.change(URI, version, json!([change]));
        let kept = c.diagnostics(URI, version);
        let fresh_uri = format!("file:///tmp/copydesk-e2e/fresh{round}.md");
        c.open(&fresh_uri, &text, 1);
        let fresh = c.diagnostics(&fresh_uri, 1);
        assert_eq!(kept, fresh, "after typing {insert:?} before {anchor:?}");
        // And deleting it again.
        let end = at + insert.len();
        let change =
            json!({"range": {"start": pos16(&text, at), "end": pos16(&text, end)}, "text": ""});
        text.replace_range(at..end, "");
        version += 1;
        c.change(URI, version, json!([change]));
        let kept = c.diagnostics(URI, version);
        c.change(&fresh_uri, 2, json!([{"text": text.clone()}]));
        let fresh = c.diagnostics(&fresh_uri, 2);
        assert_eq!(kept, fresh, "after deleting {insert:?} before {anchor:?}");
    }
    assert!(c.shutdown().success());
}

#[test]
fn exit_without_shutdown_and_eof_end_the_server() {
    // `exit` without `shutdown` ends the server with status 1, as the
    // protocol says; after `shutdown` the status is 0 (other tests).
    let mut c = Client::start(None);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(1));
    // End of input without either also ends it.
    let mut c = Client::start(None);
    assert_eq!(c.wait_exit().code(), Some(1));
}

#[test]
fn document_sync_keeps_the_clients_order() {
    let mut c = Client::spawn(&["--log-level", "warn"]);
    // Before `initialize` a document cannot be opened.
    c.open(URI, STORY, 1);
    c.initialize(editor_caps(), json!({}), None);
    let symbols = |c: &mut Client| {
        c.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": URI}}),
        )
    };
    assert!(symbols(&mut c).is_null());
    // A burst, sent without waiting: open, close, open with other text,
    // change. Each lands on the document the one before it left.
    let at_kiev = json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}});
    c.open(URI, "# H\n\nKiev\n", 1);
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    c.open(URI, "# H\n\nabc\n", 1);
    c.change(URI, 2, json!([{"range": at_kiev, "text": "Kiev "}]));
    let d = c.diagnostics(URI, 2);
    assert_eq!(rules(&d), ["names.authority"], "{d:?}");
    assert_eq!(d[0]["range"]["end"], json!({"line": 2, "character": 4}));
    // A change of the wrong shape, and one sent as a request, change
    // nothing and end nothing; the request is answered.
    c.notify("textDocument/didChange", json!({"textDocument": 5}));
    let r = c.request_full(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 9}, "contentChanges": [{"text": ""}]}),
    );
    assert_eq!(r["error"]["code"], -32600, "{r}");
    c.change(URI, 3, json!([{"range": at_kiev, "text": "Kiev "}]));
    let d = c.diagnostics(URI, 3);
    assert_eq!(rules(&d), ["names.authority", "names.authority"], "{d:?}");
    // In one write, two changes: the first with a key given twice (the
    // last counts), which the stream's guard passes on as it is, and a plain
    // one. Both go through tower-lsp, and land in the order sent: the
    // first is not dropped as stale.
    let twice = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{URI}","version":4}},"contentChanges":[],"contentChanges":[{{"range":{at_kiev},"text":"Kiev "}}]}}}}"#
    );
    let mut both = format!("Content-Length: {}\r\n\r\n{twice}", twice.len()).into_bytes();
    both.extend(frame(&json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": {"textDocument": {"uri": URI, "version": 5}, "contentChanges": [{"range": at_kiev, "text": "Kiev "}]}})));
    c.send_raw(&both);
    let d = c.diagnostics(URI, 5);
    assert_eq!(rules(&d).len(), 4, "{d:?}");
    assert!(c.shutdown().success());
}

#[test]
fn a_request_that_waited_for_a_large_storys_check_is_not_answered_from_newer_text() {
    // Over 512 KB, a story is checked off the protocol loop, and a request
    // that comes meanwhile waits for that check while later changes are
    // applied.
    let mut c = Client::start(None);
    let filler = "Officials spoke to reporters about the talks on Monday. ".repeat(30);
    let big = format!("{STORY}\n{}", format!("{filler}\n\n").repeat(400));
    assert!(big.len() > 600 << 10);
    c.open(URI, &big, 1);
    c.diagnostics(URI, 1);
    let at = big.find("Reyes").unwrap();
    let insert = json!({"range": {"start": {"line": 9, "character": 0}, "end": {"line": 9, "character": 0}}, "text": "x"});
    let change = |v: i32, edit: &Value| {
        frame(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": URI, "version": v}, "contentChanges": [edit]}}),
        )
    };
    let mut burst = change(2, &insert);
    burst.extend(frame(&json!({"jsonrpc": "2.0", "id": 901, "method": "textDocument/rename",
        "params": {"textDocument": {"uri": URI}, "position": pos16(&big, at), "newName": "Ann Reyes"}})));
    burst.extend(change(3, &json!({"range": {"start": {"line": 0, "character": 0}, "end": {"line": 2, "character": 0}}, "text": ""})));
    c.send_raw(&burst);
    let e = c.wait_response(901);
    // Either no answer, or one for version 2's text; never version 3's
    // words under version 2's position.
    if !e["result"].is_null() {
        let mut v2 = big.clone();
        v2.insert(big.match_indices('\n').nth(8).unwrap().0 + 1, 'x');
        let renamed = apply_text_edits(&v2, &edits_in(&e["result"], URI, Some(2)));
        assert!(renamed.contains("By Ann Reyes\n"), "{}", &renamed[..200]);
    }
    c.diagnostics(URI, 3);
    assert!(c.shutdown().success());
}

#[test]
fn a_change_does_not_overtake_a_request_sent_before_it() {
    let mut c = Client::start(None);
    c.open(URI, STORY, 1);
    c.diagnostics(URI, 1);
    // A rename of "Anna Reyes" (in the byline) and, in the same write, a
    // change that deletes the headline: the rename is of version 1's
    // text, and says so, whatever the server has read by the time it
    // answers; the client, at version 2, then turns it down.
    let at = STORY.find("Reyes").unwrap();
    let rename = json!({"jsonrpc": "2.0", "id": 900, "method": "textDocument/rename",
        "params": {"textDocument": {"uri": URI}, "position": pos16(STORY, at), "newName": "Ann Reyes"}});
    let change = json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": {"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 2, "character": 0}}, "text": ""}]}});
    let mut both = frame(&rename);
    both.extend(frame(&change));
    c.send_raw(&both);
    let e = c.wait_response(900);
    let edits = edits_in(&e["result"], URI, Some(1));
    let renamed = apply_text_edits(STORY, &edits);
    assert!(renamed.contains("By Ann Reyes\n"), "{renamed}");
    // The change landed after it.
    let d = c.diagnostics(URI, 2);
    assert!(
        d.iter()
            .all(|d| d["range"]["start"]["line"].as_u64() < Some(9)),
        "{d:?}"
    );
    assert!(c.shutdown().success());
}

/// A story over the server's size limit is not checked, and its one
/// diagnostic says so (it used to get an empty list, which reads as a
/// clean story).
#[test]
fn a_story_over_the_size_limit_gets_an_info_diagnostic_saying_so() {
    let mut c = Client::start(None);
    let big = "The mayor of Kiev spoke. ".repeat((17 << 20) / 25);
    c.open(URI, &big, 1);
    let d = c.diagnostics(URI, 1);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["severity"], 3);
    let m = d[0]["message"].as_str().unwrap();
    assert!(m.starts_with("Not checked: this story is 17.0 MB"), "{m}");
    // Cut under the limit, it is checked again.
    let small = "The mayor of Kiev spoke.\n";
    c.change(
        URI,
        2,
        json!([{"range": {"start": {"line": 0, "character": 0}, "end": pos16(&big, big.len())}, "text": small}]),
    );
    let d = c.diagnostics(URI, 2);
    assert_eq!(rules(&d), vec!["names.authority"], "{d:?}");
    c.shutdown();
}

/// A request about a large story whose newest version is still to be
/// checked (off the protocol loop) is answered empty at once, instead of
/// waiting for the check (or running it itself): a 5 MB story pasted as
/// one line kept hover waiting half a second. Once checked, it is
/// answered in full.
#[test]
fn a_request_about_a_large_story_not_yet_checked_is_answered_empty_at_once() {
    let mut c = Client::start(None);
    let filler = "Officials spoke to reporters about the talks on Monday. ".repeat(30);
    let big = format!("{STORY}\n{}", format!("{filler}\n\n").repeat(1_000));
    assert!(big.len() > 1 << 20);
    let at = big.find("Olsen").unwrap();
    let open = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": URI, "languageId": "markdown", "version": 1, "text": big}}});
    let hover = |id: i64| {
        json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": URI}, "position": pos16(&big, at + 1)}})
    };
    let mut burst = frame(&open);
    burst.extend(frame(&hover(910)));
    c.send_raw(&burst);
    let early = c.wait_response(910);
    assert!(early["result"].is_null(), "{early}");
    c.diagnostics(URI, 1);
    c.send(&hover(911));
    let later = c.wait_response(911);
    let v = later["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(v.contains("Marta Olsen"), "{later}");
    assert!(c.shutdown().success());
}
