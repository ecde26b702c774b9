// Start-up: migrations once (also with two servers starting together), and the headless
// SIGHTLINE_INIT_* state ensured idempotently across restarts.
import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { hashKey } from "@/lib/auth/keys";
import { bootstrap } from "@/lib/server/bootstrap";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { createTestDb, testDbKind, withTestDb } from "../helpers/db";

const s = withTestDb();

describe("migrations", () => {
  it("records every migration once and applies nothing the second time", async () => {
    expect(await migrate(s.db.sql)).toEqual([]);
    const rows = await s.db.sql.query<{ name: string }>(`SELECT name FROM "_sightline_migrations" ORDER BY name`);
    expect(rows.map((r) => r.name)).toEqual(readMigrations().map((m) => m.name));
  });

  it.runIf(testDbKind() === "postgres")("two servers starting together apply each migration exactly once", async () => {
    // A fresh database per racer pair: drop the bookkeeping and every table, then race.
    const fresh = await createTestDb();
    try {
      await fresh.db.sql.exec(`DROP SCHEMA public CASCADE; CREATE SCHEMA public;`);
      const [a, b] = await Promise.all([migrate(fresh.db.sql), migrate(fresh.db.sql)]);
      expect([...a, ...b].sort()).toEqual(
        readMigrations()
          .map((m) => m.name)
          .sort(),
      );
    } finally {
      await fresh.drop();
    }
  });
});

describe("headless start (SIGHTLINE_INIT_*)", () => {
  const cfg = {
    initProject: "Acme agents",
    initIngestKey: "sl_ingest_configured_1",
    initReadKey: "sl_read_configured_1",
    initAdminEmail: "Ops@Example.com",
    initAdminPassword: "first-password",
  };

  const adminAccount = async () => {
    const [row] = await s.db.sql.query<{ id: string; role: string; password_hash: string | null }>(
      `SELECT id, role, password_hash FROM users WHERE email = $1`,
      ["ops@example.com"],
    );
    if (!row) throw new Error("no admin account");
    return row;
  };

  it("creates the project, those exact keys and the admin, and nothing more on restart", async () => {
    const first = await bootstrap(s.db, cfg);
    const second = await bootstrap(s.db, cfg);
    expect(second.projectId).toBe(first.projectId);
    expect(first.createdIngestKey).toBeNull();
    const projects = await s.db.sql.query(`SELECT id FROM projects WHERE name = $1`, ["Acme agents"]);
    expect(projects).toHaveLength(1);
    const keys = await s.db.sql.query<{ kind: string; hash: string; prefix: string }>(`SELECT kind, hash, prefix FROM api_keys WHERE project_id = $1`, [
      first.projectId,
    ]);
    expect(keys.map((k) => [k.kind, k.hash]).sort()).toEqual(
      [
        ["ingest", hashKey(cfg.initIngestKey)],
        ["read", hashKey(cfg.initReadKey)],
      ].sort(),
    );
    expect(keys.every((k) => !k.hash.includes("configured") && !k.prefix.includes("configured_1"))).toBe(true);
    const admin = await adminAccount();
    expect(admin.role).toBe("admin");
    expect(await bcrypt.compare(cfg.initAdminPassword, admin.password_hash!)).toBe(true);
    const memberships = await s.db.sql.query(`SELECT 1 FROM project_members WHERE user_id = $1 AND project_id = $2 AND role = 'admin'`, [
      admin.id,
      first.projectId,
    ]);
    expect(memberships).toHaveLength(1);
    expect(await s.db.sql.query(`SELECT id FROM users`)).toHaveLength(1);
  });

  it("takes a changed admin password from the configuration", async () => {
    await bootstrap(s.db, { ...cfg, initAdminPassword: "second-password" });
    expect(await bcrypt.compare("second-password", (await adminAccount()).password_hash!)).toBe(true);
  });

  it("refuses a configured key that already belongs to another project", async () => {
    await expect(bootstrap(s.db, { ...cfg, initProject: "Other", initIngestKey: cfg.initIngestKey })).rejects.toThrow(/another project/);
  });

  it("without a configured key, generates one ingestion key on the first start only", async () => {
    const fresh = await createTestDb();
    try {
      const first = await bootstrap(fresh.db, {});
      expect(first.createdIngestKey).toMatch(/^sl_ingest_[A-Za-z0-9]{32}$/);
      const [row] = await fresh.db.sql.query<{ hash: string; prefix: string }>(`SELECT hash, prefix FROM api_keys WHERE kind = 'ingest'`);
      expect(row!.hash).toBe(hashKey(first.createdIngestKey!));
      expect(row!.prefix.length).toBeLessThan(20);
      const second = await bootstrap(fresh.db, {});
      expect(second.createdIngestKey).toBeNull();
      expect(await fresh.db.sql.query(`SELECT id FROM api_keys`)).toHaveLength(1);
    } finally {
      await fresh.drop();
    }
  });
});

describe("embedded data directory", () => {
  it("refuses a directory another live process has open, and takes over a stale lock", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { openDb } = await import("@/lib/db/open");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-lock-"));
    try {
      fs.writeFileSync(path.join(dir, "sightline.lock"), String(process.ppid));
      await expect(openDb({ dataDir: dir })).rejects.toThrow(/in use by another Sightline process/);
      fs.writeFileSync(path.join(dir, "sightline.lock"), "999999999"); // no such process
      const db = await openDb({ dataDir: dir });
      expect(fs.readFileSync(path.join(dir, "sightline.lock"), "utf8")).toBe(String(process.pid));
      await db.close();
      expect(fs.existsSync(path.join(dir, "sightline.lock"))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
