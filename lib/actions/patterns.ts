"use server";
// User-defined pattern actions: create, edit, enable/disable, delete. Any member of the project
// may call them; the project is always the viewer's current one. Input is validated by the
// pattern store (one message per problem, naming the condition).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { findAgentBySlug } from "@/lib/server/data/agents";
import { createUserPattern, deleteUserPattern, PatternInputError, setUserPatternEnabled, updateUserPattern } from "@/lib/server/insights/user-pattern-store";
import { requireViewer } from "@/lib/server/session";

export type PatternActionState = { ok: true; id: string } | { ok: false; error: string };

const saveSchema = z.object({
  id: z.string().startsWith("pat_").max(100).nullable(),
  name: z.unknown(),
  description: z.unknown(),
  scope: z.unknown(),
  /** The agent's slug as the form shows it; stored as the agent's id. */
  agentSlug: z.string().max(300).nullable(),
  rule: z.unknown(),
  backfillDays: z.number({ message: "backfillDays: must be a number of days" }),
});

const failed = (err: unknown): PatternActionState => {
  if (err instanceof PatternInputError) return { ok: false, error: err.message };
  throw err;
};

/** Creates (no id) or replaces a pattern; its backfill over `backfillDays` days starts at once. */
export async function savePatternAction(input: z.input<typeof saveSchema>): Promise<PatternActionState> {
  const parsed = saveSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => i.message).join("\n") };
  const { id, agentSlug, backfillDays, ...def } = parsed.data;
  const viewer = await requireViewer();
  let agent: string | null = null;
  if (agentSlug) {
    const found = await findAgentBySlug(viewer.sql, viewer.project.id, agentSlug);
    if (!found) return { ok: false, error: `agent: there is no agent "${agentSlug}" in this project` };
    agent = found.id;
  }
  try {
    const definition = { ...def, agent };
    const saved = id
      ? await updateUserPattern(viewer.sql, viewer.project.id, id, definition, { backfillDays })
      : await createUserPattern(viewer.sql, viewer.project.id, definition, { backfillDays });
    if (!saved) return { ok: false, error: "This pattern no longer exists; it may have been deleted." };
    revalidatePath("/patterns", "layout");
    return { ok: true, id: saved.id };
  } catch (err) {
    return failed(err);
  }
}

const idSchema = z.string().startsWith("pat_").max(100);

export async function setPatternEnabledAction(id: string, enabled: boolean): Promise<PatternActionState> {
  const pid = idSchema.safeParse(id);
  if (!pid.success || typeof enabled !== "boolean") return { ok: false, error: "Unknown pattern." };
  const viewer = await requireViewer();
  const row = await setUserPatternEnabled(viewer.sql, viewer.project.id, pid.data, enabled);
  if (!row) return { ok: false, error: "This pattern no longer exists." };
  revalidatePath("/patterns", "layout");
  return { ok: true, id: row.id };
}

export async function deletePatternAction(id: string): Promise<PatternActionState> {
  const pid = idSchema.safeParse(id);
  if (!pid.success) return { ok: false, error: "Unknown pattern." };
  const viewer = await requireViewer();
  if (!(await deleteUserPattern(viewer.sql, viewer.project.id, pid.data))) return { ok: false, error: "This pattern no longer exists." };
  revalidatePath("/patterns", "layout");
  return { ok: true, id: pid.data };
}
