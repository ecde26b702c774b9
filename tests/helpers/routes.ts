// Calls the app's route handlers in-process, the way Next.js would, so integration tests cover
// the real wrapper (auth, content types, limits, errors) without a server.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const HERE = path.dirname(fileURLToPath(import.meta.url));
const APP = path.resolve(HERE, "../../app");

/** Finds app/<segments>/route.ts for a URL path, binding [param] segments. */
function resolveRoute(urlPath: string): { file: string; params: Record<string, string> } {
  const parts = urlPath.split("/").filter(Boolean);
  const params: Record<string, string> = {};
  let dir = APP;
  for (const part of parts) {
    const exact = path.join(dir, part);
    if (fs.existsSync(exact) && fs.statSync(exact).isDirectory()) {
      dir = exact;
      continue;
    }
    const dynamic = fs.readdirSync(dir).find((d) => /^\[[^.]+\]$/.test(d));
    if (!dynamic) throw new Error(`No route for ${urlPath}`);
    params[dynamic.slice(1, -1)] = decodeURIComponent(part);
    dir = path.join(dir, dynamic);
  }
  const file = path.join(dir, "route.ts");
  if (!fs.existsSync(file)) throw new Error(`No route.ts for ${urlPath}`);
  return { file, params };
}

export async function call(method: "GET" | "POST", url: string, init: RequestInit = {}): Promise<Response> {
  const u = new URL(url, "http://localhost");
  const { file, params } = resolveRoute(u.pathname);
  const mod = (await import(file)) as Record<string, Handler>;
  const handler = mod[method];
  if (!handler) return new Response(null, { status: 405 });
  return handler(new Request(u, { method, ...init }), { params: Promise.resolve(params) });
}

export function postJson(url: string, body: unknown, key: string | null, headers: Record<string, string> = {}) {
  return call("POST", url, {
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
  });
}

export async function getJson<T = any>(url: string, key: string): Promise<{ status: number; body: T }> {
  const res = await call("GET", url, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: (await res.json()) as T };
}

export interface Capture {
  t: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  bytes: number;
  body: unknown;
}

const FIXTURES = path.resolve(HERE, "../fixtures/tcc");

/** The names of every capture file in tests/fixtures/tcc, sorted. */
export function fixtureNames(): string[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".jsonl"))
    .map((f) => f.slice(0, -".jsonl".length))
    .sort();
}

/** The captured requests of tests/fixtures/tcc/<name>.jsonl. */
export function fixture(name: string): Capture[] {
  return fs
    .readFileSync(path.join(FIXTURES, `${name}.jsonl`), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Capture);
}

/** Replays captured requests against the route handlers with the given ingestion key. */
export async function replay(captures: Capture[], key: string): Promise<Response[]> {
  const out: Response[] = [];
  for (const c of captures) {
    out.push(await postJson(c.path, c.body, key, { "content-type": c.headers["content-type"] ?? "application/json" }));
  }
  return out;
}
