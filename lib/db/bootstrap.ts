// Start-up: apply migrations, then make sure the configured project, keys and admin exist.
// Idempotent across restarts: the SIGHTLINE_INIT_* variables describe a desired state.
import bcrypt from "bcryptjs";
import crypto from "node:crypto";
import { generateKey, hashKey, keyPrefix, newId, type KeyKind } from "@/lib/auth/keys";
import type { Db } from "./open";
import { migrate } from "./migrate";

export interface BootConfig {
  initProject?: string;
  initIngestKey?: string;
  initReadKey?: string;
  initAdminEmail?: string;
  initAdminPassword?: string;
}

export interface BootResult {
  migrationsApplied: string[];
  projectId: string;
  projectName: string;
  /** A freshly generated ingestion key, present only on the start that created it. */
  createdIngestKey: string | null;
}

export function slugifyProject(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 48) || "project"
  );
}

async function ensureProject(db: Db, name: string | undefined): Promise<{ id: string; name: string; created: boolean }> {
  if (name) {
    const existing = await db.prisma.project.findFirst({ where: { name } });
    if (existing) return { id: existing.id, name: existing.name, created: false };
  } else {
    const first = await db.prisma.project.findFirst({ orderBy: { createdAt: "asc" } });
    if (first) return { id: first.id, name: first.name, created: false };
  }
  const projectName = name ?? "Default project";
  let slug = slugifyProject(projectName);
  if (await db.prisma.project.findUnique({ where: { slug } })) slug = `${slug}-${crypto.randomBytes(3).toString("hex")}`;
  const p = await db.prisma.project.create({ data: { id: newId("prj"), name: projectName, slug } });
  return { id: p.id, name: p.name, created: true };
}

/** Ensures exactly this key exists for the project (a key given by configuration). */
export async function ensureKey(db: Db, projectId: string, kind: KeyKind, key: string) {
  const hash = hashKey(key);
  const existing = await db.prisma.apiKey.findUnique({ where: { hash } });
  if (existing) {
    if (existing.projectId !== projectId || existing.kind !== kind) {
      throw new Error(`The configured ${kind} key is already registered as a ${existing.kind} key of another project; choose a different key.`);
    }
    if (existing.revokedAt) await db.prisma.apiKey.update({ where: { id: existing.id }, data: { revokedAt: null } });
    return;
  }
  await db.prisma.apiKey.create({
    data: { id: newId("key"), projectId, kind, name: `${kind === "ingest" ? "Ingestion" : "Read"} key (configured)`, prefix: keyPrefix(key), hash },
  });
}

export async function createKey(db: Db, projectId: string, kind: KeyKind, name: string): Promise<{ id: string; key: string }> {
  const key = generateKey(kind);
  const row = await db.prisma.apiKey.create({
    data: { id: newId("key"), projectId, kind, name, prefix: keyPrefix(key), hash: hashKey(key) },
  });
  return { id: row.id, key };
}

async function ensureAdmin(db: Db, email: string, password: string, projectId: string) {
  const normalized = email.trim().toLowerCase();
  const user = await db.prisma.user.findUnique({ where: { email: normalized } });
  if (!user) {
    const created = await db.prisma.user.create({
      data: { id: newId("usr"), email: normalized, name: "Admin", role: "admin", passwordHash: await bcrypt.hash(password, 10) },
    });
    await db.prisma.projectMember.create({ data: { projectId, userId: created.id, role: "admin" } });
    return;
  }
  const passwordOk = user.passwordHash ? await bcrypt.compare(password, user.passwordHash) : false;
  await db.prisma.user.update({
    where: { id: user.id },
    data: { role: "admin", ...(passwordOk ? {} : { passwordHash: await bcrypt.hash(password, 10) }) },
  });
  await db.prisma.projectMember.upsert({
    where: { projectId_userId: { projectId, userId: user.id } },
    create: { projectId, userId: user.id, role: "admin" },
    update: { role: "admin" },
  });
}

export async function bootstrap(db: Db, cfg: BootConfig): Promise<BootResult> {
  const migrationsApplied = await migrate(db.sql);
  const project = await ensureProject(db, cfg.initProject);
  let createdIngestKey: string | null = null;
  if (cfg.initIngestKey) await ensureKey(db, project.id, "ingest", cfg.initIngestKey);
  if (cfg.initReadKey) await ensureKey(db, project.id, "read", cfg.initReadKey);
  if (!cfg.initIngestKey) {
    const hasIngestKey = await db.prisma.apiKey.count({ where: { projectId: project.id, kind: "ingest", revokedAt: null } });
    if (!hasIngestKey) createdIngestKey = (await createKey(db, project.id, "ingest", "Default ingestion key")).key;
  }
  if (cfg.initAdminEmail && cfg.initAdminPassword) await ensureAdmin(db, cfg.initAdminEmail, cfg.initAdminPassword, project.id);
  return { migrationsApplied, projectId: project.id, projectName: project.name, createdIngestKey };
}

/** A secret Sightline generates once and keeps in the database (e.g. to sign sessions). */
export async function instanceSecret(db: Db, key: string): Promise<string> {
  const existing = await db.prisma.setting.findUnique({ where: { key } });
  if (existing) return existing.value;
  const value = crypto.randomBytes(32).toString("base64url");
  await db.sql.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, value]);
  const row = await db.prisma.setting.findUniqueOrThrow({ where: { key } });
  return row.value;
}
