// Shared by the contract tests: the running server (tests/helpers/server-setup.ts) and its keys,
// and reads through the public REST API exactly as a user of Sightline would.
import { inject } from "vitest";

export const server = () => ({ url: inject("serverUrl"), ingestKey: inject("ingestKey"), readKey: inject("readKey") });

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
