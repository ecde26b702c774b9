import "server-only";
// Who is signed in and which project they are looking at. Every dashboard page, route handler
// under app/api/ui and server action goes through requireViewer()/getViewer(): the project id
// handed to the data layer always comes from here (a membership checked against the database),
// never from the URL.
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getAuthOptions } from "@/lib/auth/options";
import { findUserById, type AuthUser } from "@/lib/auth/users";
import type { Sql } from "@/lib/db/sql";
import { listProjectsFor, type ProjectRef } from "./data/projects";
import { sightline } from "./sightline";

export const PROJECT_COOKIE = "sightline_project";

export type { ProjectRef };

export interface Viewer {
  user: AuthUser;
  project: ProjectRef;
  /** Projects this user may switch to (admins: all). */
  projects: ProjectRef[];
  sql: Sql;
}

export class NoProjectError extends Error {}

/** The signed-in viewer, or null when nobody is signed in (or the account no longer exists). */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = (await getServerSession(await getAuthOptions())) as { userId?: string | null; sessionVersion?: number | null } | null;
  const userId = session?.userId;
  if (!userId) return null;
  const { db } = await sightline();
  const account = await findUserById(db, userId);
  // A session ends when its account's version moves on (sign-out anywhere, new password, removal,
  // deactivation): checked on every request, so it takes effect at once on every instance.
  if (!account || account.deactivated || session.sessionVersion !== account.sessionVersion) return null;
  const user: AuthUser = { id: account.id, email: account.email, name: account.name, role: account.role };
  const projects = await listProjectsFor(db.sql, user);
  if (!projects.length) throw new NoProjectError("This account is not a member of any project; ask an admin to add you.");
  const wanted = (await cookies()).get(PROJECT_COOKIE)?.value;
  const project = projects.find((p) => p.id === wanted) ?? projects[0]!;
  return { user, project, projects, sql: db.sql };
});

/** The viewer, or a redirect to the sign-in page. */
export async function requireViewer(): Promise<Viewer> {
  let viewer: Viewer | null;
  try {
    viewer = await getViewer();
  } catch (err) {
    if (err instanceof NoProjectError) redirect("/login?error=NoProject");
    throw err;
  }
  if (!viewer) redirect("/login");
  return viewer;
}
