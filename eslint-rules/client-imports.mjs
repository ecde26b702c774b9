// Client components ("use client") are shipped to the browser: they may not import the data
// layer, the database, its drivers or any module marked `import "server-only"`. Types may be
// imported (`import type`); they vanish at build time.
import fs from "node:fs";
import { isUnder, moduleSources, packageName, repoPath, resolveImport } from "./paths.mjs";

const SERVER_PACKAGES = new Set(["server-only", "pg", "@electric-sql/pglite", "@prisma/client"]);
const SERVER_DIRS = ["lib/server", "lib/db"];

const serverOnlyCache = new Map();
/** Whether a module of the repository declares itself server-only. */
function declaresServerOnly(file) {
  if (!serverOnlyCache.has(file)) serverOnlyCache.set(file, /^\s*import\s+["']server-only["']/m.test(fs.readFileSync(file, "utf8")));
  return serverOnlyCache.get(file);
}

function isClientComponent(program) {
  for (const stmt of program.body) {
    if (stmt.type !== "ExpressionStatement" || typeof stmt.directive !== "string") return false;
    if (stmt.directive === "use client") return true;
  }
  return false;
}

/** @type {import("eslint").Rule.RuleModule} */
export const clientImports = {
  meta: {
    type: "problem",
    docs: { description: "Client components cannot import server code (lib/server, lib/db, database drivers, server-only modules)." },
    schema: [],
    messages: {
      server:
        'A client component cannot import "{{source}}" ({{why}}): it would ship server code to the browser. Read the data in a server component and pass it as props, or import only types ("import type").',
    },
  },
  create(context) {
    let client = false;
    const self = repoPath(context.filename);
    const check = (node) => {
      const source = client ? moduleSources(node) : null;
      if (!source) return;
      const spec = source.value;
      const target = resolveImport(context.filename, spec);
      let why = null;
      if (target.kind === "package") {
        if (SERVER_PACKAGES.has(packageName(spec))) why = "a server-only package";
      } else if (target.path && SERVER_DIRS.some((d) => isUnder(target.path, d))) why = `${target.path.split("/").slice(0, 2).join("/")} is server code`;
      else if (target.file && target.path !== self && declaresServerOnly(target.file)) why = 'the module imports "server-only"';
      if (why) context.report({ node: source, messageId: "server", data: { source: spec, why } });
    };
    return {
      Program(program) {
        client = isClientComponent(program);
      },
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
