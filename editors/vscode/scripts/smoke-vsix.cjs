// Loads the extension from an unpacked .vsix with a stand-in `vscode`
// module, to catch a package that lacks a runtime dependency (a .vsix
// that builds but fails on activation with "Cannot find module").
//
// Usage: node scripts/smoke-vsix.cjs DIR   (DIR: the .vsix unzipped)
"use strict";
const Module = require("node:module");
const path = require("node:path");

// Every property, call and `new` yields another stand-in, so module-level
// code (class X extends vscode.Y, CodeActionKind.append(...)) runs.
function standIn(name) {
  const target = function () {};
  return new Proxy(target, {
    get(t, key) {
      if (key === "prototype") return t.prototype;
      if (key === "then") return undefined;
      if (key === Symbol.toPrimitive) return () => name;
      return standIn(`${name}.${String(key)}`);
    },
    apply: () => standIn(`${name}()`),
    construct: () => standIn(`new ${name}`),
  });
}

const load = Module._load;
Module._load = function (request, ...rest) {
  return request === "vscode" ? standIn("vscode") : load.call(this, request, ...rest);
};

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/smoke-vsix.cjs DIR");
  process.exit(2);
}
const manifest = require(path.resolve(dir, "extension/package.json"));
const ext = require(path.resolve(dir, "extension", manifest.main));
if (typeof ext.activate !== "function" || typeof ext.deactivate !== "function") {
  console.error(`${manifest.main} does not export activate and deactivate`);
  process.exit(1);
}
for (const dep of Object.keys(manifest.dependencies ?? {})) {
  require.resolve(dep, { paths: [path.resolve(dir, "extension")] });
}
console.log(`vsix ok: ${manifest.publisher}.${manifest.name} ${manifest.version} loads (${manifest.main})`);
