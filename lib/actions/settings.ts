"use server";
// Settings actions: create (shown once) and revoke API keys, add and remove project members,
// deactivate accounts. Only project or instance admins may call them; the project is always the
// viewer's current one.
import bcrypt from "bcryptjs";
import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { newId } from "@/lib/auth/keys";
import { cleanText } from "@/lib/ingest/sanitize";
import { forgetKeyCache } from "@/lib/server/api-keys";
import { createApiKey, revokeApiKey } from "@/lib/server/data/api-keys";
import { canManageProject, countProjectAdmins, listMembers, removeMember, setMember } from "@/lib/server/data/projects";
import { countActiveAdmins, deactivateAccount, findAccountByEmail, findAccountById, insertAccount } from "@/lib/server/data/users";
import { requireViewer } from "@/lib/server/session";

export type ActionState = { ok: boolean; error?: string; message?: string; key?: string; kind?: "ingest" | "read" } | null;

/**
 * The error an action shows in its form. Next.js's own control flow (the redirect to sign-in of
 * an expired session) is thrown on, so the browser follows it instead of showing "NEXT_REDIRECT".
 */
function failure(err: unknown): ActionState {
  unstable_rethrow(err);
  return { ok: false, error: (err as Error).message };
}

async function requireManager() {
  const viewer = await requireViewer();
  if (!(await canManageProject(viewer.sql, viewer.project.id, viewer.user))) {
    throw new Error("Only an admin of this project can change its settings.");
  }
  return viewer;
}

/**
 * The named fields of a form. A server action can be called with any arguments, not only the
 * form its page sends: anything but FormData reads as an empty form (a 500 before).
 */
function fields(form: unknown, ...names: string[]): Record<string, unknown> {
  const f = form instanceof FormData ? form : new FormData();
  return Object.fromEntries(names.map((n) => [n, f.get(n) ?? undefined]));
}

/** Text as PostgreSQL can store it (no NUL, well-formed UTF-8; a NUL was a database error). */
const storable = z.string().transform((v) => cleanText(v));

// Both pages list the project's keys (the MCP & API page its read keys).
function revalidateKeyPages() {
  revalidatePath("/settings");
  revalidatePath("/mcp-and-api");
}

const createKeySchema = z.object({
  kind: z.enum(["ingest", "read"], { message: "Choose an ingestion or a read key." }),
  name: storable.pipe(z.string().trim().min(1, "Give the key a name, e.g. where it is used.").max(100, "At most 100 characters.")),
});

export async function createApiKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = createKeySchema.safeParse(fields(form, "kind", "name"));
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message };
  try {
    const viewer = await requireManager();
    const { key } = await createApiKey(viewer.sql, viewer.project.id, parsed.data.kind, parsed.data.name);
    revalidateKeyPages();
    return {
      ok: true,
      key,
      kind: parsed.data.kind,
      message: `Created ${parsed.data.kind === "ingest" ? "an ingestion" : "a read"} key. Copy it now: it is not shown again.`,
    };
  } catch (err) {
    return failure(err);
  }
}

export async function revokeApiKeyAction(keyId: string): Promise<ActionState> {
  // No key id holds a NUL (it cannot match a key; PostgreSQL refused it with an error).
  const id = z
    .string()
    .min(1)
    .max(100)
    .regex(/^[^\u0000]*$/)
    .safeParse(keyId);
  if (!id.success) return { ok: false, error: "Unknown key." };
  try {
    const viewer = await requireManager();
    const revoked = await revokeApiKey(viewer.sql, id.data, viewer.project.id);
    forgetKeyCache();
    revalidateKeyPages();
    return revoked ? { ok: true, message: "Key revoked." } : { ok: false, error: "That key is not an active key of this project." };
  } catch (err) {
    return failure(err);
  }
}

const memberSchema = z.object({
  email: storable.pipe(z.string().trim().toLowerCase().email("Enter an email address.")),
  password: z.string().min(8, "The initial password needs at least 8 characters.").max(200),
  role: z.enum(["member", "admin"]),
});

/** Adds a user to the project, creating the account with an initial password when it is new. */
export async function addMemberAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const input = fields(form, "email", "password", "role");
  const parsed = memberSchema.safeParse({ ...input, role: input.role ?? "member" });
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
    return failure(err);
  }
}

const userIdSchema = z.string().min(1).max(100);

/**
 * Removes a member from the project and ends their sessions at once. The last admin of the
 * project cannot be removed (nor remove themselves): someone must be able to manage it.
 */
export async function removeMemberAction(userId: string): Promise<ActionState> {
  const id = userIdSchema.safeParse(userId);
  if (!id.success) return { ok: false, error: "Unknown member." };
  try {
    const viewer = await requireManager();
    const member = (await listMembers(viewer.sql, viewer.project.id)).find((m) => m.userId === id.data);
    if (!member) return { ok: false, error: "That person is not a member of this project." };
    const isAdmin = member.role === "admin" || member.instanceAdmin;
    if (isAdmin && !member.deactivated && (await countProjectAdmins(viewer.sql, viewer.project.id)) <= 1) {
      return { ok: false, error: "This is the project's last admin; make someone else an admin first." };
    }
    await removeMember(viewer.sql, viewer.project.id, id.data);
    revalidatePath("/settings");
    return { ok: true, message: `Removed ${member.email}; their sessions have ended.` };
  } catch (err) {
    unstable_rethrow(err);
    return { ok: false, error: (err as Error).message };
  }
}

/**
 * Deactivates an account (instance admins only): it can no longer sign in and its sessions end
 * at once. Not one's own account, and never the last active instance admin.
 */
export async function deactivateUserAction(userId: string): Promise<ActionState> {
  const id = userIdSchema.safeParse(userId);
  if (!id.success) return { ok: false, error: "Unknown user." };
  try {
    const viewer = await requireViewer();
    if (viewer.user.role !== "admin") return { ok: false, error: "Only an instance admin can deactivate accounts." };
    if (id.data === viewer.user.id) return { ok: false, error: "You cannot deactivate your own account; ask another admin." };
    const target = await findAccountById(viewer.sql, id.data);
    if (!target) return { ok: false, error: "Unknown user." };
    if (target.role === "admin" && !target.deactivated && (await countActiveAdmins(viewer.sql)) <= 1) {
      return { ok: false, error: "This is the last active instance admin." };
    }
    const done = await deactivateAccount(viewer.sql, id.data);
    revalidatePath("/settings");
    return done
      ? { ok: true, message: `Deactivated ${target.email}; their sessions have ended.` }
      : { ok: false, error: `${target.email} is already deactivated.` };
  } catch (err) {
    unstable_rethrow(err);
    return { ok: false, error: (err as Error).message };
  }
}
