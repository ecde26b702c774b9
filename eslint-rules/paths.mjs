// Where an import points, as a path relative to the repository root: the `@/` alias of
// tsconfig.json and relative specifiers resolve to files; a package stays its name.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const EXTENSIONS = ["", ".ts", ".tsx", ".mts", ".js", ".mjs", "/index.ts", "/index.tsx"];

/** The repository-relative path of a file (forward slashes), or null when it is outside the repository. */
export function repoPath(file) {
  const rel = path.relative(ROOT, path.resolve(ROOT, file));
  return rel.startsWith("..") || path.isAbsolute(rel) ? null : rel.split(path.sep).join("/");
}

/**
 * `{ kind: "package", name }` for a bare specifier, `{ kind: "file", path, file }` for a module
 * of the repository (`path` relative to the root, without extension when none matched).
 */
export function resolveImport(fromFile, specifier) {
  let abs;
  if (specifier.startsWith("@/")) abs = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) abs = path.resolve(path.dirname(path.resolve(ROOT, fromFile)), specifier);
  else return { kind: "package", name: specifier };
  const file = EXTENSIONS.map((ext) => abs + ext).find((f) => fs.existsSync(f) && fs.statSync(f).isFile()) ?? null;
  return { kind: "file", path: repoPath(file ?? abs), file };
}

/** True for `dir` itself and anything under it. */
export const isUnder = (rel, dir) => rel === dir || rel.startsWith(`${dir}/`);

/** The package a bare specifier names (`@scope/name` or `name`), without any subpath. */
export function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Every module a file imports at run time: import/export-from declarations and import() of a literal. */
export function moduleSources(node) {
  if ((node.type === "ImportDeclaration" || node.type === "ExportNamedDeclaration" || node.type === "ExportAllDeclaration") && node.source) {
    const specifiers = node.specifiers ?? [];
    const typeOnly =
      node.importKind === "type" ||
      node.exportKind === "type" ||
      (specifiers.length > 0 && specifiers.every((s) => s.importKind === "type" || s.exportKind === "type"));
    return typeOnly ? null : node.source;
  }
  if (node.type === "ImportExpression" && node.source.type === "Literal" && typeof node.source.value === "string") return node.source;
  return null;
}
