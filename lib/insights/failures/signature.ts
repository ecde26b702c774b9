// The error signature of a failed run, LLM step or tool call: occurrences of one error share it,
// whatever ids, hosts, numbers or times their messages carry; different errors never do. It is
// computed once per failed item at ingestion (and by the backfill for data stored before) and
// stored with an index; /failures groups by it and `failure=<signature>` filters runs by it.
import { createHash } from "node:crypto";
import { categorize, errorClass, errorCode, type FailureCategory } from "./classify";
import { firstLine, parameterize } from "./parameterize";

export type FailureKind = "run" | "step" | "tool_call";
export const FAILURE_KINDS: readonly FailureKind[] = ["run", "step", "tool_call"];

export interface FailureInput {
  kind: FailureKind;
  /** The tool's name (tool calls only; ignored for other kinds). */
  tool?: string | null;
  /** The error message as stored (status message of a run or step, error of a tool call). */
  message: string | null;
}

export interface FailureSignature {
  /** 16 lowercase hex characters (64 bits of a SHA-256). */
  signature: string;
  kind: FailureKind;
  tool: string | null;
  category: FailureCategory;
  errorClass: string | null;
  code: string | null;
  /** The identifying line with its variable parts marked (<int>, <uuid>, …): the group's message. */
  template: string;
}

/** The form every stored signature has; anything else in a URL is not a signature. */
export const SIGNATURE_RE = /^[0-9a-f]{16}$/;

/** Stands for a failure that carried no message at all. */
export const NO_MESSAGE = "(no error message)";

// During an outage every failed item carries the same few messages: remembering recent results
// makes those repeats a map lookup. The function is pure, so a cached result is always right.
const CACHE_SIZE = 2000;
const CACHEABLE_LENGTH = 2000;
const cache = new Map<string, FailureSignature>();

/** The signature of a failed item (memoised: see computeSignature for the work itself). */
export function failureSignature(input: FailureInput): FailureSignature {
  const message = input.message ?? "";
  if (message.length > CACHEABLE_LENGTH) return computeSignature(input);
  // The tool's length first, so no tool/message pair can spell another pair's key.
  const tool = input.kind === "tool_call" ? (input.tool ?? "") : "";
  const key = `${input.kind}:${tool.length}:${tool}${message}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = computeSignature(input);
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(key, hit);
  }
  return hit;
}

export function computeSignature(input: FailureInput): FailureSignature {
  const line = firstLine(input.message ?? "") || NO_MESSAGE;
  const template = parameterize(line);
  const cls = errorClass(line);
  const code = errorCode(line);
  const tool = input.kind === "tool_call" ? (input.tool ?? "").replace(/[\u0000-\u001f]/g, " ").slice(0, 200) : null;
  // The unit separator cannot occur in a template (whitespace is collapsed to spaces), so two
  // different tuples never hash the same input.
  const key = [input.kind, tool ?? "", cls ?? "", code ?? "", template].join("\u001f");
  return Object.freeze({
    signature: createHash("sha256").update(key).digest("hex").slice(0, 16),
    kind: input.kind,
    tool,
    category: categorize(line, code),
    errorClass: cls,
    code,
    template,
  });
}
