// Applies prisma/migrations/*/migration.sql in order, the same way on PGlite and PostgreSQL:
// a table of applied migrations, one transaction per migration, and a transaction-scoped advisory
// lock so two servers starting at once apply each migration exactly once. (Prisma's own
// `migrate deploy` cannot run against PostgreSQL through a driver adapter.)
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Sql } from "./sql";

const LOCK_KEY = 7_310_423_901; // arbitrary, fixed: "sightline migrations"

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = path.join(process.cwd(), "prisma", "migrations")): Migration[] {
  if (!fs.existsSync(/*turbopackIgnore: true*/ dir)) throw new Error(`Migrations folder not found: ${dir}`);
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

export async function migrate(sql: Sql, migrations = readMigrations()): Promise<string[]> {
  // Under the lock too: two concurrent CREATE TABLE IF NOT EXISTS can both try to create the table.
  await sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS "_sightline_migrations" (
      "name" TEXT PRIMARY KEY,
      "checksum" TEXT NOT NULL,
      "applied_at" TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
  });
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await sql.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
      const rows = await tx.query<{ checksum: string }>(`SELECT "checksum" FROM "_sightline_migrations" WHERE "name" = $1`, [m.name]);
      if (rows[0]) {
        if (rows[0].checksum !== m.checksum) {
          console.warn(`[sightline] migration ${m.name} changed after it was applied; it is not applied again.`);
        }
        return false;
      }
      await tx.exec(m.sql);
      await tx.query(`INSERT INTO "_sightline_migrations" ("name", "checksum") VALUES ($1, $2)`, [m.name, m.checksum]);
      return true;
    });
    if (done) applied.push(m.name);
  }
  return applied;
}
