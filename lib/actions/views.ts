"use server";
// Saved view actions: save the current page as a view, rename or (un)share it, delete it, pin it to
// the sidebar. Any member may save and pin; renaming and deleting are for the view's owner or a
// project admin (lib/server/data/views.ts). Every action takes its form; anything but FormData
// reads as an empty form, and the project is always the viewer's current one.
import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { cleanText } from "@/lib/ingest/sanitize";
import { findAgentBySlug } from "@/lib/server/data/agents";
import { canManageProject } from "@/lib/server/data/projects";
import { createView, deleteView, setViewPin, updateView, ViewLimitError } from "@/lib/server/data/views";
import { requireViewer } from "@/lib/server/session";
import { FilterError } from "@/lib/validations/list-params";
import { cleanViewQuery, isViewId, MAX_NAME, MAX_QUERY, presetByKey, VIEW_PAGES, type ViewPage } from "@/lib/views/pages";

export type ViewActionState = { ok: true; id: string; message?: string } | { ok: false; error: string } | null;

function fields(form: unknown, ...names: string[]): Record<string, unknown> {
  const f = form instanceof FormData ? form : new FormData();
  return Object.fromEntries(names.map((n) => [n, f.get(n) ?? undefined]));
}

const text = z.string({ message: "Missing field." }).transform((v) => cleanText(v));
const name = text.pipe(z.string().trim().min(1, "Give the view a name.").max(MAX_NAME, `A name is at most ${MAX_NAME} characters.`));
const viewId = z.string().refine(isViewId, "Unknown view.");
const flag = z.enum(["true", "false", "on"]).transform((v) => v !== "false");

const saveSchema = z.object({
  name,
  page: z.enum(VIEW_PAGES as [ViewPage, ...ViewPage[]], { message: `Views can be saved on these pages: ${VIEW_PAGES.join(", ")}.` }),
  agent: z.string().max(300).optional(),
  query: z.string().max(MAX_QUERY, `A view's parameters are at most ${MAX_QUERY} characters long.`).optional(),
  shared: flag.optional(),
});

const firstIssue = (e: z.ZodError) => e.issues[0]?.message ?? "Invalid form.";

function failed(err: unknown): ViewActionState {
  unstable_rethrow(err);
  if (err instanceof FilterError || err instanceof ViewLimitError) return { ok: false, error: err.message };
  throw err;
}

const refresh = () => revalidatePath("/", "layout");

/** Saves the page's current parameters (`query`) on `page`, in the agent scope `agent` (a slug) if given. */
export async function saveViewAction(_prev: unknown, form: unknown): Promise<ViewActionState> {
  const parsed = saveSchema.safeParse(fields(form, "name", "page", "agent", "query", "shared"));
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  const { page, agent: slug, shared } = parsed.data;
  try {
    const viewer = await requireViewer();
    let agentId: string | null = null;
    if (slug) {
      const agent = await findAgentBySlug(viewer.sql, viewer.project.id, cleanText(slug));
      if (!agent) return { ok: false, error: `There is no agent "${cleanText(slug).slice(0, 60)}" in this project.` };
      agentId = agent.id;
    }
    // A PostgreSQL text cannot hold NUL; a query with one could not have come from a page.
    const query = cleanViewQuery(page, cleanText(parsed.data.query ?? ""), agentId !== null);
    const view = await createView(viewer.sql, viewer.project.id, viewer.user.id, { name: parsed.data.name, page, agentId, query, shared: shared ?? false });
    refresh();
    return { ok: true, id: view.id, message: `Saved "${view.name}".` };
  } catch (err) {
    return failed(err);
  }
}

const updateSchema = z.object({ id: viewId, name: name.optional(), shared: flag.optional() });

/** Renames a view and/or changes whether it is shared with the project. */
export async function updateViewAction(_prev: unknown, form: unknown): Promise<ViewActionState> {
  const parsed = updateSchema.safeParse(fields(form, "id", "name", "shared"));
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  try {
    const viewer = await requireViewer();
    const projectAdmin = await canManageProject(viewer.sql, viewer.project.id, viewer.user);
    const r = await updateView(viewer.sql, viewer.project.id, { id: viewer.user.id, projectAdmin }, parsed.data.id, {
      name: parsed.data.name,
      shared: parsed.data.shared,
    });
    if (!r.ok)
      return {
        ok: false,
        error: r.reason === "missing" ? "This view no longer exists." : "Only its owner (or a project admin, to rename it) can change this view.",
      };
    refresh();
    return { ok: true, id: r.view.id, message: "Saved." };
  } catch (err) {
    return failed(err);
  }
}

/** Deletes a view (owner, or a project admin for a shared one). Presets cannot be deleted. */
export async function deleteViewAction(_prev: unknown, form: unknown): Promise<ViewActionState> {
  const { id } = fields(form, "id");
  if (typeof id === "string" && presetByKey(id)) return { ok: false, error: "Built-in views cannot be deleted." };
  const parsed = viewId.safeParse(id);
  if (!parsed.success) return { ok: false, error: "Unknown view." };
  try {
    const viewer = await requireViewer();
    const projectAdmin = await canManageProject(viewer.sql, viewer.project.id, viewer.user);
    const r = await deleteView(viewer.sql, viewer.project.id, { id: viewer.user.id, projectAdmin }, parsed.data);
    if (r === "missing") return { ok: false, error: "This view no longer exists." };
    if (r === "forbidden") return { ok: false, error: "Only its owner or a project admin can delete this view." };
    refresh();
    return { ok: true, id: parsed.data, message: "Deleted." };
  } catch (err) {
    return failed(err);
  }
}

const pinSchema = z.object({
  key: z.string().refine((k) => isViewId(k) || presetByKey(k) !== undefined, "Unknown view."),
  pinned: flag,
});

/** Pins a view or preset to this user's sidebar, or unpins it. */
export async function pinViewAction(_prev: unknown, form: unknown): Promise<ViewActionState> {
  const parsed = pinSchema.safeParse(fields(form, "key", "pinned"));
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  try {
    const viewer = await requireViewer();
    if (!(await setViewPin(viewer.sql, viewer.project.id, viewer.user.id, parsed.data.key, parsed.data.pinned))) {
      return { ok: false, error: "This view no longer exists." };
    }
    refresh();
    return { ok: true, id: parsed.data.key, message: parsed.data.pinned ? "Pinned." : "Unpinned." };
  } catch (err) {
    return failed(err);
  }
}
