// Start-up: apply migrations, then make sure the configured project, keys and admin exist.
// Idempotent across restarts: the SIGHTLINE_INIT_* variables describe a desired state.
import bcrypt from "bcryptjs";
import crypto from "node:crypto";
import { newId } from "@/lib/auth/keys";
import { migrate } from "@/lib/db/migrate";
import type { Db } from "@/lib/db/open";
import type { Queryable } from "@/lib/db/sql";
import { countActiveKeys, createApiKey, ensureConfiguredKey } from "./data/api-keys";
import { findProject, insertProject, projectSlugTaken, setMember, type ProjectRef } from "./data/projects";
import { findAccountByEmail, insertAccount, makeAdmin } from "./data/users";

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

/** The project named `name` (else the oldest one), created when missing. */
export async function ensureProject(q: Queryable, name: string | undefined): Promise<ProjectRef> {
  const existing = await findProject(q, name ?? null);
  if (existing) return existing;
  const projectName = name ?? "Default project";
  let slug = slugifyProject(projectName);
  if (await projectSlugTaken(q, slug)) slug = `${slug}-${crypto.randomBytes(3).toString("hex")}`;
  return insertProject(q, { id: newId("prj"), name: projectName, slug });
}

async function ensureAdmin(q: Queryable, email: string, password: string, projectId: string) {
  const user = await findAccountByEmail(q, email);
  if (!user) {
    const created = await insertAccount(q, { id: newId("usr"), email, name: "Admin", role: "admin", passwordHash: await bcrypt.hash(password, 10) });
    await setMember(q, projectId, created.id, "admin");
    return;
  }
  const passwordOk = user.passwordHash ? await bcrypt.compare(password, user.passwordHash) : false;
  await makeAdmin(q, user.id, passwordOk ? null : await bcrypt.hash(password, 10));
  await setMember(q, projectId, user.id, "admin");
}

export async function bootstrap(db: Db, cfg: BootConfig): Promise<BootResult> {
  const migrationsApplied = await migrate(db.sql);
  const q = db.sql;
  const project = await ensureProject(q, cfg.initProject);
  let createdIngestKey: string | null = null;
  if (cfg.initIngestKey) await ensureConfiguredKey(q, project.id, "ingest", cfg.initIngestKey);
  if (cfg.initReadKey) await ensureConfiguredKey(q, project.id, "read", cfg.initReadKey);
  if (!cfg.initIngestKey && !(await countActiveKeys(q, project.id, "ingest"))) {
    createdIngestKey = (await createApiKey(q, project.id, "ingest", "Default ingestion key")).key;
  }
  if (cfg.initAdminEmail && cfg.initAdminPassword) await ensureAdmin(q, cfg.initAdminEmail, cfg.initAdminPassword, project.id);
  return { migrationsApplied, projectId: project.id, projectName: project.name, createdIngestKey };
}
