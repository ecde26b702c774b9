import "server-only";
// The shared wrapper of every ingestion and REST route: key auth, content type and encoding,
// body size limit, parsing, and one error shape `{ error: { code, message, issues? } }`.
// Route files stay a few lines long and call pure functions in lib/ingest.
import zlib from "node:zlib";
import type { KeyKind } from "@/lib/auth/keys";
import type { Sql } from "@/lib/db/sql";
import { classifyDbError } from "@/lib/db/errors";
import { env } from "@/lib/env";
import { BUSY_RETRY_AFTER_S, busyMessage, reserveBody, type BodyReservation } from "@/lib/http/body-budget.mjs";
import { IngestError } from "@/lib/ingest/errors";
import { cleanText } from "@/lib/ingest/sanitize";
import { SearchQueryError } from "@/lib/search/query";
import { FilterError } from "@/lib/validations/list-params";
import { bearerToken, identifyKey, type KeyIdentity } from "./api-keys";
import { sightline } from "./sightline";

export type BodyKind = "json" | "protobuf";

export interface IngestContext {
  projectId: string;
  key: KeyIdentity;
  sql: Sql;
  kind: BodyKind;
  /** Parsed JSON (kind "json") or raw bytes (kind "protobuf"). */
  body: unknown;
  req: Request;
}

export interface ReadContext {
  projectId: string;
  key: KeyIdentity;
  sql: Sql;
  url: URL;
  req: Request;
}

export function errorResponse(status: number, code: string, message: string, issues?: unknown, headers?: HeadersInit): Response {
  return Response.json({ error: { code, message, ...(issues ? { issues } : {}) } }, { status, headers });
}

export function toErrorResponse(err: unknown): Response {
  if (err instanceof ServerBusyError) return errorResponse(503, err.code, err.message, undefined, { "retry-after": String(BUSY_RETRY_AFTER_S) });
  if (err instanceof IngestError) return errorResponse(err.status, err.code, err.message, err.issues);
  // The one place a list parameter that cannot be used becomes a 400 (REST API and app/api/ui).
  if (err instanceof FilterError) return errorResponse(400, "invalid_query", err.message);
  if (err instanceof SearchQueryError) return errorResponse(400, err.code, err.message);
  const code = (err as { code?: string })?.code;
  const db = classifyDbError(code, (err as Error)?.message);
  if (db) {
    console.error(`[sightline] database error ${code}: ${(err as Error).message}`);
    return errorResponse(db.status, db.code, db.message, undefined, db.status === 503 ? { "retry-after": String(db.retryAfterS) } : undefined);
  }
  console.error("[sightline] unexpected error:", err);
  return errorResponse(500, "internal_error", "Sightline could not process this request; the error was logged.");
}

/** The key of a request (Authorization: Bearer), refused with a 401/403 unless it is a key of this kind. */
export async function authenticate(req: Request, want: KeyKind): Promise<{ key: KeyIdentity; sql: Sql }> {
  const token = bearerToken(req.headers.get("authorization"));
  if (!token) {
    throw new IngestError(401, "missing_api_key", "Send your API key as `Authorization: Bearer <key>`.");
  }
  const { db } = await sightline();
  const key = await identifyKey(db.sql, token);
  if (!key) throw new IngestError(401, "invalid_api_key", "This API key is not valid for any project (unknown or revoked).");
  if (key.kind !== want) {
    throw new IngestError(
      403,
      want === "ingest" ? "read_key_cannot_ingest" : "ingest_key_cannot_read",
      want === "ingest"
        ? "This is a read key; sending telemetry needs an ingestion key."
        : "This is an ingestion key; ingestion keys cannot read. Use a read key for the REST API and MCP.",
    );
  }
  return { key, sql: db.sql };
}

function bodyKind(contentType: string | null, accept: BodyKind[]): BodyKind {
  const ct = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const kind: BodyKind | null =
    ct === "application/json" || ct.endsWith("+json") ? "json" : ct === "application/x-protobuf" || ct === "application/protobuf" ? "protobuf" : null;
  if (!kind || !accept.includes(kind)) {
    const allowed = accept.map((k) => (k === "json" ? "application/json" : "application/x-protobuf")).join(" or ");
    throw new IngestError(415, "unsupported_content_type", `Content-Type ${ct ? `"${ct}"` : "(missing)"} is not supported here; send ${allowed}.`);
  }
  return kind;
}

const tooLarge = (limit: number) =>
  new IngestError(413, "body_too_large", `The request body is larger than the limit of ${limit} bytes (SIGHTLINE_MAX_BODY_BYTES).`);

/** Over the budget of body bytes in flight (lib/http/body-budget.mjs): a 503 the SDKs retry. */
export class ServerBusyError extends IngestError {
  constructor() {
    super(503, "server_busy", busyMessage());
  }
}

function take(budget: BodyReservation, n: number) {
  if (!budget.take(n)) throw new ServerBusyError();
}

