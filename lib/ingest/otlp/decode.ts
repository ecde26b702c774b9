// OTLP/HTTP trace requests (JSON or protobuf) → plain spans. Protobuf is decoded with the
// protobufjs classes OpenTelemetry JS generates from the official .proto files
// (@opentelemetry/otlp-transformer), not with a parser of our own.
import { createRequire } from "node:module";
import { IngestError } from "../errors";

export interface OtlpEvent {
  name: string;
  timeNs: string;
  attributes: Record<string, unknown>;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  startNs: bigint;
  endNs: bigint | null;
  status: { code: 0 | 1 | 2; message: string | null };
  attributes: Record<string, unknown>;
  events: OtlpEvent[];
  resource: Record<string, unknown>;
  scope: { name: string | null; version: string | null };
}

export interface DecodedTraces {
  spans: OtlpSpan[];
  /** Spans skipped because they lacked what every span needs (ids, start time) or nested too deep. */
  rejected: number;
  rejectReasons: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const HEX = /^[0-9a-f]+$/i;

/** Ids arrive as lowercase hex (OTLP/JSON) or bytes (protobuf); canonical protobuf-JSON uses base64. */
function idString(v: unknown, bytes: number): string | null {
  if (v instanceof Uint8Array) return v.length ? Buffer.from(v).toString("hex") : null;
  if (typeof v !== "string" || !v) return null;
  if (v.length === bytes * 2 && HEX.test(v)) return v.toLowerCase();
  const b = Buffer.from(v, "base64");
  if (b.length === bytes) return b.toString("hex");
  return null;
}

/** Nanoseconds since the epoch that PostgreSQL's bigint and timestamps hold (up to year 2262). */
const MAX_NANOS = 2n ** 63n - 1n;

/** A span's time in Unix nanoseconds, or null when absent, malformed or beyond MAX_NANOS. */
function nanos(v: unknown): bigint | null {
  const n = rawNanos(v);
  return n === null || n < 0n || n > MAX_NANOS ? null : n;
}

function rawNanos(v: unknown): bigint | null {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (typeof v === "string" && /^\d+$/.test(v)) return BigInt(v);
  if (v && typeof v === "object" && "toString" in v) {
    const s = String(v);
    if (/^\d+$/.test(s)) return BigInt(s);
  }
  return null;
}

/**
 * How deep kvlistValue / arrayValue may nest. No SDK nests attribute values more than a few
 * levels; thousands overflowed the stack here (a 500), and PostgreSQL's own jsonb limits are
 * lower still on the embedded database. A span with a deeper value is rejected on its own.
 */
export const MAX_VALUE_DEPTH = 100;

class TooDeep extends Error {}

/** OTLP AnyValue → a JSON value. */
export function anyValue(v: unknown, depth = 0): unknown {
  if (!isObj(v)) return null;
  if ("stringValue" in v && v.stringValue !== undefined && v.stringValue !== null) return String(v.stringValue);
  if ("boolValue" in v && v.boolValue !== undefined && v.boolValue !== null) return Boolean(v.boolValue);
  if ("intValue" in v && v.intValue !== undefined && v.intValue !== null) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if ("doubleValue" in v && v.doubleValue !== undefined && v.doubleValue !== null) return Number(v.doubleValue);
  if ("arrayValue" in v && isObj(v.arrayValue)) {
    if (depth >= MAX_VALUE_DEPTH) throw new TooDeep();
    const values = v.arrayValue.values;
    return Array.isArray(values) ? values.map((x) => anyValue(x, depth + 1)) : [];
  }
  if ("kvlistValue" in v && isObj(v.kvlistValue)) {
    if (depth >= MAX_VALUE_DEPTH) throw new TooDeep();
    return attributeMap(v.kvlistValue.values, depth + 1);
  }
  if ("bytesValue" in v && v.bytesValue !== undefined && v.bytesValue !== null) {
    const b = v.bytesValue;
    return b instanceof Uint8Array ? Buffer.from(b).toString("base64") : String(b);
  }
  return null;
}

/** OTLP KeyValue list → an object. Throws TooDeep past MAX_VALUE_DEPTH (spansFromRequest rejects the span). */
export function attributeMap(list: unknown, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (!isObj(kv) || typeof kv.key !== "string") continue;
    out[kv.key] = anyValue(kv.value, depth);
  }
  return out;
}

const TOO_DEEP = `an attribute value nests kvlistValue/arrayValue more than ${MAX_VALUE_DEPTH} levels deep`;

function statusCode(v: unknown): 0 | 1 | 2 {
  const n = typeof v === "string" ? (v === "STATUS_CODE_ERROR" ? 2 : v === "STATUS_CODE_OK" ? 1 : Number(v)) : Number(v);
  return n === 1 || n === 2 ? n : 0;
}

const SPAN_KINDS = ["SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"];

/** OTLP SpanKind as its number (0–5); anything else is UNSPECIFIED (0). */
function spanKind(v: unknown): number {
  const named = typeof v === "string" ? SPAN_KINDS.indexOf(v) : -1;
  const n = named >= 0 ? named : Number(v);
  return Number.isInteger(n) && n >= 0 && n < SPAN_KINDS.length ? n : 0;
}

