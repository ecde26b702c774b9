"use server";
// First-run sign-up: creates the first admin while the instance has no user at all.
import { setupSchema } from "@/lib/auth/schemas";
import { createFirstAdmin, SetupClosedError } from "@/lib/auth/users";
import { sightline } from "@/lib/server/sightline";

export type SetupResult = { ok: true } | { ok: false; error: string; field?: string };

export async function createFirstAccount(input: { name?: string; email: string; password: string; confirm: string }): Promise<SetupResult> {
  const parsed = setupSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: issue.message, field: String(issue.path[0] ?? "") };
  }
  const { db, boot } = await sightline();
  try {
    await createFirstAdmin(db, boot.projectId, { email: parsed.data.email, password: parsed.data.password, name: parsed.data.name });
    return { ok: true };
  } catch (err) {
    if (err instanceof SetupClosedError) return { ok: false, error: err.message };
    throw err;
  }
}
