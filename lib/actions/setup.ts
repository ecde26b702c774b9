"use server";
// First-run sign-up: creates the first admin while the instance has no user at all. Attempts are
// throttled by client address like sign-in (lib/server/sign-in-throttle.ts): each refused one counts.
import { headers } from "next/headers";
import { setupSchema } from "@/lib/auth/schemas";
import { throttledMessage, throttledError } from "@/lib/auth/throttle";
import { createFirstAdmin, SetupClosedError } from "@/lib/auth/users";
import { clientAddress, throttleFailure, throttleWait } from "@/lib/server/sign-in-throttle";
import { sightline } from "@/lib/server/sightline";

export type SetupResult = { ok: true } | { ok: false; error: string; field?: string };

export async function createFirstAccount(input: { name?: string; email: string; password: string; confirm: string }): Promise<SetupResult> {
  const { db, boot } = await sightline();
  const address = clientAddress(await headers());
  const wait = await throttleWait(db.sql, "setup", null, address);
  if (wait > 0) return { ok: false, error: throttledMessage(throttledError(wait))! };
  const refuse = async (result: SetupResult) => {
    await throttleFailure(db.sql, "setup", null, address);
    return result;
  };
  const parsed = setupSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return refuse({ ok: false, error: issue.message, field: String(issue.path[0] ?? "") });
  }
  try {
    await createFirstAdmin(db, boot.projectId, { email: parsed.data.email, password: parsed.data.password, name: parsed.data.name });
    return { ok: true };
  } catch (err) {
    if (err instanceof SetupClosedError) return refuse({ ok: false, error: err.message });
    throw err;
  }
}