/** Walks an ExportTraceServiceRequest-shaped object (from JSON or protobuf) into spans. */
export function spansFromRequest(req: unknown): DecodedTraces {
  if (!isObj(req) || !Array.isArray(req.resourceSpans)) {
    throw new IngestError(400, "invalid_otlp", "Body is not an OTLP ExportTraceServiceRequest: expected an object with a `resourceSpans` array.");
  }
  const spans: OtlpSpan[] = [];
  const rejectReasons = new Set<string>();
  let rejected = 0;
  for (const rs of req.resourceSpans) {
    if (!isObj(rs)) continue;
    const scopeSpans = Array.isArray(rs.scopeSpans) ? rs.scopeSpans : Array.isArray(rs.instrumentationLibrarySpans) ? rs.instrumentationLibrarySpans : [];
    let resource: Record<string, unknown>;
    try {
      resource = attributeMap(isObj(rs.resource) ? rs.resource.attributes : undefined);
    } catch (err) {
      if (!(err instanceof TooDeep)) throw err;
      // Every span of this resource would carry it: they are all rejected.
      for (const ss of scopeSpans) rejected += isObj(ss) && Array.isArray(ss.spans) ? ss.spans.length : 0;
      rejectReasons.add(`${TOO_DEEP} (resource)`);
      continue;
    }
    for (const ss of scopeSpans) {
      if (!isObj(ss)) continue;
      const scopeObj = isObj(ss.scope) ? ss.scope : isObj(ss.instrumentationLibrary) ? ss.instrumentationLibrary : {};
      const scope = {
        name: typeof scopeObj.name === "string" && scopeObj.name ? scopeObj.name : null,
        version: typeof scopeObj.version === "string" && scopeObj.version ? scopeObj.version : null,
      };
      for (const s of Array.isArray(ss.spans) ? ss.spans : []) {
        if (!isObj(s)) {
          rejected++;
          rejectReasons.add("a span is not an object");
          continue;
        }
        const traceId = idString(s.traceId, 16);
        const spanId = idString(s.spanId, 8);
        const startNs = nanos(s.startTimeUnixNano);
        if (!traceId || !spanId || startNs === null) {
          rejected++;
          rejectReasons.add(
            !traceId
              ? "traceId must be 32 hex characters"
              : !spanId
                ? "spanId must be 16 hex characters"
                : "startTimeUnixNano is required (Unix nanoseconds, before the year 2262)",
          );
          continue;
        }
        const endNs = nanos(s.endTimeUnixNano);
        const status = isObj(s.status) ? s.status : {};
        let attributes: Record<string, unknown>;
        let events: OtlpEvent[];
        try {
          attributes = attributeMap(s.attributes);
          events = (Array.isArray(s.events) ? s.events : []).filter(isObj).map((e) => ({
            name: typeof e.name === "string" ? e.name : "",
            timeNs: String(nanos(e.timeUnixNano) ?? 0n),
            attributes: attributeMap(e.attributes),
          }));
        } catch (err) {
          if (!(err instanceof TooDeep)) throw err;
          rejected++;
          rejectReasons.add(TOO_DEEP);
          continue;
        }
        spans.push({
          traceId,
          spanId,
          parentSpanId: idString(s.parentSpanId, 8),
          name: typeof s.name === "string" ? s.name : "",
          kind: spanKind(s.kind),
          startNs,
          endNs: endNs && endNs > 0n ? endNs : null,
          status: {
            code: statusCode(status.code),
            message: typeof status.message === "string" && status.message ? status.message : null,
          },
          attributes,
          events,
          resource,
          scope,
        });
      }
    }
  }
  return { spans, rejected, rejectReasons: [...rejectReasons] };
}

export function decodeJsonTraces(body: unknown): DecodedTraces {
  return spansFromRequest(body);
}

type ProtoType = {
  decode(buf: Uint8Array): unknown;
  toObject(m: unknown, o: Record<string, unknown>): unknown;
};
let requestType: ProtoType | null = null;

function protoRequestType(): ProtoType {
  if (!requestType) {
    // Deep import of the generated classes; createRequire keeps bundlers from inlining them.
    const req = createRequire(import.meta.url);
    const root = req("@opentelemetry/otlp-transformer/build/src/generated/root.js");
    requestType = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest as ProtoType;
  }
  return requestType;
}

export function decodeProtobufTraces(buf: Uint8Array): DecodedTraces {
  const T = protoRequestType();
  let obj: unknown;
  try {
    obj = T.toObject(T.decode(buf), { longs: String, enums: Number, bytes: Uint8Array, defaults: false, arrays: true });
  } catch (err) {
    throw new IngestError(400, "invalid_protobuf", `Body is not a valid OTLP protobuf ExportTraceServiceRequest: ${(err as Error).message}`);
  }
  return spansFromRequest(obj);
}

/** Unix nanoseconds → Date (millisecond precision). */
export function nsToDate(ns: bigint): Date {
  return new Date(Number(ns / 1_000_000n));
}
