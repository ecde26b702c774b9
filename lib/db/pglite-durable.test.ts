import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it, vi } from "vitest";
import { durableOptions } from "./pglite-durable.mjs";

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-durable-"));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** The host files fsync()ed while `fn` runs (paths from /proc on Linux, else the descriptors). */
async function syncedDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const synced: string[] = [];
  const real = fs.fsyncSync;
  vi.spyOn(fs, "fsyncSync").mockImplementation((fd: number) => {
    synced.push(process.platform === "linux" ? fs.readlinkSync(`/proc/self/fd/${fd}`) : `fd ${fd}`);
    return real(fd);
  });
  await fn();
  vi.restoreAllMocks();
  return synced;
}

describe("the embedded database's durability", { timeout: 60_000 }, () => {
  it("syncs the WAL to disk before a COMMIT returns, and only then", async () => {
    const dir = tempDir();
    const db = new PGlite(durableOptions(dir));
    await db.waitReady;
    expect((await db.query<{ fsync: string }>("SHOW fsync")).rows[0]!.fsync).toBe("on");
    await db.exec("CREATE TABLE t (id int PRIMARY KEY)");

    const onCommit = await syncedDuring(() => db.transaction(async (tx) => tx.query("INSERT INTO t VALUES (1), (2)")));
    expect(onCommit.length).toBeGreaterThanOrEqual(1);
    if (process.platform === "linux") expect(onCommit.every((p) => p.startsWith(path.join(fs.realpathSync(dir), "pg_wal")))).toBe(true);

    expect(await syncedDuring(() => db.query("SELECT count(*) FROM t"))).toEqual([]);
    // A checkpoint syncs the data files it wrote (here: the table's) before old WAL may go.
    const onCheckpoint = await syncedDuring(() => db.exec("CHECKPOINT"));
    expect(onCheckpoint.some((p) => p.includes(`${path.sep}base${path.sep}`))).toBe(process.platform === "linux");
    await db.close();

    const again = new PGlite(durableOptions(dir));
    expect((await again.query("SELECT id FROM t ORDER BY id")).rows).toEqual([{ id: 1 }, { id: 2 }]);
    await again.close();
  });

  it("is needed: PGlite's defaults never reach the disk", async () => {
    const db = new PGlite(tempDir());
    await db.waitReady;
    await db.exec("CREATE TABLE t (id int PRIMARY KEY)");
    expect(await syncedDuring(() => db.query("INSERT INTO t VALUES (1)"))).toEqual([]);
    await db.close();
  });
});
