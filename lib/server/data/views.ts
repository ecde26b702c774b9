import "server-only";
// Saved views (docs/views.md): a list page's parameters under a name, private to their owner or
// shared with the project, and each user's pins. Every query is scoped to the project and to what
// the user may see: their own views and the project's shared ones. A private view of someone else
// does not exist for anyone else, admins included (an admin may rename or delete shared ones).
import { newId } from "@/lib/auth/keys";
import type { Queryable } from "@/lib/db/sql";
import { presetByKey, PRESETS, VIEW_ID_PREFIX, type PinnedView, type ViewPage } from "@/lib/views/pages";

export interface SavedViewDto {
  id: string;
  name: string;
  page: ViewPage;
  /** The page's parameters, as `cleanViewQuery` kept them. */
  query: string;
  shared: boolean;
  /** The agent whose page it was saved on; null: saved at the top level. */
  agent: { id: string; name: string; slug: string } | null;
  owner: { id: string; name: string | null; email: string };
  createdAt: string;
  updatedAt: string;
  /** Pinned in this user's sidebar. */
  pinned: boolean;
}

/** Who acts on a view: its owner, or an admin of the project, may rename and delete it. */
export interface ViewActor {
  id: string;
  projectAdmin: boolean;
}

interface ViewDbRow {
  id: string;
  name: string;
  page: string;
  query: string;
  shared: boolean;
  agent_id: string | null;
  agent_name: string | null;
  agent_slug: string | null;
  owner_id: string;
  owner_name: string | null;
  owner_email: string;
  created_at: Date;
  updated_at: Date;
  pinned: boolean;
}

/** At most this many views per user and project: views are for people, not for scripts. */
export const MAX_VIEWS_PER_USER = 200;

const SELECT = `SELECT v.id, v.name, v.page, v.query, v.shared, v.agent_id, a.name AS agent_name, a.slug AS agent_slug,
    v.owner_id, u.name AS owner_name, u.email AS owner_email, v.created_at, v.updated_at,
    EXISTS (SELECT 1 FROM saved_view_pins p WHERE p.project_id = v.project_id AND p.user_id = $2 AND p.view_key = v.id) AS pinned
  FROM saved_views v
  JOIN users u ON u.id = v.owner_id
  LEFT JOIN agents a ON a.project_id = v.project_id AND a.id = v.agent_id
  WHERE v.project_id = $1 AND (v.shared OR v.owner_id = $2)`;

const toDto = (r: ViewDbRow): SavedViewDto => ({
  id: r.id,
  name: r.name,
  page: r.page as ViewPage,
  query: r.query,
  shared: r.shared,
  agent: r.agent_id && r.agent_slug ? { id: r.agent_id, name: r.agent_name ?? r.agent_slug, slug: r.agent_slug } : null,
  owner: { id: r.owner_id, name: r.owner_name, email: r.owner_email },
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  pinned: r.pinned,
});

/**
 * The views this user sees in the project, newest first. `agentId`: only the views saved on that
 * agent's pages (an agent's /views page); undefined: all of them.
 */
export async function listViews(q: Queryable, projectId: string, userId: string, opts: { agentId?: string } = {}): Promise<SavedViewDto[]> {
  const params: unknown[] = [projectId, userId];
  let extra = "";
  if (opts.agentId !== undefined) {
    params.push(opts.agentId);
    extra = ` AND v.agent_id = $3`;
  }
  const rows = await q.query<ViewDbRow>(`${SELECT}${extra} ORDER BY v.created_at DESC, v.id DESC LIMIT 1000`, params);
  return rows.map(toDto);
}

/** One view this user may see, or null (unknown, another project's, or someone else's private one). */
export async function findView(q: Queryable, projectId: string, userId: string, id: string): Promise<SavedViewDto | null> {
  const rows = await q.query<ViewDbRow>(`${SELECT} AND v.id = $3`, [projectId, userId, id]);
  return rows[0] ? toDto(rows[0]) : null;
}

export interface NewView {
  name: string;
  page: ViewPage;
  agentId: string | null;
  query: string;
  shared: boolean;
}

export class ViewLimitError extends Error {}

export async function createView(q: Queryable, projectId: string, ownerId: string, v: NewView): Promise<SavedViewDto> {
  const id = newId(VIEW_ID_PREFIX);
  // One statement: the cap is checked and the row written together.
  const rows = await q.query<{ id: string }>(
    `INSERT INTO saved_views (id, project_id, owner_id, name, page, agent_id, query, shared)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8
     WHERE (SELECT count(*) FROM saved_views WHERE project_id = $2 AND owner_id = $3) < ${MAX_VIEWS_PER_USER}
     RETURNING id`,
    [id, projectId, ownerId, v.name, v.page, v.agentId, v.query, v.shared],
  );
  if (!rows.length) throw new ViewLimitError(`You have ${MAX_VIEWS_PER_USER} saved views in this project; delete some before saving another.`);
  return (await findView(q, projectId, ownerId, id))!;
}

