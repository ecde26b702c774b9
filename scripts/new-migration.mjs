#!/usr/bin/env node
// `npm run db:diff -- <name>`: writes prisma/migrations/<NNNN>_<name>/migration.sql from the
// difference between the schema of the last commit and the working prisma/schema.prisma.
// Prisma's `migrate dev` cannot run offline here; `migrate diff` needs no database.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:diff -- <migration_name>");
  process.exit(2);
}
const dir = path.join(root, "prisma", "migrations");
const last = fs
  .readdirSync(dir)
  .filter((d) => /^\d{4}_/.test(d))
  .sort()
  .pop();
const next = String(Number(last?.slice(0, 4) ?? 0) + 1).padStart(4, "0");
const old = path.join(os.tmpdir(), `sightline-schema-${process.pid}.prisma`);
fs.writeFileSync(old, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: root }));
const sql = execFileSync(
  path.join(root, "node_modules", ".bin", "prisma"),
  ["migrate", "diff", "--from-schema-datamodel", old, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { cwd: root, encoding: "utf8" },
);
fs.rmSync(old);
if (!sql.trim() || /This is an empty migration/.test(sql)) {
  console.log("The schema has not changed since the last commit; nothing to write.");
  process.exit(0);
}
const out = path.join(dir, `${next}_${name}`);
fs.mkdirSync(out);
fs.writeFileSync(path.join(out, "migration.sql"), sql);
console.log(`Wrote ${path.relative(root, out)}/migration.sql — review it, add hand-written indexes at the end, commit it.`);
