import "server-only";
// Dashboard users (people who sign in): password checks, first-run sign-up and OAuth linking.
// The accounts themselves are read and written by the data layer (lib/server/data/users.ts).
import bcrypt from "bcryptjs";
import { newId } from "@/lib/auth/keys";
import type { Db } from "@/lib/db/open";
import { setMember } from "@/lib/server/data/projects";
import {
  findAccountByEmail,
  findAccountById,
  hasAnyAccount,
  insertAccount,
  withFirstAccountLock,
  type AccountDto,
  type AccountWithPassword,
} from "@/lib/server/data/users";

export type AuthUser = AccountDto;

const toAuthUser = ({ id, email, name, role }: AccountWithPassword): AuthUser => ({ id, email, name, role });

// Compared against when the email is unknown, so a wrong email costs as much time as a wrong
// password and response times do not reveal which accounts exist.
const DUMMY_HASH = bcrypt.hashSync("sightline-timing-equaliser", 10);

export async function verifyPassword(db: Db, email: string, password: string): Promise<AuthUser | null> {
  const user = await findAccountByEmail(db.sql, email);
  const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
  // A deactivated account is refused like a wrong password (after the same work).
  return user && user.passwordHash && ok && !user.deactivated ? toAuthUser(user) : null;
}

export async function isDeactivated(db: Db, email: string): Promise<boolean> {
  return (await findAccountByEmail(db.sql, email))?.deactivated === true;
}

export async function userExists(db: Db, email: string): Promise<boolean> {
  return (await findAccountByEmail(db.sql, email)) !== null;
}

export const hasAnyUser = (db: Db): Promise<boolean> => hasAnyAccount(db.sql);

/** The account with its session state (version, deactivation), which every request's session is checked against. */
export const findUserById = (db: Db, id: string) => findAccountById(db.sql, id);

/** The session version an account signs in at now. */
export async function sessionVersionOf(db: Db, id: string): Promise<number | null> {
  const user = await findAccountById(db.sql, id);
  return user && !user.deactivated ? user.sessionVersion : null;
}

export class SetupClosedError extends Error {
  constructor() {
    super("An account already exists; sign in instead.");
  }
}

/** Creates the first admin, a member of `projectId`; refused once any account exists. */
export async function createFirstAdmin(db: Db, projectId: string, input: { email: string; password: string; name: string }): Promise<AuthUser> {
  const passwordHash = await bcrypt.hash(input.password, 10);
  return withFirstAccountLock(db.sql, async (tx, isFirst) => {
    if (!isFirst) throw new SetupClosedError();
    const user = await insertAccount(tx, { id: newId("usr"), email: input.email, name: input.name.trim() || null, passwordHash, role: "admin" });
    await setMember(tx, projectId, user.id, "admin");
    return user;
  });
}

/**
 * The user an OAuth sign-in maps to, by email: an existing account is linked; otherwise one is
 * created as a member of the default project (the very first user of an instance becomes admin).
 */
export async function findOrCreateOAuthUser(db: Db, projectId: string, profile: { email: string; name: string | null }): Promise<AuthUser> {
  const existing = await findAccountByEmail(db.sql, profile.email);
  if (existing) return toAuthUser(existing);
  return withFirstAccountLock(db.sql, async (tx, isFirst) => {
    const again = await findAccountByEmail(tx, profile.email);
    if (again) return toAuthUser(again);
    const role = isFirst ? "admin" : "member";
    const user = await insertAccount(tx, { id: newId("usr"), email: profile.email, name: profile.name, passwordHash: null, role });
    await setMember(tx, projectId, user.id, role, { keepRole: true });
    return user;
  });
}
