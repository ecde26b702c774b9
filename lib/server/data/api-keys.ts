import "server-only";
// API keys (api_keys): created with their secret shown once and stored as a SHA-256 hash plus a
// visible prefix (lib/auth/keys.ts), listed without secrets, revoked. Key authentication
// (lib/server/api-keys.ts) reads them through findActiveKey.
import { generateKey, hashKey, keyPrefix, newId, type KeyKind } from "@/lib/auth/keys";
import type { Queryable } from "@/lib/db/sql";

export interface ApiKeyDto {
  id: string;
  kind: KeyKind;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Keys across projects, for the command line (`npm run keys -- list`). */
export interface InstanceKeyDto extends ApiKeyDto {
  projectName: string;
}

interface KeyRow {
  id: string;
  project_id: string;
  kind: string;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const KEY_COLUMNS = "k.id, k.project_id, k.kind, k.name, k.prefix, k.created_at, k.last_used_at, k.revoked_at";
const kindOf = (k: string): KeyKind => (k === "read" ? "read" : "ingest");

const toDto = (r: KeyRow): ApiKeyDto => ({
  id: r.id,
  kind: kindOf(r.kind),
  name: r.name,
  prefix: r.prefix,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** A project's keys, active first, newest first. */
export async function listApiKeys(q: Queryable, projectId: string): Promise<ApiKeyDto[]> {
  const rows = await q.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys k WHERE k.project_id = $1 ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC`, [
    projectId,
  ]);
  return rows.map(toDto);
}

export async function listInstanceKeys(q: Queryable): Promise<InstanceKeyDto[]> {
  const rows = await q.query<KeyRow & { project_name: string }>(
    `SELECT ${KEY_COLUMNS}, p.name AS project_name FROM api_keys k JOIN projects p ON p.id = k.project_id ORDER BY k.created_at, k.id`,
  );
  return rows.map((r) => ({ ...toDto(r), projectName: r.project_name }));
}

/** A new key; the secret is returned here once and only its hash is stored. */
export async function createApiKey(q: Queryable, projectId: string, kind: KeyKind, name: string): Promise<{ id: string; key: string }> {
  const key = generateKey(kind);
  const id = newId("key");
  await q.query(`INSERT INTO api_keys (id, project_id, kind, name, prefix, hash) VALUES ($1, $2, $3, $4, $5, $6)`, [
    id,
    projectId,
    kind,
    name,
    keyPrefix(key),
    hashKey(key),
  ]);
  return { id, key };
}

/**
 * Makes a key given by configuration (SIGHTLINE_INIT_*_KEY) a working key of the project: created
 * when new, un-revoked when it was revoked. A key registered elsewhere is a configuration error.
 */
export async function ensureConfiguredKey(q: Queryable, projectId: string, kind: KeyKind, key: string): Promise<void> {
  const hash = hashKey(key);
  const [existing] = await q.query<{ id: string; project_id: string; kind: string; revoked: boolean }>(
    `SELECT id, project_id, kind, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE hash = $1`,
    [hash],
  );
  if (!existing) {
    const name = `${kind === "ingest" ? "Ingestion" : "Read"} key (configured)`;
    await q.query(`INSERT INTO api_keys (id, project_id, kind, name, prefix, hash) VALUES ($1, $2, $3, $4, $5, $6)`, [
      newId("key"),
      projectId,
      kind,
      name,
      keyPrefix(key),
      hash,
    ]);
    return;
  }
  if (existing.project_id !== projectId || existing.kind !== kind) {
    throw new Error(`The configured ${kind} key is already registered as a ${existing.kind} key of another project; choose a different key.`);
  }
  if (existing.revoked) await q.query(`UPDATE api_keys SET revoked_at = NULL WHERE id = $1`, [existing.id]);
}

export async function countActiveKeys(q: Queryable, projectId: string, kind: KeyKind): Promise<number> {
  const [row] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM api_keys WHERE project_id = $1 AND kind = $2 AND revoked_at IS NULL`, [
    projectId,
    kind,
  ]);
  return row?.n ?? 0;
}

/** Where a revocation is announced (payload: the key id) to every instance's key cache. */
export const KEY_REVOKED_CHANNEL = "sightline_key_revoked";

/**
 * Revokes an active key (of this project when one is given); false when there was none. The
 * NOTIFY is part of the same statement, so instances hear of it exactly when the revocation commits.
 */
export async function revokeApiKey(q: Queryable, id: string, projectId: string | null): Promise<boolean> {
  const rows = await q.query(
    `WITH revoked AS (
       UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND ($2::text IS NULL OR project_id = $2) AND revoked_at IS NULL RETURNING id
     )
     SELECT id, pg_notify('${KEY_REVOKED_CHANNEL}', id) FROM revoked`,
    [id, projectId],
  );
  return rows.length > 0;
}

/** The active key with this hash: what key authentication needs. */
export async function findActiveKey(q: Queryable, hash: string): Promise<{ id: string; projectId: string; kind: KeyKind } | null> {
  const rows = await q.query<{ id: string; project_id: string; kind: string }>(
    `SELECT id, project_id, kind FROM api_keys WHERE hash = $1 AND revoked_at IS NULL`,
    [hash],
  );
  const r = rows[0];
  return r ? { id: r.id, projectId: r.project_id, kind: kindOf(r.kind) } : null;
}

export async function markKeyUsed(q: Queryable, id: string): Promise<void> {
  await q.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [id]);
}
