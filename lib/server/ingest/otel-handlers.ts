import "server-only";
// `POST /v1/otel-steps` and the legacy `POST /otel-steps` (older Python `contextcompany.litellm`
// builds posted without the /v1 prefix): decode OTLP → pure mapping → idempotent store.
import { createRequire } from "node:module";
import { otelStepsToBatch } from "@/lib/ingest/otel-steps";
import { decodeJsonTraces, decodeProtobufTraces, type DecodedTraces } from "@/lib/ingest/otlp/decode";
import type { IngestContext } from "../http";
import { storeBatch } from "./write-queue";

type ProtoResponse = { encode(m: unknown): { finish(): Uint8Array } };
let responseType: ProtoResponse | null = null;

/** An ExportTraceServiceResponse in the request's encoding, with `partialSuccess` when spans were skipped. */
function exportResponse(ctx: IngestContext, decoded: DecodedTraces): Response {
  const partialSuccess = decoded.rejected
    ? { rejectedSpans: decoded.rejected, errorMessage: `Rejected ${decoded.rejected} span(s): ${decoded.rejectReasons.join("; ")}` }
    : undefined;
  if (ctx.kind !== "protobuf") return Response.json(partialSuccess ? { partialSuccess } : {});
  if (!responseType) {
    const root = createRequire(import.meta.url)("@opentelemetry/otlp-transformer/build/src/generated/root.js");
    responseType = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse as ProtoResponse;
  }
  const bytes = responseType.encode(partialSuccess ? { partialSuccess } : {}).finish();
  return new Response(Buffer.from(bytes), { status: 200, headers: { "content-type": "application/x-protobuf" } });
}

export async function ingestOtelSteps(ctx: IngestContext): Promise<Response> {
  const decoded = ctx.kind === "protobuf" ? decodeProtobufTraces(ctx.body as Uint8Array) : decodeJsonTraces(ctx.body);
  await storeBatch(ctx.sql, ctx.projectId, otelStepsToBatch(decoded.spans));
  return exportResponse(ctx, decoded);
}
