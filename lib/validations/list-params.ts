// The one parser of list parameters: the REST API, the dashboard pages and app/api/ui read every
// list through a declared list (lists.ts) and this parser. A list declares which parameters it
// knows; anything else is an error that names them, so a typo (`?user=`) never silently returns
// everything. Values are cleaned here, once: PostgreSQL text holds no NUL and only well-formed
// UTF-8, and a value that cleaning empties cannot match anything, so it is an error too (dropping
// it would widen the result).
import { z } from "zod";
import { cleanText } from "@/lib/ingest/sanitize";
import { parseWindow, RANGES, WindowError, type Range, type TimeWindow } from "./window";

/** A list parameter that cannot be used; the REST API and api/ui answer it with a 400. */
export class FilterError extends Error {}

/** What a parameter accepts, for the documents generated from a list (OpenAPI, MCP tool inputs). */
export type ParamDoc =
  | { type: "string" }
  | { type: "boolean" }
  | { type: "integer"; minimum: number; maximum: number; default?: number }
  | { type: "enum"; values: readonly string[] };

/** A parameter kind: given the parameter's name (for its messages), the schema of its value. */
export type ParamKind<T> = ((name: string) => z.ZodType<T, string | undefined>) & { doc: ParamDoc };

const kind = <T>(doc: ParamDoc, make: (name: string) => z.ZodType<T, string | undefined>): ParamKind<T> => Object.assign(make, { doc });

const MAX_TEXT = 512;
const show = (v: string, n = 40) => JSON.stringify(v.length > n ? `${v.slice(0, n)}…` : v);
const blank = (v: string | undefined): v is undefined => v === undefined || v.trim() === "";

/** Ids and names (userId, model, …): trimmed, at most 512 characters; blank means no filter. */
export const text: ParamKind<string | null> = kind({ type: "string" }, (name) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (blank(v)) return null;
      const cleaned = cleanText(v.trim().slice(0, MAX_TEXT));
      if (cleaned !== "") return cleaned;
      ctx.issues.push({
        code: "custom",
        input: v,
        message: `${name} holds only characters no stored value can contain (such as NUL); it cannot match anything.`,
      });
      return z.NEVER;
    }),
);

/** An error signature (lib/insights/failures): 16 lowercase hexadecimal characters; blank means no filter. */
export const signature: ParamKind<string | null> = kind({ type: "string" }, (name) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (blank(v)) return null;
      const t = v.trim();
      if (/^[0-9a-fA-F]{16}$/.test(t)) return t.toLowerCase();
      ctx.issues.push({
        code: "custom",
        input: v,
        message: `${name} must be an error signature, 16 hexadecimal characters as GET /v1/failures returns them (got ${show(v, 20)}).`,
      });
      return z.NEVER;
    }),
);

/** One of a fixed set of values; blank means no filter. */
export const oneOf = <const T extends string>(values: readonly T[]): ParamKind<T | null> =>
  kind({ type: "enum", values }, (name) =>
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (blank(v)) return null;
        if ((values as readonly string[]).includes(v)) return v as T;
        ctx.issues.push({ code: "custom", input: v, message: `${name} must be one of ${values.join(", ")} (got ${show(v, 20)}).` });
        return z.NEVER;
      }),
  );

/** A whole number from 0 to `max` (a threshold such as a minimum duration); blank means no filter. */
export const atLeast = (max: number): ParamKind<number | null> =>
  kind({ type: "integer", minimum: 0, maximum: max }, (name) =>
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (blank(v)) return null;
        const n = Number(v.trim());
        if (Number.isInteger(n) && n >= 0 && n <= max) return n;
        ctx.issues.push({ code: "custom", input: v, message: `${name} must be a whole number from 0 to ${max} (got ${show(v, 20)}).` });
        return z.NEVER;
      }),
  );

/** true or false; blank means no filter. */
export const bool: ParamKind<boolean | null> = kind({ type: "boolean" }, (name) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (blank(v)) return null;
      if (v === "true" || v === "false") return v === "true";
      ctx.issues.push({ code: "custom", input: v, message: `${name} must be true or false (got ${show(v, 20)}).` });
      return z.NEVER;
    }),
);

const limitOf = (dflt: number, max: number): ParamKind<number> =>
  kind({ type: "integer", minimum: 1, maximum: max, default: dflt }, (name) =>
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v === "") return dflt;
        const n = Number(v);
        if (Number.isInteger(n) && n >= 1 && n <= max) return n;
        ctx.issues.push({ code: "custom", input: v, message: `${name} must be an integer from 1 to ${max}.` });
        return z.NEVER;
      }),
  );

export type Filters = Record<string, ParamKind<unknown>>;

export interface ListSpec<F extends Filters, S extends string> {
  /** For messages: "runs", "feedback", … */
  noun: string;
  filters: F;
  /** `metadata.<key>=<value>` pairs (runs' custom metadata). */
  metadata?: boolean;
  /** The sorts the list offers, the default first; `order=asc|desc` comes with them. */
  sorts?: readonly [S, ...S[]];
  /** Keyset paging: `limit` (default, max) and `cursor`. */
  paging?: { defaultLimit: number; maxLimit: number };
}

