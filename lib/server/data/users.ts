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

interface AccountRow {
  id: string;
  email: string;
  name: string | null;
  role: string;
  password_hash: string | null;
}

const toAccount = (r: AccountRow): AccountWithPassword => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role === "admin" ? "admin" : "member",
  passwordHash: r.password_hash,
});

const withoutPassword = ({ passwordHash: _, ...account }: AccountWithPassword): AccountDto => account;

/** Emails are stored lower-case; callers pass them as typed. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function findAccountByEmail(q: Queryable, email: string): Promise<AccountWithPassword | null> {
  const rows = await q.query<AccountRow>(`SELECT id, email, name, role, password_hash FROM users WHERE email = $1`, [normalizeEmail(email)]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function findAccountById(q: Queryable, id: string): Promise<AccountDto | null> {
  const rows = await q.query<AccountRow>(`SELECT id, email, name, role, password_hash FROM users WHERE id = $1`, [id]);
  return rows[0] ? withoutPassword(toAccount(rows[0])) : null;
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
  await q.query(`UPDATE users SET role = 'admin', password_hash = COALESCE($2, password_hash) WHERE id = $1`, [id, passwordHash]);
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
