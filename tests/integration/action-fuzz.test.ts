// Every server action (lib/actions/*) under hostile arguments, signed in as an admin: each call
// returns its result shape or throws Next.js's own control flow (a redirect), never another error
// (which the browser shows as an errored page) nor a raw database error in its message. Signed
// out, each action sends the user to sign in, never "NEXT_REDIRECT" as a form error. The module
// list is read from lib/actions, so a new action file joins without an edit here.
// The session is stubbed (as in dashboard-filters.test.ts); everything below it is real.
import fs from "node:fs";
import path from "node:path";
import { redirect } from "next/navigation";
import { describe, expect, it, vi } from "vitest";
import { insertAccount } from "@/lib/server/data/users";
import { withInstalledProject } from "../helpers/db";
import { FUZZ_CASES, FUZZ_SEED, rng } from "../helpers/fuzz";
import { fixture, replay } from "../helpers/routes";

const state = vi.hoisted(() => ({ viewer: null as unknown }));
vi.mock("@/lib/server/session", () => ({
  PROJECT_COOKIE: "sightline_project",
  NoProjectError: class NoProjectError extends Error {},
  getViewer: async () => state.viewer,
  // What the real requireViewer does without a session: Next.js's redirect to the sign-in page.
  requireViewer: async () => state.viewer ?? redirect("/login"),
}));
// Outside a request, Next.js has no cache to revalidate nor cookies to set.
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, refresh: () => {} }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined, set: () => {} }), headers: async () => new Headers() }));

const ACTIONS_DIR = path.resolve(__dirname, "../../lib/actions");
type Action = (...args: unknown[]) => Promise<unknown>;

async function loadActions(): Promise<Array<[string, Action]>> {
  const out: Array<[string, Action]> = [];
  for (const file of fs
    .readdirSync(ACTIONS_DIR)
    .filter((f) => /\.ts$/.test(f) && !f.endsWith(".test.ts"))
    .sort()) {
    const mod = (await import(path.join(ACTIONS_DIR, file))) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) if (typeof fn === "function") out.push([`${file}:${name}`, fn as Action]);
  }
  return out;
}

const VALUES: unknown[] = [
  undefined,
  null,
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x".repeat(5_000),
  "'; DROP TABLE runs; --",
  "<script>alert(1)</script>",
  "read",
  "ingest",
  "admin",
  "thumbs_up",
  "runs",
  "errors",
  "status=error&range=7d",
  "someone@example.com",
  "a\u0000@example.com",
  "correct-horse-battery",
  0,
  -1,
  1e400,
  NaN,
  true,
  [],
  {},
  { toString: null },
];
const STRINGS = VALUES.filter((v): v is string => typeof v === "string");
const FIELDS = [
  "kind",
  "name",
  "email",
  "password",
  "confirm",
  "role",
  "id",
  "runId",
  "projectId",
  "score",
  "text",
  "keyId",
  "page",
  "query",
  "agent",
  "key",
  "shared",
  "pinned",
];

const isNextControlFlow = (err: unknown) =>
  typeof (err as { digest?: unknown })?.digest === "string" && /^NEXT_(REDIRECT|HTTP_ERROR_FALLBACK)/.test((err as { digest: string }).digest);
// Database errors a user should never see as a form message (PostgreSQL's own wording).
const DB_ERROR = /invalid byte sequence|violates|syntax error|invalid input syntax|out of range|unterminated|duplicate key/i;

let actions: Array<[string, Action]>;
const s = withInstalledProject(async () => {
  await replay(fixture("custom"), s.project.ingestKey);
  // The signed-in admin below is a real account, as a session's always is (saved views are owned).
  await insertAccount(s.db.sql, { id: "usr_admin", email: "admin@example.com", name: "Admin", passwordHash: null, role: "admin" });
  actions = await loadActions();
});
const admin = () => {
  const project = { id: s.project.projectId, name: "Test project", slug: "test" };
  return { user: { id: "usr_admin", email: "admin@example.com", name: "Admin", role: "admin" }, project, projects: [project], sql: s.db.sql };
};

/** Calls an action; a description of what went wrong, or null when it was handled. */
async function misbehaviour(name: string, fn: Action, args: unknown[]): Promise<string | null> {
  const what =
    `${name}(${args.map((a) => (a instanceof FormData ? `FormData${JSON.stringify([...a.entries()])}` : String(JSON.stringify(a)))).join(", ")})`.slice(0, 300);
  let out: unknown;
  try {
    out = await fn(...args);
  } catch (err) {
    return isNextControlFlow(err) ? null : `${what} threw: ${(err as Error)?.message}`;
  }
  const error = (out as { error?: unknown } | null)?.error;
  return typeof error === "string" && DB_ERROR.test(error) ? `${what} answered a database error: ${error}` : null;
}

describe("server actions under hostile arguments, signed in", { timeout: 240_000 }, () => {
  it("finds the actions", () => {
    expect(actions.map(([n]) => n)).toEqual(expect.arrayContaining(["settings.ts:createApiKeyAction", "feedback.ts:submitRunFeedback"]));
  });

  it("every action, every argument shape", async () => {
    state.viewer = admin();
    const random = rng(FUZZ_SEED);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const form = () => {
      const f = new FormData();
      // A browser's form fields are strings.
      for (const k of FIELDS) if (random() < 0.7) f.set(k, pick(STRINGS));
      return f;
    };
    const object = () => Object.fromEntries(FIELDS.filter(() => random() < 0.7).map((k) => [k, pick(VALUES)]));
    const found: string[] = [];
    for (const [name, fn] of actions) {
      for (let i = 0; i < FUZZ_CASES; i++) {
        const shape = i % 4;
        const args = shape === 0 ? [pick(VALUES)] : shape === 1 ? [object()] : shape === 2 ? [null, form()] : [pick(VALUES), pick(VALUES), pick(VALUES)];
        const bad = await misbehaviour(name, fn, args);
        if (bad) found.push(bad);
      }
    }
    expect(found).toEqual([]);
  });
});

describe("server actions with an expired session", () => {
  it("send the user to sign in instead of returning NEXT_REDIRECT as an error", async () => {
    state.viewer = null;
    const valid = new FormData();
    for (const [k, v] of Object.entries({ kind: "read", name: "ci", email: "new@example.com", password: "correct-horse-battery", role: "member" }))
      valid.set(k, v);
    const { createApiKeyAction, revokeApiKeyAction, addMemberAction } = await import("@/lib/actions/settings");
    for (const call of [() => createApiKeyAction(null, valid), () => revokeApiKeyAction("key_123"), () => addMemberAction(null, valid)]) {
      const err = await call().then(
        (out) => out,
        (e: unknown) => e,
      );
      expect(isNextControlFlow(err), `answered ${JSON.stringify(err)}`).toBe(true);
      expect((err as { digest: string }).digest).toContain("/login");
    }
  });
});
