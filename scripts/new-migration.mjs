#!/usr/bin/env node
// `npm run db:diff -- <name>`: writes prisma/migrations/<NNNN>_<name>/migration.sql from the
// difference between the schema of the last commit and the working prisma/schema.prisma.
// Prisma's `migrate dev` cannot run offline; `migrate diff` needs no database but does need Prisma's
// native schema engine (its WebAssembly engine has no `diff`), which Prisma downloads on first use.
// Where that download is impossible (an offline machine), the script still creates the numbered
// migration with a header, and the SQL is written by hand (see CONTRIBUTING.md).
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
let sql;
try {
  sql = execFileSync(
    path.join(root, "node_modules", ".bin", "prisma"),
    ["migrate", "diff", "--from-schema-datamodel", old, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
} catch (err) {
  const why =
    String(err.stderr || err.message)
      .split("\n")
      .find((l) => l.startsWith("Error")) ?? "prisma migrate diff failed";
  sql = `-- prisma migrate diff could not run here (${why.trim()}).\n-- Write this migration by hand: the statements that turn the last committed prisma/schema.prisma\n-- into the working one, in Prisma's style (see the migrations before this one).\n`;
  console.warn(`prisma migrate diff failed: ${why.trim()}\nWriting an empty migration for you to fill in by hand.`);
} finally {
  fs.rmSync(old);
}
if (!sql.trim() || /This is an empty migration/.test(sql)) {
  console.log("The schema has not changed since the last commit; nothing to write.");
  process.exit(0);
}
const out = path.join(dir, `${next}_${name}`);
fs.mkdirSync(out);
fs.writeFileSync(path.join(out, "migration.sql"), sql);
console.log(`Wrote ${path.relative(root, out)}/migration.sql — review it, add hand-written indexes at the end, commit it.`);
