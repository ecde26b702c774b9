import "server-only";
// Dashboard accounts (the `users` table: people who sign in), the only module that reads or
// writes it. Password hashing and sign-in rules live in lib/auth/users.ts.
import type { Queryable, Sql } from "@/lib/db/sql";

export interface AccountDto {
  id: string;
  email: string;
  name: string | null;
  role: "admin" | "member";
}

export interface AccountWithPassword extends AccountDto {
  passwordHash: string | null;
}

/** What a request's session is checked against: sessions signed in at another version are over. */
export interface AccountSessionState {
  sessionVersion: number;
  deactivated: boolean;
}

interface AccountRow {
  id: string;
  email: string;
  name: string | null;
  role: string;
  password_hash: string | null;
  session_version: number;
  deactivated_at: Date | string | null;
}

const ACCOUNT_COLUMNS = "id, email, name, role, password_hash, session_version, deactivated_at";

const toAccount = (r: AccountRow): AccountWithPassword & AccountSessionState => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role === "admin" ? "admin" : "member",
  passwordHash: r.password_hash,
  sessionVersion: Number(r.session_version),
  deactivated: r.deactivated_at !== null,
});

const withoutPassword = ({ passwordHash: _, ...account }: AccountWithPassword & AccountSessionState): AccountDto & AccountSessionState => account;

/** Emails are stored lower-case; callers pass them as typed. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function findAccountByEmail(q: Queryable, email: string): Promise<(AccountWithPassword & AccountSessionState) | null> {
  const rows = await q.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE email = $1`, [normalizeEmail(email)]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function findAccountById(q: Queryable, id: string): Promise<(AccountDto & AccountSessionState) | null> {
  const rows = await q.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0] ? withoutPassword(toAccount(rows[0])) : null;
}

/** Ends every session of this account at once (sign-out, removal): they carry an older version. */
export async function endSessions(q: Queryable, id: string): Promise<void> {
  await q.query(`UPDATE users SET session_version = session_version + 1 WHERE id = $1`, [id]);
}

/** Deactivates an account: it can no longer sign in and its sessions end. */
export async function deactivateAccount(q: Queryable, id: string): Promise<boolean> {
  const rows = await q.query(
    `UPDATE users SET deactivated_at = now(), session_version = session_version + 1 WHERE id = $1 AND deactivated_at IS NULL RETURNING id`,
    [id],
  );
  return rows.length > 0;
}

/** How many active instance admins there are (the last one may not be removed or deactivated). */
export async function countActiveAdmins(q: Queryable): Promise<number> {
  const [row] = await q.query<{ n: string }>(`SELECT count(*) AS n FROM users WHERE role = 'admin' AND deactivated_at IS NULL`);
  return Number(row!.n);
}

export async function hasAnyAccount(q: Queryable): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM users LIMIT 1`)).length > 0;
}

export interface NewAccount {
  id: string;
  email: string;
  name: string | null;
  passwordHash: string | null;
  role: "admin" | "member";
}

export async function insertAccount(q: Queryable, a: NewAccount): Promise<AccountDto> {
  const email = normalizeEmail(a.email);
  await q.query(`INSERT INTO users (id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, $5)`, [a.id, email, a.name, a.passwordHash, a.role]);
  return { id: a.id, email, name: a.name, role: a.role };
}

/** Makes an account an instance admin, setting its password when one is given. */
export async function makeAdmin(q: Queryable, id: string, passwordHash: string | null): Promise<void> {
  // A new password ends the sessions signed in with the old one.
  await q.query(
    `UPDATE users SET role = 'admin', password_hash = COALESCE($2, password_hash),
       session_version = session_version + CASE WHEN $2::text IS NOT NULL AND $2::text IS DISTINCT FROM password_hash THEN 1 ELSE 0 END
     WHERE id = $1`,
    [id, passwordHash],
  );
}

/**
 * Runs `fn` while holding the lock that serialises account creation at first run, so two
 * simultaneous sign-ups cannot both become "the first user" (the admin).
 */
export function withFirstAccountLock<T>(sql: Sql, fn: (tx: Queryable, isFirst: boolean) => Promise<T>): Promise<T> {
  return sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('sightline:first-admin', 0))`);
    return fn(tx, !(await hasAnyAccount(tx)));
  });
}
