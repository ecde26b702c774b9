// The metadata rules of product.md, applied identically whatever carried the metadata:
// `ai.telemetry.metadata.*` attributes, plain `tcc.*` span attributes, custom `metadata`,
// top-level `session_id` / `conversational` fields, framework metadata objects.
//  1. Only the 8 recognised `tcc.*` keys are read; other `tcc.*` keys are dropped and never
//     become custom metadata; the 8 are not custom metadata either.
//  2. `tcc.userName` needs `tcc.userId`; `tcc.orgName` needs `tcc.orgId`.
//  3. An agent whose slug is a reserved route is dropped (the run is kept).
//  4. Dropping a field never rejects the payload.
import { isAllowedAgentName } from "@/lib/agents/slug";
import type { RawMetadata, ResolvedMetadata } from "./model";
import { cleanText } from "./sanitize";

export const RESERVED_KEYS = [
  "tcc.runId",
  "tcc.sessionId",
  "tcc.conversational",
  "tcc.agent",
  "tcc.userId",
  "tcc.userName",
  "tcc.orgId",
  "tcc.orgName",
] as const;
export type ReservedKey = (typeof RESERVED_KEYS)[number];

// Case-insensitive lookup, plus the snake_case aliases the SDKs accept for run and session ids.
const CANONICAL = new Map<string, ReservedKey>([
  ...RESERVED_KEYS.map((k) => [k.toLowerCase(), k] as const),
  ["tcc.run_id", "tcc.runId"],
  ["tcc.session_id", "tcc.sessionId"],
]);

const MAX_ID = 256;
const MAX_KEY = 200;
const MAX_VALUE = 4000;
const MAX_CUSTOM_KEYS = 200;

/** The canonical reserved key for `key`, or null when it is not one of the 8 (or an alias). */
export function canonicalReservedKey(key: string): ReservedKey | null {
  // Most keys seen here are other span attributes: rule them out before lower-casing a copy.
  if (key.length < 7 || key.length > 18 || key.charCodeAt(3) !== 46 /* . */) return null;
  return CANONICAL.get(key.toLowerCase()) ?? null;
}

export function isTccKey(key: string): boolean {
  return key.toLowerCase().startsWith("tcc.") || key.toLowerCase() === "tcc";
}

function idValue(v: unknown): string | null {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v !== "string") return null;
  // Ids are stored as text, which holds no NUL and only well-formed UTF-8.
  const t = cleanText(v).trim();
  return t ? t.slice(0, MAX_ID).toWellFormed() : null;
}

function boolValue(v: unknown): boolean | null {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    const t = v.trim().toLowerCase();
    if (t === "true") return true;
    if (t === "false") return false;
  }
  return null;
}

/** Custom metadata values are strings; other JSON values are kept as their JSON text. */
function customValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v.slice(0, MAX_VALUE);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  try {
    return JSON.stringify(v).slice(0, MAX_VALUE);
  } catch {
    return null;
  }
}

/**
 * Flattens one carrier into reserved values and custom entries. A nested `tcc` object
 * (`{tcc: {runId: …}}`, as LangChain metadata can carry) counts as `tcc.*` keys.
 */
function forEachEntry(carrier: RawMetadata, fn: (key: string, value: unknown) => void): void {
  for (const key in carrier) {
    const value = carrier[key];
    if (key.length === 3 && key.toLowerCase() === "tcc" && value && typeof value === "object" && !Array.isArray(value)) {
      for (const k in value as Record<string, unknown>) fn(`tcc.${k}`, (value as Record<string, unknown>)[k]);
    } else {
      fn(key, value);
    }
  }
}

/**
 * Resolves metadata from carriers given in priority order: for each reserved key the first
 * carrier with a usable value wins; custom keys merge with the first carrier winning too.
 */
export function resolveMetadata(...carriers: Array<RawMetadata | null | undefined>): ResolvedMetadata {
  const reserved = new Map<ReservedKey, unknown>();
  const custom: Record<string, string> = {};
  let customCount = 0;

  const take = (key: string, value: unknown) => {
    const canonical = canonicalReservedKey(key);
    if (canonical) {
      if (reserved.has(canonical)) return;
      const usable = canonical === "tcc.conversational" ? boolValue(value) : idValue(value);
      if (usable !== null) reserved.set(canonical, usable);
      return;
    }
    if (isTccKey(key)) return; // rule 1: unknown tcc.* keys are dropped
    const k = key.slice(0, MAX_KEY);
    if (!k || k in custom || customCount >= MAX_CUSTOM_KEYS) return;
    const v = customValue(value);
    if (v === null) return;
    custom[k] = v;
    customCount++;
  };
  for (const carrier of carriers) if (carrier) forEachEntry(carrier, take);

  const str = (k: ReservedKey) => (reserved.get(k) as string | undefined) ?? null;
  const userId = str("tcc.userId");
  const orgId = str("tcc.orgId");
  const agentName = str("tcc.agent");
  return {
    runId: str("tcc.runId"),
    sessionId: str("tcc.sessionId"),
    conversational: (reserved.get("tcc.conversational") as boolean | undefined) ?? null,
    agent: agentName && isAllowedAgentName(agentName) ? agentName.trim() : null,
    userId,
    userName: userId ? str("tcc.userName") : null,
    orgId,
    orgName: orgId ? str("tcc.orgName") : null,
    custom,
  };
}

/** Collects `<prefix><key>` entries of a flat attribute map into a carrier keyed by `<key>`. */
export function prefixedCarrier(attributes: Record<string, unknown>, prefix: string): RawMetadata {
  const out: RawMetadata = {};
  for (const k in attributes) {
    if (k.length > prefix.length && k.startsWith(prefix)) out[k.slice(prefix.length)] = attributes[k];
  }
  return out;
}

/** Only the reserved `tcc.*` keys of a flat attribute map (plain span attributes carry no custom metadata). */
export function reservedCarrier(attributes: Record<string, unknown>): RawMetadata {
  const out: RawMetadata = {};
  for (const k in attributes) {
    if (canonicalReservedKey(k)) out[k] = attributes[k];
  }
  return out;
}
