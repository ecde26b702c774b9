import "server-only";
// Dashboard users (people who sign in): password checks, first-run sign-up and OAuth linking.
import bcrypt from "bcryptjs";
import { newId } from "@/lib/auth/keys";
import type { Db } from "@/lib/db/open";

export interface AuthUser {
  id: string;
  email: string;
  name: string | null;
  role: "admin" | "member";
}

const toAuthUser = (u: { id: string; email: string; name: string | null; role: string }): AuthUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role === "admin" ? "admin" : "member",
});

// Compared against when the email is unknown, so a wrong email costs as much time as a wrong
// password and response times do not reveal which accounts exist.
const DUMMY_HASH = bcrypt.hashSync("sightline-timing-equaliser", 10);

export async function verifyPassword(db: Db, email: string, password: string): Promise<AuthUser | null> {
  const user = await db.prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
  return user && user.passwordHash && ok ? toAuthUser(user) : null;
}

export async function userExists(db: Db, email: string): Promise<boolean> {
  return (await db.prisma.user.count({ where: { email: email.trim().toLowerCase() } })) > 0;
}

export async function hasAnyUser(db: Db): Promise<boolean> {
  const rows = await db.sql.query<{ exists: boolean }>(`SELECT EXISTS (SELECT 1 FROM users) AS exists`);
  return rows[0]?.exists === true;
}

export class SetupClosedError extends Error {
  constructor() {
    super("An account already exists; sign in instead.");
  }
}

/**
 * Creates the first admin, a member of `projectId`. Serialised with an advisory lock so two
 * simultaneous first-run sign-ups cannot both succeed.
 */
export async function createFirstAdmin(db: Db, projectId: string, input: { email: string; password: string; name: string }): Promise<AuthUser> {
  const hash = await bcrypt.hash(input.password, 10);
  const id = newId("usr");
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim() || null;
  await db.sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('sightline:first-admin', 0))`);
    const existing = await tx.query(`SELECT 1 FROM users LIMIT 1`);
    if (existing.length) throw new SetupClosedError();
    await tx.query(`INSERT INTO users (id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, 'admin')`, [id, email, name, hash]);
    await tx.query(`INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, 'admin')`, [projectId, id]);
  });
  return { id, email, name, role: "admin" };
}

/**
 * The user an OAuth sign-in maps to, by email: an existing account is linked; otherwise one is
 * created as a member of the default project (the very first user of an instance becomes admin).
 */
export async function findOrCreateOAuthUser(db: Db, projectId: string, profile: { email: string; name: string | null }): Promise<AuthUser> {
  const email = profile.email.trim().toLowerCase();
  const existing = await db.prisma.user.findUnique({ where: { email } });
  if (existing) return toAuthUser(existing);
  return db.sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('sightline:first-admin', 0))`);
    const again = await tx.query<{ id: string; email: string; name: string | null; role: string }>(`SELECT id, email, name, role FROM users WHERE email = $1`, [
      email,
    ]);
    if (again[0]) return toAuthUser(again[0]);
    const first = (await tx.query(`SELECT 1 FROM users LIMIT 1`)).length === 0;
    const role = first ? "admin" : "member";
    const id = newId("usr");
    await tx.query(`INSERT INTO users (id, email, name, role) VALUES ($1, $2, $3, $4)`, [id, email, profile.name, role]);
    await tx.query(`INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [projectId, id, role]);
    return { id, email, name: profile.name, role };
  });
}

export async function findUserById(db: Db, id: string): Promise<AuthUser | null> {
  const rows = await db.sql.query<{ id: string; email: string; name: string | null; role: string }>(`SELECT id, email, name, role FROM users WHERE id = $1`, [
    id,
  ]);
  return rows[0] ? toAuthUser(rows[0]) : null;
}