type FilterValues<F extends Filters> = { [K in keyof F]: F[K] extends ParamKind<infer T> ? T : never };

export type ListParams<F extends Filters = Filters, S extends string = string> = FilterValues<F> & {
  window: TimeWindow;
  metadata: Array<[string, string]>;
  sort: S;
  order: "asc" | "desc";
  limit: number;
  cursor: string | null;
};

export interface ParseOptions {
  /** The window when the URL has none (the dashboard's "last day"); without it a window is required. */
  defaultRange?: Range;
  /** Parameters of the page itself (e.g. `view`), allowed in the URL and left to the page. */
  pageParams?: readonly string[];
  now?: Date;
}

const WINDOW_KEYS = ["range", "from", "to"] as const;
const MAX_METADATA = 10;

export interface ListDef<F extends Filters, S extends string> {
  spec: ListSpec<F, S>;
  /** Every parameter the list knows, as a message names them. */
  known: string[];
  /** Every parameter with what it accepts, window first (metadata.<key> excluded: see spec.metadata). */
  params: Array<{ name: string; doc: ParamDoc }>;
  parse(params: URLSearchParams, opts?: ParseOptions): ListParams<F, S>;
  /** True when the URL narrows the list (a filter or metadata value), not only window, sort and paging. */
  narrows(params: URLSearchParams): boolean;
}

export function defineList<F extends Filters, S extends string = never>(spec: ListSpec<F, S>): ListDef<F, S> {
  const kinds: Record<string, ParamKind<unknown>> = { ...spec.filters };
  if (spec.sorts) {
    kinds.sort = oneOf(spec.sorts);
    kinds.order = oneOf(["asc", "desc"] as const);
  }
  if (spec.paging) {
    kinds.limit = limitOf(spec.paging.defaultLimit, spec.paging.maxLimit);
    kinds.cursor = text;
  }
  const shape: Record<string, z.ZodType<unknown, string | undefined>> = {};
  for (const [name, k] of Object.entries(kinds)) shape[name] = k(name);
  const params = [
    { name: "range", doc: { type: "enum", values: RANGES } as const },
    { name: "from", doc: { type: "string" } as const },
    { name: "to", doc: { type: "string" } as const },
    ...Object.entries(kinds).map(([name, k]) => ({ name, doc: k.doc })),
  ];
  const schema = z.object(shape);
  const keys = Object.keys(shape);
  const known = [...WINDOW_KEYS, ...keys, ...(spec.metadata ? ["metadata.<key>"] : [])];

  function parse(params: URLSearchParams, opts: ParseOptions = {}): ListParams<F, S> {
    const input: Record<string, string> = {};
    const metadata = new Map<string, string>();
    const seen = new Set<string>();
    for (const [k, v] of params) {
      if (seen.has(k)) throw new FilterError(`${show(k)} appears more than once; give each parameter once.`);
      seen.add(k);
      if (spec.metadata && k.startsWith("metadata.")) {
        const key = cleanText(k.slice("metadata.".length));
        if (!key) throw new FilterError("A metadata filter needs a key: metadata.<key>=<value>.");
        metadata.set(key, cleanText(v));
      } else if (keys.includes(k)) input[k] = v;
      else if (!(WINDOW_KEYS as readonly string[]).includes(k) && !opts.pageParams?.includes(k)) {
        throw new FilterError(`Unknown parameter ${show(k)} for ${spec.noun}. Known parameters: ${[...known, ...(opts.pageParams ?? [])].join(", ")}.`);
      }
    }
    if (metadata.size > MAX_METADATA) throw new FilterError(`At most ${MAX_METADATA} metadata filters are allowed.`);
    let window: TimeWindow;
    try {
      window = parseWindow(params, opts.defaultRange, opts.now);
    } catch (err) {
      if (err instanceof WindowError) throw new FilterError(err.message);
      throw err;
    }
    const r = schema.safeParse(input);
    if (!r.success) throw new FilterError([...new Set(r.error.issues.map((i) => i.message))].join(" "));
    const values = r.data as Record<string, unknown>;
    return {
      ...(values as FilterValues<F>),
      window,
      metadata: [...metadata],
      sort: (values.sort ?? spec.sorts?.[0]) as S,
      order: values.order === "asc" ? "asc" : "desc",
      limit: (values.limit as number | undefined) ?? 0,
      cursor: (values.cursor as string | null | undefined) ?? null,
    };
  }

  const filterKeys = Object.keys(spec.filters);
  const narrows = (params: URLSearchParams) =>
    [...params].some(([k, v]) => v.trim() !== "" && (filterKeys.includes(k) || (spec.metadata === true && k.startsWith("metadata."))));

  return { spec, known, params, parse, narrows };
}
