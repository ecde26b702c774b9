import "server-only";
// Settings: a project's API keys (never their secrets: only prefixes) and members.
import type { Queryable } from "@/lib/db/sql";

export interface ApiKeyDto {
  id: string;
  kind: "ingest" | "read";
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface MemberDto {
  userId: string;
  email: string;
  name: string | null;
  role: string;
  instanceAdmin: boolean;
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

export async function listApiKeys(q: Queryable, projectId: string): Promise<ApiKeyDto[]> {
  const rows = await q.query(
    `SELECT id, kind, name, prefix, created_at, last_used_at, revoked_at FROM api_keys
     WHERE project_id = $1 ORDER BY revoked_at IS NOT NULL, created_at DESC`,
    [projectId],
  );
  return rows.map((r) => ({
    id: r.id as string,
    kind: r.kind === "read" ? "read" : "ingest",
    name: r.name as string,
    prefix: r.prefix as string,
    createdAt: iso(r.created_at)!,
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
  }));
}

export async function listMembers(q: Queryable, projectId: string): Promise<MemberDto[]> {
  const rows = await q.query(
    `SELECT u.id, u.email, u.name, m.role, u.role AS user_role FROM project_members m JOIN users u ON u.id = m.user_id
     WHERE m.project_id = $1 ORDER BY u.email`,
    [projectId],
  );
  return rows.map((r) => ({
    userId: r.id as string,
    email: r.email as string,
    name: (r.name as string) ?? null,
    role: r.role as string,
    instanceAdmin: r.user_role === "admin",
  }));
}

/** Instance admins and project admins manage keys and members. */
export async function canManageProject(q: Queryable, projectId: string, user: { id: string; role: string }): Promise<boolean> {
  if (user.role === "admin") return true;
  const rows = await q.query(`SELECT 1 FROM project_members WHERE project_id = $1 AND user_id = $2 AND role = 'admin'`, [projectId, user.id]);
  return rows.length > 0;
}
