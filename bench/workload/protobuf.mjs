// OTLP/JSON request objects (encode.mjs) → OTLP/HTTP protobuf bytes, with the protobufjs classes
// OpenTelemetry JS generates from the official .proto files (what Python and Go exporters send).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const root = require("@opentelemetry/otlp-transformer/build/src/generated/root.js");
const Request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

const hex = (v) => (v ? Buffer.from(v, "hex") : undefined);

export function otlpProtobuf(request) {
  const copy = {
    resourceSpans: request.resourceSpans.map((rs) => ({
      ...rs,
      scopeSpans: rs.scopeSpans.map((ss) => ({
        ...ss,
        spans: ss.spans.map((s) => ({ ...s, traceId: hex(s.traceId), spanId: hex(s.spanId), parentSpanId: hex(s.parentSpanId) })),
      })),
    })),
  };
  return Request.encode(Request.fromObject(copy)).finish();
}
