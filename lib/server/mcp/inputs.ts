import "server-only";
// MCP tool inputs built from the list declarations of lib/validations/lists.ts, so a tool takes
// exactly the REST API's parameters (a filter added there appears here), typed for a model:
// booleans and numbers as JSON values, fixed sets as enums. A tool's arguments are turned back
// into URL parameters and parsed by the same parser as the REST API.
import { z } from "zod";
import type { ListDef, ParamDoc } from "@/lib/validations/list-params";
import { PARAM_DESCRIPTIONS } from "@/lib/validations/param-docs";
import type { Range } from "@/lib/validations/window";

/** The window a tool reads when it is given none (the REST API requires one; a model should not have to). */
export const DEFAULT_RANGE: Range = "1d";

function schemaOf(doc: ParamDoc): z.ZodType {
  switch (doc.type) {
    case "string":
      return z.string();
    case "boolean":
      return z.boolean();
    case "integer":
      return z.number().int().min(doc.minimum).max(doc.maximum);
    case "enum":
      return z.enum(doc.values as [string, ...string[]]);
  }
}

function describe(name: string, doc: ParamDoc): string {
  const base = PARAM_DESCRIPTIONS[name] ?? name;
  if (name === "range") return `${base} Default: ${DEFAULT_RANGE} when neither range nor from is given.`;
  if (doc.type === "integer") return `${base} ${doc.minimum}–${doc.maximum}${doc.default === undefined ? "" : `, default ${doc.default}`}.`;
  return base;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyList = ListDef<any, any>;

/** The zod shape of a list's parameters as tool arguments, every one optional. */
export function listInput(list: AnyList): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const { name, doc } of list.params) shape[name] = schemaOf(doc).optional().describe(describe(name, doc));
  if (list.spec.metadata) {
    shape.metadata = z
      .record(z.string(), z.string())
      .optional()
      .describe(`${PARAM_DESCRIPTIONS["metadata.<key>"]} An object of key: value, e.g. {"plan": "pro"}.`);
  }
  return shape;
}

/** Tool arguments as the URL parameters the list's parser reads; no window means the last DEFAULT_RANGE. */
export function toSearchParams(args: Record<string, unknown>, names: readonly string[]): URLSearchParams {
  const p = new URLSearchParams();
  for (const name of names) {
    const v = args[name];
    if (v === undefined || v === null) continue;
    if (name === "metadata" && typeof v === "object") {
      for (const [k, val] of Object.entries(v as Record<string, string>)) p.set(`metadata.${k}`, String(val));
    } else p.set(name, String(v));
  }
  if (!p.has("range") && !p.has("from")) p.set("range", DEFAULT_RANGE);
  return p;
}
