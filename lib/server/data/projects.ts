import "server-only";
// Projects and their members (project_members): which projects a viewer may see, the members
// list of Settings, and who may manage a project.
import type { Queryable } from "@/lib/db/sql";

export interface ProjectRef {
  id: string;
  name: string;
  slug: string;
}

export type ProjectRole = "admin" | "member";

export interface MemberDto {
  userId: string;
  email: string;
  name: string | null;
  role: string;
  instanceAdmin: boolean;
  /** The account is deactivated: it cannot sign in. */
  deactivated: boolean;
}

const toRef = (r: ProjectRef): ProjectRef => ({ id: r.id, name: r.name, slug: r.slug });

/** Instance admins see every project; others the projects they are members of. */
export async function listProjectsFor(q: Queryable, user: { id: string; role: string }): Promise<ProjectRef[]> {
  const rows =
    user.role === "admin"
      ? await q.query<ProjectRef>(`SELECT id, name, slug FROM projects ORDER BY created_at, id`)
      : await q.query<ProjectRef>(
          `SELECT p.id, p.name, p.slug FROM projects p JOIN project_members m ON m.project_id = p.id WHERE m.user_id = $1 ORDER BY p.created_at, p.id`,
          [user.id],
        );
  return rows.map(toRef);
}

/** The project with this name, else (no name) the oldest project; null when there is none. */
export async function findProject(q: Queryable, name: string | null): Promise<ProjectRef | null> {
  const rows = name
    ? await q.query<ProjectRef>(`SELECT id, name, slug FROM projects WHERE name = $1 ORDER BY created_at, id LIMIT 1`, [name])
    : await q.query<ProjectRef>(`SELECT id, name, slug FROM projects ORDER BY created_at, id LIMIT 1`);
  return rows[0] ? toRef(rows[0]) : null;
}

export async function projectSlugTaken(q: Queryable, slug: string): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM projects WHERE slug = $1`, [slug])).length > 0;
}

export async function insertProject(q: Queryable, p: ProjectRef): Promise<ProjectRef> {
  await q.query(`INSERT INTO projects (id, name, slug) VALUES ($1, $2, $3)`, [p.id, p.name, p.slug]);
  return p;
}

interface MemberRow {
  id: string;
  email: string;
  name: string | null;
  role: string;
  user_role: string;
  deactivated: boolean;
}

export async function listMembers(q: Queryable, projectId: string): Promise<MemberDto[]> {
  const rows = await q.query<MemberRow>(
    `SELECT u.id, u.email, u.name, m.role, u.role AS user_role, u.deactivated_at IS NOT NULL AS deactivated FROM project_members m JOIN users u ON u.id = m.user_id
     WHERE m.project_id = $1 ORDER BY u.email`,
    [projectId],
  );
  return rows.map((r) => ({ userId: r.id, email: r.email, name: r.name, role: r.role, instanceAdmin: r.user_role === "admin", deactivated: r.deactivated }));
}

/**
 * Gives the user this role in the project. `keepRole` leaves an existing membership as it is
 * (an OAuth sign-in must not demote an admin); otherwise the role is set.
 */
export async function setMember(q: Queryable, projectId: string, userId: string, role: ProjectRole, { keepRole = false } = {}): Promise<void> {
  await q.query(
    `INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (project_id, user_id) DO ${keepRole ? "NOTHING" : "UPDATE SET role = EXCLUDED.role"}`,
    [projectId, userId, role],
  );
}

/** Removes the user from the project and ends their sessions (one statement); true when they were a member. */
export async function removeMember(q: Queryable, projectId: string, userId: string): Promise<boolean> {
  const rows = await q.query(
    `WITH gone AS (DELETE FROM project_members WHERE project_id = $1 AND user_id = $2 RETURNING user_id)
     UPDATE users SET session_version = session_version + 1 WHERE id IN (SELECT user_id FROM gone) RETURNING id`,
    [projectId, userId],
  );
  return rows.length > 0;
}

/** Project admins of the project who are active accounts (the last one may not leave). */
export async function countProjectAdmins(q: Queryable, projectId: string): Promise<number> {
  const [row] = await q.query<{ n: string }>(
    `SELECT count(*) AS n FROM project_members m JOIN users u ON u.id = m.user_id
     WHERE m.project_id = $1 AND (m.role = 'admin' OR u.role = 'admin') AND u.deactivated_at IS NULL`,
    [projectId],
  );
  return Number(row!.n);
}

/** Instance admins and project admins manage keys and members. */
export async function canManageProject(q: Queryable, projectId: string, user: { id: string; role: string }): Promise<boolean> {
  if (user.role === "admin") return true;
  const rows = await q.query(`SELECT 1 FROM project_members WHERE project_id = $1 AND user_id = $2 AND role = 'admin'`, [projectId, user.id]);
  return rows.length > 0;
}
