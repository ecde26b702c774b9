"use server";
// Settings actions: create (shown once) and revoke API keys, add project members. Only project
// or instance admins may call them; the project is always the viewer's current one.
import bcrypt from "bcryptjs";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { newId } from "@/lib/auth/keys";
import { forgetKeyCache } from "@/lib/server/api-keys";
import { createApiKey, revokeApiKey } from "@/lib/server/data/api-keys";
import { canManageProject, setMember } from "@/lib/server/data/projects";
import { findAccountByEmail, insertAccount } from "@/lib/server/data/users";
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
    const { key } = await createApiKey(viewer.sql, viewer.project.id, parsed.data.kind, parsed.data.name);
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
    const revoked = await revokeApiKey(viewer.sql, id.data, viewer.project.id);
    forgetKeyCache();
    revalidatePath("/settings");
    return revoked ? { ok: true, message: "Key revoked." } : { ok: false, error: "That key is not an active key of this project." };
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
    const existing = await findAccountByEmail(viewer.sql, email);
    const userId =
      existing?.id ??
      (await insertAccount(viewer.sql, { id: newId("usr"), email, name: null, passwordHash: await bcrypt.hash(password, 10), role: "member" })).id;
    await setMember(viewer.sql, viewer.project.id, userId, role);
    revalidatePath("/settings");
    return {
      ok: true,
      message: existing
        ? `${email} now has access to this project (existing account, password unchanged).`
        : `Created ${email}; share the initial password with them.`,
    };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
