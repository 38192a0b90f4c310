import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { findOnPath, findServer } from "../binary";
import { resolvePath, toServerSettings } from "../settings";

void test("unset settings send nothing, so .copydesk.toml wins", () => {
  const { settings, problems } = toServerSettings({
    rules: {},
    names: { files: [], packs: null },
    style: { files: [] },
    house: { agency: null, require_agency: null, attribution: null },
  });
  assert.deepEqual(settings, {});
  assert.deepEqual(problems, []);
});

void test("set values come through in the server's shape", () => {
  const { settings, problems } = toServerSettings(
    {
      rules: { "style.said-says": "off", names: "Error" },
      names: { files: ["staff.toml", "/abs/desk.toml"], packs: ["npr"] },
      style: { files: ["house/extra.toml"] },
      house: { agency: "AP", require_agency: true, serial_comma: false, dateline_date: null },
    },
    "/ws",
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, {
    rules: { "style.said-says": "off", names: "error" },
    names: { files: [path.resolve("/ws", "staff.toml"), "/abs/desk.toml"], packs: ["npr"] },
    style: { files: [path.resolve("/ws", "house/extra.toml")] },
    house: { agency: "AP", require_agency: true, serial_comma: false },
  });
});

void test("bad values are dropped with a reason, not sent", () => {
  const { settings, problems } = toServerSettings({
    rules: { "quotes.unattributed": "loud", "names.authority": 3 },
    names: { files: "staff.toml" },
    house: { attribution: true, colour: "blue" },
  });
  assert.deepEqual(settings, {});
  assert.equal(problems.length, 5, problems.join("\n"));
  assert.match(problems[0], /quotes\.unattributed: "loud" is not one of error, warning, info, hint, off/);
  assert.ok(problems.some((p) => p.includes("copydesk.house.colour is not a house setting")));
  assert.ok(problems.some((p) => p.includes("copydesk.house.attribution must be a string")));
});

void test("paths: ~, ${workspaceFolder} and relative", () => {
  assert.equal(resolvePath("~/names.toml", "/ws"), path.join(os.homedir(), "names.toml"));
  assert.equal(resolvePath("${workspaceFolder}/n.toml", "/ws"), path.resolve("/ws/n.toml"));
  assert.equal(resolvePath("n.toml", "/ws"), path.resolve("/ws", "n.toml"));
  assert.equal(resolvePath("n.toml", undefined), "n.toml");
});

void test("the binary is found on PATH, and a missing one is explained", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-vscode-"));
  try {
    const bin = path.join(dir, "copydesk");
    const notExec = path.join(dir, "not-exec");
    fs.writeFileSync(bin, "#!/bin/sh\n");
    fs.chmodSync(bin, 0o755);
    fs.writeFileSync(notExec, "");
    fs.chmodSync(notExec, 0o644);

    assert.equal(findOnPath("copydesk", `/nonexistent:${dir}`, "linux"), bin);
    assert.equal(findOnPath("copydesk", "/nonexistent", "linux"), undefined);
    assert.deepEqual(findServer("", undefined, `${dir}`, "linux"), { ok: true, path: bin });

    const missing = findServer("", undefined, "/nonexistent", "linux");
    assert.equal(missing.ok, false);
    assert.match(missing.ok ? "" : missing.message, /Could not find the copydesk binary on PATH/);

    const wrong = findServer(path.join(dir, "nope"), undefined, "", "linux");
    assert.match(wrong.ok ? "" : wrong.message, /"copydesk.path" does not exist: .*nope/);
    const plain = findServer(notExec, undefined, "", "linux");
    assert.match(plain.ok ? "" : plain.message, /is not an executable file/);
    assert.deepEqual(findServer("copydesk", dir, "", "linux"), { ok: true, path: bin });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
