import "server-only";
// Bearer key → project. Lookups are cached briefly so ingestion does not query the key table on
// every request; a revoked key stops working within the cache lifetime.
import { hashKey, type KeyKind } from "@/lib/auth/keys";
import type { Sql } from "@/lib/db/sql";
import { findActiveKey, markKeyUsed } from "./data/api-keys";

export interface KeyIdentity {
  keyId: string;
  projectId: string;
  kind: KeyKind;
}

const TTL_MS = 30_000;

declare global {
  var __sightlineKeyCache: Map<string, { value: KeyIdentity | null; at: number }> | undefined;
}
// On globalThis: the server's direct ingestion path (scripts/serve.mjs) runs its own bundle of
// this module, and a key revoked in the dashboard (forgetKeyCache) must stop working there too.
const cache = (globalThis.__sightlineKeyCache ??= new Map());

export function bearerToken(header: string | null): string | null {
  if (!header) return null;
  const m = /^\s*bearer\s+(.+?)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

export async function identifyKey(sql: Sql, token: string): Promise<KeyIdentity | null> {
  const hash = hashKey(token);
  const hit = cache.get(hash);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const row = await findActiveKey(sql, hash);
  const value = row ? { keyId: row.id, projectId: row.projectId, kind: row.kind } : null;
  if (cache.size > 10_000) cache.clear();
  cache.set(hash, { value, at: Date.now() });
  if (row && (!hit || !hit.value)) {
    markKeyUsed(sql, row.id).catch(() => {});
  }
  return value;
}

export function forgetKeyCache() {
  cache.clear();
}
