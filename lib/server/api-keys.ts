import "server-only";
// Bearer key → project. Lookups are cached so ingestion does not query the key table on every
// request. A revoked key must stop working on every instance within a second:
//  - PostgreSQL (possibly several instances on one database): revoking sends a NOTIFY on
//    KEY_REVOKED_CHANNEL inside the revoking statement (lib/server/data/api-keys.ts); each instance
//    LISTENs on a dedicated connection (listenForRevocations) and drops the key at once. While that
//    connection is down, the cache is cleared and entries live only SHORT_TTL_MS.
//  - PGlite: one process owns the database directory, so that process is the only instance and
//    the revoke action clears its cache directly (forgetKeyCache).
import { hashKey, type KeyKind } from "@/lib/auth/keys";
import type { Sql } from "@/lib/db/sql";
import { findActiveKey, KEY_REVOKED_CHANNEL, markKeyUsed } from "./data/api-keys";

export interface KeyIdentity {
  keyId: string;
  projectId: string;
  kind: KeyKind;
}

/** Lifetime of a cached lookup while revocations reach this instance (listener up, or PGlite). */
const TTL_MS = 30_000;
/** Lifetime while they may not (PostgreSQL listener not connected): the revocation bound. */
export const SHORT_TTL_MS = 1_000;
const RECONNECT_MS = 1_000;

type Entry = { value: KeyIdentity | null; at: number };

/** One instance's key cache. The app has one per process (below); tests build several. */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every revocation, so a lookup that raced one is not cached. */
  private generation = 0;
  /** Whether revocations by other instances reach this cache (see listenForRevocations). */
  private listening: boolean;

  constructor(opts: { shared: boolean }) {
    // A shared database (PostgreSQL) starts on the short lifetime until its listener is up.
    this.listening = !opts.shared;
  }

  async identify(sql: Sql, token: string): Promise<KeyIdentity | null> {
    const hash = hashKey(token);
    const hit = this.entries.get(hash);
    const ttl = this.listening ? TTL_MS : SHORT_TTL_MS;
    if (hit && Date.now() - hit.at < ttl) return hit.value;
    const generation = this.generation;
    const row = await findActiveKey(sql, hash);
    const value = row ? { keyId: row.id, projectId: row.projectId, kind: row.kind } : null;
    if (this.generation === generation) {
      if (this.entries.size > 10_000) this.entries.clear();
      this.entries.set(hash, { value, at: Date.now() });
    }
    if (row && (!hit || !hit.value)) {
      markKeyUsed(sql, row.id).catch(() => {});
    }
    return value;
  }

  /** Drops every cached lookup of this key (a revocation seen on the channel). */
  dropKey(keyId: string) {
    this.generation++;
    for (const [hash, e] of this.entries) if (e.value?.keyId === keyId) this.entries.delete(hash);
  }

  clear() {
    this.generation++;
    this.entries.clear();
  }

  setListening(on: boolean) {
    if (!on) this.clear();
    this.listening = on;
  }
}

export interface RevocationListener {
  /** Resolves once LISTEN is in place (or rejects on the first connection failure). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Keeps a dedicated PostgreSQL connection LISTENing for revoked keys and drops them from `cache`.
 * On connection loss the cache is cleared and put on the short lifetime, and the listener
 * reconnects every RECONNECT_MS until it is back.
 */
export function listenForRevocations(cache: KeyCache, databaseUrl: string): RevocationListener {
  let stopped = false;
  let client: import("pg").Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let settle: { resolve: () => void; reject: (e: unknown) => void } | null = null;
  const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  ready.catch(() => {});

  const lost = (err?: Error) => {
    cache.setListening(false);
    const c = client;
    client = null;
    c?.removeAllListeners();
    c?.on("error", () => {});
    c?.end().catch(() => {});
    if (stopped || timer) return;
    if (err) console.error(`[sightline] key revocation listener lost its connection (${err.message}); cached keys now live ${SHORT_TTL_MS} ms`);
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, RECONNECT_MS);
    timer.unref();
  };

  const connect = async () => {
    if (stopped) return;
    const pg = await import("pg");
    const c = new pg.default.Client({ connectionString: databaseUrl, application_name: "sightline key revocations" });
    client = c;
    c.on("error", (err) => lost(err));
    c.on("end", () => client === c && lost(new Error("connection ended")));
    c.on("notification", (n) => {
      if (n.channel === KEY_REVOKED_CHANNEL && n.payload) cache.dropKey(n.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${KEY_REVOKED_CHANNEL}`);
      if (client !== c || stopped) return;
      // Revocations sent while no listener was connected were missed: start from an empty cache.
      cache.clear();
      cache.setListening(true);
      settle?.resolve();
      settle = null;
    } catch (err) {
      settle?.reject(err);
      settle = null;
      if (client === c) lost(err as Error);
    }
  };
  void connect();

  return {
    ready,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      cache.setListening(false);
      if (c) {
        c.removeAllListeners();
        c.on("error", () => {});
        await c.end().catch(() => {});
      }
    },
  };
}

declare global {
  var __sightlineKeyCache: KeyCache | undefined;
  var __sightlineKeyListener: RevocationListener | undefined;
}
// On globalThis: the server's direct ingestion path (scripts/serve.mjs) runs its own bundle of
// this module, and a key revoked in the dashboard (forgetKeyCache) must stop working there too.
// Created for a single instance (PGlite, tests); startKeyRevocations switches it to a shared database.
const processCache = (): KeyCache => (globalThis.__sightlineKeyCache ??= new KeyCache({ shared: false }));

export function bearerToken(header: string | null): string | null {
  if (!header) return null;
  const m = /^\s*bearer\s+(.+?)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

export function identifyKey(sql: Sql, token: string): Promise<KeyIdentity | null> {
  return processCache().identify(sql, token);
}

export function forgetKeyCache() {
  processCache().clear();
}

/** Called once per process on PostgreSQL: other instances' revocations then reach this one. */
export function startKeyRevocations(databaseUrl: string): RevocationListener {
  if (!globalThis.__sightlineKeyListener) {
    const cache = processCache();
    cache.setListening(false);
    globalThis.__sightlineKeyListener = listenForRevocations(cache, databaseUrl);
  }
  return globalThis.__sightlineKeyListener;
}
