// Agent names → agent rows. A distinct name whose slug is already taken gets a suffixed slug
// instead of being merged into the other agent. Resolved ids are cached per process.
import { newId } from "@/lib/auth/keys";
import { slugCandidates } from "@/lib/agents/slug";
import type { Queryable } from "@/lib/db/sql";

const cache = new Map<string, string>();
const MAX_CACHE = 10_000;

export async function resolveAgentIds(q: Queryable, projectId: string, names: Iterable<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const missing: string[] = [];
  for (const name of new Set(names)) {
    const hit = cache.get(`${projectId}\u0000${name}`);
    if (hit) out.set(name, hit);
    else missing.push(name);
  }
  if (!missing.length) return out;

  const found = await q.query<{ id: string; name: string }>(`SELECT id, name FROM agents WHERE project_id = $1 AND name = ANY($2::text[])`, [
    projectId,
    missing,
  ]);
  for (const r of found) out.set(r.name, r.id);

  for (const name of missing.filter((n) => !out.has(n))) {
    for (const slug of slugCandidates(name)) {
      // ON CONFLICT DO NOTHING on either unique key: a concurrent insert of the same name wins
      // and is read back below; a slug taken by another name moves on to the next candidate.
      await q.query(`INSERT INTO agents (id, project_id, name, slug) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [newId("agt"), projectId, name, slug]);
      const rows = await q.query<{ id: string }>(`SELECT id FROM agents WHERE project_id = $1 AND name = $2`, [projectId, name]);
      if (rows[0]) {
        out.set(name, rows[0].id);
        break;
      }
    }
  }
  if (cache.size > MAX_CACHE) cache.clear();
  for (const [name, id] of out) cache.set(`${projectId}\u0000${name}`, id);
  return out;
}

/** Tests that reset the database between cases must forget cached ids. */
export function clearAgentCache() {
  cache.clear();
}
