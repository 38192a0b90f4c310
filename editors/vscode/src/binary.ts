/*!
 * Finding the `copydesk` binary: the `copydesk.path` setting, else `PATH`.
 *
 * No `vscode` import here, so it runs under `node --test`.
 */

import * as fs from "node:fs";
import * as path from "node:path";
import { resolvePath } from "./settings";

export type Found = { ok: true; path: string } | { ok: false; message: string };

function isExecutableFile(p: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(p).isFile()) {
      return false;
    }
    if (platform !== "win32") {
      fs.accessSync(p, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** The first `name` on `pathEnv` that is an executable file. */
export function findOnPath(
  name: string,
  pathEnv: string | undefined,
  platform: NodeJS.Platform = process.platform,
  pathExt: string | undefined = process.env.PATHEXT,
): string | undefined {
  const sep = platform === "win32" ? ";" : ":";
  const exts =
    platform === "win32" ? (pathExt ?? ".EXE;.CMD;.BAT;.COM").split(";").filter(Boolean) : [""];
  for (const dir of (pathEnv ?? "").split(sep)) {
    if (dir === "") {
      continue;
    }
    for (const ext of ["", ...exts]) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate, platform)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/**
 * Where the server binary is. `configured` is the `copydesk.path` setting
 * (empty: search `PATH`); `base` is the workspace folder.
 */
export function findServer(
  configured: string,
  base: string | undefined,
  pathEnv: string | undefined = process.env.PATH,
  platform: NodeJS.Platform = process.platform,
): Found {
  const trimmed = configured.trim();
  if (trimmed !== "") {
    const p = resolvePath(trimmed, base);
    if (!fs.existsSync(p)) {
      return {
        ok: false,
        message: `The copydesk binary set in "copydesk.path" does not exist: ${p}`,
      };
    }
    if (!isExecutableFile(p, platform)) {
      return {
        ok: false,
        message: `"copydesk.path" is not an executable file: ${p}`,
      };
    }
    return { ok: true, path: p };
  }
  const found = findOnPath("copydesk", pathEnv, platform);
  if (found === undefined) {
    return {
      ok: false,
      message:
        'Could not find the copydesk binary on PATH. Install it (cargo install --path . in a copydesk checkout) or set "copydesk.path" to its full path.',
    };
  }
  return { ok: true, path: found };
}
