// Typed readers for flat OTLP attribute maps.
import type { Usage } from "../model";
import type { OtlpSpan } from "./decode";

type Attrs = Record<string, unknown>;

export function attrString(a: Attrs, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = a[k];
    if (typeof v === "string" && v !== "") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
  }
  return null;
}

export function attrNumber(a: Attrs, ...keys: string[]): number | null {
  for (const k of keys) {
    const v = a[k];
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  }
  return null;
}

/** A string attribute, or the first element of an array attribute (e.g. finish_reasons). */
export function attrFirst(a: Attrs, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = a[k];
    if (Array.isArray(v) && v.length && v[0] != null) return String(v[0]);
    if (typeof v === "string" && v) {
      if (v.startsWith("[")) {
        try {
          const arr = JSON.parse(v);
          if (Array.isArray(arr) && arr.length) return String(arr[0]);
        } catch {
          /* plain string */
        }
      }
      return v;
    }
  }
  return null;
}

export function usageOf(input: number | null, output: number | null, cached: number | null): Usage | null {
  if (input === null && output === null && cached === null) return null;
  return { inputTokens: input, outputTokens: output, cachedTokens: cached };
}

/** The error message of a span: its status message, else its first exception event, else `error.type`. */
export function errorMessage(span: OtlpSpan): string | null {
  if (span.status.message) return span.status.message;
  const ex = span.events.find((e) => e.name === "exception");
  if (!ex) return attrString(span.attributes, "error.type");
  const type = attrString(ex.attributes, "exception.type");
  const msg = attrString(ex.attributes, "exception.message");
  return msg ? (type ? `${type}: ${msg}` : msg) : type;
}

export function hasException(span: OtlpSpan): boolean {
  return span.events.some((e) => e.name === "exception");
}
