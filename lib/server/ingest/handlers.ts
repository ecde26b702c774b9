import "server-only";
// Ingestion endpoint bodies: decode → pure mapping (lib/ingest) → idempotent store.
import { createRequire } from "node:module";
import { customToBatch } from "@/lib/ingest/custom";
import { parseFeedback } from "@/lib/ingest/feedback";
import { decodeJsonTraces, decodeProtobufTraces } from "@/lib/ingest/otlp/decode";
import { tracesToBatch } from "@/lib/ingest/otlp/to-batch";
import type { IngestContext } from "../http";
import { submitFeedback } from "../data/feedback";
import { storeBatch } from "./write-queue";

type ProtoResponse = { encode(m: unknown): { finish(): Uint8Array } };
let traceResponseType: ProtoResponse | null = null;
function protoTraceResponse(): ProtoResponse {
  if (!traceResponseType) {
    const root = createRequire(import.meta.url)("@opentelemetry/otlp-transformer/build/src/generated/root.js");
    traceResponseType = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse as ProtoResponse;
  }
  return traceResponseType;
}

/** `POST /v1/traces`: OTLP/HTTP JSON or protobuf. Answers with an ExportTraceServiceResponse. */
export async function ingestTraces(ctx: IngestContext): Promise<Response> {
  const decoded = ctx.kind === "protobuf" ? decodeProtobufTraces(ctx.body as Uint8Array) : decodeJsonTraces(ctx.body);
  await storeBatch(ctx.sql, ctx.projectId, tracesToBatch(decoded.spans));
  const partialSuccess = decoded.rejected
    ? { rejectedSpans: decoded.rejected, errorMessage: `Rejected ${decoded.rejected} span(s): ${decoded.rejectReasons.join("; ")}` }
    : undefined;
  if (ctx.kind === "protobuf") {
    const bytes = protoTraceResponse()
      .encode(partialSuccess ? { partialSuccess } : {})
      .finish();
    return new Response(Buffer.from(bytes), { status: 200, headers: { "content-type": "application/x-protobuf" } });
  }
  return Response.json(partialSuccess ? { partialSuccess } : {});
}

/** `POST /v1/custom`: run, step, tool_call or batch items. */
export async function ingestCustom(ctx: IngestContext): Promise<Response> {
  const result = await storeBatch(ctx.sql, ctx.projectId, customToBatch(ctx.body));
  return Response.json({ ok: true, ...result });
}

/** `POST /v1/feedback`: `{runId, score?, text?}`. */
export async function ingestFeedback(ctx: IngestContext): Promise<Response> {
  const input = parseFeedback(ctx.body);
  const result = await submitFeedback(ctx.sql, ctx.projectId, input, { source: "api" });
  return Response.json({ ok: true, id: result.id, duplicate: result.duplicate, runReceived: result.runExists });
}
