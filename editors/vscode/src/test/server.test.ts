// The settings the extension sends, checked against the real server: it
// accepts them at initialize and on a change, and they take effect.
// Runs when COPYDESK_BIN names a copydesk binary (editors/ci.sh sets it);
// skipped otherwise.

import { strict as assert } from "node:assert";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from "vscode-languageserver-protocol/node";
import { configurationChange, toServerSettings } from "../settings";

const bin = process.env.COPYDESK_BIN;

interface Session {
  conn: ProtocolConnection;
  proc: ChildProcessWithoutNullStreams;
  warnings: string[];
  next(uri: string, timeoutMs?: number): Promise<Diagnostic[]>;
}

async function startServer(initializationOptions: unknown, root: string): Promise<Session> {
  const proc = spawn(bin as string, ["serve"], { stdio: "pipe" });
  proc.stderr.resume();
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  const warnings: string[] = [];
  const queued = new Map<string, Diagnostic[][]>();
  const waiting = new Map<string, (d: Diagnostic[]) => void>();
  conn.onNotification("window/showMessage", (p: { type: number; message: string }) => {
    if (p.type <= 2) {
      warnings.push(p.message);
    }
  });
  conn.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
    const w = waiting.get(p.uri);
    if (w) {
      waiting.delete(p.uri);
      w(p.diagnostics);
    } else {
      queued.set(p.uri, [...(queued.get(p.uri) ?? []), p.diagnostics]);
    }
  });
  conn.onRequest("client/registerCapability", () => null);
  conn.onRequest("window/workDoneProgress/create", () => null);
  conn.onRequest("workspace/configuration", (p: { items: unknown[] }) => p.items.map(() => null));
  conn.listen();
  await conn.sendRequest("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: "ws" }],
    capabilities: {
      general: { positionEncodings: ["utf-16"] },
      textDocument: { publishDiagnostics: {}, codeAction: {} },
      workspace: { configuration: true },
    },
    initializationOptions,
  });
  await conn.sendNotification("initialized", {});
  const next = (uri: string, timeoutMs = 10000) =>
    new Promise<Diagnostic[]>((resolve, reject) => {
      const q = queued.get(uri);
      if (q && q.length > 0) {
        resolve(q.shift() as Diagnostic[]);
        return;
      }
      const t = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      waiting.set(uri, (d) => {
        clearTimeout(t);
        resolve(d);
      });
    });
  return { conn, proc, warnings, next };
}

async function stop(s: Session): Promise<void> {
  try {
    await s.conn.sendRequest("shutdown");
    await s.conn.sendNotification("exit");
  } finally {
    s.conn.dispose();
    s.proc.kill();
  }
}

const STORY = "Residents of Kiev lined up for water on Tuesday, the city council said.\n";

void test("the server accepts the extension's settings and applies them", { skip: !bin && "COPYDESK_BIN not set" }, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-vscode-server-"));
  const file = path.join(root, "story.md");
  fs.writeFileSync(file, STORY);
  const uri = pathToFileURL(file).href;
  // Every kind of value the settings UI can produce, unset ones as null.
  const initial = toServerSettings(
    {
      rules: { "style.okay": "off" },
      names: { files: [], packs: null },
      style: { files: [] },
      house: { agency: "AP", require_agency: false, attribution: "said", serial_comma: null, courtesy_titles: null, dateline_date: null },
    },
    root,
  );
  assert.deepEqual(initial.problems, []);
  const s = await startServer(initial.settings, root);
  try {
    await s.conn.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "markdown", version: 1, text: STORY },
    });
    const first = await s.next(uri);
    const kiev = first.find((d) => d.code === "names.authority");
    assert.ok(kiev, `expected a names.authority diagnostic, got ${JSON.stringify(first)}`);
    assert.equal(STORY.split("\n")[kiev.range.start.line].slice(kiev.range.start.character, kiev.range.end.character), "Kiev");

    // Turn the rule off the way the extension does on a settings change.
    const off = toServerSettings({ rules: { "names.authority": "off" } }, root);
    await s.conn.sendNotification("workspace/didChangeConfiguration", configurationChange(off.settings));
    let after = await s.next(uri);
    // A publish may have been in flight before the change: take the next.
    if (after.some((d) => d.code === "names.authority")) {
      after = await s.next(uri, 3000).catch(() => after);
    }
    assert.ok(
      !after.some((d) => d.code === "names.authority"),
      `names.authority still reported after turning it off: ${JSON.stringify(after)}`,
    );
    assert.deepEqual(s.warnings, [], "the server complained about the settings");
  } finally {
    await stop(s);
    fs.rmSync(root, { recursive: true, force: true });
  }
});
