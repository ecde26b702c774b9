import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { messages, PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteThread, type PgliteClient } from "./pglite-thread";

let thread: PgliteClient;
let inline: PGlite;

beforeAll(async () => {
  [thread, inline] = await Promise.all([openPgliteThread(undefined), PGlite.create()]);
  const schema = `CREATE TABLE t (id int PRIMARY KEY, note text NOT NULL, at timestamptz, doc jsonb, tags text[], n int8, amount numeric, raw bytea)`;
  await thread.exec(schema);
  await inline.exec(schema);
}, 60_000); // starting PGlite (initdb) takes seconds on a busy 2-CPU machine

afterAll(async () => {
  await thread?.close();
  await inline?.close();
});

describe("the embedded database on its own thread", { timeout: 30_000 }, () => {
  it("returns the values PGlite returns in-process, for every type Sightline stores", async () => {
    const params = [
      1,
      "a",
      new Date("2026-11-20T10:00:00.123Z"),
      { k: [1, "x"], n: null },
      ["p", "q r"],
      9007199254740993n,
      "12.50",
      new Uint8Array([0, 255, 7]),
    ];
    const insert = `INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
    await thread.query(insert, params);
    await inline.query(insert, params);
    const select = `SELECT *, $1::int + 1 AS computed FROM t`;
    const [a, b] = [await thread.query(select, [41]), await inline.query(select, [41])];
    expect(a.rows).toEqual(b.rows);
    expect(a.fields).toEqual(b.fields);
    expect(a.rows[0]).toMatchObject({ n: 9007199254740993n, doc: { k: [1, "x"], n: null }, tags: ["p", "q r"], computed: 42 });
    expect((await thread.query(`SELECT id FROM t`, [], { rowMode: "array" })).rows).toEqual([[1]]);
  });

  it("applies a caller's own parsers to their types and PGlite's to the rest (how the Prisma adapter reads)", async () => {
    const r = await thread.query<unknown[]>(`SELECT at, tags, id FROM t WHERE id = 1`, [], {
      rowMode: "array",
      parsers: { 1184: (v: string) => `text:${v}` },
    });
    expect(r.rows).toEqual([["text:2026-11-20 10:00:00.123+00", ["p", "q r"], 1]]);
  });

  it("raises PostgreSQL errors as PGlite's DatabaseError with their fields", async () => {
    const err = await thread.query(`INSERT INTO t (id, note) VALUES (1, 'dup')`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(messages.DatabaseError);
    expect(err).toMatchObject({ code: "23505", constraint: "t_pkey", table: "t" });
    // The connection is usable afterwards.
    expect((await thread.query(`SELECT count(*)::int AS n FROM t`)).rows).toEqual([{ n: 1 }]);
  });

  it("rolls back a transaction whose callback throws", async () => {
    await expect(
      thread.transaction(async (tx) => {
        await tx.query(`INSERT INTO t (id, note) VALUES (2, 'b')`);
        throw new Error("abandon");
      }),
    ).rejects.toThrow("abandon");
    expect((await thread.query(`SELECT id FROM t ORDER BY id`)).rows).toEqual([{ id: 1 }]);
  });

  it("keeps statements from outside a transaction out of it until it ends", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = thread.transaction(async (t) => {
      await t.query(`INSERT INTO t (id, note) VALUES (3, 'c')`);
      await held;
      await t.rollback();
    });
    // Issued while the transaction is open: it must neither run inside it nor see its row.
    const outside = thread.query<{ ids: number[] }>(`SELECT array_agg(id ORDER BY id) AS ids FROM t`);
    await new Promise((r) => setTimeout(r, 50));
    release();
    await tx;
    expect((await outside).rows).toEqual([{ ids: [1] }]);
  });

  it("leaves the event loop free while a statement runs", async () => {
    const order: string[] = [];
    const query = thread.query(`SELECT pg_sleep(0.3)`).then(() => order.push("query"));
    await new Promise((r) => setTimeout(r, 20)).then(() => order.push("timer"));
    await query;
    expect(order).toEqual(["timer", "query"]);
  });

  it("refuses statements after close with a message that says so", async () => {
    const other = await openPgliteThread(undefined);
    await other.close();
    await expect(other.query(`SELECT 1`)).rejects.toThrow(/closed/);
  });
});

describe("reopening the embedded database after its WebAssembly memory grew", { timeout: 120_000 }, () => {
  // Checks 300 ms after the last large call (at least 1 MiB); any growth counts.
  const eager = { growth: 1, afterBytes: 1, quietMs: 300 };
  const big = 24 * 1024 * 1024;

  /** The session's application_name: reset to PGlite's default when the database was reopened. */
  const appName = async (db: PgliteClient) => (await db.query<{ application_name: string }>(`SHOW application_name`)).rows[0]!.application_name;

  async function grow(db: PgliteClient) {
    await db.exec(`CREATE TABLE IF NOT EXISTS big (id int PRIMARY KEY, body text NOT NULL)`);
    // A 24 MB parameter and result: the statement needs that much WebAssembly memory and more.
    await db.query(`INSERT INTO big VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body`, ["x".repeat(big)]);
    expect((await db.query<{ body: string }>(`SELECT body FROM big`)).rows[0]!.body.length).toBe(big);
  }

  it("reopens an on-disk database on a new thread after large calls, small queries going on meanwhile, keeping its data", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-reopen-"));
    const db = await openPgliteThread(dir, eager);
    try {
      await db.exec(`SET application_name = 'before'`);
      expect(await appName(db)).toBe("before");
      await grow(db);
      // Small queries back to back (as the insight engine's after a load): one is always in flight.
      let small = 0;
      let stop = false;
      const busy = (async () => {
        while (!stop) small += (await db.query<{ one: number }>(`SELECT 1 AS one`)).rows[0]!.one;
      })();
      const deadline = Date.now() + 60_000;
      while ((await appName(db)) === "before" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
      stop = true;
      await busy;
      expect(small).toBeGreaterThan(0);
      expect(await appName(db)).not.toBe("before");
      const rows = await db.query<{ n: number }>(`SELECT length(body) AS n FROM big`);
      expect(rows.rows[0]!.n).toBe(big);
      await db.transaction(async (tx) => {
        await tx.query(`INSERT INTO big VALUES (2, 'after')`);
      });
      expect((await db.query(`SELECT 1 FROM big WHERE id = 2`)).rows).toHaveLength(1);
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reopens after large calls of `written` bytes in all even when the memory grew less than `growth`, and not before", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-reopen-"));
    const mb = 1024 * 1024;
    // Two large calls (1.5 MB each: calls of at least 1 MiB count) of 3 MB in all.
    const write = async (db: PgliteClient) => {
      await db.exec(`CREATE TABLE IF NOT EXISTS w (id int PRIMARY KEY, body text NOT NULL)`);
      for (const id of [1, 2]) await db.query(`INSERT INTO w VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body`, [id, "y".repeat(1.5 * mb)]);
    };
    const waitForReopen = async (db: PgliteClient, ms: number) => {
      const deadline = Date.now() + ms;
      while ((await appName(db)) === "before" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    };
    try {
      const kept = await openPgliteThread(dir, { growth: 1024 * mb, written: 4 * mb, afterBytes: 1, quietMs: 300 });
      try {
        await kept.exec(`SET application_name = 'before'`);
        await write(kept);
        await waitForReopen(kept, 2000);
        expect(await appName(kept)).toBe("before");
      } finally {
        await kept.close();
      }
      const db = await openPgliteThread(dir, { growth: 1024 * mb, written: 2 * mb, afterBytes: 1, quietMs: 300 });
      try {
        await db.exec(`SET application_name = 'before'`);
        await write(db);
        await waitForReopen(db, 30_000);
        expect(await appName(db)).not.toBe("before");
        expect((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM w`)).rows[0]!.n).toBe(2);
      } finally {
        await db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("never reopens a database in memory (its data lives there)", async () => {
    const db = await openPgliteThread(undefined, eager);
    try {
      await db.exec(`SET application_name = 'kept'`);
      await grow(db);
      await new Promise((r) => setTimeout(r, 2000));
      expect(await appName(db)).toBe("kept");
    } finally {
      await db.close();
    }
  });
});
