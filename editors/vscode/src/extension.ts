/*!
 * The copydesk extension: starts `copydesk serve` as a language server for
 * Markdown and plain text, passes it the `copydesk.*` settings, and adds the
 * "Fix all issues" and "Restart server" commands. All the checking is in
 * the server; this file only wires VS Code to it.
 */

import * as vscode from "vscode";
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
} from "vscode-languageclient/node";
import { findServer } from "./binary";
import { configurationChange, toServerSettings, type ServerSettings } from "./settings";

const SECTION = "copydesk";
const FIX_ALL = vscode.CodeActionKind.SourceFixAll.append("copydesk");
const LANGUAGES = ["markdown", "plaintext"];
const INSTALL_URL = "https://github.com/copydesk/copydesk#install";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
/** Serializes start/stop so a restart during a start cannot leak a server. */
let lifecycle: Promise<void> = Promise.resolve();

function workspaceBase(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** The settings to send to the server, with problems logged. */
function serverSettings(scope?: vscode.Uri): ServerSettings {
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : undefined;
  const base = folder?.uri.fsPath ?? workspaceBase();
  const raw = vscode.workspace.getConfiguration(SECTION, scope ?? null);
  const { settings, problems } = toServerSettings(
    { rules: raw.get("rules"), names: raw.get("names"), style: raw.get("style"), house: raw.get("house") },
    base,
  );
  for (const p of problems) {
    output.appendLine(`settings: ${p}`);
  }
  return settings;
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const found = findServer(config.get<string>("path") ?? "", workspaceBase());
  if (!found.ok) {
    output.appendLine(found.message);
    void vscode.window
      .showErrorMessage(`copydesk: ${found.message}`, "Open Settings", "Installation")
      .then((choice) => {
        if (choice === "Open Settings") {
          void vscode.commands.executeCommand("workbench.action.openSettings", "copydesk.path");
        } else if (choice === "Installation") {
          void vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
        }
      });
    return;
  }

  const args = ["serve", ...(config.get<string[]>("extraArgs") ?? [])];
  output.appendLine(`starting ${found.path} ${args.join(" ")}`);
  // No `transport`: the client would append `--stdio`, which `serve` does
  // not need; stdio is the default either way.
  const serverOptions: ServerOptions = { command: found.path, args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    outputChannel: output,
    initializationOptions: serverSettings(),
    // No `synchronize.fileEvents`: the server registers its own watchers
    // for style files.
    middleware: {
      workspace: {
        // When the server asks for the `copydesk` section, answer with the
        // cleaned settings rather than VS Code's raw section.
        configuration: async (params, token, next) => {
          const answers: unknown[] = [];
          for (const item of params.items) {
            if (item.section === SECTION) {
              const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
              answers.push(serverSettings(scope));
            } else {
              const [answer] = (await next({ items: [item] }, token)) as unknown[];
              answers.push(answer);
            }
          }
          return answers;
        },
      },
    },
  };

  const c = new LanguageClient("copydesk", "copydesk", serverOptions, clientOptions);
  c.onDidChangeState((e) => {
    if (e.newState === State.Stopped && e.oldState === State.Running) {
      output.appendLine("server stopped");
    }
  });
  client = c;
  try {
    await c.start();
  } catch (err) {
    client = undefined;
    const msg = err instanceof Error ? err.message : String(err);
    output.appendLine(`could not start ${found.path}: ${msg}`);
    void vscode.window.showErrorMessage(`copydesk: could not start the server (${found.path}): ${msg}`, "Show Log").then(
      (choice) => {
        if (choice === "Show Log") {
          output.show();
        }
      },
    );
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c !== undefined && c.state !== State.Stopped) {
    try {
      await c.stop();
    } catch (err) {
      output.appendLine(`stopping the server: ${String(err)}`);
    }
  }
}

function queue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step);
  return lifecycle;
}

/** Apply the server's `source.fixAll.copydesk` action to the active document. */
async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || !LANGUAGES.includes(editor.document.languageId)) {
    void vscode.window.showInformationMessage("copydesk: open a Markdown or plain-text story first.");
    return;
  }
  if (client === undefined || client.state !== State.Running) {
    void vscode.window.showWarningMessage("copydesk: the server is not running. Run \"copydesk: Restart server\".");
    return;
  }
  const doc = editor.document;
  const whole = doc.validateRange(new vscode.Range(0, 0, doc.lineCount, 0));
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      doc.uri,
      whole,
      FIX_ALL.value,
      10,
    )) ?? [];
  const ours = actions.filter((a) => a.kind !== undefined && FIX_ALL.contains(a.kind));
  if (ours.length === 0) {
    void vscode.window.showInformationMessage("copydesk: nothing to fix automatically.");
    return;
  }
  for (const action of ours) {
    if (action.edit !== undefined) {
      const ok = await vscode.workspace.applyEdit(action.edit);
      if (!ok) {
        void vscode.window.showWarningMessage("copydesk: the fixes could not be applied (the story changed?).");
        return;
      }
    }
    if (action.command !== undefined) {
      const args: unknown[] = action.command.arguments ?? [];
      await vscode.commands.executeCommand(action.command.command, ...args);
    }
  }
}

export function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("copydesk");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("copydesk.fixAll", fixAll),
    vscode.commands.registerCommand("copydesk.restart", () => {
      output.appendLine("restarting the server");
      return queue(async () => {
        await stop();
        await start();
      });
    }),
    vscode.commands.registerCommand("copydesk.showOutput", () => output.show()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) {
        return;
      }
      if (e.affectsConfiguration(`${SECTION}.path`) || e.affectsConfiguration(`${SECTION}.extraArgs`)) {
        void queue(async () => {
          await stop();
          await start();
        });
        return;
      }
      const c = client;
      if (c !== undefined && c.state === State.Running) {
        void c.sendNotification("workspace/didChangeConfiguration", configurationChange(serverSettings()));
      }
    }),
  );
  return queue(start);
}

export function deactivate(): Promise<void> {
  return queue(stop);
}