/** The body of `req`, at most `limit` bytes, its bytes taken from `budget` as they arrive (exported for tests). */
export async function readLimited(req: Request, limit: number, budget: BodyReservation): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  // Refused before a byte is read when the declared body does not fit.
  const reserved = Number.isSafeInteger(declared) && declared > 0 ? declared : 0;
  take(budget, reserved);
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  // A declared length: its chunks are copied into one buffer of that size as they arrive instead
  // of being kept until the end (and copied then), so each is garbage as soon as it is read: a
  // 30 MB body arrives as ~480 chunks of up to 64 KiB, from glibc's main heap whenever it has room
  // (docs/benchmarks.md, Memory). Past the declared length (not from Node's HTTP server), chunks.
  let into: Buffer | null = reserved > 0 ? Buffer.allocUnsafe(reserved) : null;
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The client closed the connection mid-body (its stream errors with ECONNRESET): a client
      // matter, not the transient database error that code would otherwise be reported as.
      throw new IngestError(400, "incomplete_body", "The connection closed before the whole request body arrived; send the request again.");
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    if (total > reserved && !budget.take(Math.min(value.byteLength, total - reserved))) {
      await reader.cancel().catch(() => {});
      throw new ServerBusyError();
    }
    if (into && total <= into.length) into.set(value, total - value.byteLength);
    else {
      if (into) chunks.push(into.subarray(0, total - value.byteLength));
      into = null;
      chunks.push(value);
    }
  }
  if (into) return total === into.length ? into : into.subarray(0, total);
  return Buffer.concat(chunks);
}

function decompress(buf: Buffer, encoding: string | null, limit: number): Buffer {
  const enc = (encoding ?? "identity").trim().toLowerCase();
  if (enc === "" || enc === "identity") return buf;
  const opts = { maxOutputLength: limit };
  try {
    if (enc === "gzip" || enc === "x-gzip") return zlib.gunzipSync(buf, opts);
    if (enc === "deflate") {
      // Some clients send raw deflate under this name instead of zlib-wrapped data.
      try {
        return zlib.inflateSync(buf, opts);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw err;
        return zlib.inflateRawSync(buf, opts);
      }
    }
    if (enc === "br") return zlib.brotliDecompressSync(buf, opts);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) throw tooLarge(limit);
    throw new IngestError(400, "invalid_encoding", `The body is not valid ${enc} data: ${(err as Error).message}`);
  }
  throw new IngestError(415, "unsupported_content_encoding", `Content-Encoding "${enc}" is not supported; use gzip, deflate, br or none.`);
}

function parseJson(buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString("utf8"));
  } catch (err) {
    throw new IngestError(400, "invalid_json", `The body is not valid JSON: ${(err as Error).message}`);
  }
}

export interface IngestRouteOptions {
  accept: BodyKind[];
  handle: (ctx: IngestContext) => Promise<Response>;
}

/** A POST handler for an ingestion endpoint. */
export function ingestRoute(opts: IngestRouteOptions) {
  return async function POST(req: Request): Promise<Response> {
    // Held until the answer: the parsed payload lives across the database write.
    const budget = reserveBody();
    try {
      const { key, sql } = await authenticate(req, "ingest");
      const kind = bodyKind(req.headers.get("content-type"), opts.accept);
      const limit = env().SIGHTLINE_MAX_BODY_BYTES;
      const packed = await readLimited(req, limit, budget);
      const raw = decompress(packed, req.headers.get("content-encoding"), limit);
      if (raw !== packed) take(budget, raw.length);
      if (kind === "json" && raw.length === 0) throw new IngestError(400, "empty_body", "The request body is empty; send a JSON document.");
      const body = kind === "json" ? parseJson(raw) : new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
      return await opts.handle({ projectId: key.projectId, key, sql, kind, body, req });
    } catch (err) {
      return toErrorResponse(err);
    } finally {
      budget.release();
    }
  };
}

/** Route params (ids) as PostgreSQL text can hold them: no NUL, well-formed UTF-8 (a NUL was a 500). */
export function cleanParams<P>(params: P): P {
  const entries = Object.entries(params ?? {}).map(([k, v]) => [k, typeof v === "string" ? cleanText(v) : v]);
  return Object.fromEntries(entries) as P;
}

/** A GET handler for the REST API (read keys only): `handle` returns data (sent as JSON) or a Response. */
export function readRoute<P = Record<string, never>>(handle: (ctx: ReadContext, params: P) => Promise<unknown>) {
  return async function GET(req: Request, route: { params: Promise<P> }): Promise<Response> {
    try {
      const { key, sql } = await authenticate(req, "read");
      const data = await handle({ projectId: key.projectId, key, sql, url: new URL(req.url), req }, cleanParams(await route.params));
      // A handler may answer with a Response of its own (a streamed export).
      return data instanceof Response ? data : Response.json(data);
    } catch (err) {
      return toErrorResponse(err);
    }
  };
}
