// Shared by the otel-* integration tests: posting OTLP fixtures through the real route handlers,
// reading a run back, row counts for replay checks, and the shape of a chat for comparisons.
import type { Db } from "@/lib/db/open";
import { loadFixture, toOtlpJson, toOtlpProtobuf } from "../fixtures/otel/otlp-fixture";
import { call, getJson } from "../helpers/routes";

export function postProtobuf(path: string, name: string, key: string, opts: { gzip?: boolean } = {}) {
  return call("POST", path, {
    body: toOtlpProtobuf(loadFixture(name), opts),
    headers: {
      "content-type": "application/x-protobuf",
      authorization: `Bearer ${key}`,
      ...(opts.gzip ? { "content-encoding": "gzip" } : {}),
    },
  });
}

export function postOtlpJson(path: string, name: string, key: string) {
  return call("POST", path, {
    body: JSON.stringify(toOtlpJson(loadFixture(name))),
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
  });
}

export function postRaw(path: string, body: string | Uint8Array, headers: Record<string, string>) {
  return call("POST", path, { body: typeof body === "string" ? body : new Uint8Array(body), headers });
}

export const getRun = (id: string, readKey: string) => getJson(`/v1/runs/${id}`, readKey);

export async function rowCounts(db: Db, projectId: string) {
  const [row] = await db.sql.query<{ runs: number; steps: number; tools: number; spans: number }>(
    `SELECT (SELECT count(*)::int FROM runs WHERE project_id = $1) AS runs,
            (SELECT count(*)::int FROM steps WHERE project_id = $1) AS steps,
            (SELECT count(*)::int FROM tool_calls WHERE project_id = $1) AS tools,
            (SELECT count(*)::int FROM spans WHERE project_id = $1) AS spans`,
    [projectId],
  );
  return row!;
}

type Msg = { role: string; parts: { type: string; id?: string | null }[] };

/** "role:part,part" per message: what the run page renders, without the words. */
export function chatShape(messages: Msg[] | string | null): string[] {
  if (!Array.isArray(messages)) return [];
  return messages.map((m) => `${m.role}:${m.parts.map((p) => p.type).join(",")}`);
}

/** Each tool result answers a tool call of the message before: the ids pair up. */
export function toolIdsPair(messages: Msg[]): boolean {
  const asked = messages.flatMap((m) => m.parts.filter((p) => p.type === "tool_call").map((p) => p.id));
  const answered = messages.flatMap((m) => m.parts.filter((p) => p.type === "tool_result").map((p) => p.id));
  return answered.length > 0 && answered.every((id) => id && asked.includes(id));
}
