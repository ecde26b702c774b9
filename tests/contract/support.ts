// Shared by the contract tests: the running server (tests/helpers/server-setup.ts) and its keys,
// and reads through the public REST API exactly as a user of Sightline would.
import { inject } from "vitest";

export const server = () => ({
  url: inject("serverUrl"),
  ingestKey: inject("ingestKey"),
  readKey: inject("readKey"),
  adminEmail: inject("adminEmail"),
  adminPassword: inject("adminPassword"),
});

/** Cookies from a response's Set-Cookie headers, as one Cookie header value merged over `prior`. */
function mergeCookies(prior: string, res: Response): string {
  const jar = new Map(prior ? prior.split("; ").map((c) => c.split("=", 2) as [string, string]) : []);
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

/**
 * Signs in through NextAuth's credentials endpoint, as the login form does; the Cookie header of
 * the session, or the sign-in answer when it did not give one.
 */
export async function signIn(email = server().adminEmail, password = server().adminPassword): Promise<{ cookie: string; res: Response }> {
  const base = server().url;
  const csrf = await fetch(`${base}/api/auth/csrf`);
  let cookie = mergeCookies("", csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  cookie = mergeCookies(cookie, res);
  return { cookie: /session-token=/.test(cookie) ? cookie : "", res };
}

/** Points the TCC SDKs at the running server. They read these variables when they send. */
export function useServerEnv() {
  const s = server();
  process.env.TCC_API_KEY = s.ingestKey;
  process.env.TCC_BASE_URL = s.url;
  delete process.env.TCC_FEEDBACK_URL;
  process.env.TCC_DISABLE_ANONYMOUS_TELEMETRY = "true";
}

export async function apiGet<T = any>(path: string, key = server().readKey): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server().url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: (await res.json()) as T };
}

/** `GET /v1/runs/{id}`, failing the test with the server's answer when it is not a 200. */
export async function getRun(id: string): Promise<any> {
  const { status, body } = await apiGet(`/v1/runs/${encodeURIComponent(id)}`);
  if (status !== 200) throw new Error(`GET /v1/runs/${id} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}
