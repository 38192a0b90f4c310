/*!
 * VS Code settings -> the settings the copydesk server reads.
 *
 * The server takes the same shape as `.copydesk.toml` (`rules`, `names`,
 * `style`, `house`), as JSON, and rejects keys it does not know. VS Code
 * hands us the whole `copydesk` section with editor-only keys (`path`,
 * `trace`...) and `null` for every house setting the user left alone, so
 * this module keeps only what the user set: an unset editor setting must not
 * override the project's `.copydesk.toml`.
 *
 * No `vscode` import here, so it runs under `node --test`.
 */

import * as os from "node:os";
import * as path from "node:path";

export const SEVERITIES = ["error", "warning", "info", "hint", "off"] as const;

/** House settings the extension exposes, as the server spells them. */
export const HOUSE_KEYS: Record<string, "string" | "boolean"> = {
  agency: "string",
  require_agency: "boolean",
  attribution: "string",
  serial_comma: "boolean",
  courtesy_titles: "boolean",
  dateline_date: "boolean",
};

export interface ServerSettings {
  rules?: Record<string, string>;
  names?: { files?: string[]; packs?: string[] };
  style?: { files?: string[] };
  house?: Record<string, string | boolean>;
}

export interface Converted {
  settings: ServerSettings;
  /** Settings that were ignored, with why: shown in the output channel. */
  problems: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stringList(v: unknown, key: string, problems: string[]): string[] | undefined {
  if (v === undefined || v === null) {
    return undefined;
  }
  if (!Array.isArray(v) || v.some((s) => typeof s !== "string")) {
    problems.push(`copydesk.${key} must be a list of strings; ignored`);
    return undefined;
  }
  return v as string[];
}

/** `~/x` and `${workspaceFolder}/x` expanded; relative paths made absolute against `base`. */
export function resolvePath(p: string, base: string | undefined): string {
  let out = p.replace(/\$\{workspaceFolder\}/g, base ?? "");
  if (out === "~" || out.startsWith("~/") || out.startsWith("~\\")) {
    out = path.join(os.homedir(), out.slice(1));
  }
  if (!path.isAbsolute(out) && base !== undefined) {
    out = path.resolve(base, out);
  }
  return out;
}

/**
 * Convert the raw `copydesk` configuration section. `base` is the workspace
 * folder that relative file paths are resolved against.
 */
export function toServerSettings(raw: unknown, base?: string): Converted {
  const problems: string[] = [];
  const settings: ServerSettings = {};
  const section = isRecord(raw) ? raw : {};

  if (isRecord(section.rules)) {
    const rules: Record<string, string> = {};
    for (const [id, value] of Object.entries(section.rules)) {
      const sev = typeof value === "string" ? value.toLowerCase() : value;
      if (typeof sev === "string" && (SEVERITIES as readonly string[]).includes(sev)) {
        rules[id] = sev;
      } else {
        problems.push(
          `copydesk.rules: ${id}: ${JSON.stringify(value)} is not one of ${SEVERITIES.join(", ")}; ignored`,
        );
      }
    }
    if (Object.keys(rules).length > 0) {
      settings.rules = rules;
    }
  }

  const names = isRecord(section.names) ? section.names : {};
  const nameFiles = stringList(names.files, "names.files", problems);
  const packs = stringList(names.packs, "names.packs", problems);
  if ((nameFiles && nameFiles.length > 0) || packs) {
    settings.names = {};
    if (nameFiles && nameFiles.length > 0) {
      settings.names.files = nameFiles.map((f) => resolvePath(f, base));
    }
    if (packs) {
      settings.names.packs = packs;
    }
  }

  const style = isRecord(section.style) ? section.style : {};
  const styleFiles = stringList(style.files, "style.files", problems);
  if (styleFiles && styleFiles.length > 0) {
    settings.style = { files: styleFiles.map((f) => resolvePath(f, base)) };
  }

  if (isRecord(section.house)) {
    const house: Record<string, string | boolean> = {};
    for (const [key, value] of Object.entries(section.house)) {
      if (value === null || value === undefined) {
        continue;
      }
      const want = HOUSE_KEYS[key];
      if (want === undefined) {
        problems.push(`copydesk.house.${key} is not a house setting; ignored`);
      } else if (typeof value !== want) {
        problems.push(`copydesk.house.${key} must be a ${want}; ignored`);
      } else {
        house[key] = value as string | boolean;
      }
    }
    if (Object.keys(house).length > 0) {
      settings.house = house;
    }
  }

  return { settings, problems };
}

/**
 * The `workspace/didChangeConfiguration` params the extension sends: the
 * settings under a `copydesk` key, as VS Code's own configuration sync
 * would shape them (the server also takes them bare).
 */
export function configurationChange(settings: ServerSettings): { settings: { copydesk: ServerSettings } } {
  return { settings: { copydesk: settings } };
}
