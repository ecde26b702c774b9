"use server";
// Settings actions: create (shown once) and revoke API keys, add project members. Only project
// or instance admins may call them; the project is always the viewer's current one.
import bcrypt from "bcryptjs";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { generateKey, hashKey, keyPrefix, newId } from "@/lib/auth/keys";
import { forgetKeyCache } from "@/lib/server/api-keys";
import { canManageProject } from "@/lib/server/data/settings";
import { requireViewer } from "@/lib/server/session";

export type ActionState = { ok: boolean; error?: string; message?: string; key?: string } | null;

async function requireManager() {
  const viewer = await requireViewer();
  if (!(await canManageProject(viewer.sql, viewer.project.id, viewer.user))) {
    throw new Error("Only an admin of this project can change its settings.");
  }
  return viewer;
}

const createKeySchema = z.object({
  kind: z.enum(["ingest", "read"], { message: "Choose an ingestion or a read key." }),
  name: z.string().trim().min(1, "Give the key a name, e.g. where it is used.").max(100, "At most 100 characters."),
});

export async function createApiKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = createKeySchema.safeParse({ kind: form.get("kind"), name: form.get("name") });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message };
  try {
    const viewer = await requireManager();
    const key = generateKey(parsed.data.kind);
    await viewer.sql.query(`INSERT INTO api_keys (id, project_id, kind, name, prefix, hash) VALUES ($1, $2, $3, $4, $5, $6)`, [
      newId("key"),
      viewer.project.id,
      parsed.data.kind,
      parsed.data.name,
      keyPrefix(key),
      hashKey(key),
    ]);
    revalidatePath("/settings");
    return { ok: true, key, message: `Created ${parsed.data.kind === "ingest" ? "an ingestion" : "a read"} key. Copy it now: it is not shown again.` };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

export async function revokeApiKeyAction(keyId: string): Promise<ActionState> {
  const id = z.string().min(1).max(100).safeParse(keyId);
  if (!id.success) return { ok: false, error: "Unknown key." };
  try {
    const viewer = await requireManager();
    const rows = await viewer.sql.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND project_id = $2 AND revoked_at IS NULL RETURNING id`, [
      id.data,
      viewer.project.id,
    ]);
    forgetKeyCache();
    revalidatePath("/settings");
    return rows.length ? { ok: true, message: "Key revoked." } : { ok: false, error: "That key is not an active key of this project." };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

const memberSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter an email address."),
  password: z.string().min(8, "The initial password needs at least 8 characters.").max(200),
  role: z.enum(["member", "admin"]),
});

/** Adds a user to the project, creating the account with an initial password when it is new. */
export async function addMemberAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = memberSchema.safeParse({ email: form.get("email"), password: form.get("password"), role: form.get("role") ?? "member" });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message };
  try {
    const viewer = await requireManager();
    const { email, password, role } = parsed.data;
    const existing = await viewer.sql.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [email]);
    let userId = existing[0]?.id;
    if (!userId) {
      userId = newId("usr");
      await viewer.sql.query(`INSERT INTO users (id, email, password_hash, role) VALUES ($1, $2, $3, 'member')`, [
        userId,
        email,
        await bcrypt.hash(password, 10),
      ]);
    }
    await viewer.sql.query(
      `INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (project_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
      [viewer.project.id, userId, role],
    );
    revalidatePath("/settings");
    return {
      ok: true,
      message: existing[0]
        ? `${email} now has access to this project (existing account, password unchanged).`
        : `Created ${email}; share the initial password with them.`,
    };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
