import "server-only";
// Instance-wide settings (the `settings` key/value table: secrets Sightline generates once and
// keeps, such as the session signing secret) and the database health probe.
import crypto from "node:crypto";
import type { Queryable } from "@/lib/db/sql";

/** A secret generated on first use and kept in the database; concurrent first uses agree on one. */
export async function instanceSecret(q: Queryable, key: string): Promise<string> {
  const [existing] = await q.query<{ value: string }>(`SELECT value FROM settings WHERE key = $1`, [key]);
  if (existing) return existing.value;
  await q.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, crypto.randomBytes(32).toString("base64url")]);
  const [row] = await q.query<{ value: string }>(`SELECT value FROM settings WHERE key = $1`, [key]);
  if (!row) throw new Error(`The setting ${key} could not be stored.`);
  return row.value;
}

/** Throws when the database does not answer (the health endpoint's readiness check). */
export async function pingDatabase(q: Queryable): Promise<void> {
  await q.query(`SELECT 1`);
}
