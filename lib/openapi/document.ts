// The OpenAPI 3.1 document of GET /v1/openapi.json, generated from ENDPOINTS: query parameters
// from the lists' declarations, bodies from the routes' zod schemas (z.toJSONSchema, JSON Schema
// 2020-12, which OpenAPI 3.1 uses as is).
import { z } from "zod";
import type { ParamDoc } from "@/lib/validations/list-params";
import { PARAM_DESCRIPTIONS } from "@/lib/validations/param-docs";
import { ENDPOINTS, type Endpoint } from "./endpoints";

export const API_VERSION = "0.1.0";

type Json = Record<string, unknown>;

/** The error body every endpoint answers a failure with (lib/server/http.ts errorResponse). */
export const ERROR_BODY = z.object({
  error: z.object({
    code: z.string().describe("A stable, machine-readable code, e.g. invalid_query, ingest_key_cannot_read."),
    message: z.string().describe("What went wrong and what to fix."),
    issues: z.unknown().optional().describe("Per-field problems of an invalid body."),
  }),
});

function jsonSchema(schema: z.ZodType): Json {
  // Input side: what a client sends (transforms are applied after). Inline (no $defs), since a
  // "#/$defs/…" reference would resolve against the OpenAPI document's root, not the schema.
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
  return rest;
}

function paramSchema(doc: ParamDoc): Json {
  switch (doc.type) {
    case "string":
      return { type: "string" };
    case "boolean":
      return { type: "boolean" };
    case "integer":
      return { type: "integer", minimum: doc.minimum, maximum: doc.maximum, default: doc.default };
    case "enum":
      return { type: "string", enum: [...doc.values] };
  }
}

const errorRef = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

function operation(e: Endpoint): Json {
  const parameters: Json[] = [];
  for (const [name, description] of Object.entries(e.pathParams ?? {})) {
    parameters.push({ name, in: "path", required: true, description, schema: { type: "string", maxLength: 1024 } });
  }
  for (const p of e.query?.params ?? []) {
    if (e.window === "none" && ["range", "from", "to"].includes(p.name)) continue;
    parameters.push({ name: p.name, in: "query", required: false, description: PARAM_DESCRIPTIONS[p.name] ?? p.name, schema: paramSchema(p.doc) });
  }
  const notes: string[] = [];
  if (e.description) notes.push(e.description);
  const window = e.window ?? "required";
  if (e.query && window === "required")
    notes.push("A time window is required: `range`, or `from` (and optionally `to`). Unknown or repeated parameters are a 400.");
  if (e.query && window === "optional") notes.push("The time window (`range`, or `from` and `to`) is optional. Unknown or repeated parameters are a 400.");
  if (e.query && window === "none") notes.push("Takes no time window. Unknown or repeated parameters are a 400.");
  if (e.query?.spec.metadata) notes.push(`Custom metadata: \`metadata.<key>=<value>\` (${PARAM_DESCRIPTIONS["metadata.<key>"]})`);
  const op: Json = {
    operationId: `${e.method}${e.path.replace(/\{(\w+)\}/g, "By_$1").replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    tags: [e.tag],
    summary: e.summary,
    ...(notes.length ? { description: notes.join("\n\n") } : {}),
    security: [{ [e.auth === "read" ? "readKey" : "ingestKey"]: [] }],
    ...(parameters.length ? { parameters } : {}),
    responses: {
      "200": { description: e.response, content: { "application/json": { schema: { type: "object" } } } },
      "400": errorRef("Invalid parameters or body; the message says which and how to fix it."),
      "401": errorRef("Missing, unknown or revoked key."),
      "403": errorRef(e.auth === "read" ? "An ingestion key: ingestion keys cannot read." : "A read key: read keys cannot ingest."),
      ...(e.pathParams ? { "404": errorRef("No such id in this project.") } : {}),
      ...(e.body ? { "413": errorRef("Body larger than SIGHTLINE_MAX_BODY_BYTES."), "415": errorRef("Unsupported Content-Type or Content-Encoding.") } : {}),
      "503": errorRef(
        e.body
          ? "Busy (more request bodies in flight than SIGHTLINE_MAX_BODY_BYTES_IN_FLIGHT) or the database is temporarily unavailable; retry after Retry-After."
          : "The database is temporarily unavailable; retry.",
      ),
    },
  };
  if (e.body) {
    const schema = e.body.schema ? { ...jsonSchema(e.body.schema), description: e.body.description } : { description: e.body.description };
    op.requestBody = {
      required: true,
      content: Object.fromEntries(
        e.body.contentTypes.map((ct) => [
          ct,
          { schema: ct === "application/json" ? schema : { type: "string", format: "binary", description: e.body!.description } },
        ]),
      ),
    };
  }
  return op;
}

const MCP_OPERATION: Json = {
  operationId: "postMcp",
  tags: ["MCP"],
  summary: "MCP server (Streamable HTTP)",
  description:
    "Model Context Protocol, stateless Streamable HTTP with JSON responses: JSON-RPC requests (initialize, tools/list, tools/call) with " +
    "`Accept: application/json, text/event-stream`. Tools: insight_search, get_agent_runs, get_agent_run, get_agent_sessions, " +
    "get_agent_session, list_agent_patterns, list_agent_topics, get_failures, get_tool_stats, get_metrics. Rate-limited per key " +
    "(SIGHTLINE_MCP_RATE_LIMIT a minute; 429 with Retry-After).",
  security: [{ readKey: [] }],
  requestBody: { required: true, content: { "application/json": { schema: { type: "object", description: "A JSON-RPC 2.0 request." } } } },
  responses: {
    "200": { description: "The JSON-RPC response.", content: { "application/json": { schema: { type: "object" } } } },
    "401": errorRef("Missing, unknown or revoked key."),
    "403": errorRef("An ingestion key: ingestion keys cannot read."),
    "429": { description: "Rate limit reached (JSON-RPC error; Retry-After says when to retry)." },
  },
};

/** The document, its server set to this instance's URL. */
export function openApiDocument(baseUrl: string): Json {
  const paths: Record<string, Json> = {};
  for (const e of ENDPOINTS) (paths[e.path] ??= {})[e.method] = operation(e);
  paths["/mcp"] = { post: MCP_OPERATION };
  return {
    openapi: "3.1.0",
    info: {
      title: "Sightline API",
      version: API_VERSION,
      description:
        "Ingestion (The Context Company SDKs' wire formats and OpenTelemetry) and the read-only REST API of a Sightline instance. " +
        "Authenticate with `Authorization: Bearer <key>`: ingestion keys send, read keys read.",
    },
    servers: [{ url: baseUrl }],
    tags: [
      { name: "REST API", description: "Read with a read key." },
      { name: "Ingestion", description: "Send with an ingestion key. Every write is idempotent and answered after it is durable." },
      { name: "MCP", description: "The MCP server, with a read key." },
    ],
    paths,
    components: {
      securitySchemes: {
        readKey: { type: "http", scheme: "bearer", description: "A read key (Settings or MCP & API page)." },
        ingestKey: { type: "http", scheme: "bearer", description: "An ingestion key." },
      },
      schemas: { Error: jsonSchema(ERROR_BODY) },
    },
  };
}