export type ViewChange = { ok: true; view: SavedViewDto } | { ok: false; reason: "missing" | "forbidden" };

/**
 * Renames a view (its owner or a project admin) or changes its sharing (its owner only: an admin
 * cannot make someone's shared view private to them, nor publish a view).
 */
export async function updateView(
  q: Queryable,
  projectId: string,
  actor: ViewActor,
  id: string,
  change: { name?: string; shared?: boolean },
): Promise<ViewChange> {
  const view = await findView(q, projectId, actor.id, id);
  if (!view) return { ok: false, reason: "missing" };
  const owner = view.owner.id === actor.id;
  if (!owner && (!actor.projectAdmin || change.shared !== undefined)) return { ok: false, reason: "forbidden" };
  await q.query(`UPDATE saved_views SET name = COALESCE($3, name), shared = COALESCE($4, shared), updated_at = now() WHERE project_id = $1 AND id = $2`, [
    projectId,
    id,
    change.name ?? null,
    change.shared ?? null,
  ]);
  return { ok: true, view: (await findView(q, projectId, actor.id, id))! };
}

/** Deletes a view and every user's pin of it: its owner, or a project admin for a shared view. */
export async function deleteView(q: Queryable, projectId: string, actor: ViewActor, id: string): Promise<"deleted" | "missing" | "forbidden"> {
  const view = await findView(q, projectId, actor.id, id);
  if (!view) return "missing";
  if (view.owner.id !== actor.id && !actor.projectAdmin) return "forbidden";
  await q.query(`DELETE FROM saved_view_pins WHERE project_id = $1 AND view_key = $2`, [projectId, id]);
  await q.query(`DELETE FROM saved_views WHERE project_id = $1 AND id = $2`, [projectId, id]);
  return "deleted";
}

/** Pins (or unpins) a preset or a view this user sees; false when there is no such view. */
export async function setViewPin(q: Queryable, projectId: string, userId: string, key: string, pinned: boolean): Promise<boolean> {
  if (!presetByKey(key) && !(await findView(q, projectId, userId, key))) return false;
  if (pinned) {
    // created_at is kept in milliseconds and is the pin order: a pin made in the same millisecond
    // as the user's last one goes a millisecond after it, so two quick pins keep their order.
    await q.query(
      `INSERT INTO saved_view_pins (project_id, user_id, view_key, created_at)
       SELECT $1, $2, $3, GREATEST(CURRENT_TIMESTAMP, max(created_at) + interval '1 millisecond')
         FROM saved_view_pins WHERE project_id = $1 AND user_id = $2
       ON CONFLICT DO NOTHING`,
      [projectId, userId, key],
    );
  } else {
    await q.query(`DELETE FROM saved_view_pins WHERE project_id = $1 AND user_id = $2 AND view_key = $3`, [projectId, userId, key]);
  }
  return true;
}

/**
 * The user's pinned views in pin order, as the sidebar lists them. A pin of a view that is gone or
 * no longer shared with the user is skipped (deleting removes pins; unsharing keeps others' pins
 * so that sharing again restores them).
 */
export async function listPinnedViews(q: Queryable, projectId: string, userId: string): Promise<PinnedView[]> {
  const rows = await q.query<{ view_key: string; name: string | null; page: string | null; agent_slug: string | null; visible: boolean }>(
    `SELECT p.view_key, v.name, v.page, a.slug AS agent_slug, (v.id IS NOT NULL AND (v.shared OR v.owner_id = p.user_id)) AS visible
       FROM saved_view_pins p
       LEFT JOIN saved_views v ON v.project_id = p.project_id AND v.id = p.view_key
       LEFT JOIN agents a ON a.project_id = v.project_id AND a.id = v.agent_id
      WHERE p.project_id = $1 AND p.user_id = $2
      ORDER BY p.created_at, p.view_key`,
    [projectId, userId],
  );
  const out: PinnedView[] = [];
  for (const r of rows) {
    const preset = presetByKey(r.view_key);
    if (preset) out.push({ key: preset.key, name: preset.name, page: preset.page, agentSlug: null });
    else if (r.visible && r.name && r.page) out.push({ key: r.view_key, name: r.name, page: r.page as ViewPage, agentSlug: r.agent_slug });
  }
  return out;
}

/** The presets this user pinned (saved views carry `pinned` themselves). */
export async function pinnedPresetKeys(q: Queryable, projectId: string, userId: string): Promise<Set<string>> {
  const keys = PRESETS.map((p) => p.key);
  const rows = await q.query<{ view_key: string }>(
    `SELECT view_key FROM saved_view_pins WHERE project_id = $1 AND user_id = $2 AND view_key = ANY($3::text[])`,
    [projectId, userId, keys],
  );
  return new Set(rows.map((r) => r.view_key));
}
