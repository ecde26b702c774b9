// SQL runs only in the data layer: lib/server (data/<entity>.ts for reads and writes, ingest/
// for ingestion) and lib/db (drivers, migrations). Elsewhere in the app (pages, components,
// route handlers, server actions, auth) a query is a call of a data-layer function. This rule
// reports database drivers, query calls on a database handle and SQL text handed to a query call.
import { moduleSources, packageName } from "./paths.mjs";

const DRIVERS = new Set(["pg", "@electric-sql/pglite", "@prisma/client"]);
const QUERY_METHODS = new Set(["query", "exec", "transaction"]);
/** Names a database handle goes by in this code base (viewer.sql, db.sql, tx, pool, client). */
const HANDLES = new Set(["sql", "db", "tx", "pool", "client"]);
const SQL_TEXT = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|ALTER|DROP|TRUNCATE|BEGIN|COMMIT|ROLLBACK|VACUUM|ANALYZE|LISTEN|NOTIFY)\b/i;

const propertyName = (m) => (m.computed ? (m.property.type === "Literal" ? String(m.property.value) : null) : m.property.name);

/** The name a callee's object ends with: `viewer.sql` → "sql", `tx` → "tx". */
function handleName(obj) {
  if (obj.type === "Identifier") return obj.name;
  if (obj.type === "MemberExpression" && !obj.computed) return obj.property.name;
  return null;
}

function sqlText(arg) {
  if (!arg) return false;
  if (arg.type === "Literal" && typeof arg.value === "string") return SQL_TEXT.test(arg.value);
  if (arg.type === "TemplateLiteral") return SQL_TEXT.test(arg.quasis[0]?.value.cooked ?? "");
  return false;
}

/** @type {import("eslint").Rule.RuleModule} */
export const noSqlOutsideDataLayer = {
  meta: {
    type: "problem",
    docs: { description: "Only lib/server and lib/db run SQL; the rest of the app calls the data layer." },
    schema: [],
    messages: {
      driver: '"{{source}}" is a database driver: only lib/server and lib/db talk to the database.',
      query: "SQL runs only in the data layer: move this query into a function of lib/server/data/<entity>.ts and call that.",
    },
  },
  create(context) {
    const checkImport = (node) => {
      const source = moduleSources(node);
      if (source && DRIVERS.has(packageName(source.value))) context.report({ node: source, messageId: "driver", data: { source: source.value } });
    };
    return {
      ImportDeclaration: checkImport,
      ExportNamedDeclaration: checkImport,
      ExportAllDeclaration: checkImport,
      ImportExpression: checkImport,
      TaggedTemplateExpression(node) {
        if (node.tag.type === "MemberExpression" && /^\$(queryRaw|executeRaw)/.test(propertyName(node.tag) ?? "")) context.report({ node, messageId: "query" });
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== "MemberExpression") return;
        const method = propertyName(callee);
        if (!method) return;
        const prismaRaw = /^\$(queryRaw|executeRaw)/.test(method);
        const onHandle = QUERY_METHODS.has(method) && HANDLES.has(handleName(callee.object) ?? "");
        const withSql = QUERY_METHODS.has(method) && sqlText(node.arguments[0]);
        if (prismaRaw || onHandle || withSql) context.report({ node, messageId: "query" });
      },
    };
  },
};
